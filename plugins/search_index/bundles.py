"""Write Pagefind bundles from lists of pages, through Pagefind's Python API.

One Pagefind service indexes every shard that needs it, one after the
other, each from exactly its own pages, then writes it and drops it from
memory. The pages are hard-linked into a staging folder, at their paths in
the output, that Pagefind reads as a site: handing pages over one by one
(`add_html_file`) is throttled by the Python API to ten pages a second.
"""

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

from pagefind.service import PagefindService

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
    """Hard-link `pages` of `output` into `folder` at the same paths (copy if links fail)."""
    for rel in pages:
        source, target = Path(output) / rel, Path(folder) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


async def _write(output, root, shards, staging):
    async with PagefindService() as service:  # one service for every shard
        for name, pages in shards.items():
            folder = Path(staging) / name
            stage(output, pages, folder)
            index = await service.create_index(None)
            await index.add_directory(str(folder))
            target = root / bundle_path(name)
            clear(target, name == PRIMARY)
            await index.write_files(output_path=str(target))
            await index.delete_index()
            shutil.rmtree(folder)
            if not (target / "pagefind-entry.json").is_file():
                raise RuntimeError(f"search_index: Pagefind wrote no bundle for shard {name}")
            stabilise(target)
            trim(target, name == PRIMARY)


def write_bundles(output, root, shards):
    """Index each of `shards` ({name: [page paths]}) into its folder under `root`."""
    try:
        Path(root).mkdir(parents=True, exist_ok=True)  # same file system as the pages
        with tempfile.TemporaryDirectory(prefix=STAGING, dir=root) as staging:
            asyncio.run(_write(output, Path(root), shards, staging))
    except (OSError, AssertionError, KeyError) as error:
        raise RuntimeError(f"search_index: Pagefind could not index {output}: {error}") from error
