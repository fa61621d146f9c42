"""The command-line front doors (installed as console scripts by ``pip install -e .``).

* ``borderledger-validate [DATA_DIR]``: print every problem of a raw data folder.
  Exit 0 clean, 1 data errors (one line each: file:line: column: value: rule), 2 a file is
  missing or unreadable.
* ``borderledger-clean [RAW_DIR] [OUT_DIR]``: regenerate ``data/clean/`` (the only writer of
  it) and the explorer's data, and print the row accounting. Exit 2 on unreadable files.
* ``borderledger-changelog OLD_REV NEW_REV``: what changed in ``data/raw`` between two git
  revisions, in markdown (``NEW_REV`` may be ``WORKTREE``). Exit 2 when a revision cannot be read.
* ``borderledger-run``: execute chapters with papermill (:mod:`borderledger.runner`).
* ``borderledger-datapackage``: rewrite ``data/datapackage.json`` from the schema.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import changelog, explorer
from .clean import clean, write_clean
from .paths import CLEAN, RAW
from .validation import FileProblem, load_raw


def _args(argv: list[str] | None) -> list[str]:
    return sys.argv[1:] if argv is None else argv


def validate(argv: list[str] | None = None) -> int:
    argv = _args(argv)
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: borderledger-validate [DATA_DIR]", file=sys.stderr)
        return 2
    data_dir = Path(argv[0]) if argv else RAW
    try:
        raw = load_raw(data_dir)
    except FileProblem as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for problem in raw.problems:
        print(problem)
    counts = f"{len(raw.incidents)} incidents, {len(raw.sources)} source rows"
    if raw.problems:
        print(f"{len(raw.problems)} problem(s) in {data_dir} ({counts} read)", file=sys.stderr)
        return 1
    print(f"ok: {data_dir}: {counts}, no problems")
    return 0


def clean_data(argv: list[str] | None = None) -> int:
    argv = _args(argv)
    raw_dir = Path(argv[0]) if argv else RAW
    out_dir = Path(argv[1]) if len(argv) > 1 else CLEAN
    try:
        ds = clean(load_raw(raw_dir))
    except FileProblem as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    write_clean(ds, out_dir)
    if out_dir == CLEAN:  # the book's explorer shows the committed data
        explorer.write(ds, changelog.dataset_version()[0])
    for row in ds.accounting.itertuples(index=False):
        print(f"{row.table}: raw {row.raw} = clean {row.clean} + rejected {row.rejected}")
    print(f"wrote {out_dir}")
    return 0


def data_changelog(argv: list[str] | None = None) -> int:
    argv = _args(argv)
    if len(argv) != 2:
        print("usage: borderledger-changelog OLD_REV NEW_REV (NEW_REV may be WORKTREE)", file=sys.stderr)
        return 2
    try:
        print(changelog.markdown(changelog.diff(*argv), *argv))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0
