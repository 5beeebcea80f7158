"""post_links (previous/next post) and content_cache (Pelican's reader cache kept honest)."""

from pathlib import Path

import content_cache
import pytest

from tests.expected import POSTS
from tests.pages import soup
from tests.sitebuild import build

ORDER = [url for url, *_ in POSTS]   # newest first


@pytest.mark.parametrize("place", range(len(ORDER)))
def test_each_post_links_to_its_date_neighbours(dev_site, place):
    nav = soup(dev_site, ORDER[place]).select_one("nav.post-nav")
    links = {a["rel"][0]: a["href"] for a in nav.select("a[rel]")} if nav else {}
    older = ORDER[place + 1] if place + 1 < len(ORDER) else None
    newer = ORDER[place - 1] if place else None
    assert bool(links.get("prev")) == bool(older) and bool(links.get("next")) == bool(newer)
    for rel, target in (("prev", older), ("next", newer)):
        if target:
            resolved = (Path(ORDER[place]) / links[rel]).as_posix()
            assert Path(resolved).resolve().as_posix().rstrip("/") == target.rstrip("/")


def test_fingerprint_follows_reading_settings_and_code(tmp_path):
    settings = {"MARKDOWN": {"extensions": []}, "TIMEZONE": "UTC", "SITEURL": "a"}
    code = tmp_path / "highlight.py"
    code.write_text("v1")
    first = content_cache.fingerprint(settings, [code])
    assert content_cache.fingerprint({**settings, "SITEURL": "b"}, [code]) == first
    assert content_cache.fingerprint({**settings, "TIMEZONE": "Europe/Paris"}, [code]) != first
    code.write_text("v2")
    assert content_cache.fingerprint(settings, [code]) != first


def test_a_cached_post_is_read_again_when_the_markdown_setup_changes(tmp_path):
    content = tmp_path / "content"
    (content / "geekstuff").mkdir(parents=True)
    post = content / "geekstuff" / "p.md"
    post.write_text('Title: P\nDate: 2012-01-02\nCategory: Geekstuff\n\nSay "hello".\n')
    output, cache = tmp_path / "out", tmp_path / "cache"
    page = output / "2012" / "01" / "02" / "p" / "index.html"
    build(output, content=content, cache=cache)
    assert (cache / "ArticlesGenerator-Readers").is_file()
    assert "&ldquo;" not in page.read_text(encoding="utf-8")
    # Same file, same mtime: Pelican alone would serve the cached, unquoted text.
    smarty = ('MARKDOWN={"extension_configs": {"markdown.extensions.smarty": {}}, '
              '"output_format": "html5"}')
    build(output, content=content, cache=cache, extra=[smarty])
    assert "&ldquo;hello&rdquo;" in page.read_text(encoding="utf-8")
