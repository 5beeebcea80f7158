"""'New in the archive' as Atom and RSS, written with feedgen.

Entries are the files most recently added (added.py says when), newest
first. Every date in the feed is an addition date, never the time of the
build, so two builds of the same input write the same bytes. Links and ids
are absolute (SITEURL_ABSOLUTE); an entry's id is its page's address, which
never moves (urls.py).
"""

import datetime as dt
import os

from feedgen.feed import FeedGenerator

from .model import display_path
from .render import KIND_LABELS, human_size, title_of
from .urls import url_of

FEED_FILE = "index.xml"   # served for the folder address, like the blog's /feed/
NO_ADDITIONS = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def feed_url(path):
    """The address readers subscribe to: the folder, without index.xml."""
    return path[: -len(FEED_FILE)] if path.endswith("/" + FEED_FILE) else path


def entry_summary(item):
    """The file's description, else what it is and where it lies."""
    if item.description:
        return item.description
    folder = display_path(item.rel.rpartition("/")[0]) or "the top of the archive"
    kind = KIND_LABELS.get(item.kind, item.kind)
    return f"{kind}, {human_size(item.size)}, in {folder}."


def build_feed(additions, outputs, site, title, links, kind):
    """The `kind` ("atom" or "rss") feed of [(added, item)] as bytes.

    `links` holds the output paths of the landing page and both feeds.
    """
    feed = FeedGenerator()
    feed.id(f"{site}/{feed_url(links['atom'])}")
    feed.title(f"New in {title}")
    feed.subtitle(f"Files most recently added to {title}.")
    # feedgen takes RSS's <link> from the last link given: the landing page.
    feed.link(href=f"{site}/{feed_url(links[kind])}", rel="self")
    feed.link(href=f"{site}/{url_of(links['landing'])}", rel="alternate")
    feed.language("en")
    feed.generator("legacy_archive (feedgen)")
    # feedgen would stamp the time of the build; the newest addition is the
    # feed's true last change (with none known yet, a fixed date).
    feed.updated(additions[0][0] if additions else NO_ADDITIONS)
    for when, item in reversed(additions):  # feedgen puts the last added first
        page = f"{site}/{url_of(outputs[item.rel].page)}"
        entry = feed.add_entry()
        entry.id(page)
        entry.guid(page, permalink=True)
        entry.title(title_of(item))
        entry.link(href=page)
        entry.summary(entry_summary(item))
        entry.published(when)
        entry.updated(when)
    return feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)


def write_feeds(output_path, feeds, links):
    """Write {kind: bytes} where `links` says; returns how many changed on disk."""
    changed = 0
    for kind, data in sorted(feeds.items()):
        path = os.path.join(output_path, links[kind])
        try:
            with open(path, "rb") as handle:
                if handle.read() == data:
                    continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        changed += 1
    return changed
