"""Shared fixtures: one development build and one publish build per session."""

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

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


# Hypothesis: "ci" by default; HYPOTHESIS_PROFILE=fuzz (make fuzz) runs every
# property test far longer, overriding the example counts tests set themselves.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20000"))
settings.register_profile("ci", deadline=None)
settings.register_profile("fuzz", deadline=None, max_examples=FUZZ_EXAMPLES,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    if settings.default.max_examples < FUZZ_EXAMPLES:
        return
    for item in session.items:
        test = getattr(item, "obj", None)
        chosen = getattr(test, "_hypothesis_internal_use_settings", None)
        if chosen is not None and chosen.max_examples < FUZZ_EXAMPLES:
            test._hypothesis_internal_use_settings = settings(
                chosen, max_examples=FUZZ_EXAMPLES, deadline=None,
                suppress_health_check=list(HealthCheck))
