"""Loss-free cleaning: raw rows = clean rows + rejected rows, per table, always.

Rows with a validation problem are rejected with the reason (never dropped, never altered);
the rest get normalised spellings (alias tables), typed dates and numbers, figures derived
from the sources where the incident leaves them blank, and coordinates from the gazetteer.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa

from . import schema
from .estimates import source_figures
from .params import Settings
from .schema import LINE
from .tables import csv_safe
from .validation import Problem, RawData, load_raw

ALIASED = {"incidents": ("place", "perpetrator"), "sources": ("outlet",), "context": (), "search_log": (), "areas": ()}


class AccountingError(AssertionError):
    """Raw rows did not equal clean + rejected rows: a row was lost or invented."""


@dataclass
class Dataset:
    incidents: pd.DataFrame
    sources: pd.DataFrame
    rejected: pd.DataFrame
    accounting: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    # The helper tables, typed, without rows validation reported (empty frames when absent).
    context: pd.DataFrame = field(default_factory=pd.DataFrame)
    search_log: pd.DataFrame = field(default_factory=pd.DataFrame)
    areas: pd.DataFrame = field(default_factory=pd.DataFrame)

    def filtered(self, settings: Settings) -> Dataset:
        """Incidents (and their sources) within the parameters' dates and countries; the helper
        tables are kept whole."""
        inc = self.incidents
        keep = (
            (inc["date"] >= pd.Timestamp(settings.start_date))
            & (inc["date"] <= pd.Timestamp(settings.end_date))
            & inc["country"].isin(settings.countries)
        )
        inc = inc[keep].reset_index(drop=True)
        src = self.sources[self.sources["incident_id"].isin(inc["incident_id"])].reset_index(drop=True)
        return dataclasses.replace(self, incidents=inc, sources=src)


def _reasons(raw: RawData) -> tuple[dict[str, dict[int, list[str]]], list[dict]]:
    """Why each rejected row of incidents and sources is rejected, by line; and the rows that
    could not be read at all (ragged, unparsable), as rejected-row records.

    A rejected incident takes its sources along, and an incident whose sources are all
    rejected is rejected too.
    """
    reasons: dict[str, dict[int, list[str]]] = {"incidents": {}, "sources": {}}
    if not raw.problems:
        return reasons, []
    table_of = {f: t for t, f in raw.files.items()}
    frames = {"incidents": raw.incidents, "sources": raw.sources}
    lines = {t: set(f[LINE]) for t, f in frames.items()}
    unread = []
    for p in raw.problems:
        table = table_of.get(p.file)
        if table not in reasons:
            continue
        if p.line in lines[table]:
            reasons[table].setdefault(p.line, []).append(f"{p.column}: {p.rule}")
        else:  # a row that could not be read (ragged, unparsable, oversized)
            unread.append({"table": table, "line": p.line, "id": "", "reason": p.rule,
                           "raw": json.dumps(p.value, ensure_ascii=False)})
    inc, src = raw.incidents, raw.sources
    bad_ids = inc.filter(pl.col(LINE).is_in(list(reasons["incidents"])))["incident_id"].drop_nulls()
    for line, iid in src.filter(pl.col("incident_id").is_in(bad_ids.implode())).select(LINE, "incident_id").iter_rows():
        reasons["sources"].setdefault(line, []).append(f"incident_id: incident {iid} was rejected")
    kept_ids = src.filter(~pl.col(LINE).is_in(list(reasons["sources"])))["incident_id"]
    unsourced = ~pl.col("incident_id").is_in(kept_ids.implode())
    lacking = inc.filter(unsourced & ~pl.col(LINE).is_in(list(reasons["incidents"])))
    for line in lacking[LINE]:
        reasons["incidents"].setdefault(line, []).append("incident_id: no valid source row left")
    return reasons, unread


def _rejected(raw: RawData, reasons: dict[str, dict[int, list[str]]], unread: list[dict]) -> pd.DataFrame:
    """One row per rejected raw row: table, line, id, the reasons and the raw cells as JSON."""
    records = list(unread)
    for table, frame, id_col in (("incidents", raw.incidents, "incident_id"), ("sources", raw.sources, "source_id")):
        for row in frame.filter(pl.col(LINE).is_in(list(reasons[table]))).iter_rows(named=True):
            line = row.pop(LINE)
            cells = {k: "" if v is None else v for k, v in row.items()}
            records.append({"table": table, "line": line, "id": cells[id_col],
                            "reason": "; ".join(reasons[table][line]),
                            "raw": json.dumps(cells, ensure_ascii=False, sort_keys=True)})
    frame = pd.DataFrame(records, columns=["table", "line", "id", "reason", "raw"])
    return frame.sort_values(["table", "line"], kind="stable").reset_index(drop=True)


def _usable(frame: pl.DataFrame | None, problems: list[Problem], name: str) -> pl.DataFrame | None:
    """A helper table (aliases, places) without its invalid rows, which validation reported."""
    if frame is None:
        return None
    return frame.filter(~pl.col(LINE).is_in([p.line for p in problems if p.file == name]))


def _normalise(frame: pl.DataFrame, table: str, aliases: pl.DataFrame | None) -> pl.DataFrame:
    """Spellings through the alias table (whitespace collapsed, case-insensitive), typed dates and numbers."""
    spelled = []
    for kind in ALIASED[table]:
        mapping = {}
        if aliases is not None:
            rows = aliases.filter(pl.col("kind") == kind)
            mapping = {a.casefold(): c for a, c in zip(rows["alias"], rows["canonical"], strict=True)}
        changed = {}
        for value in frame[kind].drop_nulls().unique():
            tidy = " ".join(value.split())
            if (spelling := mapping.get(tidy.casefold(), tidy)) != value:
                changed[value] = spelling
        spelled.append(pl.col(kind).replace(changed))
    kinds = {c.name: c.kind for c in schema.TABLES[table]}
    typed = [pl.col(c).str.to_date("%Y-%m-%d").cast(pl.Datetime("us")) for c, k in kinds.items() if k == "date"]
    typed += [pl.col(c).cast(pl.Int64) for c, k in kinds.items() if k == "int"]
    return frame.with_columns(*spelled, *typed)


def _derive_figures(incidents: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Blank low/best/high and per-group deaths taken from the sources (:func:`source_figures`);
    ``best_rule`` says which rule set the best figure; a party's claim stays beside the range."""
    figures = source_figures(sources)
    derived = {"deaths_low": "deaths_low", "deaths_best": "deaths_best", "deaths_high": "deaths_high",
               **{column: f"{group}_best" for column, group in schema.COMPONENT_COLUMNS.items()}}
    merged = incidents.join(figures.select("incident_id", "n_sources", "deaths_basis", "deaths_claimed", "claimed_by",
                                           *(pl.col(f).alias(f"_{c}") for c, f in derived.items())),
                            on="incident_id", how="left", maintain_order="left")
    from_sources = pl.col("deaths_best").is_null() & pl.col("_deaths_best").is_not_null()
    return merged.with_columns(
        *(pl.coalesce(c, f"_{c}").alias(c) for c in derived),
        pl.when(from_sources).then(pl.lit("lower median of sources"))
        .when(pl.col("deaths_best").is_not_null()).then(pl.lit("set by coder"))
        .otherwise(pl.lit("")).alias("best_rule"),
        pl.col("n_sources").fill_null(0),
        pl.col("date").dt.year().cast(pl.Int64).alias("year"),
    ).select(*schema.columns("incidents"), "best_rule", "deaths_basis", "deaths_claimed", "claimed_by", "n_sources",
             "year")


def _locate(incidents: pl.DataFrame, places: pl.DataFrame | None, areas: pl.DataFrame | None) -> pl.DataFrame:
    """Coordinates of each incident's place from the gazetteer; an incident whose place is not in
    it is drawn at its district's seat (``located`` says which: ``place``, ``district seat`` or empty)."""
    places = places if places is not None else pl.DataFrame(schema={c: pl.String for c in schema.columns("places")})
    areas = areas if areas is not None else pl.DataFrame(schema={c: pl.String for c in schema.columns("areas")})
    where = places.select("country", "place", pl.col("latitude").cast(pl.Float64),
                          pl.col("longitude").cast(pl.Float64), "coord_source")
    seats = (areas.select("country", "district", pl.col("seat").alias("place")).join(where, on=["country", "place"])
             .select("country", "district", *(pl.col(c).alias(f"_seat_{c}") for c in ("latitude", "longitude",
                                                                                      "coord_source"))))
    located = incidents.join(where, on=["country", "place"], how="left", validate="m:1", maintain_order="left")
    at_seat = located.join(seats, on=["country", "district"], how="left", maintain_order="left")
    on_place = pl.col("latitude").is_not_null()
    return at_seat.with_columns(
        *(pl.coalesce(c, f"_seat_{c}").alias(c) for c in ("latitude", "longitude", "coord_source")),
        pl.when(on_place).then(pl.lit("place")).when(pl.col("_seat_latitude").is_not_null())
        .then(pl.lit("district seat")).otherwise(pl.lit("")).alias("located"),
    ).drop(pl.selectors.starts_with("_seat_"))


def _account(raw: RawData, clean: dict[str, pl.DataFrame], rejected: pd.DataFrame, unread: list[dict]) -> pd.DataFrame:
    """Rows per table: raw = clean + rejected, or :class:`AccountingError`."""
    rows = []
    for table, frame in (("incidents", raw.incidents), ("sources", raw.sources)):
        read = frame.height + sum(r["table"] == table for r in unread)
        rows.append({"table": table, "raw": read, "clean": clean[table].height,
                     "rejected": int((rejected["table"] == table).sum())})
    accounting = pd.DataFrame(rows)
    lost = accounting[accounting["raw"] != accounting["clean"] + accounting["rejected"]]
    if not lost.empty:
        raise AccountingError(f"row accounting failed: {lost.to_dict('records')}")
    return accounting


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
    """Split raw rows into clean and rejected; normalise, type and derive the clean ones.

    Each table comes out in the order of its own id.
    """
    reasons, unread = _reasons(raw)
    rejected = _rejected(raw, reasons, unread)
    aliases = _usable(raw.aliases, raw.problems, raw.files["aliases"])
    places = _usable(raw.places, raw.problems, raw.files["places"])
    areas = _usable(raw.areas, raw.problems, raw.files["areas"])
    kept = {t: f.filter(~pl.col(LINE).is_in(list(reasons[t]))).drop(LINE)
            for t, f in (("incidents", raw.incidents), ("sources", raw.sources))}
    sources = _normalise(kept["sources"], "sources", aliases).sort("source_id", maintain_order=True)
    incidents = _normalise(kept["incidents"], "incidents", aliases)
    incidents = _locate(_derive_figures(incidents, sources), places, areas).sort("incident_id", maintain_order=True)
    accounting = _account(raw, {"incidents": incidents, "sources": sources}, rejected, unread)
    helpers = {t: _typed(_usable(getattr(raw, t), raw.problems, raw.files[t]), t)
               for t in ("context", "search_log", "areas")}
    return Dataset(to_pandas(incidents), to_pandas(sources), rejected, accounting, raw.problems, **helpers)


def _typed(frame: pl.DataFrame | None, table: str) -> pd.DataFrame:
    """A helper table as pandas with typed dates and numbers (an empty frame with its columns if absent)."""
    if frame is None:
        return pd.DataFrame({c: pd.Series(dtype="string") for c in schema.columns(table)})
    return to_pandas(_normalise(frame.drop(LINE), table, None))


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
