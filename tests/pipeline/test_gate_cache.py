"""The gate's word caches are bounded and forgetting them never changes a result."""

from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline import gate, process_article
from tests.conftest import FIXTURES

ARTICLES = sorted((FIXTURES / "articles").glob("*.md"))


def _themes(text: str) -> list[tuple[int, tuple[str, ...]]]:
    result = process_article(text, dt.date(2026, 3, 1))
    return [(p.line_no, tuple(t.theme for t in p.themes)) for p in result.passages]


@pytest.mark.parametrize("limit", [1, 50, 400])
def test_tiny_cache_gives_the_same_themes(monkeypatch, limit):
    texts = [p.read_text() for p in ARTICLES]
    expected = [_themes(t) for t in texts]
    monkeypatch.setattr(gate, "_CACHE_MAX", limit)
    # twice over, so the caches fill, are forgotten, and fill again mid-run
    assert [_themes(t) for t in texts + texts] == expected + expected
