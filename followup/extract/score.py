"""Score extracted action items against a hand-labelled gold file.

The gold format and the scoring rules are defined in the gold folder's README
(``/work/shared/gold/README.md`` in the development tree). In short:

* text is compared after deleting every whitespace character (:func:`normalise`);
* an extracted item matches a gold item when one of the gold item's normalised anchors
  is a substring of the item's normalised ``source_text``;
* each extracted item, in document order, is assigned to at most one gold item: the first
  unmatched required one, else the first already matched required one (a duplicate), else
  an optional one (ignored); an item that matches nothing is a false positive;
* field accuracies are computed over the matched required gold items, using the first
  extracted item that matched each.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from followup.codes import ItemKind
from followup.errors import FollowupError

KINDS = tuple(ItemKind)
SPEAKERS = ("chair", "member", "department")
FIELDS = ("kind", "speaker", "agenda", "team", "due")

_DUE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_WHITESPACE_RE = re.compile(r"\s+")


class GoldError(FollowupError):
    """A gold file that cannot be read or has a missing or malformed key."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(reason.split())
        super().__init__(f"{self.path}: {self.reason}")


@dataclass(frozen=True)
class GoldItem:
    """One hand-labelled action item."""

    id: str
    optional: bool
    kind: str
    speaker: str
    agenda: tuple[str, ...] | None  # None: agenda not scored
    teams: tuple[str, ...] | None  # None: team not scored
    due: str | None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None: no date stated
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Gold:
    """A gold file: the minutes it labels and its action items."""

    path: Path
    minutes: Path
    committee: Path
    meeting: dict[str, Any]
    agenda: tuple[str, ...]
    items: tuple[GoldItem, ...]

    @property
    def required(self) -> tuple[GoldItem, ...]:
        return tuple(item for item in self.items if not item.optional)


def normalise(text: str) -> str:
    """Delete every whitespace character (minutes break lines, even words, anywhere)."""
    return _WHITESPACE_RE.sub("", text)


def due_period(due: str) -> tuple[date, date]:
    """The first and last day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` period.

    Raises ``ValueError`` for anything else, including impossible dates.
    """
    match = _DUE_RE.fullmatch(due)
    if match is None:
        raise ValueError(f"due {due!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year_s, month_s, day_s = match.groups()
    year = int(year_s)
    if month_s is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(month_s)
    if day_s is None:
        if not 1 <= month <= 12:
            raise ValueError(f"due {due!r}: month out of range")
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(day_s))
    return day, day


# ---------------------------------------------------------------------------
# Loading


def load_gold(path: Path) -> Gold:
    """Read and validate a gold file; paths inside it are relative to the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(path, f"cannot read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}"
        raise GoldError(path, f"not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise GoldError(path, "expected a mapping with keys minutes, committee, items")

    for key in ("minutes", "committee", "items"):
        if key not in data:
            raise GoldError(path, f"missing key {key!r}")

    base = path.parent
    minutes = (base / _path_value(path, data, "minutes")).resolve()
    committee = (base / _path_value(path, data, "committee")).resolve()

    meeting = data.get("meeting") or {}
    if not isinstance(meeting, dict):
        raise GoldError(path, "'meeting' must be a mapping")
    agenda = _strings(path, "'agenda'", data.get("agenda") or [])

    raw_items = data["items"]
    if not isinstance(raw_items, list) or not raw_items:
        raise GoldError(path, "'items' must be a non-empty list")
    items: list[GoldItem] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_items, start=1):
        item = _load_item(path, index, raw)
        if item.id in seen:
            raise GoldError(path, f"duplicate item id {item.id!r}")
        seen.add(item.id)
        items.append(item)

    return Gold(
        path=path,
        minutes=minutes,
        committee=committee,
        meeting=dict(meeting),
        agenda=agenda,
        items=tuple(items),
    )


def _path_value(path: Path, data: dict[str, Any], key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise GoldError(path, f"{key!r} must be a path relative to the gold file")
    return value.strip()


def _strings(path: Path, what: str, value: Any) -> tuple[str, ...]:
    """A string or a list of strings (YAML may turn bare numbers into ints)."""
    values = value if isinstance(value, list) else [value]
    out: list[str] = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, str | int | float):
            raise GoldError(path, f"{what} must be a string or a list of strings")
        s = str(v).strip()
        if not s:
            raise GoldError(path, f"{what} has an empty entry")
        out.append(s)
    return tuple(out)


def _load_item(path: Path, index: int, raw: Any) -> GoldItem:
    if not isinstance(raw, dict):
        raise GoldError(path, f"item {index} is not a mapping")
    raw_id = raw.get("id")
    if raw_id is None or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise GoldError(path, f"item {index}: missing key 'id'")
    item_id = str(raw_id).strip()
    label = f"item {item_id}"

    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise GoldError(path, f"{label}: 'optional' must be true or false")

    for key in ("kind", "speaker", "anchors"):
        if key not in raw:
            raise GoldError(path, f"{label}: missing key {key!r}")
    kind = raw["kind"]
    if kind not in KINDS:
        raise GoldError(path, f"{label}: unknown kind {kind!r} (expected {', '.join(KINDS)})")
    speaker = raw["speaker"]
    if speaker not in SPEAKERS:
        raise GoldError(
            path, f"{label}: unknown speaker {speaker!r} (expected {', '.join(SPEAKERS)})"
        )

    agenda = _optional_strings(path, f"{label}: 'agenda'", raw, "agenda")
    teams = _optional_strings(path, f"{label}: 'teams'", raw, "teams")
    due = _due(path, label, raw.get("due"))

    raw_anchors = raw["anchors"]
    if raw_anchors is None or raw_anchors == []:
        raise GoldError(path, f"{label}: no anchors")
    anchors = _strings(path, f"{label}: 'anchors'", raw_anchors)

    return GoldItem(
        id=item_id,
        optional=optional,
        kind=kind,
        speaker=speaker,
        agenda=agenda,
        teams=teams,
        due=due,
        anchors=anchors,
    )


def _optional_strings(
    path: Path, what: str, raw: dict[str, Any], key: str
) -> tuple[str, ...] | None:
    if key not in raw or raw[key] is None:
        return None
    if raw[key] == []:
        raise GoldError(path, f"{what} is an empty list (leave the key out to not score it)")
    return _strings(path, what, raw[key])


def _due(path: Path, label: str, value: Any) -> str | None:
    if value is None:
        return None
    # Unquoted YAML turns 2024 into an int and 2024-09-01 into a date.
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise GoldError(path, f"{label}: 'due' must be YYYY, YYYY-MM or YYYY-MM-DD")
    text = str(value).strip()
    try:
        due_period(text)
    except ValueError:
        raise GoldError(
            path, f"{label}: 'due' {text!r} is not a valid YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return text


# ---------------------------------------------------------------------------
# Scoring


TRUE_POSITIVE, DUPLICATE, IGNORED, FALSE_POSITIVE = "tp", "duplicate", "ignored", "fp"


def assign(
    gold: Gold, extracted: Sequence[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], str, GoldItem | None]]:
    """Each extracted item, in document order, with its verdict and the gold item it was
    assigned to: the first unmatched required one it matches (``tp``), else a matched
    required one (``duplicate``), else an optional one (``ignored``), else none (``fp``)."""
    anchors = {g.id: tuple(normalise(a) for a in g.anchors) for g in gold.items}
    required = [g for g in gold.items if not g.optional]
    optional = [g for g in gold.items if g.optional]
    matched: set[str] = set()
    out: list[tuple[Mapping[str, Any], str, GoldItem | None]] = []
    for item in extracted:
        source = item.get("source_text")
        text = normalise(source) if isinstance(source, str) else ""

        def hits(g: GoldItem, text: str = text) -> bool:
            return any(a in text for a in anchors[g.id])

        matching_required = [g for g in required if hits(g)]
        unmatched = next((g for g in matching_required if g.id not in matched), None)
        if unmatched is not None:
            matched.add(unmatched.id)
            out.append((item, TRUE_POSITIVE, unmatched))
        elif matching_required:
            out.append((item, DUPLICATE, matching_required[0]))
        elif any(hits(g) for g in optional):
            out.append((item, IGNORED, next(g for g in optional if hits(g))))
        else:
            out.append((item, FALSE_POSITIVE, None))
    return out


def score_items(gold: Gold, extracted: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Score extracted items (``followup extract --json`` objects, in document order)."""
    required = [g for g in gold.items if not g.optional]

    first_match: dict[str, Mapping[str, Any]] = {}  # required gold id -> first extracted item
    true_positives = false_positives = duplicates = ignored = 0
    false_positive_texts: list[str] = []

    presentation_plans = sum(1 for item in extracted if item.get("presentation_plan"))
    # plans read out in a presentation are marked as such, not offered as follow-ups
    extracted = [item for item in extracted if not item.get("presentation_plan")]
    for item, outcome, g in assign(gold, extracted):
        if outcome == TRUE_POSITIVE and g is not None:
            first_match[g.id] = item
            true_positives += 1
        elif outcome == DUPLICATE:
            duplicates += 1
        elif outcome == IGNORED:
            ignored += 1
        else:
            source = item.get("source_text")
            false_positives += 1
            false_positive_texts.append(source if isinstance(source, str) else "")

    scored = true_positives + false_positives
    precision = true_positives / scored if scored else 0.0
    recall = len(first_match) / len(required) if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    correct = dict.fromkeys(FIELDS, 0)
    total = dict.fromkeys(FIELDS, 0)
    field_errors: list[dict[str, Any]] = []
    for g in required:
        if g.id not in first_match:
            continue
        item = first_match[g.id]
        for field in FIELDS:
            verdict = _field_verdict(g, item, field)
            if verdict is None:
                continue
            expected, got, ok = verdict
            total[field] += 1
            if ok:
                correct[field] += 1
            else:
                field_errors.append({"id": g.id, "field": field, "expected": expected, "got": got})

    result: dict[str, Any] = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_positives": true_positives,
        "false_positives": false_positives,
        "duplicates": duplicates,
        "ignored": ignored,
        "required": len(required),
        "matched": len(first_match),
        "extracted": len(extracted),
        "presentation_plans": presentation_plans,
    }
    for field in FIELDS:
        result[f"{field}_accuracy"] = (
            round(correct[field] / total[field], 4) if total[field] else None
        )
    result["missed"] = [g.id for g in required if g.id not in first_match]
    result["false_positive_texts"] = false_positive_texts
    result["field_errors"] = field_errors
    result["field_counts"] = {field: [correct[field], total[field]] for field in FIELDS}
    return result


# ---------------------------------------------------------------------------
# A folder of gold files


def is_gold_file(path: Path) -> bool:
    """A YAML file with the gold keys (committee files in the same folder are not)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and "items" in data and "minutes" in data


def gold_files(folder: Path) -> list[Path]:
    """Every gold file under a folder, recursively, in path order."""
    return [p for p in sorted(Path(folder).rglob("*.yaml")) if p.is_file() and is_gold_file(p)]


_COUNTS = ("true_positives", "false_positives", "duplicates", "ignored", "required", "matched")


def micro_average(per_file: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """Pool the counts of several scored files (micro-average) and list each file's scores.

    The pooled object has the same fields as one file's; ``missed``, the false positive
    texts and the field errors name their file (``file: id``); ``files`` holds each file's
    own scores with its name under ``file``.
    """
    total = {key: sum(int(scores[key]) for _, scores in per_file) for key in _COUNTS}
    extracted = sum(int(scores["extracted"]) for _, scores in per_file)
    plans = sum(int(scores.get("presentation_plans", 0)) for _, scores in per_file)
    tp, fp = total["true_positives"], total["false_positives"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = total["matched"] / total["required"] if total["required"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    result: dict[str, Any] = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        **{key: total[key] for key in _COUNTS},
        "extracted": extracted,
        "presentation_plans": plans,
    }
    for field in FIELDS:
        right = sum(scores["field_counts"][field][0] for _, scores in per_file)
        scored = sum(scores["field_counts"][field][1] for _, scores in per_file)
        result[f"{field}_accuracy"] = round(right / scored, 4) if scored else None
    result["missed"] = [f"{name}: {i}" for name, scores in per_file for i in scores["missed"]]
    result["false_positive_texts"] = [
        f"{name}: {text}" for name, scores in per_file for text in scores["false_positive_texts"]
    ]
    result["field_errors"] = [
        {"file": name, **error} for name, scores in per_file for error in scores["field_errors"]
    ]
    result.update(micro_views(per_file))
    result["files"] = [{"file": name, **scores} for name, scores in per_file]
    return result


def _field_verdict(
    g: GoldItem, item: Mapping[str, Any], field: str
) -> tuple[Any, Any, bool] | None:
    """``(expected, got, correct)`` for one field, or None when the field is not scored."""
    if field == "kind":
        got = item.get("kind")
        return g.kind, got, got == g.kind
    if field == "speaker":
        got = item.get("speaker_role")
        return g.speaker, got, got == g.speaker
    if field == "agenda":
        if g.agenda is None:
            return None
        got = item.get("agenda")
        titles = {normalise(t) for t in g.agenda}
        ok = isinstance(got, str) and normalise(got) in titles
        return list(g.agenda), got, ok
    if field == "team":
        if g.teams is None:
            return None
        got = item.get("team")
        return list(g.teams), got, isinstance(got, str) and got in g.teams
    if field == "due":
        got = item.get("stated_due")
        if g.due is None:
            return None, got, got is None
        return g.due, got, _due_within(got, g.due)
    raise ValueError(f"unknown field {field!r}")


def _due_within(stated: Any, due: str) -> bool:
    if isinstance(stated, datetime):
        stated = stated.date()
    if isinstance(stated, str):
        try:
            stated = date.fromisoformat(stated.strip())
        except ValueError:
            return False
    if not isinstance(stated, date):
        return False
    first, last = due_period(due)
    return first <= stated <= last


# ---------------------------------------------------------------------------
# What the teams receive: the sent view, figures per kind, and the summaries' check

REVIEW_THRESHOLD = 0.6  # the settings' default (FOLLOWUP_REVIEW_THRESHOLD)
FAILING_EXAMPLES = 5


def sent_view(
    gold: Gold, extracted: Sequence[Mapping[str, Any]], threshold: float = REVIEW_THRESHOLD
) -> dict[str, Any]:
    """What is sent and what is held: items with confidence at or above the review threshold
    go to the teams, the others wait in ``followup review`` (the review load). Every extracted
    item counts, presentation plans included, as each is stored and sent or held alike.
    ``sent_precision`` is the share of sent items that match a gold item; an item matching
    only an optional gold item, or a gold item already matched, counts as a match."""
    verdicts = assign(gold, extracted)
    sent = [(item, v) for item, v, _ in verdicts if _confidence(item) >= threshold]
    right = sum(1 for _, v in sent if v != FALSE_POSITIVE)
    return {
        "sent_precision": round(right / len(sent), 4) if sent else 0.0,
        "sent": len(sent),
        "held": len(verdicts) - len(sent),
        "sent_matched": right,
        "review_threshold": threshold,
    }


def per_kind(gold: Gold, extracted: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Precision, recall and F1 per kind, scored as the totals are (presentation plans left
    out, duplicates and optional matches not counted) with the kind required to agree: an
    extracted item of a kind is right when it is the first match of a required gold item of
    that kind; a required gold item is found when its first match has its kind."""
    scored = [item for item in extracted if not item.get("presentation_plan")]
    counts = {kind: {"true_positives": 0, "false_positives": 0} for kind in KINDS}
    found: dict[str, int] = dict.fromkeys(KINDS, 0)
    for item, verdict, g in assign(gold, scored):
        kind = item.get("kind")
        if kind not in counts or verdict in (DUPLICATE, IGNORED):
            continue
        if verdict == TRUE_POSITIVE and g is not None and g.kind == kind:
            counts[kind]["true_positives"] += 1
            found[kind] += 1
        else:
            counts[kind]["false_positives"] += 1
    required = {kind: sum(1 for g in gold.required if g.kind == kind) for kind in KINDS}
    return {
        kind: _prf(
            counts[kind]["true_positives"],
            counts[kind]["false_positives"],
            found[kind],
            required[kind],
        )
        for kind in KINDS
    }


def _prf(tp: int, fp: int, matched: int, required: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = matched / required if required else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_positives": tp,
        "false_positives": fp,
        "matched": matched,
        "required": required,
    }


def summary_pass(extracted: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The share of extracted items (presentation plans included: the secretary reads those)
    whose summary passes ``followup.extract.summary.summary_check``, with a few that fail."""
    from followup.extract.summary import summary_check

    failing: list[dict[str, Any]] = []
    passed = 0
    for item in extracted:
        text = item.get("summary")
        problems = summary_check(text) if isinstance(text, str) else ["no summary"]
        if problems:
            failing.append({"summary": text, "problems": problems})
        else:
            passed += 1
    return {
        "pass_share": round(passed / len(extracted), 4) if extracted else 1.0,
        "passed": passed,
        "checked": len(extracted),
        "failing": failing[:FAILING_EXAMPLES],
        "failing_count": len(failing),
    }


def score_views(
    gold: Gold, extracted: Sequence[Mapping[str, Any]], threshold: float = REVIEW_THRESHOLD
) -> dict[str, Any]:
    """The keys ``followup eval`` prints beside the scores: the sent view, ``per_kind`` and
    ``summary_check``."""
    return {
        **sent_view(gold, extracted, threshold),
        "per_kind": per_kind(gold, extracted),
        "summary_check": summary_pass(extracted),
    }


def micro_views(per_file: Sequence[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """The views pooled over files: micro sent precision, sent and held counts, per-kind
    figures from the pooled counts, and the pooled summary pass share (failing examples
    named by file)."""
    files = [(name, s) for name, s in per_file if "sent" in s]
    if not files:
        return {}
    sent = sum(int(s["sent"]) for _, s in files)
    right = sum(int(s["sent_matched"]) for _, s in files)
    kinds: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        tp, fp, matched, required = (
            sum(int(s["per_kind"][kind][key]) for _, s in files)
            for key in ("true_positives", "false_positives", "matched", "required")
        )
        kinds[kind] = _prf(tp, fp, matched, required)
    checked = sum(int(s["summary_check"]["checked"]) for _, s in files)
    passed = sum(int(s["summary_check"]["passed"]) for _, s in files)
    failing = [
        {"file": name, **example} for name, s in files for example in s["summary_check"]["failing"]
    ]
    return {
        "sent_precision": round(right / sent, 4) if sent else 0.0,
        "sent": sent,
        "held": sum(int(s["held"]) for _, s in files),
        "sent_matched": right,
        "review_threshold": files[0][1]["review_threshold"],
        "per_kind": kinds,
        "summary_check": {
            "pass_share": round(passed / checked, 4) if checked else 1.0,
            "passed": passed,
            "checked": checked,
            "failing": failing[:FAILING_EXAMPLES],
            "failing_count": sum(int(s["summary_check"]["failing_count"]) for _, s in files),
            "per_file": {name: s["summary_check"]["pass_share"] for name, s in files},
        },
    }


def _confidence(item: Mapping[str, Any]) -> float:
    value = item.get("confidence")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
