"""Finding the archive: sitemap, landing page entry points, blog <-> archive links."""

from tests.pages import local_links, soup
from tests.sitebuild import TEST_SITEURL

TRAVELLER_POST = "/2012/06/16/traveller-a-long-time-affair/"
OTHER_POST = "/2012/11/18/do-photons-have-mass/"


def test_sitemap_lists_every_archive_page_kind(publish_site):
    sitemap = (publish_site / "sitemap.xml").read_text(encoding="utf-8")
    for url in ("/archive/", "/archive/titles/", "/archive/ships/",
                "/archive/ships/SCOUT.TXT.html", "/archive/web/", "/archive/web/links.html"):
        assert f"<loc>{TEST_SITEURL}{url}</loc>" in sitemap, url


def test_landing_page_offers_counts_newest_and_every_entry_point(dev_site):
    page = soup(dev_site, "/archive/")
    text = page.get_text(" ")
    assert "69 files" in text
    newest = page.select(".newest-list li")
    assert len(newest) == 10 and all(li.select_one("time[datetime]") for li in newest)
    links = set(local_links(dev_site, "/archive/"))
    for target in ("/archive/titles/", "/archive/mail/", "/archive/mail/people/", "/search/",
                   "/archive/feed/", "/archive/feed/atom/", "/archive/ships/", TRAVELLER_POST):
        assert target in links, target


def test_traveller_posts_point_to_the_archive_and_others_do_not(dev_site):
    note = soup(dev_site, TRAVELLER_POST).select_one(".archive-note")
    assert note and "The Missouri Archive" in note.get_text()
    assert "/archive/" in local_links(dev_site, TRAVELLER_POST, ".archive-note a[href]")
    assert soup(dev_site, OTHER_POST).select_one(".archive-note") is None


def test_every_page_links_to_search(dev_site):
    for url in ("/", OTHER_POST, "/archive/ships/SCOUT.TXT.html"):
        assert "/search/" in local_links(dev_site, url, "nav.site-nav a[href]"), url
