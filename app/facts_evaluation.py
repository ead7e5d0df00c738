"""Score the facts extractors (places, figures, claims) on labelled fixtures.

`evaluate_facts(dir)` reads DIR/places.jsonl, DIR/figures.jsonl and DIR/claims.jsonl
(format: tests/fixtures/facts/README.md) and returns precision and recall per
extractor, with the misses, for `sitrep eval` and the tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.evaluation import Tally
from app.pipeline.facts import PassageFacts, extract_article_facts
from app.pipeline.places import REGION_KINDS, Place

DEFAULT_FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "facts"
EXTRACTORS = ("places", "figures", "claims")


@dataclass(frozen=True, slots=True)
class FactMiss:
    text: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]


@dataclass(slots=True, kw_only=True)
class ExtractorScore(Tally):
    name: str
    items: int = 0
    misses: list[FactMiss] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FactsReport:
    scores: dict[str, ExtractorScore]
    precision_target: float = 0.9

    @property
    def passed(self) -> bool:
        return all(s.precision >= self.precision_target for s in self.scores.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            name: {
                "items": s.items,
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }
            for name, s in self.scores.items()
        }


def place_label(place: Place) -> str:
    """How fixtures name a place: a region by its code, a settlement as Name@CODE."""
    return place.id if place.kind in REGION_KINDS else f"{place.name}@{place.region}"


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _facts(item: dict[str, Any]) -> PassageFacts:
    texts = [*item.get("context", []), item["text"]]
    return extract_article_facts(texts)[-1]


def _score_sets(score: ExtractorScore, text: str, gold: list[str], predicted: list[str]) -> None:
    g, p = set(gold), set(predicted)
    score.items += 1
    score.tp += len(g & p)
    score.fp += len(p - g)
    score.fn += len(g - p)
    if g != p:
        score.misses.append(FactMiss(text, tuple(sorted(g)), tuple(sorted(p))))


def evaluate_facts(fixtures_dir: Path | str = DEFAULT_FIXTURES) -> FactsReport:
    """Precision and recall of each extractor on the fixtures in `fixtures_dir`."""
    root = Path(fixtures_dir)
    scores = {name: ExtractorScore(name=name) for name in EXTRACTORS}
    for item in _read(root / "places.jsonl"):
        facts = _facts(item)
        predicted = [place_label(p) for p in facts.places]
        _score_sets(scores["places"], item["text"], item["places"], predicted)
    for item in _read(root / "figures.jsonl"):
        facts = _facts(item)
        gold = [f"{kind}={value}" for kind, value in item["figures"]]
        predicted = [f"{f.kind}={f.value}" for f in facts.figures]
        _score_sets(scores["figures"], item["text"], gold, predicted)
    for item in _read(root / "claims.jsonl"):
        facts = _facts(item)
        # one label per passage: its claimant, and "unverified" when it says so
        gold = [item["claimant"]] if item["claimant"] else []
        predicted = [facts.claimant] if facts.claimant else []
        if item.get("unverified"):
            gold.append("unverified")
        if facts.unverified:
            predicted.append("unverified")
        _score_sets(scores["claims"], item["text"], gold, predicted)
    return FactsReport(scores)


def render_facts_report(report: FactsReport, *, misses: bool = False) -> str:
    lines = ["extractor  items  precision  recall     f1"]
    for s in report.scores.values():
        lines.append(
            f"{s.name:<10} {s.items:>5}  {s.precision:>9.3f}  {s.recall:>6.3f}  {s.f1:>5.3f}"
        )
        if misses:
            for m in s.misses:
                lines.append(f"    gold={list(m.gold)} predicted={list(m.predicted)}")
                lines.append(f"      {m.text[:160]}")
    verdict = "meets" if report.passed else "misses"
    lines.append(f"{verdict} the precision target {report.precision_target:.2f} on every extractor")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_facts_report(evaluate_facts(), misses=True))
