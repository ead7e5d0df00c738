"""Figures: what a number counts and what happened to it."""

from __future__ import annotations

import pytest

from app.pipeline.figures import find_figures
from app.pipeline.numbers import find_numbers


def kinds(text: str) -> list[tuple[str, int]]:
    return [(f.kind, f.value) for f in find_figures(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russia launched 653 drones and 51 missiles overnight; 585 drones and 30 missiles "
            "were shot down.",
            [
                ("drones_launched", 653),
                ("missiles_launched", 51),
                ("drones_intercepted", 585),
                ("missiles_intercepted", 30),
            ],
        ),
        (
            "Two people died and seven were injured.",
            [("civilians_killed", 2), ("civilians_injured", 7)],
        ),
        (
            "Russia launched 138 drones, 110 of which were shot down.",
            [("drones_launched", 138), ("drones_intercepted", 110)],
        ),
        (
            "Air defences shot down 102 of 120 drones.",
            [("drones_intercepted", 102), ("drones_launched", 120)],
        ),
        ("The death toll rose to 23, including four children.", [("civilians_killed", 23)]),
        ("Russia and Ukraine exchanged 84 prisoners each.", [("prisoners_exchanged", 84)]),
        (
            "More than 1 million households were left without power.",
            [("without_power", 1_000_000)],
        ),
        ("The attack cut power to 300,000 consumers.", [("without_power", 300_000)]),
        ("Moscow claimed to have captured 12 settlements.", [("settlements_captured", 12)]),
        (
            "killing three civilians and wounding 12",
            [("civilians_killed", 3), ("civilians_injured", 12)],
        ),
    ],
)
def test_figures(text: str, expected: list[tuple[str, int]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Dozens of people were killed and hundreds injured.",  # vague
        "Russian forces lost 1,200 soldiers killed and wounded.",  # not civilians
        "An estimated 400,000 Russian soldiers have been killed.",
        "No one was hurt in the attack.",
        "A 12-year-old boy was killed; 3 Shahed-136 drones hit the city.",
        "In 2024, Russian troops killed civilians.",  # a year
        "The war has killed more than a million people.",  # every side's dead
        "Uganda's army said it killed 30 opposition members.",  # not counted as people
        "Russia can produce 30,000 drones a year.",  # no event
    ],
)
def test_not_figures(text: str) -> None:
    assert kinds(text) == []


def test_qualifier_unit_and_offsets() -> None:
    text = "At least 1.2 million households were without power in Kyiv."
    (fig,) = find_figures(text)
    assert (fig.value, fig.qualifier, fig.unit) == (1_200_000, "at_least", "households")
    assert text[fig.start : fig.end] == fig.surface == "At least 1.2 million"


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("twenty-five", 25, "exact"),
        ("one hundred and twenty", 120, "exact"),
        ("more than 1,200", 1200, "more_than"),
        ("some 400,000", 400_000, "about"),
        ("about a dozen", 12, "about"),
        ("1.5m", 1_500_000, "exact"),
        ("up to 40", 40, "up_to"),
    ],
)
def test_numbers(text: str, value: int, qualifier: str) -> None:
    (n,) = find_numbers(text)
    assert (n.value, n.qualifier) == (value, qualifier)


@pytest.mark.parametrize("text", ["45%", "S-300", "Shahed-136", "$50bn", "3.5 km", "ten percent"])
def test_not_numbers(text: str) -> None:
    assert [n for n in find_numbers(text) if n.value is not None] == []


def test_vague_numbers_have_no_value() -> None:
    assert [n.value for n in find_numbers("dozens of drones and hundreds of thousands")] == [
        None,
        None,
    ]
