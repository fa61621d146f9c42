"""Execute chapters with papermill, with parameters validated before any kernel starts.

    borderledger-run -p start_date 2019-01-01 -p countries IRN
    borderledger-run --chapters 02 --output-dir runs/iran-2019 --book

Runs go to a temporary folder and replace the output folder only when every chapter
succeeded; ``chapters/`` itself is written only by ``--in-place`` (``make notebooks``).
Exit codes: 0 success, 1 a chapter failed, 2 bad parameters or options.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import params as P
from .notebooks import chapter_paths, dumps, normalise
from .paths import CHAPTERS, ROOT

BOOK_FILES = ("_config.yml", "intro.md", "explorer.md", "cite.md")


def fail(message: str, code: int = 2) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(code)


def parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                    help="a chapter parameter: " + ", ".join(P.PARAMS))
    ap.add_argument("--chapters", help="comma-separated chapter numbers or file names (default: all)")
    ap.add_argument("--output-dir", help="folder for executed notebooks (default: runs/<name>/)")
    ap.add_argument("--book", action="store_true", help="also build a book from the output folder")
    ap.add_argument("--in-place", action="store_true", help="replace the committed chapters (make notebooks)")
    ap.add_argument("--jobs", type=int, default=2 * (os.cpu_count() or 1),
                    help="chapters run in parallel (default: 2 per core; kernels spend much of their start-up waiting)")
    return ap.parse_args(argv)


def select(spec: str | None) -> list[Path]:
    chapters = chapter_paths()
    if not spec:
        return chapters
    chosen = []
    for item in (s.strip() for s in spec.split(",") if s.strip()):
        match = [c for c in chapters if c.stem == item or c.name == item or c.name.startswith(f"{item.zfill(2)}-")]
        if len(match) != 1:
            fail(f"--chapters {item!r} matches no chapter; choose from {', '.join(c.stem for c in chapters)}")
        chosen.append(match[0])
    return chosen


def run_name(given: dict) -> str:
    if not given:
        return "default"
    text = "_".join(f"{k}-{v}" for k, v in sorted(given.items()))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text)[:80]


def execute(args: tuple[Path, Path, dict]) -> tuple[str, float, str | None]:
    import papermill as pm

    source, target, given = args
    start = time.perf_counter()
    try:
        nb = pm.execute_notebook(
            str(source), str(target), parameters=given, cwd=str(CHAPTERS), progress_bar=False,
            log_output=False, kernel_name="python3",
        )
    except pm.PapermillExecutionError as err:
        return source.name, time.perf_counter() - start, (
            f"chapter {source.name} failed in cell {err.cell_index} (execution count {err.exec_count}): "
            f"{err.ename}: {err.evalue}"
        )
    except Exception as err:  # kernel died, file unreadable, ...
        return source.name, time.perf_counter() - start, f"chapter {source.name} failed: {type(err).__name__}: {err}"
    normalise(nb)
    target.write_text(dumps(nb), encoding="utf-8")
    return source.name, time.perf_counter() - start, None


def write_toc(folder: Path, chapters: list[Path]) -> None:
    lines = ["format: jb-book", "root: intro", "chapters:"]
    lines += [f"- file: chapters/{c.stem}" for c in chapters]
    (folder / "_toc.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _parameters(args: argparse.Namespace) -> dict:
    """The ``-p`` values, read like papermill reads them and checked (a bad one exits 2)."""
    given = {}
    try:
        for name, raw in args.parameter:
            given[name] = P.coerce_cli(name, raw)
        P.validate(given)
    except P.ParameterError as err:
        fail(str(err))
    return given


def _target(args: argparse.Namespace, given: dict) -> Path:
    """Where the executed chapters go: chapters/ itself only for --in-place, else a run folder."""
    if args.in_place:
        if given or args.output_dir or args.book:
            fail("--in-place runs every chapter with default parameters only")
        return CHAPTERS
    out = Path(args.output_dir) if args.output_dir else ROOT / "runs" / run_name(given)
    out = out if out.is_absolute() else Path.cwd() / out
    if out.resolve() == CHAPTERS.resolve() or CHAPTERS.resolve() in out.resolve().parents:
        fail("--output-dir must not be chapters/ (use make notebooks to refresh the committed chapters)")
    return out


def _execute_all(jobs: list, parallel: int) -> list[str]:
    """Run the chapters, printing progress; the errors of those that failed."""
    errors = []
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        for i, (name, seconds, error) in enumerate(pool.map(execute, jobs), 1):
            print(f"[{i}/{len(jobs)}] {name}: {'FAILED' if error else 'ok'} ({seconds:.1f} s)", flush=True)
            if error:
                errors.append(error)
    return errors


def _publish(tmp: Path, out: Path, chapters: list[Path]) -> None:
    """Make the temporary folder a book (the book's files, assets, data and a table of contents)
    and put it in place of ``out`` in one move."""
    for name in BOOK_FILES:
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, tmp / name)
    for extra in ("assets", "data"):
        if (ROOT / extra).exists():
            shutil.copytree(ROOT / extra, tmp / extra)
    write_toc(tmp, chapters)
    if out.exists():
        old = out.with_name(f".{out.name}-old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    given = _parameters(args)
    chapters = select(args.chapters)
    out = _target(args, given)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".run-", dir=out.parent))
    try:
        (tmp / "chapters").mkdir()
        jobs = [(c, tmp / "chapters" / c.name, given) for c in chapters]
        print(f"running {len(jobs)} chapter(s) with {given or 'default parameters'} ({args.jobs} in parallel)",
              flush=True)
        errors = _execute_all(jobs, args.jobs)
        if errors:
            for e in errors:
                print(f"error: {e}", file=sys.stderr)
            print(f"nothing written; {out} is unchanged", file=sys.stderr)
            return 1
        if args.in_place:
            for c in chapters:
                os.replace(tmp / "chapters" / c.name, CHAPTERS / c.name)
            print(f"updated {len(chapters)} chapter(s) in {CHAPTERS.relative_to(ROOT)}/")
            return 0
        _publish(tmp, out, chapters)
        print(f"executed notebooks in {out}/chapters/")
        if args.book:
            cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(out), "-n", "--keep-going"]
            if subprocess.run(cmd, cwd=out).returncode:
                return 1
            print(f"book: {out / '_build' / 'html' / 'index.html'}")
        return 0
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
