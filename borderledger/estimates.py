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

import polars as pl


def lower_median(values) -> int | None:
    """The best-estimate rule, for one incident: middle value, lower of the two middles for an even count."""
    figures = sorted(int(v) for v in values if v is not None and v == v)
    if not figures:
        return None
    return figures[(len(figures) - 1) // 2]


def deaths_reported(sources: pl.DataFrame | pl.LazyFrame) -> pl.Expr:
    """``deaths_reported`` as integers; in raw text, cells that are not whole numbers count as no figure."""
    figures = pl.col("deaths_reported")
    if sources.collect_schema()["deaths_reported"] == pl.String:
        figures = pl.when(figures.str.contains(r"^[0-9]+$")).then(figures.cast(pl.Int64, strict=False))
    return figures


def source_figures(sources: pl.DataFrame | pl.LazyFrame, urls: bool = False) -> pl.DataFrame | pl.LazyFrame:
    """Per incident that has source rows: ``deaths_low``, ``deaths_high``, ``deaths_best``, ``n_sources``.

    ``sources`` may hold ``deaths_reported`` as text (raw rows) or as integers (clean rows);
    a LazyFrame gives a LazyFrame. With ``urls``, also ``sources_with_url``: how many of the
    rows have an http(s) ``url`` (validation needs it; one pass serves both).
    The figures are null for an incident whose sources give none. ``deaths_best`` is
    :func:`lower_median`, vectorised: Polars' quantile 0.5 with ``lower`` interpolation takes
    the figure at position (n - 1) // 2 of the n sorted figures (nulls ignored).
    """
    deaths = pl.col("deaths")
    columns = [pl.col("incident_id"), deaths_reported(sources).alias("deaths")]
    aggregates = [
        deaths.min().alias("deaths_low"),
        deaths.max().alias("deaths_high"),
        deaths.quantile(0.5, "lower").cast(pl.Int64).alias("deaths_best"),
        pl.len().cast(pl.Int64).alias("n_sources"),
    ]
    if urls:
        columns.append(pl.col("url").str.contains(r"^https?://").alias("http"))
        aggregates.append(pl.col("http").sum().cast(pl.Int64).alias("sources_with_url"))
    plan = sources.lazy().select(columns).group_by("incident_id").agg(aggregates)
    return plan if isinstance(sources, pl.LazyFrame) else plan.collect()
