"""The 조치결과 report as a download, as of now, by the generator ``followup report`` uses:
a session's (``/sessions/{YYYY-MM-DD}/report.{docx|hwpx|xlsx|csv}``) or a meeting's
(``/meetings/{id}/report.{...}``). The file keeps its Korean name (RFC 6266 ``filename*``,
RFC 5987 encoding) with an ASCII ``filename`` for clients that read only that."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from followup.documents import FORMATS
from followup.documents.table import (
    ReportTable,
    file_name,
    held_dates,
    meeting_report,
    session_report,
)
from followup.loop.sessions import load_sessions
from followup.web.admin.meetings import own_meeting
from followup.web.admin.pages import View
from followup.web.deps import ClockDep, DatabaseDep, Refused, Secretary, SettingsDep, spec_of

router = APIRouter()


def attachment(ascii_name: str, name: str) -> str:
    """``Content-Disposition`` of a download named ``name`` (any language)."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def report_file(templates: Path, table: ReportTable, kind: str) -> Response:
    spec = FORMATS[kind]
    name = file_name(
        templates, spec.extension, session_on=table.session_on, meeting_id=table.meeting_id
    )
    return Response(
        spec.write(table),
        media_type=spec.mime,
        headers={"Content-Disposition": attachment(f"report-{table.slug}.{spec.extension}", name)},
    )


def report_kind(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Refused(404, "missing")
    return fmt


@router.get("/sessions/{day}/report.{fmt}")
def session_download(day: str, fmt: str, view: View) -> Response:
    """The report to table at the committee's session of ``day`` (a session date or a day
    one of its meetings was held; else 404)."""
    kind, desk = report_kind(fmt), view.desk
    try:
        held_on = date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        held_on = None
    templates = view.settings.templates_dir
    with view.db.session() as session:
        known = held_dates(session, load_sessions(session, desk.spec, now=desk.now))
        if held_on is None or held_on not in known:
            raise Refused(404, "missing")
        table = session_report(session, desk.spec, held_on, now=desk.now, templates=templates)
    return report_file(templates, table, kind)


@router.get("/meetings/{meeting_id}/report.{fmt}")
def meeting_download(
    meeting_id: str,
    fmt: str,
    who: Secretary,
    settings: SettingsDep,
    clock: ClockDep,
    db: DatabaseDep,
) -> Response:
    """The report of one meeting's items (a meeting of the secretary's committees; else 404)."""
    kind = report_kind(fmt)
    templates = settings.templates_dir
    with db.session() as session:
        meeting, committee = own_meeting(session, who, meeting_id)
        table = meeting_report(
            session,
            spec_of(settings, committee),
            meeting.id or 0,
            now=clock(),
            templates=templates,
        )
    return report_file(templates, table, kind)
