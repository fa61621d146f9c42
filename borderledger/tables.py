"""Safe rendering of data in the book, and safe CSV exports.

Every text value from the data is HTML-escaped; a value becomes a link only when it is an
http(s) URL. MyST/Markdown in data stays inert because tables are emitted as escaped HTML,
never as Markdown.
"""

from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML

_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def is_safe_url(value: object) -> bool:
    return isinstance(value, str) and bool(_SAFE_URL.match(value.strip()))


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return html.escape(str(value), quote=True)


def link(url: object, text: object | None = None) -> str:
    """An escaped anchor for an http(s) URL; anything else is shown as escaped text."""
    label = _cell(text if text is not None else url)
    if is_safe_url(url):
        return f'<a href="{html.escape(str(url).strip(), quote=True)}" rel="noopener">{label}</a>'
    return label


def html_table(frame: pd.DataFrame, links: dict[str, str] | None = None, numeric: tuple[str, ...] = (),
               caption: str | None = None, css_class: str = "bl-table", limit: int | None = None) -> str:
    """An HTML table with every cell escaped, in a box that scrolls sideways on a narrow screen.
    ``links`` maps a shown column to a URL column.

    With ``limit``, only the first ``limit`` rows are shown and a last line says how many were
    left out (so a page stays the same size however large the data grows).
    """
    links = links or {}
    hidden = 0
    if limit is not None and len(frame) > limit:
        hidden = len(frame) - limit
        frame = frame.head(limit)
    shown = [c for c in frame.columns if c not in links.values()]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown)
    body = []
    for row in frame.itertuples(index=False):
        values = dict(zip(frame.columns, row, strict=False))
        cells = []
        for c in shown:
            content = link(values[links[c]], values[c]) if c in links else _cell(values[c])
            align = ' style="text-align:right"' if c in numeric else ""
            cells.append(f"<td{align}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if hidden:
        body.append(f'<tr><td colspan="{len(shown)}">{hidden:,} more rows not shown; '
                    "the complete table is in the CSV downloads.</td></tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="bl-scroll"><table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def show_html(text: str) -> HTML:
    """Display HTML built by this module (its data already escaped)."""
    return HTML(text)


def show_table(frame: pd.DataFrame, **kwargs) -> HTML:
    return HTML(html_table(frame, **kwargs))


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formulas: prefix text cells starting with = + - @ with a quote."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            text = out[col].astype("string")
            risky = text.str.startswith(_FORMULA).fillna(False).astype(bool)
            if risky.any():
                out[col] = out[col].where(~risky, "'" + text)
    return out


def verdict_badge(verdict: str) -> str:
    """A verdict as a labelled badge: a symbol and the words, styled by the verdict (not colour alone)."""
    from .claims import label

    slug = "v-" + re.sub(r"[^a-z]+", "-", verdict.lower()).strip("-")
    return f'<span class="bl-verdict {slug}">{html.escape(label(verdict))}</span>'


EVIDENCE_ROWS = 500  # far above any claim's evidence today (at most 81 incidents); keeps pages bounded


def claim_html(check, evidence_limit: int | None = EVIDENCE_ROWS) -> str:
    """One claim as a fact-check entry: the quote and who says it, the verdict, what was found,
    the verdicts of its parts, and the evidence in a collapsed box. Evidence is listed in full up
    to ``evidence_limit`` rows; beyond that a last line says how many more there are."""
    claim = check.claim
    editorial = '<span class="bl-editorial">editorial</span>' if check.claim["kind"] == "editorial" else ""
    out = [f'<blockquote class="bl-quote">“{html.escape(claim["quote"])}”</blockquote>',
           f'<p class="bl-quote-by">Said by {html.escape(claim["asserted_by"])}.</p>',
           f"<p>{verdict_badge(check.verdict)}{editorial}</p>"]
    if check.parts:
        out.append('<ul class="bl-parts">')
        for part in check.parts:
            mark = '<span class="bl-editorial">editorial</span>' if part.claim["kind"] == "editorial" else ""
            out.append(f"<li><strong>{html.escape(part.id)}</strong> “{html.escape(part.claim['part'])}”: "
                       f"{verdict_badge(part.verdict)}{mark} {html.escape(part.finding)}</li>")
        out.append("</ul>")
    else:
        out.append(f'<p class="bl-found"><strong>What we found.</strong> {html.escape(check.finding)}</p>')
    for item in check.parts or [check]:
        if len(item.evidence):
            table = html_table(_evidence_frame(item.evidence), links=_links(item.evidence), limit=evidence_limit)
            out.append(f'<details class="bl-evidence"><summary>Evidence for {html.escape(item.id)} '
                       f"({len(item.evidence)} rows; rule: {html.escape(item.rule)})</summary>{table}</details>")
    return "\n".join(out)


def _links(evidence: pd.DataFrame) -> dict[str, str]:
    if "url" not in evidence:
        return {}
    return {"outlet": "url"} if "outlet" in evidence else {}


def _evidence_frame(evidence: pd.DataFrame) -> pd.DataFrame:
    """Evidence with readable column names (the url stays, for the links)."""
    names = {"incident_id": "incident", "source_id": "report", "deaths_reported": "figure", "deaths_scope": "counts",
             "figure_kind": "kind", "injured_reported": "injured", "figure_by": "given by", "figures_by": "given by",
             "deaths_claimed": "party claim", "low": "low", "best": "best", "high": "high"}
    return evidence.rename(columns=names)


def coverage_table(cells: pd.DataFrame) -> str:
    """Districts down, years across; each cell 'incidents found · searches run', shaded by what the
    searches found (none run, run and nothing found, something found)."""
    years = sorted(cells["year"].unique())
    head = "<th>district or county</th>" + "".join(f"<th>{y}</th>" for y in years)
    body = []
    for (country, district), rows in cells.groupby(["country", "district"], sort=False):
        by_year = rows.set_index("year")
        tds = []
        for y in years:
            found, searched = int(by_year.at[y, "incidents"]), int(by_year.at[y, "searches"])
            css = "bl-none" if searched == 0 and found == 0 else "bl-thin" if found == 0 else "bl-found"
            note = f"{found} incidents found, {searched} searches"
            tds.append(f'<td class="{css}" title="{note}">{found}·{searched}</td>')
        body.append(f"<tr><th>{html.escape(district)} ({html.escape(country)})</th>{''.join(tds)}</tr>")
    return (f'<div class="bl-scroll"><table class="bl-table bl-coverage"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")
