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
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Generic, TypeVar

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


_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)
_MAX_PREFIXES = 64
MIN_PREFIX = 3  # shorter literals occur too often to be worth finding one by one


def _prefixes(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Literal strings one of which every match of the parsed sequence starts with,
    or None when there is no such finite set (a class, an optional first item…).
    "" stands for a branch that starts with "^": it only matches at position 0."""
    k = 0
    while k < len(items) and items[k][0] in _ZERO_WIDTH:  # consume nothing: skip
        if items[k][0] is sre_c.AT and items[k][1] in (
            sre_c.AT_BEGINNING,
            sre_c.AT_BEGINNING_STRING,
        ):
            return {""}
        k += 1
    if k == len(items):
        return None
    op, av = items[k]
    if op is sre_c.LITERAL:
        run = ""
        while k < len(items) and items[k][0] is sre_c.LITERAL:
            run += chr(items[k][1])
            k += 1
        # "le(?:ft|ave)" (the parser factors out common prefixes): extend the run.
        rest = _prefixes(items[k:]) if k < len(items) else None
        return {run + r for r in rest} if rest else {run}
    if op is sre_c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _prefixes(sub.data)
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            got = _prefixes(alternative.data)
            if not got:
                return None
            out |= got
        return out if len(out) <= _MAX_PREFIXES else None
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] >= 1:
        return _prefixes(av[2].data)
    return None


def literal_prefixes(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool] | None:
    """The shortest set of literals every match of `pattern` starts with, and whether
    it may also match at position 0 (a "^" branch); None when there is no such set.

    CPython's `re` has no fast skip for patterns like r"\b(?:struck|hit)…": it
    tries a match at every character (~40 ns each). `str.find` of the literals is
    ~50x faster, so a search becomes a few `match` calls where the literals occur.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _prefixes(sre_parse.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # an unexpected parse tree: just search
        return None
    if not found:
        return None
    at_zero = "" in found
    found.discard("")
    if found and min(map(len, found)) < MIN_PREFIX:
        return None
    kept: list[str] = []
    for prefix in sorted(found, key=len):  # "attack" covers "attacks", "attacked"
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(kept), at_zero


def _group_starts(rx: re.Pattern[str]) -> set[str] | None:
    """Keys (a prefix's first one or two characters) under which to index an anchor
    group: a word it fullmatches starts with one of them. None: test every word."""
    if rx.flags & re.IGNORECASE:
        return None
    try:
        found = _prefixes(sre_parse.parse(rx.pattern, rx.flags).data)
    except Exception:  # an unexpected parse tree: test every word
        return None
    if not found or "" in found:
        return None
    return {prefix[:2] for prefix in found}


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
        # Unseen words are tested only against the groups that can start like them
        # (by the groups' literal prefixes): trying all groups on each of the first
        # articles' thousands of new words made the first articles cost 3x the rest.
        self._by_start: dict[str, set[int]] = {}
        self._unindexed: set[int] = set()
        self._start_cache: dict[str, tuple[int, ...]] = {}
        for g, rx in enumerate(self._groups):
            starts = _group_starts(rx)
            if starts is None:
                self._unindexed.add(g)
            for start in starts or ():
                self._by_start.setdefault(start, set()).add(g)
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
        self._prefixes = tuple(p and literal_prefixes(p) for p in self._patterns)
        self._payloads = tuple(payload for _, _, payload in entries)
        # Shared across calls: the vocabulary of news is small, so after a few
        # articles nearly every word is a dictionary hit.
        self._word_groups: dict[str, tuple[int, ...]] = {}
        self._seen: set[str] = set()  # every word looked at so far
        self._anchoring: set[str] = set()  # the seen words that satisfy some group
        # word → (its anchor groups, single-anchor entries it fires, multi-anchor
        # entries whose first anchor it satisfies)
        self._word_info: dict[str, tuple[frozenset[int], frozenset[int], tuple[int, ...]]] = {}

    def _starting(self, start: str) -> tuple[int, ...]:
        """The anchor groups a word beginning with `start` (its first two characters)
        may fullmatch: a dozen at most to try, not all of them."""
        got = self._start_cache.get(start)
        if got is None:
            by_start = self._by_start
            maybe = self._unindexed.union(by_start.get(start[:1], ()), by_start.get(start, ()))
            got = self._start_cache[start] = tuple(sorted(maybe))
        return got

    def _groups_for_word(self, word: str) -> tuple[int, ...]:
        parts = _core(word)
        ids: tuple[int, ...] = ()
        if parts:
            groups, hits = self._groups, set()
            for p in parts:
                for g in self._starting(p[:2]):
                    if groups[g].fullmatch(p):
                        hits.add(g)
            ids = tuple(sorted(hits))
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

    def _make_room(self, incoming: int) -> None:
        """Bounded memory that never changes a result: when the caches would pass
        _CACHE_MAX words, forget them all and learn again (never mid-article, so every
        word a caller is about to use is cached)."""
        if len(self._seen) + incoming > _CACHE_MAX:
            self._seen.clear()
            self._anchoring.clear()
            self._word_groups.clear()
            self._word_info.clear()

    def scope(self, vocabulary: set[str]) -> set[str]:
        """The words of a whole article (`vocabulary`) that satisfy some anchor.

        Pass it to `matches` for each of the article's lines: intersecting a line's
        words with this small set stays in the CPU cache, where intersecting with the
        shared cache (thousands of words, three gates) misses it on every word.
        """
        self._make_room(len(vocabulary))
        for word in vocabulary - self._seen:
            self._groups_for_word(word)
        return vocabulary & self._anchoring

    def candidates(
        self, low: str, words: set[str] | None = None, scope: set[str] | None = None
    ) -> tuple[list[int], list[str]]:
        """Entries whose anchors are all among the words of `low` (sorted), and the
        words of `low` that satisfy some anchor. `scope`: see `scope()`; the words
        must then be a subset of the vocabulary it was made from."""
        if words is None:
            words = set(low.split())
        if scope is None:
            self._make_room(len(words))
            for word in words - self._seen:
                self._groups_for_word(word)
            scope = self._anchoring
        anchoring = list(words & scope)
        if not anchoring:
            return [], anchoring
        info = self._word_info
        try:
            infos = [info[w] for w in anchoring]
        except KeyError:  # forgotten by _make_room in another thread meanwhile
            infos = [self._info_of(w) for w in anchoring]
        # Unions of per-word sets run in C; only multi-anchor entries need a check.
        hit: set[int] = set().union(*[info[0] for info in infos])
        found: set[int] = set().union(*[info[1] for info in infos])
        rest = self._rest
        for info in infos:
            for i in info[2]:
                if rest[i] <= hit:
                    found.add(i)
        return sorted(found), anchoring

    def _info_of(self, word: str) -> tuple[frozenset[int], frozenset[int], tuple[int, ...]]:
        info = self._word_info.get(word)
        if info is None:
            self._groups_for_word(word)
            info = self._word_info[word]
        return info

    def _anchor_words(self, i: int, anchoring: list[str]) -> list[str]:
        first = self._first[i]
        groups = self._word_groups
        try:
            return [w for w in anchoring if first in groups[w]]
        except KeyError:  # forgotten by _make_room in another thread meanwhile
            return [w for w in anchoring if first in self._info_of(w)[0]]

    def _search(self, i: int, low: str, anchoring: list[str]) -> bool:
        pattern = self._patterns[i]
        if pattern is None:
            return True
        if self._at_start[i]:
            return pattern.match(low) is not None
        n = len(low)
        if n <= 3 * WINDOW:
            return self._find(i, low, 0, n)
        spans: list[tuple[int, int]] = []
        for word in self._anchor_words(i, anchoring):
            pos = low.find(word)
            while pos >= 0:
                if len(spans) >= _MAX_OCCURRENCES:
                    return self._find(i, low, 0, n)
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
            if self._find(i, low, start, end):
                return True
        return False

    def _find(self, i: int, low: str, start: int, end: int) -> bool:
        """`pattern.search(low, start, end) is not None`, trying only where one of
        the pattern's literal prefixes occurs (see literal_prefixes)."""
        pattern = self._patterns[i]
        assert pattern is not None
        literals = self._prefixes[i]
        if literals is None:
            return pattern.search(low, start, end) is not None
        prefixes, at_zero = literals
        match, find = pattern.match, low.find
        # A "^" branch: search(low, start) only tries it when start is 0.
        if at_zero and start == 0 and match(low, 0, end):
            return True
        for prefix in prefixes:
            # Most prefixes are absent: `in` says so without find()'s argument parsing.
            if prefix not in low:
                continue
            pos = find(prefix, start, end)
            while pos >= 0:
                # match() at pos sees the text before pos, as search() does (\b, (?<!…)).
                if match(low, pos, end):
                    return True
                pos = find(prefix, pos + 1, end)
        return False

    def matches(
        self, low: str, words: set[str] | None = None, scope: set[str] | None = None
    ) -> list[T]:
        """Payloads of the patterns found in `low` (already lowercased), in entry order.

        `words` is `set(low.split())` when the caller already has it; `scope` is
        `self.scope(…)` of a vocabulary holding those words.
        """
        found, anchoring = self.candidates(low, words, scope)
        if not found:
            return []
        patterns, payloads = self._patterns, self._payloads
        return [
            payloads[i] for i in found if patterns[i] is None or self._search(i, low, anchoring)
        ]
