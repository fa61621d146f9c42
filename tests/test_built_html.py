"""Checks on the built book (_build/html); run after `make book` (marker: built)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
# Attributes and CSS through which a page *loads* something (links to sources are <a href>, fine).
LOADING = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed|object|track)\b[^>]*?\s(?:src|data|srcset)\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|<link\b[^>]*?href\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//"
    r"|@import\s+[\"']?(?:https?:)?//"
    r"|xlink:href\s*=\s*[\"']\s*(?:https?:)?//"
    r"|THEBE_JS_URL|require\.js",
    re.I,
)
pytestmark = pytest.mark.built


def pages() -> list[Path]:
    return sorted(p for p in HTML.rglob("*.html") if "_static" not in p.parts)


def remote_loads(text: str) -> list[str]:
    return [m.group(0)[:120] for m in LOADING.finditer(text)]


def test_book_was_built():
    assert (HTML / "index.html").exists() and len(pages()) >= 3


def test_no_page_loads_anything_from_the_internet():
    offenders = {}
    for path in pages() + sorted((HTML / "_static").rglob("*.css")):
        found = remote_loads(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            offenders[str(path.relative_to(HTML))] = found[:3]
    assert offenders == {}


def test_detector_catches_remote_resources_and_ignores_links():
    assert remote_loads('<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>')
    assert remote_loads('<link rel="stylesheet" href="//fonts.googleapis.com/css">')
    assert remote_loads("<style>body{background:url('https://x.org/a.png')}</style>")
    assert remote_loads('<img alt="" src="http://example.org/a.png">')
    assert not remote_loads('<a href="https://www.dawn.com/news/1">Dawn</a>')
    assert not remote_loads('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    assert not remote_loads('<script src="../_static/x.js"></script>')


def test_no_page_carries_the_date_it_was_built():
    """A page changes only when its content does: no "Last updated" stamp from the build clock."""
    assert [str(p.relative_to(HTML)) for p in pages() if "Last updated" in p.read_text(encoding="utf-8")] == []


def _differences(cmp, prefix: str = "") -> list[str]:
    out = [prefix + n for n in cmp.diff_files + cmp.left_only + cmp.right_only]
    for name, sub in cmp.subdirs.items():
        out += _differences(sub, f"{prefix}{name}/")
    return out


def test_the_book_builds_to_the_same_bytes_again(tmp_path):
    """Same sources => identical HTML: a second build compared with the one under test."""
    import filecmp
    import subprocess
    import sys

    jb = str(Path(sys.executable).parent / "jupyter-book")
    subprocess.run([jb, "build", str(ROOT), "--path-output", str(tmp_path)], check=True, capture_output=True,
                   timeout=600)
    cmp = filecmp.dircmp(HTML, tmp_path / "_build" / "html", ignore=[])
    filecmp.clear_cache()
    assert _differences(cmp) == []


def test_make_pdf_prints_the_whole_book(tmp_path):
    import subprocess
    import sys

    from borderledger import pdf

    jb = str(Path(sys.executable).parent / "jupyter-book")
    subprocess.run([jb, "build", str(ROOT), "--builder", "singlehtml", "--path-output", str(tmp_path)], check=True,
                   capture_output=True, timeout=600)
    out = tmp_path / "book.pdf"
    assert pdf.main([str(tmp_path / "_build" / "singlehtml"), str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) > 30
