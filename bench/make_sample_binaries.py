#!/usr/bin/env python3
"""Write the binary sample files of the Missouri Archive sample input.

Everything here is made from scratch with the standard library, so the
output is byte-for-byte the same on every run (fixed dates, fixed seeds, no
"now"):

    archive/images/   GIF87a, GIF89a, a truncated GIF, a baseline JPEG,
                      and the descript.ion that describes them
    archive/software/ a ZIP with a CP437 member name (no UTF-8 flag), a
                      hand-assembled DOS MZ executable, ARC, ARJ and LZH
                      (-lh5-) archives, a short-form files.bbs, a .message

Run from anywhere:  python3 bench/make_sample_binaries.py
"""

import io
import math
import random
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "archive"
IMG = ROOT / "images"
SW = ROOT / "software"


def dos_datetime(y, mo, d, h, mi, s):
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def crlf(text):
    return text.replace("\n", "\r\n")


# ===================================================================== GIF
def lzw_gif(indices, min_code_size):
    """GIF-flavoured LZW, variable code width, LSB-first bit packing."""
    clear, eoi = 1 << min_code_size, (1 << min_code_size) + 1
    out = bytearray()
    acc = nbits = 0

    def put(code, width):
        nonlocal acc, nbits
        acc |= code << nbits
        nbits += width
        while nbits >= 8:
            out.append(acc & 0xFF)
            acc >>= 8
            nbits -= 8

    def reset():
        return {(i,): i for i in range(clear)}, eoi + 1, min_code_size + 1

    table, nxt, width = reset()
    put(clear, width)
    w = (indices[0],)
    for k in indices[1:]:
        wk = w + (k,)
        if wk in table:
            w = wk
            continue
        put(table[w], width)
        if nxt < 4096:
            table[wk] = nxt
            nxt += 1
            if nxt - 1 == (1 << width) and width < 12:
                width += 1
        else:
            put(clear, width)
            table, nxt, width = reset()
        w = (k,)
    put(table[w], width)
    put(eoi, width)
    if nbits:
        out.append(acc & 0xFF)
    return bytes(out)


def gif(version, w, h, palette, pixels, transparent=None, comment=None):
    bits = max(1, (len(palette) - 1).bit_length())
    pal = list(palette) + [(0, 0, 0)] * ((1 << bits) - len(palette))
    b = bytearray(version)
    b += struct.pack("<HHBBB", w, h, 0x80 | ((bits - 1) << 4) | (bits - 1), 0, 0)
    for rgb in pal:
        b += bytes(rgb)
    if version == b"GIF89a" and transparent is not None:
        b += b"\x21\xf9\x04" + bytes([0x01]) + struct.pack("<H", 0) + bytes([transparent]) + b"\x00"
    if version == b"GIF89a" and comment:
        c = comment.encode("ascii")
        b += b"\x21\xfe"
        for i in range(0, len(c), 255):
            b += bytes([len(c[i : i + 255])]) + c[i : i + 255]
        b += b"\x00"
    b += b"\x2c" + struct.pack("<HHHHB", 0, 0, w, h, 0)
    mcs = max(2, bits)
    data = lzw_gif(pixels, mcs)
    b += bytes([mcs])
    for i in range(0, len(data), 255):
        b += bytes([len(data[i : i + 255])]) + data[i : i + 255]
    b += b"\x00\x3b"
    return bytes(b)


FONT = {  # 5x7 bitmap letters for the logo
    "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
    "M": ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"],
    "L": ["#....", "#....", "#....", "#....", "#....", "#....", "#####"],
}


def logo_pixels():
    w, h = 64, 32
    rnd = random.Random(1987)
    px = [0] * (w * h)
    for _ in range(40):  # stars
        px[rnd.randrange(h) * w + rnd.randrange(w)] = rnd.choice((1, 1, 2))
    for li, ch in enumerate("TML"):  # letters at 3x scale, 2 px tall
        for r, row in enumerate(FONT[ch]):
            for c, on in enumerate(row):
                if on == "#":
                    for dy in range(3):
                        for dx in range(3):
                            x, y = 4 + li * 20 + c * 3 + dx, 3 + r * 3 + dy
                            if x < w and y < h:
                                px[y * w + x] = 3
    for x in range(w):  # orange rule under the letters
        px[28 * w + x] = 2
    return w, h, px


def scout_pixels():
    """A wedge-hulled scout seen from the side, index 0 is transparent."""
    w, h = 48, 24
    px = [0] * (w * h)
    for x in range(4, 45):
        top = 8 + (x - 4) * 9 // 40  # wedge: blunt stern left, nose right
        for y in range(top, 19):
            px[y * w + x] = 1  # hull grey
    for x in range(30, 36):
        px[(8 + (x - 4) * 9 // 40 + 1) * w + x] = 3  # cockpit window
    for y in range(13, 18):
        px[y * w + 5] = 2  # drive glow
        px[y * w + 6] = 2
    for x in range(8, 40, 4):
        px[18 * w + x] = 3  # white band of the Tamsin scouts
    return w, h, px


def map_pixels():
    w, h = 80, 60
    rnd = random.Random(1116)
    px = [0] * (w * h)
    for y in range(0, h, 6):
        for x in range(w):
            px[y * w + x] = 1
    for x in range(0, w, 10):
        for y in range(h):
            px[y * w + x] = 1
    for _ in range(30):
        px[rnd.randrange(h) * w + rnd.randrange(w)] = rnd.choice((2, 3))
    return w, h, px


# ==================================================================== JPEG
# fmt: off
ZIGZAG = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
]
Q_LUMA = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69,
    56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81,
    104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99
]
Q_CHROMA = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
] + [99] * 32
# fmt: on
DC_L = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
DC_C = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
AC_L = (
    [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125],
    bytes.fromhex(
        "01020300041105122131410613516107227114328191a1082342b1c11552d1f024336272"
        "82090a161718191a25262728292a3435363738393a434445464748494a53545556575859"
        "5a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3"
        "a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2"
        "e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa"
    ),
)
AC_C = (
    [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119],
    bytes.fromhex(
        "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d1"
        "0a162434e125f11718191a262728292a35363738393a434445464748494a535455565758"
        "595a636465666768696a737475767778797a82838485868788898a92939495969798999a"
        "a2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9da"
        "e2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa"
    ),
)
for _bits, _vals in (DC_L, DC_C, AC_L, AC_C):
    assert sum(_bits) == len(_vals), (sum(_bits), len(_vals))

# integer DCT basis, scaled by 2**14 so the output does not depend on libm
COS = [
    [round(math.cos((2 * x + 1) * u * math.pi / 16) * 16384) for x in range(8)] for u in range(8)
]
C0 = round(16384 / math.sqrt(2))


def huff_codes(spec):
    bits, vals = spec
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def scaled_q(q, quality=80):
    s = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (v * s + 50) // 100)) for v in q]


def fdct(block):
    """8x8 forward DCT in integers; returns coefficients in natural order."""
    tmp = [[0] * 8 for _ in range(8)]
    for y in range(8):
        for u in range(8):
            tmp[y][u] = sum(block[y * 8 + x] * COS[u][x] for x in range(8))  # scale 2**14
    out = [0] * 64
    for v in range(8):
        for u in range(8):
            s = sum(tmp[y][u] * COS[v][y] for y in range(8))  # scale 2**28
            cu = C0 if u == 0 else 16384
            cv = C0 if v == 0 else 16384
            num = s * cu * cv  # scale 2**56
            den = 4 << 56
            out[v * 8 + u] = (num + den // 2) // den if num >= 0 else -((-num + den // 2) // den)
    return out


def jpeg(w, h, rgb):  # noqa: C901
    assert w % 8 == 0 and h % 8 == 0
    ql, qc = scaled_q(Q_LUMA), scaled_q(Q_CHROMA)
    planes = [[0] * (w * h) for _ in range(3)]
    for i, (r, g, b) in enumerate(rgb):  # JFIF RGB -> YCbCr, integer
        planes[0][i] = (19595 * r + 38470 * g + 7471 * b + 32768) >> 16
        planes[1][i] = ((-11059 * r - 21709 * g + 32768 * b + 32768) >> 16) + 128
        planes[2][i] = ((32768 * r - 27439 * g - 5329 * b + 32768) >> 16) + 128
    tabs = [
        (huff_codes(DC_L), huff_codes(AC_L), ql),
        (huff_codes(DC_C), huff_codes(AC_C), qc),
        (huff_codes(DC_C), huff_codes(AC_C), qc),
    ]
    out = bytearray()
    acc = nbits = 0

    def put(code, length):
        nonlocal acc, nbits
        acc = (acc << length) | code
        nbits += length
        while nbits >= 8:
            byte = (acc >> (nbits - 8)) & 0xFF
            out.append(byte)
            if byte == 0xFF:
                out.append(0)
            nbits -= 8
        acc &= (1 << nbits) - 1

    def magnitude(v):
        n = abs(v).bit_length()
        return n, (v if v >= 0 else v + (1 << n) - 1)

    pred = [0, 0, 0]
    for by in range(0, h, 8):
        for bx in range(0, w, 8):
            for c in range(3):
                dc_t, ac_t, q = tabs[c]
                blk = [planes[c][(by + y) * w + bx + x] - 128 for y in range(8) for x in range(8)]
                co = fdct(blk)
                zz = []
                for i in range(64):
                    v, qq = co[ZIGZAG[i]], q[ZIGZAG[i]]
                    zz.append((v + qq // 2) // qq if v >= 0 else -((-v + qq // 2) // qq))
                diff = zz[0] - pred[c]
                pred[c] = zz[0]
                n, bits = magnitude(diff)
                put(*dc_t[n])
                if n:
                    put(bits, n)
                run = 0
                for v in zz[1:]:
                    if v == 0:
                        run += 1
                        continue
                    while run > 15:
                        put(*ac_t[0xF0])
                        run -= 16
                    n, bits = magnitude(v)
                    put(*ac_t[(run << 4) | n])
                    put(bits, n)
                    run = 0
                if run:
                    put(*ac_t[0x00])
    if nbits:
        put((1 << (8 - nbits)) - 1, 8 - nbits)

    def seg(marker, payload):
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    def dht(cls_id, spec):
        bits, vals = spec
        return bytes([cls_id]) + bytes(bits) + bytes(vals)

    hdr = b"\xff\xd8"
    hdr += seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    hdr += seg(0xFE, b"Missouri Archive sample - starfield over Tamsin, 1995")
    hdr += seg(
        0xDB, bytes([0]) + bytes(ql[z] for z in ZIGZAG) + bytes([1]) + bytes(qc[z] for z in ZIGZAG)
    )
    hdr += seg(0xC0, struct.pack(">BHHB", 8, h, w, 3) + bytes([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]))
    hdr += seg(0xC4, dht(0x00, DC_L) + dht(0x10, AC_L) + dht(0x01, DC_C) + dht(0x11, AC_C))
    hdr += seg(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))
    return hdr + bytes(out) + b"\xff\xd9"


def starfield():
    w, h = 64, 48
    rnd = random.Random(1995)
    px = []
    for y in range(h):
        for x in range(w):
            d = ((x - 40) ** 2 + (y - 18) ** 2) ** 0.5  # a reddish nebula
            neb = max(0, 90 - int(d * 3))
            px.append((10 + neb, 6 + neb // 3, 24 + neb // 2))
    for _ in range(35):
        x, y = rnd.randrange(w), rnd.randrange(h)
        v = rnd.choice((180, 220, 255))
        px[y * w + x] = (v, v, min(255, v + 20))
    return w, h, px


# ===================================================================== EXE
def dos_exe(message):
    """Minimal MZ executable: push cs / pop ds / int 21h AH=09 / exit."""
    msg = message.encode("ascii") + b"\r\n$"
    code = bytes(
        [
            0x0E,
            0x1F,  # push cs ; pop ds
            0xBA,
            0x0E,
            0x00,  # mov dx, 000Eh (message offset)
            0xB4,
            0x09,  # mov ah, 09h
            0xCD,
            0x21,  # int 21h
            0xB8,
            0x00,
            0x4C,  # mov ax, 4C00h
            0xCD,
            0x21,
        ]
    )  # int 21h
    assert len(code) == 0x0E
    image = code + msg
    total = 32 + len(image)
    header = struct.pack(
        "<2sHHHHHHHHHHHHH",
        b"MZ",
        total % 512,
        (total + 511) // 512,
        0,
        2,
        0x0020,
        0xFFFF,
        0x0000,
        0x0200,
        0,
        0x0000,
        0x0000,
        0x001C,
        0,
    )
    return header + b"\x00" * (32 - len(header)) + image


# ===================================================================== ARC
def crc16_arc(data):
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def arc(members):
    out = bytearray()
    for name, data, dt in members:
        t, d = dos_datetime(*dt)
        out += b"\x1a\x02" + name.encode("ascii").ljust(13, b"\x00")
        out += struct.pack("<IHHHI", len(data), d, t, crc16_arc(data), len(data)) + data
    return bytes(out + b"\x1a\x00")


# ===================================================================== ARJ
def arj(archive_name, members, created):
    def block(basic):
        return (
            b"\x60\xea"
            + struct.pack("<H", len(basic))
            + basic
            + struct.pack("<I", zlib.crc32(basic))
            + b"\x00\x00"
        )

    t, d = dos_datetime(*created)
    stamp = (d << 16) | t
    main = struct.pack(
        "<BBBBBBBBIIIIHHBB", 30, 11, 1, 0, 0, 0, 2, 0, stamp, stamp, 0, 0, 0, 0, 0, 0
    )
    out = block(main + archive_name.encode("ascii") + b"\x00" + b"Missouri Archive\x00")
    for name, data, dt in members:
        t, d = dos_datetime(*dt)
        loc = struct.pack(
            "<BBBBBBBBIIIIHHBB",
            30,
            11,
            1,
            0,
            0,
            0,
            0,
            0,
            (d << 16) | t,
            len(data),
            len(data),
            zlib.crc32(data),
            0,
            0x20,
            0,
            0,
        )
        out += block(loc + name.encode("ascii") + b"\x00" + b"\x00") + data
    return out + b"\x60\xea\x00\x00"


# ============================================================ LZH (-lh5-)
def huff_lengths(freq):
    """Plain Huffman code lengths for the symbols with non-zero frequency."""
    import heapq

    items = [(f, i, (s,)) for i, (s, f) in enumerate(sorted(freq.items())) if f]
    if len(items) == 1:
        return {items[0][2][0]: 0}
    heapq.heapify(items)
    depth = {s: 0 for _, _, g in items for s in g}
    tie = len(items)
    while len(items) > 1:
        f1, _, g1 = heapq.heappop(items)
        f2, _, g2 = heapq.heappop(items)
        for s in g1 + g2:
            depth[s] += 1
        heapq.heappush(items, (f1 + f2, tie, g1 + g2))
        tie += 1
    assert max(depth.values()) <= 16
    return depth


def canon(lengths):
    codes, code = {}, 0
    for length in range(1, 17):
        for s in sorted(k for k, v in lengths.items() if v == length):
            codes[s] = code
            code += 1
        code <<= 1
    return codes


def lh5_literal_block(data):  # noqa: C901
    """An -lh5- stream that codes every byte as a literal (valid, just not small)."""
    bits = []

    def put(n, v):
        bits.extend((v >> (n - 1 - i)) & 1 for i in range(n))

    c_len = huff_lengths({b: data.count(b) for b in set(data)})
    c_code = canon(c_len)
    n = max(c_len) + 1
    tseq = []  # (symbol, extra_bits, extra_value)
    i = 0
    while i < n:
        k = c_len.get(i, 0)
        i += 1
        if k == 0:
            count = 1
            while i < n and c_len.get(i, 0) == 0:
                i += 1
                count += 1
            if count <= 2:
                tseq += [(0, 0, 0)] * count
            elif count <= 18:
                tseq.append((1, 4, count - 3))
            elif count == 19:
                tseq += [(0, 0, 0), (1, 4, 15)]
            else:
                tseq.append((2, 9, count - 20))
        else:
            tseq.append((k + 2, 0, 0))
    t_len = huff_lengths({s: sum(1 for x in tseq if x[0] == s) for s, _, _ in tseq})
    t_code = canon(t_len)

    put(16, len(data))  # block size in codes
    if len(t_len) == 1:
        put(5, 0)
        put(5, next(iter(t_len)))
    else:
        tn = max(t_len) + 1
        put(5, tn)
        j = 0
        while j < tn:
            k = t_len.get(j, 0)
            j += 1
            if k <= 6:
                put(3, k)
            else:
                put(k - 3, (1 << (k - 3)) - 2)
            if j == 3:
                while j < 6 and t_len.get(j, 0) == 0:
                    j += 1
                put(2, (j - 3) & 3)
    put(9, n)
    for s, nb, v in tseq:
        if t_len[s]:
            put(t_len[s], t_code[s])
        if nb:
            put(nb, v)
    put(4, 0)  # position tree: single symbol 0
    put(4, 0)
    for b in data:
        put(c_len[b], c_code[b])
    bits.extend([0] * 7)
    out = bytearray()
    for i in range(0, len(bits) - len(bits) % 8, 8):
        out.append(int("".join(map(str, bits[i : i + 8])), 2))
    return bytes(out)


def lzh(members):
    out = bytearray()
    for name, data, dt in members:
        t, d = dos_datetime(*dt)
        packed = lh5_literal_block(data)
        fn = name.encode("ascii")
        body = (
            b"-lh5-"
            + struct.pack("<IIHHBBB", len(packed), len(data), t, d, 0x20, 0, len(fn))
            + fn
            + struct.pack("<H", crc16_arc(data))
        )
        out += bytes([len(body), sum(body) & 0xFF]) + body + packed
    return bytes(out + b"\x00")


# ==================================================================== ZIP
class DosZipInfo(zipfile.ZipInfo):
    """Member name stored as CP437 bytes without the UTF-8 flag, as PKZIP did."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def dos_zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, dt in members:
            zi = DosZipInfo(name, date_time=dt)
            zi.create_system = 0
            zi.create_version = 20
            zi.external_attr = 0x20
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data, compresslevel=9)
        z.comment = b"Missouri Archive - vax2.umr-ee - TRAVGEN 1.2"
    return buf.getvalue()


# ================================================================ contents
_DIZ_BOX = [
    "TRAVGEN v1.2  - Traveller world gen.",
    "Classic Traveller Book 3 rules, UWP",
    "output, subsector listings in GEnie",
    "column format.  GW-BASIC source incl.",
]
FILE_ID = (
    "\u2554"
    + "\u2550" * 42
    + "\u2557\n"
    + "".join("\u2551  " + t.ljust(40) + "\u2551\n" for t in _DIZ_BOX)
    + "\u255a"
    + "\u2550" * 42
    + "\u255d\n"
    + " Freeware (c)1994 W. Tamblyn, Springfield MO\n"
    + " Missouri Archive / Jumpspace BBS 1:382/19\n"
)
assert all(len(line) <= 45 for line in FILE_ID.splitlines()) and len(FILE_ID.splitlines()) <= 10

README_ZIP = """\
TRAVGEN 1.2 -- a Classic Traveller world generator
==================================================

TRAVGEN rolls up worlds and subsectors by the Book 3 rules and
writes them in the column format the GEnie Traveller files use,
so you can load them into the mapping programs on the BBS.

FILES
  FILE_ID.DIZ   description for BBS sysops
  README.TXT    this file
  WORLDGEN.BAS  the generator, GW-BASIC 3.2 or QBasic
  TRAVGEN.EXE   compiled version (needs DOS 2.0 or later)
  R\u00c9SUM\u00c9.TXT    what changed since 1.1, in French and English,
                for the Quebec players who asked

USAGE
  TRAVGEN            one world to the screen
  TRAVGEN /S > X.SEC a whole subsector to the file X.SEC

Freeware.  Keep the files together.  Questions to Wes Tamblyn on
the Jumpspace BBS (Springfield MO, FidoNet 1:382/19) or via the
Traveller Mailing List.
"""

RESUME = """\
TRAVGEN 1.2 - R\u00c9SUM\u00c9 DES CHANGEMENTS / SUMMARY OF CHANGES

1.2  Les ast\u00e9ro\u00efdes ont maintenant une atmosph\u00e8re 0.
     Asteroid belts now always get atmosphere 0.
1.1  Nouveau : sortie au format GEnie (option /S).
     New: GEnie column output (/S switch).
1.0  Premi\u00e8re version.  First release.
"""

WORLDGEN = """\
10 REM WORLDGEN.BAS - Classic Traveller world generator
20 REM (c) 1994 Wes Tamblyn - freeware - Missouri Archive
30 RANDOMIZE TIMER
40 DIM P$(12): H$ = "0123456789ABCDEFGHJ"
50 FOR I = 2 TO 12: READ P$(I): NEXT I
60 DATA A,A,A,B,B,C,C,D,E,E,X
70 DEF FND2 = INT(RND * 6) + INT(RND * 6) + 2
80 ST$ = P$(FND2)
90 SZ = FND2 - 2
100 AT = FND2 - 7 + SZ: IF SZ = 0 THEN AT = 0
110 IF AT < 0 THEN AT = 0
120 HY = FND2 - 7 + SZ: IF AT < 2 OR AT > 9 THEN HY = HY - 4
130 IF SZ < 2 THEN HY = 0
140 IF HY < 0 THEN HY = 0 ELSE IF HY > 10 THEN HY = 10
150 PO = FND2 - 2
160 GV = FND2 - 7 + PO: IF GV < 0 THEN GV = 0
170 LW = FND2 - 7 + GV: IF LW < 0 THEN LW = 0
180 TL = INT(RND * 6) + 1
190 IF ST$ = "A" THEN TL = TL + 6
200 IF ST$ = "B" THEN TL = TL + 4
210 IF ST$ = "C" THEN TL = TL + 2
220 IF ST$ = "X" THEN TL = TL - 4
230 IF TL < 0 THEN TL = 0
240 U$ = ST$ + MID$(H$, SZ + 1, 1) + MID$(H$, AT + 1, 1) + MID$(H$, HY + 1, 1)
250 U$ = U$ + MID$(H$, PO + 1, 1) + MID$(H$, GV + 1, 1) + MID$(H$, LW + 1, 1)
260 U$ = U$ + "-" + MID$(H$, TL + 1, 1)
270 PRINT "UWP: "; U$
280 END
"""

ARC_README = """\
SECTMAP.ARC - Tamsin subsector map, ASCII version, for printing.
Unpack with ARC 5.2 or PKXARC.  See TAMSIN.MAP.
"""

TAMSIN_MAP = """\
   TAMSIN SUBSECTOR (Harrowgate Reach A) -- 1105 -- not to scale

     __      __      __      __
    /  \\__/  \\__/  \\__/  \\__
    \\__/  \\__/  \\__/  \\__/  \\
    /  \\__/ O\\__/  \\__/  \\__/     O  Outrigger  0305
    \\__/  \\__/ *\\__/  \\__/  \\     *  Tamsin     0406  (capital)
    /  \\__/  \\__/  \\__/ .\\__/     .  Halcyon    0506
    \\__/  \\__/  \\__/ K\\__/  \\     K  Kerrow     0508
       \\__/  \\__/  \\__/  \\__/

   The full data is in sectors/TAMSIN.SEC in the Missouri Archive.
"""

HGCALC_BAS = """\
10 REM HGCALC - High Guard tonnage and cost checker
20 REM for the TML design contest, 1991.  Public domain.
30 INPUT "Hull tons"; T
40 INPUT "Jump number"; J
50 F = T * J * .1 + T * .01 * 4
60 PRINT "Fuel for jump + 4 weeks:"; F; "tons"
70 PRINT "Bridge:"; T * .02; "tons (minimum 20)"
80 END
"""

HGCALC_DOC = """\
HGCALC 1.0 - checks the fuel and bridge lines of a High Guard
design.  It will not design the ship for you.  It will tell you
that your jump-4 courier has no room left for the crew.
"""

TRAVUTIL_DOC = """\
TRAVUTIL 0.9 - assorted Traveller utilities for DOS
===================================================

UWPDUMP    explains a UWP in plain English:
           UWPDUMP A788966-C
DIEROLL    rolls nD6 with modifiers:
           DIEROLL 2D+3
JUMPCALC   jump distance between two hexes of a subsector:
           JUMPCALC 0406 0508

Shareware: if you use it, send a postcard of your home town to the
Jumpspace BBS, Springfield MO.  This archive was packed with LHA
2.13 (-lh5- method).
"""

MESSAGE = """\
Welcome to the Missouri Archive software area, %U.
Local time is %T.  There are %N users here out of %M allowed.
Problems?  Write to %E.

This directory holds DOS programs and their archives.  Everything
here is freeware or shareware from the TML, the Jumpspace BBS and
the GEnie RoundTable uploads.

  - Use BINARY mode for .ZIP .ARC .ARJ .LZH and .EXE files!
  - Unpackers live in /pub/msdos/archivers on most FTP sites.
  - You are in %C on %L.

Archive files in this directory are also listed in files.bbs.
"""


def main():
    IMG.mkdir(parents=True, exist_ok=True)
    SW.mkdir(parents=True, exist_ok=True)

    # -------------------------------------------------------------- images
    w, h, px = logo_pixels()
    (IMG / "tmllogo.gif").write_bytes(
        gif(b"GIF87a", w, h, [(0, 0, 32), (200, 200, 255), (255, 140, 0), (255, 255, 255)], px)
    )
    w, h, px = scout_pixels()
    (IMG / "Scout Courier.gif").write_bytes(
        gif(
            b"GIF89a",
            w,
            h,
            [(255, 0, 255), (150, 150, 160), (90, 200, 255), (255, 255, 255)],
            px,
            transparent=0,
            comment="Kestrel-class scout/courier. Chris Duarte 1995. Non-commercial use only.",
        )
    )
    w, h, px = map_pixels()
    full = gif(b"GIF89a", w, h, [(0, 0, 0), (0, 90, 0), (255, 255, 0), (255, 0, 0)], px)
    (IMG / "jumpmap.gif").write_bytes(full[: len(full) * 3 // 5])  # upload cut off mid-transfer
    w, h, px = starfield()
    (IMG / "starfield.jpg").write_bytes(jpeg(w, h, px))

    desc = (
        b"tmllogo.gif TML logo, 64x32, GIF87a.  Made for the 1991 TML T-shirt.\r\n"
        b'"Scout Courier.gif" Kestrel-class scout/courier\\nGIF89a, transparent background\\n'
        b"by Chris Duarte, 1995\x04\xc2\r\n"
        b"STARFIELD.JPG Starfield over Tamsin (JPEG, 64x48)\r\n"
        b"oldmap.pcx Original hand-drawn Tamsin map, scanned (PCX)\r\n"
    )
    (IMG / "descript.ion").write_bytes(desc)

    # ------------------------------------------------------------ software
    (SW / "UWPDUMP.EXE").write_bytes(
        dos_exe("UWPDUMP 1.0 - Missouri Archive.  Usage: UWPDUMP A788966-C")
    )
    stamp = (1994, 3, 12, 21, 4, 0)
    (SW / "TRAVGEN.ZIP").write_bytes(
        dos_zip(
            [
                ("FILE_ID.DIZ", FILE_ID.replace("\n", "\r\n").encode("cp437"), stamp),
                ("README.TXT", crlf(README_ZIP).encode("cp437"), stamp),
                (
                    "WORLDGEN.BAS",
                    crlf(WORLDGEN).encode("ascii") + b"\x1a",
                    (1994, 3, 10, 23, 15, 30),
                ),
                (
                    "TRAVGEN.EXE",
                    dos_exe("TRAVGEN demo - the real program is WORLDGEN.BAS, see README.TXT"),
                    (1994, 3, 12, 20, 58, 12),
                ),
                ("R\u00c9SUM\u00c9.TXT", crlf(RESUME).encode("cp437"), stamp),
            ]
        )
    )
    (SW / "SECTMAP.ARC").write_bytes(
        arc(
            [
                ("README.1ST", crlf(ARC_README).encode("ascii"), (1989, 6, 2, 19, 40, 0)),
                ("TAMSIN.MAP", crlf(TAMSIN_MAP).encode("ascii"), (1989, 6, 2, 19, 38, 44)),
            ]
        )
    )
    (SW / "HGCALC.ARJ").write_bytes(
        arj(
            "HGCALC.ARJ",
            [
                ("HGCALC.BAS", crlf(HGCALC_BAS).encode("ascii"), (1991, 11, 4, 22, 10, 0)),
                ("HGCALC.DOC", crlf(HGCALC_DOC).encode("ascii"), (1991, 11, 4, 22, 12, 6)),
            ],
            (1991, 11, 4, 22, 14, 0),
        )
    )
    (SW / "TRAVUTIL.LZH").write_bytes(
        lzh(
            [
                ("TRAVUTIL.DOC", crlf(TRAVUTIL_DOC).encode("ascii"), (1993, 8, 21, 14, 2, 40)),
            ]
        )
    )

    sizes = {p.name: p.stat().st_size for p in SW.iterdir()}
    bbs = (
        "TRAVGEN.ZIP   TRAVGEN 1.2 - Classic Traveller world and\n"
        "              subsector generator, GW-BASIC source.  {} bytes.\n"
        "UWPDUMP.EXE   Explains a UWP in plain English (DOS).\n"
        "SECTMAP.ARC   Tamsin subsector map, ASCII art (ARC 5.2)\n"
        "TRAVUTIL.LZH  Traveller utilities 0.9 (LHA 2.13)\n"
        "TAS-FORM.ZIP  Travellers' Aid Society forms, WordPerfect 5.1\n"
    ).format(sizes["TRAVGEN.ZIP"])
    (SW / "files.bbs").write_bytes(crlf(bbs).encode("cp437") + b"\x1a")
    (SW / ".message").write_bytes(MESSAGE.encode("ascii"))


if __name__ == "__main__":
    main()
