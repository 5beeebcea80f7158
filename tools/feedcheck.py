"""What a feed must satisfy to be published: readers parse it, links are
absolute, ids are unique, dates are valid RFC 3339 (Atom) or RFC 822 (RSS).
Used by tools/check_site.py and by the tests.
"""

import email.utils
import re

import feedparser
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def check_feed(data, siteurl=""):
    """Return a list of problems (empty when the feed is fine)."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag not in (f"{ATOM}feed", "rss"):
        return []  # not a feed (e.g. some other XML file): nothing to check
    parsed = feedparser.parse(data)
    problems = [f"feed readers reject it: {parsed.bozo_exception}"] if parsed.bozo else []
    problems += _check_dates(root)
    ids = [entry.get("id") or entry.get("link") for entry in parsed.entries]
    if len(set(ids)) != len(ids):
        problems.append("entry ids are not unique")
    for entry in parsed.entries:
        link = entry.get("link", "")
        if not link.startswith(("https://", "http://")):
            problems.append(f"entry link is not absolute: {link!r}")
        elif siteurl and not link.startswith(siteurl.rstrip("/") + "/"):
            problems.append(f"entry link is outside {siteurl}: {link!r}")
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append(f"entry has no valid date: {link!r}")
    return problems


def _check_dates(root):
    problems = []
    if root.tag == f"{ATOM}feed":
        for node in root.iter(f"{ATOM}updated", f"{ATOM}published"):
            if not RFC3339.match((node.text or "").strip()):
                problems.append(f"Atom date is not RFC 3339: {node.text!r}")
        return problems
    for node in root.iter("pubDate", "lastBuildDate"):
        try:
            when = email.utils.parsedate_to_datetime((node.text or "").strip())
        except (TypeError, ValueError):
            when = None
        if when is None or when.tzinfo is None:
            problems.append(f"RSS date is not RFC 822 with a zone: {node.text!r}")
    return problems
