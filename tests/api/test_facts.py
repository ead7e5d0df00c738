"""Places, figures and claims through the API: /figures, /sitreps filters, GeoJSON."""

from __future__ import annotations

import pytest

from tests.api.articles import article

PROBLEM = "application/problem+json"

OVERNIGHT = [
    "Russia launched 320 drones and 24 missiles at Ukraine overnight, Ukraine's air force "
    "said, adding that 290 drones and 19 missiles were shot down.",
    "Two people were killed and nine injured in Kharkiv, regional governor Oleh Syniehubov said.",
    "More than 200,000 households in the Odesa region were left without power.",
]
FRONT = [
    "Russia's defence ministry claimed its forces had captured four settlements, including "
    "villages near Kupiansk and Borova in Kharkiv Oblast.",
    "ISW assessed that Russian forces advanced near Kostiantynivka and will try to seize it.",
    "Russian forces attacked near Pokrovsk and Myrnohrad in Donetsk Oblast.",
]
BELGOROD = [
    "A Ukrainian drone hit an oil depot in the Belgorod region, Governor Vyacheslav Gladkov "
    "said. Reuters could not independently verify the report.",
    "Peace talks resumed in Geneva without a breakthrough.",
]


def ingest(client, auth, text):
    response = client.post(
        "/articles", content=text.encode(), headers={**auth, "Content-Type": "text/markdown"}
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
def stored(client, auth):
    return [
        ingest(
            client, auth, article(source="https://f.example/a", date="2026-02-03", body=OVERNIGHT)
        ),
        ingest(client, auth, article(source="https://f.example/b", date="2026-02-04", body=FRONT)),
        ingest(
            client, auth, article(source="https://f.example/c", date="2026-02-05", body=BELGOROD)
        ),
    ]


def test_figures_timeline(client, stored):
    page = client.get("/figures", params={"from": "2026-02-01", "to": "2026-02-28"}).json()
    got = {(f["date"], f["kind"], f["value"]) for f in page["items"]}
    assert {
        ("2026-02-03", "drones_launched", 320),
        ("2026-02-03", "missiles_launched", 24),
        ("2026-02-03", "drones_intercepted", 290),
        ("2026-02-03", "missiles_intercepted", 19),
        ("2026-02-03", "civilians_killed", 2),
        ("2026-02-03", "civilians_injured", 9),
        ("2026-02-03", "without_power", 200_000),
        ("2026-02-04", "settlements_captured", 4),
    } <= got
    dates = [f["date"] for f in page["items"]]
    assert dates == sorted(dates, reverse=True)
    launched = client.get("/figures", params={"kind": "drones_launched"}).json()["items"]
    assert [(f["value"], f["claimant"], f["qualifier"]) for f in launched] == [
        (320, "ukraine_official", "exact")
    ]
    assert launched[0]["article"]["source"] == "f.example"
    power = client.get("/figures", params={"kind": "without_power"}).json()["items"]
    assert [(f["value"], f["unit"], f["qualifier"]) for f in power] == [
        (200_000, "households", "more_than")
    ]


def test_figures_filters_and_paging(client, stored):
    russian = client.get("/figures", params={"claimant": "russia_official"}).json()["items"]
    assert [f["kind"] for f in russian] == ["settlements_captured"]
    none = client.get("/figures", params={"from": "2026-02-06"}).json()
    assert none == {"items": [], "next_cursor": None}
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/figures", params=params).json()
        seen += [f["id"] for f in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    everything = client.get("/figures", params={"limit": 200}).json()["items"]
    assert seen == [f["id"] for f in everything] and len(seen) == len(set(seen)) >= 8
    kharkiv = client.get("/figures", params={"place": "Kharkov"}).json()["items"]
    assert sorted(f["value"] for f in kharkiv) == [2, 9]
    by_region = client.get("/figures", params={"region": "UA-63"}).json()["items"]
    assert {f["kind"] for f in by_region} == {
        "civilians_killed",
        "civilians_injured",
        "settlements_captured",
    }


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "tanks_destroyed"},
        {"region": "XX-99"},
        {"place": "Narnia"},
        {"from": "2026-02-05", "to": "2026-02-01"},
        {"cursor": "not-a-cursor"},
        {"limit": 0},
        {"claimant": "somebody"},
    ],
)
def test_figures_bad_input_is_a_problem(client, stored, params):
    response = client.get("/figures", params=params)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["detail"]


def test_sitreps_by_place_region_and_claimant(client, stored):
    by_name = client.get("/sitreps", params={"place": "Kupyansk"}).json()["items"]
    assert len(by_name) == 1 and "Kupiansk" in by_name[0]["text"]
    by_region = client.get("/sitreps", params={"region": "UA-14"}).json()["items"]
    texts = [i["text"] for i in by_region]
    assert any("Pokrovsk" in t for t in texts) and any("Kostiantynivka" in t for t in texts)
    assert all("Odesa" not in t for t in texts)
    russian_regions = client.get("/sitreps", params={"region": "RU-BEL"}).json()["items"]
    assert len(russian_regions) == 1 and "Belgorod" in russian_regions[0]["text"]
    analyst = client.get("/sitreps", params={"claimant": "analyst"}).json()["items"]
    assert [i["text"][:3] for i in analyst] == ["ISW"]
    both = client.get(
        "/sitreps", params={"claimant": ["analyst", "russia_official"], "region": "UA-63"}
    ).json()["items"]
    assert len(both) == 1 and "defence ministry" in both[0]["text"]


@pytest.mark.parametrize(
    "params", [{"place": "Atlantis"}, {"region": "UA-99"}, {"claimant": "nobody"}]
)
def test_sitreps_bad_fact_filters_are_problems(client, stored, params):
    response = client.get("/sitreps", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert next(iter(params)) in response.text


@pytest.mark.parametrize("path", ["/sitreps", "/sitreps/2026-02-04", "/timeline"])
def test_at_most_50_sources_places_or_regions(client, path):
    """Each value is one more term of the query: 3,000 sources made one /sitreps page at
    1M passages take 1.8 s. Fifty of each, as many as a person picks; more is a 422."""
    fifty = [f"outlet{n}.example" for n in range(50)]
    assert client.get(path, params={"source": fifty}).status_code == 200
    response = client.get(path, params={"source": [*fifty, "one-more.example"]})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "at most 50 sources" in response.json()["detail"]
    if path == "/sitreps":
        for name, value in [("place", "Kharkiv"), ("region", "UA-63")]:
            too_many = client.get(path, params={name: [value] * 51})
            assert too_many.status_code == 422, name


def test_sitreps_geojson(client, stored):
    response = client.get("/sitreps", params={"format": "geojson", "region": "UA-14"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["features"]
    for feature in body["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] == "MultiPoint"
        for lon, lat in geometry["coordinates"]:
            assert 22 < lon < 41 and 44 < lat < 53  # Ukraine
        names = [p["name"] for p in feature["properties"]["places"]]
        assert len(names) == len(geometry["coordinates"])
        assert feature["properties"]["passage_id"] == feature["id"]
    accept = client.get("/sitreps", headers={"Accept": "application/geo+json"})
    assert accept.headers["content-type"].startswith("application/geo+json")
    none = client.get("/sitreps", params={"format": "geojson", "claimant": "media"}).json()
    assert none["type"] == "FeatureCollection"


def test_article_passages_carry_their_facts(client, stored):
    article_id = stored[2]["id"]
    passages = client.get(f"/articles/{article_id}").json()["passages"]
    first = passages[0]
    assert first["claimant"] == "russia_official"
    assert first["unverified"] is True
    assert [p["region"] for p in first["places"]] == ["RU-BEL"]
