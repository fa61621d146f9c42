"""Low / best / high estimates of deaths, and the rule that chooses the best one.

Rule (also in ``data/codebook.md``): ``deaths_low`` and ``deaths_high`` are the lowest and
highest total-deaths figures among an incident's sources. Unless the coder sets
``deaths_best`` by hand (within the range, with the reason in ``notes``), the best estimate is
the *lower median* of the source figures: the middle figure, or with an even number of
figures the lower of the two middle ones. It is never outside the range, it resists one
outlying report on either side, and with two disagreeing reports it takes the lower, as the
UCDP GED's conservative best estimate does.
"""

from __future__ import annotations

import pandas as pd


def _reported(sources: pd.DataFrame) -> pd.DataFrame:
    figures = sources["deaths_reported"]
    if figures.dtype == "string" or figures.dtype == object:
        figures = pd.to_numeric(figures.where(figures.astype("string").str.fullmatch(r"\d+", na=False)), errors="coerce")
    return pd.DataFrame({"incident_id": sources["incident_id"], "deaths": figures}).dropna()


def source_range(sources: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Lowest and highest ``deaths_reported`` per incident (incidents with no figure absent)."""
    rep = _reported(sources)
    grouped = rep.groupby("incident_id")["deaths"]
    return grouped.min(), grouped.max()


def lower_median(values) -> int | None:
    """The best-estimate rule: middle value, lower of the two middles for an even count."""
    figures = sorted(int(v) for v in values if pd.notna(v))
    if not figures:
        return None
    return figures[(len(figures) - 1) // 2]


def best_from_sources(sources: pd.DataFrame) -> pd.Series:
    """:func:`lower_median` of each incident's figures, vectorised (one sort, no Python loop)."""
    rep = _reported(sources).sort_values(["incident_id", "deaths"], kind="stable")
    rank = rep.groupby("incident_id").cumcount()
    size = rep.groupby("incident_id")["deaths"].transform("size")
    picked = rep[rank == (size - 1) // 2]
    return picked.set_index("incident_id")["deaths"].rename("deaths")
