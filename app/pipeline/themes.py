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
from app.pipeline.gate import GatedPatterns
from app.pipeline.passages import RawPassage
from app.pipeline.types import THEMES, Theme, ThemeTag

_FRAMING = re.compile(rules.FRAMING)
_CONTINUATION = re.compile(rules.CONTINUATION)


_GATE: GatedPatterns[tuple[Theme, str, float]] = GatedPatterns(
    [
        (cue.anchor, cue.pattern, (theme, cue.label, cue.weight))
        for theme, cues in rules.RULES.items()
        for cue in cues
    ]
)


@dataclass(slots=True)
class Evidence:
    score: float
    cues: list[str]


def local_evidence(text: str, words: set[str] | None = None) -> dict[Theme, Evidence]:
    """Raw cue evidence per theme for one passage's plain text."""
    low = text.lower()
    out: dict[Theme, Evidence] = {}
    fired = _GATE.matches(low, words)
    if not fired:
        return out
    factor = rules.FRAMING_FACTOR if _FRAMING.search(low) else 1.0
    for theme, label, weight in fired:
        e = out.get(theme)
        if e is None:
            out[theme] = Evidence(weight * factor, [label])
        elif label not in e.cues:  # one concept counts once, however it is phrased
            e.score += weight * factor
            e.cues.append(label)
    return out


def _confidence(raw: float) -> float:
    return round(1.0 - math.exp(-raw), 3)


def _suppress(ev: dict[Theme, Evidence]) -> None:
    """Cross-theme rules: a cue of one theme explains away weak cues of another."""
    for theme, explained_by, weak_labels in rules.EXPLAINED_AWAY:
        other = ev.get(theme)
        if other is None:
            continue
        if not any(lbl in explained_by for e in ev.values() for lbl in e.cues):
            continue
        kept = [c for c in other.cues if c not in weak_labels]
        if len(kept) == len(other.cues):
            continue
        weights = rules.CUE_WEIGHTS[theme]
        other.score = sum(weights.get(c, 0.0) for c in kept) * (
            other.score / max(sum(weights.get(c, 0.0) for c in other.cues), 1e-9)
        )
        other.cues = kept
        if not kept:
            del ev[theme]


def classify(passages: list[RawPassage]) -> list[tuple[ThemeTag, ...]]:
    """Themes of each passage, using local evidence and the article's context."""
    n = len(passages)
    ev = [local_evidence(p.text, p.words) for p in passages]
    for e in ev:
        _suppress(e)
    score: list[dict[Theme, float]] = [{t: e.score for t, e in ev[i].items()} for i in range(n)]
    strong: list[set[Theme]] = [{t for t, v in sc.items() if v >= rules.THRESHOLD} for sc in score]
    is_heading = [p.kind == "heading" for p in passages]
    heading_idx: list[int | None] = []
    current: int | None = None
    for i, p in enumerate(passages):
        heading_idx.append(current)
        if is_heading[i]:
            current = i

    # The article's dominant themes: what most of its substantive passages report.
    counts: dict[Theme, int] = {}
    with_theme = 0
    for i in range(n):
        if is_heading[i] or not strong[i]:
            continue
        with_theme += 1
        for t in strong[i]:
            counts[t] = counts.get(t, 0) + 1
    dominant = {
        t
        for t, c in counts.items()
        if c >= rules.DOMINANT_MIN and c / with_theme >= rules.DOMINANT_SHARE
    }

    result: list[dict[Theme, tuple[float, list[str]]]] = [{} for _ in range(n)]
    # Themes a continuation may inherit: local evidence or inherited, not context.
    solid: list[set[Theme]] = [set(strong[i]) if not is_heading[i] else set() for i in range(n)]
    for i in range(n):
        if is_heading[i]:
            continue
        for t, e in ev[i].items():
            if e.score >= rules.THRESHOLD:
                result[i][t] = (e.score, e.cues)
                continue
            ctx = []
            h = heading_idx[i]
            if h is not None and t in strong[h]:
                ctx.append("heading")
            if i > 0 and not is_heading[i - 1] and t in strong[i - 1]:
                ctx.append("previous passage")
            if i + 1 < n and not is_heading[i + 1] and t in strong[i + 1]:
                ctx.append("next passage")
            if t in dominant:
                ctx.append("article topic")
            if not any(c not in rules.ACTOR_CUES for c in e.cues):
                continue
            if (e.score >= rules.WEAK_CONTEXT and ctx) or (
                e.score >= rules.WEAKEST and len(ctx) >= 2 and "article topic" in ctx
            ):
                result[i][t] = (e.score * 0.8, [*e.cues, "context: " + ", ".join(ctx)])
    # Passages with no evidence of their own: a continuation (quote, "He said…")
    # inherits the previous passage's themes; a passage between two passages of the
    # same theme in an article about that theme shares it.
    for i in range(n):
        p = passages[i]
        if result[i] or is_heading[i] or len(p.text.split()) < rules.MIN_INHERIT_WORDS:
            continue
        if p.text.endswith(":"):  # "X said:" introduces a quote, reports nothing itself
            continue
        prev = result[i - 1] if i > 0 and not is_heading[i - 1] else {}
        nxt = strong[i + 1] if i + 1 < n and not is_heading[i + 1] else set()
        continuation = p.kind == "quote" or bool(_CONTINUATION.match(p.text.lower()))
        if continuation and prev:
            for t, (sc, _) in prev.items():
                if t in solid[i - 1]:
                    result[i][t] = (min(sc, 1.0) * 0.6, ["continues previous passage"])
                    solid[i].add(t)
        elif prev:
            for t in dominant & set(prev) & nxt:
                result[i][t] = (0.5, ["between passages on this theme"])
    # Headings take the themes their section reports; their own cues count when
    # the section has no passages to judge by, or agrees.
    for i in range(n):
        if not is_heading[i]:
            continue
        section = []
        for j in range(i + 1, n):
            if is_heading[j]:
                break
            section.append(j)
        own = {t: e for t, e in ev[i].items() if e.score >= rules.THRESHOLD}
        if not section:
            for t, e in own.items():
                result[i][t] = (e.score, e.cues)
            continue
        sec_counts: dict[Theme, int] = {}
        for j in section:
            for t in result[j]:
                sec_counts[t] = sec_counts.get(t, 0) + 1
        for t, c in sec_counts.items():
            share = c / len(section)
            if t in own:
                result[i][t] = (own[t].score, [*own[t].cues, f"section: {c} of {len(section)}"])
            elif share >= rules.SECTION_SHARE and (c >= 2 or len(section) == 1):
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
