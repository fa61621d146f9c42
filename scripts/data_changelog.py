#!/usr/bin/env python
"""Print, in markdown, what changed in data/raw between two git revisions.

    scripts/data_changelog.py OLD_REV NEW_REV      (NEW_REV may be WORKTREE)

Lists incidents added, removed and changed, and casualty figures revised. Exit 2 when a
revision cannot be read.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from borderledger import changelog  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: scripts/data_changelog.py OLD_REV NEW_REV (NEW_REV may be WORKTREE)", file=sys.stderr)
        return 2
    try:
        print(changelog.markdown(changelog.diff(*argv), *argv))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
