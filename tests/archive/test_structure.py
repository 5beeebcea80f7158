"""Tests for legacy_archive.structure: folders, their files, and what indexes say."""

from pathlib import Path

from legacy_archive.extract import extract_index
from legacy_archive.indexfiles import index_kind
from legacy_archive.model import Finding, Item
from legacy_archive.sidecar import Sidecars
from legacy_archive.structure import Folder, build_tree


def file_item(rel, **fields):
    return Item(rel=rel, safe_rel=rel, size=1, sha256="", kind="text", **fields)


def index_item(rel, text):
    item = Item(rel=rel, safe_rel=rel, size=1, sha256="", kind="index",
                detail=index_kind(rel))
    extract_index(item, text.encode(), text)
    return item


def no_sidecars(tmp_path):
    return Sidecars(tmp_path, {})


def codes(item):
    return [f.code for f in item.findings]


def test_tree_has_every_folder_with_its_items_and_children(tmp_path):
    items = [file_item("a.txt"), file_item("x/y/z.txt"), file_item("x/b.txt")]
    folders = build_tree(items, no_sidecars(tmp_path))
    assert set(folders) == {"", "x/", "x/y/"}
    assert [i.rel for i in folders[""].items] == ["a.txt"]
    assert [f.rel for f in folders[""].folders] == ["x/"]
    assert [f.rel for f in folders["x/"].folders] == ["x/y/"]
    assert [i.rel for i in folders["x/"].items] == ["x/b.txt"]
    assert (folders["x/y/"].name, folders["x/y/"].parent_rel) == ("y", "x/")
    assert (folders["x/"].name, folders["x/"].parent_rel) == ("x", "")


def test_folder_keeps_the_safe_path_of_its_items(tmp_path):
    item = Item(rel="what?/a.txt", safe_rel="what_-1234/a.txt", size=1, sha256="", kind="text")
    folders = build_tree([item], no_sidecars(tmp_path))
    assert folders["what?/"].safe_rel == "what_-1234/"


def test_index_descriptions_attach_case_insensitively(tmp_path):
    index = index_item("pub/00index.txt", "SHIPS.TXT    Deck plans\nMap.Gif      A map\n")
    ships, sector_map = file_item("pub/ships.txt"), file_item("pub/map.gif")
    build_tree([index, ships, sector_map], no_sidecars(tmp_path))
    assert (ships.description, ships.description_source) == ("Deck plans", "index")
    assert ships.extra["described_by"] == "pub/00index.txt"
    assert sector_map.description == "A map"
    assert index.findings == []


def test_index_date_is_used_when_the_file_has_none(tmp_path):
    index = index_item("FILES.BBS", "SHIPS.ZIP    12345  03-12-93  Deck plans\n")
    ships = file_item("ships.zip")
    dated = file_item("old.zip", date="1990", date_source="content")
    index2 = index_item("descript.ion", "old.zip Old stuff\n")
    build_tree([index, index2, ships, dated], no_sidecars(tmp_path))
    assert (ships.date, ships.date_source) == ("1993-03-12", "index")
    assert (dated.date, dated.date_source) == ("1990", "content")


def test_precedence_descript_ion_over_files_bbs_over_00index(tmp_path):
    items = [
        index_item("00index.txt", "a.txt    from 00index\nb.txt    from 00index\n"
                   "c.txt    from 00index\n"),
        index_item("FILES.BBS", "A.TXT from files.bbs\nB.TXT from files.bbs\n"),
        index_item("DESCRIPT.ION", "a.txt from descript.ion\n"),
        file_item("a.txt"), file_item("b.txt"), file_item("c.txt"),
    ]
    build_tree(items, no_sidecars(tmp_path))
    described = {i.rel: (i.description, i.extra["described_by"]) for i in items[3:]}
    assert described == {
        "a.txt": ("from descript.ion", "DESCRIPT.ION"),
        "b.txt": ("from files.bbs", "FILES.BBS"),
        "c.txt": ("from 00index", "00index.txt"),
    }


def test_empty_description_in_a_better_index_does_not_erase_a_worse_one(tmp_path):
    items = [index_item("00index.txt", "a.txt    from 00index\n"),
             index_item("descript.ion", "a.txt\n"), file_item("a.txt")]
    build_tree(items, no_sidecars(tmp_path))
    assert items[2].description == "from 00index"


def test_date_precedence_follows_index_precedence(tmp_path):
    items = [
        index_item("00index.txt", "PD1:<MSDOS.TRAVELLER>\nSHIPS.ZIP  B  12345  940101  x\n"),
        index_item("FILES.BBS", "SHIPS.ZIP    12345  03-12-93  Deck plans\n"),
        file_item("SHIPS.ZIP"),
    ]
    build_tree(items, no_sidecars(tmp_path))
    assert items[2].date == "1993-03-12"


def test_missing_and_unlisted_files_are_reported_on_the_index(tmp_path):
    index = index_item("00index.txt", "gone.txt     Not here any more\nhere.txt     Present\n"
                       "maps/        A folder\n")
    items = [index, file_item("here.txt"), file_item("new.txt"), file_item("maps/m.gif")]
    build_tree(items, no_sidecars(tmp_path))
    assert codes(index) == ["index-missing", "index-unlisted"]
    assert "gone.txt" in index.findings[0].message and "1 file" in index.findings[0].message
    assert "new.txt" in index.findings[1].message and "here.txt" not in index.findings[1].message
    assert all(not i.findings for i in items[1:])


def test_index_files_are_not_reported_as_unlisted(tmp_path):
    items = [index_item("00index.txt", "a.txt    A\n"), index_item("files.bbs", "A.TXT B\n"),
             file_item("a.txt")]
    build_tree(items, no_sidecars(tmp_path))
    assert all(i.findings == [] for i in items)


def test_subfolder_description_comes_from_the_parent_index(tmp_path):
    items = [index_item("00index.txt", "maps/        Star maps of the Marches\n"),
             file_item("maps/regina.gif")]
    folders = build_tree(items, no_sidecars(tmp_path))
    assert folders["maps/"].description == "Star maps of the Marches"


def test_subfolder_is_matched_by_the_index_and_not_reported_missing(tmp_path):
    index = index_item("00index.txt", "MAPS         Star maps\n")
    build_tree([index, file_item("maps/regina.gif")], no_sidecars(tmp_path))
    assert index.findings == []


def write(root, rel, text):
    path = Path(root, rel)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sidecar_description_is_not_overridden_by_an_index(tmp_path):
    described = file_item("a.txt", description="From the archivist",
                          description_source="sidecar")
    items = [index_item("00index.txt", "a.txt   From the index\n"), described]
    build_tree(items, no_sidecars(tmp_path))
    assert (described.description, described.description_source) == (
        "From the archivist", "sidecar")


def test_folder_title_and_description_come_from_its_sidecar(tmp_path):
    write(tmp_path, "maps/_folder.meta.toml", 'title = "Maps"\ndescription = "By sector"\n')
    cars = Sidecars(tmp_path, {"maps/": ["_folder.meta.toml"]})
    items = [index_item("00index.txt", "maps/   Index words\n"), file_item("maps/x.gif")]
    folders = build_tree(items, cars)
    assert (folders["maps/"].title, folders["maps/"].description) == ("Maps", "By sector")


def test_sidecar_findings_are_attached_to_the_item_they_describe(tmp_path):
    write(tmp_path, "a.txt.meta.toml", "bogus = 1\n")
    cars = Sidecars(tmp_path, {"": ["a.txt.meta.toml"]})
    item = file_item("a.txt", findings=[Finding("name-unsafe", "x")])
    build_tree([item, file_item("b.txt")], cars)
    assert codes(item) == ["name-unsafe", "sidecar-invalid"]


def test_folder_properties_of_the_root():
    root = Folder("", "")
    assert (root.name, root.parent_rel) == ("", "")


def test_subfolder_description_follows_index_precedence(tmp_path):
    items = [index_item("00index.txt", "maps/        from 00index\n"),
             index_item("descript.ion", "maps from descript.ion\n"),
             file_item("maps/regina.gif")]
    folders = build_tree(items, no_sidecars(tmp_path))
    assert folders["maps/"].description == "from descript.ion"
