"""The search index: what Pagefind indexes, with which filters, and nothing harvestable."""

import gzip
import json
import re
import shutil

import pytest
from search_index import SearchSettingsError, check_settings, group, page_fingerprints
from search_index.shards import shard_of

from tests.pages import searchable, soup
from tests.sitebuild import build

ADDRESS = re.compile(rb"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def bundles(site):
    """The primary bundle folder and those of the shards its manifest lists."""
    root = site / "pagefind"
    manifest = json.loads((root / "shards.json").read_text(encoding="utf-8"))
    return [root] + [root / shard["path"] for shard in manifest["shards"]]


def fragments(site):
    """{url: fragment record} of every page in every shard of the index."""
    found = {}
    for path in sorted(p for bundle in bundles(site) for p in (bundle / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        found[record["url"]] = record
    return found


@pytest.fixture(scope="module")
def indexed(dev_site):
    return fragments(dev_site)


def test_settings_are_checked():
    assert check_settings({}) == {"enabled": True, "bundle": "pagefind", "min_shard_pages": 500,
                                  "post_shard_pages": 200, "patch_pages": 20}
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
    assert next(iter(first.values()))[1] is None  # no data-pagefind-body: not indexed
    known = {key: ["remembered", "site"] for key in first}
    assert page_fingerprints(tmp_path, "pagefind", known) == known


BODY = b'<article data-pagefind-body data-pagefind-filter="section:Mail">'


@pytest.mark.parametrize(("path", "html", "shard"), [
    ("about/index.html", b"<main data-pagefind-body>", "site"),
    ("2012/06/16/post/index.html", BODY, "site"),
    ("2012/06/16/post/index.html", BODY + b'<p data-pagefind-filter="year:2012">', "posts-2012"),
    ("index.html", b"<main><h1>Listing</h1>", None),
    ("2012/06/16/pagefind/index.html", b"<p>We mark it with data-pagefind-body.</p>", None),
    ("archive/00index.txt.html", BODY, "archive"),
    ("archive/ships/SCOUT.TXT.html", BODY, "archive-ships"),
    ("archive/TML 1997/x.zip/a.txt.html", BODY, "archive-tml-1997"),
    ("archive/mail/tml/3.html", BODY + b'<dl data-pagefind-filter="year:1996">', "mail-1996"),
    ("archive/mail/mbox-archive-1997.mbox/1.html", BODY + b'<dl data-pagefind-filter="year:1997">',
     "mail-1997"),
    ("archive/mail/tml/4.html", BODY, "mail-undated"),
    ("archive/mail/tml/1996/index.html", b"<main>threads</main>", None),
])
def test_pages_go_to_stable_shards_by_path_and_year(path, html, shard):
    assert shard_of(path, html) == shard


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


def test_small_folders_and_years_share_their_group_shard():
    pages = {f"archive/ships/{n}.html|1|1": ["d", "archive-ships"] for n in range(3)}
    pages |= {f"archive/mail/x/{n}.html|1|1": ["d", f"mail-{1990 + n % 2}"] for n in range(5)}
    pages |= {"a/index.html|1|1": ["d", "site"], "archive/index.html|1|1": ["d", None]}
    shards, _ = group(pages, min_pages=3)
    assert {name: len(p) for name, p in shards.items()} == {
        "archive-ships": 3, "mail-1990": 3, "mail": 2, "site": 1}
    assert set(group(pages, min_pages=0)[0]) == {"archive-ships", "mail-1990", "mail-1991",
                                                 "site"}


def test_posts_of_consecutive_years_share_a_shard_the_newest_stay_primary():
    counts = {2008: 3, 2009: 1, 2010: 1, 2011: 4, 2012: 1, 2013: 1}
    pages = {f"{y}/01/01/p{n}/index.html|1|1": ["d", f"posts-{y}"]
             for y, count in counts.items() for n in range(count)}
    pages["about/index.html|1|1"] = ["d", "site"]
    shards, _ = group(pages, min_pages=500, post_pages=3)
    assert {name: len(p) for name, p in shards.items()} == {
        "posts-2008": 3, "posts-2009-2011": 6, "site": 3}
    # A new post in the newest year leaves the older shards as they were.
    pages["2013/02/01/new/index.html|1|1"] = ["d", "posts-2013"]
    assert group(pages, min_pages=500, post_pages=3)[1]["posts-2008"] == group(
        {k: v for k, v in pages.items() if not k.startswith("2013/02")}, 500, 3)[1]["posts-2008"]
    assert set(group(pages, min_pages=500, post_pages=4)[0]) == {
        "posts-2008-2009", "posts-2010-2011", "site"}
    few = {k: v for k, v in pages.items() if k.startswith(("2008", "about"))}
    assert set(group(few, min_pages=500)[0]) == {"site"}   # a small blog: one shard


def test_the_index_is_sharded_and_lists_its_shards(dev_site):
    manifest = json.loads((dev_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    names = [shard["name"] for shard in manifest["shards"]]
    # The sample archive is small: its folders and years share two shards.
    assert names == ["archive", "mail"]
    for bundle in bundles(dev_site):
        assert (bundle / "pagefind-entry.json").is_file()
    assert not (dev_site / "pagefind" / "shards" / "mail" / "pagefind.js").exists()
    urls = set(fragments(dev_site))
    assert sum(shard["pages"] for shard in manifest["shards"]) + len(
        list((dev_site / "pagefind" / "fragment").iterdir())) == len(urls)


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


def entries(output):
    """{bundle folder: mtime of its entry file}."""
    return {bundle.relative_to(output).as_posix(): (bundle / "pagefind-entry.json").stat(
    ).st_mtime_ns for bundle in bundles(output)}


def test_a_rebuild_reindexes_only_the_shards_whose_pages_changed(tmp_path):
    # A shard per folder and year, as at scale; no patching (tested below).
    fine = ['SEARCH={"min_shard_pages": 0, "patch_pages": 0}']
    output = build(tmp_path / "output", extra=fine)
    before = entries(output)
    build(output, extra=fine)
    assert entries(output) == before  # nothing changed: no shard re-indexed
    message = output / "archive" / "mail" / "mbox-archive-1997.mbox" / "1.html"
    (message.parent / "added.html").write_text(message.read_text(encoding="utf-8").replace(
        "</article>", "<p>zyzzogeton</p></article>", 1), encoding="utf-8")
    (output / "stray.html").write_text("<html><body data-pagefind-body>"
                                       "<h1>Stray</h1><p>zyzzogeton</p></body></html>")
    shutil.rmtree(output / "pagefind" / "shards" / "archive-xboat")
    (output / "pagefind" / "shards" / "gone").mkdir()
    build(output, extra=fine)
    after = entries(output)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"pagefind", "pagefind/shards/mail-1997", "pagefind/shards/archive-xboat"}
    assert not (output / "pagefind" / "shards" / "gone").exists()
    found = fragments(output)
    assert {"/stray.html", "/archive/mail/mbox-archive-1997.mbox/added.html"} <= set(found)


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


def test_a_state_file_of_an_older_layout_is_ignored(tmp_path):
    """A cache written by an earlier version must not break the build."""
    from search_index import STATE_FILE, update_index

    output = tmp_path / "output"
    (output / "a").mkdir(parents=True)
    (output / "a" / "index.html").write_text(
        '<html lang="en"><body data-pagefind-body><h1>A</h1><p>word</p></body></html>')
    state = tmp_path / STATE_FILE
    state.write_text(json.dumps({"output": str(output), "overall": "x",
                                 "pages": {"a/index.html|1|2": "digest"}}))
    assert set(update_index(output, "pagefind", state)) == {"site"}
    assert json.loads(state.read_text())["layout"] >= 2


def test_staging_is_brought_up_to_date_not_made_again(tmp_path):
    from search_index.bundles import forget_staging, stage

    output, folder = tmp_path / "output", tmp_path / "staging" / "site"
    for name in ("a", "b", "c"):
        (output / name).mkdir(parents=True)
        (output / name / "index.html").write_text(name)
    pages = ["a/index.html", "b/index.html"]
    stage(output, pages, folder)
    first = (folder / "a" / "index.html").stat().st_ino
    (output / "a" / "index.html").write_text("a, edited in place")
    (output / "b" / "index.html").unlink()
    (output / "b" / "index.html").write_text("b, a new file")
    stage(output, ["a/index.html", "b/index.html", "c/index.html"], folder)
    stage(output, ["a/index.html", "b/index.html"], folder)
    assert (folder / "a" / "index.html").stat().st_ino == first
    assert (folder / "a" / "index.html").read_text() == "a, edited in place"
    assert (folder / "b" / "index.html").read_text() == "b, a new file"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")) == pages
    forget_staging(folder.parent, {"other"})
    assert not folder.exists()


def small_site(output, words):
    """Pages a/<n>/index.html, each indexed with its word from `words`."""
    for n, word in enumerate(words):
        (output / "a" / str(n)).mkdir(parents=True, exist_ok=True)
        (output / "a" / str(n) / "index.html").write_text(
            f'<html lang="en"><body><main data-pagefind-body data-pagefind-filter="year:200{n}">'
            f"<h1>Page {n}</h1><p>common {word}</p></main></body></html>", encoding="utf-8")


def test_a_few_changed_pages_are_patched_not_indexed_again(tmp_path):
    """Changed and new pages go to `edits`; the old copies are listed as hidden."""
    from search_index import update_index

    output, state = tmp_path / "output", tmp_path / "cache" / "state.json"
    small_site(output, ["alpha", "bravo", "charlie", "delta", "echo"])
    assert set(update_index(output, "pagefind", state, patch_pages=2)) == {"site"}
    old = fragments(output)
    primary = (output / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns
    small_site(output, ["alpha", "zulu"])               # page 1 edited
    shutil.rmtree(output / "a" / "2")                    # page 2 removed
    assert update_index(output, "pagefind", state, patch_pages=2) == {
        "edits": ["a/1/index.html"]}
    assert (output / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns == primary
    manifest = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert [shard["name"] for shard in manifest["shards"]] == ["edits"]
    ids = {path.name.removesuffix(".pf_fragment"): url for url, path in fragment_files(output)}
    assert {ids[hidden["id"]] for hidden in manifest["hidden"]} == {"/a/1/", "/a/2/"}
    assert {tuple(hidden["filters"]["year"]) for hidden in manifest["hidden"]} == {
        ("2001",), ("2002",)}
    assert "zulu" in fragments(output)["/a/1/"]["content"]   # the edits bundle's copy
    assert "bravo" in old["/a/1/"]["content"]
    # One more change makes three since "site" was indexed: it is indexed again
    # (after a try in `edits`, which shows all three changed what is indexed).
    small_site(output, ["alpha", "zulu", "charlie", "yankee", "xray"])
    assert set(update_index(output, "pagefind", state, patch_pages=2)) >= {"site"}
    manifest = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["shards"] == [] and "hidden" not in manifest
    assert not (output / "pagefind" / "shards" / "edits").exists()
    last_words = {url: record["content"].split()[-1].rstrip(".")
                  for url, record in fragments(output).items()}
    assert last_words == {"/a/0/": "alpha", "/a/1/": "zulu", "/a/2/": "charlie",
                          "/a/3/": "yankee", "/a/4/": "xray"}


def fragment_files(site):
    """(url, fragment path) of every page in every bundle."""
    for path in sorted(p for bundle in bundles(site) for p in (bundle / "fragment").iterdir()):
        record = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        yield record["url"], path


def test_a_shard_is_indexed_again_when_an_old_copy_cannot_be_found(tmp_path):
    from search_index import update_index

    output, state = tmp_path / "output", tmp_path / "cache" / "state.json"
    small_site(output, ["alpha", "bravo"])
    update_index(output, "pagefind", state, patch_pages=5)
    for path in (output / "pagefind" / "fragment").iterdir():
        path.unlink()   # the bundle no longer holds the pages it is said to
    small_site(output, ["alpha", "zulu"])
    assert set(update_index(output, "pagefind", state, patch_pages=5)) == {"site"}


def test_patch_plan_counts_changes_against_the_indexed_bundle():
    from search_index.patches import plan

    indexed = {"s": {"a": "1", "b": "2", "c": "3"}, "t": {"x": "1"}}
    members = {"s": {"a": "1", "b": "changed", "d": "new"}, "t": {"x": "1"}, "u": {"y": "1"}}
    again, patched = plan(members, indexed, lambda name: True, limit=3)
    assert again == ["u"] and patched == {"s": ["b", "d", "c"]}
    assert plan(members, indexed, lambda name: True, limit=2)[0] == ["s", "u"]
    assert plan(members, indexed, lambda name: name != "t", limit=3)[0] == ["t", "u"]
    assert plan(members, indexed, lambda name: True, limit=0)[0] == ["s", "u"]


def test_a_page_changed_outside_what_is_indexed_stays_in_its_shard(tmp_path):
    """Same indexed text, same result id: hiding the old copy would hide the new."""
    from search_index import update_index

    output, state = tmp_path / "output", tmp_path / "cache" / "state.json"
    small_site(output, ["alpha", "bravo", "charlie"])
    update_index(output, "pagefind", state, patch_pages=5)
    page = output / "a" / "1" / "index.html"
    page.write_text(page.read_text().replace("</main>", "</main><nav>Next: Charlie</nav>"))
    edited = output / "a" / "2" / "index.html"
    edited.write_text(edited.read_text().replace("charlie", "zulu"))
    assert set(update_index(output, "pagefind", state, patch_pages=5)) == {"edits"}
    manifest = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert next(s for s in manifest["shards"] if s["name"] == "edits")["pages"] == 1
    assert len(manifest["hidden"]) == 1
    assert set(searchable(output)) == {"/a/0/", "/a/1/", "/a/2/"}
    assert "zulu" in searchable(output)["/a/2/"][0]
    assert update_index(output, "pagefind", state, patch_pages=5) == {}   # settled


def test_old_copies_are_read_from_the_bundle_once(tmp_path, monkeypatch):
    import search_index

    output, state = tmp_path / "output", tmp_path / "cache" / "state.json"
    small_site(output, ["alpha", "bravo", "charlie"])
    search_index.update_index(output, "pagefind", state, patch_pages=5)
    small_site(output, ["alpha", "zulu"])
    search_index.update_index(output, "pagefind", state, patch_pages=5)
    reads = []
    monkeypatch.setattr(search_index, "old_copies", lambda *a: reads.append(a) or None)
    (output / "a" / "2" / "index.html").touch()   # read again, same digest: no change
    assert search_index.update_index(output, "pagefind", state, patch_pages=5) == {}
    assert reads == []
    manifest = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["hidden"]) == 1


def test_a_shard_with_many_changed_pages_is_patched_if_few_changed_what_is_indexed(tmp_path):
    """A new digest changes its neighbours' links (not indexed) and adds a few pages."""
    from search_index import update_index

    output, state = tmp_path / "output", tmp_path / "cache" / "state.json"
    small_site(output, ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"])
    update_index(output, "pagefind", state, patch_pages=2)
    for n in range(5):   # five pages' links change, outside what is indexed
        page = output / "a" / str(n) / "index.html"
        page.write_text(page.read_text().replace("</main>", "</main><nav>Next: Zulu</nav>"))
    (output / "a" / "6").mkdir()
    (output / "a" / "6" / "index.html").write_text(
        '<html lang="en"><body><main data-pagefind-body><p>zulu</p></main></body></html>')
    assert set(update_index(output, "pagefind", state, patch_pages=2)) == {"edits"}
    manifest = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert [s["pages"] for s in manifest["shards"] if s["name"] == "edits"] == [1]
    assert "hidden" not in manifest
    assert len(searchable(output)) == 7
    # Three pages whose indexed text changes are more than two: "site" is indexed again.
    for n in range(3):
        page = output / "a" / str(n) / "index.html"
        page.write_text(page.read_text().replace("common", "shared"))
    assert set(update_index(output, "pagefind", state, patch_pages=2)) >= {"site"}
    manifest = json.loads((output / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["shards"] == [] and "hidden" not in manifest
    assert {url: text.split()[2] for url, (text, _, _) in searchable(output).items()
            if url in ("/a/0/", "/a/3/")} == {"/a/0/": "shared", "/a/3/": "common"}
