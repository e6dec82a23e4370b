"""Routing order: named team, committing department, answering department, keywords,
agenda owner, secretary; and the reason is always given."""

from __future__ import annotations

import pytest

from followup.committee import Committee, Team
from followup.extract.route import route_item

COMMITTEE = Committee(
    name="테스트위원회",
    secretary="정책담당관",
    teams=(
        Team("정책담당관", aliases=("담당관", "간사")),
        Team("교통정책과", aliases=("교통정책과장",), keywords=("버스", "교통")),
        Team("복지정책과", aliases=("복지정책과장",), keywords=("돌봄", "복지")),
        Team("예산과", aliases=("예산과장",), keywords=("예산",)),
    ),
)
TRAFFIC, WELFARE, BUDGET, OFFICE = (
    COMMITTEE.team(n) for n in ("교통정책과", "복지정책과", "예산과", "정책담당관")
)


def route(text: str, **overrides):  # type: ignore[no-untyped-def]
    options = {
        "kind": "recommendation",
        "text": text,
        "speaker_team": None,
        "answered_by": [],
        "agenda_owner": None,
        "agenda_title": None,
        "committee": COMMITTEE,
    }
    options.update(overrides)
    return route_item(**options)


def test_a_team_named_in_the_text_wins_over_everything() -> None:
    result = route(
        "복지정책과에서 버스 예산을 검토해 주시기 바랍니다.",
        answered_by=[("교통정책과장", TRAFFIC)],
        agenda_owner=BUDGET,
        agenda_title="예산안",
    )
    assert (result.team, result.reason) == ("복지정책과", "named:복지정책과")


def test_a_commitment_belongs_to_the_department_that_made_it() -> None:
    result = route("돌봄 예산을 늘리겠습니다.", kind="commitment", speaker_team=TRAFFIC)
    assert (result.team, result.reason) == ("교통정책과", "committed:교통정책과")


def test_the_department_answering_the_ask_comes_before_keywords() -> None:
    result = route("돌봄 인력 확충이 필요함.", answered_by=[("교통정책과장", TRAFFIC)])
    assert (result.team, result.reason) == ("교통정책과", "answered:교통정책과장")


def test_the_secretary_answering_for_everyone_does_not_settle_ownership() -> None:
    result = route("돌봄 인력 확충이 필요함.", answered_by=[("정책담당관", OFFICE)])
    assert (result.team, result.reason) == ("복지정책과", "keywords:돌봄")


def test_keywords_pick_the_best_matching_team() -> None:
    result = route("버스 노선과 교통 신호 체계, 복지 시설 접근성을 개선해야 함.")
    assert (result.team, result.reason) == ("교통정책과", "keywords:버스,교통")


def test_without_keywords_the_agenda_owner_follows_up() -> None:
    result = route(
        "현황을 보완해 주시기 바랍니다.", agenda_owner=BUDGET, agenda_title="2025년 예산안"
    )
    assert (result.team, result.reason) == ("예산과", "agenda_owner:2025년 예산안")


def test_a_decision_goes_to_the_agenda_owner_even_if_a_team_is_named() -> None:
    result = route(
        "교통정책과 소관 안건을 원안 가결",
        kind="decision",
        agenda_owner=BUDGET,
        agenda_title="예산안",
    )
    assert result.team == "예산과"


@pytest.mark.parametrize("kind", ["recommendation", "decision"])
def test_nothing_matched_goes_to_the_secretary_for_triage(kind: str) -> None:
    result = route("잘 부탁드립니다.", kind=kind)
    assert (result.team, result.triage) == ("정책담당관", True)
    assert result.reason == "triage"


def test_an_officials_promise_answers_the_ask_it_follows() -> None:
    result = route(
        "말씀하신 자료는 다음 주까지 정리해서 드리겠습니다.", kind="commitment", asked_of=WELFARE
    )
    assert (result.team, result.reason) == ("복지정책과", "answers_ask:복지정책과")


def test_the_rest_of_the_turn_names_the_subject_when_the_item_does_not() -> None:
    result = route(
        "분기마다 한 번은 의견을 듣는 절차를 넣어 주십시오.",
        turn_text="버스 노선 개편은 주민 생활과 직결됩니다. 분기마다 한 번은 의견을 듣는 절차를 넣어 주십시오.",
    )
    assert (result.team, result.reason) == ("교통정책과", "keywords_turn:버스")


def test_the_head_of_a_larger_unit_answers_for_the_team_whose_subject_it_is() -> None:
    head = Committee(
        name="테스트위원회",
        secretary="정책담당관",
        teams=(
            Team("정책담당관", aliases=("담당관",)),
            Team("교통정책과", aliases=("교통정책과장", "교통실장", "교통실"), keywords=("교통",)),
            Team("버스정책과", aliases=("버스정책과장",), keywords=("마을버스", "배당")),
        ),
    )
    traffic, bus = head.team("교통정책과"), head.team("버스정책과")
    promise = route_item(
        kind="commitment",
        text="마을버스 배당 내역은 다음 달까지 보고드리겠습니다.",
        speaker_team=traffic,
        answered_by=[],
        agenda_owner=None,
        agenda_title=None,
        committee=head,
        speaker_label="교통실장 신동열",
    )
    assert promise.team == "버스정책과"
    ask = route_item(
        kind="recommendation",
        text="마을버스 배당 내역을 보고해 주시기 바랍니다.",
        speaker_team=None,
        answered_by=[("교통실장 신동열", traffic)],
        agenda_owner=None,
        agenda_title=None,
        committee=head,
    )
    assert ask.team == bus.name
    # the team's own head answers for the team itself
    own = route_item(
        kind="commitment",
        text="마을버스 배당 내역은 다음 달까지 보고드리겠습니다.",
        speaker_team=traffic,
        answered_by=[],
        agenda_owner=None,
        agenda_title=None,
        committee=head,
        speaker_label="교통정책과장 하명수",
    )
    assert own.team == "교통정책과"
