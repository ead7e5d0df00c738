"""The text primitives the extractors share (app/pipeline/sentences.py): their shortcuts
must give what the plain forms give, character for character."""

from __future__ import annotations

import contextlib
import random
import re
import string
from dataclasses import FrozenInstanceError, dataclass, fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.pipeline.claims import _AUTOMATON as SPEAKERS
from app.pipeline.claims import _UNVERIFIED, _UNVERIFIED_LOW, FOLD_TO_ASCII, is_unverified
from app.pipeline.figures import _EVENT_AUTOMATON as EVENTS
from app.pipeline.places import _AUTOMATON as PLACES
from app.pipeline.sentences import lower_aligned, positional_constructor, sentence_spans

_ODD = ["\u2019", "\x92", "?", "é", "É", "Ü", "—", "Ж", "ж", "İ", "Σ", "ß", "\x00", "“", "”", "K"]
_WORDS = [
    "Kyiv", "Russia\u2019s", "air force", "said", "the UN", "Türk", "Orbán", "Kharkiv region",
    "U.S.", "Gen.", "No.", "killed", "12", "drones", ".", "!", "?", " ", "\n", "(", '"',
]  # fmt: skip


def _texts(n: int = 400) -> list[str]:
    rnd = random.Random(7)
    pieces = _WORDS + _ODD
    return [
        "".join(rnd.choice(pieces) + rnd.choice(["", " "]) for _ in range(rnd.randint(0, 40)))
        for _ in range(n)
    ]


def test_lower_aligned_is_str_lower_with_offsets_kept() -> None:
    for text in [*_texts(), "ǅ İstanbul ΣΑΣ", "\ud800 Kyiv"]:
        low = lower_aligned(text)
        assert len(low) == len(text)
        expected = text.lower()
        if len(expected) != len(text):
            expected = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        assert low == expected


def test_automata_on_the_one_byte_view_find_what_they_find_on_str() -> None:
    for text in _texts():
        for automaton in (PLACES, SPEAKERS, EVENTS):
            low = lower_aligned(text)  # the view is built for the last lowered text only
            on_view = automaton.find(low)
            automaton.find("".join(["no ", "view"]))  # not the last lowered: on str
            assert automaton._on_str is not None
            assert on_view == automaton._on_str.find_matches_as_indexes(low), text


def test_sentence_spans_cover_the_text() -> None:
    text = "Gen. Syrskyi said so. U.S. officials agreed! Did they?\x00Next one. 12 died."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Gen. Syrskyi said so.",
        " U.S. officials agreed!",
        " Did they?",
        "Next one.",
        " 12 died.",
    ]


def test_fold_to_ascii_lists_what_ignorecase_reads_otherwise() -> None:
    """is_unverified searches the lowercased text without re.I: the same, character for
    character, but where re.I reads as an ASCII letter what lowercasing does not make one."""
    every = "".join(map(chr, range(0x80, 0x110000)))
    low = lower_aligned(every)
    as_letter = set(re.findall("[a-z]", every, re.I))
    assert {c for c in as_letter if lower_aligned(c) not in string.ascii_lowercase} == set(
        FOLD_TO_ASCII
    )
    # lowercasing makes no ASCII letter re.I would not read, and keeps \s and \w as they are
    assert {every[m.start()] for m in re.finditer("[a-z]", low)} <= as_letter
    for cls in (r"\s", r"\w"):
        assert [m.start() for m in re.finditer(cls, every)] == [
            m.start() for m in re.finditer(cls, low)
        ]
    for text in [
        "It could not be independently ver\u0131fied, they confirm.",
        "UNVERİFİED: confirm",
    ]:
        assert is_unverified(text)
        assert bool(_UNVERIFIED.search(text))
    assert _UNVERIFIED_LOW.flags & re.I == 0


# --- positional_constructor: the same object as the class builds ----------------------------

_ANY_VALUE = st.one_of(
    st.none(), st.integers(), st.text(max_size=5), st.booleans(), st.tuples(st.integers())
)


def _constructed_classes() -> list[type]:
    from app.pipeline.claims import Claim
    from app.pipeline.figures import Figure
    from app.pipeline.numbers import Number
    from app.pipeline.places import PlaceHit, PlaceMention
    from app.pipeline.types import DroppedLine, Passage, PassageFacts, ThemeTag

    return [Claim, Figure, Number, PlaceHit, PlaceMention, PassageFacts, ThemeTag, Passage,
            DroppedLine]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_positional_constructor_builds_what_the_class_builds(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(_constructed_classes()))
    names = [f.name for f in fields(cls)]
    values = data.draw(st.lists(_ANY_VALUE, min_size=len(names), max_size=len(names)))
    built = positional_constructor(cls)(*values)
    plain = cls(*values)
    assert type(built) is cls
    assert [getattr(built, n) for n in names] == values
    assert built == plain
    assert repr(built) == repr(plain)
    if cls.__hash__ is not None:
        with contextlib.suppress(TypeError):  # an unhashable value: both raise
            assert hash(built) == hash(plain)
    with pytest.raises(FrozenInstanceError if cls.__dataclass_params__.frozen else AssertionError):
        setattr(built, names[0], 1)
        raise AssertionError  # not frozen: the store is allowed, as on the class's own


def test_positional_constructor_refuses_what_it_cannot_build() -> None:
    @dataclass(frozen=True)  # no slots
    class NoSlots:
        a: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (NoSlots, Checked):
        with pytest.raises(TypeError):
            positional_constructor(cls)
