"""added.py: when files joined the archive, from sidecars and git history."""

import datetime as dt
import os
import subprocess

import pytest
from legacy_archive.added import added_at, git_additions, newest
from legacy_archive.model import Item

from tests.sitebuild import git


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    archive = tmp_path / "archive"
    (archive / "ships").mkdir(parents=True)
    (archive / "ships" / "SCOUT.TXT").write_bytes(b"scout\r\n")
    (tmp_path / "README").write_text("not in the archive")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", when="1999-01-01T00:00:00+00:00")
    return tmp_path


def item(rel, **extra):
    return Item(rel=rel, safe_rel=rel, size=1, sha256="0" * 64, kind="text", extra=extra)


def test_dates_come_from_the_commit_that_added_each_file(repo):
    archive = repo / "archive"
    (archive / "ships" / "TENDER.DOC").write_bytes(b"tender")
    name = b"caf\xe9 \xff.txt"   # not UTF-8: the path comes back with surrogates
    (archive / os.fsdecode(name)).write_bytes(b"odd name")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "second", when="2003-04-05T06:07:08+02:00")
    found, problem = git_additions(archive)
    assert problem == ""
    assert found == {"ships/SCOUT.TXT": "1999-01-01T00:00:00+00:00",
                     "ships/TENDER.DOC": "2003-04-05T06:07:08+02:00",
                     os.fsdecode(name): "2003-04-05T06:07:08+02:00"}


def test_a_file_added_again_counts_from_its_return(repo):
    git(repo, "rm", "-q", "archive/ships/SCOUT.TXT")
    git(repo, "commit", "-qm", "gone", when="2000-01-01T00:00:00+00:00")
    (repo / "archive" / "ships").mkdir(parents=True, exist_ok=True)
    (repo / "archive" / "ships" / "SCOUT.TXT").write_bytes(b"back")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "back", when="2002-01-01T00:00:00+00:00")
    found, _ = git_additions(repo / "archive")
    assert found["ships/SCOUT.TXT"] == "2002-01-01T00:00:00+00:00"


def test_uncommitted_files_and_folders_outside_git_have_no_date(repo, tmp_path_factory):
    (repo / "archive" / "NEW.TXT").write_bytes(b"not committed yet")
    found, _ = git_additions(repo / "archive")
    assert "NEW.TXT" not in found
    assert git_additions(tmp_path_factory.mktemp("plain")) == ({}, "")


def test_a_shallow_clone_is_reported(repo, tmp_path):
    (repo / "archive" / "LATER.TXT").write_bytes(b"later")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "later", when="2004-01-01T00:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    found, problem = git_additions(clone / "archive")
    assert "shallow" in problem and "--unshallow" in problem
    assert found  # still deterministic: the shallow root's date


def test_the_archivists_date_wins_over_git():
    git_dates = {"a.txt": "2001-02-03T04:05:06+02:00"}
    assert added_at(item("a.txt"), git_dates) == dt.datetime(2001, 2, 3, 2, 5, 6, tzinfo=dt.UTC)
    assert added_at(item("a.txt", added="1998-03"), git_dates) == dt.datetime(
        1998, 3, 1, tzinfo=dt.UTC)
    assert added_at(item("b.txt", added="1997"), {}) == dt.datetime(1997, 1, 1, tzinfo=dt.UTC)
    assert added_at(item("c.txt"), git_dates) is None


def test_newest_first_ties_by_path_hidden_and_undated_left_out():
    items = [item("b.txt", added="2001-01-01"), item("a.txt", added="2001-01-01"),
             item("old.txt", added="1990-01-01"), item("undated.txt"),
             Item(rel="secret.txt", safe_rel="secret.txt", size=1, sha256="", kind="text",
                  hidden=True, extra={"added": "2020-01-01"})]
    assert [i.rel for _, i in newest(items, {}, 10)] == ["a.txt", "b.txt", "old.txt"]
    assert [i.rel for _, i in newest(items, {}, 1)] == ["a.txt"]
