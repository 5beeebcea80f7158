"""tools.serve answers like a static host: index.html, index.xml, 404.html."""

import threading
import urllib.error
import urllib.request

import pytest

from tools.serve import make_server


@pytest.fixture
def host(tmp_path):
    (tmp_path / "post").mkdir()
    (tmp_path / "post" / "index.html").write_text("<p>post</p>")
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "index.xml").write_text("<rss/>")
    (tmp_path / "empty").mkdir()
    (tmp_path / "about.html").write_text("<p>about</p>")
    (tmp_path / "404.html").write_text("<p>missing</p>")
    server = make_server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_folder_serves_index_html(host):
    assert fetch(host + "/post/")[::2] == (200, b"<p>post</p>")


def test_folder_without_html_serves_index_xml(host):
    status, kind, body = fetch(host + "/feed/")
    assert (status, body) == (200, b"<rss/>")
    assert kind == "application/xml"


def test_folder_without_slash_redirects(host):
    status, _, body = fetch(host + "/post")
    assert (status, body) == (200, b"<p>post</p>")  # urllib followed the redirect


def test_name_finds_html_file(host):
    assert fetch(host + "/about")[::2] == (200, b"<p>about</p>")


def test_missing_gets_404_page_and_no_listing(host):
    assert fetch(host + "/nowhere/")[::2] == (404, b"<p>missing</p>")
    assert fetch(host + "/empty/")[::2] == (404, b"<p>missing</p>")
