"""재요구: an ask in new minutes that repeats an item still open from an earlier session.

Two items are the same ask when the same team owns them and their content nouns overlap:
the nouns of their source sentences (kept on each item when it is extracted), each noun
weighted by how rare it is among the items compared (so 안건, 말씀 or 분석 weigh little),
and the overlap measured against the shorter item, since a repeated ask is often terser
than the first. Decisions never repeat: each is its own vote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from followup.korean import get_kiwi, noun_words

THRESHOLD = 0.5
_REPEATABLE = {"recommendation", "commitment"}


@dataclass(frozen=True)
class Candidate:
    id: int
    team_id: int
    kind: str
    nouns: frozenset[str]


def content_nouns(text: str) -> frozenset[str]:
    """The nouns of a text read afresh (an item stored before items kept their nouns)."""
    return frozenset(noun_words(get_kiwi().tokenize(text)))


def pack_nouns(nouns: frozenset[str]) -> str:
    """Nouns as stored on an item: sorted, space-separated (a noun has no space in it)."""
    return " ".join(sorted("".join(n.split()) for n in nouns))


def unpack_nouns(stored: str) -> frozenset[str]:
    return frozenset(stored.split())


def overlap(a: frozenset[str], b: frozenset[str], weight: Mapping[str, float]) -> float:
    """The weight of the shared nouns over the weight of the lighter of the two sets; two
    items sharing a single noun are never the same ask."""
    if len(a & b) < 2:
        return 0.0
    lighter = min(sum(weight[w] for w in a), sum(weight[w] for w in b))
    if lighter == 0:
        return 0.0
    return sum(weight[w] for w in a & b) / lighter


def rarity(noun_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each noun over the given items."""
    counts = Counter(w for nouns in noun_sets for w in nouns)
    total = len(noun_sets)
    return {w: math.log(1 + total / n) for w, n in counts.items()}


def find_repeats(
    new: Sequence[Candidate], earlier: Iterable[Candidate], *, threshold: float = THRESHOLD
) -> dict[int, int]:
    """For each new item, the earlier open item of the same team it repeats, if any: the
    most similar one above the threshold."""
    olds = [(old, old.nouns) for old in earlier if old.kind in _REPEATABLE]
    news = [(item, item.nouns) for item in new if item.kind in _REPEATABLE]
    weight = rarity([nouns for _, nouns in olds + news])
    by_team: dict[int, list[tuple[Candidate, frozenset[str]]]] = {}
    for old, nouns in olds:
        by_team.setdefault(old.team_id, []).append((old, nouns))
    found: dict[int, int] = {}
    for item, nouns in news:
        options = by_team.get(item.team_id, [])
        scored = [(overlap(nouns, other, weight), old.id) for old, other in options]
        score, best = max(scored, default=(0.0, 0))
        if score >= threshold:
            found[item.id] = best
    return found
