"""Search indexing: time and size of the sharded Pagefind index, sample site and at scale.

    python -m bench.search_index --files 20000 --messages 10000

Builds the site once without search for each archive (the sample in
archive/ and a generated one), then times indexing every shard of the
written pages from scratch (with the filter sorting that makes it
deterministic), the check that lets a rebuild with no changed page skip
indexing, and indexing after one message page is added to the largest mail
shard: patched (the page indexed into `edits`), and with patching off (its
shard indexed again).
"""

import argparse
import sys
import time

from bench.archive_build import corpus
from bench.runner import ROOT, pelican, run, save, scratch, table

sys.path.insert(0, str(ROOT / "plugins"))
from search_index import DEFAULTS, update_index  # noqa: E402


def timed(output, bundle, state, patch_pages=DEFAULTS["patch_pages"]):
    """Index with the site's default settings; (seconds, shards re-indexed)."""
    started = time.perf_counter()
    stale = update_index(output, bundle, state, "archive", DEFAULTS["min_shard_pages"],
                         DEFAULTS["post_shard_pages"], patch_pages)
    return time.perf_counter() - started, stale


def add_message(output, shards):
    """A copy of a message page of the largest mail shard, as a new page of that shard."""
    largest = max((name for name in shards if name.startswith("mail")),
                  key=lambda name: (len(shards[name]), name))
    source = output / shards[largest][0]
    target = source.with_name("bench-added.html")
    target.write_text(source.read_text(encoding="utf-8").replace(
        "</article>", "<p>benchmarkaddedword</p></article>", 1), encoding="utf-8")


def measure(archive, work):
    output, cache = work / "output", work / "cache"
    extra = {"ARCHIVE": {"path": str(archive), "progress": False},
             "SEARCH": {"enabled": False}}
    build_seconds, _ = run(pelican(ROOT / "content", output, cache, extra=extra))
    state = work / "search_index.json"
    index_seconds, shards = timed(output, "pagefind", state)
    skip_seconds, _ = timed(output, "pagefind", state)
    add_message(output, shards)
    one_seconds, patched = timed(output, "pagefind", state)
    # The same change with patching off: its shard indexed again.
    redo_seconds, redone = timed(output, "pagefind", state, patch_pages=0)
    bundle = output / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    figures = {"build_seconds": build_seconds, "index_seconds": index_seconds,
               "indexed_pages": sum(map(len, shards.values())), "shards": len(shards),
               "largest_shard": max(map(len, shards.values())),
               "bundle_files": len(files), "bundle_mb": sum(p.stat().st_size for p in files) / 1e6,
               "skip_check_seconds": skip_seconds, "one_added_seconds": one_seconds,
               "one_added_shards": sorted(patched),
               "one_added_pages": sum(map(len, patched.values())),
               "shard_again_seconds": redo_seconds,
               "shard_again": sorted(set(redone) - {"edits"}),
               "shard_again_pages": sum(len(v) for k, v in redone.items() if k != "edits")}
    return figures  # the folders stay until the run ends (bench/runner.py)


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
    with scratch("bench-search") as work:
        for number, (name, archive) in enumerate(archives.items()):
            (work / str(number)).mkdir()
            results[name] = measure(archive, work / str(number))
    rows = [[name, f["indexed_pages"], f"{f['shards']} (largest {f['largest_shard']} pages)",
             f"{f['index_seconds']:.1f} s",
             f"{f['bundle_mb']:.1f} MB in {f['bundle_files']} files",
             f"{f['skip_check_seconds']:.2f} s",
             f"{f['one_added_seconds']:.2f} s ({', '.join(f['one_added_shards'])}: "
             f"{f['one_added_pages']} pages)",
             f"{f['shard_again_seconds']:.1f} s ({', '.join(f['shard_again'])}: "
             f"{f['shard_again_pages']} pages)"] for name, f in results.items()]
    print(table(rows, ["site", "pages indexed", "shards", "full index", "index size",
                       "no-change check", "one page added (patched)",
                       "the same, shard indexed again"]))
    print(f"saved {save('search_index', results)}")


if __name__ == "__main__":
    main()
