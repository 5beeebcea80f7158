"""Make Pagefind's filter indexes the same bytes on every run.

Pagefind writes each filter's values in hash-map order, which changes from
run to run (its fragments and word indexes are stable; the filter files,
and the metadata file and entry that name them by hash, are not). Two
builds of the same site must be byte-identical, so after indexing we sort
each filter's values, name the file by a hash of its sorted content, and
rewrite the references. The files are gzip'd CBOR after a fixed signature;
cbor2 reads and writes them exactly as Pagefind does.
"""

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


def _read(path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"search_index: {path} is not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE):])


def _write(folder, prefix, hash_length, suffix, value):
    """Write `value` as `<prefix>_<hash><suffix>` in `folder`; return the hash name."""
    body = SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(body).hexdigest()[:hash_length]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(body, mtime=0))
    return name


def stabilise(bundle):
    """Rewrite the filter files, metadata files and entry of the Pagefind `bundle`."""
    bundle = Path(bundle)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language, about in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read(meta_path)
        if not all(isinstance(pair, list) and len(pair) == 2 for pair in meta[3]):
            raise ValueError(f"search_index: {meta_path} is not laid out as Pagefind "
                             f"1.5 writes it (version {entry.get('version')})")
        meta[3] = [[name, _stable_filter(bundle / "filter", language, old)]
                   for name, old in sorted(meta[3])]
        about["hash"] = _write(bundle, f"pagefind.{language}", 10, ".pf_meta", meta)[
            len("pagefind."):]
        if meta_path.name != f"pagefind.{about['hash']}.pf_meta":
            meta_path.unlink()
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


def _stable_filter(folder, language, old):
    path = folder / f"{old}.pf_filter"
    name, values = _read(path)
    new = _write(folder, language, 7, ".pf_filter", [name, sorted(values)])
    if new != old:
        path.unlink()
    return new
