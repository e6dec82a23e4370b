"""Minutes in the browser: the committee's minutes files (``/files``) with their state,
approval, error, meeting and quarantined copy; the upload of an approved file with its
approval (``/files/new``, posted to ``/files``), which takes the inbox's path
(:func:`followup.intake.ingest.take_upload`) and is extracted at once in this process's
background, or as a flow run on the Prefect server when ``PREFECT_API_URL`` is set; and one
file's page (``/files/{id}``), where a draft is approved. After an upload the secretary
lands on the meeting's confirmation page, or on the file's page while it is extracted or
when it failed."""

from __future__ import annotations

import logging
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from fastapi.responses import RedirectResponse, Response

from followup import store
from followup.calendar import local_date
from followup.codes import FileStatus
from followup.committee import configured_committees
from followup.errors import describe_file_error
from followup.intake.ingest import (
    FOLDER_APPROVAL,
    UPLOAD_SUFFIXES,
    Approval,
    approve_upload,
    limits,
    quarantined,
    take_upload,
)
from followup.intake.sync import sync_file
from followup.settings import Settings
from followup.web.admin.pages import ConsoleView, Signed, SignedPage, View, base_path
from followup.web.deps import (
    Database,
    PostedForm,
    Refused,
    Secretary,
    SettingsDep,
    Who,
    check_csrf,
    form_committee,
)
from followup.web.forms import FormRefused, Upload, parse_id, read_upload
from models.tables import Committee

router = APIRouter()
log = logging.getLogger(__name__)

# One extraction at a time in this process: the pass's steps are not meant to run side by
# side, and the Korean analyser is built once per process.
_EXTRACTING = threading.Lock()
UPLOAD_FIELDS = 16
MAX_NAME = 100
MAX_SIGNATORIES = 30
_SEPARATORS = re.compile(r"[\n,，、;]+")


def extract_now(settings: Settings, file_id: int) -> None:
    """Extract one approved file as a pass would: a flow run on the Prefect server when one
    is configured, else the same sync in this process. A file that cannot be read is
    recorded on its row (its page says why); anything else is logged."""
    with _EXTRACTING:
        try:
            if os.environ.get("PREFECT_API_URL", "").strip():
                from flows.extract import extract_flow

                extract_flow(file_ids=[file_id])
            else:
                sync_file(settings, file_id)
        except Exception:
            log.exception("extracting minutes file %s failed", file_id)


def _plain(text: str) -> str:
    """One line without control or format characters, spaces collapsed."""
    return " ".join("".join(c for c in text if unicodedata.category(c)[0] != "C").split())


def approval_of(form: dict[str, str], today: date) -> tuple[Approval | None, str | None]:
    """The approval a form gives (approver, date, default today; signatories, one a line or
    comma-separated), or the problem that leaves the file a draft."""
    by = _plain(form.get("approved_by", ""))
    if not by:
        return None, "no_approver"
    signatories = tuple(
        dict.fromkeys(n for n in map(_plain, _SEPARATORS.split(form.get("signatories", ""))) if n)
    )
    if len(by) > MAX_NAME or any(len(n) > MAX_NAME for n in signatories):
        return None, "long_name"
    if len(signatories) > MAX_SIGNATORIES:
        return None, "many_signatories"
    day_text = form.get("approved_on", "").strip()
    try:
        day = date.fromisoformat(day_text) if day_text else today
    except ValueError:
        return None, "bad_date"
    if day > today:
        return None, "future_date"
    return Approval(by=by, on=day, signatories=signatories), None


def single_committee(settings: Settings) -> bool:
    """Whether one committee is configured: then a file no committee holds yet is its."""
    return len(configured_committees(settings)) == 1


@dataclass(frozen=True)
class FileLine:
    """A file as its page and the list show it: the row, its error in Korean, its copies
    under quarantine/."""

    view: store.FileView
    error: str
    quarantined: list[str]
    approved_on: date | None
    registered_on: date

    @property
    def extracting(self) -> bool:
        row = self.view.file
        return row.status == FileStatus.APPROVED and row.synced_sha256 != row.sha256


def file_line(settings: Settings, row: store.FileView, timezone: str) -> FileLine:
    error, at = row.file.error, row.file.approved_at
    text = describe_file_error(error, templates=settings.templates_dir) if error else ""
    shown = quarantined(settings.inbox, row.file.path) if error else []
    approved_on = local_date(at, timezone) if at else None
    return FileLine(row, text, shown, approved_on, local_date(row.file.registered_at, timezone))


def own_file(db: Database, who: Who, raw_id: str, settings: Settings) -> tuple[FileLine, Committee]:
    """The file of id ``raw_id`` and its committee, if one of the secretary's (else 404)."""
    file_id = parse_id(raw_id)
    if file_id is None:
        raise Refused(404, "missing")
    unassigned = single_committee(settings)
    with db.session() as session:
        for committee in who.committees:
            rows = store.committee_files(
                session, committee_id=committee.id or 0, unassigned=unassigned, file_id=file_id
            )
            if rows:
                return file_line(settings, rows[0], committee.timezone), committee
    raise Refused(404, "missing")


@router.get("/files")
def files_page(view: View) -> Response:
    with view.db.session() as session:
        rows = store.committee_files(
            session,
            committee_id=view.desk.committee.id or 0,
            unassigned=single_committee(view.settings),
        )
    zone = view.desk.spec.timezone
    lines = [file_line(view.settings, r, zone) for r in rows]
    return view.page("files.html.j2", lines=lines, folder=FOLDER_APPROVAL)


def upload_form(view: ConsoleView, status_code: int = 200, **extra: Any) -> Response:
    extra.setdefault("problem", None)
    return view.page(
        "upload.html.j2",
        status_code,
        today=view.desk.today,
        suffixes=UPLOAD_SUFFIXES,
        limit=limits(view.settings).max_bytes,
        **extra,
    )


@router.get("/files/new")
def upload_page(view: View) -> Response:
    return upload_form(view, form={})


async def posted_upload(request: Request, who: Secretary, settings: SettingsDep) -> Upload:
    """The posted upload, its file read into the inbox (hidden until registered), refused
    unless it carries the session's CSRF token."""
    try:
        upload = await read_upload(
            request,
            folder=settings.inbox,
            name="file",
            max_file_bytes=limits(settings).max_bytes,
            max_fields=UPLOAD_FIELDS,
        )
    except FormRefused as refused:
        raise Refused(refused.status, "form") from None
    try:
        check_csrf(request, upload.fields)
    except Refused:
        upload.discard()
        raise
    return upload


def own_file_view(here: SignedPage, raw_id: str) -> tuple[FileLine, ConsoleView]:
    """The secretary's file ``raw_id`` (else 404), with a view of its committee."""
    line, committee = own_file(here.db, here.who, raw_id, here.settings)
    return line, here.view(committee)


@router.post("/files")
def upload(
    posted: Annotated[Upload, Depends(posted_upload)], here: Signed, tasks: BackgroundTasks
) -> Response:
    """Register the uploaded file with its approval and extract it in the background; then
    to the file's page, which leads on to the meeting once its items are there."""
    settings = here.settings
    try:
        view = here.view(form_committee(posted.fields, here.who))
        desk = view.desk
        if posted.filename is None:
            return upload_form(view, 422, problem="no_file", form=posted.fields)
        approval, problem = approval_of(posted.fields, desk.today)
        taken = take_upload(
            settings,
            committee_id=desk.committee.id or 0,
            unassigned=single_committee(settings),
            filename=posted.filename,
            content=posted.content,
            size=posted.size,
            approval=approval,
            timezone=desk.spec.timezone,
            now=desk.now,
        )
        posted.content = None  # moved into the inbox, or removed
    finally:
        posted.discard()
    if taken.to_extract:
        tasks.add_task(extract_now, settings, taken.file_id)
    query = f"c={desk.committee.id}&upload=1"
    query += "&same=1" if taken.same else ""
    query += f"&problem={problem}" if problem and not taken.same else ""
    return RedirectResponse(f"{base_path(here.request)}/files/{taken.file_id}?{query}", 303)


def file_response(
    view: ConsoleView, line: FileLine, status_code: int = 200, **extra: Any
) -> Response:
    params = view.request.query_params
    extra.setdefault("problem", params.get("problem"))
    return view.page(
        "file.html.j2",
        status_code,
        line=line,
        folder=FOLDER_APPROVAL,
        today=view.desk.today,
        uploaded=params.get("upload") == "1",
        same=params.get("same") == "1",
        approved=params.get("approved") == "1",
        form=extra.pop("form", {}),
        **extra,
    )


@router.get("/files/{file_id}")
def file_page(file_id: str, here: Signed) -> Response:
    """One file; right after an upload, the meeting's confirmation page once its items are
    stored."""
    line, view = own_file_view(here, file_id)
    row, meeting = line.view.file, line.view.meeting
    params = here.request.query_params
    done = row.status == FileStatus.APPROVED and row.synced_sha256 == row.sha256
    fresh = line.view.superseded_by is None and params.get("same") != "1"
    if params.get("upload") == "1" and done and meeting is not None and fresh:
        return RedirectResponse(
            f"{base_path(here.request)}/meetings/{meeting.id}?saved=uploaded", status_code=303
        )
    return file_response(view, line)


@router.post("/files/{file_id}/approve")
def approve(file_id: str, form: PostedForm, here: Signed, tasks: BackgroundTasks) -> Response:
    """Approve a draft with who, when and the signatories, and extract it at once."""
    line, view = own_file_view(here, file_id)
    desk = view.desk
    approval, problem = approval_of(form, desk.today)
    if approval is None:
        return file_response(view, line, 422, problem=problem, form=form)
    row_id = line.view.file.id or 0
    zone, now = desk.spec.timezone, desk.now
    if approve_upload(here.settings, row_id, approval, timezone=zone, now=now):
        tasks.add_task(extract_now, here.settings, row_id)
    query = f"c={desk.committee.id}&upload=1&approved=1"
    return RedirectResponse(f"{base_path(here.request)}/files/{row_id}?{query}", status_code=303)
