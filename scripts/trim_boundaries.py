#!/usr/bin/env python
"""Trim Natural Earth country outlines (world-atlas TopoJSON) to Iran, Pakistan, Afghanistan.

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/trim_boundaries.py package/countries-50m.json data/geo/region-50m.json

Run once by hand when the outlines should change; the trimmed file is committed so that
nothing is fetched when the book is built. Natural Earth data is in the public domain; the
world-atlas packaging is ISC-licensed (data/geo/LICENSE.md).
"""

import json
import sys

KEEP = {"Iran", "Pakistan", "Afghanistan"}


def main(src: str, dst: str) -> None:
    topo = json.load(open(src, encoding="utf-8"))
    geoms = [g for g in topo["objects"]["countries"]["geometries"] if g.get("properties", {}).get("name") in KEEP]
    used: dict[int, int] = {}

    def remap(arcs):
        if isinstance(arcs, int):
            i = arcs if arcs >= 0 else ~arcs
            if i not in used:
                used[i] = len(used)
            return used[i] if arcs >= 0 else ~used[i]
        return [remap(a) for a in arcs]

    for g in geoms:
        g["arcs"] = remap(g["arcs"])
    arcs = [None] * len(used)
    for old, new in used.items():
        arcs[new] = topo["arcs"][old]
    out = {"type": "Topology", "transform": topo["transform"], "arcs": arcs,
           "objects": {"countries": {"type": "GeometryCollection", "geometries": geoms}}}
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(out, fh, separators=(",", ":"), sort_keys=True)
        fh.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
