"""Previous and next post, computed once per build instead of once per page.

The article template needs each post's neighbours in the date-ordered list
of published posts. Searching that list from the template costs time in
proportion to the number of posts on every page, so the whole build grows
with the square of the blog; here every post gets `newer` and `older` in
one pass. Runs after Pelican has saved its content cache, so the links are
never pickled into it.
"""

from pelican import signals


def link_neighbours(generator):
    articles = generator.articles   # published posts, newest first
    for place, article in enumerate(articles):
        article.newer = articles[place - 1] if place else None
        article.older = articles[place + 1] if place + 1 < len(articles) else None
    for draft in generator.drafts:
        draft.newer = draft.older = None


def register():
    signals.article_generator_finalized.connect(link_neighbours)
