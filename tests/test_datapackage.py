import importlib.util

from conftest import ROOT


def _writer():
    spec = importlib.util.spec_from_file_location("write_datapackage", ROOT / "scripts" / "write_datapackage.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_datapackage_is_up_to_date():
    assert (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8") == _writer().render()


def test_files_validate_against_the_datapackage():
    from frictionless import Package

    report = Package(str(ROOT / "data" / "datapackage.json")).validate()
    errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors][:10]
    assert report.valid, errors
