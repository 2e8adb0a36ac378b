"""manifest.json: the build stamp (generator, build date, commit) and every published document
with the SHA-256 of its source at the built commit, so an auditor can verify the site against the
repository (`git show <commit>:<source> | sha256sum`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from disclosure_portal.project import Site
from disclosure_portal.read.history import _git
from disclosure_portal.version import NAME, generator_version

MANIFEST = "manifest.json"


def build_manifest(site: Site, url_of: Callable[[str], str | None]) -> str:
    """manifest.json text: every public document with its URL (`url_of`, from the engine) and
    the SHA-256 of its source, marked when it differs from the committed version."""
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
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
