"""Run real Pelican builds for the tests, the way `make html/publish` does."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST_SITEURL = "https://blog.example.org"


def pelican_command(output, conf="pelicanconf.py", content=None, cache=None, env=None,
                    extra=(), fatal=True):
    """(command, environment) of a build; see run_pelican."""
    content = Path(content or ROOT / "content")
    cache = Path(cache or Path(output).with_name(Path(output).name + "-cache"))
    command = [
        sys.executable, "-m", "pelican", str(content),
        "-o", str(output), "-s", str(ROOT / conf),
        "-e", f'CACHE_PATH="{cache}"', *extra,
    ]
    if fatal:
        command += ["--fatal", "warnings"]
    # A wide console keeps rich from wrapping file names across lines.
    full_env = {**os.environ, "SITEURL": TEST_SITEURL, "COLUMNS": "400", **(env or {})}
    return command, full_env


def run_pelican(output, **kwargs):
    """Build (warnings fatal unless told); return the CompletedProcess (never raises).

    Keywords: conf, content, cache, env, extra (Pelican -e overrides, each
    "KEY=json value") and fatal.
    """
    command, env = pelican_command(output, **kwargs)
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def build(output, **kwargs):
    """Build and fail loudly with Pelican's own output if the build fails."""
    result = run_pelican(output, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"pelican failed:\n{result.stdout}\n{result.stderr}")
    return Path(output)


def last_build(cache):
    """The archive's record of the last build (files read, pages written…)."""
    with sqlite3.connect(Path(cache) / "legacy_archive.sqlite") as db:
        return json.loads(db.execute(
            "SELECT value FROM meta WHERE key = 'last_build'").fetchone()[0])


GIT_ENV = {"GIT_AUTHOR_NAME": "Archivist", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Archivist", "GIT_COMMITTER_EMAIL": "a@example.org"}


def git(repo, *args, when="2001-02-03T04:05:06+00:00"):
    """git in `repo` as the archivist, at a fixed time: the dates of additions
    git gives the archive are then the same on every run."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)
