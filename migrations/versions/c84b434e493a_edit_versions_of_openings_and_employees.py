"""edit versions of openings and employees; indexes for what the pages filter and sort by

Revision ID: c84b434e493a
Revises: a5409bdfa0ed
Create Date: 2026-11-23 13:16:29.884111

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c84b434e493a'
down_revision = 'a5409bdfa0ed'
branch_labels = None
depends_on = None


def upgrade():
    # Optimistic locking: a form saved on a stale copy of the record is refused.
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('openings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('pool_cases', schema=None) as batch_op:
        batch_op.create_index('ix_pool_cases_status_entered_on', ['status', 'entered_on'], unique=False)
        batch_op.create_index('ix_pool_cases_status_outcome_kind', ['status', 'outcome_kind'], unique=False)
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index('ix_applications_stage', ['stage'], unique=False)


def downgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_stage')
    with op.batch_alter_table('pool_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_pool_cases_status_outcome_kind')
        batch_op.drop_index('ix_pool_cases_status_entered_on')
    with op.batch_alter_table('openings', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_column('version')
