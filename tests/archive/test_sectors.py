"""Tests for legacy_archive.sectors: three sector layouts, drift, OCR repairs and rejects.

The fixtures under fixtures/sectors/ hold invented worlds only: clean.sec (standard
GEnie columns, CRLF), drift.sec (one line per kind of drift, then lines that cannot
be read), shuffled.tab (T5 tab-delimited, columns out of the usual order) and
columns.t5 (T5 column layout with its own dash widths).
"""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from legacy_archive.sectors import (
    RUN_TOGETHER,
    SectorData,
    World,
    column_spans,
    detect_format,
    parse_sector,
    sector_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "sectors"
FORMATS = {"sec", "t5-tab", "t5-column", "unknown"}


def text_of(name):
    """The fixture's text with its own line endings (CRLF stays CRLF)."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def by_name(data):
    return {world.name: world for world in data.worlds}


# ---------------------------------------------------------------- format detection

@pytest.mark.parametrize(("name", "expected"), [
    ("clean.sec", "sec"),
    ("drift.sec", "sec"),
    ("shuffled.tab", "t5-tab"),
    ("columns.t5", "t5-column"),
])
def test_detect_format_of_each_fixture(name, expected):
    assert detect_format(text_of(name)) == expected
    assert parse_sector(text_of(name)).format == expected


@pytest.mark.parametrize("text", [
    "", "\n\n", "Just a letter about the game.\nNo sector data here.\n",
    "# only comments\n# and more comments\n", "\x00\x1a",
])
def test_text_without_worlds_is_unknown_and_not_rejected(text):
    data = parse_sector(text)
    assert detect_format(text) == "unknown"
    assert data.format == "unknown"
    assert data.worlds == [] and data.rejected == []
    assert data.notes


def test_a_header_and_dash_line_make_t5_columns_even_after_a_comment():
    text = ("# Quadrant notes\n\nHex  Name     UWP\n---- -------- ---------\n"
            "0101 Tollan   B564877-9\n")
    data = parse_sector(text)
    assert data.format == "t5-column"
    assert [(w.hex, w.name, w.uwp, w.line) for w in data.worlds] == [
        ("0101", "Tollan", "B564877-9", 5)]
    assert data.notes == ["Quadrant notes"]


# ---------------------------------------------------------------- SEC: clean file

def test_clean_sec_reads_every_column():
    data = parse_sector(text_of("clean.sec"))
    assert data.rejected == []
    assert len(data.worlds) == 8
    assert data.worlds[0] == World(
        hex="0102", name="Amberlyn", uwp="A867A98-E", bases="N", remarks="Hi Ri", zone="",
        pbg="410", allegiance="Im", stars="G1 V", line=8, fixes=[], extra={})
    worlds = by_name(data)
    assert worlds["Dunhallow"].zone == "A"
    assert (worlds["Gethsemar"].zone, worlds["Gethsemar"].allegiance) == ("R", "Zh")
    assert worlds["Fennick Moor"].stars == "F7 V M3 V"
    assert worlds["Isolde's Gate"].bases == "A"
    assert worlds["Jorvale"].remarks == "As Lo"
    assert all(world.fixes == [] for world in data.worlds)


def test_clean_sec_header_comments_become_notes_and_name():
    data = parse_sector(text_of("clean.sec"))
    assert data.name == "Brindle (Outer Veil)"
    assert data.notes[0] == "Brindle Subsector -- invented worlds for the sector parser tests"
    assert "end of Brindle: 8 systems." in data.notes
    assert not any(note.startswith("-") or "Name" in note for note in data.notes), data.notes


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_follow_the_file_whatever_the_line_ends(newline):
    text = newline.join(text_of("clean.sec").splitlines())
    data = parse_sector(text)
    assert [w.line for w in data.worlds] == list(range(8, 16))


def test_bom_form_feed_and_ctrl_z_are_ignored():
    text = "\ufeff" + text_of("clean.sec").replace("Corvast", "\x0cCorvast") + "\x1a"
    data = parse_sector(text)
    assert len(data.worlds) == 8 and data.rejected == []
    assert by_name(data)["Corvast"].hex == "0204"


# ---------------------------------------------------------------- SEC: drift

DRIFT = [
    # name, fix expected, fields that must come out right
    ("Larkspur", "name one column short", {"hex": "0103", "uwp": "C7A6456-7", "pbg": "304"}),
    ("Merriwether", "name one column long", {"hex": "0105", "remarks": "Ni Po"}),
    ("Nettlebed", RUN_TOGETHER, {"zone": "R", "pbg": "456", "allegiance": "Im", "stars": "M4 V"}),
    ("Oxbow", RUN_TOGETHER, {"zone": "A", "pbg": "303", "allegiance": "Im"}),
    ("Pellucid", "zone 'U' is not A or R; kept as written", {"zone": "U", "pbg": "122"}),
    ("Quarry Mill", "lower-case zone upper-cased", {"zone": "A"}),
    ("Rushmoor", "OCR 'O' read as 0 in UWP", {"uwp": "B504877-9", "bases": "S", "remarks": ""}),
    ("Saltcote", "OCR 'l' read as 1 in UWP", {"uwp": "C410569-7"}),
    ("Tamberlaine", "OCR 'O' read as 0 in hex", {"hex": "0301", "zone": "A", "bases": "N"}),
    ("Umberfold", "OCR 'O' read as 0 in PBG", {"pbg": "502", "allegiance": "Im"}),
]


@pytest.mark.parametrize(("name", "fix", "fields"), DRIFT, ids=[d[0] for d in DRIFT])
def test_each_kind_of_drift_is_read_and_reported(name, fix, fields):
    world = by_name(parse_sector(text_of("drift.sec")))[name]
    assert fix in world.fixes
    for key, value in fields.items():
        assert getattr(world, key) == value, key


def test_a_tab_before_the_hex_is_expanded_to_the_usual_column():
    world = by_name(parse_sector(text_of("drift.sec")))["Vantage"]
    assert (world.hex, world.uwp, world.remarks, world.pbg) == ("0305", "B684433-A", "Ni", "310")
    assert world.fixes == []


def test_a_line_that_stops_after_the_uwp_is_a_world_without_the_rest():
    world = by_name(parse_sector(text_of("drift.sec")))["Oldwick"]
    assert (world.uwp, world.pbg, world.allegiance, world.fixes) == ("C000000-0", "", "", [])


def test_drifting_one_column_is_measured_against_the_files_own_layout():
    # Every name here is 20 wide: the file's own hex column is 21-24, so only the
    # one line that is a column short is reported.
    rows = [f"{name:<20}{hexno} B564877-9  N Ag              A  512 Im G2 V"
            for name, hexno in (("Alder", "0101"), ("Birch", "0102"), ("Cedar", "0103"))]
    rows.append("Damson             0104 B564877-9  N Ag              A  512 Im G2 V")
    data = parse_sector("\n".join(rows))
    assert [w.fixes for w in data.worlds] == [[], [], [], ["name one column short"]]
    assert any("columns 21–24" in note for note in data.notes)


def test_name_run_into_the_hex_is_split_off():
    world = parse_sector("Gallowmere0101 B564877-9    Ag                 512 Im G2 V").worlds[0]
    assert (world.name, world.hex) == ("Gallowmere", "0101")
    assert "name runs into the hex number" in world.fixes


# ---------------------------------------------------------------- SEC: rejects and headers

REJECTS = [
    (17, "no hex number in columns 15–18 (found '07?1')"),
    (18, "UWP 'B56X877-9' has an invalid hydrographics digit 'X'"),
    (19, "hex 3341 is outside a sector (columns 01–32, rows 01–40)"),
    (20, "hex 0405 is not followed by a UWP like B564877-9 (found 'see')"),
    (21, "no hex number in columns 15–18"),
]


def test_unreadable_lines_are_rejected_with_a_reason():
    data = parse_sector(text_of("drift.sec"))
    lines = text_of("drift.sec").splitlines()
    got = {r.line: r for r in data.rejected}
    assert sorted(got) == [line for line, _ in REJECTS]
    for line, reason in REJECTS:
        assert got[line].reason.startswith(reason)
        assert got[line].text == lines[line - 1]


def test_an_invalid_size_digit_is_named():
    rejected = parse_sector("Xanthe        0403 BX64877-9  N Ri   512 Im G2 V").rejected
    assert [r.reason for r in rejected] == ["UWP 'BX64877-9' has an invalid size digit 'X'"]


def test_uncommented_column_headings_and_rulers_are_neither_worlds_nor_rejects():
    data = parse_sector(text_of("drift.sec"))
    assert {3, 4}.isdisjoint({r.line for r in data.rejected} | {w.line for w in data.worlds})


def test_a_hex_given_twice_is_kept_and_noted():
    data = parse_sector(text_of("drift.sec"))
    assert [w.name for w in data.worlds if w.hex == "0101"] == ["Kestrel Down", "Ravel Twin"]
    assert "hex 0101 is given to more than one world (lines 5, 23)" in data.notes


def test_name_comes_from_the_at_header_before_comments():
    assert parse_sector(text_of("drift.sec")).name == "Windlass (Outer Veil)"


@pytest.mark.parametrize(("lines", "expected"), [
    (["# Farrow Subsector, typed 1989"], "Farrow"),
    (["# The Drift Sector"], "The Drift"),
    (["@SECTOR: Outer Veil"], "Outer Veil"),
    (["# Sector: Pale Marches", "@SUB-SECTOR: Kell"], "Kell (Pale Marches)"),
    (["# nothing to see"], ""),
])
def test_sector_name_from_header_lines(lines, expected):
    assert sector_name(lines) == expected


# ---------------------------------------------------------------- T5 tab-delimited

def test_t5_tab_with_shuffled_columns_reads_each_field_by_its_heading():
    data = parse_sector(text_of("shuffled.tab"))
    world = by_name(data)["Cindermere"]
    assert world == World(
        hex="1201", name="Cindermere", uwp="B786A75-C", bases="NS", remarks="Hi In", zone="",
        pbg="723", allegiance="ImDv", stars="G3 V", line=2, fixes=[],
        extra={"W": "11", "Ix": "{ 3 }", "Ex": "(B9C+3)", "Nobility": "BcC", "Cx": "[AA7D]",
               "Sector": "Outer Veil"})
    assert data.name == "Outer Veil"


def test_t5_tab_repairs_rejects_and_short_rows():
    data = parse_sector(text_of("shuffled.tab"))
    worlds = by_name(data)
    assert worlds["Drover's Rest"].uwp == "C506544-7"
    assert "OCR 'O' read as 0 in UWP" in worlds["Drover's Rest"].fixes
    assert worlds["Esk"].zone == "" and worlds["Gorse"].zone == "R"
    assert worlds["Ivywick"].fixes == [
        "6 cells where the header has 15; missing cells read as empty"]
    assert worlds["Ivywick"].stars == "K3 V"
    assert [(r.line, r.reason) for r in data.rejected] == [
        (5, "UWP 'B5G4433-9' has an invalid atmosphere digit 'G'"), (7, "no hex number")]


CANONICAL = {"Hex": "0305", "Name": "Harrow Deep", "UWP": "C7A6456-7", "Bases": "N",
             "Remarks": "Fl Ni", "Zone": "A", "PBG": "304", "Allegiance": "ImDv",
             "Stars": "K3 V M2 V", "{Ix}": "{ 1 }", "(Ex)": "(723+1)", "[Cx]": "[4523]",
             "Nobility": "B", "W": "7"}


@settings(max_examples=60, deadline=None)
@given(st.permutations(list(CANONICAL)))
def test_t5_tab_column_order_does_not_matter(order):
    text = "\t".join(order) + "\n" + "\t".join(CANONICAL[h] for h in order) + "\n"
    data = parse_sector(text)
    assert data.format == "t5-tab"
    (world,) = data.worlds
    assert (world.hex, world.name, world.uwp, world.bases, world.remarks, world.zone,
            world.pbg, world.allegiance, world.stars) == (
        "0305", "Harrow Deep", "C7A6456-7", "N", "Fl Ni", "A", "304", "ImDv", "K3 V M2 V")
    assert world.extra == {"Ix": "{ 1 }", "Ex": "(723+1)", "Cx": "[4523]", "Nobility": "B",
                           "W": "7"}


def test_t5_tab_line_without_tabs_is_rejected():
    text = "Hex\tName\tUWP\n0101 Tollan B564877-9\n"
    assert [r.reason for r in parse_sector(text).rejected] == [
        "no tabs in the line; the header has 3 fields"]


# ---------------------------------------------------------------- T5 column layout

def test_t5_column_widths_come_from_the_dash_line():
    dashes = text_of("columns.t5").splitlines()[1]
    assert column_spans(dashes) == [(0, 4), (5, 21), (22, 31), (32, 37), (38, 58), (59, 63),
                                    (64, 67), (68, 78), (79, 90)]


def test_t5_column_reads_names_with_spaces_and_empty_cells():
    data = parse_sector(text_of("columns.t5"))
    worlds = by_name(data)
    assert worlds["Juniper Hollow"] == World(
        hex="2101", name="Juniper Hollow", uwp="C563754-8", bases="S", remarks="Ag Ri", zone="",
        pbg="521", allegiance="ImVl", stars="G6 V", line=3, fixes=[], extra={})
    assert (worlds["Kelpie"].zone, worlds["Kelpie"].stars) == ("", "K0 V M2 V")
    assert worlds["Lanyard"].uwp == "D310201-7" and worlds["Lanyard"].zone == "A"
    assert worlds["Nightjar"].zone == "R"


def test_t5_column_row_pushed_right_by_a_long_name_is_realigned():
    world = by_name(parse_sector(text_of("columns.t5")))["Marchmont-under-Ashby"]
    assert (world.uwp, world.bases, world.remarks, world.pbg, world.allegiance, world.stars) == (
        "C786563-9", "W", "Ag Ni", "813", "ImVl", "F4 V")
    assert world.fixes == ["fields from the UWP on shifted +5 columns from the dash line"]


def test_t5_column_reject_says_where_it_looked():
    data = parse_sector(text_of("columns.t5"))
    assert [(r.line, r.reason) for r in data.rejected] == [
        (7, "'ext upload' is not a UWP (like B564877-9) in columns 23–31")]


def test_t5_column_with_other_widths():
    text = ("Hex  Name                           UWP        Remarks   PBG  A\n"
            "---- ------------------------------ ---------- --------- ---- --\n"
            "1740 The Long Name of Quiet Harbour  E000000-0 Ba        001  Na\n")
    (world,) = parse_sector(text).worlds
    assert (world.hex, world.name, world.uwp, world.remarks, world.pbg, world.allegiance) == (
        "1740", "The Long Name of Quiet Harbour", "E000000-0", "Ba", "001", "Na")


# ---------------------------------------------------------------- never raises

def check_result(data):
    assert isinstance(data, SectorData)
    assert data.format in FORMATS
    for world in data.worlds:
        assert re.fullmatch(r"[0-9]{4}", world.hex), world
        assert re.fullmatch(r"[A-HXY?][0-9A-Z?]{6}-[0-9A-Z?]", world.uwp), world
        assert world.line >= 1
    for rejected in data.rejected:
        assert rejected.reason and "internal error" not in rejected.reason, rejected
    assert not any("internal error" in note for note in data.notes), data.notes


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_sector_never_raises_on_any_text(text):
    check_result(parse_sector(text))
    assert detect_format(text) in FORMATS


LINEISH = st.lists(st.one_of(
    st.text(alphabet="0123456789OolI -ABCDEXNSR\t", max_size=70),
    st.sampled_from(["#", "$ Name Hex UWP", "Hex\tName\tUWP", "---- ----- ---"]),
    st.text(max_size=40)), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(LINEISH)
def test_parse_sector_never_raises_on_sector_like_text(text):
    check_result(parse_sector(text))


EDIT = st.tuples(st.sampled_from(["insert", "delete", "replace"]), st.integers(0, 10_000),
                 st.characters(codec="utf-8") | st.sampled_from(list("\t\r\n -O0l1#$@")))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(p.name for p in FIXTURES.iterdir())), st.lists(EDIT, max_size=25))
def test_parse_sector_never_raises_on_fixtures_with_random_edits(name, edits):
    text = text_of(name)
    for kind, position, char in edits:
        at = position % (len(text) + 1)
        if kind == "insert":
            text = text[:at] + char + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + char + text[at + 1:]
    check_result(parse_sector(text))
