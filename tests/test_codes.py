"""Codes: every stored code has its Korean word in templates/codes.j2, and nothing else spells
an item status: neither Python (outside followup/codes.py and the migrations) nor a template."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from followup import codes
from followup.render import FAMILIES, code_words, environment
from followup.settings import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "templates"
HANGUL = re.compile(r"[가-힣]")
# Codes whose word is deliberately empty: no review pending, no check yet.
SILENT = {
    (codes.ReviewState, codes.ReviewState.NONE),
    (codes.CheckResult, codes.CheckResult.NOT_YET),
}
STATUS_CODES = {status.value for status in codes.ItemStatus}
PYTHON_ROOTS = ("followup", "flows", "models", "bench")
# The status words no other sense shares (완료, 철회 and 반려 are also plain verbs and nouns:
# 완료(예정)일, 철회되었습니다); a module or template that shows a status uses codes.j2.
WORDS = re.compile("미착수|추진 중|추진 불가")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_code_has_its_korean_word(family: str) -> None:
    words = code_words(TEMPLATES, family)
    enum = FAMILIES[family]
    assert set(words) == {code.value for code in enum}
    for code in enum:
        if (enum, code) in SILENT:
            assert words[code.value] == ""
        else:
            assert HANGUL.search(words[code.value]), (family, code, words[code.value])


def test_statuses_read_as_the_secretary_knows_them() -> None:
    words = code_words(TEMPLATES, "status")
    assert [words[s] for s in codes.COUNT_ORDER] == ["완료", "추진 중", "미착수", "추진 불가"]
    assert words[codes.ItemStatus.REJECTED] == "반려"  # one word everywhere (a mail once said 제외)


def test_count_line_renders_from_codes() -> None:
    module = environment(TEMPLATES).get_template("codes.j2").module
    line = str(module.status_counts({s.value: n for n, s in enumerate(codes.COUNT_ORDER, 1)}))  # type: ignore[attr-defined]
    assert line == "완료 1 · 추진 중 2 · 미착수 3 · 추진 불가 4"


def _python_files() -> list[Path]:
    found = []
    for root in PYTHON_ROOTS:
        for path in sorted((PROJECT_ROOT / root).rglob("*.py")):
            if "migrations" in path.parts or path == PROJECT_ROOT / "followup" / "codes.py":
                continue
            found.append(path)
    return found


def _string_constants(tree: ast.AST) -> list[ast.Constant]:
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_module_spells_an_item_status() -> None:
    offenders = []
    for path in _python_files():
        for node in _string_constants(ast.parse(path.read_text(encoding="utf-8"))):
            if node.value in STATUS_CODES or WORDS.search(node.value):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {node.value!r}")
    assert not offenders, "\n".join(offenders)


def test_no_template_spells_an_item_status() -> None:
    quoted = re.compile(r"""["']({})["']""".format("|".join(sorted(STATUS_CODES))))
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.j2")):
        if path.name == "codes.j2":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if quoted.search(line) or WORDS.search(line):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number} {line.strip()[:100]}")
    assert not offenders, "\n".join(offenders)
