"""Who wrote each message: From values of 1987–2002 read into people.

Why this is not `email.utils.parseaddr`: the archive's From lines come from
UUCP bang paths, BITNET, %-relays, VMS (`IN%"addr"`), Lotus Notes and
CompuServe, and the commonest shape, `u@h (Name)`, carries the only name we
have in a comment that `email.policy.default` throws away (legacy-formats.md,
section 1). People pages need one stable page per person although the same
person wrote under several addresses and spellings over fifteen years; a wrong
merge is worse than a missed one (it puts words in someone else's mouth), so
automatic merging happens only on strong evidence, and the archivist's
`archive/_people.toml` can force or forbid merges and pick the display name.

Automatic merges: the same mailbox (BITNET and UUCP hosts with or without
their `.bitnet`/`.uucp` suffix; a shared mailbox such as root@ or *-request@
only together with the same name); or the same full name (two words or more,
folded for case, accents, punctuation and "Last, First", never a generic name
like "Postmaster") together with the same user part or the same organisation
domain (not a mass provider like aol.com). A name with no address, or a name
made from the address, never merges on its own.

Keys are permanent URLs, so they depend only on the person's canonical
identity - the smallest address, else the smallest folded name - hashed, after
a slug of the fullest name written with that address; never on message order
or counts. People who share that address (a split family mailbox) get a longer
hash that also covers their name.
"""

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.header import decode_header, make_header

VMS_FORM = re.compile(r'(?:in|smtp|mx|jnet|ean)%\s*"((?:[^"\\]|\\.)*)"?\s*(.*)',
                      re.IGNORECASE | re.DOTALL)
LEADING_COMMENT = re.compile(r"\((.*)\)\s*(\S+)", re.DOTALL)
TRAILING_COMMENT = re.compile(r"([^\s()]+)\s*\((.*)\)[\s.]*", re.DOTALL)
QUOTED_NAME = re.compile(r'"((?:[^"\\]|\\.)*)"\s*(\S+)', re.DOTALL)
QUOTED_PAIR = re.compile(r"\\(.)", re.DOTALL)
COMPUSERVE_ID = re.compile(r"(\d{4,9})[,.](\d{1,6})")
LOTUS_NAME = re.compile(r"(?:cn=)?([^/@]+?)((?:/(?:[a-z]{1,2}=)?[\w&.' -]{1,30}){1,4})",
                        re.IGNORECASE)
SPACES = re.compile(r"\s+")
FOLD_PUNCTUATION = re.compile(r"[\W_]+")
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"}

# Mailboxes and names that many different people wrote from: never merged
# on their own strength (see _address_key and _mergeable_name).
GENERIC_LOCALS = {
    "root", "postmaster", "mailer-daemon", "mailer_daemon", "daemon", "nobody",
    "uucp", "news", "usenet", "majordomo", "listserv", "listproc", "owner", "admin",
    "sysop", "operator", "guest", "user", "traveller", "traveller-digest", "xboat",
    "???", "unknown", "anonymous",
}
GENERIC_NAMES = {
    "root", "postmaster", "mailer daemon", "list owner", "traveller digest",
    "tml administrator", "tml admin", "tml submissions", "traveller request",
    "system administrator", "sysop", "administrator", "owner", "nobody", "unknown",
    "super user", "superuser", "mail delivery subsystem", "mail system",
    "majordomo", "listserv", "list processor", "traveller mailing list",
}
# Mass-market providers: a shared domain there says nothing about identity.
MASS_DOMAINS = {
    "aol.com", "compuserve.com", "netcom.com", "delphi.com", "geis.com", "prodigy.com",
    "hotmail.com", "yahoo.com", "earthlink.net", "msn.com", "juno.com", "mindspring.com",
    "gnn.com", "genie.com", "bix.com", "well.com", "ibm.net", "concentric.net",
}
SECOND_LEVEL = {"ac", "co", "com", "edu", "gov", "net", "org", "or", "ne", "go", "mil"}


@dataclass(frozen=True, slots=True)
class Author:
    """One From value as read: display name, identity address, the value as written."""

    name: str        # "Jane Q. Public", or the address's user part when no name was given
    address: str     # lower-case, relays and bang paths resolved; "" when none
    raw: str         # the From value as written


@dataclass
class Person:
    """Everyone an archive page calls one person."""

    key: str               # stable id for URLs: "jane-q-public-3fa2c1"
    name: str              # the most used display name (or the archivist's choice)
    addresses: list[str] = field(default_factory=list)   # sorted
    names: list[str] = field(default_factory=list)       # every spelling seen, sorted


def parse_from(value: str) -> Author:
    """Read one From value of any era; never raises."""
    if not isinstance(value, str):
        return Author("", "", "")
    text = SPACES.sub(" ", value).strip()[:500]
    name, address = _split(text)
    address = normalise_address(address)
    name = _clean_name(name, address)
    return Author(name or _user_part(address), address, value)


def _split(text):
    """(name part, address part) of a From value, either possibly empty."""
    vms = VMS_FORM.match(text)
    if vms:
        return _split_vms(vms[1], vms[2])
    open_at = text.rfind("<")
    close_at = text.find(">", open_at)
    if open_at >= 0 and close_at > open_at:
        name = text[:open_at].strip() or _comment(text[close_at + 1:])
        return name, text[open_at + 1:close_at]
    for pattern, name_group, address_group in (
            (LEADING_COMMENT, 1, 2), (TRAILING_COMMENT, 2, 1), (QUOTED_NAME, 1, 2)):
        match = pattern.fullmatch(text)
        if match:
            return match[name_group], match[address_group]
    return _split_words(text)


def _split_vms(inner, trailer):
    """VMS mail: IN%"addr", IN%"Name <addr>", IN%"addr" "Name"."""
    name, address = _split(QUOTED_PAIR.sub(r"\1", inner).strip())
    if trailer.startswith('"'):
        name = trailer.strip().strip('"') or name
    elif trailer.startswith("("):
        name = _comment(trailer) or name
    return name, address


def _comment(text):
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1]
    return ""


def _split_words(text):
    """No brackets, parentheses or quotes: find the word that is an address."""
    words = text.split(" ")
    if len(words) == 1:
        return "", text
    for index, word in enumerate(words):
        if "@" in word or "!" in word or COMPUSERVE_ID.fullmatch(word):
            return " ".join(words[:index] + words[index + 1:]), word
    return text, ""


def normalise_address(address: str) -> str:
    """The identity form of a mailbox: lower-case, relays and bang paths resolved."""
    text = SPACES.sub("", address).strip("<>\"'").rstrip(".,;:").lower()
    for prefix in ("mailto:", "internet:", "smtp:"):
        if text.startswith(prefix):
            text = text[len(prefix):]
    if text.startswith("@") and ":" in text:
        text = text.split(":", 1)[1]          # source route @a,@b:user@host
    if COMPUSERVE_ID.fullmatch(text):
        return text.replace(",", ".") + "@compuserve.com"
    local, at, domain = text.rpartition("@")
    if not at:
        local, domain = text, ""
    if "!" in local:
        local, domain = _resolve_bang_path(local)
    elif "%" in local:
        local, domain = local.split("%")[:2]
    if domain == "compuserve.com":
        local = local.replace(",", ".")
    local, domain = local.strip(".!%"), domain.strip(".!%[]")
    if not local or not any(char.isalnum() for char in local):
        return ""
    return f"{local}@{domain}" if domain else local


def _resolve_bang_path(path):
    """(user, host) of a UUCP bang path; FidoNet z!n!f gateways become fidonet.org."""
    hops = [hop for hop in path.split("!") if hop]
    if not hops:
        return "", ""
    user, hosts = hops[-1], hops[:-1]
    numbers = []
    while hosts and hosts[-1].isdigit() and len(numbers) < 4:
        numbers.insert(0, hosts.pop())
    if len(numbers) >= 3:
        labels = [f"{kind}{number}" for kind, number in zip("znfp", numbers, strict=False)]
        return user, ".".join(reversed(labels)) + ".fidonet.org"
    hosts += numbers
    return user, hosts[-1] if hosts else ""


def _clean_name(name, address):
    """The display name as written, without quotes, encodings and Lotus Notes units."""
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1]
    name = QUOTED_PAIR.sub(r"\1", name.replace('""', '"'))
    if "=?" in name:
        name = _decode_words(name)
    lotus = LOTUS_NAME.fullmatch(name) if "/" in name else None
    if lotus and (" " in lotus[1].strip() or lotus[2].count("/") >= 2):
        name = lotus[1]
    name = SPACES.sub(" ", name).strip()
    if name.count('"') == 1:
        name = name.replace('"', "").strip()       # a quote cut off with the line
    if not name or name.lower() == address or ("@" in name and " " not in name):
        return ""
    return name


def _decode_words(text):
    try:
        return str(make_header(decode_header(text)))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return text


def _user_part(address):
    return address.rpartition("@")[0] or address


def fold_name(name: str) -> str:
    """Case, accent and punctuation folded name; "Public, Jane Q." -> "jane q public"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        if first and FOLD_PUNCTUATION.sub("", first) not in NAME_SUFFIXES:
            text = f"{first} {last}"
    return FOLD_PUNCTUATION.sub(" ", text).strip()


def is_generic_local(local: str) -> bool:
    return (local in GENERIC_LOCALS or local.endswith("-request")
            or local.startswith("owner-"))


def organisation(domain: str) -> str:
    """The registrable part of a host ("pyr.school.edu" -> "school.edu"); "" if useless."""
    labels = domain.split(".")
    if len(labels) == 1 or labels[-1] in ("bitnet", "uucp"):
        org = domain
    elif len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        org = ".".join(labels[-3:])
    else:
        org = ".".join(labels[-2:])
    return "" if org in MASS_DOMAINS or not org else org


# --- grouping ---------------------------------------------------------------------------


class _Groups:
    """Union-find over identities; the archivist's splits are constraints on it."""

    def __init__(self, size):
        self.parent = list(range(size))
        self.tags = [{} for _ in range(size)]    # split group -> which of its members

    def find(self, item):
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, one, other, forced=False):
        one, other = self.find(one), self.find(other)
        if one == other or (not forced and self._kept_apart(one, other)):
            return
        low, high = min(one, other), max(one, other)
        self.parent[high] = low
        self.tags[low] = {**self.tags[high], **self.tags[low]}

    def _kept_apart(self, one, other):
        tags, others = self.tags[one], self.tags[other]
        return any(others.get(group, member) != member for group, member in tags.items())


def group_people(authors: list[Author], overrides: dict | None = None):
    """Group authors into people.

    Returns (people, person_of): people maps each key to its Person, in key
    order; person_of maps every (Author.name, Author.address) seen to a key.
    `overrides` is the parsed `archive/_people.toml`: {"merge": [[identity,
    ...]], "split": [[identity, ...]], "names": {key or address: name}}, where
    an identity is an address (normalised as From values are) or a name.
    "merge" joins everything its identities match, whatever else says; "split"
    stops automatic merges between its members, and a split naming a single
    identity keeps everything that identity matches apart, one from another.
    Entries that match nobody or are malformed are ignored.
    """
    overrides = overrides if isinstance(overrides, dict) else {}
    counts = Counter((author.name, author.address) for author in authors)
    nodes = sorted(counts)
    groups = _Groups(len(nodes))
    index = _Index(nodes)
    _apply_splits(groups, index, _lists(overrides.get("split")))
    _merge_same_address(groups, nodes)
    _merge_same_name(groups, nodes)
    for identities in _lists(overrides.get("merge")):
        members = sorted(set().union(*(index.lookup(item) for item in identities)))
        for member in members[1:]:
            groups.union(members[0], member, forced=True)
    names = overrides.get("names")
    return _build_people(nodes, counts, groups, names if isinstance(names, dict) else {})


def _lists(value):
    """The list-of-lists entries of an override, anything else dropped."""
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, list)]


class _Index:
    """Finds the identities an override names, by address or by folded name."""

    def __init__(self, nodes):
        self.by_address, self.by_name = defaultdict(set), defaultdict(set)
        for number, (name, address) in enumerate(nodes):
            if address:
                self.by_address[address].add(number)
            self.by_name[fold_name(name)].add(number)

    def lookup(self, identity):
        if not isinstance(identity, str):
            return set()
        address = parse_from(identity).address
        return self.by_address.get(address, set()) | self.by_name.get(fold_name(identity), set())


def _apply_splits(groups, index, splits):
    """Tag identities so no automatic merge joins two members of one split group.

    A group naming one identity keeps everything matching it apart, one from another.
    """
    for number, identities in enumerate(splits):
        for member, identity in enumerate(identities):
            for node in sorted(index.lookup(identity)):
                tag = node if len(identities) == 1 else member
                groups.tags[node].setdefault(number, tag)


def _address_key(name, address):
    """Same key, same mailbox. Shared mailboxes (root@, *-request@) also need the name."""
    local, _, domain = address.rpartition("@")
    if domain.endswith((".bitnet", ".uucp")):
        domain = domain.rsplit(".", 1)[0]
    key = f"{local}@{domain}" if local else address
    if is_generic_local(local or address):
        return key, fold_name(name)
    return key, ""


def _merge_same_address(groups, nodes):
    first_of = {}
    for number, (name, address) in enumerate(nodes):
        if not address:
            continue
        key = _address_key(name, address)
        if key in first_of:
            groups.union(first_of[key], number)
        else:
            first_of[key] = number


def _mergeable_name(name):
    folded = fold_name(name)
    if folded.count(" ") < 1 or folded in GENERIC_NAMES:
        return ""
    return folded


def _merge_same_name(groups, nodes):
    """Same full name AND (same user part or same organisation) -> same person."""
    by_name = defaultdict(list)
    for number, (name, address) in enumerate(nodes):
        folded = _mergeable_name(name)
        if folded and address and name != _user_part(address):
            by_name[folded].append(number)
    for members in by_name.values():
        for position, one in enumerate(members):
            for other in members[position + 1:]:
                if _same_owner(nodes[one][1], nodes[other][1]):
                    groups.union(one, other)


def _same_owner(address, other):
    local, _, domain = address.rpartition("@")
    other_local, _, other_domain = other.rpartition("@")
    if local and local == other_local and not is_generic_local(local):
        return True
    org = organisation(domain) if domain else ""
    return bool(org) and org == organisation(other_domain)


def _build_people(nodes, counts, groups, preferred):
    members = defaultdict(list)
    for number, node in enumerate(nodes):
        members[groups.find(number)].append(node)
    built = [(_person(identities, counts), identities) for identities in members.values()]
    _make_keys_unique(built)
    preferred = _normalise_preferred(preferred)
    people, person_of = {}, {}
    for person, identities in sorted(built, key=lambda pair: pair[0].key):
        person.name = _preferred_name(person, preferred) or person.name
        people[person.key] = person
        for identity in identities:
            person_of[identity] = person.key
    return people, person_of


def _person(identities, counts):
    """One Person from its (name, address) identities; key from its canonical identity."""
    addresses = sorted({address for _, address in identities if address})
    real = Counter()
    for name, address in identities:
        if name and name != _user_part(address):
            real[name] += counts[(name, address)]
    spelled = real or Counter({name: counts[(name, address)] for name, address in identities})
    display = min(spelled, key=lambda name: (-spelled[name], name))
    slug_from = [name for name, address in identities
                 if name in real and (not addresses or address == addresses[0])] or list(real)
    key = _key(slug_from, _canonical(identities))
    return Person(key, display, addresses, sorted(spelled))


def _canonical(identities):
    """The smallest address, else the smallest folded name: what a key is made of."""
    addresses = [address for _, address in identities if address]
    if addresses:
        return min(addresses)
    return "name:" + min(fold_name(name) for name, _ in identities)


def _canonical_with_name(identities):
    """For people who share their smallest address (a split mailbox): add a name."""
    canonical = _canonical(identities)
    return canonical + "\n" + min(name for name, address in identities
                                  if address == canonical or canonical.startswith("name:"))


def _key(names, canonical, digits=6):
    """Slug of the canonical name + a short hash of the canonical identity."""
    best = min(names, key=_slug_rank, default=_user_part(canonical.removeprefix("name:")))
    slug = unicodedata.normalize("NFKD", best).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug).strip("-")[:40].strip("-") or "person"
    digest = hashlib.sha1(canonical.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{slug}-{digest[:digits]}"


def _slug_rank(name):
    """Prefer a full name, then the fullest spelling, then the first in order."""
    folded = fold_name(name)
    return (" " not in folded, -len(folded), folded, name)


def _make_keys_unique(built):
    """People sharing a key get a longer hash of their address and name instead.

    That happens when the archivist split a shared mailbox (same smallest
    address), or on a collision of the short hash.
    """
    taken = Counter(person.key for person, _ in built)
    for person, identities in built:
        if taken[person.key] > 1:
            slug = person.key.rsplit("-", 1)[0]
            identity = _canonical_with_name(identities)
            digest = hashlib.sha1(identity.encode("utf-8", "surrogatepass"))
            person.key = f"{slug}-{digest.hexdigest()[:16]}"


def _normalise_preferred(preferred):
    names = {}
    for identity, name in preferred.items():
        if isinstance(identity, str) and isinstance(name, str) and name.strip():
            names[identity] = name.strip()
            names.setdefault(normalise_address(identity), name.strip())
    return names


def _preferred_name(person, preferred):
    for identity in [person.key, *person.addresses]:
        if identity in preferred:
            return preferred[identity]
    return ""
