"""Text -> Minutes: header fields, the agenda list and speaker turns with line numbers.

Two speaker styles are recognised:

* heading turns, as in minutes converted from HWP/DOCX to Markdown:
  ``### 〈위원장〉``, ``## 〈000위원〉``, a bare ``〈빅데이터담당관〉`` line; agenda headings in the
  same shape carry a number and a title: ``#### 〈안전1〉 title``, ``### (안건3-1) title``;
* paragraph turns of council minutes: ``○위원장 홍길동  발언...``, ``○경제실장 홍길동  ...``
  with ``[안건] title`` lines and numbered agenda lines.

Words broken at page ends (``네트`` / ``워크``) are joined again; stage directions such as
``(의사봉 3타)`` are dropped from speech.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from difflib import SequenceMatcher
from itertools import islice, pairwise

from followup.errors import MinutesError
from followup.minutes import layouts
from followup.minutes.model import Agenda, Minutes, Paragraph, Turn

_HEADING_MARK = r"(?:#{1,6}\s*)?"  # an optional Markdown heading marker
# the words an agenda label starts with: 안건 (or 안전), 의안, 보고, 심의
_AGENDA_WORDS = r"안\s*건|안\s*전|의\s*안|보\s*고|심\s*의"
_AGENDA_NUMBER = r"\d+(?:\s*[-–.]\s*\d+)*"  # 3, 3-1, 3.1
# ``〈label〉 rest`` with an optional Markdown heading marker.
_BRACKET_LINE = re.compile(
    r"^\s*" + _HEADING_MARK + r"[〈<〔]\s*(?P<label>[^〉>〕]{1,40}?)\s*[〉>〕]\s*(?P<rest>.*)$"
)
# the label of an agenda heading, not a speaker: 안건3-1, 토론 2, 3
_AGENDA_LABEL = re.compile(r"^(?:" + _AGENDA_WORDS + r"|토\s*론)?\s*" + _AGENDA_NUMBER + "$")
# [안건] title, [의안 2] title, [의사일정 제2항] title
_SQUARE_AGENDA = re.compile(
    r"^\s*\[\s*(?:안\s*건|의\s*안|의사\s*일정\s*제?\s*\d+\s*항)\s*(?:\d+)?\s*\]\s*(?P<rest>\S.*)$"
)
_NUMBER_PREFIX = re.compile(r"^\s*(?:\d+\s*[.)]|[①-⑳])\s*")
_CIRCLE_HEAD = r"^\s*[○◯]"  # a line opening with ○ (or its look-alike ◯)
_DASH_BULLETS = "-*•·◦▪"  # bullet marks that are dashes and dots
_NAME = re.compile(r"^[가-힣]{2,4}$")
_TERMINAL = re.compile(r"[.?!。…」』\"'”’)\]]\s*$|[다요음임함됨까죠]\s*$")
_SPEAKER_SUFFIXES = (
    "위원장", "부위원장", "위원", "의원", "의장", "실장", "국장", "본부장", "단장", "과장",
    "팀장", "팀", "관", "청장", "시장", "교육감", "원장", "센터장", "부장", "대표", "이사",
    "사장", "처장", "소장", "반장", "담당", "간사", "전문위원", "수석", "대리",
)  # fmt: skip

Joiner = Callable[[str, str], bool]


@dataclass
class _Piece:
    line: int
    text: str
    starts: bool = False  # opens a paragraph of its own (a bullet or numbered line of a record)
    mark: str = ""  # Paragraph.mark of the paragraph it opens


@dataclass
class _TurnDraft:
    speaker: str
    line: int
    section: str
    pieces: list[_Piece]
    presents: bool = False
    part: str = ""  # in a structured record: member, answer, presenter or result
    no_agenda: bool = False  # under a record's 기타 heading


# Bullet marks only: a letter or number at a line start may be a word broken at a page end.
_BULLET = re.compile(r"^\s*[" + _DASH_BULLETS + r"○◯□■◆◇▶►]\s+")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>\S.*)$")
# A remark from the floor written as a turn whose parenthesis closes before the speaker
# resumes: ``○이재선 의원  의석에서 – 저도 한 마디만 하겠습니다.) 그러면 표결을 …``
_FROM_THE_FLOOR = re.compile(
    r"^(?:의석|공무원석|방청석|발언대)에서\s*[–\-—:]?\s*(?P<remark>[^()]*)\)\s*(?P<rest>.*)$"
)


def parse_minutes(text: str, *, source: str, joins: Joiner | None = None) -> Minutes:
    """Parse minutes text into header, agenda and turns.

    ``joins(left, right)`` says whether a word broken at a line end continues on the next
    line; the default asks Kiwi's spacing model. Raises :class:`MinutesError` when the text
    has no speaker turns.
    """
    if joins is None:
        from followup.korean import joins_without_space

        joins = joins_without_space
    lines = [_clean_line(line) for line in unicodedata.normalize("NFC", text).split("\n")]
    lines = _untabled(lines)
    minutes = Minutes(source=source, line_count=len(lines))

    header: list[tuple[int, str]] = []
    drafts: list[_TurnDraft] = []
    section = ""
    current: _TurnDraft | None = None
    marker_titles: list[str] = []
    headings: list[tuple[int, str]] = []  # (turns before it, text) of plain body headings

    council = not any(_bracket_turn(line) for line in lines)
    speakers = _speaker_lines(lines) if council else {}
    record = council and _is_record(lines)
    reader = _RecordReader(header, drafts, marker_titles) if record else None
    if reader is not None:
        reader.lines = lines
        reader.listed, reader.list_end = _listed_titles(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if reader is not None:
            reader.read(number, line)
            continue
        marker = _agenda_marker(line)
        if marker is not None:
            marker_titles.append(marker)
            tagged = f"{line.strip().lstrip('#').strip()}\x00{marker}"
            if current is not None and not current.pieces:
                # A heading right under a speaker heading names what that one turn presents.
                current.section, current.presents = tagged, True
            else:
                section, current = tagged, None
                if not drafts:
                    header.append((number, line))
            continue
        turn = (speakers[number], "") if number in speakers else _turn_start(line, council=council)
        if turn is not None:
            label, speech = turn
            before = current.speaker if current is not None else ""
            current = _TurnDraft(label, number, section, [])
            drafts.append(current)
            aside = _FROM_THE_FLOOR.match(speech)
            if aside and before:
                # (○이재선 의원 의석에서 – 저도 한 마디만 하겠습니다.) and the chair goes on:
                # a remark from the floor inside the chair's speech, not a turn that takes it over
                if aside["remark"].strip():
                    current.pieces.append(_Piece(number, aside["remark"].strip()))
                current = _TurnDraft(before, number, section, [])
                drafts.append(current)
                speech = aside["rest"].strip()
            if speech:
                current.pieces.append(_Piece(number, speech))
            continue
        if _MD_HEADING.match(line):
            headings.append((len(drafts), _NUMBER_PREFIX.sub("", line.strip().lstrip("#"))))
            if drafts:
                current = None  # a heading that is neither speaker nor agenda ends the turn
            else:
                header.append((number, line))
            continue
        if current is not None:
            speech = _BULLET.sub("", _drop_stage_directions(line)).strip()
            if speech:
                current.pieces.append(_Piece(number, speech))
        elif not drafts:
            header.append((number, line))

    _read_header(minutes, header, record=record)
    listed = len(minutes.agenda)
    for title in marker_titles:
        # a heading may spell a listed title a little differently; two headings are two
        # items unless they say the same (회기결정의 건 and 회의록 서명의원 선출의 건 of one 회기
        # share most of their words)
        if _match_agenda(title, minutes.agenda[:listed]) is None and all(
            _norm(a.title) != _norm(title) for a in minutes.agenda[listed:]
        ):
            minutes.agenda.append(Agenda(len(minutes.agenda) + 1, title))
    if reader is not None:
        reader.name_owners(minutes)

    _sections_from_headings(drafts, headings, minutes)
    for draft in drafts:
        if not draft.pieces:
            continue
        raw_section, _, marker = draft.section.partition("\x00")
        agenda = _match_agenda(marker, minutes.agenda) if marker else None
        paragraphs = tuple(_paragraphs(draft.pieces, joins))
        if not any(p.text.strip() for p in paragraphs):
            continue
        minutes.turns.append(
            Turn(
                index=len(minutes.turns),
                speaker=draft.speaker,
                line_start=draft.line,
                line_end=draft.pieces[-1].line,
                paragraphs=paragraphs,
                section=raw_section,
                section_agenda=agenda.position if agenda else None,
                presents=draft.presents,
                no_agenda=draft.no_agenda,
            )
        )
    if not minutes.turns:
        raise MinutesError(source, "no_speaker_turns")
    return minutes


def _sections_from_headings(
    drafts: list[_TurnDraft], headings: list[tuple[int, str]], minutes: Minutes
) -> None:
    """A plain heading in the body that names a listed agenda item (``### 2. title``) opens
    that item's section for the turns after it, up to the next such heading, as
    ``[안건] title`` does; turns under their own agenda marker keep theirs."""
    named = [(at, t.strip()) for at, t in headings if _match_agenda(t.strip(), minutes.agenda)]
    if not named:
        return
    for (start, title), (stop, _) in zip(named, [*named[1:], (len(drafts), "")], strict=True):
        for draft in drafts[start:stop]:
            if not draft.section:
                draft.section = f"{title}\x00{title}"


_MARKUP = re.compile(r"\*\*|__|`")


def _clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u200b", "").rstrip()
    return _MARKUP.sub("", line)


# ``(안건3-1) title`` / ``(3) title`` agenda headings.
_PAREN_LABEL = r"(?:" + _AGENDA_WORDS + r")?\s*" + _AGENDA_NUMBER  # 안건3-1, 3
_PAREN_AGENDA = re.compile(
    r"^\s*" + _HEADING_MARK + r"[(（]\s*(?P<label>" + _PAREN_LABEL + r")\s*[)）]\s*(?P<rest>\S.*)$"
)


def _agenda_marker(line: str) -> str | None:
    """The agenda title an agenda heading line names, or None for any other line."""
    match = _BRACKET_LINE.match(line)
    if match and match["rest"].strip() and _AGENDA_LABEL.match(match["label"].strip()):
        return match["rest"].strip()
    match = _PAREN_AGENDA.match(line)
    if match:
        return match["rest"].strip()
    match = _SQUARE_AGENDA.match(line)
    if match:
        return _NUMBER_PREFIX.sub("", match["rest"]).strip()
    return None


_SECTION_LABEL = re.compile(
    r"(개요|순서|요약|목차|회의록|참고|붙임|별첨|일정|안건|결과|조\s*건|사\s*항|의\s*견)$"
)


def _bracket_turn(line: str) -> tuple[str, str] | None:
    match = _BRACKET_LINE.match(line)
    if match:
        label = " ".join(match["label"].split())
        if _SECTION_LABEL.search(label) or _AGENDA_LABEL.match(label):
            return None
        return label, _drop_stage_directions(match["rest"]).strip()
    return None


_COUNCIL_TURN = re.compile(_CIRCLE_HEAD + r"\s*(?P<body>\S.*)$")


def _turn_start(line: str, *, council: bool) -> tuple[str, str] | None:
    """A speaker turn opening on this line. Minutes use one style: where turns are headed
    〈label〉, a line starting with ○ is a bullet inside a turn, not a new speaker."""
    turn = _bracket_turn(line)
    if turn is not None or not council:
        return turn
    match = _COUNCIL_TURN.match(line)
    return _split_council_turn(match["body"]) if match else None


_LIST_KEY = re.compile(r"^(?:안\s*건|의\s*안|의사\s*일정)$")


def _untabled(lines: list[str]) -> list[str]:
    """Minutes kept as a two-column table, saved as text (``위원장 박○○<TAB>상정합니다``, the
    speech going on in rows whose first cell is empty), written line for line as minutes in
    the council style: a speaker's row opens a ○ turn, a continued row is text, a header row
    (일시<TAB>…) reads ``일시 : …``, and an agenda row (안건<TAB>2. title) heads its item."""
    rows = [line.split("\t", 1) if "\t" in line else None for line in lines]
    speakers = sum(
        1 for row in rows if row and row[0].strip() and _split_council_turn(f"{row[0]}  x")
    )
    if sum(1 for row in rows if row) < 10 or speakers < 3:
        return lines
    out, key, spoken = [], "", False
    for line, row in zip(lines, rows, strict=True):
        if row is None:
            out.append(line)
            continue
        first, rest = row[0].strip(), row[1].strip()
        key = first or key
        if first and not _NOT_A_SPEAKER.match(first) and _split_council_turn(f"{first}  x"):
            out.append(f"○{first}  {rest}")
            spoken = True
        elif _LIST_KEY.match(key) and (entry := _NUMBERED.match(rest)):
            title = layouts.without_kind_note(entry["title"], glued=False)
            # in the header, the agenda list (its first row names it); below, an item's heading
            out.append(f"[안건] {title}" if spoken else f"{'의사일정 ' if first else ''}{rest}")
        elif first:
            out.append(f"{first} : {rest}")
        else:
            out.append(rest)
    return out


def _next_text(lines: list[str], number: int) -> str:
    """The first non-blank line after line ``number`` (1-based), or ""."""
    return next((ln for ln in islice(lines, number, None) if ln.strip()), "")


def _speaker_lines(lines: list[str]) -> dict[int, str]:
    """Minutes that name each speaker alone on a flush-left line, the speech indented below
    it (``위원장 김○○`` / ``청년정책과장`` / ``김○○ 위원``): the label by line number. Empty
    when the minutes open turns with ○ or name fewer than three speakers so."""
    found: dict[int, str] = {}
    for number, line in enumerate(lines, start=1):
        words = line.split()
        if (
            line[:1].strip()
            and 1 <= len(words) <= 4
            and len(line.strip()) <= 30
            and not re.search(r"[.?!:：,]", line)
            and any(w.endswith(_SPEAKER_SUFFIXES) for w in words)
            and _next_text(lines, number)[:1].isspace()
        ):
            found[number] = " ".join(words)
    if len(found) < 3 or any(_turn_start(line, council=True) for line in lines):
        return {}
    return found


def _split_council_turn(body: str) -> tuple[str, str] | None:
    parts = re.split(r"\s{2,}|\t", body, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) <= 30:
        label, speech = parts
    else:
        words = body.split()
        take = 2 if len(words) > 1 and _is_name_or_title(words[0], words[1]) else 1
        label, speech = " ".join(words[:take]), " ".join(words[take:])
    # a speaker is named by a title (위원장, 경제실장, 옥재은 위원); a bare word after ○ is a
    # bullet of the header (○ 상정안건, ○ 회의개요), not a turn
    words = re.sub(r"[(（][^)）]*[)）]", " ", label).split()
    if not words or not any(w.endswith(_SPEAKER_SUFFIXES) for w in words):
        return None
    return label.strip(), _drop_stage_directions(speech).strip()


def _is_name_or_title(first: str, second: str) -> bool:
    def is_title(word: str) -> bool:
        return word.endswith(_SPEAKER_SUFFIXES)

    return (is_title(first) and bool(_NAME.match(second))) or (
        bool(_NAME.match(first)) and is_title(second)
    )


_STAGE = re.compile(
    r"[(（][^()（）]*(?:「|의사봉|개의|산회|정회|속개|하는 위원|시\s*\d+\s*분|에게|보며|이동|가리키며)"
    r"[^()（）]*[)）]"
)


def _drop_stage_directions(text: str) -> str:
    return _STAGE.sub("", text)


def _paragraphs(pieces: list[_Piece], joins: Joiner) -> Iterable[Paragraph]:
    text, offsets, numbers = pieces[0].text, [0], [pieces[0].line]
    mark = pieces[0].mark
    for prev, piece in pairwise(pieces):
        if piece.starts or (_TERMINAL.search(prev.text) and not (mark and not piece.mark)):
            yield Paragraph(text, tuple(offsets), tuple(numbers), mark)
            text, offsets, numbers = piece.text, [0], [piece.line]
            mark = piece.mark
            continue
        left = text.rsplit(None, 1)[-1] if text.strip() else ""
        right = piece.text.split(None, 1)[0]
        text += "" if joins(left, right) else " "
        offsets.append(len(text))
        numbers.append(piece.line)
        text += piece.text
    yield Paragraph(text, tuple(offsets), tuple(numbers), mark)


# Header fields: the date, the place and who attended.
_DATE_LINE = re.compile(r"일\s*시|일\s*자|개최\s*일|회의\s*일|심의\s*기간|심의\s*일")
_PLACE_LINE = re.compile(r"^[\s\-*•◆◇■□○·]*장\s*소\s*[:：]\s*(?P<place>.+)$")
_ATTEND_LINE = re.compile(
    r"^[\s\-*•◆◇■□·]*(?:참석\s*위원|외부\s*위원|내부\s*위원|출석\s*위원|참\s*석\s*자)\s*[:：]\s*(?P<names>.+)$"
)
# The line that opens the agenda list: 상정안건, 의사일정, 심의안건, ◆ 안건 목록, Ⅱ. 보고 안건 ...
_AGENDA_LIST_CUE = re.compile(
    r"상정\s*안건|의사\s*일정|부의\s*안건|안\s*건\s*목록"
    r"|^[\W\dⅠ-Ⅻ]*(?:심의|보고|회의|토의|논의)?\s*안\s*건\s*[:：]?\s*$"
    r"|^[\W\dⅠ-Ⅻ]*안\s*건\s*[(（]\s*\d+\s*건\s*[)）]\s*[:：]?\s*$"  # ■ 안    건 (4건)
    # 마. 안 건 : 심의 3건 / 라. 안 건 : 심의 2건, 보고 1건
    r"|^[\W\d]*(?:[가-하]\s*\.\s*)?안\s*건\s*[:：]\s*(?:(?:[가-힣]{2,4})?\s*\d+\s*건[,，\s]*)+$"
)
# In a record's agenda list, a line that ends the list (회의결과, 2. 안건별 …)
_LIST_ENDS = re.compile(
    r"회의\s*결과|결정\s*결과|안건별|심의\s*내용|주요\s*내용|회의\s*개요|^\W*기\s*타"
    r"|^\W*(?:[가-하]\s*\.\s*)?(?:심의|의결)\s*결과"
)
# A group within the list: 심의 2건, 토론(자문) 5건, 보고안건(3건)
_GROUP_LINE = re.compile(
    r"^\s*(?:[^\w\s【]\s*)?(?P<group>[^\d\s【][^\d【]{0,12}?)\s*[(（]?\s*\d+\s*건\s*[)）]?\s*$"
)
_NUMBERED = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:【\s*(\d+)\s*】|(\d+)\s*[.)]\s+|([①-⑳]))\s*(?P<title>\S.*)$"
)
_SIGN_ROLE = re.compile(r"^(열람·?서명자|열람자|서명자|확인자|작성자|검토자|결재자|참석자)")


def _read_header(minutes: Minutes, header: list[tuple[int, str]], *, record: bool = False) -> None:
    texts = [text for _, text in header]
    minutes.title = _title(texts)
    minutes.meeting_date = _meeting_date(texts)
    in_agenda_list = in_signatures = False
    group = style = ""
    columns: dict[str, int] = {}
    for text in texts:
        plain = text.strip().lstrip("#").strip()
        if record and re.search(r"[│|┃]", plain):
            # a table of the agenda: 순번 │ 안건명 │ 소관부서 │ 결정결과
            cells = [c.strip() for c in re.split(r"[│|┃]", plain)]
            if layouts.table_cells(plain) == []:
                continue  # its rule row: |------|--------|
            if not columns:
                columns = _table_columns(cells)
            elif "title" in columns and len(cells) > columns["title"]:
                owner = cells[columns["owner"]] if "owner" in columns else ""
                if len(cells) > columns.get("owner", 0) and cells[columns["title"]]:
                    _add_agenda(minutes, cells[columns["title"]], group, owner)
                    in_agenda_list = False
            continue
        if record and in_agenda_list and _LIST_ENDS.search(plain):
            in_agenda_list = False
            continue
        if record and in_agenda_list and (entry := layouts.agenda_entry(plain)):
            if style and layouts.entry_style(plain) != style:
                in_agenda_list = False  # 바. 진행순서 after 1) … 4): the parent's numbering
                continue
            style = style or layouts.entry_style(plain)
            title, owner, kind = entry
            _add_agenda(minutes, title, group or kind, owner)
            continue
        place = _PLACE_LINE.match(plain)
        if place and not minutes.place:
            minutes.place = place["place"].strip()
        attend = _ATTEND_LINE.match(plain)
        if attend:
            minutes.attendees.extend(_names(attend["names"]))
        if "\t" in text or "성명" in text.replace(" ", ""):
            # the signature table (열람·서명자 / 확인자 / 작성자): a row naming its role starts a
            # block; rows without one (an empty first cell) continue the block above
            role = _SIGN_ROLE.match(re.sub(r"\s+", "", text))
            if role:
                in_signatures = "서명" in role[1]
            if in_signatures:
                minutes.signatories.extend(_signed_names([text]))
        if cue := _AGENDA_LIST_CUE.search(plain):
            in_agenda_list = True
            if numbered := _NUMBERED.match(plain[cue.end() :]):  # 의사일정 1. title
                _add_agenda(minutes, numbered["title"], group)
            continue
        marker = _SQUARE_AGENDA.match(plain)
        numbered = _NUMBERED.match(plain)
        if marker:
            _add_agenda(minutes, _NUMBER_PREFIX.sub("", marker["rest"]), group)
        elif numbered and (in_agenda_list or "【" in plain):
            _add_agenda(minutes, numbered["title"], group)
        elif in_agenda_list and (grp := _GROUP_LINE.match(plain)):
            group = grp["group"].strip()
    minutes.signatories = list(dict.fromkeys(minutes.signatories))
    minutes.attendees = list(dict.fromkeys(minutes.attendees))


def _signed_names(cells: list[str]) -> list[str]:
    names = []
    for cell in cells:
        match = re.search(r"성\s*명\s*[:：]?\s*([가-힣]{2,4})", cell)
        if match:
            names.append(match[1])
    return names


def _add_agenda(minutes: Minutes, title: str, group: str, owner: str = "") -> None:
    title = layouts.without_kind_note(title.strip(), glued=False)  # …(안) (심의)
    if title and all(_norm(a.title) != _norm(title) for a in minutes.agenda):
        minutes.agenda.append(Agenda(len(minutes.agenda) + 1, title, group, owner.strip()))


def _table_columns(cells: list[str]) -> dict[str, int]:
    """Which column of an agenda table holds the title and which the owning department."""
    columns: dict[str, int] = {}
    for at, cell in enumerate(cells):
        flat = re.sub(r"\s+", "", cell)
        if "title" not in columns and re.search(r"안건명|안건|제목|건명", flat):
            columns["title"] = at
        elif re.search(r"소관|부서|담당", flat):
            columns["owner"] = at
    return columns if "title" in columns else {}


def _title(texts: list[str]) -> str:
    candidates = [t for t in texts if t.lstrip().startswith("# ")]
    candidates += [t for t in texts if "회의록" in t or re.search(r"제\s*\d+\s*회", t)]
    candidates += texts[:1]
    for text in candidates:
        title = text.strip().lstrip("#").strip()
        title = re.sub(r"[「」『』]", "", title)
        title = re.sub(r"\s*회의록\s*$", "", title).strip()
        if title and "\t" not in title:
            return title
    return ""


_DATE = re.compile(r"(\d{4})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})")


def _meeting_date(texts: list[str]) -> date | None:
    ordered = [t for t in texts if _DATE_LINE.search(t)] + texts
    for text in ordered:
        for match in _DATE.finditer(text):
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def _names(text: str) -> list[str]:
    names = []
    for part in re.split(r"[,，、·]", text):
        words = part.split()
        if words and _NAME.match(words[0]) and not re.search(r"\d", part):
            names.append(words[0])
    return names


def _norm(text: str) -> str:
    return re.sub(r"[\s'’‘\"“”·ㆍ・]", "", text)


def _match_agenda(title: str, agenda: list[Agenda]) -> Agenda | None:
    wanted = _norm(title)
    if not wanted:
        return None
    best, best_ratio = None, 0.0
    for item in agenda:
        have = _norm(item.title)
        if have == wanted or (len(wanted) >= 4 and (wanted in have or have in wanted)):
            return item
        ratio = SequenceMatcher(None, wanted, have).ratio()
        if ratio > best_ratio:
            best, best_ratio = item, ratio
    return best if best_ratio >= 0.75 else None


# Structured records: summary minutes (회의록 요지) and deliberation records (심의 결과). No
# speech is transcribed; the secretary writes each member's opinion as a line (``○ 김OO 위원``
# then ``- …`` bullets, ``- (위원 A) …``, ``○ 이○○ 위원 : …``), each answer as an arrow line
# (``→ (부서) …``, ``→ 반영하겠음 : …``) or ``◎ 답변(직위) : …``, and the outcome as a result line
# (``◇ 심의결과 : 수정 의결``, ``다. 결정 사항 : 조건부 가결``) with numbered conditions under it.
_WHO_NOTE = r"[(（](?P<who>[^)）]+)[)）]"  # who, in parentheses: (부서), (직위)
_LINE_ORDINAL = r"[가-하]\s*\.\s*|\d+\s*[.)]\s*"  # 가. / 1. / 1)
_ARROW = re.compile(r"^\s*(?:→|⇒|➡|➔)\s*(?P<body>\S.*)$")
_ANSWER_HEAD = re.compile(r"^\s*◎\s*답\s*변\s*(?:" + _WHO_NOTE + r")?\s*[:：]?\s*(?P<text>.*)$")
_PRESENTER = re.compile(
    r"^\s*(?:[◎□■◆○]\s*|" + _LINE_ORDINAL + r")?"
    r"(?:제안\s*설명|보\s*고|안건\s*설명|업무\s*보고)\s*" + _WHO_NOTE + r"\s*$"
)
_RESULT = re.compile(
    r"^\s*(?:[◇◆□■▶▣○◯]\s*|" + _LINE_ORDINAL + r")?"
    r"(?P<text>(?:심의\s*결과|결정\s*사항|의결\s*결과|보고\s*결과|결\s*과)\s*[:：]\s*\S.*)$"
)
_RECORD_SECTION = re.compile(
    r"^\s*(?:[□■◆]\s*|\d+\s*\.\s*)?(?:심의|보고)?\s*안\s*건\s*(?:제\s*)?\d+\s*(?:호)?\s*"
    r"(?:[(（][^)）]*[)）])?\s*[:：]\s*(?P<title>\S.*)$"
)
_RECORD_SECTION_BOX = re.compile(
    r"^\s*【\s*(?:(?:제\s*)?\d+\s*호?\s*안\s*건|안\s*건\s*(?:제\s*)?(?:\d+|[①-⑳])\s*호?)\s*】"
    r"\s*(?P<title>\S.*)$"
)
_OUTCOME = re.compile(r"^(?:원안|수정|조건부|재심의|재자문|보류|부결|가결|보고\s*접수|의결|채택)")
_MEMBER_LINE = re.compile(
    r"^\s*(?:[-·•◦▪]|ㅇ)?\s*[(（]\s*(?P<label>부?위원장|[가-힣○OＯ*]{0,4}\s*위원(?:\s*[A-Za-z○]{1,2})?)"
    r"\s*[)）]"
    r"\s*(?P<text>\S.*)$"
)
_MEMBER_COLON = re.compile(_CIRCLE_HEAD + r"\s*(?P<label>[^:：]{1,16}?)\s*[:：]\s*(?P<text>\S.*)$")
_MEMBER_TITLE = re.compile(r"(?:위원|위원장|의원)(?:\s*[(（][^)）]*[)）])?$")
_NOT_A_SPEAKER = re.compile(r"^(?:참석|출석|불참|외부|내부|재적|배석|당연직|위촉|심의)")
_STRUCTURE = re.compile(r"^\s*(?:[□■◆◇◎【※=]|[가-하]\s*\.\s|\d+\s*\.\s|[-=─━]{3,}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])")
_RECORD_BULLET = re.compile(r"^\s*(?:[" + _DASH_BULLETS + r"]|ㅇ|[○◯])\s*")
_BOXES = "[□■▣◆]"  # the box that may head an agenda item's sections
# what may head an agenda item's sections: □ title, 1. title, 가. title, or the title alone
_TITLE_MARK = r"^\s*(?:" + _BOXES + r"\s*|\d{1,2}\s*[.)]\s*|[가-하]\s*[.)]\s*)"
_TITLE_LINE = re.compile(_TITLE_MARK + r"?[가-힣A-Za-z0-9'‘「]")
_DEPARTMENT_WORD = layouts.DEPARTMENT_WORD
# who answers when the line does not name a department: the item's own department
_OWN_DEPARTMENT = "소관과"


def _listed_titles(lines: list[str]) -> tuple[list[str], int]:
    """A record's agenda list read ahead: its titles and the number of its last line, so that a
    section heading that only repeats a listed title is known when it is read."""
    titles: list[str] = []
    listing, end, style = False, 0, ""
    for number, line in enumerate(lines, start=1):
        plain = line.strip()
        if listing and (_LIST_ENDS.search(plain) or re.match(_BOXES, plain)):
            break
        if _AGENDA_LIST_CUE.search(plain):
            listing, end = True, number
        elif listing and (entry := layouts.agenda_entry(plain)):
            if any(_norm(t) == _norm(entry[0]) for t in titles):
                break  # a listed title again: the section it heads, past the list
            if style and layouts.entry_style(plain) != style:
                break  # 바. 진행순서 after 1) … 4): the parent's numbering resumes
            style = style or layouts.entry_style(plain)
            titles.append(entry[0])
            end = number
    return titles, end


def _is_record(lines: list[str]) -> bool:
    """Minutes written as a structured record: answers on arrow lines or ◎ 답변, and results."""
    answers = sum(
        1
        for line in lines
        if _ARROW.match(line)
        or _ANSWER_HEAD.match(line)
        or layouts.plan_line(line) is not None
        or ((exchange := layouts.exchange_line(line)) is not None and exchange[0])
    )
    results = sum(1 for line in lines if _RESULT.match(line) or layouts.result_heading(line))
    tables = any(layouts.opinion_columns(cells or []) for cells in map(layouts.table_cells, lines))
    # a record in prose sections: 주요 논의사항 (members' points) and 조치사항 or a result
    parts = {part[0] for line in lines if (part := layouts.prose_part(line))}
    prose = "discussion" in parts and ("action" in parts or results >= 1)
    return ((answers >= 2 or tables) and results >= 1) or prose


def _answerer(who: str) -> str:
    """Who answers on an arrow line ``→ (부서) …``: the department, or the secretary (간사)."""
    department = _department(who) or next(
        (w for w in who.split() if _DEPARTMENT_WORD.search(w)), ""
    )  # (주택정책과장 홍길동)
    if not department and re.match(r"간\s*사", who.strip()):
        return "간사"
    return department


def _department(who: str) -> str:
    """The department a parenthesised name gives (역세권사업과 / 설계자 : ㈜… -> 역세권사업과),
    or "" for an applicant, a designer or a person."""
    for part in re.split(r"[/,，·]", who):
        part = part.split(":")[0].split("：")[0].strip()
        if part and _DEPARTMENT_WORD.search(part.split()[-1]):
            return part
    return ""


class _RecordReader:
    """Turns of a structured record, line by line: members' opinions, answers, the
    presentation, and the result with its numbered conditions."""

    def __init__(
        self, header: list[tuple[int, str]], drafts: list[_TurnDraft], markers: list[str]
    ) -> None:
        self.header, self.drafts, self.markers = header, drafts, markers
        self.section = ""
        self.current: _TurnDraft | None = None
        self.member = ""  # the member whose bullets these are
        self.presenter = ""  # the department presenting the current item
        self.owners: dict[str, str] = {}  # section title -> presenting department
        self.answer_block = False  # ◎ 답변(직위) alone: the bullets below are its answer
        self.outcome_pending = False  # 결정 사항 alone: the outcome is on the next line
        self.past_agenda = False  # under 기타, after the last agenda item
        self.listed: list[str] = []  # the titles of the agenda list, read ahead
        self.list_end = 0  # the line after the agenda list
        self.table: dict[str, int] | None = None  # the columns of the opinion table being read
        # under a heading of a record in prose: "discussion" (주요 논의사항), whose bullets are
        # members' points, or "action" (조치사항), whose bullets are departments' promises
        self.prose = ""
        self.lines: list[str] = []  # the whole text, to look ahead for a section's title

    def _start(self, label: str, number: int, part: str, presents: bool = False) -> _TurnDraft:
        draft = _TurnDraft(label, number, self.section, [], presents=presents, part=part)
        draft.no_agenda = self.past_agenda
        self.drafts.append(draft)
        self.current = draft
        return draft

    def _add(self, number: int, text: str, *, starts: bool = True, mark: str = "") -> None:
        text = _drop_stage_directions(text).strip()
        if self.current is not None and self.current.part == "member":
            text = layouts.without_closing_member(text)  # … 검토 바람 (김○○ 위원)
        if text and self.current is not None:
            if starts and not mark and self.current.part in ("member", "answer"):
                mark = "point"  # an opinion or answer line: a point of its own
            self.current.pieces.append(_Piece(number, text, starts, mark))

    def _outside(self, number: int, line: str) -> None:
        self.current = None
        if not self.drafts:
            self.header.append((number, line))

    def read(self, number: int, line: str) -> None:
        cells = layouts.table_cells(line)
        if cells is None:
            self.table = None
        elif self._table_row(number, cells):
            return
        if number > self.list_end and self._exchange(number, line):
            return
        in_result = self.current is not None and self.current.part == "result"
        title = self._section_title(line, in_result=in_result)
        if title is None and number > self.list_end:
            title = self._listed_heading(line) or self._prose_title(number, line)
        if title is not None:
            title, owner = layouts.split_owner(title)  # □ 안건 1 : title (소관: 과)
            if owner:
                self.owners[title] = owner
            self.markers.append(title)
            self.section, self.member, self.presenter = f"{line.strip()}\x00{title}", "", ""
            self.past_agenda, self.prose = False, ""
            self._outside(number, line)
            return
        prose = layouts.prose_part(line)
        if prose is not None and prose[0] == "overview" and not self.section:
            prose = None  # □ 심의 개요 above every item: the document's own overview
        if prose is not None:
            self.prose, self.member = prose[0], ""
            if prose[0] == "overview":  # ○ 안건 개요 (지역재생과): the item's presentation
                self._present(number, prose[1])
            else:
                self._outside(number, line)
            return
        if self.drafts and layouts.subheading(line):
            self.member = ""
            self._outside(number, line)
            return
        header = not self.drafts and not self.section  # past an item's heading: its body
        if header and not _PRESENTER.match(line) and not _RESULT.match(line):
            plain = line.strip().lstrip("#").strip()
            turn = _turn_start(line, council=True)
            opinion = (
                _MEMBER_LINE.match(line)
                or self._member_colon(line)
                or layouts.member_head(line)
                or _ARROW.match(line)
            )
            if _ATTEND_LINE.match(plain) or _PLACE_LINE.match(plain) or _DATE_LINE.search(plain):
                opinion = turn = None
            if not opinion and (turn is None or _NOT_A_SPEAKER.match(turn[0])):
                self.header.append((number, line))
                return
        if match := _PRESENTER.match(line):
            self._present(number, match["who"])
            return
        if self.section and (who := layouts.department_line(line)) is not None:
            self._present(number, who)  # 1. 사업부서 : 미래한강본부 한강정책과
            return
        if planned := layouts.plan_line(line):  # ○ 위원 A 의견 → 반영 예정 : …
            _, text, promised = planned
            self._start(self.presenter or _OWN_DEPARTMENT, number, "answer")
            self.answer_block = False
            self._add(number, text, mark="promise" if promised else "declined")
            return
        if match := _RESULT.match(line):
            self.prose = ""
            self._start("위원장", number, "result")
            self._add(number, line.strip(), mark="result")
            return
        if layouts.result_heading(line):
            self.prose = ""
            self._start("위원장", number, "result")
            self.outcome_pending = True
            return
        if match := _ANSWER_HEAD.match(line):
            who = (match["who"] or "").strip()
            self._start(
                _department(who) or who or self.presenter or _OWN_DEPARTMENT, number, "answer"
            )
            self.answer_block = not match["text"].strip()
            self._add(number, match["text"])
            return
        if (match := _ARROW.match(line)) and _RESULT.match(match["body"]):
            self.prose = ""  # ⇒ 심의 결과 : 원안 의결
            self._start("위원장", number, "result")
            self._add(number, match["body"].strip(), mark="result")
            return
        if match := _ARROW.match(line):
            body = match["body"]
            plan = re.match(r"조치\s*계획\s*[:：]\s*", body)
            if self.current is not None and self.current.part == "result" and not plan:
                condition = layouts.condition_text(body)  # ⇒ 조건 ① …, ⇒ 권고사항 : …
                if condition is not None:
                    self._add(number, condition, mark="condition")
                else:
                    self._add(number, body, starts=False)
                return
            named = re.match(_WHO_NOTE + r"\s*", body)
            if named:
                who, body = _answerer(named["who"]), body[named.end() :]
            elif subject := layouts.prose_answerer(body):  # → 간사(균형발전정책과)는 …
                who = _answerer(subject)
            else:  # ⇒ 조치계획 : … (버스정책과); → 공공디자인과 : …
                body, who = layouts.leading_department(body[plan.end() :] if plan else body)
                if not who:
                    body, who = layouts.trailing_department(body)
                who = _answerer(who) if who else ""
            self._start(who or self.presenter or _OWN_DEPARTMENT, number, "answer")
            self.answer_block = False
            # ⇒ 조치계획 : … 제출하여 확인 후 확정: a plan as written, a promise without 하겠음
            self._add(number, body, mark="promise" if plan else "")
            return
        if match := _MEMBER_LINE.match(line):
            self.member = " ".join(match["label"].split())
            self._start(self.member, number, "member")
            self._add(number, match["text"])
            return
        if head := layouts.member_head(line):
            self.member = head[0]
            self._start(self.member, number, "member")
            self._add(number, head[1])
            return
        if colon := self._member_colon(line):
            self.member = colon[0]
            self._start(self.member, number, "member")
            self._add(number, colon[1])
            return
        if self.current is not None and self.current.part == "result":
            if self._result_line(number, line):
                return
            if _RECORD_BULLET.match(line) or line.lstrip().startswith("※"):
                self._add(number, _RECORD_BULLET.sub("", line).lstrip("※ "), starts=False)
                return
        turn = _turn_start(line, council=True)
        if turn is not None and re.match(_CIRCLE_HEAD, line) and not _NOT_A_SPEAKER.match(turn[0]):
            label, speech = turn
            self.member = label
            self._start(label, number, "member")
            self._add(number, speech)
            return
        if self._prose_bullet(number, line):
            return
        if _RECORD_BULLET.match(line) and not _STRUCTURE.match(line):
            dash = re.match(r"^\s*(?:[-*•·]|ㅇ)", line)
            opinion_or_answer = self.current is not None and self.current.part in (
                "member",
                "answer",
            )
            if not dash and opinion_or_answer and not self.answer_block:
                self.member = ""  # ○ 차기 회의는 …: a note of the record, past the exchange
                self._outside(number, line)
                return
            answered = self.current is None or (
                self.current.part == "answer" and not self.answer_block
            )
            if dash and self.member and answered:
                self._start(self.member, number, "member")  # the member goes on after an answer
            self._add(number, _RECORD_BULLET.sub("", line))
            return
        if _STRUCTURE.match(line):
            self.member = self.prose = ""
            if re.search(r"^\W*(?:\d+\s*\.|[가-하Ⅰ-Ⅻ]\s*\.)?\s*기\s*타", line):
                self.section = self.presenter = ""  # 기타 (사항): past the last agenda item
                self.past_agenda = True
            self._outside(number, line)
            return
        if self.current is not None:
            self._add(number, line, starts=False)
        else:
            self._outside(number, line)

    def _exchange(self, number: int, line: str) -> bool:
        """A labelled line of a question-and-answer record: 질의(김○○ 위원): … is the member's
        point, 답변(학교급식과장): … the answer of the department it names; 위원장: … is the
        chair speaking, 간사(…): … the secretary answering."""
        if (exchange := layouts.exchange_line(line)) is not None:
            answers, who, text = exchange
            if answers:
                self._start(
                    _answerer(who) or who or self.presenter or _OWN_DEPARTMENT, number, "answer"
                )
                self.answer_block = False
            else:
                self.member = who
                self._start(who, number, "member")
            self._add(number, text)
            return True
        if (role := layouts.role_line(line)) is None or not self.drafts:
            return False
        title, who, text = role
        if title == "간사":
            self._start(_answerer(who) or "간사", number, "answer")
        else:
            self._start(title, number, "chair")
        self._add(number, text)
        return True

    def _present(self, number: int, who: str) -> None:
        """The item's presentation (◎ 제안설명(과), ○ 안건 개요 (과)): its department owns it."""
        department = layouts.presenting_department(who) or _department(who)
        self.presenter = department
        if department and self.section:
            self.owners.setdefault(self.section.partition("\x00")[2], department)
        self._start(department or _OWN_DEPARTMENT, number, "presenter", presents=True)

    def _prose_bullet(self, number: int, line: str) -> bool:
        """A bullet of a record in prose: under a heading of discussion a member's point (the
        member it names, else one not named), under a heading of actions the promise of the
        department its closing note names (else the item's own); a bullet anywhere that names
        a member as its subject (○ 김○○ 위원은 …) is that member's point."""
        bullet = _RECORD_BULLET.match(line)
        if bullet is None or _STRUCTURE.match(line):
            return False
        text = line[bullet.end() :].strip()
        whole = self._bullet_rest(number, text)
        member = layouts.named_member(text) or layouts.named_member(whole)
        if self.prose == "action" and not member:
            who = layouts.action_owner(text)
            self._start(
                _answerer(who) or who or self.presenter or _OWN_DEPARTMENT, number, "answer"
            )
            done = layouts.no_action(whole)
            self._add(number, text, mark="declined" if done else "promise")
            return True
        if not member and (self.prose != "discussion" or self.member):
            return False
        self._start(member or "위원", number, "member")
        self._add(number, text)
        return True

    def _bullet_rest(self, number: int, text: str) -> str:
        """The bullet's words with the lines that continue it (… 필요가 있음(김○○ 위원) may
        close on the next line, or the member's name stand alone there)."""
        words = [text]
        for following in islice(self.lines, number, None):
            if (
                not following.strip()
                or _RECORD_BULLET.match(following)
                or _STRUCTURE.match(following)
                or _ARROW.match(following)
            ):
                break
            words.append(following.strip())
        return " ".join(words)

    def _prose_title(self, number: int, line: str) -> str | None:
        """A line that heads a record's prose sections (``1. title``, ``□ title``, ``가. title``
        or a bare line, then ``○ 안건 개요`` / ``○ 주요 논의사항`` next) is an agenda title."""
        if not _TITLE_LINE.match(line) or _RESULT.match(line) or layouts.prose_part(line):
            return None
        if layouts.prose_part(_next_text(self.lines, number)) is None:
            return None
        title = re.sub(_TITLE_MARK, "", line).strip()
        # a sentence (… 완료하였음(…)) or a labelled line (진행순서 : …) heads nothing
        bare = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", title)
        if not title or _TERMINAL.search(bare) or re.search(r"[:：]", title):
            return None
        entry = layouts.agenda_entry(f"1. {title}")  # without a (심의) note
        title = entry[0] if entry else title
        return next((t for t in self.listed if _norm(t) == _norm(title)), title)

    def _table_row(self, number: int, cells: list[str]) -> bool:
        """Read a row of a table of opinions and answers: the header row names the columns;
        below it the member's opinion is the member's turn and the answer the turn of the
        department it names (else the item's own). False for a row of any other table."""
        columns = layouts.opinion_columns(cells)
        if columns is not None:
            self.table, self.member, self.current = columns, "", None
            return True
        if self.table is None:
            return False

        def cell(name: str) -> str:
            at = self.table.get(name, len(cells)) if self.table else len(cells)
            return cells[at] if at < len(cells) else ""

        if who := cell("member"):  # an empty cell: merged with the member of the row above
            self.member = who if re.search(r"위원|의원", who) else f"{who} 위원"
        opinion = cell("opinion")
        if self.member and re.search(r"\w", opinion):
            self._start(self.member, number, "member")
            self._add(number, opinion)
        answer = layouts.answer_text(cell("answer"))
        if answer is not None:
            text, who, declines = answer
            department = _answerer(who) if who else ""
            self._start(department or self.presenter or _OWN_DEPARTMENT, number, "answer")
            self._add(number, text, mark="declined" if declines else "")
        self.answer_block = False
        return True

    @staticmethod
    def _section_title(line: str, *, in_result: bool = False) -> str | None:
        if re.match(_CIRCLE_HEAD, line):
            return None  # ○ 안건 1 : 조건부 가결 restates a result in the header
        match = _RECORD_SECTION.match(line) or _RECORD_SECTION_BOX.match(line)
        if match:
            title = match["title"].strip()
            return None if _OUTCOME.match(title) else title
        if in_result and layouts.condition_text(line) is not None:
            return None  # (1) …: a condition under the result, not a heading
        marker = _agenda_marker(line)
        if marker is None and (loose := layouts.section_title(line)) is not None:
            return None if _OUTCOME.match(loose) else loose
        return marker

    def _listed_heading(self, line: str) -> str | None:
        """A numbered line that repeats a listed title word for word (``1. title``, ``□ 제2호
        title``, ``가. title``) heads that item's section."""
        entry = layouts.agenda_entry(re.sub(r"^\s*" + _BOXES + r"\s*", "", line))
        return None if entry is None else self._listed_title(entry[0])

    def _listed_title(self, title: str) -> str | None:
        """The listed title ``title`` repeats, its kind note (보고) aside."""
        wanted = _norm(layouts.without_kind_note(title))
        return next((t for t in self.listed if _norm(layouts.without_kind_note(t)) == wanted), None)

    # a line of a list of results: 1. title : 원안 가결
    _LISTED_RESULT = re.compile(
        r"^(?:" + _LINE_ORDINAL + r"|[①-⑳])\s*(?P<title>\S.*?)\s*[:：]\s*(?P<outcome>\S.*)$"
    )

    def _result_line(self, number: int, line: str) -> bool:
        """Read a line under a result: the outcome below a bare 결정 사항 heading, a numbered
        condition, or a label (※ 부대의견, [재상정 시 보완사항]) that says nothing itself."""
        plain = _RECORD_BULLET.sub("", line).strip()
        listed = self._LISTED_RESULT.match(plain)
        title = self._listed_title(listed["title"]) if listed else None
        if listed and title and _OUTCOME.match(listed["outcome"]):
            # 1. title : 원안 가결 in a list of results: that item's result
            self.section, self.outcome_pending = f"{line.strip()}\x00{title}", False
            self._start("위원장", number, "result")
            self._add(number, plain[listed.start("title") :], mark="result")
            return True
        if self.outcome_pending and _OUTCOME.match(plain):
            self.outcome_pending = False
            self._add(number, plain, mark="result")
            return True
        condition = layouts.condition_text(line)
        if condition is not None:
            self._add(number, condition, mark="condition")
            return True
        label = re.fullmatch(r"[※\[［<〈]\s*([^:：\]］>〉]{1,20}?)\s*[\]］>〉]?", plain)
        return bool(label and not _TERMINAL.search(label[1]))

    @staticmethod
    def _member_colon(line: str) -> tuple[str, str] | None:
        match = _MEMBER_COLON.match(line)
        label = match["label"].strip() if match else ""
        if match and _MEMBER_TITLE.search(label) and not _NOT_A_SPEAKER.match(label):
            return " ".join(match["label"].split()), match["text"]
        return None

    def name_owners(self, minutes: Minutes) -> None:
        """The department presenting an item owns it, unless the agenda list names one."""
        for title, department in self.owners.items():
            found = _match_agenda(title, minutes.agenda)
            if found is not None and not found.owner:
                minutes.agenda[found.position - 1] = replace(found, owner=department)
