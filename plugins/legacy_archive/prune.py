"""What the last build published and this one does not plan is taken away.

Without this, a file deleted from the archive or renamed would leave its
original and its pages in a kept output folder (`make html`, the development
server), still served at the old address and listed nowhere; so would a
person's page whose key changed when two people were merged. The catalog
keeps every output path the last build planned. A build removes the ones it
no longer plans before it writes anything (a file left where a folder is
needed now would stop it), and the folders they leave empty. Nothing else in
the output folder is touched: only what the archive itself planned is ever
removed."""

import json
import logging
import os

from .catalog import pack, unpack

logger = logging.getLogger(__name__)
META = "planned"


def planned_paths(outputs, folder_pages, views):
    """Every output path of the plan (urls.plan's three answers), as a set."""
    paths = set()
    for out in outputs.values():
        paths.update(path for path in (out.original, out.page, out.sanitised) if path)
        paths.update(path for _, path in out.members)
    for pages in folder_pages.values():
        paths.update(pages.values())
    for view in views.values():
        paths.update(view.values() if isinstance(view, dict) else [view])
    return paths


def last_planned(catalog):
    stored = catalog.meta(META)
    return set(json.loads(unpack(stored))) if stored else set()


def update(catalog, output_dir, planned, remove=True):
    """Delete what the last build planned and `planned` does not (unless told
    not to: another output folder), keep `planned` for the next build, and
    say how many files were removed. Kept in the build's transaction: a
    build that fails leaves the last plan in place."""
    last = last_planned(catalog)
    removed = _remove(catalog, output_dir, sorted(last - planned)) if remove else 0
    if planned != last:   # unsorted: only sets of it are ever compared
        catalog.set_meta(META, pack(json.dumps(list(planned))))
    return removed


def _remove(catalog, output_dir, gone):
    removed = 0
    for path in gone:
        target = os.path.join(output_dir, path)
        if os.path.isfile(target) or os.path.islink(target):
            os.remove(target)
            removed += 1
    catalog.forget_pages(gone)
    _remove_empty_folders(output_dir, gone)
    if removed:
        logger.info("legacy_archive: removed %d published files no longer in the archive",
                    removed)
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
