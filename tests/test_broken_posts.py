"""A post with broken metadata stops the build and names the file."""

import pytest

from tests.sitebuild import run_pelican

GOOD = "Title: Fine\nDate: 2020-01-01\nCategory: Geekstuff\n\nFine.\n"
BROKEN = {
    "bad-date": "Title: Bad date\nDate: 2020-13-45\nCategory: Geekstuff\n\nText.\n",
    "no-title": "Date: 2020-01-02\nCategory: Geekstuff\n\nText.\n",
    "words-date": "Title: Words\nDate: last Tuesday-ish\nCategory: Geekstuff\n\nText.\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_post_fails_build_naming_file(tmp_path, name):
    folder = tmp_path / "content" / "geekstuff"
    folder.mkdir(parents=True)
    (folder / "fine.md").write_text(GOOD, encoding="utf-8")
    (folder / f"{name}.md").write_text(BROKEN[name], encoding="utf-8")
    result = run_pelican(tmp_path / "out", content=tmp_path / "content")
    assert result.returncode != 0
    assert f"{name}.md" in result.stdout + result.stderr


def test_good_fixture_builds(tmp_path):
    folder = tmp_path / "content" / "geekstuff"
    folder.mkdir(parents=True)
    (folder / "fine.md").write_text(GOOD, encoding="utf-8")
    result = run_pelican(tmp_path / "out", content=tmp_path / "content")
    assert result.returncode == 0, result.stdout + result.stderr
