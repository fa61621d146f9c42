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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa

from . import schema
from .estimates import source_figures
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


def _alias_map(aliases: pl.DataFrame | None, kind: str) -> dict[str, str]:
    if aliases is None:
        return {}
    rows = aliases.filter(pl.col("kind") == kind)
    return {a.casefold(): c for a, c in zip(rows["alias"], rows["canonical"], strict=True)}


def _apply_aliases(distinct: dict[str, list[str]], aliases: pl.DataFrame | None) -> list[pl.Expr]:
    """Per column of ``distinct`` (its distinct values): collapse whitespace and apply the alias
    table (case-insensitive), looking each distinct value up once."""
    out = []
    for kind, values in distinct.items():
        mapping, changed = _alias_map(aliases, kind), {}
        for value in values:
            tidy = " ".join(value.split())
            spelled = mapping.get(tidy.casefold(), tidy)
            if spelled != value:
                changed[value] = spelled
        out.append(pl.col(kind).replace(list(changed), list(changed.values())) if changed else pl.col(kind))
    return out


def _rejected_rows(frame: pl.DataFrame, table: str, reasons: dict[int, list[str]], id_col: str) -> list[dict]:
    if frame.height == 0 or not reasons:
        return []
    rows = frame.filter(pl.col(LINE).is_in(list(reasons)))
    out = []
    for row in rows.iter_rows(named=True):
        line = int(row.pop(LINE))
        raw = {k: "" if v is None else v for k, v in row.items()}
        out.append({"table": table, "line": line, "id": raw[id_col], "reason": "; ".join(reasons[line]),
                    "raw": json.dumps(raw, ensure_ascii=False, sort_keys=True)})
    return out


ARROW_TO_PANDAS = {
    pa.large_string(): pd.StringDtype(),
    pa.string(): pd.StringDtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.float64(): pd.Float64Dtype(),
}


def to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    """Polars to pandas with nullable dtypes: string, Int64, Float64, datetime64[us]."""
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest()).to_pandas(types_mapper=ARROW_TO_PANDAS.get)


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
    aux_bad = {t: [p.line for p in raw.problems if p.file == raw.files.get(t)] for t in ("aliases", "places")}
    aliases = raw.aliases.filter(~pl.col(LINE).is_in(aux_bad["aliases"])) if raw.aliases is not None else None
    places = raw.places.filter(~pl.col(LINE).is_in(aux_bad["places"])) if raw.places is not None else None
    inc, src = raw.incidents, raw.sources
    if by_file["incidents"]:
        bad_ids = inc.filter(pl.col(LINE).is_in(list(by_file["incidents"])))["incident_id"].drop_nulls()
        orphaned = src.filter(pl.col("incident_id").is_in(bad_ids.implode()))
        for line, iid in orphaned.select(LINE, "incident_id").iter_rows():
            by_file["sources"].setdefault(int(line), []).append(f"incident_id: incident {iid} was rejected")
    if by_file["sources"]:
        # Validation guarantees every incident a source row; only rejecting sources can take it away.
        good_src = src.filter(~pl.col(LINE).is_in(list(by_file["sources"])))
        lacking = inc.filter(~pl.col("incident_id").is_in(good_src["incident_id"].implode())
                             & ~pl.col(LINE).is_in(list(by_file["incidents"])))
        for line in lacking[LINE]:
            by_file["incidents"].setdefault(int(line), []).append("incident_id: no valid source row left")

    rejected = pd.DataFrame(
        _rejected_rows(inc, "incidents", by_file["incidents"], "incident_id")
        + _rejected_rows(src, "sources", by_file["sources"], "source_id")
        + unparsed,
        columns=["table", "line", "id", "reason", "raw"],
    )
    rejected = rejected.sort_values(["table", "line"], kind="stable").reset_index(drop=True)

    # The distinct spellings of every aliased column, found in one parallel pass over both tables.
    spelled = [(inc, ("province", "district", "place", "perpetrator")), (src, ("outlet",))]
    distinct = [f.row(0, named=True) for f in pl.collect_all(
        frame.lazy().select(pl.col(kind).drop_nulls().unique().implode() for kind in kinds) for frame, kinds in spelled)]
    inc_aliases, src_aliases = (_apply_aliases(d, aliases) for d in distinct)
    # One lazy plan for both tables, so that Polars runs the branches side by side.
    inc, src = inc.lazy(), src.lazy()
    if by_file["incidents"]:
        inc = inc.filter(~pl.col(LINE).is_in(list(by_file["incidents"])))
    if by_file["sources"]:
        src = src.filter(~pl.col(LINE).is_in(list(by_file["sources"])))

    day = "%Y-%m-%d"
    inc = inc.with_columns(
        *inc_aliases,
        pl.col("date").str.to_date(day).cast(pl.Datetime("us")),
        *(pl.col(c).cast(pl.Int64) for c in INT_COLS["incidents"]),
    )
    src = src.with_columns(
        *src_aliases,
        pl.col("published").str.to_date(day).cast(pl.Datetime("us")),
        *(pl.col(c).cast(pl.Int64) for c in INT_COLS["sources"]),
    ).drop(LINE)

    renamed = {c: f"_{c}" for c in ("deaths_low", "deaths_best", "deaths_high")}
    if by_file["sources"] or by_file["incidents"] or raw.source_figures is None:
        figures = source_figures(src).rename(renamed)
        inc = inc.join(figures, on="incident_id", how="left", maintain_order="left")
    else:  # no row rejected: validation's figures, one per incident row in order, are the clean rows' figures
        figures = raw.source_figures.lazy().select(*renamed, "n_sources").rename(renamed)
        inc = pl.concat([inc, figures], how="horizontal")
    derived = pl.col("deaths_best").is_null() & pl.col("_deaths_best").is_not_null()
    inc = inc.with_columns(
        *(pl.coalesce(c, f"_{c}").alias(c) for c in ("deaths_low", "deaths_best", "deaths_high")),
        pl.when(derived).then(pl.lit("lower median of sources"))
        .when(pl.coalesce("deaths_best", "_deaths_best").is_not_null()).then(pl.lit("set by coder"))
        .otherwise(pl.lit("")).alias("best_rule"),
        pl.col("n_sources").fill_null(0),
        pl.col("date").dt.year().cast(pl.Int64).alias("year"),
    ).select(*schema.columns("incidents"), "best_rule", "n_sources", "year")

    if places is not None:
        places = places.lazy().select(
            "country", "place",
            pl.col("latitude").cast(pl.Float64), pl.col("longitude").cast(pl.Float64), "coord_source",
        )
        inc = inc.join(places, on=["country", "place"], how="left", validate="m:1", maintain_order="left")
    else:
        inc = inc.with_columns(
            pl.lit(None, pl.Float64).alias("latitude"),
            pl.lit(None, pl.Float64).alias("longitude"),
            pl.lit(None, pl.String).alias("coord_source"),
        )
    # Each table in the order of its own id. Raw files are usually kept in that order already
    # (ids are given in sequence), and then the rows are not moved at all.
    if not raw.incidents["incident_id"].is_sorted():
        inc = inc.sort("incident_id", maintain_order=True)
    if not raw.sources["source_id"].is_sorted():
        src = src.sort("source_id", maintain_order=True)
    inc, src = pl.collect_all([inc, src])

    raw_counts = {
        "incidents": raw.incidents.height + sum(r["table"] == "incidents" for r in unparsed),
        "sources": raw.sources.height + sum(r["table"] == "sources" for r in unparsed),
    }
    accounting = pd.DataFrame(
        {
            "table": ["incidents", "sources"],
            "raw": [raw_counts["incidents"], raw_counts["sources"]],
            "clean": [inc.height, src.height],
            "rejected": [int((rejected["table"] == t).sum()) for t in ("incidents", "sources")],
        }
    )
    lost = accounting[accounting["raw"] != accounting["clean"] + accounting["rejected"]]
    if not lost.empty:
        raise AccountingError(f"row accounting failed: {lost.to_dict('records')}")
    with ThreadPoolExecutor(1) as pool:  # the two conversions side by side (both release the GIL)
        sources = pool.submit(to_pandas, src)
        incidents = to_pandas(inc)
        return Dataset(incidents, sources.result(), rejected, accounting, raw.problems)


def load(data_dir: Path) -> Dataset:
    """Read, validate and clean a raw data folder (one read of each file)."""
    return clean(load_raw(Path(data_dir)))


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV with formulas neutralised (:func:`csv_safe`), ISO dates and 5-decimal floats, via Polars' writer."""
    out = pl.from_pandas(csv_safe(frame))
    text = [c for c, t in out.schema.items() if t == pl.String]
    out = out.with_columns(pl.col(c).replace("", None) for c in text)  # empty and missing: both an empty cell
    out.write_csv(path, line_terminator="\n", float_precision=5, datetime_format="%Y-%m-%d", date_format="%Y-%m-%d")


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
