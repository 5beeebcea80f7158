"""legacy_archive.htmlpage: 1990s pages become safe, valid HTML5 fragments for our theme."""

import html
import random
import re
import time
import warnings
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import html5lib
import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive import htmlpage
from legacy_archive.htmlpage import CleanPage, Link, anchor_id, clean_html

from tools.check_site import check_html

FIXTURES = Path(__file__).parent / "fixtures" / "html"
REPO = Path(__file__).resolve().parents[2]
OLD_HOSTS = ("traveller.mu.org", "www.umr-ee.example.edu", "vax2.umr-ee.example.edu")
FAILED = "the whole page (it could not be cleaned)"

# A small archive: what exists, and where the site publishes it.
ARCHIVE = {
    "", "web/index.html", "web/ships.html", "web/tml.html", "web/links.html",
    "ships/SCOUT.TXT", "ships/corsair.txt", "rules/HOUSRULE.TXT", "XBOAT",
    "images/tmllogo.gif", "images/Scout Courier.gif", "images/jumpmap.gif",
}

# What a cleaned fragment may contain, written out independently of the module.
TAGS = {
    "a", "abbr", "address", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "dfn", "div", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
}   # no h1: our page's own h1 stays the only one
ATTRIBUTES = {"id", "title", "class", "href", "rel", "src", "alt", "width", "height",
              "colspan", "rowspan", "start", "type", "value"}
CLASSES = {"center", "indent", "bordered", "dead-link", "external-image", "image-map"}


def resolve(path):
    if path not in ARCHIVE:
        return None
    if path in ("", "XBOAT"):
        return f"archive/{path}/".replace("//", "/")
    suffix = "" if path.endswith(".html") else ".html"
    return f"archive/{quote(path)}{suffix}"


def clean(text, page="web/page.html", **options):
    options.setdefault("old_hosts", OLD_HOSTS)
    return clean_html(text, page, resolve, **options)


def fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def soup(body):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(body, "html5lib").body


def assert_inert(body):
    """Only allowlisted elements, attributes and classes; no script URL; unique legacy ids."""
    ids = []
    for tag in soup(body).find_all(True):
        assert tag.name in TAGS, tag.name
        assert set(tag.attrs) <= ATTRIBUTES, tag.attrs
        for name in ("href", "src"):
            assert not re.match(r"\s*(java|vb)script:|\s*data:|\s*file:", tag.get(name, ""), re.I)
        assert set(tag.get("class", [])) <= CLASSES
        if tag.get("id") is not None:
            assert tag["id"].startswith("legacy-")
            ids.append(tag["id"])
    assert len(ids) == len(set(ids))


def only_link(body):
    links = soup(body).find_all("a")
    assert len(links) == 1, body
    return links[0]


# --- hostile constructs ------------------------------------------------------------

HOSTILE = [
    ("<html><head><script>alert(1)</script></head><body><p>x", "script element"),
    ("<p>x<SCRIPT LANGUAGE=JavaScript>alert(1)</SCRIPT>", "script element"),
    ('<body onLoad="alert(1)"><p>x', "onload handler on <body>"),
    ('<p onMouseOver="alert(1)">x', "onmouseover handler on <p>"),
    ('<a href="ships.html" OnClick="alert(1)">x</a>', "onclick handler on <a>"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: link"),
    ('<a href="  JaVaScRiPt:alert(1)">x</a>', "javascript: link"),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript: link"),
    ('<a href="jav\nascript&colon;alert(1)">x</a>', "javascript: link"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "javascript: link"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: link"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "data: link"),
    ('<a href="file:///C|/page.html">x</a>', "local file link"),
    ('<a href="C:\\WINDOWS\\page.htm">x</a>', "local file link"),
    ('<base href="http://evil.example/"><p>x', "<base href>"),
    ('<meta http-equiv="Refresh" content="0;url=http://evil.example/"><p>x',
     "<meta http-equiv=refresh>"),
    ('<p style="width: expression(alert(1))">x</p>', "style expression()"),
    ('<p style="width: e\\xpression(alert(1))">x</p>', "style expression()"),
    ('<div style="background:url(javascript:alert(1))">x</div>', "script URL in a style"),
    ("<svg><script>alert(1)</script></svg><p>x", "svg element"),
    ("<svg><script>alert(1)</script></svg><p>x", "script element"),
    ('<iframe src="http://evil.example/" srcdoc="<script>alert(1)</script>">x</iframe>', "iframe"),
    ('<object data="x.swf"><param name=movie value="x.swf">fallback</object>',
     "object element (its fallback content kept)"),
    ('<applet code="Mapper.class">fallback</applet>', "Java applet (its fallback content kept)"),
    ('<embed src="theme.mid" autostart=true>', "embed element"),
    ('<form action="http://evil.example/cgi-bin/x"><input name=a>text</form>',
     "form (its text kept)"),
    ('<form><input name=a><select><option>b</select><button>c</button></form>',
     "3 form fields"),
    ('<img src=x onerror="alert(1)">', "onerror handler on <img>"),
    ('<img src="javascript:alert(1)">', "javascript: image source"),
    ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "data: image source"),
    ('<link rel=stylesheet href="http://evil.example/x.css"><p>x', "<link rel=stylesheet>"),
    ("<style>@import url(http://evil.example/x.css);</style><p>x", "style element"),
    ("<!--[if IE]><script>alert(1)</script><![endif]--><p>x", "conditional comment"),
    ("<![if !IE]><p>x<![endif]>", "2 conditional comments"),
    ("<p>x<![CDATA[<b>x</b>]]>", "CDATA section"),
    ('<bgsound src="theme.mid">', "background sound"),
]


@pytest.mark.parametrize(("text", "sentence"), HOSTILE)
def test_hostile_constructs_are_removed_and_reported(text, sentence):
    page = clean(text)
    assert sentence in page.removed
    assert_inert(page.body)
    assert "alert" not in page.body
    assert "evil.example" not in page.body


def test_the_hostile_fixture_page_is_inert_and_every_removal_is_reported():
    page = clean(fixture("hostile.html"))
    assert_inert(page.body)
    for sentence in ["<base href>", "<meta http-equiv=refresh>", "<link rel=stylesheet>",
                     "style element", "3 script elements", "conditional comment",
                     "onload handler on <body>", "onunload handler on <body>",
                     "onmouseover handler on <h1>", "onclick handler on <a>",
                     "style expression()", "script URL in a style", "svg element", "iframe",
                     "embed element", "form (its text kept)", "3 form fields",
                     "onerror handler on <img>", "4 javascript: links", "vbscript: link",
                     "data: link", "2 local file links", "javascript: image source",
                     "data: image source", "CDATA section"]:
        assert sentence in page.removed
    assert "a harmless style" in page.body and "color" not in page.body
    text = soup(page.body).get_text()
    assert "Your browser cannot show the movie." in text   # object fallback kept
    assert "You have scripts turned off." in text           # noscript shown: scripts are gone
    assert "hidden" not in text                              # document.write never ran
    assert [link.status for link in page.links][:8] == ["dropped"] * 8


def test_removed_sentences_count_repeats_in_order_of_first_appearance():
    page = clean("<script>1</script><p onclick=x>a<script>2</script><p onclick=y>b")
    assert page.removed == ["2 script elements", "2 onclick handlers on <p>"]


def test_a_dropped_link_keeps_its_text_without_a_link():
    page = clean('<p>Go <a href="javascript:history.back()">back</a>.')
    assert page.links == [Link("javascript:history.back()", "", "dropped")]
    assert soup(page.body).find("a") is None
    assert soup(page.body).get_text() == "Go back."


# --- links -------------------------------------------------------------------------

LINKS = [
    # href in web/page.html, Link.target, Link.status, href written in the body
    ("ships.html", "archive/web/ships.html", "archive", "ships.html"),
    ("./ships.html#Kestrel", "archive/web/ships.html#legacy-Kestrel", "archive",
     "ships.html#legacy-Kestrel"),
    ("../ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "archive", "../ships/SCOUT.TXT.html"),
    ("../ships/scout.txt", "archive/ships/SCOUT.TXT.html", "archive", "../ships/SCOUT.TXT.html"),
    ("../SHIPS/Scout.Txt", "archive/ships/SCOUT.TXT.html", "archive", "../ships/SCOUT.TXT.html"),
    ("../images/Scout%20Courier.gif", "archive/images/Scout%20Courier.gif.html", "archive",
     "../images/Scout%20Courier.gif.html"),
    ("../ships/SCOUT.TXT?download=1#top", "archive/ships/SCOUT.TXT.html#top", "archive",
     "../ships/SCOUT.TXT.html#top"),
    ("..\\ships\\SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "archive",
     "../ships/SCOUT.TXT.html"),
    ("../../../../ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "archive",
     "../ships/SCOUT.TXT.html"),
    ("/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "archive", "../ships/SCOUT.TXT.html"),
    ("../XBOAT/", "archive/XBOAT/", "archive", "../XBOAT/"),
    ("./", "archive/web/index.html", "archive", "index.html"),
    ("http://traveller.mu.org/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "old-host",
     "../ships/SCOUT.TXT.html"),
    ("http://www.traveller.mu.org/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "old-host",
     "../ships/SCOUT.TXT.html"),
    ("HTTP://Traveller.MU.org:8080/ships/scout.txt", "archive/ships/SCOUT.TXT.html",
     "old-host", "../ships/SCOUT.TXT.html"),
    ("https://traveller.mu.org/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "old-host",
     "../ships/SCOUT.TXT.html"),
    ("//traveller.mu.org/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html", "old-host",
     "../ships/SCOUT.TXT.html"),
    ("ftp://vax2.umr-ee.example.edu/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html",
     "old-host", "../ships/SCOUT.TXT.html"),
    ("http://umr-ee.example.edu/~pvh/travarch/ships/SCOUT.TXT", "archive/ships/SCOUT.TXT.html",
     "old-host", "../ships/SCOUT.TXT.html"),
    ("http://traveller.mu.org/traveller/web/ships.html#Kestrel",
     "archive/web/ships.html#legacy-Kestrel", "old-host", "ships.html#legacy-Kestrel"),
    ("http://traveller.mu.org/", "archive/", "old-host", "../"),
    ("#specs", "#legacy-specs", "anchor", "#legacy-specs"),
    ("http://www.netcom.example.com/~cduarte/traveller.html",
     "http://www.netcom.example.com/~cduarte/traveller.html", "external",
     "http://www.netcom.example.com/~cduarte/traveller.html"),
    ("http://www.example.com/my page.html", "http://www.example.com/my%20page.html",
     "external", "http://www.example.com/my%20page.html"),
    ("http://www.example.com/a%zz|b", "http://www.example.com/a%25zz%7Cb", "external",
     "http://www.example.com/a%25zz%7Cb"),
    ("gopher://gopher.example.edu:70/11/games", "gopher://gopher.example.edu:70/11/games",
     "external", "gopher://gopher.example.edu:70/11/games"),
    ("mailto:pegh@umr-ee.example.edu", "mailto:pegh@umr-ee.example.edu", "external",
     "mailto:pegh@umr-ee.example.edu"),
]


@pytest.mark.parametrize(("href", "target", "status", "written"), LINKS)
def test_links_are_rewritten(href, target, status, written):
    page = clean(f'<p><a href="{html.escape(href)}">the text</a>')
    assert page.links == [Link(href, target, status)]
    link = only_link(page.body)
    assert link["href"] == written
    assert link.get_text() == "the text"
    assert (link.get("rel") == ["external", "nofollow"]) == (status == "external")


@pytest.mark.parametrize("href", [
    "../ships/PATROL.TXT",
    "/nowhere/at/all.html",
    "http://traveller.mu.org/ships/GONE.TXT",
    "http://traveller.mu.org/tml/",        # never stripped down to the bare root
    "http://www.umr-ee.example.edu/~pvh/travarch/",
])
def test_a_link_into_the_archive_whose_file_is_gone_is_marked_dead(href):
    page = clean(f'<p>See <a href="{href}">the old file</a>.')
    assert page.links == [Link(href, "", "missing")]
    body = soup(page.body)
    assert body.find("a") is None
    dead = body.find("span", class_="dead-link")
    assert dead.get_text() == "the old file"
    assert dead["title"] == f"{href}: no longer in the archive"


@pytest.mark.parametrize(("href", "sentence"), [
    ("#", None),
    ("http://", "malformed link"),
    ("http://www.example.com:99999/", "malformed link"),
    ("http://xn--e-.example/", "malformed link"),
    ("wais://wais.example.com/db", "wais: link"),
])
def test_unusable_links_are_dropped(href, sentence):
    page = clean(f'<p><a href="{href}">text</a>')
    assert page.links == [Link(href, "", "dropped")]
    assert soup(page.body).find("a") is None
    assert page.removed == ([sentence] if sentence else [])


def test_links_are_written_relative_to_the_page_url():
    text = '<a href="../ships/SCOUT.TXT">s</a>'
    deep = clean(text, page_url="archive/a/b/page.html")
    assert only_link(deep.body)["href"] == "../../ships/SCOUT.TXT.html"
    flat = clean(text, site_prefix="")
    assert only_link(flat.body)["href"] == "../archive/ships/SCOUT.TXT.html"
    assert deep.links == flat.links


def test_a_base_on_an_old_host_resolves_relative_links():
    page = clean(fixture("base.html"), page="saved/base.html")
    assert [(link.target, link.status) for link in page.links] == [
        ("archive/web/ships.html", "archive"), ("archive/ships/SCOUT.TXT.html", "archive")]
    assert page.images[0].target == "archive/images/tmllogo.gif"
    assert page.removed == ["<base href>"]


def test_a_base_elsewhere_is_ignored():
    page = clean('<base href="http://www.example.com/x/"><a href="ships.html">s</a>')
    assert page.links == [Link("ships.html", "archive/web/ships.html", "archive")]


def test_the_links_fixture_page():
    page = clean(fixture("links.html"), page="web/links.html")
    statuses = [link.status for link in page.links]
    assert statuses.count("old-host") == 7
    assert statuses.count("missing") == 2
    assert sum(1 for tag in soup(page.body).find_all("a") if tag.get("rel")) == 7
    assert_inert(page.body)


# --- anchors -------------------------------------------------------------------------


def test_name_anchors_become_prefixed_unique_ids_and_links_follow_them():
    page = clean('<a href="#specs">jump</a> <a href="#Deck%20Plans">deck</a>'
                 '<a href="#DECK PLANS">DECK</a>'
                 '<h2><a name="specs">Specs</a></h2><p><a name="specs">again</a>'
                 '<span id="specs">and again</span> <a name="Deck Plans">Deck</a>')
    body = soup(page.body)
    assert [tag["id"] for tag in body.find_all(id=True)] == [
        "legacy-specs", "legacy-specs-2", "legacy-specs-3", "legacy-Deck-Plans"]
    assert [tag["href"] for tag in body.find_all(href=True)] == [
        "#legacy-specs", "#legacy-Deck-Plans", "#legacy-Deck-Plans"]
    assert not body.find_all(attrs={"name": True})
    assert_inert(page.body)


def test_anchor_ids_are_the_same_for_links_from_other_pages():
    assert anchor_id("Deck Plans") == "legacy-Deck-Plans"
    page = clean('<a href="ships.html#Deck%20Plans">x</a>')
    assert page.links[0].target == "archive/web/ships.html#legacy-Deck-Plans"


# --- images ------------------------------------------------------------------------


def test_archive_images_point_at_the_original_bytes():
    page = clean('<img src="../images/tmllogo.gif" width=64 height="32px" border=0 align=left>'
                 '<img src="../IMAGES/Scout%20Courier.GIF" width="50%">')
    first, second = soup(page.body).find_all("img")
    assert first.attrs == {"src": "../images/tmllogo.gif", "alt": "tmllogo.gif",
                           "width": "64", "height": "32"}
    assert second.attrs == {"src": "../images/Scout%20Courier.gif", "alt": "Scout Courier.GIF"}
    assert page.images == [
        Link("../images/tmllogo.gif", "archive/images/tmllogo.gif", "archive"),
        Link("../IMAGES/Scout%20Courier.GIF", "archive/images/Scout%20Courier.gif", "archive")]


def test_image_urls_can_come_from_the_caller():
    page = clean('<img src="http://traveller.mu.org/images/jumpmap.gif" alt="map">',
                 resolve_image=lambda path: f"originals/{path}")
    assert page.images == [Link("http://traveller.mu.org/images/jumpmap.gif",
                                "originals/images/jumpmap.gif", "old-host")]
    assert soup(page.body).img["src"] == "../../originals/images/jumpmap.gif"


def test_missing_and_external_images_leave_their_alt_text():
    page = clean('<img src="../images/lost.gif" alt="[lost]">'
                 '<img src="http://counter.example.com/c.gif" alt="counter">'
                 '<img src="../images/spacer.gif" alt="">')
    body = soup(page.body)
    assert body.find("img") is None
    dead, external = body.find_all("span")
    assert dead.attrs == {"class": ["dead-link"],
                          "title": "image ../images/lost.gif: no longer in the archive"}
    assert dead.get_text() == "[lost]"
    assert external["class"] == ["external-image"] and external.get_text() == "counter"
    assert [image.status for image in page.images] == ["missing", "external", "missing"]


def test_image_maps_become_lists_of_links():
    page = clean('<img src="../images/jumpmap.gif" usemap="#m"><map name="m">'
                 '<area href="ships.html" alt="Ships"><area href="tml.html"><area nohref></map>')
    body = soup(page.body)
    assert "usemap" not in body.img.attrs
    assert [(a.get_text(), a["href"]) for a in body.select("ul.image-map a")] == [
        ("Ships", "ships.html"), ("tml.html", "tml.html")]


# --- parsed as browsers do ---------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("<p>one<p>two", "<p>one</p><p>two</p>"),
    ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
    ("<p>text<ul><li>x</ul>", "<p>text</p><ul><li>x</li></ul>"),
    ("<b>a<p>b</b>c", "<b>a</b><p><b>b</b>c</p>"),
    ("<table><tr><td>x</table>", "<table><tbody><tr><td>x</td></tr></tbody></table>"),
    ("<table>stray<tr><td>x</table>", "stray<table><tbody><tr><td>x</td></tr></tbody></table>"),
    ('<a href="ships.html">x<a href="tml.html">y</a>',
     '<a href="ships.html">x</a><a href="tml.html">y</a>'),
    ("<h2>a<h3>b</h2>", "<h2>a</h2><h3>b</h3>"),
    ("<p>a<table><tr><td>x</table>",   # quirks mode: the table stays in the paragraph
     "<div>a<table><tbody><tr><td>x</td></tr></tbody></table></div>"),
])
def test_unclosed_and_misnested_markup_is_parsed_as_a_browser_does(text, expected):
    assert clean(text).body == expected


# --- obsolete markup ---------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ('<font face="Arial" size=+2 color=red>big</font>', "big"),
    ("<center>middle</center>", '<div class="center">middle</div>'),
    ("<tt>fixed</tt>", "<code>fixed</code>"),
    ("<strike>struck</strike>", "<s>struck</s>"),
    ("<marquee behavior=scroll>news</marquee>", "news"),
    ("<blink>NEW!</blink> <big>big</big> <small>small</small> <nobr>one line</nobr>",
     "NEW! big <small>small</small> one line"),
    ("<acronym title=x>TML</acronym>", '<abbr title="x">TML</abbr>'),
    ("<xmp><b>raw</b></xmp>", "<pre>&lt;b&gt;raw&lt;/b&gt;</pre>"),
    ('<p align=center class=x lang=en dir=ltr>p</p>', "<p>p</p>"),
    ('<table border=2 width="100%" cellpadding=4 bgcolor=navy align=center><tr>'
     '<td width=50 nowrap valign=top bgcolor=red>x</table>',
     '<table class="bordered"><tbody><tr><td>x</td></tr></tbody></table>'),
    ('<table border=0><tr><td>x</table>', "<table><tbody><tr><td>x</td></tr></tbody></table>"),
    ("<hr width=50% size=3 noshade><br clear=all>", "<hr><br>"),
    ('<ol type=I start=3><li value=5>x</ol><ul type=disc><li value=2>y</ul>',
     '<ol type="I" start="3"><li value="5">x</li></ol><ul><li>y</li></ul>'),
    ("<ul><p>an indent</p></ul>", '<div class="indent"><p>an indent</p></div>'),
    ("<ul>text<li>item</ul>", "<ul><li>text</li><li>item</li></ul>"),
    ("<li>a<li>b", "<ul><li>a</li><li>b</li></ul>"),
    ("<dl><dd>an indent</dl>", '<div><div class="indent">an indent</div></div>'),
    ("<dl><dt>t<dd>d</dl>", "<dl><dt>t</dt><dd>d</dd></dl>"),
    ("<pre>a\n<p>b</pre>", "<pre>a\n\nb</pre>"),
    ("<h3><p>text</p></h3>", "<h3>text</h3>"),
    ("<b><div>block</div></b>", "<div>block</div>"),
    ("<table><tr><th><h3>head</h3></table>",
     "<table><tbody><tr><th><div>head</div></th></tr></tbody></table>"),
    ("<unknown>kept text</unknown> <o:p>word</o:p>", "kept text word"),
])
def test_obsolete_markup_is_converted(text, expected):
    assert clean(text).body == expected


def test_the_layout_fixture_page():
    page = clean(fixture("layout.html"), page="web/layout.html")
    assert_inert(page.body)
    body = soup(page.body)
    assert page.title == "Ship Designs - layout torture"
    assert body.select_one("div.center").get_text() == "NEW! Ship Designs"
    assert [h.get_text() for h in body.find_all("h2")] == ["Designs"]
    assert [tag["id"] for tag in body.find_all(id=True)][:3] == [
        "legacy-specs", "legacy-specs-2", "legacy-specs-3"]
    assert body.select_one("table.bordered caption").get_text() == "Kestrel"
    assert [a.get_text() for a in body.select("ul.image-map a")] == ["Home", "links.html"]
    assert "Everything after plaintext is text: <b>not bold</b>" in body.find_all("pre")[-1].text


def test_a_frameset_page_lists_its_frames_as_links():
    page = clean(fixture("frames.html"))
    assert page.title == "Missouri Archive (frames)"
    assert [(link.href, link.status) for link in page.links] == [
        ("nav.html", "missing"), ("tml.html", "archive")]
    assert page.removed == ["frameset (its frames listed as links)"]
    assert_inert(page.body)


def test_headings_shift_below_our_h1_keeping_their_levels():
    assert clean("<h1>a</h1><h2>b</h2><h6>c</h6>").body == "<h2>a</h2><h3>b</h3><h6>c</h6>"
    assert clean("<h2>b</h2><h3>c</h3>").body == "<h2>b</h2><h3>c</h3>"


def test_tables_get_consistent_rows_and_columns():
    page = clean("<table><caption>c</caption><tfoot><tr><td>f</tfoot><tr><th colspan=3>h"
                 "<tr><td>a<td rowspan=9>b<tr><tr><td colspan=2px>c</table>")
    assert page.body == (
        "<table><caption>c</caption><tbody><tr><th colspan=\"2\">h</th></tr>"
        "<tr><td>a</td><td rowspan=\"2\">b</td></tr><tr><td>c</td></tr></tbody>"
        "<tfoot><tr><td>f</td></tr></tfoot></table>")


def test_characters_the_checker_forbids_are_repaired():
    page = clean("<p>\x93quoted\x94 \x96 a\x00b\x01c\x0cd\x1a &#1;&#x81;&#xFFFE;\ud800")
    assert page.body == "<p>\u201cquoted\u201d \u2013 abc\nd \ufffd\ufffd</p>"


# --- title, empty pages, failures --------------------------------------------------


@pytest.mark.parametrize(("text", "title"), [
    ("<title> The  Missouri\nArchive </title><h1>Other</h1>", "The Missouri Archive"),
    ("<title></title><p>x<h3>Third <i>level</i></h3><h1>First</h1>", "Third level"),
    ("<p>no title at all<h4>too deep</h4>", ""),
])
def test_title_is_the_title_element_else_the_first_h1_to_h3(text, title):
    assert clean(text).title == title


@pytest.mark.parametrize("text", ["", "   \n\t ", "\r\n"])
def test_an_empty_page_gives_an_empty_body(text):
    assert clean(text) == CleanPage("", "", [], [], [])


def test_a_failure_inside_is_logged_and_returns_an_empty_page(monkeypatch, caplog):
    def broken(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(htmlpage, "_parse", broken)
    page = clean("<p>x")
    assert page == CleanPage("", "", [], [], [FAILED])
    assert "web/page.html" in caplog.text


def test_pages_html5lib_cannot_parse_are_read_from_a_tidied_copy():
    text = "<TABLE><FONT><u><dfn><abbr><Kestrel<DIV><UL></font></u>"   # html5lib 1.1 raises
    page = clean(text)
    assert FAILED not in page.removed
    assert_inert(page.body)


class BrokenParser(html5lib.HTMLParser):
    """html5lib failing on every page it is given first, reading the tidied copy."""

    calls = 0

    def parse(self, text):
        BrokenParser.calls += 1
        if BrokenParser.calls % 2:
            raise AssertionError("an html5lib bug")
        return super().parse(text)


def break_html5lib(monkeypatch, parser=BrokenParser):
    monkeypatch.setattr(BrokenParser, "calls", 0)
    monkeypatch.setattr(htmlpage, "html5lib", SimpleNamespace(HTMLParser=parser))


def test_the_fallback_keeps_the_page_and_is_as_safe(monkeypatch):
    break_html5lib(monkeypatch)
    page = clean(fixture("hostile.html"))
    assert_inert(page.body)
    assert "alert" not in page.body.replace("alert(18)", "")   # the CDATA text, as browsers show
    assert "The end." in page.body
    assert set(clean(fixture("hostile.html")).removed) <= set(page.removed) | {"CDATA section"}


def test_when_the_fallback_fails_too_the_caller_gets_an_empty_page(monkeypatch, caplog):
    class AlwaysBroken(html5lib.HTMLParser):
        def parse(self, text):
            raise AssertionError("an html5lib bug")

    break_html5lib(monkeypatch, AlwaysBroken)
    assert clean("<p>x") == CleanPage("", "", [], [], [FAILED])


def test_deep_nesting_is_cleaned():
    page = clean("<div>" * 800 + "<font><b>" * 400 + "deep")
    assert page.body.count("<div>") == 800 and "deep" in page.body


# --- properties --------------------------------------------------------------------

MARKUP = st.lists(st.sampled_from(
    list("<>&#;/=\"' \n\tabpx:-![]\\%") + [
        "<p", "<a href=", "<table", "<td", "<tr", "<li", "<ul", "<dl", "<dd", "</", "&#x",
        "javascript:", "<!--", "-->", "<![CDATA[", "<svg", "<script", "<style", "\x00", "\x0c",
        "\ud800", "\x85", "<base href=http://traveller.mu.org/x/>", "<frameset", "<frame src=",
        "<map>", "<area href=", "<caption>", "<pre>", "<plaintext>", "<h1>", "<img src=",
        "<center>", "<font>", "<form>", " onclick=", " style=", " name=", " id=",
        "http://traveller.mu.org/", "../ships/SCOUT.TXT",
    ]), max_size=150).map("".join)


def sample_pages():
    paths = sorted(FIXTURES.glob("*.html")) + sorted((REPO / "archive" / "web").glob("*.html"))
    return [path.read_text(encoding="latin-1") for path in paths]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), MARKUP))
def test_never_raises_and_output_is_inert(text):
    page = clean(text)
    assert FAILED not in page.removed
    assert_inert(page.body)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sample_pages()), st.floats(0, 1))
def test_real_pages_truncated_anywhere_are_cleaned(text, fraction):
    page = clean(text[:int(len(text) * fraction)])
    assert FAILED not in page.removed
    assert_inert(page.body)


# --- the Nu HTML checker, once over everything -------------------------------------

SOUP_TAGS = [
    "p", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "tbody", "thead",
    "tfoot", "caption", "font", "center", "b", "i", "tt", "big", "strike", "blink", "marquee",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "address", "div", "span",
    "form", "select", "option", "textarea", "object", "applet", "noscript", "map", "nobr",
    "em", "code", "sub", "dir", "menu", "xmp", "q", "cite", "acronym", "del", "ins", "label",
    "fieldset", "legend", "button", "frameset", "noframes", "iframe", "svg", "title", "head",
    "body", "html", "col", "colgroup", "dfn",
]
SOUP_VOIDS = [
    "br", "hr", "img", "area", "input", "wbr", "basefont", "spacer", "embed", "param", "meta",
    "link", "base", "frame",
]
SOUP_ATTRIBUTES = [
    "align=center", "bgcolor=red", "width=50%", "height=20px", "border=1", "colspan=3",
    "rowspan=4", "colspan=0", "rowspan=0", "name=x", 'name="a b"', "id=x", "class=x",
    'style="color:red"', "onclick=alert(1)", 'href="#x"', 'href="../ships/SCOUT.TXT"',
    "href=javascript:x()", 'href="http://traveller.mu.org/ships/scout.txt"',
    'href="http://a b/"', 'href="mailto:a b"', 'src="../images/tmllogo.gif"', "src=x.gif",
    'src="http://e.example/x.gif"', "alt=A", "start=3", "type=I", "value=2", "nowrap",
    'title="t"', "usemap=#m", 'href="http://[::1]:80/x"', 'href="http://a.example/#f#g"',
    'href="http://a_b.example/?q=[1]"', 'id="1 2 3"', 'href="#\u00e9 \u00fc"', "colspan=99999",
]
SOUP_WORDS = ["Jump", "drive", "&amp;", "&eacute;", "&#147;", "&#1;", "<", ">", "&", "\n", "x"]


def tag_soup(rng, tokens=150):
    """A 1990s-flavoured page of random, unclosed, misnested markup."""
    out = []
    for _ in range(tokens):
        roll = rng.random()
        attributes = " ".join(rng.sample(SOUP_ATTRIBUTES, rng.randint(0, 3)))
        if roll < 0.35:
            out.append(f"<{rng.choice(SOUP_TAGS)} {attributes}>")
        elif roll < 0.5:
            out.append(f"</{rng.choice(SOUP_TAGS)}>")
        elif roll < 0.6:
            out.append(f"<{rng.choice(SOUP_VOIDS)} {attributes}>")
        else:
            out.append(" ".join(rng.choice(SOUP_WORDS) for _ in range(rng.randint(1, 4))))
    return "".join(out)


def test_cleaned_pages_pass_the_nu_html_checker(tmp_path, monkeypatch):
    pages = sample_pages()
    pages += [text[:cut] for text in pages[:5] for cut in (200, 700, 1500)]
    pages += [tag_soup(random.Random(seed)) for seed in range(60)]
    bodies = [clean(text).body for text in pages]
    break_html5lib(monkeypatch)
    bodies += [clean(tag_soup(random.Random(seed))).body for seed in range(100, 120)]
    for number, body in enumerate(bodies):
        (tmp_path / f"page{number:03d}.html").write_text(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            f"</head><body><main>{body}</main></body></html>", encoding="utf-8")
    assert check_html(tmp_path).problems == []


def test_cleaning_is_fast_enough_for_thousands_of_pages():
    pages = sample_pages()
    clean(pages[0])
    start = time.perf_counter()
    for text in pages:
        clean(text)
    per_page = (time.perf_counter() - start) / len(pages)
    assert per_page < 0.05, f"{per_page * 1000:.1f} ms per page"
