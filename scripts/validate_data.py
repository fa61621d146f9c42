#!/usr/bin/env python
"""Validate a raw data folder and print every problem at once.

    scripts/validate_data.py [DATA_DIR]      (default: data/raw)

Exit codes: 0 clean, 1 data errors (one line each: file:line: column: value: rule),
2 a file is missing or unreadable (not UTF-8, wrong delimiter, missing/duplicate columns).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from borderledger.paths import RAW  # noqa: E402
from borderledger.validation import FileProblem, load_raw  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: scripts/validate_data.py [DATA_DIR]", file=sys.stderr)
        return 2
    data_dir = Path(argv[0]) if argv else RAW
    try:
        raw = load_raw(data_dir)
    except FileProblem as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for problem in raw.problems:
        print(problem)
    n_inc, n_src = len(raw.incidents), len(raw.sources)
    if raw.problems:
        print(f"{len(raw.problems)} problem(s) in {data_dir} ({n_inc} incidents, {n_src} source rows read)", file=sys.stderr)
        return 1
    print(f"ok: {data_dir}: {n_inc} incidents, {n_src} source rows, no problems")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
