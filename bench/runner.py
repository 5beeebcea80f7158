"""Shared benchmark plumbing: run a command, time it, and take its peak memory.

Absolute seconds wander on shared machines; every benchmark runs its
variants alternately in one process and reports ratios and medians.

No build's output is deleted while anything is still being timed. On
ext4 without a journal, as on these machines, creating a file steps over
every inode freed in the last minute (six, while its inode table is not yet
written back), so a build right after a big deletion pays for it in the
kernel. Each benchmark builds into new folders of scratch(), which `make
bench` removes only after the last benchmark.
"""

import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SCRATCH = "BENCH_SCRATCH"  # set by `make bench`: one scratch folder for all benchmarks


@contextlib.contextmanager
def scratch(name):
    """A new folder for one benchmark's builds.

    Under $BENCH_SCRATCH it is left for the caller to remove after the last
    benchmark; otherwise it is removed when this benchmark ends.
    """
    root = os.environ.get(SCRATCH)
    if root:
        yield Path(tempfile.mkdtemp(prefix=f"{name}-", dir=root))
    else:
        with tempfile.TemporaryDirectory(prefix=f"{name}-") as work:
            yield Path(work)


def build_env(env=None):
    """The environment builds run in: the caller's, but Python writes bytecode.

    With PYTHONDONTWRITEBYTECODE set (some shells and CI images set it),
    every build compiles the plugins from source again, which no user's
    build does and stock Pelican (no plugins) never pays.
    """
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**base, **(env or {})}


def run(command, cwd=ROOT, env=None):
    """Run `command`; return (seconds, peak RSS in MB). Raises if it fails."""
    # Output goes to a file, not a pipe: a chatty build must never block on it.
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=build_env(env),
                                   stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            tail = log.read().decode("utf-8", "replace")[-4000:]
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{tail}")
    return seconds, usage.ru_maxrss / 1024


def pelican(content, output, cache, settings="pelicanconf.py", extra=None):
    """The Pelican command line for one build of this site."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output),
               "-s", str(ROOT / settings), "-e", f'CACHE_PATH="{cache}"']
    for key, value in (extra or {}).items():
        command.append(f"{key}={json.dumps(value)}")
    return command


def archive_site(archive, output, cache, settings=None):
    """The command line of one build of the whole site over `archive`, as the
    archive and mail benchmarks time it (`settings`: more -e overrides)."""
    return pelican(ROOT / "content", output, cache,
                   extra={"ARCHIVE": {"path": str(archive), "progress": False},
                          # Search indexing is timed on its own (bench/search_index.py).
                          "SEARCH": {"enabled": False}, **(settings or {})})


# The archive's page templates (those it renders pages with; the rest are
# their parts), and what each prints under --bare-pages.
PAGE_TEMPLATES = ("archive_folder.html", "archive_item.html", "archive_landing.html",
                  "archive_mail_list.html", "archive_member.html", "archive_message.html",
                  "archive_titles.html")
BARE_PAGE = "<!doctype html><title>{{ output_file }}</title><p>{{ output_file }}</p>"


def bare_pages(folder):
    """Settings for a floor build: every archive page prints only its address.

    What such a build still takes is everything but the templates (reading,
    indexing, message bodies, fingerprints, files, Pelican and the blog):
    the least any theme's pages could cost. The templates go in `folder`,
    through THEME_TEMPLATES_OVERRIDES, as a site's own overrides would.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in PAGE_TEMPLATES:
        (folder / name).write_text(BARE_PAGE, encoding="utf-8")
    return {"THEME_TEMPLATES_OVERRIDES": [str(folder)]}


def bare_pages_option(parser):
    parser.add_argument("--bare-pages", action="store_true",
                        help="archive pages print only their address: the least "
                             "any templates could cost (runner.bare_pages)")


def median(values):
    return statistics.median(values) if values else float("nan")


def save(name, data):
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def table(rows, headers):
    """A Markdown table, so figures paste straight into the README."""
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=True)]
    line = lambda cells: "| " + " | ".join(  # noqa: E731
        str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"
    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])
