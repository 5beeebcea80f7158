"""Full-text search: a Pagefind index of the written site, built after Pelican.

Pagefind reads the HTML Pelican wrote and indexes only what the templates
mark with `data-pagefind-body` (posts, pages, archive files, mail messages),
with the filters and metadata the templates set (section, year, author,
date). The index is static files under `output/<SEARCH["bundle"]>/`, loaded
by the search page's script; no server is involved.

Pagefind's output, once stable.py has sorted its filter indexes, is the same
bytes for the same pages, so a build whose indexable pages did not change
skips indexing (the no-change rebuild stays fast at archive scale); the
fingerprint is kept in Pelican's cache folder.
"""

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pelican import signals

from .stable import stabilise

logger = logging.getLogger(__name__)
DEFAULTS = {"enabled": True, "bundle": "pagefind"}
STATE_FILE = "search_index.json"
# Pagefind's ready-made search interfaces; the theme has its own (search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
          "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-highlight.js")


class SearchSettingsError(ValueError):
    """A wrong SEARCH setting: the message names the key."""


def check_settings(settings):
    """Merge SEARCH over DEFAULTS; an unknown key or a wrong type stops the build."""
    given = settings.get("SEARCH", {})
    if not isinstance(given, dict):
        raise SearchSettingsError("search_index: SEARCH must be a dict")
    for key, value in sorted(given.items()):
        if key not in DEFAULTS:
            raise SearchSettingsError(f"search_index: unknown setting SEARCH[{key!r}]; "
                                      f"known: {', '.join(DEFAULTS)}")
        if type(value) is not type(DEFAULTS[key]):
            raise SearchSettingsError(f"search_index: SEARCH[{key!r}] must be "
                                      f"{type(DEFAULTS[key]).__name__}")
    merged = {**DEFAULTS, **given}
    bundle = merged["bundle"].strip("/")
    if not bundle or ".." in bundle.split("/"):
        raise SearchSettingsError("search_index: SEARCH['bundle'] must be a folder in the output")
    return {**merged, "bundle": bundle}


def page_fingerprints(output, bundle, known):
    """{page: sha256} of every HTML page outside the bundle.

    `known` maps "page|size|mtime_ns" to a digest from the last build, so only
    pages written since are read again.
    """
    digests = {}
    for folder, dirs, files in os.walk(output):
        rel_folder = os.path.relpath(folder, output)
        if rel_folder == bundle:
            dirs[:] = []
            continue
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            stat = os.stat(path)
            rel = os.path.normpath(os.path.join(rel_folder, name))
            key = f"{rel}|{stat.st_size}|{stat.st_mtime_ns}"
            digest = known.get(key)
            if digest is None:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            digests[key] = digest
    return digests


def run_pagefind(output, bundle):
    """Index `output` into `output/bundle`; raise with Pagefind's own words on failure."""
    target = Path(output) / bundle
    if target.exists():
        shutil.rmtree(target)  # no fragments of pages that are gone
    command = [sys.executable, "-m", "pagefind", "--site", str(output),
               "--output-subdir", bundle, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not (target / "pagefind-entry.json").is_file():
        detail = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
        raise RuntimeError(f"search_index: Pagefind could not index {output}: {detail}")
    stabilise(target)
    for name in UNUSED:
        (target / name).unlink(missing_ok=True)


def index_site(pelican):
    """The `finalized` handler: index the written site unless nothing changed."""
    options = pelican.settings["SEARCH_CHECKED"]
    if not options["enabled"]:
        return
    output, bundle = pelican.output_path, options["bundle"]
    state_path = Path(pelican.settings["CACHE_PATH"]) / STATE_FILE
    state = _load_state(state_path)
    started = time.monotonic()
    digests = page_fingerprints(output, bundle, state.get("pages", {}))
    overall = hashlib.sha256(json.dumps(sorted(
        (key.split("|", 1)[0], value) for key, value in digests.items())).encode()).hexdigest()
    entry = Path(output) / bundle / "pagefind-entry.json"
    if state.get("overall") == overall and state.get("output") == str(output) and entry.is_file():
        logger.info("search_index: %d pages unchanged; index kept", len(digests))
        return
    run_pagefind(output, bundle)
    _save_state(state_path, {"overall": overall, "output": str(output), "pages": digests})
    logger.info("search_index: indexed %d pages in %.1f s", len(digests),
                time.monotonic() - started)


def _load_state(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_state(path, state):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def check_at_start(pelican):
    pelican.settings["SEARCH_CHECKED"] = check_settings(pelican.settings)


def register():
    signals.initialized.connect(check_at_start)
    signals.finalized.connect(index_site)
