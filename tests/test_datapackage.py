from conftest import ROOT

from borderledger import datapackage


def test_datapackage_is_up_to_date():
    assert (ROOT / "data" / "datapackage.json").read_text(encoding="utf-8") == datapackage.render()


def test_files_validate_against_the_datapackage():
    from frictionless import Package

    report = Package(str(ROOT / "data" / "datapackage.json")).validate()
    errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors][:10]
    assert report.valid, errors


def test_codebook_tables_are_generated_from_the_schema():
    text = datapackage.CODEBOOK.read_text(encoding="utf-8")
    assert datapackage.BEGIN in text and datapackage.END in text
    assert datapackage.with_tables(text) == text, "run make data"


def test_the_explorer_data_is_up_to_date():
    import borderledger as bl
    from borderledger import changelog, explorer

    ds = bl.load(ROOT / "data" / "raw")
    assert explorer.PATH.read_text(encoding="utf-8") == explorer.script(ds, changelog.dataset_version()[0]), \
        "run make data"


def test_citation_names_the_current_dataset_version():
    from borderledger import changelog

    version, released = changelog.dataset_version()
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {version}\n" in text and f"date-released: {released}\n" in text
