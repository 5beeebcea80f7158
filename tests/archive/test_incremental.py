"""Differential test of incremental rebuilds: after each of a sequence of
realistic edits to the archive, the blog and the settings, a rebuild into the
kept output folder with the kept cache must write exactly the bytes a clean
build of the same inputs writes. A page whose fingerprint misses something it
shows stays stale in the kept folder, and shows up here as a differing path;
a page left behind for a file no longer there shows up as an extra path.

The archive copy is a git repository, and every edit to it is committed as
the archivist would: the dates of additions git gives (the landing page's
newest files, the feeds) then change along with the files.
"""

import json
import shutil
import subprocess

from tests.pages import compare_trees
from tests.sitebuild import ROOT, build, git, last_build

NO_SEARCH = 'SEARCH={"enabled": false}'   # Pagefind is slow and tested elsewhere


class Site:
    """The inputs of the builds (archive, blog, settings), and two ways to build them."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.archive, self.content = tmp_path / "archive", tmp_path / "content"
        for name in ("archive", "content"):
            subprocess.run(["cp", "-a", str(ROOT / name), str(tmp_path / name)], check=True)
        self.settings = {"ARCHIVE": {"path": str(self.archive), "progress": False}}
        self.output, self.cache = tmp_path / "out", tmp_path / "cache"
        self.commits = 0
        self.git("init", "-q")
        self.commit("the archive as it was handed over")

    def git(self, *args):
        # Fixed dates, one day apart: additions are ordered and reruns alike.
        git(self.archive, *args, when=f"2024-01-{self.commits + 1:02d}T12:00:00+00:00")

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        self.commits += 1

    def extra(self):
        return [NO_SEARCH] + [f"{key}={json.dumps(value)}"
                              for key, value in self.settings.items()]

    def rebuild(self):
        """Build into the kept output folder with the kept cache; the archive's stats."""
        build(self.output, cache=self.cache, content=self.content, extra=self.extra(),
              fatal=False)
        return last_build(self.cache)

    def clean_build(self, name):
        """Build into a new output folder with a new cache."""
        output = self.tmp / name
        build(output, cache=self.tmp / f"{name}-cache", content=self.content,
              extra=self.extra(), fatal=False)
        return output


def append_to_story(site):
    """1. A story gets the lines a later upload added at its end."""
    story = site.archive / "stories" / "SHIPLOG.TXT"
    story.write_bytes(story.read_bytes() + b"\r\nDay 212: jumped for Tamsin. Fuel low.\r\n")


def retitle_with_sidecar(site):
    """2. A sidecar gives the archive's README a title and a date: it shows on the
    A-Z page, on the landing page (which lists the top folder's files and the
    newest additions) and in the top folder's listing by date."""
    (site.archive / "README.meta.toml").write_text(
        'title = "Welcome to the Missouri Archive"\ndate = 1997-06-02\n', encoding="utf-8")


def delete_indexed_file(site):
    """3. A ship design that ships/00index.txt describes (and web/ships.html links
    to) is taken out: the index now lists a missing file, the link is dead."""
    (site.archive / "ships" / "corsair.txt").unlink()


def rename_file(site):
    """4. A world write-up is renamed in its folder: worlds/00-index.txt and
    web/index.html still name the old file."""
    worlds = site.archive / "worlds"
    (worlds / "KERROW.TXT").rename(worlds / "KERROW-1105.TXT")


def add_odd_name(site):
    """5. An upload whose name holds spaces and characters HTML and URLs reserve:
    it is published under a safe name, its page shows the original one."""
    (site.archive / "stories" / 'Jump & "Misjump" <draft>.txt').write_bytes(
        b"MISJUMP\r\n\r\nThe drive coughed, and the stars went wrong.\r\n")


def merge_people(site):
    """6. The people sidecar merges Marty Lindqvist's two addresses and names him."""
    (site.archive / "_people.toml").write_text(
        'merge = [["martyl@tc.example.edu", "mlindqvist@visi.example.com"]]\n\n'
        '[names]\n"martyl@tc.example.edu" = "Marty Lindqvist (TC)"\n', encoding="utf-8")


REPLY = b"""
From mlindqvist@visi.example.com Fri Jun  6 09:12:40 1997
Return-Path: <mlindqvist@visi.example.com>
Message-ID: <199706061412.JAA02231@visi.example.com>
In-Reply-To: <33969F4B.1B0A@umr-ee.example.edu>
References: <3392D5AC.41C6@umr-ee.example.edu>
 <33969F4B.1B0A@umr-ee.example.edu>
Date: Fri, 6 Jun 1997 09:12:31 -0500 (CDT)
From: Marty Lindqvist <mlindqvist@visi.example.com>
To: pegh@umr-ee.example.edu
Subject: Re: Vilani file for the archive
Status: RO

Peg, a na\x8bve question while you are in rules/: could my belter
career go in too?  It still has the 1991 typo in the mustering-out
table, but I can fix that first.

Marty

"""


def change_mail(site):
    """7. A reply is appended to the mbox (a new message in an existing thread),
    and a digest copy with a better subject line replaces the old one."""
    mbox = site.archive / "mbox" / "archive-1997.mbox"
    mbox.write_bytes(mbox.read_bytes() + REPLY)
    digest = site.archive / "TML1996" / "v1996.n299"
    digest.write_bytes(digest.read_bytes().replace(
        b"T4 errata thread", b"T4 errata, first printing"))


def hide_file(site):
    """8. The broken jump map is hidden: published, but out of every listing."""
    sidecar = site.archive / "images" / "jumpmap.gif.meta.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "hide = true\n", encoding="utf-8")


def edit_traveller_post(site):
    """9. The blog's Traveller post gets a new title, which the landing page shows."""
    post = site.content / "traveller" / "traveller-a-long-time-affair.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "Title: Traveller, a long time affair…", "Title: Traveller, a lifelong affair"),
        encoding="utf-8")


def rename_site(site):
    """10. The site's name, which every page prints, changes."""
    site.settings["SITENAME"] = "heckj & the Missouri Archive"


def fix_mail_encoding(site):
    """11. The archivist sees the reply of step 7 was written on a DOS machine and
    says so in the mbox's sidecar: only the decoded text changes, not the bytes."""
    (site.archive / "mbox" / "archive-1997.mbox.meta.toml").write_text(
        '# Marty wrote from a DOS box: 0x8B is an i with diaeresis.\nencoding = "cp437"\n',
        encoding="utf-8")


def upload_missing_file(site):
    """12. PATROL.TXT, which ships/00index.txt describes and web/ships.html links
    to but which was never uploaded, arrives: the index lists no missing file
    any more and the cleaned page's dead link comes alive."""
    (site.archive / "ships" / "PATROL.TXT").write_bytes(
        b"TYPE T PATROL CRUISER (TAMSIN NAVY REFIT)\r\n\r\n"
        b"Hull 400 tons, jump-3, 3G.  Refit 1109: lab in place of the air/raft.\r\n")


# (step, change, how many archive files a rebuild may read at most, whether it
# may write every archive page: a setting every page prints rewrites them all).
STEPS = [
    ("1, bytes appended to a story", append_to_story, 1, False),
    ("2, a sidecar with a new title and date", retitle_with_sidecar, 1, False),
    ("3, a file an index describes deleted", delete_indexed_file, 0, False),
    ("4, a file renamed in its folder", rename_file, 1, False),
    ("5, a file with <>&\" and spaces in its name", add_odd_name, 1, False),
    ("6, the people sidecar merges two authors", merge_people, 0, False),
    ("7, a mail collection changed", change_mail, 2, False),
    ("8, a file hidden by its sidecar", hide_file, 1, False),
    ("9, a Traveller post retitled", edit_traveller_post, 0, False),
    ("10, SITENAME changed", rename_site, 0, True),
    ("11, a mail collection's encoding set in its sidecar", fix_mail_encoding, 1, False),
    ("12, a file an index names (and a page links to) uploaded", upload_missing_file, 1,
     False),
]


def differences(incremental, clean):
    """{path: how it differs} between two output folders."""
    found = {}
    for path in compare_trees(incremental, clean):
        if not (clean / path).exists():
            found[path] = "left behind"   # in the kept folder only
        elif not (incremental / path).exists():
            found[path] = "missing"
        else:
            found[path] = "differs"
    return found


def test_every_incremental_rebuild_equals_a_clean_build(tmp_path):
    """Every step is checked even when an earlier one fails, so that one run
    names every stale page (a page stale at one step may stay so after it)."""
    site = Site(tmp_path)
    first = site.rebuild()
    assert first["pages_written"] == first["pages_total"] > 300
    problems = []
    for number, (step, change, most_read, rewrites_all) in enumerate(STEPS, start=1):
        change(site)
        site.commit(change.__name__)
        stats = site.rebuild()
        clean = site.clean_build(f"clean-{number}")
        found = differences(site.output, clean)
        if found:
            problems.append(f"step {step}\n  the incremental build differs from a clean one: "
                            + ", ".join(f"{path} ({how})" for path, how in sorted(found.items())))
        # It did less than a clean build: only the changed files were read, and
        # (but for a setting every page shows) only some pages were written.
        if (stats["unchanged"] or stats["read"] > most_read
                or not rewrites_all and stats["pages_written"] >= stats["pages_total"] // 2):
            problems.append(f"step {step}\n  did more than the change needs: {stats}")
        shutil.rmtree(clean)   # each clean build is needed once
    assert not problems, "\n".join(problems)
