"""Burst the archive's mail collections into single messages.

Why: the biggest part of the archive is fifteen years (1987-2002) of Traveller
Mailing List mail, kept in the shapes the list software of the day wrote: TML
archive files, two kinds of TML bundle, ListProcessor and majordomo digests,
other lists' RFC 1153 digests, plain mboxes.  Message pages, permalinks and
threads need each message on its own, named by the list's own number (never by
build order), with list boilerplate -- trailers, contents tables, separators --
kept out of its body.  Section 1 of shared/reference/legacy-formats.md is the
spec; every rule below traces to it or to a real file it describes.

Why it looks like this: a cold build bursts 100,000+ messages, so the work is
compiled regexes over the whole text plus slicing, and per-line Python only for
the rare HTML-wrapped digests.  `burst` never raises: a file that cannot be
burst comes back with no messages and a sentence saying why, and the caller
shows it as plain text.
"""

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

DIGEST_LAYOUTS = ("tml-bundle", "tml-bundle-2", "listproc-digest", "majordomo-digest",
                  "rfc1153-digest")
_NO_LIST = ("mbox", "unknown")
_HEAD = 16384  # how far into a unit its layout markers are looked for


@dataclass
class Message:
    position: int            # 1-based order in the file (in .parts: order within the parent)
    offset: int              # index in the caller's text where this message's headers start
    layout: str
    headers: list[tuple[str, str]]
    body: str
    number: str              # the list's own number as a stable id, or ""
    label: str               # human label of that number, or ""
    kind: str                # "post" | "lost" | "bounce" | "admin" | "toc"
    container: dict
    parts: list["Message"] = field(default_factory=list)
    # Where the body is in normalise_text(text): (start, end, RFC 934 levels,
    # mbox), for body_at(); () when unknown.
    span: tuple = ()

    def header(self, name):
        """First value of header `name` (any case), or ""."""
        return _get(self.headers, name)


@dataclass
class BurstResult:
    layout: str
    messages: list[Message]
    problems: list[str]


# --- patterns -------------------------------------------------------------

_NONBLANK = re.compile(r"[^\s\x1a]")
_BLANKS = re.compile(r"(?:[ \t]*\n)*")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADER = re.compile(r"([A-Za-z][\w-]*):[ \t]*(.*)")
_KNOWN = (r"Archive-Message-Number|Date|From|Subject|To|Cc|Message-I[Dd]|Bundle|Sender|"
          r"Reply-To|Received|Return-Path|Organization|In-Reply-To|References|Status|"
          r"MIME-Version|Content-[\w-]+|X-[\w-]+")
_KNOWN_HEADER = re.compile(rf"(?:{_KNOWN})[ \t]*:", re.I)
# "Archive-Message-Number: 2332Date: ...From: ...": a known name glued to the value before.
_RUN_TOGETHER = re.compile(
    r"(?<=[^\s:-])(?=(?:Archive-Message-Number|Date|From|Subject|To|Message-I[Dd]|Bundle):[ \t])")
# Hot whole-text patterns start with a literal ("\nFrom ", "\n---") so re can skip ahead fast;
# the first line of a region is checked separately where it matters.
_FROM_BODY = r"From \S+[^\n]*?\d:\d\d[^\n]*?\b(?:19|20)\d\d\b[^\n]*\n(?=[A-Za-z][\w-]*:)"
_FROM_LINE = re.compile("\n" + _FROM_BODY)
_FIRST_FROM_LINE = re.compile(_FROM_BODY)
_MBOX_ESCAPE = re.compile(r"^>From ", re.M)
_UNSTUFF = re.compile(r"^- ", re.M)
# A body line starting "-" that was not stuffed; hyphen-only rulers of 5+ and a cut last line
# of hyphens prove nothing (they may be damaged separators).
_UNSTUFFED_DASH = re.compile(r"\n-(?! |-{4,}[ \t]*(?:\n|\Z)|-*[ \t]*\Z)")

_TML_SEP = re.compile(r"^-{3,}[ \t]*TML Message #[ \t]*(\d+)[ \t]*-*[ \t]*$", re.M)
_ARCHIVE_TRAILER = re.compile(
    r"^All opinions and material above (?:is|are) the responsibility of the originator\b"
    r"[^\n]*(?:\n(?:Submissions|Administrator|The TML )[^\n]*)*\n?", re.M)
_TRAILER_LINE = "All opinions and material above is the responsibility of the originator."
_CUT_TRAILER = re.compile(r"(?<=\n)[ \t]*\n(All\b[^\n]*)\Z")
_PREAMBLE = re.compile(r"\n-{60,85}[ \t]*(?=\n|\Z)")
_PREAMBLE_LINE = re.compile(r"-{60,85}[ \t]*(?=\n|\Z)")
_SEP = re.compile(r"\n-{27,33}[ \t]*(?:\n|\Z)(?=[ \t]*(?:\n|\Z))")  # + a blank line before
_END_OF = re.compile(r"End of ([^\n]*?)[ \t]*(?:\n[ \t]*\*{3,}[ \t]*)?(?:\n|\Z)")
_TRAILER = re.compile(r"^End of [^\n]*\n[ \t]*\*{3,}[ \t]*$", re.M)
_PART_SEP = re.compile(r"^(?:- )*-{5,85}[ \t]*$", re.M)
_DIGEST_WORD = re.compile(r"digest", re.I)

_BUNDLE_SUBJECT = re.compile(r"TML [Bb]undle #(\d+)(?::\s*Msgs\s+(\d+)\s*-\s*(\d+))?")
_BUNDLE_ANY = re.compile(r"TML [Bb]undle #(\d+)")
_BUNDLE_HEADER = re.compile(r"^Bundle:[ \t]*(\d+)", re.M)
_AMN_TOC = re.compile(r"^-AMN-[ \t]", re.M)
_BUN_TOC = re.compile(r"^BUN#[ \t]", re.M)
_TOC_LINE = re.compile(r"^[ \t]*(?:\d+[ \t]+)?(\d+)[ \t]+\d{1,2}-[A-Za-z]{3}-\d{2,4}\b", re.M)
_LISTPROC_TITLE = re.compile(r"[ \t]*(\S[^\n]*?)[ \t]+Digest[ \t]+(\d+)[ \t]*$", re.M | re.I)
_LISTPROC_TOPICS = re.compile(r"^Topics covered in this issue include", re.M)
_LISTPROC_TOPIC = re.compile(r"^[ \t]*\d+\)[ \t]", re.M)
_VOLUME_TITLE = re.compile(
    r"^[ \t]*(\S[^\n]*?)[ \t]{2,}[^\n]*?Volume[ \t]+(\d+)[ \t]*:[ \t]*(Number|Issue)[ \t]+(\d+)"
    r"[ \t]*$", re.M | re.I)
_MAJORDOMO_SUBJECT = re.compile(r"(\S+)\s+V(\d{2,4})\s+#(\d+)\s*$")
_MAJORDOMO_TOPICS = re.compile(r"^The following topics are covered in this digest:?[ \t]*$", re.M)
_NUMBERED_TOPIC = re.compile(r"^[ \t]*\d+\.[ \t]", re.M)
_TOPIC_LINE = re.compile(r"^[ \t]*\S", re.M)
_REPLY_SUBJECT = re.compile(r"(?:re|fwd?|fw|aw)(?:\[\d+\])?[ \t]*:", re.I)
_DIGEST_SUBJECT = re.compile(r"(?!(?:re|fwd?|fw)\b)[^\n]*\bdigest\b", re.I)
_GENERIC_TITLE = re.compile(r"[ \t]*(\S[^\n]*?)[ \t]+Digest\b", re.I)

_TOC_SUBJECT = re.compile(r"(?!re\b)[^\n]*\btable of contents\b", re.I)
_TOC_BODY = re.compile(r"(?:-AMN-|BUN#)[ \t]")
_LOST_SUBJECT = re.compile(
    r"(?!re\b)[^\n]*(?:\b(?:lost|missing)\b[^\n]*(?:\bmessage|\bmsg|#)[ \t]*#?\d+"
    r"|(?:\bmessage|\bmsg|#)[ \t]*#?\d+[^\n]*\b(?:lost|missing)\b)", re.I)
_LOST_BODY = re.compile(r"\b(?:lost|missing|never arrived|garbled)\b", re.I)
_BOUNCE_SUBJECT = re.compile(
    r"(?:returned mail|undeliver|delivery (?:status )?notification|delivery fail|mail delivery"
    r"|failed mail|warning: could not send|non-?deliver)", re.I)
_BOUNCE_FROM = re.compile(r"mailer-daemon|postmaster@|mail delivery (?:subsystem|system)", re.I)
_BOUNCE_BODY = re.compile(
    r"undeliverable mail|transcript of session follows|returned mail|user unknown|host unknown"
    r"|could not be delivered|unable to deliver|delivery failed", re.I)
_ADMIN_SUBJECT = re.compile(
    r"(?:admin\b|(?:\S+[ \t]+)?administrivia\b|(?:un)?subscribe\b|signoff\b|sign off\b"
    r"|set \S+ \S+|help[ \t]*$|remove me\b)", re.I)
_ADMIN_BODY = re.compile(r"\[[ \t]*admin(?:istrative|istrivia)?\b", re.I)
# A body that is nothing but list-server commands ("unsubscribe traveller", "SEND BN87JUL.TXT").
_COMMAND_BODY = re.compile(
    r"(?:(?:(?:un)?subscribe|signoff|sign off|set|help|index|get|send|review|lists|end)"
    r"(?:[ \t]+[\w.@%!-]+){0,3}[ \t]*\n){1,4}\Z", re.I)
_ADMIN_FROM = re.compile(r"\b(?:listproc|listserv|majordomo|mailman|listserver)@|listprocessor",
                         re.I)

_QP_EVIDENCE = re.compile(r"=(?:20|3D|09)\b|=\n")
_QP_RUN = re.compile(r"(?:=[0-9A-F]{2})+")
_HTML_START = re.compile(r"\s*<html\b", re.I)
_BR_AT_END = re.compile(r"<br[ \t]*/?>[ \t]*$", re.I | re.M)
_BREAK_TAGS = r"<(?:br|/?p|/?div)\b[^<>\n]*>"
_TRAILING_BREAKS = re.compile(rf"(?:{_BREAK_TAGS}[ \t]*)+$", re.I)
_BREAK_TAG = re.compile(_BREAK_TAGS, re.I)
_TAG = re.compile(
    r"</?(?:html|head|body|font|span|b|i|u|em|strong|tt|pre|blockquote|center|a|img|meta|"
    r"title|hr|table|tr|td|th|ul|ol|li|big|small|sup|sub|x-[a-z-]+)\b[^<>\n]*>|<!--.*?-->",
    re.I)


# --- public API -----------------------------------------------------------

def burst(text):
    """Split a mail collection into messages; never raises (see module docstring)."""
    try:
        return _burst(text)
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, RecursionError,
            MemoryError) as exc:
        return BurstResult("unknown", [], [f"could not burst the file ({type(exc).__name__}: "
                                           f"{exc}); shown as plain text"])


def detect_layout(text):
    """The collection's layout from its markers, without bursting.

    Same as `burst(text).layout` except when a file shows a layout's markers but none of
    its structure (then burst says "mbox" or "unknown" and explains in its problems)."""
    try:
        norm, _ = _normalise(text)
    except (ValueError, TypeError):
        return "unknown"
    layouts = [_classify(norm, _unit(norm, start, end, env, bool(env)))
               for env, start, end in _split_units(norm)]
    return _collection_layout(layouts)


def normalise_text(text):
    """The text `burst` works on: newlines normalised, HTML-wrapped digests unwrapped.

    Bodies are slices of this text (after RFC 934 unstuffing in digests and `>From `
    unescaping in mboxes); `Message.offset` is mapped back to the caller's text.
    """
    return _normalise(text)[0]


def body_at(norm, span):
    """A message's body from normalise_text()'s answer and the message's span,
    as burst() gave it: far cheaper than bursting the collection again."""
    return _clean_body(norm, *span) if span else ""


def _burst(text):
    norm, to_original = _normalise(text)
    work = _Burster(norm, to_original)
    for envelope, start, end in _split_units(norm):
        work.run_unit(envelope, start, end)
    return work.result()


def _collection_layout(layouts):
    for layout in layouts:
        if layout not in _NO_LIST:
            return layout
    return "mbox" if "mbox" in layouts else "unknown"


# --- normalisation ---------------------------------------------------------

class _LineMap:
    """Maps an index in unwrapped HTML back to the start of the line it came from."""

    def __init__(self, norm, orig):
        self.norm, self.orig = norm, orig

    def __call__(self, pos):
        k = bisect_right(self.norm, pos) - 1
        return self.orig[k] if k >= 0 else pos


def _normalise(text):
    if not isinstance(text, str):
        raise TypeError(f"burst needs str, not {type(text).__name__}")
    maps = []
    if "\r" in text:
        text, crlf = _fix_newlines(text)
        maps.append(crlf)
    if _HTML_START.match(text) or len(_BR_AT_END.findall(text, 0, 8192)) >= 8:
        text, wrapped = _unwrap_html(text)
        maps.insert(0, wrapped)

    def to_original(pos):
        for step in maps:
            pos = step(pos)
        return pos

    return text, to_original


class _CrlfMap:
    """Offsets across a CRLF -> LF change, built at C speed (split + accumulate): as a
    sequence, item k is where the k-th CRLF's "\n" lands in the normalised text."""

    def __init__(self, text):
        self.ends = list(accumulate(map(len, text.split("\r\n"))))[:-1]

    def __len__(self):
        return len(self.ends)

    def __getitem__(self, k):
        return self.ends[k] + k

    def __call__(self, pos):
        return pos + bisect_left(self, pos)


def _fix_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n"), _CrlfMap(text)


def _unwrap_html(text):
    """Plain text from a 1999-2000 HTML-wrapped digest: QP soft breaks joined, =XX decoded,
    <BR>/<P> turned into line ends, other tags dropped, entities decoded (in that order:
    QP is the outer layer, and &lt;PRE&gt; is text, not a tag)."""
    qp = len(_QP_EVIDENCE.findall(text, 0, 65536)) >= 2
    out, norm_at, orig_at = [], [], []
    npos = opos = 0
    pending, pending_start = None, 0
    for line in text.split("\n"):
        if pending is None:
            pending, pending_start = [], opos
        opos += len(line) + 1
        if qp and line.endswith("="):
            pending.append(line[:-1])
            continue
        pending.append(line)
        for piece in _html_line("".join(pending), qp).split("\n"):
            norm_at.append(npos)
            orig_at.append(pending_start)
            out.append(piece)
            npos += len(piece) + 1
        pending = None
    if pending:
        out.append(_html_line("".join(pending), qp).replace("\n", " "))
        norm_at.append(npos)
        orig_at.append(pending_start)
    return "\n".join(out), _LineMap(norm_at, orig_at)


def _html_line(line, qp):
    if line.endswith("<BR>") and "<" not in line[:-4] and "&" not in line and "=" not in line:
        return line[:-4]  # the common case, without the regexes
    if qp and "=" in line:
        line = _QP_RUN.sub(_qp_chars, line)
    if "<" in line:
        line = _TRAILING_BREAKS.sub("", line)
        line = _BREAK_TAG.sub("\n", line)
        line = _TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    return line.replace("\r", "")


def _qp_chars(match):
    data = bytes.fromhex(match.group().replace("=", ""))
    for codec in ("utf-8", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- units: one mail of an mbox, or the whole file --------------------------

@dataclass
class _Unit:
    start: int
    end: int
    body_start: int
    headers: list
    envelope: str
    mbox: bool
    layout: str = "unknown"

    def get(self, name):
        return _get(self.headers, name)


def _split_units(text):
    """(envelope, start, end) per mail of an mbox; the whole text when there are no From_ lines."""
    units, start, envelope = [], 0, ""
    first = _FIRST_FROM_LINE.match(text)
    found = [(0, first.end(), first.group())] if first else []
    found += [(m.start() + 1, m.end(), m.group()[1:]) for m in _FROM_LINE.finditer(text)]
    for line_start, line_end, line in found:
        units.append((envelope, start, line_start))
        start, envelope = line_end, line.rstrip()[5:]
    units.append((envelope, start, len(text)))
    return [u for u in units if u[0] or _NONBLANK.search(text, u[1], u[2])]


def _unit(text, start, end, envelope, mbox):
    first = _skip_blank(text, start, end)
    headers, body_start = [], start
    if _KNOWN_HEADER.match(text, first, end):
        headers, body_start = _parse_headers(text, first, end)
    return _Unit(start, end, body_start, headers, envelope, mbox)


def _classify(text, u):
    """The unit's layout.  In a mail (a unit with headers) a reply or forward is always a
    plain message -- a digest inside it becomes `.parts` -- and digest titles count only
    at the start of the body."""
    head_end = min(u.end, u.body_start + _HEAD)
    subject = u.get("subject")
    if u.headers and _REPLY_SUBJECT.match(subject):
        return "mbox"
    if _is_archive_file(text, u, head_end):
        return "tml-archive"
    bundle = _bundle_layout(text, u, head_end, subject)
    if bundle:
        return bundle
    title = _digest_title(text, u, head_end)
    if title:
        return title
    if _MAJORDOMO_SUBJECT.match(subject):
        return "majordomo-digest"
    if (not u.headers or _DIGEST_SUBJECT.match(subject)) and _preamble(
            text, u.body_start, head_end) and next(_separators(text, u.body_start, u.end), None):
        return "rfc1153-digest"
    return "mbox" if u.headers else "unknown"


def _digest_title(text, u, head_end):
    """majordomo / RFC 1153 "Volume V : Number N" title, or a ListProcessor one."""
    first = _skip_blank(text, u.body_start, u.end)
    title_end = text.find("\n", first, head_end)
    title_end = head_end if title_end < 0 else title_end
    title_stop = head_end if not u.headers else title_end
    title = text.find("olume", u.body_start, title_stop) >= 0 and _VOLUME_TITLE.search(
        text, u.body_start, title_stop)
    if title:
        return "majordomo-digest" if title.group(3).lower() == "number" else "rfc1153-digest"
    if _LISTPROC_TITLE.match(text, first, head_end) or (
            not u.headers and text.find("Topics covered", u.body_start, head_end) >= 0
            and _LISTPROC_TOPICS.search(text, u.body_start, head_end)):
        return "listproc-digest"
    return ""


def _is_archive_file(text, u, head_end):
    """TML separators; in a mail, only when its body is an archive file (not one quoted)."""
    if text.find("TML Message #", u.body_start, head_end) < 0:
        return False
    seps = _TML_SEP.finditer(text, u.body_start, head_end)
    first = next(seps, None)
    if first is None or not u.headers:
        return first is not None
    return first.start() == _skip_blank(text, u.body_start, u.end) or next(seps, None) is not None


def _bundle_layout(text, u, head_end, subject):
    """A bundle: by its Subject in a mail, by its contents table or Bundle: headers otherwise."""
    if u.headers and not _BUNDLE_SUBJECT.match(subject):
        return ""

    def has(literal, pattern):
        return text.find(literal, u.body_start, head_end) >= 0 and pattern.search(
            text, u.body_start, head_end)

    if has("BUN#", _BUN_TOC) or has("Bundle:", _BUNDLE_HEADER):
        return "tml-bundle-2"
    if _BUNDLE_SUBJECT.match(subject) or has("-AMN-", _AMN_TOC):
        return "tml-bundle"
    return ""


# --- headers and bodies ----------------------------------------------------

def _get(headers, name):
    name = name.lower()
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


def _skip_blank(text, pos, end):
    return _BLANKS.match(text, pos, end).end()


def _parse_headers(text, pos, end):
    """Headers of the block at `pos` (names as written, folded lines unfolded, values
    stripped), and where the body starts: after the first line that is not a header."""
    blank = _BLANK_LINE.search(text, pos, min(end, pos + 65536))
    block_end = blank.start() if blank else min(end, pos + 65536)
    headers, offset = [], pos
    for line in text[pos:block_end].split("\n"):
        if not _add_header_line(headers, line):
            break
        offset += len(line) + 1
    return headers, min(offset, end)


def _add_header_line(headers, line):
    if line[:1] in (" ", "\t"):
        if not headers or not line.strip():
            return False
        name, value = headers[-1]
        headers[-1] = (name, f"{value} {line.strip()}".strip())
        return True
    m = _HEADER.match(line)
    if not m:
        return False
    value = m.group(2)
    if not ((": " in value or ":\t" in value) and _RUN_TOGETHER.search(value)):
        headers.append((m.group(1), value.strip()))
        return True
    first, *glued = _RUN_TOGETHER.split(value)
    headers.append((m.group(1), first.strip()))
    for piece in glued:
        name, _, rest = piece.partition(":")
        headers.append((name, rest.strip()))
    return True


def _header_led(text, pos, end, minimum=1):
    """True when a header block with a known header name starts at `pos`."""
    if not _KNOWN_HEADER.match(text, pos, end):
        return False
    if minimum == 1:
        return True
    headers, _ = _parse_headers(text, pos, end)
    names = {name.lower() for name, _ in headers}
    return len(headers) >= minimum and bool(names & {"from", "date", "subject"})


def _clean_body(text, start, end, levels, mbox):
    """The body slice without leading blank lines and trailing space; `>From ` unescaped in
    mboxes, then RFC 934 "- " unstuffed `levels` times."""
    start = _skip_blank(text, start, end)
    body = text[start:end].rstrip()
    if not body:
        return ""
    if mbox and ">From " in body:
        body = _MBOX_ESCAPE.sub("From ", body)
    for _ in range(levels):
        if not (body.startswith("- ") or "\n- " in body):
            break
        body = _UNSTUFF.sub("", body)
    return body + "\n"


def _kind(headers, body):
    subject, sender = _get(headers, "subject"), _get(headers, "from")
    head = body[:600]
    if _TOC_SUBJECT.match(subject) or _TOC_BODY.match(body):
        return "toc"
    if _LOST_SUBJECT.match(subject) or (not sender and _LOST_BODY.search(head)):
        return "lost"
    if (_BOUNCE_SUBJECT.match(subject) or _BOUNCE_FROM.search(sender)
            or (not subject and _BOUNCE_BODY.search(head))):
        return "bounce"
    if (_ADMIN_SUBJECT.match(subject) or _ADMIN_BODY.match(body) or _ADMIN_FROM.search(sender)
            or (len(body) < 300 and _COMMAND_BODY.match(body))):
        return "admin"
    return "post"


def _digits(value):
    m = re.match(r"\s*#?(\d+)", value)
    return m.group(1) if m else ""


# --- the burster -------------------------------------------------------------

class _Burster:
    """Collects messages and problems over the units of one file."""

    def __init__(self, text, to_original):
        self.text, self.to_original = text, to_original
        self.messages, self.problems, self.layouts = [], [], []

    def result(self):
        self._check_duplicates()
        layout = _collection_layout(self.layouts)
        if not self.messages:
            self.problems.append("could not find message boundaries")
        return BurstResult(layout, self.messages, self.problems)

    def run_unit(self, envelope, start, end):
        mbox = bool(envelope)
        while _NONBLANK.search(self.text, start, end):
            consumed = self._burst_unit(_unit(self.text, start, end, envelope, mbox))
            if consumed <= start:
                break
            start, envelope = consumed, ""

    def _burst_unit(self, u):
        u.layout = _classify(self.text, u)
        self.layouts.append(u.layout)
        if u.layout == "tml-archive":
            return _ArchiveFile(self, u).run()
        if u.layout in DIGEST_LAYOUTS:
            consumed = _Digest(self, u).run()
            if consumed is not None:
                return consumed
            self.problems.append(f"the text at offset {self.to_original(u.start)} looks like a "
                                 f"{u.layout} but no message was found in it")
            self.layouts[-1] = u.layout = "mbox" if u.headers else "unknown"
        if u.headers:
            return self._plain(u)
        if self.messages or u.start > 0:
            self.problems.append(f"could not find message boundaries in the text at offset "
                                 f"{self.to_original(u.start)}; it belongs to no message")
        return u.end

    def _plain(self, u):
        msg_id = u.get("message-id")
        container = {"envelope": u.envelope} if u.envelope else {}
        first = _skip_blank(self.text, u.start, u.end)
        self.add(u, first, u.headers, u.body_start, u.end, 0, (msg_id, ""), container)
        return u.end

    def add(self, u, start, headers, body_start, body_end, levels, ids, container):
        """Build a message from a slice, find forwarded digests in it, record it."""
        span = (body_start, body_end, levels, u.mbox)
        body = _clean_body(self.text, *span)
        msg = Message(len(self.messages) + 1, self.to_original(start), u.layout, headers, body,
                      ids[0], ids[1], _kind(headers, body), container, span=span)
        msg.parts = _Parts(self, msg, u.mbox, levels + 1).find(body_start, body_end)
        self.messages.append(msg)
        self._check_headers(msg)
        return msg

    def _check_headers(self, msg):
        if msg.kind not in ("post", "admin"):
            return
        name = msg.label or f"message {msg.position}"
        for header in ("Date", "From"):
            if not msg.header(header):
                self.problems.append(f"{name} has no {header} header")

    def _check_duplicates(self):
        seen = {}
        for msg in self.messages:
            if msg.number:
                seen.setdefault(msg.number, []).append(msg)
        for copies in seen.values():
            if len(copies) > 1:
                where = ", ".join(str(m.position) for m in copies)
                self.problems.append(f"{copies[0].label or copies[0].number} appears "
                                     f"{len(copies)} times (messages {where})")


# --- layout: TML archive files (1987-90) ------------------------------------

class _ArchiveFile:
    """`-------- TML Message #N --------` files: no unstuffing; list trailer dropped."""

    def __init__(self, work, u):
        self.work, self.u, self.text = work, u, work.text

    def run(self):
        seps = list(_TML_SEP.finditer(self.text, self.u.body_start, self.u.end))
        lead = _NONBLANK.search(self.text, self.u.body_start, seps[0].start())
        if lead:
            lines = self.text.count("\n", lead.start(), seps[0].start())
            self.work.problems.append(
                f"{max(lines, 1)} line(s) before the first TML message separator belong to no "
                "message (the end of a message from an earlier file?)")
        for i, sep in enumerate(seps):
            end = seps[i + 1].start() if i + 1 < len(seps) else self.u.end
            self._message(sep, end, last=i + 1 == len(seps))
        return self.u.end

    def _message(self, sep, end, last):
        start = _skip_blank(self.text, sep.end(), end)
        headers, body_start = _parse_headers(self.text, start, end)
        amn = _digits(_get(headers, "archive-message-number"))
        if amn and amn != sep.group(1):
            self.work.problems.append(f"TML #{amn}: its separator says #{sep.group(1)}; "
                                      "the Archive-Message-Number header is used")
        number = amn or sep.group(1)
        body_end = self._trailer(number, body_start, end, last)
        ids = (number, f"TML #{number}")
        self.work.add(self.u, start, headers, body_start, body_end, 0, ids, {"list": "TML"})

    def _trailer(self, number, body_start, end, last):
        trailers = list(_ARCHIVE_TRAILER.finditer(self.text, body_start, end))
        if not trailers:
            if not last:
                return end
            self.work.problems.append(f"TML #{number} has no list trailer; the file may be "
                                      "cut short there")
            cut = _CUT_TRAILER.search(self.text, body_start, end)
            return cut.start() if cut and _TRAILER_LINE.startswith(cut.group(1)) else end
        after = trailers[-1].end()
        if _NONBLANK.search(self.text, after, end):
            lines = self.text.count("\n", after, end)
            self.work.problems.append(f"TML #{number}: {lines} line(s) after the list trailer "
                                      "belong to no message")
        return trailers[-1].start()


# --- layout: RFC 1153 digests and TML bundles --------------------------------

class _Digest:
    """Preamble, messages between separators, trailer: bundles and digests alike."""

    def __init__(self, work, u):
        self.work, self.u, self.text = work, u, work.text
        self.facts = {}

    def run(self):
        """Burst the digest; return where it ended (after its trailer), or None."""
        area, preamble = self._area()
        chunks, trailer = _digest_chunks(self.text, area, self.u.end)
        led = [_header_led(self.text, _skip_blank(self.text, *c), c[1]) for c in chunks]
        if not any(led):
            return None
        if not preamble and not led[0]:
            chunks.pop(0)
        self.facts = _digest_facts(self.text, self.u, area if preamble else self.u.body_start)
        end = trailer.end() if trailer else self.u.end
        levels = self._stuffing(area, end)
        messages = [self._message(k, start, stop, levels)
                    for k, (start, stop) in enumerate(chunks, 1)]
        _DigestChecks(self, messages, area if preamble else None, trailer).run()
        return end

    def _area(self):
        """Where the messages start: after the preamble line, else the unit start."""
        first_sep = next(_separators(self.text, self.u.body_start, self.u.end), None)
        limit = first_sep[0] if first_sep else self.u.end
        preamble = _preamble(self.text, self.u.body_start, limit)
        return (preamble, True) if preamble is not None else (self.u.start, False)

    def _stuffing(self, start, end):
        """RFC 934 levels to undo: 0 in TML bundles (their bodies keep "-----" and "- - -"
        rulers as written) and in digests whose bodies show an unstuffed line
        starting with "-"; 1 otherwise."""
        if self.u.layout.startswith("tml-bundle"):
            return 0
        return 0 if _UNSTUFFED_DASH.search(self.text, start, end) else 1

    def _message(self, k, start, stop, levels):
        start = _skip_blank(self.text, start, stop)
        headers, body_start = _parse_headers(self.text, start, stop)
        ids = self._ids(k, headers, body_start, stop)
        container = {key: value for key, value in self.facts.items() if key != "name"}
        return self.work.add(self.u, start, headers, body_start, stop, levels, ids, container)

    def _ids(self, k, headers, body_start, stop):
        name = self.facts.get("name", "")
        if self.u.layout.startswith("tml-bundle"):
            amn = _digits(_get(headers, "archive-message-number"))
            if amn:
                return amn, f"TML #{amn}"
            first = _skip_blank(self.text, body_start, stop)
            body_head = self.text[first:first + 10]
            if _TOC_SUBJECT.match(_get(headers, "subject")) or _TOC_BODY.match(body_head):
                return "", f"{name or 'TML bundle'}, contents"
            return "", f"{name or 'TML bundle'}, message {k}"
        parts = [self.facts.get("volume", ""), self.facts.get("issue", "")]
        number = ".".join([p for p in parts if p] + [str(k)]) if parts[1] else ""
        return number, f"{name or 'digest'}, message {k}"


def _separators(text, start, end):
    """(start, end) of each digest separator in [start, end): a line of 27-33 hyphens with a
    blank line before and after; `start` is where the blank line before it begins."""
    for m in _SEP.finditer(text, max(start - 1, 0), end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start >= start and not text[line_start:m.start()].strip(" \t"):
            yield line_start, m.end()


def _preamble(text, start, end):
    """End of the preamble line (60-85 hyphens) in [start, end), or None."""
    if start == 0 or text[start - 1] == "\n":
        m = _PREAMBLE_LINE.match(text, start, end)
        if m:
            return m.end()
    m = _PREAMBLE.search(text, start, end)
    return m.end() if m else None


def _digest_chunks(text, area, end):
    """(start, end) of each message after `area`, and the trailer match (or None).

    A separator counts only when a header block or the `End of` trailer follows it; any
    other 27-33 hyphen line between blank lines is part of the body it sits in."""
    chunks, current, trailer = [], area, None
    for sep_start, sep_end in _separators(text, area, end):
        nxt = _skip_blank(text, sep_end, end)
        last_line = text.find("\n", nxt, end) < 0  # a file cut just after a separator
        if text.startswith("End of ", nxt) or (last_line and "End of ".startswith(
                text[nxt:min(end, nxt + 7)])):
            chunks.append((current, sep_start))
            trailer = _END_OF.match(text, nxt, end)
            break
        if last_line or _header_led(text, nxt, end):
            chunks.append((current, sep_start))
            current = sep_end
    else:
        trailer = _TRAILER.search(text, current, end)
        chunks.append((current, trailer.start() if trailer else end))
        if trailer:
            trailer = _END_OF.match(text, trailer.start(), end)
    return [c for c in chunks if _NONBLANK.search(text, c[0], c[1])], trailer


def _digest_facts(text, u, preamble_end):
    """list / volume / issue / bundle / title of a digest, and its `name` for labels."""
    start, stop = u.body_start, max(u.body_start, min(preamble_end, u.body_start + _HEAD))
    subject = u.get("subject")
    if u.layout.startswith("tml-bundle"):
        facts = _bundle_facts(text, u, subject)
    elif u.layout == "listproc-digest":
        facts = _listproc_facts(text, u, subject)
    else:
        facts = _volume_facts(text, start, stop, subject)
    for key, value in (("subject", subject), ("date", u.get("date")), ("envelope", u.envelope)):
        if value:
            facts[key] = value
    return facts


def _bundle_facts(text, u, subject):
    head_end = min(u.end, u.body_start + _HEAD)
    m = (_BUNDLE_ANY.search(subject) or _BUNDLE_ANY.search(text, u.body_start, head_end)
         or _BUNDLE_HEADER.search(text, u.body_start, head_end))
    facts = {"list": "TML"}
    if m:
        facts.update(bundle=m.group(1), name=f"TML Bundle #{m.group(1)}")
    return facts


def _listproc_facts(text, u, subject):
    first = _skip_blank(text, u.body_start, u.end)
    m = _LISTPROC_TITLE.match(text, first, min(u.end, first + 400))
    m = m or _LISTPROC_TITLE.match(subject) or _LISTPROC_TITLE.search(
        text, max(u.body_start, u.end - 4096), u.end)
    if not m:
        return {}
    listname = m.group(1).strip()
    if listname.lower().startswith("end of "):
        listname = listname[7:].strip()
    return {"list": listname, "issue": m.group(2), "title": f"{listname} Digest {m.group(2)}",
            "name": f"{listname} Digest {m.group(2)}"}


def _volume_facts(text, start, stop, subject):
    title = _VOLUME_TITLE.search(text, start, stop)
    if title:
        listname, volume, issue = title.group(1).strip(), title.group(2), title.group(4)
    else:
        m = _MAJORDOMO_SUBJECT.match(subject)
        if not m:
            return _generic_facts(text, start, stop, subject)
        listname, volume, issue = m.groups()
    listname = re.sub(r"[ \t]+Digest$", "", listname, flags=re.I)
    facts = {"list": listname, "volume": volume, "issue": issue,
             "name": f"{listname} V{volume} #{issue}"}
    if title:
        facts["title"] = re.sub(r"[ \t]{2,}", "  ", title.group().strip())
    if not listname.lower().endswith("digest"):
        facts["name"] = f"{listname} Digest V{volume} #{issue}"
    return facts


def _generic_facts(text, start, stop, subject):
    first = _skip_blank(text, start, stop)
    m = _GENERIC_TITLE.match(text, first, stop) or _GENERIC_TITLE.match(subject)
    if not m:
        return {}
    listname = m.group(1).strip()
    return {"list": listname, "name": f"{listname} Digest"}


class _DigestChecks:
    """Problems a reader should know about: cut files, contents that disagree."""

    def __init__(self, digest, messages, preamble_end, trailer):
        self.digest, self.messages = digest, messages
        self.preamble_end, self.trailer = preamble_end, trailer
        self.text, self.u, self.facts = digest.text, digest.u, digest.facts
        self.name = self.facts.get("name") or f"the {self.u.layout}"
        self.problems = digest.work.problems

    def run(self):
        if self.preamble_end is None:
            self.problems.append(f"{self.name}: no preamble end line (60-85 hyphens) found")
        self._trailer()
        if self.u.layout.startswith("tml-bundle"):
            self._bundle_range()
            self._bundle_contents()
        else:
            self._topics()

    def _trailer(self):
        if not self.trailer:
            last = self.messages[-1].label or f"message {self.messages[-1].position}"
            self.problems.append(f"{self.name}: no 'End of ...' trailer; the file may be cut "
                                 f"short, so {last} may be incomplete")
            return
        said = self.trailer.group(1)
        expected = self.facts.get("name", "")
        numbers = re.findall(r"\d+", said)
        known = self.facts.get("issue") or self.facts.get("bundle")
        listname = self.facts.get("list", "")
        if (numbers and known and known not in numbers) or (
                listname and listname.lower() not in said.lower()):
            self.problems.append(f"{expected or 'digest'}: its trailer says 'End of {said}'")

    def _amns(self):
        return [int(m.number) for m in self.messages if m.number.isdigit()]

    def _bundle_range(self):
        m = _BUNDLE_SUBJECT.search(self.u.get("subject"))
        amns = self._amns()
        if not (m and m.group(2) and amns):
            return
        said, held = (int(m.group(2)), int(m.group(3))), (min(amns), max(amns))
        if said != held:
            self.problems.append(f"{self.name}: subject says Msgs {said[0]}-{said[1]} but "
                                 f"holds {held[0]}-{held[1]} (each Archive-Message-Number is "
                                 "trusted)")

    def _bundle_contents(self):
        toc = next((m for m in self.messages if m.kind == "toc"), None)
        if toc is None:
            return
        listed = {int(n) for n in _TOC_LINE.findall(toc.body)}
        held = set(self._amns())
        if not listed:
            return
        for numbers, sentence in ((listed - held, "lists {} but the bundle does not hold it"),
                                  (held - listed, "does not list {} which the bundle holds")):
            if numbers:
                shown = ", ".join(str(n) for n in sorted(numbers)[:10])
                self.problems.append(f"{self.name}: contents table " + sentence.format(shown))

    def _topics(self):
        count = self._topic_count()
        if count and count != len(self.messages):
            self.problems.append(f"{self.name}: contents list {count} topics but "
                                 f"{len(self.messages)} messages were found")

    def _topic_count(self):
        if self.preamble_end is None:
            return 0
        start, stop = self.u.body_start, self.preamble_end
        if self.u.layout == "listproc-digest":
            return len(_LISTPROC_TOPIC.findall(self.text, start, stop))
        heading = _MAJORDOMO_TOPICS.search(self.text, start, stop)
        if not heading:
            return 0
        numbered = len(_NUMBERED_TOPIC.findall(self.text, heading.end(), stop))
        lines = len(_TOPIC_LINE.findall(self.text, heading.end(), stop)) - 1  # the hyphen line
        return numbered or lines


# --- digests forwarded inside a message -------------------------------------

class _Parts:
    """A body that is itself a digest (RFC 934 or 1153, e.g. TML #287): its messages."""

    def __init__(self, work, parent, mbox, levels):
        self.work, self.parent, self.mbox, self.levels = work, parent, mbox, levels
        self.text = work.text

    def find(self, start, end):
        if self.text.find("-----", start, end) < 0:
            return []
        seps = list(_PART_SEP.finditer(self.text, start, end))
        if not seps:
            return []
        chunks = self._chunks(seps, end)
        if not chunks or (len(chunks) < 2 and not self._says_digest(start, seps[0].start())):
            return []
        title = self._title(start, seps[0].start())
        return [self._part(k, cstart, cend, title) for k, (cstart, cend) in enumerate(chunks, 1)]

    def _chunks(self, seps, end):
        chunks = []
        for i, sep in enumerate(seps):
            stop = seps[i + 1].start() if i + 1 < len(seps) else end
            pos = _skip_blank(self.text, sep.end(), stop)
            if self.text.startswith("End of ", pos):
                break
            if _header_led(self.text, pos, stop, minimum=2):
                chunks.append([pos, stop])
            elif chunks:
                chunks[-1][1] = stop
        return chunks

    def _says_digest(self, start, stop):
        return bool(_DIGEST_WORD.search(self.text, start, stop)
                    or _DIGEST_WORD.search(self.parent.header("subject")))

    def _title(self, start, stop):
        first = _skip_blank(self.text, start, stop)
        for line in self.text[first:stop].split("\n")[:12]:
            if _DIGEST_WORD.search(line):
                return line.strip()
        return self.parent.header("subject")

    def _part(self, k, start, stop, title):
        headers, body_start = _parse_headers(self.text, start, stop)
        trailer = _TRAILER.search(self.text, body_start, stop)
        span = (body_start, trailer.start() if trailer else stop, self.levels, self.mbox)
        body = _clean_body(self.text, *span)
        parent = self.parent
        number = f"{parent.number}-{k}" if parent.number else ""
        label = f"{parent.label or 'message ' + str(parent.position)}, forwarded message {k}"
        container = {"title": title, "parent": parent.number or parent.label}
        return Message(k, self.work.to_original(start), "forwarded-digest", headers, body,
                       number, label, _kind(headers, body), container, span=span)
