import json

import pandas as pd
import pytest
from conftest import GOOD, ROOT

import borderledger as bl
from borderledger import cli
from borderledger.clean import clean, write_clean
from borderledger.estimates import lower_median
from borderledger.validation import FileProblem, load_raw

CASES = ROOT / "tests" / "bad_data" / "cases"


def test_best_rule_is_lower_median():
    assert lower_median([2, 3, 4]) == 3
    assert lower_median([4, 2]) == 2
    assert lower_median([9]) == 9
    assert lower_median([]) is None


def test_aliases_figures_and_coordinates():
    ds = bl.load(GOOD)
    inc = ds.incidents.set_index("incident_id")
    assert inc.loc["BL-2020-0001", "province"] == "Sistan and Baluchestan"  # alias applied
    derived = inc.loc["BL-2014-0001"]
    assert (derived["deaths_low"], derived["deaths_best"], derived["deaths_high"]) == (1, 1, 2)
    assert derived["best_rule"] == "lower median of sources"
    assert inc.loc["BL-2013-0001", "latitude"] == pytest.approx(27.5)
    assert set(ds.sources["outlet"]) == {"Example Wire", "Example Daily"}


def test_row_accounting_with_rejections(good_copy):
    src = good_copy / "sources.csv"
    text = src.read_text().replace(",2,all,count,2,", ",-2,all,count,2,")
    src.write_text(text + "S-0008,BL-2013-0001,https://example.org/x,Ex,,en,1\n")
    ds = clean(load_raw(good_copy))
    acc = ds.accounting.set_index("table")
    assert (acc["raw"] == acc["clean"] + acc["rejected"]).all()
    # S-0001 is invalid, so BL-2013-0001's range no longer matches its sources: the incident
    # is rejected and takes its other three sources along; the ragged row is the fifth.
    assert acc.loc["sources", "raw"] == 8 and acc.loc["sources", "rejected"] == 5
    assert acc.loc["incidents", "rejected"] == 1
    reasons = " | ".join(ds.rejected["reason"])
    assert "deaths_reported: must be a whole number" in reasons and "row has 7 fields" in reasons


def test_rejected_incident_takes_its_sources_along(good_copy):
    inc = good_copy / "incidents.csv"
    text = inc.read_text()
    inc.write_text(text.replace(",IRN,Sistan and Baluchestan,Testshahr", ",XXX,Sistan and Baluchestan,Testshahr"))
    ds = clean(load_raw(good_copy))
    assert "BL-2013-0001" not in set(ds.incidents["incident_id"])
    assert set(ds.rejected.loc[ds.rejected["table"] == "sources", "id"]) == {"S-0001", "S-0002", "S-0003", "S-0007"}
    assert ds.accounting["raw"].sum() == ds.accounting["clean"].sum() + ds.accounting["rejected"].sum()


EXPECTED = json.loads((ROOT / "tests" / "bad_data" / "expected.json").read_text())
ROW_CASES = sorted(c for c, e in EXPECTED.items() if e["exit"] == 1)
FILE_CASES = sorted(c for c, e in EXPECTED.items() if e["exit"] == 2)


@pytest.mark.parametrize("case", ROW_CASES)
def test_nothing_is_lost_on_any_bad_row(case):
    """Every row-level case of the corpus: raw rows = clean + rejected, and rejected rows say why."""
    raw = load_raw(CASES / case)
    assert raw.problems
    ds = clean(raw)
    acc = ds.accounting.set_index("table")
    assert (acc["raw"] == acc["clean"] + acc["rejected"]).all()
    assert ds.rejected["reason"].str.len().gt(0).all()
    if all(not p.file.endswith(("incidents.csv", "sources.csv")) for p in raw.problems):
        # A bad row of a helper table (aliases, places, areas, the search log, context) rejects
        # no incident or source row: it is reported and not used.
        assert acc["rejected"].sum() == 0 and len(ds.incidents) == len(bl.load(GOOD).incidents)
    else:
        assert acc["rejected"].sum() >= 1
        lines = {(t, line) for t, line in zip(ds.rejected["table"], ds.rejected["line"], strict=True)}
        located = {(p.file.rsplit("/", 1)[-1].removesuffix(".csv"), p.line) for p in raw.problems}
        assert located <= lines  # every reported row is among the rejected ones


@pytest.mark.parametrize("case", FILE_CASES)
def test_unreadable_files_stop_before_cleaning(case):
    with pytest.raises(FileProblem):
        load_raw(CASES / case)


def test_write_clean_is_deterministic(tmp_path):
    ds = bl.load(GOOD)
    write_clean(ds, tmp_path / "a")
    write_clean(ds, tmp_path / "b")
    for name in ("incidents.csv", "sources.csv", "rejected.csv", "accounting.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_write_clean_failure_leaves_previous_output(tmp_path, monkeypatch):
    ds = bl.load(GOOD)
    write_clean(ds, tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    import borderledger.clean as C

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(C, "_write_csv", boom)
    with pytest.raises(RuntimeError):
        write_clean(ds, tmp_path / "out")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_committed_clean_data_is_up_to_date(tmp_path):
    assert cli.clean_data([str(ROOT / "data" / "raw"), str(tmp_path / "clean")]) == 0
    for path in sorted((ROOT / "data" / "clean").glob("*.csv")):
        assert (tmp_path / "clean" / path.name).read_bytes() == path.read_bytes(), f"{path} is stale: run make data"


def test_clean_exports_guard_against_formulas():
    from borderledger.tables import csv_safe

    out = csv_safe(pd.DataFrame({"a": ["=HYPERLINK(1)", "+1", "-x", "@SUM", "ok"], "n": [1, 2, 3, 4, 5]}))
    assert out["a"].tolist() == ["'=HYPERLINK(1)", "'+1", "'-x", "'@SUM", "ok"]
    assert out["n"].tolist() == [1, 2, 3, 4, 5]


def test_clean_tables_come_out_in_id_order_whatever_the_raw_order(tmp_path):
    """The real rows shuffled in both raw files give the same clean tables: incidents by
    incident_id, sources by source_id (files already in order are not sorted again; both paths agree)."""
    import random
    import shutil

    real = ROOT / "data" / "raw"
    shutil.copytree(real, tmp_path / "raw")
    rng = random.Random(3)
    for name in ("incidents", "sources"):
        path = tmp_path / "raw" / f"{name}.csv"
        header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
        shuffled_rows = rows[:]
        rng.shuffle(shuffled_rows)
        assert shuffled_rows != rows
        path.write_text(header + "".join(shuffled_rows), encoding="utf-8")
    shuffled, ordered = bl.load(tmp_path / "raw"), bl.load(real)
    assert len(shuffled.incidents) > 100 and shuffled.accounting["rejected"].sum() == 0
    assert list(shuffled.incidents["incident_id"]) == sorted(shuffled.incidents["incident_id"])
    assert list(shuffled.sources["source_id"]) == sorted(shuffled.sources["source_id"])
    pd.testing.assert_frame_equal(shuffled.incidents, ordered.incidents)
    pd.testing.assert_frame_equal(shuffled.sources, ordered.sources)
