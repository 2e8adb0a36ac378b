"""A shard's index written by Pagefind into a folder that already holds the files of the shard's
previous index, so that only what changed is compressed.

Pagefind names its fragment, word-index and filter files by a digest of their contents (seven hex
digits of SHA-1 after the language) and, writing to disk (`WriteFiles`), leaves a file whose name
is already there as it is ("immutable"); over the pipe (`GetFiles`) it compresses every file, at
gzip's highest level, one after another on one thread: about 4.5 s for a shard of 1,000 pages, of
which a body edit changes one fragment and a few word-index chunks. So a shard indexed again
while the build cache holds its previous index is written to disk, into a folder first given
(hard links) the previous index's fragments and word-index chunks (`seed`), and then checked
(`settle`) before anything of it is used:

- Pagefind answers `WriteFiles` before its last writes are done (its writes are handed to
  another thread and not flushed), so each file it created is read until it is complete: a
  gzip file decompresses with its checksum and length, the entry file parses, each of Pagefind's
  fixed files (its scripts) is there with the bytes the previous index had, and each of its own
  search interfaces is there (they are written last, with the entry: none may appear after the
  folder is swept).
- A seeded file Pagefind left in place holds what it would have written only if its name's
  seven digits did not meet another content's. Each seeded fragment the new index names must be
  the one of the same page (its URL) with the same bytes (SHA-256) as in the previous index,
  recorded then (`describe`): a page's fragment is a function of its bytes and address. Each
  seeded word-index chunk must span the same words (first and last) as under that name before.
  Each seeded file's bytes must be those the cache recorded.
- The seeded files the new index does not name, and Pagefind's own search interfaces, are
  removed.

Anything else (a file that does not settle within SETTLE_SECONDS, an unknown file, a layout this
module does not know) makes `settle` return None and the caller asks for the files over the
pipe as before: the same bytes either way (`tests/build/test_build_cache.py` compares builds
with and without the cache; `tests/unit/test_pagefind_seed.py` each check).

What remains is Pagefind's own rule: a new chunk over the same words whose digest shares its
first seven hex digits with the chunk it replaces (about one in 2^28 per changed chunk) is not
written; Pagefind's command line keeps an existing output folder the same way.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from disclosure_portal.verify import pagefindfix
from disclosure_portal.verify.pagefindsvc import page_url

ENTRY = pagefindfix.ENTRY
FRAGMENTS, CHUNKS, FILTERS = "fragment", "index", "filter"
SEEDED = (FRAGMENTS, CHUNKS)
SETTLE_SECONDS = 20.0  # a write not done by then is taken as failed: the files come over the pipe
_POLL = 0.002
_T = TypeVar("_T")


class NotSettled(Exception):
    """The written index cannot be used as it is (why, for the closing note's measurements)."""


@dataclass
class Seed:
    """The previous index's files put into a folder before Pagefind writes there: each seeded
    file (path in the folder -> SHA-256 the cache recorded), the fixed files of that index
    (Pagefind's scripts: path -> SHA-256), each page's fragment then (page path -> [SHA-256 of
    the page's bytes, fragment name]) and each chunk's span (chunk name -> [first word, last])."""

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    fixed: dict[str, str] = field(default_factory=dict)
    fragments: dict[str, list[str]] = field(default_factory=dict)
    chunks: dict[str, list[str]] = field(default_factory=dict)
    # once settled: the files of the folder whose bytes `settle` read and found to be those the
    # cache recorded (path -> SHA-256): the seeded files kept and Pagefind's scripts
    verified: dict[str, str] = field(default_factory=dict)


def describe(output: Path, given: Mapping[str, str], language: str) -> dict[str, Any]:
    """What a later `settle` checks seeded files against, for the index written at `output` of
    the pages `given` (path -> SHA-256 of the bytes indexed; Pagefind numbers them in path
    order): each page's fragment name with its bytes' digest and each chunk's span. Empty when
    the index does not read as expected (such a shard seeds nothing later)."""
    try:
        _name, meta = _meta(output, language, None)
        pages, chunks = meta[1], meta[2]
        rels = sorted(given)
        if len(pages) != len(rels):
            return {}
        return {
            "fragments": {
                rel: [given[rel], str(page[0])] for rel, page in zip(rels, pages, strict=True)
            },
            "chunks": {str(c[2]): [str(c[0]), str(c[1])] for c in chunks},
        }
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error):
        return {}


def seed(
    folder: Path, source: Path, files: Mapping[str, str], described: Mapping[str, Any]
) -> Seed | None:
    """Link the fragments and word-index chunks of a cached shard (its files under `source`,
    `files`: path -> SHA-256, as the cache lists them; `described`: what `describe` said of it)
    into `folder` (made anew); None when it has no description or cannot be linked."""
    fragments, chunks = described.get("fragments"), described.get("chunks")
    if not isinstance(fragments, dict) or not isinstance(chunks, dict) or not fragments:
        return None
    found = Seed(folder=folder, fragments=fragments, chunks=chunks)
    try:
        shutil.rmtree(folder, ignore_errors=True)
        for sub in SEEDED:
            (folder / sub).mkdir(parents=True)
        for rel, sha in files.items():
            top, _, name = rel.partition("/")
            if top in SEEDED and name and "/" not in name:
                os.link(source / rel, folder / rel)  # (a copy would cost what it saves)
                found.files[rel] = sha
            elif "/" not in rel and rel != ENTRY and not rel.endswith(".pf_meta"):
                found.fixed[rel] = sha
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return found


def settle(seeded: Seed, given: Mapping[str, str], language: str, unused: frozenset[str]) -> int:
    """Check and complete the index Pagefind wrote into `seeded.folder` for the pages `given`
    (see the module docstring): its file count; NotSettled (why) when it cannot be used."""
    folder = seeded.folder
    deadline = time.monotonic() + SETTLE_SECONDS
    try:
        meta_name, meta = _meta(folder, language, deadline)
        pages, chunks, filters = meta[1], meta[2], meta[3]
        rels = sorted(given)
        if len(pages) != len(rels):
            raise NotSettled(f"{len(pages)} pages indexed, {len(rels)} given")
        wanted = {ENTRY, meta_name}
        for rel, page in zip(rels, pages, strict=True):
            name = str(page[0])
            path = f"{FRAGMENTS}/{name}.pf_fragment"
            wanted.add(path)
            if path not in seeded.files:
                _settled(folder / path, _gunzip, deadline)
            elif seeded.fragments.get(rel) != [given[rel], name]:
                raise NotSettled(f"fragment {name} kept for {rel}, of other bytes")
            elif _fragment_url(folder / path) != page_url(rel):
                raise NotSettled(f"fragment {name} kept for {rel}, of another page")
        for chunk in chunks:
            name = str(chunk[2])
            path = f"{CHUNKS}/{name}.pf_index"
            wanted.add(path)
            if path not in seeded.files:
                _settled(folder / path, _gunzip, deadline)
            elif seeded.chunks.get(name) != [str(chunk[0]), str(chunk[1])]:
                raise NotSettled(f"chunk {name} kept, of other words")
        for item in filters:
            path = f"{FILTERS}/{item[1]}.pf_filter"
            wanted.add(path)
            _settled(folder / path, _gunzip, deadline)
        verified = {}
        for rel in sorted(wanted.intersection(seeded.files)):
            if _sha256(folder / rel) != seeded.files[rel]:
                raise NotSettled(f"{rel} kept, not as the cache recorded it")
            verified[rel] = seeded.files[rel]
        # Pagefind writes its entry, its scripts and its own search interfaces last, together
        # (in no set order): every one of them is waited for, whole, before the folder is swept,
        # so that none is created after it (a script missing from the shard, an interface left
        # in it: not the bytes of the pipe)
        for rel, expected in sorted(seeded.fixed.items()):
            _settled(folder / rel, lambda p, e=expected: _sha256(p) == e or None, deadline)
            verified[rel] = expected
        for rel in sorted(unused):
            _settled(folder / rel, lambda p: p.is_file() or None, deadline)
        count = len(wanted)
        for path in sorted(p for p in folder.rglob("*") if not p.is_dir()):
            rel = path.relative_to(folder).as_posix()
            if rel in wanted:
                continue
            if rel in seeded.files or rel in unused:
                path.unlink()
            elif rel in seeded.fixed:  # Pagefind's scripts, the same for one version (above)
                count += 1
            else:
                raise NotSettled(f"unexpected file {rel}")
        seeded.verified = verified
        return count
    except NotSettled:
        raise
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, zlib.error) as exc:
        raise NotSettled(repr(exc)) from exc


def _meta(folder: Path, language: str, deadline: float | None) -> tuple[str, list[Any]]:
    """The name of the metadata file of the index in `folder` and its contents, decoded: [version,
    pages [[fragment, words]], chunks [[first, last, name]], filters [[filter, name]], ...]
    (`deadline`: the files may still be being written, read until complete)."""
    if deadline is None:
        entry = _json_object(folder / ENTRY)
    else:
        entry = _settled(folder / ENTRY, _json_object, deadline)
    if entry is None:
        raise ValueError("no entry")
    name = f"pagefind.{entry['languages'][language]['hash']}.pf_meta"
    if deadline is None:
        data = _gunzip(folder / name)
    else:
        data = _settled(folder / name, _gunzip, deadline)
    if not data.startswith(pagefindfix.SIGNATURE):
        raise ValueError("no Pagefind signature")
    meta, end = pagefindfix.decode(data, len(pagefindfix.SIGNATURE))
    if end != len(data) or not isinstance(meta, list) or len(meta) < 4:
        raise ValueError("unexpected metadata layout")
    if not all(isinstance(part, list) for part in meta[1:4]):
        raise ValueError("unexpected metadata layout")
    return name, meta


def _settled(path: Path, check: Callable[[Path], _T | None], deadline: float) -> _T:
    """`check(path)` once it gives a value (the file is complete), read again until then;
    TimeoutError at `deadline`."""
    while True:
        with contextlib.suppress(OSError, ValueError, EOFError, zlib.error):
            if (value := check(path)) is not None:
                return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path.name} not complete")
        time.sleep(_POLL)


def _gunzip(path: Path) -> bytes:
    """The contents of a complete Pagefind file: gzip, its checksum and length checked, starting
    with Pagefind's signature (an empty file, as one just created, is no gzip file here)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(pagefindfix.SIGNATURE):
        raise ValueError(f"{path.name}: no Pagefind signature")
    return data


def _json_object(path: Path) -> dict[str, Any] | None:
    value = json.loads(path.read_bytes())
    return value if isinstance(value, dict) else None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fragment_url(path: Path) -> str:
    """The `url` of a fragment file (its first field: only the beginning is inflated)."""
    inflater = zlib.decompressobj(wbits=31)
    head = inflater.decompress(path.read_bytes(), 4096)
    if not head.startswith(pagefindfix.SIGNATURE + b'{"url":'):
        return ""
    value, _end = json.JSONDecoder().raw_decode(
        head[len(pagefindfix.SIGNATURE) + 7 :].decode("utf-8", errors="replace")
    )
    return value if isinstance(value, str) else ""
