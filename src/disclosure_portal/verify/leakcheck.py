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
from collections.abc import Callable, Collection, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    "longest",
    "normalize",
    "output_files",
    "scan_file",
    "scan_site",
    "scan_tail_window",
    "scan_window",
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


def scan_file(rel: str, data: bytes, fingerprints: Fingerprints) -> list[Hit]:
    """Every fingerprint found in one output file: its bytes (a copy of a withheld file), its path
    and its text in every form a reader or a crawler gets (verify/decode.py)."""
    hits: list[Hit] = []
    source = fingerprints.hashes.get(hashlib.sha256(data).hexdigest())
    if source is not None:
        hits.append(Hit(rel, Fingerprint(Path(source).name, source, "附件文件")))
    if fingerprints.automaton is not None:
        name = rel.rsplit("/", 1)[-1]
        forms = [rel] if is_opaque(name) else [rel, decoded_text(data, name)]
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
    return hits


def longest(fingerprints: Fingerprints) -> int:
    """The length of the longest fingerprint (normalized), 0 when there is none."""
    if fingerprints.automaton is None:
        return 0
    return max((len(k) for k in fingerprints.automaton.keys()), default=0)  # noqa: SIM118


def _inside_tag(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside one tag (`<meta content="…">`)."""
    opened = text.rfind("<", 0, start)
    return opened > text.rfind(">", 0, start) and text.find(">", end) < _next_lt(text, end)


def _next_lt(text: str, pos: int) -> int:
    found = text.find("<", pos)
    return len(text) if found < 0 else found


def _reach(
    text: str, start: int, end: int, need: int, form: Callable[[str], str], whole: bool = True
) -> tuple[int, int] | None:
    """Bounds [a, b) around text[start:end] holding at least `need` characters of the comparison
    form of `form` (the served form, or the text without tags) on each side, or the whole text;
    cut at tag boundaries, so that no tag, entity or escape is split. `whole`: `text` is the
    whole page; else it is the page's end, and None says that the bounds would reach further
    back than it holds (they are the page's own bounds otherwise)."""

    def enough(part: str) -> bool:
        return _form_length(form, part) >= need

    a, step = start, 4 * need + 64
    while a > 0:
        a = max(0, start - step)
        if enough(text[a:start]):
            break
        step *= 2
    if a > 0:
        a = text.rfind(">", 0, a) + 1
    if a == 0 and not whole:
        return None
    b, step = end, 4 * need + 64
    while b < len(text):
        b = min(len(text), end + step)
        if enough(text[end:b]):
            break
        step *= 2
    return a, _next_lt(text, b) if b < len(text) else len(text)


# What scan_window computed of a part of a page, by the part itself: the stamp's line is the
# same few lines at the end of every page at one depth (the footer, material's scripts), so
# its windows, and the parts measured to find them, are the same texts page after page. Each
# value is a function of its key alone (the form, the text, and for matches the fingerprints'
# digest, which names everything searched for); the memo is emptied when it holds MEMO_MAX.
# A text longer than MEMO_CHARS (a window that had to reach far into a page with little text
# near the stamp) is computed and not kept: the memo holds at most MEMO_MAX x MEMO_CHARS.
_WINDOWS: dict[tuple[str, str, str], Any] = {}
MEMO_MAX = 2048
MEMO_CHARS = 16_384


def _remembered(key: tuple[str, str, str], compute: Callable[[], Any]) -> Any:
    if len(key[2]) > MEMO_CHARS:
        return compute()
    found = _WINDOWS.get(key)
    if found is None:
        found = compute()
        if len(_WINDOWS) >= MEMO_MAX:
            _WINDOWS.clear()
        _WINDOWS[key] = found
    return found


def _form_length(form: Callable[[str], str], part: str) -> int:
    """The length of `part`'s comparison form in `form` (the served form, or the text)."""
    return _remembered(("length", form.__name__, part), lambda: len(normalize(form(part))))


def _window_matches(form: Callable[[str], str], window: str, fingerprints: Fingerprints) -> list:
    """The fingerprints found in `window`'s comparison form in `form`, in the order found."""

    def found() -> list:
        assert fingerprints.automaton is not None
        return [fp for _, fp in fingerprints.automaton.iter(normalize(form(window)))]

    if not fingerprints.digest:  # (nothing names what is searched for: not remembered)
        return found()
    return _remembered((fingerprints.digest, form.__name__, window), found)


def _served(part: str) -> str:
    return decoded_text(part.encode("utf-8", "surrogatepass"))


def _shown(part: str) -> str:
    return html_text(_served(part))


def scan_window(
    rel: str, text: str, spans: list[tuple[int, int]], fingerprints: Fingerprints, need: int
) -> list[Hit]:
    """Fingerprints of an HTML page that overlap one of `spans` (the places where `text` differs
    from a version already found clean: the build stamp's values).

    A match that overlaps a span lies within `need` (the longest fingerprint) characters of the
    comparison form on either side of it, so the window searched holds that much, cut at tag
    boundaries: it is a part of the page's served form, and every match in it is a match in the
    page. A span inside a tag (the stamp's <meta>) leaves the text without tags as it was; a span
    in the text is searched in that form too."""
    hits = _scan_window(rel, text, spans, fingerprints, need, whole=True)
    assert hits is not None  # (the whole page always holds its windows)
    return hits


def scan_tail_window(
    rel: str, tail: str, spans: list[tuple[int, int]], fingerprints: Fingerprints, need: int
) -> list[Hit] | None:
    """`scan_window` given only the end of the page (`tail`, where the spans are: the footer's
    stamp line), found exactly as `scan_window` finds them in the whole page; None when a
    window, or whether a span lies inside a tag, would need more of the page than `tail`
    holds (the caller then searches the whole page)."""
    return _scan_window(rel, tail, spans, fingerprints, need, whole=False)


def _scan_window(
    rel: str,
    text: str,
    spans: list[tuple[int, int]],
    fingerprints: Fingerprints,
    need: int,
    *,
    whole: bool,
) -> list[Hit] | None:
    if fingerprints.automaton is None or not spans:
        return []
    inside = []
    for start, end in spans:
        if not whole and text.rfind("<", 0, start) < 0 and text.rfind(">", 0, start) < 0:
            return None  # where the tag around it opened lies ahead of `text`
        inside.append(_inside_tag(text, start, end))
    forms: list[Callable[[str], str]] = [_served]
    if not all(inside):
        forms.append(_shown)
    hits, seen = [], set()
    for form in forms:
        windows: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if (bounds := _reach(text, start, end, need, form, whole)) is None:
                return None
            a, b = bounds
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(b, windows[-1][1]))
            else:
                windows.append((a, b))
        for a, b in windows:
            for fp in _window_matches(form, text[a:b], fingerprints):
                if fp.text not in seen:
                    seen.add(fp.text)
                    hits.append(Hit(rel, fp))
    return hits


def output_files(site_dir: Path) -> list[Path]:
    """Every file under `site_dir`, in a stable order."""
    return [Path(path) for _, path in output_paths(site_dir)]


def output_paths(site_dir: Path, skip: Collection[str] = ()) -> list[tuple[str, str]]:
    """Every file under `site_dir` as (its path relative to `site_dir`, POSIX; its path as a
    string), in the order of `output_files`; `skip`: top-level folders left out."""
    return _walk(os.fspath(site_dir), skip)


def output_parts(site_dir: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """`output_paths(site_dir)` in parts: the files at the top, and the top-level folders it
    walks into, in its order (a link to a folder is not walked into); the files below folder
    `name` are `folder_paths(site_dir, name)`, and `output_paths` is the files at the top
    followed by each folder's."""
    top = os.fspath(site_dir)
    for dirpath, dirnames, filenames in os.walk(top):
        inside = os.path.join(dirpath, "")
        files = [(name, inside + name) for name in sorted(filenames)]
        return files, [d for d in sorted(dirnames) if not os.path.islink(inside + d)]
    return [], []


def folder_paths(site_dir: Path, name: str) -> list[tuple[str, str]]:
    """The files `output_paths(site_dir)` lists below its top-level folder `name`."""
    return _walk(os.fspath(site_dir), (), os.path.join(os.fspath(site_dir), name))


def _walk(top: str, skip: Collection[str], start: str | None = None) -> list[tuple[str, str]]:
    found = []
    cut = len(os.path.join(top, ""))  # a folder's path below `top` starts there (os.walk joins)
    for dirpath, dirnames, filenames in os.walk(start or top):
        if skip and dirpath == top:
            dirnames[:] = [d for d in dirnames if d not in skip]
        dirnames.sort()
        prefix = "" if dirpath == top else dirpath[cut:].replace(os.sep, "/") + "/"
        inside = os.path.join(dirpath, "")
        found += [(prefix + name, inside + name) for name in sorted(filenames)]
    return found


def scan_site(
    site_dir: Path,
    fingerprints: Fingerprints,
    reuse: bool = False,
    known: Mapping[str, str] | None = None,
    verdicts: Mapping[str, str] | None = None,
    clean: MutableMapping[str, str] | None = None,
    on_disk: Mapping[str, str] | None = None,
    leave: Collection[str] = (),
    only: Collection[str] | None = None,
    skip: Collection[str] = (),
    covered: set[str] | None = None,
) -> list[Hit]:
    """Every fingerprint found in any file (or file name) under `site_dir`.

    Files already found clean in these very bytes are skipped: `known` maps a path to the
    SHA-256 of the bytes a scan of this build found clean; `verdicts` ("<path>\t<sha256>" ->
    fingerprints' digest) holds the clean verdicts of earlier builds, used only for the same
    fingerprints; `clean`, when given, receives the verdict of every file found clean (scanned
    now or skipped by a verdict). With `reuse` (mkdocs serve), a file this process found clean
    with the same bytes and the same fingerprints is skipped. `on_disk`: the SHA-256 of each
    file as the caller read it in this build, after it was last written (the manifest's: the
    search index's files from when they were checked in, or kept in, the build cache): a file
    whose digest there is the one in `known` is not read again. `portal build` hashes every
    file again against the ledger once the engine has exited. `leave`: files (relative paths)
    not scanned; `skip`: top-level folders not walked; `only`: the files scanned, when not all
    (those of them that exist; the folder is not walked); `covered` receives the path of every
    file this pass took (scanned, or skipped as found clean)."""
    hits: list[Hit] = []
    # (relative path, path) pairs as strings: tens of thousands of files, most of them found
    # clean already and only looked up (pathlib's objects cost more than the lookups)
    if only is not None:
        top = os.fspath(site_dir)
        paths = [
            (rel, path)
            for rel in sorted(only)
            if os.path.isfile(path := os.path.join(top, *rel.split("/")))
        ]
    else:
        paths = output_paths(site_dir, skip)
    if not reuse:
        _clean.clear()
    own = own_asset_digests()  # the theme's, material's and Pagefind's own files
    for rel, path in track(paths, len(paths), "泄露检查"):
        if rel in leave:
            continue
        if covered is not None:
            covered.add(rel)
        if known is not None and on_disk is not None and on_disk.get(rel, "") == known.get(rel):
            continue
        with open(path, "rb") as reader:
            data = reader.read()
        digest = hashlib.sha256(data).hexdigest()
        key = path
        if reuse and _clean.get(key) == (digest, fingerprints.digest):
            continue
        if known is not None and known.get(rel) == digest:
            continue
        verdict = f"{rel}\t{digest}"
        if digest in own:  # clean whatever is withheld: `portal build` need not read it again
            if clean is not None:
                clean[verdict] = fingerprints.digest
            continue
        if verdicts is None or verdicts.get(verdict) != fingerprints.digest:
            found = scan_file(rel, data, fingerprints)
            if found:
                hits += found
                _clean.pop(key, None)
                continue
        _clean[key] = (digest, fingerprints.digest)
        if clean is not None:
            clean[verdict] = fingerprints.digest
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
