"""Shared fixtures: one development build and one publish build per session."""

import sys
from pathlib import Path

import pytest

# The plugins load through PLUGIN_PATHS in builds; tests import them directly.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from tests.sitebuild import build


@pytest.fixture(scope="session")
def dev_site(tmp_path_factory):
    """The real site built with pelicanconf.py (relative URLs, drafts shown)."""
    return build(tmp_path_factory.mktemp("dev") / "output")


@pytest.fixture(scope="session")
def publish_site(tmp_path_factory):
    """The real site built with publishconf.py for https://blog.example.org."""
    return build(tmp_path_factory.mktemp("publish") / "output", conf="publishconf.py")


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory):
    """The site built over tests/hostile/generate.py's archive (warnings not fatal)."""
    from tests.hostile.build import build_hostile

    return build_hostile(tmp_path_factory.mktemp("hostile"))


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items):
    # Tests of the hostile build share one worker, so it is built once.
    for item in items:
        if "hostile_build" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("hostile"))
