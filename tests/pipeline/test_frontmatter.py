from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import InvalidArticle
from app.pipeline import process_article
from app.pipeline.frontmatter import split_front_matter

from .conftest import RECEIVED, run


def test_valid_yaml_front_matter_is_read() -> None:
    art = run("assessment_front.md")
    assert art.meta.title == "Campaign Assessment, March 3, 2026 | Conflict Monitor"
    assert art.meta.source_url == (
        "https://conflictmonitor.example/analysis/campaign-assessment-march-3-2026"
    )
    assert art.meta.word_count == 1480
    assert art.meta.description is None  # "" is no description
    assert not any("front matter" in w for w in art.warnings)


def test_broken_yaml_falls_back_to_lines_with_a_warning() -> None:
    art = run("broken_yaml.md")
    assert art.meta.title == 'Officials say "no talks" until strikes stop'
    assert art.meta.source_url == "https://news.example.org/2026/02/04/officials-no-talks"
    assert art.meta.description == "A truncated description that never closes"
    assert art.meta.word_count == 321
    assert art.meta.date == dt.date(2026, 2, 4)
    assert any("not valid YAML" in w for w in art.warnings)
    assert len(art.passages) == 1


def test_no_front_matter_means_the_whole_text_is_the_body() -> None:
    art = run("no_front_matter.md")
    assert art.meta.title is None
    assert [p.line_no for p in art.passages] == [1, 2]
    assert any("no front matter" in w for w in art.warnings)


def test_unclosed_front_matter_is_body() -> None:
    fm = split_front_matter("---\ntitle: x\nsome text\n")
    assert not fm.has_front_matter
    assert fm.body_lines[0] == "---"
    assert fm.warnings


def test_crlf_line_endings_are_handled() -> None:
    text = "---\r\ntitle: T\r\ndate: 2026-02-01\r\n---\r\n\r\nFirst line.\r\nSecond line.\r\n"
    art = process_article(text, RECEIVED)
    assert art.meta.title == "T"
    assert [p.text for p in art.passages] == ["First line.", "Second line."]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n"])
def test_empty_text_is_invalid(text: str) -> None:
    with pytest.raises(InvalidArticle, match="empty"):
        process_article(text, RECEIVED)


def test_front_matter_without_body_is_invalid() -> None:
    with pytest.raises(InvalidArticle, match="no body") as info:
        process_article("---\ntitle: Only a header\n---\n\n   \n", RECEIVED)
    assert "---" in info.value.detail


def test_non_mapping_yaml_is_read_line_by_line() -> None:
    art = process_article("---\n- a\n- b\n---\nBody line here.\n", RECEIVED)
    assert any("not a mapping" in w for w in art.warnings)
    assert art.passages[0].text == "Body line here."
