"""Stages 1–5 for the whole archive: discover, then identify, decode and
extract each changed file, with the catalog deciding what is unchanged.
"""

import hashlib
import logging
import platform
from importlib.metadata import version

from . import collector, parallel
from .catalog import Catalog, pack
from .discover import discover
from .identify import identify
from .model import Finding, Item, display_path
from .sidecar import Sidecars

logger = logging.getLogger(__name__)

# Bump when extraction changes, so every catalog record is rebuilt once.
EXTRACTOR_VERSION = "10"
# What shapes the catalog's records besides this code and Python (its mail
# parser, its Unicode tables): an upgrade makes the catalog anew, as a new
# EXTRACTOR_VERSION does. Libraries that shape only pages are in the site
# fingerprint (plugin.py).
LIBRARIES = ("charset-normalizer",)
TEXT_KINDS = {"text", "mail", "sector", "html", "xml", "svg", "index"}
# What identify sees of a file (magic bytes, text shape).
HEAD_BYTES = 65536
# Single-byte encodings a file read as, though parts of it may be UTF-8.
MIXABLE = {"cp437", "cp850", "cp1252", "latin-1", "mac-roman"}
# Findings discover makes, fresh every build.
SOURCE_CODES = {"name-unsafe", "name-collision", "link-outside", "link-folder", "link-broken",
                "unreadable"}


class Stats:
    def __init__(self):
        self.read = self.cached = self.touched = self.failed = self.pruned = 0


def encoding_override(rel, sidecars, settings):
    """Sidecar encoding first, then the longest matching ARCHIVE['encodings'] prefix."""
    chosen = sidecars.for_file(rel).get("encoding") or sidecars.folder_default(rel, "encoding")
    if chosen:
        return chosen
    matches = [p for p in settings.encodings if rel == p or rel.startswith(p.rstrip("/") + "/")]
    return settings.encodings[max(matches, key=len)] if matches else None


def deps_key(source, sidecars, settings):
    sidecar = sorted(sidecars.for_file(source.rel).items())
    return f"{EXTRACTOR_VERSION}|{encoding_override(source.rel, sidecars, settings)}|{sidecar!r}"


def open_catalog(path, reset=False):
    return Catalog(path, catalog_version(), reset=reset)


def catalog_version():
    """EXTRACTOR_VERSION, Python's and the reading libraries'."""
    return "|".join([EXTRACTOR_VERSION, platform.python_version(),
                     *(f"{name}=={version(name)}" for name in LIBRARIES)])


def survey(settings):
    """(sources, sidecars): what the archive holds, without reading any file."""
    folder_findings = {}
    sources, sidecar_names = discover(settings.path, settings.ignore, folder_findings)
    sidecars = Sidecars(settings.path, sidecar_names)
    for folder, findings in folder_findings.items():
        sidecars.findings.setdefault(folder, []).extend(findings)
    note_orphan_sidecars(sidecars, {source.rel for source in sources})
    for source in sources:   # once: the build's key and the catalog's both need it
        source.deps = deps_key(source, sidecars, settings)
    return sources, sidecars


def read_archive(settings, catalog, progress=None, surveyed=None, workers=1):
    """Return (sources, items, sidecars, stats): one Item per file, sorted by path.

    `surveyed` is survey()'s answer when the caller has it already. Files the
    catalog does not know are read on `workers` processes.
    """
    stats = Stats()
    catalog.wait()   # the reading processes are forked: no commit thread then
    sources, sidecars = surveyed or survey(settings)
    items, changed, cached = [None] * len(sources), [], []
    for number, source in enumerate(sources):
        if catalog.unchanged(source):
            cached.append((number, source))
        else:
            changed.append((number, source))
    loaded = catalog.load_many([source.rel for _, source in cached])
    for number, source in cached:
        items[number] = refreshed(loaded[source.rel], source)
    done = stats.cached = len(cached)
    outcomes = parallel.imap(_read_one, changed, (sidecars, settings, catalog), workers)
    for (number, source), outcome in zip(changed, collector.settling(outcomes), strict=True):
        items[number] = _keep(outcome, source, catalog, stats)
        done += 1
        if progress:
            progress(done, len(sources))
    stats.pruned = catalog.prune([s.rel for s in sources])
    catalog.commit(wait=False)   # written while the caller indexes what was read
    return sources, items, sidecars, stats


def _read_one(task, shared):
    """Read and process one changed file; runs in a worker, never touches the database.

    Returns ("same", None, None, 0, problem) when its bytes are those the
    catalog has, else ("read", item, text, failures, problem), the text
    packed for the catalog; `problem` is the finding of a file that could
    not be read, or None.
    """
    _, source = task
    sidecars, settings, catalog = shared
    try:
        data, sha256, whole = read_source(source, settings.max_read_bytes)
        problem = None
    except OSError as error:
        data, sha256, whole = b"", hashlib.sha256(b"").hexdigest(), True
        problem = Finding("unreadable", f"could not be read: {error.strerror}")
        source.findings.append(problem)
    if catalog.same_bytes(source, sha256):
        return "same", None, None, 0, problem
    stats = Stats()
    item, text = process(source, data, sha256, sidecars, settings, stats, whole)
    return "read", item, pack(text), stats.failed, problem


def _keep(outcome, source, catalog, stats):
    """Record what a worker found in the catalog; return the file's Item."""
    verdict, item, text, failures, problem = outcome
    if problem and problem not in source.findings:  # found in another process
        source.findings.append(problem)
    if verdict == "same":
        stats.touched += 1
        catalog.touch(source)
        return refreshed(catalog.load(source.rel), source)
    stats.read += 1
    stats.failed += failures
    catalog.store(item, source, text)
    return item


def note_orphan_sidecars(sidecars, present):
    """A sidecar for a file that is not there is reported on its folder, not dropped."""
    for rel in sorted(set(sidecars.files) - present):
        folder, _, name = rel.rpartition("/")
        sidecars.findings.setdefault(folder + "/" if folder else ".", []).append(Finding(
            "sidecar-orphan", f"sidecar {name + '.meta.toml'!r} describes {name!r}, "
            "which is not in this folder"))


def read_source(source, limit, chunk=1 << 20):
    """(bytes, sha256, whole): all of a file, or past `limit` its head and a streamed hash."""
    if source.link_target is not None:
        return b"", hashlib.sha256(b"").hexdigest(), True
    with open(source.path, "rb") as handle:
        data = handle.read(limit + 1)
        if len(data) <= limit:
            return data, hashlib.sha256(data).hexdigest(), True
        digest = hashlib.sha256(data)
        while block := handle.read(chunk):
            digest.update(block)
    return data[:HEAD_BYTES], digest.hexdigest(), False


def refreshed(item, source):
    """A catalog record with this build's name and link facts.

    Safe names and link findings depend on the file's siblings and targets,
    not on its bytes, so they are taken from discover every build.
    """
    item.safe_rel = source.safe_rel
    item.findings = list(source.findings) + [
        f for f in item.findings if f.code not in SOURCE_CODES]
    return item


def process(source, data, sha256, sidecars, settings, stats, whole=True):
    """Identify, decode and extract one file; never raises for bad content.

    `whole` False: `data` is only the head of a file past max_read_bytes,
    which is identified from it and not read further.
    """
    item = Item(rel=source.rel, safe_rel=source.safe_rel,
                size=len(data) if whole else source.size, sha256=sha256,
                kind="link", findings=list(source.findings))
    apply_sidecar(item, sidecars.for_file(source.rel))
    if source.link_target is not None:
        item.detail = f"symbolic link to {source.link_target}"
        return item, None
    if not whole:
        item.kind, item.detail = identify(source.rel, data[:HEAD_BYTES])
        item.findings.append(Finding(
            "too-large", f"{source.size:,} bytes is more than max_read_bytes "
            f"({settings.max_read_bytes:,}); published and hashed, not read"))
        return item, None
    text = None
    from .extract import EXTRACTORS  # only when a file is read (see plugin.py)

    try:
        item.kind, item.detail = identify(source.rel, data[:HEAD_BYTES])
        if item.kind in TEXT_KINDS:
            text = _decode(item, data, encoding_override(source.rel, sidecars, settings), settings)
        extractor = EXTRACTORS.get(item.kind)
        if extractor:
            extractor(item, data, text)
    except Exception:  # one bad file must not stop the build (Pelican's convention)
        logger.exception("legacy_archive: could not process %s", display_path(source.rel))
        stats.failed += 1
        item.findings.append(Finding("extract-failed", "could not be read past its raw bytes"))
    return item, text


def _decode(item, data, override, settings):
    from .decode import decode, mixed_utf8

    shown = shown_bytes(data, settings.max_text_bytes)
    decoded = decode(shown, override=override)
    item.encoding, item.newlines = decoded.label, decoded.newlines
    if len(shown) < len(data):
        item.extra["truncated_at"] = len(shown)
        item.findings.append(Finding(
            "text-truncated", f"{len(data):,} bytes is more than the {settings.max_text_bytes:,}"
            f" shown (max_text_bytes); its page shows the first {len(shown):,}, the download"
            " has all"))
    mixed = mixed_utf8(shown) if decoded.encoding in MIXABLE else 0
    if mixed:
        item.findings.append(Finding(
            "decode-mixed", f"mixes UTF-8 ({mixed} characters) with another encoding; "
            f"shown as {decoded.label}, so its UTF-8 characters read as odd symbols"))
    elif decoded.method == "fallback":
        why = (f"its bytes do not all fit the encoding set for it ({override})" if override
               else "no encoding fits all of its bytes")
        item.findings.append(Finding(
            "decode-fallback", f"{why}; shown as {decoded.label}, odd bytes replaced"))
    return decoded.text


def shown_bytes(data, limit):
    """At most `limit` bytes, cut at a line end so no character is split."""
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    if cut > limit // 2:
        return data[:cut + 1]
    cut = limit
    while cut > max(limit - 4, 0) and 0x80 <= data[cut] <= 0xBF:
        cut -= 1
    return data[:cut]


def apply_sidecar(item, meta):
    if "title" in meta:
        item.title = meta["title"]
    if "author" in meta:
        item.authors = list(meta["author"])
    if "date" in meta:
        item.date, item.date_source = meta["date"], "sidecar"
    if "description" in meta:
        item.description, item.description_source = meta["description"], "sidecar"
    if "added" in meta:
        item.extra["added"] = meta["added"]
    item.hidden = bool(meta.get("hide", False))
