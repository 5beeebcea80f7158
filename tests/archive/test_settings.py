"""Tests for legacy_archive.settings: one ARCHIVE dict, checked once at start-up."""

from pathlib import Path

import pytest
from legacy_archive.settings import DEFAULTS, ArchiveSettings, ArchiveSettingsError, check_settings


def test_defaults_without_an_archive_setting(tmp_path):
    result = check_settings({"PATH": str(tmp_path / "content")})
    assert isinstance(result, ArchiveSettings)
    assert result.path == (tmp_path / "archive").resolve()
    assert result.output == "archive"
    assert result.title == DEFAULTS["title"]
    assert result.encodings == {}
    assert result.old_hosts == ("traveller.mu.org",)
    assert result.protect_addresses is True
    assert result.progress is True
    assert result.max_text_bytes == 1_000_000
    assert result.ignore == frozenset({".git", ".svn", ".DS_Store", "Thumbs.db"})


def test_path_is_relative_to_the_folder_holding_pelican_path(tmp_path):
    result = check_settings({"PATH": str(tmp_path / "site" / "content"),
                             "ARCHIVE": {"path": "../legacy"}})
    assert result.path == (tmp_path / "legacy").resolve()


def test_without_pelican_path_the_current_folder_is_the_root():
    assert check_settings({}).path == (Path(".").parent / "archive").resolve()


def test_overrides_are_merged_and_normalised():
    result = check_settings({"ARCHIVE": {
        "output": "/legacy/files/", "old_hosts": ["FTP.Example.ORG"], "encodings": {
            "dos/": "cp437"}, "ignore": ["CVS"], "max_text_bytes": 10, "progress": False}})
    assert result.output == "legacy/files"
    assert result.old_hosts == ("ftp.example.org",)
    assert result.encodings == {"dos/": "cp437"}
    assert result.ignore == frozenset({"CVS"})
    assert (result.max_text_bytes, result.progress) == (10, False)


def test_result_does_not_share_the_callers_dict():
    given = {"ARCHIVE": {"encodings": {"a": "cp437"}}}
    result = check_settings(given)
    given["ARCHIVE"]["encodings"]["b"] = "latin-1"
    assert result.encodings == {"a": "cp437"}


def raises_naming(settings, *words):
    with pytest.raises(ArchiveSettingsError) as error:
        check_settings(settings)
    message = str(error.value)
    assert message.startswith("legacy_archive:")
    for word in words:
        assert word in message
    return message


def test_unknown_key_is_an_error_naming_it():
    raises_naming({"ARCHIVE": {"ouput": "x"}}, "'ouput'")


@pytest.mark.parametrize(("key", "value"), [
    ("path", 3), ("output", ["a"]), ("title", None), ("encodings", ["cp437"]),
    ("old_hosts", "traveller.mu.org"), ("protect_addresses", "yes"), ("progress", 1),
    ("max_text_bytes", "1000"), ("max_text_bytes", 1.5), ("ignore", ".git"),
])
def test_wrong_type_is_an_error_naming_the_key(key, value):
    raises_naming({"ARCHIVE": {key: value}}, repr(key))


@pytest.mark.parametrize("value", [True, False])
def test_bool_is_not_accepted_as_int(value):
    raises_naming({"ARCHIVE": {"max_text_bytes": value}}, "'max_text_bytes'", "bool")


@pytest.mark.parametrize("key", ["old_hosts", "ignore"])
def test_list_of_non_strings_is_an_error_naming_the_key(key):
    raises_naming({"ARCHIVE": {key: ["ok", 3]}}, repr(key))


def test_archive_must_be_a_dict():
    raises_naming({"ARCHIVE": ["path"]}, "ARCHIVE", "dict")


def test_bad_encoding_name_is_an_error_naming_path_and_encoding():
    raises_naming({"ARCHIVE": {"encodings": {"dos/": "cp9999"}}}, "'encodings'", "'dos/'",
                  "cp9999")


def test_encodings_must_map_strings_to_strings():
    raises_naming({"ARCHIVE": {"encodings": {"dos/": 437}}}, "'encodings'")


def test_non_text_codec_is_an_error():
    raises_naming({"ARCHIVE": {"encodings": {"dos/": "base64"}}}, "'base64'")


@pytest.mark.parametrize("output", ["..", "../site", "a/../../b", "a/..", "/", ""])
def test_output_folder_must_stay_inside_the_output(output):
    raises_naming({"ARCHIVE": {"output": output}}, "'output'")
