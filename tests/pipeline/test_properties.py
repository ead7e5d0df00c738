"""Property tests: any text in, no exception out (except InvalidArticle); every body
line ends in exactly one passage or one dropped line; cleaning is idempotent."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.errors import InvalidArticle
from app.pipeline import process_article
from app.pipeline.clean import clean_lines

RECEIVED = dt.date(2026, 3, 5)

_PIECES = [
    "---",
    "...",
    "title: T",
    'title: "broken "quote',
    "date: unknown",
    "date: 2026-02-30",
    "source: https://x.example/2026/02/04/a",
    "**Bold heading**",
    "**Click****here****to see the map.**",
    "* list item with [link](https://x.example/a)",
    "1. numbered item",
    "> quoted words",
    "# Heading",
    "[](https://x.example/</a>)",
    "[[1]](https://x.example/<#_edn1>) https://t.me/x/1",
    "KYIV, Feb 5 (Reuters) - Russia launched 40 drones overnight.",
    "Russian forces advanced near Pokrovsk and repelled assaults.",
    "Share this article",
    "Reporting by A; Editing by B",
    "![img](https://x.example/i.png)",
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "“Quote,” he said.",
    "\u200b\u200d",
    "\t",
    "",
    "   ",
]
_LINE = st.one_of(st.sampled_from(_PIECES), st.text(max_size=80))
_DOC = st.one_of(
    st.text(max_size=400),
    st.lists(_LINE, max_size=30).map("\n".join),
    st.lists(_LINE, max_size=30).map("\r\n".join),
)

_SPLIT = re.compile(r"\r\n|\r|\n")


def _expected_body_lines(text: str) -> list[str]:
    """An independent reading of 'the non-empty lines after the front matter'."""
    lines = _SPLIT.split(text.lstrip("\ufeff"))
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and re.fullmatch(r"---[ \t]*", lines[start]):
        for i in range(start + 1, min(len(lines), start + 201)):
            if re.fullmatch(r"(?:---|\.\.\.)[ \t]*", lines[i]):
                lines = lines[i + 1 :]
                break
    return [line for line in lines if line.strip()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOC)
def test_any_text_is_processed_or_invalid(text: str) -> None:
    expected = _expected_body_lines(text)
    try:
        art = process_article(text, RECEIVED)
    except InvalidArticle as exc:
        assert exc.detail
        assert not expected
        return
    # The invariant: each non-empty body line is exactly one passage or one dropped line.
    passage_lines = [p.line_no for p in art.passages]
    dropped_lines = [d.line_no for d in art.dropped]
    assert not set(passage_lines) & set(dropped_lines)
    assert sorted(passage_lines + dropped_lines) == list(range(1, len(expected) + 1))
    assert [p.position for p in art.passages] == list(range(len(art.passages)))
    assert passage_lines == sorted(passage_lines)
    assert art.meta.date_source in {"front_matter", "url", "dateline", "received"}
    for p in art.passages:
        for tag in p.themes:
            assert 0.0 <= tag.score <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=40), st.one_of(st.none(), st.text(max_size=40)))
def test_cleaning_is_idempotent(lines: list[str], title: str | None) -> None:
    numbered = list(enumerate([line for line in lines if line.strip()], start=1))
    kept, dropped = clean_lines(numbered, title)
    assert len(kept) + len(dropped) == len(numbered)
    again_kept, again_dropped = clean_lines([(n, raw) for n, raw, _ in kept], title)
    assert again_dropped == []
    assert again_kept == kept
