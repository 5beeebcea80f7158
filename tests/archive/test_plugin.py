"""Tests for legacy_archive.plugin: how findings become warnings."""

import logging

from legacy_archive.model import Finding, Item
from legacy_archive.plugin import emit_reports, findings_reports, warning_count
from legacy_archive.sidecar import Sidecars
from legacy_archive.structure import Folder


def test_one_warning_per_file_naming_it_with_every_open_problem(caplog, tmp_path):
    bad = Item(rel="a/x\ny.txt", safe_rel="", size=0, sha256="", kind="text", findings=[
        Finding("name-unsafe", "name is odd"), Finding("decode-fallback", "odd bytes")]
        + [Finding("zip-problem", f"problem {n}") for n in range(5)])
    fine = Item(rel="a/fine.txt", safe_rel="", size=0, sha256="", kind="text")
    folders = {"": Folder(rel="", safe_rel="")}
    with caplog.at_level(logging.INFO):
        reports = findings_reports([bad, fine], folders, Sidecars(tmp_path, {}), "archive")
        emit_reports(reports)
        count = warning_count(reports)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert count == 1 and len(warnings) == 1
    assert warnings[0].startswith("legacy_archive: archive/a/x\\x0ay.txt: name is odd "
                                  "[name-unsafe]; odd bytes [decode-fallback]; ")
    assert warnings[0].endswith("and 3 more, listed on its page")
