"""Loss-free cleaning: raw rows = clean rows + rejected rows, per table, always.

Rows with a validation problem are rejected with the reason (never dropped, never altered);
the rest get normalised spellings (alias tables), typed dates and numbers, figures derived
from the sources where the incident leaves them blank, and coordinates from the gazetteer.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import schema
from .estimates import best_from_sources, source_range
from .params import Settings
from .tables import csv_safe
from .validation import LINE, Problem, RawData, load_raw

INT_COLS = {
    "incidents": [c.name for c in schema.INCIDENTS if c.kind == "int"],
    "sources": [c.name for c in schema.SOURCES if c.kind == "int"],
}


class AccountingError(AssertionError):
    """Raw rows did not equal clean + rejected rows: a row was lost or invented."""


@dataclass
class Dataset:
    incidents: pd.DataFrame
    sources: pd.DataFrame
    rejected: pd.DataFrame
    accounting: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    def filtered(self, settings: Settings) -> Dataset:
        """Incidents (and their sources) within the parameters' dates and countries."""
        inc = self.incidents
        keep = (
            (inc["date"] >= pd.Timestamp(settings.start_date))
            & (inc["date"] <= pd.Timestamp(settings.end_date))
            & inc["country"].isin(settings.countries)
        )
        inc = inc[keep].reset_index(drop=True)
        src = self.sources[_among(self.sources["incident_id"], inc["incident_id"])].reset_index(drop=True)
        return Dataset(inc, src, self.rejected, self.accounting, self.problems)


def _among(values: pd.Series, allowed) -> pd.Series:
    """``values.isin(allowed)`` through a hash set (Arrow-backed isin is slow for big sets)."""
    return values.astype(object).isin(set(allowed))


def _alias_map(aliases: pd.DataFrame | None, kind: str) -> dict[str, str]:
    if aliases is None:
        return {}
    rows = aliases[aliases["kind"] == kind]
    return {a.casefold(): c for a, c in zip(rows["alias"], rows["canonical"], strict=True)}


def _apply_aliases(series: pd.Series, mapping: dict[str, str]) -> pd.Series:
    """Collapse whitespace and apply the alias table (case-insensitive), once per distinct value."""
    spelled = {}
    for value in series.dropna().unique():
        tidy = " ".join(str(value).split())
        spelled[value] = mapping.get(tidy.casefold(), tidy)
    return series.map(spelled).astype("string")


def _rejected_rows(frame: pd.DataFrame, table: str, reasons: dict[int, list[str]], id_col: str) -> pd.DataFrame:
    if frame.empty or not reasons:
        return pd.DataFrame(columns=["table", "line", "id", "reason", "raw"])
    rows = frame[frame[LINE].isin(reasons)]
    raw = rows.drop(columns=[LINE]).astype(object).where(rows.notna(), "")
    return pd.DataFrame(
        {
            "table": table,
            "line": rows[LINE].astype(int).to_numpy(),
            "id": rows[id_col].fillna("").to_numpy(),
            "reason": ["; ".join(reasons[int(line)]) for line in rows[LINE]],
            "raw": [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in raw.to_dict("records")],
        }
    )


def clean(raw: RawData) -> Dataset:
    """Split raw rows into clean and rejected; normalise, type and derive the clean ones."""
    by_file: dict[str, dict[int, list[str]]] = {"incidents": {}, "sources": {}}
    unparsed: list[dict] = []
    known_lines = {"incidents": set(raw.incidents[LINE]) if raw.problems else set(),
                   "sources": set(raw.sources[LINE]) if raw.problems else set()}
    for p in raw.problems:
        table = next((t for t, f in raw.files.items() if f == p.file), None)
        if table not in by_file:
            continue
        if p.line in known_lines[table]:
            by_file[table].setdefault(p.line, []).append(f"{p.column}: {p.rule}")
        elif p.column == "*" and p.line > 1:
            unparsed.append(
                {"table": table, "line": p.line, "id": "", "reason": p.rule, "raw": json.dumps(p.value, ensure_ascii=False)}
            )
    aux_bad = {t: {p.line for p in raw.problems if p.file == raw.files.get(t)} for t in ("aliases", "places")}
    aliases = raw.aliases[~raw.aliases[LINE].isin(aux_bad["aliases"])] if raw.aliases is not None else None
    places = raw.places[~raw.places[LINE].isin(aux_bad["places"])] if raw.places is not None else None
    inc_bad = set(by_file["incidents"])
    bad_ids = set(raw.incidents.loc[raw.incidents[LINE].isin(inc_bad), "incident_id"].dropna())
    src = raw.sources
    orphaned = src[_among(src["incident_id"], bad_ids)]
    for line, iid in zip(orphaned[LINE], orphaned["incident_id"], strict=True):
        by_file["sources"].setdefault(int(line), []).append(f"incident_id: incident {iid} was rejected")
    good_src = src[~src[LINE].isin(by_file["sources"])]
    lacking = ~_among(raw.incidents["incident_id"], good_src["incident_id"]) & ~raw.incidents[LINE].isin(inc_bad)
    for line in raw.incidents.loc[lacking, LINE]:
        by_file["incidents"].setdefault(int(line), []).append("incident_id: no valid source row left")

    rejected = pd.concat(
        [
            _rejected_rows(raw.incidents, "incidents", by_file["incidents"], "incident_id"),
            _rejected_rows(raw.sources, "sources", by_file["sources"], "source_id"),
            pd.DataFrame(unparsed, columns=["table", "line", "id", "reason", "raw"]),
        ],
        ignore_index=True,
    )
    rejected = rejected.sort_values(["table", "line"], kind="stable").reset_index(drop=True)

    inc = raw.incidents[~raw.incidents[LINE].isin(by_file["incidents"])].copy()
    src = raw.sources[~raw.sources[LINE].isin(by_file["sources"])].copy()

    for kind in ("province", "district", "place", "perpetrator"):
        inc[kind] = _apply_aliases(inc[kind], _alias_map(aliases, kind))
    src["outlet"] = _apply_aliases(src["outlet"], _alias_map(aliases, "outlet"))
    inc["date"] = pd.to_datetime(inc["date"], format="%Y-%m-%d")
    src["published"] = pd.to_datetime(src["published"], format="%Y-%m-%d")
    for table, frame in (("incidents", inc), ("sources", src)):
        for col in INT_COLS[table]:
            frame[col] = pd.to_numeric(frame[col]).astype("Int64")

    lo, hi = source_range(src)
    best = best_from_sources(src)
    ids = inc["incident_id"]
    derived = inc["deaths_best"].isna() & ids.map(best).notna()
    inc["deaths_low"] = inc["deaths_low"].fillna(ids.map(lo).astype("Int64"))
    inc["deaths_high"] = inc["deaths_high"].fillna(ids.map(hi).astype("Int64"))
    inc["deaths_best"] = inc["deaths_best"].fillna(ids.map(best).astype("Int64"))
    inc["best_rule"] = pd.Series("", index=inc.index, dtype="string").mask(
        inc["deaths_best"].notna(), "set by coder").mask(derived, "lower median of sources")
    counts = src.groupby("incident_id").size()
    inc["n_sources"] = ids.map(counts).fillna(0).astype("Int64")
    inc["year"] = inc["date"].dt.year.astype("Int64")

    if places is not None:
        places = places.copy()
        places["latitude"] = pd.to_numeric(places["latitude"])
        places["longitude"] = pd.to_numeric(places["longitude"])
        inc = inc.merge(
            places[["country", "place", "latitude", "longitude", "coord_source"]],
            on=["country", "place"],
            how="left",
            validate="many_to_one",
        )
    else:
        inc["latitude"] = pd.Series(float("nan"), index=inc.index)
        inc["longitude"] = pd.Series(float("nan"), index=inc.index)
        inc["coord_source"] = pd.Series(pd.NA, index=inc.index, dtype="string")

    inc = inc.drop(columns=[LINE]).sort_values("incident_id", kind="stable").reset_index(drop=True)
    src = src.drop(columns=[LINE]).sort_values(["incident_id", "source_id"], kind="stable").reset_index(drop=True)

    raw_counts = {
        "incidents": len(raw.incidents) + sum(r["table"] == "incidents" for r in unparsed),
        "sources": len(raw.sources) + sum(r["table"] == "sources" for r in unparsed),
    }
    accounting = pd.DataFrame(
        {
            "table": ["incidents", "sources"],
            "raw": [raw_counts["incidents"], raw_counts["sources"]],
            "clean": [len(inc), len(src)],
            "rejected": [int((rejected["table"] == t).sum()) for t in ("incidents", "sources")],
        }
    )
    lost = accounting[accounting["raw"] != accounting["clean"] + accounting["rejected"]]
    if not lost.empty:
        raise AccountingError(f"row accounting failed: {lost.to_dict('records')}")
    return Dataset(inc, src, rejected, accounting, raw.problems)


def load(data_dir: Path) -> Dataset:
    """Read, validate and clean a raw data folder (one read of each file)."""
    return clean(load_raw(Path(data_dir)))


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    out = csv_safe(frame)
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    out.to_csv(path, index=False, lineterminator="\n", float_format="%.5f", encoding="utf-8")


def write_clean(ds: Dataset, out_dir: Path) -> None:
    """Write clean tables, rejected rows and accounting, replacing ``out_dir`` atomically.

    Everything is written to a temporary sibling folder first; only a complete folder
    replaces the old one, so a failed or killed run leaves the previous output as it was.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        _write_csv(ds.incidents, tmp / "incidents.csv")
        _write_csv(ds.sources, tmp / "sources.csv")
        _write_csv(ds.rejected, tmp / "rejected.csv")
        _write_csv(ds.accounting, tmp / "accounting.csv")
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}-old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        if old is not None:
            shutil.rmtree(old)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
