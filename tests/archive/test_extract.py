"""Tests for legacy_archive.extract: title, authors, date and description of a file."""

import struct
import zlib

import pytest
from legacy_archive.extract import (
    EXTRACTORS,
    clean_line,
    extract_image,
    extract_index,
    extract_markup,
    extract_text,
    image_size,
    text_description,
    text_title,
)
from legacy_archive.model import Item


def item(rel="a.txt", kind="text", detail="", **fields):
    return Item(rel=rel, safe_rel=rel, size=0, sha256="", kind=kind, detail=detail, **fields)


def extracted(text, **fields):
    result = item(**fields)
    extract_text(result, text.encode("utf-8"), text)
    return result


def gif(width, height, trailer=True):
    data = b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00" + b"\x00" * 6
    data += b",\x00\x00\x00\x00" + struct.pack("<HH", width, height) + b"\x00\x02\x02D\x01\x00"
    return data + (b";" if trailer else b"")


def png(width, height):
    def chunk(kind, body):
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def jpeg(width, height, sof=0xC0, end=True):
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dht = b"\xff\xc4" + struct.pack(">H", 5) + b"\x00\x00\x00"   # must not be taken as a SOF
    sof_segment = (bytes([0xFF, sof]) + struct.pack(">HBHHB", 11, 8, height, width, 1)
                   + b"\x01\x11\x00")
    sos = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00" + b"\x12\x34" * 8
    return b"\xff\xd8" + app0 + dht + sof_segment + sos + (b"\xff\xd9" if end else b"")


# --- titles -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "title"), [
    ("*****************************\n*  STARSHIP DESIGNS  *\n****\n", "STARSHIP DESIGNS"),
    ("=====================\n\nThe Spinward Marches\n", "The Spinward Marches"),
    ("╔════════════╗\n║ Merchant Prince ║\n╚════════════╝\n", "Merchant Prince"),
    ("-=-=-=-=-=-=-=-\n~~ Free Trader ~~\n", "Free Trader"),
    ("From: someone@example.org\nDate: 1 Jan 1990\nSubject: x\n\nReal Title Here\n",
     "Real Title Here"),
    ("Subject: hello\nTo: list\nRECEIVED: by host\nActual heading\n", "Actual heading"),
    ("12 34\n== 1 ==\nab\nThird line wins\n", "Third line wins"),
])
def test_title_skips_decoration_box_drawing_and_header_lines(text, title):
    assert text_title(text) == title


def test_no_title_in_decoration_only_text():
    assert text_title("****\n====\n1234\n") == ""


def test_title_is_limited_in_length():
    assert len(text_title("Word " * 50)) <= 100


def test_clean_line_strips_decoration_and_collapses_spaces():
    assert clean_line("  ***  Big   News  ***  ") == "Big News"
    assert clean_line("Tom & Jerry") == "Tom & Jerry"


# --- byline, dateline, copyright ---------------------------------------------

@pytest.mark.parametrize(("line", "author"), [
    ("By: John Smith", "John Smith"),
    ("by Jane Q. Public", "Jane Q. Public"),
    ("Written by: A. Nother", "A. Nother"),
    ("Author - Marc Miller", "Marc Miller"),
    ("Compiled by The TML Admin", "The TML Admin"),
])
def test_byline_gives_the_author(line, author):
    result = extracted(f"STARSHIP DESIGNS\n{line}\n\nSome text.\n")
    assert result.authors == [author]


def test_no_byline_no_authors():
    assert extracted("STARSHIP DESIGNS\n\nDeck plans for 3 ships.\n").authors == []


def test_wrapped_prose_line_starting_with_by_is_not_a_byline():
    text = "STARSHIP DESIGNS\n\nThese hulls were first described\nby the Imperial Navy in 1105.\n"
    assert extracted(text).authors == []


@pytest.mark.parametrize(("line", "date"), [
    ("Date: 12 Mar 1993", "1993-03-12"),
    ("Updated: 1994-05", "1994-05"),
    ("Revised 3/12/93", "1993-03-12"),
    ("Copyright (c) 1994 Someone", "1994"),
    ("(C)1989 GDW", "1989"),
    ("© 2001 Fan", "2001"),
])
def test_dateline_or_copyright_gives_the_date(line, date):
    result = extracted(f"STARSHIP DESIGNS\n{line}\n\nBody text.\n")
    assert (result.date, result.date_source) == (date, "content")


def test_no_date_leaves_date_and_source_empty():
    result = extracted("STARSHIP DESIGNS\n\nBody text about 7 ships.\n")
    assert (result.date, result.date_source) == ("", "")


def test_sidecar_values_already_set_are_not_overwritten():
    result = extracted("STARSHIP DESIGNS\nBy: John Smith\nDate: 1 Jan 1990\n\nBody.\n",
                       title="Given", authors=["Given Author"], date="1999",
                       date_source="sidecar", description="Given desc",
                       description_source="sidecar")
    assert (result.title, result.authors, result.date, result.description) == (
        "Given", ["Given Author"], "1999", "Given desc")
    assert (result.date_source, result.description_source) == ("sidecar", "sidecar")


# --- description ----------------------------------------------------------------

def test_description_is_first_paragraph_after_the_title_skipping_by_and_date_lines():
    text = ("*** STARSHIP DESIGNS ***\n\nBy: John Smith\nDate: 1 Jan 1990\n\n"
            "Three new hulls for\nthe free trader\n\nSecond paragraph.\n")
    result = extracted(text)
    assert result.title == "STARSHIP DESIGNS"
    assert result.description == "Three new hulls for the free trader"
    assert result.description_source == "content"


def test_description_keeps_the_punctuation_of_its_prose():
    text = "STARSHIP DESIGNS\n\nThree new hulls.\n(See the map.)\n"
    assert extracted(text).description == "Three new hulls. (See the map.)"


def test_long_first_paragraph_is_cut_with_an_ellipsis():
    text = "TITLE LINE\n\n" + "\n".join(["word " * 12] * 10) + "\n"
    description = text_description(text)
    assert description.endswith("…")
    assert len(description) == 238


def test_no_paragraph_after_title_gives_empty_description():
    result = extracted("ONLY A TITLE\n\n\n")
    assert (result.description, result.description_source) == ("", "")


def test_description_still_found_when_title_comes_from_a_sidecar():
    result = extracted("THE FILE'S OWN TITLE\n\nFirst paragraph here.\n", title="Sidecar title")
    assert result.description == "First paragraph here."


def test_description_found_after_a_title_line_longer_than_the_title_limit():
    result = extracted("Long " * 30 + "\n\nThe first paragraph.\n")
    assert result.description == "The first paragraph."


# --- images ---------------------------------------------------------------------

def test_image_sizes_from_constructed_headers():
    assert image_size(gif(320, 200)) == (320, 200)
    assert image_size(png(640, 480)) == (640, 480)
    assert image_size(jpeg(800, 600)) == (800, 600)
    assert image_size(jpeg(17, 9, sof=0xC2)) == (17, 9)
    assert image_size(b"BM\x00\x00") is None
    assert image_size(b"GIF8") is None


@pytest.mark.parametrize(("data", "detail", "size"), [
    (gif(320, 200), "GIF89a", (320, 200)),
    (png(640, 480), "PNG", (640, 480)),
    (jpeg(800, 600), "JPEG", (800, 600)),
    (jpeg(800, 600) + b"\x00\x00", "JPEG", (800, 600)),
])
def test_whole_images_get_their_size_and_no_finding(data, detail, size):
    result = item("p.img", kind="image", detail=detail)
    extract_image(result, data, None)
    assert (result.extra["width"], result.extra["height"]) == size
    assert result.findings == []


def test_truncated_gif_is_image_broken_but_keeps_its_size():
    result = item("p.gif", kind="image", detail="GIF89a")
    extract_image(result, gif(320, 200, trailer=False), None)
    assert [f.code for f in result.findings] == ["image-broken"]
    assert "truncated" in result.findings[0].message
    assert result.extra["width"] == 320


def test_truncated_jpeg_is_image_broken():
    result = item("p.jpg", kind="image", detail="JPEG")
    extract_image(result, jpeg(8, 8, end=False), None)
    assert [f.code for f in result.findings] == ["image-broken"]


def test_unreadable_image_header_is_image_broken():
    result = item("p.pcx", kind="image", detail="PCX")
    extract_image(result, b"\x0a\x05\x01\x08junk", None)
    assert [f.code for f in result.findings] == ["image-broken"]
    assert "width" not in result.extra


def test_tiny_gif_reports_both_truncation_and_unreadable_header():
    result = item("p.gif", kind="image", detail="GIF87a")
    extract_image(result, b"GIF87a\x01", None)
    assert [f.code for f in result.findings] == ["image-broken", "image-broken"]


# --- index files and markup --------------------------------------------------------

def test_index_extraction_stores_entries_title_and_description():
    text = "ship.txt     A free trader\n             with deck plans\nmap.gif      Sector map\n"
    result = item("pub/00index.txt", kind="index", detail="00index")
    extract_index(result, text.encode(), text)
    assert result.extra["entries"] == [
        ["ship.txt", "A free trader\nwith deck plans", 1, None, None],
        ["map.gif", "Sector map", 3, None, None],
    ]
    assert result.title == "Index of this folder (00index)"
    assert result.description == "Describes 2 files of this folder."


def test_files_bbs_entries_keep_size_and_date():
    text = "SHIPS.ZIP    12345  03-12-93  Deck plans\n"
    result = item("FILES.BBS", kind="index", detail="files.bbs")
    extract_index(result, text.encode(), text)
    assert result.extra["entries"] == [["SHIPS.ZIP", "Deck plans", 1, 12345, "1993-03-12"]]


@pytest.mark.parametrize(("text", "title"), [
    ("<html><head><title> The  <b>Ship</b>\n List </title></head>", "The Ship List"),
    ("<html><body><H2 class=x>Heading</H2><h1>Later</h1>", "Heading"),
    ("<svg><title>Map of Regina</title></svg>", "Map of Regina"),
    ("<html><body><p>no title</p></body></html>", ""),
])
def test_markup_title_from_title_tag_or_first_heading(text, title):
    result = item("a.html", kind="html")
    extract_markup(result, text.encode(), text)
    assert result.title == title


def test_every_text_like_kind_has_an_extractor():
    assert set(EXTRACTORS) == {"text", "mail", "sector", "html", "xml", "svg", "index", "image",
                               "zip"}


def test_truncated_png_is_image_broken():
    result = item("p.png", kind="image", detail="PNG")
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\x00\x00\x10" * 2 + b"\x08\x02"
    extract_image(result, data, None)
    assert [f.code for f in result.findings] == ["image-broken"]
    assert "IEND" in result.findings[0].message
