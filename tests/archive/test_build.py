"""A real Pelican build over the sample archive: every file published and paged."""

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from tests.sitebuild import ROOT, build, last_build

ARCHIVE = ROOT / "archive"
ACTIVE = {".htm", ".html", ".shtml", ".xhtml", ".xht", ".svg", ".svgz", ".xml", ".xsl",
          ".xslt", ".mht", ".mhtml"}


def archive_files():
    return sorted(p for p in ARCHIVE.rglob("*")
                  if (p.is_file() or p.is_symlink()) and not p.name.endswith(".meta.toml")
                  and p.name != "_folder.meta.toml")


def test_sample_archive_is_big_enough():
    files = archive_files()
    assert len(files) >= 60
    assert len({p.parent for p in files}) >= 8


def test_every_original_is_published_byte_for_byte(dev_site):
    for path in archive_files():
        rel = path.relative_to(ARCHIVE).as_posix()
        published = dev_site / "archive" / rel
        if path.suffix.lower() in ACTIVE:
            published = published.with_name(published.name + ".bin")
        assert published.read_bytes() == path.read_bytes(), rel


def test_manifest_verifies_with_sha256sum(dev_site):
    folder = dev_site / "archive"
    result = subprocess.run(["sha256sum", "--check", "--strict", "manifest-sha256.txt"],
                            cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = (folder / "manifest-sha256.txt").read_text().splitlines()
    assert len(listed) == len(archive_files())


def pages_linked_from_folders(site):
    """Every file page reachable from the folder listings, by file name."""
    linked = {}
    for listing in (site / "archive").rglob("*.html"):
        doc = BeautifulSoup(listing.read_text(encoding="utf-8"), "lxml")
        for row in doc.select("table.files tbody tr"):
            link = row.select_one("th a[href]")
            target = (listing.parent / unquote(link["href"])).resolve()
            if target.is_dir():
                target = target / "index.html"  # a folder URL, as static hosts serve it
            linked[target] = link.get_text()
    return linked


def test_every_file_has_a_page_linked_from_its_folder(dev_site):
    linked = pages_linked_from_folders(dev_site)
    assert all(target.is_file() for target in linked), "a listing links to a missing page"
    names = sorted(linked.values())
    for path in archive_files():
        assert path.name in names, f"{path.relative_to(ARCHIVE)} has no listed page"


def test_no_active_original_is_served_raw(dev_site):
    for path in (dev_site / "archive").rglob("*"):
        if path.suffix.lower() in {".html", ".htm", ".xhtml", ".shtml"}:
            text = path.read_text(encoding="utf-8")
            assert '<main id="content"' in text, f"{path} is not one of our pages"
        if path.suffix.lower() in {".svg", ".xml"}:
            assert b"<script" not in path.read_bytes().lower(), path


def test_second_build_reads_no_file_and_writes_no_page(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    build(output, cache=cache)
    first = last_build(cache)
    assert first["read"] == first["files"] >= 60
    build(output, cache=cache)
    second = last_build(cache)
    assert second["read"] == 0
    assert second["pages_written"] == 0
    assert second["originals_copied"] == 0
    assert second["cached"] == first["files"]


def test_changed_file_is_the_only_one_read(tmp_path):
    archive = tmp_path / "archive"
    subprocess.run(["cp", "-a", str(ARCHIVE), str(archive)], check=True)
    story = next(p for p in sorted(archive.rglob("*.txt")) if p.stat().st_size > 100
                 and not p.with_name(p.name + ".meta.toml").exists())
    output, cache = tmp_path / "out", tmp_path / "cache"
    settings = json.dumps({"path": str(archive)})
    build(output, cache=cache, extra=[f"ARCHIVE={settings}"])
    titles = output / "archive" / "titles" / "index.html"
    before = titles.stat().st_mtime_ns
    story.write_bytes(story.read_bytes() + b"\nA late addition.\n")
    build(output, cache=cache, extra=[f"ARCHIVE={settings}"])
    stats = last_build(cache)
    assert stats["read"] == 1
    rel = story.relative_to(archive).as_posix()
    assert (output / "archive" / rel).read_bytes().endswith(b"A late addition.\n")
    assert 1 <= stats["pages_written"] <= 3   # its page, its folder's two views
    assert Path(output / "archive" / (rel + ".html")).read_text().count("A late addition.") == 1
    # The A-Z page shows no sizes: it stays as it was, until a title changes.
    assert titles.stat().st_mtime_ns == before
    story.with_name(story.name + ".meta.toml").write_text('title = "A Retitled Story"\n')
    build(output, cache=cache, extra=[f"ARCHIVE={settings}"])
    assert "A Retitled Story" in titles.read_text(encoding="utf-8")


def test_output_is_the_same_on_one_core_and_on_two(tmp_path):
    """Pages rendered by forked processes are byte for byte the serial ones."""
    from bench.gen_archive import generate_archive
    from tests.pages import compare_trees

    archive = tmp_path / "archive"
    generate_archive(archive, seed=5, files=300, messages=200)
    sites = []
    for workers in (1, 2):
        settings = json.dumps({"path": str(archive), "workers": workers, "progress": False})
        sites.append(build(tmp_path / f"out{workers}", cache=tmp_path / f"cache{workers}",
                           extra=[f"ARCHIVE={settings}"], fatal=False))
        assert last_build(tmp_path / f"cache{workers}")["pages_written"] > 300
    assert compare_trees(*sites) == []


def test_a_file_added_cleans_again_only_the_pages_that_asked_for_it(tmp_path):
    """A cleaned page stands for the answers to the lookups it made: a new
    file one page links to (struck through while missing) is linked there,
    and the other 1990s pages are not cleaned again."""
    archive = tmp_path / "archive"
    subprocess.run(["cp", "-a", str(ARCHIVE), str(archive)], check=True)
    rules = archive / "rules" / "HOUSRULE.TXT"
    kept = rules.read_bytes()
    rules.unlink()
    output, cache = tmp_path / "out", tmp_path / "cache"
    settings = json.dumps({"path": str(archive)})
    build(output, cache=cache, extra=[f"ARCHIVE={settings}"])
    web = output / "archive" / "web"
    links = web / "links.html"
    assert "HOUSRULE.TXT: no longer in the archive" in links.read_text(encoding="utf-8")
    others = {page: page.stat().st_mtime_ns for page in web.glob("*.html") if page != links}
    assert len(others) >= 3
    rules.write_bytes(kept)
    build(output, cache=cache, extra=[f"ARCHIVE={settings}"])
    page = BeautifulSoup(links.read_text(encoding="utf-8"), "html.parser")
    assert page.find("a", string="House rules from the TML")["href"].endswith(
        "rules/HOUSRULE.TXT.html")
    assert {page: page.stat().st_mtime_ns for page in others} == others
    stats = last_build(cache)
    assert stats["read"] == 1
    # Besides: its page, its folder's views and INDEX (which lists it), the
    # archive's landing pages and the A-Z page.
    assert stats["pages_written"] <= 8
