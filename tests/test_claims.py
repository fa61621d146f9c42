"""The fact-check: its rules on small cases, and every verdict on the real data pinned with its evidence."""

import dataclasses

import pandas as pd
import pytest
from conftest import ROOT

import borderledger as bl
from borderledger import claims as CL

C, P, N, X = CL.CONSISTENT, CL.PARTLY, CL.NOT_SUPPORTED, CL.CONTRADICTED


@pytest.mark.parametrize("figure, low, high, verdict", [
    (11, 11, 11, C), (12, 11, 11, C), (13, 11, 11, P), (27, 20, 27, C), (18, 20, 27, C), (10, 20, 27, P),
    (9, 20, 27, X), (50, 11, 13, X),
])
def test_event_rule(figure, low, high, verdict):
    assert CL.figure_verdict(figure, low, high) == verdict


@pytest.mark.parametrize("figure, high, verdict", [(9, 10, C), (9, 9, C), (9, 5, P), (9, 4, X)])
def test_at_least_rule(figure, high, verdict):
    assert CL.figure_verdict(figure, 0, high, at_least=True) == verdict


@pytest.mark.parametrize("figure, low, high, sourced, verdict", [
    (150, 19, 26, False, N),     # far above: 150 > 3 x 26 and no source gives it
    (78, 19, 26, False, P),      # exactly three times the high: not yet beyond the ceiling
    (79, 19, 26, False, N),      # just beyond the ceiling
    (150, 19, 26, True, P),      # a source gives the figure: the ceiling does not apply
    (1_000_000, 19, 26, False, N),
    (20, 19, 26, False, C), (28, 19, 26, False, C), (30, 19, 26, False, P),
    (10, 19, 26, False, X),      # below the documented low
])
def test_aggregate_rule_has_a_ceiling_on_both_sides(figure, low, high, sourced, verdict):
    assert CL.aggregate_verdict(figure, low, high, sourced) == verdict


def test_roll_up_takes_the_weakest_part():
    def part(v):
        return CL.Check({"claim_id": "C9a"}, v, "", "")

    assert CL.roll_up([part(C), part(N), part(X)]) == X
    assert CL.roll_up([part(C), part(P)]) == P
    assert CL.roll_up([part(C), part(C)]) == C


@pytest.fixture(scope="module")
def data():
    return bl.load(ROOT / "data" / "raw")


@pytest.fixture(scope="module")
def real(data):
    checks = CL.check_all(data)
    return {c.id: c for c in checks} | {p.id: p for c in checks for p in c.parts}


# Every verdict and sub-verdict, with the incidents or sources it rests on.
PINNED = {
    "C1": (N, {"BL-2013-0001"}), "C2": (N, {"BL-2013-0001", "BL-2013-0005", "BL-2013-0006"}), "C3": (N, set()),
    "C4": (C, {"BL-2023-0015"}), "C5": (C, {"BL-2024-0001"}), "C6": (C, {"BL-2024-0002"}),
    "C7": (C, {"BL-2024-0002"}), "C8": (C, {"BL-2024-0003"}), "C9": (X, set()), "C9a": (C, {"BL-2024-0006"}),
    "C9b": (N, {"BL-2024-0006"}), "C9c": (X, {"S-0411", "S-0422", "S-0416"}), "C10": (C, {"BL-2019-0003"}),
    "C11": (P, set()), "C11a": (P, {"BL-2024-0008", "BL-2024-0010"}), "C11b": (P, {"X-035", "X-040"}),
    "C12": (X, set()), "C12a": (P, {"S-0395"}), "C12b": (C, {"S-0416"}), "C12c": (X, {"S-0397", "S-0412"}),
    "C13": (N, {"BL-2013-0001", "BL-2023-0015", "BL-2019-0003"}), "C14": (C, set()), "C14a": (C, {"X-019", "X-020"}),
    "C14b": (C, {"X-021", "X-022"}), "C15": (P, {"X-005", "X-011"}), "C16": (C, {"X-001", "X-004"}),
}


def _ids(check: CL.Check) -> set[str]:
    frame = check.evidence
    return {str(v) for col in ("incident_id", "id", "source_id") if col in frame for v in frame[col]}


@pytest.mark.parametrize("cid", sorted(PINNED, key=lambda c: (int(c[1:].rstrip("abc")), c)))
def test_verdict_and_evidence_are_pinned(real, cid):
    verdict, evidence = PINNED[cid]
    assert real[cid].verdict == verdict, real[cid].finding
    assert evidence <= _ids(real[cid])


def test_every_claim_is_quoted_verbatim_with_a_speaker(real):
    for c in real.values():
        assert c.claim["quote"] and c.claim["asserted_by"]
        assert not c.claim["part"] or c.claim["part"] in c.claim["quote"], c.id
    parents = sorted({c.claim["parent"] for c in real.values()}, key=lambda s: int(s[1:]))
    assert parents == [f"C{i}" for i in range(1, 17)]


def test_the_150_finding_states_both_numbers_and_the_factor(real):
    finding = real["C2"].finding
    assert "150" in finding and "19–26" in finding and "6 times" in finding


def test_aggregate_evidence_is_never_cut(real, data):
    rows = CL.select(data.incidents, real["C13"].claim, CL.article()["cutoff"])
    assert len(real["C13"].evidence) == len(rows) > 60


def test_aggregates_stop_at_the_article(real, data):
    assert real["C13"].evidence["date"].max() <= pd.Timestamp(CL.article()["cutoff"])


def test_attribution_names_the_party_that_gave_the_figure(data):
    """A fixture where the article names the wrong party: the check says who really gave it."""
    incidents = pd.DataFrame({"incident_id": ["BL-2030-0001"], "date": [pd.Timestamp("2030-01-02")],
                              "country": ["IRN"], "event_type": ["cross_border_strike"], "place": ["Testabad"],
                              "perpetrator": ["Test Air Force"]})
    sources = pd.DataFrame({"incident_id": ["BL-2030-0001"] * 2, "source_id": ["S-1", "S-2"],
                            "outlet": ["Wire", "Daily"], "language": ["en", "en"], "deaths_reported": [9, None],
                            "deaths_scope": ["all", None], "figure_kind": ["count", None],
                            "injured_reported": [None, None],
                            "figure_by": ["Testland interior minister", "Otherland army"],
                            "url": ["https://example.org/1", "https://example.org/2"]})
    fixture = dataclasses.replace(data, incidents=incidents, sources=sources)
    claim = {"claim_id": "C99", "parent": "C99", "kind": "attribution", "date_from": "2030-01-02", "date_to": "",
             "country": "IRN", "event_types": "cross_border_strike", "place": "", "perpetrators": "", "figure": "9",
             "at_least": "yes", "figure_by": "Otherland"}
    check = CL.check_attribution(claim, fixture, "2030-12-31")
    assert check.verdict == N
    assert "Testland interior minister" in check.finding and "Otherland army" in check.finding
    check = CL.check_attribution({**claim, "figure_by": "Testland"}, fixture, "2030-12-31")
    assert check.verdict == C


def test_claims_outside_the_selection_are_not_checkable(data):
    settings = bl.validate(start_date="2025-01-01")
    checks = {c.id: c for c in CL.check_all(data.filtered(settings), settings=settings)}
    for cid in ("C2", "C4", "C6", "C10"):
        assert checks[cid].verdict == CL.NOT_CHECKABLE, cid
    assert checks["C16"].verdict == C  # context and editorial judgments do not depend on the selection


def test_no_verdict_is_written_in_the_code():
    source = (ROOT / "borderledger" / "claims.py").read_text(encoding="utf-8")
    for claim in CL.load_claims():
        assert claim["topic"] not in source
        assert not claim["reasoning"] or claim["reasoning"][:40] not in source


def test_a_bad_claims_file_is_located(tmp_path):
    bad = tmp_path / "claims.csv"
    text = (ROOT / "data" / "article" / "claims.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",event,", ",rumour,", 1), encoding="utf-8")
    where = r"claims\.csv:\d+: column kind: value 'rumour': must be one of"
    with pytest.raises(bl.validation.FileProblem, match=where):
        CL.load_claims(bad)
