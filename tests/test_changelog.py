import shutil
import subprocess

from conftest import GOOD, ROOT

from borderledger import cli


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"})


def test_changelog_lists_added_removed_changed_and_revised(tmp_path):
    from borderledger import changelog

    repo = tmp_path / "repo"
    shutil.copytree(GOOD, repo / "data" / "raw")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "v1")
    inc = repo / "data" / "raw" / "incidents.csv"
    lines = inc.read_text().splitlines(keepends=True)
    lines[1] = lines[1].replace(",2,3,4,", ",2,2,4,").replace(",IRN,", ",PAK,")
    del lines[2]
    lines.append(lines[-1].replace("BL-2020-0001", "BL-2021-0001"))
    inc.write_text("".join(lines))
    _git(repo, "commit", "-qam", "v2")
    d = changelog.diff("HEAD~1", "HEAD", root=repo)
    assert d["added"] == ["BL-2021-0001"] and d["removed"] == ["BL-2014-0001"]
    assert ("BL-2013-0001", "deaths_best", "3", "2") in d["revised"]
    assert ("BL-2013-0001", "country", "IRN", "PAK") in d["changed"]
    text = changelog.markdown(d, "HEAD~1", "HEAD")
    assert "| BL-2013-0001 | deaths_best | 3 | 2 |" in text and "BL-2021-0001" in text


def test_command_exit_codes(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert cli.data_changelog(["no-such-rev", "HEAD"]) == 2
    assert capsys.readouterr().err.startswith("error: cannot read data/raw/incidents.csv at revision 'no-such-rev'")
    assert cli.data_changelog([]) == 2
    assert "usage:" in capsys.readouterr().err
    assert cli.data_changelog(["HEAD", "WORKTREE"]) == 0
    assert capsys.readouterr().out.startswith("## Dataset changes")
