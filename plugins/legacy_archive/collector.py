"""Python's cyclic garbage collector, kept to what a build made lately.

The archive's records, messages and page caches live as long as the build.
Python's full collection scans every object there is, each time the ones
that survived have grown by a quarter: 6 s of a 100,000-message build in the
build process, and 3 s more in each forked writer, where scanning also
touches, so copies, every memory page shared with the parent. So a build
settles now and then: a collection frees what is garbage, and what is left
is frozen, never scanned again. Collections in between scan only what was
made since; nothing made and dropped while reading or writing, such as the
trees of cleaned HTML pages, stays uncollected past the next settle.
"""

import gc

EVERY = 32   # files read, or page tasks done, between settles


def settle():
    """Collect what is garbage, and freeze the rest."""
    gc.collect()
    gc.freeze()


def settling(items, every=EVERY):
    """`items`, as they come, settling after each `every` of them."""
    for count, item in enumerate(items, 1):
        yield item
        if count % every == 0:
            settle()


def release():
    """Everything collectable again, once the build no longer holds it."""
    gc.unfreeze()
