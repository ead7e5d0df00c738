"""Is this page an article at all, or a home page, menu or list of teasers?

An article has a run of prose: several paragraphs of full sentences. A home page
has many short teaser titles and blurbs on unrelated topics and little else; a
site root URL is a strong hint.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from app.pipeline.clean import ends_sentence

_ROOTISH = re.compile(r"^/?(?:index\.\w+|home|en|news)?/?$", re.IGNORECASE)


def is_root_url(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return bool(parts.netloc) and not parts.query and bool(_ROOTISH.match(parts.path or "/"))


Shape = tuple[int, bool]  # a text's word count, and whether it ends like a sentence


def shape(text: str) -> Shape:
    return len(text.split()), ends_sentence(text)


def looks_like_not_article(
    body_texts: list[str],
    kept_texts: list[str],
    url: str | None,
    reasons: list[str | None] | None = None,
    body_shapes: list[Shape] | None = None,
    kept_shapes: list[Shape] | None = None,
) -> tuple[bool, str]:
    """(verdict, why). body_texts: plain text of every non-empty line; kept: after
    cleaning; reasons: the cleaner's verdict per body line (None = content);
    body_shapes, kept_shapes: each text's shape() when the caller knows it."""
    total = len(body_texts)
    if total == 0:
        return False, ""
    if kept_shapes is None:
        kept_shapes = [shape(t) for t in kept_texts]
    if body_shapes is None:
        body_shapes = [shape(t) for t in body_texts]
    # Word counts of the prose paragraphs: content paragraphs of 20 words or more
    # (is_content_paragraph's 12 is implied).
    paragraphs = [n for n, ends in kept_shapes if n >= 20 and ends]
    prose_words = sum(paragraphs)
    # is_headline_like, from the shapes
    headlines = sum(1 for n, ends in body_shapes if not ends and 2 <= n <= 30)
    if is_root_url(url):
        return True, "the site's home page"
    if headlines >= 20 and prose_words < 300:
        return True, "a page of headlines with little prose"
    if total >= 8 and len(paragraphs) <= 1 and headlines / total >= 0.6:
        return True, "a list of links or headlines"
    if reasons and total >= 8:
        teasers = sum(1 for r in reasons if r and r.startswith("teaser"))
        if teasers / total >= 0.6 and len(paragraphs) <= 2:
            return True, "a list of teasers"
    return False, ""
