"""The Pelican side: settings check at start-up, and the archive generator.

generate_context reads (discover .. catalog, structure, URL plan) and reports
problems; generate_output writes (pages, originals, manifest). Nothing is
written before every generator has read, as Pelican expects.

The modules that read and write (HTML cleaning, mail parsing, feeds, page
plans) are imported by the methods that use them: an unchanged archive needs
none of them, and importing them was a tenth of every blog-only rebuild.
"""

import hashlib
import json
import os
import re
import time
from importlib.metadata import version
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from pelican.generators import Generator
from pelican.log import console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from . import collector, parallel, unchanged
from .added import added_at, git_additions, newest
from .discover import PEOPLE_SIDECAR
from .escaping import ArchiveTemplate
from .model import Finding
from .pipeline import open_catalog, read_archive, survey
from .reports import emit_reports, findings_reports, warning_count
from .settings import check_settings

CODE = Path(__file__).parent
TEMPLATES = CODE / "templates"
# Settings the plugin reads itself; those the templates read are found in them.
FINGERPRINT_SETTINGS = ("SITEURL", "SITEURL_ABSOLUTE", "RELATIVE_URLS", "ARCHIVE", "SEARCH_URL")
# Libraries that parse, clean or print the pages (Pelican: its fallback templates).
PAGE_LIBRARIES = ("beautifulsoup4", "html5lib", "jinja2", "lxml", "markupsafe", "nh3",
                  "pelican")
SETTING_NAME = re.compile(rb"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def check_at_start(pelican):
    """Stop the build at once on a wrong ARCHIVE setting (the error names the key)."""
    pelican.settings["ARCHIVE_CHECKED"] = check_settings(pelican.settings)


class ArchiveGenerator(Generator):
    """Reads archive/ in generate_context and writes it in generate_output."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's templates win; the plugin's own are the fallback.
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(str(TEMPLATES))])
        self.env.template_class = ArchiveTemplate   # escapes sooner, the same output
        self.archive = self.settings.get("ARCHIVE_CHECKED") or check_settings(self.settings)
        self.catalog = None
        self.workers = parallel.workers_wanted(self.archive.workers)

    def generate_context(self):
        started = time.monotonic()
        collector.release()   # what a failed build before this one left frozen
        reset = not self.settings.get("LOAD_CONTENT_CACHE", True)
        path = Path(self.settings["CACHE_PATH"]) / "legacy_archive.sqlite"
        self.catalog = open_catalog(path, reset=reset)
        self.site_fingerprint = site_fingerprint(self)
        self.blog_posts = blog_posts(self)
        self.surveyed = survey(self.archive)
        self.from_git = git_additions(self.archive.path)
        self.key = unchanged.inputs_key(self, *self.surveyed, self.from_git)
        self.reused = unchanged.last_build(self.catalog, self.key)
        if self.reused:
            emit_reports(self.reused["reports"])
            self.context["archive"] = self.reused["summary"]
            self.context["archive_sitemap"] = self.reused["sitemap"]
        else:
            self.read_all()
        self.read_seconds = time.monotonic() - started

    def read_all(self, report=True):
        """Stages 1-5 and the plan of every page (from the catalog where it can)."""
        from . import views
        from .mail.collect import build_index
        from .mail.pages import claims as mail_claims
        from .prune import Plan
        from .structure import build_tree
        from .urls import plan, planned_paths

        collector.settle()
        with _progress(self.archive.progress, "Reading the archive") as tick:
            self.sources, self.items, sidecars, self.stats = read_archive(
                self.archive, self.catalog, tick, self.surveyed, self.workers)
        self.folders = build_tree(self.items, sidecars)
        self.mail = build_index(self.items, self.archive.path / PEOPLE_SIDECAR, added={
            item.rel: added_at(item, self.from_git[0]) for item in self.items})
        note_mail_problems(self.mail, self.items, self.folders)
        self.outputs, self.folder_pages, self.views = plan(
            self.items, self.folders, self.archive.output,
            claim_more=mail_claims(self.mail, self.archive.output))
        # Before any generator writes: a file left where a folder is needed now
        # would stop it, and another generator's new page could be taken for it.
        self.removed = Plan(self.settings["CACHE_PATH"], self.output_path).remove_unplanned(
            planned_paths(self.outputs, self.folder_pages, self.views), self.catalog)
        self.additions = find_additions(self)
        self.reports = findings_reports(self.items, self.folders, sidecars,
                                        self.archive.path.name)
        self.warnings = warning_count(self.reports)
        self.catalog.wait()   # no commit thread when other plugins fork (page_cache does)
        if report:
            emit_reports(self.reports)
        self.context["archive"] = views.summary(self)
        self.context["archive_sitemap"] = views.sitemap_urls(self)
        collector.settle()   # what was read stays until the pages are written

    def generate_output(self, writer):
        started = time.monotonic()
        if self.reused and unchanged.still_written(self.output_path,
                                                   self.reused["stats"]["manifest"]):
            return self.nothing_to_write(started)
        collector.settle()   # before the writers are forked: they share it unscanned
        try:
            if self.reused:  # the output folder was cleaned since: write it all again
                self.read_all(report=False)
            from . import views
            from .render import Renderer, legacy_text

            self.env.filters["legacy_text"] = legacy_text
            renderer = Renderer(writer, self.context, self.env, self.catalog,
                                self.site_fingerprint, self.settings["RELATIVE_URLS"])
            if self.catalog.meta("output") != str(self.output_path):
                self.catalog.forget_pages()
                self.catalog.set_meta("output", str(self.output_path))
            with _progress(self.archive.progress, "Writing the archive") as tick:
                copied = views.write_all(self, renderer, tick)
            write_feeds(self)
            self.write_seconds = time.monotonic() - started
            stats = views.build_stats(self, renderer, copied)
            self.catalog.set_meta("last_build", json.dumps(stats, sort_keys=True))
            unchanged.remember(self.catalog, self.key, summary=self.context["archive"],
                               sitemap=self.context["archive_sitemap"],
                               reports=self.reports, stats=stats)
            self.catalog.close()
        except BaseException:
            self.catalog.close(commit=False)
            raise
        finally:
            collector.release()
        log_summary(self, renderer, copied)

    def nothing_to_write(self, started):
        """The last build's output stands: record the build and say so."""
        stats = dict(self.reused["stats"], unchanged=True, read=0, touched=0,
                     cached=self.reused["stats"]["files"],
                     pages_unchanged=self.reused["stats"]["pages_total"], pages_written=0,
                     originals_copied=0, removed=0, read_seconds=round(self.read_seconds, 3),
                     write_seconds=round(time.monotonic() - started, 3))
        self.catalog.set_meta("last_build", json.dumps(stats, sort_keys=True))
        self.catalog.close()
        console.print(f"Archive: {stats['files']} files unchanged since the last build, "
                      f"{stats['warnings']} warnings; nothing to write "
                      f"({stats['read_seconds'] + stats['write_seconds']:.1f} s).")


def blog_posts(generator):
    """The blog's posts in the archive's category (Traveller), newest first."""
    wanted = generator.archive.blog_category
    return [{"title": article.title, "url": article.url,
             "day": article.date.strftime("%Y-%m-%d")}
            for article in generator.context.get("articles", [])
            if wanted and article.category and article.category.name == wanted]


def find_additions(generator):
    """The newest files, by the date they were added (sidecar, else git history)."""
    from_git, problem = generator.from_git
    if problem:
        generator.folders[""].findings.append(Finding("history-shallow", problem))
    wanted = max(generator.archive.feed_items, generator.archive.newest_on_landing)
    return newest(generator.items, from_git, wanted)


def write_feeds(generator):
    """'New in the archive' as Atom and RSS, with absolute links."""
    from . import feeds

    settings = generator.settings
    site = (settings.get("SITEURL_ABSOLUTE") or settings["SITEURL"]).rstrip("/")
    links = {"atom": generator.views["feed_atom"], "rss": generator.views["feed_rss"],
             "landing": generator.views["landing"]}
    additions = generator.additions[:generator.archive.feed_items]
    written = {kind: feeds.build_feed(additions, generator.outputs, site,
                                      generator.archive.title, links, kind)
               for kind in ("atom", "rss")}
    feeds.write_feeds(generator.output_path, written, links)


def note_mail_problems(mail, items, folders):
    """Unknown dates warn on their collection; a bad people sidecar on the root."""
    unknown = {}
    for message in mail.messages:
        if message.date.utc is None and message.record["kind"] == "post":
            unknown.setdefault(message.source, []).append(message.record["label"] or message.id)
    for item in items:
        if item.rel in unknown:
            item.findings.append(Finding("mail-date-unknown", "date unknown for "
                                         + ", ".join(unknown[item.rel])))
    if mail.problem:
        folders[""].findings.append(Finding("sidecar-invalid", mail.problem))


def site_fingerprint(generator):
    """What every archive page depends on beyond its own data: the plugin's code,
    the templates, the settings they or the plugin read, the blog's pages and
    categories."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*.py")):   # how pages are made, not only from what
        digest.update(path.relative_to(CODE).as_posix().encode() + path.read_bytes())
    for name in PAGE_LIBRARIES:
        digest.update(f"{name}=={version(name)}".encode())
    named = set(FINGERPRINT_SETTINGS)
    for name, source in template_sources(generator):
        digest.update(name.encode() + source)
        # Every setting a template may print (a superset: "ZIP" is a word too).
        named.update(word.decode() for word in SETTING_NAME.findall(source))
    for key in sorted(named):
        value = generator.settings.get(key)
        if key == "ARCHIVE" and isinstance(value, dict):  # how it runs is not what it shows
            value = {k: v for k, v in value.items() if k not in ("workers", "progress")}
        digest.update(f"{key}={value!r}".encode())
    for page in generator.context.get("pages", []):
        digest.update(f"{page.title}|{page.url}".encode())
    for category, _ in generator.context.get("categories", []):
        digest.update(f"{category.name}|{category.url}".encode())
    return digest.hexdigest()


def template_sources(generator):
    """(place:name, bytes) of every template the pages may use, from every
    folder the archive's Jinja loader reads, in its order: the site's
    overrides, the theme, Pelican's fallback theme, the plugin's own."""
    folders = dict.fromkeys(loader_folders(generator.env.loader))   # in order, once each
    for place, folder in enumerate(map(Path, folders)):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                yield f"{place}:{path.relative_to(folder).as_posix()}", path.read_bytes()


def loader_folders(loader):
    """The folders a Jinja loader reads, through choice and prefix loaders."""
    if isinstance(loader, FileSystemLoader):
        yield from loader.searchpath
    for inner in getattr(loader, "loaders", ()):   # ChoiceLoader
        yield from loader_folders(inner)
    for inner in getattr(loader, "mapping", {}).values():   # PrefixLoader
        yield from loader_folders(inner)


def log_summary(generator, renderer, copied):
    from .views import kind_counts

    stats = generator.stats
    kinds = ", ".join(f"{n} {k}" for k, n in kind_counts(generator.items))
    seconds = generator.read_seconds + generator.write_seconds
    console.print(
        f"Archive: {len(generator.items)} files ({kinds}) in {seconds:.1f} s: "
        f"{stats.read} read, {stats.cached + stats.touched} from the catalog, "
        f"{generator.warnings} warnings; {renderer.written} pages written, "
        f"{renderer.skipped} unchanged; {copied} originals copied"
        + (f"; {generator.removed} files removed (no longer in the archive)."
           if generator.removed else "."))


class _progress:
    """A rich progress bar on a terminal, silence elsewhere."""

    def __init__(self, wanted, label):
        self.enabled = wanted and console.is_terminal and not os.environ.get("CI")
        self.label = label

    def __enter__(self):
        if not self.enabled:
            return None
        self.bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(),
                            console=console, transient=True)
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=None)
        return self.tick

    def tick(self, done, total):
        if done % 200 == 0 or done == total:
            self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()


def get_generators(pelican):
    return ArchiveGenerator


def register():
    signals.initialized.connect(check_at_start)
    signals.get_generators.connect(get_generators)
