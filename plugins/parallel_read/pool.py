"""The process pool that converts Markdown files, and the logging it brings back.

Workers are forked, so they share the readers as configured in the build
(settings, extensions, the highlighter) without pickling them. A worker logs
nothing itself: its records come back with the result and are logged in the
build when the file is read, in Pelican's order and under --fatal.
"""

import logging
import multiprocessing
import os
import weakref

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


class Stream:
    """The pool's conversions of `todo`, taken one by one while the build reads.

    Files are converted in the order given, a chunk at a time, and the build
    reads each as soon as its chunk is back: while the processes convert the
    rest, the build makes content objects of those done, instead of waiting
    for all of them with a core idle.
    """

    def __init__(self, todo, processes):
        paths = list(todo)
        chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
        self.chunks, self.waiting, self.done = iter(chunks), set(paths), {}
        self.processes, self.converted = processes, 0
        _readers.clear()
        _readers.update(todo)   # before the fork: the workers find their readers here
        self.pool = multiprocessing.get_context("fork").Pool(processes, initializer=_quiet)
        self.results = self.pool.imap(_convert_chunk, chunks)
        # A build that stops while reading never calls close(): end the
        # processes when the stream is dropped, or at exit.
        self.ending = weakref.finalize(self, self.pool.terminate)

    def take(self, path):
        """`path`'s ((content, metadata), log records), waiting for its chunk;
        None if the pool was not given it or could not convert it (then the
        build converts it itself, and reports what went wrong)."""
        while path in self.waiting:
            chunk = next(self.chunks)
            try:
                results = next(self.results)
            except Exception:   # noqa: BLE001 - a broken pool: the build reads the rest
                self.close()
                break
            self.waiting.difference_update(chunk)
            self.done.update(results)
            self.converted += len(results)
            if not self.waiting:
                self.close()
        return self.done.pop(path, None)

    def close(self):
        """Stop the processes (at once if files are still waiting: the build has
        moved on without them)."""
        if self.pool is None:
            return
        self.ending.detach()
        if self.waiting:
            self.pool.terminate()
        else:
            self.pool.close()
        self.pool.join()
        self.pool, self.waiting = None, set()
        _readers.clear()


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
