"""Make a Pagefind bundle reproducible (Guarantee 4: the same commit and build date give the same
site, byte for byte).

Pagefind 1.5 writes its fragments and word index in a stable order, but its filter files and the
metadata file list filter values in hash-map order, so two runs over the same pages differ (an
upstream issue: Pagefind/pagefind#638, "other files will still change, such as the
filter/metadata indexes"). This module rewrites those files in a canonical order: each filter
file's values sorted, the metadata's filter list sorted by name, names derived from the new
contents, `pagefind-entry.json` pointing at the new metadata. Only the order changes: the values,
page numbers and everything else the runtime reads stay as Pagefind wrote them.

The files are gzip-compressed CBOR after the signature `pagefind_dcd`; the small CBOR codec below
reads and writes the subset Pagefind uses (unsigned integers, text, arrays, maps, simple values).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTER_DIR = "filter"


class FormatError(ValueError):
    """A Pagefind file this module does not understand (left as it is)."""


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        return major, info, i
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise FormatError(f"unsupported CBOR length {info}")
    value = int.from_bytes(data[i : i + size], "big")
    return major, value, i + size


def decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """One CBOR item of `data` at `i`, and the index after it."""
    major, value, i = _head(data, i)
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 2:
        return data[i : i + value], i + value
    if major == 3:
        return data[i : i + value].decode("utf-8"), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, i = decode(data, i)
            mapping[key], i = decode(data, i)
        return mapping, i
    if major == 7 and value in (20, 21, 22):
        return {20: False, 21: True, 22: None}[value], i
    raise FormatError(f"unsupported CBOR item {major}/{value}")


def _encode_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size, fmt in ((24, 1, ">B"), (25, 2, ">H"), (26, 4, ">I"), (27, 8, ">Q")):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + struct.pack(fmt, value)
    raise FormatError("integer too large")  # pragma: no cover


def encode(item: Any) -> bytes:
    """`item` as CBOR with the shortest lengths (as Pagefind's own writer does)."""
    if item is None or isinstance(item, bool):
        return bytes([0xF6 if item is None else 0xF5 if item else 0xF4])
    if isinstance(item, int):
        return _encode_head(0, item) if item >= 0 else _encode_head(1, -1 - item)
    if isinstance(item, bytes):
        return _encode_head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _encode_head(3, len(raw)) + raw
    if isinstance(item, list):
        return _encode_head(4, len(item)) + b"".join(encode(x) for x in item)
    if isinstance(item, dict):
        return _encode_head(5, len(item)) + b"".join(encode(k) + encode(v) for k, v in item.items())
    raise FormatError(f"cannot encode {type(item).__name__}")


def read(path: Path) -> Any:
    """The CBOR content of a Pagefind file."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name}: no Pagefind signature")
    item, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise FormatError(f"{path.name}: trailing bytes")
    return item


def _pack(item: Any) -> bytes:
    return gzip.compress(SIGNATURE + encode(item), compresslevel=9, mtime=0)


def _name(language: str, payload: bytes, length: int) -> str:
    return f"{language}_{hashlib.sha256(payload).hexdigest()[:length]}"


def canonicalise(bundle: Path) -> None:
    """Rewrite the filter files and metadata of the Pagefind bundle at `bundle` in a canonical
    order (see the module docstring). A bundle without filters is left as it is."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    changed = False
    for language, info in entry.get("languages", {}).items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        if not isinstance(meta, list) or len(meta) < 4 or not isinstance(meta[3], list):
            raise FormatError(f"{meta_path.name}: unexpected layout")
        if not meta[3]:
            continue
        filters = []
        for name, old in meta[3]:
            old_path = bundle / FILTER_DIR / f"{old}.pf_filter"
            content = read(old_path)
            if isinstance(content, list) and len(content) == 2 and isinstance(content[1], list):
                content = [content[0], sorted(content[1], key=lambda pair: str(pair[0]))]
            packed = _pack(content)
            new = _name(language, packed, 7)
            old_path.unlink()
            (bundle / FILTER_DIR / f"{new}.pf_filter").write_bytes(packed)
            filters.append([name, new])
        meta[3] = sorted(filters, key=lambda pair: str(pair[0]))
        packed = _pack(meta)
        new_hash = _name(language, packed, 10)
        meta_path.unlink()
        (bundle / f"pagefind.{new_hash}.pf_meta").write_bytes(packed)
        info["hash"] = new_hash
        changed = True
    if changed:
        entry_path.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
