"""Reading one Markdown file under content/ into a Document, key by key.

What each key is comes from the field table (model/fields.py: DOCUMENT_FIELDS); this module adds
what a table row cannot say: attachment paths, the structured keys (reviews, consultation,
personal_data), cross-key checks within one file and the printed attribute marker.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import io
import pickle
import posixpath
import re
from typing import Any

import yaml

from disclosure_portal.cache import Memo
from disclosure_portal.model import records
from disclosure_portal.model.fields import (
    CHANGE_FIELDS,
    CONSULTATION_FIELDS,
    DOCUMENT_FIELDS,
    PERSONAL_DATA_FIELDS,
    REVIEW_FIELDS,
    TYPES_VOCABULARY,
    WITHDRAWAL_FIELDS,
    Field,
    by_key,
    labels,
)
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Change, Consultation, Document, Review, Withdrawal
from disclosure_portal.model.vocab import (
    ANNUAL_REPORT,
    ENGINE_KEYS,
    GENRES,
    MARKERS,
    strip_markdown_suffix,
)
from disclosure_portal.read.frontmatter import normalized_text, split_front_matter
from disclosure_portal.read.reader import FieldReader, describe, mapping_reader, read_fields

LABELS = labels(DOCUMENT_FIELDS)
FIELDS = by_key(DOCUMENT_FIELDS)
# The printed marker stands on a line of its own (possibly indented or emphasised); a sentence
# that merely quotes a marker, as a disclosure rule does, is not one.
MARKER_RE = re.compile(
    r"^[\s\u3000>*_]*[（(]\s*(此件(?:公开发布|依申请公开|不予公开|不公开))\s*[）)][\s\u3000*_]*$"
)


def read_document(
    src: str, path: str, text: str, problems: Collector, types: tuple[str, ...]
) -> Document:
    """Parse one file; every problem of the file goes to `problems`."""
    fm = split_front_matter(text)
    doc = Document(src=src, path=path, body=fm.body, body_line=fm.body_line, lines=fm.lines)
    for key, message, line in fm.problems:
        problems.error(path, key, message, line)
    if not fm.has_block or any(k == "front_matter" for k, _, _ in fm.problems):
        doc.parse_failed = True
    if not fm.meta:
        if not doc.parse_failed:
            problems.error(path, "attribute", "缺少必填项“attribute”（公开属性）")
        doc.parse_failed = True
        return doc
    # text values for templates, plus the engine's own keys (hide: [toc], search: {exclude: …})
    doc.meta = {k: v for k, v in fm.meta.items() if isinstance(v, str) or k in ENGINE_KEYS}
    r = FieldReader(fm.meta, path=path, lines=fm.lines, problems=problems, labels=LABELS)
    r.unknown_keys(tuple(LABELS) + ENGINE_KEYS)
    values = read_fields(r, DOCUMENT_FIELDS, {TYPES_VOCABULARY: types})
    doc.values = values
    for key, value in values.items():
        if hasattr(doc, key):  # the keys the code uses by name; the others live in doc.values
            setattr(doc, key, value)
    doc.id = doc.id or strip_markdown_suffix(src)  # the table's default_note: the file's path
    if doc.year is not None and doc.type and doc.type != ANNUAL_REPORT:
        r.warn("year", f"“year”（报告年度）只用于年度报告，对{doc.type}不起作用，请删除")
    if doc.genre and doc.genre not in GENRES:
        r.warn("genre", f"体裁分类“{doc.genre}”不是常见的公文文种（{'、'.join(GENRES)}）")
    doc.attachments = _attachments(r, src, doc)
    doc.reviews = _reviews(r, fm.meta.get("reviews"))
    consultation_required = FIELDS["consultation"].is_required(values)
    doc.consultation = _consultation(r, fm.meta.get("consultation"), consultation_required)
    doc.personal_data = _personal_data(r, fm.meta.get("personal_data"))
    doc.changes = _changes(r, fm.meta.get("changes"))
    doc.withdrawn = _withdrawn(r, fm.meta.get("withdrawn"))
    if doc.written and doc.published and doc.written > doc.published:
        r.warn("published", f"发布日期 {doc.published} 早于成文日期 {doc.written}")
    _check_markers(doc, problems)
    return doc


# The memo of files read before (cache.Memo): a file read without a problem is not parsed again
# while its text, its place and the configured types are the same; the memo's name holds the
# generator's code and Python's version, this configuration PyYAML's (front matter).
MEMO_CHECK = "read_document"
_YAML = f"pyyaml {yaml.__version__} libyaml {getattr(yaml, '__with_libyaml__', False)}"
# what a stored Document may hold: the records of model/records.py and dates
_RECORDS = frozenset(
    {("datetime", "date")}
    | {
        ("disclosure_portal.model.records", name)
        for name, value in vars(records).items()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    }
)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _RECORDS:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


def read_document_remembered(
    src: str,
    path: str,
    text: str,
    problems: Collector,
    types: tuple[str, ...],
    memo: Any,
    keys: dict[str, str] | None = None,
) -> Document:
    """`read_document`, taken from `memo` (cache.Memo, or None: read) when this text of this
    file was read before without a problem (a file with one is read every time, so that its
    problems are reported from the reading itself). The memo holds the record without its body,
    which is the end of the text (cut again here).

    `keys`: for a record read without a problem (recalled, or read and kept), `keys[src]` is
    set to the record's key: the SHA-256 of everything the record is made from (its place, its
    text, the configured types and PyYAML; the generator's code is in every memo entry's name).
    Equal keys, equal records: the checks of `load_site` use it to know a document's own texts
    unchanged without making them (rules/safety.py, rules/withheld.py)."""
    if memo is None:
        return read_document(src, path, text, problems, types)
    configuration, key = _memo_inputs(src, path, text, types)
    digest = memo.text_digest(key)
    data = memo.recall_bytes(MEMO_CHECK, configuration, key, digest)
    if data is not None and (doc := _recalled(data, src, path, text)) is not None:
        if keys is not None:
            keys[src] = record_key(configuration, digest)
        return doc
    before = len(problems.items)
    doc = read_document(src, path, text, problems, types)
    if len(problems.items) == before and not doc.parse_failed:
        normalized = normalized_text(text)
        if normalized.endswith(doc.body):
            kept = dataclasses.replace(doc, body="")
            data = pickle.dumps((len(doc.body), kept), protocol=pickle.HIGHEST_PROTOCOL)
            memo.keep_bytes(MEMO_CHECK, configuration, key, data, digest)
            if keys is not None:
                keys[src] = record_key(configuration, digest)
    return doc


def _memo_inputs(src: str, path: str, text: str, types: tuple[str, ...]) -> tuple[str, str]:
    """What a record is remembered by: the reading's configuration (PyYAML, the document
    types) and the text the memo keys it under (its place and text)."""
    return "\0".join((_YAML, *types)), f"{src}\0{path}\0{text}"


def record_key_of(src: str, path: str, text: str, types: tuple[str, ...]) -> str:
    """The key `read_document_remembered` gives the record of `text` read at `src` (`path`)
    with the document types `types`."""
    configuration, key = _memo_inputs(src, path, text, types)
    return record_key(configuration, Memo.text_digest(key))


def record_key(configuration: str, digest: bytes) -> str:
    """The key of a record read with `configuration` from the place and text whose digest
    (cache.Memo.text_digest, 16 bytes of SHA-256) is `digest`."""
    data = f"{MEMO_CHECK}\0{configuration}\0".encode("utf-8", "surrogatepass") + digest
    return hashlib.sha256(data).hexdigest()


def _recalled(data: bytes, src: str, path: str, text: str) -> Document | None:
    try:
        found = _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged or foreign entry: read again, never used
        return None
    if not (
        isinstance(found, tuple)
        and len(found) == 2
        and type(found[0]) is int
        and type(found[1]) is Document
        and found[1].src == src
        and found[1].path == path
        and found[1].body == ""
    ):
        return None
    size, doc = found
    normalized = normalized_text(text)
    if not 0 <= size <= len(normalized):
        return None
    doc.body = normalized[len(normalized) - size :]
    return doc


ATTACHMENT_KEYS = ("path", "title")


def _attachments(r: FieldReader, src: str, doc: Document) -> tuple[str, ...]:
    """The resolved paths of `attachments`; each item is a path or a mapping `{path, title}`
    (titles go to `doc.attachment_titles`)."""
    raw = r.data.get("attachments")
    items: list[tuple[int, str, str]] = []  # (position, path as written, title)
    if isinstance(raw, list) and any(isinstance(v, dict) for v in raw):
        for i, value in enumerate(raw):
            key = f"attachments[{i}]"
            line = r.lines.get(f"{r.line_prefix}{key}", r.line("attachments"))
            if isinstance(value, dict):
                for extra in value:
                    if extra not in ATTACHMENT_KEYS:
                        hint = difflib.get_close_matches(str(extra), ATTACHMENT_KEYS, n=1)
                        also = f"，您是否想写“{hint[0]}”？" if hint else "（可写 path、title）"
                        r.problems.error(
                            r.path, f"{key}.{extra}", f"附件的未知键“{extra}”{also}", line
                        )
                path, title = value.get("path"), value.get("title", "")
                if not isinstance(path, str) or not path.strip():
                    r.problems.error(
                        r.path, f"{key}.path", f"附件第 {i + 1} 项缺少 path（文件路径）", line
                    )
                    continue
                if not isinstance(title, str):
                    r.problems.error(
                        r.path, f"{key}.title", f"附件第 {i + 1} 项的 title 应为文本", line
                    )
                    title = ""
                items.append((i, path.strip(), title.strip()))
            elif isinstance(value, str) and value.strip():
                items.append((i, value.strip(), ""))
            else:
                r.problems.error(
                    r.path,
                    key,
                    f"附件第 {i + 1} 项应为路径或 {{path, title}}，实际是{describe(value)}",
                    line,
                )
    else:
        items = [(i, v, "") for i, v in enumerate(r.text_list("attachments", single_ok=True))]
    out = []
    base = posixpath.dirname(src)
    for i, value, title in items:
        if "://" in value or value.startswith("/"):
            r.error("attachments", f"附件“{value}”应写成相对于本文件的路径（第 {i + 1} 项）")
            continue
        resolved = posixpath.normpath(posixpath.join(base, value))
        if resolved.startswith("../") or resolved == "..":
            r.error("attachments", f"附件“{value}”指向 content/ 目录之外")
            continue
        out.append(resolved)
        if title:
            doc.attachment_titles[resolved] = title
    return tuple(out)


def _entries(r: FieldReader, key: str, raw: object, table: tuple[Field, ...]):
    """A FieldReader for each mapping in the list under `key`; other shapes are reported."""
    if raw in (None, "", []):
        return
    names = "、".join(f.key for f in table)
    if not isinstance(raw, list):
        r.error(key, f"“{key}”应为列表，每项是含 {names} 的映射，实际是{describe(raw)}")
        return
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            r.error(key, f"“{key}”的第 {i + 1} 项应为映射（{names}），实际是{describe(entry)}")
            continue
        er = FieldReader(
            entry,
            path=r.path,
            lines=r.lines,
            problems=r.problems,
            prefix=f"{key}[{i}].",
            labels=labels(table),
            fallback_line=r.line(key),
        )
        er.unknown_keys(tuple(f.key for f in table), as_error=key == "personal_data")
        yield er


def _reviews(r: FieldReader, raw: object) -> tuple[Review, ...]:
    return tuple(
        Review(**read_fields(er, REVIEW_FIELDS))
        for er in _entries(r, "reviews", raw, REVIEW_FIELDS)
    )


def _personal_data(r: FieldReader, raw: object) -> tuple[tuple[str, str], ...]:
    """Exceptions to the personal-data check, one value at a time, each with its reason."""
    out = []
    for er in _entries(r, "personal_data", raw, PERSONAL_DATA_FIELDS):
        values: dict[str, Any] = read_fields(er, PERSONAL_DATA_FIELDS)
        value, reason = values["value"], values["reason"]
        if value and (len(value) < 5 or any(c in value for c in "*?")):
            er.error("value", f"例外必须写出一个具体的号码或地址，不能用通配或过短的值“{value}”")
            continue
        if value and reason:
            out.append((value, reason))
    return tuple(out)


def _changes(r: FieldReader, raw: object) -> tuple[Change, ...]:
    """The public change notes in the order written (their dates are checked against
    `published` and the build date in rules/overtime.py)."""
    return tuple(
        Change(**read_fields(er, CHANGE_FIELDS))
        for er in _entries(r, "changes", raw, CHANGE_FIELDS)
    )


def _withdrawn(r: FieldReader, raw: object) -> Withdrawal | None:
    wr = mapping_reader(r, "withdrawn", raw, WITHDRAWAL_FIELDS, strict=True)
    return None if wr is None else Withdrawal(**read_fields(wr, WITHDRAWAL_FIELDS))


def _consultation(r: FieldReader, raw: object, required: bool) -> Consultation | None:
    if raw in (None, "", {}) and required:
        r.missing("consultation", FIELDS["consultation"].required.why)
    cr = mapping_reader(r, "consultation", raw, CONSULTATION_FIELDS)
    if cr is None:
        return None
    values = read_fields(cr, CONSULTATION_FIELDS)
    opens, closes = values["opens"], values["closes"]
    if opens and closes and closes < opens:
        cr.error("closes", f"截止日期 {closes} 早于开始日期 {opens}")
    return Consultation(
        opens=opens,
        closes=closes,
        feedback=values["feedback"] or None,
        kind=values["kind"],
        reason=values["reason"],
        channels=values["channels"],
    )


def _check_markers(doc: Document, problems: Collector) -> None:
    if not doc.attribute:
        return
    body = doc.body
    starts: dict[int, None] = {}  # the lines holding 此件, which every marker names
    at = body.find("此件")
    while at != -1:
        starts[body.rfind("\n", 0, at) + 1] = None
        at = body.find("此件", at + 2)
    for start in starts:
        end = body.find("\n", start)
        line = body[start : end if end != -1 else len(body)]
        offset = body.count("\n", 0, start)
        if m := MARKER_RE.match(line):
            stated = MARKERS[m.group(1)]
            if stated != doc.attribute:
                problems.error(
                    doc.path,
                    "attribute",
                    f"正文标注“（{m.group(1)}）”表示“{stated}”，与 attribute “{doc.attribute}”不一致",
                    doc.body_line + offset,
                )
