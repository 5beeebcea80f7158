"""Render the blog's pages on every core, while Pelican is still deciding what to write.

The writer keeps each page it would render (template, the page's variables,
the shared context). While Pelican's generator goes on through its pages on
one core, a forked process renders the pages kept so far (`Renderer.offer`),
so the second core is not idle; once the generator is done (`finish`), the
rest are rendered by every core, each process taking the next few pages
from a shared counter so that none waits for another. A page is the same
bytes whichever process renders it: it sees the same variables, and the
shared context's `localsiteurl` (which Pelican sets before each page, and
posts read to make their links) is set for it as Pelican would.

A batch whose process failed, or logged a warning or worse, is rendered
again in the build process, so errors and warnings appear there, as in a
one-process build (and --fatal sees them). A page Pelican writes again after
its batch has gone (an override) is rendered last, in the build process.
"""

import gc
import logging
import multiprocessing
import os
import signal

# Below this many pages, starting a process costs more than it saves.
MIN_PAGES = 64
# At most this many pages to a process while the build goes on (about half a
# second), so that at the end none is left with a long batch while others wait.
BATCH = 256
CHUNK = 8   # pages a process takes from the shared counter at a time


def workers():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class Renderer:
    """Pages kept for later, and the processes rendering them."""

    def __init__(self, processes):
        self.processes = processes
        self.jobs = {}      # {path: (template, page variables, shared context)} not yet sent
        self.running = {}   # {pid: items} batches being rendered while the build goes on
        self.sent, self.late, self.again = set(), {}, []
        self.froze = False   # whether the collector's freeze is this renderer's to undo

    def add(self, path, job):
        if path in self.sent:
            self.late[path] = job   # an override of a page already sent: rendered last
        else:
            self.jobs[path] = job   # a later write of the path replaces it
        self.offer()

    def offer(self):
        """Send the pages kept so far to a process of their own, if a core is free."""
        self._reap(block=False)
        if len(self.jobs) < MIN_PAGES or len(self.running) >= self.processes - 1:
            return
        if not self.running and not self.sent:
            # The collector would touch, so copy, every page shared with a child.
            # A freeze already there is another plugin's (the archive's), and
            # stays until that plugin undoes it. (Freezes are not counted by
            # their makers: one made after ours is undone with ours.)
            self.froze = gc.get_freeze_count() == 0
            gc.freeze()
        items = list(self.jobs.items())[:BATCH]
        for path, _ in items:
            del self.jobs[path]
            self.sent.add(path)
        self.running[_fork(items)] = items

    def finish(self):
        """Render every page kept: the rest on every core, then those to do again."""
        items, self.jobs = list(self.jobs.items()), {}
        render_all(items, self.processes)   # beside a last batch, for a moment
        self._reap(block=True)
        again, late, self.again, self.late, self.sent = self.again, self.late, [], {}, set()
        write_pages(again + list(late.items()))
        if self.froze:
            gc.unfreeze()
            self.froze = False

    def _reap(self, block):
        for pid in list(self.running):
            done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
            if done:
                items = self.running.pop(pid)
                if os.waitstatus_to_exitcode(status) != 0:
                    self.again.extend(items)


def render_all(items, processes):
    """Render and write [(path, job)] on `processes` processes, this one included."""
    count = max(1, min(processes, len(items) // MIN_PAGES))
    if count < 2:
        write_pages(items)
        return
    shared = (multiprocessing.RawValue("l", 0), multiprocessing.Lock())
    children = []
    try:
        children += [_fork(items, shared) for _ in range(count - 1)]
        done = write_pages(items, shared)
    except BaseException:   # stop the others: they share the counter's memory
        for pid in children:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    for pid in children:
        if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
            done = None
    if done is None:   # a process failed or warned: render everything here, as one would
        write_pages(items)


def _taken(items, shared):
    """The items this process renders: all, or chunks taken from the shared counter."""
    if shared is None:
        yield from items
        return
    counter, lock = shared
    while True:
        with lock:
            start = counter.value
            counter.value = start + CHUNK
        if start >= len(items):
            return
        yield from items[start:start + CHUNK]


def write_pages(items, shared=None):
    kept = {}
    for path, (template, variables, context) in _taken(items, shared):
        kept.setdefault(id(context), (context, context.get("localsiteurl")))
        if variables["localsiteurl"]:
            context["localsiteurl"] = variables["localsiteurl"]
        output = template.render(variables)
        if output is None:   # the job wrote its file itself (a feed)
            continue
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(output)
    for context, value in kept.values():   # as it was before these pages
        context["localsiteurl"] = value
    return True


class _Warned(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True


def _fork(items, shared=None):
    """Start a process that writes `items` (its share of them, with `shared`);
    it exits 0 only if it did so without warnings."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        root = logging.getLogger()
        for handler in list(root.handlers):   # the console belongs to the build
            root.removeHandler(handler)
        warned = _Warned()
        root.addHandler(warned)
        write_pages(items, shared)
        status = 2 if warned.seen else 0
    finally:
        os._exit(status)
