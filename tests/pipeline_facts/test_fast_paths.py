"""The fact extractors' shortcuts: each must give what the plain form gives, on texts made
of the words the extractors read (numbers, nouns, event and reporting verbs, speakers,
places, titles), glued with the punctuation between them."""

from __future__ import annotations

import random
import re
from bisect import bisect_left
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.pipeline import figures
from app.pipeline.claims import (
    _AFTER_GAP,
    _REACH,
    _TITLE_BEFORE,
    _may_have_place_before,
    _read_speaker,
    _speakers,
    _verbs,
)
from app.pipeline.claims import _AUTOMATON as SPEAKERS
from app.pipeline.figures import (
    _COMPATIBLE_FOR,
    _events,
    _governing_event,
    _slots,
    find_figures,
)
from app.pipeline.numbers import _QUAL_BEFORE, _may_be_qualified, find_numbers
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

_BEFORE_NUMBER_WORDS = [
    "at", "least", "no", "fewer", "than", "a", "minimum", "of", "more", "over", "upwards", "in",
    "excess", "nearly", "almost", "about", "around", "approximately", "roughly", "some", "an",
    "estimated", "close", "to", "up", "as", "many", "less", "under", "xabout", "leastx", "killed",
    "overall", "12", "(", "-", "at least", "more than", "about a", "Least",
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
        # a qualifier before a number ("at least 12"), in the lowercased text
        (_may_be_qualified, _QUAL_BEFORE, _BEFORE_NUMBER_WORDS),
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


def _speakers_by_bisect(
    text: str, low: str, starts: list[int], sentences: list[tuple[int, int]]
) -> list[tuple[str, int, int]]:
    """_speakers in its plain form: the first verb near each hit found by bisect_left."""
    out: list[tuple[str, int, int]] = []
    last_end = 0
    si = 0
    for idx, s, e in SPEAKERS.find(low):
        if s < last_end:
            continue
        if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
            continue
        i = bisect_left(starts, s - 60)
        if i == len(starts) or starts[i] > e + 220:
            continue
        while si < len(sentences) - 1 and sentences[si][1] <= s:
            si += 1
        a, b = sentences[si]
        i = bisect_left(starts, max(a, s - _REACH))
        if i == len(starts) or starts[i] >= b:
            continue
        found = _read_speaker(text, low, idx, s, e)
        if found:
            out.append(found)
            last_end = found[2]
    return out


# Speakers and verbs at every distance around those _speakers looks across (60, 105 and 220
# characters from a speaker's start), filler words between them, in one sentence or more.
_SPACED = st.lists(
    st.tuples(
        st.sampled_from(["said", "according to", "Reuters", "Russian officials", "ISW", "zz"]),
        st.one_of(*(st.integers(a, a + 12) for a in (0, 46, 90, 205))),
        st.sampled_from([" ", " ", ", ", ". "]),
    ),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(w + " " + ("zz " * gap)[:gap] + glue for w, gap, glue in parts))


def _verb_then_speaker(distance: int, after: str) -> str:
    """ "Zz zz said zz … Reuters" + after, "Reuters" `distance` characters after "said"."""
    filler = ("zz " * distance)[: distance - len("said ") - 1] + " "
    return "Zz zz said " + filler + "Reuters" + after


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_TEXTS, _SPACED))
# the two bounds exactly: the verb 60 characters before, and 105 before in its sentence
# with the next verb in the next sentence
@example(_verb_then_speaker(60, " zz."))
@example(_verb_then_speaker(_REACH, ". Zz said it."))
def test_speakers_find_the_verbs_near_each_hit_as_bisect_does(text: str) -> None:
    """_speakers moves two pointers along the verbs instead of a bisect_left per hit."""
    low = lower_aligned(text)
    starts = [s for s, _e, _w in _verbs(low)]
    sentences = sentence_spans(text)
    assert _speakers(text, low, starts, sentences) == _speakers_by_bisect(
        text, low, starts, sentences
    )
