"""The benchmarks' shared plumbing, where it changes what a build does."""

import json

from bench.runner import BARE_PAGE, bare_pages
from tests.sitebuild import build, last_build


def test_bare_pages_replace_every_archive_page_and_nothing_else(tmp_path):
    """The floor build (--bare-pages) still writes every archive page, each
    holding only its address, and leaves the blog's pages alone."""
    settings = bare_pages(tmp_path / "bare")
    output, cache = tmp_path / "out", tmp_path / "cache"
    extra = [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    build(output, cache=cache, extra=extra)
    pages = sorted((output / "archive").rglob("*.html"))
    assert len(pages) == last_build(cache)["pages_written"] > 300
    for page in pages:
        address = page.relative_to(output).as_posix()
        assert page.read_text(encoding="utf-8") == BARE_PAGE.replace(
            "{{ output_file }}", address), address
    assert "<footer" in (output / "index.html").read_text(encoding="utf-8")
