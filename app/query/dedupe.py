"""Near-duplicate passages: the same development told by several outlets (or the same
wire copy reprinted) is one story with several sources.

Word 3-shingles per passage; every pair of passages whose shingle sets have a Jaccard
similarity of at least THRESHOLD, found exactly by a prefix-filtered similarity join
(Bayardo et al., "Scaling up all pairs similarity search", 2007); pairs from different
articles are merged. Exact where MinHash-LSH (datasketch) was approximate, and it
needs no signatures: on a day's ~500 passages MinHash hashing cost ~100 ms, and the
SetSimilaritySearch package (numpy intersections per candidate) more. Pure: no
FastAPI, no database.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from itertools import chain

THRESHOLD = 0.5  # Jaccard of 3-shingles: reworded leads stay apart, reprints merge
SHINGLE = 3


Shingle = int  # the hash of k consecutive words: int sets intersect and sort fastest
# ASCII punctuation and typographic quotes, dashes, ellipses and bullets separate
# words, as \W would; translate + split run in C, where a \w+ regex cost ~400
# instructions a character
_TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u201e\u2022\u00b7"
_SEPARATORS = str.maketrans(
    dict.fromkeys([chr(c) for c in range(128) if not chr(c).isalnum()] + list(_TYPOGRAPHIC), " ")
)


# The same, as bytes, for a text that is not ASCII: str.translate then maps it through the
# dict a character at a time (30 ns each), bytes.translate through a table. UTF-8 keeps
# ASCII bytes and whole characters out of every other character's encoding.
_ASCII_SEPARATORS = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256))
_TYPOGRAPHIC_UTF8 = tuple(c.encode() for c in _TYPOGRAPHIC)


def _words(text: str) -> list[str]:
    low = text.casefold()
    if low.isascii():
        return low.translate(_SEPARATORS).split()
    try:
        raw = low.encode().translate(_ASCII_SEPARATORS)
    except UnicodeEncodeError:  # a lone surrogate: the slow way
        return low.translate(_SEPARATORS).split()
    for mark in _TYPOGRAPHIC_UTF8:
        if mark in raw:
            raw = raw.replace(mark, b" ")
    return raw.decode().split()


def shingles(text: str, k: int = SHINGLE) -> set[Shingle]:
    words = _words(text)
    if len(words) < k:  # a short passage: its words are its shingles
        return {hash(w) for w in words}
    return set(map(hash, zip(*(words[i:] for i in range(k)), strict=False)))


def jaccard(a: set[Shingle], b: set[Shingle]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def clusters(
    texts: Sequence[str], groups: Sequence[int], threshold: float = THRESHOLD
) -> list[int]:
    """For each text, the index of its cluster's first text. `groups[i]` is the article
    of text i: texts of one article are never merged with each other directly."""
    n = len(texts)
    parent = list(range(n))
    if n < 2:
        return parent

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def linked(i: int, j: int) -> bool:  # already one cluster: checking adds nothing
        return find(i) == find(j)

    sets = [shingles(t) for t in texts]
    for i, j in similar_pairs(sets, threshold, linked):
        if groups[i] != groups[j]:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(n)]


# 2 * 0.2 / 1.2 * 9 is 3.0000000000000004 in floating point: a bound that is a whole
# number must not round up past it, or a prefix comes one element short and pairs are
# missed.
_EPSILON = 1e-9


def _ceil(bound: float) -> int:
    return math.ceil(bound - _EPSILON)


# Sets indexed under one element at most. A day flooded with one story (the same wire
# copy under hundreds of URLs) made every set a candidate of every other: 6,000 such
# passages took 21 s. Past this many, a set is still probed against the first ones
# indexed (and so joins their cluster), but is not indexed itself.
MAX_POSTINGS = 64


def similar_pairs(
    sets: Sequence[set[Shingle]],
    threshold: float,
    linked: Callable[[int, int], bool] | None = None,
) -> Iterator[tuple[int, int]]:
    """Every pair (i, j) with jaccard(sets[i], sets[j]) >= threshold, exactly, among
    sets sharing no element with more than MAX_POSTINGS others; `linked(j, i)` true
    skips a candidate pair (already joined: its check would add nothing).

    Sets are taken smallest first. Two sets x (now) and y (earlier, |y| <= |x|) that
    similar share at least t/(1+t) * (|x| + |y|) elements, so with the elements of every
    set in one global order (rarest first) they share one of the first
    |x| - ceil(t * |x|) + 1 of x (probed) and of the first |y| - ceil(2t/(1+t) * |y|) + 1
    of y (indexed): the prefix filter. Candidates are checked exactly.

    An element of one set only (most shingles of a day: few passages are reprints) is
    shared with no set and comes first in that order (it is the rarest): a set's own
    elements fill the start of its prefixes, and only the shared ones after them are
    sorted, probed and indexed; most sets have none there."""
    frequency = Counter(chain.from_iterable(sets))
    # one total order for the shared elements (rarest first, ties by first appearance)
    order = sorted((e for e, n in frequency.items() if n > 1), key=frequency.__getitem__)
    rank = {e: r for r, e in enumerate(order)}
    shared = set(order)
    index: dict[Shingle, list[int]] = {}
    index_share = 2 * threshold / (1 + threshold)
    for i in sorted(range(len(sets)), key=lambda k: len(sets[k])):  # smallest first
        elements = sets[i]
        if not elements:
            continue
        size = len(elements)
        probe_len = size - _ceil(threshold * size) + 1
        index_len = size - _ceil(index_share * size) + 1  # <= probe_len
        common = elements & shared
        own = size - len(common)  # the first `own` elements of the order: skipped
        if probe_len <= own:
            continue
        ordered = sorted(common, key=rank.__getitem__)
        candidates = {j for e in ordered[: probe_len - own] for j in index.get(e, ())}
        for j in candidates:
            if linked is not None and linked(j, i):
                continue
            # earlier sets are no larger; one below threshold * size cannot qualify
            if len(sets[j]) >= threshold * size - _EPSILON and (
                jaccard(elements, sets[j]) >= threshold
            ):
                yield (j, i)
        for e in ordered[: max(0, index_len - own)]:
            postings = index.setdefault(e, [])
            if len(postings) < MAX_POSTINGS:
                postings.append(i)
