"""prune: what the last build planned and this one does not is removed, and
nothing else."""

from legacy_archive.catalog import Catalog
from legacy_archive.prune import last_planned, planned_paths, update
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
    first = set(files) - {"archive/mine.txt"}   # mine.txt: put there by someone else
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert update(catalog, out, first) == 0   # nothing was planned before
        for path in files:
            catalog.page_written(path, "fp")
    now = {"archive/index.html", "archive/kept/stays.html"}
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert update(catalog, out, now) == 3
        assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
            "archive", "archive/index.html", "archive/kept", "archive/kept/stays.html",
            "archive/mine.txt"]   # emptied folders went too
        assert catalog.page_is_current("archive/index.html", "fp")
        assert not catalog.page_is_current("archive/ships/old.txt.html", "fp")
        assert last_planned(catalog) == now
        assert update(catalog, out, now) == 0


def test_another_output_folder_is_planned_for_but_not_cleaned(tmp_path):
    out = tmp_path / "out"
    (out / "archive").mkdir(parents=True)
    (out / "archive" / "a.html").write_text("a")
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        update(catalog, out, {"archive/a.html"})
        assert update(catalog, out, {"archive/b.html"}, remove=False) == 0
        assert (out / "archive" / "a.html").exists()
        assert last_planned(catalog) == {"archive/b.html"}


def test_a_failed_build_leaves_the_last_plan(tmp_path):
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        update(catalog, tmp_path, {"archive/a.html"})
    catalog = Catalog(tmp_path / "c.sqlite", "v1")
    update(catalog, tmp_path, {"archive/b.html"})
    catalog.close(commit=False)
    with Catalog(tmp_path / "c.sqlite", "v1") as catalog:
        assert last_planned(catalog) == {"archive/a.html"}
