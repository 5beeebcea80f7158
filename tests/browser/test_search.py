"""Searching the built site in Chromium: posts, archive mail, filters, no script."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe

POST = "/2012/06/16/traveller-a-long-time-affair/"
MESSAGE = "/archive/mail/mbox-archive-1997.mbox/1.html"


@pytest.fixture
def tab(browser):
    # The search page's own CSP stays on: Pagefind must work under it.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()


def search(tab, site_url, query):
    tab.goto(f"{site_url}/search/?q={query}")
    tab.wait_for_selector("#search-status:not(:empty)", timeout=15000)
    return [a.get_attribute("href") for a in tab.query_selector_all(".search-result h2 a")]


@pytest.mark.parametrize(("query", "expected", "section"), [
    ("kickstarter", POST, "Blog"),          # only in one seed post
    ("reorganising", MESSAGE, "Mail"),      # only in one archive mail message
])
def test_a_word_finds_its_page_on_the_first_result_page(tab, site_url, shots, query,
                                                        expected, section):
    found = search(tab, site_url, query)
    tab.screenshot(path=str(shots / f"search-{query}.png"), full_page=True)
    assert expected in found[:10]
    result = tab.locator(".search-result", has=tab.locator(f'a[href="{expected}"]'))
    assert result.locator(".meta").inner_text().startswith(section)
    assert result.locator("mark").first.inner_text().lower()[:6] == query[:6]  # stemmed
    assert tab.problems == []
    tab.click(f'.search-result a[href="{expected}"]')
    tab.wait_for_url("**" + expected)


def test_results_and_filter_counts_come_from_every_shard(tab, site_url, dev_site):
    """The archive and mail pages are in shards merged into the primary (posts') bundle."""
    found = search(tab, site_url, "bladders")  # only in one archive file, shard "archive"
    assert found[:1] == ["/archive/ships/SCOUT.TXT.html"]
    manifest = (dev_site / "pagefind" / "shards.json").read_text(encoding="utf-8")
    assert '"path": "shards/archive/"' in manifest
    mail = sum(1 for p in (dev_site / "archive" / "mail").rglob("*.html")
               if 'class="mail-message"' in p.read_text(encoding="utf-8"))
    assert tab.get_by_label("Mail (", exact=False).count() == 1
    assert tab.get_by_label(f"Mail ({mail})").count() == 1
    assert tab.problems == []


def test_a_filter_narrows_the_results(tab, site_url, shots):
    assert search(tab, site_url, "jump")
    status = tab.locator("#search-status")
    before = status.inner_text()
    tab.get_by_label("Mail (", exact=False).check()
    expect(status).not_to_have_text(before)
    tab.screenshot(path=str(shots / "search-filtered.png"), full_page=True)
    assert 0 < int(status.inner_text().split()[0]) < int(before.split()[0])
    assert "section=Mail" in tab.url
    metas = tab.locator(".search-result .meta").all_inner_texts()
    assert metas and all(meta.startswith("Mail") for meta in metas)
    before = status.inner_text()
    tab.select_option("select[name=year]", "1996")
    expect(status).not_to_have_text(before)
    metas = tab.locator(".search-result .meta").all_inner_texts()
    assert metas and all(m.startswith("Mail · 1996") for m in metas)
    assert tab.problems == []


def test_search_page_without_javascript_points_to_the_indexes(browser, site_url, shots):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search/?q=jump")
    page.screenshot(path=str(shots / "search-noscript.png"), full_page=True)
    text = page.locator("main").inner_text()
    assert "needs JavaScript" in text
    page.get_by_role("link", name="title, A–Z").click()
    page.wait_for_url("**/archive/titles/")
    context.close()


def test_search_page_is_accessible_with_results(browser, site_url):
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    search(page, site_url, "jump")
    assert run_axe(page) == []
    context.close()


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """The sample blog built, then one post edited and built again, so that the
    post is in the `edits` bundle and its old copy hidden (search_index/patches.py)."""
    import json
    import shutil
    import threading

    from tests.sitebuild import ROOT, build
    from tools.serve import make_server

    base = tmp_path_factory.mktemp("edited")
    shutil.copytree(ROOT / "content", base / "content")
    (base / "archive").mkdir()
    extra = [f"ARCHIVE={json.dumps({'path': str(base / 'archive'), 'progress': False})}"]
    output = build(base / "output", content=base / "content", extra=extra)
    post = base / "content" / "traveller" / "traveller-a-long-time-affair.md"
    post.write_text(post.read_text(encoding="utf-8").replace("TravellerAR", "Quetzalcoatlus"),
                    encoding="utf-8")
    build(output, content=base / "content", extra=extra)
    server = make_server(output, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield output, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_an_edited_post_is_found_by_its_new_words_only(tab, edited_site, shots):
    output, url = edited_site
    manifest = (output / "pagefind" / "shards.json").read_text(encoding="utf-8")
    assert '"name": "edits"' in manifest and '"hidden"' in manifest
    assert search(tab, url, "quetzalcoatlus") == [POST]
    tab.screenshot(path=str(shots / "search-edited.png"), full_page=True)
    assert POST not in search(tab, url, "travellerar")   # the old copy is hidden
    posts = sum(1 for p in output.rglob("index.html")
                if 'data-pagefind-filter="section:Blog"' in p.read_text(encoding="utf-8"))
    assert tab.get_by_label(f"Blog ({posts})").count() == 1   # counted once
    assert tab.problems == []
