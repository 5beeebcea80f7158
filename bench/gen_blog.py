"""Deterministic synthetic blog posts for the Pelican build benchmarks.

Why: the real blog has a few dozen posts; build time only shows its shape at
hundreds or thousands. This writes Markdown posts shaped like the real ones
(content/<category>/<slug>.md with Title/Date/Category/Tags/Slug/Summary
metadata), and like the corpus the peers measured in
../shared/reference/performance.md: ~600 words of prose, one ```python and
one ```yaml block per post (code highlighting is a third of Pelican's build
time, so the blocks matter), some ```console and ```pycon blocks, lists and
links, 3 categories, a tag pool of 30, dates over 15 years.

    python -m bench.gen_blog OUT_CONTENT_DIR --seed 1 --posts 1000

One seed always gives the same bytes. `edit_one_post` changes one body for the
"warm build, one post edited" benchmark.
"""

import argparse
import json
import random
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from bench import corpus_words as W

CATEGORIES = (("Geekstuff", 40), ("OpenStack", 35), ("Traveller", 25))
FIRST_DAY = datetime(2008, 1, 1)
SPAN_DAYS = 15 * 365 + 3  # 2008-01-01 .. 2022-12-31

TAGS_BY_CATEGORY = {
    "Geekstuff": ("geekstuff", "python", "physics", "git", "linux", "macos", "pelican",
                  "markdown", "testing", "docker", "yaml", "networking"),
    "OpenStack": ("keystone", "devstack", "openstack-foundation", "design-summit", "essex",
                  "folsom", "grizzly", "vagrant", "cloudenvy", "documentation", "swift",
                  "ansible", "kubernetes"),
    "Traveller": ("traveller", "ships", "sectors", "rpg", "worldbuilding"),
}
TAG_POOL = tuple(t for tags in TAGS_BY_CATEGORY.values() for t in tags)
assert len(TAG_POOL) == 30 and len(set(TAG_POOL)) == 30

TITLES = {
    "Geekstuff": ("Do {noun}s have {noun2}?", "Setting up {P} on {P2}", "A {adj} {noun} for {P}",
                  "Why I switched to {P}", "{P} and the {adj} {noun}", "Notes on {P} {noun}s",
                  "Fixing a {adj} {noun} in {P}"),
    "OpenStack": ("{P} {noun}s in {n} minutes", "Making {P} a little easier to work with",
                  "{P} {release} RC{n}", "Notes from the {release} design summit",
                  "{P} and the {noun} API", "{n} months later: {release}",
                  "Debugging {P} {noun}s with {P2}"),
    "Traveller": ("Designing a {tons}-ton {ship}", "{world} subsector notes",
                  "Jump routes around {world}", "House rules: {subject}",
                  "The {ship} revisited", "Mapping {world} with {P}", "{subject} in my campaign"),
}
RELEASES = ("Diablo", "Essex", "Folsom", "Grizzly", "Havana", "Icehouse", "Juno", "Kilo")


def stream(seed, name):
    """An independent random stream; str seeds hash with sha512, never hash()."""
    return random.Random(f"bench-blog:{seed}:{name}")


def slugify(title):
    """Lower-case ASCII words joined by hyphens, as the WordPress-era slugs are."""
    text = re.sub(r"[^a-z0-9\s-]", "", W.ascii_fold(title).lower())
    return re.sub(r"[\s-]+", "-", text).strip("-")


def make_title(rng, category):
    return rng.choice(TITLES[category]).format(
        noun=rng.choice(W.TECH_NOUNS), noun2=rng.choice(W.TECH_NOUNS),
        P=rng.choice(W.TECH_PROPER), P2=rng.choice(W.TECH_PROPER),
        adj=rng.choice(W.ADJECTIVES), n=rng.randint(2, 20), release=rng.choice(RELEASES),
        tons=rng.choice((100, 200, 400, 600, 800)), ship=rng.choice(W.TRAV_NOUNS[:6]),
        world=W.made_up_name(rng), subject=rng.choice(W.TRAV_SUBJECTS).lower())


def make_tags(rng, category):
    """2-4 tags, mostly the category's own; `geekstuff` on some other posts."""
    count = rng.randint(2, 4)
    tags = []
    while len(tags) < count:
        pool = TAGS_BY_CATEGORY[category] if rng.random() < 0.8 else TAG_POOL
        tag = rng.choice(pool)
        if tag not in tags:
            tags.append(tag)
    if category != "Geekstuff" and "geekstuff" not in tags and rng.random() < 0.3:
        tags[0] = "geekstuff"
    return tags


def plan_posts(rng, posts):
    """(date, category, title, slug) in date order; slugs unique across the blog."""
    names, weights = zip(*CATEGORIES, strict=True)
    seen, plan = set(), []
    dates = sorted(FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS),
                                         minutes=rng.randrange(24 * 60))
                   for _ in range(posts))
    for when in dates:
        category = rng.choices(names, weights)[0]
        title = make_title(rng, category)
        slug, n = slugify(title), 1
        while slug in seen:
            n += 1
            slug = f"{slugify(title)}-{n}"
        seen.add(slug)
        plan.append((when, category, title, slug))
    return plan


# ------------------------------------------------------------- code ---

PY_TEMPLATES = (
    '''import {mod}


def {func}({arg}, timeout={n}):
    """{doc}"""
    client = {mod}.Client(endpoint="{url}", timeout=timeout)
    result = client.{method}({arg}={arg})
    if not result:
        raise ValueError(f"no {noun} for {{{arg}!r}}")
    return [item["{key}"] for item in result]
''',
    '''from dataclasses import dataclass


@dataclass
class {cls}:
    name: str
    {key}: int = {n}

    def scaled(self, factor: float) -> "{cls}":
        return {cls}(self.name, int(self.{key} * factor))


items = [{cls}("{noun}-%d" % i) for i in range({n})]
print(sum(item.{key} for item in items))
''',
    '''import random


def roll(dice={n2}, sides=6, rng=random.Random({n})):
    """Roll {n2}D{{sides}} the way the {noun} table expects."""
    return sum(rng.randint(1, sides) for _ in range(dice))


for {arg} in range({n2}):
    print({arg}, roll())
''',
    '''import json
import pathlib

CONFIG = pathlib.Path("{noun}.json")


def {func}():
    data = json.loads(CONFIG.read_text())
    for {arg}, value in sorted(data.items()):
        print(f"{{{arg}:<20}} {{value}}")
    return len(data)
''',
)

YAML_TEMPLATES = (
    '''- hosts: {noun}s
  become: true
  vars:
    {key}: {n}
    release: {release}
  tasks:
    - name: install {mod}
      pip:
        name: {mod}
        version: "{n}.{n2}"
    - name: start the {noun} service
      service: name={noun} state=started
''',
    '''clouds:
  {noun}:
    auth:
      auth_url: {url}
      username: {arg}
      project_name: {key}
    region_name: Region{n2}
    interface: public
    identity_api_version: 3
''',
    '''ship:
  name: {cls}
  tonnage: {tons}
  jump: {n2}
  maneuver: {n2}
  crew:
    - pilot
    - engineer
  cargo: {n}
''',
    '''version: "3"
services:
  {noun}:
    image: {mod}:{n}.{n2}
    ports:
      - "{port}:{port}"
    environment:
      {KEY}: "{arg}"
''',
)

CONSOLE_TEMPLATES = (
    '''$ pip install {mod}=={n}.{n2}
$ {mod} --os-url {url} {noun}-list
+----+------------+---------+
| id | name       | enabled |
+----+------------+---------+
| {n2}  | {arg:<10} | True    |
+----+------------+---------+
''',
    '''$ git clone https://github.com/example/{mod}.git
$ cd {mod} && tox -e py3
py3: commands succeeded
  congratulations :)
''',
)

PYCON_TEMPLATES = (
    '''>>> from {mod} import client
>>> c = client.Client(endpoint="{url}")
>>> c.{method}()
[<{cls} {arg}>, <{cls} {noun}>]
''',
    '''>>> {arg} = [{n}, {n2}, {tons}]
>>> sum({arg})
{total}
''',
)


def code_values(rng):
    n, n2, tons = rng.randint(2, 60), rng.randint(1, 6), rng.choice((100, 200, 400))
    noun = rng.choice(W.TECH_NOUNS).lower()
    return {
        "mod": rng.choice(("keystoneclient", "novaclient", "requests", "yaml", "pelican",
                           "swiftclient", "ansible")),
        "func": f"{rng.choice(('get', 'list', 'load', 'sync', 'find'))}_{noun}s",
        "arg": rng.choice(("tenant", "user", "name", "ship", "world", "token")),
        "cls": W.made_up_name(rng), "noun": noun, "method": f"{noun}s_list",
        "key": rng.choice(("size", "count", "cargo", "weight", "port")),
        "KEY": rng.choice(("DEBUG", "LOG_LEVEL", "REGION")), "n": n, "n2": n2, "tons": tons,
        "total": n + n2 + tons, "port": rng.choice((5000, 8080, 35357, 8774)),
        "url": f"http://{rng.choice(('localhost', '10.0.0.2', 'cloud.example.org'))}:5000/v2.0",
        "doc": f"Return the {noun}s the service knows about.", "release": rng.choice(RELEASES),
    }


def fence(language, templates, rng):
    return f"```{language}\n{rng.choice(templates).format(**code_values(rng))}```"


# ------------------------------------------------------------- prose ---


def prose(rng, pool, words):
    """Paragraphs until about `words` words."""
    out, count = [], 0
    while count < words:
        text, n = rng.choice(pool)
        out.append(text)
        count += n
    return out


def bullet_list(rng):
    marker = rng.choice(("-", "*", "1."))
    items = [f"{rng.choice(W.TECH_PROPER)} {rng.choice(W.TECH_NOUNS)} "
             f"{rng.choice(W.VERBS)} the {rng.choice(W.GENERAL_NOUNS)}"
             for _ in range(rng.randint(3, 6))]
    return "\n".join(f"{marker} {item}" for item in items)


def add_links(rng, paragraph, earlier):
    """Link one word of the paragraph, to the web or to an earlier post."""
    words = paragraph.split(" ")
    i = rng.randrange(len(words))
    if earlier and rng.random() < 0.3:
        category, slug = rng.choice(earlier)
        target = f"{{filename}}/{category.lower()}/{slug}.md"
    else:
        target = f"https://{rng.choice(('docs.openstack.org', 'github.com', 'wiki.example.org'))}" \
                 f"/{rng.choice(W.TECH_NOUNS).lower()}/"
    words[i] = f"[{words[i].strip('.,?')}]({target})"
    return " ".join(words)


def post_body(rng, pool, earlier):
    """~600 words of prose around the code blocks, lists and links."""
    paras = prose(rng, pool, rng.randint(520, 680))
    if rng.random() < 0.5:
        paras[0] = add_links(rng, paras[0], earlier)
    blocks = [fence("python", PY_TEMPLATES, rng), fence("yaml", YAML_TEMPLATES, rng)]
    if rng.random() < 0.3:
        blocks.append(fence("console", CONSOLE_TEMPLATES, rng))
    if rng.random() < 0.2:
        blocks.append(fence("pycon", PYCON_TEMPLATES, rng))
    if rng.random() < 0.3:
        blocks.append(bullet_list(rng))
    if rng.random() < 0.4:
        paras.insert(len(paras) // 2, f"## {rng.choice(W.TECH_PROPER)} "
                                      f"{rng.choice(W.TECH_NOUNS)}s")
    for block in blocks:
        paras.insert(rng.randint(1, len(paras)), block)
    return "\n\n".join(paras)


def render_post(rng, plan_entry, pool, earlier):
    when, category, title, slug = plan_entry
    date = f"{when:%Y-%m-%d}" if rng.random() < 0.4 else f"{when:%Y-%m-%d %H:%M}"
    summary = rng.choice(pool)[0].split(". ")[0].rstrip(".") + "."
    return (f"Title: {title}\nDate: {date}\nCategory: {category}\n"
            f"Tags: {', '.join(make_tags(rng, category))}\nSlug: {slug}\n"
            f"Summary: {summary}\n\n{post_body(rng, pool, earlier)}\n")


def make_pools(rng):
    """(text, word count) pools: tech prose, and game prose for Traveller posts."""
    tech = [(p[0], p[0].count(" ") + 1) for p in W.tech_pool(rng, 2500)]
    game = [(" ".join(p), " ".join(p).count(" ") + 1)
            for p in W.traveller_pool(rng, 1500, width=0)]
    return {"Geekstuff": tech, "OpenStack": tech, "Traveller": game}


def generate_blog(out_dir, seed, posts):
    """Write `posts` Markdown posts under out_dir/<category>/; return counts."""
    out = Path(out_dir)
    rng = stream(seed, "posts")
    plan = plan_posts(rng, posts)
    paths = [out / category.lower() / f"{slug}.md" for _, category, _, slug in plan]
    clash = next((p for p in paths if p.exists()), None)
    if clash is not None:
        raise FileExistsError(f"{clash} already exists")
    pools = make_pools(rng)
    for category, _ in CATEGORIES:
        (out / category.lower()).mkdir(parents=True, exist_ok=True)
    counts = {"posts": posts, "categories": {c: 0 for c, _ in CATEGORIES}, "bytes": 0}
    earlier = []
    for entry, path in zip(plan, paths, strict=True):
        text = render_post(rng, entry, pools[entry[1]], earlier)
        path.write_text(text, encoding="utf-8")
        earlier.append((entry[1], entry[3]))
        counts["categories"][entry[1]] += 1
        counts["bytes"] += len(text.encode("utf-8"))
        for lang in ("python", "yaml", "console", "pycon"):
            counts[f"{lang}_blocks"] = counts.get(f"{lang}_blocks", 0) + text.count(f"```{lang}\n")
    return counts


def edit_one_post(out_dir, seed):
    """Change one post's body (never its metadata); each call changes it again.

    The post is picked from the sorted list of posts with the seed; the edit
    adds an "Update N" paragraph after the first paragraph, N counting the
    earlier updates, so repeated calls keep producing a different body.
    """
    posts = sorted(Path(out_dir).glob("*/*.md"))
    if not posts:
        raise FileNotFoundError(f"no posts under {out_dir}")
    rng = stream(seed, "edit")
    path = rng.choice(posts)
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    number = body.count("*Update ") + 1
    first, _, rest = body.partition("\n\n")
    sentence = " ".join(W.fill_template(rng, rng.choice(W.TECH_TEMPLATES), W.TECH_NOUNS,
                                        W.TECH_PROPER, W.TECH_OPENERS) for _ in range(3))
    update = f"*Update {number}:* {sentence}"
    path.write_text(f"{head}\n\n{first}\n\n{update}\n\n{rest}", encoding="utf-8")
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", help="the content folder to write posts into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edit-one", action="store_true",
                        help="instead of generating, edit one existing post's body")
    args = parser.parse_args(argv)
    if args.edit_one:
        result = {"edited": str(edit_one_post(args.out_dir, args.seed))}
    else:
        result = generate_blog(args.out_dir, args.seed, args.posts)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
