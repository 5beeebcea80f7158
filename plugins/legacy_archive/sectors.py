"""Traveller sector data from the archive: SEC column files and both T5 layouts.

Why: the archive's sector files were typed by hand from hex sheets or scanned
from print between 1987 and 2002. A parser that slices fixed columns loses a
world every time a typist drifted by one column, and one that trusts the text
publishes an OCR "O" as a population digit. This module anchors each SEC line
on its hex number and UWP, reads the rest relative to them, repairs only what
can be nothing but a slip (and records the repair on the world), and turns a
line it cannot read into a Rejected entry with a reason, so the published page
can show the worlds and the doubts side by side. It never raises: one bad file
must not stop the build.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from .uwp import OCR_DIGITS, normalise_uwp


@dataclass
class World:
    hex: str
    name: str
    uwp: str
    bases: str
    remarks: str
    zone: str
    pbg: str
    allegiance: str
    stars: str
    line: int
    fixes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


@dataclass
class Rejected:
    line: int
    text: str
    reason: str


@dataclass
class SectorData:
    format: str
    name: str
    worlds: list[World] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


SEC_HEX_INDEX = 14  # the hex is in columns 15-18 of a standard SEC line
HEX_CHARS = "0-9OolI"
ANCHOR = re.compile(
    rf"(?P<hex>(?<![0-9A-Za-z])[{HEX_CHARS}]{{4}}|(?<![0-9])[0-9]{{4}})[ \t]+"
    r"(?P<uwp>[0-9A-Za-z?]{7}-[0-9A-Za-z?])(?![0-9A-Za-z?])"
)
LOOSE_HEX = re.compile(rf"(?<![0-9A-Za-z])[{HEX_CHARS}]{{4}}(?![0-9A-Za-z])")
UWP_TOKEN = re.compile(r"(?<!\S)[0-9A-Za-z?]{7}-[0-9A-Za-z?](?!\S)")
CLUSTER = re.compile(
    rf"(?P<zone>[A-Za-z-])?(?P<pbg>[{HEX_CHARS}]{{3}})(?P<alleg>[A-Za-z]{{2,4}})?"
)
ALLEGIANCE = re.compile(r"[A-Za-z]{2,4}")
DIGITS_3, DIGITS_4 = re.compile(r"[0-9]{3}"), re.compile(r"[0-9]{4}")
TOKEN = re.compile(r"\S+")
BASES = re.compile(r"[A-Z]{1,3}")
ZONE_LETTER = re.compile(r"[A-Za-z-]")
DASH_LINE = re.compile(r"\s*-+(?:\s+-+)+\s*")
RULER = re.compile(r"[-=_+.:|0-9\s]*")
KEYED_NAME = re.compile(
    r"\b(?P<key>sub-?sector|sector)\s*[:=]\s*(?P<name>.+?)(?=\s{2,}|\s+[\w-]+\s*[:=]|$)", re.I
)
TITLE_NAME = re.compile(r"^\s*(?P<name>[A-Z][\w' -]{0,40}?)\s+(?P<key>sub-?sector|sector)\b", re.I)

T5_FIELDS = {
    "hex": "hex", "name": "name", "uwp": "uwp", "bases": "bases", "base": "bases", "b": "bases",
    "remarks": "remarks", "trade codes": "remarks", "zone": "zone", "z": "zone", "pbg": "pbg",
    "allegiance": "allegiance", "alleg": "allegiance", "a": "allegiance", "stars": "stars",
    "stellar": "stars", "{ix}": "Ix", "ix": "Ix", "(ex)": "Ex", "ex": "Ex", "[cx]": "Cx",
    "cx": "Cx", "nobility": "Nobility", "n": "Nobility", "w": "W",
}
WORLD_FIELDS = ("hex", "name", "uwp", "bases", "remarks", "zone", "pbg", "allegiance", "stars")
RUN_TOGETHER = "zone/PBG/allegiance run together"
HEADINGS = {"hex", "name", "pbg", "remarks", "bases", "zone", "stars", "stellar", "allegiance"}


# ---------------------------------------------------------------- shared pieces

def split_lines(text):
    """The file's lines, numbered as an editor would: CRLF, CR and LF all end a line."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    text = str(text or "").removeprefix("\ufeff").rstrip("\x1a")
    return [line.replace("\x0c", "").replace("\x1a", "") for line in re.split(r"\r\n|\r|\n", text)]


def _ocr(text, what):
    """Replace O/o/l/I by digits; return the digits and one fix message per kind of slip."""
    if text.isdigit():   # the slips are letters: nothing to repair (most hexes and PBGs)
        return text, []
    fixes = [f"OCR '{c}' read as {OCR_DIGITS[c]} in {what}" for c in dict.fromkeys(text)
             if c in OCR_DIGITS]
    return "".join(OCR_DIGITS.get(c, c) for c in text), fixes


def normalise_hex(raw):
    """(hex, fixes, error): four digits, column 01-32 and row 01-40."""
    if not raw.strip():
        return None, [], "no hex number"
    digits, fixes = _ocr(raw.strip(), "hex")
    if not DIGITS_4.fullmatch(digits):
        return None, [], f"'{raw.strip()}' is not a hex number like 0304"
    if not (1 <= int(digits[:2]) <= 32 and 1 <= int(digits[2:]) <= 40):
        return None, [], f"hex {digits} is outside a sector (columns 01–32, rows 01–40)"
    return digits, fixes, None


def normalise_pbg(raw):
    """(pbg, fixes): three digits after OCR repair; anything else is kept and flagged."""
    text = raw.strip()
    if not text or text == "-":
        return "", []
    digits, fixes = _ocr(text, "PBG")
    if DIGITS_3.fullmatch(digits):
        return digits, fixes
    return text, [f"PBG '{text}' is not three digits; kept as written"]


def normalise_zone(raw):
    """(zone, fixes): A, R or "" ("-" means none); other letters are kept and flagged."""
    zone = raw.strip()
    if zone in ("", "-", "--"):
        return "", []
    if zone in ("a", "r"):
        return zone.upper(), ["lower-case zone upper-cased"]
    if zone in ("A", "R"):
        return zone, []
    return zone, [f"zone '{zone}' is not A or R; kept as written"]


def _clean(text):
    return " ".join(text.split())


def _nothing(value):
    return "" if value.strip() in ("-", "--") else _clean(value)


# ---------------------------------------------------------------- format detection

def _significant(lines):
    """(index, line) of lines that are neither blank nor comments."""
    return [(i, line) for i, line in enumerate(lines)
            if line.strip() and not line.lstrip().startswith(("#", "$", "@"))]


def _find_t5_header(lines):
    """(format, index of the header line) for a T5 file, else (None, None)."""
    rows = _significant(lines)
    for position, (index, line) in enumerate(rows[:10]):
        if "\t" in line:
            cells = {cell.strip().lower() for cell in line.split("\t")}
            if {"hex", "uwp"} <= cells:
                return "t5-tab", index
        words = set(line.lower().split())
        following = rows[position + 1][1] if position + 1 < len(rows) else ""
        if {"hex", "uwp"} <= words and DASH_LINE.fullmatch(following):
            return "t5-column", index
        if _find_anchor(line):
            break
    return None, None


def _find_anchor(line):
    """The first hex-then-UWP match whose hex holds at least one real digit."""
    for match in ANCHOR.finditer(line):
        if any(c.isdigit() for c in match["hex"]):
            return match
    return None


def detect_format(text):
    """"sec", "t5-tab", "t5-column" or "unknown"."""
    try:
        lines = split_lines(text)
        kind, _ = _find_t5_header(lines)
        if kind:
            return kind
        if any(_find_anchor(line.expandtabs(8)) for _, line in _significant(lines)):
            return "sec"
    except Exception:  # noqa: BLE001 - detection must never stop a build
        pass
    return "unknown"


# ---------------------------------------------------------------- SEC column format

def _hex_column(anchors):
    """The column (0-based) most of the file's hexes start in: drift is measured from it.
    `anchors`: each line's _find_anchor() answer."""
    starts = Counter(match.start("hex") for match in anchors if match)
    return starts.most_common(1)[0][0] if starts else SEC_HEX_INDEX


def _name_fixes(line, start, expected):
    fixes = []
    if start == expected - 1:
        fixes.append("name one column short")
    elif start == expected + 1:
        fixes.append("name one column long")
    elif start != expected:
        fixes.append(f"hex in columns {start + 1}–{start + 4}, not {expected + 1}–{expected + 4}")
    if start and not line[start - 1].isspace():
        fixes.append("name runs into the hex number")
    return fixes


def _why_unreadable(line, expected):
    """The reason a line without a hex-then-UWP anchor is rejected."""
    for found in LOOSE_HEX.finditer(line):
        if any(c.isdigit() for c in found.group()):
            after = line[found.end():].split()
            shown = after[0] if after else "nothing"
            return (f"hex {found.group()} is not followed by a UWP like B564877-9 "
                    f"(found '{shown}')")
    shown = line[expected:expected + 4].strip()
    where = f"columns {expected + 1}–{expected + 4}"
    return f"no hex number in {where} (found '{shown}')" if shown else f"no hex number in {where}"


def _split_tail(tail):
    """Bases, remarks, zone, PBG, allegiance and stars from the text after the UWP.

    Bases stand just after the UWP; the PBG is the rightmost three-digit token,
    perhaps with the zone and allegiance glued to it (R456Im); the zone may stand
    alone just before it; the allegiance and stars follow it.
    """
    tokens = [(m.start(), m.group()) for m in TOKEN.finditer(tail)]
    parts = dict.fromkeys(("bases", "remarks", "zone", "pbg", "allegiance", "stars"), "")
    fixes = []
    if tokens and tokens[0][0] <= 3 and BASES.fullmatch(tokens[0][1]):
        parts["bases"] = tokens.pop(0)[1]
    at = _cluster_index(tokens)
    if at is None:
        parts["remarks"] = " ".join(token for _, token in tokens)
        if tokens:
            fixes.append("no PBG found; the rest of the line is kept as remarks")
        return parts, fixes
    cluster = CLUSTER.fullmatch(tokens[at][1])
    before, after = tokens[:at], [token for _, token in tokens[at + 1:]]
    parts["pbg"], zone, alleg = cluster["pbg"], cluster["zone"] or "", cluster["alleg"] or ""
    if zone or alleg:
        fixes.append(RUN_TOGETHER)
    if not zone and before and before[-1][0] >= 12 and ZONE_LETTER.fullmatch(before[-1][1]):
        zone = before.pop()[1]
    if not alleg and after and ALLEGIANCE.fullmatch(after[0]):
        alleg = after.pop(0)
    parts.update(zone=zone, allegiance=alleg, stars=" ".join(after))
    parts["remarks"] = " ".join(token for _, token in before)
    return parts, fixes


def _cluster_index(tokens):
    """Index of the rightmost token that reads as a PBG (with a real digit in it)."""
    for index in range(len(tokens) - 1, -1, -1):
        match = CLUSTER.fullmatch(tokens[index][1])
        if match and any(c.isdigit() for c in match["pbg"]):
            return index
    return None


def parse_sec_line(number, raw, expected=SEC_HEX_INDEX):
    """A World or a Rejected for one SEC line; `expected` is the file's usual hex column."""
    line = raw.expandtabs(8).rstrip()
    return _sec_line(number, raw, line, _find_anchor(line), expected)


def _sec_line(number, raw, line, match, expected):
    """parse_sec_line() with the line's tabs expanded and its anchor found."""
    if match is None:
        return Rejected(number, raw, _why_unreadable(line, expected))
    hex_, hex_fixes, error = normalise_hex(match["hex"])
    uwp, uwp_fixes, uwp_error = normalise_uwp(match["uwp"])
    if error or uwp_error:
        return Rejected(number, raw, error or uwp_error)
    parts, tail_fixes = _split_tail(line[match.end("uwp"):])
    pbg, pbg_fixes = normalise_pbg(parts["pbg"])
    zone, zone_fixes = normalise_zone(parts["zone"])
    fixes = (_name_fixes(line, match.start("hex"), expected) + hex_fixes + uwp_fixes
             + tail_fixes + pbg_fixes + zone_fixes)
    return World(hex=hex_, name=_clean(line[:match.start("hex")]), uwp=uwp,
                 bases=parts["bases"], remarks=parts["remarks"], zone=zone, pbg=pbg,
                 allegiance=parts["allegiance"], stars=parts["stars"], line=number,
                 fixes=list(dict.fromkeys(fixes)))


def _is_header_or_ruler(line):
    """Column headings and rulers that some files carry without a comment mark."""
    if RULER.fullmatch(line) and re.search(r"[-=]", line):
        return True
    words = set(line.lower().split())
    return "uwp" in words and len(words & HEADINGS) >= 2


def _parse_sec(lines, data):
    # Each line's anchor is found once: for the usual hex column, then for the line.
    rows = []
    for index, line in _significant(lines):
        expanded = line.expandtabs(8).rstrip()
        rows.append((index, line, expanded, _find_anchor(expanded)))
    expected = _hex_column(match for *_, match in rows)
    if expected != SEC_HEX_INDEX:
        data.notes.append(f"hex numbers stand in columns {expected + 1}–{expected + 4} "
                          f"(the usual SEC layout has 15–18)")
    for index, line, expanded, match in rows:
        if match is None and _is_header_or_ruler(line.strip()):
            continue
        _add(data, _guarded(_sec_line, index + 1, line, expanded, match, expected))


# ---------------------------------------------------------------- T5 layouts

def _t5_key(heading):
    return T5_FIELDS.get(heading.strip().lower(), heading.strip())


def t5_world(number, raw, values, fixes=(), where=None):
    """A World or a Rejected from a T5 row given as {field key: cell text}.

    `where` maps a field key to where its cell is (" in columns 6-21"), for the reasons.
    """
    where = where or {}
    hex_, hex_fixes, error = normalise_hex(values.get("hex", ""))
    if error:
        return Rejected(number, raw, error + where.get("hex", ""))
    uwp, uwp_fixes, error = normalise_uwp(values.get("uwp", ""))
    if error:
        return Rejected(number, raw, error + where.get("uwp", ""))
    pbg, pbg_fixes = normalise_pbg(values.get("pbg", ""))
    zone, zone_fixes = normalise_zone(values.get("zone", ""))
    extra = {key: value.strip() for key, value in values.items() if key not in WORLD_FIELDS}
    return World(hex=hex_, name=_clean(values.get("name", "")), uwp=uwp,
                 bases=_nothing(values.get("bases", "")),
                 remarks=_clean(values.get("remarks", "")), zone=zone, pbg=pbg,
                 allegiance=_nothing(values.get("allegiance", "")),
                 stars=_clean(values.get("stars", "")), line=number,
                 fixes=list(dict.fromkeys([*fixes, *hex_fixes, *uwp_fixes, *pbg_fixes,
                                           *zone_fixes])),
                 extra=extra)


def _parse_t5_tab_row(number, line, keys):
    cells = line.split("\t")
    fixes = []
    if len(cells) == 1:
        return Rejected(number, line, f"no tabs in the line; the header has {len(keys)} fields")
    if len(cells) < len(keys):
        fixes.append(f"{len(cells)} cells where the header has {len(keys)}; "
                     f"missing cells read as empty")
        cells += [""] * (len(keys) - len(cells))
    values = dict(zip(keys, cells, strict=False))
    surplus = [cell for cell in cells[len(keys):] if cell.strip()]
    for offset, cell in enumerate(surplus):
        values[f"column {len(keys) + offset + 1}"] = cell
    if surplus:
        fixes.append(f"{len(surplus)} cells beyond the header kept in extra")
    return t5_world(number, line, values, fixes)


def _parse_t5_tab(lines, header, data):
    keys = [_t5_key(cell) for cell in lines[header].split("\t")]
    _parse_rows(lines, header + 1, data, lambda number, line: _guarded(
        _parse_t5_tab_row, number, line, keys))


def column_spans(dash_line):
    """[(start, end)] of each dash run: the field widths of a T5 column file."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+", dash_line)]


def _slice(line, starts):
    bounds = [*starts[1:], None]
    return [line[start:end] for start, end in zip(starts, bounds, strict=True)]


def _realign(line, starts, keys):
    """Starts shifted so the UWP cell holds the line's UWP; (starts, fixes)."""
    if "uwp" not in keys:
        return starts, []
    at = keys.index("uwp")
    if UWP_TOKEN.fullmatch(_slice(line, starts)[at].strip()):
        return starts, []
    found = UWP_TOKEN.search(line, starts[at - 1] + 1 if at else 0)
    if found is None:
        return starts, []
    shift = found.start() - starts[at]
    moved = starts[:at] + [start + shift for start in starts[at:]]
    if any(b <= a for a, b in zip(moved, moved[1:], strict=False)) or moved[0] < 0:
        return starts, []
    return moved, [f"fields from the UWP on shifted {shift:+d} columns from the dash line"]


def _parse_t5_column_row(number, line, starts, keys):
    starts, fixes = _realign(line, starts, keys)
    values = dict(zip(keys, _slice(line, starts), strict=True))
    ends = [*starts[1:], max(len(line), starts[-1] + 1) + 1]
    where = {key: f" in columns {start + 1}–{end - 1}"
             for key, start, end in zip(keys, starts, ends, strict=True)}
    return t5_world(number, line, values, fixes, where)


def _parse_t5_column(lines, header, data):
    dashes = next(i for i in range(header + 1, len(lines)) if DASH_LINE.fullmatch(lines[i]))
    starts = [start for start, _ in column_spans(lines[dashes])]
    keys = [_t5_key(cell) for cell in _slice(lines[header], starts)]
    _parse_rows(lines, dashes + 1, data, lambda number, line: _guarded(
        _parse_t5_column_row, number, line, starts, keys))


def _parse_rows(lines, first, data, parse):
    """Data rows from `first` on: blank lines skipped, `#` lines kept as notes."""
    for index in range(first, len(lines)):
        line = lines[index]
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            data.notes.append(line.strip().lstrip("#").strip())
            continue
        _add(data, parse(index + 1, line))


# ---------------------------------------------------------------- the whole file

def _guarded(parse, number, line, *args):
    """Run a line parser; an unexpected error rejects the line instead of the file."""
    try:
        return parse(number, line, *args)
    except Exception as exc:  # noqa: BLE001 - one bad line must not stop the build
        return Rejected(number, line, f"internal error while reading the line: {exc!r}")


def _add(data, result):
    (data.worlds if isinstance(result, World) else data.rejected).append(result)


def _comment_notes(lines, start, stop):
    """Comment and header text between two line indexes, without rulers and bare marks."""
    notes = []
    for line in lines[start:stop]:
        stripped = line.strip()
        if stripped.startswith(("#", "@")):
            text = stripped[1:].strip()
            if text and not RULER.fullmatch(text):
                notes.append(text)
    return notes


def sector_name(lines):
    """The subsector and/or sector named in header lines, e.g. "Tamsin (Harrowgate Reach)".

    "@SUB-SECTOR: x  SECTOR: y" headers win over "# ... Sector: x" comments; a
    comment that starts "Tamsin Subsector" is the last resort.
    """
    comments = sorted(((line.strip()[0] != "@", line.strip()[1:].strip()) for line in lines
                       if line.strip()[:1] in ("@", "#")), key=lambda pair: pair[0])
    texts = [text for _, text in comments]
    found = {}
    for text in texts:
        for match in KEYED_NAME.finditer(text):
            key = "sector" if match["key"].lower() == "sector" else "subsector"
            if len(match["name"]) <= 40:
                found.setdefault(key, match["name"].strip())
    if not found:
        for text in texts[:3]:
            match = TITLE_NAME.match(text)
            if match:
                return match["name"].strip()
    if "subsector" in found and "sector" in found:
        return f"{found['subsector']} ({found['sector']})"
    return found.get("subsector") or found.get("sector", "")


def _duplicate_notes(worlds):
    lines_by_hex = {}
    for world in worlds:
        lines_by_hex.setdefault(world.hex, []).append(str(world.line))
    return [f"hex {hex_} is given to more than one world (lines {', '.join(lines)})"
            for hex_, lines in sorted(lines_by_hex.items()) if len(lines) > 1]


def _parse(text):
    lines = split_lines(text)
    kind, header = _find_t5_header(lines)
    kind = kind or detect_format(text)
    data = SectorData(format=kind, name="")
    if kind == "t5-tab":
        data.notes += _comment_notes(lines, 0, header)
        _parse_t5_tab(lines, header, data)
    elif kind == "t5-column":
        data.notes += _comment_notes(lines, 0, header)
        _parse_t5_column(lines, header, data)
    elif kind == "sec":
        data.notes += _comment_notes(lines, 0, len(lines))
        _parse_sec(lines, data)
    else:
        data.notes.append("no world lines recognised (no hex number followed by a UWP)")
    data.name = sector_name(lines) or _name_from_extra(data.worlds)
    data.notes += _duplicate_notes(data.worlds)
    return data


def _name_from_extra(worlds):
    names = {world.extra.get("Sector", "").strip() for world in worlds} - {""}
    return names.pop() if len(names) == 1 else ""


def parse_sector(text):
    """SectorData for a sector file's text, in whichever of the three layouts it uses.

    Never raises: lines that cannot be read become Rejected entries with a reason.
    """
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - a bad file must not stop the build
        return SectorData(format="unknown", name="",
                          notes=[f"internal error while reading the file: {exc!r}"])
