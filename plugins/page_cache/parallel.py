"""Render the blog's pages on every core once Pelican has decided what to write.

The writer keeps each page it would render (template, the page's variables,
the shared context) and this renders them in forked processes, each writing
its share of the files. A page is the same bytes whichever process renders
it: it sees the same variables, and the shared context's `localsiteurl`
(which Pelican sets before each page, and posts read to make their links) is
set for it as Pelican would.

A share whose process failed, or logged a warning or worse, is rendered
again in the build process, so errors and warnings appear there, as in a
one-process build (and --fatal sees them).
"""

import logging
import os

# Below this many pages a share, starting a process costs more than it saves.
MIN_PAGES = 64


def workers():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def render_all(jobs, processes):
    """Render and write {path: (template, page variables, shared context)}."""
    items = list(jobs.items())
    count = min(processes, len(items) // MIN_PAGES)
    if count < 2:
        write_pages(items)
        return
    shares = [items[start::count] for start in range(count)]
    children = [(_fork(share), share) for share in shares[1:]]
    write_pages(shares[0])
    for pid, share in children:
        if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) != 0:
            write_pages(share)


def write_pages(items):
    kept = {}
    for path, (template, variables, context) in items:
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


class _Warned(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record):
        self.seen = True


def _fork(share):
    """Start a process that writes `share`; exits 0 only if it did so without warnings."""
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
        write_pages(share)
        status = 2 if warned.seen else 0
    finally:
        os._exit(status)
