#!/usr/bin/env python
"""Speed and size figures, measured side by side in one run (ratios, not absolute times).

    make bench                 # or: .venv/bin/python bench/bench.py [--huge] [--only NAME,...]

Prints one line per figure, `NAME ratio=R target<=T` or `NAME bytes=B target<=T`, plus
informational lines (`info ...`). Absolute times on shared 2-core machines are noise, so each
figure divides two measurements taken in this run. Work files go to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from borderledger.notebooks import chapter_paths
from borderledger.paths import ROOT

PY = sys.executable
BIN = Path(PY).parent
OUT = ROOT / "bench" / "out"


def run(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def line(name: str, kind: str, value: float, target: float) -> None:
    shown = f"{value:.2f}" if kind == "ratio" else f"{int(value)}"
    status = "ok" if value <= target else "MISSED"
    print(f"{name} {kind}={shown} target<={target:g}  [{status}]", flush=True)


def empty_notebook(path: Path) -> Path:
    kernel = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb = {"cells": [], "metadata": {"kernelspec": kernel},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))
    return path


def execute_all() -> None:
    n = len(chapter_paths())
    empty = empty_notebook(OUT / "empty.ipynb")
    # One untimed run of each first, so that both sides are measured with warm file caches.
    run([PY, "-m", "papermill", str(empty), str(OUT / "empty-out.ipynb"), "--cwd", str(ROOT / "chapters")])
    run([PY, "-m", "borderledger.runner", "--output-dir", str(OUT / "exec")], cwd=ROOT)
    papermill = [PY, "-m", "papermill", str(empty), str(OUT / "empty-out.ipynb"), "--cwd", str(ROOT / "chapters")]
    floor = statistics.median(run(papermill)
                              for _ in range(3))
    total = statistics.median(run([PY, "-m", "borderledger.runner", "--output-dir", str(OUT / "exec")], cwd=ROOT)
                              for _ in range(3))
    print(f"info execute_all: {n} chapters in {total:.1f} s; empty notebook {floor:.1f} s", flush=True)
    line("execute_all", "ratio", total / (n * floor), 1.3)


def warm_build() -> None:
    run([str(BIN / "jupyter-book"), "build", str(ROOT)], cwd=ROOT)  # make sure the build is warm
    warm = statistics.median(run([str(BIN / "jupyter-book"), "build", str(ROOT)], cwd=ROOT) for _ in range(2))
    tiny = OUT / "tiny-book"
    shutil.rmtree(tiny, ignore_errors=True)
    tiny.mkdir(parents=True)
    (tiny / "_config.yml").write_text("title: empty\nexecute:\n  execute_notebooks: 'off'\n")
    (tiny / "_toc.yml").write_text("format: jb-book\nroot: intro\n")
    (tiny / "intro.md").write_text("# Empty\n\nOne page.\n")
    empty = run([str(BIN / "jupyter-book"), "build", str(tiny)], cwd=tiny)
    print(f"info warm_build: rebuild {warm:.1f} s; empty one-page book {empty:.1f} s", flush=True)
    line("warm_build", "ratio", warm / empty, 2)


def page_sizes(html: Path) -> dict[str, int]:
    return {str(p.relative_to(html)): p.stat().st_size for p in html.rglob("*.html") if "_static" not in p.parts}


def largest_page() -> None:
    html = ROOT / "_build" / "html"
    if not (html / "index.html").exists():
        run([str(BIN / "jupyter-book"), "build", str(ROOT)], cwd=ROOT)
    sizes = page_sizes(html)
    name = max(sizes, key=sizes.get)
    total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    print(f"info largest_page: {name}; _build/html total {total} bytes", flush=True)
    line("largest_page", "bytes", sizes[name], 300000)
    line("total_html", "bytes", total, 20_000_000)


PAIRS = 5  # clean_1m: the median of five (work / read_csv) pairs; a pair shares the machine's mood

PAIRED = """
import resource, statistics, sys, time, pandas as pd
from borderledger.clean import clean
from borderledger.validation import load_raw
data, pairs = sys.argv[1], int(sys.argv[2])
bases, works = [], []
for _ in range(pairs):  # each pair measured back to back in the same warm process
    t = time.perf_counter()
    pd.read_csv(data + '/incidents.csv'); pd.read_csv(data + '/sources.csv')
    bases.append(time.perf_counter() - t)
    t = time.perf_counter(); ds = clean(load_raw(data)); works.append(time.perf_counter() - t)
    assert ds.accounting['rejected'].sum() == 0
ratios = [w / b for w, b in zip(works, bases)]
print(statistics.median(ratios), statistics.median(bases), statistics.median(works),
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, int(ds.accounting['raw'].sum()))
"""


def paired(data: Path) -> tuple[float, float, float, int, int]:
    """(median ratio of the pairs, median read_csv s, median validate+clean s, peak RSS, rows)."""
    out = subprocess.run([PY, "-c", PAIRED, str(data), str(PAIRS)], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2]), int(out[3]), int(out[4])


def synthetic(name: str, sources: int) -> Path:
    data = OUT / name
    shutil.rmtree(data, ignore_errors=True)
    subprocess.run([PY, "bench/synth.py", str(data), "--sources", str(sources)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return data


def clean_1m() -> None:
    """Validate + clean of 1.3 M rows against pandas.read_csv of the same files; then the time per
    row at that size against the time per row at a tenth of it (no super-linear step)."""
    big, small = synthetic("synthetic-1m", 1_000_000), synthetic("synthetic-100k", 100_000)
    ratio, base, work, rss, rows = paired(big)
    print(f"info clean_1m: {rows} rows; read_csv {base:.2f} s; validate+clean {work:.2f} s (medians of {PAIRS} pairs); "
          f"peak RSS {rss / 2**30:.1f} GiB", flush=True)
    line("clean_1m", "ratio", ratio, 8)
    _, _, small_work, _, small_rows = paired(small)
    growth = (work / rows) / (small_work / small_rows)
    print(f"info clean_growth: {small_rows} rows in {small_work:.2f} s; {rows} rows in {work:.2f} s", flush=True)
    line("clean_growth", "ratio", growth, 1.5)
    shutil.rmtree(big, ignore_errors=True)
    shutil.rmtree(small, ignore_errors=True)


def test_units() -> None:
    """The unit stage of make test against its nbval stage, run one after the other."""
    units = run([PY, "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile", "-m", "not built", "tests"], cwd=ROOT)
    nbval = run([PY, "-m", "pytest", "-q", "--nbval", "-n", "2", "--dist", "loadfile", "chapters/"], cwd=ROOT)
    print(f"info test_units: unit stage {units:.0f} s; nbval stage {nbval:.0f} s", flush=True)
    line("test_units", "ratio", units / nbval, 2)


def run_book(name: str, data_dir: Path, jobs: int | None = None) -> tuple[dict[str, int], dict[str, int]]:
    folder = OUT / name
    # Both runs pass data_dir explicitly, so both notebooks carry the same injected-parameters cell.
    args = [PY, "-m", "borderledger.runner", "--output-dir", str(folder), "--book", "-p", "data_dir", str(data_dir)]
    if jobs:
        args += ["--jobs", str(jobs)]
    run(args, cwd=ROOT)
    nbs = {p.name: p.stat().st_size for p in (folder / "chapters").glob("*.ipynb")}
    html = {k: v for k, v in page_sizes(folder / "_build" / "html").items() if k.startswith("chapters/")}
    return nbs, html


def growth(factor: int, target: float, jobs: int | None = None) -> None:
    """Sizes of executed chapters and their pages with the data ``factor`` times larger.

    ``jobs`` limits chapters run at once: at 10,000x each kernel holds several GB.
    """
    data = OUT / f"synthetic-{factor}x"
    shutil.rmtree(data, ignore_errors=True)
    subprocess.run([PY, "bench/synth.py", str(data), "--factor", str(factor)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    real_nb, real_html = run_book("growth-real", ROOT / "data" / "raw")
    start = time.perf_counter()
    big_nb, big_html = run_book(f"growth-{factor}x", data, jobs)
    print(f"info growth_{factor}x: {data.name} executed and built in {time.perf_counter() - start:.0f} s", flush=True)
    worst = 0.0
    for kind, real, big in (("notebook", real_nb, big_nb), ("page", real_html, big_html)):
        for name in sorted(real):
            r = big[name] / real[name]
            worst = max(worst, r)
            print(f"info growth_{factor}x {kind} {name}: {real[name]} -> {big[name]} bytes (x{r:.2f})", flush=True)
    line(f"growth_{factor}x", "ratio", worst, target)
    shutil.rmtree(data, ignore_errors=True)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--huge", action="store_true", help="also run growth at 10,000x (slow, several GB)")
    ap.add_argument("--only", help="comma-separated subset of the figures (default: all but --huge ones)")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    steps = {"execute_all": execute_all, "warm_build": warm_build, "largest_page": largest_page,
             "clean_1m": clean_1m, "test_units": test_units, "growth_100x": lambda: growth(100, 1.1)}
    huge = {"growth_10000x": lambda: growth(10_000, 1.1, jobs=1)}
    chosen = args.only.split(",") if args.only else list(steps) + (list(huge) if args.huge else [])
    unknown = sorted(set(chosen) - set(steps) - set(huge))
    if unknown:
        ap.error(f"--only: unknown {', '.join(unknown)}; choose from {', '.join([*steps, *huge])}")
    for name in chosen:
        {**steps, **huge}[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
