"""Every command speaks Korean: its help, Typer's and Click's own words, and argument errors.

Each command (and group) is run with ``--help`` and with bad arguments (none at all, an
option that does not exist, a word where a number goes, a value missing after an option); the
output must hold no English sentence (command and option names, codes, file names and URLs
are allowed) and no traceback.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from followup import codes
from followup.cli import app
from followup.locale import CATALOG, DOMAIN, LOCALEDIR, PATTERNS, translate
from followup.settings import Settings
from tests.helpers import ROOT, SAMPLE

RUNNER = CliRunner()
WORD = re.compile(r"^[(\['\"]*([A-Za-z]{2,})[)\]'\".,:;!?]*$")


def command_paths(group: Any = None, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and group of the app, as the words that run it."""
    group = group or typer.main.get_command(app)
    found = [prefix]
    for name, command in getattr(group, "commands", {}).items():
        found += command_paths(command, (*prefix, name))
    return found


PATHS = command_paths()
ALLOWED = (
    {word for path in PATHS for word in path}
    | {
        member.value
        for family in vars(codes).values()
        if isinstance(family, type)
        for member in getattr(family, "__members__", {}).values()
    }
    | {"followup", "docx", "hwpx", "xlsx", "csv", "yaml", "json", "url", "admin"}
)


def english_sentences(text: str) -> list[str]:
    """Runs of two or more English words that are not names the product uses (commands,
    codes, formats); paths, options and codes with punctuation are not words here."""
    found, run = [], []
    for token in text.split():
        word = WORD.match(token)
        if word and word.group(1).lower() not in ALLOWED:
            run.append(token)
            continue
        if len(run) > 1:
            found.append(" ".join(run))
        run = []
    if len(run) > 1:
        found.append(" ".join(run))
    return found


def invoke(*args: str, **env: str) -> Any:
    return RUNNER.invoke(app, list(args), prog_name="followup", env={"COLUMNS": "100", **env})


def assert_korean(result: Any, *, code: int) -> None:
    output = result.output
    assert result.exit_code == code, output
    assert "Traceback" not in output, output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert re.search("[가-힣]", output), output
    assert not english_sentences(output), (english_sentences(output), output)


def test_the_detector_finds_english_and_allows_names() -> None:
    assert english_sentences("Error: Missing option '--by'.") == ["Error: Missing option"]
    assert english_sentences("Show this message and exit.") == ["Show this message and exit."]
    assert not english_sentences(
        "사용법: followup check [옵션] {번호} {결과} adequate, insufficient"
    )
    assert not english_sentences(
        "오류: --by 옵션을 적어 주십시오. var/inbox/approved/ http://x.y/z"
    )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "followup")
def test_every_help_is_korean(path: tuple[str, ...]) -> None:
    assert_korean(invoke(*path, "--help"), code=0)


@pytest.mark.parametrize("path", [p for p in PATHS if p], ids=" ".join)
def test_bad_arguments_give_a_korean_error_and_status_2(path: tuple[str, ...]) -> None:
    command = typer.main.get_command(app)
    for word in path:
        command = command.commands[word]  # type: ignore[attr-defined]
    params = [p for p in command.params if p.name != "help"]
    cases = [[*path, "--no-such-option"]]
    if any(p.required for p in params) and not hasattr(command, "commands"):
        cases.append(list(path))  # required arguments or options missing
    numbers = [
        p
        for p in params
        if p.param_type_name == "argument" and "int" in str(p.type_descriptor.annotation)
    ]
    if numbers:
        cases.append(
            [*path, *["열두"] * len([p for p in params if p.param_type_name == "argument"])]
        )
    options = [
        p for p in params if p.param_type_name == "option" and not getattr(p, "is_flag", False)
    ]
    if options:
        cases.append([*path, options[0].opts[0]])  # an option without its value
    for case in cases:
        result = invoke(*case)
        assert_korean(result, code=2)
        assert "오류: " in result.output, (case, result.output)


def test_a_command_that_does_not_exist_suggests_the_close_one() -> None:
    result = invoke("item")
    assert_korean(result, code=2)
    assert "오류: 'item' 명령은 없습니다. 비슷한 명령: 'items'" in result.output
    assert "도움말: followup --help" in result.output


def test_the_console_script_binds_korean_before_typer_loads(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWUP_", "LANG"))}
    env["PYTHONPATH"] = str(ROOT)
    for args, code in ((["--help"], 0), (["check"], 2), (["report", "--now"], 2)):
        done = subprocess.run(
            [sys.executable, "-m", "followup.cli", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        output = done.stdout + done.stderr
        assert done.returncode == code, output
        assert not english_sentences(output) and "Traceback" not in output, output
    assert "오류: '--now' 옵션 뒤에 값을 적어 주십시오." in output


def test_the_compiled_catalog_matches_the_po_file_and_covers_typer() -> None:
    po: dict[str, str] = {}
    for block in CATALOG.read_text(encoding="utf-8").split("\n\n"):
        found = dict(re.findall(r'^(msgid|msgstr) "(.*)"$', block, flags=re.M))
        if found.get("msgid"):
            po[found["msgid"]] = found["msgstr"]
    compiled = gettext.translation(DOMAIN, str(LOCALEDIR), languages=["ko"])
    assert {k: compiled.gettext(k) for k in po} == po, "run msgfmt (see the .po file's header)"
    assert all(re.search("[가-힣]", v) for v in po.values()), "every msgstr is Korean"
    typer_dir = Path(typer.__file__).parent
    wrapped = set()
    for source in typer_dir.rglob("*.py"):
        wrapped |= set(re.findall(r'\b_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', source.read_text()))
    assert wrapped and wrapped <= set(po), sorted(wrapped - set(po))
    assert set(PATTERNS) <= set(po), sorted(set(PATTERNS) - set(po))


def test_click_english_is_translated_by_pattern() -> None:
    assert translate("Missing option '--by'.") == "'--by' 옵션을 적어 주십시오."
    assert translate("No such option: --bx (Possible options: --by)") == (
        "--bx 옵션은 없습니다 (비슷한 옵션: --by)."
    )
    assert translate(
        "Invalid value for 'ID': Input should be a valid integer, unable to parse string"
    ) == ("'ID' 값이 올바르지 않습니다: 숫자를 적어야 합니다")
    assert (
        translate("Got unexpected extra argument(s) (2 3)") == "필요 없는 인자가 더 있습니다: 2 3"
    )
    assert translate("Something new Click may say one day.") == "명령을 이해하지 못했습니다."
    assert translate("이미 한국어입니다.") == "이미 한국어입니다."


# --- with a database: arguments that name something stored ---


@pytest.fixture
def stored(settings: Settings) -> Settings:
    from followup.intake.passes import run_in_process

    shutil.copy(SAMPLE, settings.inbox / "approved" / SAMPLE.name)
    run_in_process(settings)
    return settings


def test_statuses_and_check_results_are_accepted_as_korean_words_and_as_codes(
    stored: Settings,
) -> None:
    for result in ("적정", "adequate", "미흡", "insufficient"):
        out = invoke("check", "27", result, "--by", "위원장", "--reason", "자료 없음")
        assert_korean(out, code=2)  # item 27 was never reported done: a Korean refusal
        assert "보고한 항목이 아니어서 확인할 수 없습니다" in out.output, out.output
    bad = invoke("check", "27", "적합", "--by", "위원장")
    assert_korean(bad, code=2)
    assert "쓸 수 있는 값은 적정(adequate) 또는 미흡(insufficient)입니다" in bad.output
    assert (
        "후속조치 29건" in invoke("items", "--status", "미착수", "--status", "in_progress").output
    )


def test_unknown_ids_teams_and_sessions_are_korean_errors(stored: Settings) -> None:
    for args, said in (
        (("review", "accept", "999", "--by", "박창현"), "#999 후속조치가 없습니다"),
        (("review", "edit", "1", "--by", "박창현", "--kind", "의견"), "--kind '의견'"),
        (("review", "reassign", "1", "없는팀", "--by", "박창현"), "부서 '없는팀'"),
        (("check", "999", "적정", "--by", "위원장"), "#999 후속조치가 없습니다"),
        (("items", "--team", "없는팀"), "없는 부서입니다"),
        (("link", "없는팀"), "'없는팀' 부서가 없습니다"),
        (("report", "--session", "2024-06-13"), "회의 날짜가 아닙니다"),
        (("report", "--meeting", "99"), "회의 99번이 없습니다"),
        (("report", "--session", "2024-06-14", "--format", "pdf"), "이 형식은 지원하지 않습니다"),
        (("report",), "--session 날짜 또는 --meeting 번호"),
        (("request", "accept", "5", "--by", "박창현"), "요청 #5"),
        (("outbox", "retry", "42"), "#42"),
        (("session", "add", "6월 14일"), "날짜가 아닙니다"),
    ):
        result = invoke(*args)
        assert_korean(result, code=2)
        assert said in result.output, (args, result.output)


def test_report_format_alone_names_the_file(
    stored: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("report", "--session", "2024-06-14", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "조치결과-2024-06-14.csv").is_file()
    assert "조치결과-2024-06-14.csv (CSV, " in result.output


def test_a_committee_file_with_bad_indentation_is_a_korean_error_with_line(
    settings: Settings,
) -> None:
    path = settings.committees[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("timezone: Asia/Seoul", " timezone: Asia/Seoul"), "utf-8")
    result = invoke("session", "list")
    assert_korean(result, code=2)
    assert f"오류: {path} 4행: YAML 형식이 올바르지 않습니다(" in result.output
    assert "들여쓰기" in result.output


def test_the_cli_listing_reads_what_the_store_lists(stored: Settings) -> None:
    from followup import store
    from followup.cli.files import FOLDER_APPROVAL
    from followup.intake.ingest import FOLDER_APPROVAL as INGEST_FOLDER
    from followup.store.reading import item_rows, newest_revision, reader
    from models.db import HEAD, session_scope

    assert FOLDER_APPROVAL == INGEST_FOLDER
    assert newest_revision() == HEAD
    with session_scope(stored.resolved_database_url) as session, reader(stored) as query:
        for filters in (
            {"statuses": codes.OPEN_STATUSES},
            {"statuses": tuple(codes.ItemStatus), "team": "통계조사팀", "meeting": "2차"},
            {"statuses": codes.OPEN_STATUSES, "committee": "빅데이터", "meeting": "2023-12-15"},
            {"statuses": codes.OPEN_STATUSES, "overdue_on": date(2024, 6, 15)},
        ):
            mine = item_rows(
                query,
                committee=filters.get("committee"),
                team=filters.get("team"),
                statuses=filters["statuses"],
                meeting=filters.get("meeting"),
                overdue_on=filters.get("overdue_on"),
            )
            theirs = store.list_items(session, **filters)  # type: ignore[arg-type]
            assert [vars(r) for r in mine] == [vars(r) for r in theirs] and mine
