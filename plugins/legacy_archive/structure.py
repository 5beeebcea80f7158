"""The archive as a tree: folders, their files, and what index files say.

Runs every build on catalog records (cheap): index files describe their
siblings, listed-but-missing and unlisted files are reported on the index,
and folders get titles from their sidecars or their parent's index.
"""

import dataclasses

from .indexfiles import IndexEntry, attach, index_kind
from .model import Finding

INDEX_PRECEDENCE = {"descript.ion": 0, "files.bbs": 1, "00index": 2}


@dataclasses.dataclass
class Folder:
    rel: str                  # "" for the root, else "a/b/"
    safe_rel: str
    title: str = ""
    description: str = ""
    items: list = dataclasses.field(default_factory=list)
    folders: list = dataclasses.field(default_factory=list)   # child Folder objects
    findings: list = dataclasses.field(default_factory=list)

    @property
    def name(self):
        return self.rel.rstrip("/").rsplit("/", 1)[-1]

    @property
    def parent_rel(self):
        parts = self.rel.rstrip("/").split("/")[:-1]
        return "/".join(parts) + "/" if parts else ""


def build_tree(items, sidecars):
    """Return {folder rel: Folder} with every folder that holds something."""
    folders = {"": Folder("", "")}
    for item in items:
        item.findings.extend(sidecars.findings.get(item.rel, []))
        rel_parts = item.rel.split("/")[:-1]
        safe_parts = item.safe_rel.split("/")[:-1]
        for depth in range(1, len(rel_parts) + 1):
            rel = "/".join(rel_parts[:depth]) + "/"
            if rel not in folders:
                folders[rel] = Folder(rel, "/".join(safe_parts[:depth]) + "/")
                folders[folders[rel].parent_rel].folders.append(folders[rel])
        folders["/".join(rel_parts) + "/" if rel_parts else ""].items.append(item)
    for folder in folders.values():  # sidecars first: an index never overrides them
        meta = sidecars.folders.get(folder.rel, {})
        folder.title = meta.get("title", "")
        folder.description = meta.get("description", "")
        folder.findings = list(sidecars.findings.get(folder.rel or ".", []))
    for folder in folders.values():
        attach_indexes(folder)
    return folders


def attach_indexes(folder):
    """Let the folder's index files describe its files and subfolders."""
    indexes = sorted((i for i in folder.items if i.kind == "index"),
                     key=lambda i: (INDEX_PRECEDENCE.get(index_kind(i.rel.rsplit("/", 1)[-1]), 9),
                                    i.rel))
    files = {i.rel.rsplit("/", 1)[-1]: i for i in folder.items}
    subfolders = {f.name: f for f in folder.folders}
    described = set()
    for index in indexes:  # the most trusted first: the first description found wins
        entries = [IndexEntry(*row) for row in index.extra.get("entries", [])]
        found = attach(entries, sorted(files) + sorted(subfolders))
        for name, entry in found.descriptions.items():
            described.add(name)
            _describe(files.get(name) or subfolders[name], entry, index)
        if found.missing:
            index.findings.append(Finding(
                "index-missing", f"lists {len(found.missing)} file(s) that are not here: "
                + ", ".join(found.missing)))
    unlisted = sorted(n for n, item in files.items() if item.kind != "index" and n not in described)
    if indexes and unlisted:
        indexes[0].findings.append(Finding(
            "index-unlisted", f"does not describe {len(unlisted)} file(s) here: "
            + ", ".join(unlisted)))


def _describe(target, entry, index):
    """Fill what sidecars and more trusted indexes left empty."""
    if isinstance(target, Folder):
        target.description = target.description or entry.description
        return
    if target.description_source in ("", "content") and entry.description:
        target.description = entry.description
        target.description_source = "index"
        target.extra["described_by"] = index.rel
    if not target.date and entry.date:
        target.date, target.date_source = entry.date, "index"
