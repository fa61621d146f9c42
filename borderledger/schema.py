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
    "shooting_of_civilians",
    "hostage_killing",
    "other",
)
TARGETS = ("security_forces", "civilians", "militants", "officials", "mixed", "unknown")
ATTRIBUTIONS = ("claimed", "attributed", "alleged", "unknown")
PRECISIONS = ("day", "week", "month", "year")
COUNTRIES = ("IRN", "PAK", "AFG")
LANGUAGES = ("en", "fa", "ur", "ar", "fr", "de", "es", "it", "tr", "ru", "ps", "bal", "hi", "bn", "pa", "mr", "gu",
             "kn", "ta", "id", "pt", "nl", "el", "az", "ha", "other")
ALIAS_KINDS = ("place", "perpetrator", "outlet")
SCOPES = ("sistan_baluchestan", "pakistan_border_district", "border", "same_conflict")
DEATH_SCOPES = ("all", "security_forces", "civilians", "attackers")
FIGURE_KINDS = ("count", "party_claim")
# A perpetrator named like this is no named actor (attribution `attributed` needs one).
UNNAMED = r"(?i)^(unknown|unidentified|unnamed)\b"

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
    Col("province", "text", True, "Province: `Sistan and Baluchestan`, `Balochistan`, or as named elsewhere."),
    Col("district", "text", False, "County (shahrestan) or district, one name of `areas.csv`; empty if unknown."),
    Col("place", "text", False, "Nearest named town the sources support (exact site in `notes`)."),
    Col("scope", "choice", True, "Why the incident is in scope (see the codebook's scope rule).", SCOPES),
    Col("event_type", "choice", True, "Kind of event (see codebook).", EVENT_TYPES),
    Col("perpetrator", "text", True, "Actor as sources name it; `unknown` if none named."),
    Col("attribution", "choice", True, "How the perpetrator is known.", ATTRIBUTIONS),
    Col("attribution_by", "text", False, "Who claimed or attributed the event."),
    Col("target", "choice", True, "Who was targeted.", TARGETS),
    Col("deaths_low", "int", False, "Lowest count of everyone killed among sources (attackers included).", minimum=0),
    Col("deaths_best", "int", False, "Best estimate of total deaths (codebook rule).", minimum=0),
    Col("deaths_high", "int", False, "Highest total deaths among sources.", minimum=0),
    Col("deaths_security", "int", False, "Deaths among state forces, from sources' figures for them.", minimum=0),
    Col("deaths_civilians", "int", False, "Deaths among civilians, from sources' figures for them.", minimum=0),
    Col("deaths_militants", "int", False, "Deaths among militants/attackers, from sources' figures for them.",
        minimum=0),
    Col("injured_best", "int", False, "Injured (best estimate); empty = unknown.", minimum=0),
    Col("abducted", "int", False, "People abducted, where reported.", minimum=0),
    Col("summary", "text", True, "Neutral summary in our words; contested claims attributed."),
    Col("headline", "text", False, "A few words naming the event, for timelines and tables (our words)."),
    Col("related_to", "text", False, "An earlier incident this one belongs to (a hostage killed after an abduction)."),
    Col("notes", "text", False, "Coding notes: date conversion, merges, choice of best estimate."),
)

SOURCES = (
    Col("source_id", "id", True, "Stable id `S-NNNN` (4 to 7 digits) of this report.", pattern=r"^S-\d{4,7}$"),
    Col("incident_id", "fk", True, "The incident this report is about."),
    Col("url", "url", True, "Exact address of the page that was opened."),
    Col("outlet", "text", True, "Publisher as named on the page (normalised in cleaning)."),
    Col("published", "date", False, "Publication date shown on the page; empty if not shown."),
    Col("language", "choice", True, "Language of the page (ISO 639-1, `bal` Balochi).", LANGUAGES),
    Col("deaths_reported", "int", False, "Deaths this source states explicitly, of the people `deaths_scope` names.",
        minimum=0),
    Col("deaths_scope", "choice", False, "Whom `deaths_reported` counts (required with a figure).", DEATH_SCOPES),
    Col("figure_kind", "choice", False, "`count` (a toll), or `party_claim` (a party's claim of enemies it killed).",
        FIGURE_KINDS),
    Col("security_reported", "int", False, "Deaths among state forces this source states.", minimum=0),
    Col("civilians_reported", "int", False, "Deaths among civilians this source states.", minimum=0),
    Col("attackers_reported", "int", False, "Deaths among attackers or militants this source states.", minimum=0),
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

AREAS = (
    Col("country", "choice", True, "ISO 3166-1 alpha-3.", COUNTRIES),
    Col("province", "text", True, "Province."),
    Col("district", "text", True, "County (Iran) or district (Pakistan) in scope, as `incidents.csv` spells it."),
    Col("seat", "text", True, "The county or district seat, a place of `places.csv`."),
)

SEARCH_LOG = (
    Col("search_id", "id", True, "Stable id `Q-NNNN` of one search.", pattern=r"^Q-\d{4,6}$"),
    Col("year", "int", False, "The year the query targets; empty if none.", minimum=2012),
    Col("country", "choice", False, "The country the query targets.", COUNTRIES),
    Col("area", "text", False, "The districts or counties the query names (`;`-separated, as in `areas.csv`)."),
    Col("language", "choice", True, "Language of the query.", LANGUAGES),
    Col("query", "text", True, "The query as it was typed."),
    Col("corpus", "text", True, "Where it was searched (the stored news pages, `pages`)."),
    Col("searched", "date", True, "Day of the search."),
    Col("results", "int", True, "Pages returned.", minimum=0),
    Col("pages_read", "int", True, "Pages read closely.", minimum=0),
    Col("incidents_added", "text", False, "Incidents the search added (`;`-separated ids)."),
    Col("incidents_confirmed", "text", False, "Incidents it confirmed with a further report (`;`-separated ids)."),
    Col("notes", "text", False, "What else was seen, e.g. out-of-scope events and why."),
)

CONTEXT = (
    Col("context_id", "id", True, "Stable id `X-NNN` of one sourced statement.", pattern=r"^X-\d{3,5}$"),
    Col("claim", "text", True, "The article's claim it bears on (`C11`, `C14` ...)."),
    Col("statement", "text", True, "What the row establishes, in a few words."),
    Col("figure", "int", False, "The figure the page gives, if any.", minimum=0),
    Col("subject", "text", False, "What the figure or statement is about (a country, a group)."),
    Col("publisher", "text", True, "Who made the statement or estimate (as the page says)."),
    Col("url", "url", True, "Exact address of the page that was opened."),
    Col("outlet", "text", True, "The site the page is on."),
    Col("published", "date", False, "Publication date shown on the page."),
    Col("language", "choice", True, "Language of the page.", LANGUAGES),
    Col("paraphrase", "text", True, "What the page says, in our words."),
)

CLAIM_KINDS = ("event", "aggregate", "date", "interval", "report", "attribution", "context", "editorial")
VERDICTS = ("consistent", "partly consistent", "not supported by the evidence found", "contradicted", "not checkable")
COUNTS = ("all", "security_forces", "civilians", "killed_and_injured")

# The article's claims (data/article/claims.csv): one row per claim or part of a claim, with the
# inputs of the rule of its kind (borderledger.claims) or, for an editorial judgment, the verdict.
CLAIMS = (
    Col("claim_id", "id", True, "`C1` ... `C16`, with a letter for a part of a claim (`C9a`).",
        pattern=r"^C\d{1,2}[a-z]?$"),
    Col("parent", "text", True, "The numbered claim the row belongs to."),
    Col("topic", "text", True, "What the claim says, in a few words (a heading)."),
    Col("asserted_by", "text", True, "Who makes the claim: the author, or someone the article quotes."),
    Col("kind", "choice", True, "Which rule checks it.", CLAIM_KINDS),
    Col("quote", "text", True, "The article's sentence, verbatim."),
    Col("part", "text", False, "For a part of a claim: the words of the quote it checks, verbatim."),
    Col("date_from", "date", False, "First day of the event or period the claim is about."),
    Col("date_to", "date", False, "Last day of the period (empty: the same day)."),
    Col("country", "choice", False, "Country of the events.", COUNTRIES),
    Col("event_types", "text", False, "Event types the claim is about (`;`-separated)."),
    Col("place", "text", False, "Place of the event."),
    Col("perpetrators", "text", False, "Regular expression for the perpetrators (empty: any)."),
    Col("counts", "choice", False, "Whom the claim's figure counts.", COUNTS),
    Col("figure", "int", False, "The claim's figure (hours for an interval).", minimum=0),
    Col("at_least", "choice", False, "`yes` when the claim says 'at least'.", ("yes",)),
    Col("injured", "int", False, "The claim's figure of injured.", minimum=0),
    Col("figure_by", "text", False, "Regular expression for the party the claim says gave the figure."),
    Col("pattern", "text", False, "Regular expression a report or a step must match."),
    Col("reading", "text", False, "How the claim is read (e.g. 'thousands' as at least 2,000)."),
    Col("final_pattern", "text", False, "For an interval: the step that ends it."),
    Col("figure_sources", "text", False, "Sources that give the claim's figure (ids); empty when none was found."),
    Col("editorial_verdict", "choice", False, "The verdict of an editorial judgment.", VERDICTS),
    Col("reasoning", "text", False, "The reasoning of an editorial judgment."),
    Col("evidence", "text", False, "Ids of the incidents, sources or context rows an editorial judgment rests on."),
)

TABLES: dict[str, tuple[Col, ...]] = {
    "incidents": INCIDENTS,
    "sources": SOURCES,
    "aliases": ALIASES,
    "places": PLACES,
    "areas": AREAS,
    "search_log": SEARCH_LOG,
    "context": CONTEXT,
}
ARTICLE_TABLES = {"claims": CLAIMS}  # in data/article/, read by borderledger.claims
REQUIRED_FILES = ("incidents", "sources")
OPTIONAL_FILES = ("aliases", "places", "areas", "search_log", "context")


def columns(table: str) -> list[str]:
    return [c.name for c in {**TABLES, **ARTICLE_TABLES}[table]]


# ---- rules ------------------------------------------------------------------------------

LINE = "_line"  # the CSV line of a raw row (header = line 1)
# Columns that validation adds for the cross-table rules below.
SOURCES_LOW, SOURCES_HIGH = "deaths_low_of_sources", "deaths_high_of_sources"  # counts of everyone killed
SOURCES_WITH_URL = "sources_with_url"  # how many of the incident's source rows have an http(s) url
KNOWN_INCIDENT = "_known_incident"  # a source row's incident_id is in incidents.csv
KNOWN_RELATED = "_known_related"  # an incident's related_to is another incident of incidents.csv
KNOWN_DISTRICT = "_known_district"  # an incident's district is in areas.csv (for its country)
KNOWN_AREAS = "_known_areas"  # every area a search names is in areas.csv
KNOWN_LOGGED = "_known_logged"  # every incident a search names is in incidents.csv
# Per component (security, civilians, militants): the lowest and highest figure sources give for it.
COMPONENT_COLUMNS = {"deaths_security": "security", "deaths_civilians": "civilians", "deaths_militants": "militants"}

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


def _source_rules() -> list[Rule]:
    """A figure says whom it counts; the per-group figures fit inside a figure of everyone."""
    deaths = _int("deaths_reported")
    groups = ("security_reported", "civilians_reported", "attackers_reported")
    parts = pl.sum_horizontal(_int(c).fill_null(0) for c in groups)
    return [
        Rule(("deaths_reported", "deaths_scope", "figure_kind"),
             "a figure needs deaths_scope and figure_kind, and they need a figure",
             (deaths.is_null() == pl.col("deaths_scope").is_null())
             & (deaths.is_null() == pl.col("figure_kind").is_null())),
        Rule(("deaths_reported", "security_reported", "civilians_reported", "attackers_reported"),
             "the per-group figures add up to more than a deaths_reported that counts everyone",
             (pl.col("deaths_scope") != "all").fill_null(True) | (parts <= deaths).fill_null(True)),
    ]


def _log_rules() -> list[Rule]:
    """A search names known districts and known incidents."""
    return [Rule(("area",), "every area must be a district of areas.csv", pl.col(KNOWN_AREAS)),
            Rule(("incidents_added", "incidents_confirmed"), "every id must be an incident_id of incidents.csv",
                 pl.col(KNOWN_LOGGED))]


def _incident_rules() -> list[Rule]:
    """Figures agree with the sources, attribution and scope are coded consistently, links resolve."""
    low, best, high = _int("deaths_low"), _int("deaths_best"), _int("deaths_high")
    disagree = (low != pl.col(SOURCES_LOW)).fill_null(False) | (high != pl.col(SOURCES_HIGH)).fill_null(False)
    unnamed = pl.col("perpetrator").str.contains(UNNAMED).fill_null(True)
    by = pl.col("attribution_by").is_not_null()
    attribution = pl.col("attribution")
    scope, country, district = pl.col("scope"), pl.col("country"), pl.col("district")
    in_province = (country == "IRN") & (pl.col("province") == "Sistan and Baluchestan")
    listed = scope.is_in(["sistan_baluchestan", "pakistan_border_district"])
    rules = [
        Rule(("deaths_low", "deaths_best", "deaths_high"), "deaths_low <= deaths_best <= deaths_high",
             ~((low > best) | (best > high) | (low > high)).fill_null(False)),
        Rule(("incident_id",), "every incident needs at least one source row with an http(s) url",
             pl.col("incident_id").is_null() | (pl.col(SOURCES_WITH_URL) > 0).fill_null(False)),
        Rule(("deaths_low", "deaths_high"),
             "deaths_low/deaths_high must equal the lowest/highest deaths_reported of its sources "
             "that count everyone killed (deaths_scope all, figure_kind count)", ~disagree),
        Rule(("attribution", "perpetrator", "attribution_by"),
             "attributed needs a named perpetrator and who attributed it; claimed needs who reported the claim",
             ((attribution != "attributed") | (~unnamed & by)) & ((attribution != "claimed") | by)),
        Rule(("scope", "country", "province"),
             "scope sistan_baluchestan needs country IRN and province Sistan and Baluchestan",
             (scope != "sistan_baluchestan") | in_province),
        Rule(("scope", "country", "district"),
             "scope pakistan_border_district needs country PAK and a district of areas.csv",
             (scope != "pakistan_border_district") | ((country == "PAK") & district.is_not_null())),
        Rule(("district",), "must be a district of areas.csv (for the incident's country)",
             district.is_null() | ~listed | pl.col(KNOWN_DISTRICT)),
        Rule(("related_to",), "must be another incident_id of incidents.csv",
             pl.col("related_to").is_null() | pl.col(KNOWN_RELATED)),
    ]
    for column, group in COMPONENT_COLUMNS.items():
        x = _int(column)
        inside = x.is_between(pl.col(f"{group}_low"), pl.col(f"{group}_high"))
        rules.append(Rule((column,), f"must lie within the figures its sources give for {group} (counts, not claims)",
                          x.is_null() | inside.fill_null(False)))
    return rules


CROSS_RULES = {"sources": _source_rules, "search_log": _log_rules, "incidents": _incident_rules}


def rules(table: str, today: dt.date) -> list[Rule]:
    """Every rule a row of ``table`` must pass, in a fixed order: its columns', then those across
    columns and tables (which read the columns validation adds, named above)."""
    columns = [r for col in {**TABLES, **ARTICLE_TABLES}[table] for r in _column_rules(col, today)]
    return columns + (CROSS_RULES[table]() if table in CROSS_RULES else [])
