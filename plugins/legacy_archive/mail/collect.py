"""Mail collections to messages, people and threads for the whole archive.

Read phase: `extract_mail` bursts one collection file and keeps a compact
record of each message (no body) in the catalog. Every build, `build_index`
turns all records into dated, attributed, threaded messages with stable ids
taken from the lists' own numbers, never from build order.
"""

import dataclasses
import functools
import re
import tomllib
from datetime import UTC, datetime

from ..model import Finding
from .body import protect_text
from .burst import burst
from .dates import MailDate, parse_mail_date
from .people import Author, group_people, parse_from
from .threads import ThreadInput, body_refs_of, normalise_subject, thread

KEPT_HEADERS = ("date", "from", "subject", "message-id", "in-reply-to", "references")
BODY_HEAD_LINES = 40
EPOCH = datetime(1900, 1, 1, tzinfo=UTC)


# Real headers of the era run to 20-40 lines (Received: chains); more means damage.
MAX_HEADER_LINES = 200


def extract_mail(item, data, text):
    """Burst the collection; a file that cannot be burst keeps its text page."""
    result = burst(text)
    records = []
    for message in result.messages:
        records.append(_record(message, ""))
        for part in message.parts:
            # Parts are known by their forwarder: its number (an mbox message's
            # is its Message-ID), or without one its place, so that their ids
            # differ from those of the collection's own messages.
            record = _record(part, message.number or str(message.position))
            if "date" not in record["headers"] and "date" in records[-1]["headers"]:
                # A forwarded digest's messages often lost their dates; the
                # forwarding message's date bounds them, and the page says so.
                record["headers"]["date"] = records[-1]["headers"]["date"]
                record["date_inherited"] = True
            records.append(record)
    for record in records:
        _read_date_and_author(record)
    item.extra["layout"] = result.layout
    item.extra["messages"] = records
    item.extra["notes"] = result.problems
    item.detail = f"mail collection ({result.layout}), {len(records)} messages"
    _name_collection(item, result)
    if not records:
        item.findings.append(Finding("mail-unburst", "no messages could be found in it "
                                     "(shown as plain text): " + "; ".join(result.problems[:3])))
        return
    notes = result.problems + _long_headers(result.messages)
    if notes:
        more = f"; and {len(notes) - 3} more" if len(notes) > 3 else ""
        item.findings.append(Finding("mail-problem", "; ".join(notes[:3]) + more))


def _long_headers(messages):
    """A sentence per message whose header runs past MAX_HEADER_LINES (a damaged file)."""
    return [f"message {m.position} has {len(m.headers):,} header lines, more than "
            f"{MAX_HEADER_LINES}; all are kept" for m in messages
            if len(m.headers) > MAX_HEADER_LINES]


def _name_collection(item, result):
    """Title and description from the list's own words, never a poster's address."""
    if not result.messages:
        return
    container = result.messages[0].container
    name = container.get("subject") or container.get("title") or ""
    if not name and container.get("list"):
        name = " ".join(str(container[k]) for k in ("list", "volume", "issue", "bundle")
                        if container.get(k))
    if not name and result.layout == "mbox":
        name = f"Mailbox of {len(result.messages)} messages"
    if name and not item.title:
        item.title = protect_text(name)
    subjects = [m.header("subject") for m in result.messages if m.kind == "post"]
    if subjects and not item.description:
        shown = "; ".join(s for s in subjects[:4] if s)
        item.description = protect_text(f"{len(subjects)} posts: {shown}"
                                         + ("…" if len(subjects) > 4 else ""))
        item.description_source = "content"


def _record(message, parent):
    headers = {}
    for name, value in message.headers:
        if name.lower() in KEPT_HEADERS and name.lower() not in headers:
            headers[name.lower()] = value
    # Threading reads only the references in the body's head; keeping those,
    # not the head, saves a few KB a message (hundreds of MB at 100,000).
    head = "\n".join(message.body.splitlines()[:BODY_HEAD_LINES])
    return {"position": message.position, "offset": message.offset, "layout": message.layout,
            "number": message.number, "label": message.label, "kind": message.kind,
            "list": message.container.get("list", ""), "parent": parent,
            "headers": headers, "refs": [list(ref) for ref in body_refs_of(head)],
            "span": list(message.span)}


def _read_date_and_author(record):
    """Parse Date and From once, when the file is read: every build needs them."""
    headers = record["headers"]
    date = parse_mail_date(headers.get("date", ""))
    record["when"] = [date.utc.isoformat() if date.utc else None, date.iso, date.day,
                      date.zone, date.note]
    author = parse_from(headers.get("from", ""))
    record["who"] = [author.name, author.address]


def _date_and_author(record):
    """(MailDate, Author) from what _read_date_and_author kept."""
    utc, iso, day, zone, note = record["when"]
    date = MailDate(datetime.fromisoformat(utc) if utc else None, iso, day, zone, note)
    return date, Author(*record["who"], raw=record["headers"].get("from", ""))


@dataclasses.dataclass(slots=True)   # 100,000 of them: a __dict__ each would be 25 MB
class MailMessage:
    id: str                  # stable page id: "<list>/<number>" or "<file>#<position>"
    source: str              # collection file (archive rel path)
    record: dict
    date: object             # MailDate
    author: object           # Author
    person: str = ""
    thread: str = ""
    parent: str = ""
    certain: bool = True

    @property
    def subject(self):
        return self.record["headers"].get("subject", "") or "(no subject)"

    @property
    def sort_key(self):
        return (self.date.utc or EPOCH, self.record["list"], self.id)


NOT_SLUG = re.compile(r"[^a-z0-9.]+")


@functools.lru_cache(maxsize=65536)  # a list's name and a file's path recur for each message
def slug(text):
    return NOT_SLUG.sub("-", text.lower()).strip("-") or "list"


def message_id(item, record, taken):
    """Stable id from the list's own number, else the file and position."""
    number = record["number"]
    if number and not number.startswith("<"):
        candidate = f"{slug(record['list'] or 'mail')}/{slug(number)}"
        if candidate not in taken:
            return candidate
    # A forwarder's number may be a Message-ID, "<...@...>": slugged, as
    # characters like "<" and "/" are no part of a file name.
    position = f"{slug(record['parent'])}-{record['position']}" if record["parent"] else str(
        record["position"])
    ident = f"{slug(item.safe_rel)}/{position}"
    if ident not in taken:
        return ident
    # A file named like a list ("mail") can meet a list number's id: the later
    # claim is told apart rather than written over the first one's page.
    again = 2
    while f"{ident}~{again}" in taken:
        again += 1
    return f"{ident}~{again}"


def collect(items, added=None):
    """Every message of every collection, with its date and author parsed."""
    ids = claim_ids(items, added or {})
    messages = []
    for item in items:
        for n, record in enumerate(item.extra.get("messages", []) if item.kind == "mail" else []):
            date, author = _date_and_author(record)
            if record.get("date_inherited"):
                date = dataclasses.replace(date, note="the date of the message that forwarded it")
            messages.append(MailMessage(id=ids[(item.rel, n)], source=item.rel, record=record,
                                        date=date, author=author))
    return messages


def claim_ids(items, added):
    """{(collection path, record number): message id}.

    A list number two files hold goes to the file added first (`added`:
    {archive path: when}; unknown counts as newest), then to the first by
    path, so a copy added later never takes the numbers of the file that has
    them, and pages do not move.
    """
    newest = datetime.max.replace(tzinfo=UTC)
    mail = sorted((item for item in items if item.kind == "mail"),
                  key=lambda item: (added.get(item.rel) or newest, item.rel))
    ids, taken = {}, set()
    for item in mail:
        for n, record in enumerate(item.extra.get("messages", [])):
            ids[(item.rel, n)] = ident = message_id(item, record, taken)
            taken.add(ident)
    return ids


def read_overrides(path):
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle), None
    except FileNotFoundError:
        return {}, None
    except (OSError, tomllib.TOMLDecodeError) as error:
        return {}, f"people sidecar unreadable: {error}"


def build_index(items, people_file, added=None):
    """Messages sorted by date, with people and threads resolved.

    `added`: {archive path: when the file was added}, for claim_ids.
    """
    messages = collect(items, added)
    overrides, problem = read_overrides(people_file)
    people, person_of = group_people([m.author for m in messages], overrides)
    for message in messages:
        message.person = person_of.get((message.author.name, message.author.address), "")
    links, thread_of = thread([_thread_input(m) for m in messages])
    by_id = {m.id: m for m in messages}
    for link in links:
        by_id[link.child].parent, by_id[link.child].certain = link.parent, link.certain
    for message in messages:
        message.thread = thread_of.get(message.id, message.id)
        for read_once in ("when", "who", "refs"):  # in message.date, .author, .thread now
            message.record.pop(read_once, None)
    messages.sort(key=lambda m: m.sort_key)
    return MailIndex(messages, people, problem)


def _thread_input(message):
    headers = message.record["headers"]
    references = headers.get("references", "").split()
    return ThreadInput(
        id=message.id, subject=headers.get("subject", ""), date=message.date.utc,
        number=message.record["number"], list_name=message.record["list"],
        message_id=headers.get("message-id", ""),
        in_reply_to=headers.get("in-reply-to", "") or (references[-1] if references else ""),
        body_refs=tuple(tuple(ref) for ref in message.record["refs"]))


class MailIndex:
    """The views every page needs: by id, by thread, by person, by list and year."""

    def __init__(self, messages, people, problem=None):
        self.messages, self.people, self.problem = messages, people, problem
        self.by_id = {m.id: m for m in messages}
        self.threads, self.by_person, self.by_list_year, self.by_source = {}, {}, {}, {}
        for m in messages:
            self.by_source.setdefault(m.source, []).append(m)
            self.threads.setdefault(m.thread, []).append(m)
            self.by_person.setdefault(m.person, []).append(m)
            year = m.date.utc.year if m.date.utc else 0
            self.by_list_year.setdefault((m.record["list"] or "mail", year), []).append(m)

    def thread_tree(self, root):
        """[(message, depth)] of one thread, replies under their parents, by date."""
        members = self.threads.get(root, [])
        children = {}
        for m in members:
            children.setdefault(m.parent if m.parent in self.by_id else "", []).append(m)
        tree, stack = [], [(m, 0) for m in reversed(children.get("", []))]
        while stack:
            message, depth = stack.pop()
            tree.append((message, depth))
            stack += [(c, depth + 1) for c in reversed(children.get(message.id, []))]
        return tree

    def subject_key(self, message):
        return normalise_subject(message.subject) or "(no subject)"
