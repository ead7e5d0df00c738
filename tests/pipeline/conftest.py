"""Helpers for the pipeline tests: fixture articles written for the project."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.pipeline import process_article
from app.pipeline.types import ProcessedArticle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLES = FIXTURES / "articles"
RECEIVED = dt.date(2026, 3, 5)
SHARED_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def load(name: str) -> str:
    return (ARTICLES / name).read_text(encoding="utf-8")


def run(name: str, received: dt.date = RECEIVED) -> ProcessedArticle:
    return process_article(load(name), received)


def themes_by_line(article: ProcessedArticle) -> dict[int, set[str]]:
    return {p.line_no: {t.theme for t in p.themes} for p in article.passages}


@pytest.fixture(params=sorted(p.name for p in ARTICLES.glob("*.md")))
def fixture_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)
