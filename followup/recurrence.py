"""재요구: an ask in new minutes that repeats an item still open from an earlier session.

Two items are the same ask when the same team owns them and their content nouns overlap:
the nouns (Kiwi's NNG/NNP and Latin words) of their summaries and source texts, each noun
weighted by how rare it is among the items compared (so 안건, 말씀 or 분석 weigh little),
and the overlap measured against the shorter item, since a repeated ask is often terser
than the first. Decisions never repeat: each is its own vote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from followup.korean import get_kiwi

THRESHOLD = 0.5
_NOUN_TAGS = {"NNG", "NNP", "SL"}
_REPEATABLE = {"recommendation", "commitment"}


@dataclass(frozen=True)
class Candidate:
    id: int
    team_id: int
    kind: str
    text: str


def content_nouns(text: str) -> frozenset[str]:
    tokens = get_kiwi().tokenize(text)
    return frozenset(t.form.lower() for t in tokens if t.tag in _NOUN_TAGS and len(t.form) >= 2)


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
    olds = [(old, content_nouns(old.text)) for old in earlier if old.kind in _REPEATABLE]
    news = [(item, content_nouns(item.text)) for item in new if item.kind in _REPEATABLE]
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
