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


def test_per_year_by_country_fills_every_year_and_country(three):
    frame = three.assign(country=["IRN", "PAK", "IRN"])
    out = analysis.per_year_by_country(frame, 2013, 2015)
    assert list(out["country"].unique()) == ["Iran", "Pakistan"] and len(out) == 6
    row = out[(out["year"] == 2013) & (out["country"] == "Iran")].iloc[0]
    assert (row["incidents"], row["deaths_best"]) == (1, 3)
    assert out[(out["year"] == 2014)]["incidents"].sum() == 0


def test_year_notes_keep_only_shown_years_and_prefer_fixed_notes():
    years = pd.DataFrame({"year": [2012, 2013, 2024]})
    out = analysis.year_notes(years, {2024: "strikes", 2013: "named"}, [2012, 2013, 2019], "thin")
    assert out.to_dict("records") == [{"year": 2012, "note": "thin"}, {"year": 2013, "note": "named"},
                                      {"year": 2024, "note": "strikes"}]


def test_thin_years_are_those_whose_searches_found_least():
    cells = pd.DataFrame({"year": [2012, 2012, 2013, 2014], "incidents": [0, 1, 4, 0], "searches": [5, 5, 4, 0]})
    assert analysis.thin_years(cells) == [2012]  # 1 per 10 searches; 2014 was not searched


def test_coverage_counts_each_named_district_and_local_languages():
    areas = pd.DataFrame({"country": ["IRN", "PAK"], "district": ["Rask", "Kech"]})
    inc = pd.DataFrame({"district": ["Rask", None], "year": [2013, 2013]})
    log = pd.DataFrame({"search_id": ["Q-1", "Q-2", "Q-3"], "area": ["Rask;Kech", "Kech", None],
                        "year": [2013, 2013, 2013], "language": ["en", "ur", "fa"]})
    out = analysis.coverage(inc, log, areas, 2013, 2013).set_index("district")
    assert out.loc["Rask", ["incidents", "searches", "local"]].tolist() == [1, 1, 0]
    assert out.loc["Kech", ["incidents", "searches", "local"]].tolist() == [0, 2, 1]


def test_places_groups_by_point_and_names_district_only_points():
    inc = incidents([("BL-2013-0001", "2013-03-01", "bombing", 1, 1, 2),
                     ("BL-2013-0002", "2013-04-01", "bombing", 3, 3, 3),
                     ("BL-2013-0003", "2013-05-01", "bombing", None, None, None)])
    inc = inc.assign(country="PAK", place=["Turbat", None, "Mand"], district=["Kech", "Kech", "Kech"],
                     located=["place", "district seat", ""], latitude=[26.0, 26.0, None],
                     longitude=[63.0, 63.0, None])
    out = analysis.places(inc)
    assert len(out) == 1
    row = out.iloc[0]
    assert (row["place"], row["incidents"], row["deaths"], row["deaths_range"]) == ("Turbat", 2, 4, "4–5")
    assert row["located"] == "1 located only to the district"
    assert analysis.unlocated_places(inc) == ["Mand"]


def test_timeline_labels_sides_and_who_gave_the_figures():
    inc = incidents([("BL-2024-0001", "2024-01-16", "cross_border_strike", 2, 2, 2),
                     ("BL-2024-0002", "2024-01-17", "other", None, None, None)])
    inc = inc.assign(country=["PAK", "PAK"], place=["Panjgur", "Islamabad"], headline=[None, "Envoy recalled"])
    src = pd.DataFrame({"incident_id": ["BL-2024-0001"], "deaths_reported": [2], "figure_by": ["Foreign Office"]})
    out = analysis.timeline_events(inc, src, "2024-01-01", "2024-01-31")
    assert out["side"].tolist() == ["in Pakistan", "diplomacy"]
    assert out["label"].tolist() == ["cross border strike in Panjgur", "Envoy recalled"]
    assert out["deaths"].tolist() == ["2", "not reported"]
    assert out["figures_by"].tolist() == ["Foreign Office", "no figure given"]


def test_by_perpetrator_keeps_party_claims_apart(three):
    frame = three.assign(perpetrator=["A", "A", "B"], attribution=["claimed", "claimed", "unknown"],
                         deaths_claimed=pd.array([None, 9, None], dtype="Int64"))
    out = analysis.by_perpetrator(frame, "best")
    assert out.to_dict("records")[0] == {"perpetrator": "A", "attribution": "claimed", "incidents": 2, "deaths": 3,
                                         "party claims": 9}


def test_figure_kinds_counts_what_figures_count():
    src = pd.DataFrame({"deaths_scope": ["all", "all", None, "security_forces"],
                        "figure_kind": ["count", "party_claim", None, "count"]})
    out = analysis.figure_kinds(src).set_index("figure counts")["reports"].to_dict()
    assert out == {"all, count": 1, "all, party claim": 1, "no figure": 1, "security forces, count": 1}
