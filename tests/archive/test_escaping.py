"""Tests for legacy_archive.escaping: the same escaped text as markupsafe, sooner."""

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from legacy_archive import escaping
from legacy_archive.escaping import ArchiveTemplate, escape
from markupsafe import Markup


class Html:
    def __html__(self):
        return "<b>kept</b>"


class Text(str):
    """A str subclass: not the plain str the quick path takes."""


@given(st.text())
def test_a_str_is_escaped_as_markupsafe_escapes_it(text):
    ours, theirs = escape(text), markupsafe.escape(text)
    assert ours == theirs
    assert type(ours) is Markup


@pytest.mark.parametrize("value", [
    Markup("<i>safe</i>"), Html(), Text("<x> & 'y'"), 42, 2.5, None, ["<a>"], b"<b>",
])
def test_any_other_value_goes_to_markupsafe(value):
    assert escape(value) == markupsafe.escape(value)
    assert type(escape(value)) is type(markupsafe.escape(value))


def environment():
    env = Environment(loader=DictLoader({
        "page.html": '{% autoescape true %}<p title="{{ title }}">{{ body }} {{ n }}</p>'
                     "{% endautoescape %}{{ raw }}"}))
    return env


def test_templates_compiled_by_the_archive_escape_with_it():
    env = environment()
    env.template_class = ArchiveTemplate
    template = env.get_template("page.html")
    assert template.root_render_func.__globals__["escape"] is escape
    values = {"title": 'a "quote" & <tag>', "body": Markup("<em>ok</em>"), "n": 3,
              "raw": "<left as it is>"}
    assert template.render(values) == environment().get_template("page.html").render(values)


def test_without_markupsafes_core_its_escape_is_used():
    assert escaping.choose(None) is markupsafe.escape
    assert escaping.choose(escaping._escape_inner) is escaping._escape  # noqa: SLF001
