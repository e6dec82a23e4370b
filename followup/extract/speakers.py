"""Who is speaking: the role of a turn label, and the team a department speaker belongs to."""

from __future__ import annotations

import re

from followup.committee import Committee, Team

CHAIR, MEMBER, DEPARTMENT = "chair", "member", "department"

# How department officials are titled when the committee file does not list them.
_DEPARTMENT_SUFFIXES = (
    "실장", "국장", "본부장", "단장", "과장", "팀장", "팀", "관", "청장", "시장", "교육감",
    "원장", "센터장", "부장", "대표", "이사", "사장", "처장", "소장", "반장", "담당", "주무관",
    "사무관", "주사", "계장", "실", "국", "과", "부", "청", "처",
)  # fmt: skip


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def speaker_role(label: str, committee: Committee) -> str:
    """chair, member or department, from the label as written (〈000위원〉, 위원장 홍길동,
    위원장(홍길동)...)."""
    label = re.sub(r"[(（][^)）]*[)）]", " ", label)  # 위원장(홍길동) -> 위원장
    words = label.split()
    squashed = _squash(label)
    if any(w in committee.chair_titles for w in words) or squashed in committee.chair_titles:
        return CHAIR
    if team_of_label(label, committee) is not None:
        return DEPARTMENT
    titles = sorted(committee.member_titles, key=len, reverse=True)
    if any(w.endswith(t) for w in words for t in titles) or squashed.endswith(tuple(titles)):
        return MEMBER
    if any(w.endswith(("위원", "의원", "위원장", "의장")) for w in words):
        return MEMBER
    if any(w.endswith(_DEPARTMENT_SUFFIXES) for w in words):
        return DEPARTMENT
    return MEMBER


def team_of_label(label: str, committee: Committee) -> Team | None:
    """The team a speaker label names (〈빅데이터플랫폼팀〉, 〈통계조사팀장〉, ○경제실장 홍길동)."""
    squashed = _squash(label)
    best: tuple[int, Team] | None = None
    for team in committee.teams:
        for name in team.names:
            key = _squash(name)
            named = key and (squashed == key or squashed.startswith(key))
            if named and (best is None or len(key) > best[0]):
                best = (len(key), team)
    return best[1] if best else None
