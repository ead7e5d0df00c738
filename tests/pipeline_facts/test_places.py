"""Places: spellings, regions, lists of oblasts, metonyms, rivers and shared names."""

from __future__ import annotations

import pytest

from app.pipeline.places import PLACES, REGION_KINDS, find_places, lookup


def labels(text: str) -> list[str]:
    out = []
    for m in find_places(text):
        if m.place is None:
            continue
        p = m.place
        out.append(p.id if p.kind in REGION_KINDS else f"{p.name}@{p.region}")
    return out


@pytest.mark.parametrize(
    ("spelling", "name", "region"),
    [
        ("Kyiv", "Kyiv", "UA-30"),
        ("Kiev", "Kyiv", "UA-30"),
        ("Kharkov", "Kharkiv", "UA-63"),
        ("Kupyansk", "Kupiansk", "UA-63"),
        ("Kupiansk", "Kupiansk", "UA-63"),
        ("Zaporizhia", "Zaporizhzhia", "UA-23"),
        ("Zaporozhye", "Zaporizhzhia", "UA-23"),
        ("Kostyantynivka", "Kostiantynivka", "UA-14"),
        ("Hulyaipole", "Huliaipole", "UA-23"),
        ("Dymytrov", "Myrnohrad", "UA-14"),
        ("Artemivsk", "Bakhmut", "UA-14"),
        ("Avdiyivka", "Avdiivka", "UA-14"),
        ("Slovyansk", "Sloviansk", "UA-14"),
        ("Odessa", "Odesa", "UA-51"),
        ("Belgorod", "Belgorod", "RU-BEL"),
        ("Rostov-on-Don", "Rostov-on-Don", "RU-ROS"),
    ],
)
def test_spelling_variants_resolve_to_one_entry(spelling: str, name: str, region: str) -> None:
    (mention,) = find_places(f"Explosions were heard in {spelling} overnight.")
    assert mention.surface == spelling
    assert mention.place is not None
    assert (mention.place.name, mention.place.region) == (name, region)


def test_region_suffix_makes_the_oblast() -> None:
    assert labels("Drones hit Kharkiv.") == ["Kharkiv@UA-63"]
    assert labels("Drones hit the Kharkiv region.") == ["UA-63"]
    assert labels("Drones hit Kharkiv Oblast.") == ["UA-63"]
    assert labels("Drones hit the Kursk region and Belgorod Oblast.") == ["RU-KRS", "RU-BEL"]


def test_a_plural_suffix_covers_the_list() -> None:
    text = "Strikes hit the Kharkiv, Sumy and Chernihiv regions."
    assert labels(text) == ["UA-63", "UA-59", "UA-74"]
    text = "Outages in Volyn, Lviv, Rivne, and Vinnytsia oblasts."
    assert labels(text) == ["UA-07", "UA-46", "UA-56", "UA-05"]


def test_capitals_standing_for_governments_are_not_places() -> None:
    assert labels("Kyiv said the talks had failed.") == []
    assert labels("Moscow's forces advanced.") == []
    assert labels("Talks between Kyiv and Moscow stalled.") == []
    assert labels("Moscow accused Kyiv of sabotage.") == []
    assert labels("A missile hit Kyiv at dawn.") == ["Kyiv@UA-30"]


def test_rivers_groupings_and_people_are_not_places() -> None:
    assert labels("Troops crossed the Dnipro River.") == []
    assert labels("Positions on the left bank of the Dnipro held.") == []
    assert labels("The Dnepr Group of Forces attacked.") == []
    assert labels("Vladimir Putin spoke.") == []  # Vladimir Oblast needs its suffix


def test_names_outside_the_war_are_not_places() -> None:
    assert labels("Ministers met in Paris and in Georgia.") == []
    assert labels("The New York meeting ended.") == []


def test_lowercase_words_are_not_places() -> None:
    assert labels("the sumy is not a word, but lyman is lowercase here") == []


def test_a_name_shared_by_villages_needs_its_neighbours() -> None:
    assert labels("Russian forces attacked near Andriivka.") == []
    (mention,) = find_places("Russian forces attacked near Andriivka.")
    assert mention.place is None and len(mention.candidates) > 1
    assert "Andriivka@UA-14" in labels("Shelling hit Andriivka, west of Druzhkivka.")


def test_a_name_that_dwarfs_its_namesakes_resolves_alone() -> None:
    assert labels("Russian forces attacked Lyman.") == ["Lyman@UA-14"]
    assert labels("A missile hit Donetsk.") == ["Donetsk@UA-14"]  # not Donetsk, Rostov


def test_facilities() -> None:
    text = "The IAEA said the Zaporizhzhia nuclear power plant lost external power."
    assert labels(text) == ["Zaporizhzhia Nuclear Power Plant@UA-23"]


def test_hyphenated_compounds_do_not_match_their_tail() -> None:
    assert "Vasylivka@UA-23" not in labels("Fighting near Orikhovo-Vasylivka continued.")


def test_mentions_carry_offsets_into_the_text() -> None:
    text = "Heavy fighting near Pokrovsk and Myrnohrad."
    for m in find_places(text):
        assert text[m.start : m.end] == m.surface


def test_gazetteer_is_sound() -> None:
    import pycountry

    assert len(PLACES) > 1500
    for place in PLACES.values():
        assert pycountry.subdivisions.get(code=place.region) is not None, place
        assert 43 <= place.lat <= 70 and 19 <= place.lon <= 61, place
    assert lookup("kupyansk")[0].name == "Kupiansk"
    assert lookup("UA-63")[0].kind == "oblast"
    assert lookup("nowhere") == ()


def test_gazetteer_file_is_what_the_builder_makes() -> None:
    """gazetteer.tsv is generated: edit regions.tsv / curated.tsv and rebuild with
    `python -m app.pipeline.data.build_gazetteer`, never the TSV by hand."""
    from app.pipeline.data import build_gazetteer as b

    assert b.render(b.build()) == b.OUT.read_text(encoding="utf-8")
