"""prune: what the last build planned and this one does not is removed, and
nothing else."""

from legacy_archive.catalog import Catalog
from legacy_archive.prune import planned_paths, remember, remove_unplanned
from legacy_archive.urls import Outputs


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


def test_only_what_the_last_build_planned_is_removed(tmp_path):
    out = tmp_path / "out"
    files = ["archive/index.html", "archive/ships/old.txt", "archive/ships/old.txt.html",
             "archive/deep/er/gone.html", "archive/kept/stays.html", "archive/mine.txt"]
    for name in files:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name)
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert remove_unplanned(catalog, out, set(files)) == 0   # nothing planned before
        for path in files:
            catalog.page_written(path, "fp")
        remember(catalog, set(files) - {"archive/mine.txt"})   # put there by someone else
    now = {"archive/index.html", "archive/kept/stays.html"}
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert remove_unplanned(catalog, out, now) == 3
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
            "archive", "archive/index.html", "archive/kept", "archive/kept/stays.html",
            "archive/mine.txt"]   # emptied folders went too; mine.txt was never planned
        assert catalog.page_is_current("archive/index.html", "fp")
        assert not catalog.page_is_current("archive/ships/old.txt.html", "fp")
        remember(catalog, now)
        assert remove_unplanned(catalog, out, now) == 0
