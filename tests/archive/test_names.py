"""Tests for legacy_archive.names: safe, distinct, stable names for archive paths."""

import os
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.names import (
    MAX_SEGMENT_BYTES,
    UNSAFE_CHARS,
    assign_names,
    fold,
    is_plain,
    name_hash,
    safe_segment,
    unsafe_reasons,
    with_suffix,
)

NFC_CAFE = unicodedata.normalize("NFC", "Café.txt")
NFD_CAFE = unicodedata.normalize("NFD", "Café.txt")


@pytest.mark.parametrize("name", [
    "README", "readme.txt", "BN001050.TXT", "Tom & Jerry's notes.txt", "a b.txt",
    "Café.txt", "日本語.txt", ".hidden", "file.tar.gz", "x" * MAX_SEGMENT_BYTES,
    "con-notes.txt", "console.txt", "COM10",
])
def test_safe_names_are_kept_unchanged_without_findings(name):
    assert safe_segment(name) == (name, [])
    safe, findings = assign_names([name])
    assert safe == {name: name}
    assert findings == {}


UNSAFE = [
    ("less <than.txt", "unsafe"),
    ("greater>than.txt", "unsafe"),
    ('quote".txt', "unsafe"),
    ("colon:name.txt", "unsafe"),
    ("back\\slash.txt", "unsafe"),
    ("pipe|name.txt", "unsafe"),
    ("star*name.txt", "unsafe"),
    ("tab\there.txt", "unsafe"),
    ("bell\x07.txt", "unsafe"),
    ("del\x7f.txt", "unsafe"),
    ("100%.txt", "unsafe"),
    ("issue#3.txt", "unsafe"),
    ("what?.txt", "unsafe"),
    (os.fsdecode(b"caf\xe9.txt"), "UTF-8"),
    ("CON", "reserved"),
    ("con", "reserved"),
    ("aux.txt", "reserved"),
    ("LPT1", "reserved"),
    ("nul.tar.gz", "reserved"),
    ("trailing dot.", "dot"),
    ("trailing space ", "space"),
    (" leading space", "space"),
    ("x" * (MAX_SEGMENT_BYTES + 1), "too long"),
    ("é" * 100, "too long"),
]


@pytest.mark.parametrize(("name", "reason_word"), UNSAFE)
def test_unsafe_name_gets_a_changed_safe_name_and_a_finding(name, reason_word):
    safe, reasons = safe_segment(name)
    assert safe != name
    assert any(reason_word in reason for reason in reasons)
    assert not UNSAFE_CHARS.search(safe)
    safe.encode("utf-8")  # valid UTF-8: no surrogates left
    assert len(safe.encode("utf-8")) <= MAX_SEGMENT_BYTES
    assert not safe.endswith((" ", ".")) and not safe.startswith(" ")
    names, findings = assign_names([name])
    assert names[name] == safe
    assert [f.code for f in findings[name]] == ["name-unsafe"]
    assert repr(safe) in findings[name][0].message


@pytest.mark.parametrize(("name", "reason_word"), UNSAFE)
def test_unsafe_name_replacement_is_stable_and_carries_its_own_hash(name, reason_word):
    first, _ = safe_segment(name)
    assert safe_segment(name)[0] == first
    assert name_hash(name) in first
    # unaffected by other names in the folder
    others = ["other.txt", "zzz", "AAA.TXT"]
    assert assign_names([*others, name])[0][name] == first


def test_non_utf8_name_is_replaced_by_underscore_and_hash_of_its_bytes():
    name = os.fsdecode(b"caf\xe9.txt")
    safe, _ = safe_segment(name)
    assert safe == f"caf_-{name_hash(name)}.txt"
    other = os.fsdecode(b"caf\xe8.txt")
    assert safe_segment(other)[0] != safe


def test_reserved_device_name_is_prefixed_so_it_is_no_longer_reserved():
    for name in ("CON", "aux.txt", "LPT1", "com3.bat"):
        safe, _ = safe_segment(name)
        assert safe.startswith("_")
        assert unsafe_reasons(safe) == []


def test_names_that_only_start_like_device_names_are_not_reserved():
    assert unsafe_reasons("console.txt") == []
    assert unsafe_reasons("auxiliary") == []
    assert unsafe_reasons("LPT") == []


def test_ampersand_and_apostrophe_are_allowed():
    assert unsafe_reasons("Tom & Jerry's.txt") == []


def test_too_long_name_is_cut_below_the_limit_without_splitting_characters():
    name = "é" * 150 + ".txt"
    safe, reasons = safe_segment(name)
    assert "is too long" in reasons
    assert len(safe.encode("utf-8")) <= MAX_SEGMENT_BYTES
    assert "\ufffd" not in safe


def test_too_long_name_cut_at_a_dot_does_not_end_with_a_dot():
    name = "a" * 159 + "." + "b" * 100
    safe, _ = safe_segment(name)
    assert unsafe_reasons(safe) == []


def test_with_suffix_inserts_before_short_extension_only():
    assert with_suffix("a.txt", "t") == "a-t.txt"
    assert with_suffix("README", "t") == "README-t"
    assert with_suffix(".hidden", "t") == ".hidden-t"
    assert with_suffix("a.verylongext", "t") == "a.verylongext-t"


def test_fold_equates_case_and_unicode_normal_forms():
    assert fold("README") == fold("readme")
    assert fold(NFC_CAFE) == fold(NFD_CAFE)
    assert fold("Straße") == fold("STRASSE")
    assert fold("a.txt") != fold("b.txt")


def test_case_collision_smallest_keeps_its_name():
    safe, findings = assign_names(["readme", "README"])
    assert safe["README"] == "README"  # "R" < "r": the smallest keeps its name
    assert safe["readme"] == with_suffix("readme", name_hash("readme"))
    assert "README" not in findings
    assert [f.code for f in findings["readme"]] == ["name-collision"]
    assert "'README'" in findings["readme"][0].message


def test_unicode_normalisation_collision_gets_distinct_names():
    safe, findings = assign_names([NFC_CAFE, NFD_CAFE])
    smallest, other = sorted([NFC_CAFE, NFD_CAFE])
    assert safe[smallest] == smallest
    assert safe[other] != other
    assert fold(safe[smallest]) != fold(safe[other])
    assert [f.code for f in findings[other]] == ["name-collision"]
    assert smallest not in findings


def test_collision_result_is_stable_regardless_of_input_order():
    names = ["readme", "README", "ReadMe", "other"]
    assert assign_names(names) == assign_names(list(reversed(names)))


def test_three_way_collision_gives_three_distinct_folded_names():
    safe, findings = assign_names(["A.TXT", "a.txt", "A.txt"])
    assert len({fold(v) for v in safe.values()}) == 3
    assert set(findings) == {"a.txt", "A.txt"}


def test_unsafe_name_colliding_with_its_replacement_target_stays_distinct():
    # "a?b" becomes "a_b-<hash>"; a literal sibling with that exact name keeps it.
    replacement = safe_segment("a?b")[0]
    safe, _ = assign_names(["a?b", replacement.upper()])
    assert fold(safe["a?b"]) != fold(safe[replacement.upper()])


def test_collision_suffix_keeps_names_within_the_length_limit():
    safe, _ = assign_names(["A" * MAX_SEGMENT_BYTES, "a" * MAX_SEGMENT_BYTES])
    assert all(unsafe_reasons(name) == [] for name in safe.values())


SURROGATES = [chr(c) for c in range(0xDC80, 0xDD00, 7)]
NAME_CHARS = st.one_of(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    st.sampled_from(['<', '>', '"', ':', '\\', '|', '?', '*', '#', '%', '\x01', '\x7f',
                     ' ', '.', 'A', 'a', 'e', '\u0301', 'é', 'ß', *SURROGATES]),
)
NAMES = st.lists(st.text(NAME_CHARS, min_size=1, max_size=12), unique=True, max_size=12)


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_assigned_names_are_distinct_after_folding_and_free_of_unsafe_chars(names):
    safe, findings = assign_names(names)
    assert set(safe) == set(names)
    assert len({fold(value) for value in safe.values()}) == len(names)
    for original, value in safe.items():
        assert not UNSAFE_CHARS.search(value)
        value.encode("utf-8")
        assert (value != original) == (original in findings)


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_a_name_result_depends_only_on_its_own_bytes_unless_it_collides(names):
    safe, _ = assign_names(names)
    by_key = {}
    for name in sorted(names):
        by_key.setdefault(fold(safe_segment(name)[0]), []).append(name)
    for group in by_key.values():
        keeper, *colliders = group
        assert safe[keeper] == assign_names([keeper])[0][keeper] == safe_segment(keeper)[0]
        for name in colliders:
            assert safe[name] != safe_segment(name)[0]


@pytest.mark.parametrize(("path", "plain"), [
    ("archive/a/b.txt", True), ("a", True), ("archive/a b/c.TXT.html", True),
    ("archive//a", False), ("/archive/a", False), ("archive/a/", False), ("", False),
    ("archive/./a", False), ("archive/../a", False), ("./a", False), ("archive/.hidden", False),
])
def test_plain_paths_join_as_written(path, plain):
    assert is_plain(path) is plain
    if plain:   # joined as written: what normalising and checking would give
        assert os.path.normpath(os.path.join("/out", path)) == os.path.join("/out", path)
