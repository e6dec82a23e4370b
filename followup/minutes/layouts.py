"""Layout variants of the structured records (회의록 요지, 심의 결과), one small reader per family.

Secretaries write the same parts in many shapes; each function here reads one part in all
the shapes seen so far and returns what it says, or None for a line that is not that part:

* an agenda list entry: ``1. title``, ``가. title``, ``제1호 title``, ``제1호 : title``,
  ``① title``, with a kind note (`` (심의)``, ``[자문]``) and the owning department after it
  (`` - 공원조성과``, ``(소관: 공원조성과)``, ``(소관부서 : …)``);
* a section heading: ``□ 안건 1  title`` (no colon), ``▣ 안건 가. title``, ``[안건 가] title``;
* a member's heading: ``○ 위원 A``, ``○ 김OO 위원``, ``○ 위원 D : 의견 …``;
* a numbered condition under a result: ``①``, ``1)``, ``1.``, ``가.``, ``(1)``, ``(조건 1)``,
  ``(수정 2)``, ``(보완 1)``, ``(자문의견 1)``, ``조건 1.``;
* the result heading written alone (``3. 결정 사항``) with the outcome on the next line;
* a sub-heading inside an item (``2) 위원 의견 및 조치계획``);
* a table of opinions and answers, whether its rows come as ``| a | b |`` text or as a DOCX or
  HWPX table (the readers give a row as its cells joined by tabs): the header row naming the
  columns (위원 / 주요 의견 / 조치 계획), then per row a member, the opinion and the answer, the
  answer led by its status (``반영 :``, ``미반영 :``, ``검토 중 :``) and ended by its department.
"""

from __future__ import annotations

import re

_ORD = "[가나다라마바사아자차카타파하]"  # 가. 나. 다. …: a letter used as an ordinal
_ORD_ITEM = _ORD + r"\s*[.)]"  # 가. / 가)
# the last word of a department's name (역세권사업과, 서부공원여가센터, SH공사) or its head's
DEPARTMENT_WORD = re.compile(r"(?:과|국|실|관|센터|팀|단|본부|사업소|공단|공사|진흥원|청)(?:장)?$")

# ``title ………… 스마트도시정책과``: the owner after leader dots
_OWNER_DOTS = re.compile(r"\s*(?:…+|[·.]{3,})\s*(?P<owner>[^…·.\s][^…]{1,29})$")
# `` - 공원조성과``, ``(소관: 공원조성과)``, ``(소관부서 : 공원조성과)``, ``(담당 : …)``
_OWNER_WORD = r"소\s*관|담\s*당"
_DEPARTMENT_UNIT = r"(?:\s*부\s*서|\s*과)?"  # 소관부서, 담당과
_OWNER_DASH = re.compile(r"\s+[-–—]\s*(?P<owner>[^-–—()（）]{2,30})$")
_OWNER_BRACKET = re.compile(
    r"\s*[\[［]\s*(?:(?:제\s*안|" + _OWNER_WORD + r")" + _DEPARTMENT_UNIT + r"\s*[:：]?\s*)?"
    r"(?P<owner>[^\]］:：]{2,30})[\]］]\s*$"
)
_OWNER_NOTE = re.compile(
    r"\s*[(（]\s*(?:" + _OWNER_WORD + r")" + _DEPARTMENT_UNIT + r"\s*[:：]?\s*"
    r"(?P<owner>[^)）]{2,30})[)）]\s*$"
)


def split_owner(title: str) -> tuple[str, str]:
    """The title without an owning department written after it, and that department."""
    for pattern in (_OWNER_NOTE, _OWNER_BRACKET, _OWNER_DASH, _OWNER_DOTS):
        match = pattern.search(title)
        if match and DEPARTMENT_WORD.search(match["owner"].strip().split()[-1]):
            return title[: match.start()].strip(), match["owner"].strip()
    return title.strip(), ""


# Ordinal of a list entry: 1. / 1) / 가. / 가) / ① / 제1호 (:) / ○ 안건 1 :
_ENTRY = re.compile(
    r"^[-·•○◯ㅇ\s]*(?:\d{1,2}\s*[.)]|"
    + _ORD_ITEM
    + r"|[①-⑳]|제\s*\d+\s*호\s*[:：.]?|안\s*건\s*\d{1,2}\s*[:：.)])\s*(?P<title>\S.*)$"
)
# `` (심의)``, `` (보고)``, `` [자문]`` after a title: which kind of item it is
_KINDS = r"(?P<kind>(?:심의|보고|의결|자문|토론|논의|협의|검토)(?:\s*안건)?)"
_KIND_NOTE = re.compile(r"\s+[(（\[［]\s*" + _KINDS + r"\s*[)）\]］]\s*$")
# the same note written against the title: 해소 대책(보고)
_GLUED_KIND_NOTE = re.compile(r"\s*[(（]\s*" + _KINDS + r"\s*[)）]\s*$")


def without_kind_note(title: str, *, glued: bool = True) -> str:
    """The title without a kind note at its end, spaced (``…(안) (심의)``) or, unless told
    not to, glued (``… 대책(보고)``)."""
    return (_GLUED_KIND_NOTE if glued else _KIND_NOTE).sub("", title)


def entry_style(line: str) -> str:
    """The kind of ordinal an agenda list entry opens with (``1)``, ``1.``, ``가.``, ``①`` …),
    so that a list ends where its parent's numbering resumes (``마. 안건`` … ``바. 진행순서``)."""
    match = _ENTRY.match(line)
    if match is None:
        return ""
    ordinal = line[: match.start("title")].strip(" -·•○◯ㅇ")
    return re.sub(r"\d+", "9", re.sub(_ORD, "가", ordinal)).replace(" ", "")


def agenda_entry(line: str) -> tuple[str, str, str] | None:
    """(title, owner, kind) of an entry of a record's agenda list, or None."""
    match = _ENTRY.match(line)
    if match is None:
        return None
    title, owner = split_owner(match["title"])
    kind = ""
    # a spaced note, or one glued after the bill's own (안): 선정(안)(심의)
    note = _KIND_NOTE.search(title) or _GLUED_KIND_NOTE.search(title)
    if note and (note.re is _KIND_NOTE or title[: note.start()].endswith((")", "）"))):
        title, kind = title[: note.start()].strip(), note["kind"]
        if not owner:
            title, owner = split_owner(title)
    return (title, owner, kind) if title else None


# □ 안건 1  title / ▣ 안건 가. title / 1. 안건 2) title / □ 안건 1 title; [안건 가] title;
# □ 제1호 안건 : title
_SECTION_BOX = "[□■◆▣◈▶]"
_SECTION = re.compile(
    rf"^\s*(?:{_SECTION_BOX}\s*|\d+\s*\.\s*)?(?:심의|보고)?\s*안\s*건\s*(?:제\s*)?(?:\d+|{_ORD})\s*호?"
    r"(?:\s*[.)]\s*|\s{2,}|\s*[-–]\s+)(?P<title>\S.*)$"
    rf"|^\s*{_SECTION_BOX}\s*(?:심의|보고)?\s*안\s*건\s*(?:제\s*)?\d+\s*호?\s+(?P<spaced>\S.*)$"
    rf"|^\s*{_SECTION_BOX}\s*(?:심의|보고)?\s*제\s*\d+\s*호\s*(?:안\s*건)?\s*(?:[:：.)]\s*|\s+)(?P<ordinal>\S.*)$"
)
_SECTION_BRACKET = re.compile(
    r"^\s*[\[［]\s*안\s*건\s*(?:제\s*)?(?:\d+|" + _ORD + r")\s*호?\s*[\]］]\s*(?P<title>\S.*)$"
)


def section_title(line: str) -> str | None:
    """The agenda title a section heading without a colon names, or None."""
    match = _SECTION.match(line)
    if match:
        return next(t for t in match.group("title", "spaced", "ordinal") if t).strip()
    match = _SECTION_BRACKET.match(line)
    return match["title"].strip() if match else None


_MEMBER_WORD = r"(?:부?위원장|위원)"
_LETTERED_MEMBER = _MEMBER_WORD + r"\s*[A-ZＡ-Ｚ]"  # 위원 A, 부위원장 B
_MASKED_NAME = r"[가-힣][○OＯ◯xX*＊]{1,2}"  # 김OO, 김○○
_NAMED_BY_LETTER = rf"(?P<label>{_LETTERED_MEMBER}|{_MASKED_NAME}\s*{_MEMBER_WORD})"
# ○ 위원 A / ○ 김OO 위원 / ○ 김○○ 위원 / ○ 위원 D : text; without the bullet, only with text
# after the colon (위원 A : 이견 없음)
_MEMBER_HEAD = re.compile(
    rf"^\s*[○◯ㅇ]\s*{_NAMED_BY_LETTER}\s*(?:[:：]\s*(?P<text>\S.*))?$"
    rf"|^\s*{_NAMED_BY_LETTER.replace('label', 'bare')}\s*[:：]\s*(?P<said>\S.*)$"
)


def member_head(line: str) -> tuple[str, str] | None:
    """(label, text after a colon) of a member's heading named by letter or masked name."""
    match = _MEMBER_HEAD.match(line)
    if match is None:
        return None
    label = match["label"] or match["bare"]
    return " ".join(label.split()), (match["text"] or match["said"] or "").strip()


# The department that brings an item, on a line of its own: 1. 사업부서 : 미래한강본부 한강정책과
_DEPARTMENT_LINE = re.compile(
    r"^\s*(?:\d{1,2}\s*[.)]\s*|[□○◯ㅇ·-]\s*)?(?:사\s*업|소\s*관|담\s*당|제\s*안)\s*부\s*서"
    r"\s*[:：]\s*(?P<who>\S.*)$"
)


def department_line(line: str) -> str | None:
    """The department a line names as the item's own (사업부서 : …), or None."""
    match = _DEPARTMENT_LINE.match(line)
    return match["who"].strip() if match else None


# what a numbered line under a result may be called: (조건 1), (수정 2), 부대의견 1.
_CONDITION_LABEL = r"(?:조건|수정|보완(?:\s*사항)?|부대\s*의견|자문\s*의견|권고(?:\s*사항)?|의견)"
_CONDITION = re.compile(
    r"^\s*(?:[-·•]\s*)?(?:\d{1,2}\s*[.)]|[①-⑳]|"
    + _ORD_ITEM
    + r"|[(（]\s*(?:"
    + _CONDITION_LABEL
    + r"\s*)?\d{1,2}\s*[)）]|"
    + _CONDITION_LABEL
    + r"\s*(?:\d{1,2}\s*[.):：]|[①-⑳]\s*[.)]?)|"
    + _CONDITION_LABEL
    + r"\s*[:：])\s*(?P<text>\S.*)$"
)
# a sub-heading in an item's part, never a condition: 나. 위원 의견, 2) 조치계획, 기타
_PART_WORDS = re.compile(
    r"^(?:위원\s*의견|주요\s*의견|의견\s*및|질의|조치\s*계획|제안\s*설명|결정\s*사항|심의\s*결과|기\s*타)"
)


def condition_text(line: str) -> str | None:
    """The text of a numbered condition under a result, or None."""
    match = _CONDITION.match(line)
    if match is None:
        return None
    text = match["text"].strip()
    return None if len(text) <= 8 or _PART_WORDS.match(text) else text


def presenting_department(who: str) -> str:
    """The department a presenter's note names as owner (``노원구 공원녹지과 / 시 소관부서 :
    공원조성과`` -> 공원조성과), or ""."""
    match = re.search(r"소\s*관" + _DEPARTMENT_UNIT + r"\s*[:：]\s*(?P<owner>[^/,，)）]+)", who)
    return match["owner"].strip() if match else ""


_RESULT_HEADING = re.compile(
    r"^\s*(?:[◇◆□■▶]\s*|"
    + _ORD_ITEM
    + r"\s*|\d+\s*[.)]\s*|[Ⅰ-Ⅻ]\s*\.\s*)?(?:심의\s*결과|결정\s*사항|의결\s*결과)\s*[:：]?\s*$"
)


def result_heading(line: str) -> bool:
    """A result heading with the outcome on the lines below it (``3. 결정 사항``)."""
    return bool(_RESULT_HEADING.match(line))


_SUBHEADING = re.compile(
    r"^\s*(?:\d+\s*[.)]|" + _ORD_ITEM + r"|[□■◆◎▶]\s*)\s*(?:위원\s*의견|주요\s*의견)"
)


def subheading(line: str) -> bool:
    """A sub-heading of an item's part (``2) 위원 의견 및 조치계획``)."""
    return bool(_SUBHEADING.match(line))


# Tables of opinions and answers. A row is ``| a | b | c |`` in text, cells joined by tabs as
# the DOCX and HWPX readers give a real table's row.
_PIPE = "|│┃"
_RULE_CELL = re.compile(r"^:?[-─━=]{2,}:?$")


def table_cells(line: str) -> list[str] | None:
    """The cells of a table row, [] for a rule row (``|---|---|``), or None for a line that
    is no table row."""
    text = line.strip()
    if (text[:1] in _PIPE and len(text) > 1) or len(re.findall(r"[|│┃]", text)) >= 2:
        inner = re.sub(r"^[|│┃]|[|│┃]$", "", text)
        cells = [cell.strip() for cell in re.split(r"[|│┃]", inner)]
    elif "\t" in text:  # a first cell left empty (merged with the row above) starts the line
        cells = [cell.strip() for cell in line.split("\t")]
    else:
        return None
    return [] if all(_RULE_CELL.match(c) or not c for c in cells) else cells


_MEMBER_COLUMN = re.compile(
    r"^(?:위\s*원(?:\s*명)?|발\s*언\s*자|(?:발언|질의)\s*위원|구\s*분|성\s*명)$"
)
_ANSWER_COLUMN = re.compile(r"답\s*변|조\s*치|반\s*영|향후\s*계획|처리\s*(?:계획|결과)|이행\s*계획")
_OPINION_COLUMN = re.compile(r"의\s*견|지적\s*사항|질\s*의|요구\s*사항|건\s*의|제안\s*사항")


def opinion_columns(cells: list[str]) -> dict[str, int] | None:
    """Which column of a table's header row holds the member, the opinion and the answer;
    None unless it names a member and an opinion column."""
    columns: dict[str, int] = {}
    for at, cell in enumerate(cells):
        flat = " ".join(cell.split())
        if _MEMBER_COLUMN.match(flat):
            columns.setdefault("member", at)
        elif _ANSWER_COLUMN.search(flat):
            columns.setdefault("answer", at)
        elif _OPINION_COLUMN.search(flat):
            columns.setdefault("opinion", at)
    return columns if "member" in columns and "opinion" in columns else None


# an answer that is no promise: the opinion is not taken up, or not yet
_DECLINED = r"미\s*반영|반영\s*곤란|수용\s*곤란|불\s*수용|검토\s*중"
# an answer's status: 반영 : …, 부분반영 : …, 미반영 : …, 검토 중 : …, 답변 : …
_ANSWER_STATUS = re.compile(
    r"^[(（\[]?\s*(?P<status>부분\s*반영|일부\s*반영|" + _DECLINED + r"|기\s*반영|반영\s*예정|반영|"
    r"수용|답\s*변|설\s*명|참\s*고|조치\s*계획)\s*(?P<when>[(（][^()（）]{1,30}[)）])?"
    r"\s*[)）\]]?\s*(?:[:：]\s*|$)"
)
_DECLINING = re.compile(r"^(?:" + _DECLINED + r")$")
_NO_ANSWER = re.compile(r"^(?:[-─━—–·.]*|없\s*음|해당\s*없음)$")


def answer_text(cell: str) -> tuple[str, str, bool] | None:
    """(words, department named at the end, whether it declines) of an answer, or None when
    there is none (``─``). The status word before a colon is dropped."""
    text = cell.strip()
    if _NO_ANSWER.match(text):
        return None
    declines = False
    status = _ANSWER_STATUS.match(text)
    if status:
        declines = bool(_DECLINING.match(" ".join(status["status"].split())))
        # 반영 예정(연내) : …: the note of when leads, the words stay as written
        text = f"{status['when'] or ''} {text[status.end() :].strip()}".strip()
    text, who = trailing_department(text)
    return (text, who, declines) if text else None


# the department that answers, in parentheses at the end: … 수정하겠음 (버스정책과)
_TRAILING_WHO = re.compile(r"\s*[(（](?P<who>[^()（）]{2,30})[)）]\s*$")


# the department that answers, named before a colon: → 공공디자인과 : …
_LEADING_WHO = re.compile(r"^(?P<who>[^\s:：()（）]{2,20})\s*[:：]\s*(?P<text>\S.*)$")


def leading_department(text: str) -> tuple[str, str]:
    """The words after a department named before a colon, and that department, or the words
    as they are and ""."""
    named = _LEADING_WHO.match(text)
    if named and DEPARTMENT_WORD.search(named["who"]):
        return named["text"], named["who"]
    return text, ""


def trailing_department(text: str) -> tuple[str, str]:
    """The words without the department named in parentheses at their end, and that
    department (``… 수정하겠음 (버스정책과)``), or the words as they are and ""."""
    named = _TRAILING_WHO.search(text)
    if named and DEPARTMENT_WORD.search(named["who"].strip().split()[-1]):
        return text[: named.start()].strip(), named["who"].strip()
    return text, ""


# Records in prose sections, with no speaker markers: per item a heading of discussion
# (○ 주요 논의사항) whose bullets are members' points and one of actions (○ 조치사항) whose
# bullets are what departments will do, by when.
_PROSE_HEAD = (
    r"^\s*(?:[○◯ㅇ□■◆◇▶►◎▣]\s*|\d{1,2}\s*[.)]\s*|" + _ORD_ITEM + r"\s*|[(（]\s*\d{1,2}\s*[)）]\s*)?"
    r"[\[［<〈【]?\s*(?P<words>[^\[\]［］<>〈〉【】:：()（）]{2,20}?)\s*[\]］>〉】]?"
    r"\s*(?:[(（](?P<who>[^)）]{2,40})[)）])?\s*[:：]?\s*$"
)
_PROSE_HEADING = re.compile(_PROSE_HEAD)
_PROSE_PARTS = {
    "discussion": re.compile(
        r"^(?:주요\s*)?(?:논의|토의|심의|질의|질의\s*답변|검토)\s*(?:사항|내용|의견)$"
        r"|^(?:주요\s*)?(?:위원|심의|자문)?\s*의견$|^(?:주요\s*)?지적\s*사항$|^주요\s*질의$"
    ),
    "action": re.compile(
        r"^(?:조치|처리|이행|추진|향후|후속)\s*(?:사항|계획|조치|예정\s*사항)$"
        r"|^(?:향후|후속)\s*조치\s*계획$|^결\s*론$"
    ),
    "overview": re.compile(r"^(?:안건|보고|사업)\s*(?:개요|설명)$|^제안\s*(?:설명|이유)$"),
}


def prose_part(line: str) -> tuple[str, str] | None:
    """(part, who) of a heading of a record in prose sections: ``○ 주요 논의사항`` ->
    ("discussion", ""), ``○ 조치사항`` -> ("action", ""), ``○ 안건 개요 (지역재생과)`` ->
    ("overview", "지역재생과"); None for any other line."""
    match = _PROSE_HEADING.match(line)
    if match is None:
        return None
    words = " ".join(match["words"].split())
    part = next((name for name, rule in _PROSE_PARTS.items() if rule.match(words)), None)
    return (part, (match["who"] or "").strip()) if part else None


# the member a third-person bullet names: 김○○ 위원은 …, 위원 A는 …, 부위원장은 …
_NAMED_MEMBER = re.compile(
    rf"^(?P<label>(?:{_MASKED_NAME}|[가-힣]{{2,4}})\s*{_MEMBER_WORD}|{_LETTERED_MEMBER})"
    r"(?:은|는|이|께서는|께서)\s+(?P<text>\S.*)$"
)


# the member named after the point, in parentheses: … 필요가 있음(김○○ 위원), (박○○·윤○○ 위원)
_CLOSING_MEMBER = re.compile(
    rf"[(（]\s*(?P<label>(?:(?:{_MASKED_NAME}|[가-힣]{{2,4}})[·ㆍ,\s]*)+\s*(?:분과)?{_MEMBER_WORD}"
    rf"|{_LETTERED_MEMBER})\s*[)）]\s*$"
)


def without_closing_member(text: str) -> str:
    """The words without the member named after them in parentheses: the speaker, not the
    point (… 검토 바람 (김○○ 위원) -> … 검토 바람)."""
    return _CLOSING_MEMBER.sub("", text).rstrip()


def named_member(text: str) -> str:
    """The member a bullet of a record in prose names as its subject (김○○ 위원은 …), or
    after its point in parentheses (… 검토 바람 (김○○ 위원)); else ""."""
    match = _NAMED_MEMBER.match(text.strip()) or _CLOSING_MEMBER.search(text.strip())
    return " ".join(match["label"].split()) if match else ""


# the subject of an answer written in prose: 도심활성화과장은 …, 간사(균형발전정책과)는 …
_PROSE_ANSWERER = re.compile(
    r"^(?P<who>[^\s(（]{2,20}?)(?:\s*[(（](?P<inner>[^)）]{2,30})[)）])?(?:은|는|이|에서는)\s"
)


def prose_answerer(text: str) -> str:
    """Who answers in an answer line written as a sentence about them, or ""."""
    match = _PROSE_ANSWERER.match(text.strip())
    if match is None:
        return ""
    for who in (match["inner"] or "", match["who"]):
        if who and (DEPARTMENT_WORD.search(who.split()[-1]) or re.match(r"간\s*사", who)):
            return who
    return ""


# what closes an action bullet: (지역재생과, '25. 10월), (도심활성화과·동대문구, 차기 회의)
_ACTION_NOTE = re.compile(r"\s*[(（](?P<note>[^()（）]{2,60})[)）]\s*$")


# an action bullet that names its department first: (스마트도시정책과) … 하겠음
_LEADING_NOTE = re.compile(r"^\s*[(（](?P<note>[^()（）]{2,40})[)）]")


# an action line that does nothing further: a refusal (반영은 곤란함) or work already done
_NO_ACTION = re.compile(
    r"(?:곤란함?|어려움|불가함?|않음|없음|였음|었음|았음|완료함)\s*[.)）]?\s*(?:[(（][^()（）]*[)）])?\s*$"
)


def no_action(text: str) -> bool:
    """Whether an action line ends on a refusal or on work done, promising nothing."""
    return bool(_NO_ACTION.search(text))


def action_owner(text: str) -> str:
    """The department an action bullet's closing note names first (``… 수립 (지역재생과·종로구,
    '26. 상반기)`` -> 지역재생과), or its opening one (``(스마트도시정책과) …``), or ""; the note's
    deadline stays in the words."""
    match = _LEADING_NOTE.match(text)
    if match is None or not DEPARTMENT_WORD.search(re.split(r"[·ㆍ/,，]", match["note"])[0]):
        match = _ACTION_NOTE.search(text)
    if match is None:
        return ""
    first = re.split(r"[·ㆍ/]", re.split(r"[,，]", match["note"])[0])[0].strip()
    if first and (DEPARTMENT_WORD.search(first.split()[-1]) or first.endswith("구")):
        return first
    return ""


# A labelled line of a question-and-answer record: 1) 질의(김○○ 위원): …, 답변(학교급식과장): …,
# 추가질의(…): …, 의견(…): …, ▷ 보충답변(…) : …
_EXCHANGE = re.compile(
    r"^\s*(?:\d{1,2}\s*[).]\s*|[▷▶►▸◦·-]\s*)?"
    r"(?P<act>(?:추가|보충|재)?\s*(?:질\s*의|질\s*문|의\s*견|건\s*의|답\s*변|응\s*답))"
    r"\s*[(（](?P<who>[^()（）]{1,30})[)）]\s*[:：]\s*(?P<text>\S.*)$"
)
_ANSWERING = re.compile(r"답\s*변|응\s*답|^A$")
# the same with the letters Q and A: Q. (김○○ 위원) …, A. (과장) …, Q 김○○ 위원 : …
_LETTERED_EXCHANGE = re.compile(
    r"^\s*(?P<act>[QA])\s*[.．]?\s*(?:[(（](?P<who>[^()（）]{1,40})[)）]\s*[:：]?"
    r"|(?P<named>[^\s:：()（）][^:：()（）]{1,19}?)\s*[:：])\s*(?P<text>\S.*)$"
)


def exchange_line(line: str) -> tuple[bool, str, str] | None:
    """(whether it answers, who, text) of a labelled line of a question-and-answer record,
    or None: a question, an opinion or a further question is the member's; an answer is the
    department's (or the secretary's) it names."""
    match = _EXCHANGE.match(line) or _LETTERED_EXCHANGE.match(line)
    if match is None:
        return None
    who = " ".join((match["who"] or match.groupdict().get("named") or "").split())
    return bool(_ANSWERING.search(match["act"])), who, match["text"]


# The chair or the secretary speaking in a record with no bullet: 위원장: …, 간사(급식정책팀장): …
_ROLE_COLON = re.compile(
    r"^\s*(?:[○◯ㅇ]\s*)?(?P<role>부?위원장|간\s*사|의\s*장)"
    r"\s*(?:[(（](?P<who>[^()（）]{1,20})[)）])?\s*[:：]\s*(?P<text>\S.*)$"
)


def role_line(line: str) -> tuple[str, str, str] | None:
    """(role, who in parentheses, text) of a line the chair or the secretary speaks, or None."""
    match = _ROLE_COLON.match(line)
    if match is None:
        return None
    return "".join(match["role"].split()), (match["who"] or "").strip(), match["text"]


# The department's plan on one member's opinion: ○ 위원 A 의견 → 반영 예정('25. 11월) : …
_PLAN_LINE = re.compile(
    rf"^\s*(?:[○◯ㅇ·•-]\s*)?{_NAMED_BY_LETTER}\s*의\s*견\s*(?:→|⇒|➡|[:：])\s*(?P<body>\S.*)$"
)
# what the plan says of the opinion: taken up (a promise), or not or not now, or done before
_TAKEN_UP = re.compile(r"^(?:부분\s*반영|일부\s*반영|반영\s*예정|반영|수용|조치\s*계획)")
_ALREADY = re.compile(r"기\s*반영")


def plan_line(line: str) -> tuple[str, str, bool] | None:
    """(member, what the department will do, whether that is a promise) of a plan line, or
    None. 반영 예정 and 부분 반영 promise; 반영 곤란, 참고 and 기 반영 (done before) do not."""
    match = _PLAN_LINE.match(line)
    if match is None:
        return None
    body = match["body"].strip()  # kept as written: the status is part of the source
    status = _ANSWER_STATUS.match(body)
    answer = answer_text(body)
    promised = bool(
        status and _TAKEN_UP.match(status["status"]) and answer and not answer[2]
    ) and not _ALREADY.search(body)
    return " ".join(match["label"].split()), body, promised
