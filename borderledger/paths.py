"""Where things live. Relative paths given by users are read from the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
CLEAN = ROOT / "data" / "clean"
CHAPTERS = ROOT / "chapters"
