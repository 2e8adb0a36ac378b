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
from typing import TYPE_CHECKING

from disclosure_portal.read.history import _git
from disclosure_portal.version import NAME, generator_version

if TYPE_CHECKING:
    from disclosure_portal.project import Site

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.sig"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file at `path`, read in chunks."""
    h = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def sha256_of_files(paths: list[Path]) -> list[str]:
    """`sha256_of` each path, in order, on two threads (reading and hashing release the
    interpreter lock: a site's files are hashed in about half the time on two cores)."""
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="portal-digest") as pool:
        return list(pool.map(sha256_of, paths))


def file_digests(site_dir: Path) -> dict[str, str]:
    """Every file under `site_dir` but the manifest and its signature: path (relative, POSIX)
    -> SHA-256 of its bytes, in path order."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(site_dir).as_posix()
            if rel not in (MANIFEST, SIGNATURE):
                found[rel] = path
    digests = dict(zip(found, sha256_of_files(list(found.values())), strict=True))
    return dict(sorted(digests.items()))


def build_manifest(
    site: Site,
    url_of: Callable[[str], str | None],
    site_dir: Path | None = None,
    digests: dict[str, str] | None = None,
) -> str:
    """manifest.json text: every public document with its URL (`url_of`, from the engine) and
    the SHA-256 of its source, marked when it differs from the committed version; with
    `site_dir` (the finished output), `files`: every output file and its SHA-256 (`digests`,
    when the caller read them: `file_digests(site_dir)`)."""
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
    for doc in site.public.documents:
        data = (site.settings.docs_dir / doc.src).read_bytes()
        entry = {
            "id": doc.id,
            "url": url_of(doc.src),
            "title": doc.title,
            "type": doc.type,
            "org": doc.org,
            "attribute": doc.attribute,
            "published": doc.published.isoformat() if doc.published else None,
            "source": doc.path,
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if doc.path in modified:
            entry["uncommitted"] = True
        documents.append(entry)
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
