"""The incident explorer's data: every incident with its sources, as a compact script the
explorer page loads (``assets/explorer-data.js``, written by ``make data``).

A script rather than JSON, so that the page works when the book is opened from disk, where a
browser refuses to fetch files. The field order is the one ``assets/borderledger.js`` reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .analysis import COUNTRY_NAMES
from .clean import Dataset
from .paths import ROOT

PATH = ROOT / "assets" / "explorer-data.js"
FIELDS = ("id", "date", "year", "country", "district", "place", "event", "perpetrator", "attribution",
          "attribution_by", "target", "low", "best", "high", "claimed", "claimed_by", "summary")
SOURCE_FIELDS = ("outlet", "url", "published", "language", "figure", "scope", "kind", "figure_by", "paraphrase")


def _value(v):
    """A cell as JSON: missing as null, dates as ISO text, whole numbers as integers."""
    if isinstance(v, str):
        return v
    if v is None or pd.isna(v):
        return None
    if isinstance(v, pd.Timestamp):
        return f"{v:%Y-%m-%d}"
    return int(v) if float(v).is_integer() else float(v)


def records(ds: Dataset) -> list[list]:
    """One list per incident (fields in :data:`FIELDS` order), its sources appended as lists."""
    inc = ds.incidents.assign(country=ds.incidents["country"].map(COUNTRY_NAMES),
                              event_type=ds.incidents["event_type"].str.replace("_", " "))
    src = ds.sources.sort_values("source_id")
    by_incident = {iid: rows for iid, rows in src.groupby("incident_id", sort=False)}
    columns = ["incident_id", "date", "year", "country", "district", "place", "event_type", "perpetrator",
               "attribution", "attribution_by", "target", "deaths_low", "deaths_best", "deaths_high",
               "deaths_claimed", "claimed_by", "summary"]
    source_columns = ["outlet", "url", "published", "language", "deaths_reported", "deaths_scope", "figure_kind",
                      "figure_by", "paraphrase"]
    out = []
    for row in inc[columns].itertuples(index=False):
        reports = by_incident.get(row[0])
        sources = [] if reports is None else [[_value(v) for v in r] for r in reports[source_columns].itertuples(
            index=False)]
        out.append([_value(v) for v in row] + [sources])
    return out


def script(ds: Dataset, version: str) -> str:
    """The explorer's data as a script assigning ``window.BL_EXPLORER``."""
    data = {"version": version, "fields": FIELDS, "source_fields": SOURCE_FIELDS, "incidents": records(ds)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    return f"window.BL_EXPLORER = {text};\n"


def write(ds: Dataset, version: str, path: Path = PATH) -> None:
    path.write_text(script(ds, version), encoding="utf-8")
