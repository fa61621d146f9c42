"""The fast paths of reading and validating must agree with the slow, row-by-row ones."""

import datetime as dt
import random
import shutil

import polars as pl
import pytest
from conftest import GOOD, ROOT

from borderledger import schema
from borderledger import validation as V
from borderledger.estimates import incident_figures, lower_median, source_figures

CASES = ROOT / "tests" / "bad_data" / "cases"
TODAY = dt.date(2026, 1, 1)


def _verdicts(data_dir):
    """(table, screen says all pass, pandera finds nothing) for every readable table of a folder."""
    frames = {}
    for table in schema.TABLES:
        path = data_dir / f"{table}.csv"
        try:
            frames[table] = V.read_table(path, table)[0]
        except V.FileProblem:
            return []
    out = []
    for table, frame in frames.items():
        if table == "incidents":
            linked = V.link_sources(frame, frames["sources"])
            frame, rule_list = V._with_sources(frame, V.figures_of(frame, linked)), V.rules(table, TODAY)
        elif table == "sources":
            frame, rule_list = V.link_sources(frames["incidents"], frame), V.rules(table, TODAY, linked=True)
        else:
            rule_list = V.rules(table, TODAY)
        screen = V._all_pass(frame, rule_list)
        import pandera.polars as pa

        try:
            V.pandera_schema(table, rule_list).validate(frame, lazy=True)
            clean = True
        except pa.errors.SchemaErrors:
            clean = False
        out.append((table, screen, clean))
    return out


@pytest.mark.parametrize("folder", ["good", "real", *sorted(p.name for p in CASES.iterdir())])
def test_screen_and_pandera_agree(folder):
    data_dir = {"good": GOOD, "real": ROOT / "data" / "raw"}.get(folder, CASES / folder)
    for table, screen, clean in _verdicts(data_dir):
        assert screen == clean, (folder, table)


def test_screen_catches_the_cases_it_should():
    verdicts = {case: _verdicts(CASES / case) for case in ("duplicate-id", "orphan-source", "best-outside-range")}
    assert ("incidents", False, False) in verdicts["duplicate-id"]
    assert ("sources", False, False) in verdicts["orphan-source"]
    assert ("incidents", False, False) in verdicts["best-outside-range"]


def test_vectorised_best_is_the_lower_median():
    rng = random.Random(7)
    rows, expected = [], {}
    for i in range(300):
        iid = f"BL-2020-{i:04d}"
        figures = [rng.choice([None, rng.randint(0, 60)]) for _ in range(rng.randint(1, 7))]
        rows += [{"incident_id": iid, "deaths_reported": f} for f in figures]
        expected[iid] = lower_median([f for f in figures if f is not None])
    got = source_figures(pl.DataFrame(rows, schema={"incident_id": pl.String, "deaths_reported": pl.Int64}))
    assert dict(zip(got["incident_id"], got["deaths_best"], strict=True)) == expected


@pytest.mark.parametrize("largest", [40, 2**40])  # figures packed into one sort key, or too large for it
def test_figures_by_position_equal_figures_by_id(largest):
    """incident_figures (integer positions) gives source_figures (grouped by id) for every incident,
    with orphan, id-less, figure-less and non-http rows mixed in, and incidents without sources."""
    rng = random.Random(11)
    ids = [f"BL-2020-{i:04d}" for i in range(60)]
    rows = [{"incident_id": rng.choice([*ids[:55], None, "BL-1999-0001"]),  # the last 5 get no source
             "deaths_reported": rng.choice([None, rng.randint(0, 40), rng.randint(0, largest)]),
             "url": rng.choice(["https://a.example/x", "ftp://b.example", None])} for _ in range(500)]
    src = pl.DataFrame(rows, schema={"incident_id": pl.String, "deaths_reported": pl.Int64, "url": pl.String})
    position = src.join(pl.DataFrame({"incident_id": ids}).with_row_index("row"), on="incident_id",
                        how="left", maintain_order="left")["row"]
    got = incident_figures(position, src["deaths_reported"], len(ids), src["url"].str.contains("^https?://"))
    want = (pl.DataFrame({"incident_id": ids}).join(source_figures(src, urls=True), on="incident_id", how="left",
                                                    maintain_order="left")
            .with_columns(pl.col("n_sources", "sources_with_url").fill_null(0)))
    assert got.height == len(ids) and got["n_sources"].sum() < src.height  # some rows have no incident
    assert got["n_sources"].to_list()[55:] == [0] * 5 and got["deaths_best"].null_count() == 5
    for col in got.columns:
        assert got[col].to_list() == want[col].to_list(), col


@pytest.mark.parametrize("folder", ["good", "real"])
def test_figures_of_passing_rows_are_read_exactly(folder):
    """With every source row passing its rules, figures_of skips the per-cell tests: same result."""
    data_dir = {"good": GOOD, "real": ROOT / "data" / "raw"}[folder]
    inc, src = V.read_table(data_dir / "incidents.csv", "incidents")[0], V.read_table(data_dir / "sources.csv", "sources")[0]
    linked = V.link_sources(inc, src)
    assert V._all_pass(linked, V.rules("sources", dt.date(2100, 1, 1), linked=True))  # no date is in the future
    assert V.figures_of(inc, linked, rows_pass=True).equals(V.figures_of(inc, linked))


@pytest.mark.parametrize("figure", ["x", "+3", "-3", "3.0"])
def test_figures_hoped_for_are_dropped_when_a_source_row_fails(figure):
    """Validation works out the passing-rows figures while the rules run; when a source row fails
    (here its figure), the figures returned are the tested ones, whatever the hopeful path did."""
    inc, src = V.read_table(GOOD / "incidents.csv", "incidents")[0], V.read_table(GOOD / "sources.csv", "sources")[0]
    src = src.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(figure))
                           .otherwise(pl.col("deaths_reported")).alias("deaths_reported"))
    linked = V.link_sources(inc, src)
    problems, figures = V._validate(inc, src, {"incidents": "i", "sources": "s"}, TODAY)
    assert any(p.column == "deaths_reported" for p in problems)
    assert figures.equals(V.figures_of(inc, linked))
    assert (V._figures_if_rows_pass(inc, linked) is None) == (figure in ("x", "3.0"))


def _copy(tmp_path):
    shutil.copytree(GOOD, tmp_path / "raw")
    return tmp_path / "raw" / "sources.csv"


def _both_paths(path, table="sources"):
    """The frame as the fast reader makes it (or None) and as the row-by-row reader makes it."""
    header = schema.columns(table)
    fast = V._fast_frame(path, header, header)
    slow, problems = V._slow_frame(path.name, path.read_bytes(), header, header)
    return fast, slow, problems


def test_short_row_in_the_middle_is_located(tmp_path):
    src = _copy(tmp_path)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = ",".join(lines[3].split(",")[:4]) + "\n"
    src.write_text("".join(lines), encoding="utf-8")
    fast, _, problems = _both_paths(src)
    assert fast is None  # Polars would have padded the row with nulls
    assert [(p.line, p.column) for p in problems] == [(4, "*")]
    assert "row has 4 fields, header has 10" in problems[0].rule


def test_bytes_are_counted_only_when_the_last_column_has_an_empty_cell(tmp_path, monkeypatch):
    """A padded short row or a blank line leaves the last column empty; a full last column proves
    every row complete, so the file's commas are not counted."""
    src = _copy(tmp_path)
    counted = []
    real_count = V._count_byte
    monkeypatch.setattr(V, "_count_byte", lambda path, byte: counted.append(path) or real_count(path, byte))
    fast, slow, problems = _both_paths(src)  # paraphrase, the last column, is filled in every row
    assert counted == [] and problems == [] and fast.equals(slow)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    src.write_text("".join(lines[:2] + [lines[2].rstrip("\n").rsplit(",", 1)[0] + ",\n"] + lines[3:]), encoding="utf-8")
    fast, slow, problems = _both_paths(src)  # one empty last cell: the commas are counted, and balance
    assert counted == [src] and problems == [] and fast.equals(slow)


def test_blank_line_and_quoted_newline_keep_line_numbers(tmp_path):
    src = _copy(tmp_path)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].rstrip("\n").split(",")
    first[-1] = '"two\nlines"'
    lines[1] = ",".join(first) + "\n"
    src.write_text("".join(lines), encoding="utf-8")
    fast, slow, problems = _both_paths(src)
    assert problems == [] and fast is not None
    assert fast.equals(slow)
    assert fast[V.LINE].to_list()[:3] == [2, 4, 5]
    src.write_text("".join(lines[:3] + ["\n"] + lines[3:]), encoding="utf-8")
    fast, slow, problems = _both_paths(src)
    assert fast is None and problems == []  # the blank line goes to the slow path, which skips it
    assert slow[V.LINE].to_list()[:4] == [2, 4, 6, 7]


def test_padded_marks_every_cell_that_tidying_changes():
    """``_padded`` reads one byte at each end: it must mark every cell that strip_chars changes
    or that is empty (it may mark more). Checked on every Unicode character at either end."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    cells = pl.DataFrame({"v": [*(c + "x" for c in chars), *("x" + c for c in chars), "", "x", "xy z"]})
    got = cells.select(
        V._padded(pl.col("v")).alias("marked"),
        ((pl.col("v").str.strip_chars() != pl.col("v")) | (pl.col("v") == "")).alias("changed"),
    )
    assert got["changed"].sum() == 2 * 25 + 1  # 25 whitespace characters, at each end, and ""
    assert got.filter(pl.col("changed"))["marked"].all()
    assert not got["marked"][-2:].any()  # ASCII letters at both ends: not marked


def test_padding_is_stripped_and_empty_cells_are_null(tmp_path):
    src = _copy(tmp_path)
    text = src.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = text[1].rstrip("\n").split(",")
    cells[3] = "  " + cells[3] + " "
    cells[7] = '""'
    text[1] = ",".join(cells) + "\n"
    src.write_text("".join(text), encoding="utf-8")
    fast, slow, _ = _both_paths(src)
    assert fast.equals(slow)
    assert fast["outlet"][0] == cells[3].strip() and fast[schema.columns("sources")[7]][0] is None


def test_url_screen_only_passes_urls_the_pattern_passes():
    """The URL rule's screen is sufficient: every cell it passes, the pattern passes too (fuzz,
    with Unicode whitespace, non-ASCII letters and the characters the pattern forbids)."""
    rng = random.Random(3)
    chars = [*"ab/:.?#$ -", "\t", "\n", "\x0b", "\x1c", "\u00a0", "\u2003", "\u3000", "\u00e9", "\u0627"]
    prefixes = ["http://", "https://", "http:/", "ftp://", "", "HTTP://"]
    values = [rng.choice(prefixes) + "".join(rng.choice(chars) for _ in range(rng.randint(0, 5))) for _ in range(50_000)]
    rule = next(r for r in V.rules("sources", TODAY) if r.message == "must be an http(s) URL")
    # The screen is a whole-column test; grouped by row, it is evaluated on each cell alone.
    cells = (pl.DataFrame({"url": values}).with_row_index("row").group_by("row", maintain_order=True)
             .agg(rule.screens[0].alias("screen"), rule.ok.first().alias("ok"), pl.col("url").first().str.contains(V.URL).alias("pattern")))
    assert cells["ok"].to_list() == cells["pattern"].to_list()
    assert cells["screen"].sum() > 1000 and cells.filter("screen")["ok"].all()
    assert cells.filter(~pl.col("screen") & pl.col("ok")).height > 0  # e.g. non-ASCII urls: the pattern decides


def test_whole_number_rule_is_the_whole_pattern():
    """The int rule (an Int64 cast, no sign) accepts exactly the cells that match ^[0-9]+$ and fit Int64."""
    import itertools

    rng = random.Random(5)
    chars = [*"0123456789+- .,xe_", "\n", "\t", "\u0665", "\uff15", "\u00a0"]
    values = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 6))) for _ in range(100_000)]
    values += ["".join(p) for n in range(1, 4) for p in itertools.product("09+- ", repeat=n)]
    values += ["9223372036854775807", "9223372036854775808", "-9223372036854775808", "0" * 30 + "1"]
    frame = pl.DataFrame({"deaths_reported": values})
    rule = next(r for r in V.rules("sources", TODAY) if r.columns == ("deaths_reported",))
    want = pl.col("deaths_reported").str.contains(V.WHOLE) & pl.col("deaths_reported").cast(pl.Int64, strict=False).is_not_null()
    got = frame.select(rule.ok.alias("got"), want.alias("want"))
    assert got["want"].sum() > 1000 and got["got"].to_list() == got["want"].to_list()


def test_ids_need_ascii_digits(tmp_path):
    inc = tmp_path / "incidents.csv"
    shutil.copy(GOOD / "incidents.csv", inc)
    text = inc.read_text(encoding="utf-8")
    first_id = text.splitlines()[1].split(",")[0]
    inc.write_text(text.replace(first_id, "BL-٢٠١٣-0001", 1), encoding="utf-8")
    frame, _ = V.read_table(inc, "incidents")
    rule = next(r for r in V.rules("incidents", TODAY) if r.message.startswith("must match"))
    assert frame.select(rule.ok).to_series().to_list()[0] is False


@pytest.mark.parametrize("folder", ["good", "real"])
def test_clean_reuses_validation_figures_exactly(folder):
    """Cleaning with validation's per-incident figures gives the same dataset as recomputing them."""
    import dataclasses

    from pandas.testing import assert_frame_equal

    from borderledger.clean import clean

    raw = V.load_raw({"good": GOOD, "real": ROOT / "data" / "raw"}[folder], today=TODAY)
    assert raw.source_figures is not None
    reused, recomputed = clean(raw), clean(dataclasses.replace(raw, source_figures=None))
    assert_frame_equal(reused.incidents, recomputed.incidents)
    assert_frame_equal(reused.sources, recomputed.sources)


def test_a_screen_that_cannot_prove_its_rule_defers_to_the_exact_test():
    """A screen is a sufficient condition: when false (say, a hash collision), ``ok`` decides."""
    frame = pl.DataFrame({"v": ["a", "b"]})
    passing = V.Rule(("v",), "never fails", pl.col("v").is_not_null(), screens=(pl.lit(False), pl.lit(False)))
    failing = V.Rule(("v",), "always fails", pl.col("v").is_null(), screens=(pl.lit(False),))
    assert V._all_pass(frame, [passing])
    assert not V._all_pass(frame, [passing, failing])


def test_unique_screen_is_exact_on_ids():
    ids = V.rules("sources", TODAY, linked=True)
    unique = next(r for r in ids if r.message.startswith("must be unique"))
    increasing, hashed = unique.screens
    frame = pl.DataFrame({"source_id": ["S-0001", "S-0002", None, None]})
    assert frame.select(increasing).item() and frame.select(hashed).item() and frame.select(unique.ok.all()).item()
    unordered = pl.DataFrame({"source_id": ["S-0002", None, "S-0001"]})
    assert not unordered.select(increasing).item() and unordered.select(hashed).item() and V._all_pass(unordered, [unique])
    for dupes in (["S-0001", "S-0002", "S-0001"], ["S-0001", None, "S-0001"], ["S-0001", "S-0001"]):
        frame = pl.DataFrame({"source_id": dupes})
        assert not frame.select(increasing).item() and not frame.select(hashed).item()
        assert not frame.select(unique.ok.all()).item() and not V._all_pass(frame, [unique])
        assert not V._distinct(frame["source_id"])
    assert V._distinct(unordered["source_id"]) and V._distinct(pl.Series("source_id", [], dtype=pl.String))


@pytest.mark.parametrize("table", ["incidents", "sources"])
def test_trusted_columns_fail_a_rule_when_untidy(table):
    """The trusted read skips whitespace, line-break and (but for URLs) comma checks on the
    ``self_checking`` columns, and the size check on the short ones: sound only if any such
    cell fails some rule of the table."""
    real, LATER = ROOT / "data" / "raw", dt.date(2100, 1, 1)  # real data: no row is in the future
    inc = V.read_table(real / "incidents.csv", "incidents")[0]
    src = V.read_table(real / "sources.csv", "sources")[0]
    frame = inc if table == "incidents" else src
    def with_sources(incidents):
        return V._with_sources(incidents, V.figures_of(incidents, V.link_sources(incidents, src)))

    assert V._all_pass(with_sources(inc), V.rules("incidents", LATER))
    assert V.self_checking(table)
    for col in sorted(V.self_checking(table)):
        i = frame[col].is_not_null().arg_true()[0]
        value = frame[col][i]
        bad_values = [f" {value}", f"{value} ", f"\t{value}", f"{value}\u00a0", f"\u3000{value}", f"{value}\r", "", "  ",
                      f"{value}\nx", f"x\n{value}", f"{value[:1]}\n{value[1:]}"]
        if schema.TABLES[table][schema.columns(table).index(col)].kind != "url":
            bad_values += [f"{value},x", f"{value[:1]},{value[1:]}"]  # no comma either
        if schema.TABLES[table][schema.columns(table).index(col)].kind in V.SHORT_KINDS:
            bad_values += [value + "0" * schema.MAX_FIELD, "0" * schema.MAX_FIELD + value]  # nor an oversized cell
        for bad in bad_values:
            row = pl.int_range(pl.len()) == i
            changed = frame.with_columns(pl.when(row).then(pl.lit(bad)).otherwise(pl.col(col)).alias(col))
            if table == "incidents":
                ok = V._all_pass(with_sources(changed), V.rules(table, LATER))
            else:
                ok = V._all_pass(V.link_sources(inc, changed), V.rules(table, LATER, linked=True))
            assert not ok, (table, col, bad)


def test_oversized_cell_in_a_short_column_is_reported_as_oversized(tmp_path):
    """The trusted read does not measure short columns; an oversized id fails its pattern, the
    file is read again in full, and the size is what gets reported, on the right line."""
    src = _copy(tmp_path)
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = "S-" + "1" * (schema.MAX_FIELD + 10) + lines[2][lines[2].index(","):]
    src.write_text("".join(lines), encoding="utf-8")
    problems = V.load_raw(src.parent, today=TODAY).problems
    assert [(p.line, p.column) for p in problems if "characters (limit" in p.rule] == [(3, "source_id")]


def test_padded_trusted_cells_are_tidied_and_accepted(tmp_path):
    """Padding in ids, dates, vocabularies, numbers and URLs is still stripped, not rejected."""
    import csv

    from pandas.testing import assert_frame_equal

    from borderledger.clean import clean

    data = tmp_path / "raw"
    shutil.copytree(GOOD, data)
    first_id = None
    for table, cols in (("incidents", ["incident_id", "date", "country", "deaths_low"]),
                        ("sources", ["incident_id", "url", "language", "published"])):
        path = data / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        first_id = first_id or rows[0]["incident_id"]
        for row in rows:
            if row["incident_id"] == first_id:
                row.update({c: f"  {row[c]}\t" for c in cols if row[c]})
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=schema.columns(table), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    assert "  " + first_id + "\t" in (data / "sources.csv").read_text(encoding="utf-8")
    padded, plain = V.load_raw(data, today=TODAY), V.load_raw(GOOD, today=TODAY)
    assert padded.problems == plain.problems == []
    a, b = clean(padded), clean(plain)
    assert_frame_equal(a.incidents, b.incidents)
    assert_frame_equal(a.sources, b.sources)
    assert a.accounting.equals(b.accounting)


def test_a_short_row_hidden_by_a_comma_in_a_trusted_column_is_still_found(tmp_path):
    """A row one field short and an uncounted comma elsewhere balance the trusted read's comma
    count; the comma breaks a rule, so the table is read again in full and the row is named."""
    import csv

    data = tmp_path / "raw"
    shutil.copytree(GOOD, data)
    path = data / "sources.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[1][schema.columns("sources").index("language")] = "en,fa"
    rows[3] = rows[3][:-1]  # one field short
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    header = schema.columns("sources")
    trust = V.self_checking("sources")
    no_commas = frozenset(c for c in trust if c != "url")
    assert V._fast_frame(path, header, header, trust, no_commas) is not None  # the counts balance
    found = [str(p) for p in V.load_raw(data, today=TODAY).problems]
    assert any(":4: column *:" in p and "row has 9 fields, header has 10" in p for p in found), found
    assert any(":2: column language: value 'en,fa'" in p for p in found), found
