"""Tests for legacy_archive.mail.pages: list rows rendered once and reused."""

from pathlib import Path

import legacy_archive
import pytest
from jinja2 import Environment, FileSystemLoader
from legacy_archive.mail.pages import RowMarkup
from legacy_archive.render import Row
from markupsafe import Markup

TEMPLATES = Path(legacy_archive.__file__).parent / "templates"


def markup():
    return RowMarkup(Environment(loader=FileSystemLoader(TEMPLATES),
                                 trim_blocks=True, lstrip_blocks=True))


def row(**changes):
    fields = {"url": "archive/mail/tml-2033.html", "subject": 'Re: <b>"Jump-2" & fuel</b>',
              "depth": 1, "author": "A. Writer", "date": "1994-03-05", "label": "TML #2033",
              "certain": True, "kind": "post"}
    return Row({**fields, **changes})


def test_a_list_row_is_escaped_markup_linking_its_message():
    html = markup().item("list_item", row(), "../..")
    assert isinstance(html, Markup)
    assert html == ('<li class="depth-1"><a href="../../archive/mail/tml-2033.html">'
                    "Re: &lt;b&gt;&#34;Jump-2&#34; &amp; fuel&lt;/b&gt;</a> — A. Writer, "
                    "1994-03-05</li>")
    # Markup: an autoescaping page inserts it as it is, not escaped twice.
    page = Environment(autoescape=True).from_string("{{ item }}")
    assert page.render(item=html) == str(html)


def test_a_thread_row_marks_the_current_message_and_uncertain_links():
    rows = markup()
    assert rows.item("thread_item", row(), "..", current=True).startswith(
        '<li class="depth-1"><strong aria-current="page">Re: &lt;b&gt;')
    uncertain = rows.item("thread_item", row(certain=False, depth=11), "..")
    assert uncertain.startswith('<li class="depth-8"><a href="../archive/mail/tml-2033.html">')
    assert uncertain.endswith(" <small>(linked by subject only)</small></li>")


def test_a_row_is_rendered_once_and_any_change_renders_it_again():
    rows = markup()
    first = rows.item("list_item", row(), "..")
    assert rows.item("list_item", row(), "..") is first
    assert rows.item("list_item", row(subject="Other"), "..") != first
    assert rows.item("list_item", row(), "../..") != first
    assert rows.item("list_item", row(kind="bounce"), "..").endswith(
        " <small>(bounce)</small></li>")


def test_the_same_row_object_is_found_without_making_its_key():
    rows, shared = markup(), row()
    first = rows.item("list_item", shared, "..")
    rows.done.clear()   # only the entry by identity is left
    assert rows.item("list_item", shared, "..") is first
    again = rows.item("list_item", row(), "..")   # an equal row: rendered again
    assert again == first and again is not first
    assert rows.item("list_item", shared, "../..") != first   # another SITEURL


def test_a_row_found_by_identity_is_not_kept_alive_or_mistaken():
    rows, gone = markup(), row(subject="Gone")
    rows.item("list_item", gone, "..")
    entry = ("list_item", "..", id(gone))
    del gone
    assert rows.seen[entry][0]() is None   # freed: the cache did not keep it
    # A new row at the freed row's address (CPython reuses it at once) is
    # rendered for itself.
    for _ in range(50):
        new = row(subject="New")
        if id(new) == entry[2]:
            break
    else:
        pytest.skip("no new row was made at the freed row's address")
    assert "New" in rows.item("list_item", new, "..")


def test_a_plain_dict_row_from_a_theme_is_rendered_too():
    rows = markup()
    plain = dict(row())
    assert rows.item("list_item", plain, "..") == rows.item("list_item", row(), "..")
    assert rows.list_items([plain, plain], "..").count("<li") == 2


def test_a_list_is_its_rows_a_line_each_and_the_current_one_is_not_kept():
    rows = markup()
    window = [row(url=f"archive/mail/{n}.html", subject=f"S{n}") for n in range(3)]
    html = rows.thread_items(window, "..", 1)
    assert isinstance(html, Markup)
    assert html == "".join(rows.item("thread_item", r, "..", current=n == 1) + "\n"
                           for n, r in enumerate(window))
    assert html.count("aria-current") == 1 and "<strong aria-current=\"page\">S1" in html
    assert rows.list_items(window, "..") == "".join(
        rows.item("list_item", r, "..") + "\n" for r in window)
    assert rows.list_items([], "..") == ""
    # Rows shown as a page's own message are made for it and not kept.
    assert all("aria-current" not in str(kept) for kept in rows.done.values())


IMPORT = '{% import "archive_mail_rows.html" as macros %}'
OLD_LOOPS = {  # the templates' loops over the macros, before RowMarkup joined the rows
    "thread": IMPORT + '<ul class="thread">\n{% for t in thread %}\n'
              '{{ macros.thread_item(t, SITEURL) }}\n{% endfor %}\n</ul>',
    "list": IMPORT + '<ul class="thread">\n{% for r in rows %}\n'
            '{{ macros.list_item(r, SITEURL) }}\n{% endfor %}\n</ul>',
}
NEW_LOOPS = {
    "thread": '<ul class="thread">\n{{ mail_rows.thread_items(thread, SITEURL, 1) }}</ul>',
    "list": '<ul class="thread">\n{{ mail_rows.list_items(rows, SITEURL) }}</ul>',
}


def test_joined_lists_are_the_bytes_the_template_loops_gave():
    env = Environment(loader=FileSystemLoader(TEMPLATES), trim_blocks=True,
                      lstrip_blocks=True, autoescape=True)
    rows = markup()
    for count in (0, 1, 3):
        window = [row(url=f"archive/mail/{n}.html", subject=f"<S{n}>") for n in range(count)]
        marked = [Row(r, current=n == 1) for n, r in enumerate(window)]
        for kind in ("thread", "list"):
            old = env.from_string(OLD_LOOPS[kind]).render(
                SITEURL="../..", thread=marked, rows=window)
            new = env.from_string(NEW_LOOPS[kind]).render(
                mail_rows=rows, SITEURL="../..", thread=window, rows=window)
            assert new == old, (kind, count)


class RecordingRenderer:
    """Stands in for render.Renderer: keeps what page() was handed."""

    def __init__(self):
        self.pages = []

    def page(self, out_path, template, output_dir, late=None, stand_ins=None, **data):
        self.pages.append((out_path, late, stand_ins, data))


def test_a_list_page_makes_its_rows_only_when_it_is_written():
    from types import SimpleNamespace

    from legacy_archive.mail.dates import MailDate
    from legacy_archive.mail.pages import MailWriter
    from legacy_archive.mail.people import Author

    writer = MailWriter.__new__(MailWriter)
    writer.renderer, writer.g = RecordingRenderer(), SimpleNamespace(output_path="out")
    writer.paths = {"threads:tml:1996": "archive/mail/tml/1996/threads.html",
                    "msg:tml/1": "archive/mail/tml/1.html"}
    writer.rows, writer.faces, writer.urls, writer.common = {}, {}, {}, {"archive": {}}
    message = SimpleNamespace(
        id="tml/1", subject="Jump-2", certain=True, record={"label": "TML #1", "kind": "post"},
        author=Author("A. Writer", "a@example.edu", "A. Writer <a@example.edu>"),
        date=MailDate(None, "", "1996-03-05", "", ""))
    made = []
    real_row = writer.row
    writer.row = lambda m, depth=0: made.append((m.id, depth)) or real_row(m, depth)

    writer.message_list("threads:tml:1996", "By thread", [("Jump-2", [(message, 1)])], {})
    (path, late, stand_ins, data), = writer.renderer.pages
    assert path == "archive/mail/tml/1996/threads.html" and "groups" not in data
    # The fingerprint sees each row's token (made from its row at depth 0);
    # the list, with its rows at their depth, comes only if the page is written.
    assert stand_ins == {"groups": [("Jump-2", [writer.token(message, 1)])]}
    assert ("tml/1", 1) not in made
    assert late["groups"]() == [("Jump-2", [real_row(message, 1)])] and ("tml/1", 1) in made
