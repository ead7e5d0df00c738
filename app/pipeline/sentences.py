"""Text primitives of the fact extractors: the lowercased text with offsets kept, keyword
automata over it, and sentence spans (enough for attributing figures and claims); and a
cheap constructor for the frozen dataclasses they return."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, TypeVar

import ahocorasick_rs

# --- the lowercased text -------------------------------------------------------------------

_ASCII_BYTES = bytes(range(128))
# The last text lower_aligned returned, known to hold no lone surrogate, and its one-byte
# view once an automaton built it (b"" when it cannot have one).
_last: tuple[str | None, bytes | None] = (None, None)


def lower_aligned(text: str) -> str:
    """text.lower(), but each character lowercased to one: offsets stay those of text."""
    global _last
    if text.isascii():
        low = text.lower()
        _last = (low, None)
        return low
    try:
        raw: bytes | None = text.encode()
    except UnicodeEncodeError:  # a lone surrogate: the automata on str will raise, as ever
        raw = None
    if raw is not None:
        # str.lower maps every character of a non-ASCII string through the Unicode tables
        # (50 µs per 12 KB article). When none of its non-ASCII characters (quotes, dashes)
        # changes case, lowering the ASCII bytes of its UTF-8 is the same, 4× cheaper.
        rest = raw.translate(None, _ASCII_BYTES).decode()
        low = raw.lower().decode() if rest.lower() == rest else text.lower()
    else:
        low = text.lower()
    if len(low) != len(text):
        # a few characters lowercase to two (İ → i̇): keep offsets aligned
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if raw is not None:
        _last = (low, None)
    return low


# Automata run on a one-byte-per-character view of the lowercased text, built once per
# text, so that their offsets are character offsets as they come: on a str, ahocorasick_rs
# maps bytes to characters with a table as long as the text, on every call (0.15 M
# instructions a call on a 12 KB article). Latin-1 is one byte a character; "’", the one
# character of the keys beyond it, takes the C1 byte 0x92 (a text holding U+0092 itself
# is searched as str); any other character beyond it becomes "?", which no key holds.
_BEYOND_LATIN1 = {"’": "\x92"}


def _one_byte(s: str) -> bytes:
    for c, b in _BEYOND_LATIN1.items():
        s = s.replace(c, b)
    return s.encode("latin-1", "replace")


def _one_byte_key(key: str) -> bytes | None:
    """A key's one-byte form, or None when it has none that matches exactly."""
    if "?" in key or any(b in key for b in _BEYOND_LATIN1.values()):
        return None
    for c, b in _BEYOND_LATIN1.items():
        key = key.replace(c, b)
    try:
        return key.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _view(low: str) -> bytes:
    """The one-byte view of `low`, or b"" when it has none (not the last lowered text)."""
    global _last
    last, view = _last
    if last is not low:
        return b""
    if view is None:
        clash = any(b in low for b in _BEYOND_LATIN1.values())
        view = b"" if clash else _one_byte(low)
        _last = (low, view)
    return view


class Automaton:
    """Keywords found in one pass over a lowercased text, leftmost-longest ("nova kakhovka"
    wins over "kakhovka"): `find(low)` gives (key index, start, end) per match."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = list(keys)
        self._on_str: ahocorasick_rs.AhoCorasick | None = None  # built when first needed
        one_byte = [b for k in self.keys if (b := _one_byte_key(k)) is not None]
        self._on_bytes = (
            ahocorasick_rs.BytesAhoCorasick(
                one_byte,
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.DFA,
            )
            if len(one_byte) == len(self.keys)  # else every search runs on the str
            else None
        )

    def find(self, low: str) -> list[tuple[int, int, int]]:
        if self._on_bytes is not None and (view := _view(low)):
            return self._on_bytes.find_matches_as_indexes(view)  # type: ignore[no-any-return]
        if self._on_str is None:
            self._on_str = ahocorasick_rs.AhoCorasick(
                self.keys,
                matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                implementation=ahocorasick_rs.Implementation.DFA,
            )
        return self._on_str.find_matches_as_indexes(low)  # type: ignore[no-any-return]


# --- sentences -----------------------------------------------------------------------------

# A sentence ends at ".", "!" or "?" (and a closing quote) before a space and a capital or
# digit. Each mark is found by its own scan led by the literal: re skips ahead to a literal
# with a tight loop but tests a character class per character, through a call (20× the
# cost on a 12 KB article). "!" and "?" are rare: tested for first. "\x00" joins the
# passages of an article scanned in one pass: always a boundary.
_FOLLOWS = r"[\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9])"
_STOP = re.compile(r"\." + _FOLLOWS)
_OTHER_MARKS = {mark: re.compile(re.escape(mark) + _FOLLOWS) for mark in "!?"}
_ABBREV = {
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm", "St", "Gov",
    "Sen", "Rep", "Prof", "No", "vs", "approx", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept",
    "Sep", "Oct", "Nov", "Dec", "Inc", "Ltd", "Co",
}  # fmt: skip
_ABBREV_ENDS = {a[-2:] for a in _ABBREV}  # each has two letters or more
_INITIALISM = re.compile(r"[A-Z](?:\.[A-Z])*")  # U.S, U.N, E


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence, in order, covering the text."""
    ends = [m.span() for m in _STOP.finditer(text)]
    for mark, pattern in _OTHER_MARKS.items():
        if mark in text:
            ends = sorted(ends + [m.span() for m in pattern.finditer(text)])
    spans: list[tuple[int, int]] = []
    start = 0
    nul = text.find("\x00")
    for s, e in ends:
        while 0 <= nul < s:  # the "\x00" before this mark first
            spans.append((start, nul))
            start = nul + 1
            nul = text.find("\x00", start)
        if (
            text[s] == "."
            and s > start
            and (
                (c := text[s - 1]).isspace()
                or (c.isalpha() and (c.isupper() or text[s - 2 : s] in _ABBREV_ENDS))
            )
        ):
            # the word before the full stop: "Gen. Syrskyi", "U.S. officials" go on
            # (both lists end in a letter: after a digit or a quote, no need to look; an
            # initialism ends in a capital, an abbreviation in one of _ABBREV_ENDS: after
            # most words, no need either)
            word = text[max(start, s - 12) : s].rsplit(None, 1)
            last = word[-1].lstrip('("“') if word else ""
            if last in _ABBREV or (last[-1:].isupper() and _INITIALISM.fullmatch(last)):
                continue
        spans.append((start, e))
        start = e
    while nul >= 0:
        spans.append((start, nul))
        start = nul + 1
        nul = text.find("\x00", start)
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# --- building results ----------------------------------------------------------------------

T = TypeVar("T")


def positional_constructor(cls: type[T]) -> Callable[..., T]:
    """`cls(*values)` for a frozen dataclass with slots, every field given, in order: the same
    object, 3× cheaper. Its generated __init__ sets each field by a generic
    object.__setattr__ call (frozen). This fills a draft instead, a plain class with the same
    slots (so the same layout), by plain attribute stores, which the interpreter turns into
    direct slot writes; then makes it a `cls` by assigning its __class__, which CPython allows
    between classes of one layout. The function is written and compiled here, one line a
    field, as dataclasses writes __init__. The fact extractors build some 95 results per
    article."""
    if any(not f.init for f in fields(cls)) or hasattr(cls, "__post_init__"):  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__}: its __init__ does more than set its fields")
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if cls.__bases__ != (object,) or getattr(cls, "__slots__", None) != tuple(names):
        raise TypeError(f"{cls.__name__}: not slots of its fields alone, on object")
    draft = type(f"{cls.__name__}Draft", (), {"__slots__": tuple(names)})
    env: dict[str, Any] = {"new": object.__new__, "cls": cls, "draft": draft}
    sets = "".join(f"    obj.{n} = {n}\n" for n in names)
    exec(
        f"def make({', '.join(names)}):\n    obj = new(draft)\n{sets}"
        "    obj.__class__ = cls\n    return obj\n",
        env,
    )
    make: Callable[..., T] = env["make"]
    make(*[None] * len(names))  # a layout CPython would refuse fails here, not on first use
    return make
