"""Border Ledger: loading, validation, cleaning, estimates, charts and claim checks."""

import sys

# jsonschema (imported by Altair, nbformat and papermill) compiles some 35 IRI grammars of the
# optional rfc3987-syntax package when it is installed, about 2 s per process, for a format none
# of them checks (python-jsonschema/jsonschema#1428). Marking it absent skips that work; jsonschema
# then treats the iri formats as unchecked.
sys.modules.setdefault("rfc3987_syntax", None)

from .chapter import open_chapter  # noqa: E402
from .clean import Dataset, load, write_clean  # noqa: E402
from .params import ParameterError, Settings, validate  # noqa: E402

__all__ = ["Dataset", "ParameterError", "Settings", "load", "open_chapter", "validate", "write_clean"]
