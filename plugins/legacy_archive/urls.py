"""The one place that maps archive paths to output paths and URLs.

Originals keep their old relative path under the archive's output folder, so
an old link maps to the new site by prefix alone. Everything the plugin adds
(item pages, folder listings, indexes) is claimed after the originals and
moves aside, with a stable suffix, when an archive file already has its
path; only the manifest, whose address is promised, comes first. Claims
compare case- and Unicode-folded paths, so the output is safe to check out
on case-insensitive file systems too.
"""

import dataclasses
import functools
import re
from urllib.parse import quote

from .identify import ACTIVE_ONLY, PAGE_IN_PLACE, SANITISED_COPY, extension
from .kinds import member_pages
from .model import Finding
from .names import fold, name_hash, with_suffix

DOWNLOAD_SUFFIX = ".bin"   # served as application/octet-stream by every static host


@dataclasses.dataclass
class Outputs:   # planned_paths() reads every path field: a new one goes there too
    original: str | None    # where the exact bytes are published
    page: str               # the item's page
    sanitised: str | None   # a cleaned copy at the old path (SVG)
    members: list = dataclasses.field(default_factory=list)  # [(ZIP member, page path)]


class Registry:
    """Output paths claimed so far, by folded path, and the folders they need."""

    def __init__(self):
        self.owners = {}
        self.folders = set()

    def clash(self, path):
        """Index of the path segment that clashes with a claim, or None.

        A segment clashes when a file is already claimed where it needs a
        folder, or (for the last segment) when that file or folder exists.
        """
        parts = fold(path).split("/")
        for index, folder in enumerate(_prefixes(parts)):
            if folder in self.owners:
                return index
        key = "/".join(parts)
        return len(parts) - 1 if key in self.owners or key in self.folders else None

    def claim(self, path, owner):
        """Claim `path` for `owner`, or a stable alternative if it is taken."""
        candidate = path
        while (index := self.clash(candidate)) is not None:
            parts = candidate.split("/")
            parts[index] = with_suffix(parts[index], name_hash(owner + candidate))
            candidate = "/".join(parts)
        key = fold(candidate)
        self.owners[key] = owner
        self.folders.update(_prefixes(key.split("/")))
        return candidate


def _prefixes(parts):
    """The folders of a path split into `parts`: "a", "a/b", ... (not the whole path)."""
    folder = parts[0]
    for part in parts[1:]:
        yield folder
        folder = f"{folder}/{part}"


def plan(items, folders, prefix, claim_more=None):
    """Return ({rel: Outputs}, {folder rel: {"name"|"date": page path}}, {view: path}).

    Claim order decides who keeps a contested path: the manifest (its place
    is promised to readers), then every archive file's old path, then the
    downloads beside active files, then the pages the plugin adds. An archive
    file that cannot keep its old path gets a finding saying where it went.
    """
    registry = Registry()
    views = {"manifest": registry.claim(f"{prefix}/manifest-sha256.txt", "view:manifest")}
    outputs = {item.rel: Outputs(None, "", None) for item in items}
    for item in items:
        _claim_old_path(registry, item, outputs[item.rel], prefix)
    for item in items:
        if item.kind != "link" and outputs[item.rel].original is None:
            path = f"{prefix}/{item.safe_rel}{DOWNLOAD_SUFFIX}"
            outputs[item.rel].original = registry.claim(path, item.rel)
    for item in items:
        if not outputs[item.rel].page:
            outputs[item.rel].page = registry.claim(f"{prefix}/{item.safe_rel}.html", item.rel)
    for item in items:
        outputs[item.rel].members = [(name, registry.claim(path, f"{item.rel}|{name}"))
                                     for name, path in member_pages(item, prefix)]
    views["landing"] = registry.claim(f"{prefix}/index.html", "view:landing")
    views["titles"] = registry.claim(f"{prefix}/titles/index.html", "view:titles")
    views["feed_rss"] = registry.claim(f"{prefix}/feed/index.xml", "view:feed-rss")
    views["feed_atom"] = registry.claim(f"{prefix}/feed/atom/index.xml", "view:feed-atom")
    folder_pages = {}
    for rel, folder in sorted(folders.items()):
        by_name = views["landing"] if not rel else registry.claim(
            f"{prefix}/{folder.safe_rel}index.html", "folder:" + rel)
        by_date = registry.claim(f"{prefix}/{folder.safe_rel}by-date.html", "folder-date:" + rel)
        folder_pages[rel] = {"name": by_name, "date": by_date}
    if claim_more:
        views.update(claim_more(registry))
    return outputs, folder_pages, views


def planned_paths(outputs, folder_pages, views):
    """Every output path of a plan (plan()'s three answers), as a set."""
    paths = set()
    for out in outputs.values():
        paths.update(path for path in (out.original, out.page, out.sanitised) if path)
        paths.update(path for _, path in out.members)
    for pages in folder_pages.values():
        paths.update(pages.values())
    for view in views.values():
        paths.update(view.values() if isinstance(view, dict) else [view])
    return paths


def _claim_old_path(registry, item, outputs, prefix):
    """The old path holds the exact bytes, or for active files their safe form."""
    if item.kind == "link":
        return
    old_path = f"{prefix}/{item.safe_rel}"
    ext = extension(item.safe_rel)
    if ext in SANITISED_COPY:
        outputs.sanitised = registry.claim(old_path, item.rel)
    elif ext in PAGE_IN_PLACE:
        outputs.page = registry.claim(old_path, item.rel)
    elif ext in ACTIVE_ONLY:
        registry.claim(old_path, item.rel)  # kept empty: nothing safe to put there
    else:
        outputs.original = registry.claim(old_path, item.rel)
    granted = outputs.sanitised or outputs.page or outputs.original
    if granted and granted != old_path:
        item.findings.append(Finding(
            "path-taken", f"its old path is needed by the site; published as {granted!r}"))


# What quote() leaves as it is: letters, digits, "_.-~" and these.
URL_SAFE = "!$&'()*+,;=:@~-._"
NOTHING_TO_QUOTE = re.compile(r"[A-Za-z0-9_.~!$&'()*+,;=:@/-]*")


@functools.lru_cache(maxsize=262144)
def url_of(path):
    """The site-relative URL of an output path: folders end in '/', segments quoted."""
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if NOTHING_TO_QUOTE.fullmatch(path):  # most paths: their names were made safe
        return path
    return "/".join(quote(part, safe=URL_SAFE) for part in path.split("/"))
