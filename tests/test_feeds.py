"""Feeds: complete, absolute, at the old WordPress addresses, discoverable."""

import threading
import urllib.request

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.expected import POSTS
from tests.sitebuild import TEST_SITEURL
from tools.serve import make_server

ALL = {url for url, *_ in POSTS}
BY_CATEGORY = {
    "geekstuff": ALL,  # the old Geekstuff page listed every post
    "openstack": {url for url, _, cat, _ in POSTS if cat == "OpenStack"},
    "traveller": {url for url, _, cat, _ in POSTS if cat == "Traveller"},
}
FEEDS = {
    "/feed/": ALL,
    "/feed/atom/": ALL,
    **{f"/category/{slug}/feed/": posts for slug, posts in BY_CATEGORY.items()},
    **{f"/category/{slug}/feed/atom/": posts for slug, posts in BY_CATEGORY.items()},
}


def parse(site, url_path):
    return feedparser.parse((site / url_path.lstrip("/") / "index.xml").read_bytes())


def entry_paths(feed):
    return {entry.link.removeprefix(TEST_SITEURL) for entry in feed.entries}


@pytest.mark.parametrize(("url", "expected"), sorted(FEEDS.items()))
def test_feed_lists_the_right_posts(publish_site, url, expected):
    feed = parse(publish_site, url)
    assert not feed.bozo, feed.get("bozo_exception")
    assert entry_paths(feed) == expected
    assert all(e.link.startswith(TEST_SITEURL + "/") for e in feed.entries)


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feed_entries_are_complete_and_dated(publish_site, url):
    feed = parse(publish_site, url)
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == len(ids)
    for entry in feed.entries:
        path = entry.link.removeprefix(TEST_SITEURL)
        year, month, day = (int(part) for part in path.strip("/").split("/")[:3])
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        assert tuple(published[:3]) == (year, month, day)
        body = entry.content[0].value if "content" in entry else entry.description
        assert len(body) > 800, f"{path}: feed carries a summary, not the post"


def test_feed_entries_keep_code_and_absolute_links(publish_site):
    feed = parse(publish_site, "/feed/atom/")
    entry = next(e for e in feed.entries if "keystoneclient" in e.link)
    html = BeautifulSoup(entry.content[0].value, "lxml")
    assert "kc.auth_ref.scoped" in html.get_text()
    assert html.select("code.language-pycon span.gp")
    for entry in feed.entries:
        html = BeautifulSoup(entry.content[0].value, "lxml")
        for tag in html.select("[href], [src]"):
            url = tag.get("href") or tag.get("src")
            assert url.startswith(("https://", "http://", "#")), f"{entry.link}: {url}"


def test_tag_feeds_exist(publish_site):
    feed = parse(publish_site, "/tag/keystone/feed/")
    assert not feed.bozo
    assert POSTS[2][0] in entry_paths(feed)


def test_feed_self_links_are_the_old_addresses(publish_site):
    feed = parse(publish_site, "/feed/atom/")
    links = {link.href for link in feed.feed.links if link.rel == "self"}
    assert links == {TEST_SITEURL + "/feed/atom/"}


@pytest.fixture(scope="module")
def served(publish_site):
    server = make_server(publish_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/category/geekstuff/feed/",
                                 "/category/openstack/feed/", "/category/traveller/feed/"])
def test_old_feed_addresses_answer_with_the_feed(served, url):
    with urllib.request.urlopen(served + url) as response:
        assert response.status == 200
        assert "xml" in response.headers["Content-Type"]
        feed = feedparser.parse(response.read())
    assert not feed.bozo
    assert entry_paths(feed) == FEEDS[url]


def test_every_page_advertises_the_feeds(dev_site):
    pages = sorted(dev_site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        assert 'type="application/rss+xml"' in head, page
        assert 'type="application/atom+xml"' in head, page
