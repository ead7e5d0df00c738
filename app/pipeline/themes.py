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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from app.pipeline import rules
from app.pipeline.clean import ends_sentence
from app.pipeline.gate import GatedPatterns, required_literals
from app.pipeline.passages import RawPassage
from app.pipeline.sentences import positional_constructor
from app.pipeline.types import THEMES, Theme, ThemeTag

_NO_NEWS = re.compile(rules.NO_NEWS)
_NO_NEWS_NEEDS = required_literals(_NO_NEWS)


# A word of each of those literals (its longest), less those holding another one
# (found wherever it is): a text without any of them does not say so. Most articles
# have none; the others, in few passages.
_NO_NEWS_LONGEST = {max(literal.split(), key=len) for literal in _NO_NEWS_NEEDS or ()}
_NO_NEWS_WORDS = {w for w in _NO_NEWS_LONGEST if not any(o in w for o in _NO_NEWS_LONGEST - {w})}


def _no_news(low: str) -> bool:
    """Does the (short, lowercase) passage only say someone did not comment?"""
    if _NO_NEWS_NEEDS is not None and not (
        any(w in low for w in _NO_NEWS_WORDS) and any(k in low for k in _NO_NEWS_NEEDS)
    ):
        return False  # cheap: the pattern backtracks over its first 160 characters
    return _NO_NEWS.match(low) is not None


def _may_say_no_news(lows: list[str]) -> bool:
    """Can any passage (lowercase: `lows`) of an article be _no_news?"""
    if _NO_NEWS_NEEDS is None:
        return True
    article = "\n".join(lows)
    return any(word in article for word in _NO_NEWS_WORDS)


_CONTINUATION = re.compile(rules.CONTINUATION)
# theme → (its gate modifier, the cues a time clause explains)
_TIME_EXPLAINS = {theme: (f"time:{theme}", explained) for theme, _, explained in rules.TIME_CLAUSES}
# theme → (its gate modifier, background mentions, all its words)
_BACKGROUND = {
    theme: (f"background:{theme}", re.compile(p), re.compile(rules.BACKGROUND_WORDS[theme]))
    for theme, p in rules.BACKGROUND.items()
}


# The themes' cues (payload: theme, label, weight) and, after them, the passage-level
# modifiers (payload: a name): framing, reporting verbs, talks named only as a time
# reference, strikes named only as background. One gate for both: one word lookup
# per article and one candidate search (and Aho–Corasick pass) per passage serve
# both; each pattern's answer does not depend on the others in its gate.
_Cue = tuple[Theme, str, float]
_GATE: GatedPatterns[_Cue | str] = GatedPatterns(
    [
        *(
            (cue.anchor, cue.pattern, (theme, cue.label, cue.weight))
            for theme, cues in rules.RULES.items()
            for cue in cues
        ),
        (rules.FRAMING_ANCHORS, rules.FRAMING, "framing"),
        (rules.REPORTING_ANCHORS, rules.REPORTING, "reporting"),
        *(
            (rules.TIME_CLAUSE_ANCHORS[theme], clause, f"time:{theme}")
            for theme, clause, _ in rules.TIME_CLAUSES
        ),
        *(
            (rules.BACKGROUND_ANCHORS[theme], pattern, f"background:{theme}")
            for theme, pattern in rules.BACKGROUND.items()
        ),
    ]
)


_NO_THEMES: frozenset[Theme] = frozenset()
# ThemeTag(theme, score, cues), 2-3x cheaper (see positional_constructor)
_new_tag = positional_constructor(ThemeTag)


@dataclass(slots=True)
class Evidence:
    score: float
    cues: list[str]


def _evidence(low: str, hits: list[_Cue | str]) -> dict[Theme, Evidence]:
    """Raw cue evidence per theme of a passage (lowercase) from what the gate found in
    it."""
    out: dict[Theme, Evidence] = {}
    # The gate lists the cues first, then the modifiers (names): the few last hits.
    n_cues = len(hits)
    while n_cues and isinstance(hits[n_cues - 1], str):
        n_cues -= 1
    if not n_cues:
        return out
    fired: list[_Cue] = hits[:n_cues]  # type: ignore[assignment]
    mods = set(hits[n_cues:])
    framing = "framing" in mods and "reporting" not in mods
    factor = rules.FRAMING_FACTOR if framing else 1.0
    for theme, label, weight in fired:
        e = out.get(theme)
        if e is None:
            out[theme] = Evidence(weight * factor, [label])
        elif label not in e.cues:  # one concept counts once, however it is phrased
            e.score += weight * factor
            e.cues.append(label)
    if not mods:
        return out
    for theme, (mod, explained) in _TIME_EXPLAINS.items():
        e = out.get(theme)
        if e is None or mod not in mods:
            continue
        substantive = [c for c in e.cues if c not in rules.ACTOR_CUES]
        if substantive and all(c in explained for c in substantive):
            # Keep only who-said-it cues: they never carry a theme in on their own.
            weights = rules.CUE_WEIGHTS[theme]
            e.cues = [c for c in e.cues if c in rules.ACTOR_CUES]
            e.score = sum(weights.get(c, 0.0) for c in e.cues)
            if not e.cues:
                del out[theme]
    for theme, (mod, pattern, theme_words) in _BACKGROUND.items():
        e = out.get(theme)
        if e is None or mod not in mods:
            continue
        background = len(pattern.findall(low))
        if background and background >= len(theme_words.findall(low)):
            e.score *= rules.BACKGROUND_FACTOR
            e.cues.append("background mention")
    return out


def _is_strong(theme: Theme, e: Evidence) -> bool:
    """Local evidence enough on its own: the threshold, with one real cue behind it."""
    if e.score < rules.THRESHOLD:
        return False
    if e.score >= rules.WEAK_ONLY_THRESHOLD:
        return True
    weights = rules.CUE_WEIGHTS[theme]
    return any(weights.get(c, 0.0) >= rules.STRONG_CUE for c in e.cues)


# Does some theme explain away its own weak cues? A theme's evidence holds its own cue
# labels (and "background mention"); if none of them explains any theme's cues away,
# evidence of a single theme (most passages with any) has nothing to suppress.
_SELF_EXPLAINED = any(
    not explained_by.isdisjoint({*rules.CUE_WEIGHTS[theme], "background mention"})
    for theme, explained_by, _ in rules.EXPLAINED_AWAY
)


def _suppress(ev: dict[Theme, Evidence]) -> None:
    """Cross-theme rules: a cue of one theme explains away weak cues of another."""
    if not ev or (len(ev) == 1 and not _SELF_EXPLAINED):
        return
    cues: list[str] | None = None  # of every theme, made when first needed
    for theme, explained_by, weak_labels in rules.EXPLAINED_AWAY:
        other = ev.get(theme)
        if other is None:
            continue
        if cues is None:
            cues = [c for e in ev.values() for c in e.cues]
        if explained_by.isdisjoint(cues):
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
        cues = None


def classify(passages: list[RawPassage]) -> list[tuple[ThemeTag, ...]]:
    """Themes of each passage, using local evidence and the article's context."""
    n = len(passages)
    lows = [p.low if p.low is not None else p.text.lower() for p in passages]
    words = [
        p.words if p.words is not None else set(low.split())
        for p, low in zip(passages, lows, strict=True)
    ]
    may_say_no_news = _may_say_no_news(lows)
    ev: list[dict[Theme, Evidence]] = []
    strong: list[AbstractSet[Theme]] = []
    for low, hits in zip(lows, _GATE.matches_many(lows, words), strict=True):
        passage_ev = _evidence(low, hits)
        # A passage that only says someone did not comment has no evidence (tested
        # last: only evidence can be lost).
        if passage_ev and may_say_no_news and len(low) < 300 and _no_news(low):
            passage_ev = {}
        ev.append(passage_ev)
        if passage_ev:
            _suppress(passage_ev)
            strong.append({t for t, e in passage_ev.items() if _is_strong(t, e)})
        else:
            strong.append(_NO_THEMES)
    is_heading = [p.kind == "heading" for p in passages]
    heading_idx: list[int | None] = []
    current: int | None = None
    for i in range(n):
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
            if t in strong[i]:
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
    # Passages with no strong evidence of their own: a continuation (a quote, "He
    # said…") carries on the previous passage's themes; a passage between two
    # passages of the same theme in an article about that theme shares it.
    for i in range(1, n):
        p = passages[i]
        if strong[i] or is_heading[i] or is_heading[i - 1]:
            continue
        broken = passages[i - 1].kind == "paragraph" and not ends_sentence(passages[i - 1].text)
        # len(words[i]) counts each word once: no more than text.split() (see
        # test_lowercase_keeps_the_words).
        if (
            not broken
            and len(words[i]) < rules.MIN_INHERIT_WORDS
            and len(p.text.split()) < rules.MIN_INHERIT_WORDS
        ):
            continue
        if len(p.text) < 300 and may_say_no_news and _no_news(lows[i]):
            continue
        if p.text.endswith(":"):  # "X said:" introduces a quote, reports nothing itself
            continue
        prev = result[i - 1]
        # A quote or the rest of a sentence the scraper broke over two lines carries
        # every theme of the passage before; a pronoun or connective opening ("She…",
        # "But…") carries only the article's main themes.
        carries_all = broken or p.kind == "quote" or p.text[:1] in "\"“‘'"
        continuation = carries_all or bool(_CONTINUATION.match(lows[i]))
        if continuation:
            for t, (sc, _) in prev.items():
                if t in result[i]:
                    continue
                if (carries_all and t in solid[i - 1]) or t in dominant:
                    result[i][t] = (min(sc, 1.0) * 0.6, ["continues previous passage"])
                    solid[i].add(t)
        elif not result[i]:
            nxt = strong[i + 1] if i + 1 < n and not is_heading[i + 1] else set()
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
        own = {t: e for t, e in ev[i].items() if t in strong[i]}
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
        if not r:
            out.append(())
        elif len(r) == 1:  # most tagged passages
            ((t, (sc, cues)),) = r.items()
            out.append((_new_tag(t, _confidence(sc), tuple(cues)),))
        else:  # in the order of THEMES
            out.append(
                tuple([_new_tag(t, _confidence(r[t][0]), tuple(r[t][1])) for t in THEMES if t in r])
            )
    return out


# score → confidence: scores are sums of a few rule weights, so they recur, and
# round(x, 3) costs thousands of instructions (a correctly rounded decimal conversion).
_CONFIDENCES: dict[float, float] = {}
_MAX_CONFIDENCES = 10_000


def _confidence(score: float) -> float:
    """round(1 - e^-score, 3), remembered."""
    confidence = _CONFIDENCES.get(score)
    if confidence is None:
        if len(_CONFIDENCES) >= _MAX_CONFIDENCES:
            _CONFIDENCES.clear()
        confidence = _CONFIDENCES[score] = round(1.0 - math.exp(-score), 3)
    return confidence
