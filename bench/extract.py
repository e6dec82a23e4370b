"""Extraction speed next to kiwipiepy's own work on the same text, in one process.

    python bench/extract.py [MINUTES] [--committee FILE] [--rounds N]

Prints, for the sample minutes by default: the median time of Kiwi's split_into_sents plus
tokenize of the raw text (the floor any Kiwi-based extractor pays), the median time of
followup's parse + extract, their ratio (target <= 1.0), and the process's peak memory.
One Kiwi instance serves both, built once before timing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from followup.committee import load_committee
from followup.extract.items import extract_items
from followup.korean import get_kiwi
from followup.minutes.parse import parse_minutes

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "inbox" / "approved" / "seoul-bigdata-committee-2023-2.md"
COMMITTEE = ROOT / "examples" / "committee.yaml"


def median_seconds(work, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("minutes", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--committee", type=Path, default=COMMITTEE)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    text = args.minutes.read_text(encoding="utf-8")
    committee = load_committee(args.committee)
    build = time.perf_counter()
    kiwi = get_kiwi()
    build = time.perf_counter() - build

    def kiwi_alone() -> None:
        kiwi.split_into_sents(text)
        kiwi.tokenize(text)

    paragraphs = [p.text for t in parse_minutes(text, source="bench").turns for p in t.paragraphs]

    def kiwi_on_paragraphs() -> None:
        list(kiwi.split_into_sents(paragraphs))
        list(kiwi.tokenize(paragraphs))

    def followup() -> None:
        extract_items(parse_minutes(text, source=str(args.minutes)), committee)

    followup()  # warm caches (regexes, holidays) the way a long-running worker has them
    baseline = median_seconds(kiwi_alone, args.rounds)
    per_paragraph = median_seconds(kiwi_on_paragraphs, args.rounds)
    ours = median_seconds(followup, args.rounds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    items = len(extract_items(parse_minutes(text, source=str(args.minutes)), committee))
    print(f"minutes: {args.minutes.name} ({len(text):,} characters, {items} items)")
    print(f"kiwi build (once per process): {build * 1000:8.1f} ms")
    print(f"kiwi split + tokenize:         {baseline * 1000:8.1f} ms (median of {args.rounds})")
    print(f"kiwi split + tokenize by para:  {per_paragraph * 1000:8.1f} ms")
    print(f"followup parse + extract:      {ours * 1000:8.1f} ms (median of {args.rounds})")
    print(f"ratio to whole-text kiwi (target <= 1.0):  {ours / baseline:6.2f}")
    print(f"ratio to by-paragraph kiwi (stricter):     {ours / per_paragraph:6.2f}")
    print(f"peak memory (max RSS):         {peak_mb:8.1f} MB")


if __name__ == "__main__":
    main()
