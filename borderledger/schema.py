"""The data contract: every column of the raw tables, its type, vocabulary and meaning, and
every rule a row must pass.

One declaration feeds the validation rules (:func:`rules`, evaluated by
:mod:`borderledger.validation`), the Frictionless ``data/datapackage.json``
(:mod:`borderledger.datapackage`) and the codebook's column tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

EVENT_TYPES = (
    "armed_attack",
    "bombing",
    "suicide_bombing",
    "assassination",
    "abduction",
    "cross_border_strike",
    "cross_border_fire",
    "security_operation",
    "execution",
    "crowd_violence",
    "other",
)
TARGETS = ("security_forces", "civilians", "militants", "officials", "mixed", "unknown")
ATTRIBUTIONS = ("claimed", "attributed", "alleged", "unknown")
PRECISIONS = ("day", "week", "month", "year")
COUNTRIES = ("IRN", "PAK", "AFG")
LANGUAGES = ("en", "fa", "ur", "ar", "fr", "de", "es", "it", "tr", "ru", "ps", "bal", "other")
ALIAS_KINDS = ("province", "district", "place", "perpetrator", "outlet")

MAX_FIELD = 5000  # characters; longer fields are rejected (a paraphrase is a sentence or two)


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # id, date, choice, text, int, float, url, fk
    required: bool
    description: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None


INCIDENTS = (
    Col("incident_id", "id", True, "Stable id `BL-YYYY-NNNN` (4 to 6 digits), never reused.",
        pattern=r"^BL-\d{4}-\d{4,6}$"),
    Col("date", "date", True, "ISO date of the event (first day of a span), Gregorian."),
    Col("date_precision", "choice", True, "How exactly the date is known.", PRECISIONS),
    Col("country", "choice", True, "ISO 3166-1 alpha-3 code of where it happened.", COUNTRIES),
    Col("province", "text", True, "Province as sources name it (normalised in cleaning)."),
    Col("district", "text", False, "County (shahrestan) or district, if known."),
    Col("place", "text", False, "Town, village or area as sources name it."),
    Col("event_type", "choice", True, "Kind of event (see codebook).", EVENT_TYPES),
    Col("perpetrator", "text", True, "Actor as sources name it; `unknown` if none named."),
    Col("attribution", "choice", True, "How the perpetrator is known.", ATTRIBUTIONS),
    Col("attribution_by", "text", False, "Who claimed or attributed the event."),
    Col("target", "choice", True, "Who was targeted.", TARGETS),
    Col("deaths_low", "int", False, "Lowest total deaths among sources (attackers included).", minimum=0),
    Col("deaths_best", "int", False, "Best estimate of total deaths (codebook rule).", minimum=0),
    Col("deaths_high", "int", False, "Highest total deaths among sources.", minimum=0),
    Col("deaths_security", "int", False, "Deaths among state forces, where a source splits them.", minimum=0),
    Col("deaths_civilians", "int", False, "Deaths among civilians, where a source splits them.", minimum=0),
    Col("deaths_militants", "int", False, "Deaths among militants/attackers, where a source splits them.", minimum=0),
    Col("injured_best", "int", False, "Injured (best estimate); empty = unknown.", minimum=0),
    Col("abducted", "int", False, "People abducted, where reported.", minimum=0),
    Col("summary", "text", True, "Neutral summary in our words; contested claims attributed."),
    Col("notes", "text", False, "Coding notes: date conversion, merges, choice of best estimate."),
)

SOURCES = (
    Col("source_id", "id", True, "Stable id `S-NNNN` (4 to 7 digits) of this report.", pattern=r"^S-\d{4,7}$"),
    Col("incident_id", "fk", True, "The incident this report is about."),
    Col("url", "url", True, "Exact address of the page that was opened."),
    Col("outlet", "text", True, "Publisher as named on the page (normalised in cleaning)."),
    Col("published", "date", False, "Publication date shown on the page; empty if not shown."),
    Col("language", "choice", True, "Language of the page (ISO 639-1, `bal` Balochi).", LANGUAGES),
    Col("deaths_reported", "int", False, "Total deaths this source states explicitly.", minimum=0),
    Col("injured_reported", "int", False, "Injured this source states explicitly.", minimum=0),
    Col("figure_by", "text", False, "Party that gave the figure, as the source says."),
    Col("paraphrase", "text", True, "Short paraphrase of what the source says (our words)."),
)

ALIASES = (
    Col("kind", "choice", True, "Which field the alias applies to.", ALIAS_KINDS),
    Col("alias", "text", True, "A spelling found in sources."),
    Col("canonical", "text", True, "The spelling used in the book."),
)

PLACES = (
    Col("country", "choice", True, "ISO 3166-1 alpha-3.", COUNTRIES),
    Col("place", "text", True, "Canonical place name (after aliases)."),
    Col("latitude", "float", True, "WGS84 latitude, decimal degrees.", minimum=23, maximum=40),
    Col("longitude", "float", True, "WGS84 longitude, decimal degrees.", minimum=44, maximum=78),
    Col("coord_source", "url", True, "Page the coordinates were read from."),
)

TABLES: dict[str, tuple[Col, ...]] = {
    "incidents": INCIDENTS,
    "sources": SOURCES,
    "aliases": ALIASES,
    "places": PLACES,
}
REQUIRED_FILES = ("incidents", "sources")
OPTIONAL_FILES = ("aliases", "places")


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


# ---- rules ------------------------------------------------------------------------------

LINE = "_line"  # the CSV line of a raw row (header = line 1)
# Columns that validation adds for the cross-table rules below.
SOURCES_LOW, SOURCES_HIGH = "_sources_low", "_sources_high"  # lowest/highest figure of the incident's sources
SOURCES_WITH_URL = "_sources_with_url"  # how many of the incident's source rows have an http(s) url
KNOWN_INCIDENT = "_known_incident"  # a source row's incident_id is in incidents.csv

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
WHOLE = r"^[0-9]{1,18}$"  # fits Int64
DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
URL = r"^https?://[^\s/$.?#][^\s]*$"


@dataclass(frozen=True)
class Rule:
    """One check: ``ok`` is true on passing rows; a failing row is reported with ``columns`` and ``message``."""

    columns: tuple[str, ...]
    message: str
    ok: pl.Expr


def _column_rules(col: Col, today: dt.date) -> list[Rule]:
    x, one = pl.col(col.name), (col.name,)
    empty = x.is_null()
    out = [Rule(one, "is required (empty)", ~empty)] if col.required else []
    if col.kind == "id":
        ascii_pattern = col.pattern.replace(r"\d", "[0-9]")  # Polars' \d also matches non-ASCII digits
        out.append(Rule(one, f"must match {col.pattern}", empty | x.str.contains(ascii_pattern)))
        out.append(Rule(one, "must be unique (id used more than once)", empty | x.is_unique()))
    elif col.kind == "date":
        iso, day = x.str.contains(ISO_DATE), x.str.to_date("%Y-%m-%d", strict=False)
        out.append(Rule(one, "must be an ISO date YYYY-MM-DD", empty | iso))
        out.append(Rule(one, "must be a date that exists", empty | ~iso | day.is_not_null()))
        out.append(Rule(one, "must not be in the future", (day <= pl.lit(today)).fill_null(True)))
    elif col.kind == "choice":
        out.append(Rule(one, "must be one of " + ", ".join(col.choices), empty | x.is_in(list(col.choices))))
    elif col.kind == "int":
        out.append(Rule(one, "must be a whole number >= 0", empty | x.str.contains(WHOLE)))
    elif col.kind == "float":
        number = x.cast(pl.Float64, strict=False)
        inside = number.is_between(col.minimum, col.maximum).fill_null(True)
        out.append(Rule(one, "must be a decimal number", empty | x.str.contains(DECIMAL)))
        out.append(Rule(one, f"must be between {col.minimum} and {col.maximum}", inside))
    elif col.kind == "url":
        out.append(Rule(one, "must be an http(s) URL", empty | x.str.contains(URL)))
    elif col.kind == "fk":
        out.append(Rule(one, "must be an incident_id of incidents.csv", empty | pl.col(KNOWN_INCIDENT)))
    return out


def _int(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int64, strict=False)


def _cross_rules(table: str) -> list[Rule]:
    """Rules across columns and tables (they read the columns validation adds, named above)."""
    if table != "incidents":
        return []
    low, best, high = _int("deaths_low"), _int("deaths_best"), _int("deaths_high")
    disagree = (low != pl.col(SOURCES_LOW)).fill_null(False) | (high != pl.col(SOURCES_HIGH)).fill_null(False)
    return [
        Rule(("deaths_low", "deaths_best", "deaths_high"), "deaths_low <= deaths_best <= deaths_high",
             ~((low > best) | (best > high) | (low > high)).fill_null(False)),
        Rule(("incident_id",), "every incident needs at least one source row with an http(s) url",
             pl.col("incident_id").is_null() | (pl.col(SOURCES_WITH_URL) > 0).fill_null(False)),
        Rule(("deaths_low", "deaths_high"),
             "deaths_low/deaths_high must equal the lowest/highest deaths_reported of its sources", ~disagree),
    ]


def rules(table: str, today: dt.date) -> list[Rule]:
    """Every rule a row of ``table`` must pass, in a fixed order."""
    return [r for col in TABLES[table] for r in _column_rules(col, today)] + _cross_rules(table)
