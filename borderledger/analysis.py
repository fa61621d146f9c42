"""Aggregations used by the chapters. Unknown deaths count as 0 in sums; the number of
incidents with an unknown figure is reported beside every sum that uses it."""

from __future__ import annotations

import pandas as pd

ESTIMATES = ["deaths_low", "deaths_best", "deaths_high"]


def totals(inc: pd.DataFrame) -> dict[str, int]:
    out = {c: int(inc[c].fillna(0).sum()) for c in ESTIMATES}
    out["incidents"] = int(len(inc))
    out["unknown_deaths"] = int(inc["deaths_best"].isna().sum())
    return out


def per_year(inc: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Incidents and low/best/high deaths per year, every year from first to last present."""
    years = pd.Index(range(first, last + 1), name="year")
    grouped = inc.assign(**{c: inc[c].fillna(0) for c in ESTIMATES}).groupby("year")
    out = grouped[ESTIMATES].sum().reindex(years, fill_value=0)
    out.insert(0, "incidents", grouped.size().reindex(years, fill_value=0))
    out["unknown_deaths"] = inc["deaths_best"].isna().groupby(inc["year"]).sum().reindex(years, fill_value=0)
    return out.astype("int64").reset_index()


def per_month(inc: pd.DataFrame, estimate: str) -> pd.DataFrame:
    col = f"deaths_{estimate}"
    month = inc["date"].dt.to_period("M").dt.to_timestamp()
    frame = inc.assign(month=month, deaths=inc[col].fillna(0))
    out = frame.groupby("month").agg(incidents=("incident_id", "size"), deaths=("deaths", "sum")).reset_index()
    out["deaths"] = out["deaths"].astype("int64")
    return out


def by(inc: pd.DataFrame, col: str, estimate: str, by_year: bool = False) -> pd.DataFrame:
    """Incidents and deaths per category of ``col`` (optionally per year too)."""
    keys = ["year", col] if by_year else [col]
    frame = inc.assign(deaths=inc[f"deaths_{estimate}"].fillna(0), **{col: inc[col].fillna("unknown")})
    out = frame.groupby(keys).agg(incidents=("incident_id", "size"), deaths=("deaths", "sum")).reset_index()
    out["deaths"] = out["deaths"].astype("int64")
    return out.sort_values(keys if by_year else ["incidents", col], ascending=True if by_year else [False, True],
                           kind="stable").reset_index(drop=True)


def cumulative(inc: pd.DataFrame, estimate: str) -> pd.DataFrame:
    frame = inc.sort_values(["date", "incident_id"], kind="stable")
    deaths = frame[f"deaths_{estimate}"].fillna(0).cumsum().astype("int64")
    out = pd.DataFrame({"date": frame["date"].to_numpy(), "deaths": deaths.to_numpy()})
    return out.groupby("date", as_index=False)["deaths"].max()


def source_spread(inc: pd.DataFrame) -> pd.DataFrame:
    """Disagreement between sources: high - low per incident with figures."""
    known = inc.dropna(subset=["deaths_low", "deaths_high"])
    return known.assign(spread=(known["deaths_high"] - known["deaths_low"]).astype("int64"))


COUNTRY_NAMES = {"IRN": "Iran", "PAK": "Pakistan", "AFG": "Afghanistan"}


def per_year_by_country(inc: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Incidents and low/best/high deaths per year and country, every year from first to last for
    every country present (zeros where none)."""
    countries = [c for c in COUNTRY_NAMES if c in set(inc["country"])] or ["IRN"]
    grid = pd.MultiIndex.from_product([range(first, last + 1), countries], names=["year", "country"])
    frame = inc.assign(**{c: inc[c].fillna(0) for c in ESTIMATES})
    grouped = frame.groupby(["year", "country"])
    out = grouped[ESTIMATES].sum().reindex(grid, fill_value=0)
    out.insert(0, "incidents", grouped.size().reindex(grid, fill_value=0))
    out = out.astype("int64").reset_index()
    out["country"] = out["country"].map(COUNTRY_NAMES)
    return out


def _range(low, high) -> str:
    if pd.isna(low):
        return "not reported"
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"


def places(inc: pd.DataFrame) -> pd.DataFrame:
    """Located incidents per point on the map: its name, incidents (and how many are drawn there
    only because their district's map point is there), deaths (best and range), first and last date."""
    located = inc.dropna(subset=["latitude", "longitude"]).assign(
        at_place=lambda f: f["place"].where(f["located"] == "place"),
        at_seat=lambda f: (f["located"] == "district seat").astype("int64"),
        low=lambda f: f["deaths_low"].fillna(0), best=lambda f: f["deaths_best"].fillna(0),
        high=lambda f: f["deaths_high"].fillna(0))
    out = located.groupby(["country", "latitude", "longitude"], as_index=False).agg(
        place=("at_place", lambda s: " / ".join(sorted(set(s.dropna())))), district=("district", "first"),
        incidents=("incident_id", "size"), district_only=("at_seat", "sum"), deaths=("best", "sum"),
        low=("low", "sum"), high=("high", "sum"), first=("date", "min"), last=("date", "max"))
    out["place"] = out["place"].where(out["place"] != "", out["district"] + " (district)")
    out["located"] = out["district_only"].map(lambda n: f"{n} located only to the district" if n else "the place")
    out["deaths_range"] = [_range(lo, hi) for lo, hi in zip(out["low"], out["high"], strict=True)]
    out["country_name"] = out["country"].map(COUNTRY_NAMES)
    return out.drop(columns=["low", "high", "district"]).astype({"incidents": "int64", "deaths": "int64"})


def timeline_events(inc: pd.DataFrame, src: pd.DataFrame, start: str, end: str, limit: int = 60) -> pd.DataFrame:
    """The incidents between two dates (the first ``limit``), each with a label, where it
    happened and who gave its figures."""
    window = inc[(inc["date"] >= start) & (inc["date"] <= end)].sort_values(["date", "incident_id"]).head(limit)
    givers = (src.dropna(subset=["deaths_reported"]).groupby("incident_id")["figure_by"]
              .agg(lambda s: "; ".join(dict.fromkeys(s.dropna()))[:120]))
    side = window["country"].map({"IRN": "in Iran", "PAK": "in Pakistan"}).where(window["event_type"] != "other",
                                                                                 "diplomacy")
    label = window["headline"].fillna(window["event_type"].str.replace("_", " ") + " in " + window["place"].fillna(
        window["country"].map(COUNTRY_NAMES)))
    return pd.DataFrame({
        "incident_id": window["incident_id"], "date": window["date"], "side": side.fillna("elsewhere"), "label": label,
        "place": window["place"].fillna(window["country"].map(COUNTRY_NAMES)),
        "event": window["event_type"].str.replace("_", " "),
        "deaths": [_range(lo, hi) for lo, hi in zip(window["deaths_low"], window["deaths_high"], strict=True)],
        "figures_by": window["incident_id"].map(givers).fillna("no figure given"),
    }).reset_index(drop=True)


def coverage(inc: pd.DataFrame, log: pd.DataFrame, areas: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Per district (or county) and year: incidents found and searches run (all, and in Urdu or Persian).

    A search that names several districts counts for each of them; a search without a year or a
    district counts for none (it shows in the log, not here).
    """
    grid = pd.MultiIndex.from_product([areas["district"].tolist(), range(first, last + 1)], names=["district", "year"])
    found = inc.dropna(subset=["district"]).groupby(["district", "year"]).size()
    named = log.dropna(subset=["area", "year"]).assign(district=lambda f: f["area"].str.split(";")).explode("district")
    named = named.assign(local=named["language"].isin(["ur", "fa"]))
    searches = named.groupby(["district", "year"]).agg(searches=("search_id", "size"), local=("local", "sum"))
    out = pd.DataFrame({"incidents": found.reindex(grid, fill_value=0)})
    out = out.join(searches.reindex(grid, fill_value=0)).fillna(0).astype("int64").reset_index()
    return out.merge(areas[["country", "district"]], on="district")


def thin_years(cells: pd.DataFrame, threshold: float = 0.3) -> list[int]:
    """Years whose searches found fewest incidents: fewer than ``threshold`` incidents per search
    that named a district or county (from :func:`coverage`)."""
    per_year = cells.groupby("year")[["incidents", "searches"]].sum()
    searched = per_year[per_year["searches"] > 0]
    return [int(y) for y in searched.index[searched["incidents"] / searched["searches"] < threshold]]


def year_notes(years: pd.DataFrame, fixed: dict[int, str], thin: list[int], thin_note: str) -> pd.DataFrame:
    """Notes to print above chosen years of a per-year chart (only years the chart shows)."""
    shown = set(years["year"])
    notes = {**{y: thin_note for y in thin}, **fixed}
    rows = [{"year": y, "note": n} for y, n in sorted(notes.items()) if y in shown]
    return pd.DataFrame(rows, columns=["year", "note"])


def by_perpetrator(inc: pd.DataFrame, estimate: str) -> pd.DataFrame:
    """Incidents, deaths and party claims per perpetrator and attribution level, most incidents first."""
    frame = inc.assign(deaths=inc[f"deaths_{estimate}"].fillna(0), claims=inc["deaths_claimed"].fillna(0))
    out = (frame.groupby(["perpetrator", "attribution"]).agg(incidents=("incident_id", "size"),
                                                             deaths=("deaths", "sum"), claims=("claims", "sum"))
           .reset_index().sort_values(["incidents", "perpetrator"], ascending=[False, True]))
    out = out.astype({"deaths": "int64", "claims": "int64"}).rename(columns={"claims": "party claims"})
    return out.reset_index(drop=True)


# Towns labelled on the map, when the gazetteer locates them.
KEY_TOWNS = ("Zahedan", "Saravan", "Rask", "Chabahar", "Mirjaveh", "Taftan", "Panjgur", "Turbat", "Gwadar", "Mashkel",
             "Iranshahr", "Khash", "Pishin", "Jiwani", "Pasni", "Dalbandin", "Nokkundi")
# Where the country names sit on the border map (placement only).
COUNTRY_LABELS = pd.DataFrame({"text": ["IRAN", "PAKISTAN", "AFGHANISTAN"], "longitude": [59.0, 65.2, 63.6],
                               "latitude": [30.4, 27.6, 31.15]})


def map_towns(points: pd.DataFrame) -> pd.DataFrame:
    """The key towns among the located places, with their coordinates."""
    towns = points[points["place"].isin(KEY_TOWNS)]
    return towns[["place", "latitude", "longitude"]].drop_duplicates("place").reset_index(drop=True)


def unlocated_places(inc: pd.DataFrame) -> list[str]:
    """Places (or districts) of incidents the map cannot draw, most frequent first."""
    names = inc.loc[inc["latitude"].isna(), "place"].fillna(inc["district"]).dropna()
    counts = names.value_counts()
    return sorted(counts.index, key=lambda n: (-counts[n], n))


def reports_of(inc: pd.DataFrame, src: pd.DataFrame, ids) -> pd.DataFrame:
    """Every report of the incidents ``ids``: which event, outlet, figure, injured, who gave it, link."""
    rows = src[src["incident_id"].isin(list(ids))].merge(inc[["incident_id", "date", "country"]], on="incident_id")
    rows = rows.assign(strike=rows["date"].dt.strftime("%d %b %Y") + " strike in " + rows["country"].map(COUNTRY_NAMES))
    rows = rows.sort_values(["date", "outlet", "source_id"])
    return rows.rename(columns={"deaths_reported": "figure", "injured_reported": "injured", "figure_by": "given by"})[
        ["strike", "outlet", "language", "figure", "injured", "given by", "url"]].reset_index(drop=True)


def figure_kinds(src: pd.DataFrame) -> pd.DataFrame:
    """Reports by what their figure counts (everyone or one group) and whether it is a party's claim."""
    scope = src["deaths_scope"].fillna("no figure").str.replace("_", " ")
    kind = src["figure_kind"].fillna("").str.replace("party_claim", "party claim")
    label = (scope + ", " + kind).str.rstrip(", ")
    out = label.value_counts().rename_axis("figure counts").reset_index(name="reports")
    return out.sort_values(["reports", "figure counts"], ascending=[False, True]).reset_index(drop=True)
