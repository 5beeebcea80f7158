"""Stage 5, catalog: what was learnt about each file, kept in SQLite.

Keyed by the file's path, size and modification time plus a `deps` string
(sidecar, encoding override, extractor version): a rebuild re-reads only the
files whose key changed, and a file whose bytes are unchanged (same SHA-256)
is not extracted again even if it was touched. Writes happen in one
transaction per build, so an interrupted build leaves the previous catalog
intact. Pages written are fingerprinted here too, so unchanged pages are not
rendered again.
"""

import functools
import hashlib
import json
import logging
import sqlite3
import threading
from pathlib import Path

from .model import Item

logger = logging.getLogger(__name__)

SCHEMA_VERSION = "3"   # 2: texts packed with Zstandard; 3: pages keep their lookups
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    rel BLOB PRIMARY KEY, size INTEGER, mtime_ns INTEGER, deps TEXT,
    sha256 TEXT, record TEXT, text BLOB);
CREATE TABLE IF NOT EXISTS pages (path TEXT PRIMARY KEY, fingerprint TEXT NOT NULL,
                                  lookups TEXT);
"""


# Page fingerprints are stored this many at a time (executemany), and at commit.
PAGE_BATCH = 2000


def key(rel):
    return rel.encode("utf-8", "surrogateescape")


class Packed(bytes):
    """A file's text as the catalog keeps it (Zstandard): see pack()."""

    __slots__ = ()


@functools.cache
def _codec():
    """(packer, unpacker): Zstandard at level 1, which packs a 48 KB digest 2.6
    times as fast as zlib at its level 1, unpacks it 2.5 times as fast, and
    into 10 % fewer bytes. Made at the first text packed or unpacked: a build
    that reads and writes no file never imports zstandard (as plugin.py keeps
    the rest). A context is not for two threads at once: each process packs
    and unpacks on one."""
    import zstandard

    return zstandard.ZstdCompressor(level=1), zstandard.ZstdDecompressor()


def pack(text):
    """The text compressed for the catalog (None for none). Done where the
    file was read, in a reading process, so the build process stores it as
    it is, and less travels between them."""
    return None if text is None else Packed(_codec()[0].compress(text.encode("utf-8")))


def unpack(packed):
    return _codec()[1].decompress(packed).decode("utf-8")


def with_digest(item, record):
    """Note on `item` a digest of its record as extracted, for page fingerprints.

    Hashing the stored JSON text is far cheaper than encoding the record's
    bulk (message headers, ZIP listings, sector worlds) again for every page.
    """
    item.record_digest = hashlib.blake2b(record.encode("utf-8", "surrogateescape"),
                                         digest_size=16).hexdigest()
    return item


def _item(record):
    return with_digest(Item.from_record(json.loads(record)), record)


class Catalog:
    """The archive catalog of one build; use as a context manager."""

    def __init__(self, path, version, reset=False):
        self.path, self.detached_pages = str(path), None
        self._committing = None   # (thread, [its error]) of a commit under way
        self.unsaved_pages = []   # (path, fingerprint, lookups) of pages written, not yet stored
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        # Used by one thread at a time: a commit on a thread is waited for first.
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        stamp = f"{SCHEMA_VERSION}:{version}"
        if reset or self._meta("version") != stamp:   # made anew: its tables may have changed
            self.db.executescript(
                "DROP TABLE files; DROP TABLE pages; DROP TABLE meta;" + SCHEMA)
            self.db.execute("INSERT INTO meta VALUES ('version', ?)", (stamp,))
        self.rows = {row[0]: row[1:] for row in self.db.execute(
            "SELECT rel, size, mtime_ns, deps, sha256 FROM files")}
        self._pages = None
        self.db.execute("BEGIN")

    def _meta(self, name):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
        return row[0] if row else None

    def unchanged(self, source):
        """True when the stored record of `source` is still valid without reading it."""
        row = self.rows.get(key(source.rel))
        return row is not None and row[:3] == (source.size, source.mtime_ns, source.deps)

    def same_bytes(self, source, sha256):
        row = self.rows.get(key(source.rel))
        return row is not None and row[2] == source.deps and row[3] == sha256

    def load(self, rel):
        row = self.db.execute("SELECT record FROM files WHERE rel = ?", (key(rel),)).fetchone()
        return _item(row[0])

    def load_many(self, rels):
        """{rel: Item} of each of `rels`, in one pass over the table (a query
        per file costs a rebuild of a big archive more than reading them all)."""
        wanted = {key(rel): rel for rel in rels}
        found = {}
        for stored, record in self.db.execute("SELECT rel, record FROM files"):
            rel = wanted.get(stored)
            if rel is not None:
                found[rel] = _item(record)
        return found

    def touch(self, source):
        """Same bytes, new size/mtime key: keep the record, update the key."""
        self.db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE rel = ?",
                        (source.size, source.mtime_ns, key(source.rel)))

    def store(self, item, source, text):
        """Keep `item`'s record and its `text` (a str, pack()'s answer or None)."""
        packed = text if isinstance(text, Packed) else pack(text)
        record = json.dumps(item.to_record(), sort_keys=True)
        with_digest(item, record)
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (key(item.rel), source.size, source.mtime_ns, source.deps, item.sha256, record, packed))

    def text(self, rel):
        row = self.db.execute("SELECT text FROM files WHERE rel = ?", (key(rel),)).fetchone()
        return unpack(row[0]) if row and row[0] is not None else None

    def prune(self, rels):
        """Forget files that are no longer in the archive."""
        gone = set(self.rows) - {key(rel) for rel in rels}
        self.db.executemany("DELETE FROM files WHERE rel = ?", [(rel,) for rel in sorted(gone)])
        return len(gone)

    @property
    def pages(self):
        """{output path: fingerprint} of the pages written, read when first needed
        (a build with nothing to write never needs them)."""
        if self._pages is None:
            self._pages = dict(self.db.execute("SELECT path, fingerprint FROM pages"))
        return self._pages

    def page_is_current(self, path, fingerprint):
        return self.pages.get(path) == fingerprint

    def page_written(self, path, fingerprint, lookups=None):
        """Note a page written; `lookups`: the questions it asked (lookups.py), if kept."""
        # The dict answers for pages the last build wrote. A page new in this
        # build is not looked up again, and 100,000 of them would hold 25 MB.
        if path in self.pages:
            self.pages[path] = fingerprint
        if self.detached_pages is not None:
            self.detached_pages.append((path, fingerprint, lookups))
            return
        self.unsaved_pages.append((path, fingerprint, lookups))   # stored in batches (memory)
        if len(self.unsaved_pages) >= PAGE_BATCH:
            self._save_pages(self.db)

    def _save_pages(self, db):
        db.executemany("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", self.unsaved_pages)
        self.unsaved_pages = []

    def page_lookups(self, path):
        """The lookups the page at `path` made when it was last written, or None."""
        row = self.db.execute("SELECT lookups FROM pages WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def detach(self):
        """In a forked renderer: read through a connection of its own, write nothing.

        The parent's connection (and its open transaction) must not be used
        from another process; pages written are kept for the parent to record.
        """
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        self.detached_pages = []

    def forget_pages(self, paths=None):
        """Forget the fingerprints of the pages at `paths`, or of every page."""
        if paths is None:
            self.pages.clear()
            self.unsaved_pages = []
            self.db.execute("DELETE FROM pages")
            return
        for path in paths:
            self.pages.pop(path, None)
        self.db.executemany("DELETE FROM pages WHERE path = ?", [(path,) for path in paths])

    def meta(self, name):
        return self._meta(name)

    def set_meta(self, name, value):
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    @property
    def db(self):
        """The connection, once a commit on a thread (commit(wait=False)) is done."""
        self.wait()
        return self._db

    @db.setter
    def db(self, connection):
        self._db = connection

    def _join_commit(self):
        """Wait for a commit on a thread; its error, if it failed."""
        if self._committing is None:
            return None
        thread, error = self._committing
        thread.join()
        self._committing = None
        return error[0] if error else None

    def commit(self, wait=True):
        """Commit what this build wrote so far, and go on in a new transaction.

        With wait=False the commit runs on a thread, and the catalog's next
        use waits for it: SQLite lets go of the GIL while it writes (a
        100,000-message catalog takes 0.6 s), so the build goes on. Call
        wait() before forking.
        """
        db, error = self.db, []
        self._save_pages(db)

        def commit():
            try:
                db.execute("COMMIT")
                db.execute("BEGIN")
            except BaseException as problem:  # raised again where the catalog is next used
                error.append(problem)

        if wait:
            commit()
            if error:
                raise error[0]
            return
        thread = threading.Thread(target=commit, name="catalog commit")
        self._committing = (thread, error)
        thread.start()

    def wait(self):
        """Wait for a commit on a thread (before forking, say); raise its error."""
        error = self._join_commit()
        if error:
            raise error

    def close(self, commit=True):
        if commit:
            self._save_pages(self.db)
            self.db.execute("COMMIT")
        else:   # the build failed: its error is the one to see, not a commit's
            if error := self._join_commit():
                logger.warning("legacy_archive: the catalog's last commit failed too: %s",
                               error)
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        self.close(commit=kind is None)
