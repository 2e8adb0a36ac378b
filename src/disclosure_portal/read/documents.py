"""Reading one Markdown file under content/ into a Document, key by key."""

from __future__ import annotations

import posixpath
import re

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Consultation, Document, Review
from disclosure_portal.model.vocab import (
    ATTRIBUTES,
    CATEGORIES,
    CONSULTATION,
    ENGINE_KEYS,
    FORMS,
    GENRES,
    INTERPRETATION,
    MARKERS,
    PAGE,
    POLICY,
    PROACTIVE,
    REVIEW_RESULTS,
    VALID,
    VALIDITIES,
    strip_markdown_suffix,
)
from disclosure_portal.read.frontmatter import split_front_matter
from disclosure_portal.read.reader import FieldReader, describe

LABELS = {
    "title": "标题",
    "attribute": "公开属性",
    "attribute_basis": "不公开依据",
    "org": "公开主体",
    "type": "信息类别",
    "catalog": "目录事项",
    "id": "标识",
    "doc_number": "文号",
    "issuer": "发文机关",
    "index_no": "索引号",
    "written": "成文日期",
    "published": "发布日期",
    "topic": "主题分类",
    "genre": "体裁分类",
    "summary": "内容概述",
    "category": "文件类型",
    "validity": "有效性",
    "abolished": "失效/废止日期",
    "replaced_by": "替代文件",
    "drafter": "起草单位",
    "interprets": "解读对象",
    "form": "解读形式",
    "interpretation_exempt": "不需解读理由",
    "attachments": "附件",
    "reviews": "年度评估",
    "consultation": "征求意见",
    "personal_data": "个人信息例外",
}
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

    doc.title = r.text("title", required=True)
    doc.type = r.choice("type", types, required=True)
    doc.attribute = r.choice("attribute", ATTRIBUTES, required=True)
    non_public = doc.attribute not in ("", PROACTIVE)
    doc.attribute_basis = r.text(
        "attribute_basis", required=non_public, why="（非主动公开的文件须写明不公开的法律依据）"
    )
    is_page = doc.type == PAGE
    doc.org = r.text("org", required=not is_page)
    doc.catalog = r.text("catalog", required=not is_page)
    doc.id = r.text("id") or strip_markdown_suffix(src)
    doc.doc_number = r.text("doc_number")
    doc.issuer = r.text("issuer")
    doc.index_no = r.text("index_no")
    doc.written = r.date("written", required=doc.type == POLICY, why="（政策文件必填）")
    doc.published = r.date(
        "published",
        required=doc.attribute == PROACTIVE and not is_page,
        why="（主动公开的文件必填）",
    )
    doc.topic = r.text("topic")
    doc.genre = r.text("genre")
    if doc.genre and doc.genre not in GENRES:
        r.warn("genre", f"体裁分类“{doc.genre}”不是常见的公文文种（{'、'.join(GENRES)}）")
    doc.summary = r.text("summary")
    doc.category = r.choice("category", CATEGORIES)
    doc.validity = r.choice("validity", VALIDITIES) or VALID
    doc.abolished = r.date(
        "abolished", required=doc.validity != VALID, why=f"（有效性为“{doc.validity}”时必填）"
    )
    doc.replaced_by = r.text("replaced_by")
    doc.drafter = r.text("drafter")
    is_interpretation = doc.type == INTERPRETATION
    doc.interprets = r.text_list(
        "interprets", required=is_interpretation, single_ok=True, why="（政策解读必填）"
    )
    doc.form = r.choice("form", FORMS, required=is_interpretation, why="（政策解读必填）")
    doc.interpretation_exempt = r.text("interpretation_exempt")
    doc.attachments = _attachments(r, src)
    doc.reviews = _reviews(r, fm.meta.get("reviews"))
    doc.consultation = _consultation(
        r, fm.meta.get("consultation"), required=doc.type == CONSULTATION
    )
    doc.personal_data = _personal_data(r, fm.meta.get("personal_data"))
    if doc.written and doc.published and doc.written > doc.published:
        r.warn("published", f"发布日期 {doc.published} 早于成文日期 {doc.written}")
    _check_markers(doc, problems)
    return doc


def _attachments(r: FieldReader, src: str) -> tuple[str, ...]:
    out = []
    base = posixpath.dirname(src)
    for i, value in enumerate(r.text_list("attachments", single_ok=True)):
        if "://" in value or value.startswith("/"):
            r.error("attachments", f"附件“{value}”应写成相对于本文件的路径（第 {i + 1} 项）")
            continue
        resolved = posixpath.normpath(posixpath.join(base, value))
        if resolved.startswith("../") or resolved == "..":
            r.error("attachments", f"附件“{value}”指向 content/ 目录之外")
            continue
        out.append(resolved)
    return tuple(out)


def _entries(r: FieldReader, key: str, raw: object, fields: dict[str, str]):
    """(FieldReader, entry) for each mapping in the list under `key`; other shapes are reported."""
    if raw in (None, "", []):
        return
    names = "、".join(fields)
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
            labels=fields,
            fallback_line=r.line(key),
        )
        er.unknown_keys(tuple(fields), as_error=key == "personal_data")
        yield er


def _reviews(r: FieldReader, raw: object) -> tuple[Review, ...]:
    fields = {"date": "评估日期", "result": "评估结果", "note": "说明"}
    return tuple(
        Review(
            date=er.date("date", required=True),
            result=er.choice("result", REVIEW_RESULTS, required=True),
            note=er.text("note"),
        )
        for er in _entries(r, "reviews", raw, fields)
    )


def _personal_data(r: FieldReader, raw: object) -> tuple[tuple[str, str], ...]:
    """Exceptions to the personal-data check, one value at a time, each with its reason."""
    out = []
    for er in _entries(r, "personal_data", raw, {"value": "号码或地址", "reason": "公开理由"}):
        value = er.text("value", required=True)
        reason = er.text("reason", required=True, why="（每个例外都须写明公开理由）")
        if value and (len(value) < 5 or any(c in value for c in "*?")):
            er.error("value", f"例外必须写出一个具体的号码或地址，不能用通配或过短的值“{value}”")
            continue
        if value and reason:
            out.append((value, reason))
    return tuple(out)


def _consultation(r: FieldReader, raw: object, *, required: bool) -> Consultation | None:
    if raw in (None, "", {}):
        if required:
            r.missing("consultation", "（征求意见必填，含 opens 和 closes）")
        return None
    if not isinstance(raw, dict):
        r.error(
            "consultation",
            f"“consultation”应为映射（opens、closes、feedback），实际是{describe(raw)}",
        )
        return None
    cr = FieldReader(
        raw,
        path=r.path,
        lines=r.lines,
        problems=r.problems,
        prefix="consultation.",
        labels={"opens": "开始日期", "closes": "截止日期", "feedback": "意见采纳情况"},
        fallback_line=r.line("consultation"),
    )
    cr.unknown_keys(("opens", "closes", "feedback"))
    opens, closes = cr.date("opens", required=True), cr.date("closes", required=True)
    if opens and closes and closes < opens:
        cr.error("closes", f"截止日期 {closes} 早于开始日期 {opens}")
    return Consultation(opens=opens, closes=closes, feedback=cr.text("feedback") or None)


def _check_markers(doc: Document, problems: Collector) -> None:
    if not doc.attribute:
        return
    for offset, line in enumerate(doc.body.split("\n")):
        if m := MARKER_RE.match(line):
            stated = MARKERS[m.group(1)]
            if stated != doc.attribute:
                problems.error(
                    doc.path,
                    "attribute",
                    f"正文标注“（{m.group(1)}）”表示“{stated}”，与 attribute “{doc.attribute}”不一致",
                    doc.body_line + offset,
                )
