"""Tests for legacy_archive.mail.burst: mail collections burst into messages.

Fixtures in fixtures/mail/ are one small file per layout of the formats reference
(legacy-formats.md, section 1), with invented people and text.  Edge cases that
need exact lengths (separator and preamble hyphens, cuts, CRLF) are built here.
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.mail import burst as burst_module
from legacy_archive.mail.burst import body_at, burst, detect_layout, normalise_text

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
LAYOUTS = {"tml-archive", "tml-bundle", "tml-bundle-2", "listproc-digest", "majordomo-digest",
           "rfc1153-digest", "mbox", "unknown"}
KINDS = {"post", "lost", "bounce", "admin", "toc"}


def fixture(name):
    return (FIXTURES / name).read_text(encoding="ascii")


def by_number(result):
    return {m.number: m for m in result.messages}


def digest(preamble=70, separators=(30, 30), trailer=True, bodies=None):
    """A small RFC 1153 digest with exact hyphen counts."""
    bodies = bodies or ["First body.\n", "Second body.\n", "Third body.\n"][:len(separators) + 1]
    parts = ["GAZETTEER Digest     Mon, 1 May 89     Volume 3 : Issue 9\n\n",
             "Today's Topics:\n\n    One\n\n", "-" * preamble + "\n\n"]
    for k, body in enumerate(bodies, 1):
        parts.append(f"Date: Mon, {k} May 89 10:00:00 EDT\nFrom: Writer {k} <w{k}@ex.example.edu>\n"
                     f"Subject: Topic {k}\n\n{body}")
        if k <= len(separators):
            parts.append("\n" + "-" * separators[k - 1] + "\n\n")
    if trailer:
        parts.append("\n" + "-" * 30 + "\n\nEnd of GAZETTEER Digest\n" + "*" * 23 + "\n")
    return "".join(parts)


# --- one fixture per layout --------------------------------------------------

@pytest.mark.parametrize(("name", "layout", "count"), [
    ("tml-archive.txt", "tml-archive", 5),
    ("tml-bundle.mbox", "tml-bundle", 5),
    ("tml-bundle-2.txt", "tml-bundle-2", 4),
    ("listproc-digest.txt", "listproc-digest", 4),
    ("majordomo-digest.mbox", "majordomo-digest", 3),
    ("html-digest.txt", "majordomo-digest", 2),
    ("rfc1153-digest.txt", "rfc1153-digest", 2),
    ("personal.mbox", "mbox", 3),
])
def test_fixture_layout_and_count(name, layout, count):
    text = fixture(name)
    result = burst(text)
    assert result.layout == layout == detect_layout(text)
    assert len(result.messages) == count
    assert [m.position for m in result.messages] == list(range(1, count + 1))
    assert {m.layout for m in result.messages} == {layout}


def test_archive_file_numbers_headers_and_kinds():
    result = burst(fixture("tml-archive.txt"))
    msgs = by_number(result)
    assert list(msgs) == ["140", "141", "142", "143", "144"]
    assert msgs["140"].label == "TML #140"
    assert msgs["140"].container == {"list": "TML"}
    assert [name for name, _ in msgs["140"].headers] == [
        "Subject", "Date", "From", "Archive-Message-Number"]
    assert [m.kind for m in result.messages] == ["post", "post", "lost", "post", "admin"]
    assert result.problems == []


def test_archive_file_keeps_dash_lines_and_drops_trailer():
    body = by_number(burst(fixture("tml-archive.txt")))["140"].body
    assert "- two snub pistols and a box of tranq rounds\n" in body
    assert "-- and the captain's good boots" in body
    assert body.endswith("-- Oskar\n")
    assert "All opinions" not in body and "Submissions:" not in body


def test_headers_run_together_are_split():
    msg = by_number(burst(fixture("tml-archive.txt")))["141"]
    assert msg.headers == [
        ("Archive-Message-Number", "141"),
        ("Date", "Tue, 15 Mar 88 10:02:11 EST"),
        ("From", "Mara Quist <mquist@ee.dunmore.example.edu>"),
        ("Subject", "Re: Ship's lockers"),
    ]
    assert msg.body.startswith("Oskar Vell writes:\n")


def test_lost_message_notice():
    msg = by_number(burst(fixture("tml-archive.txt")))["142"]
    assert (msg.kind, msg.headers, msg.label) == ("lost", [], "TML #142")
    assert msg.body.startswith("[Archive-Message-Number 142 was lost")


def test_forwarded_digest_in_archive_file_becomes_parts():
    msg = by_number(burst(fixture("tml-archive.txt")))["143"]
    assert msg.kind == "post"
    assert "- --------" in msg.body  # the archive layout is never unstuffed
    assert [p.number for p in msg.parts] == ["143-1", "143-2"]
    assert [p.layout for p in msg.parts] == ["forwarded-digest"] * 2
    first, second = msg.parts
    assert first.label == "TML #143, forwarded message 1"
    assert first.header("From") == "lokoro@shipyard.example.com (Lian Okoro)"
    assert first.body.endswith("bare metal?\n\n-- Lian\n")  # unstuffed inside the digest
    assert second.body == "Bare metal, with the registry number etched.\n"
    assert "End of DRYDOCK" not in second.body
    assert first.container["title"].startswith("DRYDOCK DIGEST")


def test_bundle_in_mbox():
    result = burst(fixture("tml-bundle.mbox"))
    toc, *posts = result.messages
    assert (toc.kind, toc.number, toc.label) == ("toc", "", "TML Bundle #201, contents")
    assert toc.body.startswith("-AMN- --Date---")
    assert [m.number for m in posts] == ["3001", "3002", "3003", "3004"]
    assert posts[0].container["bundle"] == "201"
    assert posts[0].container["envelope"].startswith("hal@lyra.example.com")
    for msg in posts:
        assert "-AMN-" not in msg.body and "End of TML" not in msg.body
        assert "------------------------------" not in msg.body


def test_subject_range_disagreement_is_reported():
    problems = burst(fixture("tml-bundle.mbox")).problems
    assert problems == ["TML Bundle #201: subject says Msgs 3001-3003 but holds 3001-3004 "
                        "(each Archive-Message-Number is trusted)"]


def test_mbox_from_escape_is_undone():
    bundle = by_number(burst(fixture("tml-bundle.mbox")))
    assert bundle["3003"].body.startswith("From the rules as written:")
    personal = burst(fixture("personal.mbox")).messages[0]
    assert "\nFrom now on I'll keep them" in personal.body
    assert ">From" not in personal.body


def test_second_host_bundle_keeps_rulers():
    result = burst(fixture("tml-bundle-2.txt"))
    msgs = by_number(result)
    assert msgs["6010"].header("Bundle") == "455"
    assert msgs["6010"].body.endswith("-----\nOskar Vell\n")
    assert msgs["6011"].body == (" Oskar asks how fast.  Faster than the passengers would like."
                                 "\n\n- - -\nMara\n")
    assert result.messages[0].container["subject"] == "TML bundle #455: Msgs 6010-6012"
    assert result.problems == []


def test_listproc_digest():
    result = burst(fixture("listproc-digest.txt"))
    ruth, bounce, chatter, sunil = result.messages
    assert [m.number for m in result.messages] == ["312.1", "312.2", "312.3", "312.4"]
    assert ruth.label == "TRAVELLER Digest 312, message 1"
    assert ruth.container == {"list": "TRAVELLER", "issue": "312",
                              "title": "TRAVELLER Digest 312"}
    assert ruth.header("Message-ID") == "<199504041511.KAA01234@geo.example.edu>"
    assert ruth.body == ("Every suit should get a pressure test before each job:\n\n"
                         "- seals first\n- then the helmet ring\n\n--Ruth\n")
    assert (bounce.kind, bounce.header("Subject")) == ("bounce", "")
    assert chatter.kind == "admin"
    assert sunil.body.endswith(
        "squashed.\n\n" + "-" * 30 + "\nSunil Patel   spatel@cad.example.com\n")
    assert result.problems == []


def test_majordomo_digest():
    result = burst(fixture("majordomo-digest.mbox"))
    ben, greta, notice = result.messages
    assert ben.number == "1997.45.1"
    assert greta.label == "Traveller-digest V1997 #45, message 2"
    assert ben.container["list"] == "Traveller-digest"
    assert (ben.container["volume"], ben.container["issue"]) == ("1997", "45")
    assert ben.body.endswith("sleep.\n\n--Ben\n")
    assert "From the bridge you can override it." in greta.body
    assert notice.kind == "admin"
    assert result.problems == []


def test_html_wrapped_digest_is_unwrapped():
    text = fixture("html-digest.txt")
    result = burst(text)
    greta, kim = result.messages
    assert greta.number == "2000.12.1"
    assert greta.header("From") == "Greta Holm <gholm@phys.example.se>"
    assert greta.body == ("Our computing centre survived the new year.  The coffee machine\n"
                          "did not.  Set COFFEE=OFF in the startup file.\n\nGreta\n")
    assert kim.body == ("<< The coffee machine did not. >>\n\n"
                        "Mine neither.  Use <PRE> for ship stats, by the way.\n--Kim\n")
    assert greta.container["title"].endswith("Volume 2000 : Number 12")
    assert text[greta.offset:].startswith("From: Greta Holm &lt;")
    assert result.problems == []


def test_generic_rfc1153_digest():
    result = burst(fixture("rfc1153-digest.txt"))
    nell, ezra = result.messages
    assert nell.number == "2.7.1" and ezra.label == "STARPORT Digest V2 #7, message 2"
    assert ezra.body == "The starport authority's pension fund.\n\n--\nEzra\n"


def test_plain_mbox_and_forwarded_digest_parts():
    result = burst(fixture("personal.mbox"))
    first, forward, reply = result.messages
    assert first.number == "<33A1.1234@math.example.edu>" and first.label == ""
    assert reply.number == ""  # no Message-ID
    assert forward.kind == "post" and "SHIPYARD Digest" in forward.body
    assert [p.header("Subject") for p in forward.parts] == ["Fuel purifiers", "Re: Fuel purifiers"]
    assert forward.parts[0].body.endswith("200 ton ship?\n\n-- Ezra\n")
    assert forward.parts[1].number == "<33A1.1240@math.example.edu>-2"
    assert result.problems == []


# --- separators, preambles, stuffing ---------------------------------------------

@pytest.mark.parametrize("preamble", [60, 70, 85])
@pytest.mark.parametrize("separator", [27, 30, 33])
def test_tolerated_hyphen_lengths(preamble, separator):
    result = burst(digest(preamble, (separator, separator)))
    assert result.layout == "rfc1153-digest"
    assert [m.header("Subject") for m in result.messages] == ["Topic 1", "Topic 2", "Topic 3"]
    assert [m.body for m in result.messages] == ["First body.\n", "Second body.\n",
                                                 "Third body.\n"]
    assert result.problems == []


@pytest.mark.parametrize("separator", [26, 34])
def test_other_hyphen_lines_stay_in_the_body(separator):
    result = burst(digest(70, (separator,), bodies=["First body.\n", "Second body.\n"]))
    assert len(result.messages) == 1
    assert "-" * separator + "\n\nDate: Mon, 2 May 89" in result.messages[0].body


def test_separator_without_headers_after_it_is_body_text():
    body = "Ruler below.\n\n" + "-" * 30 + "\n\nStill the same message.\n"
    result = burst(digest(70, (30,), bodies=[body, "Next.\n"]))
    assert [m.body for m in result.messages] == [body, "Next.\n"]


def test_rfc934_unstuffing_only_in_digests():
    stuffed = "- --Sig\n- - bullet\n"
    in_digest = burst(digest(70, (30,), bodies=[stuffed, "x\n"])).messages[0]
    assert in_digest.body == "--Sig\n- bullet\n"
    archive = ("-------- TML Message #7 --------\n\nArchive-Message-Number: 7\n"
               "From: a@b.example.edu\nDate: 1 Jan 88 00:00:00 GMT\nSubject: s\n\n" + stuffed)
    assert burst(archive).messages[0].body == stuffed


def test_digest_without_stuffing_is_left_alone():
    body = "-- plain signature, never stuffed\n- a bullet\n"
    assert burst(digest(70, (30,), bodies=[body, "x\n"])).messages[0].body == body


# --- damaged and unusual input -----------------------------------------------

def test_crlf_gives_the_same_messages_and_offsets_into_the_crlf_text():
    for name in ("tml-archive.txt", "listproc-digest.txt", "tml-bundle.mbox"):
        lf = fixture(name)
        crlf = lf.replace("\n", "\r\n")
        plain, dos = burst(lf), burst(crlf)
        assert [(m.number, m.headers, m.body) for m in plain.messages] == [
            (m.number, m.headers, m.body) for m in dos.messages]
        for msg in dos.messages:
            first = msg.headers[0][0] if msg.headers else msg.body[:20]
            assert crlf[msg.offset:].startswith(first)


def test_offsets_point_at_the_headers():
    for path in sorted(FIXTURES.iterdir()):
        text = path.read_text(encoding="ascii")
        for msg in burst(text).messages:
            if msg.headers and not text.startswith("<HTML>"):
                assert text[msg.offset:].startswith(msg.headers[0][0] + ":"), (path, msg.label)


def test_truncated_digest_keeps_complete_messages():
    text = fixture("listproc-digest.txt")
    cut = text[:text.index("Has anyone printed subsector maps") + 20]
    result = burst(cut)
    assert [m.number for m in result.messages] == ["312.1", "312.2", "312.3", "312.4"]
    assert result.messages[0].body == burst(text).messages[0].body
    assert result.messages[3].body == "Has anyone printed s\n"
    assert any("no 'End of ...' trailer" in p and "312, message 4" in p for p in result.problems)


def test_truncated_archive_file_is_reported():
    text = fixture("tml-archive.txt")
    result = burst(text[:text.index("The spool disk has been replaced")])
    assert len(result.messages) == 5
    assert result.problems == ["TML #144 has no list trailer; the file may be cut short there"]


def test_doubled_digest_and_duplicate_numbers():
    text = fixture("rfc1153-digest.txt")
    result = burst(text + "\n" + text)
    assert [m.number for m in result.messages] == ["2.7.1", "2.7.2", "2.7.1", "2.7.2"]
    assert "STARPORT Digest V2 #7, message 1 appears 2 times (messages 1, 3)" in result.problems


def test_amn_trusted_over_separator():
    text = ("-------- TML Message #9 --------\n\nArchive-Message-Number: 10\n"
            "From: a@b.example.edu\nDate: 1 Jan 88 00:00:00 GMT\nSubject: s\n\nbody\n")
    result = burst(text)
    assert result.messages[0].number == "10"
    assert result.problems[0].startswith("TML #10: its separator says #9")


def test_missing_date_is_reported():
    text = digest(70, (30,), bodies=["a\n", "b\n"])
    text = text.replace("Date: Mon, 2 May 89 10:00:00 EDT\n", "")
    assert "GAZETTEER Digest V3 #9, message 2 has no Date header" in burst(text).problems


def test_bounce_from_mailer_daemon_and_admin_from_list_software():
    text = digest(70, (30,), bodies=["a\n", "b\n"])
    text = text.replace("From: Writer 1 <w1@ex.example.edu>", "From: MAILER-DAEMON@ex.example.edu")
    text = text.replace("From: Writer 2 <w2@ex.example.edu>", "From: listserv@ex.example.edu")
    assert [m.kind for m in burst(text).messages] == ["bounce", "admin"]


@pytest.mark.parametrize(("headers", "body", "kind"), [
    ("From: a@b.example.edu\nSubject: Help with jump tables", "Help! My players die.\n", "post"),
    ("From: a@b.example.edu\nSubject: Re: list", "unsubscribe traveller\n", "admin"),
    ("From: a@b.example.edu\nSubject: x", "SEND BN87JUL.TXT\n", "admin"),
    ("From: a@b.example.edu\nSubject: set traveller digest", "thanks\n", "admin"),
    ("From: owner@b.example.edu\nSubject: Message 876 lost", "Sorry.\n", "lost"),
    ("From: a@b.example.edu\nSubject: Re: lost messages?", "Mine arrived.\n", "post"),
    ("From: MAILER-DAEMON@b.example.edu\nSubject: Returned mail: User unknown", "x\n", "bounce"),
    ("From: a@b.example.edu\nSubject: Re: TML Bundle #12: Table of Contents", "y\n", "post"),
])
def test_kinds(headers, body, kind):
    text = ("-" * 70 + "\n\nDate: Mon, 1 May 89 10:00:00 EDT\n" + headers + "\n\n" + body
            + "\n" + "-" * 30 + "\n\nEnd of KINDS Digest\n*****\n")
    assert [m.kind for m in burst(text).messages] == [kind]


def test_from_escape_is_kept_outside_mboxes():
    text = digest(70, (30,), bodies=[">From the bridge, all is well.\n", "x\n"])
    assert burst(text).messages[0].body == ">From the bridge, all is well.\n"


@pytest.mark.parametrize("text", ["", "\n\n", "just some prose\nwith lines\n", "\x1a",
                                  "-" * 70 + "\n\n" + "-" * 30 + "\n\n"])
def test_unburstable_text(text):
    result = burst(text)
    assert result.messages == []
    assert result.layout == "unknown"
    assert result.problems[-1] == "could not find message boundaries"


def test_burst_never_raises_on_non_text():
    result = burst(b"bytes are not text")
    assert result.messages == [] and result.layout == "unknown" and result.problems


# --- properties ---------------------------------------------------------------

FIXTURE_TEXTS = [p.read_text(encoding="ascii") for p in sorted(FIXTURES.iterdir())]


def assert_sound(text, result):
    """Structure holds and bodies invent nothing: each body line is in the normalised
    input as it stands, or with the "- " stuffing / ">" mbox escape put back."""
    norm = normalise_text(text)
    assert result.layout in LAYOUTS
    assert [m.position for m in result.messages] == list(range(1, len(result.messages) + 1))
    for msg in result.messages:
        assert 0 <= msg.offset <= len(text)
        for part in [msg, *msg.parts]:
            assert part.kind in KINDS
            assert body_at(norm, part.span) == part.body   # what page writing slices
            for line in part.body.split("\n"):
                assert any(v in norm for v in (line, "- " + line, "- - " + line, ">" + line)), line


@settings(deadline=None, max_examples=150)
@given(st.text(alphabet=st.sampled_from(list("ab :-#>\n\r\t*Ee<BR>=20FromDateSubject")),
               max_size=400))
def test_never_raises_on_arbitrary_text(text):
    assert_sound(text, burst_module._burst(text))


@settings(deadline=None, max_examples=150)
@given(st.text(max_size=300))
def test_never_raises_on_any_unicode(text):
    assert_sound(text, burst_module._burst(text))


@settings(deadline=None, max_examples=200)
@given(st.sampled_from(FIXTURE_TEXTS), st.sampled_from(FIXTURE_TEXTS), st.data())
def test_cut_interleaved_and_doubled_fixtures(first, second, data):
    i = data.draw(st.integers(0, len(first)))
    j = data.draw(st.integers(0, len(second)))
    shape = data.draw(st.sampled_from(["cut", "splice", "insert", "double", "crlf"]))
    text = {"cut": first[:i], "splice": first[:i] + second[j:],
            "insert": first[:i] + second + first[i:], "double": first + first,
            "crlf": (first[:i] + second[j:]).replace("\n", "\r\n")}[shape]
    assert_sound(text, burst_module._burst(text))


@settings(deadline=None, max_examples=100)
@given(st.sampled_from(FIXTURE_TEXTS), st.data())
def test_cut_digest_keeps_every_complete_message(text, data):
    whole = burst(text)
    cut_at = data.draw(st.integers(0, len(text)))
    cut = burst(text[:cut_at])
    complete = [m for m in whole.messages if _message_end(text, m) <= cut_at]
    kept = {(m.number, m.body) for m in cut.messages}
    for msg in complete:
        if msg.layout != "mbox" and not text.startswith("<HTML>"):
            assert (msg.number, msg.body) in kept, msg.label


def _message_end(text, msg):
    """Where a message's text ends in `text`: its last body line, found after its offset."""
    last = msg.body.rstrip("\n").rsplit("\n", 1)[-1]
    pos = text.find(last, msg.offset) if last else msg.offset
    following = re.compile(r"\n[ \t]*\n-{27,}|\nAll opinions|\n-------- TML").search(text, pos)
    return following.end() if following else len(text)


@pytest.mark.parametrize("text", FIXTURE_TEXTS + [t.replace("\n", "\r\n") for t in FIXTURE_TEXTS])
def test_every_fixture_body_is_found_again_from_its_span(text):
    assert_sound(text, burst(text))


def test_a_message_without_a_span_has_no_body():
    assert body_at("text", ()) == ""
