"""Tests for legacy_archive.mail.people: From values of every era, and who is who.

The From shapes are those of legacy-formats.md, section 1 ("From shapes
seen"), with placeholder people. Grouping is tested for the merges it must
make, the ones it must refuse (a wrong merge attributes words to the wrong
person), the archivist's overrides (fixtures/mail_meta/_people.toml) and key
stability, since keys are permanent URLs.
"""

import random
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.mail.people import Author, Person, group_people, parse_from

FIXTURES = Path(__file__).parent / "fixtures" / "mail_meta"

# From value, display name, identity address
FROM_SHAPES = [
    ("Person A <usera@umn-cs.arpa>", "Person A", "usera@umn-cs.arpa"),
    ('"Jane Q. Public" <JQP@Host.Example.EDU>', "Jane Q. Public", "jqp@host.example.edu"),
    ("userb@host.example.edu (Person B)", "Person B", "userb@host.example.edu"),
    ('userb@host.example.edu ("Person B")', "Person B", "userb@host.example.edu"),
    ("userb@host.example.edu (Person (Bee) B)", "Person (Bee) B", "userb@host.example.edu"),
    ('("Person C") userc@pyr.school.example.edu', "Person C", "userc@pyr.school.example.edu"),
    ('"Person C" userc@pyr.school.example.edu', "Person C", "userc@pyr.school.example.edu"),
    ("localuser", "localuser", "localuser"),
    ("userd%engrg.uwo.ca@RELAY.CS.NET", "userd", "userd@engrg.uwo.ca"),
    ("Person D <userd%engrg.uwo.ca@RELAY.CS.NET>", "Person D", "userd@engrg.uwo.ca"),
    ("TML Administrator <traveller-request%metolius.wr.tek.com@RELAY.CS.NET>",
     "TML Administrator", "traveller-request@metolius.wr.tek.com"),
    ("uunet!host!user", "user", "user@host"),
    ("uunet!dadla.wr.tek.com!traveller", "traveller", "traveller@dadla.wr.tek.com"),
    ("tnc!m0068@uunet.UU.NET", "m0068", "m0068@tnc"),
    ("tnc!m0068@uunet.UU.NET (Person E)", "Person E", "m0068@tnc"),
    ("tinylk!1!170!104!first.last@HOST", "first.last", "first.last@f104.n170.z1.fidonet.org"),
    ('IN%"traveller@MPGN.COM"', "traveller", "traveller@mpgn.com"),
    ('IN%"traveller@MPGN.COM"  7-FEB-1996 13:08:15.79', "traveller", "traveller@mpgn.com"),
    ('IN%"userf@host.example.edu" "Person F"', "Person F", "userf@host.example.edu"),
    ('IN%"Person F <userf@host.example.edu>"', "Person F", "userf@host.example.edu"),
    ('SMTP%"userf@host.example.edu"', "userf", "userf@host.example.edu"),
    ("Person G/DUB/Lotus <person_g@lotus.example.com>", "Person G",
     "person_g@lotus.example.com"),
    ('"Person G/DUB/Lotus" <person_g@lotus.example.com>', "Person G",
     "person_g@lotus.example.com"),
    ("CN=Person G/OU=DUB/O=Lotus <person_g@lotus.example.com>", "Person G",
     "person_g@lotus.example.com"),
    ("AC/DC Fan <acdc@host.example.com>", "AC/DC Fan", "acdc@host.example.com"),
    ("ABC123@UMRVMB", "abc123", "abc123@umrvmb"),
    ("ABC123@UMRVMB.BITNET", "abc123", "abc123@umrvmb.bitnet"),
    ("Person H <ABC123@UMRVMB.BITNET>", "Person H", "abc123@umrvmb.bitnet"),
    ("100326.446@compuserve.com", "100326.446", "100326.446@compuserve.com"),
    ("Person I <100326.446@CompuServe.COM>", "Person I", "100326.446@compuserve.com"),
    ("76543,210", "76543.210", "76543.210@compuserve.com"),
    ("Person I 76543,210", "Person I", "76543.210@compuserve.com"),
    ("Person I <76543,210@compuserve.com>", "Person I", "76543.210@compuserve.com"),
    ("INTERNET:userj@host.example.com", "userj", "userj@host.example.com"),
    ('"Public, Jane" <jqp@host.example.edu>', "Public, Jane", "jqp@host.example.edu"),
    ('"Public, Jane \\"JQ\\"" <jqp@host.example.edu>', 'Public, Jane "JQ"',
     "jqp@host.example.edu"),
    ("Public, Jane <jqp@host.example.edu>", "Public, Jane", "jqp@host.example.edu"),
    ("'Jane Public' <jqp@host.example.edu>", "Jane Public", "jqp@host.example.edu"),
    ("<jqp@host.example.edu>", "jqp", "jqp@host.example.edu"),
    ("<jqp@host.example.edu> (Jane Public)", "Jane Public", "jqp@host.example.edu"),
    ('"jqp@host.example.edu" <jqp@host.example.edu>', "jqp", "jqp@host.example.edu"),
    ("Jane Public jqp@host.example.edu", "Jane Public", "jqp@host.example.edu"),
    ("@relay.example.net:jqp@host.example.edu", "jqp", "jqp@host.example.edu"),
    ("=?iso-8859-1?q?J=F6rg_M=FCller?= <jm@host.example.de>", "Jörg Müller",
     "jm@host.example.de"),
    ("Jane Public", "Jane Public", ""),
    ("<>", "", ""),
    ("", "", ""),
    ("  Person A\n\t<usera@umn-cs.arpa>  ", "Person A", "usera@umn-cs.arpa"),
]


@pytest.mark.parametrize(("value", "name", "address"), FROM_SHAPES)
def test_every_from_shape(value, name, address):
    assert parse_from(value) == Author(name, address, value)


def test_email_policy_default_would_lose_the_comment_name():
    """The commonest shape; `email.policy.default` drops this name, we keep it."""
    assert parse_from("usera@host.example.edu (Person A)").name == "Person A"


@given(st.text(max_size=200))
@settings(max_examples=400)
def test_parse_from_never_raises(value):
    author = parse_from(value)
    assert author.raw == value
    assert author.address == author.address.lower()
    assert not re.search(r"\s", author.address)


@given(st.text(alphabet='abcXYZ019 @%!<>()",.:\\/=?_-', max_size=60))
@settings(max_examples=400)
def test_parse_from_never_raises_on_address_like_text(value):
    assert parse_from(value).raw == value


def people_of(values, overrides=None):
    """{From value: person key}, and the people."""
    authors = [parse_from(value) for value in values]
    people, person_of = group_people(authors, overrides)
    return {author.raw: person_of[(author.name, author.address)] for author in authors}, people


def same(values, overrides=None):
    keys, _ = people_of(values, overrides)
    return len(set(keys.values())) == 1


@pytest.mark.parametrize("values", [
    pytest.param(["Person A <usera@umn-cs.arpa>", "usera@UMN-CS.ARPA (A. Person)",
                  "usera@umn-cs.arpa"], id="same address, any spelling"),
    pytest.param(["userd%engrg.uwo.ca@RELAY.CS.NET", "Person D <userd@engrg.uwo.ca>"],
                 id="relay resolved"),
    pytest.param(["ABC123@UMRVMB", "Person H <abc123@umrvmb.bitnet>"], id="bitnet"),
    pytest.param(["Jane Public <jqp@cs.school-a.edu>", "Jane Public <jqp@school-b.edu>"],
                 id="same name, same user part"),
    pytest.param(["Jane Public <jane@cs.school-a.edu>", "Jane Public <jqp@math.school-a.edu>"],
                 id="same name, same organisation"),
    pytest.param(["Jane Public <jqp@cs.school.ac.uk>", "Jane Public <jane@maths.school.ac.uk>"],
                 id="same name, same organisation under a country domain"),
    pytest.param(["Jane Public <jqp@host.example.edu>", "Public, Jane <jqp@other.example.org>",
                  "JANE PUBLIC <jqp@third.example.com>", "Jáne Públic <jqp@fourth.example.net>"],
                 id="name folded for case, accents and Last, First"),
])
def test_merges_that_are_safe(values):
    assert same(values)


@pytest.mark.parametrize("values", [
    pytest.param(["Jane Public <jqp@school-a.edu>", "Jane Public <jane@school-b.edu>"],
                 id="same name, two universities, different user parts"),
    pytest.param(["Jane Public <jqp@cs.school.ac.uk>", "Jane Public <jane@cs.other.ac.uk>"],
                 id="ac.uk is not an organisation"),
    pytest.param(["Jane <jane@school-a.edu>", "Jane <jane2@school-a.edu>"],
                 id="first name alone"),
    pytest.param(["Jane Public <jqp@aol.com>", "Jane Public <janep@aol.com>"],
                 id="mass provider is no organisation"),
    pytest.param(["root@host-a.example.edu (Jane Public)",
                  "root@host-a.example.edu (John Doe)"],
                 id="shared root mailbox"),
    pytest.param(["Postmaster <postmaster@a.example.edu>",
                  "Postmaster <postmaster@b.example.edu>"], id="generic name"),
    pytest.param(["Mailer-Daemon <mailer-daemon@a.example.edu>",
                  "MAILER-DAEMON <MAILER-DAEMON@b.example.edu>"], id="mailer daemons"),
    pytest.param(["List Owner <owner-a@a.example.edu>", "List Owner <owner-a@a.example.org>"],
                 id="list owner"),
    pytest.param(["Traveller-Digest <traveller-digest@a.example.com>",
                  "Traveller-Digest <traveller-digest@b.example.com>"], id="digest name"),
    pytest.param(["Jane Public", "Jane Public <jqp@host.example.edu>"],
                 id="a name without address is not enough"),
    pytest.param(["jqp@a.example.edu", "jqp@b.example.edu"],
                 id="same user part without any name"),
    pytest.param(["first.last@a.example.edu", "First Last <fl@a.example.edu>"],
                 id="a name made from the address is no name"),
])
def test_merges_that_are_refused(values):
    assert not same(values)


def test_generic_mailbox_still_merges_the_same_name():
    assert same(["root@host-a.example.edu (Jane Public)",
                 "root@host-a.example.edu (JANE PUBLIC)"])


def load_overrides():
    return tomllib.loads((FIXTURES / "_people.toml").read_text(encoding="utf-8"))


SIDECAR_VALUES = [
    "usera@umn-cs.arpa (Person A)",
    "Person A <persona@provider.example.net>",
    "family@home.example.com (Jane Public)",
    "family@home.example.com (John Public)",
    "Chris Smith <cs@a.example.edu>",
    "Chris Smith <cs@b.example.edu>",
    "Chris Smith <chris@a.example.edu>",
    "C. Smith <cs@a.example.edu>",
]


def test_without_overrides():
    keys, _ = people_of(SIDECAR_VALUES)
    assert keys[SIDECAR_VALUES[0]] != keys[SIDECAR_VALUES[1]]
    assert keys[SIDECAR_VALUES[2]] == keys[SIDECAR_VALUES[3]]
    assert len({keys[value] for value in SIDECAR_VALUES[4:]}) == 1


def test_override_merge_split_and_names_from_the_sidecar():
    keys, people = people_of(SIDECAR_VALUES, load_overrides())
    person_a = people[keys[SIDECAR_VALUES[0]]]
    assert keys[SIDECAR_VALUES[1]] == person_a.key
    assert person_a.name == "Person A. Anonymous"
    assert person_a.addresses == ["persona@provider.example.net", "usera@umn-cs.arpa"]
    assert person_a.names == ["Person A"]
    assert keys[SIDECAR_VALUES[2]] != keys[SIDECAR_VALUES[3]]
    chris = {keys[value] for value in SIDECAR_VALUES[4:7]}
    assert len(chris) == 3                       # one-identity split: all kept apart
    assert keys[SIDECAR_VALUES[7]] in chris      # same mailbox still merges


def test_split_group_blocks_only_merges_between_its_members():
    values = ["Jane Public <jqp@a.example.edu>", "Jane Public <jqp@b.example.edu>",
              "J. Public <jqp@b.example.edu>"]
    overrides = {"split": [["jqp@a.example.edu", "jqp@b.example.edu"]]}
    keys, _ = people_of(values, overrides)
    assert keys[values[0]] != keys[values[1]]
    assert keys[values[1]] == keys[values[2]]


def test_merge_wins_over_split():
    values = ["Jane Public <jqp@a.example.edu>", "Jane Public <jqp@b.example.edu>"]
    overrides = {"split": [[values[0], values[1]]],
                 "merge": [["jqp@a.example.edu", "JQP@B.example.edu"]]}
    assert same(values, overrides)


def test_merge_by_name_and_names_by_key():
    values = ["Jane Public <jqp@a.example.edu>", "Janie <janie@b.example.org>"]
    keys, people = people_of(values, {"merge": [["Jane Public", "Janie"]]})
    key = keys[values[0]]
    assert keys[values[1]] == key
    _, people = people_of(values, {"merge": [["Jane Public", "Janie"]],
                                   "names": {key: "Jane Q. Public"}})
    assert people[key].name == "Jane Q. Public"
    assert people[key].names == ["Jane Public", "Janie"]


def test_overrides_naming_nobody_or_malformed_are_ignored():
    values = ["Jane Public <jqp@a.example.edu>"]
    overrides = {"merge": [["nobody@nowhere.example"], [42]], "split": [["x"], "y"],
                 "names": {"nobody@nowhere.example": "X", "jqp@a.example.edu": 7}}
    _, people = people_of(values, overrides)
    assert [person.name for person in people.values()] == ["Jane Public"]


def test_person_fields():
    values = ["Jane Public <jqp@a.example.edu>"] * 3 + [
        "jqp@a.example.edu (J. Q. Public)", "jqp@a.example.edu",
        "Jane Public <jqp@b.example.edu>"]
    keys, people = people_of(values)
    (person,) = people.values()
    assert person == Person(person.key, "Jane Public",
                            ["jqp@a.example.edu", "jqp@b.example.edu"],
                            ["J. Q. Public", "Jane Public"])
    assert re.fullmatch(r"jane-public-[0-9a-f]{6}", person.key)


def test_key_depends_on_the_canonical_identity_only():
    base = ["Jane Public <jqp@b.example.edu>", "Jane Public <jqp@c.example.edu>"]
    key = people_of(base)[0][base[0]]
    more_messages = base * 5 + ["jqp@c.example.edu (Jane Public)"]
    assert people_of(more_messages)[0][base[0]] == key
    assert people_of(list(reversed(base)))[0][base[0]] == key
    # Only a new, smaller address of the same person changes it.
    assert people_of(base + ["Jane Public <jqp@a.example.edu>"])[0][base[0]] != key


def test_keys_are_stable_under_reordering():
    values = [value for value, *_ in FROM_SHAPES] + SIDECAR_VALUES
    expected = people_of(values, load_overrides())
    for seed in range(5):
        shuffled = values[:]
        random.Random(seed).shuffle(shuffled)
        assert people_of(shuffled, load_overrides()) == expected


def test_shared_mailbox_split_people_get_distinct_keys():
    values = ["family@home.example.com (Pat Public)", "family@home.example.com (pat public)"]
    keys, people = people_of(values, {"split": [["family@home.example.com"]]})
    assert len(set(keys.values())) == 2 == len(people)


def test_every_identity_is_mapped():
    authors = [parse_from(value) for value, *_ in FROM_SHAPES]
    people, person_of = group_people(authors)
    assert set(person_of) == {(author.name, author.address) for author in authors}
    assert set(person_of.values()) == set(people)
    for person in people.values():
        assert person.addresses == sorted(person.addresses)
        assert person.names == sorted(person.names)


@given(st.lists(st.sampled_from([value for value, *_ in FROM_SHAPES] + SIDECAR_VALUES),
                max_size=30), st.randoms())
def test_grouping_ignores_order_and_counts(values, rng):
    shuffled = values[:] + values[: len(values) // 2]
    rng.shuffle(shuffled)
    first, second = people_of(values)[0], people_of(shuffled)[0]
    assert {value: first[value] for value in values} == {
        value: second[value] for value in values}
