from __future__ import annotations

from app.pipeline import process_article
from app.pipeline.inline import plain

from .conftest import RECEIVED, run


def test_inline_markdown_is_stripped() -> None:
    assert plain("See [the report](https://x.example/a) now") == "See the report now"
    assert plain("![map](https://x.example/m.png) Troops advanced") == "Troops advanced"
    assert plain("They advanced.[[xiv]](https://x.example/<#_edn14>)") == "They advanced."
    assert plain("**Bold** and _italic_ and *star*") == "Bold and italic and star"
    assert plain("**Click****here****to see**") == "Click here to see"
    assert plain("keeps snake_case_words intact") == "keeps snake_case_words intact"
    assert plain("Ru\u200dss\u200bia attacked") == "Russia attacked"


def test_kinds_and_headings() -> None:
    art = run("assessment_front.md")
    by_line = {p.line_no: p for p in art.passages}
    assert by_line[4].kind == "heading" and by_line[4].text == "Key Takeaways:"
    assert by_line[5].kind == "list_item"
    assert by_line[5].text == "Russian forces recently advanced near Siversk."
    assert by_line[5].heading == "Key Takeaways:"
    assert by_line[8].kind == "heading"
    assert by_line[9].heading == by_line[8].text
    assert by_line[12].text == "Air, Missile, and Drone Campaign"
    assert by_line[13].heading == "Air, Missile, and Drone Campaign"
    # A bold lead sentence followed by text is a paragraph, not a heading.
    assert by_line[3].kind == "paragraph"
    assert "[[" not in by_line[3].text and "**" not in by_line[3].text


def test_quotes_and_positions() -> None:
    text = (
        "---\ntitle: T\n---\n\n> 'We need air defence,' he said.\n\n"
        "# Section\n\n1. First point here.\n"
    )
    art = process_article(text, RECEIVED)
    kinds = [(p.line_no, p.kind, p.text) for p in art.passages]
    assert kinds == [
        (1, "quote", "'We need air defence,' he said."),
        (2, "heading", "Section"),
        (3, "list_item", "First point here."),
    ]
    assert [p.position for p in art.passages] == [0, 1, 2]
    assert art.passages[2].heading == "Section"


def test_line_numbers_skip_blank_lines(fixture_name: str) -> None:
    art = run(fixture_name)
    numbers = sorted([p.line_no for p in art.passages] + [d.line_no for d in art.dropped])
    assert numbers == list(range(1, len(numbers) + 1))
