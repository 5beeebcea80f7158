"""What an item page shows beyond the common facts, per kind of file.

Extractors (read phase, cached) keep small summaries in item.extra; the
heavier views — a cleaned 1990s page, a ZIP's members, a sector map — are
built here only when a page is actually rendered.

The modules behind them (HTML cleaning with bs4, sector maps, ZIP reading;
decode.py loads charset detection itself) are imported by the function
that needs them: a rebuild that renders no such page, such as one adding a
digest, does not pay a quarter of a second to load them.
"""

import re
from pathlib import Path

from markupsafe import Markup

from .decode import decode
from .identify import identify
from .mail.body import protect_text
from .model import Finding
from .names import safe_segment

TEXT_MEMBER_KINDS = {"text", "mail", "sector", "index", "html", "xml", "svg"}
MAX_MEMBER_PAGES = 50


# -- read phase: extractors (registered in extract.EXTRACTORS) -----------------

def extract_zip(item, data, text):
    from .zipfiles import list_zip

    listing = list_zip(data)
    item.extra["members"] = [
        [m.name, m.size, m.date, m.method, m.is_dir, m.readable] for m in listing.members]
    item.extra["comment"] = listing.comment
    item.detail = f"ZIP, {len(listing.members)} members"
    if listing.diz and item.description_source in ("", "content"):
        item.description, item.description_source = listing.diz, "FILE_ID.DIZ"
    item.findings.extend(Finding("zip-problem", p) for p in listing.problems)
    unsafe = [m.name for m in listing.members if m.unsafe_name]
    if unsafe:
        shown = ", ".join(repr(name) for name in unsafe[:3])
        item.findings.append(Finding(
            "zip-problem", f"{len(unsafe)} member name(s) would land outside a folder they "
            f"were extracted to ({shown}); listed, never extracted"))


def extract_sector(item, data, text):
    from .sectors import parse_sector

    sector = parse_sector(text)
    item.extra["sector"] = {"format": sector.format, "name": sector.name,
                            "worlds": len(sector.worlds), "rejected": len(sector.rejected)}
    if sector.name and not item.title:
        item.title = sector.name
    if sector.worlds:
        item.detail = f"sector data ({sector.format}), {len(sector.worlds)} worlds"
    if sector.rejected:
        first = sector.rejected[0]
        item.findings.append(Finding(
            "sector-rejected", f"{len(sector.rejected)} line(s) are not worlds, all listed on "
            f"its page; line {first.line}: {first.reason}"))


# -- write phase: page views ------------------------------------------------------

def member_pages(item, prefix):
    """[(member name, page path)] for the text members a reader may open."""
    pages = []
    for index, (name, _size, _date, _method, is_dir, readable) in enumerate(
            item.extra.get("members", [])):
        if is_dir or not readable or len(pages) >= MAX_MEMBER_PAGES:
            continue
        base = safe_segment(name.rsplit("/", 1)[-1] or "member")[0]
        pages.append((name, f"{prefix}/{item.safe_rel}.d/{index + 1}-{base}.html"))
    return pages


def zip_view(item, member_urls):
    """Rows of the member table; text members link to their page."""
    rows = []
    for name, size, date, method, is_dir, readable in item.extra.get("members", []):
        rows.append({"name": name, "size": size, "date": date, "method": method,
                     "is_dir": is_dir, "readable": readable, "url": member_urls.get(name, "")})
    return {"members": rows, "comment": item.extra.get("comment", "")}


def member_text(source_path, name):
    """(kind, decoded text or None) of one member, read within the limits."""
    from .zipfiles import read_member

    data = read_member(Path(source_path).read_bytes(), name)
    if data is None:
        return "unreadable", None
    kind, _ = identify(name, data[:65536])
    if kind not in TEXT_MEMBER_KINDS:
        return kind, None
    decoded = decode(data)
    return kind, (decoded.text, decoded.label)


MAILTO_LINK = re.compile(r'<a\b[^>]*\bhref="mailto:[^"]*"[^>]*>(.*?)</a>', re.S | re.I)


def html_view(item, text, page_path, resolvers, old_hosts, prefix, protect=True):
    from .htmlpage import clean_html

    resolve, resolve_image = resolvers
    page = clean_html(text or "", item.rel, resolve, old_hosts, site_prefix=prefix + "/",
                      page_url=page_path, resolve_image=resolve_image)
    dead = [link.href for link in page.links + page.images if link.status == "missing"]
    body = page.body
    if protect:  # no mailto: links, and addresses shortened as on message pages
        body = protect_text(MAILTO_LINK.sub(r"\1", body))
    return {"body": Markup(body), "removed": page.removed, "dead": dead}


def sector_view(item, text, map_id):
    from .hexmap import render_hexmap
    from .sectors import parse_sector
    from .uwp import explain_bases, explain_trade_codes, explain_uwp, explain_zone

    sector = parse_sector(text or "")
    rows = [{"world": w, "uwp": explain_uwp(w.uwp), "bases": explain_bases(w.bases),
             "zone": explain_zone(w.zone) if w.zone else "",
             "codes": explain_trade_codes(w.remarks)} for w in sector.worlds]
    title = sector.name or item.title or item.rel
    svg = render_hexmap(sector, title, id_prefix=map_id) if sector.worlds else ""
    return {"rows": rows, "rejected": sector.rejected, "format": sector.format,
            "map": Markup(svg), "notes": sector.notes}
