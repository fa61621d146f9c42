"""Guards on the committed, executed chapters (nbval silently skips unexecuted cells)."""

import json
import re

import nbformat
import pytest

from borderledger import params as P
from borderledger.notebooks import chapter_paths, dumps, normalise, parameters_cell

CHAPTERS = chapter_paths()
CDN = re.compile(r"cdn\.jsdelivr|unpkg\.com|cdnjs|googleapis|vega@|require\.js", re.I)
RANDOM_ID = re.compile(r"altair-viz-[0-9a-f]+|id=\"[0-9a-f]{8}-[0-9a-f]{4}-|T_[0-9a-f]{5}_row")
LOADS = re.compile(r"(?:src|href|xlink:href)\s*=\s*[\"']\s*(?:https?:)?//", re.I)


def problems_in(nb: nbformat.NotebookNode) -> list[str]:
    """Everything that would make a committed chapter untrustworthy; empty list = fine."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if cell.get("execution_count") is None:
            found.append(f"cell {i}: not executed (nbval would skip it)")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: error output {out.get('ename')}")
            blob = json.dumps(out.get("data", {})) + json.dumps(out.get("text", ""))
            if CDN.search(blob) or LOADS.search(blob):
                found.append(f"cell {i}: output loads from the internet")
            if RANDOM_ID.search(blob):
                found.append(f"cell {i}: output has random element ids")
    return found


def test_there_are_chapters():
    assert CHAPTERS, "no chapters found"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_executed_clean_and_offline(path):
    assert problems_in(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_is_normalised(path):
    """Committed bytes equal the normalised form: no timings, timestamps or kernel paths."""
    text = path.read_text(encoding="utf-8")
    assert dumps(normalise(nbformat.reads(text, as_version=4))) == text
    assert '"papermill"' not in text and '"iopub.execute_input"' not in text


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_parameters_cell_declares_the_shared_parameters(path):
    nb = nbformat.read(path, as_version=4)
    cell = parameters_cell(nb)
    assert cell is not None, "no cell tagged `parameters`"
    names = dict(re.findall(r"^(\w+)\s*=\s*(.+)$", cell.source, flags=re.M))
    assert set(P.PARAMS) <= set(names)
    for name, param in P.PARAMS.items():
        assert eval(names[name]) == param.default, name  # noqa: S307 - committed source
    code = "".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "bl.open_chapter(" in code or "bl.validate(" in code  # the chapter checks its own parameters


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_readers_see_prose_not_code(path):
    """Every code cell is hidden from readers (a toggle shows it) or removed when it is plumbing."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            tags = set(cell.metadata.get("tags", []))
            assert tags & {"hide-input", "remove-input", "remove-cell"}, f"cell {i} shows its code"


def _executed(source: str, outputs: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source, execution_count=1, outputs=outputs)
    nb.cells = [cell]
    return nb


def test_detects_unexecuted_cell():
    nb = _executed("1 + 1", [])
    nb.cells[0].execution_count = None
    assert "not executed" in problems_in(nb)[0]


def test_detects_error_output():
    out = nbformat.v4.new_output("error", ename="ValueError", evalue="x", traceback=[])
    assert "error output" in problems_in(_executed("raise", [out]))[0]


def test_detects_chart_loading_from_cdn():
    html = '<div id="vis"></div><script src="https://cdn.jsdelivr.net/npm/vega@5"></script>'
    out = nbformat.v4.new_output("display_data", data={"text/html": html})
    assert any("internet" in p for p in problems_in(_executed("chart", [out])))


def test_detects_random_ids():
    out = nbformat.v4.new_output("display_data", data={"text/html": '<div id="altair-viz-3f2a9c"></div>'})
    assert any("random" in p for p in problems_in(_executed("chart", [out])))


def test_svg_namespace_is_not_a_load():
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'
    out = nbformat.v4.new_output("display_data", data={"image/svg+xml": svg})
    assert problems_in(_executed("chart", [out])) == []
