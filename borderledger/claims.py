"""The fact-check of the article's claims, driven by ``data/article/claims.csv``.

Each row of that file is one claim or one part of a claim, with the inputs of the rule of its
``kind``; an ``editorial`` row carries its own verdict, reasoning and evidence ids. One function
per kind turns a row and the data into a :class:`Check`: a verdict on the scale of the codebook,
a plain sentence of what was found (its numbers computed here), and the evidence rows. A claim
split into parts gets the weakest of its parts' verdicts. No claim text or verdict is written
in this module.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import polars as pl

from . import schema
from .estimates import source_figures
from .paths import ROOT
from .validation import FileProblem, check, read_table

ARTICLE = ROOT / "data" / "article"
CONSISTENT, PARTLY, NOT_SUPPORTED, CONTRADICTED, NOT_CHECKABLE = schema.VERDICTS
ORDER = {CONSISTENT: 0, PARTLY: 1, NOT_SUPPORTED: 2, CONTRADICTED: 3}  # weakest last
TOLERANCE, PARTLY_BAND, CEILING = 0.10, 0.50, 3  # the codebook's rules by kind


@dataclass
class Check:
    """One claim (or part) checked: its row, verdict, what was found, and the evidence."""

    claim: dict
    verdict: str
    finding: str
    rule: str
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    parts: list[Check] = field(default_factory=list)
    numbers: dict = field(default_factory=dict)  # an aggregate's documented low, best, high and the claim

    @property
    def id(self) -> str:
        return self.claim["claim_id"]

    @property
    def editorial(self) -> bool:
        return self.claim["kind"] == "editorial" or any(p.editorial for p in self.parts)


def article() -> dict:
    """The article's citation (``data/article/article.json``)."""
    return json.loads((ARTICLE / "article.json").read_text(encoding="utf-8"))


def load_claims(path: Path = ARTICLE / "claims.csv") -> list[dict]:
    """The claims file, validated against its contract; a bad row stops with a located message."""
    frame, problems = read_table(Path(path), "claims")
    problems += check(frame, schema.rules("claims", pd.Timestamp.today().date()), str(path))
    if problems:
        raise FileProblem("\n".join(str(p) for p in sorted(problems)))
    rows = frame.drop(schema.LINE).iter_rows(named=True)
    return [{k: ("" if v is None else v) for k, v in row.items()} for row in rows]


# ---- selecting incidents and counting people -------------------------------------------------


def select(incidents: pd.DataFrame, claim: dict, cutoff: str | None = None) -> pd.DataFrame:
    """The incidents a claim is about: its dates, country, event types, place and perpetrators."""
    start = pd.Timestamp(claim["date_from"])
    end = min(pd.Timestamp(claim["date_to"] or claim["date_from"]), pd.Timestamp(cutoff or "2100-01-01"))
    rows = incidents[(incidents["date"] >= start) & (incidents["date"] <= end)]
    if claim["country"]:
        rows = rows[rows["country"] == claim["country"]]
    if claim["event_types"]:
        rows = rows[rows["event_type"].isin(claim["event_types"].split(";"))]
    if claim["place"]:
        rows = rows[rows["place"].fillna("").str.contains(claim["place"], case=False, regex=False)]
    if claim["perpetrators"]:
        rows = rows[rows["perpetrator"].fillna("").str.contains(claim["perpetrators"], case=False, regex=True)]
    return rows.sort_values(["date", "incident_id"]).reset_index(drop=True)


def counted(incidents: pd.DataFrame, sources: pd.DataFrame, counts: str) -> pd.DataFrame:
    """Per incident: low, best and high of the people a claim counts (the counting rule of the codebook).

    ``security_forces`` and ``civilians`` take the group's figures from the sources; where they give
    none, an incident aimed at that group counts its lowest (and highest) toll of everyone.
    ``killed_and_injured`` adds the injured to the deaths. Unknown counts as zero.
    """
    ends = ("low", "best", "high")
    out = incidents[["incident_id"]].copy()
    if counts in ("all", "killed_and_injured"):
        injured = incidents["injured_best"].fillna(0) if counts == "killed_and_injured" else 0
        for end in ends:
            out[end] = incidents[f"deaths_{end}"].fillna(0) + injured
    else:
        group, target = {"security_forces": "security", "civilians": "civilians"}[counts], counts
        ids = pl.Series(incidents["incident_id"].astype(str).tolist())
        figures = source_figures(pl.from_pandas(sources).filter(pl.col("incident_id").is_in(ids.implode())))
        figures = figures.to_pandas().set_index("incident_id")
        aimed = (incidents["target"] == target).to_numpy()
        for end in ends:
            group_figure = incidents["incident_id"].map(figures[f"{group}_{end}"]) if len(figures) else pd.Series(
                pd.NA, index=incidents.index)
            fallback = incidents[f"deaths_{'high' if end == 'high' else 'low'}"].where(aimed)
            out[end] = group_figure.astype("Float64").fillna(fallback.astype("Float64")).fillna(0)
    out[list(ends)] = out[list(ends)].astype("int64")
    return out


def _range(low: int, high: int) -> str:
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


WHO = {"all": ("person", "people"),
       "security_forces": ("member of the security forces", "members of the security forces"),
       "civilians": ("civilian", "civilians"),
       "killed_and_injured": ("person killed or injured", "people killed or injured")}


def _people(low: int, high: int, counts: str) -> str:
    """'1 member of the security forces', '11–12 members of the security forces'."""
    one, many = WHO[counts]
    return f"{_range(low, high)} {one if low == high == 1 else many}"


def figure_verdict(figure: float, low: float, high: float, at_least: bool = False) -> str:
    """A single event's figure against its sources' range (the codebook's tolerances)."""
    if at_least:
        return CONSISTENT if high >= figure else PARTLY if high >= figure * (1 - PARTLY_BAND) else CONTRADICTED
    if low * (1 - TOLERANCE) <= figure <= high * (1 + TOLERANCE):
        return CONSISTENT
    if low * (1 - PARTLY_BAND) <= figure <= high * (1 + PARTLY_BAND):
        return PARTLY
    return CONTRADICTED


def aggregate_verdict(figure: float, low: float, high: float, sourced: bool) -> str:
    """A total over a period against the documented total (a lower bound), with the ceiling rule."""
    if figure > CEILING * high and not sourced:
        return NOT_SUPPORTED
    if figure < low * (1 - TOLERANCE):
        return CONTRADICTED
    return CONSISTENT if figure <= high * (1 + TOLERANCE) else PARTLY


# ---- evidence tables ------------------------------------------------------------------------------


def incident_evidence(incidents: pd.DataFrame, sources: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: date, place, the counted low/best/high, who gave the figures, a link."""
    first = sources.sort_values("source_id").groupby("incident_id").agg(
        outlet=("outlet", "first"), url=("url", "first"),
        figures_by=("figure_by", lambda s: "; ".join(dict.fromkeys(s.dropna()))[:160]))
    rows = incidents[["incident_id", "date", "place", "perpetrator", "deaths_claimed"]].merge(
        people, on="incident_id").merge(first, left_on="incident_id", right_index=True, how="left")
    return rows[["incident_id", "date", "place", "perpetrator", "low", "best", "high", "deaths_claimed", "figures_by",
                 "outlet", "url"]]


def source_evidence(sources: pd.DataFrame, ids) -> pd.DataFrame:
    """Every report of the incidents ``ids``: who gave which figure, and the link."""
    rows = sources[sources["incident_id"].isin(list(ids))]
    return rows[["incident_id", "source_id", "outlet", "language", "deaths_reported", "deaths_scope", "figure_kind",
                 "injured_reported", "figure_by", "url"]].reset_index(drop=True)


def listed_evidence(data, ids: str) -> pd.DataFrame:
    """The rows an editorial judgment names: sources (``S-``), context (``X-``) and incidents (``BL-``)."""
    wanted = [i.strip() for i in ids.split(";") if i.strip()]
    rows = []
    for _, s in data.sources[data.sources["source_id"].isin(wanted)].iterrows():
        rows.append({"id": s["source_id"], "who": s["figure_by"], "what": s["paraphrase"], "outlet": s["outlet"],
                     "url": s["url"]})
    for _, x in data.context[data.context["context_id"].isin(wanted)].iterrows():
        rows.append({"id": x["context_id"], "who": x["publisher"], "what": x["paraphrase"], "outlet": x["outlet"],
                     "url": x["url"]})
    for _, i in data.incidents[data.incidents["incident_id"].isin(wanted)].iterrows():
        rows.append({"id": i["incident_id"], "who": i["attribution_by"], "what": i["summary"], "outlet": "", "url": ""})
    order = {k: n for n, k in enumerate(wanted)}
    return pd.DataFrame(rows, columns=["id", "who", "what", "outlet", "url"]).sort_values(
        "id", key=lambda s: s.map(order)).reset_index(drop=True)


# ---- one function per kind of claim -----------------------------------------------------------

def _weaker(a: str, b: str) -> str:
    return max(a, b, key=lambda v: ORDER.get(v, -1))


def check_event(claim: dict, data, cutoff: str) -> Check:
    """One event's figure against its sources' figures for the same people; who gave it; who did it."""
    rule = "one event: the figure within the sources' range for the same people ±10 % (partly: ±50 %)"
    found = select(data.incidents, {**claim, "perpetrators": ""})
    if found.empty:
        return Check(claim, NOT_SUPPORTED, "No incident matching the claim was found in the record.", rule)
    row = found.iloc[[0]]
    people = counted(row, data.sources, claim["counts"] or "all").iloc[0]
    figure, at_least = int(claim["figure"]), claim["at_least"] == "yes"
    verdict = figure_verdict(figure, people["low"], people["high"], at_least)
    inc, reports = row.iloc[0], data.sources[data.sources["incident_id"] == row.iloc[0]["incident_id"]]
    counts = _people(people["low"], people["high"], claim["counts"] or "all")
    finding = [f"The record holds {inc['incident_id']} on {inc['date']:%d %B %Y} ({inc['place'] or inc['country']}): "
               f"its {len(reports)} reports count {counts} killed, against the claim's "
               f"{'at least ' if at_least else ''}{figure:,}."]
    if claim["injured"]:
        injured = reports["injured_reported"].dropna()
        if injured.empty or figure_verdict(int(claim["injured"]), injured.min(), injured.max()) != CONSISTENT:
            verdict = _weaker(verdict, PARTLY)
        finding.append(f"Reports give {_range(int(injured.min()), int(injured.max()))} injured." if len(injured)
                       else "No report gives a number of injured.")
    if claim["figure_by"]:
        givers = reports[reports["deaths_reported"].between(figure * (1 - TOLERANCE), figure * (1 + TOLERANCE))]
        if not givers["figure_by"].fillna("").str.contains(claim["figure_by"], case=False, regex=True).any():
            verdict = _weaker(verdict, PARTLY)
            finding.append("The figure came from " + "; ".join(dict.fromkeys(givers["figure_by"].dropna())) + ".")
    if claim["perpetrators"] and not re.search(claim["perpetrators"], str(inc["perpetrator"]), re.I):
        verdict = _weaker(verdict, PARTLY)
        finding.append(f"The record has it as {inc['attribution']} ({inc['perpetrator']}).")
    elif claim["perpetrators"]:
        finding.append(f"It is {inc['attribution']} by {inc['perpetrator']} ({inc['attribution_by']}).")
    return Check(claim, verdict, " ".join(finding), rule, source_evidence(data.sources, row["incident_id"]))


def check_aggregate(claim: dict, data, cutoff: str) -> Check:
    """A total over a period against the documented total, with the ceiling rule."""
    rule = (f"aggregate: the documented total is a lower bound; above {CEILING} times its high, with no source "
            "giving the claim's figure, not supported")
    rows = select(data.incidents, claim, cutoff)
    people = counted(rows, data.sources, claim["counts"])
    low, best, high = (int(people[c].sum()) for c in ("low", "best", "high"))
    figure = int(claim["figure"])
    verdict = aggregate_verdict(figure, low, high, bool(claim["figure_sources"]))
    finding = (f"The record documents {len(rows)} incidents ({claim['reading']}): "
               f"{_people(low, high, claim['counts'])} (best estimate {best:,}).")
    if verdict == NOT_SUPPORTED:
        factor = f"{figure / high:,.0f} times" if high else "far above"
        finding += f" The claim's {figure:,} is {factor} the documented high, and no source found gives {figure:,}."
    else:
        finding += f" The claim says {figure:,}."
    claimed = rows["deaths_claimed"].dropna()
    if len(claimed):
        finding += (f" Party claims of enemies killed in {len(claimed)} of these incidents add up to "
                    f"{int(claimed.sum()):,}; they are shown apart and not counted.")
    numbers = {"low": low, "best": best, "high": high, "claimed": figure}
    return Check(claim, verdict, finding, rule, incident_evidence(rows, data.sources, people), numbers=numbers)


def check_date(claim: dict, data, cutoff: str) -> Check:
    """An event of the stated kind on the stated date or in the stated month."""
    rule = "date: an incident of the stated kind in the stated period; none found, though searched: not supported"
    rows = select(data.incidents, claim)
    if claim["pattern"]:
        rows = rows[rows["summary"].str.contains(claim["pattern"], case=False, regex=True)]
    if len(rows):
        first = rows.iloc[0]
        finding = (f"The record holds {len(rows)} such event(s), the first {first['incident_id']} on "
                   f"{first['date']:%d %B %Y} ({first['place'] or first['country']}).")
        return Check(claim, CONSISTENT, finding, rule, source_evidence(data.sources, rows["incident_id"]))
    earlier = select(data.incidents, {**claim, "date_from": "2012-01-01", "date_to": cutoff})
    finding = f"The record holds no {claim['reading']}."
    if len(earlier):
        e = earlier.iloc[0]
        finding += (f" The earliest such attack in the record is {e['incident_id']} on {e['date']:%d %B %Y} "
                    f"({e['place'] or e['country']}), {e['attribution']} by {e['perpetrator']}.")
    return Check(claim, NOT_SUPPORTED, finding, rule, source_evidence(data.sources, earlier["incident_id"].head(1)))


def check_interval(claim: dict, data, cutoff: str) -> Check:
    """How long after the last event of a series the first and the final step came."""
    rule = "interval: consistent if the final step came within the claim's hours; partly if only the first did"
    strikes = select(data.incidents, claim)
    if strikes.empty:
        return Check(claim, NOT_SUPPORTED, "No event of the series was found in the record.", rule)
    last = strikes["date"].max()
    steps = data.incidents[(data.incidents["event_type"] == "other") & (data.incidents["date"] >= last)]
    steps = steps.sort_values(["date", "incident_id"])
    first = steps[steps["summary"].str.contains(claim["pattern"], case=False, regex=True)].head(1)
    final = steps[steps["summary"].str.contains(claim["final_pattern"], case=False, regex=True)].head(1)
    if first.empty or final.empty:
        return Check(claim, NOT_SUPPORTED, "The steps the claim describes were not found in the record.", rule)
    hours = {k: int((f["date"].iloc[0] - last).days) * 24 for k, f in (("first", first), ("final", final))}
    figure = int(claim["figure"])
    verdict = CONSISTENT if hours["final"] <= figure else PARTLY if hours["first"] <= figure else NOT_SUPPORTED
    finding = (f"The last strike was on {last:%d %B %Y}. The first step ({first['incident_id'].iloc[0]}, "
               f"{first['date'].iloc[0]:%d %B}) came {hours['first'] // 24} day(s) later; the step that ended the "
               f"standoff ({final['incident_id'].iloc[0]}, {final['date'].iloc[0]:%d %B}) came "
               f"{hours['final'] // 24} days later, against the claim's {figure} hours.")
    shown = pd.concat([strikes.tail(1), steps[steps["date"] <= final["date"].iloc[0]]])
    return Check(claim, verdict, finding, rule, shown[["incident_id", "date", "place", "event_type", "summary"]])


def check_report(claim: dict, data, cutoff: str) -> Check:
    """What a party was reported to have said: reports of the event that carry the statement."""
    rule = "report: consistent when at least two outlets carry the statement, attributed to the party named"
    ids = select(data.incidents, claim)["incident_id"]
    reports = data.sources[data.sources["incident_id"].isin(ids)]
    text = reports["paraphrase"].fillna("") + " " + reports["figure_by"].fillna("")
    match = reports[reports["paraphrase"].str.contains(claim["pattern"], case=False, regex=True)
                    & text.str.contains(claim["figure_by"], case=False, regex=True)]
    outlets = match["outlet"].nunique()
    verdict = CONSISTENT if outlets >= 2 else PARTLY if outlets == 1 else NOT_SUPPORTED
    finding = f"{outlets} outlet(s) carry it: {claim['reading']}."
    return Check(claim, verdict, finding, rule, source_evidence(match, match["incident_id"]))


def _parties(reports: pd.DataFrame, most: int = 4) -> str:
    """Who gave the figures of some reports, the first few named and the rest counted."""
    names = list(dict.fromkeys(reports["figure_by"].dropna()))
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return "; ".join(names[:most]) + more


def check_attribution(claim: dict, data, cutoff: str) -> Check:
    """Whether the party the article names is the one that gave the figure."""
    rule = "who gave the figure: the figure must come from the party the article names"
    ids = select(data.incidents, claim)["incident_id"]
    reports = data.sources[data.sources["incident_id"].isin(ids)]
    figure = int(claim["figure"])
    givers = reports[reports["deaths_reported"] >= figure] if claim["at_least"] else reports[
        reports["deaths_reported"] == figure]
    named = reports["figure_by"].fillna("").str.contains(claim["figure_by"], case=False, regex=True)
    if givers["figure_by"].fillna("").str.contains(claim["figure_by"], case=False, regex=True).any():
        return Check(claim, CONSISTENT, "The party the article names gave the figure.", rule,
                     source_evidence(givers, givers["incident_id"]))
    finding = f"The figure of {figure}{' or more' if claim['at_least'] else ''} comes from {_parties(givers)}."
    silent = reports[named & reports["deaths_reported"].isna()]
    if len(silent):
        finding += f" The statements of the party the article names give no number: {_parties(silent)}."
    shown = pd.concat([givers, silent])
    return Check(claim, NOT_SUPPORTED, finding, rule, source_evidence(shown, shown["incident_id"]))


def check_context(claim: dict, data, cutoff: str) -> Check:
    """A figure against the sum of published estimates (the context table), per subject.

    Estimates of the same measure (the first word of the claim's pattern, e.g. "active") by other
    publishers or for other years are listed beside it.
    """
    rule = "context: the figure within the sum of the published estimates ±10 % (partly: ±50 %)"
    rows = data.context[(data.context["claim"] == claim["parent"]) & data.context["figure"].notna()]
    used = rows[rows["statement"].str.contains(claim["pattern"], regex=True)]
    measure = claim["pattern"].split()[0]
    others = rows[~rows.index.isin(used.index) & rows["statement"].str.contains(measure, case=False, regex=False)]
    per_subject = used.groupby("subject")["figure"].agg(["min", "max"])
    if per_subject.empty:
        return Check(claim, NOT_SUPPORTED, "No published estimate was found.", rule)
    low, high, figure = int(per_subject["min"].sum()), int(per_subject["max"].sum()), int(claim["figure"])
    parts = ", ".join(f"{s} {_range(int(r['min']), int(r['max']))}" for s, r in per_subject.iterrows())
    off = (figure - high) / high
    where = "exactly that sum" if figure == high else f"{abs(off):.1%} {'below' if off < 0 else 'above'} it"
    finding = (f"{claim['reading'][0].upper()}{claim['reading'][1:]}: {parts}, together {_range(low, high)}; "
               f"the claim's {figure:,} is {where}.")
    if len(others):
        finding += " Other estimates differ: " + "; ".join(
            f"{r['statement']}: {int(r['figure']):,}" for _, r in others.iterrows()) + "."
    shown = pd.concat([used, others]).rename(columns={"context_id": "id", "publisher": "who", "statement": "what"})
    return Check(claim, figure_verdict(figure, low, high), finding, rule,
                 shown[["id", "who", "what", "figure", "outlet", "url"]])


def check_editorial(claim: dict, data, cutoff: str) -> Check:
    """A judgment written in the claims file, with its reasoning and the evidence it rests on."""
    return Check(claim, claim["editorial_verdict"], claim["reasoning"], "editorial judgment",
                 listed_evidence(data, claim["evidence"]))


RULES = {"event": check_event, "aggregate": check_aggregate, "date": check_date, "interval": check_interval,
         "report": check_report, "attribution": check_attribution, "context": check_context,
         "editorial": check_editorial}


def _outside(claim: dict, settings) -> bool:
    """The claim's period or country lies outside a run's parameters."""
    if settings is None or not claim["date_from"]:
        return False
    start, end = pd.Timestamp(claim["date_from"]), pd.Timestamp(claim["date_to"] or claim["date_from"])
    beyond = end < pd.Timestamp(settings.start_date) or start > pd.Timestamp(settings.end_date)
    return beyond or bool(claim["country"] and claim["country"] not in settings.countries)


def check_one(claim: dict, data, cutoff: str, settings=None) -> Check:
    if _outside(claim, settings):
        return Check(claim, NOT_CHECKABLE, "The claim's period or country lies outside this run's parameters.",
                     "selection")
    return RULES[claim["kind"]](claim, data, cutoff)


def roll_up(parts: list[Check]) -> str:
    """A claim's verdict from its parts': the weakest (a claim is as accurate as its least accurate part)."""
    rated = [p.verdict for p in parts if p.verdict in ORDER]
    return max(rated, key=ORDER.get) if rated else NOT_CHECKABLE


def check_all(data, claims: list[dict] | None = None, settings=None) -> list[Check]:
    """Every claim of the article, in order; a claim made of parts carries them in ``parts``."""
    claims = load_claims() if claims is None else claims
    cutoff = article()["cutoff"]
    by_parent: dict[str, list[Check]] = {}
    for claim in claims:
        by_parent.setdefault(claim["parent"], []).append(check_one(claim, data, cutoff, settings))
    out = []
    for parent, checks in by_parent.items():
        if len(checks) == 1 and checks[0].id == parent:
            out.append(checks[0])
            continue
        whole = {**checks[0].claim, "claim_id": parent, "part": "", "kind": "parts"}
        finding = "; ".join(f"{c.id} ({c.claim['part'] or c.claim['topic']}): {c.verdict}" for c in checks) + "."
        out.append(Check(whole, roll_up(checks), finding, "the weakest verdict of its parts", parts=checks))
    return sorted(out, key=lambda c: int(c.id[1:]))


SYMBOLS = {CONSISTENT: "✓", PARTLY: "◐", NOT_SUPPORTED: "○", CONTRADICTED: "✗", NOT_CHECKABLE: "?"}


def label(verdict: str) -> str:
    """A verdict as text with a shape, so it never relies on colour alone."""
    return f"{SYMBOLS[verdict]} {verdict}"


def summary(checks: list[Check]) -> pd.DataFrame:
    """One row per claim and part: id, the verdict label (marked when editorial), what the
    article says, who says it."""
    rows = []
    for c in checks:
        for item in [c, *c.parts]:
            verdict = label(item.verdict) + (" (editorial)" if item.claim["kind"] == "editorial" else "")
            rows.append({"claim": item.id, "verdict": verdict,
                         "what the article says": item.claim["part"] or item.claim["topic"],
                         "said by": item.claim["asserted_by"]})
    return pd.DataFrame(rows)


def verdict_counts(checks: list[Check]) -> dict[str, int]:
    """How many of the numbered claims got each verdict."""
    return {v: sum(c.verdict == v for c in checks) for v in schema.VERDICTS}


def aggregates(checks: list[Check]) -> pd.DataFrame:
    """The claims about totals: what the article says against the documented range."""
    rows = [{"claim": c.id, "topic": c.claim["topic"], "verdict": c.verdict, **c.numbers}
            for c in checks if c.claim["kind"] == "aggregate" and c.numbers]
    frame = pd.DataFrame(rows, columns=["claim", "topic", "verdict", "low", "best", "high", "claimed"])
    return frame.assign(factor=frame["claimed"] / frame["high"])
