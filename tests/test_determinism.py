"""Same data + same parameters => byte-identical notebooks."""

import pytest
from conftest import ROOT


@pytest.mark.xdist_group("chapter_runs")
def test_every_chapter_executes_to_the_committed_bytes(default_run):
    """A fresh execution equals, byte for byte, the committed chapters (an earlier execution)."""
    names = sorted(p.name for p in default_run.glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "chapters").glob("[0-9][0-9]-*.ipynb"))
    for name in names:
        fresh, committed = (default_run / name).read_bytes(), (ROOT / "chapters" / name).read_bytes()
        assert fresh == committed, f"{name} differs from the committed chapter: run make notebooks"
