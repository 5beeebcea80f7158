"""Stage 2, identify: what a file is, from its content first, its name second.

Old archives lie in their extensions (a .TXT that is a ZIP, a digest without
any extension), so magic bytes and text shapes decide; the extension only
breaks ties between text kinds.
"""

import re

from .indexfiles import index_kind

MAGIC = [
    (b"GIF87a", "image", "GIF87a"),
    (b"GIF89a", "image", "GIF89a"),
    (b"\xff\xd8\xff", "image", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "image", "PNG"),
    (b"PK\x03\x04", "zip", "ZIP"),
    (b"PK\x05\x06", "zip", "ZIP (empty)"),
    (b"\x60\xea", "container", "ARJ"),
    (b"\x1f\x8b", "container", "gzip"),
    (b"Rar!", "container", "RAR"),
    (b"MZ", "executable", "DOS/Windows executable"),
    (b"%PDF", "binary", "PDF"),
]
# Files a browser runs script in when served raw, by what urls.py puts at
# their old path: our page, a cleaned copy, or nothing.
PAGE_IN_PLACE = {".htm", ".html", ".shtml", ".xhtml", ".xht", ".mht", ".mhtml"}
SANITISED_COPY = {".svg", ".svgz"}
# Browsers render any XML type as a document, and XHTML inside it runs script:
# every extension that static hosts serve as XML belongs here.
ACTIVE_ONLY = {".xml", ".xsl", ".xslt", ".rss", ".atom", ".rdf", ".xsd", ".kml", ".gpx",
               ".mathml", ".mml", ".opml", ".wsdl", ".xul", ".xbl", ".xspf", ".smil"}
ACTIVE_EXTENSIONS = PAGE_IN_PLACE | SANITISED_COPY | ACTIVE_ONLY
IMAGE_EXTENSIONS = {".gif", ".jpg", ".jpeg", ".png", ".bmp", ".pcx", ".tif", ".tiff"}
HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<title|<body|<!--)", re.I)
HTML_TAGS = re.compile(rb"<(html|head|body|title|p|a\s|h[1-6]|center|font|table)\b", re.I)
SVG = re.compile(rb"<svg[\s>]", re.I)
XML_START = re.compile(rb"^\s*<\?xml", re.I)
MAIL_MARKERS = re.compile(
    rb"^(From \S+.*\d{4}\s*$|-------- TML Message #|Archive-Message-Number:|"
    rb"\s*(TML [Bb]undle|TRAVELLER Digest|Traveller-digest|.*Digest\s+(V\d|Vol|Volume)))",
    re.M)
# Headers may follow markup in HTML-wrapped digests ("<FONT ...>Date: ...<BR>").
HEADER = re.compile(rb"^(?:<[^>\n]{0,80}>)*(Date|From|Subject|To|Message-ID|Received|"
                    rb"Return-Path):", re.M | re.I)
UWP = re.compile(rb"\b[A-EXYH?][0-9A-HJ-NP-Z?]{6}-[0-9A-HJ-NP-Z?]\b")
HEX = re.compile(rb"(?m)^\S.{0,30}?\b[0-3]\d[0-4]\d\b|^[0-3]\d[0-4]\d\b")
BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f]")


def extension(name):
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") else ""


def is_active(name):
    """True for files a browser would run script in if served raw."""
    return extension(name) in ACTIVE_EXTENSIONS


def identify(name, head):
    """Return (kind, detail) for a file named `name` whose first bytes are `head`.

    `head` should be the first 64 KB; kinds are listed in model.Item.
    """
    if not head:
        return "empty", "empty file"
    for magic, kind, detail in MAGIC:
        if head.startswith(magic):
            return kind, detail
    container = _old_container(head)
    if container:
        return "container", container
    if _looks_binary(head):
        ext = extension(name)
        return ("image", ext[1:].upper()) if ext in IMAGE_EXTENSIONS else ("binary", "data")
    return _text_kind(name, head)


def _old_container(head):
    if len(head) > 7 and head[2:7] in (b"-lh5-", b"-lh1-", b"-lh0-", b"-lh6-", b"-lz4-"):
        return "LZH (LHarc)"
    if head[0] == 0x1A and len(head) > 2 and 1 <= head[1] <= 11 and head[2:3].isalnum():
        return "ARC"
    return ""


def _looks_binary(head):
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text: its NULs are half of every ASCII character
    sample = head[:4096]
    if b"\x00" in sample:
        return True
    return len(BINARY_CONTROLS.findall(sample)) > len(sample) // 100 + 2


def _text_kind(name, head):
    base = name.rsplit("/", 1)[-1]
    if index_kind(base):
        return "index", index_kind(base)
    ext = extension(name)
    if SVG.search(head[:2048]) and (ext in (".svg", ".svgz", ".xml") or XML_START.match(head)):
        return "svg", "SVG image"
    if _looks_like_mail(head) and ext not in (".htm", ".html", ".shtml", ".xhtml"):
        return "mail", "mail collection"
    if HTML_START.match(head) and HTML_TAGS.search(head) or (
            ext in (".htm", ".html", ".shtml") and HTML_TAGS.search(head)):
        return "html", "HTML page"
    if XML_START.match(head) or ext in (".xml", ".xsl", ".xslt", ".xhtml"):
        return "xml", "XML document"
    if len(UWP.findall(head)) >= 3 and len(HEX.findall(head)) >= 3:
        return "sector", "sector data"
    return "text", "text"


def _looks_like_mail(head):
    """Mail markers, or a run of header lines (also behind HTML markup).

    A page that starts as HTML needs header lines too: a 1990s web page may
    well mention the digest by name.
    """
    headers = len(HEADER.findall(head[:16384]))
    if HTML_START.match(head):
        return headers >= 3
    return bool(MAIL_MARKERS.search(head[:8192])) or headers >= 3
