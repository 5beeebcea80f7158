"""Build the site over a hostile archive, measuring time and memory."""

import fcntl
import os
import pickle
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.hostile.generate import MANY, Hostile, generate
from tests.sitebuild import ROOT, pelican_command

# What the hostile build may take; README's "Limits" names the same numbers.
MAX_SECONDS = 240
MAX_RSS_BYTES = 1536 * 1024 * 1024


@dataclass
class HostileBuild:
    hostile: Hostile
    output: Path
    log: str
    returncode: int
    seconds: float
    max_rss: int      # bytes: the largest process of the build (Pelican or a worker)

    @property
    def archive(self):
        return self.output / "archive"


def build_hostile(base):
    """Generate a hostile archive under `base` and build the site over it."""
    base = Path(base)
    hostile = generate(base / "input")
    # A very wide console keeps every log record on one line.
    command, env = pelican_command(base / "output", cache=base / "cache", fatal=False,
                                   env={"ARCHIVE_PATH": str(hostile.root),
                                        "COLUMNS": "100000", "CI": "1"})
    started = time.monotonic()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        log.seek(0)
        text = log.read()
    return HostileBuild(hostile, base / "output", text, process.returncode, seconds,
                        usage.ru_maxrss * 1024)


def shared_build(folder):
    """build_hostile() once in `folder`, whichever test process asks first.

    The others wait on the lock and get the same build: it takes a minute and
    a half, and the tests that read it can then run side by side.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "build.pickle"
    with open(folder / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():  # the build's own folder holds only what it made
            done.write_bytes(pickle.dumps(build_hostile(folder / "site")))
        return pickle.loads(done.read_bytes())


# Pages a browser should open, from output/archive: pages of every distinct
# hostile case, and in the crowded folder many/ its listings plus every
# SAMPLE_EVERY-th file's page (opening all 20,000 adds minutes, not cases).
SAMPLE_EVERY = 1000
OPENED_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".xht", ".svg")


def hostile_pages(build):
    """Paths relative to the output folder, sorted."""
    pages = []
    for path in sorted(build.archive.rglob("*")):
        rel = path.relative_to(build.output)
        if path.suffix.lower() not in OPENED_SUFFIXES or not path.is_file():
            continue
        if rel.parts[:2] == ("archive", "many") and path.name.startswith("f"):
            number = int(path.name[1:6])
            if number % SAMPLE_EVERY and number != MANY - 1:
                continue
        pages.append(rel.as_posix())
    return pages
