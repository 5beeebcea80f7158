"""Stage 6, render: the archive's pages through the theme's templates.

Pages whose inputs have not changed since the last build are not rendered
again (their fingerprint is in the catalog and their file is still there).
"""

import hashlib
import json
import logging
import os
import re
from itertools import groupby

from pelican.utils import get_relative_path, path_to_url, sanitised_join

from .escaping import escape
from .frame import Frames
from .mail.body import C0_CODES, C0_CONTROLS, forbidden_found, protect_text
from .model import display_path
from .names import is_plain
from .urls import url_of

logger = logging.getLogger(__name__)

C0 = {c: chr(0x2400 + c) for c in C0_CODES}   # their control pictures
C0[0x7F] = "\u2421"
# C1 controls and Unicode noncharacters (U+FDD0–FDEF, and the last two code
# points of every plane) are parse errors in HTML.
C1_AND_NONCHARS = re.compile("[\x80-\x9f\ufdd0-\ufdef" + "".join(
    chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)) + "]")
KIND_LABELS = {
    "text": "Text", "mail": "Mail collection", "sector": "Sector data", "html": "Web page",
    "xml": "XML", "svg": "SVG image", "index": "File index", "image": "Image",
    "zip": "ZIP archive", "container": "Archive file", "executable": "Program",
    "binary": "Binary data", "empty": "Empty file", "link": "Link",
}


def legacy_text(text, protect=False):
    """Escape text for a <pre> block, showing control characters as symbols.

    Form feeds, escapes and other C0 controls are not allowed in HTML; the
    Unicode control pictures keep them visible without breaking the page.
    With `protect`, e-mail addresses are shortened as on message pages.
    """
    if protect:
        text = protect_text(text)
    controls, others = forbidden_found(text)   # most texts skip both full passes
    if controls:   # str.translate is quick on ASCII only: a tenth of the speed elsewhere
        text = (text.translate(C0) if text.isascii()
                else C0_CONTROLS.sub(lambda match: C0[ord(match[0])], text))
    if others:
        text = C1_AND_NONCHARS.sub("\ufffd", text)
    return escape(text)


def human_size(size):
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def title_of(item):
    return item.title or display_path(item.rel.rsplit("/", 1)[-1])


def sort_letter(title):
    first = title.lstrip("\"'([{ ")[:1].upper()[:1]   # "ß" -> "S", as upper() of the title
    return first if first.isalpha() and first.isascii() else "#"


class Row(dict):
    """A listing row: a dict whose keys templates read as attributes.

    The fields are copied to the row's attributes, so Jinja's getattr finds
    `row.url` at once. With a __getattr__ instead, each field read was a
    failed attribute lookup and a Python call: half the time of a row macro,
    and rows are rendered tens of thousands of times in a mail build. Rows
    are not changed once made. (Being its own attribute dictionary would
    make each row a cycle, left to the full collections a build holds.)
    """

    def __init__(self, *args, **fields):
        super().__init__(*args, **fields)
        self.__dict__.update(self)


class Renderer:
    """Writes archive pages as Pelican's writer would, skipping unchanged ones."""

    def __init__(self, writer, context, env, catalog, site_fingerprint, relative_urls):
        self.writer, self.context, self.env = writer, context, env
        self.catalog, self.site_fingerprint = catalog, site_fingerprint
        catalog.pages  # noqa: B018 - read here, before any forked renderer needs them
        self.relative_urls = relative_urls
        self.written = self.skipped = 0
        self.listed = {}   # {output folder: names in it} as first looked at
        self.site_urls, self.folders = {}, set()
        self.output_root = os.path.abspath(writer.output_path)
        # Templates cannot change mid-build: without this, every page stats the
        # files of each template it extends, imports or includes.
        env.auto_reload = False
        self.frames = Frames(env, enabled=os.environ.get("LEGACY_ARCHIVE_FRAMES") != "off")

    def page(self, out_path, template, output_dir, late=None, stand_ins=None, lookups=None,
             **data):
        """Render `template` to `path` unless an identical page is already there.

        `data` decides the fingerprint; `late` maps names to callables that
        are only called when the page is rendered (e.g. loading a file's text,
        which the item's SHA-256 in `data` already stands for); `stand_ins`
        maps names in `data` to smaller values that change whenever those do,
        and take their place in the fingerprint (encoding is most of its cost).
        `lookups` (lookups.py): the archive paths the page looks up while it is
        made, whose answers the fingerprint stands for too.
        """
        key = json.dumps(
            {**data, **stand_ins} if stand_ins else data,
            sort_keys=True, check_circular=False,  # page data is a tree: a third faster
            default=_plain)
        fingerprint = self.fingerprint(
            template, key if lookups is None else f"{key}\x1f{lookups.before()}")
        if self.unchanged(out_path, fingerprint, output_dir):
            return
        extra = {name: load() for name, load in (late or {}).items()}
        kept = None
        if lookups is not None:   # kept with the answers to the lookups it made this time
            answers, kept = lookups.after()
            fingerprint = self.fingerprint(template, f"{key}\x1f{answers}")
        self.write(out_path, template, fingerprint, {**data, **extra}, kept)

    def fingerprint(self, template, key):
        """The fingerprint of a page from `key`, a text that stands for all its data."""
        return hashlib.sha256(f"{self.site_fingerprint}\x1f{template}\x1f{key}".encode(
            "utf-8", "surrogateescape")).hexdigest()

    def unchanged(self, out_path, fingerprint, output_dir):
        """True (and counted) if the page was written with this fingerprint and is still there."""
        if self.catalog.page_is_current(out_path, fingerprint) and self.present(
                output_dir, out_path):
            self.skipped += 1
            return True
        return False

    def present(self, output_dir, out_path):
        """Whether the file is in the output: one listing per folder, not a look
        at each file (10,000 message pages share one folder)."""
        folder, _, name = os.path.join(output_dir, out_path).rpartition(os.sep)
        names = self.listed.get(folder)
        if names is None:
            try:
                names = self.listed[folder] = frozenset(os.listdir(folder))
            except OSError:
                names = self.listed[folder] = frozenset()
        return name in names

    def write(self, out_path, template, fingerprint, data, lookups=None):
        """Render and write one page as Pelican's Writer.write_file does, with
        the same template variables and the same rules for a file written
        twice (the writer's _open_w), but without its whole-path checks, a
        makedirs and a signal for each of tens of thousands of pages (nothing
        here listens for content_written, which write_file sends)."""
        variables = self.context.copy()
        site_url = self.site_url(out_path) if self.relative_urls else None
        variables["localsiteurl"] = site_url or variables.get("localsiteurl")
        if site_url:
            variables["SITEURL"] = site_url
            self.context["localsiteurl"] = site_url   # as Pelican sets it for its pages
        variables["output_file"] = out_path
        variables.update(data)
        html = self.frames.render(template, variables)
        path = self.file_path(out_path)
        folder = os.path.dirname(path)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        self.write_file(path, html)
        logger.info('Writing "%s"', path)
        self.catalog.page_written(out_path, fingerprint, lookups)
        self.written += 1

    def write_file(self, path, html):
        """Write `html` to `path` as the writer's _open_w(override=True) would.

        A path new to the writer (nearly every page) is noted as _open_w
        notes it and written as UTF-8 bytes: a text file object cost 20 us a
        page, a third of creating and writing the file. A path the writer has
        seen goes through _open_w itself, for its rules on a second write.
        """
        writer = self.writer
        if path in writer._written_files or path in writer._overridden_files:  # noqa: SLF001
            with writer._open_w(path, "utf-8", override=True) as handle:  # noqa: SLF001
                handle.write(html)
            return
        self._note(path)
        data = memoryview(html.encode("utf-8"))
        # Without O_BINARY: on Windows the file is in text mode and "\n"
        # becomes "\r\n", as open(path, "w") writes it.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            while data:
                data = data[os.write(handle, data):]
        finally:
            os.close(handle)

    def site_url(self, out_path):
        """SITEURL relative to the page, as Pelican's writer makes it ("../..")."""
        if not is_plain(out_path):
            return path_to_url(get_relative_path(out_path))
        depth = out_path.count("/")
        found = self.site_urls.get(depth)
        if found is None:
            found = self.site_urls[depth] = path_to_url(get_relative_path(out_path))
        return found

    def file_path(self, out_path):
        """The page's file, as Pelican's writer names it. Pelican's own
        sanitised_join (not publish.py's) for the odd path, for the same name."""
        if is_plain(out_path):
            return os.path.join(self.output_root, out_path)
        return sanitised_join(self.writer.output_path, out_path)

    def note_written(self, out_path):
        """Note a page a forked process wrote in the writer's record of files,
        as writing it here would have (a later write of it is then skipped)."""
        self._note(self.file_path(out_path))

    def _note(self, path):
        """Note `path` written, as the writer's _open_w(override=True) notes it."""
        self.writer._overridden_files.add(path)   # noqa: SLF001 - Pelican's own record
        self.writer._written_files.add(path)      # noqa: SLF001


def _plain(value):
    """What json cannot encode itself (records, dates), for fingerprints.

    Returning an object's __dict__ lets json's C encoder walk it, which is
    many times faster than converting the data in Python first.
    """
    if hasattr(value, "__dict__"):
        return value.__dict__
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def file_row(item, outputs):
    """What a listing shows of one file."""
    return Row({
        "name": display_path(item.rel.rsplit("/", 1)[-1]),
        "title": title_of(item),
        "url": url_of(outputs.page),
        "original": url_of(outputs.original) if outputs.original else "",
        "size": human_size(item.size),
        "bytes": item.size,
        "date": item.date,
        "kind": KIND_LABELS.get(item.kind, item.kind),
        "description": item.description,
    })


def letters(rows):
    """Rows grouped by first letter of their title: [(letter, rows)]."""
    keyed = sorted(((sort_letter(r["title"]), r["title"].casefold(), r["url"]), n, r)
                   for n, r in enumerate(rows))   # n: ties keep their order, rows never compared
    return [(letter, [r for _, _, r in group])
            for letter, group in groupby(keyed, key=lambda entry: entry[0][0])]
