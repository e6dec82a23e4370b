"""The 조치결과 table written as a file: DOCX, HWPX, XLSX or CSV, each as bytes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from followup.documents import csv, docx, hwpx, xlsx
from followup.documents.table import ReportTable


@dataclass(frozen=True)
class Format:
    write: Callable[[ReportTable], bytes]
    mime: str
    extension: str


HWPX_MIME = "application/hwp+zip"

FORMATS: dict[str, Format] = {
    "docx": Format(
        docx.write,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "hwpx": Format(hwpx.write, HWPX_MIME, "hwpx"),
    "xlsx": Format(
        xlsx.write, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    ),
    "csv": Format(csv.write, "text/csv", "csv"),
}
