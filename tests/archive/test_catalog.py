"""Tests for legacy_archive.catalog: the SQLite catalog of what was learnt."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from legacy_archive.catalog import Catalog, pack
from legacy_archive.model import Finding, Item, Source

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


def source(rel="a/b.txt", size=10, mtime_ns=1_000, deps="deps"):
    return Source(rel=rel, safe_rel=rel, path="/nowhere/" + rel, size=size, mtime_ns=mtime_ns,
                  deps=deps)


def sample_item(rel="a/b.txt", sha="ab" * 32):
    return Item(rel=rel, safe_rel=rel, size=10, sha256=sha, kind="text", detail="text",
                encoding="cp437", newlines="CRLF", title="Café ╔═╗", authors=["A", "B"],
                date="1993-04", date_source="content", description="d",
                description_source="index", hidden=True,
                extra={"entries": [["x", "y", 1, None, None]], "width": 3},
                findings=[Finding("image-broken", "broken"), Finding("name-unsafe", "odd")])


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cache" / "catalog.sqlite"


def fill(db, *pairs, version="v1", text="text"):
    with Catalog(db, version) as catalog:
        for item, src in pairs:
            catalog.store(item, src, text)


def test_catalog_creates_its_folder(db):
    with Catalog(db, "v1"):
        pass
    assert db.exists()


def test_store_and_load_round_trip_with_findings_and_extra(db):
    item = sample_item()
    fill(db, (item, source()))
    with Catalog(db, "v1") as catalog:
        assert catalog.load("a/b.txt") == item


def test_load_many_gives_what_load_gives_for_the_paths_asked(db):
    rels = ["a/b.txt", os.fsdecode(b"dir/caf\xe9.txt"), "c.txt"]
    items = [sample_item(rel) for rel in rels]
    fill(db, *((item, source(item.rel)) for item in items))
    with Catalog(db, "v1") as catalog:
        many = catalog.load_many(rels[:2] + ["not/stored.txt"])
        assert many == {rel: catalog.load(rel) for rel in rels[:2]}
        assert many[rels[0]].record_digest == catalog.load(rels[0]).record_digest


def test_load_within_the_same_session_sees_the_store(db):
    item = sample_item()
    with Catalog(db, "v1") as catalog:
        catalog.store(item, source(), None)
        assert catalog.load(item.rel) == item


def test_non_utf8_path_round_trips(db):
    rel = os.fsdecode(b"dir/caf\xe9.txt")
    item = sample_item(rel)
    fill(db, (item, source(rel)))
    with Catalog(db, "v1") as catalog:
        assert catalog.load(rel) == item
        assert catalog.unchanged(source(rel))


def test_unchanged_only_for_same_size_mtime_and_deps(db):
    fill(db, (sample_item(), source()))
    with Catalog(db, "v1") as catalog:
        assert catalog.unchanged(source())
        assert not catalog.unchanged(source(size=11))
        assert not catalog.unchanged(source(mtime_ns=1_001))
        assert not catalog.unchanged(source(deps="other deps"))
        assert not catalog.unchanged(source("never/seen.txt"))


def test_same_bytes_compares_hash_and_deps_not_size_or_mtime(db):
    fill(db, (sample_item(sha="11" * 32), source()))
    with Catalog(db, "v1") as catalog:
        assert catalog.same_bytes(source(mtime_ns=5), "11" * 32)
        assert not catalog.same_bytes(source(), "22" * 32)
        assert not catalog.same_bytes(source(deps="new deps"), "11" * 32)
        assert not catalog.same_bytes(source("other"), "11" * 32)


def test_touch_updates_the_key_and_keeps_the_record(db):
    item = sample_item()
    fill(db, (item, source()))
    with Catalog(db, "v1") as catalog:
        catalog.touch(source(mtime_ns=2_000))
    with Catalog(db, "v1") as catalog:
        assert catalog.unchanged(source(mtime_ns=2_000))
        assert catalog.load(item.rel) == item


def test_prune_forgets_files_no_longer_there(db):
    fill(db, *[(sample_item(rel), source(rel)) for rel in ("a", "b", "c")])
    with Catalog(db, "v1") as catalog:
        assert catalog.prune(["a", "c", "new"]) == 1
    with Catalog(db, "v1") as catalog:
        assert catalog.unchanged(source("a"))
        assert not catalog.unchanged(source("b"))
        assert catalog.text("b") is None
        assert catalog.prune(["a", "c"]) == 0


def test_page_fingerprints_persist_and_can_be_forgotten(db):
    with Catalog(db, "v1") as catalog:
        catalog.page_written("archive/index.html", "f1")
    with Catalog(db, "v1") as catalog:
        assert catalog.page_is_current("archive/index.html", "f1")
        assert not catalog.page_is_current("archive/index.html", "f2")
        assert not catalog.page_is_current("archive/other.html", "f1")
        catalog.page_written("archive/index.html", "f2")   # written again in this build
        assert catalog.page_is_current("archive/index.html", "f2")
    with Catalog(db, "v1") as catalog:
        assert catalog.page_is_current("archive/index.html", "f2")
        catalog.forget_pages()
    with Catalog(db, "v1") as catalog:
        assert not catalog.page_is_current("archive/index.html", "f1")


def test_meta_values_persist(db):
    with Catalog(db, "v1") as catalog:
        assert catalog.meta("output") is None
        catalog.set_meta("output", "/out")
    with Catalog(db, "v1") as catalog:
        assert catalog.meta("output") == "/out"


def test_version_change_resets_files_pages_and_meta(db):
    with Catalog(db, "v1") as catalog:
        catalog.store(sample_item(), source(), "t")
        catalog.page_written("p.html", "f")
        catalog.set_meta("output", "/out")
    with Catalog(db, "v2") as catalog:
        assert not catalog.unchanged(source())
        assert not catalog.page_is_current("p.html", "f")
        assert catalog.meta("output") is None
        assert catalog.text("a/b.txt") is None
    with Catalog(db, "v2") as catalog:
        assert catalog.meta("version").endswith(":v2")


def test_a_catalog_of_an_older_schema_is_made_anew(db):
    """Its tables are made again, not only emptied: the pages table of schema
    2 had no lookups column."""
    db.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(db)
    old.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE files (rel BLOB PRIMARY KEY, size INTEGER, mtime_ns INTEGER,
                            deps TEXT, sha256 TEXT, record TEXT, text BLOB);
        CREATE TABLE pages (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
        INSERT INTO meta VALUES ('version', '2:v1');
        INSERT INTO pages VALUES ('p.html', 'f');""")
    old.commit()
    old.close()
    with Catalog(db, "v1") as catalog:
        assert not catalog.page_is_current("p.html", "f")
        catalog.page_written("p.html", "f2", '[[0, "x"]]')
    with Catalog(db, "v1") as catalog:
        assert catalog.page_is_current("p.html", "f2")
        assert catalog.page_lookups("p.html") == '[[0, "x"]]'


def test_explicit_reset_empties_the_catalog(db):
    fill(db, (sample_item(), source()))
    with Catalog(db, "v1", reset=True) as catalog:
        assert not catalog.unchanged(source())


def test_crash_inside_the_block_rolls_back_and_leaves_a_readable_catalog(db):
    first = sample_item("keep.txt")
    fill(db, (first, source("keep.txt")))
    with pytest.raises(ZeroDivisionError), Catalog(db, "v1") as catalog:
        catalog.store(sample_item("lost.txt"), source("lost.txt"), "t")
        catalog.prune(["lost.txt"])
        catalog.page_written("p.html", "f")
        raise ZeroDivisionError
    with Catalog(db, "v1") as catalog:
        assert catalog.load("keep.txt") == first
        assert catalog.unchanged(source("keep.txt"))
        assert not catalog.unchanged(source("lost.txt"))
        assert not catalog.page_is_current("p.html", "f")
    with sqlite3.connect(db) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_commit_inside_a_session_survives_a_later_crash(db):
    with pytest.raises(RuntimeError), Catalog(db, "v1") as catalog:
        catalog.store(sample_item("early.txt"), source("early.txt"), "t")
        catalog.commit()
        catalog.store(sample_item("late.txt"), source("late.txt"), "t")
        raise RuntimeError("crash")
    with Catalog(db, "v1") as catalog:
        assert catalog.unchanged(source("early.txt"))
        assert not catalog.unchanged(source("late.txt"))


@pytest.mark.parametrize("text", [
    "plain ASCII", "Café, naïve, ╔═╗ box, 日本語, emoji 🚀", "", "\x00\x1a control", None,
    "long line " * 5000,
])
def test_text_round_trip(db, text):
    fill(db, (sample_item(), source()), text=text)
    with Catalog(db, "v1") as catalog:
        assert catalog.text("a/b.txt") == text


def test_text_of_unknown_path_is_none(db):
    with Catalog(db, "v1") as catalog:
        assert catalog.text("nope") is None


def test_text_packed_where_it_was_read_is_stored_as_it_is(db):
    with Catalog(db, "v1") as catalog:
        catalog.store(sample_item("a.txt"), source("a.txt"), pack("Café ╔═╗\n"))
        catalog.store(sample_item("b.txt"), source("b.txt"), "Café ╔═╗\n")
        assert catalog.text("a.txt") == catalog.text("b.txt") == "Café ╔═╗\n"


def test_a_commit_on_a_thread_is_done_before_the_catalog_is_next_used(db):
    with Catalog(db, "v1") as catalog:
        catalog.store(sample_item(), source(), "text")
        catalog.commit(wait=False)
        assert catalog.text("a/b.txt") == "text"   # waits for the commit, then reads
        assert catalog._committing is None
        # Committed: another connection sees it while this build goes on.
        other = sqlite3.connect(db)
        assert other.execute("SELECT count(*) FROM files").fetchone() == (1,)
        other.close()
        catalog.store(sample_item("c.txt"), source("c.txt"), "more")
    with Catalog(db, "v1") as again:
        assert again.text("c.txt") == "more"


def test_a_commit_that_fails_on_its_thread_fails_the_next_use(db):
    catalog = Catalog(db, "v1")
    catalog.db.execute("COMMIT")   # nothing to commit: the thread's COMMIT fails
    catalog.commit(wait=False)
    with pytest.raises(sqlite3.OperationalError):
        catalog.wait()
    catalog.db.close()


def test_pages_written_are_stored_with_the_build_and_not_after_a_failure(db):
    with Catalog(db, "v1") as catalog:
        catalog.page_written("a.html", "f1")
        catalog.commit()
        catalog.page_written("b.html", "f2")
    catalog = Catalog(db, "v1")
    assert catalog.pages == {"a.html": "f1", "b.html": "f2"}
    catalog.page_written("c.html", "f3")
    catalog.close(commit=False)
    with Catalog(db, "v1") as again:
        assert again.pages == {"a.html": "f1", "b.html": "f2"}


def test_pages_are_stored_in_batches_as_they_are_written(db, monkeypatch):
    from legacy_archive import catalog as module

    monkeypatch.setattr(module, "PAGE_BATCH", 3)
    with Catalog(db, "v1") as catalog:
        for n in range(7):
            catalog.page_written(f"{n}.html", "f")
        assert len(catalog.unsaved_pages) == 1   # two batches stored, one page waiting
        assert catalog.db.execute("SELECT count(*) FROM pages").fetchone() == (6,)
    with Catalog(db, "v1") as again:
        assert len(again.pages) == 7


def test_a_failed_build_closes_the_catalog_even_after_a_failed_commit(db, caplog):
    catalog = Catalog(db, "v1")
    catalog.store(sample_item(), source(), "text")
    catalog._db.execute("COMMIT")   # the thread's COMMIT will fail
    catalog.commit(wait=False)
    catalog.close(commit=False)   # the build's own error is the one raised, not this
    assert "last commit failed" in caplog.text


def test_a_pages_lookups_are_kept_with_it_and_forgotten_with_the_pages(db):
    with Catalog(db, "v") as catalog:
        catalog.page_written("a.html", "f1", '[[0, "x"]]')
        catalog.page_written("b.html", "f2")
    with Catalog(db, "v") as catalog:
        assert catalog.page_lookups("a.html") == '[[0, "x"]]'
        assert catalog.page_lookups("b.html") is None
        catalog.page_written("a.html", "f3")   # written again, without lookups
    with Catalog(db, "v") as catalog:
        assert catalog.page_lookups("a.html") is None
        catalog.page_written("a.html", "f4", '[[1, "y"]]')
    with Catalog(db, "v") as catalog:
        assert catalog.page_lookups("a.html") == '[[1, "y"]]'
        catalog.forget_pages()
        assert catalog.page_lookups("a.html") is None


def test_zstandard_is_imported_only_when_a_text_is_packed_or_unpacked(db):
    """A build that reads and writes no file (an unchanged archive) opens the
    catalog but packs nothing, and so does not pay for the import."""
    check = (
        "import sys; from legacy_archive.catalog import Catalog, pack\n"
        f"catalog = Catalog({str(db)!r}, 'v'); catalog.meta('version')\n"
        "assert 'zstandard' not in sys.modules\n"
        "pack('text'); assert 'zstandard' in sys.modules\n")
    subprocess.run([sys.executable, "-c", check], check=True,
                   env={**os.environ, "PYTHONPATH": str(PLUGINS)})
