"""Near-duplicate passages: the same development told by several outlets (or the same
wire copy reprinted) is one story with several sources.

MinHash signatures over word 3-shingles (datasketch), LSH for candidate pairs, then the
exact Jaccard similarity of the two shingle sets decides. Pure: no FastAPI, no database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

NUM_PERM = 64
THRESHOLD = 0.5  # Jaccard of 3-shingles: reworded leads stay apart, reprints merge
SHINGLE = 3
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < k:  # a short passage: its words are its shingles
        return {w.encode() for w in words}
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


@cache
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """LSH bands and rows for a threshold: datasketch derives them by numerical
    integration, which profiled at most of a day report's time when done per call."""
    from datasketch.lsh import _optimal_param

    b, r = _optimal_param(threshold, num_perm, 0.5, 0.5)
    return int(b), int(r)


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


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

    # Imported here: datasketch pulls in scipy, seconds of start-up for a server that
    # may never build a daily report.
    from datasketch import MinHash, MinHashLSH

    sets = [shingles(t) for t in texts]
    hashed = [i for i in range(n) if sets[i]]
    signatures = MinHash.bulk([sets[i] for i in hashed], num_perm=NUM_PERM)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=_lsh_params(threshold, NUM_PERM))
    for i, signature in zip(hashed, signatures, strict=True):
        for j in lsh.query(signature):
            if groups[i] != groups[j] and jaccard(sets[i], sets[j]) >= threshold:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        lsh.insert(i, signature)
    return [find(i) for i in range(n)]
