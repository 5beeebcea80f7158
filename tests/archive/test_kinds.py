"""Tests for legacy_archive.kinds: the extractors' findings for ZIPs and sector data."""

import io
import zipfile

from legacy_archive.kinds import extract_sector, extract_zip
from legacy_archive.model import Item


def item(kind):
    return Item(rel="x", safe_rel="x", size=0, sha256="", kind=kind)


def test_zip_member_names_that_would_escape_are_one_problem():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("../../escape.txt", "/etc/passwd", "fine.txt"):
            archive.writestr(name, "x")
    result = item("zip")
    extract_zip(result, buffer.getvalue(), None)
    assert [f.code for f in result.findings] == ["zip-problem"]
    assert "2 member name(s)" in result.findings[0].message
    assert "'../../escape.txt'" in result.findings[0].message


def test_sector_lines_that_are_not_worlds_are_reported():
    lines = ["Vorlash       0304 B564877-9  N Ag Ri           A  512 Im G2 V"] * 3
    result = item("sector")
    extract_sector(result, b"", "\n".join(lines + ["Bad           9999 ZZZZZZZ-Z"]) + "\n")
    assert [f.code for f in result.findings] == ["sector-rejected"]
    assert result.findings[0].message.startswith("1 line(s)")
    extract_sector(clean := item("sector"), b"", "\n".join(lines) + "\n")
    assert clean.findings == []
