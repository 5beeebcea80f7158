"""The built site as a whole: valid, self-contained, described, deterministic."""

import subprocess
import sys

from tests.expected import POSTS
from tests.pages import compare_trees, soup
from tests.sitebuild import ROOT, TEST_SITEURL, build
from tools.check_site import check_html


def html_pages(site):
    return sorted(site.rglob("*.html"))


def test_every_page_passes_the_nu_checker(publish_site):
    """The same check `make publish` runs (tools/check_site.py), every page and sheet."""
    report = check_html(publish_site)
    assert report.problems == []


def test_the_nu_check_still_catches_the_rest_of_a_csp(tmp_path):
    """Only 'wasm-unsafe-eval' is waived; any other bad policy is still an error."""
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            '<meta http-equiv="Content-Security-Policy" content="script-src {}"></head>'
            '<body><p>t</p></body></html>')
    (tmp_path / "ok.html").write_text(page.format("'self' 'wasm-unsafe-eval'"))
    assert check_html(tmp_path).problems == []
    (tmp_path / "bad.html").write_text(page.format("'self' 'wasm-unsafe-evil'"))
    assert any("bad.html" in str(p) for p in check_html(tmp_path).problems)


def test_pages_need_nothing_from_other_hosts(publish_site):
    for page in html_pages(publish_site):
        doc = soup(publish_site, "/" + str(page.relative_to(publish_site)))
        scripts = [s.get("src", "inline") for s in doc.select("script")]
        if page.relative_to(publish_site).as_posix() == "search/index.html":
            assert scripts == [f"{TEST_SITEURL}/theme/js/search.js"]  # search needs it
        else:
            assert not scripts, f"{page}: scripts are not needed to read"
        for tag in doc.select("link[rel~=stylesheet], link[rel~=icon], img, source"):
            url = tag.get("href") or tag.get("src") or ""
            assert not url.startswith(("http:", "https:", "//")) or url.startswith(
                TEST_SITEURL), f"{page}: {url} leaves the site"


def test_every_page_has_lang_canonical_description_and_opengraph(publish_site):
    for page in html_pages(publish_site):
        doc = soup(publish_site, "/" + str(page.relative_to(publish_site)))
        assert doc.html.get("lang") == "en", page
        canonical = doc.select_one("link[rel=canonical]")
        assert canonical and canonical["href"].startswith(TEST_SITEURL + "/"), page
        assert doc.select_one("meta[name=description]")["content"].strip(), page
        for prop in ("og:title", "og:url", "og:type", "og:site_name"):
            assert doc.select_one(f'meta[property="{prop}"]'), f"{page}: {prop}"


def test_canonical_of_a_post_is_its_old_permalink(publish_site):
    url = POSTS[7][0]
    doc = soup(publish_site, url)
    assert doc.select_one("link[rel=canonical]")["href"] == TEST_SITEURL + url


def test_css_is_small(publish_site):
    """Every page loads under 15 KB of CSS (blog pages: main + pygments; archive
    pages: main + archive)."""
    for page in (POSTS[2][0], "/archive/", "/archive/sectors/TAMSIN.SEC.html"):
        sheets = soup(publish_site, page).select("link[rel=stylesheet]")
        assert sheets
        total = sum((publish_site / s["href"].removeprefix(TEST_SITEURL + "/")).stat().st_size
                    for s in sheets)
        assert total < 15 * 1024, page


def test_pygments_stylesheet_is_current():
    result = subprocess.run([sys.executable, "-m", "tools.pygments_css", "--check"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sitemap_and_robots(publish_site):
    sitemap = (publish_site / "sitemap.xml").read_text(encoding="utf-8")
    for url, *_ in POSTS:
        assert f"<loc>{TEST_SITEURL}{url}</loc>" in sitemap
    robots = (publish_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {TEST_SITEURL}/sitemap.xml" in robots


def test_404_page_links_absolutely(publish_site):
    doc = soup(publish_site, "/404.html")
    assert doc.select_one("main")
    hrefs = [a["href"] for a in doc.select("a[href]")]
    assert hrefs and all(h.startswith((TEST_SITEURL, "#")) for h in hrefs)


def test_two_builds_are_byte_identical(publish_site, tmp_path):
    again = build(tmp_path / "again", conf="publishconf.py")
    differences = compare_trees(publish_site, again)
    assert differences == []
