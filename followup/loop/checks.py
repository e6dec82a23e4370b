"""The committee's check of what a team reported: 적정 (adequate) closes a reported 완료 or
추진 불가; 미흡 (insufficient) reopens it with the reason, tells the team, and so carries it to
the next session (it stays open, and the next report shows it as carried over).

Plain functions over a session, used by the console, ``followup check`` and the digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from followup import store
from followup.codes import CheckResult, ItemStatus, MessageKind, TrailChannel
from followup.errors import FollowupError
from followup.loop.team_links import queue_to_team
from followup.loop.updates import clean_note
from followup.render import code_words, particle
from followup.settings import Settings
from models.tables import ActionItem, Meeting, Team

CHANNEL = TrailChannel.CHECK
ADEQUATE = CheckResult.ADEQUATE
INSUFFICIENT = CheckResult.INSUFFICIENT
RESULTS = (ADEQUATE, INSUFFICIENT)
# Where a reopened item goes back to: a 완료 judged 미흡 is still being worked on; a 추진 불가
# judged 미흡 must be taken up again.
REOPENED_AS: dict[str, ItemStatus] = {
    ItemStatus.DONE: ItemStatus.IN_PROGRESS,
    ItemStatus.EXPLAINED: ItemStatus.OPEN,
}
MAX_REASON = 2000


class CheckError(FollowupError):
    """A check that cannot apply; the message is Korean, for the secretary."""


@dataclass(frozen=True)
class CheckOutcome:
    item_id: int
    result: str
    status: str
    notice_key: str | None


def check_item(
    session: Session,
    settings: Settings,
    *,
    item_id: int,
    result: str,
    by: str,
    reason: str = "",
    now: datetime,
) -> CheckOutcome:
    """Record the committee's check of a reported item, with its trail row (channel
    ``check``); a 미흡 also queues a notice to the team (once per item and check)."""
    if result not in RESULTS:
        raise CheckError(
            f"확인 결과는 적정(adequate) 또는 미흡(insufficient)이어야 합니다: {result}"
        )
    by = by.strip()
    if not by:
        raise CheckError("확인한 사람의 이름을 적어 주십시오")
    item = session.get(ActionItem, item_id)
    if item is None or item.id is None:
        raise CheckError(f"#{item_id} 후속조치가 없습니다")
    if item.status not in REOPENED_AS:
        done, explained = (code_words(settings.templates_dir, "status")[s] for s in REOPENED_AS)
        raise CheckError(
            f"#{item_id}은(는) 부서가 {done} 또는 {particle(explained, '으로/로')} 보고한 항목이 아니어서 "
            "확인할 수 없습니다"
        )
    if item.check_result == ADEQUATE:
        raise CheckError(f"#{item_id}은(는) 이미 적정으로 확인되었습니다")
    text = clean_note(reason)
    if len(text) > MAX_REASON:
        raise CheckError(f"사유는 {MAX_REASON:,}자 이내로 적어 주십시오")
    if result == INSUFFICIENT and not text:
        raise CheckError("미흡으로 판단한 사유를 적어 주십시오")
    reported = item.status
    item.check_result, item.checked_by, item.checked_at = result, by, now
    if result == ADEQUATE:
        store.set_status(session, item, reported, channel=CHANNEL, note=text, actor=by, now=now)
        return CheckOutcome(item.id, result, item.status, None)
    store.set_status(
        session, item, REOPENED_AS[reported], channel=CHANNEL, note=text, actor=by, now=now
    )
    key = _tell_team(session, settings, item, reported=reported, reason=text, by=by, now=now)
    return CheckOutcome(item.id, result, item.status, key)


def _tell_team(
    session: Session,
    settings: Settings,
    item: ActionItem,
    *,
    reported: str,
    reason: str,
    by: str,
    now: datetime,
) -> str:
    team = session.get(Team, item.team_id)
    meeting = session.get(Meeting, item.meeting_id)
    assert team is not None and team.id is not None and meeting is not None and item.id is not None
    earlier = [
        row
        for row in store.trail_of_items(session, item_ids=[item.id], channels=[CHANNEL])
        if row.new_status in store.OPEN_STATUSES
    ]
    key = f"check:{item.id}:{INSUFFICIENT}:{len(earlier)}"
    queue_to_team(
        session,
        settings,
        team,
        "mail/check_insufficient.txt.j2",
        key=key,
        kind=MessageKind.CHECK,
        now=now,
        by=by,
        item=item,
        meeting=meeting,
        reported=reported,
        reason=reason,
    )
    return key
