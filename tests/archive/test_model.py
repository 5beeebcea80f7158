"""Tests for legacy_archive.model: paths shown to people."""

from legacy_archive.model import display_path


def test_undecodable_bytes_and_control_characters_are_escaped():
    raw = b"names/new\nline\x1b[31m-\xe9.txt".decode("utf-8", "surrogateescape")
    assert display_path(raw) == "names/new\\x0aline\\x1b[31m-\\xe9.txt"
    assert display_path("café/Ω & <x>.txt") == "café/Ω & <x>.txt"
