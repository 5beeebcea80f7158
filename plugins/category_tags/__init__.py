"""List tagged posts on the category page of the same name.

A Pelican post has one category. The old WordPress blog filed posts under
several, and its Geekstuff page listed all of them. Posts now sit in the one
category that fits and keep the others as tags; this plugin puts a post
tagged ``geekstuff`` on ``/category/geekstuff/`` (and in that category's feed)
too, so the old listing still finds every post it had.

With ``KNOWN_CATEGORIES`` set, a post filed under any other category (a typo
such as ``Category: Travller``) is published there but gives a warning that
names the file, so ``make publish`` (warnings fatal) stops until it is fixed.
"""

import logging
import os
from operator import attrgetter

from pelican import signals

logger = logging.getLogger(__name__)


def merge_tagged_posts(generator):
    """Extend each category's post list with posts tagged with its slug."""
    tagged = {tag.slug: posts for tag, posts in generator.tags.items()}
    order_key = generator.settings.get("ARTICLE_ORDER_BY", "reversed-date")
    for category, posts in generator.categories:
        extra = [p for p in tagged.get(category.slug, []) if p not in posts]
        if not extra:
            continue
        posts.extend(extra)
        # Same order Pelican gives category pages: newest first, then title.
        posts.sort(key=attrgetter("title"))
        posts.sort(key=attrgetter("date"), reverse=order_key == "reversed-date")


def warn_unknown_categories(generator):
    known = generator.settings.get("KNOWN_CATEGORIES")
    if not known:
        return
    for article in generator.articles + generator.drafts:
        if article.category.name not in known:
            logger.warning("category_tags: %s: unknown category %r (known: %s); a new "
                           "category page was made for it",
                           os.path.relpath(article.source_path, generator.path),
                           article.category.name, ", ".join(known))


def register():
    signals.article_generator_finalized.connect(warn_unknown_categories)
    signals.article_generator_finalized.connect(merge_tagged_posts)
