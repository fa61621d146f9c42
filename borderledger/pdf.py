"""A printable PDF of the whole book: the one-page HTML build printed by Debian's chromium.

    borderledger-pdf [SINGLEHTML_DIR] [PDF]      (make pdf builds the one-page HTML first)

The page is served on 127.0.0.1 and printed with its print styles: charts as their static
SVG, evidence boxes open. Nothing is fetched from any other host.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

from .paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def entry_page(folder: Path) -> str:
    """The page that holds the book: Sphinx's one-page build writes it under the root document's
    name and makes index.html a redirect to it; following the redirect in the browser would race
    the print."""
    index = (folder / "index.html").read_text(encoding="utf-8")
    redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', index)
    return redirect.group(1) if redirect else "index.html"


def print_pdf(folder: Path, out: Path) -> None:
    """Print the one-page book in ``folder`` to ``out``."""
    from playwright.sync_api import sync_playwright

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/{entry_page(folder)}", wait_until="networkidle")
            page.emulate_media(media="print")
            page.pdf(path=str(out), format="A4", print_background=True,
                     margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
            browser.close()
    finally:
        httpd.shutdown()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else ROOT / "_build" / "singlehtml"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "_build" / "border-ledger.pdf"
    if not (folder / "index.html").exists():
        print(f"error: {folder}/index.html is missing; build it with make pdf", file=sys.stderr)
        return 2
    if not CHROMIUM.exists():
        print("error: make pdf needs Debian's chromium: run 'sudo apt-get install chromium'", file=sys.stderr)
        return 2
    print_pdf(folder, out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
