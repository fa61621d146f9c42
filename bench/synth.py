#!/usr/bin/env python
"""Make a clearly synthetic, schema-valid raw data folder by replicating the real data.

    bench/synth.py OUT_DIR --factor 100          # 100 copies of every incident and source
    bench/synth.py OUT_DIR --sources 1000000     # enough copies for >= 1,000,000 source rows

Every copy gets a new id, a summary starting "SYNTHETIC" and an example.org URL; dates,
places and figures are the real ones, so charts aggregate the same categories. Never write
the output under data/ (the script refuses).
"""

from __future__ import annotations

import argparse
import csv
import math
import shutil
import sys
from pathlib import Path

from borderledger import schema
from borderledger.paths import RAW, ROOT


def generate(out: Path, factor: int, raw: Path = RAW) -> tuple[int, int]:
    out = Path(out).resolve()
    if (ROOT / "data").resolve() in (out, *out.parents):
        raise SystemExit("error: synthetic data must not be written under data/")
    out.mkdir(parents=True, exist_ok=True)
    incidents = list(csv.DictReader(open(raw / "incidents.csv", encoding="utf-8")))
    sources = list(csv.DictReader(open(raw / "sources.csv", encoding="utf-8")))
    by_incident: dict[str, list[dict]] = {}
    for s in sources:
        by_incident.setdefault(s["incident_id"], []).append(s)
    per_year: dict[str, int] = {}
    n_inc = n_src = 0
    with open(out / "incidents.csv", "w", newline="", encoding="utf-8") as fi, \
         open(out / "sources.csv", "w", newline="", encoding="utf-8") as fs:
        wi = csv.DictWriter(fi, fieldnames=schema.columns("incidents"), lineterminator="\n")
        ws = csv.DictWriter(fs, fieldnames=schema.columns("sources"), lineterminator="\n")
        wi.writeheader()
        ws.writeheader()
        # Incident by incident, each followed by its copies: like the real files, both tables come
        # out in the order of their ids (which cleaning then need not sort).
        for inc in incidents:
            year = inc["date"][:4]
            for copy in range(factor):
                per_year[year] = per_year.get(year, 0) + 1
                new_id = f"BL-{year}-{per_year[year]:06d}"
                wi.writerow({**inc, "incident_id": new_id, "notes": "", "related_to": "",
                             "summary": f"SYNTHETIC copy {copy} of {inc['incident_id']}"})
                n_inc += 1
                for s in by_incident.get(inc["incident_id"], []):
                    n_src += 1
                    ws.writerow({**s, "source_id": f"S-{n_src:07d}", "incident_id": new_id,
                                 "url": f"https://example.org/synthetic/{n_src}",
                                 "paraphrase": "SYNTHETIC copy of a real source row"})
    for extra in ("aliases.csv", "places.csv", "areas.csv", "context.csv"):
        if (raw / extra).exists():
            shutil.copy2(raw / extra, out / extra)
    if (raw / "search_log.csv").exists():  # the searches, without the real incidents they name
        with open(raw / "search_log.csv", encoding="utf-8") as fh, \
             open(out / "search_log.csv", "w", newline="", encoding="utf-8") as fo:
            searches = csv.DictWriter(fo, fieldnames=schema.columns("search_log"), lineterminator="\n")
            searches.writeheader()
            for row in csv.DictReader(fh):
                searches.writerow({**row, "incidents_added": "", "incidents_confirmed": ""})
    return n_inc, n_src


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--factor", type=int)
    group.add_argument("--sources", type=int)
    args = ap.parse_args(argv)
    factor = args.factor
    if args.sources:
        real = sum(1 for _ in open(RAW / "sources.csv", encoding="utf-8")) - 1
        factor = math.ceil(args.sources / real)
    n_inc, n_src = generate(args.out, factor)
    print(f"wrote {n_inc} synthetic incidents and {n_src} source rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
