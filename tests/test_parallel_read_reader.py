"""parallel_read's reader, with its kept converter, reads every post as Pelican's own does."""

import pytest
from parallel_read import PrefetchingReader
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from bench.gen_blog import generate_blog
from tests.sitebuild import ROOT


@pytest.fixture(scope="module")
def settings():
    return read_settings(str(ROOT / "pelicanconf.py"))


def posts(tmp_path):
    generate_blog(tmp_path, seed=7, posts=40)
    found = sorted((ROOT / "content").rglob("*.md")) + sorted(tmp_path.rglob("*.md"))
    assert len(found) > 50
    return found


def test_every_post_reads_the_same_as_with_pelicans_reader(tmp_path, settings):
    reused = PrefetchingReader(settings)
    for path in posts(tmp_path):
        expected = MarkdownReader(settings).read(str(path))   # a new converter each time
        assert reused.read(str(path)) == expected, path


def test_footnotes_and_abbreviations_do_not_leak_into_the_next_post(tmp_path, settings):
    first, second = tmp_path / "first.md", tmp_path / "second.md"
    first.write_text("Title: One\nSummary: *first*\n\nText[^1] about HTML.\n\n"
                     "[^1]: A note.\n\n*[HTML]: Hypertext\n", encoding="utf-8")
    second.write_text("Title: Two\n\nMore HTML, no notes.\n", encoding="utf-8")
    reused = PrefetchingReader(settings)
    reused.read(str(first))
    content, metadata = reused.read(str(second))
    assert (content, metadata) == MarkdownReader(settings).read(str(second))
    assert "footnote" not in content and "<abbr" not in content
