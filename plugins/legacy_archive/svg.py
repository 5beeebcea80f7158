"""A safe copy of an SVG image: drawing elements only, nothing that runs.

SVG is active content: served raw from our origin its scripts would run. The
copy published at the old path keeps shapes, text, gradients and styles
attributes, and drops scripts, event handlers, foreignObject, external
references and anything not on the list.
"""

import re

from lxml import etree

URL_REF = re.compile(r"url\(([^)]*)\)?", re.IGNORECASE)

SVG_NS = "http://www.w3.org/2000/svg"
ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "title", "desc", "defs", "lineargradient", "radialgradient", "stop", "symbol",
    "clippath", "mask", "pattern", "marker", "use",
}
ATTRIBUTES = {
    "d", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height",
    "points", "viewbox", "fill", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "opacity", "fill-opacity", "stroke-opacity",
    "transform", "font-size", "font-family", "font-weight", "text-anchor", "offset",
    "stop-color", "stop-opacity", "id", "class", "preserveaspectratio", "gradientunits",
    "gradienttransform", "clip-path", "mask", "dx", "dy", "version", "fill-rule",
    "clip-rule", "patternunits", "markerwidth", "markerheight", "refx", "refy", "orient",
}
HREF = "{http://www.w3.org/1999/xlink}href"


def sanitise_svg(data):
    """Return the cleaned SVG bytes, or None when the file does not parse as SVG."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if etree.QName(root).localname != "svg":
        return None
    _clean(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def _clean(element):
    for child in list(element):
        if not isinstance(child.tag, str) or etree.QName(child).localname.lower() not in ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    for name in list(element.attrib):
        local = etree.QName(name).localname.lower()
        value = element.attrib[name]
        internal_ref = local == "href" and value.startswith("#")
        if not (local in ATTRIBUTES or internal_ref) or _external_url(value):
            del element.attrib[name]


def _external_url(value):
    """True when a CSS url(...) in the value points anywhere but #an-id here."""
    return any(not ref.strip(" '\"").startswith("#")
               for ref in URL_REF.findall(value))
