"""Development settings: relative URLs, drafts visible, served on 127.0.0.1.

`publishconf.py` imports everything here and overrides only what production
needs. URL patterns copy the old WordPress blog so that every old link keeps
working after the move.
"""

import os
import sys

# Lets this file (and publishconf.py) import the project's own tools package.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tools.highlight import LanguageHtmlFormatter  # noqa: E402
from tools.words import word_count  # noqa: E402

AUTHOR = "heckj"
SITENAME = "heckj"
SITESUBTITLE = "Geekstuff, OpenStack, Traveller — and the Missouri Archive"
SITEURL = "http://127.0.0.1:8000"
# Templates see a relative SITEURL when RELATIVE_URLS is on; canonical links,
# OpenGraph tags and the 404 page need the absolute one.
SITEURL_ABSOLUTE = SITEURL
RELATIVE_URLS = True
DEFAULT_LANG = "en"
# The old blog gave no time zone; UTC keeps permalink dates exactly as written.
TIMEZONE = "UTC"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

PATH = "content"
ARTICLE_PATHS = ["geekstuff", "openstack", "traveller"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
# 404 renders theme/templates/404.html to 404.html, which static hosts serve
# for any missing address.
# robots renders theme/templates/robots.txt, which names the sitemap.
# search renders the search page; plugins/search_index writes its index.
DIRECT_TEMPLATES = [
    "index", "tags", "categories", "authors", "archives", "search", "404", "robots",
]
TEMPLATE_EXTENSIONS = [".html", ".txt"]
ROBOTS_SAVE_AS = ROBOTS_URL = "robots.txt"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
# Pagefind indexes the written site into output/pagefind/ after every build.
SEARCH = {"enabled": True, "bundle": "pagefind", "min_shard_pages": 500}
PLUGIN_PATHS = ["plugins"]
# sitemap_xml after the generators whose pages it lists; search_index runs
# once everything is written.
PLUGINS = [
    "content_cache", "compiled_templates", "parallel_read", "page_cache", "post_checks",
    "category_tags", "post_links", "fixed_urls", "legacy_archive", "sitemap_xml", "search_index",
]

# The legacy archive (plugins/legacy_archive/settings.py lists every key).
ARCHIVE = {
    # ARCHIVE_PATH (also a Makefile variable) points the build at another archive.
    "path": os.environ.get("ARCHIVE_PATH", "archive"),
    "title": "The Missouri Archive",
    "old_hosts": ["traveller.mu.org"],
}

# A post in any other category is a typo: category_tags warns, naming the file.
KNOWN_CATEGORIES = ["Geekstuff", "OpenStack", "Traveller"]

# Posts keep their WordPress permalinks: /YYYY/MM/DD/slug/.
ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "category/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tag/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "author/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_URL = "{date:%Y}/{date:%m}/{date:%d}/"
DAY_ARCHIVE_SAVE_AS = DAY_ARCHIVE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
# Drafts are listed on the home page in preview builds only.
SHOW_DRAFTS = True

# WordPress paginated as /page/2/.
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds live at the WordPress addresses themselves. Static hosts serve
# `index.xml` as a folder's index (GitHub Pages does; see the README for
# nginx and Apache), so /feed/ answers with the feed and subscribers never
# have to move.
FEED_ALL_RSS = "feed/index.xml"
FEED_ALL_RSS_URL = "feed/"
FEED_ALL_ATOM = "feed/atom/index.xml"
FEED_ALL_ATOM_URL = "feed/atom/"
CATEGORY_FEED_RSS = "category/{slug}/feed/index.xml"
CATEGORY_FEED_ATOM = "category/{slug}/feed/atom/index.xml"
CATEGORY_FEED_RSS_URL = "category/{slug}/feed/"
CATEGORY_FEED_ATOM_URL = "category/{slug}/feed/atom/"
TAG_FEED_RSS = "tag/{slug}/feed/index.xml"
TAG_FEED_ATOM = "tag/{slug}/feed/atom/index.xml"
TAG_FEED_RSS_URL = "tag/{slug}/feed/"
TAG_FEED_ATOM_URL = "tag/{slug}/feed/atom/"
AUTHOR_FEED_RSS = "author/{slug}/feed/index.xml"
AUTHOR_FEED_ATOM = "author/{slug}/feed/atom/index.xml"
AUTHOR_FEED_RSS_URL = "author/{slug}/feed/"
AUTHOR_FEED_ATOM_URL = "author/{slug}/feed/atom/"
TRANSLATION_FEED_ATOM = None
RSS_FEED_SUMMARY_ONLY = False
# Full text of the newest 20 posts in each feed. WordPress sent 10; at 50,
# each of the 60-odd tag feeds of a 1,000-post blog was ~0.5 MB for a
# reader to fetch at every poll, and writing them was 6 % of a cold build.
FEED_MAX_ITEMS = 20

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {
            "css_class": "highlight",
            "guess_lang": False,
            # Writes language-<lexer> on <code>, so readers and tests can
            # see which lexer highlighted a block.
            "pygments_formatter": LanguageHtmlFormatter,
        },
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}
TYPOGRIFY = False
# Filters the theme uses; see tools/words.py.
JINJA_FILTERS = {"word_count": word_count}
# Pelican's defaults, plus no check of each template file's time at every
# include (every build, and every rebuild of `make devserver`, makes new
# template environments anyway).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "auto_reload": False}

MENUITEMS = ()
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = True

# Output must not depend on the machine or the moment of the build.
OUTPUT_SOURCES = False
DELETE_OUTPUT_DIRECTORY = False
CACHE_PATH = "cache"
# Caches are read unless `pelican --ignore-cache` is given; the archive
# catalog (cache/legacy_archive.sqlite) relies on this. Parsed posts are
# cached too (plugins/content_cache drops them when the Markdown setup,
# highlighter or libraries change), so a rebuild re-reads only edited posts.
LOAD_CONTENT_CACHE = True
CACHE_CONTENT = True
# The cache is a plain pickle: gzip's level 9 made saving and loading it half
# a second of every rebuild of a thousand posts, for a file nobody ships.
GZIP_CACHE = False
