"""Rebuilds with nothing changed skip the archive; any input change builds it."""

import json
import re
import shutil
import subprocess

import pytest

from tests.pages import compare_trees
from tests.sitebuild import ROOT, build, last_build, run_pelican

WARNING = re.compile(r"^WARNING\s+(legacy_archive: .*?)\s*$", re.M)


def settings(archive):
    return [f"ARCHIVE={json.dumps({'path': str(archive), 'progress': False})}"]


def snapshot(output):
    """Every output file's bytes, and the time the archive's files were written."""
    return {p: (p.read_bytes(), p.stat().st_mtime_ns if "archive" in p.parts else 0)
            for p in output.rglob("*") if p.is_file()}


@pytest.fixture
def site(tmp_path):
    """A copy of the sample archive with one unaccepted problem, and a build of it."""
    archive = tmp_path / "archive"
    subprocess.run(["cp", "-a", str(ROOT / "archive"), str(archive)], check=True)
    (archive / "stories" / "SHIPLOG.TXT.meta.toml").write_text('colour = "red"\n')
    extra = settings(archive)
    paths = {"archive": archive, "output": tmp_path / "out", "cache": tmp_path / "cache"}

    def rebuild():
        result = run_pelican(paths["output"], cache=paths["cache"], extra=extra, fatal=False)
        assert result.returncode == 0, result.stdout + result.stderr
        return WARNING.findall(result.stdout), last_build(paths["cache"])

    paths["rebuild"] = rebuild
    paths["first"] = rebuild()
    return paths


def test_nothing_changed_writes_nothing_and_repeats_every_warning(site):
    warnings, first = site["first"]
    assert not first["unchanged"] and first["pages_written"] > 60
    assert any("SHIPLOG.TXT" in w and "colour" in w for w in warnings)
    before = snapshot(site["output"])
    again, second = site["rebuild"]()
    assert second["unchanged"]
    assert second["read"] == second["pages_written"] == second["originals_copied"] == 0
    assert second["pages_unchanged"] == first["pages_total"]
    assert again == warnings
    assert snapshot(site["output"]) == before


@pytest.mark.parametrize("change", ["file", "folder sidecar", "people", "new file"])
def test_any_input_change_builds_the_archive(site, change):
    archive = site["archive"]
    if change == "file":
        story = archive / "stories" / "SHIPLOG.TXT"
        story.write_bytes(story.read_bytes() + b"more\n")
    elif change == "folder sidecar":
        (archive / "stories" / "_folder.meta.toml").write_text('title = "Tales"\n')
    elif change == "people":
        (archive / "_people.toml").write_text("")
    else:
        (archive / "stories" / "NEW.TXT").write_text("A new story.\n")
    _, stats = site["rebuild"]()
    assert not stats["unchanged"]
    assert stats["pages_written"] >= 1


def test_a_cleaned_output_folder_is_written_again_in_full(site, tmp_path):
    shutil.rmtree(site["output"])
    _, stats = site["rebuild"]()
    assert not stats["unchanged"]
    fresh = build(tmp_path / "fresh", cache=tmp_path / "fresh-cache", fatal=False,
                  extra=settings(site["archive"]))
    assert compare_trees(site["output"], fresh) == []


def generator_of(folders, settings):
    """What site_fingerprint reads of the generator: its loader (Pelican's:
    overrides and theme, then a fallback theme by prefix; then the plugin's),
    its settings, and the blog's pages and categories (none)."""
    from types import SimpleNamespace

    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader

    pelican = ChoiceLoader([FileSystemLoader([str(f) for f in folders[:-1]]),
                            PrefixLoader({"!simple": FileSystemLoader(str(folders[-1]))})])
    return SimpleNamespace(env=Environment(loader=pelican), settings=settings, context={})


def test_the_site_fingerprint_follows_the_templates_and_the_settings_they_print(tmp_path):
    """Every folder the loader reads counts, overrides and fallbacks too, and so
    does every setting a template names; a setting no template or the plugin
    reads does not."""
    from legacy_archive.plugin import site_fingerprint

    overrides, theme, simple = (tmp_path / name for name in ("overrides", "theme", "simple"))
    for folder in (overrides, theme, simple):
        folder.mkdir()
    (theme / "base.html").write_text('<link href="/{{ THEME_STATIC_DIR }}/a">')
    settings = {"THEME_STATIC_DIR": "theme", "DEFAULT_PAGINATION": 10, "TAGS_URL": "tags/"}

    def fingerprint(**changed):
        return site_fingerprint(generator_of([overrides, theme, simple],
                                             {**settings, **changed}))

    first = fingerprint()
    assert fingerprint(DEFAULT_PAGINATION=20) == first
    assert fingerprint(TAGS_URL="labels/") == first   # named by no template yet
    assert fingerprint(THEME_STATIC_DIR="static") != first
    assert fingerprint(SITEURL="https://example.org") != first   # the plugin reads it
    (overrides / "base.html").write_text("<p>{{ TAGS_URL }}</p>")
    with_override = fingerprint()
    assert with_override != first
    assert fingerprint(TAGS_URL="labels/") != with_override
    (overrides / "base.html").write_text("<p>{{ TAGS_URL }}</p>\n")
    assert fingerprint() != with_override
    edited = fingerprint()
    (simple / "tag.html").write_text("<p>a fallback</p>")
    assert fingerprint() != edited


def test_a_change_to_the_plugins_code_changes_the_site_fingerprint(tmp_path, monkeypatch):
    """How pages are made is part of what they are: a rebuild after the plugin
    changes renders every archive page again, not only those whose data changed."""
    import legacy_archive.plugin as plugin

    code = tmp_path / "code"
    (code / "mail").mkdir(parents=True)
    body = code / "mail" / "body.py"
    body.write_text('OPEN = "<div class=\\"mail-body\\">"\n')
    monkeypatch.setattr(plugin, "CODE", code)
    generator = generator_of([tmp_path / "theme", tmp_path / "simple"], {})
    first = plugin.site_fingerprint(generator)
    assert plugin.site_fingerprint(generator) == first
    body.write_text('OPEN = "<div class=\\"mail-body v2\\">"\n')
    assert plugin.site_fingerprint(generator) != first


def test_a_new_version_of_a_library_that_prints_pages_changes_the_site_fingerprint(
        tmp_path, monkeypatch):
    """nh3 cleans the 1990s pages and Jinja prints them all: after an upgrade of
    either every page is rendered again (the catalog's records, made before
    them, stay)."""
    import legacy_archive.plugin as plugin

    generator = generator_of([tmp_path / "theme", tmp_path / "simple"], {})
    first = plugin.site_fingerprint(generator)
    real = plugin.version
    monkeypatch.setattr(plugin, "version", lambda name: "9.9" if name == "nh3" else real(name))
    assert plugin.site_fingerprint(generator) != first
