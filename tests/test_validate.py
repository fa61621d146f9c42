import json
import re

import pandas as pd
import pytest
from conftest import GOOD, ROOT, run_command

from borderledger import cli
from borderledger import validation as V

CASES = ROOT / "tests" / "bad_data" / "cases"
EXPECTED = json.loads((ROOT / "tests" / "bad_data" / "expected.json").read_text())


def test_real_data_passes_validation(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert cli.validate(["data/raw"]) == 0
    assert capsys.readouterr().out.startswith("ok: data/raw:")


def test_synthetic_fixture_passes():
    assert V.load_raw(GOOD).problems == []


def test_corpus_is_complete():
    assert len(EXPECTED) >= 30
    assert sorted(p.name for p in CASES.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_file_is_rejected_with_located_message(case, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = cli.validate([str(CASES.relative_to(ROOT) / case)])
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert code == EXPECTED[case]["exit"], out
    assert re.search(EXPECTED[case]["message"], out), out


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


def test_missing_folder_is_a_file_problem(tmp_path, capsys):
    assert cli.validate([str(tmp_path / "nope")]) == 2
    assert "folder does not exist" in capsys.readouterr().err


def test_incident_ranges_count_everyone_and_leave_claims_out_in_real_data():
    """Recomputed here from the raw CSV, independently of the package: an incident's range is the
    lowest/highest toll of its sources that counts everyone killed, or else the sum of the groups."""
    import csv
    from collections import defaultdict

    import borderledger as bl

    tolls, groups = defaultdict(list), defaultdict(lambda: defaultdict(list))
    with open(ROOT / "data" / "raw" / "sources.csv", encoding="utf-8") as fh:
        for s in csv.DictReader(fh):
            if s["figure_kind"] != "count":
                continue
            if s["deaths_scope"] == "all":
                tolls[s["incident_id"]].append(int(s["deaths_reported"]))
            for column, scope in (("security_reported", "security_forces"), ("civilians_reported", "civilians"),
                                  ("attackers_reported", "attackers")):
                figure = s[column] or (s["deaths_reported"] if s["deaths_scope"] == scope else "")
                if figure:
                    groups[s["incident_id"]][scope].append(int(figure))
    clean = bl.load(ROOT / "data" / "raw").incidents.set_index("incident_id")
    assert len(tolls) > 200
    for iid, row in clean.iterrows():
        if tolls[iid]:
            expected = (min(tolls[iid]), max(tolls[iid]))
        elif groups[iid]:
            expected = (sum(min(v) for v in groups[iid].values()), sum(max(v) for v in groups[iid].values()))
        else:
            expected = (None, None)
        got = tuple(None if pd.isna(row[c]) else int(row[c]) for c in ("deaths_low", "deaths_high"))
        assert got == expected, iid


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


def test_the_console_script_is_installed_and_reports_exit_codes():
    ok = run_command("borderledger-validate", str(GOOD.relative_to(ROOT)))
    assert ok.returncode == 0 and ok.stdout.startswith("ok: tests/fixtures/good:"), ok.stderr
    bad = run_command("borderledger-validate", str(CASES.relative_to(ROOT) / "unknown-country"))
    assert bad.returncode == 1 and "must be one of IRN, PAK, AFG" in bad.stdout
