"""page_cache renders pages on every core: the same bytes as one process, and
errors and warnings still surface in the build."""

import gc
import json
import logging

import pytest
from jinja2 import Environment
from page_cache import parallel

from bench.gen_blog import generate_blog
from tests.pages import compare_trees
from tests.sitebuild import build

PAGES = 2 * parallel.MIN_PAGES + 3   # enough for two processes


def jobs(tmp_path, source="{{ n }} {{ shared.localsiteurl }}", shared=None):
    template = Environment().from_string(source)
    shared = {"localsiteurl": "start"} if shared is None else shared
    return {str(tmp_path / f"{n}.html"): (template, {"n": n, "shared": shared,
                                                     "localsiteurl": f"../{n}"}, shared)
            for n in range(PAGES)}


def test_pages_render_in_processes_as_in_one(tmp_path):
    shared = {"localsiteurl": "start"}
    parallel.render_all(list(jobs(tmp_path, shared=shared).items()), 2)
    for n in range(PAGES):
        assert (tmp_path / f"{n}.html").read_text(encoding="utf-8") == f"{n} ../{n}"
    assert shared["localsiteurl"] == "start"


def test_a_failing_page_fails_the_build(tmp_path):
    source = "{% if n == 1 %}{{ 1 // 0 }}{% endif %}{{ n }}"   # page 1: the second share
    with pytest.raises(ZeroDivisionError):
        parallel.render_all(list(jobs(tmp_path, source).items()), 2)


def test_warnings_while_rendering_are_logged_in_the_build(tmp_path, caplog):
    def warn(n):
        logging.getLogger("pelican.contents").warning("odd link on page %d", n)
        return ""

    pages = jobs(tmp_path, "{{ warn(n) if n == 1 else '' }}{{ n }}")
    for _, variables, _ in pages.values():
        variables["warn"] = warn
    with caplog.at_level(logging.WARNING):
        parallel.render_all(list(pages.items()), 2)
    assert "odd link on page 1" in caplog.text
    assert (tmp_path / "1.html").read_text(encoding="utf-8") == "1"


def test_a_site_rendered_in_two_processes_is_the_site_rendered_in_one(tmp_path):
    generate_blog(tmp_path / "content", seed=5, posts=30)
    (tmp_path / "archive").mkdir()
    extra = [f"ARCHIVE={json.dumps({'path': str(tmp_path / 'archive'), 'progress': False})}"]
    two = build(tmp_path / "two", content=tmp_path / "content",
                extra=[*extra, "RENDER_PROCESSES=2"])
    one = build(tmp_path / "one", content=tmp_path / "content",
                extra=[*extra, "RENDER_PROCESSES=1"])
    assert len(list(two.rglob("*.html"))) > 2 * parallel.MIN_PAGES
    assert compare_trees(two, one) == []


def test_a_deferred_page_keeps_pelicans_overwrite_rules(tmp_path):
    """A page kept for later is not opened, but Pelican's checks still apply."""
    from page_cache import CachingWriter
    from pelican.writers import FileOverwriteFailedError

    writer = CachingWriter(str(tmp_path), settings={
        "CACHE_PATH": str(tmp_path / "cache"), "RENDER_PROCESSES": 2})
    path = str(tmp_path / "page.html")
    writer._defer(path, "first", override=False)
    assert not (tmp_path / "page.html").exists()   # written in flush(), not now
    with pytest.raises(FileOverwriteFailedError, match="already written"):
        writer._defer(path, "again", override=False)
    writer._defer(path, "override", override=True)
    assert writer.renderer.jobs[path] == "override"
    writer._defer(path, "skipped", override=False)   # Pelican skips it, as it would
    assert writer.renderer.jobs[path] == "override"
    with pytest.raises(FileOverwriteFailedError, match="a second time"):
        writer._defer(path, "twice", override=True)


def test_pages_are_rendered_while_the_build_goes_on(tmp_path):
    """Batches go to a process as they come; an override of a page already
    sent is rendered last; the result is as if rendered at the end in one."""
    renderer = parallel.Renderer(2)
    pages = jobs(tmp_path)
    for path, job in pages.items():
        renderer.add(path, job)
    assert renderer.running or renderer.sent   # a batch went before the end
    first = str(tmp_path / "0.html")
    assert first in renderer.sent
    template, variables, shared = pages[first]
    renderer.add(first, (template, {**variables, "n": "again"}, shared))
    renderer.finish()
    assert (tmp_path / "0.html").read_text(encoding="utf-8") == "again ../0"
    for n in range(1, PAGES):
        assert (tmp_path / f"{n}.html").read_text(encoding="utf-8") == f"{n} ../{n}"
    assert not renderer.running and not renderer.jobs


def test_a_batch_that_warned_is_rendered_again_in_the_build(tmp_path, caplog):
    def warn(n):   # not the message above: Pelican's logger says a message once
        logging.getLogger("pelican.contents").warning("odd link in a batch, page %d", n)
        return ""

    renderer = parallel.Renderer(2)
    pages = jobs(tmp_path, "{{ warn(n) if n == 1 else '' }}{{ n }}")
    with caplog.at_level(logging.WARNING):   # as in a build, from the start
        for path, (template, variables, shared) in pages.items():
            renderer.add(path, (template, {**variables, "warn": warn}, shared))
        assert str(tmp_path / "1.html") in renderer.sent   # the warning is in a batch
        renderer.finish()
    assert "odd link in a batch, page 1" in caplog.text
    assert (tmp_path / "1.html").read_text(encoding="utf-8") == "1"


def test_the_collector_is_unfrozen_only_by_the_renderer_that_froze_it(tmp_path):
    """Unfreezing a freeze made before (the archive's, over all it read) would
    have its next collection scan everything: half a second at 100,000 messages."""
    gc.collect()
    gc.unfreeze()
    try:
        renderer = parallel.Renderer(2)
        for path, job in jobs(tmp_path).items():
            renderer.add(path, job)
        assert renderer.sent and gc.get_freeze_count() > 0   # frozen for its fork
        renderer.finish()
        assert gc.get_freeze_count() == 0

        gc.freeze()   # another plugin's
        frozen = gc.get_freeze_count()
        assert frozen > 0
        renderer = parallel.Renderer(2)
        (tmp_path / "again").mkdir()
        for path, job in jobs(tmp_path / "again").items():
            renderer.add(path, job)
        assert renderer.sent
        renderer.finish()
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()
