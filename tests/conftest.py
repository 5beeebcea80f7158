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
    """The site built over tests/hostile/generate.py's archive (warnings not fatal),
    once per run: xdist's test processes share the folder above their own."""
    from tests.hostile.build import shared_build

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return shared_build(shared / "hostile")


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
