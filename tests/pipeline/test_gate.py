from __future__ import annotations

import re

from app.pipeline import clean, themes
from app.pipeline.gate import (
    WINDOW,
    GatedPatterns,
    literal_or_digit_prefixes,
    literal_prefixes,
    required_literals,
)
from tests.conftest import FIXTURES


def _gate() -> GatedPatterns[str]:
    return GatedPatterns(
        [
            (r"drones?", None, "drone word"),
            (r"launched & drones?", r"\blaunched \d+ drones\b", "launched N drones"),
            (r"share", r"^share\b", "share at start"),
        ]
    )


def test_single_anchor_fires_on_the_word_alone() -> None:
    assert _gate().matches("a drone hit the city") == ["drone word"]


def test_all_anchor_groups_must_be_present() -> None:
    gate = _gate()
    assert gate.matches("russia launched 40 missiles") == []
    assert gate.matches("russia launched 40 drones overnight") == [
        "drone word",
        "launched N drones",
    ]
    # Both words present but not as the phrase: the pattern decides.
    assert gate.matches("drones were launched later") == ["drone word"]


def test_punctuation_and_hyphens_do_not_hide_anchors() -> None:
    gate = _gate()
    assert gate.matches("“drones,” he said") == ["drone word"]
    assert gate.matches("anti-drone systems") == ["drone word"]


def test_start_anchored_patterns_only_match_at_the_start() -> None:
    gate = _gate()
    assert gate.matches("share this article") == ["share at start"]
    assert gate.matches("the market share of exports") == []


def test_long_texts_are_searched_around_the_anchor() -> None:
    filler = "word " * (2 * WINDOW)
    text = f"{filler} russia launched 12 drones at kyiv {filler}"
    assert "launched N drones" in _gate().matches(text)


def test_the_word_cache_gives_the_same_answer_twice() -> None:
    gate = _gate()
    first = gate.matches("russia launched 40 drones overnight")
    assert gate.matches("russia launched 40 drones overnight") == first


def test_literal_prefixes_follow_branches_options_and_small_classes() -> None:
    def prefixes(pattern: str) -> tuple[tuple[str, ...], bool] | None:
        return literal_prefixes(re.compile(pattern))

    assert prefixes(r"\b(?:in|on) the \w+") == (("in the ", "on the "), False)
    assert prefixes(r"\b(?:natural )?gas\b|\blng\b") == (("gas", "lng", "natural gas"), False)
    assert prefixes(r"air[- ]defen[cs]es?") == (
        ("air defence", "air defense", "air-defence", "air-defense"),
        False,
    )
    assert prefixes(r"(?:^|[.!?] )sources?:") == (
        ("! source:", "! sources:", ". source:", ". sources:", "? source:", "? sources:"),
        True,
    )
    assert prefixes(r"^share\b") == ((), True)
    assert prefixes(r"\d+ drones") is None  # a category: no finite set of literals
    assert prefixes(r"(?:big )*drones") == (("big ", "drones"), False)  # it, or what follows
    assert prefixes(r"(?:\w+ )?drones") is None  # an unknown optional part


def test_literal_or_digit_prefixes_allow_a_digit_start() -> None:
    def prefixes(pattern: str) -> tuple[str, ...] | None:
        return literal_or_digit_prefixes(re.compile(pattern))

    assert prefixes(r"\b(?:\d[\d,]*|two|three) drones") == ("three", "two")
    assert prefixes(r"[0-9]+ drones") == ()
    assert prefixes(r"summits?|\d+-point plan") == ("summit",)
    assert prefixes(r"(?:two|\d)?drones") == ("drones", "two")  # it, or what follows
    assert prefixes(r"a\d") is None  # "a" starts every match: too short a literal
    assert prefixes(r"(?:^|\d)x") is None  # a "^" branch
    assert prefixes(r"[\d,]+ x") is None  # a class with more than digits
    assert prefixes(r"\b(?:in|on) the") is None  # no digit: literal_prefixes says it
    # Without the digit, the other callers get no answer, as before.
    assert literal_prefixes(re.compile(r"\b(?:\d+|two) drones")) is None
    assert required_literals(re.compile(r"\b(?:\d+|two) drones")) == (" drones",)


def test_every_match_starts_with_a_literal_prefix() -> None:
    """The gates only try a pattern where one of its literal prefixes occurs (or at
    0, for a "^" branch): every real match must start so, or themes would be lost."""
    gates = (themes._GATE, clean._LINE_GATE)
    texts = [
        line.lower()
        for path in sorted((FIXTURES / "articles").glob("*.md"))
        for line in path.read_text().splitlines()
    ]
    checked = 0
    for gate in gates:
        for pattern, literals in zip(gate._patterns, gate._prefixes, strict=True):
            if pattern is None or literals is None:
                continue
            starts, at_zero = literals
            for text in texts:
                for m in pattern.finditer(text):
                    checked += 1
                    assert (at_zero and m.start() == 0) or text.startswith(starts, m.start()), (
                        pattern.pattern,
                        text,
                    )
    assert checked > 100


def test_every_match_of_the_digit_started_starts_with_a_literal_or_a_digit() -> None:
    gate = themes._GATE
    texts = [
        line.lower()
        for path in sorted((FIXTURES / "articles").glob("*.md"))
        for line in path.read_text().splitlines()
    ]
    checked = 0
    for i in sorted(gate._digit_started):
        pattern, starts = gate._patterns[i], gate._short_literals[i]
        assert pattern is not None
        for text in texts:
            for m in pattern.finditer(text):
                checked += 1
                assert text[m.start()].isdecimal() or text.startswith(starts, m.start())
    assert checked > 10


def test_required_literals_are_in_every_match() -> None:
    pattern = re.compile(r"^[^.]{0,10}\b(?:did not|declined) x")
    assert required_literals(pattern) == ("did not x", "declined x")
    assert required_literals(re.compile(r"\w+ing")) == ("ing",)
    assert required_literals(re.compile(r"\w+\d")) is None
