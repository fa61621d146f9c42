"""A real browser over the built book: Debian's chromium driven by Playwright, offline.

Serves _build/html on 127.0.0.1 and checks, on every page: no console errors, no request to any
other host, every chart drawn; at 390 px wide, no sideways scrolling and chart text at least 9 px
tall. Then the interactions: a chart shows details on hover, and the incident explorer filters
and opens an incident's reports. Screenshots at both widths go to _build/screenshots/.
"""

import csv
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.built
SMALLEST_TEXT = """() => Array.from(document.querySelectorAll('.bl-chart-live svg text'))
  .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })
  .reduce((a, b) => Math.min(a, b), 99)"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


def pages() -> list[str]:
    return sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("genindex.html", "index.html"))


def visit(browser, url: str, width: int = 1280):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors, foreign = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            foreign.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("Array.from(document.querySelectorAll('.bl-chart')).every(c => c.dataset.embedded)",
                           timeout=20000)
    return page, errors, foreign


def shot(page, name: str, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name.replace('/', '__').replace('.html', '')}-{width}.png"), full_page=True)


@pytest.mark.parametrize("name", pages())
def test_page_is_offline_error_free_and_charts_drawn(server, browser, name):
    page, errors, foreign = visit(browser, f"{server}/{name}")
    try:
        assert foreign == [], foreign
        assert errors == [], errors
        charts = page.locator(".bl-chart")
        for i in range(charts.count()):
            box = charts.nth(i).locator(".bl-chart-live svg").bounding_box()
            assert box and box["width"] > 100 and box["height"] > 50, f"chart {i} is not drawn"
        shot(page, name, 1280)
    finally:
        page.close()


@pytest.mark.parametrize("name", pages())
def test_page_reads_at_phone_width(server, browser, name):
    page, errors, _ = visit(browser, f"{server}/{name}", width=390)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
        assert page.evaluate(SMALLEST_TEXT) >= 9, "chart text smaller than 9 px"
        assert errors == [], errors
        shot(page, name, 390)
    finally:
        page.close()


def test_a_chart_shows_details_on_hover(server, browser):
    page, _, _ = visit(browser, f"{server}/chapters/02-trends.html")
    try:
        bar = page.locator(".bl-chart").first.locator(".bl-chart-live svg path[aria-roledescription='bar']").first
        bar.scroll_into_view_if_needed()
        bar.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5000)
        text = tooltip.inner_text()
        assert "Year" in text and "Deaths, best" in text and "Incidents" in text, text
    finally:
        page.close()


def _clean_incidents() -> list[dict]:
    with open(ROOT / "data" / "clean" / "incidents.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_explorer_filters_searches_and_opens_reports(server, browser):
    incidents = _clean_incidents()
    page, errors, foreign = visit(browser, f"{server}/explorer.html")
    try:
        count = page.locator("#bl-explorer-count")
        rows = page.locator(".bl-explorer-table tbody tr")
        assert count.inner_text() == f"{len(incidents)} of {len(incidents)} incidents"
        assert rows.count() == 50  # shown 50 at a time
        page.select_option("#bl-filter-country", "Pakistan")
        pakistan = sum(r["country"] == "PAK" for r in incidents)
        assert count.inner_text() == f"{pakistan} of {len(incidents)} incidents"
        assert pakistan > 100 and rows.count() == 50
        while page.locator("#bl-explorer-more").is_visible():
            page.click("#bl-explorer-more")
        assert rows.count() == pakistan
        page.select_option("#bl-filter-year", "2024")
        assert rows.count() == min(50, sum(r["country"] == "PAK" and r["date"].startswith("2024") for r in incidents))
        page.select_option("#bl-filter-year", "")
        page.select_option("#bl-filter-country", "")
        page.fill("#bl-explorer-search", "Rask")
        rask = int(count.inner_text().split()[0])
        assert 0 < rask < len(incidents)
        first = page.locator(".bl-explorer-table tbody tr").first
        first.locator("summary").click()
        link = first.locator(".bl-explorer-sources a").first
        assert link.get_attribute("href").startswith(("http://", "https://"))
        assert foreign == [] and errors == []
    finally:
        page.close()


def test_search_returns_results(server, browser):
    page, errors, foreign = visit(browser, f"{server}/search.html?q=Saravan")
    try:
        page.wait_for_selector("#search-results li", timeout=20000)
        assert page.locator("#search-results li").count() >= 1
        assert foreign == [] and errors == []
    finally:
        page.close()


def test_the_claims_page_shows_every_claim_with_a_verdict_label(server, browser):
    page, _, _ = visit(browser, f"{server}/chapters/05-claims.html")
    try:
        table = page.locator("table.bl-verdicts")
        assert table.count() == 1
        claims = {cell.strip() for cell in table.locator("tbody tr td:first-child").all_inner_texts()}
        assert {f"C{i}" for i in range(1, 17)} <= claims
        assert page.locator("blockquote.bl-quote").count() == 16
        badges = page.locator(".bl-verdict").all_inner_texts()
        assert badges and all(b[0] in "✓◐○✗?" for b in badges)  # a shape, not colour alone
    finally:
        page.close()
