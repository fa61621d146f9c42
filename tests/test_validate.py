import json
import re

import pytest
from conftest import GOOD, ROOT, run_script

from borderledger import validation as V

CASES = ROOT / "tests" / "bad_data" / "cases"
EXPECTED = json.loads((ROOT / "tests" / "bad_data" / "expected.json").read_text())


def test_real_data_passes_validation():
    result = run_script("scripts/validate_data.py", "data/raw")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: data/raw:")


def test_synthetic_fixture_passes():
    assert V.load_raw(GOOD).problems == []


def test_corpus_is_complete():
    assert len(EXPECTED) >= 30
    assert sorted(p.name for p in CASES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_file_is_rejected_with_located_message(case):
    result = run_script("scripts/validate_data.py", str(CASES.relative_to(ROOT) / case))
    out = result.stdout + result.stderr
    assert result.returncode == EXPECTED[case]["exit"], out
    assert re.search(EXPECTED[case]["message"], out), out
    assert "Traceback" not in out


def test_all_failures_are_reported_at_once(tmp_path):
    import shutil

    shutil.copytree(GOOD, tmp_path / "raw")
    inc = tmp_path / "raw" / "incidents.csv"
    text = inc.read_text().replace(",IRN,", ",XXX,").replace("2013-03-01", "2013-13-01")
    inc.write_text(text)
    problems = V.load_raw(tmp_path / "raw").problems
    columns = {(p.line, p.column) for p in problems}
    assert {(2, "country"), (2, "date"), (4, "country")} <= columns


def test_bom_is_accepted(tmp_path):
    import shutil

    shutil.copytree(GOOD, tmp_path / "raw")
    inc = tmp_path / "raw" / "incidents.csv"
    inc.write_bytes(b"\xef\xbb\xbf" + inc.read_bytes())
    raw = V.load_raw(tmp_path / "raw")
    assert raw.problems == [] and list(raw.incidents.columns)[0] == "incident_id"


def test_missing_folder_is_a_file_problem(tmp_path):
    result = run_script("scripts/validate_data.py", str(tmp_path / "nope"))
    assert result.returncode == 2 and "folder does not exist" in result.stderr


def test_incident_ranges_agree_with_sources_in_real_data():
    raw = V.load_raw(ROOT / "data" / "raw")
    from borderledger.estimates import source_figures

    figures = source_figures(raw.sources).drop_nulls("deaths_low")
    assert figures.height > 100
    inc = {row["incident_id"]: row for row in raw.incidents.iter_rows(named=True)}
    for fig in figures.iter_rows(named=True):
        row, iid = inc[fig["incident_id"]], fig["incident_id"]
        assert int(row["deaths_low"]) == fig["deaths_low"], iid
        assert int(row["deaths_high"]) == fig["deaths_high"], iid
        assert fig["deaths_low"] <= int(row["deaths_best"]) <= fig["deaths_high"], iid
        if "set by coder" not in str(row["notes"]):
            assert int(row["deaths_best"]) == fig["deaths_best"], iid


def test_every_source_url_is_http_and_every_incident_sourced():
    raw = V.load_raw(ROOT / "data" / "raw")
    assert raw.sources["url"].str.contains(r"^https?://").all()
    assert set(raw.incidents["incident_id"]) == set(raw.sources["incident_id"])


def test_codebook_describes_every_column():
    from borderledger import schema

    text = (ROOT / "data" / "codebook.md").read_text(encoding="utf-8")
    for table, cols in schema.TABLES.items():
        for col in cols:
            assert f"`{col.name}`" in text, (table, col.name)
        for col in cols:
            for value in col.choices:
                if table == "incidents":
                    assert f"`{value}`" in text, (table, col.name, value)


@pytest.mark.slow
def test_million_row_file_with_one_bad_row(tmp_path):
    """Scale case of the corpus: 1,000,000+ source rows, one truncated row in the middle."""
    data = tmp_path / "million"
    made = run_script("scripts/synth.py", str(data), "--sources", "1000000", timeout=600)
    assert made.returncode == 0, made.stderr
    src = data / "sources.csv"
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 1_000_000
    target = 500_001  # CSV line number (header = line 1); synthetic rows have no embedded newlines
    lines[target - 1] = ",".join(lines[target - 1].split(",")[:4]) + "\n"
    src.write_text("".join(lines), encoding="utf-8")
    result = run_script("scripts/validate_data.py", str(data), timeout=900)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out[-2000:]
    assert re.search(rf"sources\.csv:{target}: column \*: .*row has 4 fields, header has 10", out), out[-2000:]
    assert "Traceback" not in out
