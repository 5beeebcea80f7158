"""The category_tags plugin, on a tiny fixture site."""

from tests.pages import local_links
from tests.sitebuild import build

POST = """Title: {title}
Date: {date}
Category: {category}
Tags: {tags}
Slug: {slug}

Body of {title}.
"""


def write_post(folder, **meta):
    path = folder / meta["category"].lower() / f"{meta['slug']}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST.format(**meta), encoding="utf-8")


def test_tagged_post_is_listed_on_category_of_that_name(tmp_path):
    content = tmp_path / "content"
    write_post(content, title="Own", date="2020-01-02", category="Geekstuff",
               tags="misc", slug="own")
    write_post(content, title="Tagged", date="2020-01-03", category="OpenStack",
               tags="geekstuff", slug="tagged")
    write_post(content, title="Other", date="2020-01-04", category="OpenStack",
               tags="misc", slug="other")
    site = build(tmp_path / "out", content=content)
    geek = local_links(site, "/category/geekstuff/", "main a[href]")
    assert {"/2020/01/02/own/", "/2020/01/03/tagged/"} <= geek
    assert "/2020/01/04/other/" not in geek
    # Its own category still lists it too, and nothing else changed.
    openstack = local_links(site, "/category/openstack/", "main a[href]")
    assert {"/2020/01/03/tagged/", "/2020/01/04/other/"} <= openstack
