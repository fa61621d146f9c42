"""Every chart in the book: one theme, one renderer, a source line under each chart.

Charts are Altair specs rendered to SVG by vl-convert: offline, no JavaScript, byte-identical
for the same data. Every function here takes *aggregated* frames (a row per year, month,
category or place), so a chart's size depends on the categories, not on the number of
incidents.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert as vlc
from IPython.display import SVG

# Okabe & Ito (2008) colour-blind-safe palette.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
COUNTRY_COLOURS = {"IRN": "#009E73", "PAK": "#0072B2", "AFG": "#E69F00"}
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH, HEIGHT = 560, 260
SOURCE = "Border Ledger dataset; figures as reported by the sources listed in chapter 6"
_VL_VERSION = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]


def theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 11, "fontWeight": "normal", "color": "#555555"},
        }
    }


def with_source(chart: alt.TopLevelMixin, source: str) -> alt.TopLevelMixin:
    """Put the source line under the chart (as a bottom-anchored title)."""
    return chart.properties(
        title=alt.TitleParams(text=f"Source: {source}", orient="bottom", anchor="start", offset=14)
    )


def to_svg(chart: alt.TopLevelMixin) -> str:
    spec = chart.to_dict()
    config = theme()["config"]
    spec["config"] = {**config, **spec.get("config", {})}
    return vlc.vegalite_to_svg(vl_spec=spec, vl_version=_VL_VERSION)


def render(chart: alt.TopLevelMixin, source: str) -> SVG:
    """SVG display object for a chart, with its source line; glue it under a name."""
    return SVG(data=to_svg(with_source(chart, source)))


def band(per_period: pd.DataFrame, x: str, x_title: str, time_unit: str | None = None) -> alt.LayerChart:
    """Deaths per period: best estimate as bars, low–high range as a rule with ticks.

    ``per_period`` has columns ``x``, ``deaths_low``, ``deaths_best``, ``deaths_high``.
    """
    base = alt.Chart(per_period)
    x_enc = alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0))
    bars = base.mark_bar(color=PALETTE[0], opacity=0.85).encode(
        x=x_enc,
        y=alt.Y("deaths_best:Q", title="Deaths (bar: best; line: low–high)"),
    )
    rng = base.mark_rule(color="#000000", strokeWidth=1.5).encode(
        x=x_enc, y="deaths_low:Q", y2="deaths_high:Q"
    )
    ticks = base.mark_tick(color="#000000", thickness=1.5, width=10).encode(x=x_enc, y="deaths_high:Q")
    return alt.layer(bars, rng, ticks).properties(width=WIDTH, height=HEIGHT)


def bars(frame: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, color: str | None = None,
         color_title: str | None = None, horizontal: bool = False) -> alt.Chart:
    """Counts per category (stacked by ``color`` if given)."""
    x_type = "O" if not horizontal else "Q"
    chart = alt.Chart(frame).mark_bar()
    if horizontal:
        enc = {"y": alt.Y(f"{x}:N", title=x_title, sort="-x"), "x": alt.X(f"{y}:Q", title=y_title)}
    else:
        enc = {"x": alt.X(f"{x}:{x_type}", title=x_title, axis=alt.Axis(labelAngle=0)),
               "y": alt.Y(f"{y}:Q", title=y_title)}
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title or color)
    else:
        chart = alt.Chart(frame).mark_bar(color=PALETTE[0])
    return chart.encode(**enc).properties(width=WIDTH, height=HEIGHT if not horizontal else max(120, 22 * frame[x].nunique()))


def lines(frame: pd.DataFrame, x: str, y: str, x_title: str, y_title: str, color: str | None = None,
          color_title: str | None = None) -> alt.Chart:
    enc = {"x": alt.X(f"{x}:T", title=x_title), "y": alt.Y(f"{y}:Q", title=y_title)}
    if color:
        enc["color"] = alt.Color(f"{color}:N", title=color_title or color)
    mark = alt.Chart(frame).mark_line(interpolate="step-after", strokeWidth=2)
    if not color:
        mark = alt.Chart(frame).mark_line(interpolate="step-after", strokeWidth=2, color=PALETTE[0])
    return mark.encode(**enc).properties(width=WIDTH, height=HEIGHT)


def timeline(frame: pd.DataFrame, date: str, kind: str, row: str) -> alt.Chart:
    """Events on a date axis: one row per ``row`` value, colour = kind of event (legend below)."""
    return (
        alt.Chart(frame)
        .mark_point(size=110, filled=True, opacity=0.85)
        .encode(
            x=alt.X(f"{date}:T", title="Date", axis=alt.Axis(format="%d %b %Y", labelAngle=-30)),
            y=alt.Y(f"{row}:N", title=None),
            color=alt.Color(f"{kind}:N", title="Event"),
            shape=alt.Shape(f"{kind}:N", title="Event"),
        )
        .properties(width=WIDTH, height=55 * max(1, frame[row].nunique()))
    )


def map_points(outlines: dict, points: pd.DataFrame, bounds: tuple[float, float, float, float]) -> alt.LayerChart:
    """Incidents per place (circle area = incidents) over country outlines (inline TopoJSON)."""
    west, south, east, north = bounds
    inside = points["longitude"].between(west, east) & points["latitude"].between(south, north)
    points = points[inside]  # places outside the frame (e.g. capitals) are counted, not drawn
    land = (
        alt.Chart(alt.Data(values=outlines, format=alt.DataFormat(type="topojson", feature="countries")))
        .mark_geoshape(fill="#f2f2f2", stroke="#888888", strokeWidth=0.8)
    )
    dots = alt.Chart(points).mark_circle(opacity=0.75, stroke="white", strokeWidth=0.5).encode(
        longitude="longitude:Q",
        latitude="latitude:Q",
        size=alt.Size("incidents:Q", title="Incidents", scale=alt.Scale(range=[30, 900])),
        color=alt.Color("country:N", title="Country", scale=alt.Scale(
            domain=list(COUNTRY_COLOURS), range=list(COUNTRY_COLOURS.values()))),
    )
    extent = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {},
        "geometry": {"type": "Polygon", "coordinates": [[[west, south], [west, north], [east, north], [east, south], [west, south]]]},
    }]}
    return alt.layer(land, dots).project(type="mercator", fit=extent, clipExtent=[[0, 0], [WIDTH, 420]]).properties(
        width=WIDTH, height=420
    )
