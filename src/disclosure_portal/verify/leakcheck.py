"""The second wall: scan a built site for fingerprints of non-public documents.

A fingerprint is a string of a withheld document (title, 文号, 索引号, id, file names, distinctive
sentences of its body, sentences of its attachments) that occurs in no public source, plus the
SHA-256 of every file that is not published. Output files are searched in decoded form (gzip,
Pagefind's files, JSON strings, HTML entities, URL-encoding, base64 `data:` URIs; HTML without its
tags, plus its attribute values and comments). Fingerprints, public sources and output are all
compared in one form, `model.textform.normalize`, so shared boilerplate written with or without
Markdown never counts as a leak, and no spelling of a withheld text hides it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import ahocorasick

from disclosure_portal.model.fields import (
    CATALOG_ITEM_FIELDS,
    DOCUMENT_FIELDS,
    VILLAGE_ITEM_FIELDS,
    by_key,
)
from disclosure_portal.model.filekinds import TEXT, is_opaque
from disclosure_portal.model.records import Document
from disclosure_portal.model.textform import has_han, markdown_text, normalize, sentences
from disclosure_portal.model.vocab import APPROVED, strip_markdown_suffix
from disclosure_portal.plan.moves import plan_moves
from disclosure_portal.plan.urls import page_key
from disclosure_portal.progress import track
from disclosure_portal.project import Site
from disclosure_portal.read.attachments import read_attachment
from disclosure_portal.read.catalogs import RESERVED_FILES
from disclosure_portal.read.villages import approved_villages

DOCUMENT_FIELD = by_key(DOCUMENT_FIELDS)

_JSON_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
# a tag as browsers parse it: `<` then a letter, `/`, `!` or `?` (`<秘密>` is text on the page)
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]*>")
_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DATA_URI_RE = re.compile(r"data:[\w/+.-]*(?:;[\w=.-]+)*;base64,([A-Za-z0-9+/=\s]{8,})")
_ATTR_RE = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")
_PCT_RE = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_PAGEFIND_SIGNATURE = b"pagefind_dcd"
MIN_HAN = 4
MIN_ASCII = 8  # shorter ASCII strings (d00594) turn up by chance in hashes and minified code
SENTENCES_PER_DOCUMENT = 40


def _json_unescape(text: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        return {"b": "", "f": "", "n": "\n", "r": "", "t": "\t"}.get(m.group(2), m.group(2))

    return _JSON_ESCAPE_RE.sub(repl, text)


def _url_unescape(text: str) -> str:
    return _PCT_RE.sub(lambda m: unquote(m.group(0)), text)


def _json_strings(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            out.append(key)
            _json_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _json_strings(item, out)


def decoded_text(data: bytes) -> str:
    """An output file as a reader would see it: gunzipped, JSON strings, entities and %-escapes
    decoded (repeatedly, for nested encodings).

    A fingerprint is plain text, so a match in the raw bytes is also a match in this form.
    """
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            data = gzip.decompress(data)
    if data.startswith(_PAGEFIND_SIGNATURE):  # Pagefind's fragments and index chunks
        data = data[len(_PAGEFIND_SIGNATURE) :]
    text = data.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "[") and "\\" in text:
        parts: list[str] = []
        try:
            _json_strings(json.loads(text), parts)
            text = "\n".join(parts)
        except ValueError:
            pass
    if "base64," in text:  # text inside data: URIs (an image's alt text is elsewhere)
        text += "\n" + "\n".join(_data_uri_texts(text))
    for _ in range(3):
        decoded = text
        if "&" in decoded:
            decoded = html.unescape(decoded)
        if "%" in decoded:
            decoded = _url_unescape(decoded)
        if "\\u" in decoded or "\\/" in decoded:
            decoded = _json_unescape(decoded)
        if decoded == text:
            break
        text = decoded
    return text


def _data_uri_texts(text: str) -> Iterable[str]:
    for m in _DATA_URI_RE.finditer(text):
        try:
            payload = base64.b64decode("".join(m.group(1).split()), validate=False)
        except (ValueError, binascii.Error):
            continue
        if payload[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError, EOFError):
                payload = gzip.decompress(payload)
        yield payload.decode("utf-8", errors="replace")


def html_text(markup: str) -> str:
    """The text of HTML as a browser shows it, tags removed (`<秘密>` is text, not a tag), so that
    a title split by <em>…</em> is still a title; comments keep their text."""
    markup = _COMMENT_RE.sub(lambda m: " " + m.group(1) + " ", markup)
    return _TAG_RE.sub("", markup)


def html_forms(markup: str) -> str:
    """What of an HTML text a reader or a crawler can get: the markup as served and its text
    without tags (what the scan searches)."""
    return markup + "\n" + html_text(markup)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A normalized string of withheld material, with where it comes from."""

    text: str  # normalized
    source: str  # project path of the withheld document or file
    kind: str  # 标题, 文号, 正文 …
    display: str = ""  # as written in the source


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


def _long_enough(norm: str) -> bool:
    if has_han(norm):
        return len(norm) >= MIN_HAN
    return len(norm) >= MIN_ASCII


def _sentences(text: str) -> Iterable[str]:
    """The sentences of a text as written, at most SENTENCES_PER_DOCUMENT of them."""
    for n, (_, sentence) in enumerate(sentences(text)):
        if n >= SENTENCES_PER_DOCUMENT:
            break
        yield sentence


def _document_candidates(doc: Document) -> Iterable[tuple[str, str]]:
    yield page_key(doc.src) or strip_markdown_suffix(doc.src), "网址"
    yield Path(doc.src).stem, "文件名"
    for f in DOCUMENT_FIELDS:
        value = doc.value(f.key)
        if f.fingerprint and isinstance(value, str):
            yield value, f.label
    for review in doc.reviews:
        yield review.note, "年度评估说明"
    for change in doc.changes:
        yield change.note, "修订说明"
    for title in doc.attachment_titles.values():
        yield title, "附件标题"
    # values as written, and keys outside the table (engine keys, typos)
    for key, value in doc.meta.items():
        field = DOCUMENT_FIELD.get(key)
        if isinstance(value, str) and (field is None or field.fingerprint):
            yield value, f"字段 {key}"
    for sentence in _sentences(markdown_text(doc.body)):
        yield sentence, "正文"


def _file_text(path: Path) -> str:
    """The readable text of a file (model/filekinds.py), as the personal-data check reads it;
    a text file that is not UTF-8 is read with replacement characters."""
    read = read_attachment(path)
    if read.text is None and read.kind.kind == TEXT:
        try:
            return path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return ""
    return read.text or ""


def _file_candidates(site: Site, src: str) -> Iterable[tuple[str, str]]:
    yield Path(src).name, "附件文件名"
    yield src, "附件路径"
    text = _file_text(site.settings.docs_dir / src)
    for sentence in _sentences(text.replace(",", "。")):
        yield sentence, "附件内容"


def _withheld_real_paths(site: Site) -> set[Path]:
    """Real paths of every withheld document and file (a symlink is judged by its target)."""
    docs_dir = site.settings.docs_dir
    paths = [docs_dir / d.src for d in site.public.withheld]
    paths += [docs_dir / src for src in site.public.withheld_files]
    return {p.resolve() for p in paths}


def _public_corpus(site: Site, extra_dirs: Iterable[Path]) -> Iterable[str]:
    """Every text a public page may legitimately carry, besides the withheld documents."""
    docs_dir = site.settings.docs_dir
    for doc in site.public.documents:
        yield doc.src
        yield doc.id
        with contextlib.suppress(OSError):
            source = (docs_dir / doc.src).read_text(encoding="utf-8-sig", errors="replace")
            yield source + "\n" + markdown_text(source)  # as written, and as read
    withheld = _withheld_real_paths(site)
    for src in site.public.assets:
        yield src
        if (docs_dir / src).resolve() not in withheld:  # a link to withheld text is not public
            yield _file_text(docs_dir / src)
    # what of catalogs/ the site shows: organisations, domains, channels, approved catalogs
    # (not unreviewed catalogs, not registers that may name withheld documents)
    shown = {c.path for c in site.registry.catalogs.values() if c.status == APPROVED}
    shown |= {c.path for c in approved_villages(site.registry)}  # 村（居）务公开目录
    for path, text in site.registry.sources.items():
        if path in shown or path.rsplit("/", 1)[-1] in RESERVED_FILES:
            yield text
    for account in site.newmedia.accounts:  # the 政务新媒体 page: these fields only
        yield "\n".join((account.name, account.platform, account.account, account.url))
    config = site.settings.root / "mkdocs.yml"
    if config.exists():
        yield config.read_text(encoding="utf-8", errors="replace")
    for directory in extra_dirs:
        for dirpath, dirnames, filenames in os.walk(directory):
            # the skeleton `portal init` writes is an example, never part of a built site
            dirnames[:] = [d for d in dirnames if d != "skeleton"]
            for name in filenames:
                if name.endswith((".html", ".js", ".py", ".css", ".json", ".yml", ".txt", ".svg")):
                    yield (Path(dirpath) / name).read_text(encoding="utf-8", errors="replace")


@dataclass
class Fingerprints:
    """Everything the scan searches for: an Aho-Corasick automaton of strings and the hashes of withheld files."""

    automaton: ahocorasick.Automaton | None
    hashes: dict[str, str]  # sha256 -> project path of the withheld file
    count: int
    digest: str = ""  # of everything searched for: equal digests, equal verdicts on the same bytes


def _digest(texts: Iterable[str], hashes: dict[str, str]) -> str:
    h = hashlib.sha256()
    for text in sorted(texts):
        h.update(text.encode("utf-8") + b"\x00")
    h.update(b"\x01")
    for value in sorted(hashes):
        h.update(value.encode("ascii"))
    return h.hexdigest()


# Output files found clean, by path: (sha256 of their bytes, Fingerprints.digest). `mkdocs serve`
# keeps this module loaded between rebuilds, so a rebuild scans only the files whose bytes or whose
# fingerprints changed since a scan found them clean; any change of a withheld document changes the
# digest, and then everything is scanned again.
_clean: dict[str, tuple[str, str]] = {}


REGISTER_KIND = "依申请公开登记"


def _register_candidates(site: Site) -> Iterable[tuple[str, str, str]]:
    """The free text of the 依申请公开 registers (row ids, summaries, notes, event notes; not the
    fixed vocabulary values): (value, register path, kind)."""
    for request in getattr(site, "requests", ()):
        yield request.id, request.path, f"{REGISTER_KIND}的登记编号"
        yield request.summary, request.path, f"{REGISTER_KIND}的申请内容摘要"
        yield request.note, request.path, f"{REGISTER_KIND}的备注"
        for event in request.events:
            yield event.note, request.path, f"{REGISTER_KIND}的办理过程说明"


def collect_fingerprints(site: Site, extra_dirs: Iterable[Path] = ()) -> Fingerprints:
    """The fingerprints of everything withheld (documents, files, hidden commit messages, unreviewed catalogs), less what public sources also contain."""
    docs_rel = os.path.relpath(site.settings.docs_dir, site.settings.root).replace(os.sep, "/")
    candidates: dict[str, Fingerprint] = {}
    notice_urls = plan_moves(site).notice_urls
    for doc in site.public.withheld:
        # a withdrawal notice's own URL is not a leak: it was public, and the notice shows
        # nothing else of the document (SPEC); everything else of it stays a fingerprint
        urls = [normalize(url) for url in notice_urls.get(doc.src, ())]
        for value, kind in _document_candidates(doc):
            norm = normalize(value or "")
            if urls and any(norm in url for url in urls):
                continue
            if _long_enough(norm):
                candidates.setdefault(norm, Fingerprint(norm, doc.path, kind, value.strip()))
    # 先审后发: nothing of a catalog that is not yet approved may be shown
    for catalog in site.registry.catalogs.values():
        if catalog.status == APPROVED:
            continue
        for item in catalog.items:
            for value, kind in (
                (getattr(item, f.key), f.label) for f in CATALOG_ITEM_FIELDS if f.fingerprint
            ):
                norm = normalize(value or "")
                if _long_enough(norm):
                    candidates.setdefault(
                        norm, Fingerprint(norm, catalog.path, f"未审核目录的{kind}", value)
                    )
    for village in site.registry.villages.values():  # 村（居）务公开目录: likewise
        if village.status == APPROVED:
            continue
        for item in village.items:
            for value, kind in (
                (getattr(item, f.key), f.label) for f in VILLAGE_ITEM_FIELDS if f.fingerprint
            ):
                norm = normalize(value or "")
                if _long_enough(norm):
                    candidates.setdefault(
                        norm,
                        Fingerprint(norm, village.path, f"未审核村（居）务公开目录的{kind}", value),
                    )
    # 依申请公开 registers: nothing of a row reaches the site (SPEC: Never published)
    for value, path, kind in _register_candidates(site):
        norm = normalize(value)
        if _long_enough(norm):
            candidates.setdefault(norm, Fingerprint(norm, path, kind, value.strip()))
    hashes = {}
    for src in sorted(site.public.withheld_files):
        for value, kind in _file_candidates(site, src):
            norm = normalize(value)
            if _long_enough(norm):
                candidates.setdefault(
                    norm, Fingerprint(norm, f"{docs_rel}/{src}", kind, value.strip())
                )
        data = (site.settings.docs_dir / src).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if len(data) >= 32:  # a public copy of these bytes is a leak too (validation says so)
            hashes[digest] = f"{docs_rel}/{src}"
    if not candidates:
        return Fingerprints(None, hashes, 0, _digest((), hashes))
    probe = ahocorasick.Automaton()
    for norm in candidates:
        probe.add_word(norm, norm)
    probe.make_automaton()
    shared = set()
    for text in _public_corpus(site, extra_dirs):
        for _, norm in probe.iter(normalize(text)):
            shared.add(norm)
    kept = {k: v for k, v in candidates.items() if k not in shared}
    if not kept:
        return Fingerprints(None, hashes, 0, _digest((), hashes))
    automaton = ahocorasick.Automaton()
    for norm, fp in kept.items():
        automaton.add_word(norm, fp)
    automaton.make_automaton()
    return Fingerprints(automaton, hashes, len(kept), _digest(kept, hashes))


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
    for path in track(paths, len(paths), "泄露检查"):
        name = path.name
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        key = str(path)
        if reuse and _clean.get(key) == (digest, fingerprints.digest):
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
