#!/usr/bin/env python
"""Print the column tables of the codebook from borderledger/schema.py (paste-free check).

    python scripts/write_codebook_tables.py > /tmp/tables.md

A test checks that every column declared in the schema is described in data/codebook.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from borderledger import schema  # noqa: E402

for table, cols in schema.TABLES.items():
    print(f"\n### `{table}.csv`\n\n| column | type | required | meaning | allowed values |\n|---|---|---|---|---|")
    for c in cols:
        allowed = ", ".join(f"`{v}`" for v in c.choices) or (c.pattern and f"`{c.pattern}`") or ""
        print(f"| `{c.name}` | {c.kind} | {'yes' if c.required else 'no'} | {c.description} | {allowed} |")
