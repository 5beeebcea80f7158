"""Threads for a mail archive that mostly has no In-Reply-To.

Why not JWZ threading as-is: bundles and digests dropped In-Reply-To and
References, and only one layout kept Message-ID (legacy-formats.md,
section 1). TML posters pointed at list numbers instead ("Re: (2033)",
"RE msg 2030", "In message 2033 ... writes", "[T98#192]", "(Td V96 #288)",
"Re: Traveller-digest V1996 #778", "TML nightly: Msgs 7292-7294"), so those
references come next after a real In-Reply-To, and normalised subjects last.
Readers complain about broken threads, but a wrong link is worse than none,
so every link says how it was made and whether it is certain, and a subject
match only links a reply ("Re:", "Fwd:") to a message within `window_days`.

Choices: a subject-only reply is linked to the first message of its subject
run (the messages with that subject with no gap over `window_days`), as JWZ
makes subject matches siblings, not a chain that deepens with every post;
unknown dates borrow the date of the nearest earlier-numbered message of the
same list, so they order by number; every decision is taken in one canonical
order (date, list, number, id), so the input order never changes the result,
and a link that would close a cycle is dropped for the next candidate.

Precedence: In-Reply-To (and a Message-ID cited as "In message <id>", both
`how="in-reply-to"`, always certain) > references in the subject > references
in the body head (`how="number-ref"`) > subject (`how="subject"`, never
certain). A number reference is certain when its target is earlier or has the
same subject, and not more than `window_days` away; a digest issue reference
is certain only when the issue holds a message with the same subject (else it
goes, uncertain, to the issue's first post). Plain numbers resolve in the
child's own list first, then in the only list that has that number.

Speed: body heads are searched only around "message", "msg" and "#", so a
body reference must read "in/re message N", "in/re msg N", "Msgs a-b" or one of
the "#" digest forms; "In article <id>" (Usenet) is not looked for.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

# Leading things that are not the subject's words: reply and forward markers,
# list tags ("[TML]", and "Traveller:" / "TML:" as majordomo-era posters wrote
# them), and number references.
REPLY_PREFIX = re.compile(
    r"\s*(?:(?:re|aw|sv|antw|fwd?|fw)\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*:"
    r"|(?P<tag>\[[a-z][\w .-]{0,23}\]|(?:tml|traveller)\s*:(?=\s*\S))"
    r"|\(\s*\#?\s*\d{1,5}\s*\)|\d{1,3}:\d{1,2}/\d{2,5}(?!\d)"
    r"|\[\s*t\d{2,4}\s*#\s*\d{1,5}\s*\]|\(\s*td\s*v?\d{2,4}\s*#\s*\d{1,5}\s*\)"
    r"|re\s+(?=msgs?\b))\s*", re.IGNORECASE)
SUBJECT_NOISE = re.compile(
    r"\b(?:re:?\s+)?msgs?\.?\s*#?\s*\d{1,5}(?:\s*-\s*\d{1,5})?\s*[,:;-]?"
    r"|\btml\s+nightly\s*:?|\bv\d{1,4}\s*#\s*\d{1,5}"
    r"|\btraveller[- ]digest\s+v(?:ol(?:ume)?\.?\s*)?\d{2,4}\s*(?:#|no\.?|number)\s*\d{1,5}"
    r"|\(\s*td\s*v?\d{2,4}\s*#\s*\d{1,5}\s*\)|\[\s*t\d{2,4}\s*#\s*\d{1,5}\s*\]"
    r"|\((?:fwd|forw|fw)\)", re.IGNORECASE)
FORWARD_SUFFIX = re.compile(r"\((?:fwd|forw|fw)\)", re.IGNORECASE)
EDGE_PUNCTUATION = " \t:;,.!?-_*"
SPACES = re.compile(r"\s+")

# References. Group names say what they point at; _reference() turns a match into
# ("number", n), ("range", first, last), ("issue", year, issue) or ("message-id", id).
_ISSUE = (r"traveller[- ]digest\s+v(?:ol(?:ume)?\.?\s*)?(?P<year>\d{2,4})\s*(?:#|no\.?|number)"
          r"\s*(?P<issue>\d{1,5})"
          r"|\(\s*td\s*v?(?P<year2>\d{2,4})\s*#\s*(?P<issue2>\d{1,5})\s*\)"
          r"|\[\s*t(?P<year3>\d{2,4})\s*#\s*(?P<issue3>\d{1,5})\s*\]")
_RANGE = r"\bmsgs\.?\s*#?\s*(?P<first>\d{1,5})\s*-\s*(?P<last>\d{1,5})"
SUBJECT_REFS = re.compile(
    _ISSUE + r"|" + _RANGE
    + r"|^(?:\s*(?:re|aw|sv|fwd?)\s*(?:\[\d+\])?\s*:)*\s*\(\s*#?(?P<lead>\d{1,5})\s*\)"
    r"|^(?:\s*(?:re|aw|sv|fwd?)\s*:)*\s*\d{1,3}:\d{1,2}/(?P<nightly>\d{2,5})(?!\d)"
    r"|\b(?:msgs?|message)\.?\s*#?\s*(?P<number>\d{1,5})(?!\s*-\s*\d)\b",
    re.IGNORECASE)
# Bodies are long and references rare: these run only where a key word was found
# ("message", "msg", "#"), anchored there, never over the whole text.
BODY_LEAD_REF = re.compile(
    r"(?:in|re:?)\s+(?:message|msg)\s*"
    r"(?:<(?P<msgid>[^<>\s]{3,200})>|\.?\s*#?\s*(?P<number>\d{1,5})\b)", re.IGNORECASE)
BODY_RANGE_REF = re.compile(_RANGE, re.IGNORECASE)
BODY_ISSUE_REF = re.compile(_ISSUE, re.IGNORECASE)
ISSUE_REACH = 30     # characters from the start of a digest reference to its "#"
BODY_LIMIT = 8000
MAX_RANGE = 100
MAX_SUBJECT = 1000
EARLIEST = datetime.min.replace(tzinfo=UTC)


@dataclass
class ThreadInput:
    """What the threader needs of one message."""

    id: str                  # the caller's stable message id
    subject: str
    date: datetime | None    # aware UTC
    number: str              # list number: "2033" or "1996.778.3"
    list_name: str           # "TML", "Traveller-digest", ...
    message_id: str = ""     # Message-ID header when present
    in_reply_to: str = ""    # In-Reply-To / References last id when present
    body_refs: tuple = ()    # body_refs_of(the body's first ~40 lines)


@dataclass
class Link:
    """child replies to parent; `how` says how we know, `certain` whether we are sure."""

    child: str
    parent: str
    how: str        # "in-reply-to", "number-ref", "subject"
    certain: bool   # False for subject-only matches, far-apart dates, unconfirmed refs


def normalise_subject(subject: str) -> str:
    """The words of a subject without reply prefixes, list tags and number references."""
    return _subject_info(subject if isinstance(subject, str) else "")[0]


@lru_cache(maxsize=1 << 16)
def _subject_info(subject):
    """(normalised subject, marked as a reply?, references); subjects repeat, so cached."""
    subject = subject[:MAX_SUBJECT]
    text, replied = _strip_prefixes(subject)
    replied = replied or bool(FORWARD_SUFFIX.search(text))
    text, again = _strip_prefixes(SUBJECT_NOISE.sub(" ", text))
    text = SPACES.sub(" ", text).strip(EDGE_PUNCTUATION).casefold()
    refs = tuple(_reference(match) for match in SUBJECT_REFS.finditer(subject))
    return text, replied or again, refs


def _strip_prefixes(text):
    """Text without leading Re:/Fwd:/tags/references; whether any marked a reply."""
    replied = False
    while True:
        match = REPLY_PREFIX.match(text)
        if not match or not match.group(0):
            return text, replied
        replied = replied or not match["tag"]
        text = text[match.end():]


def _reference(match):
    groups = match.groupdict()
    if groups.get("msgid"):
        return ("message-id", groups["msgid"])
    number = groups.get("number") or groups.get("lead") or groups.get("nightly")
    if number:
        return ("number", int(number))
    if groups.get("first"):
        return ("range", int(groups["first"]), int(groups["last"]))
    year = groups.get("year") or groups.get("year2") or groups.get("year3")
    issue = groups.get("issue") or groups.get("issue2") or groups.get("issue3")
    return ("issue", _full_year(year), int(issue))


def _full_year(text):
    year = int(text)
    if year < 100:
        year += 2000 if year < 30 else 1900
    return year


def body_refs_of(body):
    """References in a body head, in text order: tuples such as ("number", 2033)."""
    if not isinstance(body, str) or not body:
        return ()
    body = body[:BODY_LIMIT]
    lower = body.lower()
    if len(lower) != len(body):          # lower() moved offsets: compare case-blind instead
        lower = "".join(char if len(char.lower()) != 1 else char.lower() for char in body)
    found = {}
    for word in ("message", "msg"):
        at = lower.find(word)
        while at >= 0:
            # cheap pre-check: "in"/"re"/"re:" (then a space) end in n, e or :
            if lower[at - 2:at - 1] in ("n", "e", ":", " ") or lower.startswith("msgs", at):
                match = _lead_ref(body, lower, at)
                if match:
                    found.setdefault(match.start(), _reference(match))
            at = lower.find(word, at + len(word))
    at = lower.find("#")
    while at >= 0:
        for match in BODY_ISSUE_REF.finditer(body, max(0, at - ISSUE_REACH), at + 12):
            found.setdefault(match.start(), _reference(match))
        at = lower.find("#", at + 1)
    if len(found) < 2:
        return tuple(found.values())
    return tuple(found[start] for start in sorted(found))


def _lead_ref(body, lower, at):
    """The reference whose key word starts at `at`: "In message 2033", "Msgs 7292-7294"."""
    if lower.startswith("msgs", at):
        return BODY_RANGE_REF.match(body, at)
    lead_start = max(0, at - 6)
    lead = lower[lead_start:at].rstrip()
    for word in ("in", "re", "re:"):
        if lead.endswith(word):
            match = BODY_LEAD_REF.match(body, lead_start + len(lead) - len(word))
            if match:
                return match
    return None


def _number_key(number):
    """Sortable, flat form of "2033" or "1996.778.3": (n, text) per dot-separated part,
    with n = -1 for a part that is not a number. Flat tuples compare fast."""
    number = number if isinstance(number, str) else str(number)
    if number.isdecimal():
        return (int(number), "")
    key = ()
    for part in number.split("."):
        key += (int(part), "") if part.isdecimal() else (-1, part)
    return key


class _Archive:
    """The messages in canonical order, with the indexes references resolve against."""

    def __init__(self, messages, window_days):
        self.window = timedelta(days=window_days)
        # (list, number, id, position): sorted without a key function, never past the id
        rows = sorted((message.list_name, _number_key(message.number), message.id, position)
                      for position, message in enumerate(messages))
        when = _effective_dates(rows, messages)
        # canonical order: date, then (list, number, id) - which is the row's place
        keys = sorted((date is None, date or EARLIEST, row) for row, date in enumerate(when))
        order = [key[2] for key in keys]
        self.messages = [messages[rows[row][3]] for row in order]
        self.when = [when[row] for row in order]
        self.number_key = [rows[row][1] for row in order]
        self.info = [_subject_info(message.subject if isinstance(message.subject, str)
                                   else "") for message in self.messages]
        self.subject = [info[0] for info in self.info]
        self.by_message_id, self.by_number, self.by_issue = {}, {}, defaultdict(list)
        self.by_plain_number = defaultdict(list)
        for index, message in enumerate(self.messages):
            self._index(index, message, self.number_key[index])

    def _index(self, index, message, number_key):
        if message.message_id:
            self.by_message_id.setdefault(_bare_id(message.message_id), index)
        if len(number_key) == 2 and number_key[0] >= 0:
            number = number_key[0]
            self.by_number.setdefault((message.list_name, number), index)
            self.by_plain_number[number].append(index)
        elif len(number_key) == 6 and min(number_key[0::2]) >= 0:
            self.by_issue[(number_key[0], number_key[2])].append(index)

    def earlier(self, one, other):
        return one < other

    def far_apart(self, one, other):
        first, second = self.when[one], self.when[other]
        return first is not None and second is not None and abs(first - second) > self.window

    def same_subject(self, one, other):
        return bool(self.subject[one]) and self.subject[one] == self.subject[other]


def _effective_dates(rows, messages):
    """Dates of rows sorted by list and number; an unknown date borrows the nearest
    earlier one of its list by number, else the nearest later one."""
    when = [_aware(messages[row[3]].date) for row in rows]
    for indexes in (range(len(rows)), range(len(rows) - 1, -1, -1)):
        current, last = None, None
        for index in indexes:
            if rows[index][0] != current:
                current, last = rows[index][0], None
            if when[index] is None:
                when[index] = last
            else:
                last = when[index]
    return when


def _aware(date):
    """Dates are aware UTC by contract; a naive one is read as UTC rather than refused."""
    if not isinstance(date, datetime):
        return None
    return date.replace(tzinfo=UTC) if date.tzinfo is None else date


def _bare_id(value):
    """The last <id> of an In-Reply-To/References value, without brackets."""
    value = (value or "").strip()
    if "<" in value:
        value = value[value.rfind("<") + 1:]
        value = value[:value.find(">")] if ">" in value else value
    return value.strip()


def thread(messages: list[ThreadInput], window_days: int = 120):
    """Parent links and thread roots: ([Link], {message id: thread root id}).

    Links come in the canonical order (date, list, number, id) of their child;
    ids must be unique. The same messages in any order give the same result.
    """
    archive = _Archive(messages, window_days)
    size = len(archive.messages)
    root = list(range(size))            # union-find whose roots are thread roots
    run_root = _subject_runs(archive)
    links = []
    for child in range(size):
        for parent, how, certain in _candidates(archive, child, run_root):
            if parent != child and _find(root, parent) != child:
                root[child] = parent
                links.append(Link(archive.messages[child].id, archive.messages[parent].id,
                                  how, certain))
                break
    ids = [message.id for message in archive.messages]
    thread_of = {ids[index]: ids[_find(root, index)] for index in range(size)}
    return links, thread_of


def _find(root, item):
    while root[item] != item:
        root[item] = root[root[item]]
        item = root[item]
    return item


def _subject_runs(archive):
    """For each reply, the first message of its subject run (gaps <= window), else None."""
    by_subject = defaultdict(list)
    for index, subject in enumerate(archive.subject):
        if subject:
            by_subject[subject].append(index)
    run_root = [None] * len(archive.messages)
    for indexes in by_subject.values():
        first = indexes[0]
        for previous, index in zip(indexes, indexes[1:], strict=False):
            if archive.far_apart(previous, index):
                first = index
            elif archive.info[index][1]:
                run_root[index] = first
    return run_root


def _candidates(archive, child, run_root):
    """Possible parents, best first: (parent index, how, certain)."""
    message = archive.messages[child]
    if message.in_reply_to:
        parent = archive.by_message_id.get(_bare_id(message.in_reply_to))
        if parent is not None:
            yield parent, "in-reply-to", True
    for ref in message.body_refs:
        if ref[0] == "message-id" and ref[1] in archive.by_message_id:
            yield archive.by_message_id[ref[1]], "in-reply-to", True
    for ref in archive.info[child][2] + message.body_refs:
        yield from _resolve(archive, child, ref)
    if run_root[child] is not None:
        yield run_root[child], "subject", False


def _resolve(archive, child, ref):
    """Parents a number reference points at, with their certainty."""
    if ref[0] == "number":
        parent = _by_number(archive, child, ref[1])
        if parent is not None:
            confirmed = archive.same_subject(child, parent) or archive.earlier(parent, child)
            yield parent, "number-ref", confirmed and not archive.far_apart(parent, child)
    elif ref[0] == "range":
        first, last = ref[1], min(ref[2], ref[1] + MAX_RANGE)
        members = (_by_number(archive, child, number) for number in range(first, last + 1))
        yield from _pick_member(archive, child, [m for m in members if m is not None])
    elif ref[0] == "issue":
        yield from _pick_member(archive, child, archive.by_issue.get(ref[1:], []))


def _by_number(archive, child, number):
    """A plain list number in the child's own list, else in the only list that has it."""
    parent = archive.by_number.get((archive.messages[child].list_name, number))
    if parent is None:
        anywhere = archive.by_plain_number.get(number, [])
        parent = anywhere[0] if len(anywhere) == 1 else None
    return parent


def _pick_member(archive, child, members):
    """From an issue or range: the earliest with the child's subject, else the first post."""
    members = sorted(members)
    for member in members:
        if archive.same_subject(child, member):
            yield member, "number-ref", not archive.far_apart(member, child)
            return
    if members:
        first = min(members, key=lambda member: archive.number_key[member])
        yield first, "number-ref", False
