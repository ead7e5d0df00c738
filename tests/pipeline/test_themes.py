from __future__ import annotations

import pytest

from app.pipeline import process_article
from app.pipeline.passages import RawPassage
from app.pipeline.themes import classify

from .conftest import RECEIVED, run, themes_by_line


def _themes(*texts: str) -> list[set[str]]:
    passages = [RawPassage(i + 1, "paragraph", t, None) for i, t in enumerate(texts)]
    return [{tag.theme for tag in tags} for tags in classify(passages)]


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        (
            "Russian forces advanced near Kupyansk and repelled two Ukrainian counterattacks.",
            "front_lines",
        ),
        (
            "Ukrainian troops repelled 14 assaults in the Pokrovsk direction over the past day.",
            "front_lines",
        ),
        (
            "Russia launched 150 drones and 12 missiles overnight; air defences intercepted most.",
            "air_strikes",
        ),
        (
            "A glide bomb struck an industrial site in Kharkiv, the regional governor said.",
            "air_strikes",
        ),
        (
            "Three civilians were killed and 12 injured, and 200 residents were evacuated.",
            "humanitarian",
        ),
        ("The two sides carried out a prisoner exchange, returning 150 POWs each.", "humanitarian"),
        (
            "Rolling blackouts hit Kyiv after damage to a substation and a thermal power plant.",
            "energy",
        ),
        ("Envoys from both sides held peace talks in Geneva on a ceasefire proposal.", "diplomacy"),
        ("The EU adopted a new sanctions package against Russian banks.", "diplomacy"),
        (
            "Inflation rose to 9% and the central bank raised interest rates as GDP stagnated.",
            "economy",
        ),
    ],
)
def test_each_theme(text: str, theme: str) -> None:
    assert theme in _themes(text)[0]


def test_multi_label_strike_on_the_grid() -> None:
    [themes] = _themes(
        "A Russian missile strike on a power plant left 200,000 homes without electricity."
    )
    assert {"air_strikes", "energy"} <= themes


def test_multi_label_prisoner_swap_agreed_at_talks() -> None:
    [themes] = _themes("At the talks in Abu Dhabi the delegations agreed a prisoner exchange.")
    assert {"diplomacy", "humanitarian"} <= themes


def test_framing_without_a_development_has_no_theme() -> None:
    assert _themes("The war's trajectory remains uncertain, shaped by many forces.") == [set()]
    assert _themes("Italy's football federation named a new coach on Saturday.") == [set()]


def test_negated_ground_report_is_still_front_line_news() -> None:
    # "did not advance" reports the state of an axis: annotators tag it front_lines.
    [themes] = _themes(
        "Russian forces continued offensive operations near Lyman but did not advance."
    )
    assert themes == {"front_lines"}


def test_soldiers_killed_are_not_civilian_casualties() -> None:
    [themes] = _themes("About 55,000 Ukrainian soldiers have been killed, the president said.")
    assert "front_lines" in themes
    assert "humanitarian" not in themes


def test_fpv_drones_at_the_front_are_not_air_strikes() -> None:
    [themes] = _themes(
        "Order of Battle: FPV drone operators of a Russian brigade are reportedly striking "
        "Ukrainian positions in the Kherson direction."
    )
    assert themes == {"front_lines"}


def test_a_quote_continuing_a_passage_inherits_its_themes() -> None:
    themes = _themes(
        "Ukraine and Russia agreed at talks in Istanbul to exchange 200 prisoners of war.",
        "“This is a first step,” the negotiator said after the meeting.",
    )
    assert {"diplomacy"} <= themes[1]


def test_evidence_is_kept_with_each_tag() -> None:
    art = process_article(
        "---\ntitle: T\n---\n\nRussia launched 87 drones overnight, the air force said.\n", RECEIVED
    )
    [tag] = [t for t in art.passages[0].themes if t.theme == "air_strikes"]
    assert 0.0 < tag.score <= 1.0
    assert "launched N drones/missiles" in tag.cues


def test_heading_gets_the_themes_of_its_section() -> None:
    themes = themes_by_line(run("assessment_front.md"))
    assert themes[8] == {"front_lines"}  # "Northern Axis (…)" heads a ground-combat section
    assert themes[12] == {"air_strikes"}  # "Air, Missile, and Drone Campaign"


def test_fixture_wire_story() -> None:
    themes = themes_by_line(run("wire_energy_strike.md"))
    assert {"air_strikes", "energy"} <= themes[5]
    assert "humanitarian" in themes[7]
    assert themes[9] == {"energy"}
    assert themes[10] == {"diplomacy"}
    assert "economy" in themes[12]


def test_dropped_lines_have_no_themes_and_passages_only_known_themes(fixture_name: str) -> None:
    art = run(fixture_name)
    allowed = {"front_lines", "air_strikes", "humanitarian", "energy", "diplomacy", "economy"}
    for p in art.passages:
        assert {t.theme for t in p.themes} <= allowed
        assert len({t.theme for t in p.themes}) == len(p.themes)


def test_talks_named_only_as_a_time_reference_are_not_diplomacy() -> None:
    [themes] = _themes(
        "Russia launched 90 drones at Ukraine overnight, ahead of the talks in Geneva."
    )
    assert themes == {"air_strikes"}


def test_strikes_named_as_background_are_not_air_strikes() -> None:
    [themes] = _themes(
        "The economy shrank 2% as sustained Russian bombardment weighed on industrial output, "
        "the central bank said."
    )
    assert "economy" in themes
    assert "air_strikes" not in themes


def test_no_comment_sentences_have_no_theme() -> None:
    themes = _themes(
        "Russia launched 90 drones at Kyiv overnight, killing two civilians.",
        "The Russian defence ministry did not immediately respond to a request for comment.",
    )
    assert themes[1] == set()


def test_a_sentence_broken_over_two_lines_keeps_its_themes() -> None:
    themes = _themes(
        "Russia attacked Ukraine's energy system 200 times since January, the Ukrainian Prime",
        "Minister told reporters on Wednesday.",
    )
    assert {"air_strikes", "energy"} <= themes[0]
    assert themes[1] == themes[0]


def test_weak_cues_alone_do_not_make_a_theme() -> None:
    # "population", "suffer" and "dead end" are each a faint humanitarian hint.
    [themes] = _themes("Talks reached a dead end, and the population may suffer, he said.")
    assert "humanitarian" not in themes


def test_front_line_communities_are_a_place_not_combat() -> None:
    [themes] = _themes("Aid groups delivered food and water to front-line communities in Kherson.")
    assert themes == {"humanitarian"}
