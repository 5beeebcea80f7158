"""Tests for legacy_archive.mail.collect: what a collection's own problems become."""

from pathlib import Path

from legacy_archive.mail.collect import MAX_HEADER_LINES, collect, extract_mail, message_id
from legacy_archive.model import Item

FIXTURES = Path(__file__).parent / "fixtures" / "mail"

DIGEST = """TRAVELLER Digest 12

----------------------------------------------------------------------

Date: Tue, 30 Jan 90 15:52:47 EST
From: someone@example.edu
Subject: Jump drives

Body of the first message.

------------------------------

Date: Wed, 31 Jan 90 10:00:00 EST
From: other@example.edu
Subject: Re: Jump drives

Second
"""


def collection(text, rel="d.txt"):
    item = Item(rel=rel, safe_rel=rel, size=len(text), sha256="", kind="mail")
    extract_mail(item, text.encode(), text)
    return item


def test_a_digest_cut_short_is_one_mail_problem():
    item = collection(DIGEST)
    assert len(item.extra["messages"]) == 2
    assert [f.code for f in item.findings] == ["mail-problem"]
    assert "cut short" in item.findings[0].message


def test_a_runaway_header_is_reported_and_kept():
    header = "".join(f"X-Junk-{n}: v\n" for n in range(MAX_HEADER_LINES + 5))
    item = collection("From a@example.org Tue Jan 30 15:52:47 1990\nDate: Tue, 30 Jan 90 "
                      f"15:52:47 EST\nFrom: a@example.org\nSubject: s\n{header}\nBody.\n")
    assert [f.code for f in item.findings] == ["mail-problem"]
    assert f"more than {MAX_HEADER_LINES}" in item.findings[0].message


def test_a_whole_digest_has_no_finding():
    item = collection(DIGEST.replace("Second\n", "Second.\n\n------------------------------\n\n"
                                     "End of TRAVELLER Digest 12\n**************************\n"))
    assert item.findings == []


def test_the_parts_of_a_forward_without_message_id_have_ids_of_their_own():
    """Its parts were known by the forwarder's number alone: without one,
    they took the ids of the collection's first messages."""
    text = (FIXTURES / "personal.mbox").read_text(encoding="utf-8").replace(
        "Message-ID: <33A1.1240@math.example.edu>\n", "")
    ids = [m.id for m in collect([collection(text, "p.mbox")])]
    assert ids == ["p.mbox/1", "p.mbox/2", "p.mbox/2-1", "p.mbox/2-2", "p.mbox/3"]


def test_a_position_id_that_is_already_taken_is_told_apart():
    """A file named "mail" numbers its third message mail/3, as a list
    without a name numbers its message 3: the later claim gets mail/3~2."""
    item = Item(rel="mail", safe_rel="mail", size=0, sha256="", kind="mail")
    record = {"number": "", "list": "", "parent": "", "position": 3}
    assert message_id(item, record, set()) == "mail/3"
    assert message_id(item, record, {"mail/3"}) == "mail/3~2"
    assert message_id(item, record, {"mail/3", "mail/3~2"}) == "mail/3~3"


def test_the_parts_of_a_forward_are_named_by_its_message_id_made_safe():
    """An mbox message's number is its Message-ID, "<...@...>": its parts'
    ids, file names under the output, hold none of its unsafe characters."""
    text = (FIXTURES / "personal.mbox").read_text(encoding="utf-8")
    ids = [m.id for m in collect([collection(text, "p.mbox")])]
    assert ids == ["p.mbox/1", "p.mbox/2", "p.mbox/33a1.1240-math.example.edu-1",
                   "p.mbox/33a1.1240-math.example.edu-2", "p.mbox/3"]
