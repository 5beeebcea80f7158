"""Tests for legacy_archive.publish: originals byte for byte, and the manifest."""

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.publish import (
    _relative_path,
    publish_original,
    publish_sanitised_svg,
    write_manifest,
)

MTIME = 631_152_000_123_456_789   # 1990-01-01, with nanoseconds


def original(folder, name, data):
    path = Path(folder, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, ns=(MTIME, MTIME))
    return path


def test_copy_is_byte_identical_with_the_original_mtime(tmp_path):
    data = bytes(range(256)) * 3 + b"\x1a"
    src = original(tmp_path / "in", "BN001050.TXT", data)
    out = tmp_path / "out"
    assert publish_original(str(src), str(out), "archive/TML1987/BN001050.TXT", len(data), MTIME)
    target = out / "archive" / "TML1987" / "BN001050.TXT"
    assert target.read_bytes() == data
    assert target.stat().st_mtime_ns == MTIME


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_round_trip(data):
    with tempfile.TemporaryDirectory() as folder:
        src = original(folder, "in/file", data)
        assert publish_original(str(src), os.path.join(folder, "out"), "a/file", len(data), MTIME)
        assert Path(folder, "out", "a", "file").read_bytes() == data


def test_already_published_file_with_same_size_and_mtime_is_left_alone(tmp_path):
    src = original(tmp_path / "in", "f.txt", b"original")
    out = tmp_path / "out"
    assert publish_original(str(src), str(out), "archive/f.txt", 8, MTIME)
    target = out / "archive" / "f.txt"
    target.write_bytes(b"SENTINEL")          # same size; proves no copy happens
    os.utime(target, ns=(MTIME, MTIME))
    assert publish_original(str(src), str(out), "archive/f.txt", 8, MTIME) is False
    assert target.read_bytes() == b"SENTINEL"


@pytest.mark.parametrize(("size", "mtime"), [(9, MTIME), (8, MTIME + 1)])
def test_changed_size_or_mtime_is_copied_again(tmp_path, size, mtime):
    src = original(tmp_path / "in", "f.txt", b"original")
    out = tmp_path / "out"
    publish_original(str(src), str(out), "archive/f.txt", 8, MTIME)
    (out / "archive" / "f.txt").write_bytes(b"stale!!!")
    assert publish_original(str(src), str(out), "archive/f.txt", size, mtime) is True
    assert (out / "archive" / "f.txt").read_bytes() == b"original"


@pytest.mark.parametrize("path", ["../x", "archive/../../x", "/etc/x"])
def test_paths_escaping_the_output_are_refused(tmp_path, path):
    src = original(tmp_path / "in", "f.txt", b"x")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError):
        publish_original(str(src), str(out), path, 1, MTIME)
    assert not (tmp_path / "x").exists()


def test_path_into_a_sibling_folder_sharing_the_output_prefix_is_refused(tmp_path):
    src = original(tmp_path / "in", "f.txt", b"x")
    out = tmp_path / "out"
    out.mkdir()
    try:
        publish_original(str(src), str(out), "../out-evil/x", 1, MTIME)
    except RuntimeError:
        return
    assert not (tmp_path / "out-evil" / "x").exists()


def test_sanitised_svg_is_written_and_garbage_is_refused(tmp_path):
    good = original(tmp_path / "in", "a.svg",
                    b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script>'
                    b'<rect width="1"/></svg>')
    bad = original(tmp_path / "in", "b.svg", b"not svg at all")
    out = tmp_path / "out"
    assert publish_sanitised_svg(str(good), str(out), "archive/a.svg")
    written = (out / "archive" / "a.svg").read_bytes()
    assert b"<rect" in written and b"script" not in written
    assert publish_sanitised_svg(str(bad), str(out), "archive/b.svg") is False
    assert not (out / "archive" / "b.svg").exists()


def publish_tree(tmp_path, files):
    out = tmp_path / "out"
    entries = []
    for rel, data in files.items():
        src = original(tmp_path / "in", rel, data)
        path = f"archive/{rel}"
        publish_original(str(src), str(out), path, len(data), MTIME)
        entries.append((hashlib.sha256(data).hexdigest(), path))
    return out, entries


FILES = {
    "z.txt": b"last",
    "a b/c & d's.txt": b"spaces and punctuation",
    "caf\u00e9/na\u00efve.txt": "Unicode names ☺".encode(),
    "TML1987/BN001050.TXT": b"-------- TML Message #1 --------\r\n",
    "empty": b"",
    "A.TXT": b"capital",
}


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
def test_manifest_verifies_with_real_sha256sum(tmp_path):
    out, entries = publish_tree(tmp_path, FILES)
    write_manifest(str(out), "archive/manifest-sha256.txt", reversed(entries))
    result = subprocess.run(["sha256sum", "--check", "--strict", "manifest-sha256.txt"],
                            cwd=out / "archive", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(FILES)


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
def test_manifest_catches_a_changed_file(tmp_path):
    out, entries = publish_tree(tmp_path, FILES)
    write_manifest(str(out), "archive/manifest-sha256.txt", entries)
    (out / "archive" / "z.txt").write_bytes(b"LAST")
    result = subprocess.run(["sha256sum", "--check", "manifest-sha256.txt"],
                            cwd=out / "archive", capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "z.txt: FAILED" in result.stdout


def test_manifest_lines_are_sorted_by_path_and_relative_to_the_manifest(tmp_path):
    out, entries = publish_tree(tmp_path, FILES)
    write_manifest(str(out), "archive/manifest-sha256.txt", reversed(entries))
    raw = (out / "archive" / "manifest-sha256.txt").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    lines = raw.decode("utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert paths == sorted(paths) == sorted(rel for rel in FILES)
    for line in lines:
        sha, rel = line.split("  ", 1)
        assert sha == hashlib.sha256(FILES[rel]).hexdigest()


def test_manifest_path_escaping_the_output_is_refused(tmp_path):
    with pytest.raises(RuntimeError):
        write_manifest(str(tmp_path / "out"), "../manifest-sha256.txt", [])


@pytest.mark.parametrize("path", ["archive/a/b.txt", "archive/a b/c.TXT", "archive/.x/b",
                                  "archive//a", "archive/a/../b", "other/a", "archive"])
def test_manifest_paths_are_what_relpath_gives(path):
    for base in ("archive", "./archive"):
        assert _relative_path(path, base) == os.path.relpath(path, base)
        assert _relative_path("./" + path, base) == os.path.relpath("./" + path, base)
