"""Reading and validating the raw tables.

Two layers, each reporting *every* failure at once with file, CSV line (header = line 1),
column, value and rule:

* :func:`read_table` checks the file itself (exists, UTF-8, comma-delimited, the contract's
  columns exactly once) and raises :class:`FileProblem` (exit code 2) when it cannot be read as
  a table; ragged, truncated or oversized rows are row problems, not file problems.
* :func:`validate_tables` runs pandera schemas (types, vocabularies, ranges, real and
  non-future dates, low <= best <= high, unique ids, foreign keys, http(s) URLs, figures that
  agree with the source rows) and returns :class:`Problem` rows (exit code 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import schema
from .estimates import source_range

csv.field_size_limit(2**31 - 1)
LINE = "_line"


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


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_table(path: Path, table: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one raw CSV as strings (empty cell = NA) with a ``_line`` column.

    Returns the rows that have the right number of fields and a list of row problems
    (wrong field count, oversized field, unterminated quote); nothing is dropped silently.
    """
    name = _display(path)
    if not path.exists():
        raise FileProblem(f"{name}: file is missing")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise FileProblem(f"{name}: cannot be read ({err.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FileProblem(
            f"{name}:{line}: not UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save the file as UTF-8"
        ) from None
    if not text.strip():
        raise FileProblem(f"{name}: file is empty (expected a header row)")
    expected = schema.columns(table)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as err:
        raise FileProblem(f"{name}:1: header cannot be parsed ({err})") from None
    header = [h.strip() for h in header]
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
        raise FileProblem(
            f"{name}:1: unexpected column(s): {', '.join(extra)} "
            f"(allowed: {', '.join(expected)}; add new columns to the schema first)"
        )
    fast = _fast_frame(text, header, expected)
    if fast is not None:
        return fast, []
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    start = reader.line_num + 1
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
            problems.append(
                Problem(
                    name,
                    here,
                    "*",
                    ",".join(record)[:60],
                    f"row has {len(record)} fields, header has {len(header)} (truncated or extra commas?)",
                )
            )
            continue
        long = [(h, v) for h, v in zip(header, record, strict=False) if len(v) > schema.MAX_FIELD]
        if long:
            h, v = long[0]
            problems.append(
                Problem(name, here, h, v[:60], f"field has {len(v)} characters (limit {schema.MAX_FIELD})")
            )
            continue
        rows.append(record)
        lines.append(here)
    if not rows and not problems:
        raise FileProblem(f"{name}: has a header but no data rows")
    frame = pd.DataFrame(rows, columns=header, dtype="string")
    frame = frame[expected]
    for col in expected:
        stripped = frame[col].str.strip()
        frame[col] = stripped.mask(stripped == "")
    frame[LINE] = pd.array(lines, dtype="int64")
    return frame, problems


def _fast_frame(text: str, header: list[str], expected: list[str]) -> pd.DataFrame | None:
    """Read a well-formed file with pyarrow's CSV reader; None when any row needs the slow path.

    The slow path (csv module, row by row) is only needed to locate ragged, unparsable or
    oversized rows, or to count line numbers around blank lines; a clean file of a million rows
    is read here in about a second.
    """
    if "\n\n" in text or "\r\n\r\n" in text:
        return None  # blank lines shift line numbers; let the slow path count them
    import pyarrow as pa_arrow
    from pyarrow import csv as pa_csv

    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types={h: pa_arrow.string() for h in header},
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa_arrow.ArrowInvalid, ValueError):
        return None  # a ragged or unparsable row: the slow path names its line
    if table.column_names != header or table.num_rows == 0:
        return None
    frame = table.to_pandas(types_mapper=lambda t: pd.StringDtype() if t == pa_arrow.string() else None)
    frame = frame[expected]
    lengths = pd.concat([frame[c].str.len() for c in expected], axis=1).max(axis=1)
    if (lengths > schema.MAX_FIELD).any():
        return None
    newlines = sum(frame[c].str.count("\n") for c in expected)
    for col in expected:
        stripped = frame[col].str.strip()
        frame[col] = stripped.mask(stripped == "")
    frame[LINE] = (2 + newlines.cumsum() - newlines + pd.RangeIndex(len(frame))).astype("int64").to_numpy()
    return frame


# ---- pandera schemas -------------------------------------------------------------------


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")


def _is_real_date(series: pd.Series) -> pd.Series:
    return _dates(series).notna() | ~series.str.fullmatch(r"\d{4}-\d{2}-\d{2}")


def _not_future(today: dt.date):
    def check(series: pd.Series) -> pd.Series:
        return ~(_dates(series) > pd.Timestamp(today)).fillna(False)

    return check


def _in_range(col: schema.Col):
    def check(series: pd.Series) -> pd.Series:
        number = pd.to_numeric(series, errors="coerce")
        lo = col.minimum if col.minimum is not None else float("-inf")
        hi = col.maximum if col.maximum is not None else float("inf")
        return ((number >= lo) & (number <= hi)) | number.isna()

    return check


def _column(col: schema.Col, today: dt.date, incident_ids: frozenset[str]) -> pa.Column:
    checks: list[pa.Check] = []
    if col.kind == "id":
        checks.append(pa.Check.str_matches(col.pattern, error=f"must match {col.pattern}"))
    elif col.kind == "date":
        checks += [
            pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="must be an ISO date YYYY-MM-DD"),
            pa.Check(_is_real_date, error="must be a date that exists"),
            pa.Check(_not_future(today), error="must not be in the future"),
        ]
    elif col.kind == "choice":
        checks.append(pa.Check.isin(col.choices, error="must be one of " + ", ".join(col.choices)))
    elif col.kind == "int":
        checks.append(pa.Check.str_matches(r"^\d+$", error="must be a whole number >= 0"))
    elif col.kind == "float":
        checks += [
            pa.Check.str_matches(r"^-?\d+(\.\d+)?$", error="must be a decimal number"),
            pa.Check(_in_range(col), error=f"must be between {col.minimum} and {col.maximum}"),
        ]
    elif col.kind == "url":
        checks.append(
            pa.Check.str_matches(r"^https?://[^\s/$.?#][^\s]*$", error="must be an http(s) URL")
        )
    elif col.kind == "fk":
        checks.append(
            pa.Check(lambda s: s.astype(object).isin(incident_ids) | s.isna(),
                     error="must be an incident_id of incidents.csv")
        )
    return pa.Column(
        "string",
        checks=checks,
        nullable=not col.required,
        unique=col.kind == "id",
        name=col.name,
        report_duplicates="all",
    )


def _ints(frame: pd.DataFrame, col: str) -> pd.Series:
    return pd.to_numeric(frame[col].where(frame[col].str.fullmatch(r"\d+", na=False)), errors="coerce")


def _range_ordered(frame: pd.DataFrame) -> pd.Series:
    low, best, high = (_ints(frame, f"deaths_{k}") for k in ("low", "best", "high"))
    ok = ~((low > best) | (best > high) | (low > high))
    return ok.fillna(True).astype(bool)


def _schema(table: str, today: dt.date, incident_ids: frozenset[str], extra: list[pa.Check]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {c.name: _column(c, today, incident_ids) for c in schema.TABLES[table]},
        checks=extra,
        strict=False,
        coerce=False,
    )


def _failures(err: pa.errors.SchemaErrors, frame: pd.DataFrame, name: str, row_checks: dict[str, str]) -> list[Problem]:
    cases = err.failure_cases
    out: list[Problem] = []
    for case in cases.itertuples(index=False):
        idx = case.index
        if idx is None or (isinstance(idx, float) and pd.isna(idx)):
            out.append(Problem(name, 1, str(case.column), str(case.failure_case), str(case.check)))
            continue
        idx = int(idx)
        line = int(frame.loc[idx, LINE])
        rule = str(case.check)
        if case.column is None or case.column == name or rule in row_checks:
            column = row_checks.get(rule, "*")
            value = "" if column == "*" else ",".join(
                str(frame.loc[idx, c]) if pd.notna(frame.loc[idx, c]) else "" for c in column.split("/")
            )
        else:
            column = str(case.column)
            value = "" if pd.isna(case.failure_case) else str(case.failure_case)
        if rule.startswith("not_nullable"):
            rule = "is required (empty)"
        elif rule.startswith("field_uniqueness") or "unique" in rule:
            rule = "must be unique (id used more than once)"
        out.append(Problem(name, line, column, value, rule))
    return out


def validate_tables(
    incidents: pd.DataFrame,
    sources: pd.DataFrame,
    files: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Validate incidents and sources (strings, as read); return every problem, sorted."""
    today = today or dt.date.today()
    files = files or {"incidents": "incidents.csv", "sources": "sources.csv"}
    ids = frozenset(incidents["incident_id"].dropna())
    sourced = frozenset(sources.loc[sources["url"].str.match(r"^https?://", na=False), "incident_id"].dropna())
    lo_src, hi_src = source_range(sources)

    def has_source(df: pd.DataFrame) -> pd.Series:
        return df["incident_id"].astype(object).isin(sourced) | df["incident_id"].isna()

    def agrees(df: pd.DataFrame) -> pd.Series:
        low, high = _ints(df, "deaths_low"), _ints(df, "deaths_high")
        slo = df["incident_id"].map(lo_src)
        shi = df["incident_id"].map(hi_src)
        bad = (low.notna() & slo.notna() & (low != slo)) | (high.notna() & shi.notna() & (high != shi))
        return ~bad.fillna(False).astype(bool)

    rules = {
        "deaths_low <= deaths_best <= deaths_high": "deaths_low/deaths_best/deaths_high",
        "every incident needs at least one source row with an http(s) url": "incident_id",
        "deaths_low/deaths_high must equal the lowest/highest deaths_reported of its sources": (
            "deaths_low/deaths_high"
        ),
    }
    inc_checks = [
        pa.Check(_range_ordered, error="deaths_low <= deaths_best <= deaths_high"),
        pa.Check(has_source, error="every incident needs at least one source row with an http(s) url"),
        pa.Check(
            agrees,
            error="deaths_low/deaths_high must equal the lowest/highest deaths_reported of its sources",
        ),
    ]
    problems: list[Problem] = []
    for table, frame, checks in (
        ("incidents", incidents, inc_checks),
        ("sources", sources, []),
    ):
        try:
            _schema(table, today, ids, checks).validate(frame, lazy=True)
        except pa.errors.SchemaErrors as err:
            problems += _failures(err, frame, files[table], rules)
    return sorted(set(problems))


@dataclass
class RawData:
    incidents: pd.DataFrame
    sources: pd.DataFrame
    aliases: pd.DataFrame | None
    places: pd.DataFrame | None
    problems: list[Problem]
    files: dict[str, str]


def load_raw(data_dir: Path, today: dt.date | None = None) -> RawData:
    """Read and validate a raw data folder. Raises :class:`FileProblem` for unreadable files."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise FileProblem(f"{_display(data_dir)}: folder does not exist")
    frames: dict[str, pd.DataFrame | None] = {}
    files: dict[str, str] = {}
    problems: list[Problem] = []
    file_errors: list[str] = []
    for table in schema.REQUIRED_FILES + schema.OPTIONAL_FILES:
        path = data_dir / f"{table}.csv"
        files[table] = _display(path)
        if table in schema.OPTIONAL_FILES and not path.exists():
            frames[table] = None
            continue
        try:
            frames[table], row_problems = read_table(path, table)
        except FileProblem as err:
            file_errors.append(str(err))
            continue
        problems += row_problems
    if file_errors:
        raise FileProblem("\n".join(file_errors))
    problems += validate_tables(frames["incidents"], frames["sources"], files, today)
    for table in schema.OPTIONAL_FILES:
        if frames[table] is not None:
            try:
                _schema(table, today or dt.date.today(), frozenset(), []).validate(frames[table], lazy=True)
            except pa.errors.SchemaErrors as err:
                problems += _failures(err, frames[table], files[table], {})
    return RawData(
        incidents=frames["incidents"],
        sources=frames["sources"],
        aliases=frames["aliases"],
        places=frames["places"],
        problems=sorted(set(problems)),
        files=files,
    )
