"""What a public document must not carry of withheld material, judged before anything is built.

SPEC guarantee 1: files are judged by their real path (a symbolic link to a withheld file is
that file), a public file whose bytes or text reproduce a withheld document is an error on the
public document, and a public text that cites a withheld document's title, 文号 or 索引号 is a
warning naming both files (the editor confirms the citation). A public text that names the path
of a withheld file is an error: paths and file names stay detectable whatever public text says.
Ordinary boilerplate (a sentence several public sources share) never counts as reproduction.

Everything is compared in the one text form of model/textform.py.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.textform import has_han, markdown_text, normalize, sentences
from disclosure_portal.plan.publish import PublicSet, referenced_files
from disclosure_portal.plan.urls import page_key
from disclosure_portal.read.attachments import read_attachment

CITABLE = (("title", "标题"), ("doc_number", "文号"), ("index_no", "索引号"))
MIN_REPRODUCED = 5  # sentences of one withheld source found in one public source …
MIN_SHARE = 0.5  # … and at least this share of that source's distinctive sentences
MIN_HAN = 4
MIN_TITLE = 8  # characters of a title before its mention counts as a citation
MIN_ASCII = 8


@dataclass(frozen=True, slots=True)
class _Mark:
    kind: str  # "cite", "path" or "sentence"
    source: str  # project path of the withheld document or file
    label: str  # what it is, for messages (标题, 文号, 路径 …)
    shown: str  # as written


def _long_enough(norm: str) -> bool:
    return len(norm) >= (MIN_HAN if has_han(norm) else MIN_ASCII)


MIN_BYTES = 32  # smaller files are alike by chance (an empty CSV header); the leak check agrees


def _digest(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if len(data) >= MIN_BYTES else None


def _public_texts(
    doc: Document, docs_dir: Path, docs_rel: str, files: frozenset[str]
) -> Iterable[tuple[str, str, str]]:
    """(project path, key, text) of what a public document publishes: front matter, body, and
    the text of each file it references."""
    yield doc.path, "front_matter", "\n".join(v for v in doc.meta.values() if isinstance(v, str))
    yield doc.path, "changes", "\n".join(c.note for c in doc.changes)  # shown on 修订记录
    # as written (a path shown in code is shown) and as read (a link inside a sentence)
    yield doc.path, "body", doc.body + "\n" + markdown_text(doc.body)
    for src in sorted(referenced_files(doc, files)):
        text = read_attachment(docs_dir / src).text
        if text:
            yield f"{docs_rel}/{src}", "attachments", text


def check_withheld_material(
    public: PublicSet, docs_dir: Path, docs_rel: str, files: frozenset[str], problems: Collector
) -> None:
    """Report, on each public document, withheld material it would publish: a referenced file
    that is (by real path or by bytes) a withheld file, a withheld file's path in its text, a
    reproduction of a withheld document's text, and (a warning) a citation of a withheld
    document's title, 文号 or 索引号."""
    _check_files(public, docs_dir, docs_rel, files, problems)
    marks: dict[str, list[_Mark]] = defaultdict(list)
    distinctive: dict[str, set[str]] = defaultdict(set)  # withheld source -> its sentences
    for doc in public.withheld:
        for key, label in CITABLE:
            value = str(doc.value(key) or "")
            norm = normalize(value)
            # a short title (会议纪要) is everyday words, not a citation worth a warning
            if _long_enough(norm) and (key != "title" or len(norm) >= MIN_TITLE):
                marks[norm].append(_Mark("cite", doc.path, label, value))
        for value in {page_key(doc.src), doc.src}:
            norm = normalize(value)
            if "/" in value and _long_enough(norm):
                marks[norm].append(_Mark("path", doc.path, "路径", value))
        for norm, raw in sentences(markdown_text(doc.body)):
            marks[norm].append(_Mark("sentence", doc.path, "正文", raw))
            distinctive[doc.path].add(norm)
    for src in sorted(public.withheld_files):
        source = f"{docs_rel}/{src}"
        norm = normalize(src)
        if "/" in src and _long_enough(norm):
            marks[norm].append(_Mark("path", source, "路径", src))
        text = read_attachment(docs_dir / src).text or ""
        for norm, raw in sentences(text.replace(",", "。")):
            marks[norm].append(_Mark("sentence", source, "内容", raw))
            distinctive[source].add(norm)
    if not marks:
        return
    automaton = ahocorasick.Automaton()
    for norm in marks:
        automaton.add_word(norm, norm)
    automaton.make_automaton()
    found: list[tuple[Document, str, str, set[str]]] = []
    holders: dict[str, set[str]] = defaultdict(set)  # sentence -> public sources holding it
    for doc in public.documents:
        for path, key, text in _public_texts(doc, docs_dir, docs_rel, files):
            hits = {norm for _, norm in automaton.iter(normalize(text))}
            if hits:
                found.append((doc, path, key, hits))
                for norm in hits:
                    holders[norm].add(path)
    boilerplate = {norm for norm, where in holders.items() if len(where) > 1}
    for doc, path, key, hits in found:
        _report(doc, path, key, hits, marks, distinctive, boilerplate, problems)


def _report(doc, path, key, hits, marks, distinctive, boilerplate, problems: Collector) -> None:
    where = "" if path == doc.path else f"（附件 {path}）"
    reproduced: dict[str, set[str]] = defaultdict(set)
    for norm in sorted(hits):
        for mark in marks[norm]:
            if mark.kind == "cite":
                problems.warn(
                    doc.path,
                    key,
                    f"引用了非主动公开文件 {mark.source} 的{mark.label}“{mark.shown}”{where}。"
                    "引用即公开：请确认可以公开，否则删除",
                )
            elif mark.kind == "path":
                problems.error(
                    doc.path,
                    key,
                    f"提到了非主动公开文件的路径“{mark.shown}”（{mark.source}）{where}。"
                    "路径和文件名也会泄露不公开的信息，请删除",
                )
            elif norm not in boilerplate:
                reproduced[mark.source].add(norm)
    for source, found in sorted(reproduced.items()):
        own = distinctive[source] - boilerplate
        if len(found) >= MIN_REPRODUCED and len(found) >= MIN_SHARE * len(own):
            problems.error(
                doc.path,
                key,
                f"与非主动公开文件 {source} 的内容重复（{len(found)} 句）{where}。"
                "不公开的内容不能通过公开文件发布：请删除重复的内容，或依法调整该文件的公开属性",
            )


def _check_files(
    public: PublicSet, docs_dir: Path, docs_rel: str, files: frozenset[str], problems: Collector
) -> None:
    """A published file that is a withheld file by its real path or by its bytes."""
    withheld_paths = {d.src: d.path for d in public.withheld}
    withheld_paths.update({src: f"{docs_rel}/{src}" for src in public.withheld_files})
    real = {(docs_dir / src).resolve(): shown for src, shown in withheld_paths.items()}
    digests: dict[str, str] = {}
    for src, shown in withheld_paths.items():
        digest = _digest(docs_dir / src)
        if digest:
            digests.setdefault(digest, shown)
    for doc in public.documents:
        for src in [doc.src, *sorted(referenced_files(doc, files))]:
            key = "file" if src == doc.src else "attachments"
            target = (docs_dir / src).resolve()
            if target in real and real[target] != f"{docs_rel}/{src}":
                problems.error(
                    doc.path,
                    key,
                    f"“{docs_rel}/{src}”是指向非主动公开文件 {real[target]} 的符号链接，"
                    "会把该文件发布出去；请改为公开文件自己的副本或删除",
                )
                continue
            digest = _digest(docs_dir / src) if src != doc.src else None
            if digest and digest in digests:
                problems.error(
                    doc.path,
                    key,
                    f"附件“{docs_rel}/{src}”与非主动公开文件 {digests[digest]} 的内容完全相同；"
                    "不公开的文件不能以副本形式发布",
                )
