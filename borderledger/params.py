"""Parameters shared by every chapter, declared once.

Each chapter's ``parameters`` cell lists these names with their defaults (a test checks that
it does), and ``scripts/run_chapters.py`` validates what an analyst passes *before* any kernel
starts. Inside a chapter, :func:`validate` runs again on the cell's values, so a plain
``papermill`` run gets the same checks in its first cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import ROOT

COUNTRIES = ("IRN", "PAK", "AFG")
ESTIMATES = ("low", "best", "high")


class ParameterError(ValueError):
    """A parameter is unknown or has a value that is not allowed."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any
    allowed: str


PARAMS: dict[str, Param] = {
    p.name: p
    for p in (
        Param("start_date", "date", "2012-01-01", "an ISO date YYYY-MM-DD on or after 2012-01-01"),
        Param("end_date", "date", "2026-12-31", "an ISO date YYYY-MM-DD, not before start_date"),
        Param(
            "countries",
            "list",
            "IRN,PAK,AFG",
            "a comma-separated list of " + ", ".join(COUNTRIES),
        ),
        Param("estimate", "choice", "best", "one of " + ", ".join(ESTIMATES)),
        Param(
            "data_dir",
            "path",
            "data/raw",
            "an existing folder holding incidents.csv and sources.csv "
            "(relative paths are read from the repository root)",
        ),
    )
}

DEFAULTS: dict[str, Any] = {name: p.default for name, p in PARAMS.items()}


@dataclass(frozen=True)
class Settings:
    """Validated, typed parameters."""

    start_date: dt.date
    end_date: dt.date
    countries: tuple[str, ...]
    estimate: str
    data_dir: Path

    @property
    def deaths_column(self) -> str:
        return f"deaths_{self.estimate}"

    def describe(self) -> str:
        return (
            f"{self.start_date.isoformat()} to {self.end_date.isoformat()}, "
            f"countries {', '.join(self.countries)}, {self.estimate} estimate"
        )


def _fail(name: str, value: Any, why: str = "") -> ParameterError:
    p = PARAMS[name]
    extra = f" ({why})" if why else ""
    return ParameterError(f"parameter {name}={value!r} is not allowed{extra}: expected {p.allowed}")


def _date(name: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise _fail(name, value, f"type {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as err:
        raise _fail(name, value, str(err)) from None


def _countries(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        items = [v.strip().upper() for v in value.split(",") if v.strip()]
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        items = [v.strip().upper() for v in value]
    else:
        raise _fail("countries", value, f"type {type(value).__name__}")
    unknown = [c for c in items if c not in COUNTRIES]
    if unknown or not items:
        raise _fail("countries", value, f"unknown {', '.join(unknown)}" if unknown else "empty")
    return tuple(sorted(set(items), key=COUNTRIES.index))


def validate(values: dict[str, Any] | None = None, **kwargs: Any) -> Settings:
    """Check parameter values and return typed :class:`Settings`.

    Raises :class:`ParameterError` with a one-line message naming the parameter and what is
    allowed. Unknown names are errors (a typo must not silently fall back to a default).
    """
    given = dict(values or {})
    given.update(kwargs)
    unknown = sorted(set(given) - set(PARAMS))
    if unknown:
        raise ParameterError(
            f"unknown parameter {unknown[0]!r}: allowed parameters are {', '.join(PARAMS)}"
        )
    merged = {**DEFAULTS, **given}
    start = _date("start_date", merged["start_date"])
    end = _date("end_date", merged["end_date"])
    if start < dt.date(2012, 1, 1):
        raise _fail("start_date", merged["start_date"], "before the dataset's scope")
    if start > end:
        raise _fail("end_date", merged["end_date"], f"before start_date {start.isoformat()}")
    estimate = merged["estimate"]
    if not isinstance(estimate, str) or estimate.strip().lower() not in ESTIMATES:
        raise _fail("estimate", estimate)
    data_dir = merged["data_dir"]
    if not isinstance(data_dir, (str, Path)) or not str(data_dir).strip():
        raise _fail("data_dir", data_dir)
    path = Path(data_dir)
    if not path.is_absolute():
        path = ROOT / path
    if not path.is_dir():
        raise _fail("data_dir", data_dir, "no such folder")
    return Settings(
        start_date=start,
        end_date=end,
        countries=_countries(merged["countries"]),
        estimate=estimate.strip().lower(),
        data_dir=path,
    )


def coerce_cli(name: str, raw: str) -> Any:
    """Read a ``-p name value`` string the way papermill's command line does.

    papermill turns ``True``/``False``/``None`` and numbers into Python values, so
    ``-p start_date 2019`` reaches the chapter as the integer 2019; doing the same here lets
    :func:`validate` reject it before any kernel starts.
    """
    if name not in PARAMS:
        raise ParameterError(
            f"unknown parameter {name!r}: allowed parameters are {', '.join(PARAMS)}"
        )
    literals = {"True": True, "False": False, "None": None}
    if raw in literals:
        return literals[raw]
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return raw
