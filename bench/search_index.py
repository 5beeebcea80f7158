"""Search indexing: time and size of the Pagefind index, sample site and at scale.

    python -m bench.search_index --files 20000 --messages 10000

Builds the site once without search for each archive (the sample in
archive/ and a generated one), then times Pagefind indexing the written
pages (with the filter sorting that makes it deterministic) and the check
that lets a rebuild with no changed page skip indexing.
"""

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.archive_build import corpus
from bench.runner import ROOT, pelican, run, save, table

sys.path.insert(0, str(ROOT / "plugins"))
from search_index import page_fingerprints, run_pagefind  # noqa: E402


def measure(archive, work):
    output, cache = work / "output", work / "cache"
    extra = {"ARCHIVE": {"path": str(archive), "progress": False},
             "SEARCH": {"enabled": False}}
    build_seconds, _ = run(pelican(ROOT / "content", output, cache, extra=extra))
    started = time.perf_counter()
    run_pagefind(output, "pagefind")
    index_seconds = time.perf_counter() - started
    started = time.perf_counter()
    known = page_fingerprints(output, "pagefind", {})
    first_check = time.perf_counter() - started
    started = time.perf_counter()
    page_fingerprints(output, "pagefind", known)
    skip_check = time.perf_counter() - started
    bundle = output / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    figures = {"html_pages": len(known), "build_seconds": build_seconds,
               "index_seconds": index_seconds, "indexed_pages": len(list(
                   (bundle / "fragment").iterdir())),
               "bundle_files": len(files), "bundle_mb": sum(p.stat().st_size for p in files) / 1e6,
               "first_fingerprint_seconds": first_check, "skip_check_seconds": skip_check}
    shutil.rmtree(output), shutil.rmtree(cache)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    archives = {"sample site": ROOT / "archive",
                f"generated, {args.files} files / {args.messages} messages":
                corpus(args.files, args.messages, args.seed)}
    results = {}
    for name, archive in archives.items():
        with tempfile.TemporaryDirectory() as work:
            results[name] = measure(archive, Path(work))
    rows = [[name, f["html_pages"], f["indexed_pages"], f"{f['index_seconds']:.1f} s",
             f"{f['bundle_mb']:.1f} MB in {f['bundle_files']} files",
             f"{f['skip_check_seconds']:.2f} s"] for name, f in results.items()]
    print(table(rows, ["site", "HTML pages", "pages indexed", "indexing",
                       "index size", "no-change check"]))
    print(f"saved {save('search_index', results)}")


if __name__ == "__main__":
    main()
