"""Stage 1, discover: a sorted walk of archive/ that never leaves it.

Symbolic links are recorded, never followed for folders, and followed for
files only when their target is inside the archive. Each name gets its safe
form here (names.assign_names), so every later stage sees one stable path.
"""

import os
import stat
from pathlib import Path

from .model import Finding, Source
from .names import assign_names

SIDECAR_SUFFIX = ".meta.toml"
FOLDER_SIDECAR = "_folder.meta.toml"


PEOPLE_SIDECAR = "_people.toml"  # the archivist's merges of mail authors (mail/people.py)


def is_sidecar(name):
    return name in (FOLDER_SIDECAR, PEOPLE_SIDECAR) or name.endswith(SIDECAR_SUFFIX)


def discover(root, ignore=frozenset(), folder_findings=None):
    """Return (sources, sidecars): files sorted by path, sidecar paths by folder.

    Problems with folder names go into `folder_findings` ({"a/b/": [...]}) when
    it is given.
    """
    root = Path(root)
    sources, sidecars = [], {}
    if not root.is_dir():
        return sources, sidecars
    real_root = os.path.realpath(root)
    stack = [("", "", str(root))]
    while stack:
        rel_dir, safe_dir, abs_dir = stack.pop()
        entries = _list_folder(abs_dir, ignore)
        safe, findings = assign_names([entry.name for entry in entries])
        folders = []
        for entry in entries:
            rel = f"{rel_dir}{entry.name}"
            safe_rel = f"{safe_dir}{safe[entry.name]}"
            if is_sidecar(entry.name) and entry.is_file(follow_symlinks=False):
                sidecars.setdefault(rel_dir, []).append(entry.name)
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((rel + "/", safe_rel + "/", entry.path))
                if folder_findings is not None and entry.name in findings:
                    folder_findings[rel + "/"] = findings[entry.name]
                continue
            source = _source(entry, rel, safe_rel, real_root)
            if source is not None:
                source.findings[:0] = findings.get(entry.name, [])
                sources.append(source)
        stack.extend(reversed(folders))
    sources.sort(key=lambda s: s.rel.encode("utf-8", "surrogateescape"))
    return sources, sidecars


def _list_folder(path, ignore):
    try:
        with os.scandir(path) as found:
            entries = [e for e in found if e.name not in ignore]
    except OSError:
        return []
    return sorted(entries, key=lambda e: os.fsencode(e.name))


def _source(entry, rel, safe_rel, real_root):
    """A Source for a file or a symbolic link; None for sockets and devices."""
    info = entry.stat(follow_symlinks=False)
    source = Source(rel=rel, safe_rel=safe_rel, path=entry.path, size=info.st_size,
                    mtime_ns=info.st_mtime_ns)
    if stat.S_ISLNK(info.st_mode):
        return _link_source(source, real_root)
    if not stat.S_ISREG(info.st_mode):
        return None
    return source


def _link_source(source, real_root):
    """Keep a link as a record of where it pointed; follow it only inside the archive."""
    target = os.readlink(source.path)
    source.link_target = target
    real = os.path.realpath(source.path)
    inside = real == real_root or real.startswith(real_root + os.sep)
    if not inside:
        source.findings.append(Finding(
            "link-outside",
            f"symbolic link to {target!r} points outside the archive; not followed"))
    elif os.path.isdir(real):
        source.findings.append(Finding(
            "link-folder", f"symbolic link to folder {target!r}; its files are listed there"))
    elif not os.path.isfile(real):
        source.findings.append(Finding("link-broken", f"symbolic link to {target!r} is broken"))
    source.size = 0
    return source
