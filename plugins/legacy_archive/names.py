"""Safe, distinct, stable names for archive paths.

A name keeps its exact spelling whenever it can: old links map to the new site
by prefix alone. A name that is not valid UTF-8, holds characters that break
URLs or Windows checkouts, is a Windows device name, or collides with a
sibling after case and Unicode folding gets a replacement that depends only on
its own bytes (a short hash), so it never moves when other files come and go.
"""

import hashlib
import re
import unicodedata

from .model import Finding

UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"\\|?*#%]')
RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
MAX_SEGMENT_BYTES = 180


def name_hash(name):
    raw = name.encode("utf-8", "surrogateescape")
    return hashlib.sha256(raw).hexdigest()[:8]


def fold(name):
    """The key under which two names are the same on a case-insensitive host."""
    if name.isascii():   # most names; the same key, several times faster
        return name.lower()
    return unicodedata.normalize("NFC", name).casefold()


def is_plain(path):
    """A relative POSIX path with no empty part and none starting with ".":
    joined to a folder it stays inside it and needs no normalising."""
    return not (not path or path.startswith("/") or path.endswith("/") or "//" in path
                or "/." in "/" + path)


def with_suffix(name, tag):
    """Insert -tag before the extension: "a.txt" -> "a-tag.txt"."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not ext or len(ext) > 8:
        return f"{name.rstrip('. ')}-{tag}"
    return f"{stem}-{tag}.{ext}"


def unsafe_reasons(name):
    reasons = []
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        reasons.append("is not valid UTF-8")
    if UNSAFE_CHARS.search(name):
        reasons.append('has characters unsafe in URLs or on Windows (control, <>:"\\|?*#%)')
    if RESERVED.match(name):
        reasons.append("is a reserved device name on Windows")
    if name.endswith((" ", ".")) or name.startswith(" "):
        reasons.append("begins or ends with a space or ends with a dot")
    if len(name.encode("utf-8", "surrogateescape")) > MAX_SEGMENT_BYTES:
        reasons.append("is too long")
    return reasons


def safe_segment(name):
    """Return (safe name, reasons it had to change); reasons empty if unchanged."""
    reasons = unsafe_reasons(name)
    if not reasons:
        return name, []
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = UNSAFE_CHARS.sub("_", text).replace("\ufffd", "_").strip(" ")
    if RESERVED.match(text):
        text = "_" + text
    return with_suffix(shorten(text), name_hash(name)), reasons


def shorten(name, room=MAX_SEGMENT_BYTES - 20):
    """Cut to `room` UTF-8 bytes, never ending in a dot or a space."""
    cut = name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return cut.rstrip(". ") or "_"


def assign_names(names):
    """Map each sibling name to a safe, distinct name; also return findings.

    Returns ({name: safe_name}, {name: [Finding]}). Among names that fold to
    the same key, the smallest (by code point) keeps its name.
    """
    safe, findings = {}, {}
    for name in sorted(names):
        new, reasons = safe_segment(name)
        safe[name] = new
        if reasons:
            findings[name] = [Finding("name-unsafe", f"name {'; '.join(reasons)}; "
                                      f"published as {new!r}")]
    taken = {}
    for name in sorted(names):
        key = fold(safe[name])
        if key in taken:
            new = with_suffix(shorten(safe[name]), name_hash(name))
            while fold(new) in taken:
                new = with_suffix(new, name_hash(new))
            findings.setdefault(name, []).append(Finding(
                "name-collision", f"name collides with {taken[key]!r} after case and "
                f"Unicode folding; published as {new!r}"))
            safe[name] = new
            key = fold(new)
        taken[key] = name
    return safe, findings
