"""Tests for the Korean due-date resolver (followup.extract.dates)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup.extract.dates import Due, resolve_due

M = date(2023, 12, 15)  # meeting date used by most cases
NEXT = date(2024, 6, 14)  # the committee's next session


def _due(text: str, meeting: date = M, next_session: date | None = NEXT) -> Due:
    due = resolve_due(text, meeting, next_session=next_session)
    assert due is not None, text
    return due


def _check(due: Due, start: date, end: date, value: date) -> None:
    assert (due.start, due.end, due.value) == (start, end, value)


# --- the examples from the brief ------------------------------------------------------


def test_next_year_with_count_in_sentence() -> None:
    due = _due("내년에는 25개의 추가 실국을 확대할 예정")
    _check(due, date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31))
    assert due.text == "내년"


def test_next_year_month_open_ended() -> None:
    due = _due("내년 9월 이후 시민들에게 데이터를 제공할 예정입니다")
    _check(due, date(2024, 9, 1), date(2024, 9, 30), date(2024, 9, 1))
    assert due.text == "내년 9월 이후"


def test_next_year_before_a_clause_is_still_next_year() -> None:
    due = _due("내년에 민간에 오픈하기 전에 코멘트 꼭 써줬으면 좋겠습니다")
    _check(due, date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31))


def test_within_this_year() -> None:
    due = _due("올해 안에 마무리하겠습니다")
    assert due.value == date(2023, 12, 31)
    assert due.text == "올해 안에"


def test_first_half_without_year_is_the_next_one() -> None:
    _check(_due("상반기"), date(2024, 1, 1), date(2024, 6, 30), date(2024, 6, 30))


def test_three_months() -> None:
    _check(_due("3개월 내"), M, date(2024, 3, 15), date(2024, 3, 15))


def test_end_of_march_with_year() -> None:
    due = _due("2025년 3월 말까지 완료하겠습니다")
    _check(due, date(2025, 3, 21), date(2025, 3, 31), date(2025, 3, 31))
    assert due.text == "2025년 3월 말까지"


def test_before_next_meeting() -> None:
    _check(_due("다음 회의 전에 자료를 보내 주십시오"), M, date(2024, 6, 13), date(2024, 6, 13))


# --- expression families ----------------------------------------------------------------

# (text, start, end, value) with M = 2023-12-15
YEARS = [
    ("내년", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("내년에 추진", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("명년", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("익년", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("다음 해에", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("내후년", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
    ("올해", date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("금년", date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("연내", date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("올해 안에", date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("연말까지", date(2023, 10, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("올 연말", date(2023, 10, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("2025년", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
    ("'25년", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
    ("’25년", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
    ("25년도 예산에 반영", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
    ("2025년도", date(2025, 1, 1), date(2025, 12, 31), date(2025, 12, 31)),
    ("내년 중 추진", date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("2024년 이후", date(2024, 1, 1), date(2024, 12, 31), date(2024, 1, 1)),
    ("내년부터 시행", date(2024, 1, 1), date(2024, 12, 31), date(2024, 1, 1)),
]

MONTHS = [
    ("내년 9월", date(2024, 9, 1), date(2024, 9, 30), date(2024, 9, 30)),
    ("내년 9월 이후", date(2024, 9, 1), date(2024, 9, 30), date(2024, 9, 1)),
    ("9월까지", date(2024, 9, 1), date(2024, 9, 30), date(2024, 9, 30)),
    ("12월 말까지", date(2023, 12, 21), date(2023, 12, 31), date(2023, 12, 31)),
    ("2025년 3월 말까지", date(2025, 3, 21), date(2025, 3, 31), date(2025, 3, 31)),
    ("3월 초", date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 10)),
    ("3월 초순까지", date(2024, 3, 1), date(2024, 3, 10), date(2024, 3, 10)),
    ("3월 중 완료", date(2024, 3, 1), date(2024, 3, 31), date(2024, 3, 31)),
    ("3월 중순", date(2024, 3, 11), date(2024, 3, 20), date(2024, 3, 20)),
    ("3월 말", date(2024, 3, 21), date(2024, 3, 31), date(2024, 3, 31)),
    ("3월 하순", date(2024, 3, 21), date(2024, 3, 31), date(2024, 3, 31)),
    ("2월 말까지", date(2024, 2, 21), date(2024, 2, 29), date(2024, 2, 29)),
    ("25년 3월까지", date(2025, 3, 1), date(2025, 3, 31), date(2025, 3, 31)),
    ("'24. 3월까지", date(2024, 3, 1), date(2024, 3, 31), date(2024, 3, 31)),
    ("3~6월", date(2024, 3, 1), date(2024, 6, 30), date(2024, 6, 30)),
    ("이번 달 말까지", date(2023, 12, 21), date(2023, 12, 31), date(2023, 12, 31)),
    ("다음 달까지", date(2024, 1, 1), date(2024, 1, 31), date(2024, 1, 31)),
    ("10월부터 내년 3월까지", date(2023, 10, 1), date(2024, 3, 31), date(2024, 3, 31)),
]

PARTS_OF_YEAR = [
    ("내년 초", date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31)),
    ("내년 말", date(2024, 10, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("금년 말", date(2023, 10, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("연초에 발표할 예정", date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31)),
    ("상반기", date(2024, 1, 1), date(2024, 6, 30), date(2024, 6, 30)),
    ("하반기까지", date(2023, 7, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("내년 하반기", date(2024, 7, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ("2025년 상반기 중", date(2025, 1, 1), date(2025, 6, 30), date(2025, 6, 30)),
    ("1분기", date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31)),
    ("2분기", date(2024, 4, 1), date(2024, 6, 30), date(2024, 6, 30)),
    ("3분기", date(2024, 7, 1), date(2024, 9, 30), date(2024, 9, 30)),
    ("4분기", date(2023, 10, 1), date(2023, 12, 31), date(2023, 12, 31)),
    ("1/4분기", date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31)),
    ("'25 상반기", date(2025, 1, 1), date(2025, 6, 30), date(2025, 6, 30)),
]

DAYS = [
    ("2024. 3. 15.", date(2024, 3, 15)),
    ("2024. 3. 15.(금)까지", date(2024, 3, 15)),
    ("2024-03-15", date(2024, 3, 15)),
    ("2024/3/15", date(2024, 3, 15)),
    ("2024년 3월 15일", date(2024, 3, 15)),
    ("3월 15일까지", date(2024, 3, 15)),
    ("12월 20일까지", date(2023, 12, 20)),
    ("3. 15.(금)까지", date(2024, 3, 15)),
    ("다음 달 15일", date(2024, 1, 15)),
    ("3월 말일까지", date(2024, 3, 31)),
]

RELATIVE = [
    ("3개월 내", M, date(2024, 3, 15), date(2024, 3, 15)),
    ("6개월 이내에", M, date(2024, 6, 15), date(2024, 6, 15)),
    ("2달 안에", M, date(2024, 2, 15), date(2024, 2, 15)),
    ("한 달 안에", M, date(2024, 1, 15), date(2024, 1, 15)),
    ("2주 내", M, date(2023, 12, 29), date(2023, 12, 29)),
    ("1주일 이내", M, date(2023, 12, 22), date(2023, 12, 22)),
    ("일주일 안에", M, date(2023, 12, 22), date(2023, 12, 22)),
    ("10일 이내", M, date(2023, 12, 25), date(2023, 12, 25)),
    ("1년 이내", M, date(2024, 12, 15), date(2024, 12, 15)),
    ("3개월 후", date(2024, 3, 15), date(2024, 3, 15), date(2024, 3, 15)),
    ("이번 주까지", date(2023, 12, 11), date(2023, 12, 17), date(2023, 12, 17)),
    ("다음 주까지", date(2023, 12, 18), date(2023, 12, 24), date(2023, 12, 24)),
]

SESSIONS = [
    ("다음 회의 전", M, date(2024, 6, 13), date(2024, 6, 13)),
    ("다음 회의 전까지", M, date(2024, 6, 13), date(2024, 6, 13)),
    ("다음 회의까지", M, NEXT, NEXT),
    ("차기 회의에 보고해 주십시오", M, NEXT, NEXT),
    ("차기 회의 때까지", M, NEXT, NEXT),
    ("다음 위원회 전에", M, date(2024, 6, 13), date(2024, 6, 13)),
]


@pytest.mark.parametrize(("text", "start", "end", "value"), YEARS)
def test_years(text: str, start: date, end: date, value: date) -> None:
    _check(_due(text), start, end, value)


@pytest.mark.parametrize(("text", "start", "end", "value"), MONTHS)
def test_months(text: str, start: date, end: date, value: date) -> None:
    _check(_due(text), start, end, value)


@pytest.mark.parametrize(("text", "start", "end", "value"), PARTS_OF_YEAR)
def test_parts_of_year(text: str, start: date, end: date, value: date) -> None:
    _check(_due(text), start, end, value)


@pytest.mark.parametrize(("text", "day"), DAYS)
def test_days(text: str, day: date) -> None:
    _check(_due(text), day, day, day)


@pytest.mark.parametrize(("text", "start", "end", "value"), RELATIVE)
def test_relative(text: str, start: date, end: date, value: date) -> None:
    _check(_due(text), start, end, value)


@pytest.mark.parametrize(("text", "start", "end", "value"), SESSIONS)
def test_next_session(text: str, start: date, end: date, value: date) -> None:
    _check(_due(text), start, end, value)


@pytest.mark.parametrize("text", ["다음 회의 전", "다음 회의까지", "차기 회의"])
def test_next_session_unknown(text: str) -> None:
    assert resolve_due(text, M) is None


def test_text_is_verbatim() -> None:
    text = "관련 자료는  2025년   3월 말까지 제출"
    due = _due(text)
    assert due.text == "2025년   3월 말까지"
    assert due.text in text


# --- choosing among several expressions ----------------------------------------------


def test_most_specific_wins() -> None:
    due = _due("내년에는 실국을 확대하고 3월 15일까지 결과를 보고하겠습니다")
    _check(due, date(2024, 3, 15), date(2024, 3, 15), date(2024, 3, 15))


def test_month_beats_half_and_year() -> None:
    due = _due("상반기 중 착수하여 내년 9월까지 완료")
    assert due.value == date(2024, 9, 30)


def test_ties_go_to_the_first() -> None:
    due = _due("2025년 또는 2026년에 추진")
    assert due.text == "2025년"


def test_stated_later_year_places_following_months() -> None:
    # "9월" alone would be 2024-09 in a June meeting; the text has put it in 2025.
    due = _due("2025년에는 예산을 확보해 9월까지 구축하겠습니다", date(2024, 6, 1))
    assert due.value == date(2025, 9, 30)


def test_month_without_year_in_meeting_year_when_still_ahead() -> None:
    assert _due("9월까지", date(2023, 6, 1)).value == date(2023, 9, 30)


# --- what is not a due date ------------------------------------------------------------

NEGATIVE = [
    ("감사합니다", M),
    ("2021년~2023년 공공데이터 기본계획 실적으로", M),
    ("2021~2023년 실적", M),
    # whole years ahead with no deadline word: the years an estimate or a plan covers
    ("'25~'27년 연차별 재정 추계와 재원 조달 방안을 제시할 것", M),
    ("2024년~2026년 중기계획을 보완할 것", M),
    ("10월 10일에 시범적으로 오픈한", M),
    ("9월까지 완료했습니다", M),
    ("작년 9월에", M),
    ("지난해 하반기", M),
    ("3년 동안", M),
    ("약 2년 정도의 시간이 소요", M),
    ("2년간 운영", M),
    ("6개월간", M),
    ("25개", M),
    ("85점", M),
    ("160명", M),
    ("2023년에는 512개", date(2024, 3, 4)),
    ("2022년 3월 15일", M),
    ("다음 회의록 검토", M),
    ("3개월 전", M),
    ("2월 30일까지", M),
    ("", M),
]


@pytest.mark.parametrize(("text", "meeting"), NEGATIVE)
def test_not_a_due_date(text: str, meeting: date) -> None:
    assert resolve_due(text, meeting, next_session=NEXT) is None


def test_a_span_of_years_with_a_deadline_word_is_a_due_date() -> None:
    _check(_due("2024~2025년까지 완료"), date(2024, 1, 1), date(2025, 12, 31), date(2025, 12, 31))
    _check(
        _due("2024년부터 2025년까지 추진"), date(2024, 1, 1), date(2025, 12, 31), date(2025, 12, 31)
    )


def test_past_work_then_plan_picks_the_plan() -> None:
    due = _due("10월 10일에 시범적으로 오픈한 서비스를 내년에 확대할 예정")
    assert due.text == "내년"


def test_all_departments_is_not_before() -> None:
    # "전 부서" means "all departments", not "before next year".
    due = _due("내년 전 부서에 확대")
    assert due.value == date(2024, 12, 31)


# --- properties ------------------------------------------------------------------------

FRAGMENTS = [
    "내년",
    "명년",
    "내후년",
    "올해",
    "올",
    "연말",
    "연초",
    "연내",
    "9월",
    "12월",
    "2월",
    "말까지",
    "초",
    "중순",
    "까지",
    "이후",
    "부터",
    "전",
    "내",
    "이내",
    "안에",
    "년",
    "년도",
    "개월",
    "월",
    "일",
    "주",
    "분기",
    "상반기",
    "하반기",
    "다음 회의",
    "차기",
    "'",
    "’",
    ".",
    "-",
    "~",
    " ",
    "했습니다",
    "하겠습니다",
    "오픈한",
    "예정",
    "25",
    "2025",
    "31",
    "0",
    "9999",
]
korean_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.integers(0, 3000).map(str)), max_size=12
).map("".join)
any_text = st.one_of(st.text(max_size=60), korean_text)
EDGE_DATES = [date.min, date.max, date(9999, 1, 1), date(1, 12, 31), date(2024, 2, 29)]
meetings = st.one_of(st.dates(), st.sampled_from(EDGE_DATES))
sessions = st.one_of(st.none(), st.dates(), st.sampled_from(EDGE_DATES))


def _assert_valid(text: str, meeting: date, session: date | None) -> None:
    due = resolve_due(text, meeting, next_session=session)
    if due is not None:
        assert due.start <= due.value <= due.end
        assert due.end >= meeting
        assert due.text and due.text in text


@settings(max_examples=400, deadline=None)
@given(text=any_text, meeting=meetings, session=sessions)
def test_property_never_raises_and_is_consistent(
    text: str, meeting: date, session: date | None
) -> None:
    _assert_valid(text, meeting, session)


@settings(max_examples=300, deadline=None)
@given(
    text=korean_text,
    meeting=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    session=sessions,
)
def test_property_korean_fragments_realistic_dates(
    text: str, meeting: date, session: date | None
) -> None:
    _assert_valid(text, meeting, session)


@settings(max_examples=200, deadline=None)
@given(meeting=st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31)))
def test_property_examples_hold_for_any_meeting(meeting: date) -> None:
    next_year = _due("내년에 추진", meeting)
    assert next_year.end == date(meeting.year + 1, 12, 31)
    half = _due("상반기", meeting)
    assert half.start.month == 1 and half.end.month == 6 and half.end >= meeting
    month = _due("9월까지", meeting)
    assert month.start.month == 9 and month.start <= date(meeting.year + 1, 9, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("자료를 이번 주 금요일까지 제출해 주시기 바랍니다.", date(2025, 9, 5)),
        ("금요일까지 제출하겠습니다.", date(2025, 9, 5)),
        ("다음 주 월요일에 보고드리겠습니다.", date(2025, 9, 8)),
        ("월요일까지 정리하겠습니다.", date(2025, 9, 8)),
    ],
)
def test_weekdays_resolve_to_the_named_day(text: str, expected: date) -> None:
    due = resolve_due(text, date(2025, 9, 2))  # a Tuesday
    assert due is not None and due.value == expected


def test_a_weekday_in_the_past_is_not_a_due_date() -> None:
    assert resolve_due("지난 주 금요일에 배포했습니다.", date(2025, 9, 2)) is None
