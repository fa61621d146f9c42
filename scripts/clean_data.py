#!/usr/bin/env python
"""Regenerate data/clean/ from data/raw/ (deterministic; the only writer of data/clean/).

    scripts/clean_data.py [RAW_DIR] [OUT_DIR]

Prints row accounting (raw = clean + rejected, per table). Exit 2 on unreadable files.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from borderledger.clean import clean, write_clean  # noqa: E402
from borderledger.paths import CLEAN, RAW  # noqa: E402
from borderledger.validation import FileProblem, load_raw  # noqa: E402


def main(argv: list[str]) -> int:
    raw_dir = Path(argv[0]) if argv else RAW
    out_dir = Path(argv[1]) if len(argv) > 1 else CLEAN
    try:
        ds = clean(load_raw(raw_dir))
    except FileProblem as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    write_clean(ds, out_dir)
    for row in ds.accounting.itertuples(index=False):
        print(f"{row.table}: raw {row.raw} = clean {row.clean} + rejected {row.rejected}")
    print(f"wrote {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
