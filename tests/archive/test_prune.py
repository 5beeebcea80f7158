"""prune: what the archive planned for an output folder and plans no more is
removed, and nothing else; the plan on record outlives the catalog."""

from legacy_archive.catalog import Catalog
from legacy_archive.prune import Plan
from legacy_archive.urls import Outputs, planned_paths


def test_the_plan_holds_every_path_urls_plan_gives():
    outputs = {"a.zip": Outputs("archive/a.zip", "archive/a.zip.html", None,
                                [("x.txt", "archive/a.zip/x.txt.html")]),
               "p.svg": Outputs("archive/p.svg.bin", "archive/p.svg.html", "archive/p.svg")}
    folder_pages = {"": {"name": "archive/index.html", "date": "archive/by-date.html"}}
    views = {"manifest": "archive/manifest-sha256.txt",
             "mail_pages": {"msg:1": "archive/mail/1.html"}}
    assert planned_paths(outputs, folder_pages, views) == {
        "archive/a.zip", "archive/a.zip.html", "archive/a.zip/x.txt.html", "archive/p.svg.bin",
        "archive/p.svg.html", "archive/p.svg", "archive/index.html", "archive/by-date.html",
        "archive/manifest-sha256.txt", "archive/mail/1.html"}


def make_output(out, files):
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name)


def test_only_what_was_planned_and_is_no_more_is_removed(tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    files = ["archive/index.html", "archive/ships/old.txt", "archive/ships/old.txt.html",
             "archive/deep/er/gone.html", "archive/kept/stays.html", "archive/mine.txt"]
    make_output(out, files)
    first = set(files) - {"archive/mine.txt"}   # mine.txt: put there by someone else
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert Plan(cache, out).remove_unplanned(first, catalog) == 0   # none on record
        for path in files:
            catalog.page_written(path, "fp")
    now = {"archive/index.html", "archive/kept/stays.html"}
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert Plan(cache, out).remove_unplanned(now, catalog) == 3
        assert catalog.page_is_current("archive/index.html", "fp")
        assert not catalog.page_is_current("archive/ships/old.txt.html", "fp")
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "archive", "archive/index.html", "archive/kept", "archive/kept/stays.html",
        "archive/mine.txt"]   # emptied folders went too
    assert Plan(cache, out).kept == now


def test_the_plan_survives_a_failed_build_and_a_new_catalog(tmp_path):
    """A build records its plan before it writes: if it fails after writing a
    new page, the next build still knows the page is its own. A catalog made
    anew (another version, --ignore-cache) forgets nothing of it."""
    out, cache = tmp_path / "out", tmp_path / "cache"
    make_output(out, ["archive/old.html"])
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        Plan(cache, out).remove_unplanned({"archive/old.html"}, catalog)
    catalog = Catalog(tmp_path / "c.sqlite", "v1")
    Plan(cache, out).remove_unplanned({"archive/new.html"}, catalog)   # a rename
    make_output(out, ["archive/new.html"])
    catalog.close(commit=False)   # ... and the build failed
    with Catalog(tmp_path / "c.sqlite", "v2") as catalog:   # made anew
        assert Plan(cache, out).remove_unplanned({"archive/old.html"}, catalog) == 1
    assert not (out / "archive" / "new.html").exists()


def test_another_output_folder_is_never_cleaned(tmp_path):
    out, other, cache = tmp_path / "out", tmp_path / "other", tmp_path / "cache"
    make_output(out, ["archive/a.html"])
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        Plan(cache, out).remove_unplanned({"archive/a.html"}, catalog)
        assert Plan(cache, other).remove_unplanned({"archive/b.html"}, catalog) == 0
        assert (out / "archive" / "a.html").exists()
        assert Plan(cache, other).kept == {"archive/b.html"}
        assert Plan(cache, out).kept == set()   # the record is of one folder


def test_an_unreadable_plan_is_no_plan(tmp_path):
    from legacy_archive.prune import FILE

    (tmp_path / FILE).write_bytes(b"not a plan")
    assert Plan(tmp_path, tmp_path / "out").kept == set()
