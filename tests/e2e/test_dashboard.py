"""The dashboard in a real browser: Debian's chromium, driven by Playwright, against a
real uvicorn server with the sample articles loaded.

Checks that the page loads without errors, the chart draws every theme's series on its
canvas, the daily report matches the API, choosing a theme filters both the chart and
the report, the empty states tell "nothing reported" from "no data", and saves
screenshots (the pytest tmp dir, and docs/dashboard.png for the README).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import ROOT, Server, start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SAMPLES = sorted((ROOT / "samples" / "articles").glob("*.md"))
README_SCREENSHOT = ROOT / "docs" / "dashboard.png"
THEMES = ("front_lines", "air_strikes", "humanitarian", "energy", "diplomacy", "economy")
# The Okabe-Ito colours of app.css, as the chart draws them.
COLOURS = {
    "front_lines": (0xD5, 0x5E, 0x00),
    "air_strikes": (0xCC, 0x79, 0xA7),
    "humanitarian": (0x56, 0xB4, 0xE9),
    "energy": (0xE6, 0x9F, 0x00),
    "diplomacy": (0x00, 0x72, 0xB2),
    "economy": (0x00, 0x9E, 0x73),
}
NAMES = {
    "front_lines": "Front lines",
    "air_strikes": "Air strikes",
    "humanitarian": "Humanitarian",
    "energy": "Energy",
    "diplomacy": "Diplomacy",
    "economy": "Economy",
}
# The theme the test filters to: the first with passages and a covered day without any
# (for the "nothing reported" state).
PREFERRED = ("diplomacy", "humanitarian", "front_lines", "economy", "air_strikes", "energy")
WAIT_MS = 20_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="no browser at /usr/bin/chromium: `apt-get install chromium` to run the "
        "dashboard's browser test",
    ),
]

# Pixels of each theme's colour on the chart canvas (exact RGB within a small tolerance,
# fully opaque: the 2 px lines and points, not the translucent fills or antialiasing).
COUNT_PIXELS = """
(canvas, colours) => {
  const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  const counts = Object.fromEntries(Object.keys(colours).map((k) => [k, 0]));
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 250) continue;
    for (const [theme, [r, g, b]] of Object.entries(colours)) {
      if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= 12) {
        counts[theme] += 1;
      }
    }
  }
  return counts;
}
"""


@pytest.fixture(scope="module")
def loaded_server(fresh_database_url, tmp_path_factory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("dashboard") / "uvicorn.log"
    running = start_server(fresh_database_url("sqlite"), log)
    try:
        with running.client() as http:
            for path in SAMPLES:
                response = http.post(
                    "/articles",
                    content=path.read_bytes(),
                    headers={"Content-Type": "text/markdown"},
                )
                assert response.status_code in (200, 201), (path.name, response.text)
        yield running
    finally:
        stop_server(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _get(server: Server, path: str, **params: Any) -> Any:
    response = httpx.get(f"{server.url}{path}", params=params, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def _passages(timeline: dict[str, Any]) -> int:
    return sum(b["themes"][t]["passages"] for b in timeline["buckets"] for t in timeline["themes"])


def test_dashboard_in_a_real_browser(loaded_server: Server, browser, tmp_path):
    server = loaded_server
    timings: dict[str, float] = {}
    everything = _get(server, "/timeline")
    data_days = [b["start"] for b in everything["buckets"] if b["articles_ingested"]]
    last_day = data_days[-1]
    assert len(data_days) >= 3

    def quiet_days(theme: str) -> list[str]:
        counts = {b["start"]: b["themes"][theme]["passages"] for b in everything["buckets"]}
        return [day for day in data_days if not counts[day]]

    chosen = next(
        (t for t in PREFERRED if quiet_days(t) and len(quiet_days(t)) < len(data_days)), None
    )
    assert chosen, "the samples should have a theme with a covered day without it"
    others = [t for t in THEMES if t != chosen]

    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, locale="en-GB", timezone_id="UTC"
    )
    # a fixed clock: the header's "checked 09:00" and so the README's picture are stable
    context.clock.set_fixed_time(dt.datetime(2026, 2, 12, 9, 0, tzinfo=dt.UTC))
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}")
            if msg.type in ("error", "warning")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.url.startswith(server.url)
            else None
        ),
    )
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))

    # -- the page loads and the chart draws, all six themes ---------------------------
    started = time.monotonic()
    response = page.goto(f"{server.url}/")
    assert response is not None and response.status == 200
    assert "Sitrep" in page.title()
    chart = page.locator("#chart[data-state=ready]")
    chart.wait_for(timeout=WAIT_MS)
    page.locator("#report-body[data-state=report]").wait_for(timeout=WAIT_MS)
    timings["page load to chart and report"] = time.monotonic() - started

    assert chart.get_attribute("data-series") == ",".join(THEMES)
    assert int(chart.get_attribute("data-total") or 0) == _passages(everything) > 0
    canvas = page.locator("#chart canvas").first
    box = canvas.bounding_box()
    assert box and box["width"] > 600 and box["height"] > 200
    drawn = canvas.evaluate(COUNT_PIXELS, COLOURS)
    for theme in THEMES:
        if any(b["themes"][theme]["passages"] for b in everything["buckets"]):
            assert drawn[theme] > 20, f"the {theme} series is not drawn: {drawn}"
    legend = page.locator("#chart .u-legend").inner_text()
    assert all(name in legend for name in ("Front lines", "Energy", "Economy"))

    # -- the daily report: the last day with data, as the API says --------------------
    body = page.locator("#report-body")
    assert body.get_attribute("data-date") == last_day
    assert page.locator("#report-date").input_value() == last_day
    report = _get(server, f"/sitreps/{last_day}")
    assert page.locator("#report-body .theme-section").count() == 6
    for section in report["themes"]:
        shown = page.locator(f'#report-body .theme-section[data-theme="{section["theme"]}"]')
        assert shown.get_attribute("data-items") == str(len(section["items"]))
    coverage = page.locator("#coverage").inner_text()
    assert report["coverage"]["sources"][0]["source"] in coverage
    hrefs = page.locator("#report-body .item a[href]").evaluate_all(
        "links => links.map((a) => a.href)"
    )
    api_urls = {i["article"]["url"] for s in report["themes"] for i in s["items"]}
    assert hrefs and set(hrefs) <= api_urls | {
        o["article"]["url"]
        for s in report["themes"]
        for i in s["items"]
        for o in i["also_reported_by"]
    }
    assert all(h.startswith(("http://", "https://")) for h in hrefs)

    # the README's picture: controls, chart and the start of the report
    top = {"x": 0, "y": 0, "width": 1280, "height": 1560}
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True, clip=top)
    README_SCREENSHOT.parent.mkdir(exist_ok=True)
    shutil.copyfile(tmp_path / "dashboard.png", README_SCREENSHOT)
    page.screenshot(path=str(tmp_path / "dashboard-full.png"), full_page=True)

    # -- choosing a theme filters the chart and the report ----------------------------
    requests.clear()
    started = time.monotonic()
    page.get_by_role("button", name=f"Show only {NAMES[chosen]}").click()
    page.locator(f"#chart[data-state=ready][data-series={chosen}]").wait_for(timeout=WAIT_MS)
    page.locator(f"#report-body[data-themes={chosen}]").wait_for(timeout=WAIT_MS)
    timings["filter to one theme"] = time.monotonic() - started
    assert any(f"/timeline?theme={chosen}" in url for url in requests), requests
    assert any(f"/sitreps/{last_day}?theme={chosen}" in url for url in requests), requests
    assert f"theme={chosen}" in page.url
    assert page.locator(f"#theme-{chosen}").is_checked()
    assert not any(page.locator(f"#theme-{t}").is_checked() for t in others)

    filtered = _get(server, "/timeline", theme=chosen)
    assert int(chart.get_attribute("data-total") or 0) == _passages(filtered) > 0
    assert _passages(filtered) < _passages(everything)
    legend = page.locator("#chart .u-legend").inner_text()
    assert NAMES[chosen] in legend and not any(NAMES[t] in legend for t in others)
    drawn = page.locator("#chart canvas").first.evaluate(COUNT_PIXELS, COLOURS)
    assert drawn[chosen] > 20 and not any(drawn[t] for t in others), drawn
    sections = page.locator("#report-body .theme-section")
    assert sections.count() == 1
    assert sections.first.get_attribute("data-theme") == chosen
    day_report = _get(server, f"/sitreps/{last_day}", theme=chosen)
    assert sections.first.get_attribute("data-items") == str(len(day_report["themes"][0]["items"]))

    # -- empty states: a covered day with nothing on the theme, and a day without data --
    page.locator("#report-date").fill(quiet_days(chosen)[0])
    nothing = page.locator(
        f'#report-body .theme-section[data-theme="{chosen}"][data-state="nothing"]'
    )
    nothing.wait_for(timeout=WAIT_MS)
    assert "Nothing reported" in nothing.inner_text()
    assert "No data" not in page.locator("#coverage").inner_text()

    gap = next(b["start"] for b in everything["buckets"] if not b["articles_ingested"])
    page.locator("#report-date").fill(gap)  # a day inside the span with no article at all
    page.locator("#report-body[data-state=no-data]").wait_for(timeout=WAIT_MS)
    assert "No data" in page.locator("#coverage").inner_text()

    # the previous/next buttons jump between days with data
    page.locator("#next-day").click()
    expected = next(d for d in data_days if d > gap)
    page.locator(f'#report-body[data-date="{expected}"]').wait_for(timeout=WAIT_MS)
    page.screenshot(path=str(tmp_path / f"dashboard-{chosen}.png"), full_page=True)

    # -- back to all themes; a shared URL restores the view ---------------------------
    page.get_by_role("button", name="All themes").click()
    page.locator(f'#chart[data-series="{",".join(THEMES)}"]').wait_for(timeout=WAIT_MS)
    shared = context.new_page()
    shared.goto(f"{server.url}/?theme=energy&theme=diplomacy&interval=week&date={last_day}")
    shared.locator("#chart[data-state=ready][data-series='energy,diplomacy']").wait_for(
        timeout=WAIT_MS
    )
    shared.locator("#report-body[data-state=report][data-themes='energy,diplomacy']").wait_for(
        timeout=WAIT_MS
    )
    assert shared.locator("#interval").input_value() == "week"
    assert shared.locator("#report-body .theme-section").count() == 2

    # a date range: the last 7 days with data, in the chart and the URL
    page.get_by_role("button", name="Last 7 days").click()
    page.locator("#chart[data-state=ready][data-points='7']").wait_for(timeout=WAIT_MS)
    week_start = (dt.date.fromisoformat(last_day) - dt.timedelta(days=6)).isoformat()
    assert f"from={week_start}&to={last_day}" in page.url
    assert page.locator("#from").input_value() == week_start
    week = _get(server, "/timeline", **{"from": week_start, "to": last_day})
    assert int(chart.get_attribute("data-total") or 0) == _passages(week)

    # an inverted range is refused in the page, before any request
    page.locator("#from").fill(data_days[-1])
    page.locator("#to").fill(data_days[0])
    assert "inverted" in page.locator("#form-error").inner_text()

    context.close()
    assert not problems, problems
    for step, seconds in timings.items():
        print(f"{step}: {seconds:.2f} s")
