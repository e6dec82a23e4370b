"""The secretary's actions on one item (edit, reassign, merge, accept, reject, check): each
applies in the given session or raises :class:`ActionProblem` (a Korean message) first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from sqlmodel import Session

from followup import store
from followup.codes import OPEN_STATUSES, ItemKind, ReviewState
from followup.intake import review
from followup.loop import checks
from followup.render import code_words
from followup.settings import Settings
from followup.web.deps import Who
from followup.web.forms import parse_number
from models.tables import ActionItem

MAX_SUMMARY = 1000


class ActionProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Action = Callable[[Session, Settings, ActionItem, dict[str, str], Who, datetime], None]


def _must_be_open(settings: Settings, item: ActionItem) -> None:
    if item.status not in OPEN_STATUSES:
        words = code_words(settings.templates_dir, "status")
        word = words.get(item.status, item.status)
        open_words = "·".join(words[status] for status in OPEN_STATUSES)
        raise ActionProblem(f"{word} 상태인 항목은 바꿀 수 없습니다. {open_words}인 항목만 됩니다.")


def _edit(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(settings, item)
    summary = " ".join(form.get("summary", "").split())
    if len(summary) > MAX_SUMMARY:
        raise ActionProblem(f"요약은 {MAX_SUMMARY:,}자 이내로 적어 주십시오.")
    due_text = form.get("due", "").strip()
    try:
        due = date.fromisoformat(due_text) if due_text else None
    except ValueError:
        raise ActionProblem("기한은 날짜(YYYY-MM-DD)로 적어 주십시오.") from None
    kind = form.get("kind") or None
    if kind is not None and kind not in tuple(ItemKind):
        raise ActionProblem("구분을 목록에서 골라 주십시오.")
    changed_summary = summary if summary and summary != item.summary else None
    changed_due = due if due and due != item.effective_due else None
    changed_kind = kind if kind and kind != item.kind else None
    if not (changed_summary or changed_due or changed_kind):
        raise ActionProblem("바뀐 내용이 없습니다.")
    review.edit(
        s,
        item_id=item.id or 0,
        by=who.name,
        summary=changed_summary,
        due=changed_due,
        kind=changed_kind,
    )


def _reassign(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(settings, item)
    team_id = parse_number(form.get("team"))
    teams = {t.id: t for t in store.committee_teams(s, committee_id=_committee_of_item(s, item))}
    target = teams.get(team_id)
    if target is None:
        raise ActionProblem("배정할 부서를 목록에서 골라 주십시오.")
    if target.id == item.team_id:
        raise ActionProblem("이미 그 부서에 배정되어 있습니다.")
    review.reassign(s, item_id=item.id or 0, team=target.name, by=who.name)


def _merge(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(settings, item)
    raw = form.get("others", "").replace(",", " ").replace("#", " ").split()
    others = [parse_number(v) for v in raw]
    if not others or any(o is None for o in others):
        raise ActionProblem("합칠 항목 번호를 적어 주십시오(예: 12, 13).")
    committee_id = _committee_of_item(s, item)
    # A number written twice is one item (dict keeps the order they were written in).
    ids = list(dict.fromkeys(o for o in others if o is not None and o != item.id))
    if not ids:
        raise ActionProblem("이 항목과 다른 항목 번호를 적어 주십시오.")
    for other_id in ids:
        if store.item_committee(s, item_id=other_id) != committee_id:
            raise ActionProblem(f"No. {other_id} 항목을 찾을 수 없습니다.")
        other = store.action_item(s, item_id=other_id)
        assert other is not None
        if other.status not in OPEN_STATUSES:
            raise ActionProblem(f"No. {other_id} 항목은 이미 종결되어 합칠 수 없습니다.")
    review.merge(s, into=item.id or 0, others=ids, by=who.name)


def _accept(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(settings, item)
    if item.review != ReviewState.PENDING:
        raise ActionProblem("확인 대기 중인 항목이 아닙니다.")
    review.accept(s, item_id=item.id or 0, by=who.name)


def _reject(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    _must_be_open(settings, item)
    note = " ".join(form.get("note", "").split())[:500]
    review.reject(s, item_id=item.id or 0, by=who.name, note=note)


def _check(
    s: Session, settings: Settings, item: ActionItem, form: dict[str, str], who: Who, now: datetime
) -> None:
    try:
        checks.check_item(
            s,
            settings,
            item_id=item.id or 0,
            result=form.get("result", ""),
            by=who.name,
            reason=form.get("reason", ""),
            now=now,
        )
    except checks.CheckError as error:
        raise ActionProblem(str(error)) from None


def _committee_of_item(s: Session, item: ActionItem) -> int:
    committee_id = store.item_committee(s, item_id=item.id or 0)
    assert committee_id is not None
    return committee_id


ACTIONS: dict[str, Action] = {
    "edit": _edit,
    "reassign": _reassign,
    "merge": _merge,
    "accept": _accept,
    "reject": _reject,
    "check": _check,
}
