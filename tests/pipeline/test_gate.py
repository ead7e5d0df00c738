from __future__ import annotations

from app.pipeline.gate import WINDOW, GatedPatterns


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
