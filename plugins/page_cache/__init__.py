"""Render a blog page only when what it shows has changed.

Pelican renders every page on every build. This writer fingerprints what a
page is made from — the variables its templates read (its post, the posts
of a listing page, the categories and pages of the menu…), every post's
address, the settings and the theme's templates — and, when the fingerprint matches the
last build's and the page is still in the output, leaves the page as it
is instead of rendering and writing it again. `pelican --ignore-cache`
renders everything.

Which variables count is read off the templates themselves (Jinja's own
analysis of each template and those it extends, includes and imports), so a
page that lists every post depends on every post, and a post's page does
not. Tests compare an incremental build with a clean one byte for byte.
Archive pages have their own fingerprints (legacy_archive) and pass
straight through.

Pages and feeds that are rendered are rendered on every core (parallel.py):
the writer keeps them while Pelican's generator writes, and renders them
all when the generator is done.
"""

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
from pathlib import Path, PurePath

from jinja2 import meta
from pelican import signals
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from . import parallel

logger = logging.getLogger(__name__)
STORE = "page_cache.json"
TEMPLATES_KEY = "<templates>"  # beside the pages' keys, which are output paths
POSTS_KEY = "<posts>"
# Site-wide lists of terms: pages read their names, addresses and how many
# posts they hold, and the posts' titles (the menu, the tag and category
# indexes), never the posts' text; so they count by that alone.
TERM_LISTS = ("categories", "tags", "authors")
_active = []


@functools.cache
def referenced(environment, name):
    """Variables a template and everything it extends, includes or imports reads.

    None when a template is chosen at run time (then every variable counts).
    """
    source = environment.loader.get_source(environment, name)[0]
    tree = environment.parse(source)
    names = set(meta.find_undeclared_variables(tree))
    for other in meta.find_referenced_templates(tree):
        if other is None:
            return None
        more = referenced(environment, other)
        if more is None:
            return None
        names |= more
    return frozenset(names)


class TemplateReads:
    """referenced() for each template, kept between builds while the theme is the same.

    Parsing the theme's templates to find what they read was a tenth of a
    rebuild after one post is edited. `theme` is a digest of the templates'
    sources and Pelican's version (its own templates are fallbacks).
    """

    def __init__(self, stored, theme):
        self.theme = theme
        kept = stored.get("reads", {}) if stored.get("theme") == theme else {}
        self.reads = {name: None if names is None else frozenset(names)
                      for name, names in kept.items()}

    def get(self, template):
        if template.name not in self.reads:
            self.reads[template.name] = referenced(template.environment, template.name)
        return self.reads[template.name]

    def state(self):
        return {"theme": self.theme, "reads": {
            name: None if names is None else sorted(names) for name, names in self.reads.items()}}


class KeptDigests:
    """Digests of each post's face and text, kept between builds while its file stays.

    Working them out (metadata, summary, the whole text as JSON) was a sixth
    of a rebuild of 1,000 posts with nothing changed. A post's are worked
    out from its file (by time and size), the settings, every post's address
    and the theme (the site digest) and the plugins' code, which key the lot.
    """

    def __init__(self, stored, key):
        self.key = key
        self.old = stored.get("posts", {}) if stored.get("key") == key else {}
        self.new = {}

    def get(self, content, kind, make):
        """The digest `kind` of `content`: kept, or `make()` and kept."""
        path = getattr(content, "source_path", None)
        if path not in self.new:
            try:
                stat = os.stat(path)
            except (OSError, TypeError):
                return make()
            stamp = f"{stat.st_mtime_ns}|{stat.st_size}"
            kept = self.old.get(path, {})
            self.new[path] = kept if kept.get("stamp") == stamp else {"stamp": stamp}
        entry = self.new[path]
        if kind not in entry:
            entry[kind] = make()
        return entry[kind]

    def state(self):
        return {"key": self.key, "posts": self.new}


class CachingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.store_path = Path(settings["CACHE_PATH"]) / STORE
        self.old = _load(self.store_path) if settings.get("LOAD_CONTENT_CACHE") else {}
        self.new, self.memo, self.site, self.reads = {}, {}, None, None
        self.rendered = self.reused = self.feeds_written = self.feeds_kept = 0
        self.unchanged = set()
        # RENDER_PROCESSES: how many processes render pages (default: one per core).
        self.processes = settings.get("RENDER_PROCESSES") or parallel.workers()
        self.deferring = self.processes > 1
        # Pages rendered in other processes (parallel.py); `pending` holds one
        # between its render and Pelican opening its file.
        self.renderer, self.pending = parallel.Renderer(self.processes), {}
        _active[:] = [self]

    def write_file(self, name, template, context, *args, **kwargs):
        self.start(context)
        return super().write_file(name, _Remembering(template, self, context), context, *args,
                                  **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        """Feeds too are written only when their posts, title or address changed."""
        if not path:
            return super().write_feed(elements, context, path, url, feed_type,
                                      override_output, feed_title)
        self.start(context)
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        digest = hashlib.sha256(json.dumps(
            [self.site, path, url, feed_type, feed_title,
             [self.digest(element) for element in shown]]).encode()).hexdigest()
        complete = sanitised_join(self.output_path, path)
        if self.keep(f"feed:{path}", complete, digest):
            self.feeds_kept += 1
            with self._open_w(complete, "utf-8", override_output):
                return None
        self.feeds_written += 1
        if not self.deferring:
            return super().write_feed(elements, context, path, url, feed_type,
                                      override_output, feed_title)
        os.makedirs(os.path.dirname(complete), exist_ok=True)
        feed = _Feed(self, (elements, context, path, url, feed_type, override_output,
                            feed_title), context.get("localsiteurl"))
        self._defer(complete, (feed, {"localsiteurl": None}, context), override_output)
        return None

    def keep(self, key, path, digest):
        """True (and `path` left untouched when written) if `digest` is the last build's.

        Only for the first write of a path this build, and only while the file is
        still in the output.
        """
        self.new[key] = digest
        first = path not in self._written_files and path not in self._overridden_files
        if first and self.old.get(key) == digest and os.path.isfile(path):
            self.unchanged.add(path)
            return True
        return False

    def _open_w(self, filename, encoding, override=False):
        """Pelican's bookkeeping, but an unchanged page's file stays untouched.

        A page kept for later is written later, unless Pelican skips the file.
        """
        job = self.pending.pop(filename, None)
        if job is not None:
            self._defer(filename, job, override)
            return _Nowhere()
        if filename not in self.unchanged:
            return super()._open_w(filename, encoding, override)
        self.unchanged.discard(filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _Nowhere()

    def _defer(self, filename, job, override):
        """Pelican's bookkeeping for `filename` now; `job` writes it in flush().

        The file is not opened here (as Pelican's `_open_w` would): creating
        it empty for a process to open again cost a second on a cold build.
        The checks and records are Pelican's own (writers.py), in the same order.
        """
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', filename)
            return
        if filename in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it '
                    "previously (set `override=True` if intended)")
            logger.info('Overwriting "%s"', filename)
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        self.renderer.add(filename, job)

    def flush(self):
        """Render and write the pages kept for later (on every core)."""
        self.renderer.finish()

    def page_digest(self, template, localcontext):
        """Digest of every variable the page's templates read, beyond the settings."""
        wanted = self.reads.get(template)
        keys = localcontext.keys() if wanted is None else localcontext.keys() & wanted
        parts = [self.site, template.name, localcontext.get("output_file")]
        for key in sorted(keys):
            if not key.isupper():   # settings are in the site digest
                parts.append(f"{key}={self.digest(localcontext[key], key)}")
        return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()

    def start(self, context):
        """The site's digest and the templates' reads, once a build (at its first page)."""
        if self.site is None:
            theme = theme_digest(template_folders(self.settings))
            self.site = self.site_digest(context, theme)
            self.reads = TemplateReads(self.old.get(TEMPLATES_KEY, {}), theme)
            code = code_digest(self.settings.get("PLUGIN_PATHS") or ())
            self.posts = KeptDigests(self.old.get(POSTS_KEY, {}), f"{self.site}|{code}")

    def site_digest(self, context, theme):
        """Settings, every post's and static file's address (links between them)
        and the theme."""
        settings = {k: _plain(v) for k, v in sorted(context.items()) if k.isupper()}
        addresses = sorted(
            (str(getattr(c, "source_path", "")), getattr(c, "url", ""))
            for key in ("articles", "hidden_articles", "drafts", "pages", "hidden_pages",
                        "staticfiles")
            for c in context.get(key) or ())
        return hashlib.sha256(json.dumps(
            [settings, addresses, theme], default=str).encode()).hexdigest()

    def digest(self, value, key=""):
        """A short stable digest of a template variable; memoised per object."""
        memo_key = (id(value), key in TERM_LISTS)
        if memo_key in self.memo and self.memo[memo_key][0] is value:
            return self.memo[memo_key][1]
        if key in TERM_LISTS:
            shape = [[_plain(term), [_face_of_link(p) for p in posts]]
                     for term, posts in value or ()]
        elif isinstance(value, Content):
            shape = self._full(value)
        else:
            shape = self._shape(value)
        result = hashlib.sha256(json.dumps(shape, default=_plain).encode()).hexdigest()[:20]
        self.memo[memo_key] = (value, result)
        return result

    def _full(self, content):
        """A page's own post: everything, its neighbours' titles and addresses."""
        neighbours = [(getattr(n, "url", ""), getattr(n, "title", ""))
                      for n in (getattr(content, "newer", None), getattr(content, "older", None))]
        return ["content", self.posts.get(content, "full", lambda: _digest_of([
            content.url, content.save_as, content._content,
            {k: _plain(v) for k, v in sorted(content.metadata.items())}])), neighbours]

    def _face(self, content):
        """A post as a listing shows it: metadata and summary, not the whole text.

        A short digest of them: listings name each post many times over.
        """
        memo_key = (id(content), "face")
        if memo_key not in self.memo or self.memo[memo_key][0] is not content:
            digest = self.posts.get(content, "face", lambda: _digest_of([
                content.url, {k: _plain(v) for k, v in sorted(content.metadata.items())},
                content.get_summary("")]))
            self.memo[memo_key] = (content, digest)
        return self.memo[memo_key][1]

    def _shape(self, value):
        if isinstance(value, Content):
            return self._face(value)
        if isinstance(value, Page):
            return ["page", value.number, value.paginator.num_pages, value.paginator.count,
                    [self._shape(o) for o in value.object_list]]
        if isinstance(value, Paginator):   # its pages come in as *_page variables
            return ["paginator", value.name, value.url, value.count, value.num_pages]
        if isinstance(value, list | tuple):
            return [self._shape(v) for v in value]
        if isinstance(value, dict):
            return {str(k): self._shape(v) for k, v in value.items()}
        return _plain(value)


def _digest_of(shape):
    return hashlib.sha256(json.dumps(shape, default=_plain).encode()).hexdigest()[:20]


def _face_of_link(content):
    return [content.url, content.title, _plain(getattr(content, "date", None))]


class _Remembering:
    """A template that renders only when the page's digest changed."""

    def __init__(self, template, writer, context):
        self.template, self.writer, self.context = template, writer, context
        self.name = template.name

    def render(self, localcontext):
        writer, name = self.writer, localcontext["output_file"]
        digest = writer.page_digest(self.template, localcontext)
        if writer.keep(name, sanitised_join(writer.output_path, name), digest):
            writer.reused += 1
            return ""   # never written: _open_w leaves the page as it is
        writer.rendered += 1
        if writer.deferring:
            path = sanitised_join(writer.output_path, name)
            writer.pending[path] = (self.template, localcontext, self.context)
            return ""   # rendered by flush(), once the generator is done
        return self.template.render(localcontext)


class _Nowhere:
    """Where Pelican writes a page that is kept or written later: nothing happens.

    (Opening os.devnull for each of a few thousand pages cost a tenth of a second.)
    """

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, text):
        return len(text)


class _Feed:
    """A feed to write in flush(), as Pelican's writer would have written it at once."""

    def __init__(self, writer, arguments, localsiteurl):
        self.place, self.arguments = (writer.output_path, writer.settings), arguments
        self.localsiteurl = localsiteurl

    def render(self, variables):
        context = self.arguments[1]
        context["localsiteurl"] = self.localsiteurl   # posts' summaries read it
        Writer(*self.place).write_feed(*self.arguments)   # a writer of its own writes the file
        return None


@functools.cache
def _module_digest(name):
    """A digest of the source a module was loaded from ("" if none): a filter
    edited in place (tools/words.py) changes what pages show."""
    path = getattr(sys.modules.get(name), "__file__", None) or ""
    if not path.endswith(".py") or not os.path.isfile(path):
        return ""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _plain(value):
    """JSON-friendly and stable across runs (no memory addresses)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, URLWrapper):
        return [value.name, value.url]
    if isinstance(value, Content):
        return value.url
    if callable(value):   # a filter or class from the settings: its name and its code
        module = getattr(value, "__module__", "") or ""
        return f"{module}.{getattr(value, '__qualname__', value)}:{_module_digest(module)}"
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, PurePath):
        return str(value)
    return f"{type(value).__module__}.{type(value).__qualname__}:{value!s}"


def template_folders(settings):
    """Where Pelican's generators look for templates, in order: the overrides
    (THEME_TEMPLATES_OVERRIDES) first, then the theme's own."""
    return [*map(Path, settings.get("THEME_TEMPLATES_OVERRIDES") or ()),
            Path(settings["THEME"]) / "templates"]


def theme_digest(folders):
    """The templates of `folders`, and Pelican's version (its own templates are fallbacks)."""
    templates = [(place, p.relative_to(folder).as_posix(),
                  hashlib.sha256(p.read_bytes()).hexdigest())
                 for place, folder in enumerate(folders)
                 for p in sorted(folder.rglob("*")) if p.is_file()]
    return hashlib.sha256(json.dumps([importlib.metadata.version("pelican"), templates])
                          .encode()).hexdigest()


def code_digest(folders):
    """The plugins' code: what they do to posts shapes what pages show of them."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" +
                          path.read_bytes())
    return digest.hexdigest()


def _load(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def flush(generator, writer=None):
    if isinstance(writer, CachingWriter):
        writer.flush()


def save(pelican):
    for writer in _active:
        writer.flush()
        logger.info("page_cache: %d pages rendered, %d unchanged; %d feeds written, "
                    "%d unchanged", writer.rendered, writer.reused, writer.feeds_written,
                    writer.feeds_kept)
        if writer.reads is not None:
            writer.new[TEMPLATES_KEY] = writer.reads.state()
            writer.new[POSTS_KEY] = writer.posts.state()
        writer.store_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = writer.store_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(writer.new, sort_keys=True), encoding="utf-8")
        os.replace(temporary, writer.store_path)
    _active.clear()


def get_writer(pelican):
    return CachingWriter


def register():
    signals.get_writer.connect(get_writer)
    signals.article_writer_finalized.connect(flush)
    signals.page_writer_finalized.connect(flush)
    signals.finalized.connect(save)
