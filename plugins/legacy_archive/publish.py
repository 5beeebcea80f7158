"""Stage 7, publish: originals byte for byte, and a manifest that proves it.

Every original goes to its planned output path unchanged (an unchanged file
already in place is left alone). output/<archive>/manifest-sha256.txt lists
each one in `sha256sum` format, relative to that folder, so
`sha256sum -c manifest-sha256.txt` run there verifies the whole archive.
"""

import os
import shutil

from .names import is_plain
from .svg import sanitise_svg


def sanitised_join(base, path):
    """base/path, refusing anything that lands outside base.

    Pelican's own helper compares with a bare startswith, which lets
    "../out-evil/x" through next to an output folder named "out".
    """
    base = os.path.abspath(base)
    if is_plain(path):   # every planned path: nothing to normalise or check
        return os.path.join(base, path)
    target = os.path.abspath(os.path.join(base, path))
    if os.path.commonpath([base, target]) != base:
        raise RuntimeError(f"refusing to write outside the output folder: {path!r}")
    return target


def publish_original(source_path, output_dir, path, size, mtime_ns):
    """Copy one original unless the same file is already there; True if copied."""
    target = sanitised_join(output_dir, path)
    try:
        info = os.stat(target)
        if info.st_size == size and info.st_mtime_ns == mtime_ns:
            return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(source_path, target)
    os.utime(target, ns=(mtime_ns, mtime_ns))
    return True


def publish_sanitised_svg(source_path, output_dir, path):
    """Write the safe copy of an SVG at its old path; False if it did not parse."""
    with open(source_path, "rb") as handle:
        cleaned = sanitise_svg(handle.read())
    if cleaned is None:
        return False
    target = sanitised_join(output_dir, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(cleaned)
    return True


def _relative_path(path, base):
    """os.path.relpath, without its two absolute paths for the usual plain case."""
    inside = base + "/"
    if base and is_plain(path) and path.startswith(inside):
        return path[len(inside):]
    return os.path.relpath(path, base)


def write_manifest(output_dir, manifest_path, entries):
    """entries: (sha256, output path); paths are written relative to the manifest."""
    base = os.path.dirname(manifest_path)
    lines = [f"{sha}  {_relative_path(path, base)}\n"
             for sha, path in sorted(entries, key=lambda entry: entry[1])]
    target = sanitised_join(output_dir, manifest_path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(lines)
