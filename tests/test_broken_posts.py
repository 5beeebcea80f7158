"""Bad posts: what each does to a preview build and to a publish build.

A preview build (warnings not fatal) skips a post it cannot read and says
which and why; a publish build (`--fatal warnings`) stops. A typo in the
category publishes the post under a new category with a warning. Raw HTML in
a post, scripts included, is published as written: posts are the author's own
and trusted (the archive's pages are not, and carry a CSP).
"""

import json

import pytest

from tests.sitebuild import run_pelican

GOOD = "Title: Fine\nDate: 2020-01-01\nCategory: Geekstuff\n\nFine.\n"
# name: (post, what the log must say about it)
BROKEN = {
    "bad-date": ("Title: Bad date\nDate: 2020-13-45\nCategory: Geekstuff\n\nText.\n",
                 "Date '2020-13-45' is not a date"),
    "no-title": ("Date: 2020-01-02\nCategory: Geekstuff\n\nText.\n",
                 "could not find information about 'title'"),
    "words-date": ("Title: Words\nDate: last Tuesday-ish\nCategory: Geekstuff\n\nText.\n",
                   "Date 'last Tuesday-ish' is not a date"),
}
TYPO = "Title: Typo\nDate: 2020-01-03\nCategory: Travller\n\nText.\n"
SCRIPT = ("Title: Script\nDate: 2020-01-04\nCategory: Geekstuff\n\n"
          "Hello <script>alert(1)</script> <b onclick=\"x()\">bold</b>\n")


def site_with(tmp_path, posts, fatal=True):
    folder = tmp_path / "content" / "geekstuff"
    folder.mkdir(parents=True)
    for name, text in {"fine": GOOD, **posts}.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    result = run_pelican(tmp_path / "out", content=tmp_path / "content", fatal=fatal)
    return result, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_post_fails_build_naming_file(tmp_path, name):
    result, log = site_with(tmp_path, {name: BROKEN[name][0]})
    assert result.returncode != 0
    assert f"{name}.md" in log


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_preview_build_skips_a_broken_post_and_says_why(tmp_path, name):
    result, log = site_with(tmp_path, {name: BROKEN[name][0]}, fatal=False)
    assert result.returncode == 0, log
    assert f"{name}.md" in log and BROKEN[name][1] in log
    assert (tmp_path / "out" / "2020" / "01" / "01" / "fine" / "index.html").is_file()
    assert not list((tmp_path / "out").glob(f"2020/*/*/{name}*"))


def test_an_unknown_category_is_published_with_a_warning(tmp_path):
    result, log = site_with(tmp_path, {"typo": TYPO}, fatal=False)
    assert result.returncode == 0, log
    assert "typo.md: unknown category 'Travller'" in log
    assert (tmp_path / "out" / "category" / "travller" / "index.html").is_file()
    assert run_pelican(tmp_path / "again", content=tmp_path / "content").returncode != 0


def test_raw_html_in_a_post_is_trusted_and_published_as_written(tmp_path):
    result, log = site_with(tmp_path, {"script": SCRIPT})
    assert result.returncode == 0, log
    page = (tmp_path / "out" / "2020" / "01" / "04" / "script" / "index.html").read_text(
        encoding="utf-8")
    assert "<script>alert(1)</script>" in page and 'onclick="x()"' in page
    assert "Content-Security-Policy" not in page


def test_good_fixture_builds(tmp_path):
    result, log = site_with(tmp_path, {})
    assert result.returncode == 0, log


def test_a_bad_date_is_reported_on_every_build_a_good_post_read_once(tmp_path):
    """post_checks remembers posts that passed, never ones that failed."""
    result, log = site_with(tmp_path, {"bad-date": BROKEN["bad-date"][0]}, fatal=False)
    assert BROKEN["bad-date"][1] in log
    again = run_pelican(tmp_path / "out", content=tmp_path / "content", fatal=False)
    assert BROKEN["bad-date"][1] in again.stdout + again.stderr
    cache = tmp_path / "out-cache" / "post_checks.json"
    assert sorted(json.loads(cache.read_text())) == ["geekstuff/fine.md"]
