"""Small-frame tests of every aggregation the chapters use, with the expected frame written out."""

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from borderledger import analysis


def incidents(rows: list[tuple]) -> pd.DataFrame:
    """(id, date, event_type, low, best, high) rows as clean incidents (nullable ints, year column)."""
    frame = pd.DataFrame(rows, columns=["incident_id", "date", "event_type", *analysis.ESTIMATES])
    frame["date"] = pd.to_datetime(frame["date"])
    for c in analysis.ESTIMATES:
        frame[c] = frame[c].astype("Int64")
    return frame.assign(year=frame["date"].dt.year)


@pytest.fixture
def three():
    return incidents([
        ("BL-2013-0001", "2013-03-01", "bombing", 2, 3, 4),
        ("BL-2013-0002", "2013-03-20", "armed_attack", None, None, None),
        ("BL-2015-0001", "2015-07-09", "bombing", 1, 1, 5),
    ])


def test_totals_count_unknown_as_zero_and_say_how_many(three):
    assert analysis.totals(three) == {"deaths_low": 3, "deaths_best": 4, "deaths_high": 9, "incidents": 3,
                                      "unknown_deaths": 1}


def test_totals_of_nothing():
    assert analysis.totals(incidents([])) == {"deaths_low": 0, "deaths_best": 0, "deaths_high": 0, "incidents": 0,
                                              "unknown_deaths": 0}


def test_per_year_fills_every_year_between(three):
    expected = pd.DataFrame({"year": [2013, 2014, 2015], "incidents": [2, 0, 1], "deaths_low": [2, 0, 1],
                             "deaths_best": [3, 0, 1], "deaths_high": [4, 0, 5], "unknown_deaths": [1, 0, 0]})
    assert_frame_equal(analysis.per_year(three, 2013, 2015), expected)


def test_per_year_outside_the_data_is_zero(three):
    out = analysis.per_year(three, 2016, 2017)
    assert out["year"].tolist() == [2016, 2017] and out["incidents"].sum() == 0


def test_per_month_groups_by_calendar_month(three):
    expected = pd.DataFrame({"month": pd.to_datetime(["2013-03-01", "2015-07-01"]), "incidents": [2, 1],
                             "deaths": [3, 1]})
    out = analysis.per_month(three, "best")
    assert_frame_equal(out, expected)


def test_per_month_uses_the_chosen_estimate(three):
    assert analysis.per_month(three, "high")["deaths"].tolist() == [4, 5]


def test_by_category_sorts_by_incidents_then_name(three):
    expected = pd.DataFrame({"event_type": ["bombing", "armed_attack"], "incidents": [2, 1], "deaths": [4, 0]})
    assert_frame_equal(analysis.by(three, "event_type", "best"), expected)


def test_by_category_and_year(three):
    expected = pd.DataFrame({"year": [2013, 2013, 2015], "event_type": ["armed_attack", "bombing", "bombing"],
                             "incidents": [1, 1, 1], "deaths": [0, 3, 1]})
    out = analysis.by(three, "event_type", "best", by_year=True)
    assert_frame_equal(out.astype({"year": "int64"}), expected)


def test_by_names_missing_categories_unknown():
    frame = incidents([("BL-2013-0001", "2013-03-01", None, 1, 1, 1)])
    assert analysis.by(frame, "event_type", "best")["event_type"].tolist() == ["unknown"]


def test_cumulative_takes_one_step_per_date(three):
    expected = pd.DataFrame({"date": pd.to_datetime(["2013-03-01", "2013-03-20", "2015-07-09"]),
                             "deaths": [3, 3, 4]})
    out = analysis.cumulative(three, "best")
    assert_frame_equal(out, expected)


def test_source_spread_skips_incidents_without_figures(three):
    out = analysis.source_spread(three)
    assert out["incident_id"].tolist() == ["BL-2013-0001", "BL-2015-0001"]
    assert out["spread"].tolist() == [2, 4]
