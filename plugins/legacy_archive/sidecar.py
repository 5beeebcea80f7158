"""The archivist's corrections: small TOML files next to what they describe.

`NAME.meta.toml` describes the file NAME; `_folder.meta.toml` describes its
folder (and gives defaults, such as an encoding, to the files in it and below).
Keys: title, author, date, description, encoding, hide, accept, added.
A wrong key or type is reported on the file it describes and ignored.
"""

import datetime as dt
import tomllib
from pathlib import Path

from .discover import FOLDER_SIDECAR, SIDECAR_SUFFIX
from .model import Finding
from .settings import is_text_encoding

KEYS = {
    "title": str,
    "author": (str, list),
    "date": (str, dt.date, dt.datetime),
    "added": (str, dt.date, dt.datetime),
    "description": str,
    "encoding": str,
    "hide": bool,
    "accept": list,
}


def read_sidecar(path):
    """Return (metadata dict, findings) for one sidecar file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [Finding("sidecar-invalid", f"sidecar {Path(path).name!r} unreadable: {error}")]
    clean, findings = {}, []
    for key, value in sorted(data.items()):
        problem = _problem(key, value)
        if problem:
            findings.append(Finding("sidecar-invalid", f"sidecar {Path(path).name!r}: {problem}"))
        else:
            clean[key] = _normalise(key, value)
    return clean, findings


def _problem(key, value):
    if key not in KEYS:
        return f"unknown key {key!r} (known: {', '.join(KEYS)})"
    if not isinstance(value, KEYS[key]) or (key == "hide" and not isinstance(value, bool)):
        return f"{key!r} has the wrong type ({type(value).__name__})"
    if key == "encoding" and not is_text_encoding(value):
        return f"{value!r} is not a text encoding"
    if key in ("accept", "author") and isinstance(value, list) and not all(
            isinstance(v, str) for v in value):
        return f"{key!r} must hold strings"
    if key in ("date", "added") and isinstance(value, str) and not _iso_date(value):
        return f"{key!r} must be a date like 1993-04-01, 1993-04 or 1993 (not {value!r})"
    return ""


def _iso_date(text):
    for fmt, length in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(text) == length:
            try:
                dt.datetime.strptime(text, fmt)
                return text
            except ValueError:
                return ""
    return ""


def _normalise(key, value):
    if key in ("date", "added"):
        return value.isoformat()[:10] if not isinstance(value, str) else value
    if key == "author":
        return [value] if isinstance(value, str) else list(value)
    return value


class Sidecars:
    """Sidecar metadata of the whole archive, read once per build."""

    def __init__(self, root, sidecars_by_folder):
        self.files, self.folders, self.findings = {}, {}, {}
        for folder, names in sorted(sidecars_by_folder.items()):
            for name in names:
                data, findings = read_sidecar(Path(root) / folder / name)
                if name == FOLDER_SIDECAR:
                    self.folders[folder] = data
                    key = folder or "."
                else:
                    key = folder + name[: -len(SIDECAR_SUFFIX)]
                    self.files[key] = data
                self.findings.setdefault(key, []).extend(findings)

    def for_file(self, rel):
        return self.files.get(rel, {})

    def folder_default(self, rel, key):
        """The nearest folder sidecar's value for key, walking up from rel."""
        parts = rel.split("/")[:-1]
        while True:
            folder = "/".join(parts) + "/" if parts else ""
            if key in self.folders.get(folder, {}):
                return self.folders[folder][key]
            if not parts:
                return None
            parts.pop()

    def accepted(self, rel):
        codes = set(self.for_file(rel).get("accept", []))
        parts = rel.split("/")[:-1]
        for depth in range(len(parts) + 1):
            folder = "/".join(parts[:depth]) + "/" if depth else ""
            codes |= set(self.folders.get(folder, {}).get("accept", []))
        return codes
