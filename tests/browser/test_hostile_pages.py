"""Every page built from hostile input, opened in Chromium: nothing runs, nothing leaves.

The pages are tests.hostile.build.hostile_pages: every page of every
distinct hostile case, and of the 20,000 files in many/ the listings plus
every 1,000th file's page (the same template over the same kind of file;
opening all of them would add minutes and no case). Our CSP is in force
(no bypass): any script, handler, javascript: URL, <base>, refresh or
request to another host that got through the cleaning would show here.
"""

import threading
from urllib.parse import quote, urlsplit

import pytest

from tests.hostile.build import hostile_pages
from tools.serve import make_server

QUIET = ("Refused to", "Failed to load resource: the server responded with a status of 404")


@pytest.fixture(scope="module")
def hostile_url(hostile_build):
    server = make_server(hostile_build.output, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def watch(page, origin, events):
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"script error: {e}"))
    page.on("popup", lambda p: events.append(f"popup: {p.url}"))
    page.on("request", lambda r: None if r.url.startswith((origin + "/", "data:")) else
            events.append(f"request to {r.url}"))
    # Blocked by our CSP, or a 404 for a favicon an SVG document asks for: not run.
    page.on("console", lambda m: None if m.text.startswith(QUIET) else
            events.append(f"console: {m.text}"))


# The pages are opened in this many shares, one test each, so that the test
# processes open them side by side (each with its own browser).
SHARES = 4


@pytest.mark.parametrize("share", range(SHARES))
def test_no_hostile_page_runs_script_opens_a_dialog_or_navigates(browser, hostile_build,
                                                                  hostile_url, share):
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    events = []
    watch(page, hostile_url, events)
    problems = []
    pages = hostile_pages(hostile_build)[share::SHARES]
    assert len(pages) > 50
    for rel in pages:
        url = f"{hostile_url}/{quote(rel)}"
        try:
            page.goto(url, wait_until="load", timeout=30_000)
        except Exception as error:  # a download is not a page: nothing ran
            if "Download is starting" not in str(error):
                problems.append(f"{rel}: {error}")
            continue
        page.wait_for_timeout(30)  # a refresh of 0 s would have fired by now
        landed = urlsplit(page.url)
        if page.url != url and landed.path != urlsplit(url).path:
            problems.append(f"{rel}: navigated to {page.url}")
        if page.evaluate("document.scripts.length"):
            problems.append(f"{rel}: has a script element")
        problems += [f"{rel}: {event}" for event in events]
        events.clear()
    context.close()
    assert problems == []
