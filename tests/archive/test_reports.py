"""Tests for legacy_archive.reports: how findings become warnings, and how they are written."""

import logging

from legacy_archive.model import Finding, Item
from legacy_archive.reports import emit_reports, findings_reports, report_logger, warning_count
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


def test_under_pelicans_rich_handler_each_report_is_one_plain_line(capsys):
    """Rich's table layout costs a millisecond a record; reports are plain lines."""
    from pelican.log import console
    from rich.logging import RichHandler

    root = logging.getLogger()
    rich = RichHandler(console=console)
    root.addHandler(rich)
    try:
        emit_reports([[logging.WARNING, "archive/a b.txt", "odd name [name-unsafe]"],
                      [logging.WARNING, "archive/c.txt", "bad bytes [decode-fallback]"]])
    finally:
        root.removeHandler(rich)
    assert capsys.readouterr().out.splitlines() == [
        "WARNING  legacy_archive: archive/a b.txt: odd name [name-unsafe]",
        "WARNING  legacy_archive: archive/c.txt: bad bytes [decode-fallback]"]
    assert report_logger().propagate  # without it, records reach the root's handlers again
