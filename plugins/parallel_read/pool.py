"""The process pool that converts Markdown files, and the logging it brings back.

Workers are forked, so they share the readers as configured in the build
(settings, extensions, the highlighter) without pickling them. A worker logs
nothing itself: its records come back with the result and are logged in the
build when the file is read, in Pelican's order and under --fatal.
"""

import logging
import multiprocessing
import os

from pelican.readers import _filter_discardable_metadata

# Files per task: few enough tasks to keep both processes busy to the end.
CHUNK = 16
PLAIN = (str, int, float, type(None))
_readers = {}   # path -> reader, set in the build just before the pool forks


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        # Plain arguments travel as they are (Pelican's LOG_FILTER matches on the
        # message template); anything else is sent formatted.
        args = record.args if isinstance(record.args, tuple) else ()
        if args and all(isinstance(a, PLAIN) for a in args):
            self.records.append((record.name, record.levelno, record.msg, args))
        else:
            self.records.append((record.name, record.levelno, record.getMessage(), ()))


def workers():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def convert(todo, processes):
    """{path: ((content, metadata), log records)} for each of `todo` that converted."""
    _readers.clear()
    _readers.update(todo)
    paths = list(todo)
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    context = multiprocessing.get_context("fork")
    done = {}
    try:
        with context.Pool(processes, initializer=_quiet) as workers_pool:
            for results in workers_pool.imap_unordered(_convert_chunk, chunks):
                done.update(results)
    finally:
        _readers.clear()
    return done


def _quiet():
    """In a worker: collect log records instead of printing or raising on them."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_Collect())
    for logger in [root, *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):
            logger.filters.clear()   # Pelican's duplicate filter acts in the build
    fatal = getattr(type(root), "fatal_lvl", None)
    if fatal is not None:
        type(root).fatal_lvl = logging.CRITICAL + 1


def _convert_chunk(paths):
    collect = next(h for h in logging.getLogger().handlers if isinstance(h, _Collect))
    results = {}
    for path in paths:
        collect.records = []
        try:
            content, metadata = _readers[path].convert(path)
            # Pelican drops values its readers mark "discard" by identity, which
            # would not survive the trip back: drop them here.
            result = content, _filter_discardable_metadata(metadata)
        except Exception:   # noqa: BLE001 - the build reads it again and reports it
            continue
        results[path] = (result, collect.records)
    return results


def replay(records):
    """Log in the build what a worker logged while converting a file."""
    for name, level, message, args in records:
        logging.getLogger(name).log(level, message, *args)
