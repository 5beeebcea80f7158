"""The plugin's one settings dict: defaults here, checked once at start-up.

`ARCHIVE = {...}` in pelicanconf.py overrides keys of DEFAULTS. An unknown key
or a value of the wrong type stops the build with a message naming the key,
as pelican-plugins/sitemap does, so a typo never silently does nothing.
"""

import codecs
import dataclasses
from pathlib import Path

PREFIX = "legacy_archive"

DEFAULTS = {
    # Folder of the legacy archive; relative paths are taken from the folder
    # that holds Pelican's PATH (the project root).
    "path": "archive",
    # Where the archive lands in the output, and its URL prefix.
    "output": "archive",
    "title": "The Missouri Archive",
    # Encoding overrides: {"folder/or/file": "cp437"}; the longest matching
    # path prefix wins. Sidecar files can say the same next to the files.
    "encodings": {},
    # Host names of the old archive site; absolute links to them become links
    # into this site.
    "old_hosts": ["traveller.mu.org"],
    # Show 1990s posters' addresses in a harvester-proof form.
    "protect_addresses": True,
    # A rich progress bar on a terminal; never when output is not a terminal.
    "progress": True,
    # Text larger than this is shown truncated on its page (the original is
    # always downloadable whole).
    "max_text_bytes": 1_000_000,
    # Files larger than this are hashed and published but never read into
    # memory to be identified past their first 64 KB, decoded or extracted.
    "max_read_bytes": 64 * 1024 * 1024,
    # Folder and file names that are never part of the archive.
    "ignore": [".git", ".svn", ".DS_Store", "Thumbs.db"],
    # Processes that render pages; 0 means one per core.
    "workers": 0,
    # Entries in the "new in the archive" feeds, and lines on the landing page.
    "feed_items": 50,
    "newest_on_landing": 10,
    # The blog category whose posts the landing page lists (and whose posts
    # point to the archive); "" for none.
    "blog_category": "Traveller",
}


class ArchiveSettingsError(ValueError):
    """A wrong ARCHIVE setting: the message names the key."""


@dataclasses.dataclass(frozen=True)
class ArchiveSettings:
    path: Path
    output: str
    title: str
    encodings: dict
    old_hosts: tuple
    protect_addresses: bool
    progress: bool
    max_text_bytes: int
    max_read_bytes: int
    ignore: frozenset
    workers: int
    feed_items: int
    newest_on_landing: int
    blog_category: str


def check_settings(pelican_settings):
    """Merge ARCHIVE over DEFAULTS, validate it, and return ArchiveSettings."""
    given = pelican_settings.get("ARCHIVE", {})
    if not isinstance(given, dict):
        raise ArchiveSettingsError(
            f"{PREFIX}: ARCHIVE must be a dict, not {type(given).__name__}")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise ArchiveSettingsError(
            f"{PREFIX}: unknown setting ARCHIVE[{unknown[0]!r}]; known: {', '.join(DEFAULTS)}")
    merged = {**DEFAULTS, **given}
    for key, default in DEFAULTS.items():
        _check_type(key, merged[key], default)
    _check_encodings(merged["encodings"])
    for key in ("max_text_bytes", "workers", "feed_items", "newest_on_landing"):
        if merged[key] < 0:
            raise ArchiveSettingsError(f"{PREFIX}: ARCHIVE[{key!r}] must not be negative")
    output = merged["output"].strip("/")
    if not output or ".." in output.split("/"):
        raise ArchiveSettingsError(
            f"{PREFIX}: ARCHIVE['output'] must be a folder inside the output")
    root = Path(pelican_settings.get("PATH", ".")).parent
    return ArchiveSettings(
        path=(root / merged["path"]).resolve(),
        output=output,
        title=merged["title"],
        encodings=dict(merged["encodings"]),
        old_hosts=tuple(host.lower() for host in merged["old_hosts"]),
        protect_addresses=merged["protect_addresses"],
        progress=merged["progress"],
        max_text_bytes=merged["max_text_bytes"],
        max_read_bytes=merged["max_read_bytes"],
        ignore=frozenset(merged["ignore"]),
        workers=merged["workers"],
        feed_items=merged["feed_items"],
        newest_on_landing=merged["newest_on_landing"],
        blog_category=merged["blog_category"],
    )


def _check_type(key, value, default):
    expected = type(default)
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if not ok:
        raise ArchiveSettingsError(
            f"{PREFIX}: ARCHIVE[{key!r}] must be {expected.__name__}, "
            f"not {type(value).__name__} ({value!r})")
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        raise ArchiveSettingsError(f"{PREFIX}: ARCHIVE[{key!r}] must be a list of strings")


def _check_encodings(encodings):
    for where, name in sorted(encodings.items()):
        if not isinstance(where, str) or not isinstance(name, str):
            raise ArchiveSettingsError(f"{PREFIX}: ARCHIVE['encodings'] maps paths to codec names")
        if not is_text_encoding(name):
            raise ArchiveSettingsError(
                f"{PREFIX}: ARCHIVE['encodings'][{where!r}]: {name!r} is not a text encoding")


def is_text_encoding(name):
    """True for codecs that turn bytes into text (not base64, zlib, rot13…)."""
    try:
        return codecs.lookup(name)._is_text_encoding
    except LookupError:
        return False
