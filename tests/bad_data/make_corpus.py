#!/usr/bin/env python
"""Regenerate the bad-input corpus: each case is the synthetic good fixture with ONE defect.

    python tests/bad_data/make_corpus.py

Writes tests/bad_data/cases/<name>/ and tests/bad_data/expected.json (exit code and the
located message each case must produce). The test suite reads both.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD = HERE.parent / "fixtures" / "good"
CASES = HERE / "cases"
INC, SRC = "incidents.csv", "sources.csv"


def lines(name: str) -> list[str]:
    return (GOOD / name).read_text(encoding="utf-8").splitlines(keepends=True)


def sub(name: str, line: int, old: str, new: str):
    def mutate(folder: Path) -> None:
        rows = lines(name)
        assert old in rows[line - 1], (name, line, old)
        rows[line - 1] = rows[line - 1].replace(old, new, 1)
        (folder / name).write_text("".join(rows), encoding="utf-8")
    return mutate


def write(name: str, content: bytes):
    def mutate(folder: Path) -> None:
        (folder / name).write_bytes(content)
    return mutate


def edit(name: str, fn):
    def mutate(folder: Path) -> None:
        (folder / name).write_text(fn("".join(lines(name))), encoding="utf-8")
    return mutate


def remove(name: str):
    def mutate(folder: Path) -> None:
        (folder / name).unlink()
    return mutate


good_inc = "".join(lines(INC))
header = lines(INC)[0]
# (name, mutation, exit code, regex the output must contain)
CASES_SPEC = [
    ("empty-file", write(INC, b""), 2, r"incidents\.csv: file is empty"),
    ("header-only", write(INC, header.encode()), 2, r"incidents\.csv: has a header but no data rows"),
    ("not-utf8", write(INC, good_inc.replace("Testabad", "Test\u00e4bad").encode("latin-1")), 2,
     r"incidents\.csv:2: not UTF-8 \(byte 0xe4"),
    ("wrong-delimiter", write(INC, good_inc.replace(",", ";").encode()), 2, r"incidents\.csv:1: wrong delimiter"),
    ("duplicate-header", edit(INC, lambda t: t.replace("notes\n", "summary\n", 1)), 2,
     r"incidents\.csv:1: duplicate column\(s\): summary"),
    ("missing-column", edit(SRC, lambda t: "\n".join(",".join(r.split(",")[:-1]) for r in t.splitlines()) + "\n"), 2,
     r"sources\.csv:1: missing column\(s\): paraphrase"),
    ("extra-column", edit(SRC, lambda t: "\n".join(r + (",extra" if i == 0 else ",x") for i, r in enumerate(t.splitlines())) + "\n"), 2,
     r"sources\.csv:1: unexpected column\(s\): extra"),
    ("missing-sources-file", remove(SRC), 2, r"sources\.csv: file is missing"),
    ("truncated-last-line", edit(SRC, lambda t: t.rstrip("\n").rsplit(",", 3)[0] + "\n"), 1,
     r"sources\.csv:8: column \*: .*row has 12 fields, header has 15"),
    ("unterminated-quote", edit(SRC, lambda t: t.rstrip("\n") + ',"SYNTHETIC unterminated\n'), 1,
     r"sources\.csv:8: column \*: .*row cannot be parsed"),
    ("impossible-date", sub(INC, 2, "2013-03-01", "2013-02-30"), 1,
     r"incidents\.csv:2: column date: value '2013-02-30': must be a date that exists"),
    ("future-date", sub(INC, 2, "2013-03-01", "2099-03-01"), 1,
     r"incidents\.csv:2: column date: value '2099-03-01': must not be in the future"),
    ("bad-date-format", sub(INC, 2, "2013-03-01", "01/03/2013"), 1,
     r"incidents\.csv:2: column date: value '01/03/2013': must be an ISO date"),
    ("low-greater-than-high", sub(INC, 4, ",1,1,1,", ",1,1,0,"), 1,
     r"incidents\.csv:4: column deaths_low/deaths_best/deaths_high: value '1,1,0': deaths_low <= deaths_best <= deaths_high"),
    ("best-outside-range", sub(INC, 2, ",2,3,4,", ",2,9,4,"), 1,
     r"incidents\.csv:2: column deaths_low/deaths_best/deaths_high: value '2,9,4'"),
    ("negative-deaths", sub(SRC, 2, ",2,all,", ",-2,all,"), 1,
     r"sources\.csv:2: column deaths_reported: value '-2': must be a whole number >= 0"),
    ("non-integer-deaths", sub(SRC, 3, ",3,all,", ",2.5,all,"), 1,
     r"sources\.csv:3: column deaths_reported: value '2.5': must be a whole number >= 0"),
    ("unknown-country", sub(INC, 2, ",IRN,", ",IRQ,"), 1,
     r"incidents\.csv:2: column country: value 'IRQ': must be one of IRN, PAK, AFG"),
    ("unknown-event-type", sub(INC, 2, ",armed_attack,", ",skirmish,"), 1,
     r"incidents\.csv:2: column event_type: value 'skirmish': must be one of"),
    ("unknown-target", sub(INC, 2, ",security_forces,", ",soldiers,"), 1,
     r"incidents\.csv:2: column target: value 'soldiers': must be one of"),
    ("unknown-precision", sub(INC, 2, ",day,", ",hour,"), 1,
     r"incidents\.csv:2: column date_precision: value 'hour': must be one of"),
    ("unknown-language", sub(SRC, 2, ",en,", ",english,"), 1,
     r"sources\.csv:2: column language: value 'english': must be one of"),
    ("duplicate-id", sub(INC, 3, "BL-2014-0001", "BL-2013-0001"), 1,
     r"incidents\.csv:3: column incident_id: value 'BL-2013-0001': must be unique"),
    ("bad-id-pattern", sub(INC, 4, "BL-2020-0001,", "BL-20-1,"), 1,
     r"incidents\.csv:4: column incident_id: value 'BL-20-1': must match"),
    ("orphan-source", sub(SRC, 7, "BL-2020-0001", "BL-2021-0009"), 1,
     r"sources\.csv:7: column incident_id: value 'BL-2021-0009': must be an incident_id of incidents\.csv"),
    ("incident-without-source", edit(SRC, lambda t: "".join(r for i, r in enumerate(t.splitlines(keepends=True)) if i != 6)), 1,
     r"incidents\.csv:4: column incident_id: value 'BL-2020-0001': every incident needs at least one source"),
    ("non-http-url", sub(SRC, 2, "https://example.org/synthetic/1", "javascript:alert(1)"), 1,
     r"sources\.csv:2: column url: value 'javascript:alert\(1\)': must be an http\(s\) URL"),
    ("enormous-field", sub(SRC, 2, "SYNTHETIC: says two died.", "SYNTHETIC " + "x" * 6000), 1,
     r"sources\.csv:2: column paraphrase: .*field has 6010 characters \(limit 5000\)"),
    ("missing-required-value", sub(INC, 2, "SYNTHETIC TEST ROW: an invented attack used only by tests.", ""), 1,
     r"incidents\.csv:2: column summary: value '': is required"),
    ("range-disagrees-with-sources", sub(INC, 2, ",2,3,4,", ",2,3,5,"), 1,
     r"incidents\.csv:2: column deaths_low/deaths_high: value '2,5': deaths_low/deaths_high must equal"),
    ("bad-alias-kind", edit("aliases.csv", lambda t: t + "town,Fakeabad,Testabad\n"), 1,
     r"aliases\.csv:4: column kind: value 'town': must be one of"),
    ("figure-without-scope", sub(SRC, 6, ",2,all,count,", ",2,,,"), 1,
     r"sources\.csv:6: column deaths_reported/deaths_scope/figure_kind: value '2,,': a figure needs deaths_scope and figure_kind"),
    ("range-includes-a-claim", sub(INC, 2, ",2,3,4,", ",2,3,9,"), 1,
     r"incidents\.csv:2: column deaths_low/deaths_high: value '2,9': deaths_low/deaths_high must equal .* count everyone killed"),
    ("parts-exceed-total", sub(SRC, 2, ",2,all,count,2,", ",2,all,count,3,"), 1,
     r"sources\.csv:2: column deaths_reported/security_reported/civilians_reported/attackers_reported: value '2,3,,': the per-group figures add up to more"),
    ("attributed-without-actor", sub(INC, 3, ",unknown,unknown,,", ",unknown,attributed,Synthetic police,"), 1,
     r"incidents\.csv:3: column attribution/perpetrator/attribution_by: value 'attributed,unknown,Synthetic police': attributed needs a named perpetrator"),
    ("district-not-in-areas", sub(INC, 2, ",Testshahr,", ",Nowhereshahr,"), 1,
     r"incidents\.csv:2: column district: value 'Nowhereshahr': must be a district of areas\.csv"),
    ("scope-does-not-fit", sub(INC, 3, ",PAK,Balochistan,Testdistrict,", ",PAK,Balochistan,,"), 1,
     r"incidents\.csv:3: column scope/country/district: value 'pakistan_border_district,PAK,': scope pakistan_border_district needs"),
    ("unknown-related-incident", sub(INC, 4, ",BL-2013-0001,", ",BL-2013-0099,"), 1,
     r"incidents\.csv:4: column related_to: value 'BL-2013-0099': must be another incident_id"),
    ("component-outside-sources", sub(INC, 2, ",2,3,4,,,,", ",2,3,4,5,,,"), 1,
     r"incidents\.csv:2: column deaths_security: value '5': must lie within the figures its sources give for security"),
    ("search-names-unknown-area", edit("search_log.csv", lambda t: t.replace(",Testdistrict,ur,", ",Elsewhere,ur,")), 1,
     r"search_log\.csv:3: column area: value 'Elsewhere': every area must be a district of areas\.csv"),
    ("context-without-url", edit("context.csv", lambda t: t.replace("https://example.org/synthetic/context", "")), 1,
     r"context\.csv:2: column url: value '': is required"),
    ("coordinates-out-of-range", edit("places.csv", lambda t: t.replace("27.50000", "95.00000")), 1,
     r"places\.csv:2: column latitude: value '95\.00000': must be between"),
]


def main() -> None:
    shutil.rmtree(CASES, ignore_errors=True)
    expected = {}
    for name, mutate, code, pattern in CASES_SPEC:
        folder = CASES / name
        shutil.copytree(GOOD, folder)
        mutate(folder)
        expected[name] = {"exit": code, "message": pattern}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(expected)} cases to {CASES}")


if __name__ == "__main__":
    main()
