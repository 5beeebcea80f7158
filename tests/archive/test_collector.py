"""The collector holds full collections while the archive builds, and gives them back."""

import gc
import weakref

import pytest

from plugins.legacy_archive import collector


@pytest.fixture
def thresholds():
    before = gc.get_threshold()
    yield before
    collector.release()
    gc.unfreeze()
    gc.set_threshold(*before)


class Node:
    pass


def test_hold_freezes_what_exists_and_stops_full_collections(thresholds):
    collector.hold()
    young, middle, _ = thresholds
    assert gc.get_threshold() == (young, middle, collector.NEVER)
    assert gc.get_freeze_count() > 0


def test_release_restores_the_thresholds_after_holding_twice(thresholds):
    collector.hold()
    collector.hold()   # the read phase and the write phase each hold
    collector.release()
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0


def test_a_young_cycle_is_still_collected_while_held(thresholds):
    collector.hold()
    node = Node()
    node.self = node
    gone = weakref.ref(node)
    del node
    # Enough new container objects to run the young generations' collections.
    kept = [[] for _ in range(thresholds[0] * (thresholds[1] + 2))]
    assert gone() is None
    del kept


def test_release_without_hold_changes_nothing(thresholds):
    collector.release()
    assert gc.get_threshold() == thresholds
