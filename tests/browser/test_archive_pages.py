"""Archive pages in the browser: hostile 1990s pages run nothing; maps render."""

import pytest

from tests.browser.conftest import run_axe

HOSTILE_PAGE = "/archive/web/index.html"
SECTOR_PAGE = "/archive/sectors/TAMSIN.SEC.html"


@pytest.fixture
def tab(browser, request):
    # axe is injected as a script, which our own CSP rightly forbids; pages
    # that only need axe bypass it, the hostile-page test keeps it.
    bypass = request.node.name != "test_sanitised_page_runs_no_script"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass)
    page = context.new_page()
    page.events = []
    page.on("dialog", lambda d: (page.events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: page.events.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.events.append(f"error: {e}"))
    yield page
    context.close()


def test_sanitised_page_runs_no_script(tab, site_url, shots):
    tab.goto(site_url + HOSTILE_PAGE)
    tab.wait_for_timeout(300)
    tab.screenshot(path=str(shots / "archive-hostile-page.png"), full_page=True)
    assert tab.url == site_url + HOSTILE_PAGE  # no meta refresh or script navigated away
    assert tab.evaluate("document.scripts.length") == 0
    assert tab.evaluate("[...document.querySelectorAll('*')].filter("
                        "e => [...e.attributes].some(a => a.name.startsWith('on'))).length") == 0
    assert tab.events == []
    assert "Content-Security-Policy" in tab.content()
    assert tab.locator(".legacy-html").is_visible()


def test_hex_map_renders(tab, site_url, shots):
    tab.goto(site_url + SECTOR_PAGE)
    svg = tab.locator(".hexmap-wrap svg")
    svg.scroll_into_view_if_needed()
    box = svg.bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    assert "VESSARY" in svg.inner_html()
    tab.screenshot(path=str(shots / "archive-hexmap.png"), full_page=True)
    assert tab.events == []
    assert run_axe(tab) == []


def test_zip_member_opens_as_text(tab, site_url):
    tab.goto(site_url + "/archive/software/TRAVGEN.ZIP.html")
    tab.get_by_role("link", name="FILE_ID.DIZ").click()
    assert "FILE_ID.DIZ" in tab.locator("h1").inner_text()
    assert tab.locator("pre.legacy").inner_text().strip()
