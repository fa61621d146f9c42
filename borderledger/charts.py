"""Every chart in the book: one theme, one renderer, a finding for a title and a source line.

A chart is an Altair spec. :func:`figure` turns it into what a page shows: a ``<figure>`` with
the chart rendered to SVG by vl-convert (offline, byte-identical; what print and readers
without JavaScript see) and the Vega-Lite spec beside it as inert JSON, which the book's own
script (``_static/borderledger.js``) hands to the vendored vega-embed so that the chart fits
the screen and shows details on hover. Element ids come from a hash of the spec, so the same
data gives the same bytes. Builders take *aggregated* frames (a row per year, month, category,
place or event), so a chart's size depends on the categories, not on the number of incidents.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import textwrap

import altair as alt
import pandas as pd
import vl_convert as vlc

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
COUNTRY_NAMES = {"IRN": "Iran", "PAK": "Pakistan", "AFG": "Afghanistan"}
COUNTRY_COLOURS = {"Iran": "#009E73", "Pakistan": "#0072B2", "Afghanistan": "#E69F00"}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH, HEIGHT = 560, 260  # the static fallback; on screen a chart takes its container's width
SOURCE = "Border Ledger dataset; figures as reported by the sources listed in the incident explorer"
_VL_VERSION = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]


def theme() -> dict:
    """Text large enough to read on a phone (the browser test checks at least 9 px at 390 px wide)."""
    return {
        "font": FONT, "background": "white",
        "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
        "range": {"category": PALETTE},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6", "labelLimit": 160},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal",
                   "columns": 3},
        "title": {"fontSize": 14, "subtitleFontSize": 12, "anchor": "start", "subtitleColor": "#444444",
                  "limit": 0},
        "text": {"fontSize": 12},
    }


def _spec(chart: alt.TopLevelMixin, title: str, source: str) -> dict:
    """The chart as a Vega-Lite dict, with its finding as title, the source line and the theme.

    Title and source are wrapped into short lines so that they fit a phone's width.
    """
    heading = alt.TitleParams(text=textwrap.wrap(title, 34), subtitle=textwrap.wrap(f"Source: {source}", 48))
    spec = chart.properties(title=heading).to_dict()
    config = theme()
    for key, value in spec.get("config", {}).items():  # a chart's own settings refine the theme's
        config[key] = {**config[key], **value} if isinstance(config.get(key), dict) else value
    spec["config"] = config
    if spec.get("width") == "container":
        spec["autosize"] = {"type": "fit-x", "contains": "padding", "resize": True}
    return spec


def _fixed(spec: dict) -> dict:
    """The spec at the fallback's fixed width (vl-convert has no container to fit)."""
    fixed = copy.deepcopy(spec)
    fixed.pop("autosize", None)
    for part in [fixed, *fixed.get("vconcat", []), *fixed.get("layer", [])]:
        if part.get("width") == "container":
            part["width"] = WIDTH
    return fixed


class Figure:
    """A chart as the book shows it: interactive HTML with an inline SVG fallback."""

    def __init__(self, chart: alt.TopLevelMixin, title: str, source: str = SOURCE):
        self.spec = _spec(chart, title, source)
        self.title = title
        self.svg = vlc.vegalite_to_svg(vl_spec=_fixed(self.spec), vl_version=_VL_VERSION)
        text = json.dumps(self.spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        self.id = "bl-chart-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        self.spec_json = text.replace("</", "<\\/")  # inert inside a script element

    def html(self) -> str:
        return (f'<div class="bl-chart" id="{self.id}" role="img" aria-label="{html.escape(self.title)}">'
                f'<div class="bl-chart-static">{self.svg}</div>'
                f'<script type="application/json" class="bl-chart-spec">{self.spec_json}</script></div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": f"<chart: {self.title}>"}


def figure(chart: alt.TopLevelMixin, title: str, source: str = SOURCE) -> Figure:
    """Build the figure of a chart; glue it under a name on its own line."""
    return Figure(chart, title, source)


def _responsive(chart: alt.TopLevelMixin, height: int = HEIGHT) -> alt.TopLevelMixin:
    return chart.properties(width="container", height=height)


def _country_scale(names: pd.Series) -> alt.Scale:
    """Each country's own colour, for the countries present only."""
    present = [c for c in COUNTRY_COLOURS if c in set(names)]
    return alt.Scale(domain=present, range=[COUNTRY_COLOURS[c] for c in present])


def _tooltip(*fields: tuple[str, str, str]) -> list[alt.Tooltip]:
    """(field, type, title) triples as Vega-Lite tooltips (integers shown with thousands separators)."""
    return [alt.Tooltip(f"{f}:{t}", title=title, format=",d" if t == "Q" else alt.Undefined) for f, t, title in fields]


def deaths_per_year(per_year: pd.DataFrame, marks: pd.DataFrame) -> alt.LayerChart:
    """Deaths per year (best estimate) stacked by country, with notes on chosen years.

    ``per_year``: year, country, incidents, deaths_low, deaths_best, deaths_high (one row per
    year and country). ``marks``: year, note (a few words shown above that year's bar).
    """
    base = alt.Chart(per_year)
    year = alt.X("year:O", title=None, axis=alt.Axis(labelAngle=-45, labelOverlap=True))
    bars = base.mark_bar().encode(
        x=year,
        y=alt.Y("deaths_best:Q", title="Deaths (best estimate)", stack="zero"),
        color=alt.Color("country:N", title="Where", scale=_country_scale(per_year["country"])),
        order=alt.Order("country:N"),
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("country:N", title="Where"),
                 *_tooltip(("incidents", "Q", "Incidents"), ("deaths_best", "Q", "Deaths, best"),
                           ("deaths_low", "Q", "Deaths, low"), ("deaths_high", "Q", "Deaths, high"))],
    )
    notes = alt.Chart(marks).mark_text(align="left", baseline="middle", dx=4, angle=270, fontSize=12,
                                       color="#333333").encode(x=year, y=alt.value(4), text="note:N")
    return _responsive(alt.layer(bars, notes))


def per_month(months: pd.DataFrame) -> alt.Chart:
    """Incidents per month: ``months`` has month (a date), incidents, deaths."""
    return _responsive(alt.Chart(months).mark_bar(color=PALETTE[0]).encode(
        x=alt.X("yearmonth(month):T", title=None, axis=alt.Axis(format="%Y", labelAngle=0, tickCount="year")),
        y=alt.Y("incidents:Q", title="Incidents"),
        tooltip=[alt.Tooltip("yearmonth(month):T", title="Month", format="%B %Y"),
                 *_tooltip(("incidents", "Q", "Incidents"), ("deaths", "Q", "Deaths (chosen estimate)"))],
    ), height=220)


def by_category(frame: pd.DataFrame, category: str, title: str) -> alt.Chart:
    """Deaths per category as horizontal bars (``frame``: category, incidents, deaths)."""
    height = max(140, 26 * frame[category].nunique())
    return _responsive(alt.Chart(frame).mark_bar(color=PALETTE[0]).encode(
        y=alt.Y(f"{category}:N", title=None, sort="-x"),
        x=alt.X("deaths:Q", title=f"Deaths ({title})"),
        tooltip=[alt.Tooltip(f"{category}:N", title="Category"),
                 *_tooltip(("incidents", "Q", "Incidents"), ("deaths", "Q", "Deaths"))],
    ), height=height)


def cumulative(frame: pd.DataFrame) -> alt.Chart:
    """Cumulative deaths over time (``frame``: date, deaths)."""
    return _responsive(alt.Chart(frame).mark_line(interpolate="step-after", strokeWidth=2, color=PALETTE[0]).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%Y")),
        y=alt.Y("deaths:Q", title="Cumulative deaths"),
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"), *_tooltip(("deaths", "Q", "Deaths so far"))],
    ), height=220)


def timeline(events: pd.DataFrame) -> alt.LayerChart:
    """Events down the page, each labelled in a few words (``events``: date, side, label, place,
    event, deaths, figures_by), coloured and shaped by where they happened."""
    order = alt.Y("order:O", title=None, axis=alt.Axis(labels=True, ticks=False, domain=False, labelExpr="''"),
                  sort="ascending")
    frame = events.assign(order=range(len(events)), day=events["date"].dt.strftime("%d %b"))
    base = alt.Chart(frame)
    tooltip = [alt.Tooltip("date:T", title="Date", format="%d %B %Y"), alt.Tooltip("place:N", title="Place"),
               alt.Tooltip("event:N", title="Event"), alt.Tooltip("deaths:N", title="Deaths (low–high)"),
               alt.Tooltip("figures_by:N", title="Figures given by")]
    colours = alt.Scale(domain=["in Iran", "in Pakistan", "diplomacy"], range=[PALETTE[2], PALETTE[0], PALETTE[1]])
    points = base.mark_point(filled=True, size=120, opacity=0.9).encode(
        y=order, x=alt.value(8), color=alt.Color("side:N", title="Where", scale=colours),
        shape=alt.Shape("side:N", title="Where", scale=alt.Scale(domain=colours.domain, range=["circle", "square",
                                                                                            "diamond"])),
        tooltip=tooltip)
    days = base.mark_text(align="left", dx=18, fontWeight="bold").encode(y=order, x=alt.value(0), text="day:N",
                                                                         tooltip=tooltip)
    labels = base.mark_text(align="left", dx=70, limit=0).encode(y=order, x=alt.value(0), text="label:N",
                                                                 tooltip=tooltip)
    return alt.layer(points, days, labels).properties(width="container", height=28 * max(1, len(events)))


def map_places(outlines: dict, places: pd.DataFrame, towns: pd.DataFrame, labels: pd.DataFrame,
               bounds: tuple[float, float, float, float]) -> alt.LayerChart:
    """A locator map: countries named, the border drawn, towns labelled, a circle per place sized by
    deaths or by incidents (a choice under the map).

    ``places``: country, place, latitude, longitude, incidents, deaths, deaths_range, first, last;
    ``towns``: place, latitude, longitude (labelled towns); ``labels``: text, latitude, longitude
    (country names).
    """
    west, south, east, north = bounds
    size_by = alt.param(name="size_by", value="deaths",
                        bind=alt.binding_radio(options=["deaths", "incidents"], name="Circle size: "))
    countries_data = alt.Data(values=outlines, format=alt.DataFormat(type="topojson", feature="countries"))
    land = alt.Chart(countries_data).mark_geoshape(fill="#f3f3f3", stroke="#444444", strokeWidth=1.2)
    circles = alt.Chart(places).transform_calculate(
        value="size_by == 'deaths' ? datum.deaths : datum.incidents").mark_circle(
        opacity=0.7, stroke="white", strokeWidth=0.6).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("value:Q", title="Deaths or incidents", scale=alt.Scale(range=[20, 900], zero=True)),
        color=alt.Color("country_name:N", title="Country", scale=_country_scale(places["country_name"])),
        tooltip=[alt.Tooltip("place:N", title="Place"), alt.Tooltip("located:N", title="Incidents drawn here"),
                 *_tooltip(("incidents", "Q", "Incidents")), alt.Tooltip("deaths_range:N", title="Deaths (low–high)"),
                 alt.Tooltip("first:T", title="First", format="%b %Y"), alt.Tooltip("last:T", title="Last",
                                                                                     format="%b %Y")],
    ).add_params(size_by)
    town_dots = alt.Chart(towns).mark_point(shape="square", size=18, filled=True, color="#222222").encode(
        longitude="longitude:Q", latitude="latitude:Q")
    town_names = alt.Chart(towns).mark_text(align="left", dx=5, dy=-5, fontSize=16, color="#222222").encode(
        longitude="longitude:Q", latitude="latitude:Q", text="place:N")
    countries = alt.Chart(labels).mark_text(fontSize=20, fontWeight="bold", color="#777777", opacity=0.9).encode(
        longitude="longitude:Q", latitude="latitude:Q", text="text:N")
    extent = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[west, south], [west, north], [east, north], [east, south],
                                            [west, south]]]}}]}
    # A map keeps its shape: it is drawn at a fixed size and scaled to the page, with text large
    # enough to stay readable when scaled down to a phone's width.
    big = {"labelFontSize": 17, "titleFontSize": 17, "symbolSize": 180}
    layers = alt.layer(land, countries, circles, town_dots, town_names).project(
        type="mercator", fit=extent, clipExtent=[[0, 0], [WIDTH, 480]])
    return layers.properties(width=WIDTH, height=480).configure_legend(**big).configure_title(
        fontSize=19, subtitleFontSize=16)


def claims_against_record(frame: pd.DataFrame) -> alt.LayerChart:
    """Claimed totals against the documented range, on a log scale (``frame``: claim, topic,
    claimed, low, high, verdict)."""
    base = alt.Chart(frame)
    y = alt.Y("claim:N", title=None, sort=None)
    x_scale = alt.Scale(type="log")
    numbers = _tooltip(("claimed", "Q", "Article says"), ("low", "Q", "Record: low"), ("high", "Q", "Record: high"))
    tooltip = [alt.Tooltip("topic:N", title="Claim"), *numbers, alt.Tooltip("verdict:N", title="Verdict")]
    documented = base.mark_rule(strokeWidth=6, color=PALETTE[0], opacity=0.8).encode(
        y=y, x=alt.X("low:Q", title="People (log scale)", scale=x_scale), x2="high:Q", tooltip=tooltip)
    claimed = base.mark_point(shape="diamond", filled=True, size=160, color=PALETTE[5]).encode(
        y=y, x=alt.X("claimed:Q", scale=x_scale), tooltip=tooltip)
    return alt.layer(documented, claimed).properties(width="container", height=60 * max(1, len(frame)))


def bars(frame: pd.DataFrame, category: str, value: str, value_title: str) -> alt.Chart:
    """Counts per category as horizontal bars, largest first."""
    return _responsive(alt.Chart(frame).mark_bar(color=PALETTE[0]).encode(
        y=alt.Y(f"{category}:N", title=None, sort="-x"), x=alt.X(f"{value}:Q", title=value_title),
        tooltip=[alt.Tooltip(f"{category}:N", title="Category"), *_tooltip((value, "Q", value_title))],
    ), height=max(120, 24 * frame[category].nunique()))
