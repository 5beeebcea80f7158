"""feeds.py and the archive's feeds in real builds: valid, absolute, stable."""

import datetime as dt

import feedparser
from legacy_archive.feeds import build_feed, entry_summary, feed_url
from legacy_archive.model import Item
from legacy_archive.urls import Outputs

from tests.sitebuild import TEST_SITEURL, build
from tools.feedcheck import check_feed

SITE = "https://archive.example.org"
LINKS = {"atom": "archive/feed/atom/index.xml", "rss": "archive/feed/index.xml",
         "landing": "archive/index.html"}
FEEDS = ["archive/feed/index.xml", "archive/feed/atom/index.xml"]


def additions():
    items = [Item(rel=f"ships/{name}", safe_rel=f"ships/{name}", size=2048, sha256="0" * 64,
                  kind="text", title=title, description=description)
             for name, title, description in [
                 ("SCOUT.TXT", "Type S Scout", "A ship design"),
                 ("A&B <x>.txt", "", "")]]
    outputs = {i.rel: Outputs(None, f"archive/{i.safe_rel}.html", None) for i in items}
    when = [dt.datetime(2003, 4, 5, 6, 7, 8, tzinfo=dt.UTC),
            dt.datetime(1999, 1, 1, tzinfo=dt.UTC)]
    return list(zip(when, items, strict=True)), outputs


def test_feed_addresses_are_folders():
    assert feed_url("archive/feed/index.xml") == "archive/feed/"
    assert feed_url("archive/feed/atom/index.xml") == "archive/feed/atom/"


def test_both_feeds_validate_and_list_newest_first():
    dated, outputs = additions()
    for kind in ("atom", "rss"):
        data = build_feed(dated, outputs, SITE, "The Archive", LINKS, kind)
        assert check_feed(data, SITE) == []
        parsed = feedparser.parse(data)
        assert [e.link for e in parsed.entries] == [
            f"{SITE}/archive/ships/SCOUT.TXT.html",
            f"{SITE}/archive/ships/A&B%20%3Cx%3E.txt.html"]
        assert parsed.entries[0].published_parsed[:6] == (2003, 4, 5, 6, 7, 8)
        assert parsed.entries[0].title == "Type S Scout"
        assert parsed.entries[1].summary == "Text, 2.0 KB, in ships."
        self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
        assert self_link == [f"{SITE}/{feed_url(LINKS[kind])}"]


def test_feed_dates_are_additions_never_the_build_time():
    dated, outputs = additions()
    first = build_feed(dated, outputs, SITE, "The Archive", LINKS, "rss")
    assert b"<lastBuildDate>Sat, 05 Apr 2003 06:07:08 +0000</lastBuildDate>" in first
    assert build_feed(dated, outputs, SITE, "The Archive", LINKS, "rss") == first
    empty = build_feed([], outputs, SITE, "The Archive", LINKS, "atom")
    assert b"<updated>1970-01-01T00:00:00+00:00</updated>" in empty
    assert check_feed(empty, SITE) == []


def test_summary_falls_back_to_kind_size_and_folder():
    top = Item(rel="README", safe_rel="README", size=10, sha256="", kind="text")
    assert entry_summary(top) == "Text, 10 bytes, in the top of the archive."


def test_published_archive_feeds_validate(publish_site):
    for path in FEEDS:
        data = (publish_site / path).read_bytes()
        assert check_feed(data, TEST_SITEURL) == []
        parsed = feedparser.parse(data)
        assert len(parsed.entries) == 50  # the sample archive is in git: all have dates
        ids = [entry.id for entry in parsed.entries]
        assert len(set(ids)) == len(ids)
        assert all(i.startswith(f"{TEST_SITEURL}/archive/") for i in ids)


def test_archive_pages_advertise_the_feeds(dev_site):
    page = (dev_site / "archive" / "ships" / "SCOUT.TXT.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="New in The Missouri Archive (Atom)"' in page
    landing = (dev_site / "archive" / "index.html").read_text(encoding="utf-8")
    assert "New in the archive" in landing
    assert landing.count("<li><a href=") >= 10


def test_feeds_are_identical_across_two_builds(publish_site, tmp_path):
    again = build(tmp_path / "output", conf="publishconf.py")
    for path in FEEDS:
        assert (again / path).read_bytes() == (publish_site / path).read_bytes()
