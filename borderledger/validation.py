"""Reading and validating the raw tables.

Two layers, each reporting *every* failure at once with file, CSV line (header = line 1),
column, value and rule:

* :func:`read_table` checks the file itself (exists, UTF-8, comma-delimited, the contract's
  columns exactly once) and raises :class:`FileProblem` (exit code 2) when it cannot be read as
  a table; ragged, truncated or oversized rows are row problems, not file problems.
* :func:`validate_tables` checks the rows against the contract in :mod:`borderledger.schema`
  (types, vocabularies, ranges, real and non-future dates, low <= best <= high, unique ids,
  foreign keys, http(s) URLs, figures that agree with the source rows) and returns
  :class:`Problem` rows (exit code 1).

How the row checks run. Each rule is declared once, as a Polars expression that is true on
the rows that pass (:func:`rules`). Those rules are the checks of a pandera-polars
``DataFrameSchema`` (:func:`pandera_schema`), which is what finds and reports failing rows,
with their row index, lazily (all failures at once). Because pandera evaluates one check at a
time, a clean million-row table would spend most of its time there; so the same expressions
are first evaluated together, in one parallel Polars pass (:func:`_all_pass`). Only a table
where some rule fails goes on to pandera, which then reports it. Both paths evaluate the very
same expression objects, so they cannot disagree about a row.

How :func:`load_raw` reads. Polars' CSV reader pads a short row with nulls, so unless the
file's last column is filled in every row, the fast reader accounts for every comma in the
file (see :func:`_fast_frame`); it also counts line breaks and padding inside the values. On
the columns whose rules already reject any whitespace or comma (:func:`self_checking`: ids,
dates, vocabularies, numbers, URLs) that work is skipped at first: if every rule then passes,
the skipped counts are proven to be zero; if any rule fails, those tables are read again with
every check before anything is reported.

How sources meet incidents. :func:`link_sources` joins each source row to the position of its
incident once; the foreign-key rule, the per-incident figures (:func:`figures_of`) and
cleaning all use those integer positions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from . import schema
from .estimates import deaths_reported, incident_figures

csv.field_size_limit(2**31 - 1)
LINE = "_line"
HEAD = 1 << 16  # bytes read to find the header line
BLOCK = 1 << 24  # bytes counted at a time


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


def _not_utf8(name: str, data: bytes, err: UnicodeDecodeError, skipped: int = 0) -> FileProblem:
    offset = skipped + err.start
    line = data[:offset].count(b"\n") + 1
    return FileProblem(
        f"{name}:{line}: not UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save the file as UTF-8"
    )


def _byte(b: int) -> pl.Expr:
    """A UInt8 literal, so that comparing it with a byte of a cell casts nothing."""
    return pl.lit(b, dtype=pl.UInt8)


def _padded(x: pl.Expr) -> pl.Expr:
    """True on every cell :func:`_tidy` changes (empty, or with surrounding whitespace), and on
    some it leaves as they are: any cell whose first or last byte is not a printable ASCII
    character.

    Polars' strip_chars removes Unicode's White_Space characters, which in UTF-8 are bytes
    <= 0x20 or sequences of bytes >= 0x80. The first byte is tested by comparing the cell with
    strings (UTF-8 sorts as its bytes do: below "!" is empty or begins with a byte <= 0x20; from
    U+0080 on begins with a byte >= 0x80), the last by reading it. That costs far less than
    stripping every cell to compare; a column marked when no cell is padded (text that begins or
    ends in another script, say) is only stripped for nothing.
    """
    last = x.cast(pl.Binary).bin.get(-1, null_on_oob=True)
    return (x < "!") | (x >= "\u0080") | (last <= _byte(0x20)) | (last >= _byte(0x80))  # named as x


def _tidy(padded: dict[str, bool], expected: list[str]) -> list[pl.Expr]:
    """Columns in contract order, surrounding whitespace removed, empty cells as null.

    ``padded`` says which columns have any cell to change (:func:`_padded`); stripping copies
    every value, so only those columns are stripped.
    """
    x = {c: pl.col(c) for c in expected}
    return [pl.when(x[c].str.strip_chars().str.len_bytes() > 0).then(x[c].str.strip_chars()).alias(c)
            if padded[c] else x[c] for c in expected]


def read_table(path: Path, table: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Read one raw CSV as strings (empty cell = null) with a ``_line`` column.

    Returns the rows that have the right number of fields and a list of row problems
    (wrong field count, oversized field, unterminated quote); nothing is dropped silently.
    """
    frame, problems, _ = _read(path, table, trusted=False)
    return frame, problems


def _read(path: Path, table: str, trusted: bool) -> tuple[pl.DataFrame, list[Problem], bool]:
    """:func:`read_table`, plus whether the frame is provisional.

    With ``trusted``, the fast reader skips some checks on the :func:`self_checking` columns:
    the frame is then provisional, exact only if every rule passes (see :func:`load_raw`).
    """
    name = _display(path)
    if not path.exists():
        raise FileProblem(f"{name}: file is missing")
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
    except OSError as err:
        raise FileProblem(f"{name}: cannot be read ({err.strerror})") from None
    if not head or (head.isspace() and len(head) < HEAD):
        raise FileProblem(f"{name}: file is empty (expected a header row)")
    end = head.find(b"\n")
    first = head if end < 0 else head[:end]
    try:
        first_text = first.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        skipped = 3 if first.startswith(b"\xef\xbb\xbf") else 0
        raise _not_utf8(name, path.read_bytes(), err, skipped) from None
    try:
        header = next(csv.reader([first_text.rstrip("\r")], strict=True))
    except (csv.Error, StopIteration) as err:
        raise FileProblem(f"{name}:1: header cannot be parsed ({err})") from None
    header = [h.strip() for h in header]
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
        raise FileProblem(
            f"{name}:1: unexpected column(s): {', '.join(extra)} "
            f"(allowed: {', '.join(expected)}; add new columns to the schema first)"
        )
    trust = self_checking(table) if trusted else frozenset()
    no_commas = frozenset(c.name for c in schema.TABLES[table] if c.name in trust and c.kind != "url")
    short = frozenset(c.name for c in schema.TABLES[table] if c.name in trust and c.kind in SHORT_KINDS)
    fast = _fast_frame(path, header, expected, trust, no_commas, short)
    if fast is not None:
        return fast, [], bool(trust)
    return *_slow_frame(name, path.read_bytes(), header, expected), False


SELF_CHECKING_KINDS = ("id", "date", "choice", "int", "float", "url", "fk")
# Of those, the kinds whose rules also bound a cell's length (a pattern of fixed length, a
# vocabulary, or an incident id), far below schema.MAX_FIELD.
SHORT_KINDS = ("id", "date", "choice", "fk")


def self_checking(table: str) -> frozenset[str]:
    """Columns of incidents and sources whose rules reject any cell with whitespace or a comma.

    Their rules accept a non-empty value only if it matches an anchored pattern or a
    vocabulary, none of which allows whitespace (so no padding and no line break) or an empty
    string, and none but the URL pattern allows a comma. When every rule passes, these columns
    therefore hold no cell that tidying would change and no comma or line break that the
    fast reader would need to count; those of :data:`SHORT_KINDS` hold no oversized cell
    either (``tests/test_fast_paths.py`` checks this column by column).
    """
    if table not in ("incidents", "sources"):
        return frozenset()
    return frozenset(c.name for c in schema.TABLES[table] if c.kind in SELF_CHECKING_KINDS)


def _slow_frame(name: str, data: bytes, header: list[str], expected: list[str]) -> tuple[pl.DataFrame, list[Problem]]:
    """Row by row with the csv module: finds and locates ragged, unparsable or oversized rows."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _not_utf8(name, data, err) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next(reader)
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
    frame = pl.DataFrame(rows, schema={h: pl.String for h in header}, orient="row")
    padded = frame.lazy().select(_padded(pl.col(c)).any() for c in expected).collect().row(0, named=True)
    frame = frame.lazy().select(*_tidy(padded, expected), pl.Series(LINE, lines, dtype=pl.Int64)).collect()
    return frame, problems


def _count_byte(path: Path, byte: int) -> int:
    """How many times ``byte`` occurs in the file (memory-mapped, counted in blocks by numpy)."""
    import mmap

    import numpy as np

    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return 0
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            view = np.frombuffer(mm, dtype=np.uint8)
            total = sum(int(np.count_nonzero(view[i : i + BLOCK] == byte)) for i in range(0, len(view), BLOCK))
            del view
    return total


def _fast_frame(path: Path, header: list[str], expected: list[str],
                trust: frozenset[str] = frozenset(), no_commas: frozenset[str] = frozenset(),
                short: frozenset[str] = frozenset()) -> pl.DataFrame | None:
    """Read a well-formed file with Polars' parallel CSV reader; None when any row needs the slow path.

    Polars pads a row that has too few fields with nulls instead of failing, and reads a blank
    line as a row of nulls. So when the file's last column holds no null, every row had all its
    fields; otherwise the result is checked against the bytes: the commas outside quoted values
    must number exactly (rows + 1) x (columns - 1). Invalid UTF-8, a field over the size limit or
    any parser error also send the file to the slow path, which names the line.

    Columns in ``trust`` are assumed to hold no padding and no line break, and those in
    ``no_commas`` no comma, and those in ``short`` no oversized cell; the caller must confirm
    this by the rules (see :func:`_read`).
    """
    try:
        frame = pl.read_csv(path, has_header=True, infer_schema=False, raise_if_empty=False)
    except (pl.exceptions.PolarsError, ValueError):
        return None
    if frame.columns != header or frame.height == 0:
        return None
    cols = frame.columns
    complete = frame[cols[-1]].null_count() == 0  # no row was padded: no comma needs counting
    counted = [c for c in cols if c not in no_commas and not complete]
    # One select of separate per-column expressions, so that Polars spreads them over the cores.
    stats = frame.lazy().select(  # lazy: common subexpressions (a cell's length, its end bytes) once
        *(pl.col(c).str.count_matches(",", literal=True).sum().alias(f"commas {c}") for c in counted),
        *(pl.col(c).str.count_matches("\n", literal=True).sum().alias(f"newlines {c}") for c in cols if c not in trust),
        *(pl.col(c).str.len_bytes().max().alias(f"longest {c}") for c in cols if c not in short),
        *(_padded(pl.col(c)).any().alias(c) if c not in trust else pl.lit(False).alias(c) for c in cols),
    ).collect().row(0, named=True)
    commas = sum(stats[f"commas {c}"] or 0 for c in counted)
    if not complete and _count_byte(path, ord(",")) - commas != (frame.height + 1) * (len(header) - 1):
        return None  # a short row was padded or a blank line read as a row
    if max((stats[f"longest {c}"] or 0 for c in cols if c not in short), default=0) > schema.MAX_FIELD:  # bytes >= chars
        longest = frame.select(pl.max_horizontal(pl.col(c).str.len_chars().max() for c in cols)).item()
        if longest > schema.MAX_FIELD:
            return None
    line = pl.int_range(2, frame.height + 2, dtype=pl.Int64)
    if any(stats[f"newlines {c}"] for c in cols if c not in trust):  # quoted values span lines: count them
        newlines = pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True).fill_null(0)
                                     for c in cols if c not in trust)
        line = line + newlines.cum_sum() - newlines
    return frame.lazy().select(*_tidy(stats, expected), line.alias(LINE)).collect()


# ---- the rules --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One check: ``ok`` is true on passing rows; failures report ``columns`` and ``message``."""

    columns: tuple[str, ...]
    message: str
    ok: pl.Expr
    # Cheaper whole-column tests, tried in order: the first that is true proves every row
    # passes; when all are false (or there are none), ``ok.all()`` decides.
    screens: tuple[pl.Expr, ...] = ()


def _ascii(pattern: str) -> str:
    return pattern.replace(r"\d", "[0-9]")  # Polars' \d also matches non-ASCII digits


ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
WHOLE = r"^[0-9]+$"
DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
URL = r"^https?://[^\s/$.?#][^\s]*$"


def _increasing(x: pl.Expr) -> pl.Expr:
    """True when the non-null values are in strictly increasing order, which proves them distinct.

    Ids given in sequence, in a file kept in id order, pass with one comparison per row.
    """
    present = x.drop_nulls()
    return (present > present.shift(1)).all()


def _hashes_distinct(x: pl.Expr) -> pl.Expr:
    """True when the non-null values hash to distinct integers, which proves them distinct.

    Hashing first is several times faster than counting distinct strings; a collision only
    means the exact test has to decide.
    """
    present = x.drop_nulls()
    return present.hash(0x5EED).n_unique() == present.len()


def _unique_rule(column: str) -> Rule:
    """Non-null values all different: proven by increasing order, else by distinct hashes, else exactly."""
    x = pl.col(column)
    return Rule((column,), "must be unique (id used more than once)", x.is_null() | x.is_unique(),
                screens=(_increasing(x), _hashes_distinct(x)))


def _url_screen(x: pl.Expr) -> pl.Expr:
    """True when every url is ASCII, has no ASCII whitespace and starts as :data:`URL` says.

    That proves the URL rule, with no regular expression but a one-byte class: in ASCII text
    the only whitespace is ASCII whitespace, and the pattern asks for nothing more than
    ``http://`` or ``https://`` followed by a printable character other than ``/$.?#``.
    """
    raw = x.cast(pl.Binary)

    def host_start(b: pl.Expr) -> pl.Expr:  # printable ASCII, not a space, not one of /$.?#
        return ((b >= _byte(0x21)) & (b <= _byte(0x7E)) & (b != _byte(ord("/"))) & (b != _byte(ord("$")))
                & (b != _byte(ord("."))) & (b != _byte(ord("?"))) & (b != _byte(ord("#"))))

    prefix = ((x.str.starts_with("http://") & host_start(raw.bin.get(7, null_on_oob=True)))
              | (x.str.starts_with("https://") & host_start(raw.bin.get(8, null_on_oob=True))))
    ok = prefix.fill_null(False) & ~x.str.contains(r"(?-u:\s)") & (x.str.len_chars() == x.str.len_bytes())
    return (x.is_null() | ok).all()


def _column_rules(col: schema.Col, today: dt.date, linked: bool) -> list[Rule]:
    x = pl.col(col.name)
    empty = x.is_null()
    one = (col.name,)
    out: list[Rule] = []
    if col.required:
        out.append(Rule(one, "is required (empty)", ~empty))
    if col.kind == "id":
        out.append(Rule(one, f"must match {col.pattern}", empty | x.str.contains(_ascii(col.pattern))))
        out.append(_unique_rule(col.name))
    elif col.kind == "date":
        iso = x.str.contains(ISO_DATE)
        day = x.str.to_date("%Y-%m-%d", strict=False)
        out.append(Rule(one, "must be an ISO date YYYY-MM-DD", empty | iso))
        out.append(Rule(one, "must be a date that exists", empty | ~iso | day.is_not_null()))
        out.append(Rule(one, "must not be in the future", (day <= pl.lit(today)).fill_null(True)))
    elif col.kind == "choice":
        out.append(Rule(one, "must be one of " + ", ".join(col.choices), empty | x.is_in(list(col.choices))))
    elif col.kind == "int":
        # Polars reads [+-]?[0-9]+ as an integer (and nothing else: tests/test_fast_paths.py), and
        # "+" and "-" sort below "0": so this is WHOLE within Int64's range, without a pattern.
        whole = x.cast(pl.Int64, strict=False).is_not_null() & (x >= "0")
        out.append(Rule(one, "must be a whole number >= 0", empty | whole))
    elif col.kind == "float":
        number = x.cast(pl.Float64, strict=False)
        lo = col.minimum if col.minimum is not None else float("-inf")
        hi = col.maximum if col.maximum is not None else float("inf")
        out.append(Rule(one, "must be a decimal number", empty | x.str.contains(DECIMAL)))
        out.append(Rule(one, f"must be between {col.minimum} and {col.maximum}",
                        number.is_between(lo, hi).fill_null(True)))
    elif col.kind == "url":
        out.append(Rule(one, "must be an http(s) URL", empty | x.str.contains(URL), screens=(_url_screen(x),)))
    elif col.kind == "fk" and linked:
        out.append(Rule(one, "must be an incident_id of incidents.csv", empty | pl.col(INCIDENT_ROW).is_not_null()))
    return out


def _int(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Int64, strict=False)


SRC_LOW, SRC_HIGH, SRC_URLS = "_sources_low", "_sources_high", "_sources_with_url"
INCIDENT_ROW = "_incident_row"  # a source row's position in incidents (see :func:`link_sources`)


def _incident_rules() -> list[Rule]:
    """Rules across columns and tables; they read the ``_sources_*`` columns of :func:`_with_sources`."""
    low, best, high = _int("deaths_low"), _int("deaths_best"), _int("deaths_high")
    ordered = ~((low > best) | (best > high) | (low > high)).fill_null(False)
    disagree = (low != pl.col(SRC_LOW)).fill_null(False) | (high != pl.col(SRC_HIGH)).fill_null(False)
    return [
        Rule(("deaths_low", "deaths_best", "deaths_high"), "deaths_low <= deaths_best <= deaths_high", ordered),
        Rule(("incident_id",), "every incident needs at least one source row with an http(s) url",
             pl.col("incident_id").is_null() | (pl.col(SRC_URLS) > 0).fill_null(False)),
        Rule(("deaths_low", "deaths_high"),
             "deaths_low/deaths_high must equal the lowest/highest deaths_reported of its sources", ~disagree),
    ]


def rules(table: str, today: dt.date, linked: bool = False) -> list[Rule]:
    """Every row rule of one table, in a fixed order.

    With ``linked``, the sources' foreign-key rule, which reads the ``_incident_row`` column of
    :func:`link_sources`.
    """
    out = [r for col in schema.TABLES[table] for r in _column_rules(col, today, linked)]
    if table == "incidents":
        out += _incident_rules()
    return out


def _distinct(values: pl.Series) -> bool:
    """True when the non-null values are all different (decided as the id rule decides it)."""
    return _all_pass(values.to_frame(), [_unique_rule(values.name)])


def link_sources(incidents: pl.DataFrame, sources: pl.DataFrame) -> pl.DataFrame:
    """Sources with ``_incident_row``: the position of the first incident with its incident_id, or null.

    Computed once by one join; the foreign-key rule, the per-incident figures and cleaning all
    work from these integer positions instead of matching id strings again.
    """
    key = incidents.lazy().select("incident_id", pl.int_range(pl.len(), dtype=pl.UInt32).alias(INCIDENT_ROW))
    if not _distinct(incidents["incident_id"]):  # a repeated id (a rule reports it) links to its first row
        key = key.filter(pl.col("incident_id").is_first_distinct())
    rows = (sources.lazy().select("incident_id")
            .join(key.drop_nulls("incident_id"), on="incident_id", how="left", maintain_order="left")
            .select(INCIDENT_ROW).collect())
    return sources.hstack(rows)


def figures_of(incidents: pl.DataFrame, linked: pl.DataFrame, rows_pass: bool = False) -> pl.DataFrame:
    """Per incident row, in order: its sources' figures, count and http(s) count (:func:`incident_figures`).

    ``rows_pass`` says every source row passed its rules: every figure is then a whole number
    and every url an http(s) URL, so both are read without testing each cell again.
    """
    if rows_pass:
        deaths, http = linked["deaths_reported"].cast(pl.Int64), linked["url"].is_not_null()
    else:
        tested = linked.select(deaths_reported(linked), pl.col("url").str.contains(r"^https?://"))
        deaths, http = tested["deaths_reported"], tested["url"]
    return incident_figures(linked[INCIDENT_ROW], deaths, incidents.height, http)


def _figures_if_rows_pass(incidents: pl.DataFrame, linked: pl.DataFrame) -> pl.DataFrame | None:
    """:func:`figures_of` with ``rows_pass``, before the rules have said so; None if it cannot be."""
    try:
        return figures_of(incidents, linked, rows_pass=True)
    except pl.exceptions.InvalidOperationError:  # a figure that is not a number: a rule will report it
        return None


def _with_sources(incidents: pl.DataFrame, figures: pl.DataFrame) -> pl.DataFrame:
    """Incidents with their sources' lowest/highest figure and number of http(s) source rows.

    ``figures`` is :func:`figures_of` the same incidents (one row per incident, in order).
    """
    return incidents.hstack(figures.select(
        pl.col("deaths_low").alias(SRC_LOW),
        pl.col("deaths_high").alias(SRC_HIGH),
        pl.col("sources_with_url").alias(SRC_URLS),
    ))


def pandera_schema(table: str, rule_list: list[Rule]):
    """The pandera-polars schema of one table: its columns as strings, and every rule as a check."""
    import pandera.polars as pa  # only needed when some rule fails (see the module docstring)

    def check(expr: pl.Expr):
        return lambda data: data.lazyframe.select(expr.alias("ok"))

    return pa.DataFrameSchema(
        {c: pa.Column(pl.String, nullable=True) for c in schema.columns(table)},
        checks=[pa.Check(check(r.ok), error=r.message, name=f"rule {i}") for i, r in enumerate(rule_list)],
        strict=False,
    )


def _all_pass(frame: pl.DataFrame, rule_list: list[Rule]) -> bool:
    """Evaluate every rule in parallel passes; True when no row fails any of them.

    The first pass takes each rule's first screen (or its exact test). A rule whose screen is
    false goes on to its next screen, then to its exact test, in the next passes; a false
    exact test ends it.
    """
    pending = [[*r.screens, r.ok.all()] for r in rule_list]
    while pending:
        result = frame.lazy().select(tests[0].alias(str(i)) for i, tests in enumerate(pending)).collect().row(0)
        failed = [tests for tests, passed in zip(pending, result, strict=True) if not passed]
        if any(len(tests) == 1 for tests in failed):  # an exact test failed
            return False
        pending = [tests[1:] for tests in failed]
    return True


def check_table(frame: pl.DataFrame, table: str, rule_list: list[Rule], name: str) -> list[Problem]:
    """Problems of one table: none when every rule passes, else pandera's located failures."""
    if frame.height == 0 or _all_pass(frame, rule_list):
        return []
    import pandera.polars as pa

    try:
        pandera_schema(table, rule_list).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _failures(err.failure_cases, frame, rule_list, name)
    raise RuntimeError(f"{name}: a rule failed in the screening pass but pandera found no failing row (a bug)")


def _text(value) -> str:
    return "" if value is None else str(value)


def _failures(cases: pl.DataFrame, frame: pl.DataFrame, rule_list: list[Rule], name: str) -> list[Problem]:
    out: list[Problem] = []
    for case in cases.iter_rows(named=True):
        number, idx = case["check_number"], case["index"]
        if number is None or idx is None:  # a schema-level failure (a column of the wrong type)
            out.append(Problem(name, 1, _text(case["column"]), _text(case["failure_case"]), _text(case["check"])))
            continue
        rule = rule_list[number]
        row = frame.row(int(idx), named=True)
        value = ",".join(_text(row[c]) for c in rule.columns)
        out.append(Problem(name, int(row[LINE]), "/".join(rule.columns), value, rule.message))
    return out


def _validate(
    incidents: pl.DataFrame, sources: pl.DataFrame, files: dict[str, str], today: dt.date
) -> tuple[list[Problem], pl.DataFrame]:
    """Problems of incidents and sources, and the per-incident source figures found on the way."""
    linked = link_sources(incidents, sources)
    # The figures of passing rows are worked out (by numpy, on one core) while Polars checks
    # the rules; they are used only if every source row passes, and recomputed otherwise.
    with ThreadPoolExecutor(1) as pool:
        hoped = pool.submit(_figures_if_rows_pass, incidents, linked)
        problems = check_table(linked, "sources", rules("sources", today, linked=True), files["sources"])
        figures = hoped.result()
    if problems or figures is None:
        figures = figures_of(incidents, linked)
    problems += check_table(_with_sources(incidents, figures), "incidents", rules("incidents", today), files["incidents"])
    return sorted(set(problems)), figures


def validate_tables(
    incidents: pl.DataFrame,
    sources: pl.DataFrame,
    files: dict[str, str] | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Validate incidents and sources (strings, as read); return every problem, sorted."""
    files = files or {"incidents": "incidents.csv", "sources": "sources.csv"}
    return _validate(incidents, sources, files, today or dt.date.today())[0]


@dataclass
class RawData:
    incidents: pl.DataFrame
    sources: pl.DataFrame
    aliases: pl.DataFrame | None
    places: pl.DataFrame | None
    problems: list[Problem]
    files: dict[str, str]
    # :func:`figures_of` the raw rows (one row per incident, in order), computed by validation;
    # cleaning reuses it when no row is rejected (the rows, and so the figures, are then the same).
    source_figures: pl.DataFrame | None = None


def _read_all(
    data_dir: Path, trusted: bool, only: set[str] | None = None
) -> tuple[dict[str, pl.DataFrame | None], dict[str, list[Problem]], set[str]]:
    """Frames, row problems and the provisionally read tables of a data folder (or of ``only`` tables)."""
    frames: dict[str, pl.DataFrame | None] = {}
    problems: dict[str, list[Problem]] = {}
    provisional: set[str] = set()
    file_errors: list[str] = []
    tables = [t for t in schema.REQUIRED_FILES + schema.OPTIONAL_FILES if only is None or t in only]
    paths = {t: data_dir / f"{t}.csv" for t in tables}
    for table in tables:
        if table in schema.OPTIONAL_FILES and not paths[table].exists():
            frames[table] = None
    # The files are read side by side (Polars and numpy release the GIL); results keep table order.
    with ThreadPoolExecutor(2) as pool:
        reads = {t: pool.submit(_read, paths[t], t, trusted) for t in tables if t not in frames}
        for table, read in reads.items():
            try:
                frames[table], problems[table], guessed = read.result()
            except FileProblem as err:
                file_errors.append(str(err))
                continue
            if guessed:
                provisional.add(table)
    if file_errors:
        raise FileProblem("\n".join(file_errors))
    return frames, problems, provisional


def load_raw(data_dir: Path, today: dt.date | None = None) -> RawData:
    """Read and validate a raw data folder. Raises :class:`FileProblem` for unreadable files."""
    data_dir = Path(data_dir)
    today = today or dt.date.today()
    if not data_dir.is_dir():
        raise FileProblem(f"{_display(data_dir)}: folder does not exist")
    files = {table: _display(data_dir / f"{table}.csv") for table in schema.REQUIRED_FILES + schema.OPTIONAL_FILES}
    frames, read_problems, provisional = _read_all(data_dir, trusted=True)
    found, figures = _validate(frames["incidents"], frames["sources"], files, today)
    if found and provisional:  # the trusted read's shortcuts are unproven: read those tables again, in full
        again, again_problems, _ = _read_all(data_dir, trusted=False, only=provisional)
        frames.update(again)
        read_problems.update(again_problems)
        found, figures = _validate(frames["incidents"], frames["sources"], files, today)
    problems = [p for table_problems in read_problems.values() for p in table_problems]
    problems += found
    for table in schema.OPTIONAL_FILES:
        if frames[table] is not None:
            problems += check_table(frames[table], table, rules(table, today), files[table])
    return RawData(
        incidents=frames["incidents"],
        sources=frames["sources"],
        aliases=frames["aliases"],
        places=frames["places"],
        problems=sorted(set(problems)),
        files=files,
        source_figures=figures,
    )
