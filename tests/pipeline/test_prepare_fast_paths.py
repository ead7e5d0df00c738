"""prepare_article's shortcuts (fingerprint, theme counts, rows) give what the plain
forms give."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingest.prepare import prepare_article
from app.pipeline import process_article
from app.pipeline.urls import casefolded_utf8, content_fingerprint, lines_single_spaced
from app.repository.rows import PassageRows

# Every character str.split() splits on, caseless and cased non-ASCII characters (some
# that casefold grows: ß, ﬁ, İ), and bytes the UTF-8 scans look for (\xc2 of ©, \xe2 of
# the curly quotes, U+2000–U+20FF's lead pairs, Ⅰ and Ⓐ of \xe2 which casefold changes).
_SPACES = (
    " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CHARS = "aZ.1 ’“”—–…€‰⁰₂⃝©«éÉßẞΣσςİﬁⅠⒶ\u200b\u2060\x00"
# (spaces, "\n" and a letter most often: the single-spacing checks' edge cases)
_TEXT = st.text(alphabet=st.sampled_from([*" \na" * 10, *_SPACES, *_CHARS]), max_size=12)
_TEXTS = st.lists(_TEXT, max_size=6)


def _content_fingerprint_plain(title: str | None, texts: list[str]) -> str:
    normalized = "\n".join(" ".join(t.split()).casefold() for t in [title or "", *texts])
    return hashlib.sha256(normalized.encode()).hexdigest()


@given(st.none() | _TEXT, _TEXTS)
def test_content_fingerprint(title: str | None, texts: list[str]) -> None:
    assert content_fingerprint(title, texts) == _content_fingerprint_plain(title, texts)


@given(st.none() | _TEXT, _TEXTS)
def test_content_fingerprint_of_single_spaced_texts(title: str | None, texts: list[str]) -> None:
    # The pipeline's texts: the fast path's case.
    texts = [" ".join(t.split()) for t in texts]
    assert content_fingerprint(title, texts) == _content_fingerprint_plain(title, texts)


def _lines_single_spaced_plain(texts: list[str]) -> bool:
    return all(" ".join(t.split()) == t for t in texts)


@settings(max_examples=1000)
@given(_TEXTS.filter(bool))
def test_lines_single_spaced(texts: list[str]) -> None:
    data = "\n".join(texts).encode()
    assert lines_single_spaced(data, len(texts)) == _lines_single_spaced_plain(texts)


_ALL_SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]


@pytest.mark.parametrize("space", _ALL_SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_lines_single_spaced_sees_every_space(space: str) -> None:
    for texts in (["a" + space + "b"], [space], ["a’" + space], ["a", "b" + space, "c"]):
        data = "\n".join(texts).encode()
        assert lines_single_spaced(data, len(texts)) == _lines_single_spaced_plain(texts)


@given(_TEXT)
def test_casefolded_utf8(text: str) -> None:
    assert casefolded_utf8(text.encode()) == text.casefold().encode()


def test_casefold_leaves_the_caseless_block_as_it_is() -> None:
    # casefolded_utf8 lowers only the ASCII bytes of texts whose other characters are
    # all in U+2000–U+20FF.
    assert all(chr(c).casefold() == chr(c) for c in range(0x2000, 0x2100))


@given(st.text(alphabet=st.sampled_from(_SPACES + "a"), max_size=6))
def test_empty_body_check(text: str) -> None:
    assert (not text or text.isspace()) == (not text.strip())


_ARTICLES = sorted(Path(__file__).parent.parent.joinpath("fixtures", "articles").glob("*.md"))


@pytest.mark.parametrize("path", _ARTICLES, ids=lambda p: p.name)
def test_theme_counts_and_rows(path: Path) -> None:
    raw = path.read_bytes()
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    processed = process_article(raw.decode("utf-8-sig"), now.date())
    prepared = prepare_article(raw, now)
    counts: Counter[str] = Counter()
    if not processed.not_article:
        for passage in processed.passages:
            counts.update(tag.theme for tag in passage.themes)
    assert prepared.themes == dict(counts)
    assert list(prepared.themes) == list(counts)  # the same order
    passages = processed.passages
    assert prepared.rows == PassageRows(
        parser_version=processed.parser_version,
        date=processed.meta.date,
        passages=tuple(
            (p.position, p.line_no, p.kind, p.text, p.heading, p.facts.claimant, p.facts.unverified)
            for p in passages
        ),
        themes=tuple(
            (i, tag.theme, tag.score, tag.cues) for i, p in enumerate(passages) for tag in p.themes
        ),
        places=tuple(
            (i, place.id, place.region) for i, p in enumerate(passages) for place in p.facts.places
        ),
        figures=tuple(
            (i, f.kind, f.value, f.qualifier, f.unit, f.claimant, f.surface[:64])
            for i, p in enumerate(passages)
            for f in p.facts.figures
        ),
    )
