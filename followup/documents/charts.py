"""Progress charts as PNG (mail clients do not render SVG), drawn with Pillow.

A chart carries no text: labels would need a Korean font on the machine. The digest puts each
team's name and counts as HTML text beside its bar, which also reads without images.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

from PIL import Image, ImageDraw

from followup.codes import ItemStatus

# Status order along the bar and each status's colour (done first, then what is left).
COLOURS = {
    ItemStatus.DONE: (46, 139, 87),
    ItemStatus.IN_PROGRESS: (65, 105, 225),
    ItemStatus.OPEN: (190, 190, 190),
    ItemStatus.EXPLAINED: (230, 145, 56),
}
BAR_SIZE = (320, 18)


def progress_bar(counts: Mapping[str, int], size: tuple[int, int] = BAR_SIZE) -> bytes:
    """One stacked bar: each status's share of the items, in :data:`COLOURS` order."""
    width, height = size
    image = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    total = sum(counts.get(status, 0) for status in COLOURS)
    left = 0
    if total:
        covered = 0
        for status, colour in COLOURS.items():
            covered += counts.get(status, 0)
            right = round(width * covered / total)
            if right > left:
                draw.rectangle((left, 0, right - 1, height - 1), fill=colour)
            left = right
    draw.rectangle((0, 0, width - 1, height - 1), outline=(90, 90, 90))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
