"""extract_facts / extract_article_facts, the labelled fixtures, and the time they take."""

from __future__ import annotations

import time
from pathlib import Path

from app.facts_evaluation import DEFAULT_FIXTURES, evaluate_facts, render_facts_report
from app.pipeline.facts import extract_article_facts, extract_facts


def test_one_passage() -> None:
    text = (
        "Russia launched 120 drones at Kharkiv and the Sumy region overnight, Ukraine's air "
        "force said. Reuters could not independently verify the figures."
    )
    facts = extract_facts(text)
    assert [p.name for p in facts.places] == ["Kharkiv", "Sumy Oblast"]
    assert facts.regions == ("UA-63", "UA-59")
    assert [(f.kind, f.value, f.claimant) for f in facts.figures] == [
        ("drones_launched", 120, "ukraine_official")
    ]
    assert facts.claimant == "ukraine_official"
    assert facts.unverified


def test_article_offsets_are_per_passage() -> None:
    texts = [
        "Kupiansk",
        "",
        "Two people died and seven were injured in Kharkiv, the governor said.",
        "ISW assessed that Russian forces advanced near Borova and Kupiansk.",
    ]
    facts = extract_article_facts(texts)
    assert len(facts) == 4
    for text, f in zip(texts, facts, strict=True):
        for m in f.mentions:
            assert text[m.start : m.end] == m.surface
        for fig in f.figures:
            assert text[fig.start : fig.end] == fig.surface
        for c in f.claims:
            assert text[c.start : c.end] == c.speaker
    assert [x.value for x in facts[2].figures] == [2, 7]
    assert facts[3].claimant == "analyst"
    assert [p.name for p in facts[3].places] == ["Borova", "Kupiansk"]
    assert facts[1].places == () and facts[1].claimant is None


def test_article_and_passage_agree() -> None:
    texts = [
        "Russia's defence ministry said air defences downed 40 drones over the Bryansk region.",
        "Explosions were heard in Belgorod, the governor said.",
    ]
    joined = extract_article_facts(texts)
    for text, f in zip(texts, joined, strict=True):
        alone = extract_facts(text)
        assert alone.places == f.places
        assert alone.figures == f.figures
        assert alone.claims == f.claims


def test_fixtures_meet_the_precision_target() -> None:
    for directory in (
        DEFAULT_FIXTURES,
        DEFAULT_FIXTURES / "holdout",
        DEFAULT_FIXTURES / "holdout2",
    ):
        report = evaluate_facts(directory)
        assert report.passed, render_facts_report(report, misses=True)
        for score in report.scores.values():
            assert score.items >= 15
            assert score.recall >= 0.8, render_facts_report(report, misses=True)


def test_fixture_dir_without_files_scores_nothing(tmp_path: Path) -> None:
    report = evaluate_facts(tmp_path)
    assert all(s.items == 0 for s in report.scores.values())


def test_cheap_enough() -> None:
    """The whole pipeline has 2 ms per 14 KB article; facts must take a fraction of it.
    This article is the worst case (every sentence names places, numbers and speakers);
    the bound is a loose regression guard, for a shared CI machine."""
    import json

    lines = (DEFAULT_FIXTURES / "places.jsonl").read_text().splitlines()
    lines += (DEFAULT_FIXTURES / "figures.jsonl").read_text().splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    article: list[str] = []
    while sum(map(len, article)) < 14_000:
        article.extend(texts)
    extract_article_facts(article)  # warm
    best = min(_timed(article) for _ in range(5))
    per_14kb = best * 14_000 / sum(map(len, article))
    assert per_14kb < 0.025, f"{per_14kb * 1000:.2f} ms per 14 KB"


def _timed(article: list[str]) -> float:
    t = time.process_time()
    extract_article_facts(article)
    return time.process_time() - t
