"""Lighthouse scores for one page of each type of the published site.

    python -m bench.lighthouse [--port 8123] [--pages home,article,...]

Unit tests and axe check the markup; only a real browser run says how fast a
page paints and what Lighthouse holds against it. This builds the site with
publishconf.py (absolute URLs pointed at 127.0.0.1), serves it with the
project's own static server (tools/serve.py), runs Lighthouse's CLI against
Debian's Chromium with mobile emulation and with the desktop preset, and
prints a Markdown document: the scores, then every audit that keeps a score
under 100, so the fix can start from the audit's id. Full reports are kept in
bench/results/lighthouse/. Low scores are measured, not failed: the exit
status is non-zero only when something crashes.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from bench.runner import RESULTS, ROOT, run
from tools.serve import make_server

LIGHTHOUSE_VERSION = "13.5.0"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking"
                " --disable-component-update --disable-sync --no-first-run")
CATEGORIES = {"performance": "Performance", "accessibility": "Accessibility",
              "best-practices": "Best practices", "seo": "SEO"}
FORM_FACTORS = ("mobile", "desktop")
PAGES = {
    "home": "/",
    "article": "/2012/06/16/traveller-a-long-time-affair/",
    "category": "/category/openstack/",
    "tag": "/tag/keystone/",
    "archives": "/archives/",
    "page": "/about/",
    "archive": "/archive/",
    "archive-folder": "/archive/ships/",
    "archive-item": "/archive/ships/SCOUT.TXT.html",
    "archive-page": "/archive/web/index.html",
    "sector-map": "/archive/sectors/TAMSIN.SEC.html",
    "mail-message": "/archive/mail/traveller-digest/1996.299.3.html",
    "mail-index": "/archive/mail/traveller-digest/1996/threads.html",
    "404": "/404.html",
}
# Audits Lighthouse does not score: nothing to fix in them.
UNSCORED = {"notApplicable", "manual", "informative"}


def build_site(output, cache, port):
    """Publish the site into `output`, its absolute URLs on the local server."""
    # A cache of our own: the shared cache/ folder may be in use by another build.
    command = [str(ROOT / ".venv" / "bin" / "pelican"), "content", "-o", str(output),
               "-s", "publishconf.py", "-e", f"CACHE_PATH={json.dumps(str(cache))}"]
    run(command, env={"SITEURL": f"http://127.0.0.1:{port}"})


def ensure_lighthouse():
    """Install the pinned Lighthouse into node_modules/ unless it is there."""
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    installed = package.exists() and json.loads(package.read_text(encoding="utf-8"))["version"]
    if LIGHTHOUSE.exists() and installed == LIGHTHOUSE_VERSION:
        return
    print(f"Installing lighthouse@{LIGHTHOUSE_VERSION} into node_modules/", file=sys.stderr)
    # --no-save: package.json and package-lock.json stay as they are.
    run(["npm", "install", "--no-save", "--no-audit", "--no-fund",
         f"lighthouse@{LIGHTHOUSE_VERSION}"])


def lighthouse(url, form_factor, report):
    """Run Lighthouse once and return its JSON report (also written to `report`)."""
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    run(command, env={"CHROME_PATH": CHROME})
    result = json.loads(report.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        raise RuntimeError(f"Lighthouse on {url}: {result['runtimeError']}")
    return result


def where(audit, limit=3):
    """The first elements or resources an audit blames, for the fixer to find."""
    items = (audit.get("details") or {}).get("items") or []
    found = [item.get("node", {}).get("selector") or item.get("url") for item in items
             if isinstance(item, dict)]
    return ", ".join(f"`{place}`" for place in found[:limit] if place)


def failing_audits(result, category):
    """(id, title, score, where) of the audits behind a category's lost points.

    Weighted audits below 1 cost points; for performance the unweighted
    insights and diagnostics below 1 are listed too, since they say why a
    metric is slow. Errored audits are listed separately (`errored_audits`).
    """
    failing = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if audit["scoreDisplayMode"] in UNSCORED or audit["score"] is None:
            continue
        if audit["score"] < 1 and (ref["weight"] > 0 or category == "performance"):
            failing.append((ref["id"], audit["title"], audit["score"], where(audit)))
    return failing


def errored_audits(result):
    return {key: audit.get("errorMessage", "") for key, audit in result["audits"].items()
            if audit["scoreDisplayMode"] == "error"}


def measure(base, pages, folder):
    """{(page, form factor): report} for every page and both form factors."""
    folder.mkdir(parents=True, exist_ok=True)
    results = {}
    for page in pages:
        for form_factor in FORM_FACTORS:
            print(f"Lighthouse: {page} ({form_factor})", file=sys.stderr)
            report = folder / f"{page}-{form_factor}.json"
            results[page, form_factor] = lighthouse(base + PAGES[page], form_factor, report)
    return results


def score(result, category):
    value = result["categories"][category]["score"]
    return "error" if value is None else round(value * 100)


def node_version():
    return subprocess.run(["node", "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def below_100(results):
    """One line per score under 100, naming the audits that cost the points."""
    lines = []
    for (page, form_factor), result in results.items():
        for key, name in CATEGORIES.items():
            if score(result, key) != 100:
                audits = "; ".join(f"`{audit}` {title} ({value:.2f}){' at ' + at if at else ''}"
                                   for audit, title, value, at in failing_audits(result, key))
                lines.append(f"- {page}, {form_factor}, {name} {score(result, key)}: {audits}")
    return ["", "Below 100:", "", *lines] if lines else ["", "Every score is 100."]


def errors_section(results):
    errors, weighted = {}, set()
    for result in results.values():
        errors.update(errored_audits(result))
        weighted.update(ref["id"] for category in result["categories"].values()
                        for ref in category["auditRefs"] if ref["weight"] > 0)
    if not errors:
        return []
    old_node = int(node_version().lstrip("v").split(".")[0]) < 22
    why = (" (Lighthouse 13 wants Node >= 22.19; older Node lacks the iterator helpers"
           " some insights call)") if old_node else ""
    return ["", f"Audits that errored{why}:", ""] + [
        f"- `{key}`{' (weighted!)' if key in weighted else ''}: {message}"
        for key, message in sorted(errors.items())]


def markdown(results, pages):
    """The scores as a table (mobile / desktop), then what is below 100 and why."""
    first = next(iter(results.values()))
    lines = [f"Lighthouse {first['lighthouseVersion']}, "
             f"{first['environment']['hostUserAgent'].split()[-2]}, Node {node_version()}; "
             "cells are mobile / desktop.", "",
             "| Page | " + " | ".join(CATEGORIES.values()) + " |",
             "| --- |" + " ---: |" * len(CATEGORIES)]
    for page in pages:
        cells = [" / ".join(str(score(results[page, ff], key)) for ff in FORM_FACTORS)
                 for key in CATEGORIES]
        lines.append(f"| {page} `{PAGES[page]}` | " + " | ".join(cells) + " |")
    lines += below_100(results) + errors_section(results)
    return "\n".join(lines) + "\n"


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated, from: {', '.join(PAGES)}")
    args = parser.parse_args(argv)
    args.pages = [page.strip() for page in args.pages.split(",") if page.strip()]
    unknown = sorted(set(args.pages) - set(PAGES))
    if unknown:
        parser.error(f"unknown pages: {', '.join(unknown)}")
    return args


def main(argv=None):
    args = parse_args(argv)
    ensure_lighthouse()
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as work:
        site = Path(work) / "site"
        print("Building the site with publishconf.py", file=sys.stderr)
        build_site(site, Path(work) / "cache", args.port)
        server = make_server(site, "127.0.0.1", args.port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            results = measure(f"http://127.0.0.1:{args.port}", args.pages,
                              RESULTS / "lighthouse")
        finally:
            server.shutdown()
            server.server_close()
    sys.stdout.write(markdown(results, args.pages))


if __name__ == "__main__":
    main()
