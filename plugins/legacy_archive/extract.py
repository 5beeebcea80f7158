"""Stage 4, extract: title, authors, date and description of one file.

Generic rules for text and binaries live here; richer formats (mail, HTML,
ZIP, sector data) register their own extractor in EXTRACTORS and get the same
inputs. Every extractor is (item, data, text) -> None and fills the item.
"""

import re
import struct

from .dates import parse_loose_date
from .indexfiles import parse_index
from .kinds import extract_sector, extract_zip
from .mail.body import protect_text
from .mail.collect import extract_mail
from .model import Finding

DECORATION = re.compile(r"[\u2500-\u257f\u2580-\u259f*=_~#|+<>\-]{2,}|^[\s\W]+|[\s\W]+$")
# A byline names someone: capitalised words (initials, hyphens, apostrophes)
# and nothing after them, so wrapped prose ("by the Navy in 1105.") is not one.
NAME = r"[A-Z][\w.'\-]*(?:\s+(?:[A-Z][\w.'\-]*|van|von|de|der|la|le))*"
BYLINE = re.compile(
    r"^\s*(?:[Bb]y|[Ww]ritten by|[Aa]uthors?|AUTHORS?|BY|[Dd]esigned by|[Cc]ompiled by)"
    rf"\s*[:\-]?\s+(?P<name>{NAME}(?:,?\s+(?:and|&)\s+{NAME})?)\s*$", re.M)
DATELINE = re.compile(
    r"^\s*(?:date|dated|written|updated|revised|posted)\s*[:\-]?\s+(?P<date>.{4,40})$", re.I | re.M)
COPYRIGHT = re.compile(r"(?:\(c\)|©|copyright)\s*(?P<date>(?:19|20)\d\d)", re.I)
TITLE_MAX = 100


def clean_line(line):
    return re.sub(r"\s+", " ", DECORATION.sub(" ", line)).strip()


def title_line(lines):
    """(index, title) of the first line that reads like a title, or (-1, "")."""
    for number, line in enumerate(lines[:25]):
        cleaned = clean_line(line)
        if len(re.findall(r"[^\W\d_]", cleaned)) >= 3 and not re.match(
                r"(?i)(from|date|to|subject|received)\s*:", cleaned):
            return number, cleaned[:TITLE_MAX]
    return -1, ""


def text_title(text):
    return title_line(text.splitlines())[1]


def text_description(text):
    """The first paragraph after the title line, up to about 240 characters."""
    lines = text.splitlines()[:80]
    start = title_line(lines)[0] + 1
    paragraph = []
    for line in lines[start:] if start else []:
        words = " ".join(line.split())
        if not clean_line(line):  # blank, or only rules and box drawing
            if paragraph:
                break
            continue
        if BYLINE.match(line) or DATELINE.match(line):
            continue
        paragraph.append(words)
        if sum(map(len, paragraph)) > 240:
            break
    summary = " ".join(paragraph)
    return summary[:237] + "…" if len(summary) > 240 else summary


def extract_text(item, data, text):
    head = "\n".join(text.splitlines()[:60])
    item.title = item.title or text_title(text)
    if not item.authors and (match := BYLINE.search(head)):
        item.authors = [clean_line(match["name"])]
    if not item.date:
        match = DATELINE.search(head) or COPYRIGHT.search(head)
        item.date = parse_loose_date(match["date"]) if match else ""
        item.date_source = "content" if item.date else ""
    if not item.description:
        item.description = text_description(text)
        item.description_source = "content" if item.description else ""


def extract_index(item, data, text):
    entries = parse_index(item.rel.rsplit("/", 1)[-1], text)
    item.extra["entries"] = [[e.name, e.description, e.line, e.size, e.date] for e in entries]
    item.title = item.title or f"Index of this folder ({item.detail})"
    item.description = item.description or f"Describes {len(entries)} files of this folder."


def extract_image(item, data, text):
    size = image_size(data)
    if size:
        item.extra["width"], item.extra["height"] = size
    if item.detail.startswith("GIF") and not data.rstrip(b"\x00").endswith(b";"):
        item.findings.append(Finding("image-broken", "GIF image is truncated (no trailer)"))
    elif item.detail == "JPEG" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        item.findings.append(Finding("image-broken", "JPEG image is truncated (no end marker)"))
    elif item.detail == "PNG" and b"IEND" not in data[-64:]:
        item.findings.append(Finding("image-broken", "PNG image is truncated (no IEND chunk)"))
    if not size:
        item.findings.append(Finding("image-broken", "image header unreadable"))


def image_size(data):
    """(width, height) from a GIF, PNG or JPEG header, or None."""
    if data[:3] == b"GIF" and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _jpeg_size(data):
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker, length = data[pos + 1], struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>|<h[1-3][^>]*>(.*?)</h[1-3]>", re.I | re.S)
TAG = re.compile(r"<[^>]*>")


def extract_markup(item, data, text):
    """Title from <title> or the first heading; the page body itself is not summarised."""
    if not item.title and (match := TITLE_TAG.search(text[:65536])):
        item.title = clean_line(TAG.sub(" ", match[1] or match[2] or ""))[:TITLE_MAX]


def extract_mail_text(item, data, text):
    extract_mail(item, data, text)  # the collection's own name and span come first
    extract_text(item, data, text)
    # Whatever the first lines gave, a poster's address never becomes a title.
    item.title, item.description = protect_text(item.title), protect_text(item.description)


def extract_sector_text(item, data, text):
    extract_sector(item, data, text)  # the sector's own name makes the best title
    extract_text(item, data, text)


EXTRACTORS = {
    "text": extract_text,
    "mail": extract_mail_text,
    "sector": extract_sector_text,
    "zip": extract_zip,
    "html": extract_markup,
    "xml": extract_markup,
    "svg": extract_markup,
    "index": extract_index,
    "image": extract_image,
}
