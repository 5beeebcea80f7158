"""Tests for legacy_archive.svg: a safe copy of an SVG image."""

import pytest
from legacy_archive.svg import sanitise_svg
from lxml import etree

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(body, attrs=""):
    return f'<svg {NS} viewBox="0 0 10 10" {attrs}>{body}</svg>'.encode()


def clean(body, attrs=""):
    result = sanitise_svg(svg(body, attrs))
    assert result is not None
    return result.decode("utf-8")


def test_output_is_well_formed_svg_with_xml_declaration():
    result = sanitise_svg(svg('<rect width="5" height="5"/>'))
    assert result.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = etree.fromstring(result)
    assert etree.QName(root).localname == "svg"
    assert root.get("viewBox") == "0 0 10 10"


@pytest.mark.parametrize("body", [
    "<script>alert(1)</script>",
    '<script xlink:href="http://evil.example/x.js"/>',
    '<g><script type="text/ecmascript"><![CDATA[alert(1)]]></script></g>',
    '<foreignObject width="10" height="10"><body xmlns="http://www.w3.org/1999/xhtml">'
    "<iframe src='http://evil.example'/></body></foreignObject>",
    "<style>rect { fill: url(http://evil.example/t.svg#p) }</style>",
    '<a xlink:href="javascript:alert(1)"><rect width="1"/></a>',
    '<animate attributeName="href" to="javascript:alert(1)"/>',
    '<set attributeName="onclick" to="alert(1)"/>',
    '<image href="http://evil.example/track.png"/>',
    "<!-- comment with <script> --><?php echo 1 ?>",
])
def test_active_elements_are_removed(body):
    result = clean(body + '<circle r="2"/>')
    for word in ("script", "alert", "evil.example", "foreignObject", "style", "iframe",
                 "javascript", "animate", "<set", "php", "comment"):
        assert word not in result
    assert "<circle" in result


@pytest.mark.parametrize("attrs", [
    'onload="alert(1)"', 'ONCLICK="alert(1)"', 'onmouseover="alert(1)"',
    'style="background:url(http://evil.example/x)"',
    'xlink:href="javascript:alert(1)"', 'href="javascript:alert(1)"',
    'href="http://evil.example/x.svg#a"', 'xlink:href="http://evil.example/x.svg#a"',
    'fill="url(http://evil.example/p.svg#g)"',
    'filter="url(#f)"', 'xml:base="http://evil.example/"',
])
def test_event_handlers_external_references_and_unknown_attributes_are_removed(attrs):
    result = clean(f'<use {attrs} x="1"/><rect {attrs} width="2"/>', attrs)
    assert "alert" not in result and "evil.example" not in result
    assert "javascript" not in result
    assert f" {attrs.split('=')[0]}=" not in result
    assert 'x="1"' in result and 'width="2"' in result


def test_shapes_gradients_and_internal_references_are_kept():
    body = ('<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
            '<symbol id="s"><path d="M0 0L5 5"/></symbol></defs>'
            '<rect id="r" width="5" height="5" fill="url(#g)" stroke="blue"/>'
            '<use xlink:href="#s" x="1"/><use href="#r" y="2"/>'
            '<polygon points="0,0 1,1 1,0"/><text x="1" y="1">Regina<tspan>!</tspan></text>'
            '<title>Map</title>')
    result = clean(body)
    for kept in ('fill="url(#g)"', 'xlink:href="#s"', 'href="#r"', '<polygon points="0,0 1,1 1,0"',
                 "Regina", "<tspan>!</tspan>", "<title>Map</title>", 'stop-color="red"',
                 "<linearGradient", '<path d="M0 0L5 5"/>'):
        assert kept in result


def test_external_entity_is_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    data = (f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            f'<svg {NS}><text>&xxe;</text></svg>').encode()
    result = sanitise_svg(data)
    assert result is not None
    assert b"TOP-SECRET" not in result
    assert b"ENTITY" not in result and b"&xxe;" not in result


def test_internal_entity_payload_is_not_expanded():
    data = (b'<!DOCTYPE svg [<!ENTITY p "<script>alert(1)</script>">'
            b'<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            + svg("<text>&p;&lol2;</text>"))
    result = sanitise_svg(data)
    assert result is not None
    assert b"script" not in result and b"alert" not in result and b"lol" not in result


def test_external_url_next_to_an_internal_one_is_removed():
    result = clean('<rect width="1" mask="url(#m), url(http://evil.example/m.svg#x)"/>')
    assert "evil.example" not in result


def test_upper_case_external_url_is_removed():
    result = clean('<rect width="1" fill="URL(http://evil.example/p.svg#g)"/>')
    assert "evil.example" not in result


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><note><to>x</to></note>',
    b"<html><body><svg></svg></body></html>",
    b"not xml at all",
    b"",
    b"<svg><unclosed></svg>",
    b"\xff\xfe\x00garbage",
    b"GIF89a\x01\x00",
])
def test_non_svg_xml_and_garbage_give_none(data):
    assert sanitise_svg(data) is None
