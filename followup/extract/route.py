"""Which team owns an item, and why.

In order: a team the item names (or its alias); for a commitment, the committing department;
the department that answers the ask in the same exchange; the team whose keywords best match
the item; for a commitment, the team of the ask it answers; the team whose keywords best match
the rest of the turn; the team that owns the item's agenda; else the secretary, for triage. The
secretary's own office answers for every team, so its answers and promises never settle
ownership alone.

A reason is a code with one argument, ``code:arg`` (``keywords:사일로,칸막이``); the Korean
words are in templates/mail/_labels.j2 (``reason``). :data:`REASONS` lists every code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from followup.committee import Committee, Team
from followup.extract.cues import COMMITMENT, DECISION
from followup.text import squash

REASONS = (
    "named",  # the team (or alias) named in the item's text
    "committed",  # the department that made the commitment
    "answered",  # the department answering the ask in the same exchange
    "keywords",  # the team's keywords in the item's text (comma-separated)
    "answers_ask",  # a commitment answering an ask routed to that team
    "keywords_turn",  # the team's keywords in the rest of the turn
    "agenda_owner",  # the team owning the item's agenda (its title)
    "triage",  # no team matched: the secretary triages
    "reassigned",  # reassigned in review (followup.intake.review), by whom
    "transferred",  # moved on an accepted 소관 아님 request (followup.loop.requests), by whom
    # keywords|label: the subject's team, where a larger unit or its head was named or spoke
    "named_subject",
    "committed_subject",
    "answered_subject",
    "answered_keywords",  # keywords|label: of several answers, the one on the ask's subject
)


@dataclass(frozen=True)
class Route:
    team: str
    reason: str
    triage: bool = False


def route_item(
    *,
    kind: str,
    text: str,
    speaker_team: Team | None,
    answered_by: Sequence[tuple[str, Team]],
    agenda_owner: Team | None,
    agenda_title: str | None,
    committee: Committee,
    turn_text: str = "",
    asked_of: Team | None = None,
    speaker_label: str = "",
) -> Route:
    secretary = committee.secretary
    named = _named_team(text, committee)
    keyword = _keyword_team(text, committee) if kind != DECISION else None
    if named is not None and kind != DECISION:
        # 관광체육국은 … 체육회 보조금 …: a larger unit named, its team by the subject
        if (
            keyword is not None
            and keyword[1].name not in (named[1].name, secretary)
            and not squash(named[0]).startswith(squash(named[1].name))
        ):
            return Route(keyword[1].name, f"named_subject:{','.join(keyword[0])}|{named[0]}")
        return Route(named[1].name, f"named:{named[0]}")

    def head_for_other(label: str, team: Team) -> bool:
        """The speaker heads a larger unit (교통실장 for 교통정책과) and answers for all its
        teams: the subject's keywords name the team that owns the item."""
        return (
            keyword is not None
            and keyword[1].name != team.name
            and keyword[1].name != secretary
            and bool(label)
            and not squash(label).startswith(squash(team.name))
        )

    if kind == COMMITMENT and speaker_team is not None and speaker_team.name != secretary:
        if head_for_other(speaker_label, speaker_team) and keyword is not None:
            return Route(
                keyword[1].name,
                f"committed_subject:{','.join(keyword[0])}|{speaker_label}",
            )
        return Route(speaker_team.name, f"committed:{speaker_team.name}")
    if kind != DECISION:
        for label, team in answered_by:  # of several answers, the one on the ask's subject
            if keyword is not None and team.name == keyword[1].name:
                return Route(team.name, f"answered_keywords:{','.join(keyword[0])}|{label}")
        for label, team in answered_by:
            if team.name != secretary:
                if head_for_other(label, team) and keyword is not None:
                    return Route(
                        keyword[1].name, f"answered_subject:{','.join(keyword[0])}|{label}"
                    )
                return Route(team.name, f"answered:{label}")
        if keyword is not None:
            return Route(keyword[1].name, "keywords:" + ",".join(keyword[0]))
        if kind == COMMITMENT and asked_of is not None and asked_of.name != secretary:
            return Route(asked_of.name, f"answers_ask:{asked_of.name}")
        around = _keyword_team(turn_text, committee)
        if around is not None:
            return Route(around[1].name, "keywords_turn:" + ",".join(around[0]))
    if agenda_owner is not None:
        return Route(agenda_owner.name, f"agenda_owner:{agenda_title or ''}")
    if kind == COMMITMENT and speaker_team is not None:
        return Route(speaker_team.name, f"committed:{speaker_team.name}")
    return Route(secretary, "triage", triage=True)


def _named_team(text: str, committee: Committee) -> tuple[str, Team] | None:
    flat = squash(text)
    first: tuple[int, str, Team] | None = None
    for team in committee.teams:
        for name in team.names:
            at = flat.find(squash(name))
            if at >= 0 and (first is None or at < first[0]):
                first = (at, name, team)
    return (first[1], first[2]) if first else None


# Thanks (감사합니다, 감사드리고) is not the audit (감사) a keyword may name
_THANKS = re.compile(
    r"감사(?=합니다|드립니다|드리|하다|하고|하며|해요|했|하게|한\s*마음|의\s*말씀)"
)


def _keyword_team(text: str, committee: Committee) -> tuple[list[str], Team] | None:
    flat = squash(_THANKS.sub(" ", text)).lower()
    best: tuple[int, list[str], Team] | None = None
    for team in committee.teams:
        hits = [k for k in team.keywords if squash(k).lower() in flat]
        score = sum(flat.count(squash(k).lower()) for k in hits)
        if hits and (best is None or score > best[0]):
            best = (score, hits, team)
    return (best[1], best[2]) if best else None
