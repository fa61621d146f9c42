"""Claim-by-claim check of the source article (``shared/source-article-claims.md``).

Quantitative claims get their verdict from the data by the rules below (pinned by tests);
qualitative ones carry a written verdict and the incidents it rests on. Verdicts:
``consistent``, ``partly consistent``, ``inconsistent``, ``not checkable with this dataset``.

Rules
-----
* **One incident, a figure** (C4, C6, C10): consistent when the article's figure lies within
  the incident's low–high range widened by ``TOL`` (10 %); partly consistent within
  ``PARTLY`` (50 %); inconsistent otherwise.
* **"At least N"** (C5, C9): consistent when the highest source figure is >= N; partly
  consistent when it is >= N x (1 - PARTLY); inconsistent otherwise.
* **Aggregates** (C2, C3, C13): the dataset documents what sources reported, so its totals
  are lower bounds. A claim below the documented low (less ``TOL``) is inconsistent; a claim
  within the widened range is consistent; a claim above it is *not checkable*: the dataset
  cannot confirm it, nor rule it out.
* **A date** (C1, C8): consistent when an incident of the stated kind is in the dataset on
  that date (month for C1); when none is, not checkable (absence may be a coverage gap).
* An incident the claim needs that lies outside the selected parameters makes the claim not
  checkable in that run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

TOL = 0.10
PARTLY = 0.50
JAA = "Jaish al-Adl"
C = "consistent"
P = "partly consistent"
I = "inconsistent"  # noqa: E741
N = "not checkable with this dataset"


@dataclass
class Check:
    claim: str
    text: str
    article: str
    verdict: str
    dataset: str
    reasoning: str
    incidents: list[str] = field(default_factory=list)


def figure_verdict(figure: float, low: float | None, high: float | None) -> str:
    if low is None or high is None or pd.isna(low) or pd.isna(high):
        return N
    if low * (1 - TOL) <= figure <= high * (1 + TOL):
        return C
    if low * (1 - PARTLY) <= figure <= high * (1 + PARTLY):
        return P
    return I


def at_least_verdict(figure: float, high: float | None) -> str:
    if high is None or pd.isna(high):
        return N
    if high >= figure:
        return C
    if high >= figure * (1 - PARTLY):
        return P
    return I


def aggregate_verdict(figure: float, low: float, high: float) -> str:
    if figure < low * (1 - TOL):
        return I
    if figure <= high * (1 + TOL):
        return C
    return N


def _find(inc: pd.DataFrame, date: str, country: str | None = None, event_types: tuple[str, ...] = (),
          place: str | None = None) -> pd.DataFrame:
    rows = inc[inc["date"] == pd.Timestamp(date)]
    if country:
        rows = rows[rows["country"] == country]
    if event_types:
        rows = rows[rows["event_type"].isin(event_types)]
    if place:
        rows = rows[rows["place"].fillna("").str.contains(place, case=False)]
    return rows


def _range(row: pd.Series) -> str:
    lo, hi = row["deaths_low"], row["deaths_high"]
    if pd.isna(lo):
        return "no death figure in the sources"
    return f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}"


def _ids(rows: pd.DataFrame) -> list[str]:
    return rows["incident_id"].tolist()


def _missing(claim: str, text: str, article: str, what: str) -> Check:
    return Check(claim, text, article, N, f"no {what} in the selected data",
                 "The incident this claim is about is not in the dataset as selected by the parameters.")


def _single(claim, text, article, figure, rows, what, column_low="deaths_low", column_high="deaths_high",
            at_least=False) -> Check:
    if rows.empty:
        return _missing(claim, text, article, what)
    row = rows.iloc[0]
    lo, hi = row[column_low], row[column_high]
    verdict = at_least_verdict(figure, hi) if at_least else figure_verdict(figure, lo, hi)
    shown = "no figure" if pd.isna(lo) else (f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}")
    rule = "highest source figure >= the claimed minimum" if at_least else "figure within the sources' range ±10 %"
    return Check(claim, text, article, verdict, f"{what}: {shown} ({int(row['n_sources'])} sources)",
                 f"Rule: {rule}.", _ids(rows.iloc[:1]))


def _sum(rows: pd.DataFrame, col: str) -> int:
    return int(rows[col].fillna(0).sum())


def check_all(inc: pd.DataFrame, src: pd.DataFrame) -> list[Check]:
    """Every claim C1–C16 against the (filtered) clean incidents and sources."""
    jaa = inc[inc["perpetrator"] == JAA]
    out: list[Check] = []

    # C1 — first major assault in August 2012
    aug = jaa[(jaa["date"] >= "2012-08-01") & (jaa["date"] <= "2012-08-31")]
    first = jaa.sort_values("date").head(1)
    first_txt = (f"earliest incident attributed to or claimed by Jaish al-Adl: {first['date'].iloc[0]:%Y-%m-%d} "
                 f"({first['place'].iloc[0]})") if len(first) else "no Jaish al-Adl incident in the selection"
    out.append(Check("C1", "Jaish al-Adl's first major assault on Iranian forces was in August 2012", "2012-08",
                     C if len(aug) else N, first_txt,
                     "No incident in August 2012 was found in the sources searched; absence in the dataset may "
                     "be a coverage gap, so the claim is neither confirmed nor refuted." if aug.empty else
                     "An incident in August 2012 is in the dataset.", _ids(aug if len(aug) else first)))

    # C2 — 150 Iranian soldiers killed between 2012 and December 2013
    period = inc[(inc["date"] <= "2013-12-31") & (inc["country"] == "IRN") & (inc["target"] == "security_forces")
                 & inc["event_type"].isin(["armed_attack", "bombing", "suicide_bombing", "assassination"])]
    if period.empty:
        out.append(_missing("C2", "Iranian soldiers killed in attacks, 2012 to December 2013", "150", "incident"))
    else:
        sec = period["deaths_security"].fillna(period["deaths_low"])
        lo = int(sec.fillna(0).sum())
        hi = _sum(period, "deaths_high")
        out.append(Check("C2", "Iranian soldiers killed in attacks, 2012 to December 2013", "150",
                         aggregate_verdict(150, lo, hi),
                         f"{len(period)} attacks on Iranian security forces; {lo} security-force deaths documented "
                         f"(up to {hi} deaths of all kinds)",
                         "Rule for aggregates: documented totals are lower bounds, so a higher claimed figure can be "
                         "neither confirmed nor refuted by this dataset.", _ids(period)))

    # C3 — 'thousands' of casualties in the following decade (2014–2023)
    dec = jaa[(jaa["date"] >= "2014-01-01") & (jaa["date"] <= "2023-12-31")]
    lo = _sum(dec, "deaths_low") + _sum(dec, "injured_best")
    hi = _sum(dec, "deaths_high") + _sum(dec, "injured_best")
    out.append(Check("C3", "Casualties from Jaish al-Adl's violence in the following decade", "thousands (>= 2,000)",
                     aggregate_verdict(2000, lo, hi) if len(dec) else N,
                     f"{len(dec)} incidents 2014–2023; {lo}–{hi} killed and injured documented",
                     "Rule for aggregates (lower bounds); 'thousands' is read as at least 2,000.", _ids(dec)))

    c4 = _find(inc, "2023-12-15", "IRN", place="Rask")
    c4_check = _single("C4", "December 2023 assault on the police station in Rask", "11 security officers killed",
                       11, c4, "deaths of security forces", "deaths_security", "deaths_security")
    if not c4.empty:
        c4_check.dataset += f"; all deaths incl. attackers {_range(c4.iloc[0])}"
    out.append(c4_check)

    c5 = _find(inc, "2024-01-10", "IRN")
    out.append(_single("C5", "10 January 2024 attack near Rask (Bidlad Jangal)", "at least 1 police officer killed",
                       1, c5, "deaths", at_least=True))

    c6 = _find(inc, "2024-01-16", "PAK", ("cross_border_strike",))
    check = _single("C6", "16 January 2024 Iranian strike in Balochistan, Pakistan's figures",
                    "2 children killed, 3 injured", 2, c6, "deaths")
    if not c6.empty:
        injured = src.loc[src["incident_id"] == c6["incident_id"].iloc[0], "injured_reported"].dropna()
        inj_v = figure_verdict(3, injured.min(), injured.max()) if len(injured) else N
        check.dataset += f"; injured per source: {injured.min()}–{injured.max()}" if len(injured) else "; no injured figure"
        if check.verdict == C and inj_v != C:
            check.verdict = P
        check.reasoning += f" Injured: {inj_v}."
    out.append(check)

    sites = src[src["incident_id"].isin(c6["incident_id"]) & src["paraphrase"].str.contains(
        r"\btwo\b[^.;]*\b(?:bases?|strongholds?|headquarters|sites?)\b", case=False, regex=True)]
    out.append(Check("C7", "Iranian state media said the missiles hit two sites of the militant group", "2 sites",
                     (C if sites["outlet"].nunique() >= 2 else N) if not c6.empty else N,
                     f"{sites['outlet'].nunique()} outlets report Iranian state media saying two Jaish al-Adl bases or "
                     "headquarters were hit" if not c6.empty else "strike not in selection",
                     "Rule: at least two outlets whose recorded paraphrase reports two bases, strongholds, headquarters "
                     "or sites. This checks what Iranian media said, not what was hit; the number of sites is not a "
                     "column of the dataset.", _ids(c6)))

    c8 = _find(inc, "2024-01-17", "PAK", ("other",))
    out.append(Check("C8", "Pakistan condemned the strike and recalled its ambassador the next day", "2024-01-17",
                     C if len(c8) else N, "diplomatic event on 2024-01-17 recorded" if len(c8) else "no event found",
                     "Rule: an event of the stated kind on the stated date is in the dataset.", _ids(c8)))

    c9 = _find(inc, "2024-01-18", "IRN", ("cross_border_strike",))
    out.append(_single("C9", "Pakistan's strikes in Iran on 18 January 2024", "at least 9 killed", 9, c9, "deaths",
                       at_least=True))

    c10 = _find(inc, "2019-02-13", "IRN", ("suicide_bombing",))
    out.append(_single("C10", "February 2019 suicide car bombing of the IRGC", "27 IRGC members killed", 27, c10,
                       "deaths"))

    # C11 — resolved within 48 hours
    strikes = inc[inc["event_type"] == "cross_border_strike"]
    strikes = strikes[(strikes["date"] >= "2024-01-01") & (strikes["date"] <= "2024-01-31")]
    diplomacy = inc[(inc["event_type"] == "other") & (inc["date"] >= "2024-01-19") & (inc["date"] <= "2024-02-29")]
    if strikes.empty or diplomacy.empty:
        out.append(_missing("C11", "The standoff was resolved within 48 hours", "48 hours", "strike or diplomatic event"))
    else:
        last = strikes["date"].max()
        first_step = (diplomacy["date"].min() - last).days
        envoys = diplomacy[diplomacy["summary"].str.contains(r"ambassador.*\b(?:resum|returned\b)", case=False, regex=True)]
        back = (envoys["date"].min() - last).days if len(envoys) else None
        verdict = C if back is not None and back <= 2 else (P if first_step <= 2 else I)
        out.append(Check("C11", "The standoff was resolved within 48 hours, without external mediation", "48 hours",
                         verdict,
                         f"first de-escalation step {first_step} day(s) after the last strike; "
                         + (f"ambassadors back at their posts {back} days after it" if back is not None else
                            "return of ambassadors not in the dataset"),
                         "Rule: consistent if ties were fully restored (ambassadors back) within 2 days; partly if "
                         "only the first de-escalation step came within 2 days. 'Without external mediation' is not "
                         "checkable with this dataset.", _ids(strikes) + _ids(diplomacy)))

    c12_rows = pd.concat([c6, c9])
    out.append(Check("C12", "Each side's missiles hit the other side's nationals; no civilian or military facilities damaged",
                     "qualitative", P if len(c12_rows) == 2 else N,
                     "Pakistan's Foreign Office said the Iranian strike killed two children; Iranian officials said the "
                     "people killed by Pakistan's strike were non-Iranian nationals, including women and children",
                     "The nationality part matches what Iranian officials said about the 18 January dead; but both "
                     "sides' own statements report women and children killed in homes, which the article's 'no "
                     "civilian facilities damaged' leaves out.", _ids(c12_rows)))

    for cid, text, article in (
        ("C13", "Jaish al-Adl killed 'thousands of border security guards' over the years", "thousands"),
    ):
        sec = jaa["deaths_security"].fillna(0)
        lo, hi = int(sec.sum()), _sum(jaa, "deaths_high")
        out.append(Check(cid, text, article, aggregate_verdict(2000, lo, hi) if len(jaa) else N,
                         f"{lo} security-force deaths in {len(jaa)} incidents attributed to or claimed by Jaish al-Adl "
                         f"(at most {hi} deaths of all kinds)",
                         "Rule for aggregates (lower bounds); 'thousands' is read as at least 2,000.", _ids(jaa)))
    out.append(Check("C14", "Iran and Pakistan together: 1,250,000 active and 900,000 reserve personnel",
                     "1,250,000 / 900,000", N, "force sizes are not incident data",
                     "An incident dataset holds no figures on the size of armed forces."))
    out.append(Check("C15", "Jaish al-Adl was 'formerly known as Jundullah'", "naming claim", N,
                     "the dataset records perpetrators as sources name them",
                     "Whether one group is the other's successor is a question of organisational history, not of "
                     "incidents; the codebook lists the groups as separate actors as sources name them."))
    out.append(Check("C16", "Washington also designates Jaish al-Adl a terrorist group", "designation", N,
                     "designations are not incident data", "An incident dataset holds no legal designations."))
    return out


def table(checks: list[Check]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"claim": c.claim, "article says": c.article, "verdict": c.verdict, "dataset": c.dataset} for c in checks]
    )
