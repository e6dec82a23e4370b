"""`followup items`: the backlog as a table, filtered by committee, team, status, meeting, due."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from followup.cli import app
from followup.intake.passes import run_in_process
from followup.settings import Settings
from tests.helpers import SAMPLE


@pytest.fixture
def stored(settings: Settings) -> Settings:
    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    run_in_process(settings)
    return settings


def items(*args: str) -> str:
    result = CliRunner().invoke(app, ["items", *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.output


def test_items_lists_a_teams_open_items_with_korean_headers_and_statuses(
    stored: Settings,
) -> None:
    out = items("--team", "통계조사팀")
    header = next(line for line in out.splitlines() if "번호" in line)
    for word in ("회의", "담당 부서", "구분", "상태", "기한", "내용"):
        assert word in header
    assert out.count("통계조사팀") == 2 and "빅데이터기획팀" not in out
    assert "미착수" in out and "2024. 6. 14.(금)" in out and "가계부채" in out
    assert "2023년 2차 빅데이터심의위원회 2023. 12. 15.(금)" in out
    assert out.rstrip().endswith("후속조치 2건")


def test_items_filters_by_overdue_status_meeting_and_committee(stored: Settings) -> None:
    everything = items()
    assert everything.rstrip().endswith("후속조치 29건")
    assert "(확인 대기)" in everything  # items waiting for the secretary are marked as held back

    assert items("--overdue", "--today", "2024-06-14").strip() == "조건에 맞는 후속조치가 없습니다."
    late = items("--overdue", "--today", "2024-06-15").rstrip().splitlines()
    count = int(late[-1].removeprefix("후속조치 ").removesuffix("건 (기한 지남)"))
    assert 0 < count < 29  # due at the next session (2024. 6. 14.); not those due later
    assert items("--status", "완료").strip() == "조건에 맞는 후속조치가 없습니다."
    assert items("--status", "전체").rstrip().endswith("후속조치 29건")
    assert items("--meeting", "2023-12-15").rstrip().endswith("후속조치 29건")
    assert items("--meeting", "2차").rstrip().endswith("후속조치 29건")
    assert items("--committee", "빅데이터").rstrip().endswith("후속조치 29건")
    assert items("--status", "추진중", "--status", "open").rstrip().endswith("후속조치 29건")


def refused(*args: str) -> str:
    result = CliRunner().invoke(app, ["items", *args])
    assert result.exit_code == 2, result.output
    return result.output


def test_an_unknown_team_committee_or_meeting_is_a_korean_error_not_an_empty_list(
    stored: Settings,
) -> None:
    out = refused("--team", "없는팀")
    assert (
        out.startswith("오류: --team '없는팀': 없는 부서입니다 (있는 부서: ")
        and "통계조사팀" in out
    )
    assert "오류: --committee '교통': 저장된 위원회가 아닙니다" in refused("--committee", "교통")
    assert "오류: --meeting '2024-01-10': 그 날짜나 제목의 회의가 없습니다" in refused(
        "--meeting", "2024-01-10"
    )


def test_an_unknown_status_is_a_korean_error(stored: Settings) -> None:
    result = CliRunner().invoke(app, ["items", "--status", "finished"])
    assert result.exit_code == 2
    assert "오류: --status 'finished': 쓸 수 있는 값은 미착수(open), 추진 중(in_progress)" in (
        result.output
    )


def test_the_table_fits_the_terminal_by_display_width() -> None:
    from followup.cli.app import cells
    from followup.cli.table import table

    out = table(
        ["번호", "회의", "내용"], [["1", "2차 회의 " * 4, "가나다라 " * 20]], fold=(1, 2), width=40
    )
    lines = out.splitlines()
    assert lines[0].split() == ["번호", "회의", "내용"]
    assert all(cells(line) <= 40 for line in lines), out
    assert "".join(out.split()).count("가나다라") == 20  # folded, nothing cut
