"""The demo: one follow-up cycle on the sample minutes with a simulated clock.

Four scenes, each at its own fixed time, all delivered to the local outbox folder:

1. the approval pass (the sample minutes are extracted, each team gets its new items);
2. a team reports through its signed link, as its page would (추진 중 with 조치내용, 완료);
3. the D-15 reminder before the next session, to every team with open items;
4. D-5: the escalation of teams that never answered and the secretary's digest, with the
   조치결과 report attached as DOCX, HWPX and CSV.

Every scene is idempotent (fixed clocks, dedupe keys, unchanged reports record nothing), so a
second run adds no item and no message.

Afterwards the state is left to look around in (:func:`open_to_explore`): its settings in the
state folder, with the clock of the last scene, and a secretary for the console.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from followup import store
from followup.calendar import working_days_before
from followup.codes import ItemStatus
from followup.committee import Committee as CommitteeFile
from followup.intake.passes import PassResult, run_in_process
from followup.loop import updates
from followup.loop.remind import RemindOutcome, remind_committee
from followup.loop.sessions import load_sessions
from followup.loop.signing import link_secret, verify_team_link
from followup.loop.team_links import link_for
from followup.outbox.sender import send_due
from followup.render import code_words
from followup.settings import Settings, write_state_settings
from followup.web.admin.auth import hash_password
from models.db import session_scope

APPROVAL_DAY = date(2023, 12, 20)
REPORT_DAY = date(2024, 1, 15)
REPORTING_TEAM = "통계조사팀"
# The console's account in the demo's state (README says so): for trying it on this machine.
DEMO_SECRETARY = "데모간사"
DEMO_PASSWORD = "demo password"


@dataclass
class Scene:
    title: str
    at: datetime
    notes: list[str] = field(default_factory=list)


@dataclass
class Cycle:
    approval: PassResult
    scenes: list[Scene]


def at(day: date, hour: int, minute: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(tz))


def play_cycle(settings: Settings, committee: CommitteeFile) -> Cycle:
    tz = committee.timezone
    approval_at = at(APPROVAL_DAY, 10, 0, tz)
    approval = run_in_process(settings.model_copy(update={"fixed_now": approval_at}))
    scenes = [Scene("회의록 승인 후 첫 실행: 부서별 배정 안내", approval_at)]

    report_at = at(REPORT_DAY, 14, 0, tz)
    scenes.append(Scene(f"{REPORTING_TEAM}이 링크에서 이행상황을 입력", report_at))
    scenes[-1].notes += report_as_team(settings, committee, REPORTING_TEAM, now=report_at)

    with session_scope(settings.resolved_database_url) as session:
        upcoming = load_sessions(session, committee, now=report_at).next_after(REPORT_DAY)
    if upcoming is None:
        scenes.append(Scene("다음 회의 일정이 없어 알림 단계를 건너뜀", report_at))
        return Cycle(approval, scenes)
    steps = [(days, "회의 전 이행상황 입력 요청") for days in committee.reminders.before_session]
    steps.append((committee.reminders.digest, "무응답 부서 보고와 간사에게 회의 전 현황 보고"))
    for days, title in steps:
        moment = at(working_days_before(upcoming, days), 9, 30, tz)
        clocked = settings.model_copy(update={"fixed_now": moment})
        reminded = remind_committee(clocked, committee)
        sent = send_due(clocked)
        scenes.append(Scene(f"D-{days} ({upcoming.isoformat()} 회의): {title}", moment))
        scenes[-1].notes += _remind_notes(reminded, sent.sent)
    return Cycle(approval, scenes)


def report_as_team(
    settings: Settings, committee: CommitteeFile, team_name: str, *, now: datetime
) -> list[str]:
    """What the team's page does with two reports: the first item 추진 중 with 조치내용 and a
    planned date, the second 완료. Goes through the signed link, as a phone would."""
    with session_scope(settings.resolved_database_url) as session:
        team = store.team_named(session, committee_id=None, name=team_name)
        assert team is not None and team.id is not None
        claims = verify_team_link(
            link_secret(settings), link_for(settings, team, now=now).rsplit("/", 1)[1], now=now
        )
        items = store.visible_items(session, team_id=team.id, statuses=updates.VISIBLE)
        reports = [
            (
                ItemStatus.IN_PROGRESS,
                "서울연구원과 시도별 비교 자료를 협의하고 있습니다.",
                "2024-05-31",
            ),
            (
                ItemStatus.DONE,
                "생계형 대출 중심의 심층 분석을 마쳐 정책 부서에 공유했습니다.",
                "2024-01-12",
            ),
        ]
        notes = []
        words = code_words(settings.templates_dir, "status")
        for item, (state, note, planned) in zip(items, reports, strict=False):
            assert item.id is not None
            recorded = updates.submit_report(
                session,
                claims,
                item_id=item.id,
                status=state,
                note=note,
                planned_on=planned,
                reporter="통계조사팀 김주무관",
                now=now,
            )
            notes.append(f"#{item.id} {words[state]}: {'기록함' if recorded else '이미 기록됨'}")
    return notes


def _remind_notes(report: RemindOutcome, sent: int) -> list[str]:
    kinds = [key.split(":", 1)[0] for key in report.queued]
    labels = {"reminder": "입력 요청", "escalation": "무응답 보고", "digest": "회의 전 현황 보고"}
    made = [f"{labels.get(k, k)} {kinds.count(k)}건" for k in dict.fromkeys(kinds)]
    return [f"새 메시지: {', '.join(made) if made else '없음'} · 보냄 {sent}건"]


def open_to_explore(
    settings: Settings, committee: CommitteeFile, *, at: datetime, values: Mapping[str, str]
) -> Path:
    """Leave the demo's state ready to look around in, and return its settings file: the
    settings ``values`` (inbox, outbox, committee file, channels) and a clock starting at
    ``at`` (the last scene), which every command on the state then starts from, so the links
    in the messages open and the console counts down to the session as the story left it;
    and a secretary (:data:`DEMO_SECRETARY`) who can sign in to the console."""
    path = write_state_settings(
        settings.var_dir,
        {**values, "FOLLOWUP_CLOCK_START": at.isoformat()},
        note="Written by `followup demo`: the demo's settings, read when FOLLOWUP_VAR_DIR "
        "names this folder (the clock starts at the demo's last scene).",
    )
    with session_scope(settings.resolved_database_url) as session:
        ids = store.ensure_committee(session, committee=committee)
        store.save_secretary(
            session,
            name=DEMO_SECRETARY,
            password_hash=hash_password(DEMO_PASSWORD),
            committee_ids=[ids.committee_id],
            now=at,
        )
    return path
