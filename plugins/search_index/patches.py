"""Index a few changed pages apart instead of re-indexing their whole shard.

Pagefind writes only whole bundles, at about 3 ms a page: one edited post
re-indexed its years' shard (200 posts, half a second), one new digest the
mail shard of its year (some 7,000 messages at full size, 20 seconds). So a
shard in which at most `SEARCH["patch_pages"]` pages changed, were added or
were removed since it was last indexed stays as it is:

* its new and changed pages are indexed in a small bundle of their own,
  `edits` (one for the whole site, made again whenever its pages change);
* `shards.json` lists the result ids of the old copies, with their filter
  values, and the search page leaves those out of its results and filter
  counts (`theme/static/js/search.js`).

Changes are counted against what the shard's bundle holds, so they add up
over builds. A shard with up to ten times the limit is still tried: a new
digest changes its neighbours' previous/next links, which Pagefind does not
read, and indexing those pages in `edits` shows that their result ids did
not change, so they settle back. A shard with more than the limit once
settled is indexed again and its pages leave `edits`. A page whose old
copy cannot be found in its bundle also makes the shard be indexed again.
A clean build (as `make publish` does) has no `edits` bundle: an
incremental one finds the same pages for the same words, but its bundles
differ from a clean build's.
"""

import gzip
import json
from urllib.parse import unquote

EDITS = "edits"
SIGNATURE = b"pagefind_dcd"


def plan(members, indexed, present, limit):
    """What this build indexes: (shards to index again, {shard: pages to patch}).

    `members` is {shard: {page: digest}} now, `indexed` the same as the
    bundles hold them, `present(shard)` whether a shard's bundle is in the
    output. Pages to patch are those changed, added or removed.
    """
    again, patched = [], {}
    for name in sorted(members):
        pages, old = members[name], indexed.get(name)
        if old is None or not present(name):
            again.append(name)
            continue
        changed = sorted(page for page, digest in pages.items() if old.get(page) != digest)
        changed += sorted(old.keys() - pages.keys())
        if len(changed) > limit:
            again.append(name)
        elif changed:
            patched[name] = changed
    return again, patched


def old_copies(bundle, pages, old):
    """{page: (result id, filters)} of the copies of `pages` in `bundle`, or None
    if one is missing. Only pages the bundle holds (in `old`) have a copy."""
    wanted = {url_of(page): page for page in pages if page in old}
    found = {}
    for url, (key, filters) in fragments(bundle).items():
        if url in wanted:
            found[wanted.pop(url)] = (key, filters)
    return None if wanted else found


def fragments(bundle):
    """{url: (result id, filters)} of the pages a Pagefind bundle holds."""
    found = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(SIGNATURE):])
        found[unquote(fragment.get("url", ""))] = (path.name.removesuffix(".pf_fragment"),
                                                    fragment.get("filters", {}))
    return found


def unchanged_copies(bundle, copies):
    """Pages of `copies` ({page: (id, filters)}) whose copy in `bundle` has the same id.

    A page whose HTML changed outside what Pagefind reads (a neighbour's
    title in its links) gets a copy with the same result id, which hiding
    the old one would hide too; its old copy is as good as new.
    """
    found = fragments(bundle)
    return sorted(page for page, (key, _) in copies.items()
                  if found.get(url_of(page), (None,))[0] == key)


def url_of(page):
    """The address Pagefind gives the page at output path `page`."""
    return "/" + page.removesuffix("index.html")
