"""Which Pagefind bundle (shard) each indexable page belongs to.

Pagefind cannot update an index, only write a whole one, so the site is
indexed as several bundles and a build re-indexes only the bundles whose
pages changed. A page's shard depends only on its output path and, for mail
messages, the year its page shows, so a page stays in its shard from build to
build:

* `site` — every page outside the archive (pages, and the newest posts):
  the primary bundle, the one whose script the search page loads;
* `posts-<year>[-<year>]` — posts by the year on their page, consecutive
  years together until a shard holds `SEARCH["post_shard_pages"]` (200)
  posts; the newest years, short of that, stay in `site`. Editing a post
  re-indexes its few years, not the whole blog, and a blog of a few dozen
  posts stays one shard. Posts added in the newest year never move the
  older shards' bounds;
* `archive` — archive file pages directly in the archive's top folder;
* `archive-<folder>` — archive file pages under `<archive>/<folder>/`, one
  shard per top-level archive folder (a few dozen folders);
* `mail-<year>` — mail message pages (`<archive>/mail/…`) by the year in
  their `year` filter, across all collections (a collection is one digest or
  mbox, thousands of them at scale, so they are not shards); `mail-undated`
  for messages without a date. A new digest of messages from one year
  re-indexes one year: 100,000 messages over the list's 15 years is about
  7,000 pages a shard.

A folder or year with fewer pages than `SEARCH["min_shard_pages"]` (500)
shares its group's shard (`archive` or `mail`) instead: the search page
loads two small files per shard before its first search, so a small site
stays a few shards, while a large archive gets one per big folder and year.
A folder that grows past the mark moves to a shard of its own (both shards
are re-indexed once).

Only pages that mark their content with `data-pagefind-body` are indexed
(Pagefind's own rule, but it applies per bundle: a bundle of listing pages
alone would otherwise be indexed whole).
"""

import re

PRIMARY = "site"
POSTS = "posts"
BODY = re.compile(rb"<[^>]*\sdata-pagefind-body[\s=>/]")
YEAR = re.compile(rb'data-pagefind-filter="year:(\d{4})"')
UNSAFE = re.compile(r"[^a-z0-9._-]+")


def shard_of(rel, html, archive="archive"):
    """The shard name of the page at output path `rel` with bytes `html`, or None."""
    # The plain search first: most listing pages never name the attribute, and
    # the pattern is tried at every "<" of a page.
    if b"data-pagefind-body" not in html or not BODY.search(html):
        return None
    parts = rel.split("/")
    if parts[0] != archive or len(parts) < 2:
        year = YEAR.search(html)   # posts show their year; pages do not
        return f"{POSTS}-{year.group(1).decode()}" if year else PRIMARY
    if len(parts) == 2:
        return "archive"
    if parts[1] == "mail":
        year = YEAR.search(html)
        return f"mail-{year.group(1).decode() if year else 'undated'}"
    return f"archive-{UNSAFE.sub('-', parts[1].lower()).strip('-.') or 'other'}"


def post_shards(sizes, post_pages):
    """{posts-<year>: its shard}: consecutive years joined until one holds `post_pages`.

    `sizes` counts pages by shard; the newest years, short of `post_pages`
    together, go to the primary shard.
    """
    years = sorted(name for name in sizes if name.startswith(POSTS + "-"))
    merged, bucket, count = {}, [], 0
    for name in years:
        bucket.append(name)
        count += sizes[name]
        if count >= post_pages:
            last = "" if len(bucket) == 1 else "-" + bucket[-1].rsplit("-", 1)[1]
            merged.update(dict.fromkeys(bucket, bucket[0] + last))
            bucket, count = [], 0
    merged.update(dict.fromkeys(bucket, PRIMARY))
    return merged


def group_of(name):
    """The shared shard a small shard joins: `archive-*` to `archive`, `mail-*` to `mail`."""
    for prefix in ("archive", "mail"):
        if name.startswith(prefix + "-"):
            return prefix
    return name


def bundle_path(name):
    """Where shard `name` is written, inside the search bundle folder."""
    return "" if name == PRIMARY else f"shards/{name}/"
