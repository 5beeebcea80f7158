"""`make newpost`: slugs the WordPress way, drafts only in preview builds."""

import datetime as dt
import shutil

import pytest

from tests.expected import POSTS
from tests.pages import page_file
from tests.sitebuild import ROOT, build
from tools.newpost import create_post, wordpress_slug


@pytest.mark.parametrize(("url", "title", "category", "inferred"), POSTS)
def test_slug_matches_every_old_permalink(url, title, category, inferred):
    assert wordpress_slug(title) == url.rstrip("/").rsplit("/", 1)[1]


def test_slug_drops_accents_and_symbols():
    assert wordpress_slug("  Café & <Jump> Drive: 8.5×11 — “Zhodani”!  ") == (
        "cafe-jump-drive-8511-zhodani"
    )


def test_create_post_fills_metadata(tmp_path):
    when = dt.datetime(2026, 11, 24, 9, 30)
    path = create_post(tmp_path, "Jump Drives, Revisited", "traveller",
                       tags="ships", date=when)
    assert path == tmp_path / "traveller" / "jump-drives-revisited.md"
    text = path.read_text(encoding="utf-8")
    for line in ("Title: Jump Drives, Revisited", "Date: 2026-11-24 09:30",
                 "Category: Traveller", "Tags: ships", "Slug: jump-drives-revisited",
                 "Status: draft"):
        assert line in text.splitlines()


def test_create_post_refuses_bad_input(tmp_path):
    with pytest.raises(ValueError, match="unknown category"):
        create_post(tmp_path, "X", "Cooking")
    with pytest.raises(ValueError, match="TITLE"):
        create_post(tmp_path, "  ", "Geekstuff")
    create_post(tmp_path, "Same", "Geekstuff")
    with pytest.raises(FileExistsError):
        create_post(tmp_path, "Same", "Geekstuff")


@pytest.fixture(scope="module")
def content_with_draft(tmp_path_factory):
    content = tmp_path_factory.mktemp("draft") / "content"
    shutil.copytree(ROOT / "content", content)
    path = create_post(content, "Unfinished Thoughts On Jump Masking", "Traveller",
                       date=dt.datetime(2026, 1, 5, 10, 0))
    path.write_text(path.read_text().replace("Write here.", "Draft body text."))
    return content


def test_draft_shows_in_preview_only(content_with_draft, tmp_path):
    dev = build(tmp_path / "dev", content=content_with_draft)
    draft = page_file(dev, "/drafts/unfinished-thoughts-on-jump-masking/")
    assert "Draft body text." in draft.read_text(encoding="utf-8")
    assert "unfinished-thoughts-on-jump-masking" in page_file(dev, "/").read_text()

    site = build(tmp_path / "pub", content=content_with_draft, conf="publishconf.py")
    leaked = [p for p in site.rglob("*") if p.is_file()
              and b"Unfinished Thoughts" in p.read_bytes()]
    assert leaked == []
