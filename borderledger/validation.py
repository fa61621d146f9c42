"""Reading and validating the raw tables.

Two layers, each reporting *every* failure at once with file, CSV line (header = line 1),
column, value and rule:

* :func:`read_table` checks the file itself (exists, UTF-8, comma-delimited, the contract's
  columns exactly once) and raises :class:`FileProblem` (exit code 2) when it cannot be read as
  a table. Ragged, unparsable or oversized rows are row problems, not file problems.
* :func:`check` evaluates the rules of :mod:`borderledger.schema` (one Polars expression per
  rule, true on passing rows) and reports each failing row as a :class:`Problem` (exit code 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from . import schema
from .estimates import source_figures
from .schema import LINE, Rule

csv.field_size_limit(2**31 - 1)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    rule: str

    def __str__(self) -> str:
        value = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"{self.file}:{self.line}: column {self.column}: value {value!r}: {self.rule}"


class FileProblem(Exception):
    """A file that cannot be read as the expected table (exit code 2)."""


@dataclass
class RawData:
    """The raw tables as strings (empty cell = null), each with its CSV line in ``_line``."""

    incidents: pl.DataFrame
    sources: pl.DataFrame
    aliases: pl.DataFrame | None
    places: pl.DataFrame | None
    areas: pl.DataFrame | None
    search_log: pl.DataFrame | None
    context: pl.DataFrame | None
    problems: list[Problem]
    files: dict[str, str]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---- files ------------------------------------------------------------------------------


def _not_utf8(name: str, data: bytes, err: UnicodeDecodeError, skipped: int = 0) -> FileProblem:
    offset = skipped + err.start
    line = data[:offset].count(b"\n") + 1
    return FileProblem(f"{name}:{line}: not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); "
                       "save the file as UTF-8")


def _header(name: str, data: bytes, table: str) -> list[str]:
    """The header's column names, or a :class:`FileProblem` saying why they are not the contract's."""
    first = data.split(b"\n", 1)[0]
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(name, data, err, 3 if first.startswith(b"\xef\xbb\xbf") else 0) from None
    try:
        header = [h.strip() for h in next(csv.reader([text.rstrip("\r")], strict=True))]
    except (csv.Error, StopIteration) as err:
        raise FileProblem(f"{name}:1: header cannot be parsed ({err})") from None
    expected = schema.columns(table)
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        raise FileProblem(f"{name}:1: wrong delimiter: columns must be separated by commas")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise FileProblem(f"{name}:1: duplicate column(s): {', '.join(dupes)}")
    missing = [c for c in expected if c not in header]
    if missing:
        raise FileProblem(f"{name}:1: missing column(s): {', '.join(missing)}")
    extra = [c for c in header if c not in expected]
    if extra:
        raise FileProblem(f"{name}:1: unexpected column(s): {', '.join(extra)} "
                          f"(allowed: {', '.join(expected)}; add new columns to the schema first)")
    return header


def _polars_frame(data: bytes, header: list[str]) -> pl.DataFrame | None:
    """The rows read by Polars, or None when some row needs :func:`_csv_frame` to be located.

    Polars pads a short row (and reads a blank line) with empty cells instead of failing. A
    last column with no empty cell proves no row was short; otherwise the commas outside
    quoted values must number exactly (rows + 1) x (columns - 1).
    """
    try:
        frame = pl.read_csv(data, infer_schema=False, new_columns=header, raise_if_empty=False)
    except (pl.exceptions.PolarsError, ValueError):
        return None  # not UTF-8, an unterminated quote, too many fields, ...
    if frame.width != len(header) or frame.height == 0:
        return None
    if max(n or 0 for n in frame.select(pl.all().str.len_chars().max()).row(0)) > schema.MAX_FIELD:
        return None
    if frame[header[-1]].fill_null("").eq("").any():
        quoted = frame.select(pl.sum_horizontal(pl.all().str.count_matches(",", literal=True).sum())).item()
        if data.count(b",") - quoted != (frame.height + 1) * (frame.width - 1):
            return None
    line = pl.int_range(2, pl.len() + 2, dtype=pl.Int64)
    if data.count(b"\n") > frame.height + 1:  # some quoted values span lines: count them
        newlines = pl.sum_horizontal(pl.all().str.count_matches("\n", literal=True).fill_null(0))
        line = line + newlines.cum_sum() - newlines
    return frame.with_columns(line.alias(LINE))


def _csv_frame(name: str, data: bytes, header: list[str]) -> tuple[pl.DataFrame, list[Problem]]:
    """Row by row with the csv module: finds and locates ragged, unparsable or oversized rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(name, data, err) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
    rows, problems, start = [], [], reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            problems.append(Problem(name, start, "*", "", f"row cannot be parsed ({err})"))
            break
        here, start = start, reader.line_num + 1
        if not record:
            continue  # a blank line is not a row
        if len(record) != len(header):
            why = f"row has {len(record)} fields, header has {len(header)} (truncated or extra commas?)"
            problems.append(Problem(name, here, "*", ",".join(record)[:60], why))
        elif long := [(h, v) for h, v in zip(header, record, strict=True) if len(v) > schema.MAX_FIELD]:
            column, value = long[0]
            problems.append(Problem(name, here, column, value[:60],
                                    f"field has {len(value)} characters (limit {schema.MAX_FIELD})"))
        else:
            rows.append([*record, here])
    if not rows and not problems:
        raise FileProblem(f"{name}: has a header but no data rows")
    frame = pl.DataFrame(rows, schema={**{h: pl.String for h in header}, LINE: pl.Int64}, orient="row")
    return frame, problems


def read_table(path: Path, table: str) -> tuple[pl.DataFrame, list[Problem]]:
    """One raw CSV as strings in contract order, trimmed, empty cell = null, with ``_line``.

    Returns the rows that could be read and a problem for every row that could not.
    """
    name = _display(path)
    if not path.exists():
        raise FileProblem(f"{name}: file is missing")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileProblem(f"{name}: cannot be read ({err.strerror})") from None
    if not data.strip():
        raise FileProblem(f"{name}: file is empty (expected a header row)")
    header = _header(name, data, table)
    frame, problems = _polars_frame(data, header), []
    if frame is None:
        frame, problems = _csv_frame(name, data, header)
    return frame.select(*(pl.col(c).str.strip_chars().replace("", None) for c in schema.columns(table)), LINE), problems


# ---- rows -------------------------------------------------------------------------------


def check(frame: pl.DataFrame, rules: list[Rule], name: str) -> list[Problem]:
    """Every row that fails a rule, located by line, with the rule's columns and message."""
    if frame.height == 0:
        return []
    passed = frame.select(rule.ok.fill_null(False).alias(str(i)) for i, rule in enumerate(rules))
    problems = []
    for i, rule in enumerate(rules):
        if passed[str(i)].all():
            continue
        failing = frame.filter(~passed[str(i)]).select(LINE, *rule.columns)
        for line, *values in failing.iter_rows():
            shown = ",".join("" if v is None else str(v) for v in values)
            problems.append(Problem(name, line, "/".join(rule.columns), shown, rule.message))
    return problems


def _ids_known(column: str, known: pl.Series) -> pl.Expr:
    """True when every ``;``-separated item of ``column`` (or none) is among ``known``."""
    items = pl.col(column).str.split(";").list.eval(pl.element().str.strip_chars().is_in(known.implode()))
    return items.list.all().fill_null(True)


def _with_links(frames: dict[str, pl.DataFrame | None]) -> dict[str, pl.DataFrame]:
    """Incidents, sources and the search log with the columns their cross-table rules read
    (see :mod:`borderledger.schema`)."""
    incidents, sources = frames["incidents"], frames["sources"]
    ids = incidents["incident_id"].drop_nulls()
    areas = frames["areas"] if frames["areas"] is not None else pl.DataFrame(
        schema={"country": pl.String, "district": pl.String})
    known_districts = areas.select("country", "district", pl.lit(True).alias(schema.KNOWN_DISTRICT)).unique()
    groups = [f"{g}_{end}" for g in schema.COMPONENT_COLUMNS.values() for end in ("low", "high")]
    figures = source_figures(sources).select(
        "incident_id", schema.SOURCES_WITH_URL, *groups,
        pl.col("deaths_low").alias(schema.SOURCES_LOW), pl.col("deaths_high").alias(schema.SOURCES_HIGH))
    incidents = (incidents.join(figures, on="incident_id", how="left", maintain_order="left")
                 .join(known_districts, on=["country", "district"], how="left", maintain_order="left")
                 .with_columns(pl.col(schema.KNOWN_DISTRICT).fill_null(False),
                               (pl.col("related_to").is_in(ids.implode())
                                & (pl.col("related_to") != pl.col("incident_id"))).alias(schema.KNOWN_RELATED)))
    linked = {"incidents": incidents,
              "sources": sources.with_columns(pl.col("incident_id").is_in(ids.implode()).alias(schema.KNOWN_INCIDENT))}
    if frames["search_log"] is not None:
        linked["search_log"] = frames["search_log"].with_columns(
            _ids_known("area", areas["district"]).alias(schema.KNOWN_AREAS),
            (_ids_known("incidents_added", ids) & _ids_known("incidents_confirmed", ids)).alias(schema.KNOWN_LOGGED))
    return linked


def load_raw(data_dir: Path, today: dt.date | None = None) -> RawData:
    """Read and validate a raw data folder. Raises :class:`FileProblem` for unreadable files."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FileProblem(f"{_display(data_dir)}: folder does not exist")
    files = {table: _display(data_dir / f"{table}.csv") for table in schema.TABLES}
    frames: dict[str, pl.DataFrame | None] = {}
    problems: list[Problem] = []
    errors: list[str] = []
    for table in schema.TABLES:
        path = data_dir / f"{table}.csv"
        if table in schema.OPTIONAL_FILES and not path.exists():
            frames[table] = None
            continue
        try:
            frames[table], found = read_table(path, table)
            problems += found
        except FileProblem as err:
            errors.append(str(err))
    if errors:
        raise FileProblem("\n".join(errors))
    for table, frame in {**frames, **_with_links(frames)}.items():
        if frame is not None:
            problems += check(frame, schema.rules(table, today or dt.date.today()), files[table])
    return RawData(**frames, problems=sorted(set(problems)), files=files)
