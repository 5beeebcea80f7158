"""Tests for legacy_archive.identify: a file's kind from its content first."""

import pytest
from legacy_archive.identify import extension, identify, is_active

SECTOR = (b"# Spinward Fringe\n"
          b"Vorlash       0304 B564877-9  N Ag Ri           A  512 Im G2 V\n"
          b"Quellin Deep  0517 X420000-0    Ba Po              003 Na M4 V M7 D\n"
          b"Regina        1910 A788899-C  A Hi Ri              703 Im F7 V\n")


@pytest.mark.parametrize(("head", "kind", "detail"), [
    (b"GIF87a\x01\x00\x01\x00", "image", "GIF87a"),
    (b"GIF89a\x01\x00\x01\x00", "image", "GIF89a"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", "JPEG"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image", "PNG"),
    (b"PK\x03\x04\x14\x00", "zip", "ZIP"),
    (b"PK\x05\x06" + b"\x00" * 18, "zip", "ZIP (empty)"),
    (b"\x60\xea\x26\x00", "container", "ARJ"),
    (b"\x1f\x8b\x08\x00", "container", "gzip"),
    (b"Rar!\x1a\x07\x00", "container", "RAR"),
    (b"MZ\x90\x00\x03\x00", "executable", "DOS/Windows executable"),
    (b"%PDF-1.2\n", "binary", "PDF"),
    (b"\x24\x00-lh5-\x10\x20\x00\x00", "container", "LZH (LHarc)"),
    (b"\x1f\x00-lh0-\x10\x20\x00\x00", "container", "LZH (LHarc)"),
    (b"\x1a\x08GAME.DOC\x00", "container", "ARC"),
])
def test_magic_bytes_decide_whatever_the_name(head, kind, detail):
    assert identify("README.TXT", head) == (kind, detail)


def test_empty_file():
    assert identify("a.txt", b"") == ("empty", "empty file")


@pytest.mark.parametrize("name", ["page.txt", "PAGE", "page.htm"])
def test_html_found_by_content_whatever_the_extension(name):
    head = b"<HTML><HEAD><TITLE>Ship list</TITLE></HEAD><BODY><P>Hi</BODY></HTML>"
    assert identify(name, head) == ("html", "HTML page")


def test_html_extension_with_tags_but_no_html_start_is_html():
    assert identify("frag.html", b"Some text\n<p>para</p>\n") == ("html", "HTML page")


def test_text_mentioning_tags_without_html_start_stays_text():
    assert identify("notes.txt", b"Use <p> for paragraphs.\n") == ("text", "text")


@pytest.mark.parametrize(("name", "head"), [
    ("ship.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
    ("ship.SVG", b'<svg>\n<rect/></svg>'),
    ("ship.dat", b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'),
])
def test_svg(name, head):
    assert identify(name, head) == ("svg", "SVG image")


@pytest.mark.parametrize(("name", "head"), [
    ("data.xml", b'<?xml version="1.0"?>\n<worlds><world/></worlds>'),
    ("data.txt", b'<?xml version="1.0"?>\n<worlds/>'),
    ("style.xsl", b"<stylesheet/>"),
])
def test_xml(name, head):
    assert identify(name, head) == ("xml", "XML document")


@pytest.mark.parametrize("marker", [
    b"From someone@example.org Thu Jan  5 10:00:00 1990",
    b"-------- TML Message #12 --------",
    b"Archive-Message-Number: 2332",
    b"TML Bundles come from the archives of the Traveller Mailing List,",
    b"TML bundles come from the archives maintained by",
    b"TRAVELLER Digest 123",
    b"Traveller-digest V1996 #778",
    b"Foo Digest Volume 3",
    b"Foo Digest Vol 3 Issue 4",
])
def test_each_mail_marker_with_a_header_line_gives_mail(marker):
    head = b"Preamble line\n" + marker + b"\n\nSubject: Re: Food in Space\n\nbody\n"
    assert identify("BN001050.TXT", head) == ("mail", "mail collection")


@pytest.mark.parametrize("head", [
    b"Date: Tue, 30 Jan 90\nFrom: a@b\nSubject: s\n\nbody\n",
    b"preamble\nRECEIVED: x\nreturn-path: <a@b>\nTo: list\n\nbody\n",
])
def test_three_header_lines_give_mail_without_a_marker(head):
    assert identify("BN001050.TXT", head) == ("mail", "mail collection")


def test_digest_wrapped_in_html_is_mail():
    head = (b"<HTML><BODY><FONT SIZE=2>Traveller-digest V1999 #926<BR>\n"
            b"<BR>Date: Mon, 1 Feb 1999<BR>\n<BR>From: someone<BR>\n<BR>Subject: s<BR>\n")
    assert identify("td1999.926", head)[0] == "mail"


def test_digest_with_volume_year_marker_is_mail():
    head = b"XBOAT Digest V1997 #12\n\nSubject: Re: Jump drives\n\ntext\n"
    assert identify("xb9712.txt", head)[0] == "mail"


def test_listproc_digest_with_a_long_topic_list_is_mail():
    topics = b"".join(b"  %2d) Re: Food in Space  by Person <user@example.edu>\n" % n
                      for n in range(1, 80))
    head = (b"\t\t\t TRAVELLER Digest 41\n\nTopics covered in this issue include:\n\n"
            + topics + b"\n" + b"-" * 70 + b"\n\nDate: Wed, 14 Sep 1994 22:08:51 -0400\n"
            b"From: Person <usera@example.edu>\nTo: traveller@example.com\n"
            b"Subject: Re: Food in Space\n\nbody\n")
    assert identify("digest.041", head)[0] == "mail"


def test_two_headers_alone_are_not_mail():
    assert identify("a.txt", b"Date: 1993\nFrom: me\n\nA note.\n") == ("text", "text")


def test_three_world_lines_are_sector_data():
    assert identify("spin.sec", SECTOR) == ("sector", "sector data")


def test_two_world_lines_are_just_text():
    two = b"\n".join(SECTOR.splitlines()[:3])
    assert identify("spin.sec", two) == ("text", "text")


@pytest.mark.parametrize(("name", "detail"), [
    ("00index.txt", "00index"), ("pub/00-INDEX.TXT", "00index"), ("INDEX", "00index"),
    ("FILES.BBS", "files.bbs"), ("area/descript.ion", "descript.ion"),
])
def test_index_files_by_name(name, detail):
    assert identify(name, b"ship.txt  A ship\n") == ("index", detail)


def test_plain_text():
    assert identify("story.txt", b"Once upon a time.\n\fPage two\x1a") == ("text", "text")


@pytest.mark.parametrize(("name", "expected"), [
    ("junk.dat", ("binary", "data")),
    ("pic.gif", ("image", "GIF")),
    ("PIC.PCX", ("image", "PCX")),
])
def test_binary_junk(name, expected):
    assert identify(name, b"\x00\x01\x02\x03garbage\x00" * 10) == expected


def test_many_control_bytes_without_nul_are_binary():
    assert identify("x.bin", b"\x01\x02\x03\x04\x05" * 20 + b"text") == ("binary", "data")


@pytest.mark.parametrize("name", [
    "a.HTM", "a.htm", "a.HTML", "a.html", "a.svg", "a.SVG", "a.xml", "a.XML",
    "dir/a.Shtml", "a.xhtml", "a.svgz", "a.xsl", "a.MHT",
])
def test_is_active_for_script_capable_extensions_any_case(name):
    assert is_active(name)


@pytest.mark.parametrize("name", ["a.txt", "a.html.txt", "html", "dir.html/readme", "a.gif"])
def test_is_active_false_for_others(name):
    assert not is_active(name)


def test_extension_ignores_dots_in_folder_names():
    assert extension("dir.d/file") == ""
    assert extension("dir/file.TXT") == ".txt"
    assert extension("file.tar.gz") == ".gz"


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_text_with_a_bom_is_text_not_binary(bom):
    head = bom + "Jump drives\r\n".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    assert identify("notes.txt", head)[0] == "text"


@pytest.mark.parametrize("name", ["feed.rss", "feed.ATOM", "x.rdf", "s.xsd", "m.kml",
                                  "f.mathml", "o.opml"])
def test_every_xml_type_a_browser_renders_is_active(name):
    assert is_active(name)
