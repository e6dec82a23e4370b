"""The committee file: who sits on the committee, which teams follow up, how each is reached.

Format: ../shared/gold/README.md ("The committee file"). Unknown keys are an error naming the
key and its line, so a typo never silently drops a team's keywords or notify targets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from sqlmodel import Session

from followup import store
from followup.errors import CommitteeError, FollowupError
from followup.settings import Settings

_TOP_KEYS = {
    "committee": True,
    "timezone": False,
    "secretary": True,
    "chair_titles": False,
    "member_titles": False,
    "sessions": False,
    "reminders": False,
    "teams": True,
    "auto_confirm_above": False,
}
_TEAM_KEYS = {
    "name": True,
    "aliases": False,
    "keywords": False,
    "notify": False,
    "renamed_from": False,
}
# How an error names the part of the file a key belongs to.
_WHERE = {"committee": "위원회", "team": "팀", "reminders": "알림 일정(reminders)"}
_REMINDER_KEYS = {
    "before_session": False,
    "before_due": False,
    "escalation": False,
    "digest": False,
    "silent_after": False,
    "office_hours": False,
}


@dataclass(frozen=True)
class Reminders:
    """The reminder ladder, in working days: reminders to every team with open items before the
    next session, one before a stated due date that falls before it, the escalation of silent
    teams and the digest to the secretary; nothing is sent outside office hours."""

    before_session: tuple[int, ...] = (15, 7)
    before_due: int = 3
    escalation: int = 5
    digest: int = 5
    silent_after: int = 10
    office_hours: tuple[time, time] = (time(9), time(18))


@dataclass(frozen=True)
class Team:
    name: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()
    renamed_from: tuple[str, ...] = ()  # earlier names: the team keeps their items and links

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the minutes may name this team or its head, longest first."""
        return tuple(sorted({self.name, *self.aliases}, key=len, reverse=True))


@dataclass(frozen=True)
class Committee:
    name: str
    secretary: str
    teams: tuple[Team, ...]
    timezone: str = "Asia/Seoul"
    chair_titles: tuple[str, ...] = ("위원장",)
    member_titles: tuple[str, ...] = ("위원",)
    sessions: tuple[date, ...] = ()
    reminders: Reminders = Reminders()
    # Items extracted with at least this confidence skip the secretary's confirmation (None:
    # every new item waits as 확인 대기 until the secretary confirms its meeting).
    auto_confirm_above: float | None = None
    path: str = field(default="", compare=False)

    def team(self, name: str) -> Team:
        for team in self.teams:
            if team.name == name:
                return team
        raise KeyError(name)

    @property
    def secretary_team(self) -> Team:
        return self.team(self.secretary)


def load_committee(path: str | Path) -> Committee:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommitteeError(path, "위원회 파일이 없습니다") from None
    except UnicodeDecodeError:
        raise CommitteeError(path, "위원회 파일이 UTF-8 텍스트가 아닙니다") from None
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise CommitteeError(path, f"위원회 파일을 읽을 수 없습니다({detail})") from None
    return parse_committee(text, source=path)


# PyYAML's problems (English) as what a secretary should look at, in Korean: matched by the
# start of the problem's text; anything else is said in general terms (the line still given).
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "들여쓰기나 ':'의 위치가 맞지 않습니다 (키: 값의 들여쓰기를 위 줄과 맞추십시오)",
    ),
    (
        "expected <block end>",
        "들여쓰기가 맞지 않습니다 (같은 목록의 항목은 같은 칸에서 시작해야 합니다)",
    ),
    ("could not find expected ':'", "'키: 값'의 ':'이 없습니다"),
    ("found character '\\t'", "탭 문자가 있습니다 (들여쓰기는 띄어쓰기로 하십시오)"),
    ("found character", "값의 첫 글자로 쓸 수 없는 문자가 있습니다 (값을 따옴표로 감싸십시오)"),
    ("expected ',' or ']'", "'['로 연 목록이 ']'로 닫히지 않았습니다"),
    ("expected ',' or '}'", "'{'로 연 항목이 '}'로 닫히지 않았습니다"),
    ("found unexpected end of stream", "따옴표가 닫히지 않은 채 파일이 끝났습니다"),
    ("found undefined alias", "정의되지 않은 별칭(*)을 썼습니다 (값을 따옴표로 감싸십시오)"),
    ("second occurrence", "같은 앵커(&)가 두 번 나옵니다"),
    ("did not find expected key", "들여쓰기가 맞지 않거나 '키: 값'이 아닌 줄이 있습니다"),
    ("did not find expected", "목록이나 항목의 형식이 맞지 않습니다"),
)


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """What is wrong with a YAML text, in Korean, and the line (and column) it is on."""
    problem = str(getattr(exc, "problem", "") or exc)
    mark = getattr(exc, "problem_mark", None)
    reason = next(
        (korean for start, korean in _YAML_PROBLEMS if problem.startswith(start)),
        "YAML 문법에 맞지 않는 곳이 있습니다",
    )
    if mark is None:
        return f"YAML 형식이 올바르지 않습니다: {reason}", None
    return f"YAML 형식이 올바르지 않습니다({mark.column + 1}열): {reason}", mark.line + 1


def parse_committee(text: str, *, source: str | Path = "<committee>") -> Committee:
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        reason, line = _yaml_problem(exc)
        raise CommitteeError(source, reason, line) from None
    if not isinstance(root, yaml.MappingNode):
        raise CommitteeError(source, "맨 위에는 위원회 항목(키: 값)이 와야 합니다")
    top = _mapping(root, _TOP_KEYS, source, where="committee")
    teams_node = top["teams"]
    if not isinstance(teams_node, yaml.SequenceNode) or not teams_node.value:
        raise CommitteeError(
            source, "'teams'에는 팀을 하나 이상 목록으로 적어야 합니다", _line(teams_node)
        )
    teams = []
    for node in teams_node.value:
        if not isinstance(node, yaml.MappingNode):
            raise CommitteeError(
                source, "팀마다 'name'이 있는 항목(키: 값)이어야 합니다", _line(node)
            )
        keys = _mapping(node, _TEAM_KEYS, source, where="team")
        teams.append(
            Team(
                name=_scalar(keys["name"], source),
                aliases=_strings(keys.get("aliases"), source),
                keywords=_strings(keys.get("keywords"), source),
                notify=_strings(keys.get("notify"), source),
                renamed_from=_strings(keys.get("renamed_from"), source),
            )
        )
    names = [t.name for t in teams]
    for name in names:
        if names.count(name) > 1:
            raise CommitteeError(source, f"팀 '{name}'이(가) 두 번 나옵니다")
    _check_renames(teams_node, teams, source)
    secretary = _scalar(top["secretary"], source)
    if secretary not in names:
        raise CommitteeError(
            source, f"간사 부서 '{secretary}'이(가) teams 목록에 없습니다", _line(top["secretary"])
        )
    timezone = _scalar(top["timezone"], source) if "timezone" in top else "Asia/Seoul"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        line = _line(top["timezone"])
        raise CommitteeError(source, f"알 수 없는 시간대입니다: '{timezone}'", line) from None
    return Committee(
        name=_scalar(top["committee"], source),
        secretary=secretary,
        teams=tuple(teams),
        timezone=timezone,
        chair_titles=_strings(top.get("chair_titles"), source) or ("위원장",),
        member_titles=_strings(top.get("member_titles"), source) or ("위원",),
        sessions=tuple(sorted(_dates(top.get("sessions"), source))),
        reminders=_reminders(top.get("reminders"), source),
        auto_confirm_above=_confidence(top.get("auto_confirm_above"), source),
        path=str(source),
    )


def _check_renames(teams_node: yaml.SequenceNode, teams: list[Team], source: str | Path) -> None:
    """``renamed_from`` names earlier names: never a team listed now, never claimed twice."""
    names = {t.name for t in teams}
    claimed: dict[str, str] = {}
    for node, team in zip(teams_node.value, teams, strict=True):
        line = _line(node)
        for key_node, value_node in node.value:
            if key_node.value == "renamed_from":
                line = _line(value_node)
        for old in team.renamed_from:
            if old in names:
                raise CommitteeError(
                    source,
                    f"팀 '{team.name}'의 renamed_from '{old}'은(는) 지금 teams 목록에 있는 팀입니다"
                    "(이전 이름만 적을 수 있습니다)",
                    line,
                )
            if old in claimed:
                raise CommitteeError(
                    source,
                    f"이전 이름 '{old}'이(가) '{claimed[old]}'와(과) '{team.name}'의 renamed_from에"
                    " 모두 있습니다",
                    line,
                )
            claimed[old] = team.name


def _confidence(node: yaml.Node | None, source: str | Path) -> float | None:
    """``auto_confirm_above``: a number from 0 to 1, or absent."""
    if node is None:
        return None
    text = _scalar(node, source)
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:  # also NaN
        raise CommitteeError(
            source,
            f"'auto_confirm_above'에는 0부터 1 사이의 신뢰도(예: 0.8)를 적어야 합니다: '{text}'",
            _line(node),
        )
    return value


def _reminders(node: yaml.Node | None, source: str | Path) -> Reminders:
    if node is None:
        return Reminders()
    if not isinstance(node, yaml.MappingNode):
        raise CommitteeError(source, "'reminders'는 항목(키: 값)이어야 합니다", _line(node))
    keys = _mapping(node, _REMINDER_KEYS, source, where="reminders")
    default = Reminders()
    before_session = default.before_session
    if "before_session" in keys:
        values = _strings(keys["before_session"], source)
        before_session = tuple(
            sorted((_days(v, keys["before_session"], source) for v in values), reverse=True)
        )
    hours = default.office_hours
    if "office_hours" in keys:
        hours = _hours(keys["office_hours"], source)

    def single(name: str, fallback: int) -> int:
        return _days(_scalar(keys[name], source), keys[name], source) if name in keys else fallback

    return Reminders(
        before_session=before_session,
        before_due=single("before_due", default.before_due),
        escalation=single("escalation", default.escalation),
        digest=single("digest", default.digest),
        silent_after=single("silent_after", default.silent_after),
        office_hours=hours,
    )


def _days(text: str, node: yaml.Node, source: str | Path) -> int:
    if not text.isdigit():
        raise CommitteeError(source, f"근무일 수(숫자)를 적어야 합니다: '{text}'", _line(node))
    return int(text)


def _hours(node: yaml.Node, source: str | Path) -> tuple[time, time]:
    text = _scalar(node, source)
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        start = end = time(0)
    if start >= end:
        raise CommitteeError(
            source, f"'office_hours'는 '09:00-18:00' 꼴이어야 합니다: '{text}'", _line(node)
        )
    return start, end


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(
    node: yaml.MappingNode, allowed: dict[str, bool], source: str | Path, *, where: str
) -> dict[str, yaml.Node]:
    found: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise CommitteeError(
                source,
                f"알 수 없는 {_WHERE[where]} 키 '{key}'입니다(쓸 수 있는 키: {known})",
                _line(key_node),
            )
        found[key] = value_node
    for key, required in allowed.items():
        if required and key not in found:
            raise CommitteeError(source, f"{_WHERE[where]}에 '{key}' 키가 없습니다", _line(node))
    return found


def _scalar(node: yaml.Node, source: str | Path) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise CommitteeError(source, "비어 있지 않은 글자 값이 와야 합니다", _line(node))
    return str(node.value).strip()


def _strings(node: yaml.Node | None, source: str | Path) -> tuple[str, ...]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise CommitteeError(source, "목록이 와야 합니다", _line(node))
    return tuple(_scalar(item, source) for item in node.value)


def _dates(node: yaml.Node | None, source: str | Path) -> list[date]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise CommitteeError(source, "'sessions'는 날짜 목록이어야 합니다", _line(node))
    out = []
    for item in node.value:
        text = _scalar(item, source)
        try:
            out.append(date.fromisoformat(text))
        except ValueError:
            raise CommitteeError(
                source, f"회의 날짜 '{text}'이(가) 날짜(YYYY-MM-DD)가 아닙니다", _line(item)
            ) from None
    return out


_parsed: dict[Path, tuple[tuple[int, int], Committee]] = {}
_parsed_lock = threading.Lock()


def cached_committee(path: str | Path) -> Committee:
    """The committee file at ``path``, parsed again only when its mtime or size changed
    (a web page must not re-read the YAML on every view)."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CommitteeError(path, "위원회 파일이 없습니다 (새로 만들려면 followup init)") from None
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise CommitteeError(path, f"위원회 파일을 읽을 수 없습니다({detail})") from None
    stamp = (info.st_mtime_ns, info.st_size)
    key = path.absolute()
    hit = _parsed.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    committee = load_committee(path)
    with _parsed_lock:
        _parsed[key] = (stamp, committee)
    return committee


def configured_committees(settings: Settings) -> list[Committee]:
    """The committee files the settings name, each parsed (cached per file: see
    :func:`cached_committee`)."""
    return [cached_committee(path) for path in settings.committees]


def committee_of(settings: Settings, session: Session, committee_id: int) -> Committee:
    """The committee file of a stored committee."""
    name = store.committee_name(session, committee_id=committee_id)
    for committee in configured_committees(settings):
        if committee.name == name:
            return committee
    raise FollowupError(f"위원회 '{name}'이(가) 설정된 위원회 파일에 더 이상 없습니다")


def select_committee(committees: list[Committee], name: str | None) -> Committee:
    """The committee a command names, or the only one configured."""
    if name is None:
        if len(committees) == 1:
            return committees[0]
        names = ", ".join(c.name for c in committees)
        raise FollowupError(f"위원회가 여럿입니다. --committee로 하나를 고르십시오: {names}")
    for committee in committees:
        if name in (committee.name, committee.name.split()[-1]):
            return committee
    raise FollowupError(f"설정된 위원회 파일에 '{name}' 위원회가 없습니다")
