"""A real browser over the built book: Debian's chromium driven by Playwright, offline.

Serves _build/html on 127.0.0.1, opens every page and asserts: no console errors, no request
to any host but 127.0.0.1, every figure visible with non-zero size, the claims-verdict table
present, and the search page returning results. Screenshots go to _build/screenshots/.
"""

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
                  if "_static" not in p.parts and p.name not in ("genindex.html",))


def visit(browser, url: str, shot: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
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
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=False)
    return page, errors, foreign


@pytest.mark.parametrize("name", pages())
def test_page_is_offline_error_free_and_figures_visible(server, browser, name):
    page, errors, foreign = visit(browser, f"{server}/{name}", SHOTS / name.replace("/", "__").replace(".html", ".png"))
    try:
        assert foreign == [], foreign
        assert errors == [], errors
        figures = page.locator("figure img, figure svg, .cell_output img, .cell_output svg")
        for i in range(figures.count()):
            box = figures.nth(i).bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, f"figure {i} has no size"
            assert figures.nth(i).is_visible() or figures.nth(i).evaluate("e => e.closest('details') !== null")
        if name.endswith("05-claims.html"):
            table = page.locator("table.bl-verdicts")
            assert table.count() == 1 and table.locator("tbody tr").count() == 16
    finally:
        page.close()


def test_search_returns_results(server, browser):
    page, errors, foreign = visit(browser, f"{server}/search.html?q=Saravan", SHOTS / "search.png")
    try:
        page.wait_for_selector("#search-results li", timeout=20000)
        assert page.locator("#search-results li").count() >= 1
        assert foreign == [] and errors == []
    finally:
        page.close()
