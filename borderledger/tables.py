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
    """An HTML table with every cell escaped. ``links`` maps a shown column to a URL column.

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
    return (f'<table class="{css_class}">{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


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
