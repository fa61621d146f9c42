"""The data contract: every column of the raw tables, its type, vocabulary and meaning.

One declaration feeds the validation rules and their pandera-polars schemas
(:mod:`borderledger.validation`), the Frictionless ``data/datapackage.json``
(``scripts/write_datapackage.py``) and the codebook's column tables.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    Col("incident_id", "id", True, "Stable id `BL-YYYY-NNNN` (4 to 6 digits), never reused.", pattern=r"^BL-\d{4}-\d{4,6}$"),
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
