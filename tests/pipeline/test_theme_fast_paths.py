"""The theme engine's shortcuts give what the plain forms give."""

from __future__ import annotations

import math
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.pipeline import clean, themes
from app.pipeline.gate import GatedPatterns
from tests.conftest import FIXTURES

_GATES: list[GatedPatterns[object]] = [themes._GATE]  # type: ignore[list-item]
_PREFIXES = sorted({p for g in _GATES for lit in g._short_literals for p in lit})

# Texts made of the rules' own literals, non-ASCII neighbours of them and "?", so
# that prefixes occur next to characters the automaton reads as "?"; digits (ASCII or
# not: "٣" is an Arabic-Indic three) and what follows numbers in the rules.
_pieces = st.sampled_from(
    [
        *_PREFIXES,
        *[" ", "?", "’", "é", "ü", "—", "Ж", "🙂", "said ", "russia’s ", "."],
        *"0123456789",
        *["12", "1,500", "٣", "-point plan", " drones", " people", " missiles"],
    ]
)
_texts = st.lists(_pieces, max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_the_automaton_finds_every_prefix_occurrence(text: str) -> None:
    """_ascii's "?" for other characters never hides a literal prefix."""
    gate = themes._GATE
    todo = {i for i, lit in enumerate(gate._prefixes) if lit and lit[0]}
    found = {(i, a, b) for i, a, b in gate._occurrences(text, set(todo))}
    for i in todo:
        for prefix in gate._prefixes[i][0]:  # type: ignore[index]
            pos = text.find(prefix)
            while pos >= 0:
                assert (i, pos, pos + len(prefix)) in found, (prefix, text)
                pos = text.find(prefix, pos + 1)


def _fixture_passages() -> list[str]:
    return [
        line.strip().lower()
        for path in sorted((FIXTURES / "articles").glob("*.md"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


_WORDS = {word for low in _fixture_passages() for word in low.split()}
# The fixtures' words that satisfy some anchor of the theme or line gate
_ANCHORING = sorted(themes._GATE.scope(_WORDS) | clean._LINE_GATE.scope(_WORDS))


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(_ANCHORING), max_size=12))
def test_entries_of_are_the_entries_whose_groups_are_all_satisfied(words: set[str]) -> None:
    """_entries_of (per-word unions, the groups' union made only for multi-anchor
    candidates) gives the entries each of whose anchor groups some word satisfies."""
    for gate in (themes._GATE, clean._LINE_GATE):
        anchoring = gate.scope(set(words))
        satisfied = {g for word in anchoring for g in gate._info_of(word)[0]}
        plain = {
            i
            for i, first in enumerate(gate._first)
            if first in satisfied and gate._rest[i] <= satisfied
        }
        assert gate._entries_of(anchoring) == plain


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(_fixture_passages()), min_size=1, max_size=30))
def test_matches_many_is_matches_of_each(lows: list[str]) -> None:
    words = [set(low.split()) for low in lows]
    gate = themes._GATE
    each = [gate.matches(low, w) for low, w in zip(lows, words, strict=True)]
    assert gate.matches_many(lows, words) == each


def test_lowercase_keeps_the_words() -> None:
    """classify counts a passage's words by its lowercase words' set (a word at most
    once): text.split() and text.lower().split() must cut the same words. They do if
    lowercasing keeps every space a space and makes no space of anything else."""
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if c.isspace():
            assert low == c, hex(cp)
        else:
            assert not any(x.isspace() for x in low), hex(cp)


def test_no_news_words_cover_its_literals() -> None:
    """An article without any of _NO_NEWS_WORDS has no passage _no_news is true of."""
    assert themes._NO_NEWS_NEEDS
    for literal in themes._NO_NEWS_NEEDS:
        assert any(word in literal for word in themes._NO_NEWS_WORDS), literal


def test_modifiers_come_after_the_cues() -> None:
    """_evidence takes the modifiers (names) as the last hits, the cues before them:
    in the gate every named entry is after every cue, and no two share a name."""
    payloads = themes._GATE._payloads
    names = [i for i, p in enumerate(payloads) if isinstance(p, str)]
    assert names and names == list(range(len(payloads) - len(names), len(payloads)))
    assert len({payloads[i] for i in names}) == len(names)


# …and letters glued to them, so that some occurrences of a prefix cannot start a match
_glued_texts = st.lists(st.one_of(_pieces, st.sampled_from(["x", "un", "0"])), max_size=40).map(
    "".join
)


_REPORTING = themes._GATE._payloads.index("reporting")


@settings(max_examples=500, deadline=None)
@given(_glued_texts, st.sets(st.integers(0, len(themes._GATE._patterns) - 1), max_size=6))
@example("unsaid, he said", {_REPORTING})  # a prefix's first occurrence cannot match
@example("x2 ٣ drones", set(themes._GATE._digit_started))  # a digit but 0-9 starts it
@example("two2 12 drones", set(themes._GATE._digit_started))
def test_fired_is_a_search_of_each_candidate(text: str, few: set[int]) -> None:
    """_fired (a short text) tries each candidate where its literal prefixes (or digits,
    for the _digit_started) occur: by `find` for a few candidates (`few`), in one
    automaton pass for many (all of them); both give what searching the text for each
    candidate's pattern gives."""
    gate = themes._GATE
    low = text.lower()[: 3 * 220]
    for found in (few, set(range(len(gate._patterns)))):
        plain = {
            i
            for i in found
            if gate._patterns[i] is None
            or (
                gate._patterns[i].match(low)  # type: ignore[union-attr]
                if gate._at_start[i]
                else gate._patterns[i].search(low)  # type: ignore[union-attr]
            )
        }
        assert gate._fired(low, set(found)) == plain


# Numbers and what follows them in the rules that start with one (N drones, N people…)
_number_texts = st.lists(
    st.sampled_from(
        [
            *[*"0123456789", "٣", "١٢", ",", ".", "-", " ", "x", "two", "dozens of"],
            *[" drones", " missiles", " people", " civilians", "-point plan", " killed"],
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_number_texts)
@example("x2 ٣ drones")  # a digit but 0-9 starts it
def test_the_digit_started_are_tried_at_every_digit(text: str) -> None:
    """_fired tries the entries whose matches may start with a digit at each digit
    (the automaton's ASCII ones, then the others) and at their literals: it gives what
    searching the text for each one's pattern gives, alone (by `find`, for those with a
    few literals) or with many others (one automaton pass)."""
    gate = themes._GATE
    digit_started = set(gate._digit_started)
    assert digit_started
    plain = {i for i in digit_started if gate._patterns[i].search(text)}  # type: ignore[union-attr]
    for found in [*({i} for i in digit_started), digit_started, set(range(len(gate._patterns)))]:
        assert gate._fired(text, set(found)) & digit_started == plain & found


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=20.0), max_size=20))
def test_confidence_is_the_rounded_formula(scores: list[float]) -> None:
    """_confidence remembers round(1 - e^-score, 3): the same, asked once or again."""
    for score in [*scores, *scores]:
        assert themes._confidence(score) == round(1.0 - math.exp(-score), 3)


def _suppress_plain(ev: dict[str, themes.Evidence]) -> None:
    """_suppress without its single-theme shortcut."""
    for theme, explained_by, weak_labels in themes.rules.EXPLAINED_AWAY:
        other = ev.get(theme)  # type: ignore[call-overload]
        if other is None:
            continue
        cues = [c for e in ev.values() for c in e.cues]
        if explained_by.isdisjoint(cues):
            continue
        kept = [c for c in other.cues if c not in weak_labels]
        if len(kept) == len(other.cues):
            continue
        weights = themes.rules.CUE_WEIGHTS[theme]
        other.score = sum(weights.get(c, 0.0) for c in kept) * (
            other.score / max(sum(weights.get(c, 0.0) for c in other.cues), 1e-9)
        )
        other.cues = kept
        if not kept:
            del ev[theme]


@st.composite
def _one_theme_evidence(draw: st.DrawFn) -> dict[str, themes.Evidence]:
    """Evidence as _evidence makes it for a passage of one theme: its own cue labels
    (and maybe "background mention")."""
    theme = draw(st.sampled_from(sorted(themes.rules.CUE_WEIGHTS)))
    own = [*sorted(themes.rules.CUE_WEIGHTS[theme]), "background mention"]
    # Mostly labels the rules name (as explaining or as weak), the others now and then.
    named = {c for _, by, weak in themes.rules.EXPLAINED_AWAY for c in by | weak}
    likely = [c for c in own if c in named] or own
    label = st.one_of(st.sampled_from(likely), st.sampled_from(own))
    cues = draw(st.lists(label, min_size=1, max_size=6, unique=True))
    score = draw(st.floats(min_value=0.1, max_value=5.0))
    return {theme: themes.Evidence(score, cues)}


@given(_one_theme_evidence())
def test_one_theme_evidence_has_nothing_to_suppress(ev: dict[str, themes.Evidence]) -> None:
    """_suppress returns at once on one theme's evidence: the plain rules change nothing."""
    expected = {t: themes.Evidence(e.score, list(e.cues)) for t, e in ev.items()}
    _suppress_plain(ev)  # type: ignore[arg-type]
    assert ev == expected
    themes._suppress(ev)  # type: ignore[arg-type]
    assert ev == expected
