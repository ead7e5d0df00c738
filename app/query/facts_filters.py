"""GET /figures' query: figures of some kinds in a date range, newest first."""

from __future__ import annotations

from typing import get_args

from pydantic import Field, field_validator

from app.pipeline.figures import FIGURE_KINDS, FigureKind
from app.query.facts_params import (
    ClaimantParam,
    PlaceParam,
    RegionParam,
    check_regions,
    resolve_places,
)
from app.query.filters import CursorParam, DateRange, Limit


class FigureQuery(DateRange):
    """GET /figures: figures of some kinds in a date range, newest first."""

    kind: list[FigureKind] = Field(
        default_factory=list,
        description="Figure kind; repeat for several. None means all: "
        + ", ".join(f"`{k}`" for k in FIGURE_KINDS)
        + ".",
        examples=[["drones_launched"]],
    )
    claimant: ClaimantParam = Field(default_factory=list)
    place: PlaceParam = Field(default_factory=list)
    region: RegionParam = Field(default_factory=list)
    limit: Limit = 100
    cursor: CursorParam = None

    _place = field_validator("place", mode="before")(lambda v: resolve_places(v))
    _region = field_validator("region", mode="before")(lambda v: check_regions(v))

    @property
    def kinds(self) -> tuple[FigureKind, ...]:
        return tuple(dict.fromkeys(self.kind)) if self.kind else FIGURE_KINDS


# kept in step with the pipeline: the API's vocabulary is the pipeline's
assert set(get_args(FigureKind)) == set(FIGURE_KINDS)
