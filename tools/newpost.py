"""Create a new post: `make newpost TITLE="…" CATEGORY=OpenStack`.

Writes content/<category>/<slug>.md with its metadata filled in, the slug
derived the way the old WordPress blog derived it, so new posts get
permalinks of the same shape as the old ones.
"""

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

CATEGORIES = ("Geekstuff", "OpenStack", "Traveller")

TEMPLATE = """\
Title: {title}
Date: {date:%Y-%m-%d %H:%M}
Category: {category}
Tags: {tags}
Slug: {slug}
Summary: {summary}
Status: {status}

Write here.
"""


def wordpress_slug(title):
    """Lower-case, accents and punctuation dropped, words joined by hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore")
    text = ascii_title.decode("ascii").lower()
    text = re.sub(r"[^a-z0-9\s_-]", "", text)
    return re.sub(r"[\s-]+", "-", text).strip("-")


def post_path(content_dir, category, slug):
    return Path(content_dir) / category.lower() / f"{slug}.md"


def create_post(content_dir, title, category, *, tags="", date=None, status="draft"):
    """Write the new post and return its path; refuse to overwrite."""
    match = [c for c in CATEGORIES if c.lower() == category.strip().lower()]
    if not match:
        raise ValueError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
    if not title.strip():
        raise ValueError("a post needs a TITLE")
    slug = wordpress_slug(title)
    if not slug:
        raise ValueError(f"title {title!r} gives an empty slug")
    path = post_path(content_dir, match[0], slug)
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    date = date or dt.datetime.now().replace(second=0, microsecond=0)
    text = TEMPLATE.format(
        title=title.strip(), date=date, category=match[0], tags=tags,
        slug=slug, summary=title.strip(), status=status,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--title", required=True)
    parser.add_argument("--category", required=True)
    parser.add_argument("--tags", default="")
    parser.add_argument("--status", choices=("draft", "published"), default="draft")
    parser.add_argument("--content", default="content")
    args = parser.parse_args(argv)
    try:
        path = create_post(args.content, args.title, args.category,
                           tags=args.tags, status=args.status)
    except (ValueError, FileExistsError) as error:
        sys.exit(f"newpost: {error}")
    print(path)


if __name__ == "__main__":
    main()
