"""Notebook hygiene: strip volatile metadata so re-execution gives a byte-identical file."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

from .paths import CHAPTERS

KEEP_LANGUAGE_INFO = ("name", "codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter", "pygments_lexer")
VOLATILE_CELL_METADATA = ("papermill", "execution", "collapsed", "scrolled")


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove timings, papermill timestamps/durations/paths and the Python patch version."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    info = nb.metadata.get("language_info")
    if info:
        nb.metadata["language_info"] = {k: info[k] for k in KEEP_LANGUAGE_INFO if k in info}
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    Path(path).write_text(dumps(normalise(nb)), encoding="utf-8")


def chapter_paths() -> list[Path]:
    return sorted(CHAPTERS.glob("[0-9][0-9]-*.ipynb"))


def parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            return cell
    return None


def glued(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Values glued with myst-nb (``text/plain`` form), by name."""
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook")
            if not meta:
                continue
            text = o.get("data", {}).get(meta.get("mime_prefix", "") + "text/plain")
            if text is not None:
                out[meta["name"]] = text
    return out
