"""Deterministic synthetic Traveller fan archive for the archive benchmarks.

Why: the real archive cannot be shipped with the benchmarks and is one fixed
size. This generator writes a tree *shaped* like it (see
../shared/reference/legacy-formats.md): per-year `TMLyyyy/` mail folders
holding collection files in the five historical TML layouts, with threads,
quoting, list-number references, messy dates and From shapes, plus the FTP/BBS
file areas around them (legacy encodings, index files, sector data, 1990s
HTML, ZIPs, images, DOS programs). Any size can be asked for, and one seed
always gives the same bytes, so timings compare across runs and machines.

    python -m bench.gen_archive OUT_DIR --seed 1 --files 20000 --messages 10000 \
        [--mbox OUT.mbox] [--digest-size 20] [--add-digest]

Determinism rules kept throughout: every random choice comes from a
`random.Random` seeded with a string (sha512-based, no `hash()`), lists are
built and walked in a fixed order (never a set), no clock is read, ZIP
timestamps come from the seed.
"""

import argparse
import calendar
import email.utils
import json
import math
import os
import posixpath
import random
import re
import struct
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bench import corpus_words as W

# ---------------------------------------------------------------- eras ---

END_OF_DAY = timedelta(hours=23, minutes=59, seconds=59)
# layout, first day, last day, share of all messages (the list grew over time)
ERAS = (
    ("a", datetime(1987, 7, 1), datetime(1990, 9, 30) + END_OF_DAY, 0.08),
    ("b", datetime(1990, 10, 1), datetime(1991, 12, 31) + END_OF_DAY, 0.07),
    ("c", datetime(1992, 1, 1), datetime(1994, 8, 31) + END_OF_DAY, 0.22),
    ("d", datetime(1994, 9, 1), datetime(1996, 6, 30) + END_OF_DAY, 0.25),
    ("e", datetime(1996, 7, 1), datetime(1999, 12, 31) + END_OF_DAY, 0.38),
)
ERA_END = {layout: end for layout, _, end, _ in ERAS}
LAYOUTS = tuple(era[0] for era in ERAS)
FIRST_YEAR = 1987
SLOTS = 26  # half-year activity slots for posters, 1987H1 .. 1999H2

# list address, admin From line, admin envelope
LIST_INFO = {
    "a": ("traveller@dadla.wr.tek.com",
          "traveller-request@dadla.wr.tek.com (TML Administrator)",
          "traveller-request@dadla.wr.tek.com"),
    "b": ("traveller@metolius.wr.tek.com",
          "traveller-request@metolius.wr.tek.com (TML Administrator)",
          "traveller-request@metolius.wr.tek.com"),
    "c": ("traveller@engrg.uwo.ca", "traveller-request@engrg.uwo.ca (TML Admin)",
          "traveller-request@engrg.uwo.ca"),
    "d": ("traveller@MPGN.COM", "traveller-request@MPGN.COM", "traveller-request@MPGN.COM"),
    "e": ("traveller@MPGN.COM", "owner-traveller@MPGN.COM", "owner-traveller@MPGN.COM"),
}

NEW_THREAD_SHARE = 0.2
NONPOST_SHARE = 0.015
NONPOST_KINDS = ("lost", "bounce", "bounce", "admin")

TRAILER_A = (
    "All opinions and material above is the responsibility of the originator.\n"
    "Submissions: traveller@dadla.wr.tek.com, or uunet!dadla.wr.tek.com!traveller\n"
    "Administrator: traveller-request@dadla.wr.tek.com (TML Administrator)\n"
    "The TML is made possible by facilities provided by Tektronix, Inc.\n"
)

FROM_LINE_RE = re.compile(r"(?m)^From ")
DASH_LINE_RE = re.compile(r"(?m)^-")

# --------------------------------------------------------------- dates ---

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FULL_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FULL_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ZONES = (("EST", -5, "EDT"), ("CST", -6, "CDT"), ("MST", -7, "MDT"), ("PST", -8, "PDT"),
         ("GMT", 0, "BST"), ("MET", 1, "MET DST"), ("EST", 10, "EST"))
ZONE_WEIGHTS = (30, 18, 10, 25, 7, 7, 3)

DATE_FORMATS = {
    "day_paren": "{day:02d} {mon} {yy:02d} {hms} {abbr} ({d})",
    "rfc822": "{d}, {day} {mon} {yy:02d} {hms} {abbr}",
    "nozone": "{d}, {day} {mon} {yy:02d} {hms}",
    "ctime": "{d} {mon} {day:2d} {hms} {abbr} {yyyy}",
    "numeric": "{d}, {day} {mon} {yy:02d} {hms} {num}",
    "rfc4": "{d}, {day} {mon} {yyyy} {hms} {abbr}",
    "numeric4": "{d}, {day} {mon} {yyyy} {hms} {num}",
    "badzone": "{day} {mon} {yy:02d} {hms} {abbr2}",
    "numeric_comment": "{d}, {day} {mon} {yyyy} {hms} {num} ({abbr})",
    "vms": "{day}-{MON}-{yyyy} {hms}.{cs:02d}",
}
# per layout: (style, weight); each poster keeps one style per era (one mailer)
DATE_STYLES = {
    "a": (("day_paren", 40), ("rfc822", 35), ("nozone", 10), ("ctime", 8), ("numeric", 7)),
    "b": (("rfc822", 38), ("numeric", 30), ("ctime", 14), ("nozone", 8), ("day_paren", 5),
          ("vms", 5)),
    "c": (("numeric", 40), ("rfc822", 25), ("rfc4", 15), ("ctime", 6), ("nozone", 5),
          ("numeric_comment", 5), ("vms", 4)),
    "d": (("rfc4", 33), ("numeric4", 25), ("numeric_comment", 20), ("rfc822", 10),
          ("badzone", 4), ("vms", 4), ("ctime", 4)),
    "e": (("rfc4", 33), ("numeric4", 32), ("numeric_comment", 24), ("badzone", 3),
          ("vms", 3), ("nozone", 2), ("ctime", 3)),
}


def local_parts(utc, zone, sticky_std=False):
    """Wall-clock time in a zone (crude US-style DST) and its labels."""
    std, offset, dst = zone
    summer = dst != std and 4 <= utc.month <= 10
    hours = offset + (1 if summer else 0)
    abbr = std if (sticky_std or not summer) else dst
    return utc + timedelta(hours=hours), abbr, hours


def render_date(style, utc, zone, sticky_std=False):
    """A Date: value in one of the shapes seen in the real archive."""
    lt, abbr, hours = local_parts(utc, zone, sticky_std)
    sign = "+" if hours >= 0 else "-"
    return DATE_FORMATS[style].format(
        d=DAYS[lt.weekday()], day=lt.day, mon=MONTHS[lt.month - 1],
        MON=MONTHS[lt.month - 1].upper(), yy=lt.year % 100, yyyy=lt.year,
        hms=f"{lt.hour:02d}:{lt.minute:02d}:{lt.second:02d}", abbr=abbr,
        abbr2=abbr[:2], num=f"{sign}{abs(hours):02d}00", cs=(utc.second * 7) % 100)


def asctime(when):
    """ctime()-style date for mbox From_ lines, independent of the locale."""
    return (f"{DAYS[when.weekday()]} {MONTHS[when.month - 1]} {when.day:2d} "
            f"{when.hour:02d}:{when.minute:02d}:{when.second:02d} {when.year}")


def short_date(when, four_digit=False):
    """Contents-table dates: 30-Dec-90 or 14-Apr-1994."""
    year = f"{when.year}" if four_digit else f"{when.year % 100:02d}"
    return f"{when.day:02d}-{MONTHS[when.month - 1]}-{year}"


def slot_of(when):
    return max(0, min(SLOTS - 1, (when.year - FIRST_YEAR) * 2 + (when.month > 6)))


def stream(seed, name):
    """An independent random stream; str seeds hash with sha512, never hash()."""
    return random.Random(f"bench-archive:{seed}:{name}")


# -------------------------------------------------------------- people ---

SHAPES = ("paren", "angle", "quoted_paren", "bare", "percent", "bang", "mixed", "fido",
          "vms", "lotus", "bitnet", "compuserve")
SHAPE_WEIGHTS = (54, 18, 3, 1, 4, 4, 2, 2, 1, 2, 4, 4)


@dataclass(slots=True)
class Identity:
    shape: str
    from_line: str
    sender: str  # what a bundle contents table shows
    envelope: str  # for mbox From_ lines
    host: str
    name: str


@dataclass(slots=True)
class Person:
    identities: list
    zone: tuple
    sticky_std: bool
    styles: dict
    first_slot: int
    last_slot: int
    signature: str
    weight: float


def _spelling(rng, first, last, canonical):
    if canonical:
        return f"{first} {last}"
    options = (f"{first} {last}", f"{W.NICKNAMES.get(first, first)} {last}",
               f"{first[0]}. {last}", f"{first} {last}".upper(),
               f"{W.ascii_fold(first)} {W.ascii_fold(last)}")
    return rng.choices(options, (40, 20, 15, 10, 15))[0]


def make_identity(rng, first, last, shape, canonical=False):
    """One address/spelling of a person in the given From shape."""
    name = _spelling(rng, first, last, canonical)
    fa, la = W.ascii_fold(first) or "x", W.ascii_fold(last) or "x"
    user = rng.choice((la.lower(), fa.lower(), fa[0].lower() + la.lower(),
                       f"{fa}.{la}".lower(), la.lower()[:6] + fa[0].lower(),
                       f"{fa.lower()}{rng.randint(1, 99)}"))
    host = rng.choice(W.UNI_HOSTS + W.COM_HOSTS)
    uucp = rng.choice(W.UUCP_HOSTS)
    addr = f"{user}@{host}"
    corp = rng.choice(("Lotus", "Meridian", "Tessera"))
    cis = f"{rng.randint(70000, 105999)}.{rng.randint(10, 3999)}@compuserve.com"
    bit = f"{user.upper()[:8]}@{rng.choice(W.BITNET_HOSTS)}.BITNET"
    fido = (f"{uucp}!1!{rng.randint(100, 399)}!{rng.randint(1, 250)}!{fa}.{la}"
            f"@{rng.choice(W.COM_HOSTS).upper()}")
    mixed = f"{uucp}!m{rng.randint(1, 9999):04d}@uunet.UU.NET"
    lotus = f"{fa}_{la}@{corp.lower()}.com"
    forms = {
        "paren": (f"{addr} ({name})", addr, addr, host),
        "angle": (f"{name} <{addr}>", f'"{name}"', addr, host),
        "quoted_paren": (f'("{name}") {addr}', addr, addr, host),
        "bare": (user, user, user, "dadla.wr.tek.com"),
        "percent": (f"{user}%{host}@RELAY.CS.NET", f"{user}%{host}",
                    f"{user}%{host}@RELAY.CS.NET", "RELAY.CS.NET"),
        "bang": (f"uunet!{uucp}!{user}", f"uunet!{uucp}!{user}", f"uunet!{uucp}!{user}",
                 "uunet.uu.net"),
        "mixed": (mixed, mixed, mixed, "uunet.UU.NET"),
        "fido": (fido, fido, fido, fido.rsplit("@", 1)[1]),
        "vms": (f'IN%"{addr}"', f'IN%"{addr}"', addr, host),
        "lotus": (f"{name}/{rng.choice(('DUB', 'CAM', 'US'))}/{corp} <{lotus}>",
                  f'"{name}"', lotus, f"{corp.lower()}.com"),
        "bitnet": (bit, bit, bit, bit.split("@")[1]),
        "compuserve": (rng.choice((cis, f"{name} <{cis}>")), cis, cis, "compuserve.com"),
    }
    return Identity(shape, *forms[shape], name)


EARLY_SHAPES = ("bare", "percent", "bang", "mixed", "fido", "bitnet")  # gone by ~1993
EARLY_SLOTS = 12


def identity_shapes(rng, index, start, last, count):
    """Shapes for a poster's identities; UUCP/BITNET-era shapes only early on."""
    shapes = []
    for i in range(count):
        shape = rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
        if i == 0 and index < len(SHAPES):
            shape = SHAPES[index]  # every shape shows up, even in small archives
        slot = start + (last - start) * i // count
        while shape in EARLY_SHAPES and slot >= EARLY_SLOTS:
            shape = rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
        shapes.append(shape)
    return shapes


def make_person(rng, index):
    """A poster: 1-3 identities over the years, a zone, a mailer per era."""
    first, last = rng.choice(W.FIRST_NAMES), rng.choice(W.LAST_NAMES)
    count = rng.choices((1, 2, 3), (50, 35, 15))[0]
    early = index < len(SHAPES) and SHAPES[index] in EARLY_SHAPES
    start = rng.randrange(EARLY_SLOTS if early else SLOTS)
    end = min(SLOTS - 1, start + rng.randint(1, SLOTS))
    identities = [make_identity(rng, first, last, shape, canonical=i == 0)
                  for i, shape in enumerate(identity_shapes(rng, index, start, end, count))]
    styles = {lay: rng.choices(*zip(*DATE_STYLES[lay], strict=True))[0] for lay in LAYOUTS}
    signature = ""
    if rng.random() < 0.3:
        signature = (f"\n\n--\n{identities[-1].name}   {identities[-1].envelope}\n"
                     f"\"{rng.choice(W.TRAV_SUBJECTS)} is not a bug, it's a feature.\"")
    weight = rng.paretovariate(1.3)  # a few very heavy posters, many occasional ones
    if index < len(SHAPES):
        weight = min(weight, 1.2)  # keep the forced rare shapes rare
    return Person(identities, rng.choices(ZONES, ZONE_WEIGHTS)[0], rng.random() < 0.15,
                  styles, start, end, signature, weight)


def make_people(rng, messages):
    """A few hundred posters, at least three active in every half-year."""
    people = [make_person(rng, i) for i in range(max(12, min(350, messages // 30)))]
    for slot in range(SLOTS):
        while sum(p.first_slot <= slot <= p.last_slot for p in people) < 3:
            person = rng.choice(people)
            person.first_slot = min(person.first_slot, slot)
            person.last_slot = max(person.last_slot, slot)
    return people


def slot_tables(people):
    """Per half-year slot: active poster indexes and cumulative weights."""
    tables = []
    for slot in range(SLOTS):
        active = [i for i, p in enumerate(people) if p.first_slot <= slot <= p.last_slot]
        total, cum = 0.0, []
        for i in active:
            total += people[i].weight
            cum.append(total)
        tables.append((active, cum))
    return tables


def identity_at(person, slot):
    """Later identities replace earlier ones as the years go by."""
    span = person.last_slot - person.first_slot + 1
    k = (slot - person.first_slot) * len(person.identities) // span
    return person.identities[max(0, min(len(person.identities) - 1, k))]


# ------------------------------------------------------------ messages ---


@dataclass(slots=True)
class Msg:
    idx: int
    when: datetime  # UTC
    layout: str
    kind: str = "post"
    person: int = -1
    parent: int = -1
    root: int = -1
    coll: int = -1
    pos: int = 0
    amn: int = 0
    subject: str | None = ""
    base: str = ""
    from_line: str = ""
    sender: str = ""
    name: str = ""
    envelope: str = ""
    host: str = ""
    date_str: str = ""
    msgid: str = ""
    body: str = ""
    quote: tuple = ()


@dataclass(slots=True)
class Collection:
    layout: str
    first: int
    last: int  # exclusive
    number: int
    volume: int
    when: datetime
    folder: str
    name: str


def era_counts(messages):
    """Messages per layout; every layout gets some once there are five."""
    counts = [int(messages * share) for *_, share in ERAS]
    counts[-1] += messages - sum(counts)
    for i in range(len(counts)):
        if counts[i] == 0 and messages >= len(ERAS):
            counts[counts.index(max(counts))] -= 1
            counts[i] = 1
    return counts


def plan_messages(rng, messages):
    """Chronological messages with unique timestamps inside their era."""
    msgs = []
    for (layout, start, end, _), n in zip(ERAS, era_counts(messages), strict=True):
        span = int((end - start).total_seconds())
        prev = -1
        for off in sorted(rng.randrange(span) for _ in range(n)):
            prev = max(off, prev + 1)
            msgs.append(Msg(len(msgs), start + timedelta(seconds=prev), layout))
    return msgs


def layout_runs(msgs):
    """(layout, start, stop) for each run of consecutive same-layout messages."""
    runs, start = [], 0
    for i in range(1, len(msgs) + 1):
        if i == len(msgs) or msgs[i].layout != msgs[start].layout:
            runs.append((msgs[start].layout, start, i))
            start = i
    return runs


def collection_name(layout, number, volume, first_amn, last_amn):
    names = {
        "a": f"BN{first_amn % 1000:03d}{last_amn % 1000:03d}.TXT",
        "b": f"tml-bundle-{number:04d}.mbox",
        "c": f"tml-bundle-{number:04d}.txt",
        "d": f"traveller-digest-{number:04d}.txt",
        "e": f"traveller-digest-V{volume}-{number:04d}.txt",
    }
    return names[layout]


def plan_collections(rng, msgs, digest_size):
    """Group messages into collection files; number them as the lists did."""
    colls, used = [], set()
    amn, bundle, digest, volumes = 0, 0, 0, {}
    for layout, start, stop in layout_runs(msgs):
        for first in range(start, stop, digest_size):
            last = min(first + digest_size, stop)
            for i in range(first, last):
                if layout in "abc":
                    amn += 1
                    msgs[i].amn = amn
            when = min(msgs[last - 1].when + timedelta(minutes=rng.randint(30, 1800)),
                       ERA_END[layout])
            bundle += layout in "abc"
            digest += layout == "d"
            volumes[when.year] = volumes.get(when.year, 0) + (layout == "e")
            number = {"d": digest, "e": volumes[when.year]}.get(layout, bundle)
            folder = f"TML{when.year}"
            name = collection_name(layout, number, when.year, msgs[first].amn,
                                   msgs[last - 1].amn)
            if (folder, name) in used:
                name = f"B{msgs[first].amn:07d}.TXT"
            used.add((folder, name))
            colls.append(Collection(layout, first, last, number, when.year, when, folder, name))
            for pos, i in enumerate(range(first, last)):
                msgs[i].coll, msgs[i].pos = len(colls) - 1, pos
    return colls


def assign_threads(rng, msgs):
    """Mark non-posts, thread roots and replies (parents always earlier)."""
    active, members = [], {}
    for m in msgs:
        if m.idx and rng.random() < NONPOST_SHARE:
            m.kind = rng.choice(NONPOST_KINDS)
            continue
        if not active or rng.random() < NEW_THREAD_SHARE:
            m.root = m.idx
            members[m.idx] = [m.idx]
            active.append(m.idx)
        else:
            root = active.pop(max(0, len(active) - 1 - int(rng.expovariate(0.12))))
            active.append(root)
            thread = members[root]
            m.parent = thread[-1] if rng.random() < 0.55 else rng.choice(thread)
            m.root = root
            thread.append(m.idx)
        if len(active) > 300:
            active.pop(0)


def assign_authors(rng, msgs, people):
    """Posters active in the message's half-year; replies rarely self-reply."""
    tables = slot_tables(people)
    for m in msgs:
        if m.kind != "post":
            continue
        active, cum = tables[slot_of(m.when)]
        m.person = rng.choices(active, cum_weights=cum)[0]
        if m.parent >= 0 and m.person == msgs[m.parent].person:
            m.person = rng.choices(active, cum_weights=cum)[0]
        person = people[m.person]
        ident = identity_at(person, slot_of(m.when))
        m.from_line, m.sender, m.name = ident.from_line, ident.sender, ident.name
        m.envelope, m.host = ident.envelope, ident.host
        m.date_str = render_date(person.styles[m.layout], m.when, person.zone,
                                 person.sticky_std)
        m.msgid = f"<{m.when:%y%m%d%H%M%S}.AA{m.idx:05d}@{m.host}>"


# ------------------------------------------------------------ subjects ---

# (template, weight, parent label the template needs)
REPLY_SUBJECTS = {
    "abc": (("Re: {base}", 45, None), ("Re: ({amn}) {base}", 35, "amn"),
            ("RE msg {amn}, {base}", 8, "amn"), ("{base}", 5, None),
            ("Re: Re: {base}", 7, None)),
    "d": (("Re: {base}", 78, None), ("RE: {base}", 14, None),
          ("Re: TRAVELLER digest {num}", 4, "digest"), ("Re: Re: {base}", 4, None)),
    "e": (("Re: {base}", 45, None), ("Re: {base} (Td V{yy:02d} #{num})", 22, "vol"),
          ("[T{yy:02d}#{num}] {base}", 18, "vol"),
          ("Re: Traveller-digest V{vol} #{num}", 5, "vol"), ("RE: {base}", 10, None)),
}


def parent_labels(parent, colls):
    """How a reply can cite its parent: list number, digest, volume+number."""
    coll = colls[parent.coll]
    labels = {None: True, "amn": bool(parent.amn)}
    labels["digest"] = parent.layout == "d"
    labels["vol"] = parent.layout == "e"
    return labels, {"amn": parent.amn, "num": coll.number, "vol": coll.volume,
                    "yy": coll.volume % 100}


def reply_subject(rng, m, parent, colls):
    group = "abc" if m.layout in "abc" else m.layout
    options = REPLY_SUBJECTS[group]
    template, _, needs = rng.choices(options, [o[1] for o in options])[0]
    labels, values = parent_labels(parent, colls)
    if not labels[needs] or (needs and parent.coll == m.coll):
        template = "Re: {base}"
    return template.format(base=parent.base, **values)


def new_subject(rng, m):
    subject = rng.choice(W.TRAV_SUBJECTS)
    suffix = rng.choices(("", "?", " (long)", " - a proposal", " again", ", part 2",
                          f" in {rng.choice(W.TRAV_PROPER)}"), (50, 10, 6, 8, 8, 6, 12))[0]
    prefix = "Traveller: " if m.layout == "e" and rng.random() < 0.3 else ""
    return f"{prefix}{subject}{suffix}"


# -------------------------------------------------------------- bodies ---


def make_pool(rng, count, width=72):
    """Paragraph pool: (text, lines) pairs, assembled into bodies later."""
    return [("\n".join(lines), lines) for lines in W.traveller_pool(rng, count, width)]


def attribution(rng, m, parent):
    """The line a reply puts above its quote, in the styles of each era."""
    when = parent.when
    hour = when.hour % 12 or 12
    ampm = "am" if when.hour < 12 else "pm"
    options = {
        "abc": (f"In message {parent.amn}, {parent.name} writes:" if parent.amn else "",
                f"{parent.name} writes:", f"In article {parent.msgid}, {parent.envelope} writes:",
                ""),
        "d": (f"At {hour:02d}:{when.minute:02d} {ampm} {when.month}/{when.day}/"
              f"{when.year % 100:02d} -0500, you wrote:", "In mail you write:",
              f"{parent.from_line} wrote:", f"{parent.name} wrote:"),
        "e": (f"{parent.name} wrote:", f"On {parent.date_str}, {parent.name} wrote:",
              f">From: {parent.from_line}\n>Subject: {parent.subject}\n>", ""),
    }
    return rng.choice(options["abc" if m.layout in "abc" else m.layout])


def quote_block(rng, m, parent):
    """Attribution plus 2-8 quoted lines of the parent (nested quotes keep '>')."""
    intro = attribution(rng, m, parent)
    k = rng.randint(2, 8)
    quoted = tuple((">" if line.startswith(">") else "> ") + line
                   for line in parent.quote[:k])
    if m.layout == "d" and rng.random() < 0.05:
        intro = (f'From:\tIN%"{LIST_INFO["d"][0]}"  {render_date("vms", parent.when, ZONES[0])}'
                 f"\nSubj:\tRE: {parent.base}\n")
    return "\n".join(((intro,) if intro else ()) + quoted), quoted


def compose_post(rng, m, parent, person, pool):
    """Body of 1-3.4 KB: optional quote, own paragraphs, maybe a signature."""
    target = int(rng.triangular(1000, 3400, 1500))
    head, quoted = ("", ())
    if parent is not None:
        head, quoted = quote_block(rng, m, parent)
    size, own = len(head), []
    while size < target:
        para = rng.choice(pool)
        own.append(para)
        size += len(para[0]) + 2
    m.quote = quoted[:3] + own[0][1][:6]
    text = "\n\n".join(p[0] for p in own)
    body = f"{head}\n\n{text}" if head else text
    return decorate_body(rng, m, body) + person.signature


def _editor_note(rng, m, body):
    return f"[This mail came to traveller-request; forwarded by the admin. -Ed]\n\n{body}"


def _ruler(rng, m, body):
    paras = body.split("\n\n")
    paras.insert(rng.randint(1, len(paras)), rng.choice(("-----", "- - -", "--------")))
    return "\n\n".join(paras)


def _sub_digest(rng, m, body):
    topics = "\n".join(f"\t{rng.choice(W.TRAV_SUBJECTS)}" for _ in range(rng.randint(2, 5)))
    return (f"Subjects in today's digest:\n{topics}\n- --------\n\n"
            f"From: {rng.choice(W.FIRST_NAMES).lower()}@{rng.choice(W.UNI_HOSTS)}\n"
            f"Subject: {rng.choice(W.TRAV_SUBJECTS)}\n\n{body}\n\n- --------\n")


def _html_wrap(rng, m, body):
    lines = [line + ("=20" if rng.random() < 0.2 else "") for line in body.split("\n")]
    return '<HTML><FONT SIZE=2 PTSIZE=10>' + "<BR>\n".join(lines) + "</FONT></HTML>"


# (layouts, years or None, probability, decorator)
DECORATIONS = (
    ("bc", None, 0.03, _editor_note),
    ("cd", None, 0.05, _ruler),
    ("a", None, 0.01, _sub_digest),
    ("e", (1999,), 0.04, _html_wrap),
)


def decorate_body(rng, m, body):
    for layouts, years, prob, func in DECORATIONS:
        if m.layout in layouts and (years is None or m.when.year in years) \
                and rng.random() < prob:
            body = func(rng, m, body)
    return body


def compose_nonpost(rng, m):
    """Lost-message notices, bounces (no Subject in the digests), admin notes."""
    to, admin_from, admin_env = LIST_INFO[m.layout]
    host = admin_env.split("@")[1]
    m.from_line, m.sender, m.name, m.envelope, m.host = (
        admin_from, admin_env, "TML Admin", admin_env, host)
    m.date_str = render_date("numeric" if m.layout in "abc" else "numeric4", m.when, ZONES[0])
    m.msgid = f"<{m.when:%y%m%d%H%M%S}.AA{m.idx:05d}@{host}>"
    day = f"{m.when.day} {MONTHS[m.when.month - 1]} {m.when.year}"
    user = f"{rng.choice(W.FIRST_NAMES).lower()}@{rng.choice(W.COM_HOSTS)}"
    if m.kind == "lost":
        m.subject = "Lost messages"
        m.body = (f"[Several submissions sent on {day} were lost when the disk on {host}\n"
                  "filled up. If you sent something that day and it has not appeared,\n"
                  "please send it again.]\n\n-- The TML Administrator")
    elif m.kind == "bounce":
        m.subject = None if m.layout in "de" else "Returned mail: User unknown"
        m.from_line = to if m.layout in "de" else f"MAILER-DAEMON@{host} (Mail Delivery Subsystem)"
        m.sender = m.from_line
        m.body = (f"***** UNDELIVERABLE MAIL sent to {user}, being returned by "
                  f"mail!{user} *****\nReceived: from {host} by {user.split('@')[1]} "
                  f"(4.1/SMI-4.1)\n\tid AA{m.idx:05d}; {m.date_str}\n"
                  f"X-Listprocessor-Version: 6.0c -- ListProcessor\n\n"
                  f"550 {user}... User unknown")
    else:
        m.subject = rng.choice(("TML administrivia", "List moving to a new host",
                                "Digest delays", "Please read: posting guidelines"))
        m.body = ("The list will be quiet for a few days while the archive moves.\n"
                  "Please do not send subscription requests to the list address.\n\n"
                  "-- The TML Administrator")


def compose_message(rng, m, msgs, colls, people, pool):
    """Subject and body of one message (its parent is always composed already)."""
    if m.kind != "post":
        compose_nonpost(rng, m)
        return
    parent = msgs[m.parent] if m.parent >= 0 else None
    if parent is None:
        m.base = new_subject(rng, m)
        m.subject = m.base
    else:
        m.base = parent.base
        m.subject = reply_subject(rng, m, parent, colls)
    m.body = compose_post(rng, m, parent, people[m.person], pool)


# ----------------------------------------------------------- rendering ---


def header_lines(rng, m, coll):
    """The headers each layout kept per message, in its order habits."""
    subject = [] if m.subject is None else [f"Subject: {m.subject}"]
    date, frm = f"Date: {m.date_str}", f"From: {m.from_line}"
    amn = f"Archive-Message-Number: {m.amn}"
    if m.layout == "a":
        rest = subject + [date, frm]
        if m.when.year >= 1990:
            rng.shuffle(rest)
            return [amn] + rest
        return rest + [amn] if rng.random() < 0.8 else [amn] + rest
    if m.layout == "d":
        to = LIST_INFO["d"][0] + (", xboat@MPGN.COM" if rng.random() < 0.05 else "")
        return [date, frm, f"To: {to}"] + subject + [f"Message-ID: {m.msgid}"]
    if m.layout == "e":
        lines = [frm, date] + subject
        if rng.random() < 0.3:
            rng.shuffle(lines)
        return lines
    bundle = [f"Bundle: {coll.number}"] if m.layout == "c" else []
    return bundle + [amn, date, frm] + subject


def message_block(rng, m, coll, stuff):
    """Headers + blank line + body; RFC 934 stuffing inside digests."""
    lines = header_lines(rng, m, coll)
    headers = "".join(lines) if m.layout in "abc" and rng.random() < 0.004 else "\n".join(lines)
    body = DASH_LINE_RE.sub("- -", m.body) if stuff else m.body
    gap = "\n\n\n" if m.layout == "d" and rng.random() < 0.5 else "\n\n"
    return f"{headers}{gap}{body}"


def preview(m, subject_width):
    text = (m.subject or "")[:subject_width]
    return f"{text} << {m.body[:80]}".replace("\n", " ").replace("\t", " ")


def digest_text(preamble, toc, blocks, end_name, rule=70, sep=30):
    """RFC 1153 framing: preamble, rule, messages split by 30 hyphens, trailer."""
    between = "\n\n" + "-" * sep + "\n\n"
    front = f"{preamble}\n{'-' * rule}\n\n"
    if toc:
        front += toc + between
    trailer = f"End of {end_name}"
    return front + between.join(blocks) + between + f"{trailer}\n{'*' * len(trailer)}\n"


def render_a(rng, coll, msgs):
    parts = []
    for m in msgs:
        parts.append(f"-------- TML Message #{m.amn} --------\n\n"
                     f"{message_block(rng, m, coll, False)}\n\n{TRAILER_A}"
                     + "\n" * rng.randint(4, 6))
    return "".join(parts)


def subject_range(rng, msgs):
    """The bundle Subject's range; sometimes it disagrees with the contents."""
    lo, hi = msgs[0].amn, msgs[-1].amn
    if rng.random() < 0.1:
        hi += rng.randint(1, 5)
    return f"Msgs {lo}-{hi}"


def render_b(rng, coll, msgs):
    when, admin = coll.when, LIST_INFO["b"][2]
    pst = local_parts(when, ZONES[3])[0]
    received = "".join(
        f"Received: from RELAY.CS.NET by engrg.uwo.ca;\n\t(id AA{rng.randint(1000, 99999)})"
        f" {render_date('rfc822', when, ZONES[4])}\n" for _ in range(rng.randint(3, 5)))
    head = (f"From {admin} {asctime(pst)}\n{received}"
            f"Message-Id: <{when:%y%m%d%H%M}.AA{rng.randint(10000, 99999)}@metolius.WR.TEK.COM>\n"
            f"To: TML Reader <reader%engrg.uwo.ca@RELAY.CS.NET>, {admin}\n"
            f"Subject: TML Bundle #{coll.number}: {subject_range(rng, msgs)}\n"
            "Reply-To: TML Administrator <traveller-request%metolius.wr.tek.com@RELAY.CS.NET>\n"
            f"Precedence: bulk\nDate: {render_date('rfc822', when, ZONES[3])}\n"
            f"From: TML Administrator <{admin.replace('@', '%')}@RELAY.CS.NET>\nStatus: RO\n\n"
            "TML Bundles come from the archives of the Traveller Mailing List,\n"
            f"maintained by the TML Administrator, {admin}.\n")
    toc = "\n".join(f"{m.amn:<6}{short_date(m.when)} {m.sender[:17]:<17} {preview(m, 40)}"[:79]
                    for m in msgs)
    toc_msg = (f"Date: {render_date('ctime', when, ZONES[3])}\nFrom: {LIST_INFO['b'][1]}\n"
               f"Subject: TML Bundle #{coll.number}: Table of Contents\n\n"
               f"-AMN- --Date--- --Sender--------- --Subject{'-' * 35}\n{toc}")
    blocks = [message_block(rng, m, coll, True) for m in msgs]
    text = digest_text(head, toc_msg, blocks, f"TML Bundle #{coll.number}", rule=60)
    first, rest = text.split("\n", 1)
    return first + "\n" + FROM_LINE_RE.sub(">From ", rest) + "\n"


def render_c(rng, coll, msgs):
    when, info = coll.when, LIST_INFO["c"]
    head = (f"To: {info[0]} (TML Submissions)\nDate: {render_date('rfc822', when, ZONES[0])}\n"
            f"From: {info[1]}\nSubject: TML bundle #{coll.number}: {subject_range(rng, msgs)} \n"
            f"Approved: by {info[1]} {render_date('ctime', when, ZONES[0])}\n"
            f"Reply-To: {info[0]} (TML Submissions)\nErrors-To: {info[2]}\nPrecedence: bulk\n\n"
            f"TML bundles come from the archives maintained by\n{info[1]}.\n")
    toc = "\n".join(f"{coll.number:>4} {m.amn:>5} {short_date(m.when, True)} "
                    f"{m.name[:15]:<15}  {preview(m, 36)}"[:80] for m in msgs)
    toc_msg = (f"Date: {render_date('rfc822', when, ZONES[0])}\nFrom: {info[1]}\n"
               f"Subject: TML bundle #{coll.number}: Table of Contents\n\n"
               f"BUN# =AMN= =DATE====== =FROM==========  =SUBJECT/BODY{'=' * 26}\n{toc}")
    blocks = [message_block(rng, m, coll, True) for m in msgs]
    return digest_text(head, toc_msg, blocks, f"TML bundle #{coll.number}")


def digest_topic(rng, i, m):
    if m.subject is None:
        return f"{i:>3}) by {m.from_line}"
    line = f"{i:>3}) {m.subject}{rng.choice(('  ', chr(9)))}by {m.from_line}"
    return line if len(line) <= 78 else f"{i:>3}) {m.subject}\nby {m.from_line}"


def tolerant_rules(rng):
    """Real digestifiers wrote 60-85 hyphens and 27-33 between messages."""
    if rng.random() < 0.06:
        return rng.randint(60, 85), rng.randint(27, 33)
    return 70, 30


def render_d(rng, coll, msgs):
    pad = rng.choice((" " * 25, "\t\t\t"))
    topics = "\n".join(digest_topic(rng, i, m) for i, m in enumerate(msgs, 1))
    head = (f"{pad}TRAVELLER Digest {coll.number}\n\n"
            f"Topics covered in this issue include:\n\n{topics}\n")
    blocks = [message_block(rng, m, coll, True) for m in msgs]
    rule, sep = tolerant_rules(rng)
    return digest_text(head, "", blocks, f"TRAVELLER Digest {coll.number}", rule, sep)


def e_title(when, volume, number):
    """Digest title line; the date order changed in December 1996."""
    day = f"{FULL_DAYS[when.weekday()]}, "
    if (when.year, when.month) < (1996, 12):
        day += f"{when.day} {FULL_MONTHS[when.month - 1]} {when.year}"
        return f"Traveller-digest           {day}       Volume {volume} : Number {number}"
    day += f"{FULL_MONTHS[when.month - 1]} {when.day} {when.year}"
    return f"Traveller-digest        {day}        Volume {volume} : Number {number}"


def render_e(rng, coll, msgs):
    when, label = coll.when, f"V{coll.volume} #{coll.number}"
    eastern = local_parts(when, ZONES[0])[0]
    from_ = rng.choice((f"From ???@??? {asctime(eastern)}",
                        f"From owner-traveller@MPGN.COM  {asctime(eastern)}"))
    if (when.year, when.month) < (1996, 12):
        topics = "\n".join(f"{i:>10}. {m.subject or ''}" for i, m in enumerate(msgs, 1))
    else:
        topics = "\n".join(f"    {m.subject or ''}" for m in msgs)
    sender = "owner-traveller-digest@MPGN.COM"
    if when.year >= 1997:
        sender = "owner-traveller-digest@mpgn.com (Traveller-digest)"
    stamp = render_date("numeric4", when, ZONES[0])
    head = (f"{from_}\nX-UIDL: {calendar.timegm(when.timetuple())}.{coll.number}\n"
            f"Received: (from daemon@localhost) by NS.MPGN.COM (8.6.9/8.6.9) "
            f"id {rng.choice('ABCDEFGHIJKLMNOPQRSTUVWX')}AA{rng.randint(1000, 99999)}; {stamp}\n"
            f"Date: {stamp}\nFrom: {sender}\nTo: traveller-digest@MPGN.COM\n"
            f"Subject:   Traveller-digest {label}\nReply-To: traveller@MPGN.COM\n\n"
            f"{e_title(eastern, coll.volume, coll.number)}\n\n"
            f"(R){when.year}. Traveller is a registered trademark of FarFuture Enterprises.\n"
            "All rights reserved.\n\nThe following topics are covered in this digest:\n\n"
            f"{topics}\n")
    blocks = [message_block(rng, m, coll, True) for m in msgs]
    rule, sep = tolerant_rules(rng)
    text = digest_text(head, "", blocks, f"Traveller-digest {label}", rule, sep)
    first, rest = text.split("\n", 1)
    return first + "\n" + FROM_LINE_RE.sub(">From ", rest) + "\n"


RENDERERS = {"a": render_a, "b": render_b, "c": render_c, "d": render_d, "e": render_e}
CRLF_SHARE = {"a": 0.3, "b": 0.0, "c": 0.1, "d": 0.15, "e": 0.05}


def collection_bytes(rng, coll, msgs):
    text = RENDERERS[coll.layout](rng, coll, msgs)
    if rng.random() < CRLF_SHARE[coll.layout]:
        text = text.replace("\n", "\r\n")
    return text.encode("latin-1", errors="replace")


def write_mail(seed, out, msgs, colls, people, mbox=None):
    """Compose, render and write collection by collection, then drop the bodies.

    Only the short quote of each message is kept for later replies, so memory
    stays flat however many messages are asked for.
    """
    compose_rng, render_rng = stream(seed, "bodies"), stream(seed, "render")
    pool = make_pool(compose_rng, 3000)
    for folder in sorted({c.folder for c in colls}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    with open(mbox if mbox is not None else os.devnull, "wb") as fh:
        for coll in colls:
            batch = msgs[coll.first:coll.last]
            for m in batch:
                compose_message(compose_rng, m, msgs, colls, people, pool)
            data = collection_bytes(render_rng, coll, batch)
            (out / coll.folder / coll.name).write_bytes(data)
            if mbox is not None:
                chunk = "".join(mbox_entry(m, msgs, colls) for m in batch)
                fh.write(chunk.encode("latin-1", errors="replace"))
            for m in batch:
                m.body = ""
    return sum(len(msgs[c.first:c.last]) for c in colls)


# ---------------------------------------------------------------- mbox ---


def mbox_entry(m, msgs, colls):
    """One message as MHonArc sees it: real Message-ID / In-Reply-To headers."""
    coll = colls[m.coll]
    lines = [f"From {m.envelope} {asctime(m.when)}", f"Message-ID: {m.msgid}"]
    if m.parent >= 0:
        parent, root = msgs[m.parent], msgs[m.root]
        refs = parent.msgid if root is parent else f"{root.msgid} {parent.msgid}"
        lines += [f"In-Reply-To: {parent.msgid}", f"References: {refs}"]
    lines += [f"Date: {m.date_str}", f"From: {m.from_line}", f"To: {LIST_INFO[m.layout][0]}"]
    if m.subject is not None:
        lines.append(f"Subject: {m.subject}")
    lines.append(f"X-TML-Source: {coll.folder}/{coll.name}#{m.pos + 1}")
    if m.amn:
        lines.append(f"X-Archive-Message-Number: {m.amn}")
    return "\n".join(lines) + "\n\n" + FROM_LINE_RE.sub(">From ", m.body) + "\n\n"


# ---------------------------------------------------------- file areas ---

TEXT_ENCODINGS = (("ascii", 38), ("cp437", 16), ("latin1", 10), ("cp1252", 16),
                  ("macroman", 8), ("utf8", 12))
SECTOR_KINDS = (("sector_sec", 50), ("sector_t5tab", 30), ("sector_t5col", 20))
INDEX_KINDS = ("index_00index", "index_filesbbs", "index_descript")
BINARY_KINDS = ("html", "zip", "gif", "jpeg", "exe", "arc", "arj", "lzh")
ALL_KINDS = (tuple(f"text_{enc}" for enc, _ in TEXT_ENCODINGS)
             + tuple(k for k, _ in SECTOR_KINDS) + BINARY_KINDS + INDEX_KINDS)

# category: (share of files, subfolder names, kind weights)
CATEGORIES = {
    "ships": (18, ("scouts", "traders", "warships", "deckplans", "smallcraft", "designs",
                   "highguard", "fighters", "yachts", "liners"),
              {"text": 70, "zip": 8, "gif": 10, "jpeg": 4, "html": 3, "exe": 1}),
    "stories": (11, ("fiction", "adventures", "campaigns", "logs", "serials", "humour"),
                {"text": 88, "zip": 8, "html": 4}),
    "rules": (14, ("houserules", "errata", "psionics", "combat", "chargen", "trade", "faq"),
              {"text": 80, "zip": 10, "html": 6, "exe": 2, "arc": 1, "lzh": 1}),
    "worlds": (12, ("spinward", "trojan", "core", "solomani", "vargr", "zhodani", "aslan"),
               {"text": 55, "sector": 25, "gif": 10, "zip": 6, "html": 4}),
    "sectors": (10, ("maps", "sec", "t5", "subsectors", "data", "routes"),
                {"sector": 70, "text": 15, "zip": 10, "gif": 5}),
    "web": (13, ("pages", "mirror", "tml", "gallery", "links", "old", "ezine"),
            {"html": 65, "gif": 18, "jpeg": 12, "text": 5}),
    "software": (12, ("dos", "mac", "amiga", "windows", "generators", "utils", "source"),
                 {"exe": 30, "zip": 30, "arc": 8, "arj": 8, "lzh": 8, "text": 16}),
    "images": (10, ("ships", "aliens", "maps", "art", "scans", "logos", "gifs"),
               {"gif": 55, "jpeg": 35, "zip": 5, "text": 5}),
}

NAME_WORDS = {
    "ships": "scout trader corsair patrol yacht liner cruiser tender courier seeker "
             "gazelle lab packet barge frigate",
    "stories": "voyage arrival exile ambush contact derelict salvage homecoming refugee "
               "mutiny wake station",
    "rules": "psionic combat chargen trade errata skills medical robots vehicles weapons "
             "armour starship",
    "worlds": "regina efate glisten mora trin jewell rhylanor lunion deneb boughene "
              "walston pysadi",
    "sectors": "marches reach foreven gateway corridor vland ley massilia diaspora dagudashaag",
    "web": "index links ships aliens news archive about guestbook tml faq gallery",
    "software": "shipgen subgen worldgen trader starmap chargen dice encounter combat names",
    "images": "scout trader zhodani vargr aslan hiver droyne map emblem cover starport",
}

ENC_INFO = {  # codec, line endings, ^Z share, share with unwrapped long lines
    "ascii": ("ascii", (("\r\n", 45), ("\n", 45), ("\r", 10)), 0.25, 0.1),
    "cp437": ("cp437", (("\r\n", 95), ("\n", 5)), 0.6, 0.0),
    "latin1": ("latin-1", (("\n", 70), ("\r\n", 30)), 0.0, 0.3),
    "cp1252": ("cp1252", (("\r\n", 85), ("\n", 15)), 0.05, 0.4),
    "macroman": ("mac_roman", (("\r", 100),), 0.0, 0.3),
    "utf8": ("utf-8", (("\n", 70), ("\r\n", 30)), 0.0, 0.4),
}

ACCENTED = ("Régis Lefèvre", "Jürgen Müller", "José Peña", "Zoë Brandt", "Søren Ødegaard")
SHIP_TYPES = ("Scout/Courier", "Free Trader", "Far Trader", "Subsidized Merchant", "Yacht",
              "Patrol Cruiser", "Lab Ship", "Safari Ship", "Close Escort", "System Defence Boat")
STAR_TYPES = ("G2 V", "K0 V", "M4 V", "F7 V", "M2 V M7 D", "K5 III", "A3 V", "G8 IV", "M0 V")
UWP_DIGITS = "0123456789ABCDEFGHJ"
TRADE_CODES = (
    "Ag", "As", "Ba", "De", "Fl", "Hi", "Ic", "In", "Lo", "Na", "Ni", "Po", "Ri", "Va", "Wa", "Cp",
)
ALLEGIANCES = ("Im", "Im", "Im", "Im", "Zh", "Va", "Na", "As", "Cs", "Sw", "Dr", "So")
FILE_YEARS = (1988, 2002)


@dataclass(slots=True)
class Folder:
    path: str
    category: str
    kinds: list
    names: list


@dataclass(slots=True)
class AreaContext:
    wrapped: list
    long: list
    html_paths: list
    image_paths: list


def expand_weights(kind_weights):
    """Category kind weights with `text` and `sector` split into their variants."""
    kinds, weights = [], []
    for kind, weight in kind_weights.items():
        variants = {"text": [(f"text_{e}", w) for e, w in TEXT_ENCODINGS],
                    "sector": list(SECTOR_KINDS)}.get(kind, [(kind, 100)])
        total = sum(w for _, w in variants)
        for name, w in variants:
            kinds.append(name)
            weights.append(weight * w / total)
    return kinds, weights


def split_counts(total, shares):
    """Largest-remainder split of `total` by integer `shares` (deterministic)."""
    whole = sum(shares)
    counts = [total * s // whole for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(total * shares[i] % whole), i))
    for i in order[:total - sum(counts)]:
        counts[i] += 1
    return counts


def chunk_counts(rng, n):
    """Folder sizes of 50-300 files adding up to n."""
    chunks = []
    while n > 300:
        size = rng.randint(50, 300)
        size = min(size, n - 50)
        chunks.append(size)
        n -= size
    if n:
        chunks.append(n)
    return chunks


def nested_paths(rng, category, count, subwords):
    """The category folder plus nested subfolders, at most three levels deep."""
    paths = [category]
    while len(paths) < count:
        parent = rng.choice([p for p in paths if p.count("/") < 2])
        child = f"{parent}/{rng.choice(subwords)}"
        while child in paths:
            child += str(rng.randint(0, 9))
        paths.append(child)
    return sorted(paths)


def folder_kinds(rng, category, count):
    kinds, weights = expand_weights(CATEGORIES[category][2])
    chosen = rng.choices(kinds, weights, k=count)
    if count > 1 and rng.random() < 1 / 3:
        index_weights = (25, 60, 15) if category == "software" else (50, 25, 25)
        chosen[0] = rng.choices(INDEX_KINDS, index_weights)[0]
    return chosen


def ensure_kinds(rng, folders):
    """Small trees still hold one file of every kind (the tests rely on it)."""
    counts = Counter(k for f in folders for k in f.kinds)
    for kind in ALL_KINDS:
        if counts[kind]:
            continue
        candidates = [(f, i) for f in folders for i, k in enumerate(f.kinds)
                      if counts[k] > 1 and k not in INDEX_KINDS
                      and not (kind in INDEX_KINDS and any(x in INDEX_KINDS for x in f.kinds))]
        if not candidates:
            return
        folder, i = rng.choice(candidates)
        counts[folder.kinds[i]] -= 1
        counts[kind] += 1
        folder.kinds[i] = kind


def plan_folders(rng, total):
    """Folders (path, category, per-file kinds); their sizes add up to `total`."""
    names = list(CATEGORIES)
    folders = []
    for category, n in zip(names, split_counts(total, [CATEGORIES[c][0] for c in names]),
                           strict=True):
        if n == 0:
            continue
        chunks = chunk_counts(rng, n)
        paths = nested_paths(rng, category, len(chunks), CATEGORIES[category][1])
        for path, size in zip(paths, chunks, strict=True):
            folders.append(Folder(path, category, folder_kinds(rng, category, size), []))
    ensure_kinds(rng, folders)
    for folder in folders:
        folder.names = name_files(rng, folder)
    return folders


# ---- names


def unique(name, taken):
    """Case-insensitively unique in its folder (descript.ion matching ignores case)."""
    stem, dot, ext = name.rpartition(".") if "." in name[1:] else (name, "", "")
    n = 1
    while name.casefold() in taken:
        n += 1
        base = stem[:6] if stem.isupper() and len(stem) > 6 else stem
        name = f"{base}{n}{dot}{ext}"
    taken.add(name.casefold())
    return name


def base_name(rng, category, kind):
    word = rng.choice(NAME_WORDS[category].split())
    if rng.random() < 0.3:
        word = W.made_up_name(rng, (2, 2)).lower()
    styles = {
        "dos": f"{word.upper()[:6]}{rng.randint(1, 99)}"[:8],
        "unix": f"{word}-{rng.choice(W.GENERAL_NOUNS)}",
        "win": f"{word.capitalize()} {rng.choice(W.GENERAL_NOUNS).capitalize()}",
    }
    style = {"text_ascii": rng.choice(("dos", "unix")), "text_cp437": "dos",
             "text_latin1": "unix", "text_cp1252": "win", "text_macroman": "win",
             "text_utf8": "unix", "html": rng.choice(("unix", "dos"))}.get(kind, "dos")
    return styles[style], style


def file_name(rng, category, kind):
    """A name in the habits of the system that made the file."""
    base, style = base_name(rng, category, kind)
    sector = W.made_up_name(rng)
    lower = style != "dos"
    names = {
        "text_macroman": base + rng.choice(("", ".txt")),
        "sector_sec": rng.choice((f"{sector}.sec", f"{sector.upper()[:8]}.SEC")),
        "sector_t5tab": f"{sector}.tab",
        "sector_t5col": f"{sector}-t5.txt",
        "html": base + (".html" if lower else rng.choice((".HTM", ".htm"))),
        "gif": base + rng.choice((".GIF", ".gif")),
        "jpeg": base.lower() + rng.choice((".jpg", ".JPG", ".jpeg")),
        "index_00index": rng.choice(("00index.txt", "00-index.txt", "INDEX")),
        "index_filesbbs": rng.choice(("files.bbs", "FILES.BBS")),
        "index_descript": "descript.ion",
    }
    if kind in names:
        return names[kind]
    ext = {"zip": ".ZIP", "exe": ".EXE", "arc": ".ARC", "arj": ".ARJ", "lzh": ".LZH"}.get(kind)
    if ext:
        return base + ext
    return base + (rng.choice((".TXT", ".DOC", ".NFO")) if style == "dos" else ".txt")


def name_files(rng, folder):
    taken, names = set(), []
    for i, kind in enumerate(folder.kinds):
        name = "index.html" if kind == "html" and "html" not in folder.kinds[:i] \
            else file_name(rng, folder.category, kind)
        names.append(unique(name, taken))
    return names


# ---- text files


def log_size(rng, low, high, median):
    """Log-normal sizes, clamped: most files small, a long tail of big ones."""
    return max(low, min(high, int(rng.lognormvariate(math.log(median), 0.85))))


def paragraphs(rng, pool, target):
    out, size = [], 0
    while size < target:
        text = rng.choice(pool)[0]
        out.append(text)
        size += len(text) + 2
    return out


def ship_text(rng, pool, target):
    name, kind = W.made_up_name(rng), rng.choice(SHIP_TYPES)
    tons = rng.choice((100, 200, 200, 400, 600, 800, 1000, 5000))
    spec = (("Tonnage", f"{tons} tons"), ("Jump", str(rng.randint(1, 4))),
            ("Maneuver", f"{rng.randint(1, 6)}G"), ("Power plant", str(rng.randint(1, 6))),
            ("Fuel", f"{tons // 10 * rng.randint(1, 3)} tons"), ("Crew", str(rng.randint(1, 20))),
            ("Cost", f"MCr{rng.randint(20, 900) / 10:.1f}"), ("Hardpoints", str(tons // 100)))
    title = f"{name}-class {kind}"
    sheet = "\n".join(f"\t{k}:\t{v}" for k, v in spec)
    return f"{title}\n{'=' * len(title)}\n\n{sheet}\n\n" + "\n\n".join(
        paragraphs(rng, pool, target - 300))


def story_text(rng, pool, target):
    title = rng.choice(W.TRAV_SUBJECTS).upper()
    paras = paragraphs(rng, pool, target)
    chapters = []
    for n, start in enumerate(range(0, len(paras), 6), 1):
        body = "\n\n".join(("\t" if rng.random() < 0.3 else "") + p for p in paras[start:start + 6])
        chapters.append(f"Chapter {n}\n\n{body}")
    return f"{title}\n\nby {rng.choice(W.FIRST_NAMES)} {rng.choice(W.LAST_NAMES)}\n\n" + \
        "\n\f\n".join(chapters)


def rules_text(rng, pool, target):
    subject = rng.choice(W.TRAV_SUBJECTS)
    sections = [f"{i}. {rng.choice(W.TRAV_SUBJECTS)}\n\n{p}"
                for i, p in enumerate(paragraphs(rng, pool, target), 1)]
    return f"HOUSE RULES: {subject}\n\n" + "\n\n".join(
        s + ("\n\f" if i % 5 == 4 else "") for i, s in enumerate(sections))


def world_text(rng, pool, target):
    world = random_world(rng, set())
    return (f"{world['name']} ({world['hex']}) {world['uwp']}  {world['remarks']}\n\n"
            + "\n\n".join(paragraphs(rng, pool, target)))


def readme_text(rng, pool, target):
    return f"README for {W.made_up_name(rng)}\n\n" + "\n\n".join(paragraphs(rng, pool, target))


TEXT_FLAVOURS = {"ships": ship_text, "stories": story_text, "rules": rules_text,
                 "worlds": world_text, "sectors": world_text}
QUOTE_RE = re.compile(r'"([^"\n]{1,80})"')


def smart_punctuation(text):
    text = QUOTE_RE.sub("\u201c\\1\u201d", text)
    return text.replace("'", "\u2019").replace(" - ", " \u2013 ")


def decorate_text(rng, text, enc):
    """Put in the characters that betray each encoding."""
    author = f"Author: {rng.choice(ACCENTED[:4] if enc == 'cp437' else ACCENTED)}\n"
    if enc == "ascii":
        return text
    if enc == "cp437":
        title, rest = text.split("\n", 1)
        bar = "\u2550" * (len(title) + 2)
        return (f"\u2554{bar}\u2557\n\u2551 {title} \u2551\n\u255a{bar}\u255d\n{author}"
                f"\u2591\u2592\u2593\u2588\u2593\u2592\u2591\n{rest}")
    if enc == "latin1":
        return f"{author}{text}\n\n\u00a9{rng.randint(1989, 1999)}, \u00bd page of notes \u00b0"
    text = smart_punctuation(text)
    tail = {"cp1252": "\u2026 \u2014 caf\u00e9", "macroman": "\u2026 \u00a9 caf\u00e9",
            "utf8": "\u2014 caf\u00e9 \u00d7 \u00c4\u00f1"}[enc]
    return f"{author}{text}\n\n{tail}\n"


def encode_text(rng, text, enc):
    codec, eols, ctrl_z, _ = ENC_INFO[enc]
    eol = rng.choices([e for e, _ in eols], [w for _, w in eols])[0]
    data = text.replace("\n", eol).encode(codec, errors="replace")
    if enc == "utf8" and rng.random() < 0.15:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < ctrl_z:
        data += b"\x1a"
    return data


def text_bytes(rng, ctx, category, enc, target):
    pool = ctx.long if rng.random() < ENC_INFO[enc][3] else ctx.wrapped
    text = TEXT_FLAVOURS.get(category, readme_text)(rng, pool, target)
    return encode_text(rng, decorate_text(rng, text, enc) + "\n", enc)


def text_file(rng, ctx, folder, name, kind):
    return text_bytes(rng, ctx, folder.category, kind[5:], log_size(rng, 500, 20000, 3000))


# ---- sector data


def random_world(rng, used):
    hexes = f"{rng.randint(1, 32):02d}{rng.randint(1, 40):02d}"
    while hexes in used:
        hexes = f"{rng.randint(1, 32):02d}{rng.randint(1, 40):02d}"
    used.add(hexes)
    d = UWP_DIGITS
    uwp = (rng.choice("AABBCCCDDEEX") + d[rng.randint(0, 10)] + d[rng.randint(0, 15)]
           + d[rng.randint(0, 10)] + d[rng.randint(0, 10)] + d[rng.randint(0, 15)]
           + d[rng.randint(0, 18)] + "-" + d[rng.randint(0, 15)])
    return {
        "name": W.made_up_name(rng), "hex": hexes, "uwp": uwp,
        "bases": rng.choice("      NNSSAWD"),
        "remarks": " ".join(sorted(rng.sample(TRADE_CODES, rng.randint(0, 3)))),
        "zone": rng.choice("       AR"), "pbg": f"{rng.randint(0, 9)}{rng.randint(0, 3)}"
                                                 f"{rng.randint(0, 4)}",
        "alleg": rng.choice(ALLEGIANCES), "stars": rng.choice(STAR_TYPES),
        "ix": f"{{ {rng.randint(-3, 5)} }}", "ex": f"({rng.choice('ABCDEF')}"
                                                    f"{rng.randint(10, 99)}+{rng.randint(0, 5)})",
        "cx": f"[{rng.randint(1000, 9999)}]", "nobility": rng.choice(("B", "BcC", "b", "")),
        "w": str(rng.randint(1, 15)),
    }


def sector_worlds(rng):
    used = set()
    return sorted((random_world(rng, used) for _ in range(rng.randint(10, 120))),
                  key=lambda w: w["hex"])


def sec_line(rng, w):
    """GEnie column format, with the drift real files show."""
    name_width, uwp, zone = 14, w["uwp"], w["zone"]
    if rng.random() < 0.03:
        name_width = 13  # names one column short
    if rng.random() < 0.03:
        uwp = uwp.replace("0", "O").replace("1", "l")  # OCR confusions
    if rng.random() < 0.02:
        zone = rng.choice("FUB")
    tail = f"{zone or ' '}  {w['pbg']} {w['alleg']}"
    if rng.random() < 0.03:
        tail = f"{zone or 'R'}{w['pbg']}{w['alleg']}"  # run together
    return (f"{w['name'][:name_width - 1]:<{name_width}}{w['hex']} {uwp}  {w['bases']} "
            f"{w['remarks'][:15]:<15} {tail} {w['stars']}")


def sector_sec(rng, ctx, folder, name, kind):
    sector = name.rsplit(".", 1)[0]
    head = (f"# Sector: {sector}\n# Data transcribed from GEnie, "
            f"{rng.randint(1989, 1996)}\n$ Subsector A: {W.made_up_name(rng)}\n"
            f"@ Domain of {W.made_up_name(rng)}\n"
            "#--------1---------2---------3---------4---------5---------6---\n"
            "#PlanetName   Loc. UPP Code   B   Notes         Z  PBG Al LRX *\n")
    lines = "\n".join(sec_line(rng, w) for w in sector_worlds(rng))
    codec = rng.choice(("cp1252", "cp437"))
    eol = rng.choice(("\r\n", "\r\n", "\n"))
    return (head + lines + "\n").replace("\n", eol).encode(codec, errors="replace")


T5_FIELDS = (("Hex", "hex", 4), ("Name", "name", 20), ("UWP", "uwp", 9),
             ("Remarks", "remarks", 20), ("{Ix}", "ix", 6), ("(Ex)", "ex", 7),
             ("[Cx]", "cx", 6), ("Nobility", "nobility", 8), ("Bases", "bases", 5),
             ("Zone", "zone", 4), ("PBG", "pbg", 3), ("W", "w", 2),
             ("Allegiance", "alleg", 10), ("Stars", "stars", 14))


def sector_t5tab(rng, ctx, folder, name, kind):
    fields = list(T5_FIELDS)
    if rng.random() < 0.3:
        rng.shuffle(fields)  # T5 lets the field order vary
    rows = ["\t".join(f[0] for f in fields)]
    rows += ["\t".join(w[f[1]].strip() for f in fields) for w in sector_worlds(rng)]
    eol = rng.choice(("\n", "\r\n"))
    return (eol.join(rows) + eol).encode("utf-8")


def sector_t5col(rng, ctx, folder, name, kind):
    head = " ".join(f"{label:<{width}}" for label, _, width in T5_FIELDS).rstrip()
    dashes = " ".join("-" * width for _, _, width in T5_FIELDS)
    rows = [" ".join(f"{w[key].strip()[:width]:<{width}}" for _, key, width in T5_FIELDS)
            .rstrip() for w in sector_worlds(rng)]
    return ("\n".join([head, dashes] + rows) + "\n").encode("utf-8")


# ---- HTML

GENERATOR_TAGS = ("Mozilla/3.01Gold", "FrontPage 2.0", "HoTMetaL PRO 3.0")


def html_file(rng, ctx, folder, name, kind):
    """A 1990s fan page: upper-case tags, tiled backgrounds, links everywhere."""
    title = rng.choice(W.TRAV_SUBJECTS)
    here = folder.path
    pages = rng.sample(ctx.html_paths, min(len(ctx.html_paths), rng.randint(2, 8)))
    images = rng.sample(ctx.image_paths, min(len(ctx.image_paths), rng.randint(0, 3)))
    links = [(posixpath.relpath(p, here), rng.choice(W.TRAV_SUBJECTS)) for p in pages]
    links += [(n, n) for n in rng.sample(folder.names, min(3, len(folder.names)))]
    if rng.random() < 0.2:
        links.append(("oldstuff/missing.html", "Old stuff (moved)"))
    if rng.random() < 0.3:
        links.append((f"http://www.{W.made_up_name(rng).lower()}.example.net/~"
                      f"{rng.choice(W.FIRST_NAMES).lower()}/", "Another Traveller page"))
    imgs = "".join(f'<IMG SRC="{posixpath.relpath(p, here)}" ALT="[picture]" BORDER=0>\n'
                   for p in images)
    paras = "\n<P>\n".join(paragraphs(rng, ctx.wrapped, rng.randint(600, 5000)))
    items = "\n".join(f'<LI><A HREF="{href}">{text}</A>' for href, text in links)
    who = f"{rng.choice(W.FIRST_NAMES).lower()}@{rng.choice(W.COM_HOSTS)}"
    text = (f"<HTML>\n<HEAD>\n<TITLE>{title}</TITLE>\n"
            f'<META NAME="GENERATOR" CONTENT="{rng.choice(GENERATOR_TAGS)}">\n'
            '</HEAD>\n<BODY BGCOLOR="#000000" TEXT="#C0C0C0" LINK="#FFFF00" VLINK="#FF8000">\n'
            f"<CENTER><H1><FONT FACE=\"Arial\">{title}</FONT></H1></CENTER>\n{imgs}<HR>\n"
            f"<P>\n{paras}\n<HR>\n<UL>\n{items}\n</UL>\n<HR>\n<ADDRESS>"
            f'<A HREF="mailto:{who}">{who}</A> - last updated {rng.randint(1, 12)}/'
            f"{rng.randint(1, 28)}/{rng.randint(95, 99)} - caf&eacute; d\u00e9cor"
            "</ADDRESS>\n</BODY>\n</HTML>\n")
    eol = rng.choice(("\n", "\r\n"))
    return text.replace("\n", eol).encode("latin-1", errors="replace")


# ---- binary files


def dos_stamp(rng):
    """A fixed (year, month, day, hour, minute, second) from the seed."""
    return (rng.randint(*FILE_YEARS), rng.randint(1, 12), rng.randint(1, 28),
            rng.randint(0, 23), rng.randint(0, 59), rng.randrange(0, 60, 2))


def dos_datetime(stamp):
    y, mo, d, h, mi, s = stamp
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def zip_bytes(members, stamp):
    """A ZIP written by hand: CP437 names (no UTF-8 flag), DOS host, fixed dates."""
    out, central = bytearray(), []
    dtime, ddate = dos_datetime(stamp)
    for name, data in members:
        raw = name.encode("cp437")
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = packer.compress(data) + packer.flush()
        method = 8
        if len(packed) >= len(data):
            packed, method = data, 0
        crc = zlib.crc32(data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, dtime,
                                   ddate, crc, len(packed), len(data), len(raw), 0, 0, 0, 0,
                                   0x20, len(out)) + raw)
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, dtime, ddate, crc,
                           len(packed), len(data), len(raw), 0) + raw + packed
    directory = b"".join(central)
    return bytes(out + directory + struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central),
                                               len(central), len(directory), len(out), 0))


def file_id_diz(rng, name):
    """FILE_ID.DIZ: up to 10 lines of 45 columns, CP437 box drawing allowed."""
    title = f"{name.rsplit('.', 1)[0]} v{rng.randint(1, 4)}.{rng.randint(0, 9)}"
    lines = [f"\u2584\u2584 {title} \u2584\u2584"[:45]]
    text = " ".join(rng.choice(W.TRAV_SUBJECTS) for _ in range(rng.randint(2, 6)))
    lines += W.wrap(f"{text}. Traveller fan material, freely distributable.", 45)[:8]
    return "\r\n".join(lines).encode("cp437", errors="replace") + b"\r\n"


ZIP_MEMBER_NAMES = ("README.TXT", "SHIPS.TXT", "RULES.DOC", "CAF\u00c9.TXT", "K\u00dcHN.TXT",
                    "SE\u00d1OR.DOC", "NOTES.TXT", "DATA.SEC", "PLANS.TXT", "ERRATA.TXT")


def zip_file(rng, ctx, folder, name, kind):
    stamp = dos_stamp(rng)
    members = []
    for member in rng.sample(ZIP_MEMBER_NAMES, rng.randint(1, 5)):
        enc = rng.choice(("ascii", "cp437"))
        members.append((member, text_bytes(rng, ctx, folder.category, enc,
                                           log_size(rng, 500, 12000, 2500))))
    if rng.random() < 0.2:
        members.append(("PICTURE.GIF", gif_bytes(rng)))
    members.append(("FILE_ID.DIZ", file_id_diz(rng, name)))
    return zip_bytes(members, stamp)


def gif_bytes(rng):
    """A real, decodable GIF of 1x1..16x16 (clear code every 2 pixels keeps LZW trivial)."""
    width, height = rng.randint(1, 16), rng.randint(1, 16)
    pixels = [rng.randrange(4) for _ in range(width * height)]
    codes = []
    for i in range(0, len(pixels), 2):
        codes += [4] + pixels[i:i + 2]
    codes.append(5)
    acc, bits, data = 0, 0, bytearray()
    for code in codes:
        acc |= code << bits
        bits += 3
        while bits >= 8:
            data.append(acc & 0xFF)
            acc >>= 8
            bits -= 8
    if bits:
        data.append(acc)
    blocks = b"".join(bytes([len(data[i:i + 255])]) + data[i:i + 255]
                      for i in range(0, len(data), 255)) + b"\x00"
    comment = b""
    if rng.random() < 0.7:  # pad to a realistic size with a comment extension
        text = (b"Scanned for the Traveller archive. " * 1200)[:log_size(rng, 100, 30000, 2500)]
        comment = b"\x21\xfe" + b"".join(bytes([len(text[i:i + 255])]) + text[i:i + 255]
                                         for i in range(0, len(text), 255)) + b"\x00"
    head = (b"GIF89a" if comment else rng.choice((b"GIF87a", b"GIF89a")))
    return (head + struct.pack("<HHBBB", width, height, 0x91, 0, 0) + rng.randbytes(12)
            + comment + b"\x2c" + struct.pack("<HHHHB", 0, 0, width, height, 0)
            + b"\x02" + blocks + b"\x3b")


def gif_file(rng, ctx, folder, name, kind):
    return gif_bytes(rng)


def jpeg_file(rng, ctx, folder, name, kind):
    """JPEG magic: SOI, a JFIF APP0 segment, filler, EOI."""
    return (b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01"
            b"\x00\x00" + rng.randbytes(log_size(rng, 600, 60000, 6000)) + b"\xff\xd9")


def exe_file(rng, ctx, folder, name, kind):
    """A DOS MZ executable: plausible header, code-like filler, a banner string."""
    size = log_size(rng, 2000, 80000, 12000)
    banner = (f"{name.rsplit('.', 1)[0]} v{rng.randint(1, 3)}.{rng.randint(0, 9)} "
              f"(C) {rng.randint(1988, 1996)} Traveller fan software\r\n$").encode("ascii")
    header = struct.pack("<2s13H", b"MZ", size % 512, (size + 511) // 512, 0, 2,
                         rng.randint(0x10, 0x400), 0xFFFF, 0, 0xB8, 0, 0, 0, 0x1C, 0)
    header = header.ljust(32, b"\x00")
    filler = rng.randbytes(max(0, size - len(header) - len(banner)))
    cut = len(filler) // 3
    return header + filler[:cut] + banner + filler[cut:]


def arc_file(rng, ctx, folder, name, kind):
    payload = rng.randbytes(log_size(rng, 800, 50000, 8000))
    dtime, ddate = dos_datetime(dos_stamp(rng))
    member = name.rsplit(".", 1)[0][:8].encode("ascii", "replace") + b".TXT"
    return (b"\x1a\x08" + member.ljust(13, b"\x00")
            + struct.pack("<LHHHL", len(payload), ddate, dtime, rng.randrange(65536),
                          len(payload) * 2) + payload + b"\x1a\x00")


def arj_file(rng, ctx, folder, name, kind):
    payload = rng.randbytes(log_size(rng, 800, 50000, 8000))
    dtime, ddate = dos_datetime(dos_stamp(rng))
    basic = struct.pack("<BBBBBBBBHH", 30, 11, 1, 0, 0, 0, 2, 0, dtime, ddate)
    return b"\x60\xea" + struct.pack("<H", len(basic)) + basic + payload


def lzh_file(rng, ctx, folder, name, kind):
    payload = rng.randbytes(log_size(rng, 800, 50000, 8000))
    dtime, ddate = dos_datetime(dos_stamp(rng))
    member = name.rsplit(".", 1)[0][:8].encode("ascii", "replace") + b".DOC"
    body = (b"-lh5-" + struct.pack("<LLHHBB", len(payload), len(payload) * 2, dtime, ddate,
                                   0x20, 0) + bytes([len(member)]) + member
            + struct.pack("<H", rng.randrange(65536)))
    return bytes([len(body), sum(body) & 0xFF]) + body + payload + b"\x00"


# ---- index files


def describe(rng, kind):
    subject = rng.choice(W.TRAV_SUBJECTS)
    what = {"zip": "zipped collection", "gif": "picture", "jpeg": "scanned picture",
            "exe": "DOS program", "html": "web page", "arc": "ARC archive",
            "arj": "ARJ archive", "lzh": "LHarc archive"}.get(kind, "text")
    who = f"{rng.choice(W.FIRST_NAMES)} {rng.choice(W.LAST_NAMES)}"
    return rng.choice((f"{subject} - {what}", f"{what[0].upper()}{what[1:]}: {subject.lower()}",
                       f"{subject}, revised {rng.randint(1, 4)}.{rng.randint(0, 9)}",
                       f"{subject} ({what}) by {who}, with notes on {rng.choice(W.TRAV_SUBJECTS)}"
                       f" and {rng.choice(W.TRAV_SUBJECTS).lower()}"))


MISSING_WORDS = " ".join(NAME_WORDS.values()).split()


def index_entries(rng, files):
    """What an index lists: most present files, plus a few that are gone."""
    listed = [(n, size, describe(rng, k)) for n, size, k in files if rng.random() > 0.1]
    for _ in range(rng.randint(1, 4)):
        gone = f"{rng.choice(MISSING_WORDS).upper()[:7]}{rng.randint(1, 9)}.ZIP"
        listed.append((gone, rng.randint(2000, 400000), describe(rng, "zip")))
    if rng.random() < 0.7:
        listed.sort(key=lambda e: e[0].casefold())
    return listed


def index_00(rng, files):
    lines = []
    tab = rng.random() < 0.3
    for name, _, desc in index_entries(rng, files):
        first, *more = W.wrap(desc, 50)
        lines.append(name + ("\t" if tab else " " * max(1, 16 - len(name))) + first)
        lines += [" " * 16 + line for line in more]
    return ("\r\n".join(lines) + "\r\n").encode(rng.choice(("ascii", "cp437")), errors="replace")


def index_bbs(rng, files):
    """PCBoard long form with `|` continuations, or the short form; ^Z at the end."""
    pcboard, lines = rng.random() < 0.6, []
    for name, size, desc in index_entries(rng, files):
        first, *more = W.wrap(desc, 45)
        if pcboard:
            y, mo, d = dos_stamp(rng)[:3]
            lines.append(f"{name.upper():<12} {size:>8}  {mo:02d}-{d:02d}-{y % 100:02d}  {first}")
            lines += [" " * 31 + "| " + line for line in more]
        else:
            lines.append(f"{name.upper():<13}{first}")
            lines += [" " * 13 + line for line in more]
    return ("\r\n".join(lines) + "\r\n").encode("cp437", errors="replace") + b"\x1a"


def index_ion(rng, files):
    """descript.ion: quoted names with spaces; Total Commander multi-line entries."""
    eol = rng.choice((b"\r\n", b"\n", b"\r"))
    lines = []
    for name, _, desc in index_entries(rng, files):
        shown = f'"{name}"' if " " in name else name
        line = f"{shown} {desc}".encode("cp1252", errors="replace")
        if rng.random() < 0.15:
            line += b"\\n" + describe(rng, "text").encode("cp1252", errors="replace") + b"\x04\xc2"
        lines.append(line)
    return eol.join(lines) + eol


GENERATORS = {
    **{f"text_{enc}": text_file for enc, _ in TEXT_ENCODINGS},
    "sector_sec": sector_sec, "sector_t5tab": sector_t5tab, "sector_t5col": sector_t5col,
    "html": html_file, "zip": zip_file, "gif": gif_file, "jpeg": jpeg_file, "exe": exe_file,
    "arc": arc_file, "arj": arj_file, "lzh": lzh_file,
}
INDEX_WRITERS = {"index_00index": index_00, "index_filesbbs": index_bbs,
                 "index_descript": index_ion}


def write_folder(seed, out, folder, ctx):
    """Every file of one folder; index files last, from the real names and sizes."""
    rng = stream(seed, f"folder:{folder.path}")
    target = out / folder.path
    target.mkdir(parents=True, exist_ok=True)
    blobs = {}
    for name, kind in zip(folder.names, folder.kinds, strict=True):
        if kind not in INDEX_WRITERS:
            blobs[name] = GENERATORS[kind](rng, ctx, folder, name, kind)
    present = [(n, len(blobs[n]), k) for n, k in zip(folder.names, folder.kinds, strict=True)
               if n in blobs]
    for name, kind in zip(folder.names, folder.kinds, strict=True):
        if kind in INDEX_WRITERS:
            blobs[name] = INDEX_WRITERS[kind](rng, present)
    total = 0
    for name in folder.names:
        (target / name).write_bytes(blobs[name])
        total += len(blobs[name])
    return total


def write_file_areas(seed, out, count):
    """The non-mail part of the archive; returns per-kind counts and bytes."""
    rng = stream(seed, "areas")
    folders = plan_folders(rng, count)
    ctx = AreaContext(make_pool(rng, 1500), make_pool(rng, 400, width=0),
                      [f"{f.path}/{n}" for f in folders
                       for n, k in zip(f.names, f.kinds, strict=True) if k == "html"],
                      [f"{f.path}/{n}" for f in folders
                       for n, k in zip(f.names, f.kinds, strict=True) if k in ("gif", "jpeg")])
    size = sum(write_folder(seed, out, folder, ctx) for folder in folders)
    kinds = {}
    for folder in folders:
        for kind in folder.kinds:
            kinds[kind] = kinds.get(kind, 0) + 1
    return {"folders": len(folders), "bytes": size,
            "kinds": {k: kinds.get(k, 0) for k in ALL_KINDS}}


# --------------------------------------------------------- entry points ---


def check_target(out, mbox):
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty; the file count would not be exact")
    if mbox is not None:
        mpath = Path(mbox).resolve()
        if mpath.is_relative_to(out.resolve()):
            raise ValueError("write the mbox outside OUT_DIR so --files stays exact")


def generate_archive(out_dir, seed, files, messages, digest_size=20, mbox=None):
    """Write the whole archive tree (and optionally an mbox); return counts."""
    out = Path(out_dir)
    check_target(out, mbox)
    if digest_size < 1:
        raise ValueError("digest_size must be at least 1")
    msgs = plan_messages(stream(seed, "timeline"), messages)
    colls = plan_collections(stream(seed, "collections"), msgs, digest_size)
    if files < len(colls):
        raise ValueError(f"--files {files} is fewer than the {len(colls)} collection files")
    people = make_people(stream(seed, "people"), messages)
    assign_threads(stream(seed, "threads"), msgs)
    assign_authors(stream(seed, "authors"), msgs, people)
    out.mkdir(parents=True, exist_ok=True)
    write_mail(seed, out, msgs, colls, people, mbox)
    areas = write_file_areas(seed, out, files - len(colls))
    posts = [m for m in msgs if m.kind == "post"]
    return {
        "files": len(colls) + sum(areas["kinds"].values()),
        "collections": len(colls),
        "messages": len(msgs),
        "posts": len(posts),
        "nonposts": len(msgs) - len(posts),
        "threads": sum(m.parent < 0 for m in posts),
        "replies": sum(m.parent >= 0 for m in posts),
        "people": len(people),
        "layouts": {lay: sum(c.layout == lay for c in colls) for lay in LAYOUTS},
        "layout_messages": {lay: sum(m.layout == lay for m in msgs) for lay in LAYOUTS},
        "year_folders": sorted({c.folder for c in colls}),
        "folders": areas["folders"],
        "area_bytes": areas["bytes"],
        "kinds": areas["kinds"],
    }


def archive_manifest(seed, files, messages, digest_size=20):
    """{relative path: kind} of the tree `generate_archive` writes for these arguments.

    Kinds are `mail_a` .. `mail_e` for collection files and the ALL_KINDS names
    for the rest. Cheap: it plans the tree without writing or composing text.
    """
    msgs = plan_messages(stream(seed, "timeline"), messages)
    colls = plan_collections(stream(seed, "collections"), msgs, digest_size)
    manifest = {f"{c.folder}/{c.name}": f"mail_{c.layout}" for c in colls}
    for folder in plan_folders(stream(seed, "areas"), files - len(colls)):
        for name, kind in zip(folder.names, folder.kinds, strict=True):
            manifest[f"{folder.path}/{name}"] = kind
    return manifest


# ---------------------------------------------------------- add digest ---

DIGEST_FILE_RE = re.compile(r"traveller-digest-V(\d{4})-(\d+)\.txt")
SUBJECT_NOISE_RE = re.compile(r"^(?:(?:re|RE|Re):\s*|\[T\d\d#\d+\]\s*|\(\d+\)\s*)+")
TD_TAIL_RE = re.compile(r"\s*\(Td V\d\d #\d+\)$")
ENVELOPE_RE = re.compile(r"[\w.%!+-]+@[\w.-]+")


def newest_digests(out):
    """The newest TMLyyyy folder and its majordomo digests, oldest first."""
    years = sorted(p for p in out.iterdir() if p.is_dir() and re.fullmatch(r"TML\d{4}", p.name))
    if not years:
        raise FileNotFoundError(f"no TMLyyyy folders in {out}")
    found = sorted((int(m[1]), int(m[2]), p) for p in years[-1].iterdir()
                   if (m := DIGEST_FILE_RE.fullmatch(p.name)))
    if not found:
        raise FileNotFoundError(f"no Traveller-digest files in {years[-1]}")
    return years[-1], found


def parse_digest(path):
    """(digest date in UTC, [(headers, body)]) from a digest this module wrote."""
    text = path.read_bytes().decode("latin-1").replace("\r\n", "\n")
    stamp = email.utils.parsedate_to_datetime(re.search(r"(?m)^Date: (.+)$", text)[1])
    when = (stamp - stamp.utcoffset()).replace(tzinfo=None)
    messages = re.split(r"(?m)^-{60,85}\n\n", text, maxsplit=1)[1]
    parsed = []
    for chunk in re.split(r"\n\n-{27,33}\n\n", messages):
        if chunk.startswith("End of "):
            continue
        head, _, body = chunk.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.split("\n") if ": " in line)
        body = re.sub(r"(?m)^>From ", "From ", re.sub(r"(?m)^- ", "", body.strip("\n")))
        parsed.append((fields, body))
    return when, parsed


def parsed_parent(fields, body, idx, coll_index, pos):
    """A Msg standing for an existing digest message, enough to reply to it."""
    subject = fields["Subject"].strip()
    frm = fields.get("From", "unknown")
    name, addr = email.utils.parseaddr(frm)
    own = [ln for ln in body.split("\n") if ln.strip() and not ln.startswith(">")]
    quoted = [ln for ln in body.split("\n") if ln.startswith(">")]
    envelope = ENVELOPE_RE.search(frm)
    return Msg(idx, datetime(1999, 1, 1), "e", subject=subject, pos=pos, coll=coll_index,
               base=TD_TAIL_RE.sub("", SUBJECT_NOISE_RE.sub("", subject)) or subject,
               from_line=frm, name=name or addr or frm, date_str=fields.get("Date", ""),
               envelope=envelope[0] if envelope else "unknown", quote=tuple(quoted[:3] + own[:6]))


def existing_messages(found):
    """Parents to reply to: the messages of the last five digests."""
    colls, parents, last_when = [], [], None
    for volume, number, path in found[-5:]:
        last_when, parsed = parse_digest(path)
        colls.append(Collection("e", 0, 0, number, volume, last_when, path.parent.name,
                                path.name))
        for pos, (fields, body) in enumerate(parsed):
            if "Subject" in fields:
                parents.append(parsed_parent(fields, body, len(parents), len(colls) - 1, pos))
    return colls, parents, last_when


def new_digest_messages(rng, parents, coll, count, since):
    """New posts between the last digest and this one; most continue old threads."""
    span = max(count + 1, int((coll.when - since).total_seconds()))
    start = coll.when - timedelta(seconds=span)
    first_idx = len(parents)
    offsets = sorted(rng.sample(range(span), count))
    pool, nobody = make_pool(rng, 200), Person([], ZONES[0], False, {}, 0, 0, "", 1.0)
    msgs = []
    for pos, off in enumerate(offsets):
        author = rng.choice(parents)
        m = Msg(first_idx + pos, start + timedelta(seconds=off), "e", pos=pos, coll=-1,
                from_line=author.from_line, name=author.name, envelope=author.envelope)
        m.host = m.envelope.rsplit("@", 1)[-1] if "@" in m.envelope else "MPGN.COM"
        m.date_str = render_date(rng.choice(DATE_STYLES["e"])[0], m.when, rng.choice(ZONES))
        m.msgid = f"<{m.when:%y%m%d%H%M%S}.AD{pos:03d}@{m.host}>"
        parent = rng.choice(parents[-60:]) if rng.random() < 0.75 else None
        m.parent = parent.idx if parent else -1
        m.root = m.parent if parent else m.idx
        m.base = parent.base if parent else new_subject(rng, m)
        msgs.append((m, parent, pool, nobody))
    return msgs


def mbox_ids(mbox, folder):
    """X-TML-Source -> Message-ID for the messages of one year folder."""
    data = Path(mbox).read_bytes()
    pattern = (rb"(?m)^Message-ID: (<[^>\n]*>)\n(?:[^\n]+\n)*?X-TML-Source: ("
               + re.escape(folder.encode()) + rb"/[^\n]+)$")
    return {src.decode(): mid.decode() for mid, src in re.findall(pattern, data)}


def append_to_mbox(mbox, folder, colls, parents, new):
    ids = mbox_ids(mbox, folder.name)
    for p in parents:
        source = f"{folder.name}/{colls[p.coll].name}#{p.pos + 1}"
        if source in ids:
            p.msgid = ids[source]
    for m in new:
        if m.parent >= 0 and not parents[m.parent].msgid:
            raise ValueError(f"{mbox} does not hold the messages of {folder}")
    everything = parents + new
    with open(mbox, "ab") as fh:
        for m in new:
            fh.write(mbox_entry(m, everything, colls).encode("latin-1", errors="replace"))


def add_digest(out_dir, seed, messages=20, mbox=None):
    """Write ONE new majordomo digest into the newest year folder ("add one digest").

    Its messages come from people already on the list, and most reply to
    messages of the last few digests by subject and `(Td Vyy #n)`-style
    references. With `mbox`, the same messages are appended there too, with
    In-Reply-To pointing at the parents' Message-IDs.
    """
    out = Path(out_dir)
    folder, found = newest_digests(out)
    volume, number = found[-1][0], found[-1][1] + 1
    colls, parents, last_when = existing_messages(found)
    if not parents:
        raise ValueError(f"the newest digests in {folder} have no messages to reply to")
    rng = stream(seed, f"add-digest:{folder.name}:{volume}:{number}")
    year_end = datetime(int(folder.name[3:]), 12, 31) + END_OF_DAY
    when = min(last_when + timedelta(minutes=rng.randint(120, 1800)), year_end)
    coll = Collection("e", 0, messages, number, volume, when, folder.name,
                      f"traveller-digest-V{volume}-{number:04d}.txt")
    colls.append(coll)
    new = []
    for m, parent, pool, nobody in new_digest_messages(rng, parents, coll, messages,
                                                       last_when):
        m.coll = len(colls) - 1
        m.subject = reply_subject(rng, m, parent, colls) if parent else m.base
        m.body = compose_post(rng, m, parent, nobody, pool)
        new.append(m)
    (folder / coll.name).write_bytes(collection_bytes(rng, coll, new))
    if mbox is not None:
        append_to_mbox(mbox, folder, colls, parents, new)
    return {"path": f"{folder.name}/{coll.name}", "volume": volume, "number": number,
            "messages": len(new), "replies": sum(m.parent >= 0 for m in new)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--mbox", help="also write the messages as one Unix mbox")
    parser.add_argument("--digest-size", type=int, default=20)
    parser.add_argument("--add-digest", action="store_true",
                        help="write ONE new digest of --digest-size messages into the "
                             "newest year folder of an existing OUT_DIR (and --mbox)")
    args = parser.parse_args(argv)
    if args.add_digest:
        result = add_digest(args.out_dir, args.seed, args.digest_size, args.mbox)
    else:
        result = generate_archive(args.out_dir, args.seed, args.files, args.messages,
                                  args.digest_size, args.mbox)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
