from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app import evaluation
from app.evaluation import Targets, evaluate, render_report
from app.pipeline.types import ArticleMeta, DroppedLine, Passage, ProcessedArticle, ThemeTag

from .conftest import FIXTURES

EVAL_CORPUS = FIXTURES / "eval_corpus"


def test_fixture_corpus_scores_well() -> None:
    report = evaluate(EVAL_CORPUS)
    assert report.files == 2
    assert report.lines == 10
    assert report.boiler_lines == 3
    assert report.boiler_leaked == 0
    assert report.macro_f1 >= 0.9
    assert report.passed(Targets(macro_f1=0.9, theme_f1=0.8, boiler_leak_rate=0.0))


def _fake_article(passages: dict[int, tuple[str, ...]], dropped: list[int]) -> ProcessedArticle:
    meta = ArticleMeta(
        title=None, source_url=None, date=dt.date(2026, 1, 1), date_source="received"
    )
    return ProcessedArticle(
        meta=meta,
        passages=tuple(
            Passage(
                position=i,
                line_no=n,
                kind="paragraph",
                text=f"line {n}",
                heading=None,
                themes=tuple(ThemeTag(theme=t, score=1.0, cues=()) for t in themes),  # type: ignore[arg-type]
            )
            for i, (n, themes) in enumerate(sorted(passages.items()))
        ),
        dropped=tuple(DroppedLine(line_no=n, text=f"line {n}", reason="x") for n in dropped),
        not_article=False,
        parser_version="test",
    )


def test_scoring_arithmetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "articles" / "a.md").write_text("irrelevant", encoding="utf-8")
    gold = [
        {"n": 1, "themes": ["energy"], "boiler": False},
        {"n": 2, "themes": ["energy", "economy"], "boiler": False},
        {"n": 3, "themes": [], "boiler": True},
        {"n": 4, "themes": [], "boiler": True},
    ]
    (tmp_path / "labels" / "a.jsonl").write_text(
        "\n".join(json.dumps(g) for g in gold) + "\n", encoding="utf-8"
    )
    fake = _fake_article({1: ("energy",), 2: ("energy",), 3: ("diplomacy",)}, dropped=[4])
    monkeypatch.setattr(evaluation, "process_article", lambda text, received: fake)

    report = evaluate(tmp_path)
    energy, economy, diplomacy = (report.themes[t] for t in ("energy", "economy", "diplomacy"))
    assert (energy.tp, energy.fp, energy.fn) == (2, 0, 0)
    assert (economy.tp, economy.fp, economy.fn) == (0, 0, 1)
    assert (diplomacy.tp, diplomacy.fp, diplomacy.fn) == (0, 1, 0)
    assert energy.f1 == 1.0 and economy.f1 == 0.0 and diplomacy.f1 == 0.0
    # Themes with no gold and no prediction count as perfect.
    assert report.themes["front_lines"].f1 == 1.0
    assert report.macro_f1 == pytest.approx(4 / 6)
    assert (report.boiler_lines, report.boiler_leaked) == (2, 1)
    assert report.boiler_leak_rate == 0.5
    assert not report.passed()
    failures = report.failures()
    assert any(f.startswith("economy F1") for f in failures)
    assert any(f.startswith("boilerplate leak") for f in failures)
    [miss] = economy.misses
    assert (miss.file, miss.line_no, miss.kind) == ("a", 2, "false negative")


def test_render_report_lists_numbers_and_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = evaluate(EVAL_CORPUS)
    text = render_report(report, worst=2)
    assert "macro-F1:" in text
    for theme in ("front_lines", "air_strikes", "humanitarian", "energy", "diplomacy", "economy"):
        assert theme in text
    assert "boilerplate lines with a theme: 0 of 3" in text
    assert "worst misses" not in render_report(report, worst=0)


def test_labels_without_article_are_reported(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "orphan.jsonl").write_text('{"n": 1, "themes": []}\n')
    report = evaluate(tmp_path)
    assert report.files == 0
    assert report.problems and "orphan" in report.problems[0]
    assert "problem:" in render_report(report)
