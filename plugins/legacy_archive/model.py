"""The records that flow between the pipeline's stages."""

import dataclasses
import re

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclasses.dataclass(frozen=True)
class Finding:
    """One problem with one file, worth a warning unless the archivist accepted it.

    `code` is stable (sidecars accept findings by code); `message` is for people.
    """

    code: str
    message: str


@dataclasses.dataclass
class Source:
    """A file as discovered: where it is and what the file system says of it."""

    rel: str            # POSIX path inside the archive; undecodable bytes as surrogates
    safe_rel: str       # the same path with every segment made URL- and host-safe
    path: str           # absolute path on disk
    size: int
    mtime_ns: int
    link_target: str | None = None   # for symbolic links: what they point at
    findings: list = dataclasses.field(default_factory=list)
    deps: str = ""   # what besides its bytes decides how it is read: pipeline.deps_key


@dataclasses.dataclass
class Item:
    """A file after identify, decode and extract: everything its pages need."""

    rel: str
    safe_rel: str
    size: int
    sha256: str
    kind: str                 # text, mail, html, svg, xml, sector, index, image, zip,
                              # container, executable, binary, empty, link
    detail: str = ""          # e.g. "GIF89a", "CP437 (DOS)", "ZIP, 4 members"
    encoding: str = ""        # codec used for text kinds
    newlines: str = ""
    title: str = ""
    authors: list = dataclasses.field(default_factory=list)
    date: str = ""            # ISO date (yyyy, yyyy-mm or yyyy-mm-dd) or ""
    date_source: str = ""     # "sidecar", "content", "index"
    description: str = ""
    description_source: str = ""
    hidden: bool = False
    extra: dict = dataclasses.field(default_factory=dict)
    findings: list = dataclasses.field(default_factory=list)

    def to_record(self):
        """The item as plain data for the catalog's JSON.

        A shallow copy: `extra` and `authors` hold plain values only, and
        dataclasses.asdict's deep copy of every mail record was a twentieth
        of a cold build.
        """
        data = {name: getattr(self, name) for name in ITEM_FIELDS}
        data["findings"] = [[f.code, f.message] for f in self.findings]
        return data

    @classmethod
    def from_record(cls, data):
        data = dict(data)
        data["findings"] = [Finding(code, message) for code, message in data["findings"]]
        return cls(**data)


ITEM_FIELDS = tuple(field.name for field in dataclasses.fields(Item))


def display_path(rel):
    """A path for people: undecodable name bytes and control characters as \\xNN.

    A name may hold a newline or a terminal escape; shown raw it would forge
    log lines, rewrite a terminal, or make a page invalid HTML.
    """
    if rel.isascii() and rel.isprintable():   # most paths: nothing to show otherwise
        return rel
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
