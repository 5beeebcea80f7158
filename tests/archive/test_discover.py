"""Tests for legacy_archive.discover: a sorted walk of archive/ that never leaves it."""

import os
from pathlib import Path

import pytest
from legacy_archive.discover import FOLDER_SIDECAR, discover, is_sidecar
from legacy_archive.names import name_hash


def write(root, rel, data=b"x"):
    path = Path(root, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def codes(source):
    return [f.code for f in source.findings]


def by_rel(sources):
    return {s.rel: s for s in sources}


def test_missing_root_gives_nothing(tmp_path):
    assert discover(tmp_path / "nope") == ([], {})


def test_walk_is_sorted_by_path_bytes_over_nested_folders(tmp_path):
    for rel in ["b.txt", "a/z.txt", "a/b/c.txt", "A.TXT", "a/a.txt", "b/x.txt", "b.txt~"]:
        write(tmp_path, rel)
    sources, sidecars = discover(tmp_path)
    rels = [s.rel for s in sources]
    assert rels == ["A.TXT", "a/a.txt", "a/b/c.txt", "a/z.txt", "b.txt", "b.txt~", "b/x.txt"]
    assert sidecars == {}


def test_source_records_size_mtime_and_absolute_path(tmp_path):
    path = write(tmp_path, "d/f.txt", b"hello")
    os.utime(path, ns=(1_000_000_000, 750_000_000_123))
    (source,) = discover(tmp_path)[0]
    assert (source.rel, source.safe_rel) == ("d/f.txt", "d/f.txt")
    assert source.path == str(path)
    assert source.size == 5
    assert source.mtime_ns == 750_000_000_123
    assert source.link_target is None
    assert source.findings == []


def test_sidecars_are_separated_from_sources_by_folder(tmp_path):
    write(tmp_path, "a.txt")
    write(tmp_path, "a.txt.meta.toml", b'title = "A"\n')
    write(tmp_path, FOLDER_SIDECAR, b'title = "Root"\n')
    write(tmp_path, "sub/b.txt")
    write(tmp_path, "sub/b.txt.meta.toml")
    write(tmp_path, "sub/_folder.meta.toml")
    sources, sidecars = discover(tmp_path)
    assert [s.rel for s in sources] == ["a.txt", "sub/b.txt"]
    assert {k: sorted(v) for k, v in sidecars.items()} == {
        "": ["_folder.meta.toml", "a.txt.meta.toml"],
        "sub/": ["_folder.meta.toml", "b.txt.meta.toml"],
    }


def test_is_sidecar():
    assert is_sidecar("_folder.meta.toml")
    assert is_sidecar("x.txt.meta.toml")
    assert not is_sidecar("meta.toml")
    assert not is_sidecar("x.meta.toml.bak")


def test_symlink_to_file_inside_is_a_link_source_without_findings(tmp_path):
    write(tmp_path, "real.txt", b"content")
    os.symlink("real.txt", tmp_path / "alias.txt")
    sources = by_rel(discover(tmp_path)[0])
    link = sources["alias.txt"]
    assert link.link_target == "real.txt"
    assert link.size == 0
    assert codes(link) == []
    assert sources["real.txt"].size == 7


def test_symlink_outside_the_tree_is_reported_and_never_followed(tmp_path):
    archive = tmp_path / "archive"
    outside = tmp_path / "secret"
    write(outside, "passwords.txt", b"TOP SECRET")
    write(archive, "ok.txt")
    os.symlink(outside / "passwords.txt", archive / "leak.txt")
    os.symlink(outside, archive / "leakdir")
    os.symlink("../secret/passwords.txt", archive / "relative-leak.txt")
    sources = by_rel(discover(archive)[0])
    assert set(sources) == {"ok.txt", "leak.txt", "leakdir", "relative-leak.txt"}
    for rel in ("leak.txt", "leakdir", "relative-leak.txt"):
        assert codes(sources[rel]) == ["link-outside"]
        assert sources[rel].size == 0
    assert all(os.path.dirname(s.path) == str(archive) for s in sources.values())


def test_symlink_loop_folder_does_not_hang(tmp_path):
    write(tmp_path, "a/file.txt")
    os.symlink(".", tmp_path / "a" / "loop")
    os.symlink("..", tmp_path / "a" / "up")
    os.symlink("self", tmp_path / "self")
    sources = by_rel(discover(tmp_path)[0])
    assert set(sources) == {"a/file.txt", "a/loop", "a/up", "self"}
    assert codes(sources["a/loop"]) == ["link-folder"]
    assert codes(sources["a/up"]) == ["link-folder"]
    assert codes(sources["self"]) == ["link-broken"]


def test_folder_symlink_inside_is_recorded_not_walked(tmp_path):
    write(tmp_path, "real/inner.txt")
    os.symlink("real", tmp_path / "alias")
    sources = by_rel(discover(tmp_path)[0])
    assert set(sources) == {"alias", "real/inner.txt"}
    assert codes(sources["alias"]) == ["link-folder"]
    assert sources["alias"].link_target == "real"


def test_broken_symlink_is_reported(tmp_path):
    os.symlink("gone.txt", tmp_path / "dangling.txt")
    (source,) = discover(tmp_path)[0]
    assert codes(source) == ["link-broken"]
    assert source.link_target == "gone.txt"


def test_non_utf8_file_names_are_kept_as_surrogates_with_a_safe_name(tmp_path):
    base = os.fsencode(tmp_path)
    os.mkdir(base + b"/dir\xe9")
    for raw in (b"/caf\xe9.txt", b"/dir\xe9/\x82t\x82.txt"):
        os.close(os.open(base + raw, os.O_WRONLY | os.O_CREAT, 0o644))
    sources = discover(tmp_path)[0]
    rels = [s.rel for s in sources]
    assert rels == [os.fsdecode(b"caf\xe9.txt"), os.fsdecode(b"dir\xe9/\x82t\x82.txt")]
    cafe = sources[0]
    assert cafe.safe_rel == f"caf_-{name_hash(cafe.rel)}.txt"
    assert codes(cafe) == ["name-unsafe"]
    for source in sources:
        source.safe_rel.encode("utf-8")
        assert os.path.exists(source.path)
    folder, file = os.fsdecode(b"dir\xe9"), os.fsdecode(b"\x82t\x82.txt")
    assert sources[1].safe_rel == f"dir_-{name_hash(folder)}/_t_-{name_hash(file)}.txt"


def test_names_colliding_after_folding_get_distinct_safe_paths(tmp_path):
    write(tmp_path, "README")
    write(tmp_path, "readme")
    sources = by_rel(discover(tmp_path)[0])
    assert sources["README"].safe_rel == "README"
    assert sources["readme"].safe_rel != "readme"
    assert codes(sources["readme"]) == ["name-collision"]


def test_unsafe_folder_name_gives_safe_paths_to_everything_below(tmp_path):
    write(tmp_path, "what?/a.txt")
    (source,) = discover(tmp_path)[0]
    assert source.rel == "what?/a.txt"
    assert source.safe_rel.startswith("what_-") and source.safe_rel.endswith("/a.txt")


def test_ignore_list_skips_names_at_every_level(tmp_path):
    write(tmp_path, ".git/config")
    write(tmp_path, "sub/.DS_Store")
    write(tmp_path, "sub/Thumbs.db")
    write(tmp_path, "sub/keep.txt")
    sources = discover(tmp_path, ignore=frozenset({".git", ".DS_Store", "Thumbs.db"}))[0]
    assert [s.rel for s in sources] == ["sub/keep.txt"]


def test_fifo_is_not_a_source(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "pipe")
    write(tmp_path, "file.txt")
    assert [s.rel for s in discover(tmp_path)[0]] == ["file.txt"]
