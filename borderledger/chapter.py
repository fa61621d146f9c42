"""The shared preamble of every chapter: one call instead of the same setup pasted in each."""

from __future__ import annotations

from .clean import Dataset, load
from .params import Settings, validate


def open_chapter(start_date, end_date, countries, estimate, data_dir) -> tuple[Settings, Dataset]:
    """Check the chapter's parameters (a bad one stops here, saying what is allowed), then read,
    validate and clean the data once and keep the incidents, and their sources, within the
    parameters' dates and countries (the helper tables stay whole)."""
    settings = validate(start_date=start_date, end_date=end_date, countries=countries, estimate=estimate,
                        data_dir=data_dir)
    return settings, load(settings.data_dir).filtered(settings)
