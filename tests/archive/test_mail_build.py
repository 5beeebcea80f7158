"""Mail in a real build: every message gets a page that never moves."""

import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from tests.sitebuild import ROOT, build, git, last_build

ARCHIVE = ROOT / "archive"


def message_pages(site):
    return sorted(p.relative_to(site / "archive" / "mail").as_posix()
                  for p in (site / "archive" / "mail").rglob("*.html")
                  if p.parent.name not in ("people",) and p.stem[0].isdigit())


def text_of(page):
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one("main").get_text()


def test_every_collection_lists_its_messages_with_pages(dev_site):
    listing = dev_site / "archive" / "TML1996" / "v1996.n299.html"
    doc = BeautifulSoup(listing.read_text(encoding="utf-8"), "lxml")
    links = doc.select("ol.messages a[href]")
    assert len(links) >= 8
    for link in links:
        assert (listing.parent / link["href"]).resolve().is_file()


def test_message_page_has_facts_body_and_protected_address(dev_site):
    page = dev_site / "archive" / "mail" / "traveller-digest" / "1996.299.3.html"
    text = text_of(page)
    assert "Jump drive in 1955" in text
    assert "30 Jul 1996" in text
    html = page.read_text(encoding="utf-8")
    assert "@chem.example.edu" not in html and "mailto:" not in html
    assert "The thread" in text


def test_indexes_by_date_thread_subject_and_people(dev_site):
    mail = dev_site / "archive" / "mail"
    assert "Traveller-digest" in text_of(mail / "index.html")
    for view in ("index", "threads", "subjects"):
        assert (mail / "traveller-digest" / "1996" / f"{view}.html").is_file()
    people = text_of(mail / "people" / "index.html")
    assert "Andrea Kowalczyk-Dunn" in people


def test_adding_a_digest_moves_no_message_page(tmp_path):
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive, symlinks=True)
    settings = [f"ARCHIVE={json.dumps({'path': str(archive)})}"]
    first = build(tmp_path / "one", cache=tmp_path / "c1", extra=settings)
    before = {p: text_of(first / "archive" / "mail" / p) for p in message_pages(first)}
    new = archive / "TML1996" / "v1996.n301"
    new.write_bytes((archive / "TML1996" / "v1996.n300").read_bytes().replace(
        b"#300", b"#301").replace(b"Number 300", b"Number 301"))
    # A copy of a digest kept without its trailer: the same accepted problem.
    shutil.copy(archive / "TML1996" / "v1996.n300.meta.toml",
                new.with_name(new.name + ".meta.toml"))
    second = build(tmp_path / "two", cache=tmp_path / "c2", extra=settings)
    after = set(message_pages(second))
    assert set(before) < after, "old pages must stay where they were"
    # Same message, same page: its subject and body text are unchanged.
    for path, text in before.items():
        assert text.split("The thread")[0][:400].split("Earlier:")[0] == text_of(
            second / "archive" / "mail" / path).split("The thread")[0][:400].split("Earlier:")[0]



def test_a_copy_added_later_does_not_take_the_numbers(tmp_path):
    """Two files with the same list numbers: the one committed first keeps them."""
    archive = tmp_path / "archive"
    shutil.copytree(ARCHIVE, archive, symlinks=True)
    for command in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "old"]):
        git(archive, *command)
    settings = [f"ARCHIVE={json.dumps({'path': str(archive)})}"]
    first = build(tmp_path / "one", cache=tmp_path / "c1", extra=settings, fatal=False)
    before = {p: text_of(first / "archive" / "mail" / p) for p in message_pages(first)}
    original = archive / "TML1996" / "v1996.n300"
    # Sorts before the original; not committed yet, so added after it.
    (archive / "TML1996" / "a-copy-of-v1996.n300").write_bytes(original.read_bytes())
    second = build(tmp_path / "two", cache=tmp_path / "c2", extra=settings, fatal=False)
    after = set(message_pages(second))
    assert set(before) < after
    for path, text in before.items():   # the same message from the same file, by its facts
        assert text.split("The thread")[0].split("Earlier:")[0] == text_of(
            second / "archive" / "mail" / path).split("The thread")[0].split("Earlier:")[0]
    # The original goes: its numbers pass to the copy, whose page lists them.
    original.unlink()
    build(second, cache=tmp_path / "c2", extra=settings, fatal=False)
    clean = build(tmp_path / "clean", cache=tmp_path / "c3", extra=settings, fatal=False)
    listing = Path("archive", "TML1996", "a-copy-of-v1996.n300.html")
    assert (second / listing).read_bytes() == (clean / listing).read_bytes()


def test_no_page_shows_an_address_in_clear(dev_site):
    """Harvesters find no address on any archive page (the originals stay as they were)."""
    import re

    address = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
    for page in sorted((dev_site / "archive").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert 'href="mailto:' not in html.lower(), page
        found = address.search(html)
        assert found is None, f"{page}: {found.group()}"


def test_a_rebuild_after_a_new_digest_equals_a_clean_build(tmp_path):
    """Message pages skipped by their fingerprints are exactly what a clean build writes."""
    from bench.gen_archive import add_digest, generate_archive
    from tests.pages import same_site

    archive = tmp_path / "archive"
    generate_archive(archive, seed=3, files=60, messages=400)
    settings = [f"ARCHIVE={json.dumps({'path': str(archive), 'progress': False})}"]
    output = build(tmp_path / "out", cache=tmp_path / "cache", extra=settings, fatal=False)
    info = add_digest(archive, 3, messages=20)
    assert info["replies"] > 0
    build(output, cache=tmp_path / "cache", extra=settings, fatal=False)
    stats = last_build(tmp_path / "cache")
    assert 20 < stats["pages_written"] < stats["pages_total"] // 2
    clean = build(tmp_path / "clean", cache=tmp_path / "clean-cache", extra=settings,
                  fatal=False)
    assert same_site(output, clean) == []

