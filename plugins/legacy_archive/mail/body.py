"""A message body of the Traveller Mailing List (1987-2002) as an HTML fragment.

Why: message pages must show old plain-text mail the way its readers saw it --
monospace, quoting visible, ASCII art and tables intact -- while being a valid
HTML5 fragment (it sits inside `<main>`), keeping 1990s posters' addresses away
from harvesters (design.md: protected by default) and never crashing on the odd
bytes fifteen years of mail contain.  It is called once per message on cold
builds of 100,000+ messages, so it works on whole runs of lines with compiled
regexes, and looks for links and addresses only in the words around an "@",
"://", "www." or "news:" (found with str.find), never position by position.

What `render_body` writes, all inside `<div class="mail-body">`:

* Lines are grouped into runs of the same quote depth.  Depth is the number of
  leading `>` markers (`>`, `>>`, `> > `, with up to two spaces before the
  first, as in ` > `); the old `| ` and `: ` quoting styles and `Name> `
  prefixes are left as plain text, because they also start ordinary lines.
  Markers stay in the text (faithful; readers expect them).  Depth 0 is
  `<pre class="q0">`; depth n is `<pre>` inside nested
  `<blockquote class="quote qN">` elements, at most MAX_DEPTH deep (deeper
  lines join the deepest level, markers still shown).
* Blank lines between runs of different depth are not kept: the block
  boundary stands for them.  Blank lines inside a run are kept.
* A quoted block -- consecutive quoted runs of any depth between two depth-0
  runs -- longer than `fold_lines` lines is folded, without script, as
  `<details class="quote-fold"><summary>N quoted lines</summary>` around its
  outermost blockquote.  The whole quoted-back message folds at once; its
  nested parts never fold again.
* A signature -- from the last line that is exactly "-- " or "--" to the end,
  when at most SIGNATURE_LINES lines follow it -- is
  `<div class="signature"><pre>`, delimiter included.
* http, https, ftp, gopher and telnet URLs, news: URLs and bare `www.` hosts
  become `<a href rel="nofollow">`; no other scheme is ever linked
  (javascript:, mailto:, file: stay text).  Trailing `.,;:!?'*` and unbalanced
  `)` `]` are not part of a URL, and `<>"` and white space end it, so
  `<http://x>` and `<URL:http://x>` work.  The href is percent-encoded where
  the Nu checker requires; a URL whose port is over 65535 stays text.
* E-mail addresses outside URLs are replaced by `protect_address(...)` when
  `protect` is true -- in text, quotes, quoted headers and Message-IDs alike --
  and left as text otherwise.  Never a mailto: link.  An address is an ASCII
  mailbox (RFC 5322 atext and dots, so `%` relays and `!` paths before an `@`
  count) at a domain or `[n.n.n.n]`; UUCP bang paths without an `@`
  (`uunet!host!user`) are not addresses any mailer accepts today and are left
  alone, as are non-ASCII mailboxes, which 1987-2002 mail cannot hold.
* CR LF and lone CR end lines.  Characters HTML forbids become visible: C0
  controls other than tab and LF as their Unicode control pictures (U+2400 +
  code, so form feed shows as U+240C), DEL, C1 controls, noncharacters and lone
  surrogates as U+FFFD.  Everything else is escaped as markupsafe escapes it.

The address form chosen: the local part is cut to its first half (at most 8
characters) followed by an ellipsis, the domain is kept, joined by " at ":
"jqpublic@vax2.umr.example.edu" -> "jqpu… at vax2.umr.example.edu".  People
and sites stay recognisable (the domain tells a historian where a poster was),
but at least half of every mailbox is gone, so no rewriting of " at " to "@"
gives back a working address.  The output never holds "@" or "mailto:".
"""

import re

from markupsafe import Markup

from ..escaping import escape

MAX_DEPTH = 8
SIGNATURE_LINES = 10
KEPT_LOCAL = 8  # at most this many characters of a mailbox survive protection

# --- patterns -------------------------------------------------------------

# From U+1FFFE on, _visible keeps what is not a noncharacter.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U0001fffe-\U0010ffff]")
# The same characters found in UTF-8, where bytes are searched five to ten
# times faster than a str: those in ASCII (C0 but tab and LF; DEL) as bytes to
# delete; the others by the lead bytes they can start with (C1, surrogates,
# noncharacters), each then searched for with what must follow it; any
# four-byte sequence (beyond the BMP) is left to the full search.
C0_CODES = (*range(0x09), *range(0x0B, 0x20), 0x7F)   # C0 but tab and LF; DEL
C0_CONTROLS = re.compile("[" + "".join(map(chr, C0_CODES)) + "]")
_C0_BYTES = bytes(C0_CODES)
_AFTER_LEAD = {0xC2: re.compile(rb"\xc2[\x80-\x9f]"), 0xED: re.compile(rb"\xed[\xa0-\xbf]"),
               0xEF: re.compile(rb"\xef(?:\xb7[\x90-\xaf]|\xbf[\xbe\xbf])")}
_NOT_LEADS = bytes(set(range(256)) - {*_AFTER_LEAD, *range(0xF0, 0xF5)})
_QUOTE = re.compile(r" {0,2}>(?:[ \t]*>)*")
_SIGNATURE_DELIMITERS = ("-- ", "--")

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]"  # RFC 5322 atext and dots
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST = r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*"
_URL_REST = r"(?::\d{1,5})?(?:[/?#][^\s<>\"]*)?"
_TOKEN = re.compile(
    # scheme URLs first: their user part or path may hold an address
    r"(?P<url>(?<![A-Za-z0-9+.-])(?:(?ai:https?|ftp|gopher|telnet)://(?:[^\s@/<>\"?#]+@)?"
    + _HOST + _URL_REST + r"|(?ai:news):[A-Za-z0-9*][^\s<>\"]*))"
    # an address starts where a run of mailbox characters starts (linear scanning)
    + rf"|(?P<mail>(?<!{_LOCAL}){_LOCAL}+@(?:{_LABEL}(?:\.{_LABEL})*|\[[0-9.]+\]))"
    + r"|(?P<www>(?<![A-Za-z0-9@./_-])(?ai:www)\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+"
    + _URL_REST + ")")
_WORD_ANCHOR = re.compile(r"www\.|news:", re.ASCII | re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n]")
_URL_PUNCTUATION = ".,;:!?'*"
_CLOSERS = {")": "(", "]": "["}
_PORT = re.compile(r"[A-Za-z]+://(?:[^/?#@]*@)?[^/?#:]*:(\d+)")
_HREF_UNSAFE = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9!$&'()*+,\-./:;=?@_~%#]")
_LEADING_PUNCTUATION = re.compile(r"[^A-Za-z0-9@]+")
_MAILTO = re.compile("mailto:", re.IGNORECASE)


# --- addresses --------------------------------------------------------------

def protect_address(address: str) -> str:
    """`address` shown to people, useless to harvesters: "jqpu… at vax2.umr.example.edu".

    The mailbox keeps its first half (at most KEPT_LOCAL characters), the domain
    stays whole.  A string without "@" is treated as a bare mailbox.  The result
    never holds "@" or "mailto:", whatever the input.
    """
    local, at, domain = address.rpartition("@")
    if not at:
        local, domain = address, ""
    kept = local[:min(len(local) // 2, KEPT_LOCAL)].replace("@", "")
    shown = f"{kept}… at {domain}" if at else f"{kept}…"
    return _MAILTO.sub("mailto\u2060:", shown)


def protect_text(text: str) -> str:
    """Plain text with every e-mail address shortened (URLs left alone).

    No token spans a line end, so only the lines holding an "@" are scanned,
    found with str.find: the same result, several times faster on a digest's
    full text (a thousand lines, a few dozen with an "@").
    """
    out, done, at = [], 0, text.find("@")
    while at >= 0:
        start = text.rfind("\n", done, at) + 1 if at > done else done
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        out += (text[done:start], _TOKEN.sub(_protect_token, text[start:end]))
        done, at = end, text.find("@", end)
    return "".join(out) + text[done:] if out else text


def _protect_token(match):
    if match.lastgroup != "mail":
        return match.group()
    found = match.group()
    lead = _LEADING_PUNCTUATION.match(found)
    if lead and found[lead.end()] != "@":
        return lead.group() + protect_address(found[lead.end():])
    return protect_address(found)


def _address_html(text, protect):
    """Escaped HTML for an address found in the text."""
    if not protect:
        return str(escape(text))
    lead = _LEADING_PUNCTUATION.match(text)
    if lead and text[lead.end()] != "@":
        return str(escape(lead.group() + protect_address(text[lead.end():])))
    return str(escape(protect_address(text)))


# --- links --------------------------------------------------------------------

def _split_trailing(url):
    """(url, punctuation after it): sentence punctuation and unbalanced closers go."""
    opened = {closer: url.count(opener) for closer, opener in _CLOSERS.items()}
    closed = {closer: url.count(closer) for closer in _CLOSERS}
    end = len(url)
    while end:
        char = url[end - 1]
        if char in _URL_PUNCTUATION:
            end -= 1
        elif char in _CLOSERS and closed[char] > opened[char]:
            closed[char] -= 1
            end -= 1
        else:
            break
    return url[:end], url[end:]


def _percent_encode(match):
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def _href(url, bare_host):
    """The href for a found URL, or None when no valid one can be made."""
    if bare_host:
        url = "http://" + url
    port = _PORT.match(url)
    if port and int(port.group(1)) > 65535:
        return None
    base, hash_mark, fragment = _HREF_UNSAFE.sub(_percent_encode, url).partition("#")
    return base + hash_mark + fragment.replace("#", "%23")


def _link_html(text, bare_host):
    """A link for URL `text`, with trailing punctuation left outside it."""
    url, tail = _split_trailing(text)
    href = _href(url, bare_host)
    if href is None:
        return str(escape(text))
    return f'<a href="{escape(href)}" rel="nofollow">{escape(url)}</a>{escape(tail)}'


def _anchors(text):
    """Sorted positions of what every URL or address holds: "@", "://", "www.", "news:"."""
    found = []
    for literal in ("@", "://"):
        position = text.find(literal)
        while position >= 0:
            found.append(position)
            position = text.find(literal, position + 1)
    lowered = text.lower()
    if "www." in lowered or "news:" in lowered:
        found.extend(match.start() for match in _WORD_ANCHOR.finditer(text))
    return sorted(found)


def _windows(text):
    """[(start, end)]: the stretches between spaces or line ends that hold an anchor.

    URLs and addresses never hold white space, so scanning only these stretches
    finds the same tokens as scanning the whole text, many times faster.
    """
    windows = []
    end = 0
    for anchor in _anchors(text):
        if anchor < end:
            continue
        start = max(text.rfind(" ", end, anchor), text.rfind("\n", end, anchor), end - 1) + 1
        space = _SPACE.search(text, anchor)
        end = space.start() if space else len(text)
        windows.append((start, end))
    return windows


def _inline(text, protect):
    """Escaped HTML for `text`: URLs linked, addresses protected if asked."""
    out = []
    position = 0
    for start, end in _windows(text):
        for match in _TOKEN.finditer(text, start, end):
            out.append(escape(text[position:match.start()]))
            if match.lastgroup == "mail":
                out.append(_address_html(match.group(), protect))
            else:
                out.append(_link_html(match.group(), match.lastgroup == "www"))
            position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


# --- lines and blocks -------------------------------------------------------

def _visible(match):
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\ufffd" if code < 0x10000 or code & 0xFFFE == 0xFFFE else char


def _clean(text):
    """LF line ends; characters HTML forbids made visible."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(forbidden_found(text)):
        text = _FORBIDDEN.sub(_visible, text)
    return text


def forbidden_found(text):
    """(whether `text` holds a C0 control HTML forbids, whether it may hold
    another such character or one beyond the BMP): False means none, so
    that most texts skip the full searches."""
    data = text.encode("utf-8", "surrogatepass")
    controls = len(data.translate(None, _C0_BYTES)) != len(data)
    if len(data) == len(text):   # ASCII
        return controls, False
    return controls, any(lead not in _AFTER_LEAD or _AFTER_LEAD[lead].search(data)
                         for lead in set(data.translate(None, _NOT_LEADS)))


def _is_blank(line):
    return not line.strip(" \t")


def _depth(line):
    """Number of leading quote markers, at most MAX_DEPTH (_runs calls it only
    for a line with ">" in its first three characters)."""
    marks = _QUOTE.match(line)
    return min(marks.group().count(">"), MAX_DEPTH) if marks else 0


def _split_signature(lines):
    """(message lines, signature lines); the signature starts at its delimiter."""
    last = len(lines) - 1
    for index in range(last - 1, max(last - SIGNATURE_LINES - 1, -1), -1):
        if lines[index] in _SIGNATURE_DELIMITERS:
            return lines[:index], lines[index:]
    return lines, []


def _runs(lines):
    """[(depth, lines)] for runs of one depth; blank lines between runs dropped."""
    runs = []
    blanks = []
    for line in lines:   # _is_blank written out, _depth called for quotes only (a sixth faster)
        if not line.strip(" \t"):
            blanks.append(line)
            continue
        depth = _depth(line) if ">" in line[:3] else 0
        if runs and runs[-1][0] == depth:
            runs[-1][1].extend(blanks)
            runs[-1][1].append(line)
        else:
            runs.append((depth, [line]))
        blanks = []
    return runs


def _blocks(runs):
    """Depth-0 runs alone, consecutive quoted runs together: [(quoted, runs)]."""
    blocks = []
    for run in runs:
        quoted = run[0] > 0
        if quoted and blocks and blocks[-1][0]:
            blocks[-1][1].append(run)
        else:
            blocks.append((quoted, [run]))
    return blocks


def _pre(lines, protect, attributes=""):
    """One `<pre>` for `lines` (never starting with a newline, which HTML would drop)."""
    text = _inline("\n".join(lines), protect)
    return f"<pre{attributes}>{text}</pre>"


def _quote_html(runs, protect, fold_lines):
    """Nested blockquotes for one quoted block, folded when long."""
    out = []
    level = 0
    for depth, lines in runs:
        out.extend(["</blockquote>"] * (level - depth))
        out.extend(f'<blockquote class="quote q{n}">' for n in range(level + 1, depth + 1))
        level = depth
        out.append(_pre(lines, protect))
    out.extend(["</blockquote>"] * level)
    count = sum(len(lines) for _, lines in runs)
    if count <= fold_lines:
        return "\n".join(out)
    noun = "line" if count == 1 else "lines"
    return "\n".join([f'<details class="quote-fold"><summary>{count} quoted {noun}</summary>',
                      *out, "</details>"])


def render_body(body: str, protect: bool = True, fold_lines: int = 12) -> Markup:
    """The plain-text mail `body` as a `<div class="mail-body">` fragment (see the module)."""
    lines = _clean(body or "").split("\n")
    while lines and _is_blank(lines[-1]):
        lines.pop()
    message, signature = _split_signature(lines)
    out = ['<div class="mail-body">']
    for quoted, runs in _blocks(_runs(message)):
        if quoted:
            out.append(_quote_html(runs, protect, fold_lines))
        else:
            out.append(_pre(runs[0][1], protect, ' class="q0"'))
    if signature:
        out.append(f'<div class="signature">{_pre(signature, protect)}</div>')
    out.append("</div>")
    return Markup("\n".join(out))
