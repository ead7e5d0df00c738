"""Sentence spans of a passage: enough for attributing figures and claims."""

from __future__ import annotations

import re

# A full stop ends a sentence unless it closes a title or an initialism (Gen., U.S.).
_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|St|Gov|Sen|Rep|Prof|No|vs|approx|Jan|Feb|"
    r"Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|Inc|Ltd|Co)|\b[A-Z](?:\.[A-Z])*)\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _ABBREV.search(text, max(start, m.start() - 12), m.start()):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
