"""Tests for legacy_archive.lookups: a cleaned page stands for the answers it was given."""

from legacy_archive.lookups import UNRECORDED, Lookups


def resolvers(pages, originals):
    return pages.get, originals.get


def test_the_questions_asked_are_noted_and_kept():
    lookups = Lookups(resolvers({"a.txt": "archive/a.txt.html"}, {}), None)
    page, image = lookups.recording()
    assert page("a.txt") == "archive/a.txt.html"
    assert page("gone.txt") is None
    assert image("x.gif") is None
    _, kept = lookups.after()
    assert kept == '[[0, "a.txt"], [0, "gone.txt"], [1, "x.gif"]]'


def test_nothing_kept_answers_as_no_questions_asked_ever_do():
    nothing = Lookups(resolvers({}, {}), None)
    assert nothing.before() == UNRECORDED
    assert nothing.before() != nothing.after()[0]   # not even no questions at all


def test_the_same_answers_give_the_same_digest():
    first = Lookups(resolvers({"a.txt": "u"}, {}), None)
    first.recording()[0]("a.txt")
    digest, kept = first.after()
    again = Lookups(resolvers({"a.txt": "u", "new.txt": "v"}, {"other.gif": "w"}), kept)
    assert again.before() == digest   # files it never asked for do not count


def test_a_changed_answer_changes_the_digest():
    first = Lookups(resolvers({}, {}), None)
    first.recording()[0]("missing.txt")   # a dead link
    digest, kept = first.after()
    assert Lookups(resolvers({"missing.txt": "u"}, {}), kept).before() != digest
    assert Lookups(resolvers({}, {"missing.txt": "u"}), kept).before() == digest
