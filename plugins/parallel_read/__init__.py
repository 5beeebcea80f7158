"""Convert the posts' Markdown on every core, not one post after another.

Converting Markdown (code highlighting most of all) is most of a cold build,
and Pelican reads its posts one by one on one core. When a generator reads
its first file, this starts a pool of forked processes converting every
Markdown file it will read that is not in Pelican's content cache, in the
order Pelican reads them, and hands Pelican each result, as soon as it is
back, through a Markdown reader that returns it instead of converting
again; Pelican makes its content objects while the pool converts the rest.
Pelican still does everything else (metadata from paths, caching the
result, content objects) in its usual order, so the build is the same bytes
as a one-process build.

A file the pool could not convert (an exception, or a pool that broke) is
left to the reader, so its error comes from Pelican as usual; what the
conversion logged is logged again in the build when Pelican reads the file,
where --fatal sees it.

Pelican's reader also makes a new `markdown.Markdown` for every post, which
sets up every extension again (a tenth of the reading); this reader, in the
pool and in the build, keeps one converter and resets it between posts,
Python-Markdown's own way to convert many documents (and Pelican's, between
a post's formatted metadata fields).
"""

import logging
import os

from markdown import Markdown
from markdown.extensions.meta import MetaPreprocessor
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from . import pool

logger = logging.getLogger(__name__)
# Below this many files to convert, starting processes costs more than it saves.
MIN_FILES = 8
META_PRIORITY = 27   # where markdown.extensions.meta registers its preprocessor
KINDS = {"ArticlesGenerator": ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
         "PagesGenerator": ("PAGE_PATHS", "PAGE_EXCLUDES")}


class PrefetchingReader(MarkdownReader):
    """Markdown reader that returns the pool's result for a file when it has one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream, self.prefetched, self.kept = None, False, None

    def read(self, source_path):
        done = self.stream.take(source_path) if self.stream else None
        if done is None:
            return self.convert(source_path)
        result, records = done
        pool.replay(records)
        return result

    def convert(self, source_path):
        """Pelican's MarkdownReader.read, with the converter kept."""
        self._source_path = source_path
        self._md = self.converter()
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        return content, metadata

    def converter(self):
        """The kept Markdown converter, reset, with the metadata preprocessor
        that Pelican's _parse_metadata takes out put back."""
        if self.kept is None:
            self.kept = Markdown(**self.settings["MARKDOWN"])
        self.kept.reset()
        if "meta" not in self.kept.preprocessors:
            self.kept.preprocessors.register(MetaPreprocessor(self.kept), "meta", META_PRIORITY)
        return self.kept


def use_prefetching_reader(readers):
    """readers_init: our reader for every extension Pelican's Markdown reader has."""
    for ext, cls in list(readers.reader_classes.items()):
        if cls is MarkdownReader:
            readers.reader_classes[ext] = PrefetchingReader


def prefetch(generator):
    """On a generator's first read: convert its uncached Markdown files in the pool."""
    readers = generator.readers
    markdown = [r for r in readers.readers.values() if isinstance(r, PrefetchingReader)]
    if not markdown or markdown[0].prefetched:
        return
    for reader in markdown:
        reader.prefetched = True
    todo = pending(generator, readers, markdown)
    workers = pool.workers()
    if workers < 2 or len(todo) < MIN_FILES:
        return
    stream = pool.Stream(todo, workers)
    for reader in markdown:
        reader.stream = stream


def stop(generator):
    """Once the generator has read its files: end its pool, used up or not."""
    markdown = [reader for reader in generator.readers.readers.values()
                if isinstance(reader, PrefetchingReader) and reader.stream is not None]
    for stream in {id(reader.stream): reader.stream for reader in markdown}.values():
        stream.close()
        logger.info("parallel_read: %d files converted in %d processes",
                    stream.converted, stream.processes)
    for reader in markdown:
        reader.stream = None


def pending(generator, readers, markdown):
    """{absolute path: reader} of the Markdown files to read that are not cached,
    in the order Pelican will read them (that of the set get_files returns)."""
    paths, excludes = KINDS.get(type(generator).__name__, (None, None))
    if paths is None:
        return {}
    by_ext = {ext: r for ext, r in readers.readers.items() if r in markdown}
    todo = {}
    for rel in generator.get_files(generator.settings[paths],
                                   exclude=generator.settings[excludes]):
        reader = by_ext.get(rel.rsplit(".", 1)[-1])
        path = os.path.abspath(os.path.join(generator.path, rel))
        if reader is not None and readers.get_cached_data(path, None) is None:
            todo[path] = reader
    return todo


def register():
    signals.readers_init.connect(use_prefetching_reader)
    signals.article_generator_preread.connect(prefetch)
    signals.page_generator_preread.connect(prefetch)
    signals.article_generator_finalized.connect(stop)
    signals.page_generator_finalized.connect(stop)
