"""Write a hostile archive: broken, malicious and absurd files, deterministic from a seed.

    python -m tests.hostile.generate DIR [--seed N] [--many 20000]

writes DIR/archive (the archive to build) and DIR/outside (files that
symbolic links in the archive point at but must never be read through).
`generate()` returns a `Hostile` record: where things are, and for every
file that is broken on purpose the warning codes its build must report.
"""

import argparse
import gzip
import io
import os
import random
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SECRET = "OUTSIDE-SECRET-7f3a9c"   # in every file outside the archive; never published
MANY = 20_000                     # files in many/
DEPTH = 200                       # folders in deep/
LONG_LINE = 10 * 1024 * 1024      # bytes in text/long-line.txt, one line

ALERT = "alert(document.domain)"
HOSTILE_HTML = f"""<!DOCTYPE html><html><head><title>Hostile page</title>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<script>{ALERT}</script><script src="https://evil.example/x.js"></script>
<style>body {{ width: expression({ALERT}); background: url("javascript:{ALERT}") }}</style>
<link rel="stylesheet" href="https://evil.example/x.css">
</head><body onload="{ALERT}">
<h1 onclick="{ALERT}">Welcome</h1>
<p><a href="javascript:{ALERT}">a javascript: link</a>
<a href=" JaVaScRiPt:{ALERT}">spaced</a> <a href="data:text/html,<script>{ALERT}</script>">data</a>
<img src=x onerror="{ALERT}"> <svg><script>{ALERT}</script></svg>
<iframe src="javascript:{ALERT}"></iframe><object data="evil.swf"></object>
<form action="https://evil.example/"><input autofocus onfocus="{ALERT}"></form>
<div style="background-image: url(javascript:{ALERT})">styled</div>
<math><mtext><table><mglyph><style><img src=x onerror="{ALERT}">
</body></html>
"""
HOSTILE_SVG = f"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 width="100" height="100" onload="{ALERT}"><script>{ALERT}</script>
<a xlink:href="javascript:{ALERT}"><rect width="50" height="50"/></a>
<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>{ALERT}</script></body>
</foreignObject><set attributeName="onmouseover" to="{ALERT}"/></svg>
"""
HOSTILE_XML = f"""<?xml version="1.0"?>
<root><html:script xmlns:html="http://www.w3.org/1999/xhtml">{ALERT}</html:script></root>
"""
DIGEST = """TRAVELLER Digest 12

Today's Topics:
  Jump drives

----------------------------------------------------------------------

Date: Tue, 30 Jan 90 15:52:47 EST
From: someone@example.edu (A. Person)
Subject: Jump drives

- -- a stuffed line
Body of the first message.

------------------------------

Date: Wed, 31 Jan 90 10:00:00 EST
From: other@example.edu
Subject: Re: Jump drives

Second body.

------------------------------

End of TRAVELLER Digest 12
**************************
"""


@dataclass
class Hostile:
    root: Path                   # the archive
    outside: Path                # what links point at
    expected: dict = field(default_factory=dict)   # archive rel path -> {warning codes}
    cases: dict = field(default_factory=dict)      # archive rel path -> what it tests


class Writer:
    def __init__(self, root, rng):
        self.root, self.rng, self.expected, self.cases = root, rng, {}, {}

    def file(self, rel, data, why, codes=()):
        """Write archive file `rel` (str or bytes path); expect warnings `codes`."""
        raw = rel if isinstance(rel, bytes) else rel.encode("utf-8", "surrogateescape")
        path = os.path.join(os.fsencode(self.root), raw)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.note(raw, why, codes)

    def link(self, rel, target, why, codes=()):
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)
        self.note(rel.encode(), why, codes)

    def note(self, raw, why, codes):
        rel = os.fsdecode(raw)
        self.cases[rel] = why
        if codes:
            self.expected[rel] = set(codes)

    def noise(self, size):
        return self.rng.randbytes(size)


def generate(directory, seed=1987, many=MANY):
    directory = Path(directory)
    root, outside = directory / "archive", directory / "outside"
    root.mkdir(parents=True)
    outside.mkdir(parents=True)
    (outside / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "inner.txt").write_text(f"{SECRET} inner\n", encoding="utf-8")
    out = Writer(root, random.Random(seed))
    for part in (_bytes, _text, _mail, _names, _links, _zips, _active, _sidecars,
                 _indexes, _sectors):
        part(out)
    _deep(out)
    _many(out, many)
    return Hostile(root, outside, out.expected, out.cases)


def _bytes(out):
    out.file("bytes/random.bin", out.noise(4096), "random bytes")
    out.file("bytes/random.txt", out.noise(4096), "random bytes named as text")
    out.file("bytes/random-text.txt", bytes(out.rng.randrange(0x20, 0x100) for _ in range(5000)),
             "random high bytes that look like text", {"decode-fallback"})
    out.file("bytes/fake.gif", b"GIF89a" + out.noise(40), "a GIF that is only a header",
             {"image-broken"})
    out.file("bytes/fake.png", b"\x89PNG\r\n\x1a\n" + out.noise(30), "a truncated PNG",
             {"image-broken"})
    out.file("bytes/fake.jpg", b"\xff\xd8\xff", "three bytes of JPEG", {"image-broken"})
    out.file("bytes/mz.exe", b"MZ", "two bytes of executable")
    for name in ("empty.txt", "empty.html", "empty.svg", "empty.zip", "empty"):
        out.file(f"empty/{name}", b"", "zero bytes")


def _text(out):
    mixed = ("UTF-8 café — ".encode() + "CP437 café ╔═╗ ".encode("cp437")
             + "Latin-1 café ".encode("latin-1") + "Mac Roman café …".encode("mac_roman")
             + "Shift-JIS テキスト".encode("shift_jis") + b"\r\n\x1a\xff\xfe\r\r")
    out.file("text/mixed-encodings.txt", mixed * 20, "every encoding in one file",
             {"decode-mixed"})
    out.file("text/long-line.txt", b"x" * LONG_LINE, "a 10 MB single line", {"text-truncated"})
    out.file("text/nul-and-controls.txt", b"text\x00\x07\x1b[31m red\x1b[0m\x08\x7f\n" * 50,
             "terminal escapes and NULs")
    out.file("text/bom-only.txt", b"\xef\xbb\xbf", "a UTF-8 BOM and nothing else")
    out.file("text/utf16-odd.txt", b"\xff\xfeA\x00B", "UTF-16 with an odd byte count",
             {"decode-fallback"})
    out.file("text/bidi.txt", "abc \u202edcba\u202c \u200b\u2066x\u2069 \U0001F600\n" * 10,
             "bidirectional overrides and zero-width characters")
    out.file("text/lonely-cr.txt", b"a\rb\r\r\nc\n\r" * 100, "every newline style at once")


def _mail(out):
    digest = DIGEST.encode()
    out.file("mail/truncated-digest.txt", digest[: len(digest) * 2 // 3],
             "a digest cut in the middle of a message", {"mail-problem"})
    lines_a, lines_b = DIGEST.splitlines(True), DIGEST.replace("Digest 12", "Digest 13") \
        .splitlines(True)
    interleaved = "".join(a + b for a, b in zip(lines_a, lines_b, strict=False))
    out.file("mail/interleaved-digests.txt", interleaved, "two digests interleaved line by line",
             {"mail-unburst"})
    out.file("mail/digest-in-digest.txt", DIGEST.replace("Second body.", DIGEST),
             "a digest forwarded inside a digest",
             {"mail-problem"})
    header = "".join(f"X-Header-{n}: {'v' * (n % 70)}\n" for n in range(10_000))
    out.file("mail/long-header.txt",
             "From a@example.org Tue Jan 30 15:52:47 1990\nDate: Tue, 30 Jan 90 15:52:47 EST\n"
             f"From: a@example.org\nSubject: long header\n{header}\nBody.\n",
             "a message with a 10,000-line header", {"mail-problem"})
    for year in ("0", "0000", "9999", "-1", "99999"):
        out.file(f"mail/year-{year}.txt",
                 "From a@example.org Mon Jan  1 00:00:00 1990\n"
                 f"Date: Mon, 1 Jan {year} 00:00:00 +0000\nFrom: a@example.org\n"
                 f"Subject: the year {year}\n\nBody.\n",
                 f"a message dated in the year {year}", {"mail-date-unknown"})
    out.file("mail/from-lines.txt",
             "".join(f"From {frm} Tue Jan 30 15:52:47 1990\nFrom: {frm}\nDate: {date}\n"
                     f"Subject: s\n\n>From body\n\n"
                     for frm, date in (("IN%\"x@y\"", "7-FEB-1996 13:08:15.79"),
                                       ("<script>@x", "31 Feb 90 25:61:61 XYZ"),
                                       ("", "Tue, 30 Jan 90 15:52:47 +9999"),
                                       ("a!b!c", "\x00\x01"))),
             "odd From lines and impossible dates (the From lines' dates stand in)")
    out.file("mail/only-separators.txt", "-" * 70 + "\n\n" + ("-" * 30 + "\n\n") * 500,
             "separators and nothing else")
    out.file("mail/html-digest.txt",
             "<HTML><FONT>Date: Tue, 30 Jan 90 15:52:47 EST<BR>From: a@b<BR>Subject: "
             f"<script>{ALERT}</script><BR><BR>=20<img src=x onerror={ALERT}></HTML>\n",
             "an HTML-wrapped message with a script in its subject")


def _names(out):
    names = ['<script>alert(1)<', 'a&b "c" \'d\'', "100%", "hash#frag",
             "what?", "ctrl\x01\x1b", "tab\there", "new\nline", "CON", "AUX.TXT", "nul.txt",
             "com1.txt", "trailing dot.", " leading space", "javascript:alert(1)",
             "%2e%2e%2f..%2f", "back\\slash", "x" * 250]
    for name in names:
        out.file(f"names/{name}", f"file named {name!r}\n", "a name that cannot be a URL",
                 {"name-unsafe"})
    out.file("names/space name.txt", "spaces are fine in URLs\n", "a name with spaces")
    out.file(b"names/latin1-\xe9\xff.txt", b"not UTF-8 name\n", "a name that is not UTF-8",
             {"name-unsafe"})
    out.file("names/Case.txt", "one\n", "case twin", {"name-collision"})
    out.file("names/case.txt", "two\n", "case twin", {"name-collision"})
    out.file("names/CASE.TXT", "three\n", "case twin (kept: smallest)")
    # The NFD spelling sorts first (e + combining accent), so it keeps its name.
    out.file("names/" + unicodedata.normalize("NFC", "café.txt"), "nfc\n", "NFC twin",
             {"name-collision"})
    out.file("names/" + unicodedata.normalize("NFD", "café.txt"), "nfd\n", "NFD twin")
    out.file("names/Ω.txt", "unicode is fine\n", "a plain Unicode name")
    # Names that fight the plugin's own output paths.
    out.file("manifest-sha256.txt", "a fake manifest\n", "the manifest's promised path",
             {"path-taken"})
    out.file("names/index.html", HOSTILE_HTML, "a page named like our folder page")
    out.file("names/by-date.html", "<p>by date</p>", "a page named like our date listing")
    out.file("names/x.txt", "x\n", "a file whose page path is taken by the next")
    out.file("names/x.txt.html", "<p>x</p>", "a page at another file's page path")
    out.file("names/x.txt.bin", b"\x00x", "a file at another file's download path")
    out.file("names/dir.html", "<p>d</p>", "a page named like a folder's page")
    out.file("names/dir/inner.txt", "inner\n", "a file in a folder named like a page")


def _links(out):
    out.link("links/loop", "loop", "a link to itself", {"link-broken"})
    out.link("links/ping", "pong", "two links pointing at each other", {"link-broken"})
    out.link("links/pong", "ping", "two links pointing at each other", {"link-broken"})
    out.link("links/here", ".", "a link to its own folder", {"link-folder"})
    out.link("links/up", "..", "a link to the archive root", {"link-folder"})
    out.link("links/escape-abs", "/etc/passwd", "an absolute link out", {"link-outside"})
    out.link("links/escape-rel", "../../outside/secret.txt", "a relative link out",
             {"link-outside"})
    out.link("links/escape-folder", "../../outside/folder", "a folder link out",
             {"link-outside"})
    out.link("links/dangling.txt", "nowhere.txt", "a dangling link", {"link-broken"})
    out.file("links/target.txt", "linked\n", "the target of an inside link")
    out.link("links/inside.txt", "target.txt", "a link inside the archive")
    out.link("links/inside.html", "../active/hostile.html", "a link to a hostile page")


def _deflated(name):
    """A member dated as in 1996: with the time of the run in the inner ZIP, the
    outer one's compression ratio wandered either side of the 200:1 limit."""
    info = zipfile.ZipInfo(name, (1996, 7, 29, 22, 17, 28))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _zips(out):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(_deflated("zeros.txt"), "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(100):
                member.write(chunk)
        archive.writestr(_deflated("readme.txt"), "a 100 MB member compressed to 100 KB\n")
    out.file("zips/bomb.zip", bomb.getvalue(), "a ZIP bomb (100 MB of zeros)", {"zip-problem"})
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(16):
            archive.writestr(_deflated(f"layer{n}.zip"), bomb.getvalue())
    out.file("zips/nested-bomb.zip", nested.getvalue(), "a ZIP of ZIP bombs", {"zip-problem"})
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as archive:
        for n in range(6000):
            archive.writestr(f"m{n}.txt", "")
    out.file("zips/many-members.zip", many.getvalue(), "6,000 members", {"zip-problem"})
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        for name in ("../../escape.txt", "/etc/passwd", "C:/win.ini", "<script>.txt",
                     "a\x00b.txt", "dir/../../x.txt", "index.html", "evil.svg"):
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)),
                             HOSTILE_HTML if name.endswith((".html", ".txt")) else HOSTILE_SVG)
    out.file("zips/evil-names.zip", evil.getvalue(), "members named to escape",
             {"zip-problem"})
    out.file("zips/truncated.zip", evil.getvalue()[:300], "a ZIP cut short", {"zip-problem"})
    out.file("zips/only-header.zip", b"PK\x03\x04", "four bytes of ZIP", {"zip-problem"})


def _active(out):
    out.file("active/hostile.html", HOSTILE_HTML, "scripts, handlers, base, refresh")
    out.file("active/HOSTILE.HTM", HOSTILE_HTML.upper(), "upper-case page and extension")
    out.file("active/hostile.xhtml", HOSTILE_HTML, "XHTML")
    out.file("active/hostile.shtml", HOSTILE_HTML, "server-side include page")
    out.file("active/hostile.mht", HOSTILE_HTML, "MHTML")
    out.file("active/hostile.svg", HOSTILE_SVG, "SVG with script")
    out.file("active/hostile.svgz", gzip.compress(HOSTILE_SVG.encode(), mtime=0),
             "gzipped SVG with script")
    for ext in ("xml", "xsl", "xht", "rss", "atom", "rdf", "xsd", "kml", "xslt", "mathml"):
        out.file(f"active/hostile.{ext}", HOSTILE_XML, f"XML with XHTML script (.{ext})")
    out.file("active/page-named.txt", HOSTILE_HTML, "a page named as text")
    out.file("active/noext", HOSTILE_HTML, "a page without extension")
    out.file("active/hostile.css", f"body {{ behavior: url(x.htc); width: expression({ALERT}) }}",
             "CSS with expressions")
    out.file("active/hostile.js", f"{ALERT};\n", "a script file")
    out.file("active/truncated.html", HOSTILE_HTML[:333], "a page cut inside a tag")
    out.file("active/nested.html", "<div>" * 5000 + "deep" + "</div>" * 5000,
             "5,000 nested elements")


def _sidecars(out):
    out.file("sidecars/wrong-types.txt", "described wrongly\n", "wrong sidecar types",
             {"sidecar-invalid"})
    out.file("sidecars/wrong-types.txt.meta.toml",
             'title = 5\nauthor = [1, 2]\ndate = "last Tuesday"\nhide = "yes"\n'
             'encoding = "rot13"\naccept = "everything"\nunknown = 1\n',
             "a sidecar with wrong types")
    out.file("sidecars/bad-toml.txt", "x\n", "a broken sidecar", {"sidecar-invalid"})
    out.file("sidecars/bad-toml.txt.meta.toml", b"title = \"unterminated\n\xff\xfe",
             "a sidecar that is not TOML")
    out.file("sidecars/orphan.txt.meta.toml", 'title = "nobody"\n',
             "a sidecar for a missing file")
    out.expected["sidecars/"] = {"sidecar-orphan"}
    out.expected["sidecars/sub/"] = {"sidecar-invalid"}
    out.file("sidecars/sub/_folder.meta.toml", "[[[", "a broken folder sidecar")
    out.file("sidecars/sub/file.txt", "in a folder with a broken sidecar\n", "—")
    out.file("sidecars/date-9999.txt", "x\n", "a sidecar date far away")
    out.file("sidecars/date-9999.txt.meta.toml", "date = 9999-12-31\nadded = 0001-01-01\n",
             "sidecar dates at the ends of the calendar")


def _indexes(out):
    out.file("indexes/00index.txt", out.noise(2000), "an index file of random bytes")
    out.file("indexes/files.bbs",
             "".join(f"{name}  12  13-45-99  {desc}\r\n" for name, desc in (
                 ("MISSING.ZIP", "<script>alert(1)</script>"), ("", "no name"),
                 ("X" * 300, "long"), ("..\\..\\ESC.TXT", "escape"))) + "\x1a",
             "a files.bbs naming missing and hostile files", {"index-missing"})
    out.file("indexes/descript.ion", b'"unterminated name desc\x04\xc2\r\n\x00\xff\r',
             "a descript.ion with broken quoting")


def _sectors(out):
    lines = ["Vorlash       0304 B564877-9  N Ag Ri           A  512 Im G2 V"] * 3
    lines += ["Bad           9999 ZZZZZZZ-Z", "~" * 80, "Long" * 500 + " 0101 A000000-0"]
    lines += [f"W{n:<12} {n % 32 + 1:02d}{n % 40 + 1:02d} A788899-C" for n in range(3)]
    out.file("sectors/broken.sec", "\n".join(lines) + "\n", "sector data with broken lines",
             {"sector-rejected"})
    out.file("sectors/t5.tab", "Hex\tName\tUWP\n0101\t<b>x</b>\tA788899-C\n\t\t\n0202\n"
             "0303\tOK\tB000000-0\n0404\tY\tC000000-0\n", "T5 tab data with short rows",
             {"sector-rejected"})


def _deep(out):
    rel = "/".join(["d"] * DEPTH) + "/bottom.txt"
    out.file("deep/" + rel, "200 folders down\n", "nesting 200 folders deep")


def _many(out, count):
    for number in range(count):
        out.file(f"many/f{number:05d}.txt", f"file {number}\n", "one of 20,000 files")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--seed", type=int, default=1987)
    parser.add_argument("--many", type=int, default=MANY)
    args = parser.parse_args(argv)
    hostile = generate(args.directory, args.seed, args.many)
    print(hostile.root)


if __name__ == "__main__":
    main()
