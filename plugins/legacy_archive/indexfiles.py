"""Directory description files of FTP and BBS areas, and what they describe.

Why this exists: the best description of a 1990s download is usually not in
the file but beside it, in the area's `00index.txt`, `FILES.BBS` or
`DESCRIPT.ION` (legacy-formats.md, section 2). These files are hand-edited,
inconsistent and out of date: they list files that are gone and miss files
that are there. So parsing is forgiving (it never raises; a line it cannot
read is skipped), and `attach` reports both kinds of mismatch instead of
guessing.

Formats read:
- 00index / 00-index.txt / index(.txt): ``name`` padded with spaces or one
  TAB, then the description; indented lines continue it. Under a Simtel
  ``PD1:<MSDOS.X>`` header, lines are ``NAME.EXT [A|B] size YYMMDD text``.
- files.bbs: PCBoard ``NAME.EXT  size  mm-dd-yy  text`` or short
  ``NAME.EXT text``; indented lines continue it, PCBoard's with a ``|`` near
  column 31-37; lines starting with ``.`` are comments.
- descript.ion (4DOS, Total Commander): ``name text`` or ``"long name" text``;
  a 0x04 byte ends the description (what follows belongs to other programs);
  Total Commander marks multi-line descriptions with 0x04 0xC2 and writes
  the line breaks as ``\\n``.

Two-digit years: DOS file dates cannot be before 1980, so 80-99 are 19yy
and 00-79 are 20yy (the archive runs to 2002).
"""

import datetime
import re
from dataclasses import dataclass, field

INDEX_NAMES = frozenset(
    {"00index.txt", "00-index.txt", "index", "index.txt", "files.bbs", "descript.ion"}
)
_KIND_BY_NAME = {name: "00index" for name in INDEX_NAMES} | {
    "files.bbs": "files.bbs",
    "descript.ion": "descript.ion",
}
# Suggested order when several index files in one folder describe the same
# file: the most specific, per-file format first.
INDEX_PRECEDENCE = ("descript.ion", "files.bbs", "00index")


@dataclass(frozen=True)
class IndexEntry:
    """One file as an index file describes it."""

    name: str  # as written in the index (quotes removed)
    description: str  # continuation lines joined with "\n"
    line: int  # 1-based line number in the index file
    size: int | None = None  # PCBoard files.bbs and Simtel forms
    date: str | None = None  # ISO yyyy-mm-dd when the form carries a date


@dataclass(frozen=True)
class Attachment:
    """Index entries matched against the files that are really there."""

    descriptions: dict[str, IndexEntry]  # actual sibling name -> its entry
    missing: list[str]  # listed in the index, not in the folder (as written)
    unlisted: list[str]  # in the folder, not described (index files excluded)


def index_kind(filename: str) -> str | None:
    """The index format a file name stands for: 00index, files.bbs, descript.ion or None."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return _KIND_BY_NAME.get(base.lower())


def parse_index(filename: str, text: str) -> list[IndexEntry]:
    """The entries of an index file, in file order. Never raises.

    `filename` picks the format (see `index_kind`); a name that is no index
    file gives an empty list. `text` is the decoded file; any newline
    convention is accepted.
    """
    kind = index_kind(filename)
    if kind == "descript.ion":
        reader = _read_descript_ion
    elif kind == "files.bbs":
        reader = _read_files_bbs
    elif kind == "00index":
        reader = _Read00Index()
    else:
        return []
    return _collect(_lines(text), reader)


def attach(entries: list[IndexEntry], siblings: list[str]) -> Attachment:
    """Match `entries` to the file names in their folder, as DOS would.

    Matching ignores case (and a trailing "/" on directory entries). If two
    siblings differ only in case, the one matching the entry's exact case
    wins; failing that, the first in sorted order. If several entries name
    one sibling, an exact-case entry wins over the others, else the first.

    When a folder has several index files, call this once per index file
    and prefer descriptions in the order of INDEX_PRECEDENCE
    (descript.ion > files.bbs > 00index); only the unlisted names common to
    all of them are really undescribed.
    """
    names = sorted(set(siblings))
    by_fold: dict[str, list[str]] = {}
    for name in names:
        by_fold.setdefault(name.casefold(), []).append(name)
    chosen: dict[str, IndexEntry] = {}
    missing = set()
    for entry in entries:
        target = _match(entry.name, by_fold)
        if target is None:
            missing.add(entry.name)
        elif _wins(entry, chosen.get(target), target):
            chosen[target] = entry
    unlisted = [n for n in names if n not in chosen and index_kind(n) is None]
    return Attachment(dict(sorted(chosen.items())), sorted(missing), unlisted)


def _bare(name: str) -> str:
    """A name without the trailing "/" some indexes put after directories."""
    return name.rstrip("/") or name


def _match(written: str, by_fold: dict[str, list[str]]) -> str | None:
    wanted = _bare(written)
    candidates = by_fold.get(wanted.casefold())
    if not candidates:
        return None
    return wanted if wanted in candidates else candidates[0]


def _wins(new: IndexEntry, old: IndexEntry | None, target: str) -> bool:
    """Whether `new` replaces `old` as the description of sibling `target`."""
    if old is None:
        return True
    return _bare(old.name) != target and _bare(new.name) == target


# --- line handling shared by the formats ------------------------------------

_ENTRY, _MORE, _SKIP = "entry", "more", "skip"
_SKIP_LINE = (_SKIP, None)


@dataclass
class _Open:
    """An entry still collecting continuation lines."""

    name: str
    line: int
    parts: list[str] = field(default_factory=list)
    size: int | None = None
    date: str | None = None

    def close(self) -> IndexEntry:
        text = "\n".join(part for part in self.parts if part)
        return IndexEntry(self.name, text, self.line, self.size, self.date)


def _lines(text: str):
    """(1-based number, line) with newlines, form feeds and ^Z padding gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), start=1):
        # A form feed opens a printed page; inside a line it is a space, and
        # dropping it there would glue two words into a name the file never had.
        yield number, line.lstrip("\x0c").replace("\x0c", " ").rstrip(" \t\x1a\x00")


def _collect(lines, reader) -> list[IndexEntry]:
    """Run a per-line reader; it says entry, continuation or skip."""
    entries: list[IndexEntry] = []
    current: _Open | None = None
    for number, line in lines:
        action, value = reader(number, line)
        if action == _MORE and current is not None:
            current.parts.append(value)
            continue
        if current is not None:
            entries.append(current.close())
            current = None
        if action == _ENTRY:
            current = value
    if current is not None:
        entries.append(current.close())
    return entries


_NAME_REST = re.compile(r"(?P<name>\S+)(?:(?P<sep>\s+)(?P<desc>.*))?$")
_HAS_ALNUM = re.compile(r"[^\W_]")
_FILE_LIKE = re.compile(r".+\.[A-Za-z0-9]{1,4}$")
_PROSE_END = tuple(".,:;!?")


def _name_and_text(number: int, line: str, strict: bool) -> tuple:
    """An entry from `name<padding>description`, or skip.

    `strict` (00index) refuses lines that read like prose: a single space
    after a word that does not look like a file name, or a "name" ending in
    punctuation.
    """
    match = _NAME_REST.match(line)
    if match is None or not _HAS_ALNUM.search(line):
        return _SKIP_LINE
    name, sep = match["name"], match["sep"]
    if strict:
        padded = sep is None or "\t" in sep or len(sep) >= 2
        if name.endswith(_PROSE_END) or not (padded or _FILE_LIKE.match(name)):
            return _SKIP_LINE
    return _ENTRY, _Open(name, number, [(match["desc"] or "").strip()])


def _two_digit_year(year: int) -> int:
    return year + (1900 if year >= 80 else 2000) if year < 100 else year


def _iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(_two_digit_year(year), month, day).isoformat()
    except ValueError:
        return None


# --- 00index -----------------------------------------------------------------

_SIMTEL_HEADER = re.compile(r"\bPD\d:<[^>]*>", re.IGNORECASE)
_SIMTEL_LINE = re.compile(
    r"\s*(?P<name>\S+)\s+(?:[AaBb]\s+)?(?P<size>\d+)\s+"
    r"(?P<yy>\d\d)(?P<mm>\d\d)(?P<dd>\d\d)(?:\s+(?P<desc>.*))?$"
)


class _Read00Index:
    """Reader for 00index files; remembers whether a Simtel header was seen."""

    def __init__(self) -> None:
        self.simtel = False

    def __call__(self, number: int, line: str) -> tuple:
        if not line.strip():
            return _SKIP_LINE
        if _SIMTEL_HEADER.search(line):
            self.simtel = True
            return _SKIP_LINE
        if self.simtel:
            return _simtel_entry(number, line)
        if line[0] in " \t":
            return _MORE, line.strip()
        if line.startswith("#"):
            return _SKIP_LINE
        return _name_and_text(number, line, strict=True)


def _simtel_entry(number: int, line: str) -> tuple:
    match = _SIMTEL_LINE.match(line)
    if match is None:
        return _SKIP_LINE  # column headings, rules, notes
    date = _iso_date(int(match["yy"]), int(match["mm"]), int(match["dd"]))
    desc = (match["desc"] or "").strip()
    return _ENTRY, _Open(match["name"], number, [desc], int(match["size"]), date)


# --- files.bbs ---------------------------------------------------------------

_PCBOARD_LINE = re.compile(
    r"(?P<name>\S+)\s+(?P<size>\d+)\s+"
    r"(?P<mm>\d\d?)[-/](?P<dd>\d\d?)[-/](?P<yy>\d\d(?:\d\d)?)(?:\s+(?P<desc>.*))?$"
)
_BAR_COLUMNS = range(29, 40)  # 1-based columns "near 31-37" where '|' sits


def _read_files_bbs(number: int, line: str) -> tuple:
    if not line.strip() or line.startswith("."):
        return _SKIP_LINE  # blank, or a comment / area heading
    if line[0] in " \t":
        return _MORE, _strip_bar(line)
    match = _PCBOARD_LINE.match(line)
    if match is None:
        return _name_and_text(number, line, strict=False)
    date = _iso_date(int(match["yy"]), int(match["mm"]), int(match["dd"]))
    desc = (match["desc"] or "").strip()
    return _ENTRY, _Open(match["name"], number, [desc], int(match["size"]), date)


def _strip_bar(line: str) -> str:
    """A continuation's text without PCBoard's '|' marker."""
    expanded = line.expandtabs(8)
    text = expanded.lstrip()
    column = len(expanded) - len(text) + 1
    if text.startswith("|") and column in _BAR_COLUMNS:
        text = text[1:]
    return text.strip()


# --- descript.ion --------------------------------------------------------------

# How the Total Commander id byte 0xC2 reads after each possible decoding:
# Latin-1/CP1252, CP437, Mac Roman, and a replacement character (invalid UTF-8).
_TC_IDS = ("\xc2", "\u252c", "\xac", "\ufffd")
_TC_ESCAPE = re.compile(r"\\([n\\])")
_DESCRIPT_NAME = re.compile(r"(?P<name>[^ \t]+)(?:[ \t](?P<rest>.*))?$")


def _read_descript_ion(number: int, line: str) -> tuple:
    line = line.lstrip()
    if not line:
        return _SKIP_LINE
    name, rest = _split_descript_name(line)
    if not name:
        return _SKIP_LINE
    return _ENTRY, _Open(name, number, [_descript_text(rest)])


def _split_descript_name(line: str) -> tuple[str, str]:
    """(name, rest): a double-quoted name may hold spaces."""
    if line.startswith('"'):
        end = line.find('"', 1)
        if end > 0:
            return line[1:end], line[end + 1 :]
        line = line[1:]  # unclosed quote: read as if it were not there
    match = _DESCRIPT_NAME.match(line)
    return (match["name"], match["rest"] or "") if match else ("", "")


def _descript_text(rest: str) -> str:
    """Description text: up to a 0x04, Total Commander escapes expanded."""
    text, marker, program_data = rest.partition("\x04")
    if marker and program_data[:1] in _TC_IDS:
        text = _TC_ESCAPE.sub(lambda m: "\n" if m[1] == "n" else "\\", text)
    return text.strip()
