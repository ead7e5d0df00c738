"""Query parameters on facts: places, regions, claimants (on /sitreps and /figures).

Place names are resolved here, once, to gazetteer ids (`Kupyansk` → the one entry for
Kupiansk; a name several places share → all of them), so repositories only ever see ids.
"""

from __future__ import annotations

from typing import Annotated, get_args

from pydantic import Field

from app.pipeline.claims import CLAIMANTS, Claimant
from app.pipeline.places import PLACES, REGION_KINDS, lookup

# Every ISO 3166-2 code the gazetteer knows: a region filter outside it matches nothing,
# which is a mistake worth a 422 rather than an empty page.
REGION_CODES = frozenset(p.region for p in PLACES.values())
MAX_FILTER_VALUES = 50

PlaceParam = Annotated[
    list[str],
    Field(
        description="Only passages naming this place: a gazetteer id (`gn703656`, `UA-63`) or "
        "a name in any usual spelling (`Kupiansk`, `Kupyansk`; a name several places share "
        "matches all of them; a city's name is the city, its oblast is `UA-63` or `region=`). "
        "Repeat for several (any of them).",
        examples=[["Kupiansk"]],
    ),
]
RegionParam = Annotated[
    list[str],
    Field(
        description="Only passages naming a place in this region, by ISO 3166-2 code "
        "(`UA-14` Donetsk Oblast, `RU-BEL` Belgorod Oblast); the region's own name counts. "
        "Repeat for several (any of them).",
        examples=[["UA-14"]],
    ),
]
ClaimantParam = Annotated[
    list[Claimant],
    Field(
        description="Only passages the text attributes to this kind of source: "
        "`ukraine_official`, `russia_official`, `international`, `analyst`, `media`. "
        "Repeat for several (any of them).",
        examples=[["russia_official"]],
    ),
]


def repeated_values(values: object, what: str) -> list[object] | tuple[object, ...] | None:
    """A repeatable filter's values as a sequence (None: not one, pydantic says why),
    at most MAX_FILTER_VALUES of them."""
    items = [values] if isinstance(values, str) else values
    if not isinstance(items, list | tuple):
        return None
    if len(items) > MAX_FILTER_VALUES:
        raise ValueError(f"at most {MAX_FILTER_VALUES} {what}")
    return items


def resolve_places(values: object) -> object:
    """Names and ids → gazetteer ids, or a ValueError that says what is known."""
    items = repeated_values(values, "places")
    if items is None:
        return values
    ids: list[str] = []
    for item in items:
        if not isinstance(item, str):
            return values  # let pydantic say what is wrong
        found = lookup(item.strip())
        if not found:
            raise ValueError(
                f"no place called {item!r} in the gazetteer: give an id from a passage's "
                "`places`, or a Ukrainian or Russian settlement or region name "
                "(e.g. `Kupiansk`, `Kharkiv`, `UA-63`)"
            )
        # "Kharkiv" is the city; the oblast is `UA-63` (or region=UA-63)
        settlements = [p for p in found if p.kind not in REGION_KINDS]
        ids.extend(p.id for p in (settlements or found))
    return list(dict.fromkeys(ids))


def check_regions(values: object) -> object:
    items = repeated_values(values, "regions")
    if items is None:
        return values
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            return values
        code = item.strip().upper()
        if code not in REGION_CODES:
            raise ValueError(
                f"{item!r} is not a region code the gazetteer knows: give an ISO 3166-2 "
                "code such as `UA-14` (Donetsk Oblast), `UA-63` (Kharkiv Oblast) or "
                "`RU-BEL` (Belgorod Oblast)"
            )
        out.append(code)
    return list(dict.fromkeys(out))


# kept in step with the pipeline: the API's vocabulary is the pipeline's
assert set(get_args(Claimant)) == set(CLAIMANTS)
