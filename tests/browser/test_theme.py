"""The theme as readers see it: phone and desktop, light and dark, by mouse and keyboard."""

import pytest

from tests.browser.conftest import run_axe
from tests.expected import POSTS

PAGES = {
    "home": "/",
    "article": POSTS[2][0],
    "category": "/category/openstack/",
    "archive-story": "/missouri-archive/",
    "archive-landing": "/archive/",
    "archive-folder": "/archive/ships/",
    "archive-item": "/archive/ships/SCOUT.TXT.html",
    "page": "/about/",
}
VIEWPORTS = {"phone": (320, 640), "desktop": (1440, 900)}
SCHEMES = ("light", "dark")


@pytest.fixture(scope="module", params=[(v, s) for v in VIEWPORTS for s in SCHEMES],
                ids=lambda p: f"{p[0]}-{p[1]}")
def page(request, browser):
    viewport, scheme = request.param
    width, height = VIEWPORTS[viewport]
    # bypass_csp: axe-core is injected as a script, which the archive's CSP forbids.
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    tab.label = f"{viewport}-{scheme}"
    outside = []
    tab.on("request", lambda r: outside.append(r.url)
           if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    tab.outside_requests = outside
    yield tab
    context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_is_accessible_and_self_contained(page, site_url, shots, name):
    page.goto(site_url + PAGES[name])
    page.screenshot(path=str(shots / f"{name}-{page.label}.png"), full_page=True)
    assert run_axe(page) == []
    assert page.outside_requests == []
    # Nothing wider than the screen except scrollable code blocks.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_navigation_by_clicking(page, site_url):
    page.goto(site_url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Traveller").click()
    page.wait_for_url("**/category/traveller/")
    page.get_by_role("link", name=POSTS[7][1]).first.click()
    page.wait_for_url("**" + POSTS[7][0])
    assert page.get_by_role("heading", level=1).inner_text() == POSTS[7][1]
    page.locator("main").get_by_role("link", name="geekstuff", exact=True).first.click()
    page.wait_for_url("**/tag/geekstuff/")


def test_skip_link_is_first_and_visible_on_focus(page, site_url):
    page.goto(site_url + POSTS[0][0])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#content"
    box = page.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
    assert '"width":0' not in box
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"


def test_legacy_text_keeps_80_columns(page, site_url):
    page.goto(site_url + POSTS[2][0])
    block = page.locator("div.highlight pre").nth(3)
    assert block.evaluate("e => getComputedStyle(e).whiteSpace") == "pre"
    assert block.evaluate("e => getComputedStyle(e).overflowX") in ("auto", "scroll")
