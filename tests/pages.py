"""Read built pages the way a browser would resolve them."""

import filecmp
import gzip
import json
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup


def page_file(site, url_path):
    """The file a static host serves for `url_path` (folders get index.html)."""
    path = Path(site) / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def soup(site, url_path):
    return BeautifulSoup(page_file(site, url_path).read_text(encoding="utf-8"), "lxml")


def local_links(site, url_path, selector="a[href]"):
    """Site-relative paths of the links on a page, resolved against its URL."""
    base = "http://site.invalid" + url_path
    found = set()
    for tag in soup(site, url_path).select(selector):
        url = urlsplit(urljoin(base, tag["href"]))
        if url.netloc in ("site.invalid", "blog.example.org"):
            found.add(url.path)
    return found


def paginated(site, url_path):
    """The url paths of a listing and its /page/N/ continuations."""
    pages = [url_path]
    number = 2
    while page_file(site, f"{url_path}page/{number}/").exists():
        pages.append(f"{url_path}page/{number}/")
        number += 1
    return pages


def compare_trees(left, right, ignore=None):
    """Relative paths that differ, are missing on one side, or are extra."""
    return list(_differences(filecmp.dircmp(left, right, ignore=ignore), Path()))


def _differences(comparison, prefix):
    for name in comparison.left_only + comparison.right_only:
        yield str(prefix / name)
    _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right,
                                           comparison.common_files, shallow=False)
    for name in mismatch + errors:
        yield str(prefix / name)
    for name, sub in sorted(comparison.subdirs.items()):
        yield from _differences(sub, prefix / name)


def searchable(site, bundle="pagefind"):
    """{url: (text, filters, meta)} of what the site's search finds: the pages of
    every bundle, less the old copies shards.json hides (search_index/patches.py)."""
    root = Path(site) / bundle
    manifest = json.loads((root / "shards.json").read_text(encoding="utf-8"))
    hidden = {page["id"] for page in manifest.get("hidden", [])}
    found = {}
    for folder in [root] + [root / shard["path"] for shard in manifest["shards"]]:
        for path in sorted((folder / "fragment").glob("*.pf_fragment")):
            if path.name.removesuffix(".pf_fragment") in hidden:
                continue
            record = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
            assert record["url"] not in found, f"{record['url']} is found twice"
            found[record["url"]] = (record["content"], record["filters"], record["meta"])
    return found


def same_site(left, right, bundle="pagefind"):
    """Paths that differ between two builds, the search bundles aside, and whether
    their searches find the same pages with the same text: an incremental
    build's bundles may be patched where a clean build's are not."""
    differences = compare_trees(left, right, ignore=[bundle])
    if searchable(left, bundle) != searchable(right, bundle):
        differences.append(f"{bundle} (what search finds)")
    return differences
