"""The benchmark corpus generators: deterministic, exact in size, every shape present.

Small sizes only (120 files, 200 messages, 30 posts): the point is that the
big corpora the benchmarks generate are built from the same, checked parts.
"""

import datetime as dt
import email.utils
import hashlib
import json
import mailbox
import re
import struct
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from bench.gen_archive import ALL_KINDS, add_digest, archive_manifest, generate_archive
from bench.gen_blog import TAG_POOL, edit_one_post, generate_blog

ROOT = Path(__file__).resolve().parents[2]
FILES, MESSAGES, POSTS = 120, 200, 30
LAYOUT_MARKERS = {
    "mail_a": (r"(?m)^-------- TML Message #\d+ --------\r?$",
               r"All opinions and material above is the responsibility of the originator"),
    "mail_b": (r"(?m)^From \S+ \w{3} \w{3} [ \d]\d ", r"Subject: TML Bundle #\d+: Msgs \d+-\d+",
               r"-AMN- --Date--- --Sender-", r"(?m)^-{60}\n"),
    "mail_c": (r"Subject: TML bundle #\d+: Msgs", r"BUN# =AMN= =DATE=", r"(?m)^Bundle: \d+"),
    "mail_d": (r"TRAVELLER Digest \d+", r"Topics covered in this issue include:",
               r"(?m)^Message-ID: <"),
    "mail_e": (r"Subject:   Traveller-digest V\d{4} #\d+",
               r"The following topics are covered in this digest:"),
}
LIST_REFERENCES = (r"Re: \(\d+\)", r"RE msg \d+", r"In message \d+", r"\(Td V\d\d #\d+\)",
                   r"\[T\d\d#\d+\]", r"Traveller-digest V\d{4} #\d+")


def tree_hashes(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(root).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    base = tmp_path_factory.mktemp("archive")
    counts = generate_archive(base / "tree", 1, FILES, MESSAGES, mbox=base / "list.mbox")
    return base / "tree", base / "list.mbox", counts


@pytest.fixture(scope="module")
def manifest():
    return archive_manifest(1, FILES, MESSAGES)


class Mail:
    """An mbox message with its headers decoded as Latin-1, as the list wrote them.

    compat32 hands back 8-bit header values as `Header` objects that lose the
    accents; the raw bytes keep them.
    """

    def __init__(self, raw):
        head, _, body = raw.decode("latin-1").partition("\n\n")
        self.headers = dict(line.split(": ", 1) for line in head.split("\n")[1:])
        self.body = body

    def __getitem__(self, name):
        return self.headers.get(name)


def read_mbox(path):
    box = mailbox.mbox(path)
    return [Mail(box.get_bytes(key, from_=True)) for key in sorted(box.iterkeys())]


@pytest.fixture(scope="module")
def mbox_messages(archive):
    return read_mbox(archive[1])


# ------------------------------------------------------------ archive ---


def test_same_seed_same_bytes(archive, tmp_path):
    tree, mbox, _ = archive
    generate_archive(tmp_path / "again", 1, FILES, MESSAGES, mbox=tmp_path / "again.mbox")
    assert tree_hashes(tmp_path / "again") == tree_hashes(tree)
    assert (tmp_path / "again.mbox").read_bytes() == mbox.read_bytes()


def test_other_seed_other_bytes(archive, tmp_path):
    generate_archive(tmp_path / "other", 2, FILES, MESSAGES)
    ours, theirs = tree_hashes(archive[0]), tree_hashes(tmp_path / "other")
    assert len(theirs) == FILES
    same = sum(ours.get(path) == digest for path, digest in theirs.items())
    assert same < FILES // 10


def test_exact_file_count_and_manifest(archive, manifest):
    tree, _, counts = archive
    on_disk = tree_hashes(tree)
    assert len(on_disk) == FILES == counts["files"]
    assert set(on_disk) == set(manifest)
    assert counts["messages"] == MESSAGES
    assert counts["posts"] + counts["nonposts"] == MESSAGES
    assert counts["threads"] + counts["replies"] == counts["posts"]


def test_every_layout_in_its_years(archive, manifest):
    tree, _, counts = archive
    years = {"mail_a": (1987, 1990), "mail_b": (1990, 1991), "mail_c": (1992, 1994),
             "mail_d": (1994, 1996), "mail_e": (1996, 1999)}
    for kind, patterns in LAYOUT_MARKERS.items():
        paths = [p for p, k in manifest.items() if k == kind]
        assert paths, kind
        for path in paths:
            folder_year = int(path.split("/")[0][3:])
            assert years[kind][0] <= folder_year <= years[kind][1], path
            text = (tree / path).read_bytes().decode("latin-1")
            for pattern in patterns:
                assert re.search(pattern, text), (path, pattern)
    assert all(counts["layouts"][layout] > 0 for layout in "abcde")


def test_mbox_threads_point_at_real_messages(archive, mbox_messages):
    counts = archive[2]
    assert len(mbox_messages) == MESSAGES
    ids = [m["Message-ID"] for m in mbox_messages]
    assert len(set(ids)) == MESSAGES
    replies = [m for m in mbox_messages if m["In-Reply-To"]]
    assert len(replies) == counts["replies"]
    assert all(m["In-Reply-To"] in set(ids) for m in replies)
    assert 0.65 < counts["replies"] / MESSAGES < 0.92


def test_mbox_holds_the_same_messages_as_the_collections(archive, mbox_messages):
    tree = archive[0]
    texts = {}
    for m in mbox_messages:
        path, position = m["X-TML-Source"].rsplit("#", 1)
        assert 1 <= int(position) <= 20
        if path not in texts:
            texts[path] = (tree / path).read_bytes().decode("latin-1").replace("\r\n", "\n")
        assert f"From: {m['From']}\n" in texts[path]
        if m["Subject"] is not None:
            assert f"Subject: {m['Subject']}" in texts[path]
        if m["X-Archive-Message-Number"]:
            assert f"Archive-Message-Number: {m['X-Archive-Message-Number']}" in texts[path]


def test_replies_quote_and_cite_list_numbers(archive, mbox_messages):
    tree = archive[0]
    text = "\n".join(f"{m['Subject']}\n{m.body}" for m in mbox_messages)
    found = [p for p in LIST_REFERENCES if re.search(p, text)]
    assert len(found) >= 4, found
    numbers = {m["X-Archive-Message-Number"] for m in mbox_messages}
    for cited in re.findall(r"Re: \((\d+)\)", text):
        assert cited in numbers
    for yy, number in re.findall(r"\(Td V(\d\d) #(\d+)\)", text):
        assert (tree / f"TML19{yy}" / f"traveller-digest-V19{yy}-{int(number):04d}.txt").exists()
    quoted = sum(bool(re.search(r"(?m)^> ", m.body)) for m in mbox_messages)
    assert quoted > MESSAGES // 2
    sizes = sorted(len(m.body) for m in mbox_messages if m["In-Reply-To"] is None)
    assert 1000 <= sizes[len(sizes) // 2] <= 3600


def test_dates_and_from_shapes_are_mixed(mbox_messages):
    dates = [m["Date"] for m in mbox_messages]
    shapes = {
        "ctime": r"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \w+ \d{4}$",
        "two-digit year": r"^(\w{3}, )?\d{1,2} \w{3} \d\d \d",
        "numeric zone": r" [+-]\d{4}( \(\w+\))?$",
        "four-digit year": r"^\w{3}, \d{1,2} \w{3} \d{4} ",
        "no zone": r"\d\d:\d\d:\d\d$",
    }
    seen = [name for name, pattern in shapes.items() if any(re.search(pattern, d) for d in dates)]
    assert len(seen) >= 4, seen
    parsed = sum(email.utils.parsedate_tz(d) is not None for d in dates)
    assert parsed > MESSAGES * 0.8
    froms = Counter(classify_from(m["From"]) for m in mbox_messages)
    assert froms.most_common(1)[0][0] == "u@h (Name)"
    assert len(froms) >= 5, froms


def classify_from(value):
    patterns = (("IN%", r'^IN%"'), ("bang", r"^[\w-]+![^@]*$"), ("relay", r"%.*@RELAY"),
                ("u@h (Name)", r"^\S+@\S+ \(.+\)$"), ("Name <u@h>", r"<\S+@\S+>$"),
                ('("Name") u@h', r'^\("'), ("bare", r"^[\w.]+$"))
    return next((name for name, pattern in patterns if re.search(pattern, value)), "other")


def test_every_kind_of_file_is_present(archive, manifest):
    counts = archive[2]
    assert all(counts["kinds"][kind] > 0 for kind in ALL_KINDS), counts["kinds"]
    assert Counter(manifest.values()) == Counter(
        {**{k: v for k, v in counts["kinds"].items() if v},
         **{f"mail_{lay}": n for lay, n in counts["layouts"].items()}})
    for path in manifest:
        assert len(Path(path).parts) <= 3 + 1  # top folder + up to two nested + file


MAGIC = {
    "jpeg": lambda b: b.startswith(b"\xff\xd8\xff\xe0") and b.endswith(b"\xff\xd9"),
    "exe": lambda b: b.startswith(b"MZ"),
    "arc": lambda b: b[0] == 0x1A,
    "arj": lambda b: b.startswith(b"\x60\xea"),
    "lzh": lambda b: b[2:7] == b"-lh5-",
    "sector_t5tab": lambda b: b.decode("utf-8").split("\n")[0].count("\t") == 13,
    "sector_t5col": lambda b: set(b.decode("utf-8").split("\n")[1]) == {"-", " "},
    "sector_sec": lambda b: re.search(rb"(?m)^.{13,14}\d{4} [A-EX][0-9A-FOl]{6}-", b),
    "text_macroman": lambda b: b"\r" in b and b"\n" not in b,
    "text_cp437": lambda b: b"\xc9\xcd" in b,
    "text_utf8": lambda b: b.decode("utf-8") and max(b) > 0x7F,
    "text_ascii": lambda b: max(b.rstrip(b"\x1a")) < 0x80,
    "text_cp1252": lambda b: b"\x85" in b and b"\x97" in b,
    "text_latin1": lambda b: b"\xa9" in b,
    "html": lambda b: b.startswith(b"<HTML>") and b"<A HREF=" in b,
}


def test_files_have_their_formats(archive, manifest):
    tree = archive[0]
    for path, kind in manifest.items():
        data = (tree / path).read_bytes()
        if kind in MAGIC:
            assert MAGIC[kind](data), (path, kind)
        elif kind == "gif":
            width, height, pixels = decode_gif(data)
            assert 1 <= width <= 16 and 1 <= height <= 16 and len(pixels) == width * height
        elif kind == "zip":
            check_zip(tree / path)


def check_zip(path):
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert "FILE_ID.DIZ" in names
        for info in zf.infolist():
            assert info.create_system == 0 and not info.flag_bits & 0x800
            assert 1988 <= info.date_time[0] <= 2002
        diz = zf.read("FILE_ID.DIZ").decode("cp437").splitlines()
        assert len(diz) <= 10 and all(len(line) <= 45 for line in diz)


def decode_gif(data):
    """Just enough of a GIF decoder to prove the image data is valid LZW."""
    assert data[:6] in (b"GIF87a", b"GIF89a") and data.endswith(b"\x3b")
    flags = data[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while data[pos] == 0x21:
        pos += 2
        while data[pos]:
            pos += data[pos] + 1
        pos += 1
    assert data[pos] == 0x2C
    width, height = struct.unpack("<HH", data[pos + 5:pos + 9])
    min_size, pos, stream = data[pos + 10], pos + 11, bytearray()
    while data[pos]:
        stream += data[pos + 1:pos + 1 + data[pos]]
        pos += data[pos] + 1
    return width, height, lzw_decode(bytes(stream), min_size)


def lzw_decode(stream, min_size):
    clear = 1 << min_size
    bits, pos, size = int.from_bytes(stream, "little"), 0, min_size + 1
    table, prev, out = [], None, []
    while pos + size <= len(stream) * 8:
        code = (bits >> pos) & ((1 << size) - 1)
        pos += size
        if code == clear:
            table, size, prev = [[i] for i in range(clear)] + [None, None], min_size + 1, None
            continue
        if code == clear + 1:
            break
        entry = table[code] if code < len(table) else prev + prev[:1]
        if prev is not None:
            table.append(prev + entry[:1])
        out += entry
        prev = entry
        if len(table) == 1 << size and size < 12:
            size += 1
    return out


def test_index_files_are_wrong_both_ways(archive, manifest):
    tree = archive[0]
    unlisted = 0
    indexes = [p for p, k in manifest.items() if k.startswith("index_")]
    assert indexes
    for path in indexes:
        folder = (tree / path).parent
        present = {p.name.casefold() for p in folder.iterdir()}
        text = (tree / path).read_bytes().decode("cp437").casefold()
        listed_zips = set(re.findall(r"(?m)^\"?([^\s\"]+\.zip)", text))
        assert listed_zips - present, path  # names listed that are not there
        unlisted += sum(name not in text for name in present if name != Path(path).name)
    assert unlisted > 0  # files present that no index lists


def test_refuses_unsafe_targets(archive, tmp_path):
    with pytest.raises(FileExistsError):
        generate_archive(archive[0], 1, FILES, MESSAGES)
    with pytest.raises(ValueError, match="collection files"):
        generate_archive(tmp_path / "tiny", 1, 5, MESSAGES)
    with pytest.raises(ValueError, match="outside"):
        generate_archive(tmp_path / "t", 1, FILES, MESSAGES, mbox=tmp_path / "t" / "x.mbox")


def test_add_digest_writes_one_reply_digest(tmp_path):
    results = []
    for name in ("one", "two"):
        tree, mbox = tmp_path / name, tmp_path / f"{name}.mbox"
        generate_archive(tree, 4, FILES, MESSAGES, mbox=mbox)
        before = tree_hashes(tree)
        result = add_digest(tree, 4, messages=20, mbox=mbox)
        after = tree_hashes(tree)
        new = set(after) - set(before)
        assert new == {result["path"]} and len(after) == FILES + 1
        assert all(after[p] == before[p] for p in before)
        newest = max(p.split("/")[0] for p in before if p.startswith("TML"))
        assert result["path"].startswith(newest + "/")
        results.append(((tree / result["path"]).read_bytes(), result))
        messages = read_mbox(mbox)
        assert len(messages) == MESSAGES + 20
        ids = {m["Message-ID"] for m in messages}
        added = messages[MESSAGES:]
        assert all(m["In-Reply-To"] in ids for m in added if m["In-Reply-To"])
        assert sum(bool(m["In-Reply-To"]) for m in added) == result["replies"] > 0
    assert results[0] == results[1]
    text = results[0][0].decode("latin-1")
    assert re.search(r"\(Td V\d\d #\d+\)|\[T\d\d#\d+\]|Traveller-digest V\d{4} #\d+ ?\n", text)


def test_archive_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.gen_archive", str(tmp_path / "cli"), "--seed", "3",
         "--files", "60", "--messages", "40", "--digest-size", "5"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["files"] == 60
    assert len(tree_hashes(tmp_path / "cli")) == 60


# --------------------------------------------------------------- blog ---

METADATA = ("Title", "Date", "Category", "Tags", "Slug", "Summary")


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    out = tmp_path_factory.mktemp("blog") / "content"
    return out, generate_blog(out, 1, POSTS)


def parse_post(path):
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return meta, body


def test_blog_same_seed_same_bytes(blog, tmp_path):
    generate_blog(tmp_path / "again", 1, POSTS)
    assert tree_hashes(tmp_path / "again") == tree_hashes(blog[0])
    generate_blog(tmp_path / "other", 2, POSTS)
    assert set(tree_hashes(tmp_path / "other").values()).isdisjoint(
        tree_hashes(blog[0]).values())


def test_blog_posts_parse(blog):
    out, counts = blog
    posts = sorted(out.glob("*/*.md"))
    assert len(posts) == POSTS == counts["posts"]
    slugs, years, categories = set(), set(), set()
    for path in posts:
        meta, body = parse_post(path)
        assert tuple(meta) == METADATA
        assert meta["Slug"] == path.stem and meta["Slug"] not in slugs
        slugs.add(meta["Slug"])
        when = dt.datetime.fromisoformat(meta["Date"])
        assert 2008 <= when.year <= 2022
        years.add(when.year)
        assert meta["Category"].lower() == path.parent.name
        categories.add(meta["Category"])
        tags = meta["Tags"].split(", ")
        assert 2 <= len(tags) <= 4 and set(tags) <= set(TAG_POOL)
        assert body.count("```python\n") == 1 and body.count("```yaml\n") == 1
        assert body.count("```") % 2 == 0
        prose = re.sub(r"(?s)```.*?```", "", body)
        assert 450 <= len(prose.split()) <= 900
    assert categories == {"Geekstuff", "OpenStack", "Traveller"}
    assert max(years) - min(years) >= 8
    assert counts["console_blocks"] > 0 and counts["pycon_blocks"] > 0
    assert len(TAG_POOL) == 30


def test_blog_refuses_to_overwrite(blog):
    with pytest.raises(FileExistsError):
        generate_blog(blog[0], 1, POSTS)


def test_edit_one_post_changes_one_body(tmp_path):
    out = tmp_path / "content"
    generate_blog(out, 5, POSTS)
    before = tree_hashes(out)
    path = edit_one_post(out, 5)
    after = tree_hashes(out)
    changed = [p for p in before if before[p] != after[p]]
    assert changed == [path.relative_to(out).as_posix()]
    meta_before = parse_post(path)[0]
    assert edit_one_post(out, 5) == path
    assert tree_hashes(out)[changed[0]] != after[changed[0]]
    assert parse_post(path)[0] == meta_before


def test_blog_command_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.gen_blog", str(tmp_path / "c"), "--posts", "7"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["posts"] == 7
    assert len(list((tmp_path / "c").glob("*/*.md"))) == 7
