"""Say what is wrong with a post Pelican will refuse, before it refuses it.

Pelican skips a post whose Date it cannot read with only "Could not process
<file>" (the reason appears with --debug alone). This reads the Date line of
every Markdown post the way Pelican will and, when it fails, warns with the
file, the value and the reason; Pelican's own error follows. Posts unchanged
since they last passed are not read again (their stamps are kept in the
cache folder), so large blogs pay for the check only on what changed.
"""

import json
import logging
import os
import re

from pelican import signals
from pelican.utils import get_date

logger = logging.getLogger(__name__)
STATE_FILE = "post_checks.json"   # posts whose date read, by mtime and size
DATE_LINE = re.compile(r"^date:[ \t]*(.*?)[ \t]*$", re.I | re.M)


def check_dates(generator):
    """Warn about unreadable dates; posts unchanged since a clean check are skipped."""
    paths = generator.settings.get("ARTICLE_PATHS", [])
    excludes = generator.settings.get("ARTICLE_EXCLUDES", [])
    state_path = os.path.join(generator.settings["CACHE_PATH"], STATE_FILE)
    known_good = _load(state_path) if generator.settings.get("LOAD_CONTENT_CACHE") else {}
    good = {}
    for rel in generator.get_files(paths, exclude=excludes, extensions=("md", "markdown")):
        path = os.path.join(generator.path, rel)
        try:
            stat = os.stat(path)
        except OSError:
            continue
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
        if known_good.get(rel) == stamp or check_date(path, rel):
            good[rel] = stamp
    _save(state_path, good)


def check_date(path, rel):
    """True when the post's Date (if any) reads; otherwise warn and return False."""
    try:
        with open(path, encoding="utf-8") as handle:
            head = handle.read(4096).split("\n\n", 1)[0]
    except (OSError, UnicodeDecodeError) as error:
        logger.warning("post_checks: %s: cannot be read as UTF-8 text: %s", rel, error)
        return False
    match = DATE_LINE.search(head)
    if match:
        try:
            get_date(match.group(1))
        except (ValueError, OverflowError):
            logger.warning("post_checks: %s: Date %r is not a date Pelican can read; "
                           "the post is skipped", rel, match.group(1))
            return False
    return True


def _load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def _save(path, data):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(data, handle, sort_keys=True)
    os.replace(path + ".tmp", path)


def register():
    signals.article_generator_init.connect(check_dates)   # once per build, not per post
