"""The papermill front door, and the guards `make test` relies on (nbval, -W build)."""

import os
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from conftest import BIN, ROOT

from borderledger import runner


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
def test_bad_parameters_fail_before_any_kernel(args, message, capsys, monkeypatch):
    def no_kernel(*_):
        raise AssertionError("a chapter was started")

    monkeypatch.setattr(runner, "execute", no_kernel)
    with pytest.raises(SystemExit) as stop:
        runner.main(args)
    assert stop.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_failing_chapter_leaves_earlier_output_untouched(tmp_path, capsys):
    out = tmp_path / "run"
    out.mkdir()
    (out / "sentinel.txt").write_text("earlier run")
    bad = ROOT / "tests" / "bad_data" / "cases" / "empty-file"
    assert runner.main(["--chapters", "07", "--output-dir", str(out), "-p", "data_dir", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "chapter 07-changelog.ipynb failed in cell" in err and "file is empty" in err
    assert [p.name for p in out.iterdir()] == ["sentinel.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary folder left behind


def test_nbval_fails_when_committed_output_differs(pytester):
    nb = nbformat.v4.new_notebook()
    stale = nbformat.v4.new_output("stream", name="stdout", text="tampered output\n")
    nb.cells = [nbformat.v4.new_code_cell("print('fresh output')", execution_count=1, outputs=[stale])]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, pytester.path / "tampered.ipynb")
    result = pytester.runpytest_inprocess("--nbval", "-p", "no:cacheprovider", "-p", "no:xdist", "tampered.ipynb")
    assert result.ret == 1
    output = result.stdout.str()
    assert "tampered output" in output and "fresh output" in output


def test_plain_papermill_run_fails_in_the_first_code_cell(tmp_path):
    """Without the runner, the chapter's own parameter check stops a bad parameter."""
    import papermill

    chapter = str(ROOT / "chapters" / "07-changelog.ipynb")  # the lightest chapter
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(chapter, str(tmp_path / "out.ipynb"), parameters={"estimate": "mean"},
                                   cwd=str(ROOT / "chapters"), progress_bar=False, kernel_name="python3")
    assert failure.value.ename == "ParameterError" and "expected one of low, best, high" in failure.value.evalue
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    failed = [c for c in nb.cells
              if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failed) == 1 and "bl.open_chapter(" in failed[0].source


def test_killed_run_leaves_earlier_output_and_the_chapters_untouched(tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "sentinel.txt").write_text("earlier run")
    committed = {p.name: p.read_bytes() for p in (ROOT / "chapters").glob("*.ipynb")}
    proc = subprocess.Popen([str(BIN / "borderledger-run"), "--chapters", "07", "--output-dir", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(p.name.startswith(".run-") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)  # wait until the run has made its temporary folder, then kill it mid-run
    time.sleep(1)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert [p.name for p in out.iterdir()] == ["sentinel.txt"]
    assert (out / "sentinel.txt").read_text() == "earlier run"
    assert {p.name: p.read_bytes() for p in (ROOT / "chapters").glob("*.ipynb")} == committed
    leftovers = [p for p in tmp_path.iterdir() if p.name != "run"]
    assert all(p.name.startswith(".run-") for p in leftovers)  # only a hidden temporary folder may remain
    assert not list(Path(tmp_path).glob("*.ipynb"))


def test_pdf_prints_the_page_the_one_page_build_redirects_to(tmp_path):
    from borderledger import pdf

    (tmp_path / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=intro.html" />')
    assert pdf.entry_page(tmp_path) == "intro.html"
    (tmp_path / "index.html").write_text("<html><body>the book</body></html>")
    assert pdf.entry_page(tmp_path) == "index.html"
    assert pdf.main([str(tmp_path / "missing"), str(tmp_path / "x.pdf")]) == 2
