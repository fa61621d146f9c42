import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "tests" / "fixtures" / "good"
BIN = Path(sys.executable).parent


def run_command(name: str, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """One of the project's console scripts (``borderledger-validate`` ...) run from the repository root."""
    return subprocess.run([str(BIN / name), *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def good_copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "raw"
    shutil.copytree(GOOD, target)
    return target


def _run_chapters(folder: Path, *args: str) -> Path:
    result = run_command("borderledger-run", "--output-dir", str(folder), *args, timeout=900)
    assert result.returncode == 0, result.stderr
    return folder / "chapters"


@pytest.fixture(scope="session")
def default_run(tmp_path_factory) -> Path:
    """Every chapter executed once with default parameters (tests that use it share one xdist group)."""
    return _run_chapters(tmp_path_factory.mktemp("default"))


@pytest.fixture(scope="session")
def since_2020_run(tmp_path_factory) -> Path:
    """Chapter 02 executed once with start_date 2020-01-01."""
    return _run_chapters(tmp_path_factory.mktemp("since2020"), "--chapters", "02", "-p", "start_date", "2020-01-01")
