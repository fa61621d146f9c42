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

import numpy as np
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


def _sorted_by_position(at: np.ndarray, figure: np.ndarray, n: int) -> np.ndarray:
    """The figures ordered by (position, figure).

    When both fit in 31 bits (always, but for absurd figures), they are packed into one integer
    key, and numpy's stable sort (a merge sort that is linear on data already in order, as
    sources mostly are) sorts that; otherwise a lexicographic sort of the pair.
    """
    if len(figure) and 0 <= figure.min() and figure.max() < 2**31 and n < 2**31:
        return np.sort((at.astype(np.int64) << 32) | figure, kind="stable") & 0xFFFFFFFF
    return figure[np.lexsort((figure, at))]


def incident_figures(rows: pl.Series, deaths: pl.Series, n: int, http: pl.Series | None = None) -> pl.DataFrame:
    """:func:`source_figures` by position: one row per incident row ``0 .. n - 1``, in that order.

    ``rows`` gives, for each source row, the position of its incident (null: none), ``deaths``
    its figure as an integer (null: none) and ``http`` whether its url is http(s). Returns
    ``deaths_low``, ``deaths_best``, ``deaths_high`` (null when no source gives a figure),
    ``n_sources`` and, with ``http``, ``sources_with_url``.

    Integer positions spare grouping by the id strings: the figures are sorted by (position,
    figure) once, and each incident's lowest, lower-median and highest figures are read off at
    its offsets in that order.
    """
    position = rows.fill_null(n).cast(pl.Int64).to_numpy()
    figures = deaths.cast(pl.Int64)
    given = (position < n) & figures.is_not_null().to_numpy()
    if given.all():  # the usual case: every row linked and with a figure (no copies to filter)
        at, figure = position, figures.to_numpy()
    else:
        at, figure = position[given], figures.filter(pl.Series(given)).to_numpy()
    ordered = _sorted_by_position(at, figure, n)
    count = np.bincount(at, minlength=n)
    start = np.cumsum(count) - count
    has = count > 0

    def pick(offset: np.ndarray) -> np.ndarray:
        return ordered[np.where(has, offset, 0)] if len(ordered) else np.zeros(n, dtype=np.int64)

    columns = {
        "deaths_low": pick(start),
        "deaths_best": pick(start + (count - 1) // 2),
        "deaths_high": pick(start + count - 1),
    }
    frame = pl.DataFrame({**columns, "_has": has}).select(pl.when("_has").then(pl.col(c)).alias(c) for c in columns)
    counts = {"n_sources": np.bincount(position, minlength=n + 1)[:n]}
    if http is not None:
        with_url = http.fill_null(False)
        counts["sources_with_url"] = (counts["n_sources"] if with_url.all()
                                      else np.bincount(position[with_url.to_numpy()], minlength=n + 1)[:n])
    return frame.hstack(pl.DataFrame({k: v.astype(np.int64) for k, v in counts.items()}))
