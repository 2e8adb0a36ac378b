"""An independent decoder for leak tests: how a reader or a crawler could see an output file."""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _json_strings(k) + _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def readable_forms(name: str, data: bytes) -> str:
    """All decoded forms of one output file, joined; zero-width characters removed."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    data = data.removeprefix(b"pagefind_dcd")  # Pagefind's fragment and index files
    text = data.decode("utf-8", errors="ignore")
    forms = [
        name,
        unquote(name),
        text,
        html.unescape(text),
        unquote(text),
        unquote(html.unescape(text)),
    ]
    if name.endswith((".json", ".json.gz")) or text.lstrip().startswith(("{", "[")):
        try:
            forms += _json_strings(json.loads(text))
        except ValueError:
            pass
    forms += [html.unescape(f) for f in list(forms)]
    joined = "\n".join(forms)
    return ZERO_WIDTH.sub("", joined)


def find_markers(site_dir: Path, markers: list[str]) -> list[tuple[str, str]]:
    found = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        text = readable_forms(rel, path.read_bytes())
        squeezed = re.sub(r"\s+", "", text)
        for marker in markers:
            if marker in text or marker in squeezed:
                found.append((rel, marker))
    return found
