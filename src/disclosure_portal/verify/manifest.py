"""manifest.json: the build stamp (generator, build date, commit), every published document
with the SHA-256 of its source at the built commit, so an auditor can verify the site against the
repository (`git show <commit>:<source> | sha256sum`), and under `files` every output file with
the SHA-256 of its bytes, so that anyone can verify the served site against the build
(`portal verify`, verify/integrity.py; the manifest is signed as manifest.json.sig)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure_portal import forkmap
from disclosure_portal.read.history import _git
from disclosure_portal.version import NAME, generator_version

if TYPE_CHECKING:
    from disclosure_portal.project import Site

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
CHUNK = 1 << 20


def sha256_of(path: Path | str) -> str:
    """The SHA-256 of the file at `path`, read in chunks (plain descriptor reads: a site's
    thousands of small files cost more in opening and reading than in hashing)."""
    h = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        while chunk := os.read(fd, CHUNK):
            h.update(chunk)
    finally:
        os.close(fd)
    return h.hexdigest()


def _sha256_of_each(paths: list[Path | str]) -> list[str]:
    return [sha256_of(path) for path in paths]


def sha256_of_files(paths: list[Path] | list[str]) -> list[str]:
    """`sha256_of` each path, in order: on two threads, each taking every other file (hashing
    and reading release the interpreter lock; one task per thread, not one per file, whose
    hand-over cost more than the hashing); on this thread when there are few."""
    items = list(paths)
    if len(items) < 64:
        return _sha256_of_each(items)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="portal-digest") as pool:
        first, second = pool.map(_sha256_of_each, (items[0::2], items[1::2]))
    out = [""] * len(items)
    out[0::2], out[1::2] = first, second
    return out


def output_digests(site_dir: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """`leakcheck.output_paths(site_dir)` and the SHA-256 of each of its files, in a process
    that runs no other thread (`portal build` once its engine ended): the top-level folders are
    walked and hashed on both cores, every other one by a copy of this process (forkmap). One
    thread walked a site of 10,000 documents (24,000 files in 13,000 folders) in 0.3 s, and two
    threads, contending for the interpreter's lock at every small file, hashed it in 0.7 s."""
    from disclosure_portal.verify.leakcheck import folder_paths, output_parts  # noqa: PLC0415

    top, folders = output_parts(site_dir)
    if not forkmap.available():
        files = top + [item for name in folders for item in folder_paths(site_dir, name)]
        return files, sha256_of_files([path for _, path in files])

    def walked(name: str) -> list[tuple[str, str, str]]:
        return [(rel, path, sha256_of(path)) for rel, path in folder_paths(site_dir, name)]

    # every other folder to the copy: neighbours are alike (the organisations' folders)
    spread = folders[0::2] + folders[1::2]
    found = dict(zip(spread, forkmap.fork_map(walked, spread, least=2), strict=True))
    rows = [(rel, path, sha256_of(path)) for rel, path in top]
    rows += [row for name in folders for row in found[name]]
    return [(rel, path) for rel, path, _ in rows], [sha for _, _, sha in rows]


def file_digests(
    site_dir: Path,
    *,
    skip: tuple[str, ...] = (),
    earlier: dict[str, str] | None = None,
    within: str | None = None,
) -> dict[str, str]:
    """Every file under `site_dir` but the manifest and its signature: path (relative, POSIX)
    -> SHA-256 of its bytes, in path order. `skip`: top-level folders left out; `within`: only
    the files of this top-level folder; `earlier`: the digests of files hashed before and not
    written since (taken as they are: the caller knows that nothing wrote there in between)."""
    found: dict[str, str] = {}
    top = os.fspath(site_dir)
    cut = len(os.path.join(top, ""))  # a folder's path below `top` starts there (os.walk joins)
    for dirpath, dirnames, filenames in os.walk(top):
        if dirpath == top:
            dirnames[:] = [d for d in dirnames if d not in skip and within in (None, d)]
            if within is not None:
                filenames = []
        dirnames.sort()
        prefix = "" if dirpath == top else dirpath[cut:].replace(os.sep, "/") + "/"
        inside = os.path.join(dirpath, "")
        for name in filenames:
            rel = prefix + name
            if rel not in (MANIFEST, SIGNATURE):
                found[rel] = inside + name
    known = {rel: earlier[rel] for rel in found if rel in earlier} if earlier else {}
    wanted = [rel for rel in found if rel not in known]
    digests = dict(zip(wanted, sha256_of_files([found[rel] for rel in wanted]), strict=True))
    return dict(sorted({**known, **digests}.items()))


def build_manifest(
    site: Site,
    url_of: Callable[[str], str | None],
    site_dir: Path | None = None,
    digests: dict[str, str] | None = None,
    documents: list[dict[str, Any]] | None = None,
) -> str:
    """manifest.json text: every public document with its URL (`url_of`, from the engine) and
    the SHA-256 of its source, marked when it differs from the committed version; with
    `site_dir` (the finished output), `files`: every output file and its SHA-256 (`digests`,
    when the caller read them: `file_digests(site_dir)`); `documents`: `manifest_documents`,
    when the caller made them."""
    history = site.history
    if documents is None:
        documents = manifest_documents(site, url_of)
    manifest = {
        "generator": {"name": NAME, "version": generator_version()},
        "build": {
            "date": site.today.isoformat() if site.today else None,
            "commit": history.head if history else "",
            "uncommitted_changes": any(d.get("uncommitted") for d in documents),
        },
        "documents": documents,
    }
    if site_dir is not None:
        manifest["files"] = file_digests(site_dir) if digests is None else digests
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def manifest_documents(site: Site, url_of: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """The manifest's `documents` (see `build_manifest`): once every page's address is final,
    they may be made before the output is (the build makes them while the search index is
    written). A document's `sha256` is that of the bytes `load_site` read it from (the
    source the pages were made of; the files are not read again)."""
    root = site.settings.root
    history = site.history
    docs_rel = site.settings.docs_dir.relative_to(root).as_posix()
    status = (
        _git(root, "status", "--porcelain", "--", docs_rel)
        if history and history.available
        else None
    )
    modified = {line[3:].strip().strip('"') for line in (status or "").splitlines()}
    documents = []
    known = site.source_digests
    for doc in site.public.documents:
        sha = known.get(doc.src)
        if sha is None:  # a site not read by load_site
            sha = hashlib.sha256((site.settings.docs_dir / doc.src).read_bytes()).hexdigest()
        entry = {
            "id": doc.id,
            "url": url_of(doc.src),
            "title": doc.title,
            "type": doc.type,
            "org": doc.org,
            "attribute": doc.attribute,
            "published": doc.published.isoformat() if doc.published else None,
            "source": doc.path,
            "sha256": sha,
        }
        if doc.path in modified:
            entry["uncommitted"] = True
        documents.append(entry)
    return documents
