"""1990s web pages of the archive as safe, valid HTML5 fragments inside our theme.

Why this exists: the archive's HTML was written for Netscape 2-4 and IE 3-5.
Shown raw from our origin its scripts, handlers and refreshes would run, its
`<base>` and `<meta refresh>` would take readers elsewhere, its links point at
hosts and paths that no longer exist, and its markup (FONT, CENTER, unclosed
P and LI, tables without TBODY, repeated `name=` anchors) fails the Nu HTML
checker that `make publish` runs over every page. `clean_html` returns what
can be put inside our page's `<main>`, plus what it did to the links and
images and a list of what it took out, so the item page can say so.

How, in order:

1. Text the XML tree cannot hold is repaired first: C1 controls become the
   Windows-1252 characters browsers show for them, other controls go,
   surrogates and noncharacters become U+FFFD.
2. html5lib parses the page exactly as a browser does (quirks mode, adoption
   agency, foster parenting) into an lxml tree. It is the slow step, about
   70% of the time: a 2 KB page takes 2-4 ms, a 126 KB one 27-55 ms here.
   BeautifulSoup over html5lib costs the same and adds nothing needed here;
   libxml2 parses 25 times faster (2-3 times through BeautifulSoup) but
   nests headings, table text and misnested formatting unlike browsers. Where
   html5lib raises on its own bugs, it reads a tidied copy (see `_parse`).
3. Active and foreign content is removed and reported; comments go.
4. `name=` anchors and ids become `legacy-` ids, de-duplicated; links and
   image sources are resolved (see below); obsolete elements are converted,
   presentational attributes dropped, headings shifted below our own h1.
   A table's `border` becomes class `bordered`: the checker refuses the
   attribute even as `border="1"`.
5. Content models the parser does not enforce are repaired (stray list
   items, odd DL, ragged table columns, blocks inside phrasing elements).
6. nh3 (ammonia, on html5ever) sanitises the serialised fragment again with
   an explicit allowlist: it is the safety net, and its re-parse splits any
   paragraph that still holds a block.

Links. Relative links and image sources resolve against the page's folder
in the archive (`./`, `../` clamped at the archive root as browsers clamp at
a host's root, `%xx` decoded, backslashes read as slashes as browsers do,
query dropped, fragment kept). Root-relative links (`/ships/x.txt`) and
absolute links to an old host (any scheme and port, with or without `www.`)
are archive paths from the old host's root; if the whole path is not in the
archive, up to two leading segments (`/~user/`, `/traveller/`) are dropped,
but never down to the bare root. A `<base href>` on an old host is used to
resolve relative links (then the page's own folder); any other base is
ignored. A folder URL tries `index.html`, `index.htm`, then the folder.
A path missing in its exact case is tried in lower and upper case, folder,
name and extension separately (a `resolve` that folds case finds the rest).

Written into the body, a found target is made relative to the page's own URL
(`page_url`, by default `site_prefix + page_path`, where urls.py publishes
HTML pages), so it works under any SITEURL and from a file:// preview;
`Link.target` keeps the site-relative URL. Image sources point at the
original bytes: `resolve_image(path)` when given, else `site_prefix + path`
(originals keep their old path). External links keep their URL (escaped
where the checker requires) with `rel="external nofollow"`; mailto: links are
kept as links, the caller may protect the addresses. External images are not
loaded (privacy, mixed content, 1990s hosts are gone): their alt text stays
in a `span.external-image`. A link into the archive whose file is missing
becomes `span.dead-link` with a title saying so; javascript:, vbscript:,
data: (images too), file:, other schemes and malformed URLs are dropped the
same way (a plain span, no title; such images go, alt text and all).

Classes the theme may style: center, indent, bordered, dead-link,
external-image, image-map.
"""

import html
import logging
import posixpath
import re
import warnings
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

import html5lib
import nh3
from bs4 import BeautifulSoup
from lxml import etree

logger = logging.getLogger(__name__)

ID_PREFIX = "legacy-"
OUR_CLASSES = {"center", "indent", "bordered", "dead-link", "external-image", "image-map"}
EXTERNAL_SCHEMES = {"http", "https", "ftp", "mailto", "news", "nntp", "gopher", "telnet"}
HOST_SCHEMES = {"http", "https", "ftp", "gopher", "telnet"}
HTML_EXTENSIONS = (".htm", ".html", ".shtml", ".xhtml")
HEADINGS = {f"h{level}" for level in range(1, 7)}

# Elements kept as they are (their attributes still filtered).
KEEP = {
    "a", "abbr", "address", "b", "blockquote", "br", "caption", "cite", "code", "dd",
    "del", "dfn", "div", "dl", "dt", "em", "hr", "i", "img", "ins", "kbd", "li", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
} | HEADINGS
# Obsolete elements with a modern equivalent: new tag, class.
RENAME = {
    "center": ("div", "center"), "tt": ("code", None), "strike": ("s", None),
    "acronym": ("abbr", None), "dir": ("ul", None), "menu": ("ul", None),
    "listing": ("pre", None), "xmp": ("pre", None), "plaintext": ("pre", None),
    "textarea": ("pre", None),
}
# Removed with everything inside: tag -> (sentence, plural) for `removed`, or None.
REMOVE = {
    "script": ("script element", "script elements"),
    "style": ("style element", "style elements"),
    "iframe": ("iframe", "iframes"),
    "embed": ("embed element", "embed elements"),
    "bgsound": ("background sound", "background sounds"),
    "svg": ("svg element", "svg elements"),   # html5lib namespaces them and all they hold
    "math": ("math element", "math elements"),
    "frameset": ("frameset (its frames listed as links)", "framesets"),
    **dict.fromkeys(("input", "select", "button", "keygen", "isindex", "datalist", "output"),
                    ("form field", "form fields")),
    **dict.fromkeys(("audio", "video", "canvas"), ("media element", "media elements")),
    **dict.fromkeys(("title", "noframes", "noembed", "param", "source", "track",
                     "template", "frame", "spacer", "basefont", "col", "colgroup"),
                    None),
}
# Removed but their content kept (it is the fallback the page offered).
UNWRAP_REPORTED = {
    "object": ("object element (its fallback content kept)", "object elements"),
    "applet": ("Java applet (its fallback content kept)", "Java applets"),
    "form": ("form (its text kept)", "forms"),
}
# Attributes kept per element after conversion; everything else goes.
ATTRIBUTES = {
    "*": {"id", "title", "class"},
    "a": {"href", "rel"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "li": {"value"},
}
BLOCKS = {
    "address", "blockquote", "dd", "div", "dl", "dt", "hr", "li", "ol", "p", "pre",
    "table", "ul",
} | HEADINGS
TRANSPARENT = {"a", "del", "ins"}
PHRASING_ONLY = {
    "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "q", "s", "samp", "small",
    "span", "strong", "sub", "sup", "u", "var",
}
DANGEROUS_STYLE = [
    (re.compile(r"expression\s*\(", re.I), ("style expression()", "style expression()s")),
    (re.compile(r"(java|vb)script\s*:", re.I), ("script URL in a style", "script URLs in styles")),
    (re.compile(r"behavio(u)?r\s*:|-moz-binding", re.I), ("style behavior", "style behaviors")),
    (re.compile(r"url\s*\(", re.I), ("style url()", "style url()s")),
]

_CONTROL = {c: None for c in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F)}
_CONTROL[0x0C] = "\n"
for _byte in range(0x80, 0xA0):
    try:
        _CONTROL[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        _CONTROL[_byte] = None
_NONCHARACTERS = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
              for plane in range(1, 17))
    + "]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_STRIP = " \t\n\r\f\x00"
_URL_INSIDE = re.compile(r"[\t\n\r]")
_URL_BAD = re.compile(r"%(?![0-9A-Fa-f]{2})|[\x00-\x20\"<>\\^`{|}\[\]\x7f]")
_URL_HEAD = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:(//[^/?#]*)?")
_NETLOC_BAD = re.compile(r"%(?![0-9A-Fa-f]{2})|[\x00-\x20\"<>\\^`{|}\x7f]")
_FRAGMENT_BAD = re.compile(r"%(?![0-9A-Fa-f]{2})|[\x00-\x20\"<>\\^`{|}\[\]\x7f#]")
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[\w\-~]+(\.[\w\-~]+)*\.?)")
_ID_BAD = re.compile(r"[^\w.:\-]+")
_NUMBER = re.compile(r"\s*(\d+)\s*(px)?\s*")
_SIGNED = re.compile(r"\s*(-?\d+)\s*")
_LEADING_DIGITS = re.compile(r"\s*(\d+)")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_SPACES = re.compile(r"\s+")
_TREE = html5lib.getTreeBuilder("lxml")


@dataclass
class Link:
    href: str       # as written in the page
    target: str     # site-relative URL, absolute URL, "#anchor", or "" when dropped or dead
    status: str     # archive, old-host, external, missing, anchor, dropped


@dataclass
class CleanPage:
    title: str
    body: str
    links: list[Link]
    images: list[Link]
    removed: list[str]


@dataclass
class _Page:
    """What the steps need to know about the page being cleaned."""

    path: str
    folder: str
    url_folder: str
    resolve: Callable[[str], str | None]
    resolve_image: Callable[[str], str | None] | None
    old_hosts: frozenset
    site_prefix: str
    base: str | None = None
    ids: dict = field(default_factory=dict)
    folded_ids: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    images: list = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)

    def report(self, phrase):
        if phrase:
            self.removed[phrase] += 1

    def sentences(self):
        return [singular if count == 1 else f"{count} {plural}"
                for (singular, plural), count in self.removed.items()]


def clean_html(text: str, page_path: str, resolve: Callable[[str], str | None],
               old_hosts: Sequence[str] = (), site_prefix: str = "archive/", *,
               page_url: str | None = None,
               resolve_image: Callable[[str], str | None] | None = None) -> CleanPage:
    """Return `text` (a decoded 1990s page) as a sanitised fragment; never raises.

    `page_path` is the page's path in the archive ("web/ships.html");
    `resolve(archive_path)` gives an archive file's site-relative URL or None;
    links to `old_hosts` are links into the archive. Two optional extras:
    `page_url`, where our page is published (default `site_prefix + page_path`,
    as urls.py publishes HTML in place), which the body's links are relative
    to; `resolve_image(archive_path)`, the URL of an image's bytes (default
    `site_prefix + archive_path`, where urls.py keeps originals).
    """
    try:
        return _clean(text, page_path, resolve, old_hosts, site_prefix, page_url, resolve_image)
    except Exception:  # a last resort: one odd page must not stop a build of thousands
        logger.warning("legacy_archive: could not clean %s; its source is shown instead",
                       page_path, exc_info=True)
        return CleanPage("", "", [], [], ["the whole page (it could not be cleaned)"])


def _clean(text, page_path, resolve, old_hosts, site_prefix, page_url, resolve_image):
    if not text or not text.strip():
        return CleanPage("", "", [], [], [])
    page = _new_page(page_path, resolve, old_hosts, site_prefix, page_url, resolve_image)
    root = _parse(_repair_text(text))
    title = _title(root)
    body = _body_of(root, page)
    _strip_active(root, page)
    _tidy_links(body)
    _assign_ids(body, page)
    _maps_to_links(body)
    _rewrite_links(body, page)
    _rewrite_images(body, page)
    _apply_tag_policy(body, _heading_shift(body))
    _fix_lists(body)
    _fix_definition_lists(body)
    for table in list(body.iter("table")):
        _fix_table(table)
    _fix_flow(body)
    _fix_forbidden_descendants(body)
    _drop_stray_values(body)
    return CleanPage(title, _serialise(body), page.links, page.images, page.sentences())


def _new_page(page_path, resolve, old_hosts, site_prefix, page_url, resolve_image):
    path = page_path.replace("\\", "/").lstrip("/")
    if site_prefix and not site_prefix.endswith("/"):
        site_prefix += "/"
    url = page_url if page_url is not None else site_prefix + quote(path)
    hosts = frozenset(key for key in (_host_key(_bare_host(host)) for host in old_hosts) if key)
    return _Page(path, posixpath.dirname(path), posixpath.dirname(url).lstrip("/"), resolve,
                 resolve_image, hosts, site_prefix)


# --- text and parsing ------------------------------------------------------


def _repair_text(text):
    """Characters an XML tree cannot hold and the checker forbids, as browsers show them.

    Numeric character references to them (`&#1;`, `&#xFFFE;`) are repaired too:
    the parser would decode them into the tree.
    """
    text = _NONCHARACTERS.sub("\ufffd", text.translate(_CONTROL))
    return _CHARACTER_REFERENCE.sub(_repair_reference, text)


def _repair_reference(match):
    number = int(match[1], 16) if match[1] else int(match[2])
    if number > 0x10FFFF:
        return match[0]
    character = chr(number)
    repaired = _NONCHARACTERS.sub("\ufffd", character.translate(_CONTROL))
    return match[0] if repaired == character else repaired


def _parse(text):
    """html5lib's tree; where html5lib trips over its own bugs, its tree of a tidied copy.

    html5lib 1.1 raises on a few misnestings (ValueError in the adoption
    agency with foster parenting, AssertionError in resetInsertionMode: about
    one random tag soup in 3,000). Python's tolerant html.parser (through
    BeautifulSoup) then writes a well-nested copy, emptied of the foreign and
    select elements we remove anyway, that html5lib reads. libxml2 is no
    fallback: it nests everything after an <embed> inside it.
    """
    try:
        return _html5lib(text)
    except Exception:  # any html5lib bug; a second failure reaches clean_html's last resort
        logger.debug("legacy_archive: html5lib failed, re-reading a tidied copy", exc_info=True)
    copy = BeautifulSoup(text, "html.parser")
    for element in copy.find_all(["svg", "math", "select", "template"]):
        element.clear()   # removed anyway, and what html5lib's parser bugs need
    return _html5lib(str(copy))


def _html5lib(text):
    parser = html5lib.HTMLParser(tree=_TREE, namespaceHTMLElements=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # html5lib's DataLossWarning on odd attribute names
        return parser.parse(text).getroot()


def _title(root):
    for tags in (("title",), ("h1", "h2", "h3")):
        for element in root.iter(*tags):
            text = _squash("".join(element.itertext()))
            if text:
                return text
    return ""


def _squash(text):
    return _SPACES.sub(" ", text).strip()


def _body_of(root, page):
    """The <body>; a frameset page gets one listing its frames as links."""
    body = root.find("body")
    if body is not None:
        return body
    body = etree.SubElement(root, "body")
    frames = [frame for frame in root.iter("frame") if (frame.get("src") or "").strip()]
    if frames:
        listing = etree.SubElement(body, "ul")
        for frame in frames:
            link = etree.SubElement(etree.SubElement(listing, "li"), "a", href=frame.get("src"))
            link.text = f"Frame: {frame.get('name') or frame.get('src')}"
    return body


# --- tree helpers ----------------------------------------------------------


def _append_text(element, text):
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _text_before(element, text):
    """Put `text` just before `element`, in its previous sibling's tail or the parent's text."""
    if not text:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + text


def _drop(element):
    """Remove `element` and its content, keeping the text that followed it."""
    parent = element.getparent()
    if parent is None:
        return
    _text_before(element, element.tail)
    parent.remove(element)


def _unwrap(element):
    """Replace `element` by its content."""
    parent = element.getparent()
    if parent is None:
        return
    _text_before(element, element.text)
    element.text = None
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    _drop(element)


def _replace(element, tag, classes=None, title=None):
    """Turn `element` into a bare <tag> keeping its content and id."""
    element_id = element.get("id")
    element.attrib.clear()
    element.tag = tag
    for name, value in (("id", element_id), ("class", classes), ("title", title)):
        if value:
            element.set(name, value)


def _detach_children(parent):
    """Parent's text and children as a list of strings and elements, parent emptied."""
    nodes = [parent.text] if parent.text else []
    parent.text = None
    for child in list(parent):
        tail, child.tail = child.tail, None
        parent.remove(child)
        nodes.append(child)
        if tail:
            nodes.append(tail)
    return nodes


def _local_name(tag):
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


# --- active content --------------------------------------------------------


def _strip_active(root, page):
    """Remove scripts, handlers, foreign and active elements, comments; report them."""
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        _report_comment(sibling, page)
    stack = [root]
    while stack:
        element = stack.pop()
        children = _strip_element(element, page) if element is not root else list(element)
        if children:
            stack.extend(reversed(children))


def _strip_element(element, page):
    """Deal with one element; return the children still to visit."""
    tag = element.tag
    if not isinstance(tag, str):
        _report_comment(element, page)
        _drop(element)
        return []
    name = _local_name(tag)
    if name in REMOVE or name in ("meta", "link", "base") or name != tag:
        _report_head_element(element, page)
        page.report(REMOVE.get(name))
        for _ in (e for e in element.iterdescendants() if _local_name(e.tag) == "script"):
            page.report(REMOVE["script"])   # inside svg
        _drop(element)
        return []
    _strip_attributes(element, page)
    children = list(element)
    if tag in UNWRAP_REPORTED:
        page.report(UNWRAP_REPORTED[tag])
        _unwrap(element)
    elif tag == "noscript":
        _unwrap(element)
    return children


def _report_comment(node, page):
    text = (node.text or "") if node.tag is etree.Comment else ""
    if text.startswith("[if") or "[endif]" in text:
        page.report(("conditional comment", "conditional comments"))
    elif text.startswith("[CDATA["):
        page.report(("CDATA section", "CDATA sections"))


def _report_head_element(element, page):
    tag = element.tag
    if tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
        page.report(("<meta http-equiv=refresh>", "<meta http-equiv=refresh> elements"))
    elif tag == "link" and "stylesheet" in (element.get("rel") or "").lower():
        page.report(("<link rel=stylesheet>", "<link rel=stylesheet> elements"))
    elif tag == "base" and element.get("href") is not None:
        page.report(("<base href>", "<base href> elements"))
        if page.base is None:
            page.base = _old_host_base(element.get("href"), page)


def _old_host_base(href, page):
    ref = _normalise_ref(href)
    try:
        parts = urlsplit(ref)
        return ref if _host_key(parts.hostname) in page.old_hosts else ""
    except ValueError:
        return ""


def _strip_attributes(element, page):
    for name in list(element.attrib):
        if name.startswith("on"):
            page.report((f"{name} handler on <{element.tag}>",
                         f"{name} handlers on <{element.tag}>"))
        elif name == "style":
            _report_style(element.get(name), page)
        elif name != "class":
            continue
        del element.attrib[name]


def _report_style(value, page):
    value = re.sub(r"/\*.*?\*/|\\", "", value, flags=re.S)
    for pattern, phrase in DANGEROUS_STYLE:
        if pattern.search(value):
            page.report(phrase)
            return


def _tidy_links(body):
    """A link holding another link (an unclosed <A> around a table) gives way; empty ones go.

    Browsers re-open an unclosed <A> in every later paragraph, which leaves
    links with no text: nothing to click, nothing to read.
    """
    for link in list(body.iter("a")):
        named = link.get("id") or link.get("name")
        nested = any(inner is not link for inner in link.iter("a"))
        empty = not "".join(link.itertext()).strip() and next(link.iter("img"), None) is None
        if nested and named:
            _replace(link, "span")
        elif nested:
            _unwrap(link)
        elif empty and not named:
            _drop(link)


# --- ids and anchors ---------------------------------------------------------


def anchor_id(name):
    """The id a page's anchor `name` gets (also for links from other pages)."""
    return ID_PREFIX + (_ID_BAD.sub("-", name.strip()) or "anchor")


def _assign_ids(body, page):
    used = set()
    for element in body.iterdescendants():
        names = [element.get("id")]
        if element.tag == "a":
            names.append(element.attrib.pop("name", None))
        element.attrib.pop("id", None)
        names = [name for name in names if name and name.strip()]
        if not names:
            continue
        new = candidate = anchor_id(names[0])
        number = 1
        while new in used:
            number += 1
            new = f"{candidate}-{number}"
        used.add(new)
        element.set("id", new)
        for name in names:
            page.ids.setdefault(name, new)
            page.folded_ids.setdefault(name.casefold(), new)


def _fragment_here(fragment, page):
    name = _unquote(fragment)
    return page.ids.get(name) or page.folded_ids.get(name.casefold()) or anchor_id(name)


def _maps_to_links(body):
    """An image map's areas become a list of links in its place."""
    for image_map in list(body.iter("map")):
        inside_link = next(image_map.iterancestors("a"), None) is not None
        areas = [area for area in image_map.iter("area") if (area.get("href") or "").strip()]
        if not areas or inside_link:
            _drop(image_map)
            continue
        listing = etree.Element("ul", {"class": "image-map"})
        for area in areas:
            link = etree.SubElement(etree.SubElement(listing, "li"), "a", href=area.get("href"))
            link.text = (area.get("alt") or "").strip() or area.get("href").strip()
        listing.tail = image_map.tail
        image_map.getparent().replace(image_map, listing)


# --- links and images --------------------------------------------------------


def _rewrite_links(body, page):
    for link in list(body.iter("a")):
        href = link.get("href")
        if href is None:
            continue
        status, target, url = _locate(href, page, image=False)
        page.links.append(Link(href, target, status))
        if url:
            link.set("href", url)
            if status == "external":
                link.set("rel", "external nofollow")
            continue
        tag = "div" if _holds_block(link) else "span"
        if status == "missing":
            _replace(link, tag, "dead-link", f"{href.strip()}: no longer in the archive")
        else:
            _replace(link, tag)


def _rewrite_images(body, page):
    for image in list(body.iter("img")):
        src = image.get("src")
        if src is None or not src.strip():
            _drop(image)
            continue
        status, target, url = _locate(src, page, image=True)
        if status == "anchor":
            status, target, url = "dropped", "", ""
        page.images.append(Link(src, target, status))
        alt = image.get("alt")
        alt = alt.strip() if alt is not None else _file_name(src)
        if url and status != "external":
            _keep_image(image, url, alt)
        elif status in ("missing", "external") and alt:
            title = (f"image {src.strip()}: no longer in the archive" if status == "missing"
                     else f"image not loaded from {src.strip()}")
            css = "dead-link" if status == "missing" else "external-image"
            _replace(image, "span", css, title)
            image.text = alt
        else:
            _drop(image)


def _keep_image(image, url, alt):
    sizes = {name: _NUMBER.fullmatch(image.get(name) or "") for name in ("width", "height")}
    element_id, title = image.get("id"), image.get("title")
    image.attrib.clear()
    image.set("src", url)
    image.set("alt", alt)
    for name, match in sizes.items():
        if match:
            image.set(name, str(int(match[1])))
    for name, value in (("id", element_id), ("title", title)):
        if value:
            image.set(name, value)


def _file_name(src):
    path = _split_ref(_normalise_ref(src).replace("\\", "/"))[0]
    return _unquote(path.rstrip("/").rpartition("/")[2])


def _locate(raw, page, image):
    """(status, target for Link, URL to write in the body or "")."""
    ref = _normalise_ref(raw)
    if ref.startswith("#"):
        if len(ref) == 1:
            return "dropped", "", ""
        target = "#" + _fragment_here(ref[1:], page)
        return "anchor", target, target
    match = _SCHEME.match(ref)
    scheme = match[1].lower() if match else ""
    rest = ref[len(scheme) + 1:]
    if scheme in ("http", "https") and not rest.replace("\\", "/").startswith("//"):
        scheme, ref = "", rest   # "http:page.html" is relative in a browser
    if not scheme:
        return _locate_relative(ref, page, image)
    if scheme not in EXTERNAL_SCHEMES:
        _report_scheme(scheme, page, image)
        return "dropped", "", ""
    return _locate_absolute(ref, scheme, page, image)


def _report_scheme(scheme, page, image):
    what = "image source" if image else "link"
    label = "local file" if len(scheme) == 1 or scheme == "file" else f"{scheme}:"
    page.report((f"{label} {what}", f"{label} {what}s"))


def _locate_relative(ref, page, image):
    ref = ref.replace("\\", "/")
    if ref.startswith("//"):
        return _locate_absolute("http:" + ref, "http", page, image)
    path, _, fragment = _split_ref(ref)
    if page.base and not path.startswith("/"):
        found = _locate_absolute(urljoin(page.base, ref), "http", page, image, "archive")
        if found[0] in ("archive", "external"):
            return found
    if path.startswith("/"):
        return _locate_on_old_host(path, fragment, "archive", page, image)
    if not path:
        archive_path, folder = page.path, False
    else:
        archive_path, folder = _join(page.folder, _unquote(path))
    return _found("archive", page, image, fragment, [(archive_path, folder)])


def _locate_absolute(ref, scheme, page, image, status="old-host"):
    ref = _URL_INSIDE.sub("", ref)
    if scheme in HOST_SCHEMES:
        ref = _slashes(ref)
    try:
        parts = urlsplit(ref)
        host, port = parts.hostname, parts.port
    except ValueError:
        page.report(("malformed link", "malformed links"))
        return "dropped", "", ""
    if scheme in HOST_SCHEMES and _host_key(host) in page.old_hosts:
        return _locate_on_old_host(parts.path, parts.fragment, status, page, image)
    url = _escape_url(ref)
    if scheme in HOST_SCHEMES and not _valid_host(parts.netloc, host, port) \
            or not _sanitiser_keeps(url):
        page.report(("malformed link", "malformed links"))
        return "dropped", "", ""
    return "external", url, ("" if image else url)


def _sanitiser_keeps(url):
    """Whether nh3 keeps this URL (it refuses hosts that fail IDNA, like xn--e-)."""
    return "href" in _URL_PROBE.clean(f'<a href="{html.escape(url)}"></a>')


def _slashes(ref):
    """Backslashes as browsers read them in http(s)/ftp URLs, before any query."""
    cut = min((ref.find(mark) for mark in "?#" if mark in ref), default=len(ref))
    return ref[:cut].replace("\\", "/") + ref[cut:]


def _valid_host(netloc, host, port):
    if not host or port is not None and not 0 < port < 65536:
        return False
    raw = netloc.rpartition("@")[2]
    raw = raw.rpartition(":")[0] if port is not None or raw.endswith(":") else raw
    return bool(_HOST.fullmatch(raw)) and ".." not in raw


def _locate_on_old_host(path, fragment, status, page, image):
    """An absolute path on the old host: the archive root, less up to two leading segments."""
    segments, folder = _join("", _unquote(path.replace("\\", "/")))
    parts = segments.split("/") if segments else []
    tries = [(segments, folder)]
    tries += [("/".join(parts[cut:]), folder) for cut in (1, 2) if len(parts) > cut]
    return _found(status, page, image, fragment, tries)


def _found(status, page, image, fragment, tries):
    for archive_path, folder in tries:
        hit = _lookup(archive_path, folder, page, image)
        if hit:
            found_path, url = hit
            target = url + _fragment_for(found_path, fragment, page)
            return status, target, _relative(target, page)
    return "missing", "", ""


def _fragment_for(path, fragment, page):
    if not fragment:
        return ""
    if path == page.path:
        return "#" + _fragment_here(fragment, page)
    if path.lower().endswith(HTML_EXTENSIONS):
        return "#" + anchor_id(_unquote(fragment))
    return "#" + _FRAGMENT_BAD.sub(_percent, fragment)


def _lookup(path, folder, page, image):
    """(archive path found, its URL) trying index pages and case variants, or None."""
    candidates = [f"{path}/index.html".lstrip("/"), f"{path}/index.htm".lstrip("/"), path] \
        if folder else [path]
    for candidate in candidates:
        for variant in _case_variants(candidate):
            url = page.resolve(variant)
            if url is None:
                continue
            if not image:
                return variant, url
            if page.resolve_image is not None:
                url = page.resolve_image(variant)
                return (variant, url) if url else None
            return variant, page.site_prefix + quote(variant)
    return None


def _case_variants(path):
    """The path, then folder and name in lower and upper case, then the extension alone."""
    head, slash, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    names = [name, name.lower(), name.upper()]
    if dot and stem:
        names += [f"{stem}.{ext.lower()}", f"{stem}.{ext.upper()}"]
    variants = []
    for folder in (head, head.lower(), head.upper()):
        for base in names:
            variant = f"{folder}{slash}{base}"
            if variant not in variants:
                variants.append(variant)
    return variants


def _join(folder, path):
    """Archive path of `path` seen from `folder`, `..` clamped at the root; (path, is folder)."""
    stack = folder.split("/") if folder else []
    for segment in path.split("/"):
        if segment == "..":
            if stack:
                stack.pop()
        elif segment not in ("", "."):
            stack.append(segment)
    last = path.rpartition("/")[2]
    return "/".join(stack), last in ("", ".", "..")


def _relative(target, page):
    """A site-relative URL as seen from the page's own URL; other URLs unchanged."""
    if _SCHEME.match(target) or target.startswith(("/", "#")):
        return _escape_url(target)
    cut = min((target.find(mark) for mark in "?#" if mark in target), default=len(target))
    path, rest = target[:cut], target[cut:]
    relative = posixpath.relpath(path or ".", page.url_folder or ".")
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    return _escape_url(relative + rest)


def _normalise_ref(raw):
    """As browsers read a URL attribute: ends stripped, tabs and newlines inside removed."""
    return _URL_INSIDE.sub("", raw.strip(_URL_STRIP))


def _split_ref(ref):
    ref, _, fragment = ref.partition("#")
    path, _, query = ref.partition("?")
    return path, query, fragment


def _unquote(text):
    try:
        return unquote(text, errors="strict")
    except UnicodeDecodeError:
        return unquote(text, encoding="latin-1")


def _percent(match):
    return "".join(f"%{byte:02X}" for byte in match[0].encode("utf-8"))


def _escape_url(url):
    """Percent-encode what the Nu checker refuses in a URL (spaces, |, stray %...)."""
    main, hash_mark, fragment = url.partition("#")
    match = _URL_HEAD.match(main)
    head = _NETLOC_BAD.sub(_percent, match[0]) if match else ""
    escaped = head + _URL_BAD.sub(_percent, main[len(match[0]) if match else 0:])
    return escaped + hash_mark + _FRAGMENT_BAD.sub(_percent, fragment)


def _bare_host(host):
    host = host.strip()
    if "//" in host:
        try:
            return urlsplit(host).hostname or ""
        except ValueError:
            return ""
    return host.partition("/")[0].rpartition("@")[2].partition(":")[0]


def _host_key(host):
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


# --- elements and attributes -------------------------------------------------


def _heading_shift(body):
    return 1 if next(body.iter("h1"), None) is not None else 0


def _apply_tag_policy(body, shift):
    """Convert obsolete elements, unwrap unknown ones, filter attributes."""
    for element in list(body.iter()):
        tag = element.tag
        if element is body:
            element.attrib.clear()
            continue
        if tag in HEADINGS:
            element.tag = f"h{min(int(tag[1]) + shift, 6)}"
        elif tag in RENAME:
            new_tag, css = RENAME[tag]
            element.tag = new_tag
            if css:
                element.set("class", css)
        elif tag not in KEEP:
            _unwrap(element)
            continue
        _filter_attributes(element)


def _filter_attributes(element):
    tag = element.tag
    allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
    border = element.get("border") if tag == "table" else None
    for name in list(element.attrib):
        value = element.get(name)
        if name not in allowed or (fixed := _attribute_value(tag, name, value)) is None:
            del element.attrib[name]
        else:
            element.set(name, fixed)
    if border is not None and border.strip() not in ("0", "0px"):
        element.set("class", "bordered")


def _attribute_value(tag, name, value):
    """The value the checker accepts for this attribute, or None to drop it."""
    if name == "class":
        kept = [css for css in value.split() if css in OUR_CLASSES]
        return " ".join(kept) or None
    if name == "id":
        return value if value.startswith(ID_PREFIX) else None
    if name in ("width", "height"):
        match = _NUMBER.fullmatch(value)
        return str(int(match[1])) if match else None
    if name in ("colspan", "rowspan"):
        match = _LEADING_DIGITS.match(value)
        return str(int(match[1])) if match else None
    if name in ("start", "value"):
        match = _SIGNED.fullmatch(value)
        return str(int(match[1])) if match else None
    if name == "type":
        return value.strip() if value.strip() in ("1", "a", "A", "i", "I") else None
    if name == "rel":
        return value if value == "external nofollow" else None
    return value


# --- content models ----------------------------------------------------------


def _fix_lists(body):
    """UL/OL hold only LI (a list of no items is an indent); stray LI get a list."""
    for listing in list(body.iter("ul", "ol")):
        kinds = {child.tag for child in listing}
        if "li" not in kinds:
            _replace(listing, "div", "indent")
        elif kinds != {"li"} or (listing.text or "").strip() or any(
                (child.tail or "").strip() for child in listing):
            _adopt_strays(listing)
    for item in list(body.iter("li")):
        parent = item.getparent()
        if parent is not None and parent.tag not in ("ul", "ol"):
            _wrap_siblings(item, "li", "ul")


def _adopt_strays(listing):
    """Whatever a list holds besides LI joins the item before it (a new one at the start).

    `<ul><li>a</li><ul><li>b</li></ul></ul>`, the 1990s nested list, renders
    as the nested list inside item a, and now is.
    """
    holder = None
    for node in _detach_children(listing):
        if not isinstance(node, str) and node.tag == "li":
            listing.append(node)
            holder = node
        elif isinstance(node, str) and holder is None and not node.strip():
            _append_text(listing, node)
        else:
            if holder is None:
                holder = etree.SubElement(listing, "li")
            if isinstance(node, str):
                glued = holder.text or len(holder)   # keep words apart
                _append_text(holder, " " + node if glued and not node[:1].isspace() else node)
            else:
                holder.append(node)


def _wrap_siblings(first, tag, wrapper_tag):
    """Wrap `first` and the <tag> siblings that follow it (blank text between) in one element."""
    run = [first]
    while not (run[-1].tail or "").strip():
        following = run[-1].getnext()
        if following is None or following.tag != tag:
            break
        run.append(following)
    wrapper = etree.Element(wrapper_tag)
    first.addprevious(wrapper)
    for item in run:
        wrapper.append(item)
    wrapper.tail, run[-1].tail = run[-1].tail, None


def _fix_definition_lists(body):
    """A DL that is not DT-then-DD groups (the 1990s indent idiom) becomes indented DIVs."""
    for listing in list(body.iter("dl")):
        tags = [child.tag for child in listing]
        text = (listing.text or "").strip() or any((c.tail or "").strip() for c in listing)
        if text or tags and (set(tags) - {"dt", "dd"} or tags[0] != "dt" or tags[-1] != "dd"):
            _replace(listing, "div")   # browsers indent the DD, not the DL
            for child in listing:
                if child.tag in ("dt", "dd"):
                    _replace(child, "div", "indent" if child.tag == "dd" else None)
    for item in list(body.iter("dt", "dd")):
        if item.getparent().tag != "dl":
            _replace(item, "div", "indent" if item.tag == "dd" else None)


def _fix_table(table):
    """Parts in order, no empty rows, row spans inside their group, no empty columns."""
    _order_table_parts(table)
    starts, cells = set(), []
    for group in table.findall("*"):
        if group.tag in ("thead", "tbody", "tfoot"):
            _lay_out_group(group, starts, cells)
    ordered = sorted(starts)
    for cell, column, span in cells:
        new_span = bisect_left(ordered, column + span) - bisect_left(ordered, column)
        _set_span(cell, "colspan", new_span)


def _order_table_parts(table):
    """One caption first, one THEAD next, TBODYs, then one TFOOT (HTML 4 put it before).

    A caption holding a table (browsers parse one there) goes before the table as a DIV.
    """
    captions = table.findall("caption")
    for extra in captions[1:]:
        _append_text(captions[0], " ")
        _append_text(captions[0], extra.text)
        captions[0].extend(extra)
        _drop(extra)
    if captions and next(captions[0].iter("table"), None) is not None:
        _replace(captions[0], "div")
        table.addprevious(captions.pop())
    groups = [child for child in table if child.tag in ("thead", "tbody", "tfoot")]
    for index, group in enumerate(groups):
        if group.tag != "tbody" and group.tag in (g.tag for g in groups[:index]):
            group.tag = "tbody"
    for part in (*(g for g in groups if g.tag == "thead"), *captions[:1]):
        table.insert(0, part)
    for group in [g for g in groups if g.tag == "tfoot"]:
        table.append(group)


def _lay_out_group(group, starts, cells):
    rows = []
    for row in group.findall("tr"):
        if any(cell.tag in ("td", "th") for cell in row):
            rows.append(row)
        else:
            _drop(row)
    if not rows:
        _drop(group)
        return
    taken = [set() for _ in rows]
    for index, row in enumerate(rows):
        column = 0
        for cell in (c for c in row if c.tag in ("td", "th")):
            while column in taken[index]:
                column += 1
            span = _free_run(taken[index], column, min(max(_span(cell, "colspan"), 1), 1000))
            down = _span(cell, "rowspan")
            down = len(rows) - index if down < 1 else min(down, len(rows) - index)
            _set_span(cell, "rowspan", down)
            for below in taken[index:index + down]:
                below.update(range(column, column + span))
            starts.add(column)
            cells.append((cell, column, span))
            column += span


def _free_run(taken, column, span):
    """The span shortened so that the cell overlaps no cell spanning down from above."""
    return next((width for width in range(1, span) if column + width in taken), span)


def _span(cell, name):
    """HTML's rule for spans: the leading digits ("2px" is 2), else 1."""
    match = _LEADING_DIGITS.match(cell.get(name) or "")
    return int(match[1]) if match else 1


def _set_span(cell, name, value):
    if value > 1:
        cell.set(name, str(value))
    else:
        cell.attrib.pop(name, None)


def _holds_block(element):
    """Whether `element` has a block child, looking through transparent ones (a, del, ins)."""
    stack = list(element)
    while stack:
        child = stack.pop()
        if child.tag in BLOCKS:
            return True
        if child.tag in TRANSPARENT:
            stack.extend(child)
    return False


def _fix_flow(body):
    """Blocks inside phrasing: the inline element gives way, P and headings become DIV."""
    for element in reversed(list(body.iter())):
        tag = element.tag
        if element is body or not (tag in PHRASING_ONLY or tag in HEADINGS
                                   or tag in ("p", "pre")):
            continue
        if (tag == "pre" or tag in HEADINGS) and _holds_block(element):
            _flatten(element, "\n" if tag == "pre" else " ")
        if not _holds_block(element):
            continue
        if tag in PHRASING_ONLY:
            _unwrap(element)
        else:
            _replace(element, "div", element.get("class"))


def _fix_forbidden_descendants(body):
    """No heading inside TH, DT or ADDRESS; no ADDRESS in ADDRESS; no DFN in DFN."""
    for element in list(body.iter(*HEADINGS, "address", "dfn")):
        tag = element.tag
        outer = {"dfn": ("dfn",), "address": ("address",)}.get(tag, ("th", "dt", "address"))
        if next(element.iterancestors(*outer), None) is None:
            continue
        if tag == "dfn":
            _unwrap(element)
        else:
            _replace(element, "div")


def _flatten(element, separator):
    """Paragraphs and divisions inside a heading or preformatted text give way to `separator`."""
    for block in list(element.iter("p", "div", "blockquote", "address", *HEADINGS)):
        if block is element:
            continue
        if block.getprevious() is not None or (block.getparent().text or "").strip():
            _text_before(block, separator)
        _unwrap(block)


def _drop_stray_values(body):
    for item in body.iter("li"):
        if item.get("value") is not None and item.getparent().tag != "ol":
            del item.attrib["value"]


# --- output ------------------------------------------------------------------


def _final_attribute(tag, name, value):
    """nh3's last word on attribute values: only ours survive."""
    if name == "class":
        kept = [css for css in value.split() if css in OUR_CLASSES]
        return " ".join(kept) or None
    if name == "id" and not value.startswith(ID_PREFIX):
        return None
    return value


_URL_PROBE = nh3.Cleaner(tags={"a"}, attributes={"a": {"href"}}, link_rel=None,
                         url_schemes=EXTERNAL_SCHEMES)
_CLEANER = nh3.Cleaner(
    tags=KEEP,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_final_attribute,
    strip_comments=True,
    link_rel=None,
    url_schemes=EXTERNAL_SCHEMES,
)


def _serialise(body):
    body.tail = None
    markup = etree.tostring(body, method="html", encoding="unicode")
    inner = markup[len("<body>"):-len("</body>")] if markup.startswith("<body>") else ""
    return _EMPTY_P.sub("", _CLEANER.clean(inner)).strip()
