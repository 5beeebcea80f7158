"""Tests for legacy_archive.sidecar: the archivist's TOML corrections."""

from pathlib import Path

import pytest
from legacy_archive.sidecar import Sidecars, read_sidecar


def sidecar(tmp_path, text, name="f.txt.meta.toml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def codes(findings):
    return [f.code for f in findings]


def test_valid_file_sidecar_is_read_and_normalised(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, """
title = "Starship Designs"
author = "A. Writer"
date = 1993-04-01
added = "2001-07"
description = "Deck plans."
encoding = "cp437"
hide = false
accept = ["image-broken", "name-unsafe"]
"""))
    assert findings == []
    assert data == {
        "title": "Starship Designs", "author": ["A. Writer"], "date": "1993-04-01",
        "added": "2001-07", "description": "Deck plans.", "encoding": "cp437",
        "hide": False, "accept": ["image-broken", "name-unsafe"],
    }


def test_author_list_is_kept_as_list(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, 'author = ["A", "B"]\n'))
    assert (data, findings) == ({"author": ["A", "B"]}, [])


@pytest.mark.parametrize(("toml", "expected"), [
    ("date = 1993-04-01", "1993-04-01"),
    ("date = 1993-04-01T10:20:00", "1993-04-01"),
    ("date = 1993-04-01T10:20:00Z", "1993-04-01"),
    ('date = "1993-04-01"', "1993-04-01"),
    ('date = "1993-04"', "1993-04"),
    ('date = "1993"', "1993"),
])
def test_dates_as_toml_dates_and_strings(tmp_path, toml, expected):
    data, findings = read_sidecar(sidecar(tmp_path, toml))
    assert findings == []
    assert data == {"date": expected}


@pytest.mark.parametrize("toml", [
    'date = "1993-4-1"', 'date = "April 1993"', 'date = "1993-02-30"', 'date = "1993-13"',
    "date = 10:20:00", "date = 1993",
])
def test_bad_dates_are_reported_and_ignored(tmp_path, toml):
    data, findings = read_sidecar(sidecar(tmp_path, toml + '\ntitle = "T"\n'))
    assert data == {"title": "T"}
    assert codes(findings) == ["sidecar-invalid"]
    assert "'date'" in findings[0].message


@pytest.mark.parametrize(("toml", "key"), [
    ("title = 3", "title"),
    ("author = 7", "author"),
    ("author = [1, 2]", "author"),
    ('hide = "yes"', "hide"),
    ("hide = 1", "hide"),
    ('accept = "image-broken"', "accept"),
    ("accept = [1]", "accept"),
    ("description = ['a']", "description"),
    ("encoding = 437", "encoding"),
])
def test_wrong_types_are_reported_naming_the_key_and_ignored(tmp_path, toml, key):
    data, findings = read_sidecar(sidecar(tmp_path, toml + '\nadded = "1999"\n'))
    assert data == {"added": "1999"}
    assert codes(findings) == ["sidecar-invalid"]
    assert repr(key) in findings[0].message
    assert "f.txt.meta.toml" in findings[0].message


def test_unknown_key_is_reported_and_ignored(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, 'titel = "typo"\ntitle = "ok"\n'))
    assert data == {"title": "ok"}
    assert codes(findings) == ["sidecar-invalid"]
    assert "unknown key 'titel'" in findings[0].message


def test_bad_toml_is_reported_and_nothing_used(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, 'title = "unclosed\n'))
    assert data == {}
    assert codes(findings) == ["sidecar-invalid"]
    assert "unreadable" in findings[0].message


def test_sidecar_not_in_utf8_is_reported(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, b'title = "caf\xe9"\n'))
    assert data == {}
    assert codes(findings) == ["sidecar-invalid"]


def test_missing_sidecar_file_is_reported_not_raised(tmp_path):
    data, findings = read_sidecar(tmp_path / "gone.meta.toml")
    assert (data, codes(findings)) == ({}, ["sidecar-invalid"])


def test_unknown_encoding_name_is_reported(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, 'encoding = "cp9999"\n'))
    assert data == {}
    assert codes(findings) == ["sidecar-invalid"]
    assert "cp9999" in findings[0].message


def test_non_text_codec_is_not_accepted_as_an_encoding(tmp_path):
    data, findings = read_sidecar(sidecar(tmp_path, 'encoding = "base64"\n'))
    assert codes(findings) == ["sidecar-invalid"]


def write(root, rel, text):
    path = Path(root, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sidecars_of_files_and_folders_are_keyed_by_what_they_describe(tmp_path):
    write(tmp_path, "a.txt.meta.toml", 'title = "A"\n')
    write(tmp_path, "_folder.meta.toml", 'title = "Root"\n')
    write(tmp_path, "sub/b.txt.meta.toml", 'title = "B"\nbogus = 1\n')
    write(tmp_path, "sub/_folder.meta.toml", 'title = 5\n')
    cars = Sidecars(tmp_path, {"": ["_folder.meta.toml", "a.txt.meta.toml"],
                               "sub/": ["_folder.meta.toml", "b.txt.meta.toml"]})
    assert cars.for_file("a.txt") == {"title": "A"}
    assert cars.for_file("sub/b.txt") == {"title": "B"}
    assert cars.for_file("sub/other.txt") == {}
    assert cars.folders == {"": {"title": "Root"}, "sub/": {}}
    assert codes(cars.findings["sub/b.txt"]) == ["sidecar-invalid"]
    assert codes(cars.findings["sub/"]) == ["sidecar-invalid"]
    assert cars.findings["a.txt"] == [] and cars.findings["."] == []


def test_folder_encoding_is_inherited_by_the_nearest_folder_down_the_tree(tmp_path):
    write(tmp_path, "_folder.meta.toml", 'encoding = "cp437"\n')
    write(tmp_path, "mac/_folder.meta.toml", 'encoding = "mac-roman"\n')
    write(tmp_path, "mac/deep/_folder.meta.toml", 'title = "no encoding here"\n')
    cars = Sidecars(tmp_path, {"": ["_folder.meta.toml"], "mac/": ["_folder.meta.toml"],
                               "mac/deep/": ["_folder.meta.toml"]})
    assert cars.folder_default("top.txt", "encoding") == "cp437"
    assert cars.folder_default("dos/x/y.txt", "encoding") == "cp437"
    assert cars.folder_default("mac/a.txt", "encoding") == "mac-roman"
    assert cars.folder_default("mac/deep/er/a.txt", "encoding") == "mac-roman"
    assert cars.folder_default("mac/a.txt", "title") is None


def test_folder_default_is_none_without_folder_sidecars(tmp_path):
    assert Sidecars(tmp_path, {}).folder_default("a/b.txt", "encoding") is None


def test_accept_codes_accumulate_down_the_tree_and_from_the_file(tmp_path):
    write(tmp_path, "_folder.meta.toml", 'accept = ["name-unsafe"]\n')
    write(tmp_path, "a/_folder.meta.toml", 'accept = ["image-broken"]\n')
    write(tmp_path, "a/b/x.gif.meta.toml", 'accept = ["link-broken"]\n')
    write(tmp_path, "z/_folder.meta.toml", 'accept = ["decode-fallback"]\n')
    cars = Sidecars(tmp_path, {"": ["_folder.meta.toml"], "a/": ["_folder.meta.toml"],
                               "a/b/": ["x.gif.meta.toml"], "z/": ["_folder.meta.toml"]})
    assert cars.accepted("a/b/x.gif") == {"name-unsafe", "image-broken", "link-broken"}
    assert cars.accepted("a/b/y.gif") == {"name-unsafe", "image-broken"}
    assert cars.accepted("top.txt") == {"name-unsafe"}
    assert cars.accepted("z/q.txt") == {"name-unsafe", "decode-fallback"}
