"""The pipeline's vocabulary: plain frozen dataclasses, no FastAPI, no database.

These types are the contract between the pure pipeline and the service that stores
its output. Add fields freely; removing or renaming one is an API change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:  # only named here: importing them loads the gazetteer and the rules
    from app.pipeline.claims import Claim, Claimant
    from app.pipeline.figures import Figure
    from app.pipeline.places import Place, PlaceMention

Theme = Literal["front_lines", "air_strikes", "humanitarian", "energy", "diplomacy", "economy"]
THEMES: tuple[Theme, ...] = get_args(Theme)  # in the API's order

DateSource = Literal["front_matter", "url", "dateline", "received"]
PassageKind = Literal["paragraph", "list_item", "heading", "quote"]


@dataclass(frozen=True, slots=True)
class ThemeTag:
    """One theme of one passage, with the evidence behind it."""

    theme: Theme
    score: float  # 0..1, how sure the classifier is
    cues: tuple[str, ...]  # the cues that fired, human-readable


@dataclass(frozen=True, slots=True)
class PassageFacts:
    """Where (places), how many (figures) and who says so (claims): app/pipeline/facts.py."""

    places: tuple[Place, ...] = ()  # resolved, each once, in order of first mention
    mentions: tuple[PlaceMention, ...] = ()  # every name found, resolved or not
    figures: tuple[Figure, ...] = ()  # each with its claimant, when the text says
    claims: tuple[Claim, ...] = ()
    claimant: Claimant | None = None  # the passage's first attribution
    unverified: bool = False  # "could not independently verify"

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.region for p in self.places))


NO_FACTS = PassageFacts()


@dataclass(frozen=True, slots=True)
class Passage:
    position: int  # 0-based order among the article's passages
    line_no: int  # 1-based index among the body's non-empty lines (the labels' `n`)
    kind: PassageKind
    text: str  # plain text: markdown inline syntax removed
    heading: str | None  # text of the heading it sits under, if any
    themes: tuple[ThemeTag, ...] = ()
    facts: PassageFacts = NO_FACTS  # places, figures, claims (app/pipeline/facts.py)


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """A body line that is not article content (share widget, caption, teaser…)."""

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    title: str | None
    source_url: str | None
    date: dt.date
    date_source: DateSource
    description: str | None = None
    word_count: int | None = None


@dataclass(frozen=True, slots=True)
class ProcessedArticle:
    meta: ArticleMeta
    passages: tuple[Passage, ...]
    dropped: tuple[DroppedLine, ...]
    not_article: bool  # a home page, menu or teaser list rather than an article
    parser_version: str
    warnings: tuple[str, ...] = field(default=())
