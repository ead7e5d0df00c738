from __future__ import annotations

import sys

import pytest

from app.pipeline.clean import clean_lines
from app.pipeline.frontmatter import split_front_matter

from .conftest import load, run


def _drop_reasons(name: str) -> dict[int, str]:
    return {d.line_no: d.reason for d in run(name).dropped}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("* Share !Email share !url-copy https://x.example/a Copied", "share widget"),
        (
            "This site uses cookies. Visit our cookies policy page to change your preferences.",
            "cookie notice",
        ),
        ("The Morning Brief newsletter is your essential guide. Sign up here.", "sign-up prompt"),
        ("notification-importantGet instant alerts. Be the first to know.", "sign-up prompt"),
        ("[](https://x.example/world/</a-b-c>)", "empty link"),
        ("* [](https://x.example/<javascript:void\\(0\\)>)", "empty link"),
        ("[[12]](https://x.example/<#_edn12ref>) https://t.me/channel/1", "footnote / link dump"),
        ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec 2024 2025 2026", "calendar strip"),
        ("Item 2 of 4 Rescuers work at the site of a strike in Odesa, Ukraine.", "image caption"),
        ("A soldier walks past a destroyed tank in Kharkiv [Anna Bell/Agency]", "image caption"),
        ("Reporting by Anna Kovalenko; Editing by Mark Stone", "byline"),
        ("By Jane Doe and John Roe", "byline"),
        ("Scroll carousel left Scroll carousel right", "page chrome"),
        ("Your browser does not support the audio element.", "page chrome"),
        ("* list 2 of 4Talks stall as envoys leave Geneva", "teaser"),
        ("Home :: World :: Europe :: Ukraine ::", "navigation"),
        (
            "The strike damaged a power facility in the south of the region. "
            "A school was also hit...",
            "teaser",
        ),
    ],
)
def test_boilerplate_lines(line: str, reason: str) -> None:
    kept, dropped = clean_lines([(1, line)])
    assert kept == []
    assert dropped == [(1, line, reason)]


@pytest.mark.parametrize(
    "line",
    [
        "Russia launched 87 drones at Ukraine overnight, the air force said on Thursday.",
        "“We are afraid of the cold,” she said.",
        "* Power cut to 40,000 homes after overnight strike",
        "**Air, Missile, and Drone Campaign**",
        "Share prices in Moscow fell 3% after the central bank raised rates, traders said.",
    ],
)
def test_content_lines_are_kept(line: str) -> None:
    kept, dropped = clean_lines([(1, line)])
    assert dropped == []
    assert [n for n, _, _ in kept] == [1]


def test_teaser_list_after_the_article_is_dropped() -> None:
    reasons = _drop_reasons("live_blog_talks.md")
    assert {reasons[n] for n in (12, 13, 14, 15)} == {"teaser list"}
    assert 5 not in reasons and 9 not in reasons


def test_everything_after_a_wire_sign_off_is_dropped() -> None:
    reasons = _drop_reasons("wire_energy_strike.md")
    assert reasons[13] == "byline"
    assert reasons[15] == "teaser"
    assert reasons[17] == "teaser"
    assert 12 not in reasons


def test_a_long_paragraph_mentioning_chrome_words_is_kept() -> None:
    line = (
        "Officials said they would share intelligence with partners and sign up to a new "
        "framework for air defence, adding that the newsletter of the ministry had published "
        + "details of the plan "
        * 10
    )
    kept, _ = clean_lines([(1, line)])
    assert len(kept) == 1


def test_title_repeated_in_the_body_is_dropped() -> None:
    kept, dropped = clean_lines(
        [
            (1, "Drones knock out power in Kharkiv - Newswire"),
            (2, "Body sentence here, long enough."),
        ],
        title="Drones knock out power in Kharkiv",
    )
    assert dropped[0][2] == "title repeated"
    assert [n for n, _, _ in kept] == [2]


def test_cleaning_is_idempotent_on_fixtures(fixture_name: str) -> None:
    fm = split_front_matter(load(fixture_name))
    numbered = list(enumerate([line for line in fm.body_lines if line.strip()], start=1))
    title = fm.meta.get("title") if isinstance(fm.meta.get("title"), str) else None
    kept, _ = clean_lines(numbered, title)
    again_kept, again_dropped = clean_lines([(n, raw) for n, raw, _ in kept], title)
    assert again_dropped == []
    assert again_kept == kept


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "Ukrainian President Volodymyr Zelensky is pictured in Munich on Feb. 14, 2026.",
            "image caption",
        ),
        ("Russian convoy in Donbas region, 23rd Feb 2022", "image caption"),
        ("An illustration shows two flags on a table.", "image caption"),
        ("Conflict Europe & Eurasia Politics & Diplomacy Russia", "topic tags"),
        ("Maximum Storage Duration : Session Type : HTTP Cookie", "cookie notice"),
        ("Sign up to receive World Brief in your inbox every weekday.", "sign-up prompt"),
        ("By Jane Doe, an editorial fellow at The Daily.", "byline"),
        ("More about «Travelling abroad»", "page chrome"),
    ],
)
def test_more_boilerplate_lines(line: str, reason: str) -> None:
    _, dropped = clean_lines([(1, line)])
    assert [(n, r) for n, _, r in dropped] == [(1, reason)]


def test_a_past_tense_sentence_ending_in_a_date_is_kept() -> None:
    line = "Russian forces captured the village of Dachne on Feb. 14, 2026, the ministry said."
    kept, _ = clean_lines([(1, line)])
    assert len(kept) == 1


def test_lowercasing_keeps_whitespace_as_it_is() -> None:
    """analyse_lines tells a single-spaced line from its lowercased tokens: that holds
    only if lower() turns no whitespace into something else and makes none."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        low = char.lower()
        if char.isspace():
            assert low == char, hex(code)
        else:
            assert not any(c.isspace() for c in low), hex(code)


@pytest.mark.parametrize(
    "raw", ["A  line\twith   odd spacing ", "\u2003Em space and\u00a0no-break", "one two"]
)
def test_kept_text_is_single_spaced(raw: str) -> None:
    kept, _ = clean_lines([(1, raw + " of enough words to be kept as a line of the article.")])
    text = kept[0][2]
    assert text == " ".join(text.split())
