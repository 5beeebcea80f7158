"""Tests for legacy_archive.zipfiles: ZIPs listed from bytes, safely, never extracted.

Every fixture is built here, in memory: `zipfile` writes the ordinary archives,
`struct` writes what zipfile will not (CP437 names without the UTF-8 flag,
PKZIP 1.x methods as headers only, the encryption flag, damaged directories,
zip-bomb shapes, lying sizes, overlapping entries, zip64 records).
"""

import io
import random
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive import zipfiles
from legacy_archive.zipfiles import Limits, container_kind, list_zip, read_member

DOS_DATE = ((1994 - 1980) << 9) | (3 << 5) | 12
DOS_TIME = (21 << 11) | (4 << 5) | (30 // 2)
STAMP = (1994, 3, 12, 21, 4, 30)
SAMPLE = Path(__file__).resolve().parents[2] / "archive" / "software" / "TRAVGEN.ZIP"
MB = 1024 * 1024
REAL_DECOMPRESSOBJ = zlib.decompressobj

DIZ_BYTES = (b"\xc9\xcd\xcd\xcd\xcd\xcd\xcd\xcd\xbb\r\n"
             b"\xba JUMPCALC \xba  Jump fuel for Classic Traveller.\r\n"
             b"\xc8\xcd\xcd\xcd\xcd\xcd\xcd\xcd\xbc  Freeware, 1993.  Caf\x82 \xc9\r\n\x1a")
DIZ_TEXT = ("╔═══════╗\n"
            "║ JUMPCALC ║  Jump fuel for Classic Traveller.\n"
            "╚═══════╝  Freeware, 1993.  Café ╔")
COMMENT_BYTES = b"\xc9\xcd\xbb Jumpspace BBS 1:382/19 \xc9\xcd\xbb\r\nCaf\x82 \x84 la carte\r\n\x1a"
COMMENT_TEXT = "╔═╗ Jumpspace BBS 1:382/19 ╔═╗\nCafé ä la carte"
README = b"JUMPCALC 1.0\r\n" + b"Computes jump fuel and drive ratings. " * 40


# ---------------------------------------------------------------- fixture builders


@dataclass
class Raw:
    """One member for the hand builder: `data` is written as is."""

    name: bytes
    data: bytes = b""
    size: int | None = None          # declared uncompressed size, len(data) if None
    crc: int | None = None           # crc32(data) if None
    method: int = 0
    flags: int = 0
    date: int = DOS_DATE
    time: int = DOS_TIME
    external: int = 0x20
    extra: bytes = b""

    def declared(self):
        return len(self.data) if self.size is None else self.size

    def checksum(self):
        return zlib.crc32(self.data) if self.crc is None else self.crc


def raw_deflate(payload):
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(payload) + packer.flush()


def deflated(name, payload, **fields):
    fields = {"size": len(payload), "crc": zlib.crc32(payload), **fields}
    return Raw(name, raw_deflate(payload), method=8, **fields)


def local_header(member):
    return struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", 20, member.flags, member.method,
                       member.time, member.date, member.checksum(), len(member.data),
                       member.declared(), len(member.name), len(member.extra)) \
        + member.name + member.extra


def central_entry(member, offset):
    return struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", 20, 20, member.flags, member.method,
                       member.time, member.date, member.checksum(), len(member.data),
                       member.declared(), len(member.name), len(member.extra), 0, 0, 0,
                       member.external, offset) + member.name + member.extra


def end_record(count, cd_size, cd_offset, comment=b""):
    return struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset,
                       len(comment)) + comment


def build(members, comment=b"", also=()):
    """A ZIP of `members`; `also` adds (Raw, offset) central entries that own no data."""
    parts, offsets, pos = [], [], 0
    for member in members:
        offsets.append(pos)
        parts += [local_header(member), member.data]
        pos += len(parts[-2]) + len(member.data)
    entries = [*zip(members, offsets, strict=True), *also]
    central = b"".join(central_entry(member, offset) for member, offset in entries)
    return b"".join(parts) + central + end_record(len(entries), len(central), pos, comment)


def make_zip(files, comment=b"", compression=zipfile.ZIP_DEFLATED):
    """An ordinary ZIP written by zipfile; `files` is [(name, bytes)]."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, payload in files:
            archive.writestr(zipfile.ZipInfo(name, STAMP), payload, compress_type=compression)
        archive.comment = comment
    return buffer.getvalue()


class Unseekable:
    """A write-only stream: zipfile then streams members with data descriptors."""

    def __init__(self):
        self.parts = []

    def write(self, chunk):
        self.parts.append(bytes(chunk))
        return len(chunk)

    def flush(self):
        pass


def streamed_zip(files):
    sink = Unseekable()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in files:
            info = zipfile.ZipInfo(name, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as member:
                member.write(payload)
    return b"".join(sink.parts)


def ordinary_zip():
    return make_zip([("FILE_ID.DIZ", DIZ_BYTES), ("README.TXT", README),
                     ("DOCS/", b""), ("DOCS/SHIPS.TXT", b"Type S Scout/Courier 100 tons\r\n")],
                    comment=COMMENT_BYTES)


def damage_central(data):
    """The same bytes with the first central-directory signature spoiled."""
    pos = data.index(b"PK\x01\x02")
    return data[:pos] + b"XX\x01\x02" + data[pos + 4:]


class InflateSpy:
    """Stands in for zlib.decompressobj and records every max_length and output size."""

    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        real, calls = REAL_DECOMPRESSOBJ(*args, **kwargs), self.calls

        class Watched:
            def decompress(self, chunk, max_length=0):
                out = real.decompress(chunk, max_length)
                calls.append((max_length, len(out)))
                return out

        return Watched()

    def largest(self):
        return max((produced for _limit, produced in self.calls), default=0)


def spying():
    spy = InflateSpy()
    return spy, mock.patch.object(zipfiles.zlib, "decompressobj", spy)


def names(listing):
    return [member.name for member in listing.members]


# ---------------------------------------------------------------- ordinary archives


def test_lists_an_ordinary_zip_member_by_member():
    data = ordinary_zip()
    listing = list_zip(data)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert names(listing) == ["FILE_ID.DIZ", "README.TXT", "DOCS/", "DOCS/SHIPS.TXT"]
    for member, info in zip(listing.members, infos, strict=True):
        assert (member.size, member.compressed) == (info.file_size, info.compress_size)
        assert member.date == "1994-03-12 21:04"
        assert not member.encrypted and not member.unsafe_name
    assert [member.is_dir for member in listing.members] == [False, False, True, False]
    assert [member.readable for member in listing.members] == [True, True, False, True]
    assert listing.members[1].method == "deflated"
    assert listing.comment == COMMENT_TEXT
    assert listing.diz == DIZ_TEXT
    assert listing.problems == []


def test_read_member_returns_the_exact_bytes():
    data = ordinary_zip()
    assert read_member(data, "README.TXT") == README
    assert read_member(data, "FILE_ID.DIZ") == DIZ_BYTES
    assert read_member(data, "DOCS/SHIPS.TXT") == b"Type S Scout/Courier 100 tons\r\n"
    assert read_member(data, "DOCS/") is None
    assert read_member(data, "MISSING.TXT") is None


def test_stored_members_and_large_members_are_read_up_to_the_limit():
    payload = bytes(range(256)) * 40
    data = make_zip([("TABLE.DAT", payload)], compression=zipfile.ZIP_STORED)
    assert list_zip(data).members[0].method == "stored"
    assert read_member(data, "TABLE.DAT") == payload
    assert read_member(data, "TABLE.DAT", Limits(max_member_read=1000)) == payload[:1000]
    packed = make_zip([("TABLE.DAT", payload)])
    assert read_member(packed, "TABLE.DAT", Limits(max_member_read=1000)) == payload[:1000]


@pytest.mark.skipif(not SAMPLE.exists(), reason="archive/software/TRAVGEN.ZIP is not here")
def test_the_archive_sample_zip():
    listing = list_zip(SAMPLE.read_bytes())
    assert "RÉSUMÉ.TXT" in names(listing)
    assert listing.diz.startswith("╔═")
    assert listing.comment.startswith("Missouri Archive")
    assert listing.problems == []
    assert all(member.readable for member in listing.members)


def test_empty_zip():
    assert list_zip(b"PK\x05\x06" + bytes(18)) == zipfiles.ZipListing([], "", "", [])
    assert list_zip(make_zip([])).members == []
    cut = list_zip(b"PK\x05\x06")
    assert cut.members == [] and cut.problems == ["the end record of this empty ZIP is cut off"]
    assert list_zip(b"").problems


# ---------------------------------------------------------------- names, dates, flags


def test_cp437_names_without_the_utf8_flag_and_utf8_names_with_it():
    latin = "Ünïcødé.TXT".encode()
    data = build([Raw(b"R\x90SUM\x90.TXT", b"x"), Raw(b"\xc9\xcd\xbb BOX.TXT", b"x"),
                  Raw(latin, b"x", flags=0x800), Raw(latin, b"x"),
                  Raw(b"GAMES\\TRAV\\README.DOC", b"x")])
    assert names(list_zip(data)) == ["RÉSUMÉ.TXT", "╔═╗ BOX.TXT", "Ünïcødé.TXT",
                                     latin.decode("cp437"), "GAMES/TRAV/README.DOC"]
    assert read_member(data, "RÉSUMÉ.TXT") == b"x"


def test_info_zip_unicode_path_extra_field_names_the_member():
    raw = b"CAF\x82.TXT"

    def unicode_path(crc, name):
        encoded = name.encode()
        return struct.pack("<HHBL", 0x7075, 5 + len(encoded), 1, crc) + encoded

    good, stale = unicode_path(zlib.crc32(raw), "CAFÉ.TXT"), unicode_path(0, "OTHER.TXT")
    listing = list_zip(build([Raw(raw, b"x", extra=good), Raw(raw, b"y", extra=stale)]))
    assert names(listing) == ["CAFÉ.TXT", "CAFé.TXT"]


@pytest.mark.parametrize(("raw", "name", "unsafe"), [
    (b"../../etc/passwd", "../../etc/passwd", True),
    (b"C:\\DOS\\X", "C:/DOS/X", True),
    (b"c:AUTOEXEC.BAT", "c:AUTOEXEC.BAT", True),
    (b"/etc/motd", "/etc/motd", True),
    (b"\\\\SERVER\\SHARE\\X", "//SERVER/SHARE/X", True),
    (b"GAMES\\..\\..\\CONFIG.SYS", "GAMES/../../CONFIG.SYS", True),
    (b"SUB/.../X", "SUB/.../X", True),
    (b"BELL\x07.TXT", "BELL\x07.TXT", True),
    (b"\x1b[2J.ANS", "\x1b[2J.ANS", True),
    (b"TRAVGEN/README.TXT", "TRAVGEN/README.TXT", False),
    (b"..TXT", "..TXT", False),
    (b"NOTES..TXT", "NOTES..TXT", False),
    (b"./README", "./README", False),
    (b"", "", True),
])
def test_unsafe_names_are_flagged_and_kept_readable(raw, name, unsafe):
    data = build([Raw(raw, b"Hello")])
    member = list_zip(data).members[0]
    assert (member.name, member.unsafe_name) == (name, unsafe)
    # Nothing is written to disk, so a hostile name does not stop a bounded read.
    assert member.readable and read_member(data, name) == b"Hello"


@pytest.mark.parametrize(("date", "time_", "shown"), [
    (DOS_DATE, DOS_TIME, "1994-03-12 21:04"),
    (DOS_DATE, DOS_TIME | 0x1F, "1994-03-12 21:04"),       # 62 seconds: seconds are not shown
    ((7 << 9) | (2 << 5) | 29, 0, ""),                       # no 29 February in 1987
    ((20 << 9) | (2 << 5) | 29, 0, "2000-02-29 00:00"),
    (0, 0, ""),
    ((14 << 9) | (13 << 5) | 1, 0, ""),
    (DOS_DATE, 25 << 11, ""),
    (DOS_DATE, (23 << 11) | (61 << 5), ""),
])
def test_dos_dates(date, time_, shown):
    assert list_zip(build([Raw(b"A.TXT", b"a", date=date, time=time_)])).members[0].date == shown


def test_directories_by_name_or_by_dos_attribute():
    listing = list_zip(build([Raw(b"SHIPS/", external=0x10), Raw(b"SECTORS\\", external=0),
                              Raw(b"OLDDIR", external=0x10), Raw(b"FILE", b"x")]))
    assert [member.is_dir for member in listing.members] == [True, True, True, False]
    assert listing.problems == []


def test_encrypted_members_are_listed_not_read():
    data = build([Raw(b"SECRET.DOC", bytes(range(40)), size=28, method=8, flags=0x1),
                  Raw(b"OPEN.TXT", b"open")])
    listing = list_zip(data)
    secret, open_ = listing.members
    assert secret.encrypted and not secret.readable and not open_.encrypted
    assert listing.problems == ["encrypted members cannot be shown"]
    assert read_member(data, "SECRET.DOC") is None
    assert read_member(data, "OPEN.TXT") == b"open"


@pytest.mark.parametrize(("method", "shown"), [
    (1, "shrunk"), (2, "reduced"), (5, "reduced"), (6, "imploded"), (9, "deflate64"),
    (12, "bzip2"), (77, "method 77"),
])
def test_old_pkzip_methods_are_listed_not_read(method, shown):
    data = build([Raw(b"TRAVELLR.DOC", b"\x5a" * 60, size=200, method=method),
                  Raw(b"NEW.TXT", b"new")])
    listing = list_zip(data)
    member = listing.members[0]
    assert (member.method, member.size, member.compressed) == (shown, 200, 60)
    assert not member.readable and read_member(data, "TRAVELLR.DOC") is None
    assert listing.problems == [f"members packed with {shown} are listed but cannot be shown"]
    assert listing.members[1].readable


def test_a_1990_zip_with_several_old_methods_gives_one_sentence():
    data = build([Raw(b"A.DOC", b"a" * 9, size=20, method=1),
                  Raw(b"B.DOC", b"b" * 9, size=20, method=6),
                  Raw(b"C.DOC", b"c" * 9, size=20, method=1)])
    assert list_zip(data).problems == [
        "members packed with imploded, shrunk are listed but cannot be shown"]


# ---------------------------------------------------------------- FILE_ID.DIZ and comment


@pytest.mark.parametrize(("name", "found"), [
    ("FILE_ID.DIZ", True), ("file_id.diz", True), ("File_Id.Diz", True),
    ("DOCS/FILE_ID.DIZ", False), ("FILE_ID.DIZ.BAK", False), ("XFILE_ID.DIZ", False),
])
def test_file_id_diz_in_any_case_at_the_top_only(name, found):
    listing = list_zip(make_zip([("README.TXT", b"readme"), (name, DIZ_BYTES)]))
    assert listing.diz == (DIZ_TEXT if found else "")


def test_a_diz_that_cannot_be_read_is_empty():
    encrypted = build([Raw(b"FILE_ID.DIZ", b"\x00" * 30, size=18, flags=1)])
    assert list_zip(encrypted).diz == ""
    shrunk = build([Raw(b"FILE_ID.DIZ", b"\x00" * 30, size=90, method=1)])
    assert list_zip(shrunk).diz == ""
    damaged = list_zip(build([deflated(b"FILE_ID.DIZ", DIZ_BYTES, crc=1234)]))
    assert damaged.diz == "" and "FILE_ID.DIZ is damaged and not shown" in damaged.problems


def test_a_huge_diz_is_read_only_in_part():
    words = random.Random(1).choices([b"jump", b"scout", b"world", b"Regina", b"drive"], k=20_000)
    diz = b"Line of a long, long description file. " + b" ".join(words)
    data = build([deflated(b"FILE_ID.DIZ", diz)])
    spy, patch = spying()
    with patch:
        listing = list_zip(data)
    assert spy.largest() <= zipfiles.DIZ_CAP + 1
    assert listing.diz.startswith("Line of a long") and len(listing.diz) <= zipfiles.DIZ_CAP


def test_zip_comment_edge_cases():
    fake = b"see PK\x05\x06" + b"\xff" * 30 + b" in the comment"
    assert list_zip(make_zip([("A.TXT", b"a")], comment=fake)).comment == fake.decode("cp437")
    comment = b"Call the Jumpspace BBS at 300-2400 baud"
    cut = list_zip(make_zip([("A.TXT", b"a")], comment=comment)[:-10])
    assert cut.comment == comment[:-10].decode()
    assert "the zip comment is cut off" in cut.problems
    assert names(cut) == ["A.TXT"]


# ---------------------------------------------------------------- damaged archives


def test_damaged_central_directory_lists_from_local_headers():
    data = damage_central(ordinary_zip())
    listing = list_zip(data)
    assert names(listing) == ["FILE_ID.DIZ", "README.TXT", "DOCS/", "DOCS/SHIPS.TXT"]
    assert listing.problems == ["central directory is damaged; members listed from local headers"]
    assert listing.diz == DIZ_TEXT and listing.comment == COMMENT_TEXT
    assert read_member(data, "README.TXT") == README


def test_xmodem_padding_after_the_end_record_is_harmless():
    data = ordinary_zip() + b"\x1a" * 93
    listing = list_zip(data)
    assert listing.problems == [] and listing.comment == COMMENT_TEXT
    assert read_member(data, "README.TXT") == README


def test_central_directory_damaged_beyond_the_local_headers_too():
    data = make_zip([("A.TXT", b"a"), ("B.TXT", b"b")])
    cd = data.index(b"PK\x01\x02")
    spoiled = data[:cd].replace(b"PK\x03\x04", b"PK\x03\x05") + damage_central(data)[cd:]
    listing = list_zip(spoiled)
    assert listing.members == []
    assert listing.problems == ["central directory is damaged and no member headers were found"]
    partly = data[:cd].replace(b"PK\x03\x04", b"PK\x03\x05") + data[cd:cd + 57] + b"junk" * 30
    listing = list_zip(partly + end_record(2, 200, cd))
    assert names(listing) == ["A.TXT"]
    assert listing.problems[0] == ("central directory is damaged; 1 member listed from what is "
                                   "left of it")
    assert not listing.members[0].readable           # its local header is gone too


def test_central_directory_pointing_nowhere():
    data = bytearray(ordinary_zip())
    end = data.rindex(b"PK\x05\x06")
    data[end + 16:end + 20] = struct.pack("<L", 0x7FFFFFF0)       # cd offset past the end
    data[end + 12:end + 16] = struct.pack("<L", 0x7FFFFFF0)       # cd size nonsense too
    listing = list_zip(bytes(data))
    assert len(listing.members) == 4
    assert "central directory is damaged; members listed from local headers" in listing.problems


def test_directory_that_hides_members_behind_a_zero_count():
    data = make_zip([("A.TXT", b"a"), ("B.TXT", b"b")])
    stripped = data[:data.index(b"PK\x01\x02")] + end_record(0, 0, 0)
    assert names(list_zip(stripped)) == ["A.TXT", "B.TXT"]


@pytest.mark.parametrize("cut", [10, 60, 150, -5])
def test_truncated_inside_the_central_directory(cut):
    whole = ordinary_zip()
    end = whole.rindex(b"PK\x05\x06")
    data = whole[:end + cut] if cut < 0 else whole[:whole.index(b"PK\x01\x02") + cut]
    listing = list_zip(data)
    assert names(listing) == ["FILE_ID.DIZ", "README.TXT", "DOCS/", "DOCS/SHIPS.TXT"]
    assert any("members listed from local headers" in problem for problem in listing.problems)
    assert read_member(data, "DOCS/SHIPS.TXT") == b"Type S Scout/Courier 100 tons\r\n"


def test_truncated_inside_member_data():
    data = ordinary_zip()
    readme = data.index(b"README.TXT") + 10
    listing = list_zip(data[:readme + 20])
    assert names(listing) == ["FILE_ID.DIZ", "README.TXT"]
    assert [member.readable for member in listing.members] == [True, False]
    assert any("runs past the end of the file" in problem for problem in listing.problems)
    assert read_member(data[:readme + 20], "README.TXT") is None


def test_streamed_zip_without_central_directory_uses_data_descriptors():
    files = [("FILE_ID.DIZ", DIZ_BYTES), ("README.TXT", README), ("SHIP.DAT", bytes(range(200)))]
    whole = streamed_zip(files)
    assert list_zip(whole).problems == []
    data = whole[:whole.index(b"PK\x01\x02")]
    listing = list_zip(data)
    assert names(listing) == [name for name, _ in files]
    assert [member.size for member in listing.members] == [len(p) for _, p in files]
    assert listing.problems == ["no central directory found (the file may be cut off); "
                                "members listed from local headers"]
    assert listing.diz == DIZ_TEXT
    for name, payload in files:
        assert read_member(data, name) == payload


def test_streamed_member_whose_descriptor_is_lost():
    data = streamed_zip([("README.TXT", README)])
    data = data[:data.index(b"PK\x07\x08")]
    listing = list_zip(data)
    assert names(listing) == ["README.TXT"] and not listing.members[0].readable
    assert 'member "README.TXT" has no recorded size; not read' in listing.problems


@pytest.mark.parametrize("seed", range(5))
def test_junk_after_a_local_header_signature(seed):
    data = b"PK\x03\x04" + random.Random(seed).randbytes(3000)
    listing = list_zip(data)
    assert listing.problems
    assert not any("could not be read" in problem for problem in listing.problems)
    for member in listing.members:
        read_member(data, member.name)


def test_a_file_full_of_signatures_is_bounded():
    started = time.perf_counter()
    listing = list_zip(b"PK\x03\x04" * 200_000)
    assert time.perf_counter() - started < 2
    assert listing.problems == [
        "no ZIP structure found: no central directory and no member headers",
        "10000 damaged or false member headers skipped",
        "too many damaged member headers; the search stopped early"]


def test_other_archivers_are_named_not_listed():
    listing = list_zip(b"\x60\xea\x26\x00" + bytes(60))
    assert listing.members == []
    assert listing.problems == ["this is ARJ data, not a ZIP; its members cannot be listed here"]


def test_wrong_argument_types_do_not_raise():
    assert list_zip("PK\x03\x04").problems == ["the archive could not be read (TypeError)"]
    assert list_zip(memoryview(ordinary_zip())).diz == DIZ_TEXT
    assert list_zip(bytearray(ordinary_zip())).diz == DIZ_TEXT
    assert read_member(None, "A") is None
    assert container_kind(12) is None


# ---------------------------------------------------------------- zip64 and self-extractors


def zip64_archive(payload, name=b"JUMP.TXT"):
    """One stored member whose sizes and offset live only in zip64 fields."""
    size = len(payload)
    local = struct.pack("<4sHHHHHLLLHH", b"PK\x03\x04", 45, 0, 0, DOS_TIME, DOS_DATE,
                        zlib.crc32(payload), 0xFFFFFFFF, 0xFFFFFFFF, len(name), 20) \
        + name + struct.pack("<HHQQ", 1, 16, size, size)
    central = struct.pack("<4sHHHHHHLLLHHHHHLL", b"PK\x01\x02", 45, 45, 0, 0, DOS_TIME, DOS_DATE,
                          zlib.crc32(payload), 0xFFFFFFFF, 0xFFFFFFFF, len(name), 28, 0, 0, 0,
                          0x20, 0xFFFFFFFF) + name + struct.pack("<HHQQQ", 1, 24, size, size, 0)
    cd_offset = len(local) + size
    record = cd_offset + len(central)
    end64 = struct.pack("<4sQHHLLQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, 1, 1, len(central),
                        cd_offset)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, record, 1)
    end = struct.pack("<4sHHHHLLH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0)
    return local + payload + central + end64 + locator + end


def test_zip64_fields_are_tolerated():
    payload = b"Jump-2 drive, 20 tons of fuel per parsec.\r\n"
    data = zip64_archive(payload)
    assert zipfile.ZipFile(io.BytesIO(data)).read("JUMP.TXT") == payload   # the fixture is sane
    listing = list_zip(data)
    member = listing.members[0]
    assert (member.name, member.size, member.compressed) == ("JUMP.TXT", len(payload),
                                                             len(payload))
    assert listing.problems == [] and read_member(data, "JUMP.TXT") == payload
    damaged = damage_central(data)
    assert read_member(damaged, "JUMP.TXT") == payload
    assert list_zip(damaged).members[0].size == len(payload)


def test_zipfile_force_zip64_members():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("BIG.TXT", "w", force_zip64=True) as member:
        member.write(README)
    data = buffer.getvalue()
    assert read_member(data, "BIG.TXT") == README
    assert read_member(damage_central(data), "BIG.TXT") == README


def test_self_extracting_zip_with_a_dos_stub():
    stub = b"MZ" + bytes(510)
    data = stub + ordinary_zip()
    listing = list_zip(data)
    assert listing.problems == [] and listing.diz == DIZ_TEXT
    assert read_member(data, "README.TXT") == README
    assert container_kind(data) is None


# ---------------------------------------------------------------- bomb shapes


@pytest.fixture(scope="module")
def zeros_bomb():
    """One member declaring 100 MB of zeros, deflated to about 100 KB."""
    packer, chunk = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS), bytes(MB)
    stream = b"".join(packer.compress(chunk) for _ in range(100)) + packer.flush()
    crc = 0
    for _ in range(100):
        crc = zlib.crc32(chunk, crc)
    return build([Raw(b"ZEROS.DAT", stream, size=100 * MB, crc=crc, method=8)])


def test_a_100_mb_bomb_is_listed_quickly_and_not_read(zeros_bomb):
    spy, patch = spying()
    started = time.perf_counter()
    with patch:
        listing = list_zip(zeros_bomb)
        assert read_member(zeros_bomb, "ZEROS.DAT") is None
    assert time.perf_counter() - started < 0.5
    assert spy.calls == []
    member = listing.members[0]
    assert member.size == 100 * MB and not member.readable
    ratio = member.size // member.compressed
    assert ratio > 1000
    assert listing.problems == [
        f'member "ZEROS.DAT" claims a 1:{ratio} compression ratio; not read']


def test_even_an_allowed_bomb_is_inflated_no_further_than_the_limit(zeros_bomb):
    spy, patch = spying()
    limits = Limits(max_ratio=10_000)
    with patch:
        got = read_member(zeros_bomb, "ZEROS.DAT", limits)
    assert got == bytes(limits.max_member_read)
    assert spy.largest() <= limits.max_member_read + 1


def test_a_lying_declared_size_stops_the_inflation():
    stream = raw_deflate(bytes(10 * MB))
    data = build([Raw(b"SMALL.TXT", stream, size=10, crc=0, method=8)])
    listing = list_zip(data)
    assert listing.members[0].readable                 # headers alone cannot tell
    spy, patch = spying()
    with patch:
        assert read_member(data, "SMALL.TXT") is None
    assert spy.largest() <= 11


def test_short_streams_and_wrong_crcs_are_refused():
    payload = b"Scout/Courier, Type S\r\n" * 20
    stream = raw_deflate(payload)
    too_long = build([Raw(b"A.TXT", stream, size=len(payload) + 50, crc=zlib.crc32(payload),
                          method=8)])
    assert read_member(too_long, "A.TXT") is None
    bad_crc = build([deflated(b"A.TXT", payload, crc=zlib.crc32(payload) ^ 1)])
    assert read_member(bad_crc, "A.TXT") is None
    spoiled = build([Raw(b"A.TXT", b"Hellp", crc=zlib.crc32(b"Hello"))])
    assert read_member(spoiled, "A.TXT") is None
    not_deflate = build([Raw(b"A.TXT", b"\xff" * 40, size=60, method=8)])
    assert read_member(not_deflate, "A.TXT") is None


def test_stored_and_empty_stream_size_lies_are_refused():
    data = build([Raw(b"STORED.TXT", b"abc", size=3000), Raw(b"NODATA.TXT", size=500, method=8)])
    listing = list_zip(data)
    assert not any(member.readable for member in listing.members)
    assert listing.problems == [
        'member "STORED.TXT" is stored but claims 3000 bytes in 3; not read',
        'member "NODATA.TXT" claims 500 bytes from no data; not read']


@pytest.fixture(scope="module")
def ten_thousand():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(10_000):
            archive.writestr(zipfile.ZipInfo(f"W{number:05d}.UWP", STAMP), b"A788899-C")
    return buffer.getvalue()


def test_ten_thousand_tiny_members(ten_thousand):
    started = time.perf_counter()
    listing = list_zip(ten_thousand)
    assert time.perf_counter() - started < 2
    assert len(listing.members) == 5000 and listing.members[-1].name == "W04999.UWP"
    assert listing.problems == ["more than 5000 members; the rest not listed"]
    everything = list_zip(ten_thousand, Limits(max_members=20_000))
    assert len(everything.members) == 10_000 and everything.problems == []
    scanned = list_zip(damage_central(ten_thousand))
    assert len(scanned.members) == 5000
    assert "more than 5000 members; the rest not listed" in scanned.problems
    assert read_member(ten_thousand, "W09999.UWP", Limits(max_members=20_000)) == b"A788899-C"


def test_reading_every_member_parses_the_archive_once(ten_thousand):
    limits = Limits(max_members=10_001)              # limits no other test reads with
    started = time.perf_counter()
    with mock.patch.object(zipfiles, "_parse", wraps=zipfiles._parse) as parse:
        got = [read_member(ten_thousand, f"W{n:05d}.UWP", limits) for n in range(10_000)]
    assert time.perf_counter() - started < 3
    assert got == [b"A788899-C"] * 10_000 and parse.call_count == 1


def test_a_kept_parse_never_answers_for_other_bytes():
    first = make_zip([("A.TXT", b"first")])
    second = make_zip([("A.TXT", b"other")])
    assert read_member(first, "A.TXT") == b"first"
    assert read_member(second, "A.TXT") == b"other"
    assert read_member(first, "A.TXT", Limits(max_member_read=2)) == b"fi"
    mutable = bytearray(first)
    assert read_member(mutable, "A.TXT") == b"first"
    mutable[:] = second
    assert read_member(mutable, "A.TXT") == b"other"


def test_overlapping_entries_share_one_stream():
    kernel = deflated(b"KERNEL.DAT", bytes(300_000))
    clones = [(Raw(f"CLONE{n}.DAT".encode(), kernel.data, size=kernel.size, crc=kernel.crc,
                   method=8), 0) for n in range(3000)]
    data = build([kernel], also=clones)
    spy, patch = spying()
    with patch:
        listing = list_zip(data, Limits(max_ratio=10_000))
        assert read_member(data, "CLONE7.DAT", Limits(max_ratio=10_000)) is None
    assert spy.calls == []
    assert len(listing.members) == 3001 and not any(m.readable for m in listing.members)
    assert len(listing.problems) == zipfiles.SAME_KIND_SHOWN + 1
    assert listing.problems[-1] == ("2996 more members share their bytes with other members; "
                                    "not read")


def test_overlap_by_quoting_the_next_local_header():
    inner = Raw(b"B.TXT", b"inner data")
    outer = Raw(b"A.TXT", local_header(inner) + inner.data)
    data = build([outer], also=[(inner, len(local_header(outer)))])
    listing = list_zip(data)
    assert names(listing) == ["A.TXT", "B.TXT"]
    assert not any(member.readable for member in listing.members)


def test_declared_sizes_are_summed():
    data = make_zip([(f"PART{n}.TXT", b"Traveller " * 60) for n in range(4)])
    listing = list_zip(data, Limits(max_total_uncompressed=1300))
    assert [member.readable for member in listing.members] == [True, True, False, False]
    assert listing.problems == ["members declare more than 1,300 bytes in all; "
                                "those past that point not read"]
    assert read_member(data, "PART3.TXT", Limits(max_total_uncompressed=1300)) is None


def test_nested_zips_are_not_opened():
    inner = make_zip([("DEEP.TXT", b"deep"), ("DEEPER.TXT", b"deeper")])
    outer = make_zip([("INNER.ZIP", inner), ("README.TXT", b"outer")],
                     compression=zipfile.ZIP_STORED)
    assert names(list_zip(outer)) == ["INNER.ZIP", "README.TXT"]
    assert names(list_zip(damage_central(outer))) == ["INNER.ZIP", "README.TXT"]
    assert read_member(outer, "INNER.ZIP") == inner


def test_a_50_mb_zip_is_listed_from_its_headers():
    big = bytes(50 * MB)
    data = build([deflated(b"FILE_ID.DIZ", DIZ_BYTES), Raw(b"DISK.IMG", big)])
    spy, patch = spying()
    started = time.perf_counter()
    with patch:
        listing = list_zip(data)
    assert time.perf_counter() - started < 0.2
    assert listing.diz == DIZ_TEXT and listing.members[1].size == 50 * MB
    assert len(spy.calls) == 1                      # FILE_ID.DIZ, nothing else


def test_listing_inflates_nothing_without_a_diz():
    spy, patch = spying()
    with patch:
        list_zip(make_zip([("README.TXT", README)]))
    assert spy.calls == []


# ---------------------------------------------------------------- container_kind


@pytest.mark.parametrize(("head", "kind"), [
    (b"PK\x03\x04\x14\x00", "ZIP"), (b"PK\x05\x06" + bytes(18), "ZIP"),
    (b"PK\x07\x08PK\x03\x04", "ZIP"), (b"\x60\xea\x26\x00", "ARJ"),
    (b"\x24\x00-lh5-\x10\x20", "LZH (LHarc)"), (b"\x1f\x00-lh0-", "LZH (LHarc)"),
    (b"\x1f\x00-lz5-", "LZH (LHarc)"), (b"\x1a\x08GAME.DOC\x00", "ARC"),
    (b"\x1a\x02README.1ST\x00\x00\x00s", "ARC"), (b"\x1a\x0bSECTOR.DAT\x00", "PAK"),
    (b"ZOO 2.10 Archive.\x1a\x00\x00\xdc\xa7\xc4\xfd", "ZOO"), (b"Rar!\x1a\x07\x00", "RAR"),
    (b"RE~^\x00", "RAR"), (b"\x1f\x8b\x08\x00", "gzip"), (b"\x1f\x9d\x90", "compress (.Z)"),
    (b"BZh91AY&SY", "bzip2"), (b"7z\xbc\xaf\x27\x1c\x00", "7-Zip"),
    (b"MSCF\x00\x00\x00\x00", "CAB"), (b"HLSQZ1", "SQZ"), (b"SIT!\x00", "StuffIt"),
    (b"\x1aHP%\x00", "HYP"), (b"\x76\xff", "SQ (squeezed)"),
    (bytes(257) + b"ustar\x0000", "tar"), (b"\x21\x00-pm2-", "PMarc"),
])
def test_container_kind_by_magic_bytes(head, kind):
    assert container_kind(head) == kind


@pytest.mark.parametrize("head", [
    b"", b"MZ\x90\x00", b"Hello, Traveller\r\n", b"\x1a", b"\x1a\x08\x00", b"\x1a\x0cNAME\x00",
    b"\x1a\x08BAD NAME\x00", b"PK", b"%PDF-1.2",
])
def test_container_kind_none(head):
    assert container_kind(head) is None


@pytest.mark.parametrize(("name", "kind"), [
    ("TRAVGEN.ZIP", "ZIP"), ("SECTMAP.ARC", "ARC"), ("HGCALC.ARJ", "ARJ"),
    ("TRAVUTIL.LZH", "LZH (LHarc)"), ("UWPDUMP.EXE", None),
])
def test_container_kind_of_the_archive_samples(name, kind):
    path = SAMPLE.parent / name
    if not path.exists():
        pytest.skip(f"archive/software/{name} is not here")
    assert container_kind(path.read_bytes()) == kind


# ---------------------------------------------------------------- properties

SMALL = Limits(max_members=40, max_total_uncompressed=20_000, max_ratio=50, max_member_read=300)
SIGNATURES = [b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07",
              b"PK\x07\x08"]
BASES = [
    ordinary_zip(),
    streamed_zip([("FILE_ID.DIZ", DIZ_BYTES), ("A.TXT", README[:700])]),
    zip64_archive(b"zip64 payload\r\n"),
    build([Raw(b"R\x90SUM\x90.TXT", b"abc"), Raw(b"OLD.DOC", b"z" * 20, size=90, method=6),
           deflated(b"FILE_ID.DIZ", DIZ_BYTES), Raw(b"../X", b"x", flags=1)],
          comment=COMMENT_BYTES),
    make_zip([("INNER.ZIP", make_zip([("I.TXT", b"i" * 500)])), ("B.TXT", b"b" * 400)],
             compression=zipfile.ZIP_STORED),
]


def check_bounded(data, limits):
    """list_zip and read_member on `data`: no exception, no inflation past the limits."""
    spy, patch = spying()
    with patch:
        listing = list_zip(data, limits)
        got = [read_member(data, member.name, limits) for member in listing.members[:12]]
    assert not any("could not be read" in problem for problem in listing.problems)
    assert all(isinstance(problem, str) and problem for problem in listing.problems)
    assert len(listing.members) <= limits.max_members
    assert spy.largest() <= max(limits.max_member_read, 0) + 1
    first = {}
    for member in listing.members:
        first.setdefault(member.name, member)
    for member, content in zip(listing.members, got, strict=False):
        assert content is None or first[member.name].readable
        assert content is None or len(content) <= limits.max_member_read
    container_kind(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data):
    check_bounded(data, SMALL)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SIGNATURES), st.binary(max_size=48)), max_size=40))
def test_signature_soup_never_raises(parts):
    check_bounded(b"".join(parts), SMALL)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_randomly_mutated_zips_never_raise(data):
    base = bytearray(data.draw(st.sampled_from(BASES)))
    spots = data.draw(st.lists(st.tuples(st.integers(0, len(base) - 1), st.integers(0, 255)),
                               min_size=1, max_size=6))
    for position, value in spots:
        base[position] = value
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(base))))
    check_bounded(bytes(base[:cut]), data.draw(st.sampled_from([SMALL, Limits()])))


NAMES = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="/\\\x00"),
                min_size=1, max_size=12)
FILES = st.dictionaries(NAMES, st.tuples(st.binary(max_size=4000),
                                         st.sampled_from([zipfile.ZIP_STORED,
                                                          zipfile.ZIP_DEFLATED])), max_size=6)


@settings(max_examples=150, deadline=None)
@given(FILES, st.integers(0, 5000))
def test_ordinary_zips_read_back_exactly(files, cap):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, (payload, compression) in files.items():
            archive.writestr(zipfile.ZipInfo(name, STAMP), payload, compress_type=compression)
    data = buffer.getvalue()
    generous = Limits(max_ratio=10**9, max_member_read=cap)
    listing = list_zip(data, generous)
    assert names(listing) == list(files) and listing.problems == []
    for name, (payload, _compression) in files.items():
        assert read_member(data, name, generous) == payload[:cap]
        plain = read_member(data, name)
        assert plain == payload or (plain is None and len(payload) > 200 * 2)
