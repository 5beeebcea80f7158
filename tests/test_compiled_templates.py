"""compiled_templates: every generator's templates compiled once and kept,
and an edited template compiled afresh."""

from types import SimpleNamespace

from compiled_templates import FOLDER, keep_compiled
from jinja2 import Environment, FileSystemLoader


def generator(templates, cache):
    env = Environment(loader=FileSystemLoader(str(templates)))
    return SimpleNamespace(env=env, settings={"CACHE_PATH": str(cache)})


def test_compiled_code_is_kept_and_reused(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("Hello {{ name }}", encoding="utf-8")
    first = generator(tmp_path / "t", tmp_path / "cache")
    keep_compiled(first)
    assert first.env.get_template("page.html").render(name="you") == "Hello you"
    kept = list((tmp_path / "cache" / FOLDER).iterdir())
    assert len(kept) == 1
    second = generator(tmp_path / "t", tmp_path / "cache")
    keep_compiled(second)
    compiled = []
    second.env._compile = lambda *a, **k: compiled.append(a) or Environment._compile(
        second.env, *a, **k)
    assert second.env.get_template("page.html").render(name="me") == "Hello me"
    assert compiled == []  # loaded from the cache, not compiled


def test_an_edited_template_is_compiled_afresh(tmp_path):
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("Old {{ name }}", encoding="utf-8")
    first = generator(tmp_path / "t", tmp_path / "cache")
    keep_compiled(first)
    first.env.get_template("page.html").render(name="x")
    page.write_text("New {{ name }}", encoding="utf-8")
    second = generator(tmp_path / "t", tmp_path / "cache")
    keep_compiled(second)
    assert second.env.get_template("page.html").render(name="x") == "New x"


def test_an_environment_with_its_own_cache_keeps_it(tmp_path):
    gen = generator(tmp_path, tmp_path / "cache")
    own = object()
    gen.env.bytecode_cache = own
    keep_compiled(gen)
    assert gen.env.bytecode_cache is own
