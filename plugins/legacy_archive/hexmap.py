"""Hex maps of Traveller sector data as inline SVG for the archive's sector pages.

Why: a sector file is a list; a Traveller reader thinks in the map drawn from it.
The page embeds the map inline, so it must be valid HTML5 as it stands, readable
by a screen reader (role="img" with a title and a description that carries the
map's content in words), follow the page's light or dark colours (currentColor
and a few CSS custom properties, all in classes that start with "hexmap-"),
contain nothing that runs or loads, and come out byte-identical from the same
data so rebuilds do not churn. Hexes are flat-topped with the odd columns half a
hex higher, as on the printed maps; a file whose worlds all sit in one 8 x 10
block gets a subsector map, anything else the full 32 x 40 sector.
"""

import functools
import hashlib
import re
from xml.sax.saxutils import escape, quoteattr

from .uwp import base_kinds, has_water, population_code

R = 28.0  # centre to corner of a hex
COL = 42.0  # distance between column centres (1.5 R)
ROW = 48.0  # distance between row centres (about sqrt(3) R)
MARGIN = 12.0
NAME_MAX = 52.0  # widest a name may run before it is squeezed
LEGEND_ITEM = (122.0, 18.0)

STYLE = (
    ".hexmap-map{font-family:sans-serif}"
    ".hexmap-map text{fill:currentColor}"
    ".hexmap-grid{fill:none;stroke:var(--map-grid,currentColor);stroke-opacity:.4;"
    "stroke-width:.75}"
    ".hexmap-hexno{font-size:6.5px;text-anchor:middle;fill-opacity:.75}"
    ".hexmap-port{font-size:9px;font-weight:bold;text-anchor:middle}"
    ".hexmap-name{font-size:8px;text-anchor:middle}"
    ".hexmap-legend{font-size:8.5px}"
    ".hexmap-wet{fill:var(--map-water,#2a6fb0)}"
    ".hexmap-dry{fill:none;stroke:currentColor;stroke-width:1.2}"
    ".hexmap-amber{fill:none;stroke:var(--map-amber,#b87800);stroke-width:1.6;"
    "stroke-dasharray:4 2.5}"
    ".hexmap-red{fill:none;stroke:var(--map-red,#d03030);stroke-width:1.8}"
    ".hexmap-naval,.hexmap-scout,.hexmap-military,.hexmap-other{fill:currentColor}"
    ".hexmap-depot,.hexmap-way{fill:none;stroke:currentColor;stroke-width:1}"
)

# kind -> (legend label, always in the legend)
SYMBOLS = {
    "wet": ("Water present", True),
    "dry": ("No water", True),
    "naval": ("Naval base", True),
    "scout": ("Scout base", True),
    "depot": ("Naval depot", False),
    "way station": ("Scout way station", False),
    "military": ("Military base", False),
    "other": ("Other base", False),
    "amber": ("Amber zone", True),
    "red": ("Red zone", True),
}
NOTES = ("Letter above a world: starport class (A best, X none).",
         "NAMES IN CAPITALS: a billion people or more.")
BASE_SLOTS = {  # where each base symbol sits, relative to the hex centre
    "naval": (-19.0, -5.0), "depot": (-19.0, -5.0), "scout": (-19.0, 5.0),
    "way station": (-19.0, 5.0), "military": (19.0, -5.0), "other": (19.0, 5.0),
}


def text_node(text):
    """Escaped text without the code points XML and HTML forbid (controls, surrogates, ...)."""
    def allowed(char):
        code = ord(char)
        return not (code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
                    or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)
    text = str(text).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return escape("".join(char for char in text if allowed(char)))


def num(value):
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Layout:
    """Where hexes go: a block of `cols` x `rows` hexes whose top-left hex is (col0+1, row0+1)."""

    def __init__(self, col0, row0, cols, rows):
        self.col0, self.row0, self.cols, self.rows = col0, row0, cols, rows
        self.width = COL * cols + R / 2 + 2 * MARGIN
        self.grid_height = ROW * rows + ROW / 2 + 2 * MARGIN

    def centre(self, col, row):
        """Centre of local hex (col, row), both 1-based; even columns sit half a hex lower."""
        x = MARGIN + R + (col - 1) * COL
        y = MARGIN + ROW / 2 + (row - 1) * ROW + (ROW / 2 if col % 2 == 0 else 0)
        return x, y

    def place(self, hex_):
        return self.centre(int(hex_[:2]) - self.col0, int(hex_[2:]) - self.row0)


def choose_layout(worlds):
    """A subsector layout when every world sits in one 8 x 10 block, else the whole sector."""
    blocks = {((int(w.hex[:2]) - 1) // 8, (int(w.hex[2:]) - 1) // 10) for w in worlds}
    if len(blocks) <= 1:
        bx, by = blocks.pop() if blocks else (0, 0)
        return Layout(bx * 8, by * 10, 8, 10)
    return Layout(0, 0, 32, 40)


def _side(layout, col, right):
    """{y: x} of the corners down one side of a column (left or right)."""
    cx, top = layout.centre(col, 1)
    near, far = (cx + R / 2, cx + R) if right else (cx - R / 2, cx - R)
    corners = {}
    for row in range(layout.rows):
        y = top - ROW / 2 + row * ROW
        corners[y], corners[y + ROW / 2] = near, far
    corners[top - ROW / 2 + layout.rows * ROW] = near
    return corners


@functools.lru_cache(maxsize=8)
def grid_for(cols, rows):
    """The grid depends only on the block's size: drawn once per size per build."""
    return grid_paths(Layout(0, 0, cols, rows))


def grid_paths(layout):
    """Path data for the grid: one zigzag per column boundary, then the flat edges.

    The flat tops and bottoms of all hexes of one column parity lie on the same
    horizontal lines, one hex wide every two columns, so they are drawn as dashed
    lines (dash R, gap 2 x COL - R) rather than one segment per hex.
    """
    zigzags = []
    for boundary in range(layout.cols + 1):
        corners = {}
        if boundary >= 1:
            corners |= _side(layout, boundary, right=True)
        if boundary < layout.cols:
            corners |= _side(layout, boundary + 1, right=False)
        points = sorted((y, x) for y, x in corners.items())
        (y0, x0), steps = points[0], zip(points, points[1:], strict=False)
        steps = " ".join(f"{num(b[1] - a[1])} {num(b[0] - a[0])}" for a, b in steps)
        zigzags.append(f"M{num(x0)} {num(y0)}l" + steps.replace(" -", "-"))
    flats = []
    for first in (1, 2):
        if first > layout.cols:
            continue
        last = max(c for c in range(first, layout.cols + 1, 2))
        x0 = layout.centre(first, 1)[0] - R / 2
        length = layout.centre(last, 1)[0] + R / 2 - x0
        top = layout.centre(first, 1)[1] - ROW / 2
        flats += [f"M{num(x0)} {num(top + k * ROW)}h{num(length)}"
                  for k in range(layout.rows + 1)]
    return "".join(zigzags), "".join(flats)


def text_width(text, size):
    """A rough width for sans-serif text, enough to decide when a name must be squeezed."""
    em = sum(0.3 if c == " " else 0.68 if c.isupper() else 0.55 for c in text)
    return em * size


def _label(world):
    name = world.name or ""
    return name.upper() if population_code(world.uwp) >= 9 else name


def _name_element(x, y, text):
    squeeze = ""
    if text_width(text, 8) > NAME_MAX:
        squeeze = f' textLength="{num(NAME_MAX)}" lengthAdjust="spacingAndGlyphs"'
    return f'<text x="{num(x)}" y="{num(y)}"{squeeze}>{text_node(text)}</text>'


def symbol(kind, x, y):
    """The SVG element for one map symbol centred on (x, y)."""
    if kind in ("wet", "dry"):
        return f'<circle cx="{num(x)}" cy="{num(y)}" r="4"/>'
    if kind in ("amber", "red"):
        return f'<circle cx="{num(x)}" cy="{num(y - 1)}" r="12"/>'
    if kind in ("naval", "depot"):
        return f'<path d="M{num(x)} {num(y - 3.5)}l3.5 6h-7z"/>'
    if kind in ("scout", "way station"):
        return f'<rect x="{num(x - 2.75)}" y="{num(y - 2.75)}" width="5.5" height="5.5"/>'
    if kind == "military":
        return f'<path d="M{num(x)} {num(y - 3.5)}l3.5 3.5-3.5 3.5-3.5-3.5z"/>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="2.5"/>'


def _css_class(kind):
    return "hexmap-" + {"way station": "way"}.get(kind, kind)


def world_layers(layout, worlds):
    """{layer: [elements]} for the worlds, one world per hex (the first listed wins)."""
    layers = {name: [] for name in ("amber", "red", "wet", "dry", *BASE_SLOTS,
                                    "hexno", "port", "name")}
    for world in worlds:
        x, y = layout.place(world.hex)
        if world.zone in ("A", "R"):
            ring = "amber" if world.zone == "A" else "red"
            layers[ring].append(symbol(ring, x, y))
        dot = "wet" if has_water(world.uwp) else "dry"
        layers[dot].append(symbol(dot, x, y + 3))
        for kind in sorted(base_kinds(world.bases)):
            dx, dy = BASE_SLOTS[kind]
            layers[kind].append(symbol(kind, x + dx, y + dy))
        layers["hexno"].append(f'<text x="{num(x)}" y="{num(y - 15)}">{world.hex}</text>')
        port = text_node(world.uwp[:1])
        layers["port"].append(f'<text x="{num(x)}" y="{num(y - 4.5)}">{port}</text>')
        if world.name:
            layers["name"].append(_name_element(x, y + 18.5, _label(world)))
    return layers


def legend(layout, kinds, top):
    """The legend under the grid: (elements, height)."""
    shown = [kind for kind, (_, always) in SYMBOLS.items() if always or kind in kinds]
    per_row = max(1, int((layout.width - 2 * MARGIN) // LEGEND_ITEM[0]))
    parts = []
    for index, kind in enumerate(shown):
        x = MARGIN + 8 + (index % per_row) * LEGEND_ITEM[0]
        y = top + (index // per_row) * LEGEND_ITEM[1]
        if kind in ("amber", "red"):
            element = f'<circle cx="{num(x)}" cy="{num(y)}" r="6"/>'
        else:
            element = symbol(kind, x, y)
        parts.append(f'<g class="{_css_class(kind)}">{element}</g>'
                     f'<text x="{num(x + 12)}" y="{num(y + 3)}">{SYMBOLS[kind][0]}</text>')
    rows = (len(shown) + per_row - 1) // per_row
    for index, line in enumerate(NOTES):
        y = top + (rows + index) * LEGEND_ITEM[1]
        parts.append(f'<text x="{num(MARGIN + 2)}" y="{num(y + 3)}">{line}</text>')
    return parts, (rows + len(NOTES)) * LEGEND_ITEM[1]


def _roll(label, worlds, limit=40):
    if not worlds:
        return ""
    if len(worlds) > limit:
        return f" {label}: {len(worlds)} worlds."
    return f" {label}: " + ", ".join(f"{w.name or 'unnamed'} ({w.hex})" for w in worlds) + "."


def describe(layout, worlds, skipped):
    """The map in words, for the <desc> a screen reader offers."""
    kind = "Subsector" if layout.cols == 8 else "Sector"
    first = f"{layout.col0 + 1:02d}{layout.row0 + 1:02d}"
    last = f"{layout.col0 + layout.cols:02d}{layout.row0 + layout.rows:02d}"
    text = (f"{kind} map of hexes {first} to {last} with {len(worlds)} worlds. Each world is "
            f"a dot, filled when it has water, with its starport class above it and its name "
            f"below; names in capitals have a billion people or more.")
    text += _roll("Amber zones", [w for w in worlds if w.zone == "A"])
    text += _roll("Red zones", [w for w in worlds if w.zone == "R"])
    text += _roll("Naval bases", [w for w in worlds if base_kinds(w.bases) & {"naval"}])
    text += _roll("Scout bases", [w for w in worlds if base_kinds(w.bases) & {"scout"}])
    if len(worlds) <= 80:
        text += _roll("Worlds", worlds, limit=80)
    if skipped:
        text += _roll("Not drawn (hex already taken or not a valid hex)", skipped)
    return text


def _placeable(hex_):
    return (isinstance(hex_, str) and re.fullmatch(r"[0-9]{4}", hex_) is not None
            and 1 <= int(hex_[:2]) <= 32 and 1 <= int(hex_[2:]) <= 40)


def _unique_worlds(data):
    """Worlds in hex order; a world without a valid hex or in a hex already taken is skipped."""
    worlds, skipped, seen = [], [], set()
    placeable = [world for world in data.worlds if _placeable(world.hex)]
    for world in sorted(placeable, key=lambda w: (w.hex, w.line)):
        (skipped if world.hex in seen else worlds).append(world)
        seen.add(world.hex)
    skipped += [world for world in data.worlds if not _placeable(world.hex)]
    return worlds, skipped


def _identity(title, worlds):
    digest = hashlib.sha1(title.encode("utf-8"), usedforsecurity=False)
    for w in worlds:
        digest.update(f"\n{w.hex} {w.name} {w.uwp} {w.bases} {w.zone}".encode())
    return "hexmap-" + digest.hexdigest()[:10]


def render_hexmap(data, title, *, id_prefix=None, scale=None):
    """A standalone inline SVG map of `data`, titled `title`, as a string.

    `id_prefix` makes the ids unique when the same data is drawn twice on one page;
    `scale` sets the intrinsic size (default 1.5 for a subsector, 1.25 for a sector).
    """
    title = str(title or "")
    worlds, skipped = _unique_worlds(data)
    layout = choose_layout(worlds)
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", id_prefix) if id_prefix else _identity(title, worlds)
    layers = world_layers(layout, worlds)
    kinds = {kind for kind in SYMBOLS if layers.get(kind)}
    zigzags, flats = grid_for(layout.cols, layout.rows)
    legend_parts, legend_height = legend(layout, kinds, layout.grid_height + 6)
    height = layout.grid_height + 6 + legend_height
    scale = scale or (1.5 if layout.cols == 8 else 1.25)
    kind = "subsector" if layout.cols == 8 else "sector"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="hexmap-map hexmap-{kind}" '
            f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
            f'viewBox="0 0 {num(layout.width)} {num(height)}" '
            f'width="{num(layout.width * scale)}" height="{num(height * scale)}">')
    body = [head, f'<title id="{ident}-title">{text_node(title)}</title>',
            f'<desc id="{ident}-desc">{text_node(describe(layout, worlds, skipped))}</desc>',
            f"<style>{STYLE}</style>",
            f'<path class="hexmap-grid" d="{zigzags}"/>',
            f'<path class="hexmap-grid" stroke-dasharray="{num(R)} {num(2 * COL - R)}" '
            f'd="{flats}"/>']
    for layer, elements in layers.items():
        if elements:
            body.append(f"<g class={quoteattr(_css_class(layer))}>{''.join(elements)}</g>")
    body.append(f'<g class="hexmap-legend">{"".join(legend_parts)}</g></svg>')
    return "\n".join(body)
