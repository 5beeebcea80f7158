"""Write Pagefind bundles from lists of pages, through Pagefind's Python API.

One Pagefind service indexes every shard that needs it, one after the
other, each from exactly its own pages (read from the output and handed over
with their address), then writes it and drops it from memory.
"""

import asyncio
import shutil
from pathlib import Path

from pagefind.service import PagefindService

from .shards import PRIMARY, bundle_path, page_url
from .stable import stabilise

# Pages handed to Pagefind at once: enough to keep its service busy.
BATCH = 64
# Pagefind's ready-made search interfaces; the theme has its own (search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")
# Merged bundles use the primary bundle's script and WebAssembly.
PRIMARY_ONLY = ("pagefind.js", "pagefind-worker.js")
KEEP_IN_PRIMARY = ("shards", "shards.json")


def clear(target, primary):
    """Remove an old bundle before writing it again (no fragments of pages that are gone)."""
    if not target.exists():
        return
    if not primary:
        shutil.rmtree(target)
        return
    for path in target.iterdir():
        if path.name in KEEP_IN_PRIMARY:
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


async def _write(output, root, shards):
    output = Path(output)
    async with PagefindService() as service:  # one service for every shard
        for name, pages in shards.items():
            index = await service.create_index(None)
            for start in range(0, len(pages), BATCH):
                await asyncio.gather(*(index.add_html_file(
                    content=(output / rel).read_text(encoding="utf-8", errors="replace"),
                    url=page_url(rel)) for rel in pages[start:start + BATCH]))
            target = root / bundle_path(name)
            clear(target, name == PRIMARY)
            await index.write_files(output_path=str(target))
            await index.delete_index()
            if not (target / "pagefind-entry.json").is_file():
                raise RuntimeError(f"search_index: Pagefind wrote no bundle for shard {name}")
            stabilise(target)
            trim(target, name == PRIMARY)


def write_bundles(output, root, shards):
    """Index each of `shards` ({name: [page paths]}) into its folder under `root`."""
    try:
        asyncio.run(_write(output, Path(root), shards))
    except (OSError, AssertionError, KeyError) as error:
        raise RuntimeError(f"search_index: Pagefind could not index {output}: {error}") from error
