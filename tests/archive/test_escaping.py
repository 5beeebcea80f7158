"""Tests for legacy_archive.escaping: the same escaped text as markupsafe, sooner."""

import os
import subprocess
import sys
from pathlib import Path

import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from legacy_archive.escaping import ArchiveTemplate, escape
from markupsafe import Markup

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


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


def test_without_markupsafes_core_its_own_escape_is_used():
    """markupsafe without its C module (or one that moved it): the module
    imports, and templates escape with markupsafe's own function."""
    check = ("import sys; sys.modules['markupsafe._speedups'] = None; "
             "import markupsafe; from legacy_archive import escaping; "
             "assert escaping.escape is markupsafe.escape; "
             "assert str(escaping.escape('<&>')) == '&lt;&amp;&gt;'")
    subprocess.run([sys.executable, "-c", check], check=True,
                   env={**os.environ, "PYTHONPATH": str(PLUGINS)})
