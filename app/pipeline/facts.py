"""Facts of a passage: where (places), how many (figures) and who says so (claims).

`extract_facts` reads one passage; `extract_article_facts` reads an article's passages
together, so a village that several oblasts share is resolved by the places the rest
of the article names. Both are pure and cheap: one automaton pass for places, regexes
over sentences with numbers for figures, one alternation for speakers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from app.pipeline.claims import UNVERIFIED_CUES, Claim, Claimant, claim_spans, is_unverified
from app.pipeline.figures import Figure, find_figures
from app.pipeline.places import (
    EMPTY_CONTEXT,
    REGION_KINDS,
    Place,
    PlaceContext,
    PlaceHit,
    PlaceMention,
    lower_aligned,
    mention,
    point_grid,
    resolve,
    resolve_by_context,
    scan_places,
)
from app.pipeline.sentences import positional_constructor, sentence_spans
from app.pipeline.types import NO_FACTS, PassageFacts

__all__ = [
    "Claim",
    "Claimant",
    "FactsContext",
    "Figure",
    "PassageFacts",
    "Place",
    "PlaceMention",
    "extract_article_facts",
    "extract_facts",
]

FactsContext = PlaceContext  # what the rest of the article tells about this passage


# the same objects as their classes build, 2-3× cheaper (see positional_constructor)
_new_facts = positional_constructor(PassageFacts)
_new_figure = positional_constructor(Figure)
_new_claim = positional_constructor(Claim)


# Passages of an article are scanned as one text joined by NUL, which no regex here
# crosses (not whitespace, not a word character, a sentence boundary): one pass of each
# automaton per article instead of one per passage.
SEP = "\x00"


def _passage(
    text: str,
    scanned: str,
    unverified: bool,
    offset: int,
    hits: list[PlaceHit],
    figures: list[Figure],
    claims: list[tuple[Claimant, int, int, int]],
    by_sentence: dict[int, Claimant],
) -> PassageFacts:
    """The facts of a passage starting at `offset` in `scanned`, the text it was read in:
    `claims` as claim_spans gives them there, `by_sentence` the first claimant of each
    sentence of `scanned` that has one."""
    if not hits and not figures and not claims and not unverified:
        return NO_FACTS  # most passages: nothing to build
    claimant = claims[0][0] if claims else None
    # (list comprehensions, not generators: tuple(generator) costs twice as much)
    return _new_facts(
        # each place once, in order of first mention (one Place object per id)
        tuple({h.place.id: h.place for h in hits if h.place is not None}.values()),
        tuple([mention(h, text, offset) for h in hits]),  # mentions
        # Each built once, at the passage's offsets. A figure belongs to the attribution of
        # its sentence; an unattributed one in an attributed passage takes its claimant.
        tuple(  # figures
            [
                _new_figure(
                    f.kind,
                    f.value,
                    f.qualifier,
                    f.start - offset,
                    f.end - offset,
                    f.surface,
                    f.unit,
                    f.sentence,
                    by_sentence.get(f.sentence) or f.claimant or claimant,
                )
                for f in figures
            ]
        )
        if figures
        else (),
        tuple([_new_claim(c, scanned[s:e], s - offset, e - offset, i) for c, s, e, i in claims])
        if claims
        else (),
        claimant,
        unverified,
    )


def _by_sentence(claims: list[tuple[Claimant, int, int, int]]) -> dict[int, Claimant]:
    """The first claimant of each sentence that has one."""
    by_sentence: dict[int, Claimant] = {}
    for c, _s, _e, i in claims:
        by_sentence.setdefault(i, c)
    return by_sentence


def extract_facts(text: str, context: FactsContext = EMPTY_CONTEXT) -> PassageFacts:
    """The places, figures and claims of one passage."""
    if not text:
        return NO_FACTS
    low = lower_aligned(text)
    hits = resolve(scan_places(text, low), context)
    claims = claim_spans(text, low)
    figures = list(find_figures(text, low))
    unverified = is_unverified(text, low)
    return _passage(text, text, unverified, 0, hits, figures, claims, _by_sentence(claims))


def extract_article_facts(texts: Sequence[str]) -> tuple[PassageFacts, ...]:
    """Facts for each passage of one article, names resolved across the article."""
    if not texts:
        return ()
    joined = SEP.join(texts)
    if joined.count(SEP) != len(texts) - 1:  # rare: a passage holding SEP itself
        joined = SEP.join(t.replace(SEP, " ") for t in texts)
    low = lower_aligned(joined)
    starts: list[int] = []
    pos = 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1

    # the passage of an offset: bisect_right(starts, offset) - 1 (inline: no call of our own)
    hits_by: list[list[PlaceHit]] = [[] for _ in texts]
    for h in scan_places(joined, low):
        hits_by[bisect_right(starts, h.start) - 1].append(h)
    sentences: list[list[tuple[int, int]]] = []

    def spans() -> list[tuple[int, int]]:
        """sentence_spans(joined), once, if claims or figures need it (not functools.cache:
        building one costs more than the spans of a short article)."""
        if not sentences:
            sentences.append(sentence_spans(joined))
        return sentences[0]

    claims = claim_spans(joined, low, spans)
    figures = find_figures(joined, low, spans)
    by_sentence = _by_sentence(claims)
    claims_by: list[list[tuple[Claimant, int, int, int]]] = [[] for _ in texts]
    for c in claims:
        claims_by[bisect_right(starts, c[1]) - 1].append(c)
    figures_by: list[list[Figure]] = [[] for _ in texts]
    for f in figures:
        figures_by[bisect_right(starts, f.start) - 1].append(f)

    # Places: each passage first on its own, then the unresolved by the whole article.
    pending: list[int] = []  # the passages left with a name unresolved
    for i, passage_hits in enumerate(hits_by):
        if passage_hits:
            for h in resolve(passage_hits):
                if h.place is None:
                    pending.append(i)
                    break
    if pending:
        regions: set[str] = set()
        points: list[tuple[float, float]] = []
        for hs in hits_by:
            for h in hs:
                if h.place is not None:
                    regions.add(h.place.region)
                    if h.place.kind not in REGION_KINDS:
                        points.append((h.place.lat, h.place.lon))
        context = PlaceContext(frozenset(regions), tuple(points))
        grid = point_grid(points)
        for i in pending:
            resolve_by_context(hits_by[i], context, grid)
    # Only a passage holding one of its cues can be unverified: found in one pass each.
    cued: set[int] = set()
    for cue in UNVERIFIED_CUES:
        i = low.find(cue)
        while i >= 0:
            cued.add(bisect_right(starts, i) - 1)
            i = low.find(cue, i + 1)
    return tuple(
        _passage(
            text,
            joined,
            i in cued and is_unverified(text, low[start : start + len(text)]),
            start,
            hits_by[i],
            figures_by[i],
            claims_by[i],
            by_sentence,
        )
        if text
        else NO_FACTS
        for i, (text, start) in enumerate(zip(texts, starts, strict=True))
    )
