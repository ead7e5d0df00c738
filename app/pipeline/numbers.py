"""Numbers as war reporting writes them: "1,200", "1.2 million", "seven", "twenty-five",
"more than 400", "about a dozen". Vague amounts ("dozens", "hundreds of") are found too,
so callers can skip them rather than misread the words around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.pipeline.sentences import Automaton, positional_constructor

Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to", "fewer_than"]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least",
    "no fewer than": "at_least",
    "a minimum of": "at_least",
    "more than": "more_than",
    "over": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "nearly": "about",
    "almost": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "estimated": "about",
    "close to": "about",
    "about a": "about",
    "up to": "up_to",
    "as many as": "up_to",
    "fewer than": "fewer_than",
    "less than": "fewer_than",
    "under": "fewer_than",
}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
# Anchored, on lowercased text: a number written in words, from its first word on.
_WORD_NUMBER = re.compile(
    rf"(?:(?:{_WORD})(?:[\s-](?:{_WORD}))?|a|an)"
    r"(?:\s+(?:and\s+)?(?:hundred|thousand|million|billion)"
    rf"(?:\s+(?:and\s+)?(?:{_WORD})(?:[\s-](?:{_WORD}))?)?)*"
)
_VAGUE = re.compile(
    r"dozens|hundreds(?:\s+of\s+thousands)?|thousands|tens\s+of\s+thousands|millions|scores|"
    r"several|a\s+few|many|numerous"
)
_DOZEN = re.compile(r"(?:a|one)\s+dozen\b")
_WORD_SPLIT = re.compile(r"[\s-]+")
_DIGITS = re.compile(r"\d[\d,.]*")
_DIGIT_FORM = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
_SCALE_AFTER = re.compile(r"\s*(million|billion|thousand|mn|bn|m|k)\b")
_PERCENT_AFTER = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)")
_QUAL_BEFORE = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True)) + r")\s+$"
)
_NUMBER_WORDS = (
    *_UNITS,
    *_TENS,
    "hundred",
    "thousand",
    "million",
    "a dozen",
    "one dozen",
    "dozens",
    "hundreds",
    "thousands",
    "tens of thousands",
    "millions",
    "scores",
    "several",
    "a few",
    "many",
    "numerous",
    "a hundred",
    "a thousand",
    "a million",
)
_WORD_AUTOMATON = Automaton(_NUMBER_WORDS)
_NOT_BEFORE_DIGITS = set("abcdefghijklmnopqrstuvwxyz0123456789_.,-/–$€£")


@dataclass(frozen=True, slots=True)
class Number:
    start: int  # where the number (with its qualifier) starts in the text
    end: int
    value: int | None  # None for a vague amount ("dozens")
    qualifier: Qualifier
    surface: str


_new_number = positional_constructor(Number)


def _words_value(words: str) -> int | None:
    total, current = 0, 0
    seen = False
    for tok in _WORD_SPLIT.split(words.lower()):
        if tok in ("and", ""):
            continue
        if tok in ("a", "an"):
            current = max(current, 1)
            continue
        if tok in _UNITS:
            current += _UNITS[tok]
            seen = True
        elif tok in _TENS:
            current += _TENS[tok]
            seen = True
        elif tok == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif tok in _SCALES:
            total += max(current, 1) * _SCALES[tok]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


# Every reading of _QUAL_BEFORE ends with one of these words and a space: a number after
# another word needs no search (most numbers: "killed 12").
_QUAL_LAST_WORDS = tuple({q.rsplit(" ", 1)[-1] for q in _QUALIFIERS})


def _may_be_qualified(before: str) -> bool:
    """False when _QUAL_BEFORE cannot match at the end of `before` (lowercased)."""
    return before[-1:].isspace() and before.rstrip().endswith(_QUAL_LAST_WORDS)


def _qualified(text: str, low: str, start: int, end: int, value: int | None, offset: int) -> Number:
    reach = max(0, start - 22)
    qm = _QUAL_BEFORE.search(low, reach, start) if _may_be_qualified(low[reach:start]) else None
    qual: Qualifier = _QUALIFIERS[qm.group(0).strip()] if qm else "exact"
    begin = qm.start() if qm else start
    return _new_number(begin + offset, end + offset, value, qual, text[begin:end])


def find_numbers(text: str, low: str | None = None, offset: int = 0) -> list[Number]:
    """Every number in `text`, in order, with its qualifier. `low` is text.lower().
    Spans are shifted by `offset`: where `text` starts in the caller's longer text."""
    low = text.lower() if low is None or len(low) != len(text) else low
    n = len(text)
    found: list[Number] = []
    for m in _DIGITS.finditer(text):
        s = m.start()
        if s > 0 and low[s - 1] in _NOT_BEFORE_DIGITS:
            continue
        form = _DIGIT_FORM.match(text, s)
        if form is None:
            continue
        e = form.end()
        if e < n and (text[e].isalnum() and not text[e].isdigit()) and low[e] not in "mk":
            continue
        raw = form.group(0).replace(",", "")
        value = float(raw)
        sm = _SCALE_AFTER.match(low, e)
        if sm:
            scale = sm.group(1)
            value *= _SCALES.get(scale, _SUFFIX_SCALES.get(scale, 1))
            e = sm.end()
        elif "." in raw:
            continue  # a decimal without a scale is a measurement, not a count
        elif e < n and text[e].isalpha():
            continue
        if _PERCENT_AFTER.match(low, e):
            continue
        found.append(_qualified(text, low, s, e, round(value), offset))
    consumed = 0
    for _idx, s, e in _WORD_AUTOMATON.find(low):
        if s < consumed or (s > 0 and low[s - 1].isalnum()) or (e < n and low[e].isalnum()):
            continue
        if (vm := _VAGUE.match(low, s)) and vm.end() >= e:
            end = vm.end()
            if _PERCENT_AFTER.match(low, end):
                continue
            found.append(_qualified(text, low, s, end, None, offset))
            consumed = end
            continue
        if dm := _DOZEN.match(low, s):
            num = _qualified(text, low, s, dm.end(), 12, offset)
            found.append(Number(num.start, num.end, 12, "about", num.surface))
            consumed = dm.end()
            continue
        wm = _WORD_NUMBER.match(low, s)
        if wm is None or wm.group(0) in ("a", "an"):
            continue
        end = wm.end()
        if end < n and low[end].isalnum():
            continue
        value_w = _words_value(wm.group(0))
        if value_w is None or _PERCENT_AFTER.match(low, end):
            continue
        found.append(_qualified(text, low, s, end, value_w, offset))
        consumed = end
    found.sort(key=lambda x: x.start)
    return found
