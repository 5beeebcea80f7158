"""Archive pages inside the theme's frame, without rendering the frame each time.

The theme's base.html (head, navigation, footer) comes out the same for all
pages of one archive template at one depth, apart from the blocks a page
fills and its own address. So the frame is rendered once per template and
SITEURL, with a marker for every block of base.html and for the page's
address; each page then renders only its blocks, which are spliced in.
base.html prints some blocks through filters (a <title> without tags,
escaped); FILTERS applies the same ones.

The first page of every frame is also rendered whole and compared. A theme
whose frame depends on more than that (or a template that does not extend
base.html) is rendered whole, page by page, so the output never differs.
Archive pages are never destinations of the site's navigation, which is the
one thing in base.html that looks at a page's address beyond printing it.
LEGACY_ARCHIVE_FRAMES=off in the environment renders every page whole.
"""

import logging
import re
import string

from jinja2 import TemplateNotFound
from jinja2.filters import do_striptags, do_trim, do_urlencode

from .escaping import escape

logger = logging.getLogger(__name__)

FRAME = "base.html"
ADDRESS = "output_file"
ADDRESS_URL = "output_file|urlencode"
# A marker, and the address marker as urlencode prints it (canonical links).
MARKERS = re.compile("\x02([a-z_]+)\x03|(%02output_file%03)")


def striptags(text):
    """Jinja's striptags filter of the text `text`; at once when it holds no tag
    and no entity (nearly every title), where the filter only splits and
    joins it, by way of two Markups and an unescape (10 us a page)."""
    if "<" not in text and "&" not in text:
        return " ".join(text.split())
    return do_striptags(text)


FILTERS = {  # as base.html prints these blocks
    "title": lambda text: str(escape(striptags(text))),
    "description": lambda text: str(escape(do_trim(striptags(text)))),
    "og_title": lambda text: str(escape(do_trim(striptags(text)))),
    "og_type": do_trim,
}


# What urlencode leaves as it is; nearly every archive address is only these.
URL_SAFE = string.ascii_letters + string.digits + "_.-~/"


def urlencode(address):
    """Jinja's urlencode filter of `address`, at once when nothing needs quoting."""
    return address if not address.strip(URL_SAFE) else do_urlencode(address)


def mark(name):
    return f"\x02{name}\x03"


def clean(path):
    """The address as macros.html's clean() prints it: "a/index.html" -> "a/"."""
    return path[:-10] if path.endswith("index.html") else path


class Frames:
    """Splices archive pages into frames rendered once per template and depth."""

    def __init__(self, env, enabled=True):
        self.env, self.frames, self.whole, self.templates = env, {}, set(), {}
        try:
            frame = env.get_template(FRAME) if enabled else None
        except TemplateNotFound:
            frame = None
        self.enabled = frame is not None
        self.blocks = dict(frame.blocks) if frame else {}
        self.parts_env = _parts_environment(env, frame) if frame else env
        self.marked = {}  # template: the frame blocks it fills itself

    def compiled(self, name):
        """(template, its frameless twin, the twin's globals as a dict), looked up
        once: Jinja's lookup stats files, and its globals are a ChainMap, slow
        to go through for every page. Globals are taken as they are at a
        template's first page: the environment is set up before any is written."""
        if name not in self.templates:
            twin = self.parts_env.get_template(name)
            self.templates[name] = (self.env.get_template(name), twin, dict(twin.globals))
        return self.templates[name]

    def render(self, name, variables):
        if name in self.whole or not self.enabled:
            return self.compiled(name)[0].render(variables)
        key = (name, variables.get("SITEURL"))
        if key not in self.frames:
            return self._first(name, key, variables)
        return self._splice(self.frames[key], name, variables)

    def _first(self, name, key, variables):
        """Render the frame and this page whole; keep the frame if splicing agrees."""
        whole, twin, twin_globals = self.compiled(name)
        if name not in self.marked:
            self.marked[name] = _filled_blocks(twin, twin_globals, self.blocks, variables)
        page = whole.render(variables)
        frame = (_pieces(_render_frame(whole, self.marked[name], variables))
                 if self.marked[name] is not None else None)
        if frame and self._splice(frame, name, variables) == page:
            self.frames[key] = frame
        else:
            logger.debug("legacy_archive: %s is rendered whole: its frame varies", name)
            self.whole.add(name)
        return page

    def _splice(self, frame, name, variables):
        values = {block: FILTERS.get(block, str)(text) for block, text in
                  _page_blocks(*self.compiled(name)[1:], self.marked[name], variables).items()}
        address = clean(variables[ADDRESS])
        values[ADDRESS], values[ADDRESS_URL] = address, urlencode(address)
        return "".join(values.get(piece, piece) if slot else piece for slot, piece in frame)


def _pieces(frame):
    """The frame as [(is a slot, text or slot name)], split at its markers."""
    parts = MARKERS.split(frame)
    pieces = []
    for at, part in enumerate(parts):
        if at % 3 == 0:
            pieces.append((False, part))
        elif part is not None:
            pieces.append((True, part if at % 3 == 1 else ADDRESS_URL))
    return pieces


def _render_frame(template, blocks, variables):
    """The page's template with the blocks it fills, and its address, as markers.

    The frame's own blocks (a footer note, say) are rendered as they are.
    """
    context = template.new_context({**variables, ADDRESS: mark(ADDRESS)})
    for block in blocks:  # first in line: the template's own come after
        context.blocks[block] = [lambda _context, block=block: iter([mark(block)])]
    return "".join(template.root_render_func(context))


def _page_blocks(template, template_globals, blocks, variables):
    """{block: text} for one page, from its template compiled over a frameless base."""
    context = _run_top(template, variables, template_globals)
    return {block: "".join(context.blocks[block][0](context)) for block in blocks}


def _filled_blocks(template, template_globals, frame_blocks, variables):
    """The blocks `template` (or a template between) fills, not the frame's own;
    None when it does not extend the frame."""
    context = _run_top(template, variables, template_globals)
    if not frame_blocks.keys() <= context.blocks.keys():
        return None
    return tuple(sorted(block for block, functions in context.blocks.items()
                        if functions[0] is not frame_blocks.get(block)))


def _run_top(template, variables, template_globals):
    """A context after the template's top level ran: its imports and sets, no output.

    `template_globals`: the template's globals, as Frames.compiled keeps them."""
    # What new_context(variables) makes, without its dict(globals, **variables),
    # which unpacks a page's few hundred variables as keyword arguments (slow).
    merged = variables.copy()
    for name, value in template_globals.items():
        merged.setdefault(name, value)
    context = template.new_context(merged, shared=True)
    for _ in template.root_render_func(context):
        pass
    return context


def _parts_environment(env, frame):
    """An overlay of `env` where the frame template has its blocks and no body."""
    parts = env.overlay()
    stub = parts.from_string("")
    stub.blocks = frame.blocks
    find, found = parts.get_template, {}

    def get_template(name, parent=None, globals=None):
        """The stub for the frame; others looked up once per name and parent
        (an include on every page went through Jinja's locked cache)."""
        if name == FRAME:
            return stub
        if globals:
            return find(name, parent, globals)
        if (name, parent) not in found:
            found[(name, parent)] = find(name, parent)
        return found[(name, parent)]

    parts.get_template = get_template
    return parts
