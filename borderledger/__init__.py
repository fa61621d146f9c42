"""Border Ledger: loading, validation, cleaning, estimates, charts and claim checks."""

from .clean import Dataset, load, write_clean
from .params import ParameterError, Settings, validate

__all__ = ["Dataset", "ParameterError", "Settings", "load", "validate", "write_clean"]
