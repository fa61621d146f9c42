"""Tests that read chapters executed by the runner: one run of every chapter with default
parameters and one of chapter 02 with another start date, made once for this file (the unit
stage sends each file to one worker)."""

import re

import nbformat
from conftest import ROOT

from borderledger.notebooks import glued


def test_every_chapter_executes_to_the_committed_bytes(chapter_runs):
    default_run = chapter_runs["default"]
    """A fresh execution equals, byte for byte, the committed chapters (an earlier execution)."""
    names = sorted(p.name for p in default_run.glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
    for name in names:
        fresh, committed = (default_run / name).read_bytes(), (ROOT / "chapters" / name).read_bytes()
        assert fresh == committed, f"{name} differs from the committed chapter: run make notebooks"


def test_run_with_parameters_writes_a_separate_folder(chapter_runs):
    since_2020_run = chapter_runs["since_2020"]
    assert [p.name for p in since_2020_run.iterdir()] == ["02-trends.ipynb"]
    nb = nbformat.read(since_2020_run / "02-trends.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "start_date = \"2020-01-01\"" in injected[0].source
    assert "injected-parameters" not in (ROOT / "chapters" / "02-trends.ipynb").read_text()


def test_trends_chapter_follows_start_date(chapter_runs):
    """Changing start_date changes glued totals and no chart data predates it."""
    since_2020_run = chapter_runs["since_2020"]
    nb = nbformat.read(since_2020_run / "02-trends.ipynb", as_version=4)
    new, base = glued(nb), glued(nbformat.read(ROOT / "chapters" / "02-trends.ipynb", as_version=4))
    assert new["tr_first_year"] == "2020" and base["tr_first_year"] == "2012"
    assert int(new["tr_incidents"]) < int(base["tr_incidents"])
    svg = "".join(o.get("data", {}).get("application/papermill.record/text/html", "")
                  for c in nb.cells for o in c.get("outputs", []))
    years = {int(y) for y in re.findall(r">((?:19|20)\d\d)(?:-\d\d)?<", svg)}
    assert years and min(years) >= 2020, sorted(years)[:5]
