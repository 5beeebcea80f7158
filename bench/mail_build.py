"""Mail pages against MHonArc: cold build, one added digest, one big archive.

    python -m bench.mail_build --messages 10000 --rounds 3 [--big 100000]

Why: the archive plugin's mail pages (one page per message, with thread, date,
subject and author indexes) do the job mailing lists have long given MHonArc,
so MHonArc is the yardstick. Goals: our cold build of the whole site takes at
most a third of MHonArc's time for the same messages; adding one 20-message
digest rebuilds in under a tenth of our cold time, and its replies join the
threads they answer; a 100,000-message archive builds in under 500 MB.

The corpus is mail only (bench/gen_archive.py, 20-message collections, seed
1) plus the same messages as one mbox, which is what MHonArc reads. Each
round builds both tools cold into fresh folders, adds one digest
(gen_archive.add_digest: our rebuild of the same output and cache, MHonArc's
`-add` of the 20 new messages), then takes the digest out of the corpus
again. The tools take turns going first. With --big, one cold build of ours
alone, once. Medians of the rounds are printed, saved as JSON and written to
bench/mail-results.md.

With --bare-pages every archive page prints only its address
(bench/runner.py, bare_pages): what is left is the least any templates could
cost, against the same MHonArc. Its figures go to mail_build-bare.json only.
"""

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from bench import runner
from bench.gen_archive import (
    add_digest,
    archive_manifest,
    generate_archive,
    plan_collections,
    plan_messages,
    stream,
)
from bench.runner import ROOT, archive_site, median, run, save, scratch, table

MHONARC = "/usr/bin/mhonarc"
DIGEST = 20
RESULTS_MD = ROOT / "bench" / "mail-results.md"
GOAL_RATIO, GOAL_ADD, GOAL_BIG_MB = 0.33, 0.10, 500


# -------------------------------------------------------------- corpus ---


def collection_count(messages, seed):
    """How many collection files the generator makes (runs of a layout round up)."""
    msgs = plan_messages(stream(seed, "timeline"), messages)
    return len(plan_collections(stream(seed, "collections"), msgs, DIGEST))


def restore(folder, files, messages, seed):
    """Remove whatever is not in the generated tree (a digest left by a crash)."""
    keep = set(archive_manifest(seed, files, messages, DIGEST))
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.relative_to(folder).as_posix() not in keep:
            path.unlink()


def corpus(messages, seed):
    """(mail-only archive folder, mbox of the same messages), generated once."""
    folder = ROOT / "bench" / "corpus" / f"mail-{seed}-{messages}"
    mbox = folder.with_name(folder.name + ".mbox")
    done = folder.with_name(folder.name + ".complete")  # beside it: the tree stays exact
    files = collection_count(messages, seed)
    if done.exists():
        restore(folder, files, messages, seed)
    else:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"generating {folder.name} ...", file=sys.stderr)
        generate_archive(folder, seed=seed, files=files, messages=messages,
                         digest_size=DIGEST, mbox=mbox)
        done.write_text("")
    return folder, mbox, files


# -------------------------------------------------------------- builds ---


def mhonarc(outdir, mbox, add=False):
    return [MHONARC, *(["-add"] if add else []), "-quiet", "-outdir", str(outdir), str(mbox)]


def last_build(cache):
    with sqlite3.connect(cache / "legacy_archive.sqlite") as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'last_build'").fetchone()
    return json.loads(row[0])


def ensure_mhonarc():
    if not Path(MHONARC).exists():
        sys.exit(f"{MHONARC} is missing: apt-get install -y mhonarc")


# ------------------------------------------------------ the new digest ---


def digest_mbox(archive, mbox, seed, work):
    """Add one digest to the archive; return its info and an mbox of its messages.

    add_digest appends to a copy of the corpus mbox (it needs the old
    Message-IDs for In-Reply-To); the appended tail is what MHonArc adds.
    """
    scratch, new = work / "scratch.mbox", work / "new.mbox"
    shutil.copyfile(mbox, scratch)
    before = scratch.stat().st_size
    info = add_digest(archive, seed, messages=DIGEST, mbox=scratch)
    with open(scratch, "rb") as fh:
        fh.seek(before)
        new.write_bytes(fh.read())
    scratch.unlink()
    return info, new


SOURCE_RE = r'<dt>Source</dt><dd><a href="[^"]*">(?:[^<]*/)?{name}</a>, message (\d+)<'
THREAD_RE = re.compile(r'<section aria-labelledby="thread-heading"[^>]*>(.*?)</section>', re.S)
HREF_RE = re.compile(r'<a href="([^"]+)"')
REPLY_RE = re.compile(rb"(?m)^In-Reply-To: .*\n(?:.+\n)*?X-TML-Source: .*#(\d+)$")


def new_pages(output, digest_name):
    """{page path: (position in the digest, page text)} for the new digest's messages.

    Every message page names its collection file and position under "Source".
    """
    source = re.compile(SOURCE_RE.format(name=re.escape(digest_name)))
    pages = {}
    for path in (output / "archive" / "mail").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if found := source.search(text):
            pages[os.path.normpath(path)] = (int(found[1]), text)
    return pages


def thread_check(output, digest_name, new_mbox):
    """How many new pages, and new replies, link an older message in "The thread".

    A new message has joined an existing thread when its "The thread" list
    links a message page that is not one of the new digest's pages. Which
    new messages are replies (and to which older message) the generator
    wrote into the new mbox as In-Reply-To.
    """
    pages = new_pages(output, digest_name)
    replies = {int(n) for n in REPLY_RE.findall(new_mbox.read_bytes())}
    linked = set()
    for path, (position, text) in pages.items():
        thread = THREAD_RE.search(text)
        hrefs = HREF_RE.findall(thread[1]) if thread else []
        targets = {os.path.normpath(os.path.join(os.path.dirname(path), h)) for h in hrefs}
        if any(t not in pages for t in targets):
            linked.add(position)
    return {"new_pages": len(pages), "new_linked": len(linked),
            "new_replies": len(replies), "replies_linked": len(linked & replies)}


# -------------------------------------------------------------- rounds ---


def cold_builds(archive, mbox, dirs, settings, mhonarc_first):
    """Both tools cold, into fresh folders; the order alternates by round."""
    figures = {}

    def theirs():
        figures["mhonarc"], figures["mhonarc_rss"] = run(mhonarc(dirs["mhonarc"], mbox))

    def ours_cold():
        figures["ours"], figures["ours_rss"] = run(
            archive_site(archive, dirs["out"], dirs["cache"], settings))
        stats = last_build(dirs["cache"])
        figures.update(read_s=stats["read_seconds"], write_s=stats["write_seconds"],
                       pages=stats["pages_written"])

    for step in (theirs, ours_cold) if mhonarc_first else (ours_cold, theirs):
        step()
    return figures


def add_builds(archive, mbox, dirs, settings, seed, mhonarc_first):
    """One new digest: our rebuild and MHonArc's -add, then the digest goes again."""
    figures = {}
    info, new_mbox = digest_mbox(archive, mbox, seed, dirs["work"])
    try:
        def theirs():
            figures["mhonarc_add"], _ = run(mhonarc(dirs["mhonarc"], new_mbox, add=True))

        def ours_add():
            figures["ours_add"], figures["ours_add_rss"] = run(
                archive_site(archive, dirs["out"], dirs["cache"], settings))
            stats = last_build(dirs["cache"])
            figures.update(add_read=stats["read"], add_pages=stats["pages_written"],
                           add_read_s=stats["read_seconds"], add_write_s=stats["write_seconds"])

        for step in (theirs, ours_add) if mhonarc_first else (ours_add, theirs):
            step()
    finally:
        (archive / info["path"]).unlink()
    figures.update(thread_check(dirs["out"], Path(info["path"]).name, new_mbox))
    return figures


def one_round(archive, mbox, work, number, seed, settings):
    dirs = {"work": work, "out": work / f"out{number}", "cache": work / f"cache{number}",
            "mhonarc": work / f"mhonarc{number}"}
    dirs["mhonarc"].mkdir()
    mhonarc_first = number % 2 == 0
    print(f"round {number + 1}: cold builds", file=sys.stderr)
    figures = cold_builds(archive, mbox, dirs, settings, mhonarc_first)
    print(f"round {number + 1}: one new digest", file=sys.stderr)
    figures.update(add_builds(archive, mbox, dirs, settings, seed, mhonarc_first))
    return figures  # the folders stay until the run ends (bench/runner.py)


def big_build(archive, mbox, messages, work, settings):
    """One cold build of ours on the big `archive`, then MHonArc's of the same
    messages from `mbox` (for scale), into new folders of `work`."""
    print(f"big: cold build of {messages} messages", file=sys.stderr)
    started = time.perf_counter()
    try:
        seconds, rss = run(archive_site(archive, work / "big-out", work / "big-cache", settings))
    except RuntimeError as error:  # e.g. stopped by hand when it ran too long
        print(error, file=sys.stderr)
        return {"messages": messages, "stopped": time.perf_counter() - started}
    stats = last_build(work / "big-cache")
    print(f"big: MHonArc's cold build of {messages} messages", file=sys.stderr)
    (work / "big-mhonarc").mkdir()
    theirs, theirs_rss = run(mhonarc(work / "big-mhonarc", mbox))
    return {"messages": messages, "seconds": seconds, "rss": rss,
            "read_s": stats["read_seconds"], "write_s": stats["write_seconds"],
            "pages": stats["pages_written"], "mhonarc": theirs, "mhonarc_rss": theirs_rss}


# -------------------------------------------------------------- report ---


def verdict(met):
    return "met" if met else "NOT met"


def goals_table(r, big):
    ratio, add_share = r["ours"] / r["mhonarc"], r["ours_add"] / r["ours"]
    rows = [
        [f"MHonArc, cold ({r['messages']} messages)", f"{r['mhonarc']:.1f} s",
         f"{r['mhonarc_rss']:.0f} MB", "", ""],
        ["ours, cold (whole site)", f"{r['ours']:.1f} s", f"{r['ours_rss']:.0f} MB",
         f"ours/MHonArc <= {GOAL_RATIO}", f"{ratio:.2f}: {verdict(ratio <= GOAL_RATIO)}"],
        [f"MHonArc -add of one digest ({DIGEST} messages)", f"{r['mhonarc_add']:.2f} s", "",
         "", f"{r['mhonarc_add'] / r['mhonarc']:.3f} of its cold"],
        ["ours, rebuild after one digest", f"{r['ours_add']:.1f} s",
         f"{r['ours_add_rss']:.0f} MB", f"< {GOAL_ADD:.0%} of our cold",
         f"{add_share:.1%}: {verdict(add_share < GOAL_ADD)}"],
        ["new messages linking an older one in \"The thread\"", "", "", ">= 1",
         "not checked: bare pages show no thread" if r["bare_pages"] else
         f"{r['new_linked']:.0f} of {r['new_pages']:.0f} pages; {r['replies_linked']:.0f} "
         f"of {r['new_replies']:.0f} replies: {verdict(r['new_linked'] >= 1)}"],
    ]
    if big and "stopped" in big:
        rows.append([f"ours, cold ({big['messages']} messages, once)",
                     f"stopped after {big['stopped']:.0f} s", "", f"< {GOAL_BIG_MB} MB",
                     "unknown"])
    elif big:
        rows.append([f"ours, cold ({big['messages']} messages, once)",
                     f"{big['seconds']:.1f} s", f"{big['rss']:.0f} MB",
                     f"< {GOAL_BIG_MB} MB", verdict(big["rss"] < GOAL_BIG_MB)])
        rows.append([f"MHonArc, cold ({big['messages']} messages, once)",
                     f"{big['mhonarc']:.1f} s", f"{big['mhonarc_rss']:.0f} MB", "",
                     f"ours/MHonArc {big['seconds'] / big['mhonarc']:.2f}"])
    return table(rows, ["build", "median time", "peak memory", "goal", "result"])


def time_table(r, big):
    """Where our time goes, from the catalog's record of each build."""
    builds = [(f"cold, {r['messages']} messages", r["ours"], r["read_s"], r["write_s"],
               r["pages"], ""),
              ("rebuild after one digest", r["ours_add"], r["add_read_s"], r["add_write_s"],
               r["add_pages"], f"{r['add_read']:.0f} files read")]
    if big and "stopped" not in big:
        builds.append((f"cold, {big['messages']} messages", big["seconds"], big["read_s"],
                       big["write_s"], big["pages"], ""))
    rows = [[name, f"{total:.1f} s", f"{read:.1f} s", f"{write:.1f} s",
             f"{total - read - write:.1f} s", f"{pages:.0f}", note]
            for name, total, read, write, pages, note in builds]
    return table(rows, ["our build", "total", "archive read", "archive write",
                        "rest (Pelican, startup)", "pages written", "notes"])


def write_results(command, text):
    RESULTS_MD.write_text(
        "# Mail pages against MHonArc\n\n"
        f"Written by `bench/mail_build.py`; the command was:\n\n    {command}\n\n"
        "Times are medians of the rounds except the big builds (run once each); peak memory is\n"
        "the peak resident size of the build process. A new message links an older one\n"
        "when its \"The thread\" list links a message page that is not from the new\n"
        "digest. The rest of our time is Pelican itself: start-up, reading the catalog,\n"
        "the blog's pages.\n\n" + text + "\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big", type=int, default=0, help="messages for one big build")
    runner.bare_pages_option(parser)
    args = parser.parse_args(argv)
    ensure_mhonarc()
    archive, mbox, files = corpus(args.messages, args.seed)
    # Made (or tidied) now, once: that may delete files, and no timed build may follow it.
    big_archive, big_mbox, _ = corpus(args.big, args.seed) if args.big else (None, None, 0)
    try:
        with scratch("bench-mail") as work:
            settings = runner.bare_pages(work / "bare-templates") if args.bare_pages else {}
            rounds = [one_round(archive, mbox, work, n, args.seed, settings)
                      for n in range(args.rounds)]
            big = (big_build(big_archive, big_mbox, args.big, work, settings)
                   if args.big else None)
    finally:
        restore(archive, files, args.messages, args.seed)
    result = {key: median([r[key] for r in rounds]) for key in rounds[0]}
    result.update(messages=args.messages, rounds=args.rounds, per_round=rounds, big=big,
                  bare_pages=args.bare_pages)
    text = goals_table(result, big) + "\n\n" + time_table(result, big)
    print(text)
    if args.bare_pages:   # a floor, not the site: the results of record stay
        print(f"saved {save('mail_build-bare', result)}")
        return
    command = "python -m bench.mail_build " + " ".join(argv if argv is not None else sys.argv[1:])
    write_results(command, text)
    print(f"saved {save('mail_build', result)} and {RESULTS_MD.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
