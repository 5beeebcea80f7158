"""What the archive once planned for the output folder and plans no more is taken away.

Without this, a file deleted from the archive or renamed would leave its
original and its pages in a kept output folder (`make html`, the development
server), still served at the old address and listed nowhere; so would a
person's page whose key changed when two people were merged.

A file beside the catalog keeps every output path the archive planned for
one output folder. Once a build has its plan, before any generator writes,
the paths on record and no longer planned are removed, with the folders they
leave empty, and the new plan goes on record: a build that fails after
writing some of it has them on record already. Only paths the archive itself
planned are ever removed, and none while the output folder is another. The
file is not in the catalog: a catalog made anew (`--ignore-cache`, an
upgrade) does not forget what is in the output folder.
"""

import json
import os
from pathlib import Path

from .catalog import pack, unpack

FILE = "legacy_archive-planned.zst"


class Plan:
    """The output paths the archive has planned for `output_dir`, kept in `cache_dir`."""

    def __init__(self, cache_dir, output_dir):
        self.path, self.output = Path(cache_dir) / FILE, str(output_dir)
        self.kept = self._load()

    def _load(self):
        try:
            data = json.loads(unpack(self.path.read_bytes()))
        except Exception:  # noqa: BLE001 - missing or unreadable: nothing on record
            return set()
        return set(data["paths"]) if data.get("output") == self.output else set()

    def keep(self, paths):
        """Keep `paths` as the plan on record (written only when it changed)."""
        if paths == self.kept:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".partial")
        # Unsorted: only sets of it are ever compared.
        partial.write_bytes(pack(json.dumps({"output": self.output, "paths": list(paths)})))
        os.replace(partial, self.path)   # never half a plan on record
        self.kept = set(paths)

    def remove_unplanned(self, planned, catalog):
        """Delete what is on record and not `planned`, and keep `planned`. How many files."""
        gone = sorted(self.kept - planned)
        removed = 0
        for path in gone:
            target = os.path.join(self.output, path)
            if os.path.isfile(target) or os.path.islink(target):
                os.remove(target)
                removed += 1
        catalog.forget_pages(gone)
        _remove_empty_folders(self.output, gone)
        self.keep(planned)
        return removed


def _remove_empty_folders(output_dir, gone):
    """The folders of `gone` that are now empty, deepest first, up to the output folder."""
    folders = {os.path.dirname(path) for path in gone}
    for folder in sorted(folders, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(os.path.join(output_dir, folder))
            except OSError:   # not empty (or gone already): its parents are not either
                break
            folder = os.path.dirname(folder)
