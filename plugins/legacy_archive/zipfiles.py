"""ZIP listings for the legacy archive: what is inside, read from bytes, never extracted.

Why this exists: the archive's software areas hold ZIPs written between 1989
and 2002 by PKZIP 0.9 to 2.04g, WinZip and Info-ZIP, and the site shows what
each one holds (names, sizes, dates, the FILE_ID.DIZ blurb and the BBS advert
in the zip comment) without unpacking anything to disk. `zipfile` is not
enough for that: it refuses archives whose central directory is damaged or cut
off (common after years of BBS transfers and floppies), raises on the old
PKZIP methods (shrunk, reduced, imploded) instead of listing them, and its
`read` inflates whatever a member's stream yields. A published archive is
untrusted input, so this module:

- parses the end record and the central directory itself with `struct`, and
  falls back to scanning local headers (``PK\\x03\\x04``) when the directory is
  missing or damaged, saying so in ``problems``;
- reads only headers while listing, except FILE_ID.DIZ (bounded), so listing a
  50 MB ZIP costs the same as listing a 50 KB one with the same members (only
  a damaged directory makes it search the bytes for header signatures);
- judges every member before any inflation: method, encryption, bounds,
  compression ratio, overlap with other members and the sum of declared sizes
  (the zip-bomb shapes);
- inflates with ``zlib.decompressobj().decompress(data, max_length)``: never
  more than ``Limits.max_member_read`` bytes nor one byte past the declared
  size, and checks the CRC whenever a member was read whole;
- never raises: every oddity becomes a sentence in ``ZipListing.problems``.

Names are CP437 unless general-purpose flag bit 11 says UTF-8, or an Info-ZIP
Unicode Path extra field (0x7075) whose CRC matches the raw name gives UTF-8.
"""

import re
import struct
import zlib
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Limits", "Member", "ZipListing", "container_kind", "list_zip", "read_member"]


@dataclass(frozen=True)
class Limits:
    max_members: int = 5000
    max_total_uncompressed: int = 256 * 1024 * 1024   # declared sizes summed
    max_ratio: int = 200                               # uncompressed/compressed per member
    max_member_read: int = 2 * 1024 * 1024             # bytes we will ever inflate for one member


@dataclass(frozen=True)
class Member:
    name: str            # CP437 unless flag bit 11 (UTF-8); "\\" normalised to "/"
    size: int            # declared uncompressed size
    compressed: int
    date: str            # "1994-03-12 21:04" from the DOS timestamp, or "" if invalid
    is_dir: bool
    encrypted: bool
    method: str          # "stored", "deflated", "shrunk", "imploded", "reduced", ...
    readable: bool       # we can and may inflate it within the limits
    unsafe_name: bool    # absolute path, "..", drive letter, control characters or empty


@dataclass
class ZipListing:
    members: list[Member]      # in central-directory order (file order from local headers)
    comment: str               # the zip comment, CP437-decoded
    diz: str                   # FILE_ID.DIZ text at folder depth 0, "" if none or unreadable
    problems: list[str]        # human sentences


DEFAULT_LIMITS = Limits()

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"
END64_SIG = b"PK\x06\x06"
LOCATOR_SIG = b"PK\x06\x07"
DESCRIPTOR_SIG = b"PK\x07\x08"
RECORD_SIGS = (LOCAL_SIG, CENTRAL_SIG, END_SIG, END64_SIG, DESCRIPTOR_SIG)
NEXT_RECORD = re.compile(rb"PK(?:\x03\x04|\x01\x02|\x05\x06|\x06\x06|\x07\x08)")

LOCAL = struct.Struct("<4sHHHHHLLLHH")
CENTRAL = struct.Struct("<4sHHHHHHLLLHHHHHLL")
END = struct.Struct("<4sHHHHLLH")
LOCATOR = struct.Struct("<4sLQL")
END64 = struct.Struct("<4sQHHLLQQQQ")
DESCRIPTOR = struct.Struct("<LLL")
DESCRIPTOR64 = struct.Struct("<LQQ")
HALFWORDS = struct.Struct("<HH")
U32 = struct.Struct("<L")

MAX_U32 = 0xFFFFFFFF
FLAG_ENCRYPTED = 0x0001
FLAG_DESCRIPTOR = 0x0008
FLAG_STRONG = 0x0040
FLAG_UTF8 = 0x0800
DOS_DIRECTORY = 0x10
EXTRA_ZIP64 = 0x0001
EXTRA_UNICODE_PATH = 0x7075
DIZ_CAP = 64 * 1024          # a DIZ is 45 x 10 characters; read no more than this of one
MAX_FALSE_HEADERS = 10_000   # bounds the local-header scan of a file full of "PK\3\4"
DESCRIPTOR_TRIES = 64
SAME_KIND_SHOWN = 5          # per-member problem sentences of one kind before summing up

METHODS = {
    0: "stored", 1: "shrunk", 2: "reduced", 3: "reduced", 4: "reduced", 5: "reduced",
    6: "imploded", 7: "tokenized", 8: "deflated", 9: "deflate64", 10: "PKWARE DCL imploded",
    12: "bzip2", 14: "LZMA", 16: "IBM z/OS CMPSC", 18: "IBM TERSE", 19: "IBM LZ77",
    20: "zstd", 93: "zstd", 94: "MP3", 95: "xz", 96: "JPEG", 97: "WavPack", 98: "PPMd",
    99: "AES-encrypted",
}
INFLATABLE = {0, 8}
AES = 99

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
DRIVE = re.compile(r"[A-Za-z]:")
DOTS_ONLY = re.compile(r" *\.\.[. ]*")

MAGIC = (
    (0, b"PK\x03\x04", "ZIP"), (0, b"PK\x05\x06", "ZIP"), (0, b"PK\x07\x08PK\x03\x04", "ZIP"),
    (0, b"PK00PK\x03\x04", "ZIP"), (0, b"\x60\xea", "ARJ"), (0, b"Rar!\x1a\x07", "RAR"),
    (0, b"RE~^", "RAR"), (0, b"\x1f\x8b\x08", "gzip"), (0, b"\x1f\x9d", "compress (.Z)"),
    (20, b"\xdc\xa7\xc4\xfd", "ZOO"), (0, b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (0, b"MSCF\x00\x00\x00\x00", "CAB"), (0, b"HLSQZ", "SQZ"), (0, b"SIT!", "StuffIt"),
    (0, b"StuffIt ", "StuffIt"), (0, b"\x1aHP%", "HYP"), (0, b"\x1aST%", "HYP"),
    (0, b"\x76\xff", "SQ (squeezed)"), (257, b"ustar", "tar"),
)
LZH = re.compile(rb"..-(?:lh[0-9a-z]|lz[s45])-", re.S)
PMA = re.compile(rb"..-pm[0-2s]-", re.S)
BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")


@dataclass
class _Entry:
    """One member as read from a header, before it becomes a Member."""

    raw_name: bytes
    flags: int
    method: int
    dos_time: int
    dos_date: int
    crc: int
    compressed: int
    size: int
    offset: int                    # of the local header, in `data`
    external: int = 0
    extra: bytes = b""
    name: str = ""
    data_start: int = -1           # first byte of the member's data, -1 if unknown
    sizes_known: bool = True
    readable: bool = True

    @property
    def is_dir(self):
        return self.name.endswith("/") or bool(self.external & DOS_DIRECTORY and not self.size)

    @property
    def encrypted(self):
        return bool(self.flags & (FLAG_ENCRYPTED | FLAG_STRONG)) or self.method == AES


@dataclass
class _End:
    """The end-of-central-directory record, with zip64 values applied."""

    pos: int
    count: int
    cd_start: int
    shift: int                     # bytes in front of the ZIP (a self-extractor's stub)
    comment: bytes
    comment_cut: bool
    exact: bool                    # the comment ends exactly at the end of the file
    plausible: bool                # a central directory entry (or nothing) is where it says


class _Problems:
    """Problem sentences; per-member kinds are shown a few times, then summed up."""

    def __init__(self):
        self.sentences = []
        self.counts = {}

    def add(self, sentence, kind=None):
        if kind is None:
            if sentence not in self.sentences:
                self.sentences.append(sentence)
            return
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self.counts[kind] <= SAME_KIND_SHOWN:
            self.sentences.append(sentence)

    def finish(self):
        extra = [f"{n - SAME_KIND_SHOWN} more members {kind}; not read"
                 for kind, n in self.counts.items() if n > SAME_KIND_SHOWN]
        return self.sentences + extra


@dataclass
class _Parsed:
    entries: list
    comment: str
    problems: _Problems = field(default_factory=_Problems)
    first: dict = field(default_factory=dict)       # name -> first entry of that name


_KEPT = {}


# ---------------------------------------------------------------- public API


def list_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ZipListing:
    """List a ZIP held in memory; never raises, inflates nothing but a bounded DIZ."""
    try:
        data = _as_bytes(data)
        parsed = _parse(data, limits)
        diz = _read_diz(data, parsed, limits)
        members = [_member(entry) for entry in parsed.entries]
        return ZipListing(members, parsed.comment, diz, parsed.problems.finish())
    except Exception as exc:  # the last line of defence: a listing must never stop a build
        return ZipListing([], "", "", [f"the archive could not be read ({type(exc).__name__})"])


def read_member(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> bytes | None:
    """The bytes of member `name` (as listed), at most `limits.max_member_read` of them.

    None when the member is missing, not readable (see Member.readable), damaged, or its
    CRC is wrong. A member larger than max_member_read gives its first max_member_read
    bytes, unchecked (compare the length with Member.size).
    """
    try:
        data = _as_bytes(data)
        entry = _parsed_for_reading(data, limits).first.get(name)
        if entry is None or not entry.readable:
            return None
        return _inflate(data, entry, limits.max_member_read)
    except Exception:
        return None


def _parsed_for_reading(data, limits):
    """The parse of `data`, kept for the next call: reading every member parses once.

    Only immutable `bytes` are kept, by identity, so a kept parse always matches its
    bytes; the reference lasts until read_member is called with other bytes.
    """
    kept = _KEPT.get("parse")
    if kept is not None and kept[0] is data and kept[1] == limits:
        return kept[2]
    parsed = _parse(data, limits)
    for entry in parsed.entries:
        parsed.first.setdefault(entry.name, entry)
    _KEPT["parse"] = (data, limits, parsed) if isinstance(data, bytes) else None
    return parsed


def container_kind(data: bytes) -> str | None:
    """The archive format named by `data`'s magic bytes, None if it is none we know."""
    try:
        data = _as_bytes(data)
        for offset, magic, kind in MAGIC:
            if data.startswith(magic, offset):
                return kind
        if LZH.match(data):
            return "LZH (LHarc)"
        if PMA.match(data):
            return "PMarc"
        if BZIP2.match(data):
            return "bzip2"
        return _arc_kind(data)
    except Exception:
        return None


def _as_bytes(data):
    if isinstance(data, bytes | bytearray):
        return data
    if isinstance(data, memoryview):
        return data.tobytes()
    raise TypeError(f"expected bytes, got {type(data).__name__}")


def _arc_kind(data):
    """ARC and its superset PAK: 0x1A, a method byte, a NUL-terminated 8.3 name."""
    if len(data) < 3 or data[0] != 0x1A:
        return None
    name = data[2:15]
    end = name.find(b"\x00")
    if end < 1 or not all(0x20 < byte < 0x7F for byte in name[:end]):
        return None
    method = data[1]
    if 1 <= method <= 9 or 20 <= method <= 31:
        return "ARC"
    return "PAK" if method in (10, 11) else None


# ---------------------------------------------------------------- structure


def _parse(data, limits):
    problems = _Problems()
    end = _find_end(data)
    comment = _comment(end, problems) if end else ""
    entries, from_central = _entries(data, end, limits, problems)
    _judge_all(data, entries, limits, problems, from_central)
    return _Parsed(entries, comment, problems)


def _find_end(data):
    """The end record: the last one whose comment ends the file, else a usable one."""
    floor = max(0, len(data) - END.size - 0xFFFF)
    pos = data.rfind(END_SIG, floor)
    fallback = None
    while pos >= 0:
        end = _end_at(data, pos)
        if end is not None:
            if end.exact and end.plausible:
                return end
            if fallback is None or (end.plausible and not fallback.plausible):
                fallback = end
        pos = data.rfind(END_SIG, floor, pos + len(END_SIG) - 1)
    return fallback


def _end_at(data, pos):
    if pos + END.size > len(data):
        return None
    _sig, _disk, _cd_disk, _here, count, cd_size, cd_offset, length = END.unpack_from(data, pos)
    record = pos
    zip64 = _zip64_end(data, pos)
    if zip64 is not None:
        count, cd_size, cd_offset, record = zip64
    cd_start = record - cd_size
    if cd_start < 0 or not data.startswith(CENTRAL_SIG, cd_start):
        cd_start = cd_offset
    start = pos + END.size
    comment = data[start:start + length]
    plausible = data.startswith(CENTRAL_SIG, cd_start) or count == 0
    return _End(pos, count, cd_start, max(0, cd_start - cd_offset), comment,
                comment_cut=len(comment) < length, exact=start + length == len(data),
                plausible=plausible)


def _zip64_end(data, pos):
    """(count, cd_size, cd_offset, record position) from a zip64 end record, or None."""
    locator = pos - LOCATOR.size
    if locator < 0 or not data.startswith(LOCATOR_SIG, locator):
        return None
    _sig, _disk, offset, _disks = LOCATOR.unpack_from(data, locator)
    for record in (locator - END64.size, offset):
        if 0 <= record <= len(data) - END64.size and data.startswith(END64_SIG, record):
            fields = END64.unpack_from(data, record)
            return fields[7], fields[8], fields[9], record
    return None


def _comment(end, problems):
    if end.comment_cut:
        problems.add("the zip comment is cut off")
    return _clean_text(end.comment)


def _entries(data, end, limits, problems):
    """(entries, from_central): the central directory's, or the local headers'."""
    entries = []
    if end is not None:
        entries, intact = _read_central(data, end, limits, problems)
        if intact:
            return entries, True
    scanned, notes = _scan_local(data, limits)
    problems.add(_fallback_sentence(data, end, scanned, entries))
    for note in notes:
        problems.add(note)
    if scanned or end is None:
        return scanned, False
    return entries, True


def _fallback_sentence(data, end, scanned, entries):
    if end is None:
        if scanned:
            return ("no central directory found (the file may be cut off); "
                    "members listed from local headers")
        return _not_a_zip(data)
    if scanned:
        return "central directory is damaged; members listed from local headers"
    if entries:
        return (f"central directory is damaged; {_plural(len(entries), 'member')} listed "
                "from what is left of it")
    return "central directory is damaged and no member headers were found"


def _not_a_zip(data):
    kind = container_kind(data)
    if kind and kind != "ZIP":
        return f"this is {kind} data, not a ZIP; its members cannot be listed here"
    if data.startswith(END_SIG):
        return "the end record of this empty ZIP is cut off"
    return "no ZIP structure found: no central directory and no member headers"


def _read_central(data, end, limits, problems):
    """(entries, intact) from the central directory, at most limits.max_members."""
    entries, pos = [], end.cd_start
    while True:
        if len(entries) >= limits.max_members:
            if data.startswith(CENTRAL_SIG, pos) or end.count > len(entries):
                problems.add(f"more than {limits.max_members} members; the rest not listed")
            return entries, True
        entry, pos = _central_entry(data, pos)
        if entry is None:
            break
        entry.offset += end.shift
        entries.append(entry)
    return entries, _central_intact(data, end, entries)


def _central_intact(data, end, entries):
    found, declared = len(entries), end.count
    if found != declared and (found & 0xFFFF) != declared and declared != 0xFFFF:
        return False
    # A directory that lists nothing while member headers precede it hides them.
    return bool(found) or data.find(LOCAL_SIG, 0, end.pos) < 0


def _central_entry(data, pos):
    if pos < 0 or pos + CENTRAL.size > len(data) or not data.startswith(CENTRAL_SIG, pos):
        return None, pos
    fields = CENTRAL.unpack_from(data, pos)
    flags, method, time, date, crc, compressed, size = fields[3:10]
    name_len, extra_len, comment_len, external, offset = fields[10], fields[11], fields[12], \
        fields[15], fields[16]
    start = pos + CENTRAL.size
    stop = start + name_len + extra_len + comment_len
    if stop > len(data):
        return None, pos
    entry = _Entry(data[start:start + name_len], flags, method, time, date, crc, compressed,
                   size, offset, external, data[start + name_len:start + name_len + extra_len])
    _apply_extras(entry, central=True)
    return entry, stop


def _apply_extras(entry, central):
    """Zip64 sizes and offset, and the UTF-8 name, from the extra field; then the name."""
    extras, pos = {}, 0
    while pos + HALFWORDS.size <= len(entry.extra):
        kind, length = HALFWORDS.unpack_from(entry.extra, pos)
        extras.setdefault(kind, entry.extra[pos + 4:pos + 4 + length])
        pos += 4 + length
    values = extras.get(EXTRA_ZIP64, b"")
    values = list(struct.unpack_from(f"<{len(values) // 8}Q", values))
    wanted = ("size", "compressed", "offset") if central else ("size", "compressed")
    for attribute in wanted:
        if getattr(entry, attribute) == MAX_U32 and values:
            setattr(entry, attribute, values.pop(0))
    entry.name = _decode_name(entry.raw_name, entry.flags, extras.get(EXTRA_UNICODE_PATH))


def _decode_name(raw, flags, unicode_path):
    if flags & FLAG_UTF8:
        text = raw.decode("utf-8", "replace")
    else:
        text = _unicode_path(raw, unicode_path) or raw.decode("cp437")
    return text.replace("\\", "/")


def _unicode_path(raw, body):
    """Info-ZIP's UTF-8 copy of a name, if it still belongs to this raw name."""
    if not body or len(body) < 5 or body[0] != 1:
        return None
    if U32.unpack_from(body, 1)[0] != zlib.crc32(raw):
        return None
    try:
        return bytes(body[5:]).decode("utf-8")
    except UnicodeDecodeError:
        return None


# ---------------------------------------------------------------- local-header scan


def _scan_local(data, limits):
    """(entries, notes): members found by walking the local headers, skipping data."""
    entries, notes, pos, false = [], [], 0, 0
    while false < MAX_FALSE_HEADERS:
        pos = data.find(LOCAL_SIG, pos)
        if pos < 0:
            break
        entry = _local_entry(data, pos)
        if entry is None:
            false, pos = false + 1, pos + len(LOCAL_SIG)
            continue
        if len(entries) >= limits.max_members:
            notes.append(f"more than {limits.max_members} members; the rest not listed")
            break
        entries.append(entry)
        pos = _after(data, entry)
    if false:
        notes.append(f"{_plural(false, 'damaged or false member header')} skipped")
    if false >= MAX_FALSE_HEADERS:
        notes.append("too many damaged member headers; the search stopped early")
    return entries, notes


def _local_entry(data, pos):
    """The member whose local header is at `pos`, or None if that header is not credible."""
    if pos + LOCAL.size > len(data):
        return None
    _sig, need, flags, method, time, date, crc, compressed, size, name_len, extra_len = \
        LOCAL.unpack_from(data, pos)
    start = pos + LOCAL.size
    credible = (need & 0xFF) <= 63 and method in METHODS and name_len > 0
    if not credible or start + name_len + extra_len > len(data):
        return None
    raw = data[start:start + name_len]
    if b"\x00" in raw:
        return None
    entry = _Entry(raw, flags, method, time, date, crc, compressed, size, pos,
                   extra=data[start + name_len:start + name_len + extra_len])
    entry.data_start = start + name_len + extra_len
    _apply_extras(entry, central=False)
    if flags & FLAG_DESCRIPTOR and not entry.compressed:
        _use_descriptor(data, entry)
    return entry


def _use_descriptor(data, entry):
    """Sizes and CRC from the data descriptor that follows a streamed member's data."""
    pos = entry.data_start
    for _ in range(DESCRIPTOR_TRIES):
        found = NEXT_RECORD.search(data, pos)
        if found is None:
            break
        values = _descriptor_before(data, entry.data_start, found.start())
        if values is not None:
            entry.crc, entry.compressed, entry.size = values
            return
        pos = found.start() + 1
    entry.sizes_known = False


def _descriptor_before(data, start, pos):
    """(crc, compressed, size) of a descriptor at or just before record `pos`, if it fits."""
    if data.startswith(DESCRIPTOR_SIG, pos):
        for layout in (DESCRIPTOR, DESCRIPTOR64):
            if pos + 4 + layout.size <= len(data):
                values = layout.unpack_from(data, pos + 4)
                if values[1] == pos - start:
                    return values
    bare = pos - DESCRIPTOR.size
    if bare >= start:
        values = DESCRIPTOR.unpack_from(data, bare)
        if values[1] == bare - start:
            return values
    return None


def _after(data, entry):
    """Where to look for the next header: past the data if a record starts there."""
    end = entry.data_start + entry.compressed
    if entry.sizes_known and end <= len(data):
        for skip in (0, 12, 16, 20, 24):
            if end + skip == len(data) or data.startswith(RECORD_SIGS, end + skip):
                return end + skip
    return entry.data_start


# ---------------------------------------------------------------- judging members


def _judge_all(data, entries, limits, problems, from_central):
    """Decide which members may be inflated, before anything is."""
    methods = set()
    for entry in entries:
        if from_central:
            _locate_data(data, entry)
        doubt = _doubt(data, entry, limits)
        if doubt is not None:
            entry.readable = False
            sentence, kind = doubt
            if kind == "method":
                methods.add(METHODS.get(entry.method, f"method {entry.method}"))
            elif sentence:
                problems.add(sentence, kind)
    if methods:
        problems.add(f"members packed with {', '.join(sorted(methods))} are listed "
                     "but cannot be shown")
    _mark_overlaps(entries, problems)
    _mark_total(entries, limits, problems)


def _locate_data(data, entry):
    pos = entry.offset
    if 0 <= pos <= len(data) - LOCAL.size and data.startswith(LOCAL_SIG, pos):
        name_len, extra_len = HALFWORDS.unpack_from(data, pos + 26)
        entry.data_start = pos + LOCAL.size + name_len + extra_len


def _doubt(data, entry, limits):
    """(sentence, kind) saying why `entry` must not be inflated, or None."""
    name = _show(entry.name)
    if entry.is_dir:
        return "", "directory"
    if entry.encrypted:
        return "encrypted members cannot be shown", None
    if entry.method not in INFLATABLE:
        return "", "method"
    if entry.data_start < 0:
        return (f"member {name} has a missing or damaged local header; not read",
                "have a missing or damaged local header")
    if not entry.sizes_known:
        return f"member {name} has no recorded size; not read", "have no recorded size"
    if entry.data_start + entry.compressed > len(data):
        return (f"member {name} runs past the end of the file (cut off?); not read",
                "run past the end of the file")
    return _size_doubt(entry, limits, name)


def _size_doubt(entry, limits, name):
    if entry.method == 0 and entry.size != entry.compressed:
        return (f"member {name} is stored but claims {entry.size} bytes in "
                f"{entry.compressed}; not read", "claim sizes their data does not have")
    if entry.size and not entry.compressed:
        return (f"member {name} claims {entry.size} bytes from no data; not read",
                "claim sizes their data does not have")
    if entry.size > limits.max_ratio * entry.compressed:
        return (f"member {name} claims a 1:{entry.size // entry.compressed} compression "
                "ratio; not read", "claim implausible compression ratios")
    return None


def _mark_overlaps(entries, problems):
    """Members whose header and data share bytes with another's: a zip-bomb trick."""
    spans = sorted((entry.offset, entry.data_start + entry.compressed, index)
                   for index, entry in enumerate(entries) if entry.data_start >= 0)
    reach, holder = -1, None
    for start, stop, index in spans:
        if start < reach:
            for overlapping in (entries[index], entries[holder]):
                if overlapping.readable:
                    overlapping.readable = False
                    problems.add(f"member {_show(overlapping.name)} shares its bytes with "
                                 "another member (a zip-bomb trick); not read",
                                 "share their bytes with other members")
        if stop > reach:
            reach, holder = stop, index


def _mark_total(entries, limits, problems):
    """Once readable members declare more than max_total_uncompressed, stop reading."""
    total = 0
    for entry in entries:
        if not entry.readable:
            continue
        total += entry.size
        if total > limits.max_total_uncompressed:
            entry.readable = False
            problems.add(f"members declare more than {_megabytes(limits.max_total_uncompressed)}"
                         " in all; those past that point not read")


# ---------------------------------------------------------------- reading


def _inflate(data, entry, cap):
    """At most `cap` bytes of `entry`, and never more than its declared size + 1 inflated."""
    want = max(0, min(entry.size, cap))
    raw = memoryview(data)[entry.data_start:entry.data_start + entry.compressed]
    if entry.method == 0:
        out = raw[:want].tobytes()
    else:
        try:
            out = zlib.decompressobj(-zlib.MAX_WBITS).decompress(raw, want + 1)
        except zlib.error:
            return None
    if len(out) > entry.size:
        return None                 # the stream holds more than the member declares
    if entry.size > cap:
        return out[:cap] if len(out) >= cap else None
    if len(out) != entry.size or zlib.crc32(out) != entry.crc:
        return None
    return out


def _read_diz(data, parsed, limits):
    for entry in parsed.entries:
        if entry.name.lower() == "file_id.diz":
            if not entry.readable:
                return ""
            raw = _inflate(data, entry, min(limits.max_member_read, DIZ_CAP))
            if raw is None:
                parsed.problems.add("FILE_ID.DIZ is damaged and not shown")
                return ""
            return _clean_text(raw)
    return ""


# ---------------------------------------------------------------- presentation


def _member(entry):
    return Member(name=entry.name, size=entry.size, compressed=entry.compressed,
                  date=_dos_date(entry.dos_date, entry.dos_time), is_dir=entry.is_dir,
                  encrypted=entry.encrypted,
                  method=METHODS.get(entry.method, f"method {entry.method}"),
                  readable=entry.readable, unsafe_name=_unsafe(entry.name))


def _dos_date(date, time):
    """"1994-03-12 21:04" from DOS date and time words; "" if they name no real minute."""
    try:
        when = datetime(1980 + (date >> 9), (date >> 5) & 0xF, date & 0x1F,
                        time >> 11, (time >> 5) & 0x3F)
    except ValueError:
        return ""
    return when.strftime("%Y-%m-%d %H:%M")


def _unsafe(name):
    """Names that would escape a folder or confuse a terminal if used as paths."""
    if not name or name.startswith("/") or DRIVE.match(name) or CONTROL.search(name):
        return True
    return any(DOTS_ONLY.fullmatch(part) for part in name.split("/"))


def _plural(count, noun):
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _megabytes(count):
    megabyte = 1024 * 1024
    return f"{count // megabyte} MB" if count % megabyte == 0 else f"{count:,} bytes"


def _show(name):
    """A name fit for a problem sentence: quoted, controls replaced, not too long."""
    shown = CONTROL.sub("?", name)
    return f'"{shown[:77]}..."' if len(shown) > 80 else f'"{shown}"'


def _clean_text(raw):
    """CP437 text up to ^Z, with Unix line ends and no trailing blanks."""
    text = bytes(raw).split(b"\x1a", 1)[0].decode("cp437")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")
