"""The archive's problems as warnings: one per file, naming it, every build.

An archive of thousands of old files reports hundreds of problems (odd
names, guessed encodings, damaged digests), and an unchanged build repeats
them. Pelican's rich log handler lays every record out as a table, about a
millisecond each: a second and a half of every build at 1,300 problems. So
while that handler is in use, the reports go through a logger of their own
that writes each as one plain line ("WARNING  text"; on a terminal through
Pelican's console, a third of the cost).
They are still log records of Pelican's logger class, so `--fatal warnings`
stops the build on the first; with any other handler (`--log-handler
plain`, a test's) they propagate as usual.
"""

import logging

from pelican.log import console
from rich.logging import RichHandler
from rich.text import Text

from .model import CONTROL, display_path

REPORTS = logging.getLogger("legacy_archive.reports")


class PlainLines(logging.Handler):
    """Each record as one line: its level, padded, then its text.

    On a terminal the line goes through the console, which keeps it above
    Pelican's "Generating..." spinner (and colours the level); elsewhere it
    is written as it is.
    """

    def emit(self, record):
        try:
            level, text = f"{record.levelname:<8}", self.format(record)
            if console.is_terminal:
                style = f"logging.level.{record.levelname.lower()}"
                console.print(Text.assemble((level, style), " ", text), soft_wrap=True,
                              highlight=False)
            else:
                console.file.write(f"{level} {text}\n")
        except Exception:  # logging's own convention: report, never raise
            self.handleError(record)


def report_logger():
    """REPORTS, writing plain lines when Pelican's rich handler would lay them out."""
    rich = any(isinstance(h, RichHandler) for h in logging.getLogger().handlers)
    mine = [h for h in REPORTS.handlers if isinstance(h, PlainLines)]
    if rich and not mine:
        REPORTS.addHandler(PlainLines())
    elif not rich:
        for handler in mine:
            REPORTS.removeHandler(handler)
    REPORTS.propagate = not rich
    return REPORTS


def findings_reports(items, folders, sidecars, root_name):
    """One warning per file with problems, naming it; accepted problems only as info.

    Returns [level, where, text] to log (kept, so an unchanged build repeats them).
    """
    reports = []
    subjects = [(item.rel, item.findings) for item in items] + [
        (folder.rel or ".", folder.findings) for _, folder in sorted(folders.items())]
    for rel, findings in subjects:
        accepted = sidecars.accepted(rel)
        where = f"{root_name}/{display_path(rel)}"
        for finding in findings:
            if finding.code in accepted:
                reports.append([logging.INFO, where, f"{finding.message} (accepted)"])
        open_problems = [f for f in findings if f.code not in accepted]
        if open_problems:
            reports.append([logging.WARNING, where, problem_sentence(open_problems)])
    return reports


def emit_reports(reports):
    log = report_logger()
    for level, where, text in reports:
        log.log(level, "legacy_archive: %s: %s", where, text)


def warning_count(reports):
    return sum(1 for level, _, _ in reports if level == logging.WARNING)


def problem_sentence(findings, shown=4):
    """Each problem with its [code], the first few only: the page lists them all."""
    parts = [f"{CONTROL.sub('?', f.message)} [{f.code}]" for f in findings[:shown]]
    if len(findings) > shown:
        parts.append(f"and {len(findings) - shown} more, listed on its page")
    return "; ".join(parts)
