from __future__ import annotations

import datetime as dt

import pytest

from app.pipeline import process_article
from app.pipeline.notarticle import is_root_url

from .conftest import SHARED_CORPUS, run


def test_home_page_is_not_an_article() -> None:
    art = run("home_page.md")
    assert art.not_article
    assert art.passages == ()
    assert len(art.dropped) == 10
    assert all(d.reason.startswith("not an article") for d in art.dropped)
    assert any("not an article" in w for w in art.warnings)


@pytest.mark.parametrize(
    "name",
    ["wire_energy_strike.md", "assessment_front.md", "live_blog_talks.md", "feature_civilians.md"],
)
def test_articles_are_articles(name: str) -> None:
    assert not run(name).not_article


def test_a_page_of_headlines_is_not_an_article() -> None:
    lines = "\n".join(f"Headline number {i} about something else entirely" for i in range(30))
    text = f"---\ntitle: News\nsource: https://n.example/latest\n---\n\n{lines}\n"
    assert process_article(text, dt.date(2026, 3, 1)).not_article


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://www.cfr.org/", True),
        ("https://example.com", True),
        ("https://example.com/en/", True),
        ("https://example.com/news/2026/02/01/story", False),
        ("not a url", False),
    ],
)
def test_root_urls(url: str, root: bool) -> None:
    assert is_root_url(url) is root


@pytest.mark.skipif(not (SHARED_CORPUS / "articles").exists(), reason="shared corpus absent")
def test_shared_corpus_pages_that_are_not_articles() -> None:
    flagged = set()
    for path in sorted((SHARED_CORPUS / "articles").glob("*.md")):
        if process_article(path.read_text(encoding="utf-8"), dt.date(2026, 3, 1)).not_article:
            flagged.add(path.stem)
    # The two named in the issue, plus two more Sky home pages, a magazine front page
    # and a ReliefWeb listing of report teasers.
    assert {"crawl_40f08b0b619f", "crawl_9ce6a190a8c8"} <= flagged
    assert flagged <= {
        "crawl_40f08b0b619f",
        "crawl_9ce6a190a8c8",
        "crawl_09cf94937b3b",
        "crawl_f6c6f1797d08",
        "crawl_dfd852275911",
        "crawl_3c942967d6f4",
    }
