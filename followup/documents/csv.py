"""The report as CSV: the header row and one row per item, UTF-8 with a BOM so Excel opens
the Korean text correctly."""

from __future__ import annotations

import csv as _csv
import io

from followup.documents.table import ReportTable


def write(table: ReportTable) -> bytes:
    out = io.StringIO()
    writer = _csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(row.cells() for row in table.rows)
    return out.getvalue().encode("utf-8-sig")
