"""Kept body lines → passages: kind, plain text and the heading each sits under."""

from __future__ import annotations

from dataclasses import dataclass

from app.pipeline.clean import words
from app.pipeline.inline import is_bold_only, is_heading_marker, is_list_item, is_quote
from app.pipeline.sentences import positional_constructor
from app.pipeline.types import PassageKind

# A bold-only line longer than this is a bold lead paragraph, not a heading.
MAX_HEADING_WORDS = 30


@dataclass(frozen=True, slots=True)
class RawPassage:
    line_no: int
    kind: PassageKind
    text: str
    heading: str | None
    words: set[str] | None = None  # set(text.lower().split()), when already computed
    low: str | None = None  # text.lower(), when already computed


def kind_of(raw: str, text: str) -> PassageKind:
    first = raw[:1]
    # Heading, quote and list markers open the line, after optional whitespace.
    if first in _MARKERS or first.isspace() or first.isdigit():
        if is_heading_marker(raw):
            return "heading"
        if is_quote(raw):
            return "quote"
        if is_list_item(raw):
            return "list_item"
    # Cheapest test first (most paragraphs end with "."; a slice, not endswith(), whose
    # argument parsing costs more); all three are pure.
    if text[-1:] != "." and is_bold_only(raw) and len(words(text)) <= MAX_HEADING_WORDS:
        return "heading"
    return "paragraph"


_MARKERS = frozenset("#>*+-•")
# RawPassage(...), 2-3x cheaper (see positional_constructor)
_new_raw_passage = positional_constructor(RawPassage)


def build_passages(
    kept: list[tuple[int, str, str]],
    words: list[set[str]] | None = None,
    lows: list[str] | None = None,
) -> list[RawPassage]:
    """Passages of the kept lines (n, raw, plain); `words` and `lows` (lowercase
    text) per line if already known."""
    out: list[RawPassage] = []
    heading: str | None = None
    for k, (n, raw, text) in enumerate(kept):
        kind = kind_of(raw, text)
        out.append(
            _new_raw_passage(
                n, kind, text, heading, words[k] if words else None, lows[k] if lows else None
            )
        )
        if kind == "heading":
            heading = text
    return out
