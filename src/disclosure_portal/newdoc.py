"""`portal new`: a new document with every key its type requires, attribute left undecided."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from disclosure_portal.model.vocab import (
    ATTRIBUTES,
    CONSULTATION,
    FORMS,
    INTERPRETATION,
    PAGE,
    POLICY,
)
from disclosure_portal.project import INDEX_NO_RE, load_site
from disclosure_portal.read.settings import Settings

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class NewDocumentError(Exception):
    """A reason, in Chinese, why the document cannot be created."""


def next_index_no(documents, code: str, year: int) -> str:
    serial = 0
    for doc in documents:
        m = INDEX_NO_RE.match(doc.index_no or "")
        if m and m.group("code") == code and int(m.group("year")) == year:
            serial = max(serial, int(m.group("serial")))
    return f"{code}/{year}-{serial + 1:05d}"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(
    *, title: str, org_id: str, doc_type: str, catalog_hint: str, index_no: str, today: dt.date
) -> str:
    lines = [
        "---",
        f"title: {_quote(title or '请填写标题')}",
        f"# 公开属性须在起草时认定，填写其一：{'、'.join(ATTRIBUTES)}。未填写时构建会拒绝本文件。",
        "attribute:",
        "# 非主动公开时必填不公开的法律依据，例如：《中华人民共和国政府信息公开条例》第十六条",
        "# attribute_basis:",
        f"org: {org_id}",
        f"type: {doc_type}",
        f"# 目录事项标识，见 catalogs/ 下的目录文件{catalog_hint}",
        "catalog:",
        f"index_no: {index_no}",
        f"published: {today.isoformat()}",
    ]
    if doc_type == POLICY:
        lines += [
            f"written: {today.isoformat()}",
            'doc_number: ""  # 文号，例如 溪山府办发〔2026〕1号',
            "category: 其他文件  # 规章、行政规范性文件 或 其他文件",
            "genre: 通知",
            "validity: 有效",
            'summary: ""',
            "# 每份政策文件须有政策解读；确实不需解读的，写明理由：",
            "# interpretation_exempt:",
        ]
    if doc_type == INTERPRETATION:
        lines += [
            "# 被解读政策文件的 id 或文号（可写多个，用列表）",
            "interprets:",
            f"form: 文字解读  # {'、'.join(FORMS)}",
        ]
    if doc_type == CONSULTATION:
        closes = today + dt.timedelta(days=30)
        lines += [
            "consultation:",
            f"  opens: {today.isoformat()}",
            f"  closes: {closes.isoformat()}  # 公开征求意见一般不少于 30 日",
        ]
    lines += ["---", "", "正文。", ""]
    return "\n".join(lines)


def create_document(
    settings: Settings,
    *,
    org_id: str,
    doc_type: str,
    title: str = "",
    slug: str = "",
    today: dt.date | None = None,
) -> Path:
    today = today or dt.date.today()
    site = load_site(settings)
    org = site.registry.orgs.get(org_id)
    if org is None:
        known = "、".join(site.registry.orgs) or "（无）"
        raise NewDocumentError(f"机构“{org_id}”不在 catalogs/orgs.yml 中；可用的机构：{known}")
    if doc_type not in settings.types or doc_type == PAGE:
        allowed = "、".join(t for t in settings.types if t != PAGE)
        raise NewDocumentError(f"信息类别“{doc_type}”无效，应为：{allowed}")
    if slug and not SLUG_RE.match(slug):
        raise NewDocumentError(f"文件名“{slug}”只能使用小写字母、数字、点、连字符和下划线")
    index_no = next_index_no(site.documents, org.code, today.year) if org.code else ""
    folder = settings.docs_dir / org.id / str(today.year)
    if not slug:
        slug = f"{today.isoformat()}-{index_no.rsplit('-', 1)[-1] if index_no else '1'}"
    path = folder / f"{slug}.md"
    if path.exists():
        raise NewDocumentError(f"文件 {path.relative_to(settings.root).as_posix()} 已存在")
    domains = [c for c in org.domains if c in site.registry.catalogs]
    statutory = site.registry.statutory
    if statutory and statutory.code in site.registry.catalogs:
        domains.append(statutory.code)
    hint = f"（本机构可用：{'、'.join(f'catalogs/{c}.yml' for c in domains)}）" if domains else ""
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        render(
            title=title,
            org_id=org.id,
            doc_type=doc_type,
            catalog_hint=hint,
            index_no=index_no,
            today=today,
        ),
        encoding="utf-8",
    )
    return path
