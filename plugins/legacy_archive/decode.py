"""Bytes of the legacy archive to text, never failing, always saying how.

Why this exists: the archive was written between 1987 and 2002 on DOS PCs
(CP437), Macs (Mac Roman, CR-only lines), Windows (CP1252) and Unix hosts
(Latin-1, later UTF-8), and nothing in it records which. A build that reads
20,000 files must not stop at one it cannot read, and a reader must be told
which encoding was assumed (the original bytes stay downloadable elsewhere).

So `decode` tries certain signals first, then evidence, then guesses:

1. ``override``: a codec the archivist set for a folder or file;
2. a byte-order mark (UTF-8, UTF-16 LE/BE);
3. pure ASCII, then strict UTF-8;
4. byte heuristics from the formats reference (legacy-formats.md, section 4),
   scored so that they stay cheap (regular expressions and ``bytes.translate``
   over the whole input, no Python loop per byte);
5. ``hint``: the encoding sibling files in the same folder turned out to have;
6. charset-normalizer, restricted to the six encodings the archive can hold
   (its defaults guess CP932/CP1257/CP1250 on short legacy texts);
7. CP437, which decodes every byte.

The heuristics look at high bytes (0x80-0xFF) next to lower-case ASCII
letters: in the right encoding those are accented letters or typographic
quotes, in a wrong one they turn into symbols, capitals inside words, box
drawing or control characters. Structural signals add to that: CP437 box
drawing runs, CP1252 and Mac Roman smart-quote placement, Mac CR-only lines.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Decoded:
    """Text of one file and how it was obtained."""

    text: str  # newlines normalised to "\n"; a trailing ^Z and padding removed
    encoding: str  # Python codec name actually used
    method: str  # override, bom, ascii, utf-8, heuristic, hint, detector, fallback
    newlines: str  # CRLF, CR, LF, mixed or none, as found in the input
    label: str  # human label for the page, e.g. "CP437 (DOS)"


# The single-byte encodings the heuristics choose between.
CANDIDATES = ("cp437", "cp1252", "latin-1", "mac-roman")
# What charset-normalizer may answer (its own spelling of the names).
DETECTOR_CODEPAGES = ["utf_8", "ascii", "cp437", "cp1252", "latin_1", "mac_roman"]

_LABELS = {
    "ascii": "ASCII",
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "cp437": "CP437 (DOS)",
    "cp850": "CP850 (DOS)",
    "cp1252": "Windows-1252",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "mac-roman": "Mac Roman",
}
# codecs.lookup() names that we spell differently in `Decoded.encoding`.
_CANONICAL = {"iso8859-1": "latin-1"}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE with BOM"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE with BOM"),
)

_BINARY_SAMPLE = 4096
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1a\x1b") + b"\x7f"
# Control characters that make a hinted decoding "unclean" (C0 except the
# harmless ones, DEL, and the C1 range Latin-1 maps 0x80-0x9F to).
_UNCLEAN_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1c-\x1f\x7f-\x9f]")
_EOF_TAIL = re.compile(r"\x1a[\x1a\x00\s]*\Z")

# --- byte heuristics -------------------------------------------------------
# Every pattern starts with a byte class so that the regex engine can skip
# ASCII quickly; the context is checked with look-behind after the byte.
_AFTER_LOWER = re.compile(rb"[\x80-\xff](?<=[a-z].)", re.DOTALL)
_BEFORE_LOWER = re.compile(rb"[\x80-\xff](?=[a-z])(?<![a-z].)", re.DOTALL)
_FEW_HIGH = 200   # up to this many, they are found one by one
_BOX_RUN = re.compile(rb"[\xb0-\xdf][\xb0-\xdf][\xb0-\xdf]+")
_BOX_BAR = re.compile(rb"[\xb3\xba](?<![^ \t\r\n].)(?=[ \t\r\n]|\Z)", re.DOTALL)
_CP1252_PUNCT = re.compile(
    rb"[\x91-\x97](?:"
    rb"(?<=[\x91\x93])(?<![^\s(].)(?=[A-Za-z0-9])"  # opening quote before a word
    rb"|(?<=[\x92\x94])(?<=[A-Za-z0-9.,!?].)(?=[\s.,;:!?)]|\Z)"  # closing after one
    rb"|(?<=\x92)(?<=[a-z].)(?=[a-z])"  # apostrophe: don't
    rb"|(?<=[\x96\x97])(?<=\s.)(?=\s))",  # dash between spaces
    re.DOTALL,
)
_MAC_PUNCT = re.compile(
    rb"[\xc9\xd2-\xd5](?:"
    rb"(?<=[\xd2\xd4])(?<![^\s(].)(?=[A-Za-z0-9])"
    rb"|(?<=[\xd3\xd5])(?<=[A-Za-z0-9.,!?].)(?=[\s.,;:!?)]|\Z)"
    rb"|(?<=\xd5)(?<=[a-z].)(?=[a-z])"
    rb"|(?<=\xc9)(?<=[a-z].))",  # ellipsis straight after a word
    re.DOTALL,
)
_ASCII_BYTES = bytes(range(0x80))
_BOX_BYTES = bytes(range(0xB0, 0xE0))
_CP1252_PUNCT_BYTES = bytes(range(0x91, 0x98))
_MAC_MARKS = b"\xd2\xd3\xd4\xd5\xc9\x8e"
_C1_BYTES = bytes(range(0x80, 0xA0))
_TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"
_MIN_SCORE = 1  # a winner needs some evidence ...
_MIN_MARGIN = 2  # ... and to beat the runner-up clearly


def _char_kind(raw: bytes, encoding: str) -> str:
    """What one high byte means in one encoding, for scoring."""
    try:
        char = raw.decode(encoding)
    except UnicodeDecodeError:
        return "other"
    if char in _TYPOGRAPHIC:
        return "punct"
    if "\u2500" <= char <= "\u259f" or char == "\xa0":
        return "neutral"  # box drawing and no-break space prove nothing here
    category = unicodedata.category(char)
    if category in ("Ll", "Lu") and unicodedata.name(char, "").startswith("LATIN"):
        return "lower" if category == "Ll" else "upper"
    return "other"


def _grade_table(encoding: str, plausible: set[str]) -> bytes:
    """A bytes.translate table: G plausible, B implausible, N neutral."""
    table = bytearray(b"N" * 256)
    for byte in range(0x80, 0x100):
        kind = _char_kind(bytes([byte]), encoding)
        if kind != "neutral":
            table[byte] = ord("G") if kind in plausible else ord("B")
    return bytes(table)


# After a lower-case letter: lower-case letters, apostrophes, closing quotes.
_AFTER_TABLES = {e: _grade_table(e, {"lower", "punct"}) for e in CANDIDATES}
# Starting a lower-case word: any Latin letter or an opening quote.
_BEFORE_TABLES = {e: _grade_table(e, {"lower", "upper", "punct"}) for e in CANDIDATES}


# UTF-8 for Latin-1 letters and signs (C2/C3 + one byte) and for everything
# beyond; other two-byte leads (C4-DF) are CP437 box drawing far more often.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2\xc3][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_TO_SPACE = b" " * 0x80 + _HIGH_BYTES


def mixed_utf8(data: bytes) -> int:
    """How many UTF-8 characters a file that is not UTF-8 holds, if that proves a mix.

    Legacy code pages form a valid UTF-8 pair now and then by chance (the
    CP437 box corners "┌┐" are the bytes DA BF), so a mix takes at least
    three UTF-8 characters of the kinds a mix holds, making up a tenth of the
    high bytes at least. 0 otherwise.
    """
    runs = high_runs(data)
    found = _UTF8_SEQUENCE.findall(runs)
    if len(found) < 3:
        return 0
    high = len(runs) - runs.count(b" ")  # every high byte, without the separators
    return len(found) if sum(map(len, found)) * 10 >= high else 0


def high_runs(data: bytes) -> bytes:
    """The runs of bytes 0x80-0xFF in `data`, one space between runs.

    A UTF-8 sequence holds no ASCII byte, so a regular expression finds the
    same sequences here as in `data`, in a text a hundredth as long: the
    expression scans some 30 ns a byte, translate and split 1 or 2.
    """
    return b" ".join(data.translate(_ASCII_TO_SPACE).split())


def looks_binary(data: bytes) -> bool:
    """True when the first 4 KB hold a NUL or over 10 % other control bytes.

    Tab, newlines, form feed, ^Z (DOS end of file) and ESC (ANSI art) count as
    text. Input that starts with a UTF-16 byte-order mark is text: its NULs are
    half of every ASCII character.
    """
    head = bytes(data[:_BINARY_SAMPLE])
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls * 10 > len(head)


def decode(data: bytes, override: str | None = None, hint: str | None = None) -> Decoded:
    """Decode `data`, preferring `override`, then evidence, then `hint`.

    Never raises. `override` is a codec name set by the archivist: if Python
    does not know it as a text encoding, the normal detection runs and the
    result says method "fallback"; if it is known but the bytes do not decode
    strictly, it is used with errors="replace" and method "fallback".
    `hint` is the encoding siblings in the same folder were found to have: it
    is used (method "hint") only when the byte heuristics are inconclusive
    and the hinted decoding has no stray control characters.
    """
    data = bytes(data)
    if override is not None:
        return _decode_override(data, override, hint)
    return _detect(data, hint)


def _decode_override(data: bytes, override: str, hint: str | None) -> Decoded:
    encoding = _text_codec(override)
    if encoding is not None:
        text = _decode_or_none(data, encoding)
        if text is not None:
            return _result(text, encoding, "override")
        text = _decode_or_none(data, encoding, errors="replace")
        if text is not None:
            return _result(text, encoding, "fallback")
    return replace(_detect(data, hint), method="fallback")


def _detect(data: bytes, hint: str | None) -> Decoded:
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            return _decode_after_bom(data[len(bom) :], encoding, label)
    if data.isascii():
        return _result(data.decode("ascii"), "ascii", "ascii")
    text = _decode_or_none(data, "utf-8")
    if text is not None:
        return _result(text, "utf-8", "utf-8")
    if looks_binary(data):
        return _fallback(data)
    return _guess(data, hint)


def _decode_after_bom(body: bytes, encoding: str, label: str) -> Decoded:
    text = _decode_or_none(body, encoding)
    if text is not None:
        return _result(text, encoding, "bom", label)
    return _result(body.decode(encoding, errors="replace"), encoding, "fallback", label)


def _guess(data: bytes, hint: str | None) -> Decoded:
    """Heuristics, then the folder's hint, then the detector, then CP437."""
    scores = heuristic_scores(data)
    choice = _decisive(data, scores)
    if choice is not None:
        return _result(data.decode(choice), choice, "heuristic")
    hinted = _try_hint(data, hint, scores)
    if hinted is not None:
        return hinted
    import charset_normalizer  # loaded only when the byte heuristics cannot tell

    best = charset_normalizer.from_bytes(data, cp_isolation=DETECTOR_CODEPAGES).best()
    if best is not None:
        encoding = _text_codec(best.encoding)
        text = None if encoding is None else _decode_or_none(data, encoding)
        if text is not None:
            return _result(text, encoding, "detector")
    return _fallback(data)


def heuristic_scores(data: bytes) -> dict[str, int]:
    """Evidence for each candidate encoding; higher is likelier.

    Public so that a caller (or a test) can see why a file was decoded the
    way it was. Each step is a regex or translate over the whole input, and
    the structural patterns only run when their bytes occur at all.
    """
    high = data.translate(None, _ASCII_BYTES)
    after, before = _next_to_lower(data, high)
    scores = {}
    for encoding in CANDIDATES:
        grades = after.translate(_AFTER_TABLES[encoding])
        grades += before.translate(_BEFORE_TABLES[encoding])
        scores[encoding] = grades.count(b"G") - 2 * grades.count(b"B")
    if _has_any(high, _BOX_BYTES):
        scores["cp437"] += 3 * len(_BOX_RUN.findall(data)) + 2 * len(_BOX_BAR.findall(data))
    if _has_any(high, _CP1252_PUNCT_BYTES):
        scores["cp1252"] += 2 * len(_CP1252_PUNCT.findall(data))
    marks = len(high) - len(high.translate(None, _MAC_MARKS))
    if marks:
        scores["mac-roman"] += 2 * len(_MAC_PUNCT.findall(data))
        if _newline_style(data) == "CR":
            scores["mac-roman"] += 3 + marks
    return scores


def _next_to_lower(data: bytes, high: bytes) -> tuple[bytes, bytes]:
    """(the bytes >= 0x80 after a lower-case letter, those before one and not
    after one), in any order: what _AFTER_LOWER and _BEFORE_LOWER find.

    The regular expressions look at every byte (7 ns each); most legacy
    texts hold a few such bytes in tens of kilobytes, found by memchr.
    """
    if len(high) > _FEW_HIGH:
        return (b"".join(_AFTER_LOWER.findall(data)), b"".join(_BEFORE_LOWER.findall(data)))
    after, before, last = bytearray(), bytearray(), len(data) - 1
    for value in set(high):
        at = data.find(value)
        while at >= 0:
            if at and 0x61 <= data[at - 1] <= 0x7A:
                after.append(value)
            elif at < last and 0x61 <= data[at + 1] <= 0x7A:
                before.append(value)
            at = data.find(value, at + 1)
    return bytes(after), bytes(before)


def _has_any(data: bytes, wanted: bytes) -> bool:
    return len(data.translate(None, wanted)) < len(data)


def _decisive(data: bytes, scores: dict[str, int]) -> str | None:
    """The clear winner among the candidates, or None when it is close."""
    has_c1 = _has_any(data, _C1_BYTES)
    # Latin-1 and CP1252 agree on 0xA0-0xFF: keep Latin-1 unless 0x80-0x9F
    # appear and mean something in CP1252 (they are controls in Latin-1).
    cp1252_fits = has_c1 and _decode_or_none(data, "cp1252") is not None
    dropped = "latin-1" if cp1252_fits else "cp1252"
    ranked = sorted((e for e in CANDIDATES if e != dropped), key=lambda e: -scores[e])
    best, runner_up = scores[ranked[0]], scores[ranked[1]]
    if best >= _MIN_SCORE and best - runner_up >= _MIN_MARGIN:
        return ranked[0]
    return None


def _try_hint(data: bytes, hint: str | None, scores: dict[str, int]) -> Decoded | None:
    """Use the folder's encoding when it decodes cleanly and is not ruled out."""
    encoding = _text_codec(hint) if hint else None
    if encoding is None:
        return None
    text = _decode_or_none(data, encoding)
    if text is None or _UNCLEAN_TEXT.search(text):
        return None
    if encoding in scores and scores[encoding] < max(scores.values()) - (_MIN_MARGIN - 1):
        return None
    return _result(text, encoding, "hint")


def _fallback(data: bytes) -> Decoded:
    return _result(data.decode("cp437"), "cp437", "fallback")


def _text_codec(name: str) -> str | None:
    """Our spelling of a codec name, or None if Python has no such text codec."""
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # base64, rot13, zlib... transform bytes, not text
    return _CANONICAL.get(info.name, info.name)


def _decode_or_none(data: bytes, encoding: str, errors: str = "strict") -> str | None:
    # ValueError covers UnicodeError, which odd codecs (idna, punycode) raise
    # even with errors="replace".
    try:
        return data.decode(encoding, errors)
    except (LookupError, ValueError):
        return None


def _newline_style(raw: bytes | str) -> str:
    """CRLF, CR, LF, mixed or none, counted in bytes or in decoded text."""
    cr, lf = ("\r", "\n") if isinstance(raw, str) else (b"\r", b"\n")
    crlf = raw.count(cr + lf)
    counts = (("CRLF", crlf), ("CR", raw.count(cr) - crlf), ("LF", raw.count(lf) - crlf))
    found = [style for style, count in counts if count]
    if not found:
        return "none"
    return found[0] if len(found) == 1 else "mixed"


def _result(raw_text: str, encoding: str, method: str, label: str | None = None) -> Decoded:
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    text = _EOF_TAIL.sub("", text)
    return Decoded(
        text=text,
        encoding=encoding,
        method=method,
        newlines=_newline_style(raw_text),
        label=label or _LABELS.get(encoding, encoding.upper()),
    )
