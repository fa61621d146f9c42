"""The papermill front door, and the guards `make test` relies on (nbval, -W build)."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, run_script

from borderledger.notebooks import glued

RUN = "scripts/run_chapters.py"


@pytest.mark.parametrize(
    "args, message",
    [
        (["-p", "start", "2019-01-01"], "unknown parameter 'start': allowed parameters are start_date"),
        (["-p", "start_date", "2019"], "start_date=2019 is not allowed (type int)"),
        (["-p", "start_date", "2013-02-30"], "start_date='2013-02-30' is not allowed"),
        (["-p", "start_date", "2020-01-01", "-p", "end_date", "2019-12-31"], "before start_date 2020-01-01"),
        (["-p", "countries", "IRQ"], "countries='IRQ' is not allowed (unknown IRQ)"),
        (["-p", "estimate", "mean"], "expected one of low, best, high"),
        (["-p", "data_dir", "no/such/dir"], "data_dir='no/such/dir' is not allowed (no such folder)"),
        (["--chapters", "99"], "--chapters '99' matches no chapter"),
        (["--output-dir", "chapters/x"], "--output-dir must not be chapters/"),
    ],
)
def test_bad_parameters_fail_before_any_kernel(args, message, tmp_path):
    result = run_script(RUN, *args, timeout=60)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "running" not in result.stdout  # no chapter started


@pytest.mark.slow
def test_failing_chapter_leaves_earlier_output_untouched(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "sentinel.txt").write_text("earlier run")
    bad = ROOT / "tests" / "bad_data" / "cases" / "empty-file"
    result = run_script(RUN, "--chapters", "01", "--output-dir", str(out), "-p", "data_dir", str(bad), timeout=300)
    assert result.returncode == 1
    assert "chapter 01-data.ipynb failed in cell" in result.stderr
    assert [p.name for p in out.iterdir()] == ["sentinel.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary folder left behind


@pytest.mark.slow
def test_run_with_parameters_writes_a_separate_folder(tmp_path):
    out = tmp_path / "since2020"
    result = run_script(RUN, "--chapters", "01", "--output-dir", str(out), "-p", "start_date", "2020-01-01", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "[1/1] 01-data.ipynb: ok" in result.stdout
    nb = nbformat.read(out / "chapters" / "01-data.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and "2020-01-01" in injected[0].source
    glued_new = glued(nb)
    base = glued(nbformat.read(ROOT / "chapters" / "01-data.ipynb", as_version=4))
    assert int(glued_new["data_incidents"]) < int(base["data_incidents"])
    assert glued_new["data_period"] == "'2020-01-01 to 2026-12-31'"


@pytest.mark.slow
def test_nbval_fails_when_committed_output_differs(tmp_path):
    nb = nbformat.read(ROOT / "chapters" / "01-data.ipynb", as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = "tampered output\n"
    target = tmp_path / "tampered.ipynb"
    nbformat.write(nb, target)
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", str(target)],
                            cwd=ROOT / "chapters", capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "tampered output" in result.stdout


@pytest.mark.slow
def test_book_build_fails_on_a_warning(tmp_path):
    (tmp_path / "_config.yml").write_text("title: t\nexecute:\n  execute_notebooks: 'off'\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (tmp_path / "intro.md").write_text("# T\n\nSee {ref}`no-such-label`.\n")
    jb = str(Path(sys.executable).parent / "jupyter-book")
    result = subprocess.run([jb, "build", str(tmp_path), "-n", "-W", "--keep-going"], capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "no-such-label" in result.stdout + result.stderr


@pytest.mark.slow
def test_plain_papermill_run_fails_in_the_first_code_cell(tmp_path):
    """Without run_chapters.py, the chapter's own bl.validate call stops a bad parameter."""
    papermill = str(Path(sys.executable).parent / "papermill")
    result = subprocess.run([papermill, str(ROOT / "chapters" / "01-data.ipynb"), str(tmp_path / "out.ipynb"),
                             "--cwd", str(ROOT / "chapters"), "-p", "estimate", "mean"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "ParameterError" in result.stderr and "expected one of low, best, high" in result.stderr
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    failed = [c for c in nb.cells if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failed) == 1 and "bl.validate(" in failed[0].source


@pytest.mark.slow
def test_killed_run_leaves_earlier_output_untouched(tmp_path):
    import signal
    import time

    out = tmp_path / "run"
    out.mkdir()
    (out / "sentinel.txt").write_text("earlier run")
    proc = subprocess.Popen([sys.executable, RUN, "--output-dir", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(4)  # kernels are starting or running
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert [p.name for p in out.iterdir()] == ["sentinel.txt"]
    committed = {p.name: p.read_bytes() for p in (ROOT / "chapters").glob("*.ipynb")}
    assert committed  # the committed chapters are never a run's target
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "run"]
    assert all(name.startswith(".run-") for name in leftovers)  # only a hidden temporary folder may remain


@pytest.mark.slow
def test_trends_chapter_follows_start_date(tmp_path):
    """Changing start_date changes glued totals and no chart data predates it."""
    import re

    out = tmp_path / "since2020"
    result = run_script(RUN, "--chapters", "02", "--output-dir", str(out), "-p", "start_date", "2020-01-01", timeout=300)
    assert result.returncode == 0, result.stderr
    nb = nbformat.read(out / "chapters" / "02-trends.ipynb", as_version=4)
    new, base = glued(nb), glued(nbformat.read(ROOT / "chapters" / "02-trends.ipynb", as_version=4))
    assert new["tr_first_year"] == "2020" and base["tr_first_year"] == "2012"
    assert int(new["tr_incidents"]) < int(base["tr_incidents"])
    assert int(new["tr_cum_total"]) < int(base["tr_cum_total"])
    svg = "".join(o.get("data", {}).get("application/papermill.record/image/svg+xml", "") for c in nb.cells for o in c.get("outputs", []))
    years = {int(y) for y in re.findall(r">((?:19|20)\d\d)(?:-\d\d)?<", svg)}
    assert years and min(years) >= 2020, sorted(years)[:5]
