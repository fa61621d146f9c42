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


def deaths_reported(sources: pl.DataFrame) -> pl.Expr:
    """``deaths_reported`` as integers; in raw text, cells that are not whole numbers count as no figure."""
    figures = pl.col("deaths_reported")
    if sources.schema["deaths_reported"] == pl.String:
        figures = pl.when(figures.str.contains(r"^[0-9]+$")).then(figures.cast(pl.Int64, strict=False))
    return figures


def source_figures(sources: pl.DataFrame) -> pl.DataFrame:
    """Per incident that has source rows: ``deaths_low``, ``deaths_best``, ``deaths_high``,
    ``n_sources`` and ``sources_with_url`` (rows with an http(s) ``url``).

    ``sources`` may hold ``deaths_reported`` as text (raw rows) or as integers (clean rows).
    The figures are null for an incident whose sources give none. ``deaths_best`` is
    :func:`lower_median`, vectorised: Polars' quantile 0.5 with ``lower`` interpolation takes
    the figure at position (n - 1) // 2 of the n sorted figures (nulls ignored).
    """
    deaths = deaths_reported(sources)
    return sources.group_by("incident_id", maintain_order=True).agg(
        deaths.min().alias("deaths_low"),
        deaths.quantile(0.5, "lower").cast(pl.Int64).alias("deaths_best"),
        deaths.max().alias("deaths_high"),
        pl.len().cast(pl.Int64).alias("n_sources"),
        pl.col("url").str.contains(r"^https?://").sum().cast(pl.Int64).alias("sources_with_url"),
    )
