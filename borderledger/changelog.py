"""What changed in data/raw between two git revisions (for reviewers and the changelog page)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pandas as pd

from .paths import ROOT

WORKTREE = "WORKTREE"
CHANGELOG = ROOT / "data" / "CHANGELOG.md"


def dataset_version(path: Path = CHANGELOG) -> tuple[str, str]:
    """The current dataset version and its date, from the first ``## x.y.z (date)`` heading of the
    data changelog."""
    match = re.search(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)", path.read_text(encoding="utf-8"), re.M)
    if not match:
        raise ValueError(f"{path}: no version heading '## x.y.z (YYYY-MM-DD)'")
    return match.group(1), match.group(2)
FIGURES = ("deaths_low", "deaths_best", "deaths_high", "injured_best")
SKIP = ("summary", "notes")  # wording edits are counted, not listed


def read(rev: str, table: str, root: Path = ROOT) -> pd.DataFrame:
    """A raw table at a git revision (or the working tree), all values as strings."""
    rel = f"data/raw/{table}.csv"
    if rev == WORKTREE:
        text = (root / rel).read_text(encoding="utf-8-sig")
    else:
        result = subprocess.run(["git", "show", f"{rev}:{rel}"], cwd=root, capture_output=True, text=True)
        if result.returncode:
            raise ValueError(f"cannot read {rel} at revision {rev!r}: {result.stderr.strip()}")
        text = result.stdout
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def compare(old_inc: pd.DataFrame, new_inc: pd.DataFrame, old_src: pd.DataFrame, new_src: pd.DataFrame) -> dict:
    o, n = old_inc.set_index("incident_id"), new_inc.set_index("incident_id")
    added = sorted(set(n.index) - set(o.index))
    removed = sorted(set(o.index) - set(n.index))
    changed, revised, reworded = [], [], 0
    for iid in sorted(set(o.index) & set(n.index)):
        for col in n.columns.intersection(o.columns):
            a, b = o.at[iid, col], n.at[iid, col]
            if a == b:
                continue
            if col in FIGURES:
                revised.append((iid, col, a, b))
            elif col in SKIP:
                reworded += 1
            else:
                changed.append((iid, col, a, b))
    so, sn = set(old_src["source_id"]), set(new_src["source_id"])
    return {"added": added, "removed": removed, "changed": changed, "revised": revised, "reworded": reworded,
            "sources_added": len(sn - so), "sources_removed": len(so - sn),
            "incidents": (len(o), len(n)), "sources": (len(so), len(sn))}


def diff(old_rev: str, new_rev: str, root: Path = ROOT) -> dict:
    return compare(read(old_rev, "incidents", root), read(new_rev, "incidents", root),
                   read(old_rev, "sources", root), read(new_rev, "sources", root))


def _cell(v: str) -> str:
    return (v or "(empty)").replace("|", "\\|").replace("\n", " ")


def markdown(d: dict, old_rev: str, new_rev: str) -> str:
    lines = [f"## Dataset changes {old_rev[:12]} → {new_rev[:12]}", "",
             f"- Incidents: {d['incidents'][0]} → {d['incidents'][1]} "
             f"({len(d['added'])} added, {len(d['removed'])} removed)",
             f"- Source rows: {d['sources'][0]} → {d['sources'][1]} "
             f"({d['sources_added']} added, {d['sources_removed']} removed)",
             f"- Casualty figures revised: {len(d['revised'])}; other fields changed: {len(d['changed'])}; "
             f"summaries or notes reworded: {d['reworded']}", ""]
    if d["added"]:
        lines += ["### Incidents added", "", ", ".join(d["added"]), ""]
    if d["removed"]:
        lines += ["### Incidents removed", "", ", ".join(d["removed"]), ""]
    for title, rows in (("Casualty figures revised", d["revised"]), ("Other fields changed", d["changed"])):
        if rows:
            lines += [f"### {title}", "", "| incident | field | before | after |", "|---|---|---|---|"]
            lines += [f"| {i} | {c} | {_cell(a)} | {_cell(b)} |" for i, c, a, b in rows]
            lines.append("")
    return "\n".join(lines)


# The first published version of the dataset (the commit that first held the full, verified
# tables); the book's changelog page starts here.
FIRST_VERSION = "cd61c11cd262bbc66b7f1b3bf8b069531b684755"


def html(d: dict, old_rev: str, new_rev: str) -> str:
    """The changes as HTML for the book: counts first, then the lists in collapsed boxes."""
    import html as escape

    from .tables import html_table

    def box(title: str, body: str) -> str:
        return f"<details><summary>{escape.escape(title)}</summary>{body}</details>"

    items = [f"Incidents: {d['incidents'][0]} → {d['incidents'][1]} ({len(d['added'])} added, "
             f"{len(d['removed'])} removed)",
             f"Source rows: {d['sources'][0]} → {d['sources'][1]} ({d['sources_added']} added, "
             f"{d['sources_removed']} removed)",
             f"Casualty figures revised: {len(d['revised'])}; other fields changed: {len(d['changed'])}; "
             f"summaries or notes reworded: {d['reworded']}"]
    out = [f"<p><strong>Changes from {escape.escape(old_rev[:12])} to {escape.escape(new_rev[:12])}</strong></p>",
           "<ul>" + "".join(f"<li>{escape.escape(i)}</li>" for i in items) + "</ul>"]
    for title, ids in (("Incidents added", d["added"]), ("Incidents removed", d["removed"])):
        if ids:
            out.append(box(f"{title} ({len(ids)})", f"<p>{escape.escape(', '.join(ids))}</p>"))
    for title, rows in (("Casualty figures revised", d["revised"]), ("Other fields changed", d["changed"])):
        if rows:
            frame = pd.DataFrame(rows, columns=["incident", "field", "before", "after"]).fillna("")
            out.append(box(f"{title} ({len(rows)})", html_table(frame)))
    return "\n".join(out)
