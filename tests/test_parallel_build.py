"""parallel_read, fixed_urls, compiled_templates and the highlighter's shared
style tables: a build that uses them is byte for byte the build without them,
and cached posts are never converted again."""

import gc
import json
import logging
import multiprocessing
import re

import fixed_urls
import pytest
from parallel_read import PrefetchingReader, pool
from pelican.contents import Article
from pelican.readers import MarkdownReader, _filter_discardable_metadata
from pelican.settings import read_settings

from bench.gen_blog import generate_blog
from tests.pages import compare_trees
from tests.sitebuild import ROOT, build, run_pelican
from tools.highlight import LanguageHtmlFormatter

SPEED_PLUGINS = ("parallel_read", "fixed_urls", "compiled_templates")


def site_plugins(without=()):
    text = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    names = re.findall(r'"(\w+)"', re.search(r"PLUGINS = \[(.*?)\]", text, re.S).group(1))
    return [name for name in names if name not in without]


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    """24 generated posts and an empty archive: (content, extra settings)."""
    root = tmp_path_factory.mktemp("blog")
    generate_blog(root / "content", seed=3, posts=24)
    (root / "archive").mkdir()
    archive = json.dumps({"path": str(root / "archive"), "progress": False})
    return root, [f"ARCHIVE={archive}"]


def test_build_is_the_same_without_the_speed_plugins(blog):
    root, extra = blog
    fast = build(root / "fast", content=root / "content", extra=extra)
    plain = build(root / "plain", content=root / "content", extra=[
        *extra, f"PLUGINS={json.dumps(site_plugins(SPEED_PLUGINS))}"])
    assert compare_trees(fast, plain) == []


def test_cached_posts_are_not_converted_again(blog):
    root, extra = blog
    output, cache = root / "again", root / "again-cache"
    first = run_pelican(output, content=root / "content", cache=cache,
                        extra=[*extra, "--verbose"])
    assert "parallel_read: 24 files converted" in first.stdout, first.stdout + first.stderr
    second = run_pelican(output, content=root / "content", cache=cache,
                         extra=[*extra, "--verbose"])
    assert second.returncode == 0 and "parallel_read:" not in second.stdout


def reader():
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return PrefetchingReader(settings)


def test_pool_gives_what_the_reader_gives_and_leaves_failures(tmp_path):
    good = [tmp_path / f"p{n}.md" for n in range(3)]
    for n, path in enumerate(good):
        path.write_text(f"Title: P{n}\nDate: 2012-01-0{n + 1}\nTags:\n\n"
                        f"```python\nx = {n}\n```\n")
    bad = tmp_path / "bad.md"
    bad.write_text("Title: Bad\nDate: not a date\n\nText.\n")
    markdown = reader()
    todo = {str(path): markdown for path in [*good, bad]}
    stream = pool.Stream(todo, 2)
    done = {path: stream.take(path) for path in todo}
    assert {path for path, result in done.items() if result} == {str(path) for path in good}
    assert done[str(bad)] is None and stream.converted == len(good)
    for path in good:
        (content, metadata), _ = done[str(path)]
        alone_content, alone_metadata = MarkdownReader(markdown.settings).read(str(path))
        assert content == alone_content
        # An empty Tags line is dropped, as Pelican drops it after reading.
        assert metadata == _filter_discardable_metadata(alone_metadata)
        assert "tags" not in metadata and "tags" in alone_metadata


def test_stream_hands_out_files_in_any_order_and_stops_early(tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "CHUNK", 2)
    posts = [tmp_path / f"p{n}.md" for n in range(7)]
    for n, path in enumerate(posts):
        path.write_text(f"Title: P{n}\nDate: 2012-01-0{n + 1}\n\nText {n}.\n")
    markdown = reader()
    todo = {str(path): markdown for path in posts}
    stream = pool.Stream(todo, 2)
    # The second chunk's file first: the first chunk is kept for its turn.
    for path in [posts[2], posts[0], posts[3], posts[1]]:
        (content, _), _ = stream.take(str(path))
        assert content == MarkdownReader(markdown.settings).read(str(path))[0]
    assert stream.take(str(tmp_path / "never-given.md")) is None
    assert stream.pool is not None   # two chunks still to come
    for path in [posts[6], posts[4], posts[5]]:
        assert stream.take(str(path)) is not None
    assert stream.pool is None       # all back: the processes are gone
    early = pool.Stream(todo, 2)
    early.take(str(posts[0]))
    early.close()                    # the build moved on: stopped, nothing left waiting
    assert early.pool is None and early.waiting == set()
    assert multiprocessing.active_children() == []


def test_a_broken_pool_leaves_the_rest_to_the_build(tmp_path, monkeypatch):
    def broken(paths):
        raise RuntimeError("worker lost")

    monkeypatch.setattr(pool, "_convert_chunk", broken)   # the forked workers see it too
    posts = [tmp_path / f"p{n}.md" for n in range(3)]
    for path in posts:
        path.write_text("Title: P\nDate: 2012-01-01\n\nText.\n")
    stream = pool.Stream({str(path): reader() for path in posts}, 2)
    assert [stream.take(str(path)) for path in posts] == [None, None, None]
    assert stream.pool is None and multiprocessing.active_children() == []


def test_a_stream_dropped_before_its_end_stops_its_processes(tmp_path):
    posts = [tmp_path / f"p{n}.md" for n in range(40)]
    for path in posts:
        path.write_text("Title: P\nDate: 2012-01-01\n\nText.\n")
    stream = pool.Stream({str(path): reader() for path in posts}, 2)
    stream.take(str(posts[0]))
    del stream                       # a build that failed while reading
    gc.collect()
    assert multiprocessing.active_children() == []


def test_pool_warnings_are_logged_in_the_build(tmp_path, caplog, monkeypatch):
    def warn(self, path):
        logging.getLogger("pelican.readers").warning("odd post %s, %d", path, 7)
        return "text", {}

    monkeypatch.setattr(PrefetchingReader, "convert", warn)   # the forked workers see it too
    post = tmp_path / "odd.md"
    post.write_text("Text.\n")
    result, records = pool.Stream({str(post): reader()}, 2).take(str(post))
    assert result == ("text", {}) and caplog.text == ""
    with caplog.at_level(logging.WARNING):
        pool.replay(records)
    assert f"odd post {post}, 7" in caplog.text


def test_fixed_class_keeps_the_name_pelican_reads_settings_by():
    fixed = fixed_urls.fixed_class(Article)
    assert fixed.__name__ == "Article" and issubclass(fixed, Article)
    assert fixed_urls.fixed_class(Article) is fixed


def test_formatters_share_the_style_tables_and_highlight_the_same():
    from pygments import highlight
    from pygments.formatters.html import HtmlFormatter
    from pygments.lexers import PythonLexer

    first, second = LanguageHtmlFormatter(lang_str="x"), LanguageHtmlFormatter()
    assert first.class2style is second.class2style
    plain = highlight("def f():\n    return 1\n", PythonLexer(), HtmlFormatter())
    ours = highlight("def f():\n    return 1\n", PythonLexer(), second)
    assert ours == plain
    assert LanguageHtmlFormatter(style="monokai").class2style != first.class2style
