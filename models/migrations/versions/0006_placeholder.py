"""stand-in for the console sessions' revision 0006 (written on another branch): changes nothing

Drop this file when the real 0006 lands; 0007 follows it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10
"""

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
