"""Blog build speed: stock Pelican (default theme and settings) against our site.

    python -m bench.blog_build --posts 1000 --rounds 3

The same generated posts (bench/gen_blog.py) are built by stock Pelican with
its defaults and by our whole site (theme, plugins, feeds, sitemap; the
archive left out, it has its own benchmark), alternately in each round:
cold, rebuild with nothing changed, rebuild after editing one post. Stock
Pelican's "warm" uses its content cache, as its users would.
"""

import argparse
import shutil
import sys
from pathlib import Path

from bench.gen_blog import edit_one_post, generate_blog
from bench.runner import ROOT, median, pelican, run, save, scratch, table

STOCK_SETTINGS = """\
AUTHOR = "Bench"
SITENAME = "Stock"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_PAGINATION = 10
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
"""


def corpus(posts, seed):
    folder = ROOT / "bench" / "corpus" / f"blog-{seed}-{posts}"
    done = folder.with_name(folder.name + ".complete")
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_blog(folder, seed=seed, posts=posts)
        done.write_text("")
    return folder


def stock_command(content, output, cache, settings):
    return [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s",
            str(settings), "-e", f'CACHE_PATH="{cache}"']


def three_builds(command, content, seed):
    """Cold, no change, one post edited: seconds for each (content restored after)."""
    cold, _ = run(command)
    warm, _ = run(command)
    backup = {p: p.read_bytes() for p in Path(content).rglob("*.md")}
    try:
        edit_one_post(content, seed)
        edited, _ = run(command)
    finally:
        for path, data in backup.items():
            path.write_bytes(data)
    return cold, warm, edited


def one_round(content, work, seed, number):
    settings = work / "stock.py"
    settings.write_text(STOCK_SETTINGS)
    empty = work / "empty-archive"
    empty.mkdir(exist_ok=True)
    ours = pelican(content, work / f"ours{number}", work / f"ours-cache{number}",
                   extra={"ARCHIVE": {"path": str(empty), "progress": False}})
    stock = stock_command(content, work / f"stock{number}", work / f"stock-cache{number}",
                          settings)
    order = [("stock", stock), ("ours", ours)]
    if number % 2:
        order.reverse()
    return {name: three_builds(command, content, seed) for name, command in order}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    source = corpus(args.posts, args.seed)
    with scratch("bench-blog") as work:
        content = work / "content"
        shutil.copytree(source, content)
        rounds = [one_round(content, work, args.seed, n) for n in range(args.rounds)]
    result = {f"{tool}_{kind}": median([r[tool][i] for r in rounds])
              for tool in ("stock", "ours") for i, kind in enumerate(("cold", "warm", "edit"))}
    rows = [[kind, f"{result['stock_' + kind]:.1f} s", f"{result['ours_' + kind]:.1f} s",
             f"{result['ours_' + kind] / result['stock_' + kind]:.2f}", goal]
            for kind, goal in (("cold", "≤ 1.0"), ("warm", ""), ("edit", "≤ 0.5"))]
    print(table(rows, ["build", "stock Pelican", "ours", "ratio", "goal"]))
    # Each round's ratios too: on a shared machine they range widely.
    each = [{kind: round(r["ours"][i] / r["stock"][i], 2)
             for i, kind in enumerate(("cold", "warm", "edit"))} for r in rounds]
    print("ratio in each round:", ", ".join(
        " / ".join(f"{kind} {ratios[kind]}" for kind in ratios) for ratios in each))
    saved = save("blog_build", {**result, "posts": args.posts, "rounds": args.rounds,
                                "each_round": each})
    print(f"saved {saved}")


if __name__ == "__main__":
    main()
