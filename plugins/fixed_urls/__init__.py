"""Each post's and page's address worked out once per build, not at every mention.

Pelican works out `url` and `save_as` from the URL settings and the post's
metadata (a copy of the metadata, a format, a strftime) every time they are
read, and a post is named on its own page, on every listing, archive and
feed that shows it, in the sitemap and in the page fingerprints: about a
tenth of a cold build. Once every generator has read its content the
addresses no longer change, so from then on each post and page keeps them.

The objects get a subclass of their own class with the same name (Pelican
picks URL settings by class name) whose `url` and `save_as` are computed on
first use and then kept.
"""

import functools

from pelican import signals
from pelican.contents import Article, Page

_fixed = {}


def fixed_class(cls):
    """A subclass of `cls` (same name) that keeps its url and save_as once computed."""
    if cls not in _fixed:
        def url(self):
            return cls.url.fget(self)

        def save_as(self):
            return cls.save_as.fget(self)

        _fixed[cls] = type(cls.__name__, (cls,), {
            "url": functools.cached_property(url),
            "save_as": functools.cached_property(save_as),
            "__module__": __name__,
        })
    return _fixed[cls]


def contents(generators):
    """Every post and page the generators read, drafts and translations included."""
    for generator in generators:
        yield from generator.context.get("generated_content", {}).values()
        for name in ("articles", "translations", "drafts", "drafts_translations",
                     "hidden_articles", "hidden_translations", "pages", "hidden_pages",
                     "draft_pages", "draft_translations"):
            yield from getattr(generator, name, None) or ()


def fix_addresses(generators):
    for content in contents(generators):
        if type(content) in (Article, Page):
            content.__class__ = fixed_class(type(content))


def register():
    signals.all_generators_finalized.connect(fix_addresses)
