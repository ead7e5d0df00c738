"""Word-gated pattern matching: the trick that keeps the pipeline fast.

Running a hundred regexes over every passage costs tens of milliseconds in
CPython. Instead each pattern names *anchors*: regexes that must each fullmatch
some word of the text (write several as "a|b & c|d": a word for each group must
be present). Splitting the text into words and looking each word up in a shared
cache (word → anchor groups it satisfies) is cheap; only the few patterns whose
anchors are all present are then searched for, and in a long text only in
windows around the first anchor's occurrences (the concepts are phrases).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

_STRIP = "\"'“”‘’«»()[]{}.,;:!?…*_#|<>/`~%"
_SPLIT_WORD = re.compile(r"[-/–—.]")
_CACHE_MAX = 500_000
WINDOW = 220  # characters searched on each side of an anchor in a long text
_MAX_OCCURRENCES = 12  # beyond this many anchor hits, search the whole text
GROUP_SEPARATOR = " & "


def _top_level_alternation(pattern: str) -> bool:
    depth, i = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":  # skip a character class
            j = i + 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _core(word: str) -> set[str]:
    """The parts of a raw word an anchor may match: stripped, and hyphen-split."""
    core = word.strip(_STRIP)
    for suffix in ("'s", "’s"):
        if core.endswith(suffix):
            core = core[: -len(suffix)].strip(_STRIP)
    if not core:
        return set()
    return {core, *_SPLIT_WORD.split(core)} - {""}


class GatedPatterns(Generic[T]):
    """A set of (anchors, pattern, payload); `matches(text)` gives the payloads that fire."""

    def __init__(self, entries: Sequence[tuple[str, str | None, T]], flags: int = 0) -> None:
        group_ids: dict[str, int] = {}
        entry_groups: list[tuple[int, ...]] = []
        for anchor, _, _ in entries:
            entry_groups.append(
                tuple(
                    group_ids.setdefault(group.strip(), len(group_ids))
                    for group in anchor.split(GROUP_SEPARATOR)
                )
            )
        self._groups = tuple(re.compile(g, flags) for g in group_ids)
        # Cheap first test for unseen words: does any anchor group fit at all?
        self._any_group = re.compile("|".join(f"(?:{g})" for g in group_ids), flags)
        self._by_first: dict[int, list[int]] = {}
        for i, groups in enumerate(entry_groups):
            self._by_first.setdefault(groups[0], []).append(i)
        self._rest = tuple(frozenset(groups[1:]) for groups in entry_groups)
        self._first = tuple(groups[0] for groups in entry_groups)
        self._patterns = tuple(re.compile(p, flags) if p else None for _, p, _ in entries)
        # "^…" patterns without a top-level "|" can only match at the start.
        self._at_start = tuple(
            p is not None and p.startswith("^") and not _top_level_alternation(p)
            for _, p, _ in entries
        )
        self._payloads = tuple(payload for _, _, payload in entries)
        # Shared across calls: the vocabulary of news is small, so after a few
        # articles nearly every word is a dictionary hit.
        self._word_groups: dict[str, tuple[int, ...]] = {}
        self._seen: set[str] = set()  # every word looked at so far
        self._anchoring: set[str] = set()  # the seen words that satisfy some group
        # word → (its anchor groups, single-anchor entries it fires, multi-anchor
        # entries whose first anchor it satisfies)
        self._word_info: dict[str, tuple[frozenset[int], frozenset[int], tuple[int, ...]]] = {}

    def _groups_for_word(self, word: str) -> tuple[int, ...]:
        parts = _core(word)
        ids: tuple[int, ...] = ()
        if parts and any(self._any_group.fullmatch(p) for p in parts):
            ids = tuple(
                g for g, rx in enumerate(self._groups) if any(rx.fullmatch(p) for p in parts)
            )
        if len(self._seen) < _CACHE_MAX:
            self._seen.add(word)
            if ids:
                groups = frozenset(ids)
                entries = [i for g in ids for i in self._by_first.get(g, ())]
                singles = frozenset(i for i in entries if not self._rest[i])
                multis = tuple(i for i in entries if self._rest[i])
                self._word_groups[word] = ids
                self._word_info[word] = (groups, singles, multis)
                self._anchoring.add(word)
        return ids

    def candidates(self, low: str, words: set[str] | None = None) -> tuple[list[int], list[str]]:
        """Entries whose anchors are all among the words of `low` (sorted), and the
        words of `low` that satisfy some anchor."""
        if words is None:
            words = set(low.split())
        new = words - self._seen
        for word in new:
            self._groups_for_word(word)
        anchoring = list(words & self._anchoring)
        if not anchoring:
            return [], anchoring
        infos = [self._word_info[w] for w in anchoring]
        # Unions of per-word sets run in C; only multi-anchor entries need a check.
        hit: set[int] = set().union(*[info[0] for info in infos])
        found: set[int] = set().union(*[info[1] for info in infos])
        rest = self._rest
        for info in infos:
            for i in info[2]:
                if rest[i] <= hit:
                    found.add(i)
        return sorted(found), anchoring

    def _anchor_words(self, i: int, anchoring: list[str]) -> list[str]:
        first = self._first[i]
        cache = self._word_groups
        return [w for w in anchoring if first in cache[w]]

    def _search(self, i: int, low: str, anchoring: list[str]) -> bool:
        pattern = self._patterns[i]
        if pattern is None:
            return True
        if self._at_start[i]:
            return pattern.match(low) is not None
        n = len(low)
        if n <= 3 * WINDOW:
            return pattern.search(low) is not None
        spans: list[tuple[int, int]] = []
        for word in self._anchor_words(i, anchoring):
            pos = low.find(word)
            while pos >= 0:
                if len(spans) >= _MAX_OCCURRENCES:
                    return pattern.search(low) is not None
                spans.append((pos, pos + len(word)))
                pos = low.find(word, pos + 1)
        spans.sort()
        end = -1
        for a, b in spans:
            if a < end:
                continue  # inside the window already searched
            start = low.rfind(" ", 0, max(0, a - WINDOW)) + 1
            end = low.find(" ", min(n, b + WINDOW))
            if end < 0:
                end = n
            if pattern.search(low, start, end):
                return True
        return False

    def matches(self, low: str, words: set[str] | None = None) -> list[T]:
        """Payloads of the patterns found in `low` (already lowercased), in entry order.

        `words` is `set(low.split())` when the caller already has it.
        """
        found, anchoring = self.candidates(low, words)
        if not found:
            return []
        patterns, payloads = self._patterns, self._payloads
        return [
            payloads[i] for i in found if patterns[i] is None or self._search(i, low, anchoring)
        ]
