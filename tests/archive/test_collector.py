"""The collector settles: garbage freed, the rest frozen until the build lets go."""

import gc
import weakref

import pytest

from plugins.legacy_archive import collector


@pytest.fixture(autouse=True)
def unfrozen():
    yield
    gc.unfreeze()


class Node:
    pass


def cycle():
    node = Node()
    node.self = node
    return node


def test_settle_frees_garbage_cycles_and_freezes_the_rest():
    gc.unfreeze()
    kept, dropped = cycle(), cycle()
    gone = weakref.ref(dropped)
    del dropped
    collector.settle()
    assert gone() is None
    assert gc.get_freeze_count() > 0
    assert not any(found is kept for found in gc.get_objects())   # frozen: not scanned


def test_settling_settles_after_every_so_many_items():
    frozen = []
    for _ in collector.settling(range(10), every=4):
        frozen.append(gc.get_freeze_count())
        gc.unfreeze()
    # settled after the 4th and the 8th item, seen by the item after each
    assert [n > 0 for n in frozen] == [False] * 4 + [True] + [False] * 3 + [True, False]


def test_a_cycle_dropped_between_settles_is_freed_by_the_next():
    collector.settle()
    dropped = cycle()
    gone = weakref.ref(dropped)
    del dropped
    collector.settle()
    assert gone() is None


def test_release_unfreezes():
    collector.settle()
    collector.release()
    assert gc.get_freeze_count() == 0
