"""Deploy a checked build: GitHub Pages through ghp-import, or rsync.

    python -m tools.deploy github output --remote origin --branch gh-pages [--cname X] [--dry-run]
    python -m tools.deploy rsync output --target user@host:/var/www/site [--dry-run]

Both are all-or-nothing from the reader's side: a git push moves the branch
in one step, and rsync stages updated files and swaps them in at the end
(--delay-updates, --delete-delay). A dry run shows what would change.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

BIN = Path(sys.executable).parent


def git(*args, check=True, capture=False):
    return subprocess.run(["git", *args], check=check, text=True,
                          capture_output=capture)


def fetch_branch(remote, branch):
    """Bring the remote's published branch here, so the new commit follows it."""
    result = git("fetch", "--quiet", remote, f"+refs/heads/{branch}:refs/heads/{branch}",
                 check=False, capture=True)
    if result.returncode != 0 and "couldn't find remote ref" not in result.stderr:
        sys.exit(f"deploy: cannot fetch {branch} from {remote}: {result.stderr.strip()}")


def committer_env():
    """ghp-import signs commits as git's user; give it a name where git has none."""
    env = dict(os.environ)
    for key, setting, default in (("GIT_COMMITTER_NAME", "user.name", "Site publisher"),
                                  ("GIT_COMMITTER_EMAIL", "user.email", "publish@localhost")):
        if key not in env and not git("config", setting, check=False, capture=True).stdout.strip():
            env[key] = default
    return env


def ghp_import(output, branch, message, cname, push=False, remote="origin"):
    command = [str(BIN / "ghp-import"), "-n", "-m", message, "-b", branch]
    if cname:
        command += ["-c", cname]
    if push:
        command += ["-p", "-r", remote]
    command.append(str(output))
    subprocess.run(command, check=True, env=committer_env())


def custom_domain(siteurl):
    """The CNAME GitHub Pages needs for a custom domain; none for *.github.io."""
    host = urlsplit(siteurl).hostname or ""
    return "" if not host or host.endswith(".github.io") else host


def github(args):
    args.cname = args.cname or custom_domain(args.siteurl)
    fetch_branch(args.remote, args.branch)
    if not args.dry_run:
        ghp_import(args.output, args.branch, args.message, args.cname, push=True,
                   remote=args.remote)
        print(f"deploy: pushed {args.output} to {args.remote} {args.branch}")
        return
    trial = f"{args.branch}-dry-run"
    git("branch", "-D", trial, check=False, capture=True)
    ghp_import(args.output, trial, args.message, args.cname)
    has_branch = git("rev-parse", "--verify", "--quiet", args.branch,
                     check=False, capture=True).returncode == 0
    print(f"deploy (dry run): changes {args.remote} {args.branch} would get:")
    if has_branch:
        git("diff", "--stat", args.branch, trial)
    else:
        git("show", "--stat", "--format=format:(first publication)", trial)
    git("branch", "-D", trial, capture=True)


def rsync(args):
    command = ["rsync", "--recursive", "--links", "--checksum", "--delete-delay",
               "--delay-updates", "--itemize-changes", "--exclude", ".~tmp~"]
    if args.dry_run:
        command.append("--dry-run")
    if args.ssh_port:
        command += ["-e", f"ssh -p {args.ssh_port}"]
    command += [f"{args.output}/", args.target]
    subprocess.run(command, check=True)
    print(f"deploy{' (dry run)' if args.dry_run else ''}: rsync to {args.target} done")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="how", required=True)
    gh = sub.add_parser("github")
    gh.add_argument("output", type=Path)
    gh.add_argument("--remote", default="origin")
    gh.add_argument("--branch", default="gh-pages")
    gh.add_argument("--message", default="Publish site")
    gh.add_argument("--cname", default="", help="custom domain (default: SITEURL's host)")
    gh.add_argument("--siteurl", default="")
    gh.add_argument("--dry-run", action="store_true")
    rs = sub.add_parser("rsync")
    rs.add_argument("output", type=Path)
    rs.add_argument("--target", required=True)
    rs.add_argument("--ssh-port", default="")
    rs.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    if not (args.output / "index.html").is_file():
        sys.exit(f"deploy: {args.output} holds no built site")
    try:
        github(args) if args.how == "github" else rsync(args)
    except subprocess.CalledProcessError as error:
        sys.exit(f"deploy: {' '.join(map(str, error.cmd))} failed (exit {error.returncode})")


if __name__ == "__main__":
    main()
