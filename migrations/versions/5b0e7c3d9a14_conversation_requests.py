"""conversation requests: a contest kind, and the times the person would like to talk

Revision ID: 5b0e7c3d9a14
Revises: 2f743aad8d26
Create Date: 2026-11-24 10:02:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b0e7c3d9a14'
down_revision = '2f743aad8d26'
branch_labels = None
depends_on = None

KIND_CHECK = 'ck_suggestion_contests_contest_kind'
OLD_KINDS = ('missing_role', 'wrong_skills', 'other')
NEW_KINDS = OLD_KINDS + ('conversation',)


def _kinds_in(kinds):
    return 'kind IN (' + ', '.join(f"'{kind}'" for kind in kinds) + ')'


def upgrade():
    # The kind is a VARCHAR with a CHECK (a non-native enum): the CHECK is replaced to allow the new
    # value. Batch mode rebuilds the table on SQLite and alters it in place on PostgreSQL.
    with op.batch_alter_table('suggestion_contests', schema=None) as batch_op:
        batch_op.drop_constraint(op.f(KIND_CHECK), type_='check')
        batch_op.create_check_constraint(op.f(KIND_CHECK), _kinds_in(NEW_KINDS))
        batch_op.add_column(sa.Column('preferred_times', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    # Conversation requests have no place in the older schema, so they go before the CHECK narrows.
    op.execute("DELETE FROM suggestion_contests WHERE kind = 'conversation'")
    with op.batch_alter_table('suggestion_contests', schema=None) as batch_op:
        batch_op.drop_column('preferred_times')
        batch_op.drop_constraint(op.f(KIND_CHECK), type_='check')
        batch_op.create_check_constraint(op.f(KIND_CHECK), _kinds_in(OLD_KINDS))
