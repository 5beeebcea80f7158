"""page_cache: a rebuild renders only the pages whose inputs changed, and the
result is byte for byte what a clean build of the same content gives."""

import json
import shutil
import sys

import pytest

from tests.pages import same_site
from tests.sitebuild import ROOT, build, run_pelican

POST = "geekstuff/do-photons-have-mass.md"


def rendered(result):
    """(rendered, unchanged) from the build's own summary line."""
    line = next(x for x in result.stdout.splitlines() if "page_cache:" in x)
    words = line.split("page_cache:")[1].split()
    return int(words[0]), int(words[3])


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output, cache = tmp_path / "out", tmp_path / "cache"
    build(output, content=content, cache=cache)
    return content, output, cache


def rebuild(content, output, cache, *extra):
    result = run_pelican(output, content=content, cache=cache, extra=("--verbose", *extra))
    assert result.returncode == 0, result.stdout + result.stderr
    return rendered(result)


def clean_build_matches(content, output, tmp_path):
    clean = build(tmp_path / "clean", content=content, cache=tmp_path / "clean-cache")
    return same_site(clean, output) == []


def test_nothing_changed_renders_nothing(site):
    content, output, cache = site
    done, kept = rebuild(content, output, cache)
    assert done == 0 and kept > 50


def test_an_edit_below_the_summary_renders_only_that_post(site, tmp_path):
    content, output, cache = site
    post = content / POST
    post.write_text(post.read_text(encoding="utf-8") + "\nA closing note.\n", encoding="utf-8")
    done, _ = rebuild(content, output, cache)
    assert done == 1
    assert clean_build_matches(content, output, tmp_path)


def test_a_new_title_reaches_every_listing_and_neighbour(site, tmp_path):
    content, output, cache = site
    post = content / POST
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Title: Do photon", "Title: Really, do photon", 1), encoding="utf-8")
    done, _ = rebuild(content, output, cache)
    assert done > 10
    assert clean_build_matches(content, output, tmp_path)


def test_ignore_cache_renders_everything(site):
    content, output, cache = site
    done, kept = rebuild(content, output, cache, "--ignore-cache")
    assert kept == 0 and done > 50


def test_a_deleted_page_is_rendered_again(site):
    content, output, cache = site
    (output / "about" / "index.html").unlink()
    done, _ = rebuild(content, output, cache)
    assert done == 1 and (output / "about" / "index.html").is_file()
    assert json.loads((cache / "page_cache.json").read_text())["about/index.html"]


def test_feeds_are_rewritten_only_when_their_posts_change(site, tmp_path):
    content, output, cache = site
    feed = output / "feed" / "index.xml"
    category_feed = output / "category" / "openstack" / "feed" / "index.xml"
    before = feed.stat().st_mtime_ns, category_feed.stat().st_mtime_ns
    post = content / POST   # a Geekstuff post: in the site feed, not OpenStack's
    post.write_text(post.read_text(encoding="utf-8") + "\nA closing note.\n", encoding="utf-8")
    rebuild(content, output, cache)
    assert feed.stat().st_mtime_ns != before[0]
    assert category_feed.stat().st_mtime_ns == before[1]
    assert "A closing note." in feed.read_text(encoding="utf-8")
    assert clean_build_matches(content, output, tmp_path)


def test_an_edited_template_override_reaches_every_page(site, tmp_path):
    """THEME_TEMPLATES_OVERRIDES comes before the theme: adding an override and
    editing it re-render the blog's pages and the archive's alike."""
    content, output, cache = site
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    base = (ROOT / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    assert base.count("</footer>") == 1
    setting = f"THEME_TEMPLATES_OVERRIDES={json.dumps([str(overrides)])}"
    pages = sorted(output.rglob("*.html"))
    for mark in ("first override", "edited override"):
        (overrides / "base.html").write_text(
            base.replace("</footer>", f"<!-- {mark} --></footer>"), encoding="utf-8")
        rebuild(content, output, cache, "-e", setting)
        stale = [page for page in pages if f"<!-- {mark} -->" not in page.read_text(
            encoding="utf-8", errors="replace") and "<footer" in page.read_text(
            encoding="utf-8", errors="replace")]
        assert stale == []
    assert any("/archive/" in page.as_posix() for page in pages)


def test_what_templates_read_is_kept_while_the_theme_is_the_same(tmp_path):
    from jinja2 import Environment, FileSystemLoader
    from page_cache import TemplateReads, referenced

    (tmp_path / "base.html").write_text("{{ SITENAME }}{% block body %}{% endblock %}")
    (tmp_path / "page.html").write_text(
        '{% extends "base.html" %}{% block body %}{{ article.title }}{% endblock %}')
    template = Environment(loader=FileSystemLoader(str(tmp_path))).get_template("page.html")
    first = TemplateReads({}, theme="one")
    assert first.get(template) == frozenset({"SITENAME", "article"})
    kept = TemplateReads(json.loads(json.dumps(first.state())), theme="one")
    referenced.cache_clear()
    assert kept.get(template) == first.get(template)
    assert referenced.cache_info().misses == 0   # answered from the stored state
    assert TemplateReads(first.state(), theme="two").reads == {}  # another theme: parse again


def test_a_posts_digests_are_kept_while_its_file_and_the_site_stay(tmp_path):
    import os
    import types

    from page_cache import KeptDigests

    post = tmp_path / "post.md"
    post.write_text("Title: A\n\nText.\n")
    content = types.SimpleNamespace(source_path=str(post))
    first = KeptDigests({}, "site-1")
    assert first.get(content, "face", lambda: "made") == "made"
    stored = json.loads(json.dumps(first.state()))
    again = KeptDigests(stored, "site-1")
    assert again.get(content, "face", lambda: "made again") == "made"   # kept
    assert KeptDigests(stored, "site-2").get(content, "face", lambda: "new site") == "new site"
    post.write_text("Title: A\n\nOther text.\n")
    os.utime(post, ns=(1, 1))
    assert KeptDigests(stored, "site-1").get(content, "face", lambda: "new text") == "new text"


def test_a_filter_from_the_settings_counts_by_its_code(tmp_path, monkeypatch):
    """JINJA_FILTERS names functions kept outside the plugins (tools/words.py):
    a setting holding one reads, for the site's digest, as its name and its
    module's source, so editing the module changes it and nothing else does."""
    import importlib

    from page_cache import _module_digest, _plain

    source = tmp_path / "site_filters.py"
    source.write_text("def shout(text):\n    return text.upper()\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    shout = importlib.import_module("site_filters").shout
    try:
        first = _plain(shout)
        assert first.startswith("site_filters.shout:")
        _module_digest.cache_clear()
        assert _plain(shout) == first
        source.write_text("def shout(text):\n    return text.upper() + '!'\n")
        _module_digest.cache_clear()
        assert _plain(shout) != first
        assert _plain(len) == "builtins.len:"
    finally:
        monkeypatch.delitem(sys.modules, "site_filters")
        _module_digest.cache_clear()
