"""Tests for legacy_archive.mail.threads: threads from numbers and subjects.

The reference forms are those of legacy-formats.md, section 1 ("Threading"):
list numbers in subjects and body heads, digest issue references, and
normalised subjects as the last resort. Properties: no cycles, every parent
exists, the input order never changes the result.
"""

import random
import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.mail.threads import (
    Link,
    ThreadInput,
    body_refs_of,
    normalise_subject,
    thread,
)

START = datetime(1991, 2, 1, 12, tzinfo=UTC)


def day(n):
    return START + timedelta(days=n)


def tml(id, subject, when, number, body="", list_name="TML", **extra):
    return ThreadInput(id, subject, when, str(number), list_name, body_refs=body_refs_of(body),
                       **extra)


def digest(id, subject, when, number):
    return ThreadInput(id, subject, when, number, "Traveller-digest")


def links_of(messages, **options):
    links, _ = thread(messages, **options)
    return {link.child: (link.parent, link.how, link.certain) for link in links}


@pytest.mark.parametrize(("subject", "normalised"), [
    ("Jump drives", "jump drives"),
    ("Re: Re[2]: FWD: Jump Drives", "jump drives"),
    ("RE: re: Fwd: Jump  drives ", "jump drives"),
    ("Re^2: Jump drives", "jump drives"),
    ("Re(3): Jump drives", "jump drives"),
    ("AW: Sv: Jump drives", "jump drives"),
    ("Fw: Jump drives (fwd)", "jump drives"),
    ("[TML] Re: Jump drives?", "jump drives"),
    ("Re: (2033) Jump drives", "jump drives"),
    ("Re: (#2033) Jump drives", "jump drives"),
    ("RE msg 2030, Jump drives", "jump drives"),
    ("Re: msg #2030: Jump drives", "jump drives"),
    ("Re: Jump drives (Td V96 #288)", "jump drives"),
    ("Re: Traveller: Terra 1965 (Td V96 #288)", "terra 1965"),
    ("[T98#192] Re: Jump drives", "jump drives"),
    ("72:02/7272 Jump drives", "jump drives"),
    ("Re: TML nightly: Msgs 7292-7294 V72#6", ""),
    ("Re: Traveller-digest V1996 #778", ""),
    ("Re: TML FAQ?", "tml faq"),
    ("Traveller", "traveller"),
    ("Re: Re: Re:", ""),
    ("", ""),
    ("Starport Class A vs. Class B", "starport class a vs. class b"),
])
def test_normalise_subject(subject, normalised):
    assert normalise_subject(subject) == normalised


def test_in_reply_to_wins():
    messages = [
        tml("a", "Jump drives", day(0), 2030, message_id="<1@a.example>"),
        tml("b", "Other", day(1), 2031),
        tml("c", "Re: (2031) Jump drives", day(2), 2032, in_reply_to="<x@y> <1@a.example>"),
    ]
    assert links_of(messages) == {"c": ("a", "in-reply-to", True)}


def test_message_id_cited_in_the_body():
    messages = [
        tml("a", "Jump drives", day(0), 2030, message_id="<9102122152.AA14388@host.EXAMPLE>"),
        tml("b", "Later thoughts", day(1), 2031,
            body="In message <9102122152.AA14388@host.EXAMPLE>, Jane writes:\n> text"),
    ]
    assert links_of(messages) == {"b": ("a", "in-reply-to", True)}


@pytest.mark.parametrize(("subject", "body"), [
    ("Re: (2030) Jump drives", ""),
    ("Re: (2030) Something else", ""),
    ("RE msg 2030, Jump drives", ""),
    ("RE msg 2030, something else", ""),
    ("Re: Msg #2030", ""),
    ("Something else", "In message 2030 Jane Public writes:\n> Jump drives take a week"),
    ("Something else", "Some preamble.\n\nIn msg #2030, Jane wrote:\n> text"),
    ("Something else", "RE: message 2030\n\nI think"),
    ("72:02/2030 Jump drives", ""),
])
def test_number_references(subject, body):
    messages = [tml("a", "Jump drives", day(0), 2030), tml("x", "Other", day(0.5), 2031),
                tml("b", subject, day(1), 2035, body)]
    assert links_of(messages) == {"b": ("a", "number-ref", True)}


def test_nightly_range_reference_points_at_the_first_of_the_range_uncertain():
    messages = [tml(f"m{n}", f"Topic {n}", day(n - 7290), n) for n in range(7290, 7296)]
    messages.append(tml("r", "Re: TML nightly: Msgs 7292-7294 V72#6", day(7), 7299))
    assert links_of(messages)["r"] == ("m7292", "number-ref", False)


def test_range_reference_prefers_the_message_with_the_same_subject():
    messages = [tml(f"m{n}", f"Topic {n}", day(n - 7290), n) for n in range(7290, 7296)]
    messages.append(tml("r", "Re: Topic 7293", day(7), 7299,
                        "Re: TML nightly: Msgs 7292-7294 V72#6 -- in reply to"))
    assert links_of(messages)["r"] == ("m7293", "number-ref", True)


DIGEST_1996_778 = [
    digest("d1", "Starports", day(2000), "1996.778.1"),
    digest("d2", "Terra 1965", day(2000), "1996.778.2"),
    digest("d3", "Re: Terra 1965", day(2000), "1996.778.3"),
]


@pytest.mark.parametrize(("subject", "parent", "certain"), [
    ("Re: Traveller-digest V1996 #778", "d1", False),
    ("Re: Traveller: Terra 1965 (Td V96 #778)", "d2", True),
    ("[T96#778] Re: Terra 1965", "d2", True),
    ("[T96#778] Re: Something new", "d1", False),
])
def test_digest_issue_references(subject, parent, certain):
    messages = [*DIGEST_1996_778, digest("r", subject, day(2003), "1996.780.4")]
    assert links_of(messages)["r"] == (parent, "number-ref", certain)


def test_issue_reference_in_the_body():
    messages = [*DIGEST_1996_778, ThreadInput(
        "r", "Terra once more", day(2003), "1996.780.4", "Traveller-digest",
        body_refs=body_refs_of("Jane wrote in Traveller-digest V1996 #778:\n> Terra 1965 was"))]
    assert links_of(messages)["r"] == ("d1", "number-ref", False)


def test_number_reference_to_a_later_message_with_another_subject_is_uncertain():
    messages = [tml("a", "Jump drives", day(0), 2030), tml("b", "Re: (2040) Other", day(1), 2031),
                tml("c", "Starships", day(2), 2040)]
    assert links_of(messages)["b"] == ("c", "number-ref", False)


def test_number_reference_far_apart_in_time_is_uncertain():
    messages = [tml("a", "Jump drives", day(0), 2030),
                tml("b", "Re: (2030) Jump drives", day(400), 5030)]
    assert links_of(messages)["b"] == ("a", "number-ref", False)


def test_number_reference_resolves_in_the_own_list_first():
    messages = [tml("a", "Jump drives", day(0), 30), tml("x", "Jump drives", day(0), 30,
                                                          list_name="XBOAT"),
                tml("b", "Re: (30) Jump drives", day(1), 31, list_name="XBOAT")]
    assert links_of(messages)["b"] == ("x", "number-ref", True)


def test_unresolvable_reference_falls_back_to_the_subject():
    messages = [tml("a", "Jump drives", day(0), 2030),
                tml("b", "Re: (1234) Jump drives", day(1), 2031)]
    assert links_of(messages)["b"] == ("a", "subject", False)


def test_subject_variants_link_uncertainly_to_the_run_start():
    messages = [tml("a", "Jump drives", day(0), 2030),
                tml("b", "Re: Re[2]: FWD: Jump Drives", day(2), 2031),
                tml("c", "Re: jump drives", day(3), 2032),
                tml("d", "Re: Scouts", day(3), 2033)]
    assert links_of(messages) == {"b": ("a", "subject", False), "c": ("a", "subject", False)}


def test_same_subject_without_reply_marker_starts_its_own_thread():
    messages = [tml("a", "Help", day(0), 2030), tml("b", "Help", day(2), 2031)]
    assert links_of(messages) == {}


def test_unrelated_message_with_a_common_subject_years_later_is_not_linked():
    messages = [tml("a", "Jump drives", day(0), 2030), tml("b", "Re: Jump drives", day(3), 2031),
                tml("c", "Re: Jump drives", day(3 * 365), 7290)]
    links = links_of(messages)
    assert links == {"b": ("a", "subject", False)}
    _, thread_of = thread(messages)
    assert thread_of == {"a": "a", "b": "a", "c": "c"}


def test_a_long_discussion_stays_one_thread_while_gaps_are_short():
    messages = [tml("a", "Jump drives", day(0), 1)] + [
        tml(f"r{n}", "Re: Jump drives", day(100 * n), n + 1) for n in range(1, 6)]
    _, thread_of = thread(messages)
    assert set(thread_of.values()) == {"a"}
    assert set(thread(messages, window_days=50)[1].values()) == {"a", "r1", "r2", "r3", "r4",
                                                                  "r5"}


def test_reply_in_a_later_file_and_before_its_parent_in_input_order():
    later_file = [tml("b", "Re: (2030) Jump drives", day(40), 2100)]
    earlier_file = [tml("a", "Jump drives", day(0), 2030)]
    assert links_of(later_file + earlier_file) == {"b": ("a", "number-ref", True)}
    assert links_of(earlier_file + later_file) == {"b": ("a", "number-ref", True)}


def test_reply_dated_before_its_parent_still_links():
    """A poster's clock was wrong: the number reference still holds."""
    messages = [tml("a", "Jump drives", day(5), 2030), tml("b", "Re: (2030) Jump drives", day(1),
                                                            2031)]
    assert links_of(messages) == {"b": ("a", "number-ref", True)}


def test_unknown_dates_are_ordered_by_number():
    messages = [tml("a", "Jump drives", None, 2030), tml("b", "Re: Jump drives", None, 2031),
                tml("c", "Re: Jump drives", day(1), 2032)]
    assert links_of(messages) == {"b": ("a", "subject", False), "c": ("a", "subject", False)}
    assert [link.child for link in thread(messages)[0]] == ["b", "c"]


def test_references_that_would_make_a_cycle_are_dropped():
    messages = [tml("a", "Re: (2) Loop", day(0), 1), tml("b", "Re: (1) Loop", day(1), 2),
                tml("c", "Re: (3) Self", day(2), 3)]
    links = links_of(messages)
    assert links == {"a": ("b", "number-ref", True)}
    _, thread_of = thread(messages)
    assert thread_of == {"a": "b", "b": "b", "c": "c"}


def test_cycle_breaking_falls_back_to_the_next_candidate():
    messages = [tml("a", "Loop", day(0), 1), tml("b", "Re: (3) Loop", day(1), 2),
                tml("c", "Re: (2) Loop", day(2), 3)]
    # b -> c (reference, later), then c -> b would close the cycle: c takes its subject.
    links = links_of(messages)
    assert links["b"] == ("c", "number-ref", True)
    assert links["c"] == ("a", "subject", False)


def test_links_and_ids():
    messages = [tml("a", "Jump drives", day(0), 2030), tml("b", "Re: (2030) x", day(1), 2031)]
    links, thread_of = thread(messages)
    assert links == [Link("b", "a", "number-ref", True)]
    assert thread_of == {"a": "a", "b": "a"}
    assert thread([]) == ([], {})


CORPUS = [
    tml("a", "Jump drives", day(0), 2030, message_id="<a@x>"),
    tml("b", "Re: Jump drives", day(1), 2031, in_reply_to="<a@x>"),
    tml("c", "RE msg 2031, jump drives", day(2), 2032),
    tml("d", "Re: Re[2]: FWD: Jump Drives", day(3), 2033),
    tml("e", "Scouts", None, 2034, "In message 2033 Jane writes:"),
    tml("f", "Re: Scouts", day(5), 2035),
    tml("g", "Re: Jump drives", day(900), 9000),
    tml("h", "Re: (2035) loop", day(6), 2036),
    *DIGEST_1996_778,
    digest("r", "Re: Traveller: Terra 1965 (Td V96 #778)", day(2003), "1996.780.4"),
]


def test_any_input_order_gives_the_same_result():
    expected = thread(CORPUS)
    for seed in range(10):
        shuffled = CORPUS[:]
        random.Random(seed).shuffle(shuffled)
        assert thread(shuffled) == expected


def assert_forest(messages, links, thread_of):
    ids = {message.id for message in messages}
    parent = {}
    for link in links:
        assert link.parent in ids and link.child in ids
        assert link.child not in parent, "one parent per message"
        parent[link.child] = link.parent
    assert set(thread_of) == ids
    for message_id in ids:
        seen, node = set(), message_id
        while node in parent:
            assert node not in seen, "cycle"
            seen.add(node)
            node = parent[node]
        assert thread_of[message_id] == node


SUBJECTS = ["Jump drives", "Re: Jump drives", "Scouts", "Re: Scouts", "", "Re:"]


@st.composite
def message_sets(draw):
    size = draw(st.integers(min_value=0, max_value=25))
    messages = []
    for index in range(size):
        number = draw(st.integers(min_value=1, max_value=30))
        target = draw(st.integers(min_value=1, max_value=30))
        subject = draw(st.sampled_from(SUBJECTS + [f"Re: ({target}) Scouts",
                                                   f"RE msg {target}, x", f"[T96#{target}] x"]))
        when = draw(st.none() | st.integers(min_value=0, max_value=2000).map(day))
        list_name = draw(st.sampled_from(["TML", "XBOAT"]))
        number_text = draw(st.sampled_from([str(number), f"1996.{number}.{index}"]))
        body = draw(st.sampled_from(["", f"In message {target} x writes", "#"]))
        reply = draw(st.sampled_from(["", f"<{target}@x>"]))
        messages.append(ThreadInput(f"m{index}", subject, when, number_text, list_name,
                                    message_id=f"<{index}@x>", in_reply_to=reply,
                                    body_refs=body_refs_of(body)))
    return messages


@given(message_sets(), st.randoms())
@settings(max_examples=300)
def test_never_a_cycle_and_every_parent_exists(messages, rng):
    links, thread_of = thread(messages)
    assert_forest(messages, links, thread_of)
    shuffled = messages[:]
    rng.shuffle(shuffled)
    assert thread(shuffled) == (links, thread_of)


@given(st.lists(st.text(max_size=40), max_size=10), st.lists(st.text(max_size=200), max_size=10))
def test_never_raises_on_any_subject_or_body(subjects, bodies):
    messages = [ThreadInput(f"m{index}", subject, None, str(index), "TML",
                            body_refs=body_refs_of(bodies[index % len(bodies)] if bodies else ""))
                for index, subject in enumerate(subjects)]
    assert_forest(messages, *thread(messages))


def test_throughput():
    """Budget: 100,000 messages well under 2 s; asserts 20,000 in 2 s of CPU time."""
    rng = random.Random(1)
    body = "\n".join(["> quoted line of an earlier message"] * 8 + ["Some words."] * 30)
    messages = []
    for index in range(20_000):
        subject = rng.choice(["Re: ", "", f"Re: ({max(1, index - 5)}) "]) + f"Topic {index % 900}"
        messages.append(tml(str(index), subject, day(index / 20), index + 1, body))
    start = time.process_time()
    links, thread_of = thread(messages)
    assert time.process_time() - start < 2.0
    assert len(thread_of) == 20_000 and links
