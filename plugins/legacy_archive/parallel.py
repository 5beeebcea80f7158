"""Work on every core: page jobs split over forked processes, and reading files.

Pages are independent, so each process renders through the same writer and
templates (inherited by fork), taking the next task from a shared counter
whenever it is free: dealt out in turn, a process could be left with the
longer tasks while the other waited. Children never write to the
catalog: they read it through their own connection and send back the page
fingerprints (and cleaned pages' lookups) they wrote, which the parent
records in its transaction.
Output does not depend on the number of processes.

Reading changed files goes through imap: a pool of forked workers streams
each file's result back in order, and the parent stores it in the catalog.
"""

import multiprocessing
import os
import pickle

from .collector import settling

MIN_TASKS = 200  # below this a fork costs more than it saves
# What imap's workers call, set before they are forked (so nothing is pickled).
_SHARED = None


def workers_wanted(setting):
    return max(1, setting or (os.cpu_count() or 1))


def run(job, tasks, workers, catalog, renderer, min_tasks=MIN_TASKS):
    """job(iterable of tasks) -> int, run over `tasks` by `workers` processes."""
    if workers < 2 or len(tasks) < min_tasks or not hasattr(os, "fork"):
        return job(settling(tasks))
    catalog.wait()   # no commit thread running while we fork
    forking = multiprocessing.get_context("fork")
    counter = (forking.RawValue("l", 0), forking.Lock())
    children = []
    try:
        children += [_start(job, settling(_taken(tasks, counter)), catalog, renderer)
                     for _ in range(workers - 1)]
        total = job(settling(_taken(tasks, counter)))
        while children:
            total += _collect(*children.pop(0), catalog, renderer)
    except BaseException:   # no page written after the build failed; no process left
        with counter[1]:
            counter[0].value = len(tasks)
        for pid, pipe in children:   # each ends its task, answers and exits
            with os.fdopen(pipe, "rb") as source:
                source.read()
            os.waitpid(pid, 0)
        raise
    return total


def _taken(tasks, counter):
    """The tasks one process does: each next one no process has taken yet."""
    value, lock = counter
    while True:
        with lock:
            at = value.value
            value.value = at + 1
        if at >= len(tasks):
            return
        yield tasks[at]


def each(share):
    """A job for run(): call each task of the share; the sum of the numbers
    they return (None counts as 0)."""
    return sum(task() or 0 for task in share)


def _start(job, share, catalog, renderer):
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    status = 0
    try:
        catalog.detach()
        renderer.written = renderer.skipped = 0
        payload = (job(share), catalog.detached_pages, renderer.written, renderer.skipped)
    except BaseException as error:  # reported by the parent, with the child's message
        payload, status = repr(error), 1
    try:
        with os.fdopen(write, "wb") as out:
            pickle.dump(payload, out)
    finally:   # never back into the parent's code, whatever happened
        os._exit(status)


def _collect(pid, pipe, catalog, renderer):
    with os.fdopen(pipe, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    payload = pickle.loads(data) if data else "no answer"
    if status != 0 or isinstance(payload, str):
        raise RuntimeError(f"legacy_archive: a rendering process failed: {payload}")
    result, pages, written, skipped = payload
    for path, fingerprint, lookups in pages:
        catalog.page_written(path, fingerprint, lookups)
        renderer.note_written(path)
    renderer.written += written
    renderer.skipped += skipped
    return result


def imap(function, tasks, shared, workers, min_tasks=MIN_TASKS):
    """function(task, shared) for each task, in order, on `workers` forked processes.

    Results stream back as they are ready, so the caller can store each one
    while the workers go on; `shared` reaches the workers by fork, unpickled.
    """
    if workers < 2 or len(tasks) < min_tasks or not hasattr(os, "fork"):
        return (function(task, shared) for task in tasks)
    return _pool_imap(function, tasks, shared, workers)


def _pool_imap(function, tasks, shared, workers):
    global _SHARED
    _SHARED = (function, shared)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_call, tasks, chunksize=8)
    finally:
        _SHARED = None


def _call(task):
    function, shared = _SHARED
    return function(task, shared)
