"""The fact extractors' shortcuts: each must give what the plain form gives, on texts made
of the words the extractors read (numbers, nouns, event and reporting verbs, speakers,
places, titles), glued with the punctuation between them."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.pipeline import figures
from app.pipeline.claims import _AFTER_GAP, _TITLE_BEFORE, _may_have_place_before
from app.pipeline.figures import (
    _COMPATIBLE_FOR,
    _events,
    _governing_event,
    _slots,
    find_figures,
)
from app.pipeline.numbers import find_numbers
from app.pipeline.places import _METONYMY_BEFORE, _may_follow_metonymy_cue
from app.pipeline.sentences import lower_aligned, sentence_spans

_NUMBERS = ["12", "1,200", "2024", "0", "two", "seven", "twenty-five", "a dozen", "dozens"]
_QUALIFIERS = ["", "", "at least ", "more than ", "about ", "no ", "including "]
_MODIFIERS = ["", "", "", "Shahed-type ", "ballistic ", "more ", "other "]
_NOUNS = [
    "", "", "drones", "UAVs", "missiles", "people", "civilians", "children", "soldiers",
    "troops", "prisoners", "POWs", "households", "consumers", "villages", "settlements",
    "towns", "assaults", "tanks", "km", "percent", "of them", "of which", "of the", "year-old",
]  # fmt: skip
_EVENTS = [
    "launched", "shot down", "were shot down", "were killed", "killed", "injured", "wounded",
    "died", "the death toll rose to", "exchanged", "were returned", "released",
    "were left without power", "cut power to", "captured", "took control of", "seized",
    "repelled", "attacked Ukraine with", "the war has killed", "have been",
]  # fmt: skip
_OTHERS = [
    "said", "according to", "officials", "Kharkiv", "governor", "Russian", "Ukraine's",
    "air force", "the UN", "Reuters", "regional", "city", "military", "administration",
    "Belgorod", "Kyiv", "Moscow", "head", "of the", "Zelensky", "ISW", "assessed", "and",
    "in", "overnight", "the", "a total of", "forces", "exchange", "captivity", "civilian",
]  # fmt: skip
_GLUE = [" ", " ", " ", " ", ", ", ". ", "; ", " — ", " (", ") ", "\n", "\u2019s ", "-", "\x00"]


def _text(rnd: random.Random) -> str:
    """Fragments in random order: numbers with what they count, events, other words."""
    parts = []
    for _ in range(rnd.randint(1, 25)):
        pick = rnd.random()
        if pick < 0.35:
            noun = rnd.choice(_NOUNS)
            fragment = rnd.choice(_QUALIFIERS) + rnd.choice(_NUMBERS) + " "
            fragment += (rnd.choice(_MODIFIERS) + noun) if noun else ""
        elif pick < 0.65:
            fragment = rnd.choice(_EVENTS)
        else:
            fragment = rnd.choice(_OTHERS)
        parts.append(fragment.capitalize() if rnd.random() < 0.15 else fragment)
        parts.append(rnd.choice(_GLUE))
    return "".join(parts)


_TEXTS = st.integers(0, 2**32).map(lambda seed: _text(random.Random(seed)))


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_figures_skip_only_sentences_where_no_event_can_count(text: str) -> None:
    """_may_count leaves out a sentence only where figures_in_sentence finds nothing."""
    plain = pytest.MonkeyPatch()
    plain.setattr(figures, "_may_count", lambda *_: True)
    try:
        every_sentence = find_figures(text)
    finally:
        plain.undo()
    assert find_figures(text) == every_sentence


@settings(max_examples=1500, deadline=None)
@given(_TEXTS)
def test_a_number_no_event_of_its_sentence_can_count_is_governed_by_none(text: str) -> None:
    """figures_in_sentence skips a number whose noun none of the sentence's events takes:
    _governing_event returns one of those events or None."""
    low = lower_aligned(text)
    events = _events(low)
    for a, b in sentence_spans(text):
        sentence_events = [ev for ev in events if a <= ev[0] < b]
        nums = find_numbers(text[a:b], low[a:b], a)
        kinds = {ev for _s, _e, ev in sentence_events}
        slots = _slots(text, b, nums)
        for i, s in enumerate(slots):
            event = _governing_event(text, s, slots, i, sentence_events, a)
            if kinds.isdisjoint(_COMPATIBLE_FOR.get(s.noun, ())):
                assert event is None


_TITLE_WINDOW_WORDS = [
    "Kharkiv", "Kharkiv's", "Kyiv\u2019s", "Mexico", "City", "city", "Oblast", "oblast", "region",
    "regional", "Regional", "military", "Military", "according", "to", "the", "X", "xY",
    "McDonald", "É", "Éva", "said.", "(Kursk", "St.", "governor", "of", "U.S.", "A", "Ab",
]  # fmt: skip
_SPACES = [" ", " ", "  ", "\n", "\t", "\u2009", "\xa0", ""]


def test_a_reporting_verb_one_space_or_none_after_its_speaker_needs_no_gap_match() -> None:
    every_space = [c for c in map(chr, range(0x110000)) if c.isspace()]
    assert all(_AFTER_GAP.fullmatch(gap) for gap in ["", *every_space])


_BEFORE_CAPITAL_WORDS = [
    "accused", "Accuses", "URGING", "pressure", "on", "called", "support", "for", "to", "aid",
    "demanded", "that", "between", "with", "w\u0131th", "\u017ftrikes", "against", "from", "by",
    "the", "in", "xwith", "said", ",", "(", "criticized", "Criticised", "told", "both", "and",
]  # fmt: skip


def _windows(words: list[str]) -> st.SearchStrategy[str]:
    pieces = st.tuples(st.sampled_from(words), st.sampled_from(_SPACES)).map("".join)
    return st.lists(pieces).map("".join)


@pytest.mark.parametrize(
    ("may_match", "pattern", "words"),
    [
        # a title's place before it ("Kharkiv regional governor")
        (_may_have_place_before, _TITLE_BEFORE, _TITLE_WINDOW_WORDS),
        # a cue before a capital read as its government ("accused Moscow")
        (_may_follow_metonymy_cue, _METONYMY_BEFORE, _BEFORE_CAPITAL_WORDS),
    ],
)
def test_no_search_is_skipped_where_the_pattern_matches_at_the_window_end(
    may_match: Callable[[str], bool], pattern: re.Pattern[str], words: list[str]
) -> None:
    @settings(max_examples=3000, deadline=None)
    @given(_windows(words))
    def check(window: str) -> None:
        if not may_match(window):
            assert pattern.search(window) is None, window

    check()
