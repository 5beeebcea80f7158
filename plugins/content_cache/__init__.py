"""Keep Pelican's content cache honest when what shapes reading changes.

With CACHE_CONTENT, Pelican keeps each post's parsed Markdown and metadata
and reuses them while the file's modification time is unchanged; it does
not notice a change to the Markdown extensions, the highlighter, the time
zone or the libraries that did the parsing. This drops the readers' caches
whenever a fingerprint of those changes, so a cached post is always what a
fresh read would give.
"""

import hashlib
import importlib.metadata
import logging
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)
READING_SETTINGS = (
    "MARKDOWN", "TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS", "TYPOGRIFY_OMIT_FILTERS",
    "TYPOGRIFY_DASHES", "FORMATTED_FIELDS", "TIMEZONE", "DEFAULT_DATE", "DEFAULT_LANG",
    "READERS", "DEFAULT_METADATA", "FILENAME_METADATA", "PATH_METADATA",
    "EXTRA_PATH_METADATA", "SLUGIFY_SOURCE", "SLUG_REGEX_SUBSTITUTIONS", "SUMMARY_MAX_LENGTH",
    "SUMMARY_END_SUFFIX", "PATH", "CONTENT_CACHING_LAYER",
    "GZIP_CACHE",  # how the cache files are stored: a switch must not read the old ones
)
LIBRARIES = ("pelican", "markdown", "pygments")
STAMP = "content-cache-fingerprint"


def fingerprint(settings, code_files=()):
    """A digest of everything the cached reader output depends on besides the files."""
    digest = hashlib.sha256()
    for key in READING_SETTINGS:
        digest.update(f"{key}={settings.get(key)!r}\n".encode())
    for name in LIBRARIES:
        digest.update(f"{name}=={importlib.metadata.version(name)}\n".encode())
    for path in code_files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def guard(pelican):
    settings = pelican.settings
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return
    cache = Path(settings["CACHE_PATH"])
    code = [Path(module.__file__) for module in _formatter_modules(settings)]
    current = fingerprint(settings, code)
    stamp = cache / STAMP
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == current:
        return
    dropped = [path for path in sorted(cache.glob("*-Readers")) if path.is_file()]
    for path in dropped:
        path.unlink()
    if dropped:
        logger.info("content_cache: reading settings changed; posts are read afresh")
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current, encoding="utf-8")


def _formatter_modules(settings):
    """Modules of the project's own code that Markdown calls (the highlighter)."""
    import sys

    configs = settings.get("MARKDOWN", {}).get("extension_configs", {})
    for config in configs.values():
        for value in config.values():
            module = sys.modules.get(getattr(value, "__module__", ""), None)
            if module is not None and getattr(module, "__file__", None):
                yield module


def register():
    signals.initialized.connect(guard)
