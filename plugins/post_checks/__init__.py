"""Say what is wrong with a post Pelican will refuse, before it refuses it.

Pelican skips a post whose Date it cannot read with only "Could not process
<file>" (the reason appears with --debug alone). This reads the Date line of
every Markdown post the way Pelican will and, when it fails, warns with the
file, the value and the reason; Pelican's own error follows.
"""

import logging
import os
import re

from pelican import signals
from pelican.utils import get_date

logger = logging.getLogger(__name__)
DATE_LINE = re.compile(r"^date:[ \t]*(.*?)[ \t]*$", re.I | re.M)


def check_dates(generator):
    paths = generator.settings.get("ARTICLE_PATHS", [])
    excludes = generator.settings.get("ARTICLE_EXCLUDES", [])
    for rel in generator.get_files(paths, exclude=excludes, extensions=("md", "markdown")):
        path = os.path.join(generator.path, rel)
        try:
            with open(path, encoding="utf-8") as handle:
                head = handle.read(4096).split("\n\n", 1)[0]
        except (OSError, UnicodeDecodeError) as error:
            logger.warning("post_checks: %s: cannot be read as UTF-8 text: %s", rel, error)
            continue
        match = DATE_LINE.search(head)
        if match:
            try:
                get_date(match.group(1))
            except (ValueError, OverflowError):
                logger.warning("post_checks: %s: Date %r is not a date Pelican can read; "
                               "the post is skipped", rel, match.group(1))


def register():
    signals.article_generator_preread.connect(check_dates)
