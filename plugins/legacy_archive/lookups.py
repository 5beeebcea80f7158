"""What a cleaned page looked up while it was made, so that a rebuild asks only that.

A cleaned 1990s page links into the archive: each of its links is looked up
among the archive's paths (views.resolvers), and the page shows the answers
(a link, or a dead link struck through). Its fingerprint used to stand for
every path there is, so one file added to the archive cleaned every HTML
page again (2,000 pages of the 20,000-file benchmark). A page now keeps the
questions it asked (which resolver, which path) with its fingerprint, which
stands for their answers; the next build asks them again, and the page is
unchanged if every answer is. A page with none kept is made again.
"""

import hashlib
import json

UNRECORDED = "unrecorded"   # no questions kept: the page is made again


class Lookups:
    """The lookups of one page: those it made last time, and those it makes now."""

    def __init__(self, resolvers, kept):
        """`resolvers`: (page URL of a path, bytes URL of a path), each giving None
        or "" for a path it has no URL for; `kept`: what after() gave last time,
        or None."""
        self.resolvers, self.kept, self.made = resolvers, kept, {}

    def recording(self):
        """The resolvers, each noting the paths it is asked for and its answers."""
        def noting(which):
            resolve = self.resolvers[which]

            def asked(path):
                answer = self.made[which, path] = resolve(path)
                return answer
            return asked
        return noting(0), noting(1)

    def before(self):
        """The answers to last time's questions, now, as a digest."""
        if self.kept is None:
            return UNRECORDED
        return _digest({(which, path): self.resolvers[which](path)
                        for which, path in json.loads(self.kept)})

    def after(self):
        """(digest of this time's answers, as they were given, its questions to keep)."""
        return _digest(self.made), json.dumps(sorted(self.made))


def _digest(answers):
    """{(resolver, path): answer} as a digest."""
    rows = [[which, path, answer] for (which, path), answer in sorted(answers.items())]
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()
