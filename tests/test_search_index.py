"""The search index: what Pagefind indexes, with which filters, and nothing harvestable."""

import gzip
import json
import re

import pytest
from search_index import SearchSettingsError, check_settings, page_fingerprints

from tests.pages import soup
from tests.sitebuild import build

ADDRESS = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def fragments(site):
    """{url: fragment record} of every page in the index."""
    found = {}
    for path in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        found[record["url"]] = record
    return found


@pytest.fixture(scope="module")
def indexed(dev_site):
    return fragments(dev_site)


def test_settings_are_checked():
    assert check_settings({}) == {"enabled": True, "bundle": "pagefind"}
    with pytest.raises(SearchSettingsError, match="unknown setting SEARCH\\['bundel'\\]"):
        check_settings({"SEARCH": {"bundel": "x"}})
    with pytest.raises(SearchSettingsError, match="SEARCH\\['enabled'\\] must be bool"):
        check_settings({"SEARCH": {"enabled": "yes"}})
    with pytest.raises(SearchSettingsError, match="folder in the output"):
        check_settings({"SEARCH": {"bundle": "../up"}})


def test_fingerprints_reuse_what_the_last_build_read(tmp_path):
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "skip.html").write_text("bundle")
    first = page_fingerprints(tmp_path, "pagefind", {})
    assert len(first) == 1 and next(iter(first)).startswith("a.html|")
    known = {key: "remembered" for key in first}
    assert page_fingerprints(tmp_path, "pagefind", known) == known


def test_posts_pages_files_and_messages_are_indexed_listings_are_not(indexed):
    urls = set(indexed)
    assert "/2012/06/16/traveller-a-long-time-affair/" in urls
    assert "/about/" in urls
    assert "/archive/ships/SCOUT.TXT.html" in urls
    assert any(u.startswith("/archive/mail/") for u in urls)
    for listing in ("/", "/category/traveller/", "/archives/", "/archive/", "/archive/ships/",
                    "/archive/titles/", "/search/"):
        assert listing not in urls


def test_filters_and_dates_come_from_the_templates(indexed):
    post = indexed["/2012/06/16/traveller-a-long-time-affair/"]
    assert post["filters"] == {"section": ["Blog"], "year": ["2012"], "author": ["heckj"]}
    assert post["meta"]["date"] == "2012-06-16"
    messages = [r for u, r in indexed.items() if u.startswith("/archive/mail/")]
    assert all(r["filters"]["section"] == ["Mail"] for r in messages)
    dated = [r for r in messages if "year" in r["filters"]]
    assert len(dated) > len(messages) * 0.9
    assert all(r["meta"]["date"].startswith(r["filters"]["year"][0]) for r in dated)
    assert sum("author" in r["filters"] for r in messages) > len(messages) * 0.9
    files = [r for u, r in indexed.items() if u.startswith("/archive/") and r not in messages]
    assert {r["filters"]["section"][0] for r in files} == {"Archive"}


def test_only_page_content_is_indexed(indexed):
    post = indexed["/2012/06/16/traveller-a-long-time-affair/"]["content"]
    assert "Skip to content" not in post and "Subscribe" not in post
    message = next(r for u, r in indexed.items() if u.startswith("/archive/mail/"))
    assert "Previous in thread" not in message["content"]


def test_the_index_holds_no_clear_email_address(dev_site):
    for path in (dev_site / "pagefind").rglob("*"):
        if path.is_file() and path.suffix not in (".js", ".css"):
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            assert not ADDRESS.findall(data), path


def test_search_page_works_without_script_by_pointing_to_the_indexes(dev_site):
    page = soup(dev_site, "/search/")
    assert "wasm-unsafe-eval" in page.find("meta", {"http-equiv": "Content-Security-Policy"})[
        "content"]
    noscript = page.find("noscript")
    assert "needs JavaScript" in noscript.get_text()
    links = {a.get_text(): a["href"] for a in noscript.find_all("a")}
    assert {"Archives", "category", "tag", "title, A–Z", "mailing lists", "people"} <= set(links)
    assert page.find("script", src=True)["src"].endswith("theme/js/search.js")


def test_a_rebuild_with_nothing_changed_keeps_the_index(tmp_path):
    output = build(tmp_path / "output")
    entry = output / "pagefind" / "pagefind-entry.json"
    before = entry.stat().st_mtime_ns
    build(output)
    assert entry.stat().st_mtime_ns == before
    (output / "stray.html").write_text("<html><body data-pagefind-body>"
                                       "<h1>Stray</h1><p>zyzzogeton</p></body></html>")
    build(output)
    assert entry.stat().st_mtime_ns != before
    assert "/stray.html" in fragments(output)


def test_filter_indexes_are_sorted_and_named_by_their_content(dev_site):
    """Pagefind writes filter values in hash-map order; stable.py sorts them."""
    import hashlib

    import cbor2

    bundle = dev_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_path = bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = cbor2.loads(gzip.decompress(meta_path.read_bytes())[len(b"pagefind_dcd"):])
    assert [name for name, _ in meta[3]] == ["author", "section", "year"]
    for name, file_hash in meta[3]:
        body = gzip.decompress((bundle / "filter" / f"{file_hash}.pf_filter").read_bytes())
        assert file_hash == "en_" + hashlib.sha256(body).hexdigest()[:7]
        filter_name, values = cbor2.loads(body[len(b"pagefind_dcd"):])
        assert filter_name == name and values == sorted(values)
    assert len(list((bundle / "filter").iterdir())) == 3
