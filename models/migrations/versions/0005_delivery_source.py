"""a delivery keeps the committee-file target it came from; a message follows its team's file

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='')
        )
    op.execute("UPDATE delivery SET source = target")
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('follow_team', sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_column('follow_team')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('source')
