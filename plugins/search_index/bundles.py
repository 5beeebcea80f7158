"""Write Pagefind bundles from lists of pages, one Pagefind run per shard.

Each shard's pages are hard-linked into a staging folder, at their paths in
the output, and Pagefind's command line indexes that folder as a site into
the shard's bundle. The staging folders are kept in Pelican's cache folder
between builds and only brought up to date. (Pagefind's Python API takes pages one by one, but waits
a tenth of a second for each answer: ten pages a second, and still 0.4 s a
shard when given a folder, against about 0.1 s for the command.)
"""

import functools
import importlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .shards import PRIMARY, bundle_path
from .stable import stabilise

# Pagefind's ready-made search interfaces; the theme has its own (search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
# Merged bundles use the primary bundle's script and WebAssembly.
PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js")
KEEP_IN_PRIMARY = ("shards", "shards.json")
STAGING = ".staging-"


def clear(target, primary):
    """Remove an old bundle before writing it again (no fragments of pages that are gone)."""
    if not target.exists():
        return
    if not primary:
        shutil.rmtree(target)
        return
    for path in target.iterdir():
        if path.name in KEEP_IN_PRIMARY or path.name.startswith(STAGING):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def trim(target, primary):
    """Drop the files the search page never loads from this bundle."""
    names = list(UNUSED)
    if not primary:
        names += PRIMARY_ONLY
        names += [path.name for path in target.glob("wasm.*.pagefind")]
    for name in names:
        (target / name).unlink(missing_ok=True)


def stage(output, pages, folder):
    """Make `folder` hold exactly `pages` of `output`, at the same paths.

    Pages are hard-linked (copied if links fail). A page still linked to its
    file in the output is left alone (Pelican rewrites files in place), so
    re-indexing a shard costs a look at each page instead of a new tree of
    folders and links to make and remove, which is slow on some disks.
    """
    folder = Path(folder)
    for rel in pages:
        source, target = Path(output) / rel, folder / rel
        try:
            if os.path.samefile(source, target):
                continue
            target.unlink()
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    wanted = set(pages)
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            if os.path.relpath(path, folder).replace(os.sep, "/") not in wanted:
                os.unlink(path)


def forget_staging(staging, names):
    """Remove the staging folders of shards other than `names`."""
    staging = Path(staging)
    for path in sorted(staging.iterdir()) if staging.is_dir() else ():
        if path.name not in names:
            shutil.rmtree(path)


@functools.cache
def pagefind_command():
    """Pagefind's program, found where `python -m pagefind` looks for it.

    Running it directly saves starting Python for every shard (half a second
    on a busy machine, against a third of a second to index a shard of a year's posts).
    """
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return [os.environ["PAGEFIND_BINARY_PATH"]]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(importlib.import_module(package).get_executable().absolute())]
        except (ImportError, FileNotFoundError):
            continue
    return [sys.executable, "-m", "pagefind"]


def run_pagefind(folder, target):
    """Index the site in `folder` into `target`; raise with Pagefind's own words on failure."""
    command = [*pagefind_command(), "--site", str(folder),
               "--output-path", str(target), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (target / "pagefind-entry.json").is_file():
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise RuntimeError(f"search_index: Pagefind could not index {target.name}: {detail}")


def write_bundles(output, root, shards, staging):
    """Index each of `shards` ({name: [page paths]}) into its folder under `root`.

    `staging` holds a folder per shard, best on the output's disk (for hard
    links). Pagefind uses about one core for a shard, so shards are indexed
    side by side, one per core; each writes only its own folders.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)

    def one(name):
        write_bundle(output, Path(staging) / name, root, name, shards[name])

    workers = min(len(shards), len(os.sched_getaffinity(0))) or 1
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, sorted(shards)))   # list(): re-raise the first failure


def write_bundle(output, folder, root, name, pages):
    """Index `pages` into shard `name`'s bundle, through the staging `folder`."""
    stage(output, pages, folder)
    target = root / bundle_path(name)
    clear(target, name == PRIMARY)
    run_pagefind(folder, target)
    stabilise(target)
    trim(target, name == PRIMARY)
