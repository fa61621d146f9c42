"""Pins the verdict rules of the claims check and the verdicts they give on the real data."""

import pandas as pd
import pytest
from conftest import ROOT

import borderledger as bl
from borderledger import claims as CL


@pytest.mark.parametrize(
    "figure, low, high, verdict",
    [
        (11, 11, 11, CL.C), (12, 11, 11, CL.C), (13, 11, 11, CL.P), (27, 20, 27, CL.C), (18, 20, 27, CL.C),
        (10, 20, 27, CL.P), (9, 20, 27, CL.I), (50, 11, 13, CL.I), (5, None, None, CL.N),
    ],
)
def test_figure_rule(figure, low, high, verdict):
    assert CL.figure_verdict(figure, low, high) == verdict


@pytest.mark.parametrize("figure, high, verdict", [(9, 10, CL.C), (9, 9, CL.C), (9, 5, CL.P), (9, 4, CL.I), (1, None, CL.N)])
def test_at_least_rule(figure, high, verdict):
    assert CL.at_least_verdict(figure, high) == verdict


@pytest.mark.parametrize("figure, low, high, verdict", [(150, 19, 26, CL.N), (20, 19, 26, CL.C), (10, 19, 26, CL.I)])
def test_aggregate_rule_treats_totals_as_lower_bounds(figure, low, high, verdict):
    assert CL.aggregate_verdict(figure, low, high) == verdict


@pytest.fixture(scope="module")
def real():
    ds = bl.load(ROOT / "data" / "raw")
    return {c.claim: c for c in CL.check_all(ds.incidents, ds.sources)}


def test_every_claim_has_a_verdict_from_the_allowed_set(real):
    assert sorted(real, key=lambda c: int(c[1:])) == [f"C{i}" for i in range(1, 17)]
    assert {c.verdict for c in real.values()} <= {CL.C, CL.P, CL.I, CL.N}


def test_quantitative_claims_rest_on_incidents(real):
    for cid in ("C2", "C4", "C5", "C6", "C9", "C10", "C11"):
        assert real[cid].incidents, cid


def test_claims_outside_the_selection_are_not_checkable():
    ds = bl.load(ROOT / "data" / "raw")
    recent = ds.incidents[ds.incidents["date"] >= pd.Timestamp("2025-01-01")]
    checks = {c.claim: c for c in CL.check_all(recent, ds.sources)}
    for cid in ("C4", "C6", "C9", "C10"):
        assert checks[cid].verdict == CL.N, cid
