"""Tests for legacy_archive.urls: the one place archive paths become output paths."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.identify import extension
from legacy_archive.model import Item
from legacy_archive.names import assign_names, fold
from legacy_archive.structure import Folder
from legacy_archive.urls import Registry, plan, url_of

P = "archive"


def make_items(*rels, kinds=None):
    kinds = kinds or {}
    return [Item(rel=rel, safe_rel=rel, size=1, sha256="", kind=kinds.get(rel, "text"))
            for rel in rels]


def folders_of(items):
    rels = {""}
    for item in items:
        parts = item.safe_rel.split("/")[:-1]
        rels |= {"/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)}
    return {rel: Folder(rel, rel) for rel in rels}


def run(*rels, kinds=None):
    items = make_items(*rels, kinds=kinds)
    return plan(items, folders_of(items), P)


def all_paths(outputs, folder_pages, views, items=()):
    """Every output path the plan hands out, plus the old paths kept empty (.xml)."""
    paths = set(views.values())
    for out in outputs.values():
        paths |= {p for p in (out.original, out.page, out.sanitised) if p}
    for pages in folder_pages.values():
        paths |= set(pages.values())
    paths |= {f"{P}/{i.safe_rel}" for i in items if extension(i.safe_rel) in (".xml", ".xsl")}
    return paths


def assert_no_folded_clash(outputs, folder_pages, views):
    handed_out = [p for out in outputs.values() for p in (out.original, out.page, out.sanitised)
                  if p]
    handed_out += [p for rel, pages in folder_pages.items() for name, p in pages.items()
                   if rel or name != "name"]   # the root listing is the landing view
    handed_out += list(views.values())
    folded = [fold(p) for p in handed_out]
    assert len(folded) == len(set(folded))


def test_originals_keep_their_paths_and_get_a_page_beside_them():
    outputs, _, _ = run("a/b.txt", "README", "pics/SHIP.GIF")
    assert outputs["a/b.txt"].original == "archive/a/b.txt"
    assert outputs["a/b.txt"].page == "archive/a/b.txt.html"
    assert outputs["a/b.txt"].sanitised is None
    assert outputs["README"].original == "archive/README"
    assert outputs["pics/SHIP.GIF"].original == "archive/pics/SHIP.GIF"


@pytest.mark.parametrize("name", ["old.html", "OLD.HTM", "x.shtml", "y.mhtml"])
def test_html_gets_its_page_at_the_old_path_and_the_original_as_bin(name):
    outputs, _, _ = run(f"web/{name}", kinds={f"web/{name}": "html"})
    out = outputs[f"web/{name}"]
    assert out.page == f"archive/web/{name}"
    assert out.original == f"archive/web/{name}.bin"
    assert out.sanitised is None


def test_svg_is_sanitised_at_the_old_path_and_the_original_is_bin():
    outputs, _, _ = run("map.svg", "MAP2.SVGZ", kinds={"map.svg": "svg"})
    assert outputs["map.svg"].sanitised == "archive/map.svg"
    assert outputs["map.svg"].original == "archive/map.svg.bin"
    assert outputs["map.svg"].page == "archive/map.svg.html"
    assert outputs["MAP2.SVGZ"].sanitised == "archive/MAP2.SVGZ"


def test_xml_keeps_its_old_path_empty():
    outputs, folder_pages, views = run("data.xml", "data.xml.bin.txt", kinds={"data.xml": "xml"})
    out = outputs["data.xml"]
    assert (out.original, out.page, out.sanitised) == (
        "archive/data.xml.bin", "archive/data.xml.html", None)
    handed_out = all_paths(outputs, folder_pages, views) - {"archive/data.xml"}
    assert "archive/data.xml" not in {fold(p) for p in handed_out}


def test_link_gets_only_a_page():
    outputs, _, _ = run("alias.txt", kinds={"alias.txt": "link"})
    assert (outputs["alias.txt"].original, outputs["alias.txt"].page) == (
        None, "archive/alias.txt.html")


def test_archive_file_named_like_an_item_page_keeps_its_path():
    outputs, _, _ = run("notes.txt", "notes.txt.html", kinds={"notes.txt.html": "html"})
    assert outputs["notes.txt.html"].page == "archive/notes.txt.html"
    assert outputs["notes.txt.html"].original == "archive/notes.txt.html.bin"
    moved = outputs["notes.txt"].page
    assert moved not in ("archive/notes.txt.html", "archive/notes.txt.html.bin")
    assert moved.startswith("archive/notes.txt-") and moved.endswith(".html")
    # stable: the same input plans the same alternative
    assert run("notes.txt", "notes.txt.html", kinds={"notes.txt.html": "html"})[0][
        "notes.txt"].page == moved


def test_archive_file_named_like_a_download_keeps_its_path():
    outputs, _, _ = run("page.html", "page.html.bin", kinds={"page.html": "html"})
    assert outputs["page.html.bin"].original == "archive/page.html.bin"
    assert outputs["page.html"].original not in ("archive/page.html.bin", None)


def test_index_html_in_a_folder_keeps_its_path_and_the_listing_moves():
    outputs, folder_pages, _ = run("docs/index.html", "docs/a.txt",
                                   kinds={"docs/index.html": "html"})
    assert outputs["docs/index.html"].page == "archive/docs/index.html"
    listing = folder_pages["docs/"]["name"]
    assert listing != "archive/docs/index.html"
    assert listing.startswith("archive/docs/index-") and listing.endswith(".html")


def test_root_index_and_by_date_pages_move_for_archive_files():
    outputs, folder_pages, views = run("index.html", "by-date.html",
                                       kinds={"index.html": "html", "by-date.html": "html"})
    assert outputs["index.html"].page == "archive/index.html"
    assert outputs["by-date.html"].page == "archive/by-date.html"
    assert views["landing"] not in ("archive/index.html",)
    assert folder_pages[""]["name"] == views["landing"]
    assert folder_pages[""]["date"] != "archive/by-date.html"


def test_titles_view_moves_for_an_archive_file_at_its_path():
    outputs, _, views = run("titles/index.html", kinds={"titles/index.html": "html"})
    assert outputs["titles/index.html"].page == "archive/titles/index.html"
    assert views["titles"] != "archive/titles/index.html"
    assert views["titles"].startswith("archive/titles/index-")


def test_default_views_when_nothing_is_in_the_way():
    _, folder_pages, views = run("a/b.txt")
    assert views == {"manifest": "archive/manifest-sha256.txt",
                     "landing": "archive/index.html", "titles": "archive/titles/index.html",
                     "feed_rss": "archive/feed/index.xml",
                     "feed_atom": "archive/feed/atom/index.xml"}
    assert folder_pages["a/"] == {"name": "archive/a/index.html", "date": "archive/a/by-date.html"}


def test_an_archive_file_where_a_feed_goes_keeps_its_path_and_the_feeds_move_aside():
    outputs, _, views = run("feed/index.xml")
    assert outputs["feed/index.xml"].page == "archive/feed/index.xml.html"
    assert views["feed_rss"].startswith("archive/feed") and views["feed_rss"] != (
        "archive/feed/index.xml")
    assert views["feed_atom"] != views["feed_rss"]


def test_root_archive_file_named_like_the_manifest_moves_aside_with_a_finding():
    # The manifest's address is promised to readers, so it wins this one.
    items = make_items("manifest-sha256.txt")
    outputs, _, views = plan(items, folders_of(items), P)
    assert views["manifest"] == "archive/manifest-sha256.txt"
    moved = outputs["manifest-sha256.txt"].original
    assert moved.startswith("archive/manifest-sha256-") and moved.endswith(".txt")
    assert [f.code for f in items[0].findings] == ["path-taken"]


def test_no_output_path_is_inside_another_output_file():
    outputs, folder_pages, views = run("titles")
    paths = all_paths(outputs, folder_pages, views)
    folded = {fold(p) for p in paths}
    for path in paths:
        parts = path.split("/")
        assert not any(fold("/".join(parts[:n])) in folded for n in range(1, len(parts)))


def test_case_variants_of_generated_paths_are_also_avoided():
    outputs, _, _ = run("NOTES.TXT", "notes.txt.HTML", kinds={"notes.txt.HTML": "html"})
    assert fold(outputs["NOTES.TXT"].page) != fold(outputs["notes.txt.HTML"].page)


def test_registry_alternatives_are_stable_and_distinct():
    first, second = Registry(), Registry()
    for registry in (first, second):
        assert registry.claim("a/x.html", "one") == "a/x.html"
    alternatives = [r.claim("a/X.HTML", "two") for r in (first, second)]
    assert alternatives[0] == alternatives[1] != "a/X.HTML"
    assert first.claim("a/x.html", "three") not in ("a/x.html", alternatives[0])


NAME = st.text(st.sampled_from("abAB.-_ éE\u0301x"), min_size=1, max_size=6)
SUFFIX = st.sampled_from(["", ".txt", ".html", ".HTM", ".svg", ".xml", ".bin", ".html.bin",
                          ".txt.html", ".gif"])
ENTRY = st.tuples(st.sampled_from(["", "d/", "d/e/"]), NAME, SUFFIX)
SPECIAL = st.sampled_from(["index.html", "by-date.html", "manifest-sha256.txt",
                           "titles/index.html", "d/index.html", "d/by-date.html"])
KINDS = {".html": "html", ".htm": "html", ".svg": "svg", ".xml": "xml"}


def safe_items(rels):
    """Items with safe names given per folder, as discover does (folder names are safe)."""
    by_folder = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        by_folder.setdefault(folder, []).append(name)
    items = []
    for folder, names in sorted(by_folder.items()):
        safe, _ = assign_names(names)
        prefix = folder + "/" if folder else ""
        items += [Item(rel=prefix + name, safe_rel=prefix + safe[name], size=1, sha256="",
                       kind=KINDS.get(extension(name), "text")) for name in names]
    return items


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, max_size=15), st.lists(SPECIAL, max_size=3))
def test_no_two_outputs_share_a_folded_path(entries, specials):
    rels = {f"{folder}{name}{suffix}" for folder, name, suffix in entries} | set(specials)
    items = safe_items(sorted(rels))
    outputs, folder_pages, views = plan(items, folders_of(items), P)
    assert_no_folded_clash(outputs, folder_pages, views)
    old_empty = {fold(f"{P}/{i.safe_rel}") for i in items if extension(i.safe_rel) == ".xml"}
    assert not old_empty & {fold(p) for o in outputs.values()
                            for p in (o.original, o.page, o.sanitised) if p}


@pytest.mark.parametrize(("path", "url"), [
    ("archive/a b/c d.txt", "archive/a%20b/c%20d.txt"),
    ("archive/Tom & Jerry's.txt", "archive/Tom%20&%20Jerry's.txt"),
    ("archive/café/naïve.txt", "archive/caf%C3%A9/na%C3%AFve.txt"),
    ("archive/docs/index.html", "archive/docs/"),
    ("archive/index.html", "archive/"),
    ("archive/x#y?z%.txt", "archive/x%23y%3Fz%25.txt"),
    ("archive/a+b=c~d.txt", "archive/a+b=c~d.txt"),
])
def test_url_of_quotes_segments_and_ends_folders_in_slash(path, url):
    assert url_of(path) == url


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("/%?#_.~-"),
               max_size=40))
def test_url_of_leaves_unquoted_only_what_quote_would_leave(path):
    from urllib.parse import quote

    from legacy_archive.urls import URL_SAFE

    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    assert url_of(path) == "/".join(quote(part, safe=URL_SAFE) for part in path.split("/"))
