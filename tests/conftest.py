import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]  # runs pytest (with nbval) in-process for one runner test

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


@pytest.fixture(scope="session")
def chapter_runs(tmp_path_factory) -> dict[str, Path]:
    """Every chapter executed once with default parameters, and chapter 02 with start_date
    2020-01-01, side by side (only tests/test_book_runs.py uses them)."""
    runs = {"default": [], "since_2020": ["--chapters", "02", "-p", "start_date", "2020-01-01"]}
    folders = {name: tmp_path_factory.mktemp(name) for name in runs}
    procs = {name: subprocess.Popen([str(BIN / "borderledger-run"), "--output-dir", str(folders[name]), *args],
                                    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name, args in runs.items()}
    for proc in procs.values():
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
    return {name: folder / "chapters" for name, folder in folders.items()}
