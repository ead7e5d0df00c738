"""process_article: front matter → date → cleaning → passages → themes."""

from __future__ import annotations

import datetime as dt

from app.core.errors import InvalidArticle
from app.pipeline.clean import analyse_lines
from app.pipeline.dates import resolve_date
from app.pipeline.facts import extract_article_facts
from app.pipeline.frontmatter import meta_int, meta_str, split_front_matter
from app.pipeline.notarticle import looks_like_not_article, shape
from app.pipeline.passages import build_passages
from app.pipeline.sentences import positional_constructor
from app.pipeline.themes import classify
from app.pipeline.types import ArticleMeta, DroppedLine, Passage, ProcessedArticle

# Bump whenever the output for the same input changes (rules, cleaning, passages).
PARSER_VERSION = "2026.11.27-3"

# The same objects as Passage(...) and DroppedLine(...), 2-3x cheaper to build (see
# positional_constructor): an article has dozens of each.
_new_passage = positional_constructor(Passage)
_new_dropped = positional_constructor(DroppedLine)


def process_article(markdown: str, received: dt.date) -> ProcessedArticle:
    """Run the whole pipeline over one scraped article.

    Raises InvalidArticle only when there is nothing to ingest: an empty text, or
    front matter with no body under it. Anything else is processed, with warnings.
    """
    if not isinstance(markdown, str):
        raise InvalidArticle("the article must be text")
    if not markdown.strip():
        raise InvalidArticle("the article is empty: send the scraped markdown, with a body")
    fm = split_front_matter(markdown)
    warnings = list(fm.warnings)
    # Lines are numbered like the labels' `n`: non-empty body lines, from 1.
    # (`line and not line.isspace()` is `line.strip()`, without building a string.)
    numbered = list(
        enumerate((line for line in fm.body_lines if line and not line.isspace()), start=1)
    )
    if not numbered:
        raise InvalidArticle(
            "the article has front matter but no body: nothing after the closing '---'"
        )
    title = meta_str(fm.meta, "title")
    url = meta_str(fm.meta, "source") or meta_str(fm.meta, "url")
    day, date_source, date_warnings = resolve_date(
        fm.meta.get("date"), url, [line for _, line in numbered], received
    )
    warnings.extend(date_warnings)
    meta = ArticleMeta(
        title=title,
        source_url=url,
        date=day,
        date_source=date_source,
        description=meta_str(fm.meta, "description"),
        word_count=meta_int(fm.meta, "word_count"),
    )

    lines = analyse_lines(numbered, title)
    kept_lines = [line for line in lines if line.reason is None]
    # The cleaner's word counts and endings; lines it dropped before reading them
    # (link dumps) have none.
    shapes = [(line.n_words, line.ends) if line.low else shape(line.text) for line in lines]
    not_article, why = looks_like_not_article(
        [line.text for line in lines],
        [line.text for line in kept_lines],
        url,
        [line.reason for line in lines],
        shapes,
        [(line.n_words, line.ends) for line in kept_lines],
    )
    if not_article:
        warnings.append(f"not an article: {why}")
        for line in lines:
            line.reason = f"not an article ({why})"
        kept_lines = []
    kept = [(line.n, line.raw, line.text) for line in kept_lines]
    dropped = [(line.n, line.raw, line.reason or "") for line in lines if line.reason]

    raw_passages = build_passages(
        kept, [line.words for line in kept_lines], [line.low for line in kept_lines]
    )
    tags = classify(raw_passages)
    facts = extract_article_facts([p.text for p in raw_passages])
    passages = tuple(
        _new_passage(i, p.line_no, p.kind, p.text, p.heading, t, f)
        for i, (p, t, f) in enumerate(zip(raw_passages, tags, facts, strict=True))
    )
    dropped_lines = tuple(_new_dropped(n, raw.strip(), r) for n, raw, r in dropped)
    return ProcessedArticle(
        meta=meta,
        passages=passages,
        dropped=dropped_lines,
        not_article=not_article,
        parser_version=PARSER_VERSION,
        warnings=tuple(warnings),
    )
