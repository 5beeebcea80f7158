"""A rebuild with nothing changed: skip the archive, as make skips a built target.

Every page of the archive is a function of the build's inputs: the files'
catalog keys, the sidecars, the people file, git's dates of additions, the
settings, the theme, the blog's pages, categories and posts the archive
shows, and this plugin's own code. A full build stores a digest of them all
with what the rest of the site needs from the archive (its summary for the
theme, its sitemap URLs) and the problems it reported. A later build whose
inputs give the same digest, into an output folder that still holds that
build's manifest, reports the same problems again and writes nothing: no
record is loaded, nothing threaded, no page fingerprinted.

A page deleted by hand inside a kept output folder is not noticed; any
input change, a cleaned output folder or `--ignore-cache` builds in full.
"""

import hashlib
import json
import os

from .discover import PEOPLE_SIDECAR

STORED = ("summary", "sitemap", "reports", "stats")  # beside "build_key"


def inputs_key(generator, sources, sidecars, from_git):
    """The digest of everything the archive's output depends on."""
    digest = hashlib.sha256()

    def add(*parts):
        digest.update(repr(parts).encode("utf-8", "surrogateescape"))

    add(generator.site_fingerprint, str(generator.output_path), generator.blog_posts)
    for source in sources:
        add(source.rel, source.safe_rel, source.size, source.mtime_ns, source.link_target,
            source.findings, source.deps)
    add(sorted(sidecars.folders.items()), sorted(sidecars.files.items()),
        sorted(sidecars.findings.items()))
    people = generator.archive.path / PEOPLE_SIDECAR
    add(people.read_bytes() if people.is_file() else None)
    add(sorted(from_git[0].items()), from_git[1])
    return digest.hexdigest()   # the plugin's code and templates: in the site fingerprint


def last_build(catalog, key):
    """What the last full build stored, if its inputs were these; else None."""
    if catalog.meta("build_key") != key:
        return None
    stored = {name: catalog.meta(name) for name in STORED}
    if None in stored.values():
        return None
    return {name: json.loads(value) for name, value in stored.items()}


def still_written(output_path, manifest):
    """The output folder still holds the last build's archive (not cleaned since)."""
    return os.path.exists(os.path.join(output_path, manifest))


def remember(catalog, key, **stored):
    """Keep this full build's key and results, in the catalog's transaction."""
    for name, value in stored.items():
        catalog.set_meta(name, json.dumps(value))  # key order kept: templates may show it
    catalog.set_meta("build_key", key)
