"""Write theme/static/css/pygments.css: code colours for light and dark mode.

Markdown's codehilite emits `<div class="highlight">` with Pygments' short
token classes but no colours; this module supplies them. A light style is the
default and a dark one sits under `@media (prefers-color-scheme: dark)`, both
scoped to `.highlight` so they never touch the rest of the page.

Every token colour that misses WCAG AA (4.5:1) against its background is
nudged towards black or white until it passes, so the file stays accessible
whatever a future Pygments release changes in a style. The output is one rule
per line, no comments, and depends only on the pinned Pygments version.

    python -m tools.pygments_css          # rewrite the file
    python -m tools.pygments_css --check  # exit 1 if the file is stale
"""

import argparse
import sys
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name
from pygments.token import Token

# (Pygments style, code background or None for the style's own, text colour
# for styles that set none). The light values match --code-bg and --fg in
# theme/static/css/main.css.
LIGHT = ("default", "#f3f1eb", "#1f2328")
DARK = ("github-dark", None, "#e6edf3")
SCOPE = ".highlight"
MIN_RATIO = 4.5
OUTPUT = Path(__file__).resolve().parent.parent / "theme/static/css/pygments.css"


def _rgb(colour):
    """'#abc' or '#aabbcc' to three ints, the only forms Pygments styles use."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def _mix(colour, other, percent):
    """colour moved `percent` of the way to other, as '#rrggbb'."""
    pairs = zip(_rgb(colour), _rgb(other), strict=True)
    return "#" + "".join(f"{round(a + (b - a) * percent / 100):02x}" for a, b in pairs)


def _luminance(colour):
    """Relative luminance as WCAG 2 defines it."""

    def linear(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg):
    """WCAG contrast ratio between two colours, 1 to 21."""
    hi, lo = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def accessible(fg, bg):
    """fg, or the nearest mix of it towards black/white that reaches AA on bg.

    Mixing in 1% steps keeps the hue recognisable and the result exact and
    repeatable, which a search in another colour space would not be.
    """
    target = "#000000" if _luminance(bg) > 0.18 else "#ffffff"
    for percent in range(101):
        mixed = _mix(fg, target, percent)
        if contrast(mixed, bg) >= MIN_RATIO:
            return mixed
    return target


def _line_highlight(colour, bg, text):
    """Background for hl_lines: the style's, faded towards bg until text passes.

    Some dark styles pick a highlight so light that plain text on it drops
    below AA; fading keeps the hint of colour without losing the text.
    """
    for percent in range(101):
        mixed = _mix(colour, bg, percent)
        if contrast(text, mixed) >= MIN_RATIO:
            return mixed
    return bg


def _declarations(token_style, bg):
    """CSS declarations for one token, the same ones HtmlFormatter writes."""
    out = []
    if token_style["color"]:
        cell = "#" + token_style["bgcolor"] if token_style["bgcolor"] else bg
        out.append("color:" + accessible("#" + token_style["color"], cell))
    if token_style["bgcolor"]:
        out.append("background-color:#" + token_style["bgcolor"])
    if token_style["bold"]:
        out.append("font-weight:bold")
    if token_style["italic"]:
        out.append("font-style:italic")
    if token_style["underline"]:
        out.append("text-decoration:underline")
    if token_style["border"]:
        out.append("border:1px solid #" + token_style["border"])
    return out


def rules(style_name, background=None, text_colour="#000000"):
    """One minified rule per line for a style: base colours, then tokens.

    Token classes and their order come from HtmlFormatter itself, so the
    short names always match what codehilite puts in the HTML.
    """
    style = get_style_by_name(style_name)
    bg = background or style.background_color
    base = style.style_for_token(Token)["color"]
    text = accessible("#" + base if base else text_colour, bg)
    lines = [f"{SCOPE}{{background:{bg};color:{text}}}"]
    hll = _line_highlight(style.highlight_color, bg, text)
    lines.append(f"{SCOPE} .hll{{background-color:{hll}}}")
    formatter = HtmlFormatter(style=style)
    ordered = sorted(formatter.class2style.items(), key=lambda kv: (kv[1][2], kv[1][1]))
    for cls, (_, ttype, _) in ordered:
        decls = _declarations(style.style_for_token(ttype), bg)
        if cls and decls:
            lines.append(f"{SCOPE} .{cls}{{{';'.join(decls)}}}")
    return lines


def css():
    """The whole file: light rules, then the dark ones in a media query."""
    light = rules(*LIGHT)
    dark = rules(*DARK)
    header = (
        f"/* Generated by tools/pygments_css.py from Pygments {LIGHT[0]}"
        f" and {DARK[0]}; do not edit. */"
    )
    body = [header, *light, "@media (prefers-color-scheme: dark){", *dark, "}"]
    return "\n".join(body) + "\n"


def main(argv=None):
    """Write the file, or with --check report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    wanted = css()
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != wanted:
            print(f"{args.output} is stale: run python -m tools.pygments_css", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
