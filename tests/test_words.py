"""tools/words.py: the theme's word count is Jinja's, faster."""

from hypothesis import given
from hypothesis import strategies as st
from jinja2.filters import do_wordcount
from markupsafe import Markup

from tools.words import word_count


def jinja_count(value):
    return do_wordcount(Markup(value).striptags())


def test_tags_comments_and_entities_count_as_jinja_counts_them():
    for html in ["<p>one <em>two</em> three</p>", "a<b>c</b>d", "x &amp; y &eacute;t&eacute;",
                 "<!-- not words --> words", "open <!-- never closed", "a < b and c", "<p>",
                 "caf&#233; <a href='x'>link</a>", ""]:
        assert word_count(html) == jinja_count(html), html


@given(st.lists(st.sampled_from(["word", " ", "<p>", "</p>", "<!--", "-->", "<", ">",
                                 "&amp;", "&lt;", "é", "\n", "x_y", "42"]), max_size=30))
def test_any_mix_counts_as_jinja_counts_it(pieces):
    html = "".join(pieces)
    assert word_count(html) == jinja_count(html)
