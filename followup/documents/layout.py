"""Layout shared by the DOCX, HWPX and XLSX writers: the page, the type sizes, which columns
are short (centred and kept on one line) and how wide each column is for the cells it holds.

Widths are fitted to the content: a short column (연번, 구분, 담당부서, 조치결과, 완료(예정)일) is
as wide as its longest cell or its header, so a date or a team name never wraps; the long ones
(안건, 주요 내용, 조치내용, 비고) share what is left so that the table is as short as it can be
(an empty 조치내용 column stays narrow). Text is measured with the advances of a Korean gothic
face (a Hangul syllable one em, Latin letters and figures about half), a little generously, so
that what fits here fits in Word, 한글 and LibreOffice too.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

PAGE_MM = (297.0, 210.0)  # landscape A4
MARGIN_MM = 15.0
FOOTER_MM = 8.0  # from the paper's foot to the page number's baseline area
TEXT_MM = PAGE_MM[0] - 2 * MARGIN_MM
BODY_PT = 9.0  # the table's text
HEADER_PT = 9.0  # the table's header row, bold
TITLE_PT = 16.0
SUBTITLE_PT = 10.0
CELL_PAD_MM = 1.4  # each side of a cell's text
LINE_PT = 11.5  # the table's lines, exactly: about 1.3 of the type, as 한글 sets a table at 130%
PAGE_PREFIX, PAGE_SUFFIX = "- ", " -"  # the footer's page number: - 1 -
HEADER_FILL = "D9D9D9"  # the header row's shading: light grey, prints on any printer

PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Column:
    short: bool  # centred and kept on one line
    minimum_mm: float = 0.0  # a long column's least width
    most_mm: float = 40.0  # a short column's widest: past it, the cell wraps
    main: bool = False  # 주요 내용: what the other long columns leave


# The nine columns of ``ReportTable.headers``: 연번, 안건, 주요 내용, 구분, 담당부서, 조치결과,
# 조치내용, 완료(예정)일, 비고.
COLUMNS = (
    Column(short=True, most_mm=12),
    Column(short=False, minimum_mm=26),
    Column(short=False, minimum_mm=60, main=True),
    Column(short=True),
    Column(short=True),
    Column(short=True),
    Column(short=False, minimum_mm=22),
    Column(short=True),
    Column(short=False, minimum_mm=15),
)
SHORT = tuple(column.short for column in COLUMNS)


def _advance(char: str) -> float:
    """A character's advance in ems, a little more than a Korean gothic face gives it (Noto Sans
    CJK: a syllable 0.92, a figure 0.555, a full stop or a space 0.28, a bracket 0.38)."""
    if char == " ":
        return 0.3
    if _wide(char):
        return 0.95
    if char.isdigit():
        return 0.57
    if char.isupper():
        return 0.68
    if char.isalpha():
        return 0.55
    if char in ".,·:;'":
        return 0.3
    return 0.4  # brackets, ~, /, -


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def text_pt(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` is on one line at ``size`` points: with a quarter em wherever Korean
    meets Latin letters or figures, the space Word and LibreOffice put there (autospacing)."""
    ems = sum(_advance(c) for c in text)
    ems += 0.25 * sum(1 for a, b in pairwise(text) if " " not in (a, b) and _wide(a) != _wide(b))
    return ems * size * (1.06 if bold else 1.0)


@lru_cache(maxsize=65536)
def wrap(text: str, width_mm: float, size: float = BODY_PT) -> tuple[int, float]:
    """How many lines ``text`` takes in a cell ``width_mm`` wide, and how full (points) the last
    is: broken at spaces, and inside a word too long for a line."""
    room = (width_mm - 2 * CELL_PAD_MM) * PT_PER_MM
    count, used = 1, 0.0
    for paragraph in text.split("\n"):
        if used:
            count, used = count + 1, 0.0
        for word in paragraph.split(" "):
            size_pt = text_pt(word, size)
            space = text_pt(" ", size) if used else 0.0
            if used and used + space + size_pt <= room:
                used += space + size_pt
                continue
            if used:
                count, used = count + 1, 0.0
            for char in word:
                advance = _advance(char) * size
                if used + advance > room and used:
                    count, used = count + 1, 0.0
                used += advance
    return count, used


def lines(text: str, width_mm: float, size: float = BODY_PT) -> int:
    """How many lines ``text`` takes in a cell ``width_mm`` wide."""
    return wrap(text, width_mm, size)[0]


def one_line_mm(text: str, size: float, *, bold: bool = False) -> float:
    """The width of a cell that holds ``text`` on one line."""
    return text_pt(text, size, bold=bold) / PT_PER_MM + 2 * CELL_PAD_MM + 1.0


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], total_mm: float = TEXT_MM
) -> list[float]:
    """Each column's width in millimetres, adding up to ``total_mm``."""
    assert len(headers) == len(COLUMNS)
    widths = []
    for index, (column, header) in enumerate(zip(COLUMNS, headers, strict=True)):
        need = one_line_mm(header, HEADER_PT, bold=True)
        if column.short:
            for row in rows:
                need = max(need, min(column.most_mm, one_line_mm(row[index], BODY_PT)))
        else:
            need = max(need, column.minimum_mm)
        widths.append(need)
    long = [i for i, column in enumerate(COLUMNS) if not column.short]
    spare = total_mm - sum(widths)
    if spare < 0:  # the short columns alone are too wide: all shrink alike
        return [w * total_mm / sum(widths) for w in widths]
    # The long columns share the rest: every split of it in steps of STEP_MM is tried, and the
    # one that makes the table shortest (a row is as tall as its tallest cell) is taken, ties
    # going to the widest 주요 내용 (the column read most). The 주요 내용 column takes what the
    # others leave.
    main = next(i for i in long if COLUMNS[i].main)
    others = [i for i in long if i != main]
    best: tuple[int, float, list[float]] | None = None
    for extra in _splits(len(others), spare):
        trial = list(widths)
        for i, mm in zip(others, extra, strict=True):
            trial[i] += mm
        trial[main] += spare - sum(extra)
        height = sum(max([1] + [lines(row[i], round(trial[i], 1)) for i in long]) for row in rows)
        if best is None or (height, -trial[main]) < (best[0], -best[1]):
            best = (height, trial[main], trial)
    assert best is not None
    return best[2]


STEP_MM = 3.0
MOST_EXTRA_MM = 45.0  # the most a long column other than 주요 내용 is widened by


def _splits(count: int, spare: float) -> list[tuple[float, ...]]:
    """Every way of giving ``count`` columns 0, 3, 6 ... mm each, together no more than
    ``spare`` less 주요 내용's share (it keeps at least a third of the rest)."""
    steps = [STEP_MM * k for k in range(int(MOST_EXTRA_MM / STEP_MM) + 1)]
    out: list[tuple[float, ...]] = [()]
    for _ in range(count):
        out = [(*done, mm) for done in out for mm in steps if sum(done) + mm <= spare * 2 / 3]
    return out


def row_lines(cells: Sequence[str], widths_mm: Sequence[float]) -> int:
    """How many lines a row takes: those of its tallest cell."""
    return max(lines(text, width) for text, width in zip(cells, widths_mm, strict=True))


def rounded(widths_mm: Sequence[float], total: int, unit_mm: float) -> list[int]:
    """Widths in a format's whole units (twips, HWPUNIT ...) adding up to exactly ``total``."""
    raw = [w / unit_mm for w in widths_mm]
    out = [math.floor(w) for w in raw]
    out[-1] += total - sum(out)
    return out
