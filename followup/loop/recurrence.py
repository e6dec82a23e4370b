"""재요구: an ask in new minutes that repeats an item still open from an earlier session.

Two items are the same ask when the same team owns them and their content nouns overlap:
the nouns of their source sentences (kept on each item when it is extracted), each noun
weighted by how rare it is among the items compared (the new ones and the open earlier ones
of their teams, so 안건, 말씀 or 분석 weigh little), and the overlap measured against the
shorter item, since a repeated ask is often terser than the first. Only meetings of the last
three years are looked at: an ask repeated over longer is linked to its latest repeat, and
an archive of thousands of backfilled meetings costs each new file a bounded comparison.
Decisions never repeat: each is its own vote.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from followup import store
from followup.codes import ItemKind
from followup.korean import get_kiwi, noun_words
from followup.store.items import unpack_nouns

THRESHOLD = 0.5
LOOKBACK = timedelta(days=3 * 365)  # how far back an open item can be repeated
REPEATABLE = {ItemKind.RECOMMENDATION, ItemKind.COMMITMENT}


@dataclass(frozen=True)
class Candidate:
    id: int
    team_id: int
    kind: str
    nouns: frozenset[str]


def content_nouns(text: str) -> frozenset[str]:
    """The nouns of a text read afresh (an item stored before items kept their nouns)."""
    return frozenset(noun_words(get_kiwi().tokenize(text)))


def repeat_candidates(
    session: Session, *, meeting_id: int
) -> tuple[list[Candidate], list[Candidate]]:
    """A meeting's repeatable items not yet linked to an earlier one, and the open repeatable
    items of the same teams at the same committee's earlier meetings of the last three years
    (``LOOKBACK``). An item stored before items kept their nouns (migration 0003) has them
    read here, once, and stored."""
    new, earlier = store.repeat_candidates(
        session, meeting_id=meeting_id, kinds=REPEATABLE, lookback=LOOKBACK
    )
    unread = [row.id for row in [*new, *earlier] if row.nouns is None]
    read = {
        item_id: content_nouns(text)
        for item_id, text in store.item_texts(session, item_ids=unread).items()
    }
    store.store_nouns(session, nouns=read)

    def candidate(row: store.RepeatRow) -> Candidate:
        nouns = read[row.id] if row.nouns is None else unpack_nouns(row.nouns)
        return Candidate(id=row.id, team_id=row.team_id, kind=row.kind, nouns=nouns)

    return [candidate(r) for r in new], [candidate(r) for r in earlier]


def rarity(noun_sets: Sequence[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each noun over the given items."""
    counts = Counter(w for nouns in noun_sets for w in nouns)
    total = len(noun_sets)
    return {w: math.log(1 + total / n) for w, n in counts.items()}


def find_repeats(
    new: Sequence[Candidate], earlier: Iterable[Candidate], *, threshold: float = THRESHOLD
) -> dict[int, int]:
    """For each new item, the earlier open item of the same team it repeats, if any: the
    most similar one above the threshold. Similarity is the weight of the shared nouns over
    the weight of the lighter of the two items; items sharing a single noun never match."""
    olds = [old for old in earlier if old.kind in REPEATABLE]
    news = [item for item in new if item.kind in REPEATABLE]
    weight = rarity([c.nouns for c in olds + news])

    def heft(nouns: Iterable[str]) -> float:
        return sum(weight[w] for w in nouns)

    by_team: dict[int, list[tuple[Candidate, float]]] = {}
    for old in olds:
        by_team.setdefault(old.team_id, []).append((old, heft(old.nouns)))
    found: dict[int, int] = {}
    for item in news:
        mine = heft(item.nouns)
        best = (0.0, 0)
        for old, theirs in by_team.get(item.team_id, []):
            shared = item.nouns & old.nouns
            lighter = min(mine, theirs)
            if len(shared) >= 2 and lighter > 0:
                best = max(best, (heft(shared) / lighter, old.id))
        if best[0] >= threshold:
            found[item.id] = best[1]
    return found
