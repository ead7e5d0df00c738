"""Numbers as war reporting writes them: "1,200", "1.2 million", "seven", "twenty-five",
"more than 400", "about a dozen". Vague amounts ("dozens", "hundreds of") are found too,
so callers can skip them rather than misread the words around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to", "fewer_than"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SUFFIX_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000}

_QUALIFIERS: dict[str, Qualifier] = {
    "at least": "at_least", "no fewer than": "at_least", "a minimum of": "at_least",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "nearly": "about", "almost": "about", "about": "about",
    "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "close to": "about", "about a": "about",
    "up to": "up_to", "as many as": "up_to", "fewer than": "fewer_than",
    "less than": "fewer_than", "under": "fewer_than",
}

_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_WORD_NUMBER = (
    rf"(?:(?:{_WORD})(?:[\s-](?:{_WORD}))?|a|an)"
    r"(?:\s+(?:and\s+)?(?:hundred|thousand|million|billion)"
    rf"(?:\s+(?:and\s+)?(?:{_WORD})(?:[\s-](?:{_WORD}))?)?)*"
)
_QUAL = "|".join(sorted(map(re.escape, _QUALIFIERS), key=len, reverse=True))
NUMBER_RE = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?"
    r"(?:(?P<digits>(?<![\w.,\-/–$€£])\d{1,3}(?:,\d{3})+(?![\d,]\d)|(?<![\w.,\-/–$€£])\d+(?:\.\d+)?)"
    r"(?:\s*(?P<dscale>million|billion|thousand|mn|bn|m|k)\b)?"
    r"|(?P<dozen>\b(?:a|one)\s+dozen\b)"
    rf"|(?P<words>\b{_WORD_NUMBER}\b)"
    r"|(?P<vague>\b(?:dozens|hundreds|thousands|tens\s+of\s+thousands|hundreds\s+of\s+thousands|"
    r"millions|scores|several|a\s+few|many|numerous)\b))"
    r"(?![\w%])(?!\s*(?:%|percent|per\s+cent))",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Number:
    start: int  # where the number (with its qualifier) starts in the text
    end: int
    value: int | None  # None for a vague amount ("dozens")
    qualifier: Qualifier
    surface: str


def _words_value(words: str) -> int | None:
    total, current = 0, 0
    seen = False
    for tok in re.split(r"[\s-]+", words.lower()):
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


def find_numbers(text: str) -> list[Number]:
    """Every number in `text`, in order, with its qualifier."""
    out: list[Number] = []
    for m in NUMBER_RE.finditer(text):
        qual: Qualifier = _QUALIFIERS[m.group("qual").lower()] if m.group("qual") else "exact"
        if m.group("digits"):
            raw = m.group("digits").replace(",", "")
            value = float(raw)
            scale = m.group("dscale")
            if scale:
                value *= _SCALES.get(scale.lower(), _SUFFIX_SCALES.get(scale.lower(), 1))
            elif "." in raw:
                continue  # a decimal without a scale is a measurement, not a count
            out.append(Number(m.start(), m.end(), round(value), qual, m.group(0)))
        elif m.group("dozen"):
            out.append(Number(m.start(), m.end(), 12, "about", m.group(0)))
        elif m.group("words"):
            w = m.group("words")
            if w.lower() in ("a", "an"):
                continue  # an article, not a number
            value_w = _words_value(w)
            if value_w is not None:
                out.append(Number(m.start(), m.end(), value_w, qual, m.group(0)))
        else:
            out.append(Number(m.start(), m.end(), None, qual, m.group(0)))
    return out
