"""Tests for legacy_archive.render: text for <pre>, listings, and skipping unchanged pages."""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from legacy_archive.catalog import Catalog
from legacy_archive.lookups import Lookups
from legacy_archive.model import Item
from legacy_archive.render import (
    KIND_LABELS,
    Renderer,
    file_row,
    human_size,
    legacy_text,
    letters,
    sort_letter,
    title_of,
)
from legacy_archive.urls import Outputs
from markupsafe import Markup
from pelican.writers import FileOverwriteFailedError, Writer


def test_legacy_text_maps_c0_controls_to_control_pictures():
    assert legacy_text("a\x0cb\x1bc\x00d\x1ae\x7f") == "a\u240cb\u241bc\u2400d\u241ae\u2421"
    assert legacy_text("\r") == "\u240d"


def test_legacy_text_keeps_tab_and_newline():
    assert legacy_text("col1\tcol2\nline2") == "col1\tcol2\nline2"


@pytest.mark.parametrize("char", ["\x80", "\x85", "\x9f", "\ufdd0", "\ufdef", "\ufffe", "\uffff"])
def test_legacy_text_maps_c1_and_noncharacters_to_replacement(char):
    assert legacy_text(f"a{char}b") == "a\ufffdb"


@pytest.mark.parametrize("char", ["\U0001fffe", "\U0010ffff"])
def test_legacy_text_maps_supplementary_noncharacters_to_replacement(char):
    assert legacy_text(f"a{char}b") == "a\ufffdb"


@given(st.text() | st.text(alphabet=st.characters(codec=None, exclude_categories=())))
def test_legacy_text_is_the_two_full_passes(text):
    from legacy_archive.render import C0, C1_AND_NONCHARS
    from markupsafe import escape

    full = C1_AND_NONCHARS.sub("\ufffd", text.translate(C0))
    assert legacy_text(text) == escape(full)


def test_legacy_text_escapes_markup_and_returns_markup():
    result = legacy_text('<script>&"x"</script>')
    assert isinstance(result, Markup)
    assert result == "&lt;script&gt;&amp;&#34;x&#34;&lt;/script&gt;"
    assert "<" not in result


def test_legacy_text_leaves_ordinary_unicode_alone():
    assert legacy_text("Café ╔═╗ 日本 🚀") == "Café ╔═╗ 日本 🚀"


@pytest.mark.parametrize(("size", "text"), [
    (0, "0 bytes"), (1023, "1023 bytes"), (1024, "1.0 KB"), (1536, "1.5 KB"),
    (5 * 1024 ** 2, "5.0 MB"), (3 * 1024 ** 3, "3.0 GB"), (5000 * 1024 ** 3, "5000.0 GB"),
])
def test_human_size(size, text):
    assert human_size(size) == text


def test_title_of_falls_back_to_the_file_name_shown_safely():
    assert title_of(Item("a/b.txt", "a/b.txt", 1, "", "text", title="T")) == "T"
    assert title_of(Item("a/b.txt", "a/b.txt", 1, "", "text")) == "b.txt"
    assert title_of(Item(os.fsdecode(b"a/caf\xe9"), "x", 1, "", "text")) == "caf\\xe9"


@pytest.mark.parametrize(("title", "letter"), [
    ("apple", "A"), ('"Quoted" title', "Q"), ("(Paren)", "P"), ("  spaced", "S"),
    ("1001 ships", "#"), ("Égalité", "#"), ("", "#"), ("!bang", "#"),
])
def test_sort_letter(title, letter):
    assert sort_letter(title) == letter


def test_file_row_for_a_listing():
    item = Item("d/ships.txt", "d/ships.txt", 2048, "", "text", title="Ships", date="1993",
                description="Deck plans")
    row = file_row(item, Outputs("archive/d/ships.txt", "archive/d/ships.txt.html", None))
    assert row == {"name": "ships.txt", "title": "Ships", "url": "archive/d/ships.txt.html",
                   "original": "archive/d/ships.txt", "size": "2.0 KB", "bytes": 2048,
                   "date": "1993", "kind": "Text", "description": "Deck plans"}


def test_file_row_of_a_link_has_no_original():
    item = Item("a b", "a b", 0, "", "link")
    row = file_row(item, Outputs(None, "archive/a b.html", None))
    assert (row["original"], row["url"], row["kind"]) == ("", "archive/a%20b.html", "Link")


def test_every_kind_has_a_label():
    kinds = {"text", "mail", "html", "svg", "xml", "sector", "index", "image", "zip",
             "container", "executable", "binary", "empty", "link"}
    assert set(KIND_LABELS) == kinds


def test_letters_groups_rows_by_first_letter_in_order():
    rows = [{"title": t, "url": u} for t, u in
            [("beta", "2"), ("Alpha", "1"), ("alpha", "0"), ("42", "3"), ("Bravo", "4")]]
    grouped = letters(rows)
    assert [(k, [r["url"] for r in g]) for k, g in grouped] == [
        ("#", ["3"]), ("A", ["0", "1"]), ("B", ["2", "4"])]


TEMPLATES = {"page.html": "{{ output_file }}|{{ SITEURL }}|{{ title }}|{{ body }}"}


class Build:
    """One build's writer and renderer over a real catalog and a real output folder."""

    def __init__(self, tmp_path, site="site-1"):
        self.out = tmp_path / "out"
        self.catalog = Catalog(tmp_path / "cache" / "c.sqlite", "v1")
        writer = Writer(str(self.out), settings={})
        env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
        self.renderer = Renderer(writer, {"SITEURL": "https://x.example"}, env, self.catalog,
                                 site, relative_urls=True)
        self.loads = 0

    def body(self):
        self.loads += 1
        return "<pre>text</pre>"

    def page(self, path="archive/d/a b.txt.html", **data):
        data = {"title": "Ships", **data}
        self.renderer.page(path, "page.html", str(self.out), late={"body": self.body}, **data)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.catalog.close(commit=exc[0] is None)


def test_page_is_rendered_at_its_path_with_relative_siteurl_and_late_data(tmp_path):
    with Build(tmp_path) as build:
        build.page()
        assert (build.renderer.written, build.renderer.skipped, build.loads) == (1, 0, 1)
    html = (tmp_path / "out" / "archive" / "d" / "a b.txt.html").read_text()
    assert html == "archive/d/a b.txt.html|../..|Ships|&lt;pre&gt;text&lt;/pre&gt;"


def test_unchanged_page_is_skipped_without_loading_late_data(tmp_path):
    with Build(tmp_path) as build:
        build.page()
    with Build(tmp_path) as build:
        build.page()
        assert (build.renderer.written, build.renderer.skipped, build.loads) == (0, 1, 0)


@pytest.mark.parametrize("change", ["data", "site", "missing file", "missing folder"])
def test_page_is_rendered_again_when_its_inputs_or_file_changed(tmp_path, change):
    with Build(tmp_path) as build:
        build.page()
    target = tmp_path / "out" / "archive" / "d" / "a b.txt.html"
    if change == "missing file":
        target.unlink()
    if change == "missing folder":
        shutil.rmtree(target.parent)
    with Build(tmp_path, site="site-2" if change == "site" else "site-1") as build:
        build.page(title="New" if change == "data" else "Ships")
        assert (build.renderer.written, build.renderer.skipped) == (1, 0)
    assert target.exists()


def test_of_two_pages_in_one_folder_only_the_deleted_one_is_written_again(tmp_path):
    paths = ["archive/d/a.html", "archive/d/b.html"]
    with Build(tmp_path) as build:
        for path in paths:
            build.page(path)
    (tmp_path / "out" / paths[1]).unlink()
    with Build(tmp_path) as build:
        for path in paths:
            build.page(path)
        assert (build.renderer.written, build.renderer.skipped) == (1, 1)
    assert (tmp_path / "out" / paths[1]).exists()


def test_dataclass_data_is_fingerprinted_by_value(tmp_path):
    item = Item("a", "a", 1, "sha-1", "text")
    with Build(tmp_path) as build:
        build.page(item=item)
    with Build(tmp_path) as build:
        build.page(item=Item("a", "a", 1, "sha-1", "text"))
        assert build.renderer.skipped == 1
        build.page(path="archive/other.html", item=item)
    with Build(tmp_path) as build:
        build.page(item=Item("a", "a", 1, "sha-2", "text"))
        assert build.renderer.written == 1


@pytest.mark.parametrize("path", ["top.html", "archive/a.html", "archive/d/e f.txt.html",
                                  "archive/mail/tml/1996/threads.html"])
def test_a_page_is_what_pelicans_writer_writes_and_is_noted_as_it_notes(tmp_path, path):
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    ours_out, theirs_out = tmp_path / "ours", tmp_path / "theirs"
    ours_context, theirs_context = {"SITEURL": "https://x.example"}, {"SITEURL": "https://x.example"}
    ours = Writer(str(ours_out), settings={})
    theirs = Writer(str(theirs_out), settings={})
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        Renderer(ours, ours_context, env, catalog, "site", relative_urls=True).write(
            path, "page.html", "fingerprint", {"title": "T", "body": "<b>"})
    theirs.write_file(path, env.get_template("page.html"), theirs_context,
                      relative_urls=True, override_output=True, title="T", body="<b>")
    assert (ours_out / path).read_bytes() == (theirs_out / path).read_bytes()
    assert ours_context == theirs_context   # localsiteurl set as Pelican sets it
    for writer, out in ((ours, ours_out), (theirs, theirs_out)):
        assert writer._written_files == writer._overridden_files == {str(out / path)}
    # A later page of Pelican's at the same path is skipped, as after write_file.
    ours.write_file(path, env.from_string("blog page"), {}, relative_urls=True)
    assert (ours_out / path).read_bytes() == (theirs_out / path).read_bytes()


def test_a_page_over_one_pelican_wrote_follows_its_writers_rules(tmp_path):
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    writer = Writer(str(tmp_path / "out"), settings={})
    writer.write_file("archive/a.html", env.from_string("blog page"), {}, relative_urls=True)
    path = str(tmp_path / "out" / "archive" / "a.html")
    assert path in writer._written_files and path not in writer._overridden_files
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        Renderer(writer, {"SITEURL": ""}, env, catalog, "site", relative_urls=True).write(
            "archive/a.html", "page.html", "f", {"title": "Café ✓", "body": "naïve"})
    assert "Café ✓" in Path(path).read_text(encoding="utf-8")   # overwritten, in UTF-8
    assert path in writer._overridden_files   # a later write of Pelican's is skipped


def test_an_archive_page_written_twice_stops_as_pelicans_writer_does(tmp_path):
    with Build(tmp_path) as build:
        build.renderer.write("archive/a.html", "page.html", "f", {"title": "T", "body": ""})
        with pytest.raises(FileOverwriteFailedError):
            build.renderer.write("archive/a.html", "page.html", "f", {"title": "T", "body": ""})


def test_a_row_reads_its_keys_as_attributes_in_templates():
    from jinja2 import StrictUndefined
    from legacy_archive.render import Row

    row = Row({"url": "a.html"}, title="A <b>")
    assert (row.url, row.title) == ("a.html", "A <b>")
    assert row == {"url": "a.html", "title": "A <b>"} and list(row.items())[0] == ("url", "a.html")
    with pytest.raises(AttributeError):
        row.missing   # noqa: B018
    env = Environment(autoescape=True)
    assert env.from_string("{{ r.title }} {{ r.missing }}|").render(r=row) == "A &lt;b&gt; |"
    strict = Environment(undefined=StrictUndefined)
    with pytest.raises(Exception, match="missing"):
        strict.from_string("{{ r.missing }}").render(r=row)


def test_a_row_is_freed_without_the_cycle_collector():
    # Builds hold full collections (collector.py): a row must not need one.
    import gc
    import weakref

    from legacy_archive.render import Row

    gc.disable()
    try:
        row = Row(url="a.html", title="A")
        gone = weakref.ref(row)
        del row
        assert gone() is None
    finally:
        gc.enable()


def test_a_page_with_lookups_stands_for_their_answers(tmp_path):
    """Made again when an answer to a lookup it made changes, not when a path
    it never looked up comes or goes; its view is made before its lookups
    are read."""
    paths = {"a.txt": "archive/a.txt.html"}
    resolvers = (paths.get, {}.get)

    def build_once():
        with Build(tmp_path) as build:
            path = "archive/web/p.html"
            lookups = Lookups(resolvers, build.catalog.page_lookups(path))
            asked = lookups.recording()[0]
            build.renderer.page(path, "page.html", str(build.out), lookups=lookups, title="P",
                                late={"body": lambda: f"{asked('a.txt')} {asked('b.txt')}"})
            return build.renderer.written

    assert build_once() == 1
    assert build_once() == 0
    paths["c.txt"] = "archive/c.txt.html"   # never looked up
    assert build_once() == 0
    paths["b.txt"] = "archive/b.txt.html"   # was missing
    assert build_once() == 1
    assert (tmp_path / "out" / "archive" / "web" / "p.html").read_text().endswith(
        "archive/a.txt.html archive/b.txt.html")
    assert build_once() == 0
