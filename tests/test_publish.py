"""`make publish`: checked builds reach a real git remote or rsync target;
a failed check deploys nothing."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pages import compare_trees
from tests.sitebuild import ROOT

SITEURL = "https://blog.example.org"
SMALL_ARCHIVE = ROOT / "tests" / "fixtures" / "small-archive"
POST = "content/geekstuff/do-photons-have-mass.md"


def git(*args, cwd=None, git_dir=None):
    env = {**os.environ, **({"GIT_DIR": str(git_dir)} if git_dir else {})}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True,
                          capture_output=True, text=True).stdout.strip()


@pytest.fixture
def stage(tmp_path):
    """A copy of the content, a bare remote, and a scratch git dir to publish from."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    git("init", "--quiet", "--bare", str(tmp_path / "remote.git"))
    git("init", "--quiet", "--bare", str(tmp_path / "work.git"))
    return tmp_path


def make_publish(stage, deploy="github", extra_opts="", **variables):
    env = {**os.environ, "GIT_DIR": str(stage / "work.git"), "COLUMNS": "400",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org"}
    settings = {
        "DEPLOY": deploy, "SITEURL": SITEURL, "OUTPUTDIR": str(stage / "output"),
        "INPUTDIR": str(stage / "content"), "ARCHIVE_PATH": str(SMALL_ARCHIVE),
        "GITHUB_REMOTE": str(stage / "remote.git"), "RSYNC_TARGET": str(stage / "site") + "/",
        "PELICANOPTS": f"-e 'CACHE_PATH=\"{stage / 'cache'}\"' {extra_opts}", **variables,
    }
    command = ["make", "--no-print-directory", "publish"]
    command += [f"{key}={value}" for key, value in settings.items()]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def remote_head(stage):
    try:
        return git("rev-parse", "gh-pages", git_dir=stage / "remote.git")
    except subprocess.CalledProcessError:
        return None


def clone_pages(stage, name="clone"):
    target = stage / name
    git("clone", "--quiet", "--branch", "gh-pages", str(stage / "remote.git"), str(target))
    return target


def tree_differences(left, right):
    """Differences between a built site and what was deployed (git's files aside)."""
    return compare_trees(left, right, ignore=[".git", ".nojekyll", "CNAME"])


def test_publish_pushes_the_checked_site_to_gh_pages(stage):
    result = make_publish(stage)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "check: all checks passed" in result.stdout
    pages = clone_pages(stage)
    assert tree_differences(stage / "output", pages) == []
    assert (pages / ".nojekyll").exists()
    assert (pages / "CNAME").read_text().strip() == "blog.example.org"
    first = remote_head(stage)

    post = stage / POST
    post.write_text(post.read_text(encoding="utf-8").replace(
        "spun and spun and spun", "spun and spun and spun (edited)"), encoding="utf-8")
    result = make_publish(stage)
    assert result.returncode == 0, result.stdout + result.stderr
    second = remote_head(stage)
    assert second != first
    changed = git("diff", "--name-only", first, second, git_dir=stage / "remote.git").split()
    assert "2012/11/18/do-photons-have-mass/index.html" in changed
    # Only the post, the feeds carrying its full text and the search index change.
    assert all(path == "2012/11/18/do-photons-have-mass/index.html"
               or path.endswith("index.xml") or path.startswith("pagefind/")
               for path in changed), changed
    assert any(path.startswith("pagefind/fragment/") for path in changed)


def test_dry_run_shows_changes_and_pushes_nothing(stage):
    result = make_publish(stage, DRY_RUN="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "dry run" in result.stdout
    assert remote_head(stage) is None


def plant_broken_link(stage):
    (stage / "content" / "geekstuff" / "broken.md").write_text(
        "Title: Broken\nDate: 2020-01-01\nCategory: Geekstuff\n\n[gone](/no/such/page/)\n")
    return "broken link to /no/such/page/"


def plant_invalid_page(stage):
    (stage / "content" / "geekstuff" / "invalid.md").write_text(
        "Title: Invalid\nDate: 2020-01-02\nCategory: Geekstuff\n\n"
        '<p id="twice">one</p>\n\n<p id="twice">two</p>\n')
    return "Duplicate ID"


def plant_corruption(stage):
    plugins = '["category_tags", "legacy_archive", "sitemap_xml", "corrupt_output"]'
    paths = f'["{ROOT / "plugins"}", "{ROOT / "tests" / "fixtures" / "plugins"}"]'
    return "FAILED", f"'PLUGINS={plugins}' 'PLUGIN_PATHS={paths}'"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """published(deploy, folder): a stage copied from one good publish to `deploy`.

    Each target is published once for the module's tests; a test then builds
    on its own copy (output, caches, remote) as a second publish would.
    """
    done = {}

    def copy(deploy, folder):
        if deploy not in done:
            done[deploy] = tmp_path_factory.mktemp(f"published-{deploy}")
            shutil.copytree(ROOT / "content", done[deploy] / "content")
            for repo in ("remote.git", "work.git"):
                git("init", "--quiet", "--bare", str(done[deploy] / repo))
            result = make_publish(done[deploy], deploy=deploy)
            assert result.returncode == 0, result.stdout + result.stderr
        shutil.copytree(done[deploy], folder, symlinks=True)
        return folder

    return copy


@pytest.mark.parametrize("plant", [plant_broken_link, plant_invalid_page, plant_corruption],
                         ids=["broken-link", "invalid-html", "corrupted-archive-file"])
@pytest.mark.parametrize("deploy", ["github", "rsync"])
def test_failed_check_deploys_nothing(published, tmp_path, plant, deploy):
    stage = published(deploy, tmp_path / "stage")
    before = remote_head(stage) if deploy == "github" else snapshot(stage / "site")
    assert before
    planted = plant(stage)
    message, opts = planted if isinstance(planted, tuple) else (planted, "")
    result = make_publish(stage, deploy=deploy, extra_opts=opts)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    after = remote_head(stage) if deploy == "github" else snapshot(stage / "site")
    assert after == before


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def test_rsync_deploys_into_a_folder(stage):
    result = make_publish(stage, deploy="rsync")
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_differences(stage / "output", stage / "site") == []
    (stage / "site" / "stale.html").write_text("old")
    assert make_publish(stage, deploy="rsync").returncode == 0
    assert not (stage / "site" / "stale.html").exists()
