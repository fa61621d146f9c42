"""Charts: one figure holds a static SVG and its spec; ids come from the spec, not from chance."""

import json
import re

import pandas as pd

from borderledger import charts

YEARS = pd.DataFrame({"year": [2023, 2023, 2024], "country": ["Iran", "Pakistan", "Iran"], "incidents": [1, 2, 3],
                      "deaths_low": [1, 2, 3], "deaths_best": [1, 2, 4], "deaths_high": [2, 2, 5]})
NOTES = pd.DataFrame({"year": [2024], "note": ["strikes"]})


def test_a_figure_holds_its_svg_its_spec_and_its_finding():
    fig = charts.figure(charts.deaths_per_year(YEARS, NOTES), "Deaths rose in 2024")
    page = fig.html()
    assert page.startswith(f'<div class="bl-chart" id="{fig.id}"')
    assert "<svg" in page and 'class="bl-chart-spec"' in page
    spec = json.loads(page.split('class="bl-chart-spec">')[1].split("</script>")[0])
    assert spec["title"]["text"] == ["Deaths rose in 2024"] and spec["width"] == "container"
    assert spec["title"]["subtitle"][0].startswith("Source: ")
    assert "tooltip" in json.dumps(spec["layer"][0]["encoding"])


def test_the_same_data_gives_the_same_bytes_and_other_data_other_ids():
    first = charts.figure(charts.deaths_per_year(YEARS, NOTES), "t").html()
    again = charts.figure(charts.deaths_per_year(YEARS, NOTES), "t").html()
    other = charts.figure(charts.deaths_per_year(YEARS.assign(deaths_best=[1, 2, 9]), NOTES), "t")
    assert first == again
    assert other.id not in first


def test_the_static_fallback_is_drawn_at_a_fixed_width():
    fig = charts.figure(charts.per_month(pd.DataFrame({"month": pd.to_datetime(["2024-01-01"]), "incidents": [2],
                                                       "deaths": [3]})), "One month")
    width = int(re.search(r'<svg[^>]*\swidth="(\d+)', fig.svg).group(1))
    assert width >= charts.WIDTH  # the plot is WIDTH wide, plus its axes
    assert "container" not in json.dumps(charts._fixed(fig.spec)) and fig.spec["width"] == "container"


def test_a_chart_spec_cannot_close_its_script_element():
    frame = pd.DataFrame({"language": ["</script><script>alert(1)</script>"], "reports": [1]})
    page = charts.figure(charts.bars(frame, "language", "reports", "Reports"), "x").html()
    spec_text = page.split('class="bl-chart-spec">')[1].rsplit("</script>", 1)[0]
    assert "</script>" not in spec_text


def test_country_colours_follow_the_countries_present():
    scale = charts._country_scale(pd.Series(["Pakistan"]))
    assert scale.domain == ["Pakistan"] and scale.range == [charts.COUNTRY_COLOURS["Pakistan"]]
