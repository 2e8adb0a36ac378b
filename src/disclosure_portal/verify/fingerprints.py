"""The fingerprints of the leak check: strings of withheld material (title, 文号, 索引号, id, file
names, distinctive sentences of bodies and attachments, unreviewed catalog text, register text)
and the SHA-256 of every file that is not published. `scan_site` (verify/leakcheck.py) searches the
built output for them."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from disclosure_portal.model.fields import (
    CATALOG_ITEM_FIELDS,
    DOCUMENT_FIELDS,
    VILLAGE_ITEM_FIELDS,
    by_key,
)
from disclosure_portal.model.filekinds import TEXT
from disclosure_portal.model.records import Document
from disclosure_portal.model.textform import has_han, markdown_text, normalize, sentences
from disclosure_portal.model.vocab import APPROVED, strip_markdown_suffix
from disclosure_portal.plan.moves import plan_moves
from disclosure_portal.plan.urls import page_key
from disclosure_portal.project import Site
from disclosure_portal.read.attachments import read_attachment
from disclosure_portal.read.catalogs import RESERVED_FILES
from disclosure_portal.read.villages import approved_villages
from disclosure_portal.verify.integrity import key_fingerprints

DOCUMENT_FIELD = by_key(DOCUMENT_FIELDS)
MIN_HAN = 4
MIN_ASCII = 8  # shorter ASCII strings (d00594) turn up by chance in hashes and minified code
SENTENCES_PER_DOCUMENT = 40


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A normalized string of withheld material, with where it comes from."""

    text: str  # normalized
    source: str  # project path of the withheld document or file
    kind: str  # 标题, 文号, 正文 …
    display: str = ""  # as written in the source


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
    # the signing key: never shared with public text, so never filtered below
    key_lines, key_hash = key_fingerprints(site.settings)
    secrets = {norm: Fingerprint(norm, "签名私钥", "签名私钥", shown) for norm, shown in key_lines}
    if key_hash:
        hashes[key_hash] = "签名私钥"
    kept = dict(secrets)
    if candidates:
        probe = ahocorasick.Automaton()
        for norm in candidates:
            probe.add_word(norm, norm)
        probe.make_automaton()
        shared = set()
        for text in _public_corpus(site, extra_dirs):
            for _, norm in probe.iter(normalize(text)):
                shared.add(norm)
        kept.update({k: v for k, v in candidates.items() if k not in shared})
    if not kept:
        return Fingerprints(None, hashes, 0, _digest((), hashes))
    automaton = ahocorasick.Automaton()
    for norm, fp in kept.items():
        automaton.add_word(norm, fp)
    automaton.make_automaton()
    return Fingerprints(automaton, hashes, len(kept), _digest(kept, hashes))
