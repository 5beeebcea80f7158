"""The mail pages: one per message, and the indexes readers know from mail
archivers — by thread, date, subject and author — per list and year."""

import hashlib
import json
import weakref
from functools import partial
from itertools import groupby

from markupsafe import Markup

from ..model import display_path
from ..render import Row
from ..urls import url_of
from .body import protect_address, render_body
from .burst import body_at, normalise_text
from .collect import slug

# A message page lists at most this many thread neighbours on each side, so a
# page costs the same whatever the length of its thread.
THREAD_WINDOW = 12
# Rows shown in lists are shared by the pages that list them, up to this many.
ROW_CACHE = 10000
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def claims(index, prefix):
    """A claim_more callback for urls.plan: every mail page's output path."""
    def claim(registry):
        if not index.messages:
            return {}
        paths = {"mail": registry.claim(f"{prefix}/mail/index.html", "mail:"),
                 "people": registry.claim(f"{prefix}/mail/people/index.html", "mail:people")}
        for m in index.messages:
            paths["msg:" + m.id] = registry.claim(f"{prefix}/mail/{m.id}.html", "msg:" + m.id)
        for list_name, year in sorted(index.by_list_year):
            base = f"{prefix}/mail/{slug(list_name)}/{year or 'undated'}"
            for view in ("index", "threads", "subjects"):
                paths[f"{view}:{list_name}:{year}"] = registry.claim(
                    f"{base}/{view}.html", f"mail:{view}:{list_name}:{year}")
        for key in index.people:
            paths["person:" + key] = registry.claim(f"{prefix}/mail/people/{key}.html",
                                                    "person:" + key)
        return {"mail_pages": paths}
    return claim


class RowMarkup:
    """Each list row rendered once and reused (archive_mail_rows.html's macros).

    A message is listed on every page of its thread's window and on the
    index pages. A row's markup depends only on the row, on whether it is
    the page's own message, and on SITEURL: the row's every field keys it,
    so a theme's macros may show any of them. A page's list is joined here,
    not looped over in its template: with the rows already made, a Jinja
    call per row would cost more than the rest of the list. A page's own
    row, shown so on that page only, is rendered for it and not kept.
    """

    def __init__(self, env):
        self.macros, self.done = env.get_template("archive_mail_rows.html").module, {}
        self.names = {}   # each row's field names, kept once for the keys
        # The same row object again (MailWriter shares them) is found by its
        # identity, without making its key. The entry refers to the row weakly
        # (holding rows the writer's cache let go cost 10 MB at 100,000
        # messages): a row made since at a freed row's address is not it.
        self.seen = {}

    def item(self, macro, row, site_url, current=False):
        """One row through `macro` ("thread_item" or "list_item")."""
        # The macro escapes inside its own autoescape block, but is defined
        # outside one, so Jinja hands back a plain str.
        if current:   # shown so on its own page only: not worth keeping
            return Markup(getattr(self.macros, macro)(Row(row, current=True), site_url))
        same = (macro, site_url, id(row))
        seen = self.seen.get(same)
        if seen is not None and seen[0]() is row:
            return seen[1]
        names = tuple(row)
        key = (macro, site_url, self.names.setdefault(names, names), *row.values())
        found = self.done.get(key)
        if found is None:
            if len(self.done) >= ROW_CACHE:
                self.done.clear()
            found = self.done[key] = Markup(getattr(self.macros, macro)(
                Row(row, current=False), site_url))
        if len(self.seen) >= ROW_CACHE:
            self.seen.clear()
        if isinstance(row, Row):   # a theme may pass plain dicts, which weakref refuses
            self.seen[same] = (weakref.ref(row), found)
        return found

    def thread_items(self, rows, site_url, current):
        """The thread_item of each row, a line each; the one at index `current`
        is the page's own message."""
        render = self.item
        return _lines([render("thread_item", row, site_url, at == current)
                       for at, row in enumerate(rows)])

    def list_items(self, rows, site_url):
        """The list_item of each row, a line each."""
        render = self.item
        return _lines([render("list_item", row, site_url) for row in rows])


def _lines(items):
    """Markup of `items`, each ended by a newline (str.join: Markup's + escapes)."""
    return Markup("".join(["\n".join(items), "\n"])) if items else Markup("")


class MailWriter:
    """Writes every mail page through the archive's Renderer."""

    def __init__(self, generator, renderer):
        self.g, self.renderer, self.index = generator, renderer, generator.mail
        self.paths = generator.views.get("mail_pages", {})
        self.protect = generator.archive.protect_addresses
        # What a message's text is cut from: its file's bytes, and the codec they
        # were read with (a sidecar's encoding changes the text, not the bytes).
        self.texts = {item.rel: f"{item.sha256}|{item.encoding}" for item in generator.items}
        self.place = {m.id: n for n, m in enumerate(self.index.messages)}
        self.trees, self.rows, self.faces, self.urls, self.sources = {}, {}, {}, {}, {}
        self.common = {"archive": generator.links, "mail_url": self.url("mail"),
                       "people_url": self.url("people")}
        # What every message page shares, in each page's fingerprint.
        self.common_key = json.dumps(self.common, sort_keys=True)

    def tree(self, root):
        """(thread tree, {id: place in it}, [token of each]), computed once per thread."""
        if root not in self.trees:
            tree = self.index.thread_tree(root)
            self.trees[root] = (tree, {m.id: n for n, (m, _) in enumerate(tree)},
                                [self.token(m, depth) for m, depth in tree])
        return self.trees[root]

    def url(self, key):
        found = self.urls.get(key)
        if found is None:
            found = self.urls[key] = url_of(self.paths[key]) if key in self.paths else ""
        return found

    def source(self, rel):
        """(name shown, page URL) of a collection file."""
        if rel not in self.sources:
            self.sources[rel] = (display_path(rel), url_of(self.g.outputs[rel].page))
        return self.sources[rel]

    def row(self, m, depth=0):
        """How lists show message `m` (shared: pages only read it)."""
        found = self.rows.get((m.id, depth))
        if found is None:
            if len(self.rows) >= ROW_CACHE:  # a big archive's rows would not all fit
                self.rows.clear()
            found = self.rows[(m.id, depth)] = Row(
                # Not through url(), whose dict would keep a key and an entry
                # for every message (17 MB at 100,000); url_of has its own cache.
                url=url_of(self.paths["msg:" + m.id]), subject=m.subject, depth=depth,
                author=m.author.name or "unknown", date=m.date.day or "date unknown",
                label=m.record["label"], certain=m.certain or depth == 0,
                kind=m.record["kind"])
        return found

    def face(self, m):
        """A short digest of everything row() shows of `m` at any depth."""
        found = self.faces.get(m.id)
        if found is None:
            row = self.row(m)
            # A JSON list, not a joined text: a subject holding the separator
            # could not make two different rows read the same.
            found = self.faces[m.id] = hashlib.blake2b(json.dumps((
                row.url, row.subject, row.author, row.date, row.label, row.kind,
                m.certain), check_circular=False).encode(), digest_size=12).hexdigest()
        return found

    def token(self, m, depth=0):
        """A short stand-in for row(m, depth) in page fingerprints."""
        return f"{self.face(m)}:{depth}"

    def tasks(self):
        """Every mail page but the landing pages, as tasks to share out over the
        processes. A collection file is one task, so its text is read in one
        process only."""
        if not self.index.messages:
            return []
        self.markup = RowMarkup(self.renderer.env)  # before the page writers are forked
        by_source = groupby(sorted(self.index.messages, key=lambda m: (m.source, m.id)),
                            key=lambda m: m.source)
        tasks = [partial(self.write_messages, source, list(messages))
                 for source, messages in by_source]
        tasks += [partial(self.write_year, list_name, year, messages)
                  for (list_name, year), messages in sorted(self.index.by_list_year.items())]
        tasks += [partial(self.write_person, key, person)
                  for key, person in self.index.people.items()]
        return tasks

    def write_messages(self, source, messages):
        norm = []

        def body(m):
            if not norm:   # only when a page is written
                norm.append(normalise_text(self.g.catalog.text(source) or ""))
            return render_body(body_at(norm[0], m.record["span"]), protect=self.protect)

        for m in messages:
            self.write_message(m, lambda m=m: body(m))

    def write_message(self, m, body):
        tree, places, tokens = self.tree(m.thread)
        place = places.get(m.id, 0)
        start, end = max(0, place - THREAD_WINDOW), place + THREAD_WINDOW + 1
        dated, at = self.index.messages, self.place[m.id]
        near = {"prev_thread": tree[place - 1][0] if place else None,
                "next_thread": tree[place + 1][0] if place + 1 < len(tree) else None,
                "prev_date": dated[at - 1] if at else None,
                "next_date": dated[at + 1] if at + 1 < len(dated) else None}
        current = place - start if m.id in places else None   # its row in the window
        path, template = self.paths["msg:" + m.id], "archive_message.html"
        fingerprint = self.renderer.fingerprint(template, self.message_key(
            m, near, tokens[start:end], current, len(tree), tree[0][0]))
        if self.renderer.unchanged(path, fingerprint, self.g.output_path):
            return
        self.renderer.write(path, template, fingerprint, self.message_data(
            m, near, body, tree[start:end], current, len(tree), tree[0][0]))

    def message_key(self, m, near, window, current, thread_size, root):
        """A text standing for everything message_data() gives the page.

        The record is fixed by its collection's text and its place there;
        rows by their faces, the thread by the tokens of its window and
        which of them is this message.
        """
        source_name, source_url = self.source(m.source)
        return json.dumps((
            self.common_key, self.face(m), self.texts.get(m.source, ""), m.record["parent"],
            m.record["position"], m.date.note, m.date.iso, m.author.name, m.author.address,
            self.url("person:" + m.person), source_name, source_url, thread_size,
            self.thread_url(root), *(self.face(n) if n else "" for n in near.values()),
            current, window), check_circular=False)

    def message_data(self, m, near, body, window, current, thread_size, root):
        """The page's variables; `current` is the index of `m` in `window`, or None."""
        source_name, source_url = self.source(m.source)
        author = m.author
        return {
            "body": body(),
            "thread": [self.row(t, depth) for t, depth in window],
            "thread_current": current,
            "message": self.row(m), "record": m.record, "date_note": m.date.note,
            "iso": m.date.iso, "author_name": author.name,
            "person_url": self.url("person:" + m.person),
            "address": protect_address(author.address) if self.protect else author.address,
            "source_name": source_name, "source_url": source_url,
            "thread_size": thread_size, "thread_url": self.thread_url(root),
            **{key: n and self.row(n) for key, n in near.items()}, **self.common,
            "mail_rows": self.markup}

    def thread_url(self, root):
        """The by-thread page of the list and year where the thread starts."""
        year = root.date.utc.year if root.date.utc else 0
        return self.url(f"threads:{root.record['list'] or 'mail'}:{year}")

    def write_year(self, list_name, year, messages):
        label = f"{list_name or 'Mail'}, {year or 'date unknown'}"
        views = Row({v: self.url(f"{v}:{list_name}:{year}")
                     for v in ("index", "threads", "subjects")})
        by_month = groupby(messages, key=lambda m: m.date.utc.month if m.date.utc else 0)
        self.message_list(f"index:{list_name}:{year}", f"{label}: by date",
                          [(MONTHS[k - 1] if k else "Date unknown", [(m, 0) for m in g])
                           for k, g in by_month], views)
        # By subject straight after by date: the same rows, still in the caches.
        subjects = sorted(messages, key=lambda m: (self.index.subject_key(m).casefold(), m.id))
        self.message_list(f"subjects:{list_name}:{year}", f"{label}: by subject",
                          [(k, [(m, 0) for m in g]) for k, g in
                           groupby(subjects, key=lambda m: self.index.subject_key(m))], views)
        roots = [m for m in messages if m.thread == m.id]
        self.message_list(f"threads:{list_name}:{year}", f"{label}: by thread",
                          [(r.subject, self.tree(r.id)[0]) for r in roots], views)

    def write_person(self, key, person):
        messages = self.index.by_person.get(key, [])
        years = sorted({m.date.utc.year for m in messages if m.date.utc})
        shown = [protect_address(a) if self.protect else a for a in person.addresses]
        intro = (f"{len(messages)} messages"
                 + (f", {years[0]}–{years[-1]}" if years else "")
                 + (f". Wrote as {', '.join(person.names)}" if person.names else "")
                 + (f"; from {', '.join(shown)}" if shown else "") + ".")
        self.message_list("person:" + key, person.name or key,
                          [("Messages", [(m, 0) for m in messages])], {}, intro=intro)

    def message_list(self, key, title, groups, views, intro=""):
        """A list page of [(heading, [(message, depth)])], fingerprinted by row tokens.

        Its list of rows is made only if the page is written (a rebuild after
        a new digest checks every list page and writes few): the tokens need
        only each message's row at depth 0, not the rows of its depth here.
        """
        tokens = [(h, [self.token(m, d) for m, d in rows]) for h, rows in groups]
        self.list_page(key, title, views, intro, lazy=(tokens, lambda: [
            (h, [self.row(m, d) for m, d in rows]) for h, rows in groups]))

    def write_landing(self):
        if not self.index.messages:
            return
        lists = groupby(sorted(self.index.by_list_year), key=lambda pair: pair[0])
        groups = [(name or "Mail", [Row(url=self.url(f"index:{name}:{year}"),
                                        subject=str(year or "date unknown"), depth=0,
                                        author=f"{len(self.index.by_list_year[(name, year)])} "
                                               "messages", date="", label="",
                                        certain=True, kind="post") for _, year in years])
                  for name, years in lists]
        self.list_page("mail", "Mailing lists", {}, groups=groups,
                       intro=f"{len(self.index.messages)} messages from "
                             f"{len(self.index.people)} people.")
        people = sorted(self.index.people.items(), key=lambda kv: kv[1].name.casefold())
        self.list_page("people", "People", {}, groups=[("Everyone who wrote", [
            Row(url=self.url("person:" + k), subject=p.name or k, depth=0,
                author=f"{len(self.index.by_person.get(k, []))} messages", date="",
                label="", certain=True, kind="post") for k, p in people])])

    def list_page(self, key, title, views, intro="", groups=(), lazy=None):
        """A list page of `groups`, or of the groups lazy[1]() makes when the
        page is written, fingerprinted by their stand-in lazy[0]."""
        # The row renderer goes in `late`: it is not page data, and must stay
        # out of the page's fingerprint.
        late, data = {"mail_rows": lambda: self.markup}, {"groups": groups}
        if lazy:
            data, late["groups"] = {}, lazy[1]
        self.renderer.page(self.paths[key], "archive_mail_list.html", self.g.output_path,
                           stand_ins=lazy and {"groups": lazy[0]}, late=late, page_title=title,
                           views=views, intro=intro, **data, **self.common)
