import datetime as dt

import pytest

from borderledger import params as P


def test_defaults_validate():
    s = P.validate()
    assert s.start_date == dt.date(2012, 1, 1)
    assert s.countries == ("IRN", "PAK", "AFG")
    assert s.deaths_column == "deaths_best"
    assert s.data_dir.is_dir()


@pytest.mark.parametrize(
    "given, fragment",
    [
        ({"start": "2019-01-01"}, "unknown parameter 'start': allowed parameters are start_date"),
        ({"start_date": 2019}, "parameter start_date=2019 is not allowed (type int)"),
        ({"start_date": "2013-02-30"}, "start_date='2013-02-30' is not allowed (day is out of range"),
        ({"start_date": "2020-01-01", "end_date": "2019-01-01"},
         "end_date='2019-01-01' is not allowed (before start_date"),
        ({"countries": "IRN,IRQ"}, "countries='IRN,IRQ' is not allowed (unknown IRQ): expected a comma-separated list"),
        ({"countries": ""}, "countries='' is not allowed (empty)"),
        ({"estimate": "median"}, "estimate='median' is not allowed: expected one of low, best, high"),
        ({"data_dir": "no/such/folder"}, "data_dir='no/such/folder' is not allowed (no such folder)"),
        ({"start_date": "2005-01-01"}, "before the dataset's scope"),
    ],
)
def test_bad_parameters_name_the_parameter_and_what_is_allowed(given, fragment):
    with pytest.raises(P.ParameterError) as err:
        P.validate(given)
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_countries_accepts_lists_and_normalises_order():
    assert P.validate(countries=["pak", "IRN"]).countries == ("IRN", "PAK")


@pytest.mark.parametrize("raw, value", [("2019", 2019), ("1.5", 1.5), ("True", True), ("None", None), ("IRN", "IRN")])
def test_cli_values_are_read_like_papermill(raw, value):
    assert P.coerce_cli("countries", raw) == value
