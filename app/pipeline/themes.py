"""The theme engine: scores passages against the rules in `rules.py`.

1. Local evidence: each passage's text is matched against every theme's cues; a
   theme's raw score is the sum of the weights of the distinct cues that fired
   (framing sentences count for less).
2. Context: a theme with weak local evidence is taken when the heading or an
   adjacent passage carries it strongly; a passage that continues the previous
   one (a quote, "He said…") and has no evidence of its own inherits its themes.
3. Headings take the themes of the section they introduce.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from app.pipeline import rules
from app.pipeline.passages import RawPassage
from app.pipeline.types import THEMES, Theme, ThemeTag

_FRAMING = re.compile(rules.FRAMING)
_CONTINUATION = re.compile(rules.CONTINUATION)


@dataclass(frozen=True, slots=True)
class _CompiledCue:
    theme: Theme
    label: str
    weight: float
    pattern: re.Pattern[str] | None


_CUES: tuple[_CompiledCue, ...] = tuple(
    _CompiledCue(theme, cue.label, cue.weight, re.compile(cue.pattern) if cue.pattern else None)
    for theme, cues in rules.RULES.items()
    for cue in cues
)
_ANCHORS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(cue.anchor), i)
    for i, cue in enumerate(c for cues in rules.RULES.values() for c in cues)
)
_STRIP = "\"'“”‘’«»()[]{}.,;:!?…*_#|<>/`~"
_SPLIT_WORD = re.compile(r"[-/–—]")
# word → ids of the cues it anchors. Shared across calls: the vocabulary of news is
# small, so after a few articles almost every word is a dictionary hit.
_WORD_CUES: dict[str, tuple[int, ...]] = {}
_WORD_CACHE_MAX = 500_000


def _cues_for_word(word: str) -> tuple[int, ...]:
    hit = _WORD_CUES.get(word)
    if hit is not None:
        return hit
    core = word.strip(_STRIP)
    for suffix in ("'s", "’s"):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
    parts = {core, *_SPLIT_WORD.split(core)} if core else set()
    ids = tuple(
        i for pattern, i in _ANCHORS if any(part and pattern.fullmatch(part) for part in parts)
    )
    if len(_WORD_CUES) < _WORD_CACHE_MAX:
        _WORD_CUES[word] = ids
    return ids


@dataclass(slots=True)
class Evidence:
    score: float
    cues: list[str]


def local_evidence(text: str) -> dict[Theme, Evidence]:
    """Raw cue evidence per theme for one passage's plain text."""
    low = text.lower()
    candidates: set[int] = set()
    for word in set(low.split()):
        ids = _WORD_CUES.get(word)
        if ids is None:
            ids = _cues_for_word(word)
        if ids:
            candidates.update(ids)
    out: dict[Theme, Evidence] = {}
    if not candidates:
        return out
    factor = rules.FRAMING_FACTOR if _FRAMING.search(low) else 1.0
    for i in sorted(candidates):
        cue = _CUES[i]
        if cue.pattern is not None and not cue.pattern.search(low):
            continue
        e = out.get(cue.theme)
        if e is None:
            out[cue.theme] = Evidence(cue.weight * factor, [cue.label])
        else:
            e.score += cue.weight * factor
            e.cues.append(cue.label)
    return out


def _confidence(raw: float) -> float:
    return round(1.0 - math.exp(-raw), 3)


def classify(passages: list[RawPassage]) -> list[tuple[ThemeTag, ...]]:
    n = len(passages)
    ev = [local_evidence(p.text) for p in passages]
    strong: list[set[Theme]] = [
        {t for t, e in ev[i].items() if e.score >= rules.THRESHOLD} for i in range(n)
    ]
    heading_idx: list[int | None] = []
    current: int | None = None
    for i, p in enumerate(passages):
        heading_idx.append(current)
        if p.kind == "heading":
            current = i

    result: list[dict[Theme, tuple[float, list[str]]]] = [{} for _ in range(n)]
    for i, p in enumerate(passages):
        if p.kind == "heading":
            continue
        for t, e in ev[i].items():
            if e.score >= rules.THRESHOLD:
                result[i][t] = (e.score, e.cues)
            elif e.score >= rules.WEAK_CONTEXT:
                ctx = []
                h = heading_idx[i]
                if h is not None and t in strong[h]:
                    ctx.append("heading")
                if i > 0 and passages[i - 1].kind != "heading" and t in strong[i - 1]:
                    ctx.append("previous passage")
                if i + 1 < n and passages[i + 1].kind != "heading" and t in strong[i + 1]:
                    ctx.append("next passage")
                if ctx:
                    result[i][t] = (e.score * 0.8, [*e.cues, "context: " + ", ".join(ctx)])
    # Continuations inherit the previous passage's themes.
    for i in range(1, n):
        p = passages[i]
        if result[i] or p.kind == "heading" or passages[i - 1].kind == "heading":
            continue
        if _CONTINUATION.match(p.text.lower()) and len(p.text.split()) >= 4:
            for t, (s, _) in result[i - 1].items():
                result[i][t] = (s * 0.6, ["continues previous passage"])
    # Headings: their own cues plus the themes most of their section carries.
    for i, p in enumerate(passages):
        if p.kind != "heading":
            continue
        for t, e in ev[i].items():
            if e.score >= rules.THRESHOLD:
                result[i][t] = (e.score, e.cues)
        section = []
        for j in range(i + 1, n):
            if passages[j].kind == "heading":
                break
            section.append(j)
        if section:
            counts: dict[Theme, int] = {}
            for j in section:
                for t in result[j]:
                    counts[t] = counts.get(t, 0) + 1
            for t, c in counts.items():
                if c / len(section) >= 0.5 and t not in result[i]:
                    result[i][t] = (1.0, [f"section: {c} of {len(section)} passages"])
    out: list[tuple[ThemeTag, ...]] = []
    for r in result:
        tags = tuple(
            ThemeTag(theme=t, score=_confidence(r[t][0]), cues=tuple(r[t][1]))
            for t in THEMES
            if t in r
        )
        out.append(tags)
    return out
