"""data versions for the matcher cache

Revision ID: a5409bdfa0ed
Revises: ed9dbe3f2d48
Create Date: 2026-11-23 09:35:23.316744

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a5409bdfa0ed'
down_revision = 'ed9dbe3f2d48'
branch_labels = None
depends_on = None


def upgrade():
    data_versions = op.create_table('data_versions',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions'))
    )
    op.bulk_insert(data_versions, [{"name": "matching", "version": 1}])


def downgrade():
    op.drop_table('data_versions')
