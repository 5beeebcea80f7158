"""Tests for legacy_archive.frame: spliced pages equal pages rendered whole."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from jinja2.filters import do_striptags
from legacy_archive.frame import Frames, striptags

from tests.pages import compare_trees
from tests.sitebuild import ROOT, build

BASE = """{% import "macros.html" as m with context %}{% set who = SITENAME|upper %}
{% if false %}{% block title %}{{ SITENAME }}{% endblock %}{% endif %}
<title>{{ self.title()|striptags|e }}</title>
<meta content="{{ self.description()|striptags|trim|e }}">
<link href="{{ SITEURL }}/{{ m.clean(output_file)|urlencode }}">
{% block head %}{% endblock %}<nav>{{ who }}</nav>
<main>{% block content %}{% endblock %}</main>
<footer>{% block footer_note %}by {{ who }}{% endblock %}</footer>
"""
MACROS = '{% macro clean(url) -%}{{ url[:-10] if url.endswith("index.html") else url }}'\
         "{%- endmacro %}"
PAGE = """{% extends "base.html" %}{% import "bits.html" as bits %}
{% block title %}{{ name }} <b>&</b>  {% endblock %}
{% block description %}  {{ name }} & more {% endblock %}
{% block content %}{{ bits.shout(name) }} at {{ output_file }}{% endblock %}
"""
BITS = "{% macro shout(text) %}{{ text|upper }}!{% endmacro %}"
ALONE = "<p>{{ name }}</p>"


def environment():
    return Environment(loader=DictLoader({
        "base.html": BASE, "macros.html": MACROS, "page.html": PAGE, "bits.html": BITS,
        "alone.html": ALONE}), trim_blocks=True, lstrip_blocks=True)


def page_variables(name, path, siteurl=".."):
    return {"SITENAME": "Site", "SITEURL": siteurl, "name": name, "output_file": path}


@pytest.mark.parametrize(("name", "path"), [
    ("plain", "a/b.html"), ("  spaced  out ", "a/index.html"), ("<i>x</i> & y", "a/c d.html"),
    ('quote " and \u2400', "a/%41\x01.html"), ("", "index.html"),
])
def test_spliced_pages_equal_pages_rendered_whole(name, path):
    env = environment()
    frames = Frames(env)
    frames.render("page.html", page_variables("first", "x/first.html"))
    assert ("page.html", "..") in frames.frames
    assert frames.render("page.html", page_variables(name, path)) == env.get_template(
        "page.html").render(page_variables(name, path))


def test_one_frame_per_template_and_depth():
    env = environment()
    frames = Frames(env)
    for siteurl in ("..", "../..", ".."):
        variables = page_variables("n", "a/b.html", siteurl)
        assert frames.render("page.html", variables) == env.get_template(
            "page.html").render(variables)
    assert sorted(frames.frames) == [("page.html", ".."), ("page.html", "../..")]


def test_a_template_outside_the_frame_is_rendered_whole():
    env = environment()
    frames = Frames(env)
    assert frames.render("alone.html", page_variables("n", "a.html")) == "<p>n</p>"
    assert "alone.html" in frames.whole


def test_without_a_frame_template_every_page_is_whole():
    env = Environment(loader=DictLoader({"alone.html": ALONE}))
    frames = Frames(env)
    assert not frames.enabled
    assert frames.render("alone.html", page_variables("n", "a.html")) == "<p>n</p>"


def test_the_sample_archive_is_the_same_spliced_and_whole(tmp_path):
    settings = [f"ARCHIVE={json.dumps({'path': str(ROOT / 'archive'), 'progress': False})}"]
    spliced = build(tmp_path / "spliced", cache=tmp_path / "c1", extra=settings)
    whole = build(tmp_path / "whole", cache=tmp_path / "c2", extra=settings,
                  env={"LEGACY_ARCHIVE_FRAMES": "off"})
    assert compare_trees(spliced, whole) == []


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40),
                 st.text(alphabet="abzAZ09_.-~/ %?&é\u00a0<>\"'", max_size=40)))
def test_urlencode_of_an_address_is_jinjas(address):
    from jinja2.filters import do_urlencode
    from legacy_archive.frame import urlencode

    assert urlencode(address) == do_urlencode(address)


@given(st.text(alphabet=st.sampled_from("ab <>&;!-/ \t\n\u00a0\u2003#x3c")))
def test_striptags_is_jinjas(text):
    assert striptags(text) == do_striptags(text)
