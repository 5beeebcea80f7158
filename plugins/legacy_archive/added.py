"""When each file joined the archive: the archivist's word, else git's history.

A file's modification time says nothing here (a git checkout sets it to the
moment of the checkout), so the date a file was added comes from its
sidecar's `added` key or, failing that, from the commit that added it to
the repository holding the archive. A file not yet committed has no date
until it is, and is left out of "new in the archive" until then.
"""

import datetime as dt
import subprocess
from pathlib import Path

GIT_TIMEOUT = 120  # seconds; history of a large archive is read in one command


def git_additions(root):
    """({archive path: ISO 8601 time of the commit that added it}, problem or "").

    The newest adding commit wins (a file deleted and added again counts from
    its return). Outside a git work tree the answer is empty, with no problem;
    a shallow clone is a problem, because its oldest commit seems to add
    every file it holds.
    """
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return {}, ""
    top = Path(top.decode("utf-8", "surrogateescape").strip())
    prefix = Path(root).resolve().relative_to(top.resolve()).as_posix()
    log = _git(top, "log", "--diff-filter=A", "--no-renames", "-z", "--format=%x01%cI",
               "--name-only", "--", prefix or ".")
    if log is None:
        return {}, "the archive's git history could not be read"
    added = {}
    for chunk in log.split(b"\x01")[1:]:
        when, _, names = chunk.partition(b"\0")
        for name in names.strip(b"\n").split(b"\0"):
            rel = _inside(name.decode("utf-8", "surrogateescape"), prefix)
            if rel and rel not in added:
                added[rel] = when.decode("ascii").strip()
    shallow = _git(top, "rev-parse", "--is-shallow-repository")
    problem = ("the archive's git history is shallow, so dates of additions before its "
               "first commit are wrong; fetch the whole history (git fetch --unshallow)"
               if shallow and shallow.strip() == b"true" else "")
    return added, problem


def _inside(name, prefix):
    name = name.strip("\n")
    if not name:
        return ""
    if not prefix or prefix == ".":
        return name
    return name[len(prefix) + 1:] if name.startswith(prefix + "/") else ""


def _git(where, *args):
    try:
        result = subprocess.run(["git", "-C", str(where), *args], capture_output=True,
                                timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def added_at(item, from_git):
    """An aware UTC datetime for when `item` was added, or None if unknown."""
    text = item.extra.get("added") or from_git.get(item.rel, "")
    if not text:
        return None
    if len(text) == 4:
        text += "-01-01"
    elif len(text) == 7:
        text += "-01"
    when = dt.datetime.fromisoformat(text)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def newest(items, from_git, limit):
    """[(added, item)] of visible files, newest first, ties by path; at most `limit`."""
    dated = [(added_at(item, from_git), item) for item in items if not item.hidden]
    dated = [(when, item) for when, item in dated if when is not None]
    dated.sort(key=lambda pair: pair[1].rel)
    dated.sort(key=lambda pair: pair[0], reverse=True)
    return dated[:limit]
