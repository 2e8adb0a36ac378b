"""`portal new`: a new document with every key its type requires, attribute left undecided."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from disclosure_portal.model.fields import DOCUMENT_FIELDS
from disclosure_portal.model.vocab import PAGE
from disclosure_portal.project import INDEX_NO_RE, load_site
from disclosure_portal.read.builddate import china_today
from disclosure_portal.read.settings import Settings

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class NewDocumentError(Exception):
    """A reason, in Chinese, why the document cannot be created."""


def next_index_no(documents, code: str, year: int) -> str:
    """The next free 索引号 `<code>/<year>-<serial>` after those the documents already use."""
    serial = 0
    for doc in documents:
        m = INDEX_NO_RE.match(doc.index_no or "")
        if m and m.group("code") == code and int(m.group("year")) == year:
            serial = max(serial, int(m.group("serial")))
    return f"{code}/{year}-{serial + 1:05d}"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(
    *,
    title: str,
    org_id: str,
    doc_type: str,
    catalog_hint: str,
    index_no: str,
    today: dt.date,
) -> str:
    """The new file's text: every key the field table says `portal new` writes for `doc_type`,
    each preceded by its hint; `attribute` and `catalog` left empty for the editor to decide."""
    known = {
        "title": _quote(title or "请填写标题"),
        "org": org_id,
        "type": doc_type,
        "index_no": index_no,
        "written": today.isoformat(),
        "published": today.isoformat(),
    }
    lines = ["---"]
    for f in DOCUMENT_FIELDS:
        if f.new is None or not f.new(doc_type):
            continue
        hint = f.hint + (catalog_hint if f.key == "catalog" else "")
        if hint:
            lines.append(f"# {f.label}：{hint}")
        if f.key == "consultation":
            closes = today + dt.timedelta(days=30)
            lines += [
                "consultation:",
                f"  opens: {today.isoformat()}",
                f"  closes: {closes.isoformat()}  # 期限自开始日期的次日起算",
                "  kind: 其他  # 重大行政决策、规章、涉企行政规范性文件不少于 30 日；"
                "行政规范性文件不少于 7 个工作日",
                "  # reason:  # 期限短于最短期限时写明理由",
                "  # channels: [电子邮件, 信函]",
            ]
            continue
        value = known.get(f.key, f.new_value)
        line = f"{f.key}: {value}" if value else f"{f.key}:"
        lines.append(f"# {line}" if f.new_commented else line)
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
    """Write a new document for `portal new` and return its path; raises NewDocumentError with a
    Chinese reason. Its dates are today in China (UTC+8), as builds count them, whatever the
    machine's time zone."""
    today = today or china_today()
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
