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
