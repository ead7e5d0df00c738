"""The dashboard's page and files are served (no browser: tests/e2e/test_dashboard.py)."""

from __future__ import annotations

from app.dashboard import STATIC_DIR


def test_page_is_served_with_a_strict_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert response.headers["cache-control"] == "no-cache"
    page = response.text
    for asset in ("/static/app.js", "/static/app.css", "/static/vendor/uplot/uPlot.iife.min.js"):
        assert asset in page
        assert client.get(asset).status_code == 200
    assert "<script>" not in page  # no inline script: the policy would block it


def test_static_files_and_vendored_library(client):
    script = client.get("/static/app.js")
    assert "javascript" in script.headers["content-type"]
    assert script.headers.get("etag") and script.headers.get("last-modified")
    vendored = STATIC_DIR / "vendor" / "uplot"
    assert (vendored / "LICENSE").read_text().startswith("The MIT License")
    assert "(v1.6.32)" in (vendored / "uPlot.iife.min.js").read_text()[:200]
    assert "1.6.32" in (vendored / "README.md").read_text()
    assert client.get("/static/nope.js").status_code == 404
    assert client.get("/static/../main.py").status_code == 404


def test_dashboard_is_not_in_the_api_schema(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and not any(p.startswith("/static") for p in paths)
