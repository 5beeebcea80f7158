"""Production settings: pelicanconf.py plus the overrides a public site needs.

SITEURL comes from the environment so that `make publish SITEURL=...` can
point the build at a custom domain without editing this file.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://heckj.github.io").rstrip("/")
SITEURL_ABSOLUTE = SITEURL
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True

# Drafts are never written in a published build.
SHOW_DRAFTS = False
DRAFT_URL = DRAFT_SAVE_AS = ""  # noqa: F405
DRAFT_PAGE_URL = DRAFT_PAGE_SAVE_AS = ""  # noqa: F405
