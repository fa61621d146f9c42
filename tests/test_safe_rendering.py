"""Data is text, never markup: hostile strings from the data stay inert in the built HTML."""

import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from borderledger.tables import html_table, is_safe_url, link

EVIL = {
    "place": "<script>alert('place')</script>",
    "summary": "<img src=x onerror=alert('img')> **bold** {ref}`x` ```{raw} html\n<script>alert(1)</script>\n```",
    "outlet": "[click](javascript:alert('md'))",
    "url": "javascript:alert('url')",
}


def test_links_only_for_http_urls():
    assert is_safe_url("https://www.dawn.com/news/1") and not is_safe_url("javascript:alert(1)")
    assert not is_safe_url("data:text/html,x") and not is_safe_url('https://x.org/"onmouseover=1')
    assert link("javascript:alert(1)", "x") == "x"
    assert link("https://a.org/?q=<b>", "x") == "x"  # not a clean URL: shown as text, no link
    assert link("https://a.org/?q=a&b=c", "<b>") == '<a href="https://a.org/?q=a&amp;b=c" rel="noopener">&lt;b&gt;</a>'


def test_html_table_escapes_every_cell():
    out = html_table(pd.DataFrame([EVIL]), links={"outlet": "url"})
    soup = BeautifulSoup(out, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("a") is None
    assert "<script>alert('place')</script>" in soup.get_text()


@pytest.mark.built  # a book build: it runs with the checks on the built book
def test_hostile_fixture_is_inert_and_a_warning_fails_the_build(tmp_path: Path):
    """One small book serves two guards: hostile data stays inert in the HTML, and the -W build
    that `make test` runs fails on a warning (here a reference to a label that does not exist)."""
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    (book / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: 'off'\n")
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n- file: chapters/evil\n")
    (book / "intro.md").write_text("# Intro\n\nSee {ref}`no-such-label`.\n")
    nb = nbformat.v4.new_notebook()
    evil_table = html_table(pd.DataFrame([EVIL]), links={"outlet": "url"})
    table = nbformat.v4.new_output("display_data", data={"text/html": evil_table, "text/plain": "table"})
    record = "application/papermill.record/"
    glued = nbformat.v4.new_output("display_data", data={record + "text/plain": repr(EVIL["summary"])},
                                   metadata={"scrapbook": {"name": "evil", "mime_prefix": record}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Evil\n\nGlued: {glue:text}`evil`"),
        nbformat.v4.new_code_cell("show()", execution_count=1, outputs=[table, glued]),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, book / "chapters" / "evil.ipynb")
    jb = str(Path(sys.executable).parent / "jupyter-book")
    result = subprocess.run([jb, "build", str(book), "-n", "-W", "--keep-going"], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode != 0 and "no-such-label" in result.stdout + result.stderr
    soup = BeautifulSoup((book / "_build" / "html" / "chapters" / "evil.html").read_text(), "html.parser")
    main = soup.find("article")  # the page body (theme buttons outside it have onclick handlers)
    assert main is not None
    assert not [s for s in main.find_all("script") if "alert" in (s.string or "")]
    assert not [t for t in main.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not [a for a in main.find_all("a") if a.get("href", "").strip().lower().startswith("javascript:")]
    text = main.get_text()
    assert "<script>alert('place')</script>" in text and "onerror=alert('img')" in text


def test_a_claim_entry_escapes_the_data_it_shows():
    from borderledger.claims import Check
    from borderledger.tables import claim_html

    claim = {"claim_id": "C1", "parent": "C1", "kind": "editorial", "quote": EVIL["place"], "part": "",
             "asserted_by": EVIL["outlet"], "topic": "t"}
    evidence = pd.DataFrame([{"id": "S-1", "who": EVIL["summary"], "what": "x", "outlet": "o", "url": EVIL["url"]}])
    html = claim_html(Check(claim, "contradicted", EVIL["summary"], "editorial judgment", evidence))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("img") is None and soup.find("a") is None
    assert "✗ contradicted" in soup.get_text() and "editorial" in soup.get_text()
