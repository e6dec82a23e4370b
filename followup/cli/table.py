"""A plain text table for listings: columns padded by display width (a Hangul syllable takes
two columns), the long ones wrapped to fit the terminal. It needs no Rich, which costs a
listing more to import and lay out than its query."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterable, Sequence

from followup.cli.app import cells, wrap

RED, RESET = "\x1b[31m", "\x1b[0m"
GAP = "  "
NARROWEST = 16  # a folded column is not made narrower than this (cells)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - cells(text), 0)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    fold: Iterable[int] = (-1,),
    red: set[tuple[int, int]] | None = None,
    width: int | None = None,
) -> str:
    """The rows under their headers. Columns in ``fold`` (the last by default) are narrowed,
    the widest first, until the table fits ``width`` (the terminal's), their text wrapped;
    ``red`` holds the (row, column) cells shown in red when the output is a terminal."""
    count = len(headers)
    width = width or shutil.get_terminal_size((100, 24)).columns
    foldable = {i % count for i in fold}
    widths = [max(cells(str(row[i])) for row in [headers, *rows]) for i in range(count)]
    excess = sum(widths) + len(GAP) * (count - 1) - (width - 1)
    while excess > 0:
        narrowable = [i for i in foldable if widths[i] > NARROWEST]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    color = sys.stdout.isatty()
    lines = [title] if title else []
    lines.append(GAP.join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip())
    lines.append(GAP.join("─" * w for w in widths))
    for number, row in enumerate(rows):
        pieces = [
            (wrap(text, widths[i]) or [""]) if i in foldable else [text]
            for i, text in enumerate(row)
        ]
        for depth in range(max(len(p) for p in pieces)):
            shown = []
            for i, piece in enumerate(pieces):
                text = piece[depth] if depth < len(piece) else ""
                padded = _pad(text, widths[i]) if i < count - 1 else text
                if color and text and (number, i) in (red or set()):
                    padded = f"{RED}{text}{RESET}" + padded[len(text) :]
                shown.append(padded)
            lines.append(GAP.join(shown).rstrip())
    return "\n".join(lines) + "\n"
