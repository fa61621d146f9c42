"""Low / best / high estimates of deaths, and the rule that chooses the best one.

Rule (also in ``data/codebook.md``): ``deaths_low`` and ``deaths_high`` are the lowest and
highest figures among an incident's sources that count everyone killed (or, when none does,
the sums of the per-group figures). Unless the coder sets
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


def number(sources: pl.DataFrame, column: str) -> pl.Expr:
    """A figure column as integers; in raw text, cells that are not whole numbers count as no figure."""
    figures = pl.col(column)
    if sources.schema[column] == pl.String:
        figures = pl.when(figures.str.contains(r"^[0-9]{1,18}$")).then(figures.cast(pl.Int64, strict=False))
    return figures


# Whom each component counts, in a source's per-group columns and in its deaths_scope.
COMPONENTS = {"security": ("security_reported", "security_forces"),
              "civilians": ("civilians_reported", "civilians"),
              "militants": ("attackers_reported", "attackers")}


def source_figures(sources: pl.DataFrame) -> pl.DataFrame:
    """Per incident that has source rows, from its sources' figures:

    * ``deaths_low``, ``deaths_best``, ``deaths_high``: from the figures that count everyone
      killed (``deaths_scope`` = ``all``) and are tolls, not a party's claim of enemies killed;
      when no source counts everyone, the sums of the groups' figures (``deaths_basis`` says
      which: ``all`` or ``groups``);
    * ``security_*``, ``civilians_*``, ``militants_*`` (``low``, ``best``, ``high``): the same for
      each group, from the group columns or a figure scoped to that group;
    * ``deaths_claimed`` and ``claimed_by``: the highest party claim and who made it;
    * ``n_sources`` and ``sources_with_url`` (rows with an http(s) ``url``).

    ``sources`` may hold figures as text (raw rows) or integers (clean rows). A figure is null
    when no source gives one. Each best figure is :func:`lower_median`, vectorised: Polars'
    quantile 0.5 with ``lower`` interpolation takes the figure at position (n - 1) // 2 of the n
    sorted figures (nulls ignored).
    """
    deaths, scope, kind = number(sources, "deaths_reported"), pl.col("deaths_scope"), pl.col("figure_kind")
    count = kind == "count"
    figures = {"deaths": pl.when(count & (scope == "all")).then(deaths)}
    for group, (column, scoped) in COMPONENTS.items():
        scoped_figure = pl.when(scope == scoped).then(deaths)
        figures[group] = pl.when(count).then(pl.coalesce(number(sources, column), scoped_figure))
    ranges = [agg for name, x in figures.items() for agg in (
        x.min().alias(f"{name}_low"), x.quantile(0.5, "lower").cast(pl.Int64).alias(f"{name}_best"),
        x.max().alias(f"{name}_high"))]
    claim = pl.when(kind == "party_claim").then(deaths)
    per_incident = sources.group_by("incident_id", maintain_order=True).agg(
        *ranges,
        claim.max().alias("deaths_claimed"),
        pl.col("figure_by").sort_by(claim, descending=True, nulls_last=True).first().alias("_claimant"),
        pl.len().cast(pl.Int64).alias("n_sources"),
        pl.col("url").str.contains(r"^https?://").sum().cast(pl.Int64).alias("sources_with_url"),
    )
    # No source counts everyone: the sum of the groups' figures, a lower bound (deaths_basis "groups").
    has_all, has_groups = pl.col("deaths_low").is_not_null(), pl.any_horizontal(
        pl.col(f"{g}_low").is_not_null() for g in COMPONENTS)

    def total(end: str) -> pl.Expr:
        groups = pl.when(has_groups).then(pl.sum_horizontal(pl.col(f"{g}_{end}") for g in COMPONENTS))
        return pl.when(has_all).then(pl.col(f"deaths_{end}")).otherwise(groups).alias(f"deaths_{end}")

    return per_incident.with_columns(
        total("low"), total("best"), total("high"),
        pl.when(has_all).then(pl.lit("all")).when(has_groups).then(pl.lit("groups")).alias("deaths_basis"),
        pl.when(pl.col("deaths_claimed").is_not_null()).then(pl.col("_claimant")).alias("claimed_by"),
    ).drop("_claimant")
