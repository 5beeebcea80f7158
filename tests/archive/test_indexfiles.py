"""Tests for legacy_archive.indexfiles: FTP/BBS description files.

Fixtures in fixtures/indexfiles/ are written the way the era wrote them:
CRLF lines, a CP437 FILES.BBS ending in ^Z, a Total Commander DESCRIPT.ION
with its 0x04 0xC2 marker, a Simtel listing under a PD1: header.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.decode import decode
from legacy_archive.indexfiles import (
    INDEX_NAMES,
    INDEX_PRECEDENCE,
    Attachment,
    IndexEntry,
    attach,
    index_kind,
    parse_index,
)

FIXTURES = Path(__file__).parent / "fixtures" / "indexfiles"


def parse_fixture(relative):
    path = FIXTURES / relative
    return parse_index(path.name, decode(path.read_bytes()).text)


@pytest.mark.parametrize(
    ("filename", "kind"),
    [
        ("00index.txt", "00index"),
        ("00INDEX.TXT", "00index"),
        ("00-index.txt", "00index"),
        ("INDEX", "00index"),
        ("Index.Txt", "00index"),
        ("pub/traveller/00-INDEX.TXT", "00index"),
        ("FILES.BBS", "files.bbs"),
        ("C:\\BBS\\AREA7\\FILES.BBS", "files.bbs"),
        ("descript.ion", "descript.ion"),
        ("DESCRIPT.ION", "descript.ion"),
        ("index.html", None),
        ("README", None),
        ("files.bbs.bak", None),
        ("", None),
    ],
)
def test_index_kind(filename, kind):
    assert index_kind(filename) == kind


def test_index_names_and_precedence():
    assert {
        "00index.txt", "00-index.txt", "index", "index.txt", "files.bbs", "descript.ion"
    } == INDEX_NAMES
    assert INDEX_PRECEDENCE == ("descript.ion", "files.bbs", "00index")


def test_fixtures_keep_the_bytes_of_their_era():
    bbs = (FIXTURES / "FILES.BBS").read_bytes()
    assert bbs.endswith(b"\r\n\x1a") and b"R\x82sum\x82" in bbs
    assert b"\x04\xc2\r\n" in (FIXTURES / "DESCRIPT.ION").read_bytes()
    assert b"\r\n" in (FIXTURES / "00index.txt").read_bytes()


def test_00index():
    assert parse_fixture("00index.txt") == [
        IndexEntry(
            "acs-deck.txt",
            "Deck plans of the ACS Far Trader Beowulf,\nwith notes on the drives.",
            4,
        ),
        IndexEntry("trav-faq.txt", "The Traveller FAQ, version 2.3", 6),  # one TAB
        IndexEntry("sectors/", "Sector data in SEC format, one file per sector", 7),
        IndexEntry("tml-index", "Index of the mailing list archive", 8),
        IndexEntry("old-rules.txt", "Errata for the 1981 edition", 9),
        IndexEntry("uwp-codes.txt", "The UWP code explained.", 10),  # text on next line
    ]


def test_files_bbs():
    assert parse_fixture("FILES.BBS") == [
        IndexEntry(
            "TRAVCHAR.ZIP",
            "Character generator for Classic Traveller,\nwith skills tables from Book 1.",
            2,
            23456,
            "1992-03-15",
        ),
        IndexEntry("SECTOR.ZIP", "Spinward Marches sector data (SEC format)", 4, 8192,
                   "1991-11-02"),
        IndexEntry("STARSHIP.ARC", "Starship design sheets", 5, 41000, "2001-01-05"),
        IndexEntry("MISSING.ZIP", "Listed here, gone from the disk", 6, 1000, "1990-07-04"),
        IndexEntry("ODD.TXT", "A date no calendar has", 7, 12, None),
        IndexEntry("UWP.DOC", "Résumé of the UWP code\nand the trade codes.", 9),
    ]


def test_descript_ion():
    assert parse_fixture("DESCRIPT.ION") == [
        IndexEntry("readme.txt", "Read this first", 1),
        IndexEntry("Spinward Marches.sec", "Sector file with spaces in its name", 2),
        IndexEntry("notes.txt", "Session notes\nSecond line\nThird line with C:\\TRAV", 3),
        IndexEntry("deckplan.gif", "Deck plan of a Type S scout", 4),
        IndexEntry("gone file.txt", "Listed but missing", 5),
    ]


def test_simtel_listing():
    assert parse_fixture("simtel/00-index.txt") == [
        IndexEntry("TRAVGEN.ARC", "Traveller character generator", 6, 23456, "1988-04-12"),
        IndexEntry("SUBSECT.ARC", "Subsector map printer", 7, 12800, "1989-11-30"),
        IndexEntry("TRAVFAQ.TXT", "Frequently asked questions", 8, 4096, "1992-03-01"),
    ]


@pytest.mark.parametrize("marker", ["\x04\xc2", "\x04\u252c", "\x04\xac", "\x04\ufffd"])
def test_total_commander_marker_however_it_was_decoded(marker):
    entries = parse_index("descript.ion", f"log.txt Day 1\\nDay 2{marker}\n")
    assert entries == [IndexEntry("log.txt", "Day 1\nDay 2", 1)]


def test_descript_ion_other_program_data_is_not_description():
    # 4DOS: 0x04 ends the description; an id byte and another program's data follow.
    entries = parse_index("DESCRIPT.ION", "a.txt Path C:\\new\x04Zsome data\r\n")
    assert entries == [IndexEntry("a.txt", "Path C:\\new", 1)]


def test_descript_ion_odd_lines():
    text = '"unclosed name.txt desc\n\n"" an empty name\nsolo\nb.txt\tafter a tab\n'
    assert parse_index("descript.ion", text) == [
        IndexEntry("unclosed", "name.txt desc", 1),  # unclosed quote: read without it
        IndexEntry("solo", "", 4),
        IndexEntry("b.txt", "after a tab", 5),
    ]


def test_00index_skips_prose_and_stray_continuations():
    text = (
        "    indented before any entry\n"
        "Welcome.  These are the files.\n"
        "Files in this area:\n"
        "----------------------\n"
        "a.txt desc with one space\n"
        "\n"
        "    after a blank line: not a continuation\n"
        "b       padded\n"
    )
    assert parse_index("INDEX", text) == [
        IndexEntry("a.txt", "desc with one space", 5),
        IndexEntry("b", "padded", 8),
    ]


def test_files_bbs_bar_only_stripped_near_the_description_column():
    text = (
        "A.ZIP  100  01-02-93  first\r\n"
        "                              | at column 31\r\n"
        "     | at column 6 stays\r\n"
        "\t\t\t\t| tabs to column 33\r\n"
    )
    assert parse_index("files.bbs", text) == [
        IndexEntry("A.ZIP", "first\nat column 31\n| at column 6 stays\ntabs to column 33", 1, 100,
                   "1993-01-02"),
    ]


@pytest.mark.parametrize(
    ("line", "size", "date"),
    [
        ("X.ZIP 5 12/31/99 d", 5, "1999-12-31"),
        ("X.ZIP 5 1-2-80 d", 5, "1980-01-02"),
        ("X.ZIP 5 02-29-02 d", 5, None),  # 2002 was no leap year
        ("X.ZIP 5 06-30-1996 d", 5, "1996-06-30"),
    ],
)
def test_pcboard_dates(line, size, date):
    [entry] = parse_index("FILES.BBS", line)
    assert (entry.name, entry.size, entry.date, entry.description) == ("X.ZIP", size, date, "d")


def test_files_bbs_comment_and_cr_only_lines():
    text = ".comment\rA.ZIP short form\r.another\r    orphan continuation\rB.ZIP\r"
    assert parse_index("files.bbs", text) == [
        IndexEntry("A.ZIP", "short form", 2),
        IndexEntry("B.ZIP", "", 5),
    ]


def test_not_an_index_file_gives_nothing():
    assert parse_index("README", "a.txt something\n") == []


# --- attach -------------------------------------------------------------------

BBS_FOLDER = ["FILES.BBS", "SECTOR.ZIP", "STARSHIP.ARC", "TravChar.Zip", "UWP.DOC", "NEW.ZIP"]


def test_attach_files_bbs_to_its_folder():
    entries = parse_fixture("FILES.BBS")
    result = attach(entries, BBS_FOLDER)
    assert set(result.descriptions) == {"SECTOR.ZIP", "STARSHIP.ARC", "TravChar.Zip", "UWP.DOC"}
    assert result.descriptions["TravChar.Zip"].size == 23456  # DOS: case ignored
    assert result.missing == ["MISSING.ZIP", "ODD.TXT"]
    assert result.unlisted == ["NEW.ZIP"]  # FILES.BBS itself is never "unlisted"


def test_attach_descript_ion_quoted_names():
    entries = parse_fixture("DESCRIPT.ION")
    siblings = ["DESCRIPT.ION", "Spinward Marches.sec", "README.TXT", "notes.txt", "map.gif"]
    result = attach(entries, siblings)
    assert sorted(result.descriptions) == ["README.TXT", "Spinward Marches.sec", "notes.txt"]
    assert result.missing == ["deckplan.gif", "gone file.txt"]
    assert result.unlisted == ["map.gif"]


def test_attach_directory_entry_with_slash():
    result = attach(parse_fixture("00index.txt"), ["sectors", "00index.txt"])
    assert list(result.descriptions) == ["sectors"]


def test_exact_case_sibling_wins():
    entry = IndexEntry("Readme.txt", "the mixed-case one", 1)
    result = attach([entry], ["README.TXT", "Readme.txt", "readme.txt"])
    assert result.descriptions == {"Readme.txt": entry}
    assert result.unlisted == ["README.TXT", "readme.txt"]


def test_exact_case_entry_wins_over_earlier_entry():
    loose = IndexEntry("NOTES.TXT", "upper-case entry", 1)
    exact = IndexEntry("notes.txt", "exact entry", 2)
    assert attach([loose, exact], ["notes.txt"]).descriptions == {"notes.txt": exact}
    assert attach([exact, loose], ["notes.txt"]).descriptions == {"notes.txt": exact}
    first = IndexEntry("Notes.txt", "first of two inexact", 3)
    assert attach([first, loose], ["notes.txt"]).descriptions == {"notes.txt": first}


def test_attach_empty():
    assert attach([], []) == Attachment({}, [], [])
    assert attach([], ["b", "a", "INDEX"]) == Attachment({}, [], ["a", "b"])


# --- properties ---------------------------------------------------------------

LINE_ALPHABET = ' \t"|.\\n\x04\xc2\x1a\x0c-/:<>aAbBzZ019PD#'
index_text = st.one_of(
    st.text(),
    st.lists(st.text(alphabet=LINE_ALPHABET, max_size=50), max_size=20).map("\r\n".join),
)
INDEX_FILE_NAMES = ["00index.txt", "INDEX", "files.bbs", "DESCRIPT.ION", "other.txt"]


@settings(deadline=None)
@given(st.sampled_from(INDEX_FILE_NAMES), index_text)
def test_parse_index_never_raises(filename, text):
    entries = parse_index(filename, text)
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for entry in entries:
        assert isinstance(entry, IndexEntry) and entry.name
        assert 1 <= entry.line <= line_count


names = st.text(alphabet="aAbB.", min_size=1, max_size=4) | st.sampled_from(
    ["INDEX", "files.bbs", "Descript.Ion", "00index.txt"]
)


@settings(deadline=None)
@given(
    st.lists(st.builds(IndexEntry, name=names, description=st.just(""), line=st.integers(1, 9))),
    st.lists(names),
)
def test_attach_partitions_the_names(entries, siblings):
    result = attach(entries, siblings)
    described, unlisted = set(result.descriptions), set(result.unlisted)
    assert described <= set(siblings) and not described & unlisted
    for sibling in siblings:
        assert sibling in described or sibling in unlisted or index_kind(sibling) is not None
    assert not any(index_kind(name) for name in unlisted)
    assert set(result.missing) <= {entry.name for entry in entries}
    assert result.missing == sorted(set(result.missing))
    assert result.unlisted == sorted(unlisted)
    folded = {s.casefold() for s in siblings}
    for entry in entries:
        assert (entry.name.rstrip("/") or entry.name).casefold() in folded or (
            entry.name in result.missing
        )
    assert all(entry in entries for entry in result.descriptions.values())


def test_a_form_feed_inside_a_line_separates_words():
    assert [(e.name, e.description) for e in parse_index("00index.txt", "\x0cA.ZIP\x0cdesc\n")] \
        == [("A.ZIP", "desc")]
