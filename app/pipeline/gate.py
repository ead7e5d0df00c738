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
from collections.abc import Callable, Collection, Iterator, Sequence
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, Generic, NamedTuple, TypeVar

from ahocorasick_rs import BytesAhoCorasick, Implementation

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
_AT_ZERO = (sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING)
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)
_MAX_PREFIXES = 64
_MAX_CLASS = 8  # a character class of at most this many literals is spelled out
MIN_PREFIX = 3  # shorter literals occur too often to be worth finding one by one
_FEW_PREFIXES = 12  # up to this many literals, `in` tests beat an Aho–Corasick pass


class _Starts(NamedTuple):
    r"""What every match of a regex (sub)sequence starts with.

    Every match starting past position 0 begins with one of `prefixes`; with
    `complete`, it is exactly one of them (so what follows can extend them).
    `at_zero`: a branch starts with "^" and can only match at position 0.
    `digit`: a branch starts with a digit (r"\d") instead; nothing more is known of
    it (most callers want literals only and take this as no answer).
    """

    prefixes: frozenset[str]
    complete: bool
    at_zero: bool
    digit: bool = False


_EMPTY = _Starts(frozenset({""}), True, False)


def _then(head: _Starts | None, items: list[tuple[Any, Any]], k: int) -> _Starts | None:
    """`head` followed by items[k:]: complete literals are extended by what follows."""
    if head is None:
        return None
    if not head.complete:
        return head
    rest = _starts(items, k)
    if (
        rest is not None
        and not rest.digit
        and len(head.prefixes) * len(rest.prefixes) <= _MAX_PREFIXES
    ):
        return _Starts(
            frozenset(a + b for a in head.prefixes for b in rest.prefixes),
            rest.complete,
            head.at_zero or rest.at_zero,
        )
    # What follows is unknown (or too varied): the head's literals still start every
    # match, unless the head may be empty.
    return None if "" in head.prefixes else head._replace(complete=False)


def _union(parts: list[_Starts | None]) -> _Starts | None:
    if any(p is None for p in parts):
        return None
    prefixes = frozenset().union(*[p.prefixes for p in parts if p is not None])
    if len(prefixes) > _MAX_PREFIXES:
        return None
    return _Starts(
        prefixes,
        all(p.complete for p in parts if p is not None),
        any(p.at_zero for p in parts if p is not None),
        any(p.digit for p in parts if p is not None),
    )


def _class(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters of a small class of literals ("[sz]", "[- ]"); None otherwise."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            chars.add(chr(av))
        elif op is sre_c.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # a category (\w, \d), a negation: not spelled out
            return None
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


def _is_digit(items: list[tuple[Any, Any]]) -> bool:
    r"""Is the class r"\d" or "[0-9]" (all of whose characters r"\d" matches)?"""
    return items == [(sre_c.CATEGORY, sre_c.CATEGORY_DIGIT)] or items == [
        (sre_c.RANGE, (ord("0"), ord("9")))
    ]


_DIGIT_START = _Starts(frozenset(), False, False, True)  # r"\d…"


def _starts(items: list[tuple[Any, Any]], k: int = 0) -> _Starts | None:
    """_Starts of the parsed sequence items[k:], or None when there is no finite
    set of literals (a category like \\w, an unbounded choice…)."""
    if k == len(items):
        return _EMPTY
    op, av = items[k]
    if op is sre_c.LITERAL:
        return _then(_Starts(frozenset({chr(av)}), True, False), items, k + 1)
    if op is sre_c.IN:
        chars = _class(av)
        if chars is None and _is_digit(av):
            return _DIGIT_START
        return _then(_Starts(chars, True, False) if chars else None, items, k + 1)
    if op is sre_c.AT and av in _AT_ZERO:
        # Matches at position 0 only: nothing to look for elsewhere.
        return _Starts(frozenset(), True, True) if k == 0 else None
    if op in _ZERO_WIDTH:  # \b, lookarounds, "$": consume nothing; a weaker test is fine
        return _starts(items, k + 1)
    if op is sre_c.SUBPATTERN or op is sre_c.ATOMIC_GROUP:
        sub = av if op is sre_c.ATOMIC_GROUP else av[3]
        if op is sre_c.SUBPATTERN and (av[1] or av[2]):  # (?i:…) and such
            return None
        return _then(_starts(sub.data), items, k + 1)
    if op is sre_c.BRANCH:
        return _then(_union([_starts(alt.data) for alt in av[1]]), items, k + 1)
    if op in _REPEATS:
        low, high, sub = av
        body = _starts(sub.data)
        if body is None or "" in body.prefixes:
            return None
        if low == high == 1:
            return _then(body, items, k + 1)
        if low >= 1:  # the first repetition starts the match
            return body._replace(complete=False)
        rest = _starts(items, k + 1)
        if high == 1:  # x?y is xy|y
            return _union([_then(body, items, k + 1), rest])
        return _union([body._replace(complete=False), rest])
    return None


def literal_prefixes(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool] | None:
    """The shortest set of literals every match of `pattern` starts with, and whether
    it may also match at position 0 (a "^" branch); None when there is no such set.

    CPython's `re` has no fast skip for patterns like r"\b(?:struck|hit)…": it
    tries a match at every character (~40 ns each). Finding the literals first
    (one Aho–Corasick pass for all of a gate's patterns) leaves a few `match`
    calls where they occur.
    """
    found = _pattern_starts(pattern)
    if found is None or found.digit:
        return None
    return _shortest(found.prefixes), found.at_zero


def _pattern_starts(pattern: re.Pattern[str]) -> _Starts | None:
    """_Starts of a whole pattern when its prefixes are worth looking for: none empty,
    none shorter than MIN_PREFIX; None otherwise (case-blind or multiline patterns,
    an unexpected parse tree: just search)."""
    if pattern.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    try:
        found = _starts(sre_parse.parse(pattern.pattern, pattern.flags).data)
    except Exception:
        return None
    if found is None or "" in found.prefixes:
        return None
    if found.prefixes and min(map(len, found.prefixes)) < MIN_PREFIX:
        return None
    return found


def _shortest(prefixes: frozenset[str]) -> tuple[str, ...]:
    """`prefixes` less those that start with another one, sorted."""
    kept: list[str] = []
    for prefix in sorted(prefixes, key=len):  # "attack" covers "attacks", "attacked"
        if not any(prefix.startswith(k) for k in kept):
            kept.append(prefix)
    return tuple(sorted(kept))


def literal_or_digit_prefixes(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    r"""Literals every match of `pattern` that does not start with a digit starts with
    (as literal_prefixes gives them), when some match may start with a digit and none
    only at position 0; None otherwise (literal_prefixes may then know better).

    r"\b(?:\d+|two|three) drones": where those literals or a digit occur, a few
    `match` calls, not a `search` that tries every character.
    """
    found = _pattern_starts(pattern)
    if found is None or not found.digit or found.at_zero:
        return None
    return _shortest(found.prefixes)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literals one of which every match of `pattern` contains, or None.

    A few `in` tests (C scans) are far cheaper than a search that backtracks at
    many positions (r"^[^.]{0,160}\\b(?:did not…)" costs ~40k instructions a text).
    """
    if pattern.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    try:
        items = sre_parse.parse(pattern.pattern, pattern.flags).data
    except Exception:  # an unexpected parse tree: no shortcut
        return None
    best: frozenset[str] | None = None
    # A match of items[k:] ends every match: its literal prefixes are in the text.
    for k in range(len(items)):
        found = _starts(items, k)
        if (
            found is None
            or found.at_zero
            or found.digit
            or not found.prefixes
            or "" in found.prefixes
        ):
            continue
        if best is None or min(map(len, found.prefixes)) > min(map(len, best)):
            best = found.prefixes
    if best is None:
        return None
    kept: list[str] = []
    for literal in sorted(best, key=len):  # "reached out to" covers "has reached out to"
        if not any(k in literal for k in kept):
            kept.append(literal)
    return tuple(kept)


def _group_starts(rx: re.Pattern[str]) -> set[str] | None:
    """Keys (a prefix's first one or two characters) under which to index an anchor
    group: a word it fullmatches starts with one of them. None: test every word."""
    if rx.flags & (re.IGNORECASE | re.MULTILINE):
        return None
    try:
        found = _starts(sre_parse.parse(rx.pattern, rx.flags).data)
    except Exception:  # an unexpected parse tree: test every word
        return None
    if found is None or found.at_zero or found.digit or not found.prefixes or "" in found.prefixes:
        return None
    return {prefix[:2] for prefix in found.prefixes}


def _ascii(text: str) -> bytes:
    """`text` as ASCII bytes, each other character a "?": one byte per character.

    A prefix is found in this form of a text wherever it occurs in the text (and
    maybe elsewhere: "?" stands for any other character). An extra place only costs
    a `match` that fails: a match there would start with a real prefix.
    """
    return text.encode("ascii", "replace")


def _core(word: str) -> set[str]:
    """The parts of a raw word an anchor may match: stripped, and hyphen-split."""
    core = word.strip(_STRIP)
    for suffix in ("'s", "’s"):
        if core.endswith(suffix):
            core = core[: -len(suffix)].strip(_STRIP)
    if not core:
        return set()
    return {core, *_SPLIT_WORD.split(core)} - {""}


class _Windows:
    """The windows searched in one long text, by anchor group, made on demand (the
    entries with the same first anchor group share them): around the occurrences
    of the group's words (the concepts are phrases); the whole text past a dozen."""

    __slots__ = ("_by_group", "_found", "_low", "_made")

    def __init__(self, low: str, by_group: dict[int, list[str]]) -> None:
        self._low = low
        self._by_group = by_group  # see GatedPatterns._group_words
        self._made: dict[int, list[tuple[int, int]]] = {}
        # word → its first occurrences (a word may satisfy several groups)
        self._found: dict[str, list[tuple[int, int]]] = {}

    def of(self, group: int) -> list[tuple[int, int]]:
        windows = self._made.get(group)
        if windows is None:
            windows = self._made[group] = self._make(self._by_group.get(group, ()))
        return windows

    def _occurrences(self, word: str) -> list[tuple[int, int]]:
        """(start, end) of `word` in the text, up to one more than a dozen."""
        found = self._found.get(word)
        if found is None:
            low, found = self._low, []
            pos = low.find(word)
            while pos >= 0 and len(found) <= _MAX_OCCURRENCES:
                found.append((pos, pos + len(word)))
                pos = low.find(word, pos + 1)
            self._found[word] = found
        return found

    def _make(self, words: Sequence[str]) -> list[tuple[int, int]]:
        low = self._low
        n = len(low)
        occurrences: list[tuple[int, int]] = []
        for word in words:
            occurrences += self._occurrences(word)
        if len(occurrences) > _MAX_OCCURRENCES:
            return [(0, n)]
        occurrences.sort()
        windows: list[tuple[int, int]] = []
        end = -1
        for a, b in occurrences:
            if a < end:
                continue  # inside the window already searched
            start = low.rfind(" ", 0, max(0, a - WINDOW)) + 1
            end = low.find(" ", min(n, b + WINDOW))
            if end < 0:
                end = n
            windows.append((start, end))
        return windows


_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")  # r"\d" in an ASCII text, a cheaper test
_OTHER_DIGIT = re.compile(r"[^\D0-9]")  # a digit but 0-9 (Arabic-Indic, fullwidth…)


def _match_at(match: Callable[[str, int], object], low: str, digits: re.Pattern[str]) -> bool:
    """Does `match` (a pattern's) succeed in `low` where `digits` finds a digit?"""
    return any(match(low, digit.start()) for digit in digits.finditer(low))


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
        # How entries are confirmed, by kind: no pattern (the anchors suffice); a
        # pattern tried where its literal prefixes occur (and, in a short text, only
        # there: no "^" branch); the others one by one (see _fired, _fired_long).
        self._anchors_only = frozenset(i for i, p in enumerate(self._patterns) if p is None)
        self._prefixed = frozenset(
            i
            for i, literals in enumerate(self._prefixes)
            if literals is not None and not self._at_start[i]
        )
        self._prefixed_only = frozenset(i for i in self._prefixed if not self._prefixes[i][1])  # type: ignore[index]
        # Others, whose matches all start with a literal or a digit: in a short text they
        # are tried where those occur too (see literal_or_digit_prefixes), not searched.
        or_digit = tuple(
            literal_or_digit_prefixes(p) if p is not None and literals is None else None
            for p, literals in zip(self._patterns, self._prefixes, strict=True)
        )
        self._digit_started = frozenset(i for i, lit in enumerate(or_digit) if lit is not None)
        # The literals each entry is tried at in a short text.
        self._short_literals = tuple(
            literals[0] if literals else lit or ()
            for literals, lit in zip(self._prefixes, or_digit, strict=True)
        )
        self._at_starts_short = self._prefixed_only | self._digit_started
        self._plain_short = self._anchors_only | self._at_starts_short
        self._others_short = frozenset(range(len(entries))) - self._plain_short
        self._plain_long = self._anchors_only | self._prefixed
        # One Aho–Corasick automaton over every pattern's literal prefixes: a single
        # pass over a text finds where each pattern may start. It reads the text as
        # ASCII bytes, any other character a "?" (see _ascii): positions are then the
        # string's own, with no conversion (which costs more than the search itself).
        prefix_ids: dict[bytes, int] = {}
        users: list[list[int]] = []
        for i, literals in enumerate(self._short_literals):
            for prefix in literals:
                key = _ascii(prefix)
                if key not in prefix_ids:
                    prefix_ids[key] = len(users)
                    users.append([])
                if i not in users[prefix_ids[key]]:
                    users[prefix_ids[key]].append(i)
        # …and the ASCII digits that may start the _digit_started: it reads the others
        # as "?" (_fired tries those apart).
        for i in sorted(self._digit_started):
            for digit in "0123456789":
                key = _ascii(digit)
                if key not in prefix_ids:
                    prefix_ids[key] = len(users)
                    users.append([])
                users[prefix_ids[key]].append(i)
        self._prefix_users = tuple(tuple(u) for u in users)  # prefix id → entries
        self._finder = (
            BytesAhoCorasick(list(prefix_ids), implementation=Implementation.DFA)
            if prefix_ids
            else None
        )
        self._n_prefixes = tuple(map(len, self._short_literals))
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
            patterns, hits = self._groups, set()
            for p in parts:
                for g in self._starting(p[:2]):
                    if patterns[g].fullmatch(p):
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
        self._learn(vocabulary)
        return vocabulary & self._anchoring

    def _learn(self, words: set[str]) -> None:
        """Look up the words of `words` not seen yet."""
        self._make_room(len(words))
        for word in words - self._seen:
            self._groups_for_word(word)

    def _anchoring_words(self, words: set[str], scope: set[str] | None) -> set[str]:
        """The words of `words` that satisfy some anchor. `scope`: see `scope()`; the
        words must then be a subset of the vocabulary it was made from."""
        if scope is None:
            self._learn(words)
            scope = self._anchoring
        return words & scope

    def _entries_of(self, anchoring: Collection[str]) -> set[int]:
        """The entries whose anchors are all satisfied by `anchoring`, words that each
        satisfy some anchor."""
        if not anchoring:
            return set()
        # (Comprehensions, not map over C callables: compiled, a comprehension is a
        # loop in C, and these run for every text.)
        info_of_word = self._word_info
        try:
            infos = [info_of_word[word] for word in anchoring]
        except KeyError:  # forgotten by _make_room in another thread meanwhile
            infos = [self._info_of(word) for word in anchoring]
        # A word's info: (groups, singles, multis), see _word_info. Unions of per-word
        # sets run in C; only multi-anchor entries need a check, and the union of the
        # groups satisfied (most lines have no such entry: not made).
        found: set[int] = set().union(*[info[1] for info in infos])
        hit: set[int] | None = None
        rest = self._rest
        for info in infos:
            for i in info[2]:
                if hit is None:
                    hit = set().union(*[other[0] for other in infos])
                if rest[i] <= hit:
                    found.add(i)
        return found

    def _info_of(self, word: str) -> tuple[frozenset[int], frozenset[int], tuple[int, ...]]:
        info = self._word_info.get(word)
        if info is None:
            self._groups_for_word(word)
            info = self._word_info[word]
        return info

    def _occurrences(self, low: str, todo: set[int]) -> Iterator[tuple[int, int, int]]:
        """(entry, start, end) of each occurrence in `low` of the literal prefixes of
        the entries of `todo`."""
        if sum([self._n_prefixes[i] for i in todo]) <= _FEW_PREFIXES:
            # A few literals: `in` scans (in C) cost less than one Aho–Corasick pass.
            find = low.find
            for i in todo:
                for prefix in self._prefixes[i][0]:  # type: ignore[index]
                    pos = find(prefix)
                    while pos >= 0:
                        yield i, pos, pos + len(prefix)
                        pos = find(prefix, pos + 1)
            return
        users = self._prefix_users
        for prefix_id, a, b in self._finder.find_matches_as_indexes(_ascii(low), overlapping=True):  # type: ignore[union-attr]
            for i in users[prefix_id]:
                if i in todo:
                    yield i, a, b

    def _spans(self, low: str, todo: set[int]) -> dict[int, list[tuple[int, int]]]:
        """Where each entry of `todo` may match: the spans of its literal prefixes."""
        spans: dict[int, list[tuple[int, int]]] = {i: [] for i in todo}
        for i, a, b in self._occurrences(low, todo):
            spans[i].append((a, b))
        return spans

    def _group_words(self, anchoring: Collection[str]) -> dict[int, list[str]]:
        """The words of a text (its `anchoring` ones) that satisfy each anchor group:
        one pass over the words, not one per group as each window needs them."""
        by_group: dict[int, list[str]] = {}
        groups = self._word_groups
        for word in anchoring:
            ids = groups.get(word)
            if ids is None:  # forgotten by _make_room in another thread meanwhile
                ids = tuple(self._info_of(word)[0])
            for g in ids:
                mine = by_group.get(g)
                if mine is None:
                    by_group[g] = [word]
                else:
                    mine.append(word)
        return by_group

    def _search_long(
        self,
        i: int,
        low: str,
        spans: list[tuple[int, int]],
        windows: _Windows,
    ) -> bool:
        """The search for `i` in a long text: in its first anchor's windows only,
        trying `pattern.match` only at `spans`, where its literal prefixes occur (see
        literal_prefixes): `pattern.search(low, start, end)` in each window."""
        pattern = self._patterns[i]
        assert pattern is not None
        mine = windows.of(self._first[i])
        literals = self._prefixes[i]
        if literals is None:
            search = pattern.search
            return any(search(low, start, end) for start, end in mine)
        match = pattern.match
        at_zero = literals[1]
        for start, end in mine:
            # A "^" branch: search(low, start) only tries it when start is 0.
            if at_zero and start == 0 and match(low, 0, end):
                return True
            # match() at a sees the text before a, as search() does (\b, (?<!…)).
            for a, b in spans:
                if start <= a and b <= end and match(low, a, end):
                    return True
        return False

    def _fired(self, low: str, found: set[int]) -> set[int]:
        """The entries of `found` whose pattern is in `low`, a short text."""
        patterns, prefixes, at_start = self._patterns, self._prefixes, self._at_start
        fired = found & self._anchors_only
        todo = found & self._at_starts_short  # tried where their literal prefixes occur
        # The few others (none in some gates: no set made for them)
        for i in found & self._others_short if self._others_short else ():
            pattern = patterns[i]
            literals = prefixes[i]
            if at_start[i] or (literals is not None and literals[1]):  # a "^" branch
                if pattern.match(low):  # type: ignore[union-attr]
                    fired.add(i)
                elif not at_start[i]:
                    todo.add(i)
            elif pattern.search(low):  # type: ignore[union-attr]
                fired.add(i)
        if not todo:
            return fired
        # search() tries a match at every character; one of the literal prefixes (or a
        # digit, for _digit_started) starts every match, so trying where they occur
        # gives the same answer.
        # (_occurrences, inline: most texts come here, a generator costs. The count by a
        # comprehension: compiled, a loop in C, where sum(map(…)) calls per entry.)
        n_prefixes = self._n_prefixes
        if sum([n_prefixes[i] for i in todo]) <= _FEW_PREFIXES:
            find, short_literals = low.find, self._short_literals
            for i in todo:
                match = patterns[i].match  # type: ignore[union-attr]
                for prefix in short_literals[i]:
                    pos = find(prefix)
                    while pos >= 0 and not match(low, pos):
                        pos = find(prefix, pos + 1)
                    if pos >= 0:
                        fired.add(i)
                        break  # found: its other prefixes need no look
                else:
                    if i in self._digit_started and _match_at(
                        match, low, _ASCII_DIGIT if low.isascii() else _DIGIT
                    ):
                        fired.add(i)
            return fired
        users = self._prefix_users
        for prefix_id, a, _ in self._finder.find_matches_as_indexes(_ascii(low), overlapping=True):  # type: ignore[union-attr]
            for i in users[prefix_id]:
                if i in todo and patterns[i].match(low, a):  # type: ignore[union-attr]
                    fired.add(i)
                    todo.discard(i)  # found: no need to try it again
        if todo and not low.isascii():  # digits the automaton read as "?"
            for i in todo & self._digit_started:
                if _match_at(patterns[i].match, low, _OTHER_DIGIT):  # type: ignore[union-attr]
                    fired.add(i)
        return fired

    def _fired_long(self, low: str, found: set[int], anchoring: Collection[str]) -> set[int]:
        """The entries of `found` whose pattern is in the windows (see _Windows) of
        `low`, a long text."""
        patterns, prefixes, at_start = self._patterns, self._prefixes, self._at_start
        fired = found & self._anchors_only
        todo = found & self._prefixed  # searched where their literal prefixes occur
        windows = _Windows(low, self._group_words(anchoring))
        for i in found - self._plain_long:  # the few others
            if at_start[i]:
                if patterns[i].match(low):  # type: ignore[union-attr]
                    fired.add(i)
            elif self._search_long(i, low, [], windows):
                fired.add(i)
        if todo:
            for i, spans in self._spans(low, todo).items():
                # No prefix, no match: not even in a window (unless a "^" branch).
                if (spans or prefixes[i][1]) and self._search_long(i, low, spans, windows):  # type: ignore[index]
                    fired.add(i)
        return fired

    def matches(
        self,
        low: str,
        words: set[str] | None = None,
        scope: set[str] | None = None,
        only: frozenset[T] | None = None,
    ) -> list[T]:
        """Payloads of the patterns found in `low` (already lowercased), in entry order.

        `words` is `set(low.split())` when the caller already has it; `scope` is
        `self.scope(…)` of a vocabulary holding those words; `only`: the payloads
        wanted (the other patterns are not searched).
        """
        anchoring = self._anchoring_words(set(low.split()) if words is None else words, scope)
        found = self._entries_of(anchoring)
        payloads = self._payloads
        if only is not None and found:
            found = {i for i in found if payloads[i] in only}
        return self._fired_payloads(low, found, anchoring)

    def _fired_payloads(self, low: str, found: set[int], anchoring: set[str]) -> list[T]:
        """Payloads, in entry order, of the candidates `found` whose pattern is in `low`."""
        if not found:
            return []
        if len(low) > 3 * WINDOW:
            fired = self._fired_long(low, found, anchoring)
        else:
            fired = self._fired(low, found)
        payloads = self._payloads
        return [payloads[i] for i in sorted(fired)]

    def matches_many(self, lows: Sequence[str], words: Sequence[set[str]]) -> list[list[T]]:
        """`matches(low, words)` of each text of an article (`lows`, lowercase; `words`:
        each one's `set(low.split())`), in order, without per-text calls between the
        steps."""
        out: list[list[T]] = []
        # Each text's words against the shared sets: cheaper than a scope of the
        # article's union of words (measured with callgrind's cache model).
        seen, anchoring_words = self._seen, self._anchoring
        for low, text_words in zip(lows, words, strict=True):
            if not seen.issuperset(text_words):
                self._learn(text_words)
            anchoring = text_words & anchoring_words
            out.append(self._fired_payloads(low, self._entries_of(anchoring), anchoring))
        return out
