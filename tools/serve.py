"""Serve the built site the way static hosts do, on 127.0.0.1.

Like GitHub Pages: a folder is answered by its `index.html`, else by its
`index.xml` (which is how the old WordPress feed addresses such as /feed/
keep working), `/name` finds `name.html`, and a missing page gets `404.html`
with status 404. `--regenerate` also runs Pelican's autoreload in the
background, which makes this the dev server.
"""

import argparse
import functools
import http.server
import os
import subprocess
import sys
from pathlib import Path

INDEX_FILES = ("index.html", "index.xml")
TYPES = {".xml": "application/xml", ".atom": "application/atom+xml"}


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler with static-host index and 404 rules."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            for name in INDEX_FILES:
                if (path / name).is_file():
                    return self._send_file(path / name, 200)
            return self._send_not_found()
        if path.is_dir():
            return super().send_head()  # redirects to the trailing slash
        if not path.is_file() and path.with_suffix(".html").is_file():
            return self._send_file(path.with_suffix(".html"), 200)
        if not path.is_file():
            return self._send_not_found()
        return super().send_head()

    def _send_file(self, path, status):
        handle = open(path, "rb")  # noqa: SIM115 - the base class closes it after copying
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.end_headers()
        return handle

    def _send_not_found(self):
        page = Path(self.directory) / "404.html"
        if page.is_file():
            return self._send_file(page, 404)
        self.send_error(404, "Not found")
        return None

    def list_directory(self, path):
        # Static hosts never list folders; neither do we.
        return self._send_not_found()

    def log_message(self, fmt, *args):
        sys.stderr.write(f"{self.address_string()} - {fmt % args}\n")


def make_server(root, host="127.0.0.1", port=8000):
    handler = functools.partial(StaticHostHandler, directory=str(root))
    return http.server.ThreadingHTTPServer((host, port), handler)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--regenerate", metavar="CMD", help="rebuild command to run alongside")
    args = parser.parse_args(argv)
    rebuild = subprocess.Popen(args.regenerate, shell=True) if args.regenerate else None
    server = make_server(args.root, args.host, args.port)
    print(f"Serving {args.root} at http://{args.host}:{args.port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if rebuild:
            rebuild.terminate()
            rebuild.wait()


if __name__ == "__main__":
    main()
