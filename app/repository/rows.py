"""The rows one processed article writes under its article row, as plain values.

No SQLAlchemy here: pipeline worker processes build these (app/ingest/prepare.py) and
send them back pickled; ArticleRepository writes them. Passages are referred to by
their index in `passages`, their ids being known only once inserted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from app.pipeline.types import ProcessedArticle

# (position, line_no, kind, text, heading, claimant, unverified)
PassageValues = tuple[int, int, str, str, str | None, str | None, bool]
# (passage index, theme, score, cues)
ThemeValues = tuple[int, str, float, tuple[str, ...]]
# (passage index, place_id, region)
PlaceValues = tuple[int, str, str]
# (passage index, kind, value, qualifier, unit, claimant, surface)
FigureValues = tuple[int, str, int, str, str | None, str | None, str]


@dataclass(frozen=True, slots=True)
class PassageRows:
    parser_version: str
    date: dt.date
    passages: tuple[PassageValues, ...]
    themes: tuple[ThemeValues, ...]
    places: tuple[PlaceValues, ...]
    figures: tuple[FigureValues, ...]

    @classmethod
    def of(cls, processed: ProcessedArticle) -> PassageRows:
        passages = processed.passages
        # (list comprehensions: cheaper than generators, resumed once a row)
        return cls(
            parser_version=processed.parser_version,
            date=processed.meta.date,
            passages=tuple(
                [
                    (
                        p.position,
                        p.line_no,
                        p.kind,
                        p.text,
                        p.heading,
                        p.facts.claimant,
                        p.facts.unverified,
                    )
                    for p in passages
                ]
            ),
            themes=tuple(
                [
                    (i, tag.theme, tag.score, tag.cues)
                    for i, p in enumerate(passages)
                    for tag in p.themes
                ]
            ),
            places=tuple(
                [
                    (i, place.id, place.region)
                    for i, p in enumerate(passages)
                    for place in p.facts.places
                ]
            ),
            figures=tuple(
                [
                    (
                        i,
                        fig.kind,
                        fig.value,
                        fig.qualifier,
                        fig.unit,
                        fig.claimant,
                        fig.surface[:64],
                    )
                    for i, p in enumerate(passages)
                    for fig in p.facts.figures
                ]
            ),
        )

    def theme_tally(self) -> Counter[tuple[str, dt.date]]:
        """What the passage_theme rows add to the theme_day rollup: (theme, day) → passages."""
        return Counter((theme, self.date) for _, theme, _, _ in self.themes)
