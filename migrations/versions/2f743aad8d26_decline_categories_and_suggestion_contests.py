"""decline categories on applications; suggestion contests

Revision ID: 2f743aad8d26
Revises: c84b434e493a
Create Date: 2026-11-23 14:11:01.721838

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2f743aad8d26'
down_revision = 'c84b434e493a'
branch_labels = None
depends_on = None

DECLINE_CATEGORY = sa.Enum(
    'skills', 'grade_or_pay', 'location', 'hours', 'other_opening', 'other',
    name='decline_category', native_enum=False, create_constraint=True, length=20,
)


def upgrade():
    # An employee's objection to their suggestions, answered once by HR.
    op.create_table('suggestion_contests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('missing_role', 'wrong_skills', 'other', name='contest_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.CheckConstraint('answered_at IS NULL OR (answer IS NOT NULL AND answered_by_id IS NOT NULL)', name=op.f('ck_suggestion_contests_answer_complete')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_suggestion_contests_answered_by_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['pool_cases.id'], name=op.f('fk_suggestion_contests_case_id_pool_cases'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_contests'))
    )
    with op.batch_alter_table('suggestion_contests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suggestion_contests_answered_at'), ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_suggestion_contests_case_id'), ['case_id'], unique=False)

    # The common reason chosen with a declined answer; older answers have none.
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decline_category', DECLINE_CATEGORY, nullable=True))


def downgrade():
    # The CHECK goes first: SQLite's batch copy would otherwise keep it on the rebuilt table.
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_applications_decline_category'), type_='check')
        batch_op.drop_column('decline_category')

    with op.batch_alter_table('suggestion_contests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suggestion_contests_case_id'))
        batch_op.drop_index(batch_op.f('ix_suggestion_contests_answered_at'))

    op.drop_table('suggestion_contests')
