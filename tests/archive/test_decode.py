"""Tests for legacy_archive.decode: every byte string gives text, and says how.

The fixtures in fixtures/decode/ are short texts in the encodings of the
formats reference (legacy-formats.md, section 4), with the line endings and
trailing ^Z those systems wrote.
"""

import codecs
from pathlib import Path

import charset_normalizer
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.decode import Decoded, decode, heuristic_scores, looks_binary

FIXTURES = Path(__file__).parent / "fixtures" / "decode"

BOM_TEXT = "Café Régina\nSecond line\n"
FIXTURE_CASES = [
    (
        "cp437-box.txt",
        "cp437",
        "heuristic",
        "CRLF",
        "CP437 (DOS)",
        "╔════════════════════════════╗\n"
        "║  IMPERIAL SCOUT SERVICE    ║\n"
        "║  Bulletin 1105-042         ║\n"
        "╚════════════════════════════╝\n"
        "Regina subsector: all ports open.\n",
    ),
    (
        "cp437-accents.txt",
        "cp437",
        "heuristic",
        "CRLF",
        "CP437 (DOS)",
        "Le vaisseau est arrivé à Régina.\n"
        "Der Händler fährt über die Grenze -- Grüße aus Efate.\n",
    ),
    (
        "latin1.txt",
        "latin-1",
        "heuristic",
        "LF",
        "ISO-8859-1 (Latin-1)",
        "Le café de la station était fermé.\nDer Händler fährt über die Grenze.\n",
    ),
    (
        "cp1252-quotes.txt",
        "cp1252",
        "heuristic",
        "CRLF",
        "Windows-1252",
        "“Jump when ready,” the captain said.\nIt’s the best café on Regina – really.\n",
    ),
    (
        "macroman-cr.txt",
        "mac-roman",
        "heuristic",
        "CR",
        "Mac Roman",
        "“Welcome aboard,” said the purser…\nLe café était prêt.\n",
    ),
    ("utf8.txt", "utf-8", "utf-8", "LF", "UTF-8", "Le café était prêt — it’s 1999.\n"),
    ("utf8-bom.txt", "utf-8", "bom", "CRLF", "UTF-8 with BOM", BOM_TEXT),
    ("utf16le-bom.txt", "utf-16-le", "bom", "CRLF", "UTF-16 LE with BOM", BOM_TEXT),
    ("utf16be-bom.txt", "utf-16-be", "bom", "CRLF", "UTF-16 BE with BOM", BOM_TEXT),
]


@pytest.mark.parametrize(("name", "encoding", "method", "newlines", "label", "text"), FIXTURE_CASES)
def test_fixture_is_recognised(name, encoding, method, newlines, label, text):
    expected = Decoded(text, encoding, method, newlines, label)
    assert decode((FIXTURES / name).read_bytes()) == expected


def test_fixtures_keep_the_bytes_of_their_era():
    """Guards against a checkout that rewrote line endings or dropped ^Z."""
    box = (FIXTURES / "cp437-box.txt").read_bytes()
    assert box.startswith(b"\xc9\xcd\xcd") and box.endswith(b"open.\r\n\x1a")
    assert b"\r" not in (FIXTURES / "latin1.txt").read_bytes()
    assert b"\n" not in (FIXTURES / "macroman-cr.txt").read_bytes()


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (b"\xc9\xcd\xbb\r\n\xc8\xcd\xbc\r\n", "cp437", "╔═╗\n╚═╝\n"),
        (b"Le caf\x82 est pr\x88t.\r\n", "cp437", "Le café est prêt.\r\n"),
        (b"Le caf\xe9 est pr\xeat.\n", "latin-1", "Le café est prêt.\n"),
        (b"\xd2Le caf\x8e\xd3 est pr\x90t.\r", "mac-roman", "“Le café” est prêt.\r"),
        (b"Le caf\x8e est pr\x90t, tr\x8fs bien.\n", "mac-roman", "Le café est prêt, très bien.\n"),
        (b"He said \x93Jump!\x94, it\x92s done.\r\n", "cp1252", "He said “Jump!”, it’s done.\r\n"),
        (b"Caf\xe9 prices rose \x96 5\x80 a cup.\n", "cp1252", "Café prices rose – 5€ a cup.\n"),
        (b"Gr\xfc\xdfe, \x81 ist hier undefiniert in CP1252\n", "latin-1", None),
    ],
)
def test_heuristics_pick_the_encoding(data, encoding, text):
    result = decode(data)
    assert (result.encoding, result.method) == (encoding, "heuristic")
    expected = data.decode(encoding) if text is None else text
    assert result.text == expected.replace("\r\n", "\n").replace("\r", "\n")


def test_scores_explain_the_choice():
    scores = heuristic_scores(b"caf\x82 \xc9\xcd\xcd\xbb")
    assert scores["cp437"] > max(v for k, v in scores.items() if k != "cp437")


def test_ascii_and_utf8():
    expected = Decoded("Jump-2 to Regina\n", "ascii", "ascii", "LF", "ASCII")
    assert decode(b"Jump-2 to Regina\n") == expected
    assert decode("Zhodani “psionics”".encode()) == Decoded(
        "Zhodani “psionics”", "utf-8", "utf-8", "none", "UTF-8"
    )
    assert decode(b"") == Decoded("", "ascii", "ascii", "none", "ASCII")


def test_damaged_utf16_after_bom_falls_back_with_replacement():
    result = decode(codecs.BOM_UTF16_LE + "Regina".encode("utf-16-le") + b"\x00")
    assert (result.encoding, result.method) == ("utf-16-le", "fallback")
    assert result.text == "Regina\ufffd"


@pytest.mark.parametrize(
    ("data", "newlines", "text"),
    [
        (b"a\r\nb\r\n", "CRLF", "a\nb\n"),
        (b"a\rb\r", "CR", "a\nb\n"),
        (b"a\nb\n", "LF", "a\nb\n"),
        (b"a\r\nb\nc\rd", "mixed", "a\nb\nc\nd"),
        (b"a\r\r\nb", "mixed", "a\n\nb"),
        (b"one line", "none", "one line"),
    ],
)
def test_newlines_are_detected_and_normalised(data, newlines, text):
    result = decode(data)
    assert (result.newlines, result.text) == (newlines, text)


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"END\r\n\x1a", "END\n"),
        (b"END\x1a", "END"),
        (b"END\r\n\x1a\x1a\x1a\x1a", "END\n"),  # CP/M record padding
        (b"END\r\n\x1a\r\n", "END\n"),
        (b"END\x1a\x00\x00", "END"),
        (b"A\x1aB", "A\x1aB"),  # not at the end: kept
        (b"A\x1a more text\r\n", "A\x1a more text\n"),  # text after it: kept
    ],
)
def test_trailing_ctrl_z_is_removed(data, text):
    assert decode(data).text == text


def test_tabs_and_form_feeds_are_kept():
    assert decode(b"Page 1\tA\r\n\x0cPage 2\r\n").text == "Page 1\tA\n\x0cPage 2\n"


def test_override_wins_over_evidence():
    data = "Le café est prêt.\r\n".encode("latin-1")
    result = decode(data, override="cp437")
    assert (result.encoding, result.method, result.label) == ("cp437", "override", "CP437 (DOS)")
    assert result.text == data.decode("cp437").replace("\r\n", "\n")


def test_override_names_are_normalised():
    result = decode(b"caf\xe9", override="LATIN1")
    assert (result.encoding, result.method, result.text) == ("latin-1", "override", "café")
    assert decode(b"caf\x8e", override="macroman").encoding == "mac-roman"


def test_override_that_fails_strictly_replaces_and_says_fallback():
    result = decode(b"caf\xe9\r\n", override="ascii")
    assert (result.encoding, result.method, result.text) == ("ascii", "fallback", "caf\ufffd\n")


@pytest.mark.parametrize("bad", ["klingon", "", "rot13", "base64", "a\x00b", "undefined"])
def test_unusable_override_detects_and_says_fallback(bad):
    result = decode("Le café est prêt.".encode("cp1252"), override=bad)
    assert result.method == "fallback"
    assert result.text == "Le café est prêt."


AMBIGUOUS = b"Price: 5\x9c per ton\r\n"  # CP437 "£" or CP1252 "œ": no word context


def test_hint_decides_when_heuristics_cannot():
    result = decode(AMBIGUOUS, hint="cp437")
    assert (result.encoding, result.method, result.text) == ("cp437", "hint", "Price: 5£ per ton\n")


def test_hint_does_not_override_clear_evidence():
    result = decode(b"\xc9\xcd\xbb caf\x82", hint="latin-1")
    assert (result.encoding, result.method) == ("cp437", "heuristic")


@pytest.mark.parametrize("hint", ["utf-8", "ascii", "klingon", "latin-1"])
def test_hint_that_does_not_decode_cleanly_is_ignored(hint):
    # latin-1 would turn 0x9C into a C1 control character
    assert decode(AMBIGUOUS, hint=hint).method == "detector"


def test_detector_only_runs_when_heuristics_are_inconclusive(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("charset-normalizer called for a decisive input")

    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    for case in FIXTURE_CASES:
        decode((FIXTURES / case[0]).read_bytes())


def test_detector_is_restricted_to_the_archive_encodings(monkeypatch):
    seen = {}
    real = charset_normalizer.from_bytes

    def spy(data, **kwargs):
        seen.update(kwargs)
        return real(data, **kwargs)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    result = decode(AMBIGUOUS)
    assert result.method == "detector"
    assert result.encoding in {"cp437", "cp1252", "latin-1", "mac-roman"}
    assert seen["cp_isolation"] == ["utf_8", "ascii", "cp437", "cp1252", "latin_1", "mac_roman"]


def test_nothing_fits_falls_back_to_cp437(monkeypatch):
    monkeypatch.setattr(
        charset_normalizer, "from_bytes", lambda data, **kw: charset_normalizer.CharsetMatches()
    )
    result = decode(AMBIGUOUS)
    assert (result.encoding, result.method, result.label) == ("cp437", "fallback", "CP437 (DOS)")


def test_binary_junk_still_gives_text():
    junk = bytes(range(256)) * 8
    result = decode(junk)
    assert (result.encoding, result.method) == ("cp437", "fallback")
    assert result.text == junk.decode("cp437").replace("\r", "\n")


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"", False),
        (b"Plain text\r\n\tindented\x0c\r\n\x1a", False),
        (b"\x1b[1;33mANSI art\x1b[0m\r\n", False),
        (b"MZ\x90\x00\x03\x00", True),
        (b"\x01\x02\x03\x04 mostly controls \x05\x06\x07\x08\x0e\x0f\x10\x11", True),
        (codecs.BOM_UTF16_LE + "Regina".encode("utf-16-le"), False),
        (b"a" * 5000 + b"\x00", False),  # only the first 4 KB are looked at
    ],
)
def test_looks_binary(data, binary):
    assert looks_binary(data) is binary


# --- properties ---------------------------------------------------------------

OVERRIDES = [
    None, "cp437", "latin-1", "utf-8", "ascii", "mac_roman", "cp1252", "utf-16", "utf-8-sig",
    "klingon", "", "rot13", "base64", "idna", "punycode", "undefined", "a\x00b",
]
HINTS = [None, "cp437", "cp1252", "latin-1", "mac-roman", "utf-16-le", "bogus", ""]
LEGACY = ["cp437", "cp1252", "latin-1", "mac-roman", "utf-8", "utf-16-le"]

legacy_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda text, enc, bom: bom + text.encode(enc, errors="ignore"),
        st.text(max_size=200),
        st.sampled_from(LEGACY),
        st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
    ),
)


@settings(deadline=None)
@given(legacy_bytes, st.sampled_from(OVERRIDES), st.sampled_from(HINTS))
def test_decode_never_raises(data, override, hint):
    result = decode(data, override=override, hint=hint)
    assert isinstance(result.text, str) and "\r" not in result.text
    assert result.newlines in {"CRLF", "CR", "LF", "mixed", "none"}
    assert result.method in {
        "override", "bom", "ascii", "utf-8", "heuristic", "hint", "detector", "fallback"
    }
    assert result.label and result.encoding


@settings(deadline=None)
@given(
    legacy_bytes.filter(lambda b: not {0x0A, 0x0D, 0x1A} & set(b)),
    st.sampled_from([None, "cp437", "latin-1", "mac-roman", "cp1252", "utf-8", "ascii"]),
    st.sampled_from(HINTS),
)
def test_text_round_trips_unless_fallback(data, override, hint):
    result = decode(data, override=override, hint=hint)
    if result.method == "fallback":
        return
    body = data
    if result.method == "bom":
        body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data[2:]
    assert result.text.encode(result.encoding) == body


def test_a_file_mixing_utf8_with_a_code_page_is_told_apart():
    from legacy_archive.decode import mixed_utf8

    mixed = "café — naïve ".encode() + "Café ╔═╗".encode("cp437") * 3
    assert mixed_utf8(mixed) >= 3
    assert mixed_utf8("Café ╔═╗ ┌┐ │└┘".encode("cp437") * 20) == 0  # DA BF by chance
    assert mixed_utf8("Café € “quotes”".encode("cp1252") * 20) == 0
    assert mixed_utf8(b"plain ascii") == 0


# Leads, continuations and ASCII, so that sequences, broken ones among them, are common.
UTF8_PIECES = [b"a", b" ", b"\n", b"\t", b"\xc2", b"\xc3", b"\xda", b"\xe2", b"\xef", b"\xf0",
               b"\xf4", b"\x80", b"\x85", b"\x9c", b"\xa0", b"\xa9", b"\xbf", b"\xff"]


@given(st.one_of(st.binary(max_size=400),
                 st.lists(st.sampled_from(UTF8_PIECES), max_size=200).map(b"".join)))
def test_utf8_sequences_are_found_alike_in_the_high_runs(data):
    from legacy_archive.decode import _UTF8_SEQUENCE, high_runs

    runs = high_runs(data)
    assert _UTF8_SEQUENCE.findall(runs) == _UTF8_SEQUENCE.findall(data)
    assert len(runs) - runs.count(b" ") == sum(byte >= 0x80 for byte in data)
    assert high_runs(b"caf\xc3\xa9 \x85\xa0x\xe2\x80\x9c") == b"\xc3\xa9 \x85\xa0 \xe2\x80\x9c"


# Bytes of the kinds the heuristics look at: lower and upper case, high bytes.
_near_lower = st.binary(max_size=600).map(
    lambda raw: bytes(b"aZ \x80\xe9\xff z\xc3"[b % 9] if b % 3 else b for b in raw))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=600), _near_lower))
def test_high_bytes_next_to_lower_case_are_what_the_patterns_find(data):
    from legacy_archive import decode as module

    high = data.translate(None, bytes(range(0x80)))
    few, module._FEW_HIGH = module._FEW_HIGH, len(data)   # all found one by one
    try:
        after, before = module._next_to_lower(data, high)
    finally:
        module._FEW_HIGH = few
    assert sorted(after) == sorted(b"".join(module._AFTER_LOWER.findall(data)))
    assert sorted(before) == sorted(b"".join(module._BEFORE_LOWER.findall(data)))
