"""End to end over real HTTP: the sample articles in, timelines out."""

from __future__ import annotations

import time

import pytest

from tests.e2e.conftest import ROOT, Server

SAMPLES = sorted((ROOT / "samples" / "articles").glob("*.md"))
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"


def test_samples_exist():
    assert len(SAMPLES) >= 8


def test_samples_in_timelines_out(server: Server):
    with server.client() as http:
        receipts = []
        for path in SAMPLES:
            response = http.post(
                "/articles", content=path.read_bytes(), headers={"Content-Type": "text/markdown"}
            )
            assert response.status_code in (200, 201), (path.name, response.text)
            receipts.append(response.json())
        assert {r["date_source"] for r in receipts} >= {"front_matter", "url", "dateline"}
        assert any(r["not_article"] for r in receipts)

        energy = http.get("/sitreps", params={"theme": "energy"}).json()["items"]
        assert energy, "the samples should give energy passages"
        assert all("energy" in {t["theme"] for t in item["themes"]} for item in energy)

        # every sample posted again: stored once
        for path in SAMPLES:
            again = http.post(
                "/articles", content=path.read_bytes(), headers={"Content-Type": "text/markdown"}
            )
            assert (again.status_code, again.json()["status"]) == (200, "unchanged")
        assert len(http.get("/articles", params={"limit": 200}).json()["items"]) == len(SAMPLES)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")
def test_real_corpus_ingests_without_server_errors(server: Server):
    """Every real scraped article: no 5xx, a date and where it came from; the known
    duplicates (www/no-www, a re-scrape) end up as one article each."""
    paths = sorted(CORPUS.glob("*.md"))
    ids: dict[str, int] = {}
    with server.client() as http:
        for path in paths:
            response = http.post(
                "/articles", content=path.read_bytes(), headers={"Content-Type": "text/markdown"}
            )
            assert response.status_code < 500, (path.name, response.text)
            assert response.status_code in (200, 201), (path.name, response.text)
            receipt = response.json()
            assert receipt["date"] and receipt["date_source"]
            ids[path.name] = receipt["id"]
    assert ids["crawl_240b2bb182ab.md"] == ids["crawl_ef9076228840.md"]
    assert ids["crawl_eb2356755baa.md"] == ids["crawl_eb2356755baa.alt.md"]


def test_admin_reparse_runs_in_background_and_reports(server: Server):
    from tests.e2e.conftest import ADMIN_TOKEN

    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    with server.client() as http:
        for path in SAMPLES[:3]:
            http.post(
                "/articles", content=path.read_bytes(), headers={"Content-Type": "text/markdown"}
            )
        assert http.post("/admin/reparse", json={"force": True}).status_code == 403
        started = http.post("/admin/reparse", json={"force": True, "batch_size": 2}, headers=admin)
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            job = http.get(f"/admin/reparse/{job_id}", headers=admin).json()
            if job["status"] != "running":
                break
            # the API keeps serving while it runs
            assert http.get("/sitreps", params={"limit": 5}).status_code == 200
            time.sleep(0.05)
        assert job["status"] == "done", job
        assert job["articles"] >= 3 and job["failed"] == 0
        assert all(c["before"] == c["after"] for c in job["themes"].values())
        assert http.get("/admin/reparse/nope", headers=admin).status_code == 404
