"""Archive build speed: cold, no-change rebuild, one-file change, one digest added.

    python -m bench.archive_build --files 20000 --messages 10000 --rounds 3

Generates the corpus deterministically (bench/gen_archive.py), then alternates
the builds `rounds` times and reports medians, the ratios of the rebuilds to
the cold build, and the archive's own files per second (its read and write
phases, from the catalog's record of the build). The digest added
(gen_archive.add_digest: 20 messages, most of them replies) is taken out of
the corpus again when its rebuild is done.

With --bare-pages every archive page prints only its address
(bench/runner.py, bare_pages): what is left is the least any templates could
cost. Its figures go to archive_build-bare.json.
"""

import argparse
import json
import shutil
import sqlite3

from bench import runner
from bench.gen_archive import add_digest, generate_archive
from bench.runner import ROOT, median, run, save, scratch, table


def corpus(files, messages, seed):
    folder = ROOT / "bench" / "corpus" / f"archive-{seed}-{files}-{messages}"
    done = folder.with_name(folder.name + ".complete")  # beside it: the tree stays exact
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_archive(folder, seed=seed, files=files, messages=messages)
        done.write_text("")
    return folder


def last_build(cache):
    with sqlite3.connect(cache / "legacy_archive.sqlite") as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'last_build'").fetchone()
    return json.loads(row[0])


def one_round(archive, work, number, settings):
    """Cold build, no-change rebuild, one-file change; returns their figures."""
    output, cache = work / f"out{number}", work / f"cache{number}"
    command = runner.archive_site(archive, output, cache, settings)
    figures = {}
    figures["cold"], figures["cold_rss"] = run(command)
    cold = last_build(cache)
    figures["archive_files_per_s"] = cold["files"] / (cold["read_seconds"] + cold["write_seconds"])
    figures["nochange"], _ = run(command)
    victim = next(p for p in sorted(archive.rglob("*.txt")) if p.stat().st_size > 500)
    original = victim.read_bytes()
    try:
        victim.write_bytes(original + b"\r\nEdited for the benchmark.\r\n")
        figures["onefile"], _ = run(command)
        figures["onefile_read"] = last_build(cache)["read"]
    finally:
        victim.write_bytes(original)
    run(command)   # the file as it was again, untimed: the digest is the only change
    added = archive / add_digest(archive, seed=1)["path"]
    try:
        figures["digest"], figures["digest_rss"] = run(command)
        stats = last_build(cache)
        figures["digest_read"], figures["digest_pages"] = stats["read"], stats["pages_written"]
    finally:
        added.unlink()
    return figures  # the folders stay until the run ends (bench/runner.py)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    runner.bare_pages_option(parser)
    args = parser.parse_args(argv)
    archive = corpus(args.files, args.messages, args.seed)
    with scratch("bench-archive") as work:
        settings = runner.bare_pages(work / "bare-templates") if args.bare_pages else {}
        rounds = [one_round(archive, work, n, settings) for n in range(args.rounds)]
    result = {key: median([r[key] for r in rounds]) for key in rounds[0]}
    result.update(files=args.files, messages=args.messages, rounds=args.rounds,
                  bare_pages=args.bare_pages)
    print(table([
        ["cold build", f"{result['cold']:.1f} s", "1.00",
         f"{result['archive_files_per_s']:.0f} archive files/s, peak {result['cold_rss']:.0f} MB"],
        ["rebuild, nothing changed", f"{result['nochange']:.1f} s",
         f"{result['nochange'] / result['cold']:.2f}", "goal < 0.10"],
        ["rebuild, one file changed", f"{result['onefile']:.1f} s",
         f"{result['onefile'] / result['cold']:.2f}",
         f"goal < 0.15; files read: {result['onefile_read']:.0f}"],
        ["rebuild, one digest added", f"{result['digest']:.1f} s",
         f"{result['digest'] / result['cold']:.2f}",
         f"files read: {result['digest_read']:.0f}, pages written: "
         f"{result['digest_pages']:.0f}, peak {result['digest_rss']:.0f} MB"],
    ], ["build", "median", "ratio to cold", "notes"]))
    print(f"saved {save('archive_build-bare' if args.bare_pages else 'archive_build', result)}")


if __name__ == "__main__":
    main()
