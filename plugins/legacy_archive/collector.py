"""Python's cyclic garbage collector, kept to young objects while the archive builds.

The archive's records, messages and page caches live as long as the build.
A full collection scans every one of them, and runs each time the long-lived
objects grow by a quarter: 6 s of a 100,000-message build in the build
process, and 3 s more in each forked writer, where scanning also touches,
so copies, every memory page shared with the parent. Young objects, where
the short-lived cycles of rendering are found, are still collected.
"""

import gc

NEVER = 1 << 30    # full collections a build may wait for
_saved = []        # the thresholds to restore


def hold():
    """Freeze every object there is now, and stop full collections."""
    if not _saved:
        _saved.append(gc.get_threshold())
    young, middle, _ = _saved[0]
    gc.freeze()
    gc.set_threshold(young, middle, NEVER)


def release():
    """Back to Python's own collection, everything collectable again."""
    if _saved:
        gc.set_threshold(*_saved.pop())
    gc.unfreeze()
