"""Every parser, fed hostile input by hypothesis: none raises, none loses bytes.

Examples per test come from the hypothesis profile (tests/conftest.py):
"ci" in the suite, "fuzz" under `make fuzz`, which runs these far longer.
"""

import io
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from legacy_archive.dates import parse_loose_date
from legacy_archive.decode import decode
from legacy_archive.indexfiles import INDEX_NAMES, parse_index
from legacy_archive.mail.burst import burst
from legacy_archive.mail.dates import parse_mail_date
from legacy_archive.mail.people import parse_from
from legacy_archive.pipeline import shown_bytes
from legacy_archive.sectors import parse_sector
from legacy_archive.zipfiles import DEFAULT_LIMITS, list_zip, read_member

# Pieces of what real and broken legacy files are made of, glued at random.
FRAGMENTS = [
    b"\r\n", b"\n", b"\r", b"\x1a", b"\x00", b"\t", b"  ", b"\xef\xbb\xbf", b"\xff\xfe",
    b"-" * 30 + b"\n", b"-" * 70 + b"\n", b"\n\n", b"From a@b Tue Jan 30 15:52:47 1990\n",
    b"From x Mon Jan  1 00:00:00 9999\n", b">From ", b"- ", b"Date: ", b"From: ",
    b"Subject: ", b"Archive-Message-Number: 2033", b"-------- TML Message #12 --------\n",
    b"TRAVELLER Digest 12\n", b"End of TRAVELLER Digest\n", b"*" * 30 + b"\n",
    b"Traveller-digest V1996 #300\n", b"<HTML><BR>", b"=20", b"Re: (2033) ",
    b"Tue, 30 Jan 90 15:52:47 EST", b"7-FEB-1996 13:08:15.79", b"30-Dec-90",
    b"Mon, 1 Jan 0 00:00:00 +9999", b"IN%\"u@h\"", b"u@h (Name)", b"uunet!host!user",
    b"Vorlash       0304 B564877-9  N Ag Ri           A  512 Im G2 V\n",
    b"Hex\tName\tUWP\n", b"0101\tX\tA788899-C\n", b"---- --------- ---------\n",
    b"FILE.ZIP  12345  01-02-93  description\n", b"\"a name.txt\" desc\x04\xc2",
    b"   | continued\n", b"\x82\xe9\x8e\xc9\xcd\xbb", b"\xc3\xa9\xe2\x80\x94", b"PK\x03\x04",
]
HOSTILE_BYTES = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=12)),
                         max_size=60).map(b"".join)
HOSTILE_TEXT = st.one_of(HOSTILE_BYTES.map(lambda b: decode(b).text), st.text(max_size=400))
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(HOSTILE_BYTES, st.sampled_from([None, "cp437", "utf-8", "rot13", "utf-16"]))
def test_decode_never_raises_and_keeps_every_character(data, override):
    result = decode(data, override=override)
    assert isinstance(result.text, str) and "\r" not in result.text
    if result.method in ("ascii", "utf-8", "heuristic", "detector", "override") and \
            not result.encoding.startswith("utf-16"):  # its encoder would add a BOM
        normal = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        text = result.text.encode(result.encoding)
        assert normal.startswith(text.rstrip(b"\x1a")) or normal.rstrip(b"\x1a \n").startswith(
            text.rstrip(b"\n")), (data, result)


@RELAXED
@given(st.binary(max_size=2000), st.integers(1, 2500))
def test_shown_part_of_a_text_is_a_prefix_that_splits_no_character(data, limit):
    shown = shown_bytes(data, limit)
    assert data.startswith(shown) and len(shown) <= max(limit, 0)
    if len(shown) < len(data) and data.isascii():
        assert len(shown) >= limit // 2


@RELAXED
@given(HOSTILE_BYTES.map(lambda b: decode(b).text))
def test_burst_never_raises_and_invents_nothing(text):
    result = burst(text)
    assert isinstance(result.problems, list)
    offsets = [m.offset for m in result.messages]
    assert offsets == sorted(offsets) and all(0 <= o <= len(text) for o in offsets)
    flat = re.sub(r"\s+", "", text)
    for message in result.messages:
        for _, value in message.headers:
            assert re.sub(r"\s+", "", value) in flat or "<" in text or "=" in text


@RELAXED
@given(HOSTILE_TEXT)
def test_mail_dates_never_raise_and_stay_in_the_calendar(text):
    result = parse_mail_date(text)
    assert (result.utc is None) == (result.day == "")
    if result.utc is not None:
        assert 1900 <= result.utc.year <= 2100 and result.utc.tzinfo is not None
    assert parse_loose_date(text) == "" or re.fullmatch(r"\d{4}(-\d\d){0,2}",
                                                        parse_loose_date(text))


@RELAXED
@given(HOSTILE_TEXT)
def test_from_values_never_raise_and_keep_what_was_written(text):
    author = parse_from(text)
    assert author.raw == text or author.raw == text.strip()
    assert isinstance(author.name, str) and isinstance(author.address, str)
    assert "\n" not in author.name


@RELAXED
@given(st.sampled_from(sorted(INDEX_NAMES)), HOSTILE_TEXT)
def test_index_files_never_raise_and_name_only_what_they_hold(filename, text):
    entries = parse_index(filename, text)
    lines = len(text.splitlines()) + 1  # CR, LF and the rest, as the parser splits
    for entry in entries:
        assert entry.name and entry.name.strip('"') in text.replace("\\n", "\n") or \
            entry.name in text, entry
        assert 1 <= entry.line <= lines


@RELAXED
@given(HOSTILE_TEXT)
def test_sector_data_never_raises_and_accounts_for_its_lines(text):
    sector = parse_sector(text)
    numbers = [w.line for w in sector.worlds] + [r.line for r in sector.rejected]
    assert len(numbers) == len(set(numbers)), "a line counted twice"
    lines = text.splitlines() or [""]
    assert all(1 <= n <= len(lines) + 1 for n in numbers)


def a_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number, (data, compress) in enumerate(members):
            method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            archive.writestr(f"m{number}.txt", data, compress_type=method)
    return buffer.getvalue()


MEMBERS = st.lists(st.tuples(st.binary(max_size=300), st.booleans()), min_size=1, max_size=6)


@RELAXED
@given(MEMBERS)
def test_a_zip_lists_every_member_and_reads_each_back_exactly(members):
    data = a_zip(members)
    listing = list_zip(data)
    assert [m.name for m in listing.members] == [f"m{n}.txt" for n in range(len(members))]
    for member, (content, _) in zip(listing.members, members, strict=True):
        assert member.size == len(content)
        assert read_member(data, member.name) == content


@RELAXED
@given(MEMBERS, st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=8)),
                         max_size=8), st.integers(0, 10**6))
def test_a_damaged_zip_never_raises_nor_reads_past_its_limits(members, edits, cut):
    data = bytearray(a_zip(members))
    for where, patch in edits:
        at = where % len(data)
        data[at:at + len(patch)] = patch
    data = bytes(data[: max(4, cut % (len(data) + 1))])
    listing = list_zip(data)
    assert len(listing.members) <= DEFAULT_LIMITS.max_members
    for member in listing.members:
        read = read_member(data, member.name)
        assert read is None or len(read) <= DEFAULT_LIMITS.max_member_read
