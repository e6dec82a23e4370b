"""a minutes file's approval keeps its signatories (서명 위원), one name a line

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('minutes_file', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'signatories', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''
            )
        )


def downgrade() -> None:
    with op.batch_alter_table('minutes_file', schema=None) as batch_op:
        batch_op.drop_column('signatories')
