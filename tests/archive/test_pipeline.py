"""Tests for legacy_archive.pipeline: stages 1-5 over a small archive in tmp_path."""

import os
from pathlib import Path

import pytest
from legacy_archive.model import Finding
from legacy_archive.pipeline import (
    Stats,
    apply_sidecar,
    deps_key,
    encoding_override,
    open_catalog,
    process,
    read_archive,
    shown_bytes,
)
from legacy_archive.settings import check_settings
from legacy_archive.sidecar import Sidecars

MTIME = 700_000_000_000_000_000
GIF = b"GIF89a\x02\x00\x03\x00\x80\x00\x00" + b"\x00" * 6 + b";"
FILES = {
    "readme.txt": b"*** STARSHIP DESIGNS ***\r\nBy: A. Writer\r\n\r\nDeck plans for 3 ships.\r\n",
    "ships.txt": b"Old title\n\nSome text.\n",
    "ships.txt.meta.toml": b'title = "Better title"\ndate = 1993-04-01\n',
    "dos/_folder.meta.toml": b'encoding = "cp437"\n',
    "dos/box.txt": b"\xc9\xcd\xcd\xbb\r\n\xba Caf\x82 \xba\r\n\xc8\xcd\xcd\xbc\r\n\x1a",
    "pics/map.gif": GIF,
    "00index.txt": b"readme.txt   Start here\nships.txt    Ship list\n",
    "empty.dat": b"",
}


def make_archive(root, files=FILES):
    for rel, data in files.items():
        path = Path(root, "archive", rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(MTIME, MTIME))
    os.symlink("readme.txt", Path(root, "archive", "alias.txt"))
    return Path(root, "archive")


def archive_settings(root, **archive):
    return check_settings({"PATH": str(Path(root, "content")),
                           "ARCHIVE": {"progress": False, **archive}})


def build(root, settings=None, reset=False, progress=None, workers=1):
    """One build's read phase, with the catalog closed (committed) afterwards."""
    settings = settings or archive_settings(root)
    with open_catalog(Path(root, "cache", "catalog.sqlite"), reset=reset) as catalog:
        sources, items, sidecars, stats = read_archive(settings, catalog, progress,
                                                       workers=workers)
        texts = {item.rel: catalog.text(item.rel) for item in items}
    return items, stats, texts


@pytest.fixture
def archive(tmp_path):
    return make_archive(tmp_path)


def by_rel(items):
    return {item.rel: item for item in items}


EXPECTED_RELS = ["00index.txt", "alias.txt", "dos/box.txt", "empty.dat", "pics/map.gif",
                 "readme.txt", "ships.txt"]


def test_first_build_reads_every_file_once(tmp_path, archive):
    items, stats, texts = build(tmp_path)
    assert [i.rel for i in items] == EXPECTED_RELS
    assert (stats.read, stats.cached, stats.touched, stats.failed, stats.pruned) == (7, 0, 0, 0, 0)
    kinds = {i.rel: i.kind for i in items}
    assert kinds == {"00index.txt": "index", "alias.txt": "link", "dos/box.txt": "text",
                     "empty.dat": "empty", "pics/map.gif": "image", "readme.txt": "text",
                     "ships.txt": "text"}
    assert texts["alias.txt"] is None and texts["pics/map.gif"] is None
    assert "Deck plans" in texts["readme.txt"] and "\r" not in texts["readme.txt"]


def test_extraction_sidecars_and_folder_encoding_are_applied(tmp_path, archive):
    items = by_rel(build(tmp_path)[0])
    readme = items["readme.txt"]
    assert (readme.title, readme.authors) == ("STARSHIP DESIGNS", ["A. Writer"])
    assert readme.newlines == "CRLF"
    ships = items["ships.txt"]
    assert (ships.title, ships.date, ships.date_source) == ("Better title", "1993-04-01",
                                                             "sidecar")
    box = items["dos/box.txt"]
    assert box.encoding.startswith("CP437")
    assert (items["pics/map.gif"].extra["width"], items["pics/map.gif"].extra["height"]) == (2, 3)
    assert items["alias.txt"].detail == "symbolic link to readme.txt"
    assert items["alias.txt"].size == 0
    assert [e[0] for e in items["00index.txt"].extra["entries"]] == ["readme.txt", "ships.txt"]


def test_sha256_and_size_describe_the_bytes(tmp_path, archive):
    import hashlib
    items = by_rel(build(tmp_path)[0])
    for rel in ("readme.txt", "dos/box.txt", "pics/map.gif", "empty.dat"):
        assert items[rel].sha256 == hashlib.sha256(FILES[rel]).hexdigest()
        assert items[rel].size == len(FILES[rel])


def test_second_build_with_nothing_changed_reads_nothing(tmp_path, archive):
    first, _, first_texts = build(tmp_path)
    second, stats, texts = build(tmp_path)
    assert (stats.read, stats.cached, stats.touched) == (0, len(first), 0)
    assert second == first
    assert texts == first_texts


def test_an_upgraded_library_reads_every_file_again(tmp_path, archive, monkeypatch):
    """The catalog keeps what the decoding and parsing libraries made of each
    file: with another version of one, nothing kept is trusted."""
    import legacy_archive.pipeline as pipeline

    first, _, _ = build(tmp_path)
    assert build(tmp_path)[1].read == 0
    real = pipeline.version
    monkeypatch.setattr(pipeline, "version", lambda name: (
        "99.0" if name == "charset-normalizer" else real(name)))
    items, stats, _ = build(tmp_path)
    assert (stats.read, stats.cached) == (len(first), 0)
    assert items == first


def test_touched_file_with_same_bytes_is_not_read_again(tmp_path, archive):
    first = by_rel(build(tmp_path)[0])
    os.utime(archive / "readme.txt", ns=(MTIME + 10**9, MTIME + 10**9))
    items, stats, _ = build(tmp_path)
    assert (stats.read, stats.touched, stats.cached) == (0, 1, 6)
    assert by_rel(items)["readme.txt"] == first["readme.txt"]
    assert build(tmp_path)[1].touched == 0   # the new mtime was remembered


def test_changed_bytes_are_read_again(tmp_path, archive):
    build(tmp_path)
    (archive / "readme.txt").write_bytes(b"NEW TITLE\n\nNew words.\n")
    items, stats, texts = build(tmp_path)
    assert (stats.read, stats.cached) == (1, 6)
    assert by_rel(items)["readme.txt"].title == "NEW TITLE"
    assert texts["readme.txt"] == "NEW TITLE\n\nNew words.\n"


def test_changed_sidecar_re_extracts_that_file_only(tmp_path, archive):
    build(tmp_path)
    (archive / "ships.txt.meta.toml").write_bytes(b'title = "Newest title"\n')
    items, stats, _ = build(tmp_path)
    assert (stats.read, stats.cached) == (1, 6)
    ships = by_rel(items)["ships.txt"]
    assert ships.title == "Newest title"
    assert (ships.date, ships.date_source) == ("", "")


def test_new_file_sidecar_re_extracts_that_file(tmp_path, archive):
    build(tmp_path)
    (archive / "readme.txt.meta.toml").write_bytes(b"hide = true\n")
    items, stats, _ = build(tmp_path)
    assert stats.read == 1
    assert by_rel(items)["readme.txt"].hidden is True


def test_changed_folder_encoding_re_reads_the_files_below(tmp_path, archive):
    build(tmp_path)
    (archive / "dos" / "_folder.meta.toml").write_bytes(b'encoding = "latin-1"\n')
    items, stats, _ = build(tmp_path)
    assert stats.read == 1
    assert by_rel(items)["dos/box.txt"].encoding.startswith("ISO-8859-1")


def test_removed_file_is_pruned(tmp_path, archive):
    build(tmp_path)
    (archive / "empty.dat").unlink()
    items, stats, _ = build(tmp_path)
    assert stats.pruned == 1
    assert "empty.dat" not in by_rel(items)


def test_reset_reads_everything_again(tmp_path, archive):
    build(tmp_path)
    assert build(tmp_path, reset=True)[1].read == 7


def test_progress_is_called_for_every_file(tmp_path, archive):
    calls = []
    build(tmp_path, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 7) for n in range(1, 8)]


def test_archive_encodings_setting_applies_by_longest_prefix(tmp_path):
    make_archive(tmp_path, {"mac/a.txt": b"caf\x8e\r", "mac/pc/b.txt": b"caf\x82\r\n"})
    settings = archive_settings(tmp_path, encodings={"mac": "mac-roman", "mac/pc/": "cp437"})
    texts = build(tmp_path, settings)[2]
    assert texts["mac/a.txt"] == "café\n"
    assert texts["mac/pc/b.txt"] == "café\n"


def test_override_that_does_not_fit_gives_a_decode_fallback_finding(tmp_path):
    make_archive(tmp_path, {"a.txt": b"caf\xe9\n"})
    items = build(tmp_path, archive_settings(tmp_path, encodings={"a.txt": "ascii"}))[0]
    item = by_rel(items)["a.txt"]
    assert [f.code for f in item.findings] == ["decode-fallback"]
    assert "(ascii)" in item.findings[0].message


def test_big_text_is_truncated_for_display(tmp_path):
    make_archive(tmp_path, {"big.txt": b"line of text\n" * 100})
    items, _, texts = build(tmp_path, archive_settings(tmp_path, max_text_bytes=200))
    item = by_rel(items)["big.txt"]
    assert item.size == 1300
    assert item.extra["truncated_at"] == 195
    assert texts["big.txt"] == "line of text\n" * 15


def test_broken_image_and_link_findings_reach_the_item(tmp_path):
    make_archive(tmp_path, {"cut.gif": GIF[:-1]})
    os.symlink("nowhere", tmp_path / "archive" / "dangling")
    items = by_rel(build(tmp_path)[0])
    assert [f.code for f in items["cut.gif"].findings] == ["image-broken"]
    assert [f.code for f in items["dangling"].findings] == ["link-broken"]


def test_cached_item_gets_the_current_safe_name_and_name_findings(tmp_path):
    make_archive(tmp_path, {"readme": b"lower"})
    build(tmp_path)
    (tmp_path / "archive" / "README").write_bytes(b"upper")
    items = by_rel(build(tmp_path)[0])
    assert items["readme"].safe_rel != "readme"
    assert [f.code for f in items["readme"].findings] == ["name-collision"]


def test_incremental_build_equals_a_fresh_build_after_a_link_target_appears(tmp_path):
    make_archive(tmp_path, {"a.txt": b"a"})
    os.symlink("later.txt", tmp_path / "archive" / "dangling")
    build(tmp_path)
    (tmp_path / "archive" / "later.txt").write_bytes(b"now here")
    incremental = build(tmp_path)[0]
    assert incremental == build(tmp_path, reset=True)[0]


def test_encoding_override_precedence(tmp_path):
    root = tmp_path / "archive"
    make_archive(tmp_path, {"a/_folder.meta.toml": b'encoding = "latin-1"\n',
                            "a/f.txt.meta.toml": b'encoding = "mac-roman"\n'})
    cars = Sidecars(root, {"a/": ["_folder.meta.toml", "f.txt.meta.toml"]})
    settings = archive_settings(tmp_path, encodings={"a": "cp437", "b/": "cp850", "b/c": "ascii"})
    assert encoding_override("a/f.txt", cars, settings) == "mac-roman"
    assert encoding_override("a/g.txt", cars, settings) == "latin-1"
    assert encoding_override("b/x.txt", cars, settings) == "cp850"
    assert encoding_override("b/c/x.txt", cars, settings) == "ascii"
    assert encoding_override("b/c", cars, settings) == "ascii"
    assert encoding_override("bc/x.txt", cars, settings) is None
    assert encoding_override("x.txt", cars, settings) is None


def test_deps_key_changes_with_sidecar_and_encoding(tmp_path):
    from legacy_archive.model import Source
    make_archive(tmp_path, {"f.txt.meta.toml": b'title = "T"\n'})
    cars = Sidecars(tmp_path / "archive", {"": ["f.txt.meta.toml"]})
    src = Source("f.txt", "f.txt", "/x", 1, 1)
    other = Source("g.txt", "g.txt", "/x", 1, 1)
    plain = archive_settings(tmp_path)
    dos = archive_settings(tmp_path, encodings={"g.txt": "cp437"})
    assert deps_key(src, cars, plain) != deps_key(other, cars, plain)
    assert deps_key(other, cars, plain) != deps_key(other, cars, dos)
    assert deps_key(src, cars, plain) == deps_key(src, cars, plain)


def test_process_never_raises_and_keeps_source_findings(tmp_path):
    from legacy_archive.model import Source
    cars = Sidecars(tmp_path, {})
    settings = archive_settings(tmp_path)
    for data in (b"", b"\x00" * 50, b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"<svg",
                 b"<html><title>x", b"\x1a\x01A", bytes(range(256))):
        src = Source("x.bin", "x.bin", "/x", len(data), 1,
                     findings=[Finding("name-unsafe", "odd")])
        item, _ = process(src, data, "sha", cars, settings, Stats())
        assert item.findings[0] == Finding("name-unsafe", "odd")
        assert item.kind != "link"


def test_apply_sidecar_sets_every_known_field():
    from legacy_archive.model import Item
    item = Item("a", "a", 1, "", "text")
    apply_sidecar(item, {"title": "T", "author": ["A"], "date": "1993", "description": "D",
                         "added": "2001-01", "hide": True})
    assert (item.title, item.authors, item.date, item.date_source) == ("T", ["A"], "1993",
                                                                       "sidecar")
    assert (item.description, item.description_source) == ("D", "sidecar")
    assert item.extra == {"added": "2001-01"} and item.hidden is True


@pytest.mark.parametrize(("data", "limit", "expected"), [
    (b"short", 10, b"short"),
    (b"aaaa\nbbbb\ncccc\n", 12, b"aaaa\nbbbb\n"),
    (b"x" * 20, 10, b"x" * 10),
    (b"a\n" + b"y" * 20, 10, b"a\nyyyyyyyy"),
])
def test_shown_bytes_cuts_at_a_line_end_when_it_can(data, limit, expected):
    assert shown_bytes(data, limit) == expected


@pytest.mark.parametrize("limit", range(7, 15))
def test_shown_bytes_never_splits_a_utf8_character(limit):
    data = "é€😀".encode() * 5
    cut = shown_bytes(data, limit)
    assert len(cut) <= limit
    cut.decode("utf-8")   # strict: no half character at the end


def test_text_past_max_text_bytes_and_mixed_encodings_are_reported(tmp_path):
    make_archive(tmp_path, {"big.txt": b"line of text\n" * 100,
                            "mixed.txt": "naïve café — ".encode() * 3 + "Café".encode("cp437"),
                            "fine.txt": "Café ╔═╗\r\n".encode("cp437")})
    settings = archive_settings(tmp_path, max_text_bytes=500)
    items = by_rel(build(tmp_path, settings)[0])
    assert [f.code for f in items["big.txt"].findings] == ["text-truncated"]
    assert "1,300 bytes" in items["big.txt"].findings[0].message
    assert [f.code for f in items["mixed.txt"].findings] == ["decode-mixed"]
    assert items["fine.txt"].findings == []


def test_a_sidecar_for_a_missing_file_is_reported_on_its_folder(tmp_path):
    make_archive(tmp_path, {"sub/gone.txt.meta.toml": b'title = "x"\n', "sub/here.txt": b"x"})
    with open_catalog(Path(tmp_path, "cache", "c.sqlite")) as catalog:
        _, _, sidecars, _ = read_archive(archive_settings(tmp_path), catalog)
    assert [f.code for f in sidecars.findings["sub/"]] == ["sidecar-orphan"]
    assert "'gone.txt'" in sidecars.findings["sub/"][0].message


def test_a_tiny_limit_never_shows_more_than_the_limit():
    # Stepping back over UTF-8 continuation bytes once wrapped to the end of the data.
    assert shown_bytes(b"\x80\x80\x00", 1) == b""
    assert b"ab\x80\x80".startswith(shown_bytes(b"ab\x80\x80", 3))


def test_a_file_past_max_read_bytes_is_hashed_whole_but_not_read(tmp_path):
    import hashlib
    big = b"PK\x03\x04" + b"\x00" * 5000
    make_archive(tmp_path, {"big.zip": big, "small.txt": b"small\n"})
    items = by_rel(build(tmp_path, archive_settings(tmp_path, max_read_bytes=1000))[0])
    assert items["big.zip"].sha256 == hashlib.sha256(big).hexdigest()
    assert (items["big.zip"].size, items["big.zip"].kind) == (len(big), "zip")
    assert [f.code for f in items["big.zip"].findings] == ["too-large"]
    assert items["small.txt"].findings == []


def test_two_workers_read_what_one_reads(tmp_path, monkeypatch):
    from legacy_archive import parallel

    monkeypatch.setattr(parallel.imap, "__defaults__", (1,))  # fork even for a few files
    results = []
    for workers in (1, 2):
        root = tmp_path / str(workers)
        make_archive(root)
        items, stats, texts = build(root, workers=workers)
        results.append(([item.to_record() for item in items], texts,
                        (stats.read, stats.cached, stats.failed)))
    assert results[0] == results[1]
    assert results[0][2][0] == len(EXPECTED_RELS)
