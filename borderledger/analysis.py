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
