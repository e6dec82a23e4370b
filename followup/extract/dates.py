"""Resolve the due date stated in Korean committee minutes against the meeting date.

``resolve_due(text, meeting_date)`` scans a sentence (or a few) and returns the
due-date expression it states as a :class:`Due` period, or ``None``. The resolver is a
small regex scanner; every expression is a *period* (first and last day) plus a *mode*
that picks the stored ``value``:

* deadline forms (``까지``, ``내``, ``안에``, ``이내``, ``중``, or no particle at all):
  ``value = end``;
* open-ended forms (``이후``, ``부터``, ``후``, ``뒤``): ``value = start``;
* "before" forms (``전``, ``전까지``, ``이전``): the period ends the day before the stated
  period starts (``다음 회의 전`` -> the day before the next session).

Periods (M is the meeting date):

* years: ``내년``/``명년``/``익년``/``다음 해``/``이듬해`` (M+1), ``내후년`` (M+2),
  ``올해``/``금년``/``당해``/``올 ...`` (M), ``작년``/``지난해``/``전년``/``재작년`` (past),
  ``2025년``, ``2025년도``, ``'25년``, ``’25년``, ``25년도``; ``연내``/``연중`` (this year);
* parts of a year: ``초``/``초반``/``연초`` = Jan-Mar, ``중반`` = Apr-Sep, ``후반`` = Jul-Dec,
  ``말``/``말경``/``연말`` = Oct-Dec (value Dec 31), ``상반기``/``하반기``, ``1분기``..``4분기``
  (also ``1/4분기``, ``1사분기``);
* months: ``9월``, ``3~6월``, ``이번 달``/``이달``, ``다음 달``/``내달``/``익월``; parts of a
  month: ``초``/``초순``/``상순`` = 1st-10th, ``중순``/``중반`` = 11th-20th,
  ``말``/``하순``/``말경``/``후반`` = 21st-last day, ``말일`` = the last day. ``9월 중`` means
  "during September" (the whole month, deadline), following Korean usage;
* days: ``2024. 3. 15.``, ``2024-03-15``, ``2024/3/15``, ``2024년 3월 15일``,
  ``3월 15일``, ``3. 15.(금)``;
* weeks: ``이번 주``, ``다음 주``, ``다다음 주`` (Monday to Sunday);
* relative: ``N개월``/``N달``/``N주``/``N주일``/``N일``/``N년`` and ``한 달``, ``두 달``,
  ``일주일``, ``보름``, ``열흘`` ... followed by ``내``/``이내``/``안에`` (period M .. M+N)
  or ``후``/``뒤``/``이후`` (the single day M+N); a bare duration (``3년 동안``, ``2년간``,
  ``약 2년 정도``) is not a due date;
* next session: ``다음 회의``/``차기 회의``/``다음 위원회``/``차기 회기`` ... -> the next
  session (``까지``, ``때``, ``에``, or bare) or the day before it (``전``, ``전까지``);
  nothing when ``next_session`` is not given;
* ranges ``A~B`` and ``A부터 B까지`` -> ``A.start .. B.end`` with B's mode. A range of
  whole years that starts in a year before the meeting year (``2021년~2023년 실적``)
  describes an existing plan period or past results and is ignored; so is one with no
  deadline word after it (``'26~'28년 연차별 재정 추계``: the years an estimate covers).

A form without a year (``9월까지``, ``상반기``, ``3월 15일``, ``연초``) is taken in the
meeting year; if that period has already ended, it is moved to the next year unless the
clause that follows is in the past tense (``10월 10일에 시범적으로 오픈한`` in a December
meeting is past work, not a due date). Any period that ends before the meeting date is
ignored. When several expressions remain, the most specific wins (day > week >
month/part of month > quarter/half/part of year > year); ties go to the first one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

__all__ = ["Due", "resolve_due"]


@dataclass(frozen=True)
class Due:
    """A stated due date: the period the text names and the date stored for the item."""

    start: date  # first day of the stated period
    end: date  # last day of the stated period
    value: date  # `end` for deadline forms, `start` for open-ended forms
    text: str  # the matched expression, verbatim from the input


# --- specificity ranks and modes --------------------------------------------------------

_YEAR, _QUARTER, _MONTH, _WEEK, _DAY = 1, 2, 3, 4, 5
_DEADLINE, _OPEN, _BEFORE = "deadline", "open_ended", "before"

_Span = Callable[[int], tuple[date, date]]  # year -> (first day, last day)

# --- regex building blocks --------------------------------------------------------------

_S = r"[^\S\n]*"  # optional blanks, never a line break
_DIGITS = frozenset("0123456789")
_QUOTES = "'’‘`´"
_Q = f"[{_QUOTES}]"  # apostrophe before a two-digit year
_DASH = "~∼〜～\\-–"
_MON = r"(?:1[0-2]|0?[1-9])"
_YYYY = r"(?:19|20|21)[0-9]{2}"  # 2025
_QYY = rf"{_Q}[0-9]{{2}}"  # '25
_WEEKDAYS = "월화수목금토일"
_WEEKDAY_NOTE = rf"\({_S}[{_WEEKDAYS}](?:요일)?{_S}\)"  # (금), (금요일)
# After a Korean word-part: end of word, or a particle/suffix that may follow it.
_B = r"(?=[^가-힣]|$|[에까경께쯤로으부이전후의은는을도])"


# --- tense of the clause after a year-less expression ----------------------------------

_RIEUL = "".join(  # syllables ending in ㄹ (할, 될, 볼 ...), not the particles 을/를
    c for c in (chr(0xAC00 + i * 28 + 8) for i in range(19 * 21)) if c not in "을를"
)
_TERMINATOR_RE = re.compile(rf"[.?!。](?!{_S}[0-9])|\n")
_FUTURE_RE = re.compile(
    rf"겠|예정|계획|목표|[{_RIEUL}]{_S}(?:것|수|예정|계획)|려고|려는|도록|바랍|주시기|주십시오"
    rf"|합시다|해야|기로"
)
_PAST_RE = re.compile(
    rf"(?:었|았|였|했|됐|셨|렸|왔|봤|줬)(?!으면|더라면)|바{_S}있|(?<=[가-힣])[한된던](?=[^가-힣]|$)"
)
# Words ending in 한 that are postpositions or adjectives, not a past verb.
_NOT_PAST_HAN_WORDS = (
    "대 위 관 통 인 의 향 비 또 필요 중요 가능 다양 적절 충분 이러 그러 어떠 저러 동일 유사 정확 원활 "
    "상당 확실 간단 복잡 편리 안전 특별 유일 부족 적합 명확 용이 상세 면밀 시급 중대 신중 철저 미흡 우수 "
    "유용 유익 풍부 무관 공정 투명 타당 합당 불편 단순 엄격 완벽 심각 긴밀"
)
_NOT_PAST_HAN = tuple(_NOT_PAST_HAN_WORDS.split())


def _is_past_clause(text: str, pos: int) -> bool:
    """True when the first tense cue after ``pos`` (within the clause) is past tense."""
    window = text[pos : pos + 80]
    stop = _TERMINATOR_RE.search(window)
    if stop:
        window = window[: stop.start()]
    future = _FUTURE_RE.search(window)
    for past in _PAST_RE.finditer(window):
        if future is not None and future.start() < past.start():
            return False
        if past.group() == "한" and window[: past.start()].endswith(_NOT_PAST_HAN):
            continue
        return True
    return False


# --- date arithmetic ---------------------------------------------------------------------


def _last_day(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _add_months(d: date, months: int) -> date:
    y, m0 = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m0 + 1
    return date(year, month, min(d.day, _last_day(year, month)))


def _month_span(year: int, month: int, part: tuple[int, int | None]) -> tuple[date, date]:
    """``part`` is (first day, last day or None for the month's last day)."""
    last = _last_day(year, month)
    lo, hi = part
    hi = last if hi is None else min(hi, last)
    return date(year, month, min(lo, last)), date(year, month, hi)


_WHOLE_MONTH: tuple[int, int | None] = (1, None)
_MONTH_PARTS: dict[str, tuple[int, int | None]] = {
    "초순": (1, 10),
    "상순": (1, 10),
    "초반": (1, 10),
    "초": (1, 10),
    "중순": (11, 20),
    "중반": (11, 20),
    "하순": (21, None),
    "말경": (21, None),
    "말": (21, None),
    "후반": (21, None),
    "말일": (31, None),
}
# (first month, last month) of a part of a year
_YEAR_PARTS: dict[str, tuple[int, int]] = {
    "연초": (1, 3),
    "초반": (1, 3),
    "초": (1, 3),
    "중반": (4, 9),
    "후반": (7, 12),
    "연말": (10, 12),
    "말경": (10, 12),
    "말": (10, 12),
    "연도말": (10, 12),
    "연중": (1, 12),
    "연내": (1, 12),
    "상반기": (1, 6),
    "하반기": (7, 12),
}


def _fixed(start: date, end: date) -> _Span:
    return lambda _y: (start, end)


def _years_span(first_year: int) -> _Span:
    return lambda y: (date(first_year, 1, 1), date(y, 12, 31))


def _months_span(first: int, last: int) -> _Span:
    return lambda y: (date(y, first, 1), date(y, last, _last_day(y, last)))


# --- tokens and expressions --------------------------------------------------------------


_SUFFIX_RE = re.compile(
    rf"""{_S}(?:
        (?P<before>이전까지|이전에|이전|전까지|전에|전(?=$|[^가-힣\s]))
      | (?P<from>부터)
      | (?P<open_ended>이후(?:부터|로|에)?|후(?=[에로부까]|[^가-힣]|$)|뒤(?=[에로]|[^가-힣]|$))
      | (?P<dead>까지|이내|내로|내에|내(?=[^가-힣]|$|까)|안에|안으로|안(?=[^가-힣]|$)
          |중으로|중에|중(?=[^가-힣]|$))
    )""",
    re.X,
)


@dataclass(frozen=True)
class _Expr:
    begin: int
    stop: int
    rank: int
    span: _Span
    floating: bool  # no year stated: resolved against the meeting year (maybe rolled)
    year: int  # the stated year (or any value when the span ignores it)
    mode: str = _DEADLINE
    suffix: str = ""
    void: bool = False  # parsed (and consumed) but never a due date
    range_from: _Expr | None = None
    year_led: bool = False  # starts with a stated year (내년, 2025년 ...)

    def with_suffix(self, text: str) -> _Expr:
        m = _SUFFIX_RE.match(text, self.stop)
        if m is None:
            return self
        if m["before"]:
            mode = _BEFORE
        elif m["from"] or m["open_ended"]:
            mode = _OPEN
        else:
            mode = _DEADLINE
        return replace(self, stop=m.end(), mode=mode, suffix=m.group().strip())


_REL_WEEK = rf"이번{_S}주|다다음{_S}주|다음{_S}주|지난{_S}주"
_REL_WEEKS = {"이번주": 0, "다다음주": 2, "다음주": 1, "지난주": -1}


def _weekday(meeting: date, week: str | None, index: int) -> date | None:
    """The day ``index`` (Monday 0) of the named week, or the next such day from the meeting."""
    try:
        monday = meeting - timedelta(days=meeting.weekday())
        if week is not None:
            return monday + timedelta(weeks=_REL_WEEKS[re.sub(r"\s+", "", week)], days=index)
        day_ = monday + timedelta(days=index)
        return day_ if day_ >= meeting else day_ + timedelta(weeks=1)
    except OverflowError:
        return None


def _skip_blank(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\u00a0\u3000":
        pos += 1
    return pos


def _two_digit_year(token: str) -> int:
    return 2000 + int(token[-2:])


_DAY_RE = re.compile(
    rf"{_S}(?P<d>3[01]|[12][0-9]|0?[1-9]){_S}일(?!{_S}(?:간|동안))(?:{_S}{_WEEKDAY_NOTE})?"
)
_MPART_RE = re.compile(rf"{_S}(?P<p>초순|상순|초반|초|중순|중반|하순|말일|말경|말|후반){_B}")
_APPROX_RE = re.compile(r"(?:경|께|쯤|무렵)(?![가-힣])")


def _month_rest(text: str, pos: int, allow_day: bool) -> tuple[int, int, tuple[int, int | None]]:
    """Day or part of a month after ``N월``: (end position, rank, (first, last day))."""
    if allow_day:
        d = _DAY_RE.match(text, pos)
        if d:
            day = int(d["d"])
            return d.end(), _DAY, (day, day)
    p = _MPART_RE.match(text, pos)
    if p:
        part = p["p"]
        rank = _DAY if part == "말일" else _MONTH
        pos = p.end()
        a = _APPROX_RE.match(text, pos)
        return (a.end() if a else pos), rank, _MONTH_PARTS[part]
    a = _APPROX_RE.match(text, pos)
    return (a.end() if a else pos), _MONTH, _WHOLE_MONTH


_MONTH_RE = re.compile(rf"(?:(?P<m0>{_MON}){_S}월?{_S}[{_DASH}]{_S})?(?P<m>{_MON}){_S}월(?!{_S}간)")
_MONTH_DOT_RE = re.compile(rf"(?P<m>{_MON}){_S}(?:월|\.(?!{_S}[0-9]))")


def _month_token(text: str, pos: int, dotted: bool) -> tuple[int, int, _Span] | None:
    """``N월 ...`` (with a day or a part of the month) at ``pos``: (end, rank, span)."""
    m = (_MONTH_DOT_RE if dotted else _MONTH_RE).match(text, pos)
    if m is None:
        return None
    month = int(m["m"])
    first = int(m["m0"]) if not dotted and m["m0"] else None
    end, rank, part = _month_rest(text, m.end(), allow_day=first is None)
    if first is not None:
        start_month = first

        def span_range(y: int) -> tuple[date, date]:
            y0 = y if start_month <= month else y - 1
            return date(y0, start_month, 1), _month_span(y, month, part)[1]

        return end, _MONTH, span_range
    if rank == _DAY and part[0] == part[1]:
        day = part[0]

        def span_day(y: int) -> tuple[date, date]:
            d = date(y, month, day)  # ValueError for 2월 30일: not a date
            return d, d

        return end, rank, span_day
    return end, rank, (lambda y: _month_span(y, month, part))


_HALF_RE = re.compile(
    rf"(?P<h>상반기|하반기)|(?P<q>[1-4]){_S}(?:/{_S}4{_S})?(?:분기|사분기)|(?P<first>첫){_S}분기"
)


def _half_token(text: str, pos: int) -> tuple[int, _Span] | None:
    h = _HALF_RE.match(text, pos)
    if h is None:
        return None
    if h["h"]:
        first, last = _YEAR_PARTS[h["h"]]
    else:
        q = 1 if h["first"] else int(h["q"])
        first, last = 3 * q - 2, 3 * q
    return h.end(), _months_span(first, last)


_YEAR_RE = re.compile(
    rf"""
    (?:(?P<y0>{_YYYY}|{_QYY}){_S}(?:년도?)?{_S}[{_DASH}]{_S})?
    (?:
        (?P<abs>{_YYYY}){_S}년도?
      | (?P<dot>{_YYYY}|{_QYY}){_S}\.{_S}
        (?={_MON}{_S}(?:월|\.(?!{_S}[0-9])))
      | (?P<apos>{_QYY})(?P<apos_unit>{_S}년도?)?
      | (?P<yy>[0-9]{{2}}){_S}년도
      | (?P<yy_bare>[0-9]{{2}}){_S}년(?![가-힣])  # "25년 3월": a year only before a month
      | (?P<rel>재작년|작년|지난{_S}해|전년|내후년|다다음{_S}해|내년|명년|익년|다음{_S}해|이듬해
          |올해|금년|당해
          |올(?={_S}(?:연말|연초|연중|연내|상반기|하반기|[1-4]{_S}분기|{_MON}{_S}월)))도?
        (?=[^가-힣]|$|[에까경께쯤로으부이전후의은는을도엔만과와말초중상하연내안])
    )
    """,
    re.X,
)
_REL_YEARS = {
    "재작년": -2,
    "작년": -1,
    "지난해": -1,
    "전년": -1,
    "내후년": 2,
    "다다음해": 2,
    "내년": 1,
    "명년": 1,
    "익년": 1,
    "다음해": 1,
    "이듬해": 1,
    "올해": 0,
    "금년": 0,
    "당해": 0,
    "올": 0,
}
_YPART_RE = re.compile(rf"(?P<p>연말|연초|연중|초반|초|중반|후반|말경|말){_B}")


def _year_led(text: str, i: int, meeting: date) -> _Expr | None:
    m = _YEAR_RE.match(text, i)
    if m is None:
        return None
    if m["abs"]:
        year = int(m["abs"])
    elif m["apos"]:
        year = _two_digit_year(m["apos"])
    elif m["yy"] or m["yy_bare"]:
        year = _two_digit_year(m["yy"] or m["yy_bare"])
    elif m["dot"]:
        token = m["dot"]
        year = _two_digit_year(token) if len(token) == 3 else int(token)
    else:
        year = meeting.year + _REL_YEARS[re.sub(r"\s+|도$", "", m["rel"])]
    needs_more = bool(m["dot"] or m["yy_bare"] or (m["apos"] and not m["apos_unit"]))
    first_year: int | None = None
    if m["y0"]:
        y0 = m["y0"]
        first_year = _two_digit_year(y0) if len(y0) == 3 else int(y0)
    # A multi-year span that began before the meeting year: a plan period or results.
    void = first_year is not None and first_year < meeting.year

    k = _skip_blank(text, m.end())
    month = _month_token(text, k, dotted=bool(m["dot"]))
    if month is not None:
        end, rank, span = month
        return _Expr(i, end, rank, span, False, year, void=void, year_led=True)
    half = _half_token(text, k)
    if half is not None:
        return _Expr(i, half[0], _QUARTER, half[1], False, year, void=void, year_led=True)
    if needs_more:
        return None
    part = _YPART_RE.match(text, k)
    if part is not None:
        first, last = _YEAR_PARTS[part["p"]]
        rank = _YEAR if (first, last) == (1, 12) else _QUARTER
        span = _months_span(first, last)
        return _Expr(i, part.end(), rank, span, False, year, void=void, year_led=True)
    span = _years_span(first_year) if first_year is not None else _months_span(1, 12)
    return _Expr(i, m.end(), _YEAR, span, False, year, void=void, year_led=True)


# Native Korean numerals as counts (한 달, 두 주, 세 건)
KOREAN_NUMBERS = {
    "한": 1,
    "두": 2,
    "세": 3,
    "석": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
_DAY_WORDS = {"일주일": 7, "하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "열흘": 10, "보름": 15}
_DURATION_RE = re.compile(
    rf"""
      (?P<num>[0-9]{{1,4}}){_S}(?P<unit>개월|달|주일|주|일|년)
    | (?P<kor>{"|".join(KOREAN_NUMBERS)}){_S}(?P<kunit>달|주|해)
    | (?P<word>{"|".join(_DAY_WORDS)})
    """,
    re.X,
)
_WITHIN = frozenset({"이내", "내로", "내에", "내", "안에", "안으로", "안"})
_UNIT_LIMITS = {"일": 1000, "주": 200, "개월": 120, "년": 30}


def _duration(text: str, i: int, meeting: date) -> _Expr | None:
    """``3개월 내``, ``2주 이내``, ``한 달 안에``, ``10일 후``: needs the suffix."""
    d = _DURATION_RE.match(text, i)
    if d is None:
        return None
    if d["num"]:
        n, unit = int(d["num"]), d["unit"]
        unit = {"달": "개월", "주일": "주"}.get(unit, unit)
    elif d["kor"]:
        n = KOREAN_NUMBERS[d["kor"]]
        unit = {"달": "개월", "해": "년"}[d["kunit"]]
    else:
        n, unit = _DAY_WORDS[d["word"]], "일"
    s = _SUFFIX_RE.match(text, d.end())
    suffix = s.group().strip() if s else ""
    if s is None or not (s["open_ended"] or suffix in _WITHIN):
        return None
    if n > _UNIT_LIMITS[unit]:
        return None
    rank = {"일": _DAY, "주": _DAY, "개월": _MONTH, "년": _YEAR}[unit]
    if unit == "일":
        target = meeting + timedelta(days=n)
    elif unit == "주":
        target = meeting + timedelta(weeks=n)
    elif unit == "개월":
        target = _add_months(meeting, n)
    else:
        target = _add_months(meeting, 12 * n)
    if s["open_ended"]:
        start, mode = target, _OPEN
    else:
        start, mode = meeting, _DEADLINE
    return _Expr(i, s.end(), rank, _fixed(start, target), False, meeting.year, mode, suffix)


_SESSION_RE = re.compile(
    rf"(?:다음{_S}번|다음번|다음|차기){_S}(?:정기{_S})?"
    rf"(?:정기회의|본회의|위원회|회의|회기|회차)(?=[^가-힣]|$|[에까전때시이부는은의를을])"
    rf"(?:{_S}(?:개최{_S})?(?:때|시)(?![가-힣]))?"
)
_SESSION_BEFORE_RE = re.compile(rf"{_S}(?:이전까지|이전에|이전|전까지|전에|전)(?=[^가-힣]|$)")


def _session(text: str, i: int, meeting: date, next_session: date | None) -> _Expr | None:
    m = _SESSION_RE.match(text, i)
    if m is None:
        return None
    before = _SESSION_BEFORE_RE.match(text, m.end())
    if before is None:
        expr = _Expr(i, m.end(), _DAY, _fixed(date.max, date.max), False, 0).with_suffix(text)
        stop, suffix = expr.stop, expr.suffix
    else:
        stop, suffix = before.end(), before.group().strip()
    if next_session is None:
        return _Expr(i, stop, _DAY, _fixed(date.max, date.max), False, 0, void=True)
    ns = next_session
    if before is not None:  # the day before the session is taken in _to_due
        return _Expr(i, stop, _DAY, _fixed(ns, ns), False, 0, _BEFORE, suffix)
    return _Expr(i, stop, _DAY, _fixed(min(meeting, ns), ns), False, 0, _DEADLINE, suffix)


_DOTTED_DATE_RE = re.compile(
    rf"(?P<y>{_YYYY}|{_QYY}){_S}(?P<sep>[./-]){_S}(?P<m>[0-9]{{1,2}})"
    rf"{_S}(?P=sep){_S}(?P<d>[0-9]{{1,2}})(?![0-9])(?:{_S}\.)?(?:{_S}{_WEEKDAY_NOTE})?"
)
_SHORT_DATE_RE = re.compile(  # "3. 15.(금)", "3/15(금)": needs the weekday to be a date
    rf"(?P<m>{_MON})(?:{_S}\.{_S}|/)(?P<d>[0-9]{{1,2}}){_S}\.?{_S}{_WEEKDAY_NOTE}"
)
_REL_MONTH_RE = re.compile(
    rf"(?P<w>이번{_S}달|이달|금월|당월|다다음{_S}달|다음{_S}달|내달|익월|차월|지난{_S}달|전월){_B}"
)
_REL_MONTHS = {
    "이번달": 0,
    "이달": 0,
    "금월": 0,
    "당월": 0,
    "다다음달": 2,
    "다음달": 1,
    "내달": 1,
    "익월": 1,
    "차월": 1,
    "지난달": -1,
    "전월": -1,
}
# ``(이번 주|다음 주) 금요일``, or a bare ``금요일까지`` (the next one on or after the meeting)
_WEEKDAY_RE = re.compile(rf"(?:(?P<w>{_REL_WEEK}){_S})?(?P<d>[{_WEEKDAYS}])요일")
_WEEK_RE = re.compile(rf"(?P<w>{_REL_WEEK})(?=[^가-힣]|$|[에까부이전후은는중])")
_FLOAT_YPART_RE = re.compile(rf"(?P<p>연말|연초|연중|연내|연도{_S}말){_B}")


def _parse_at(text: str, i: int, meeting: date, next_session: date | None) -> _Expr | None:
    """The expression starting at ``i``, with its suffix, or None."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    if "가" <= ch <= "힣":
        if "가" <= prev <= "힣":
            return None
    elif ch in _DIGITS:
        if prev.isascii() and prev.isdigit():
            return None
        if prev == "." and i > 1 and text[i - 2] in _DIGITS:
            return None
    elif ch not in _QUOTES:
        return None

    d = _DOTTED_DATE_RE.match(text, i)
    if d is not None:
        y = d["y"]
        year = _two_digit_year(y) if len(y) == 3 else int(y)
        try:
            day_ = date(year, int(d["m"]), int(d["d"]))
        except ValueError:
            return None
        return _Expr(i, d.end(), _DAY, _fixed(day_, day_), False, year).with_suffix(text)
    short = _SHORT_DATE_RE.match(text, i)
    if short is not None:
        month, day = int(short["m"]), int(short["d"])

        def span_short(y: int) -> tuple[date, date]:
            return date(y, month, day), date(y, month, day)

        return _Expr(i, short.end(), _DAY, span_short, True, 0).with_suffix(text)

    expr = _year_led(text, i, meeting)
    if expr is not None:
        expr = expr.with_suffix(text)
        return replace(expr, void=True) if _plan_period(expr, expr) else expr
    month_tok = _month_token(text, i, dotted=False)
    if month_tok is not None:
        end, rank, span = month_tok
        return _Expr(i, end, rank, span, True, 0).with_suffix(text)
    rel = _REL_MONTH_RE.match(text, i)
    if rel is not None:
        offset = _REL_MONTHS[re.sub(r"\s+", "", rel["w"])]
        try:
            target = _add_months(meeting.replace(day=1), offset)
        except (ValueError, OverflowError):
            return None
        end, rank, part = _month_rest(text, rel.end(), allow_day=True)
        ty, tm = target.year, target.month

        def span_rel(_y: int) -> tuple[date, date]:
            if rank == _DAY and part[0] == part[1]:
                day_ = date(ty, tm, part[0])
                return day_, day_
            return _month_span(ty, tm, part)

        return _Expr(i, end, rank, span_rel, False, ty).with_suffix(text)
    weekday = _WEEKDAY_RE.match(text, i)
    if weekday is not None:
        named = _weekday(meeting, weekday["w"], _WEEKDAYS.index(weekday["d"]))
        if named is None:
            return None
        return _Expr(i, weekday.end(), _DAY, _fixed(named, named), False, 0).with_suffix(text)
    week = _WEEK_RE.match(text, i)
    if week is not None:
        offset = _REL_WEEKS[re.sub(r"\s+", "", week["w"])]
        try:
            monday = meeting - timedelta(days=meeting.weekday()) + timedelta(weeks=offset)
            sunday = monday + timedelta(days=6)
        except OverflowError:
            return None
        return _Expr(i, week.end(), _WEEK, _fixed(monday, sunday), False, 0).with_suffix(text)
    half = _half_token(text, i)
    if half is not None:
        return _Expr(i, half[0], _QUARTER, half[1], True, 0).with_suffix(text)
    fpart = _FLOAT_YPART_RE.match(text, i)
    if fpart is not None:
        first, last = _YEAR_PARTS[re.sub(r"\s+", "", fpart["p"])]
        rank = _YEAR if (first, last) == (1, 12) else _QUARTER
        return _Expr(i, fpart.end(), rank, _months_span(first, last), True, 0).with_suffix(text)
    session = _session(text, i, meeting, next_session)
    if session is not None:
        return session
    return _duration(text, i, meeting)


def _parse_at_safe(text: str, i: int, meeting: date, next_session: date | None) -> _Expr | None:
    """``_parse_at``, treating dates out of range (near year 1 or 9999) as no expression."""
    try:
        return _parse_at(text, i, meeting, next_session)
    except (ValueError, OverflowError):
        return None


def _plan_period(first: _Expr, last: _Expr) -> bool:
    """Whole years from ``first`` to ``last`` with no deadline word after them (``'26~'28년
    연차별 재정 추계``, ``2026년~2028년 계획``): the period a plan or an estimate covers."""
    if first.rank != _YEAR or last.rank != _YEAR or last.suffix or first.floating:
        return False
    start, _ = first.span(first.year)
    _, end = last.span(last.year)
    return start.year < end.year


_RANGE_SEP_RE = re.compile(rf"{_S}[{_DASH}]{_S}")


def _scan(text: str, meeting: date, next_session: date | None) -> list[_Expr]:
    exprs: list[_Expr] = []
    i, n = 0, len(text)
    while i < n:
        a = _parse_at_safe(text, i, meeting, next_session)
        if a is None:
            i += 1
            continue
        expr = a
        b: _Expr | None = None
        if a.suffix == "부터":
            j = _skip_blank(text, a.stop)
            if j < n:
                b = _parse_at_safe(text, j, meeting, next_session)
            if b is not None and b.mode == _OPEN:
                b = None
        elif not a.suffix:
            sep = _RANGE_SEP_RE.match(text, a.stop)
            if sep is not None and sep.end() < n:
                b = _parse_at_safe(text, sep.end(), meeting, next_session)
        if b is not None:
            void = (
                a.void
                or b.void
                or (a.rank == _YEAR and not a.floating and a.year < meeting.year)
                or _plan_period(a, b)
            )
            expr = replace(b, begin=a.begin, void=void, range_from=a)
        exprs.append(expr)
        i = expr.stop
    return exprs


def _single_period(
    expr: _Expr, text: str, meeting: date, context_year: int | None
) -> tuple[date, date]:
    """Raises ValueError/OverflowError for impossible dates."""
    if not expr.floating:
        return expr.span(expr.year)
    if context_year is not None:
        return expr.span(context_year)
    start, end = expr.span(meeting.year)
    if end < meeting and not _is_past_clause(text, expr.stop):
        start, end = expr.span(meeting.year + 1)
    return start, end


def _period(expr: _Expr, text: str, meeting: date, context_year: int | None) -> tuple[date, date]:
    a = expr.range_from
    if a is None:
        return _single_period(expr, text, meeting, context_year)
    if expr.floating and not a.floating:
        a_start, _ = a.span(a.year)
        b_start, b_end = expr.span(a_start.year)
        if b_end < a_start:
            b_start, b_end = expr.span(a_start.year + 1)
    else:
        b_start, b_end = _single_period(expr, text, meeting, context_year)
        if a.floating:
            a_start, _ = a.span(b_end.year)
            if a_start > b_end:
                a_start, _ = a.span(b_end.year - 1)
        else:
            a_start, _ = a.span(a.year)
    if a_start > b_end:  # inconsistent range: keep its end part
        return b_start, b_end
    return a_start, b_end


def _to_due(expr: _Expr, text: str, meeting: date, context_year: int | None) -> Due | None:
    if expr.void:
        return None
    try:
        start, end = _period(expr, text, meeting, context_year)
        if expr.mode == _BEFORE:
            end = start - timedelta(days=1)
            start = min(meeting, end)
            value = end
        elif expr.mode == _OPEN:
            value = start
        else:
            value = end
    except (ValueError, OverflowError):
        return None
    if end < meeting or not start <= value <= end:
        return None
    return Due(start=start, end=end, value=value, text=text[expr.begin : expr.stop])


def resolve_due(text: str, meeting_date: date, *, next_session: date | None = None) -> Due | None:
    """The due date ``text`` states, resolved against ``meeting_date``, or None.

    ``next_session`` (the date of the committee's next session, if known) resolves
    ``다음 회의까지`` / ``다음 회의 전``. See the module docstring for the forms covered.
    """
    best: Due | None = None
    best_rank = 0
    # A later year stated earlier in the text ("내년에는 ... 3월까지") places the year-less
    # forms that follow it.
    context_year: int | None = None
    for expr in _scan(text, meeting_date, next_session):
        due = _to_due(expr, text, meeting_date, context_year)
        if due is not None and expr.rank > best_rank:
            best, best_rank = due, expr.rank
        if expr.year_led and not expr.void and expr.year > meeting_date.year:
            context_year = expr.year
    return best
