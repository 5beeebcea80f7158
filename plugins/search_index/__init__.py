"""Full-text search: Pagefind indexes of the written site, built after Pelican.

Pagefind reads the HTML Pelican wrote and indexes only what the templates
mark with `data-pagefind-body` (posts, pages, archive files, mail messages),
with the filters and metadata the templates set (section, year, author,
date). The index is static files under `output/<SEARCH["bundle"]>/`, loaded
by the search page's script; no server is involved.

Pagefind has no incremental mode, so the pages are split into shards
(shards.py), each its own Pagefind bundle: the primary one (pages and the
newest posts) in the bundle folder, the others in its `shards/` folder, listed in
`shards.json` for the search page to merge. A build re-indexes only the
shards whose pages changed, by the per-page fingerprints kept in Pelican's
cache folder, and a shard with only a few changed pages not even that: those
pages go to a small `edits` bundle instead (patches.py). Once stable.py has
sorted its filter indexes, a clean build's bundles are the same bytes for
the same pages.
"""

import hashlib
import json
import logging
import math
import os
import shutil
import time
from collections import Counter
from pathlib import Path

from pelican import signals

from .bundles import forget_staging, write_bundles
from .patches import EDITS, old_copies, plan, unchanged_copies
from .shards import PRIMARY, bundle_path, group_of, post_shards, shard_of

logger = logging.getLogger(__name__)
# min_shard_pages: an archive folder's or a mail year's pages get a shard of
# their own from this many on; below it they share their group's shard.
# post_shard_pages: posts of consecutive years share a shard until it holds
# this many (see shards.py).
# patch_pages: a shard with at most this many changed pages is patched, not
# indexed again (patches.py); 0 turns patching off.
DEFAULTS = {"enabled": True, "bundle": "pagefind", "min_shard_pages": 500,
            "post_shard_pages": 200, "patch_pages": 20}
TRY = 10   # a shard with up to TRY * patch_pages changed pages is tried as a patch
STATE_FILE = "search_index.json"
STAGING = "search_staging"   # next to the state file: the shards' staging folders
# Bumped whenever the state file changes shape or its shards their meaning:
# an older one is ignored, not misread.
STATE_LAYOUT = 4
MANIFEST = "shards.json"


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


def page_fingerprints(output, bundle, known, archive="archive"):
    """{"page|size|mtime_ns": [sha256, shard]} of every HTML page outside the bundle.

    `known` holds the same for the last build, so only pages written since
    are read again; shard is None for a page that is not indexed.
    """
    found = {}
    for rel, path, stat in html_files(str(output), "", bundle):
        key = f"{rel}|{stat.st_size}|{stat.st_mtime_ns}"
        if key not in known:
            html = Path(path).read_bytes()
            found[key] = [hashlib.sha256(html).hexdigest(), shard_of(rel, html, archive)]
        else:
            found[key] = known[key]
    return found


def html_files(folder, prefix, skip):
    """(output path, file path, stat) of each .html file under `folder`, but not in `skip`.

    os.scandir, not os.walk: a no-change rebuild looks at every page, and
    the walk's joins and separate stats were a tenth of a second at 1,000 posts.
    Folders linked to elsewhere are not entered (as os.walk does not).
    """
    with os.scandir(folder) as entries:
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir():
                if rel != skip and not entry.is_symlink():
                    yield from html_files(entry.path, rel + "/", skip)
            elif entry.name.endswith(".html"):
                yield rel, entry.path, entry.stat()


def group(pages, min_pages=0, post_pages=DEFAULTS["post_shard_pages"]):
    """{shard: {page: digest}} and {shard: signature of its pages and their digests}."""
    sizes = Counter(shard for _, shard in pages.values() if shard is not None)
    posts = post_shards(sizes, post_pages)
    members = {}
    for key, (digest, shard) in sorted(pages.items()):
        if shard is None:
            continue
        if shard in posts:
            shard = posts[shard]
        elif sizes[shard] < min_pages:
            shard = group_of(shard)
        members.setdefault(shard, {})[key.split("|", 1)[0]] = digest
    return members, {name: signature(pages) for name, pages in members.items()}


def signature(pages):
    """A digest of {page: digest}."""
    return hashlib.sha256(json.dumps(sorted(pages.items())).encode()).hexdigest()


def write_manifest(root, shards, hidden=None):
    """`shards.json`: the bundles besides the primary one, for the search page to
    merge, and the result ids it must leave out (old copies of patched pages)."""
    manifest = {"primary": PRIMARY, "shards": [
        {"name": name, "path": bundle_path(name), "pages": len(pages)}
        for name, pages in sorted(shards.items()) if name != PRIMARY]}
    if hidden:
        manifest["hidden"] = [{"id": key, "filters": hidden[key]} for key in sorted(hidden)]
    text = json.dumps(manifest, sort_keys=True, indent=1) + "\n"
    path = Path(root) / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def remove_gone(root, shards):
    """Delete the bundles of shards that no longer have pages."""
    folder = Path(root) / "shards"
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.name not in shards:
            shutil.rmtree(path)


def index_site(pelican):
    """The `finalized` handler: re-index the shards whose pages changed."""
    options = pelican.settings["SEARCH_CHECKED"]
    if not options["enabled"]:
        return
    archive = str(pelican.settings.get("ARCHIVE", {}).get("output", "archive")).strip("/")
    update_index(pelican.output_path, options["bundle"],
                 Path(pelican.settings["CACHE_PATH"]) / STATE_FILE, archive,
                 options["min_shard_pages"], options["post_shard_pages"],
                 options["patch_pages"])


def update_index(output, bundle, state_path, archive="archive", min_pages=0,
                 post_pages=DEFAULTS["post_shard_pages"], patch_pages=0):
    """Index the shards of `output` whose pages changed; return {shard: pages} indexed.

    With `patch_pages`, a shard with that many changed pages or fewer is
    patched instead (patches.py).
    """
    state = _load_state(state_path)
    started = time.monotonic()
    pages = page_fingerprints(output, bundle, state.get("pages", {}), archive)
    members, _ = group(pages, min_pages, post_pages)
    root = Path(output) / bundle
    indexed = state.get("indexed", {}) if state.get("output") == str(output) else {}
    # A shard with up to TRY times the limit is tried: pages whose indexed
    # text did not change (a new neighbour's link) are settled by indexing.
    again, patched = plan(members, indexed, lambda name: _present(root, name),
                          patch_pages * TRY)
    copies, missing = find_copies(root, patched, indexed,
                                  state.get("copies", {}) if indexed else {})
    again += missing   # a shard whose old copies could not all be found is indexed again
    patched = sorted(set(patched) - set(again))
    edits = {page: members[name][page] for name, changed in _changes(
        members, indexed, patched).items() for page in changed if page in members[name]}
    remove_gone(root, {**members, EDITS: edits})
    staging = Path(state_path).parent / STAGING
    forget_staging(staging, {**members, EDITS: edits})
    stale = {name: sorted(members[name]) for name in sorted(again)}
    if stale:
        write_bundles(output, root, stale, staging)
    indexed = {name: members[name] if name in stale else indexed[name] for name in members
               } | {EDITS: indexed.get(EDITS)}
    edits, hidden, instead, written = patch(output, root, staging, members, indexed, patched,
                                            copies, patch_pages)
    stale |= {name: sorted(members[name]) for name in instead}
    if edits:
        members[EDITS] = edits
    if written:
        stale[EDITS] = sorted(edits)
    root.mkdir(parents=True, exist_ok=True)
    write_manifest(root, members, hidden)
    _save_state(state_path, {"layout": STATE_LAYOUT, "output": str(output), "pages": pages,
                             "indexed": {k: v for k, v in indexed.items() if v},
                             "copies": copies})
    logger.info("search_index: %d shards, %d re-indexed (%d of %d pages), %d pages patched "
                "in %.1f s", len(members), len(stale), sum(map(len, stale.values())),
                sum(map(len, members.values())), len(edits), time.monotonic() - started)
    return stale


def find_copies(root, patched, indexed, known):
    """({page: (shard, result id, filters)}, [shards missing a copy]): the old
    copies of the pages of `patched` shards, as the last build found them
    (`known`) while all are there, else read from the shard's bundle."""
    copies, missing = {}, []
    for name, changed in sorted(patched.items()):
        wanted = [page for page in changed if page in indexed[name]]
        if all(known.get(page, [None])[0] == name for page in wanted):
            copies.update({page: tuple(known[page]) for page in wanted})
            continue
        found = old_copies(root / bundle_path(name), wanted, indexed[name])
        if found is None:
            missing.append(name)
        else:
            copies.update({page: (name, *copy) for page, copy in found.items()})
    return copies, missing


def patch(output, root, staging, members, indexed, names, copies, limit):
    """Index the changed pages of shards `names` into `edits`; a shard with more
    than `limit` still changed once pages with unchanged indexed text are
    settled is indexed again instead. Returns (edits, {result id: filters}
    to hide, shards indexed again, whether `edits` was indexed)."""
    again, written = [], False
    while True:
        edits = {page: members[name][page] for name, changed in _changes(
            members, indexed, names).items() for page in changed if page in members[name]}
        hidden, wrote = write_edits(output, root, staging, edits, copies, indexed)
        written = written or wrote
        over = sorted(name for name, changed in _changes(members, indexed, names).items()
                      if len(changed) > limit)
        if not over:
            return edits, hidden, again, written
        write_bundles(output, root, {name: sorted(members[name]) for name in over}, staging)
        for name in over:
            indexed[name] = members[name]
        for page in [page for page, copy in copies.items() if copy[0] in over]:
            del copies[page]
        names, again = [name for name in names if name not in over], again + over


def _changes(members, indexed, names):
    """{shard: pages changed, added or removed since it was indexed} of shards `names`."""
    return plan({name: members[name] for name in names}, indexed, lambda _: True, math.inf)[1]


def write_edits(output, root, staging, edits, copies, indexed):
    """Index `edits` ({page: digest}) unless its bundle already holds them; return
    ({result id: filters} of the old copies to hide, whether `edits` was indexed).

    `copies` is {page: (shard, id, filters)}; a page whose new copy has its
    old one's id stays in its shard (`indexed` updated) and leaves `edits`.
    """
    target, written = root / bundle_path(EDITS), False
    while edits and (indexed.get(EDITS) != edits or not _present(root, EDITS)):
        write_bundles(output, root, {EDITS: sorted(edits)}, staging)
        written = True
        indexed[EDITS] = dict(edits)
        for page in unchanged_copies(target, {p: c[1:] for p, c in copies.items()}):
            indexed[copies.pop(page)[0]][page] = edits.pop(page)
    if not edits:
        indexed[EDITS] = None
        shutil.rmtree(target, ignore_errors=True)
    return {key: filters for _, key, filters in copies.values()}, written


def _present(root, name):
    return (root / bundle_path(name) / "pagefind-entry.json").is_file()


def _load_state(path):
    """The last build's state, or {} if missing, unreadable or of another layout."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("layout") == STATE_LAYOUT else {}


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
