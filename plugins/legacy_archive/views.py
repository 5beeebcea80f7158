"""What the archive's pages show, and the order they are written in."""

import os
from collections import Counter
from functools import partial

from . import kinds, parallel
from .feeds import feed_url
from .lookups import Lookups
from .mail.pages import MailWriter
from .model import display_path
from .publish import publish_original, publish_sanitised_svg, write_manifest
from .render import KIND_LABELS, Row, file_row, human_size, letters, title_of
from .urls import url_of


def kind_counts(items):
    counts = Counter(KIND_LABELS.get(item.kind, item.kind) for item in items)
    # Lists, not tuples: the summary must equal itself read back from JSON.
    return [list(pair) for pair in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


def summary(generator):
    """The archive as the rest of the site sees it (landing page, theme, sitemap)."""
    archive = generator.archive
    top = generator.folders[""]
    return {
        "title": archive.title,
        "url": url_of(generator.views["landing"]),
        "titles_url": url_of(generator.views["titles"]),
        "manifest_url": url_of(generator.views["manifest"]),
        "mail_url": url_of(generator.views["mail_pages"]["mail"])
        if "mail" in generator.views.get("mail_pages", {}) else "",
        "people_url": url_of(generator.views["mail_pages"]["people"])
        if "people" in generator.views.get("mail_pages", {}) else "",
        "messages": len(generator.mail.messages),
        "files": len(generator.items),
        "bytes": human_size(sum(item.size for item in generator.items)),
        "kinds": kind_counts(generator.items),
        "folders": [folder_link(generator, f) for f in sorted(top.folders, key=lambda f: f.rel)],
        "feed_url": feed_url(generator.views["feed_rss"]),
        "feed_atom_url": feed_url(generator.views["feed_atom"]),
        "search_url": generator.settings.get("SEARCH_URL", ""),
        "newest": newest_links(generator),
        "category": archive.blog_category,
        "posts": generator.blog_posts,  # read once, for the inputs' key too
    }


def newest_links(generator):
    """The landing page's newest additions: title, page, where, when."""
    return [{"title": title_of(item), "url": url_of(generator.outputs[item.rel].page),
             "path": display_path(item.rel), "iso": when.isoformat(),
             "day": when.strftime("%Y-%m-%d")}
            for when, item in generator.additions[:generator.archive.newest_on_landing]]


def page_links(generator):
    """What every archive page needs of the archive as a whole: names and links.

    Kept small on purpose: it is part of every page's fingerprint.
    """
    summary = generator.context["archive"]
    # A Row: templates read archive.title on every page, and on a plain dict
    # each such read is a failed attribute lookup first (2 us).
    return Row({key: summary[key] for key in ("title", "url", "titles_url", "manifest_url",
                                              "feed_url", "feed_atom_url", "search_url")})


def sitemap_urls(generator):
    """Every archive page a search engine should know (listings by name only)."""
    urls = [url_of(generator.views["landing"]), url_of(generator.views["titles"])]
    urls += [url_of(pages["name"]) for rel, pages in sorted(generator.folder_pages.items()) if rel]
    urls += [url_of(generator.outputs[item.rel].page) for item in generator.items
             if not item.hidden]
    return urls


def folder_link(generator, folder):
    name = display_path(folder.name)
    return {"name": name, "title": folder.title or name,
            "url": url_of(generator.folder_pages[folder.rel]["name"]),
            "description": folder.description, "count": count_files(folder)}


def count_files(folder):
    return len(folder.items) + sum(count_files(child) for child in folder.folders)


def breadcrumbs(generator, folder_rel):
    """[(name, url)] from the archive's landing page down to folder `folder_rel`."""
    crumbs = [(generator.archive.title, url_of(generator.views["landing"]))]
    parts = folder_rel.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        page = generator.folder_pages["/".join(parts[:depth]) + "/"]["name"]
        crumbs.append((display_path(parts[depth - 1]), url_of(page)))
    return crumbs


def parent_of(rel):
    """The folder holding `rel` (a file, or a folder ending in '/')."""
    parts = rel.rstrip("/").split("/")[:-1]
    return "/".join(parts) + "/" if parts else ""


def write_all(generator, renderer, tick=None):
    """Pages, originals and the manifest; returns how many originals were copied."""
    generator.resolvers = resolvers(generator)
    generator.links = page_links(generator)   # shared by every page
    # What listings show of each file: its folder's pages and the A-Z page share it.
    rows = {item.rel: file_row(item, generator.outputs[item.rel])
            for item in generator.items if not item.hidden}
    mail = MailWriter(generator, renderer)
    # One round for all pages: no process waits for the other between kinds.
    # Item tasks return how many originals they copied; the others nothing.
    tasks = item_tasks(generator, renderer, tick)
    tasks += [partial(write_titles, generator, renderer, rows)]
    tasks += [partial(write_folder, generator, renderer, folder, rows)
              for _, folder in sorted(generator.folders.items())]
    copied = parallel.run(parallel.each, tasks + mail.tasks(), generator.workers,
                          generator.catalog, renderer, min_tasks=10)
    mail.write_landing()
    entries = [(item.sha256, generator.outputs[item.rel].original)
               for item in generator.items if generator.outputs[item.rel].original]
    write_manifest(generator.output_path, generator.views["manifest"], entries)
    return copied


def item_tasks(generator, renderer, tick):
    """A task per file: its original, its page and its members' pages. Each
    returns how many originals it copied."""
    by_rel = {source.rel: source for source in generator.sources}
    parent = os.getpid()

    def task(number, item):
        outputs, source = generator.outputs[item.rel], by_rel[item.rel]
        copied = bool(outputs.original) and publish_original(
            source.path, generator.output_path, outputs.original, source.size, source.mtime_ns)
        cleaned = (outputs.sanitised and source.size <= generator.archive.max_read_bytes
                   and publish_sanitised_svg(source.path, generator.output_path,
                                             outputs.sanitised))
        write_item(generator, renderer, item, outputs, cleaned)
        write_members(generator, renderer, item, outputs, source.path)
        if tick and os.getpid() == parent:
            tick(number, len(generator.items))
        return int(copied)

    return [partial(task, number, item) for number, item in enumerate(generator.items, start=1)]


def write_item(generator, renderer, item, outputs, cleaned=False):
    loaded = {}

    def text():
        if "text" not in loaded:
            loaded["text"] = generator.catalog.text(item.rel)
        return loaded["text"]

    # A cleaned page's links are looked up among the archive's paths.
    lookups = (Lookups(generator.resolvers, generator.catalog.page_lookups(outputs.page))
               if item.kind == "html" else None)
    renderer.page(
        outputs.page, "archive_item.html", generator.output_path,
        stand_ins={"item": item_token(item)},
        late={"text": text,
              "view": lambda: kind_view(generator, item, outputs, text(), lookups)},
        lookups=lookups,
        # A collection's page links its messages, whose ids its record does not fix.
        message_ids=[m.id for m in generator.mail.by_source.get(item.rel, [])],
        members=[[name, url_of(path)] for name, path in outputs.members],
        item=item, file_name=display_path(item.rel.rsplit("/", 1)[-1]),
        path=display_path(item.rel), title=title_of(item),
        kind=KIND_LABELS.get(item.kind, item.kind), size=human_size(item.size),
        original_url=url_of(outputs.original) if outputs.original else "",
        sanitised_url=url_of(outputs.sanitised) if cleaned else "",
        breadcrumbs=breadcrumbs(generator, parent_of(item.rel)),
        archive=generator.links,
        max_text_bytes=generator.archive.max_text_bytes,
        protect_addresses=generator.archive.protect_addresses,
    )


def item_token(item):
    """A stand-in for `item` in fingerprints: its fields, with `extra` (the bulk,
    fixed at extraction) replaced by the digest of the record it came from."""
    if not hasattr(item, "record_digest"):  # not from the catalog: no digest to trust
        return item
    token = {name: value for name, value in vars(item).items() if name != "extra"}
    token["extra"] = item.extra.get("described_by", "")  # the one key set later
    return token


def kind_view(generator, item, outputs, text, lookups=None):
    """The kind-specific part of an item page (kinds.py), or None; a cleaned
    page's lookups go through `lookups` (lookups.py), which notes them."""
    if item.kind == "html":
        return kinds.html_view(item, text, outputs.page, lookups.recording(),
                               generator.archive.old_hosts, generator.archive.output,
                               generator.archive.protect_addresses)
    if item.kind == "zip":
        return kinds.zip_view(item, {name: url_of(path) for name, path in outputs.members})
    if item.kind == "sector":
        return kinds.sector_view(item, text, "map-" + item.sha256[:8])
    if item.kind == "mail":
        paths = generator.views.get("mail_pages", {})
        return Row({"messages": [Row(url=url_of(paths["msg:" + m.id]), subject=m.subject,
                                 author=m.author.name, date=m.date.day,
                                 label=m.record["label"], kind=m.record["kind"])
                             for m in sorted(generator.mail.by_source.get(item.rel, []),
                                             key=lambda m: m.record["offset"])]})
    return None


def write_members(generator, renderer, item, outputs, source_path):
    """A page for each text member of a ZIP, decoded like any text file."""
    for name, path in outputs.members:
        renderer.page(
            path, "archive_member.html", generator.output_path,
            late={"member": lambda name=name: kinds.member_text(source_path, name)},
            stand_ins={"item": item_token(item)},
            item=item, member_name=name, zip_url=url_of(outputs.page),
            zip_name=display_path(item.rel.rsplit("/", 1)[-1]), title=title_of(item),
            original_url=url_of(outputs.original) if outputs.original else "",
            breadcrumbs=breadcrumbs(generator, parent_of(item.rel)),
            archive=generator.links,
            protect_addresses=generator.archive.protect_addresses)


def resolvers(generator):
    """(page URL of an archive path, bytes URL of an archive path) for cleaned pages."""
    pages = {item.rel: url_of(generator.outputs[item.rel].page) for item in generator.items}
    pages.update({rel: url_of(p["name"]) for rel, p in generator.folder_pages.items() if rel})
    originals = {item.rel: url_of(generator.outputs[item.rel].original or
                                  generator.outputs[item.rel].sanitised or "")
                 for item in generator.items}
    return pages.get, originals.get


def write_folder(generator, renderer, folder, rows):
    rows = [rows[i.rel] for i in folder.items if not i.hidden]
    by_name = sorted(rows, key=lambda r: (r["name"].casefold(), r["name"]))
    by_date = sorted(rows, key=lambda r: (r["date"] or "9999", r["name"].casefold()))
    subfolders = [folder_link(generator, f)
                  for f in sorted(folder.folders, key=lambda f: f.rel)]
    pages = generator.folder_pages[folder.rel]
    page, date_page = pages["name"], pages["date"]
    crumbs = breadcrumbs(generator, parent_of(folder.rel)) if folder.rel else []
    summary = generator.context["archive"] if not folder.rel else generator.links
    common = dict(folder=folder, subfolders=subfolders, archive=summary,
                  breadcrumbs=crumbs,
                  folder_name=display_path(folder.name) or generator.archive.title,
                  by_name_url=url_of(page), by_date_url=url_of(date_page))
    template = "archive_landing.html" if not folder.rel else "archive_folder.html"
    # The Folder object holds its whole subtree; its page shows only these.
    own = {"title": folder.title, "description": folder.description,
           "findings": folder.findings}
    stand_ins = {"folder": own}
    renderer.page(page, template, generator.output_path, stand_ins=stand_ins,
                  rows=by_name, order="name", **common)
    renderer.page(date_page, "archive_folder.html", generator.output_path,
                  stand_ins=stand_ins, rows=by_date, order="date", **common)


def write_titles(generator, renderer, rows):
    # The page is given only what it shows of each file (not its size), so
    # its fingerprint is those fields: a file whose bytes change but not its
    # title, name or date leaves the page (20,000 rows) as it is.
    shown = [Row(url=r["url"], title=r["title"], name=r["name"], date=r["date"])
             for r in rows.values()]
    renderer.page(generator.views["titles"], "archive_titles.html", generator.output_path,
                  groups=letters(shown), archive=generator.links)


def build_stats(generator, renderer, copied):
    """What the build did, for the catalog's record of it (and the benchmarks)."""
    stats = generator.stats
    return {"files": len(generator.items), "unchanged": False, "read": stats.read,
            "cached": stats.cached, "touched": stats.touched, "failed": stats.failed,
            "warnings": generator.warnings,
            "pages_written": renderer.written, "pages_unchanged": renderer.skipped,
            "pages_total": renderer.written + renderer.skipped, "originals_copied": copied,
            "removed": generator.removed,
            "manifest": generator.views["manifest"],
            "read_seconds": round(generator.read_seconds, 3),
            "write_seconds": round(generator.write_seconds, 3)}
