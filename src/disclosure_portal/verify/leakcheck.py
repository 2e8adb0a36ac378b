"""The second wall: scan a built site for fingerprints of non-public documents.

The fingerprints (verify/fingerprints.py) are normalized strings of withheld material plus the
SHA-256 of every file that is not published. Output files are searched in decoded form
(verify/decode.py: gzip, Pagefind's files, JSON strings, HTML entities, URL-encoding, base64
`data:` URIs; HTML without its tags, plus its attribute values and comments), all compared in one
form, `model.textform.normalize`, so no spelling of a withheld text hides it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from disclosure_portal.model.filekinds import is_opaque
from disclosure_portal.model.textform import normalize
from disclosure_portal.progress import track
from disclosure_portal.verify.decode import decoded_text, html_forms, html_text
from disclosure_portal.verify.fingerprints import (
    Fingerprint,
    Fingerprints,
    collect_fingerprints,
    own_asset_digests,
)

__all__ = [
    "ADVICE",
    "Fingerprint",
    "Fingerprints",
    "Hit",
    "collect_fingerprints",
    "decoded_text",
    "hits_as_json",
    "html_forms",
    "html_text",
    "normalize",
    "scan_site",
]


@dataclass(frozen=True, slots=True)
class Hit:
    """A fingerprint found in an output file."""

    output: str  # path relative to the site folder
    fingerprint: Fingerprint

    def __str__(self) -> str:
        return (
            f"{self.output}: 含有非公开文件 {self.fingerprint.source} 的{self.fingerprint.kind}"
            f"“{(self.fingerprint.display or self.fingerprint.text)[:40]}”"
        )


# Output files found clean, by path: (sha256 of their bytes, Fingerprints.digest). `mkdocs serve`
# keeps this module loaded between rebuilds, so a rebuild scans only the files whose bytes or whose
# fingerprints changed since a scan found them clean; any change of a withheld document changes the
# digest, and then everything is scanned again.
_clean: dict[str, tuple[str, str]] = {}


def scan_site(site_dir: Path, fingerprints: Fingerprints, reuse: bool = False) -> list[Hit]:
    """Every fingerprint found in any file (or file name) under `site_dir`. With `reuse` (mkdocs
    serve), a file already found clean with the same bytes and the same fingerprints is skipped."""
    hits: list[Hit] = []
    paths = [
        Path(dirpath) / name
        for dirpath, _, filenames in os.walk(site_dir)
        for name in sorted(filenames)
    ]
    if not reuse:
        _clean.clear()
    own = own_asset_digests()  # the theme's, material's and Pagefind's own files
    for path in track(paths, len(paths), "泄露检查"):
        name = path.name
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        key = str(path)
        if (reuse and _clean.get(key) == (digest, fingerprints.digest)) or digest in own:
            continue
        found = len(hits)
        if digest in fingerprints.hashes:
            source = fingerprints.hashes[digest]
            hits.append(Hit(rel, Fingerprint(Path(source).name, source, "附件文件")))
        if fingerprints.automaton is not None:
            forms = [rel] if is_opaque(name) else [rel, decoded_text(data)]
            if name.endswith((".html", ".htm", ".xml", ".svg")) and "<" in forms[-1]:
                # the markup as served (tag names, attributes, comments: anyone can read the
                # source) and the text without tags (a title split by <em>…</em>)
                forms.append(html_text(forms[-1]))
            seen = set()
            for form in forms:
                for _, fp in fingerprints.automaton.iter(normalize(form)):
                    if fp.text not in seen:
                        seen.add(fp.text)
                        hits.append(Hit(rel, fp))
        if len(hits) == found:
            _clean[key] = (digest, fingerprints.digest)
        else:
            _clean.pop(key, None)
    return hits


ADVICE = (
    "处理办法：打开上面列出的输出文件，找到对应的公开页面（或模板、配置），删除其中属于非公开文件的"
    "文字、文件名或地址后重新构建；若确认这段文字本应公开，应先依法把该文件的公开属性改为主动公开"
    "（或把共用的文字写进公开文件），而不是绕过检查。"
)


def hits_as_json(hits: list[Hit]) -> str:
    """The hits as JSON (`portal check-site --json`)."""
    return json.dumps(
        [
            {"output": h.output, "source": h.fingerprint.source, "kind": h.fingerprint.kind}
            for h in hits
        ],
        ensure_ascii=False,
        indent=2,
    )
