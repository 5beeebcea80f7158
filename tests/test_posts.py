"""Every old post at its old permalink, complete, dated, filed and highlighted."""

import re
from pathlib import Path

import pytest

from tests.expected import CATEGORIES, LEXERS, POSTS
from tests.pages import local_links, page_file, paginated, soup

EXPORT = Path(__file__).parent / "fixtures" / "blog-export.txt"
PERMALINK = re.compile(r"^\d{4}/\d{2}/\d{2}/[^/]+/index\.html$")


def export_bodies():
    """Split the WordPress export into {title: body text} by the known titles."""
    text = EXPORT.read_text(encoding="utf-8")
    titles = [title for _, title, _, _ in POSTS]
    starts = sorted((text.index("\n" + t + "\n"), t) for t in titles)
    bodies = {}
    for (start, title), nxt in zip(starts, starts[1:] + [(len(text), None)], strict=True):
        bodies[title] = text[start + len(title) + 2:nxt[0]]
    return bodies


def words(text):
    return re.findall(r"\w+", text)


def is_subsequence(needle, haystack):
    remaining = iter(haystack)
    return all(word in remaining for word in needle)


def test_exactly_the_ten_posts_are_published(dev_site):
    built = sorted(
        "/" + str(p.relative_to(dev_site).parent) + "/"
        for p in dev_site.rglob("index.html")
        if PERMALINK.match(str(p.relative_to(dev_site)))
    )
    assert built == sorted(url for url, *_ in POSTS)


@pytest.mark.parametrize(("url", "title", "category", "inferred"), POSTS)
def test_post_at_old_permalink(dev_site, url, title, category, inferred):
    page = soup(dev_site, url)
    main = page.select_one("main")
    assert main.select_one("h1").get_text(strip=True) == title
    date = "-".join(url.strip("/").split("/")[:3])
    assert main.select_one("time[datetime]")["datetime"].startswith(date)
    category_slug = category.lower()
    assert f"/category/{category_slug}/" in local_links(dev_site, url, "main a[href]")
    assert ("date inferred" in main.get_text()) == inferred


@pytest.mark.parametrize(("url", "title", "category", "inferred"), POSTS)
def test_post_text_is_complete(dev_site, url, title, category, inferred):
    """Every word of the export appears in the page, in order."""
    body = export_bodies()[title]
    article = soup(dev_site, url).select_one("main article")
    assert len(words(body)) > 50
    assert is_subsequence(words(body), words(article.get_text(" ")))


def test_typography_is_kept(dev_site):
    text = soup(dev_site, POSTS[0][0]).select_one("main").get_text()
    assert "I’ve gone through the routine" in text
    assert "(y’all have one of those, don’t you?)" in text


@pytest.mark.parametrize(("url", "lexers"), sorted(LEXERS.items()))
def test_code_samples_highlighted_with_right_lexer(dev_site, url, lexers):
    page = soup(dev_site, url)
    blocks = page.select("main div.highlight pre code")
    found = {c for b in blocks for c in b.get("class", []) if c.startswith("language-")}
    assert found == {f"language-{lexer}" for lexer in lexers}
    for block in blocks:
        if "language-text" not in block["class"]:
            assert block.select("span[class]"), f"block not tokenised: {block.get_text()[:60]}"


def test_pycon_prompts_are_tokens(dev_site):
    page = soup(dev_site, POSTS[2][0])
    prompts = page.select("code.language-pycon span.gp")
    # Two prompts in the first session, seven in the second, as in the export.
    assert [p.get_text() for p in prompts].count(">>> ") == 9


def test_grizzly_plans_are_lists(dev_site):
    main = soup(dev_site, POSTS[3][0]).select_one("main article")
    items = main.select("ul > li")
    assert len(items) >= 10
    assert any("blueprints.launchpad.net" in a["href"] for a in main.select("li a[href]"))


def test_geekstuff_lists_every_post(dev_site):
    listed = set()
    for page in paginated(dev_site, "/category/geekstuff/"):
        listed |= local_links(dev_site, page, "main a[href]")
    assert {url for url, *_ in POSTS} <= listed


@pytest.mark.parametrize("slug", sorted(CATEGORIES))
def test_category_pages(dev_site, slug):
    assert page_file(dev_site, f"/category/{slug}/").is_file()
    listed = local_links(dev_site, f"/category/{slug}/", "main a[href]")
    own = {url for url, _, cat, _ in POSTS if cat.lower() == slug}
    assert own <= listed


def test_date_archives(dev_site):
    year = local_links(dev_site, "/2012/", "main a[href]")
    assert {url for url, *_ in POSTS if url.startswith("/2012/")} <= year
    month = local_links(dev_site, "/2012/11/", "main a[href]")
    assert {url for url, *_ in POSTS if url.startswith("/2012/11/")} <= month
    assert page_file(dev_site, "/2012/11/11/").is_file()
    assert page_file(dev_site, "/archives/").is_file()


def test_tags_and_pages(dev_site):
    assert POSTS[2][0] in local_links(dev_site, "/tag/keystone/", "main a[href]")
    about = soup(dev_site, "/about/").select_one("main").get_text()
    assert "Missouri Archive" in about
    landing = soup(dev_site, "/missouri-archive/").select_one("main").get_text()
    assert "Traveller" in landing


def test_post_image_is_copied(dev_site):
    page = soup(dev_site, POSTS[1][0])
    image = page.select_one("main article img")
    assert image["alt"]
    assert (page_file(dev_site, POSTS[1][0]).parent / image["src"]).resolve().is_file()
