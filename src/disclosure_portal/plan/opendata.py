"""The open-data package (data/): a Frictionless Data Package describing CSV and JSON exports of
the public documents' metadata, the organisations and the approved catalogs.

Computed from the PublicSet and the catalogs the site shows, like every other generated output,
and written as files of the build, so the leak check scans them. Public fields only (a document's
body, attachments, reviews and attribute basis are never exported). CSV is UTF-8 with a BOM, so
Excel opens it as such; rows are sorted by their key and nothing carries the build's date or
commit: the same content gives the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from disclosure_portal.model.records import Catalog, Document, Org
from disclosure_portal.model.vocab import APPROVED
from disclosure_portal.plan.reserved import DATA_DIR

PACKAGE = f"{DATA_DIR}/datapackage.json"
LIST_SEPARATOR = "；"  # list values (channels, levels) in one cell
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
STRING, DATE = "string", "date"

UrlOf = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Table:
    """One exported table: its name, title, fields (name, type, 中文 title) and rows."""

    name: str
    title: str
    description: str
    fields: tuple[tuple[str, str, str], ...]
    key: str
    rows: tuple[dict[str, str | None], ...]
    # (field, table it refers to): the referenced table's key
    references: tuple[tuple[str, str], ...] = ()


DOCUMENT_FIELDS = (
    ("id", STRING, "标识"),
    ("url", STRING, "网址"),
    ("title", STRING, "标题"),
    ("type", STRING, "信息类别"),
    ("org", STRING, "公开主体标识"),
    ("org_name", STRING, "公开主体"),
    ("doc_number", STRING, "文号"),
    ("index_no", STRING, "索引号"),
    ("written", DATE, "成文日期"),
    ("published", DATE, "发布日期"),
    ("category", STRING, "文件类型"),
    ("validity", STRING, "有效性"),
    ("abolished", DATE, "失效/废止日期"),
    ("topic", STRING, "主题分类"),
    ("summary", STRING, "内容概述"),
)
ORG_FIELDS = (
    ("id", STRING, "标识"),
    ("name", STRING, "名称"),
    ("kind", STRING, "类型"),
    ("parent", STRING, "上级组织标识"),
    ("code", STRING, "统一社会信用代码"),
)
ITEM_FIELDS = (
    ("catalog", STRING, "目录代码"),
    ("id", STRING, "事项标识"),
    ("level1", STRING, "一级事项"),
    ("level2", STRING, "二级事项"),
    ("content", STRING, "公开内容"),
    ("basis", STRING, "公开依据"),
    ("deadline", STRING, "公开时限"),
    ("subject", STRING, "公开主体"),
    ("channels", STRING, "公开渠道和载体"),
    ("audience", STRING, "公开对象"),
    ("mode", STRING, "公开方式"),
    ("levels", STRING, "公开层级"),
)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value: str | None) -> str | None:
    return value if value else None


def document_rows(
    documents: Iterable[Document], orgs: dict[str, Org], url_of: UrlOf, site_url: str | None
) -> tuple[dict[str, str | None], ...]:
    """One row per published document, sorted by id: the public fields of its front matter."""
    rows = []
    for doc in documents:
        url = url_of(doc.src)
        if url is not None and site_url:
            url = urljoin(site_url.rstrip("/") + "/", url)
        org = orgs.get(doc.org)
        rows.append(
            {
                "id": doc.id,
                "url": url,
                "title": doc.title,
                "type": doc.type,
                "org": _text(doc.org),
                "org_name": org.name if org else None,
                "doc_number": _text(doc.doc_number),
                "index_no": _text(doc.index_no),
                "written": _day(doc.written),
                "published": _day(doc.published),
                "category": _text(doc.category),
                "validity": None if doc.is_page else _text(doc.validity),
                "abolished": _day(doc.abolished),
                "topic": _text(doc.topic),
                "summary": _text(doc.summary),
            }
        )
    return tuple(sorted(rows, key=lambda r: r["id"] or ""))


def org_rows(orgs: dict[str, Org]) -> tuple[dict[str, str | None], ...]:
    """One row per organisation of catalogs/orgs.yml, sorted by id."""
    rows = [
        {
            "id": o.id,
            "name": o.name,
            "kind": o.kind,
            "parent": _text(o.parent),
            "code": _text(o.code),
        }
        for o in orgs.values()
    ]
    return tuple(sorted(rows, key=lambda r: r["id"] or ""))


def item_rows(catalogs: Iterable[Catalog]) -> tuple[dict[str, str | None], ...]:
    """One row per item of every approved (已审核) catalog, sorted by item id (先审后发: nothing of
    an unapproved catalog is exported)."""
    rows = []
    for catalog in catalogs:
        if catalog.status != APPROVED:
            continue
        for item in catalog.items:
            rows.append(
                {
                    "catalog": catalog.code,
                    "id": item.id,
                    "level1": _text(item.level1),
                    "level2": _text(item.level2),
                    "content": _text(item.content),
                    "basis": _text(item.basis),
                    "deadline": _text(item.deadline),
                    "subject": _text(item.subject),
                    "channels": _text(LIST_SEPARATOR.join(item.channels)),
                    "audience": _text(item.audience),
                    "mode": _text(item.mode),
                    "levels": _text(LIST_SEPARATOR.join(item.levels)),
                }
            )
    return tuple(sorted(rows, key=lambda r: r["id"] or ""))


def tables(
    documents: Iterable[Document],
    orgs: dict[str, Org],
    catalogs: Iterable[Catalog],
    url_of: UrlOf,
    site_url: str | None,
) -> list[Table]:
    """The three exported tables."""
    return [
        Table(
            "documents",
            "主动公开的政府信息",
            "本网站发布的每一份主动公开文件的目录信息（不含正文）；url 为文件页面的网址"
            + ("" if site_url else "（相对于网站根目录）"),
            DOCUMENT_FIELDS,
            "id",
            document_rows(documents, orgs, url_of, site_url),
            references=(("org", "organisations"),),
        ),
        Table(
            "organisations",
            "公开主体",
            "各公开主体（机关、乡镇街道、村居委员会）；parent 为村居委员会所属乡镇街道的标识",
            ORG_FIELDS,
            "id",
            org_rows(orgs),
            references=(("parent", "organisations"),),
        ),
        Table(
            "catalog-items",
            "基层政务公开标准目录",
            f"已审核的标准目录的全部事项；多个值以“{LIST_SEPARATOR}”分隔",
            ITEM_FIELDS,
            "id",
            item_rows(catalogs),
        ),
    ]


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: UTF-8 with a BOM, CRLF line ends (RFC 4180), a header of field names;
    an absent value is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in table.fields])
    for row in table.rows:
        writer.writerow(["" if row[name] is None else row[name] for name, _, _ in table.fields])
    return out.getvalue().encode("utf-8-sig")


def json_bytes(table: Table) -> bytes:
    """The table as JSON: an array of objects keyed by field name (absent values null), as
    `json.dumps(rows, ensure_ascii=False, indent=1)` writes it. With an indent, json encodes in
    Python (0.17 s for 10,000 documents, on the engine's thread in every build): rows of text,
    whole numbers and nulls are written here from the C escaper's pieces instead, any other
    value by json itself."""
    rows = [{name: row[name] for name, _, _ in table.fields} for row in table.rows]
    return ((_indented(rows) or json.dumps(rows, ensure_ascii=False, indent=1)) + "\n").encode(
        "utf-8"
    )


_ESCAPE = json.encoder.encode_basestring  # the C escaper where there is one (ensure_ascii off)


def _indented(rows: list[dict[str, Any]]) -> str | None:
    """`json.dumps(rows, ensure_ascii=False, indent=1)` for non-empty rows whose keys are text
    and whose values are text, integers (not booleans) or None; None for anything else."""
    if not rows:
        return None
    parts = []
    for row in rows:
        if not row:
            return None
        items = []
        for key, value in row.items():
            if type(key) is not str:
                return None
            if type(value) is str:
                shown = _ESCAPE(value)
            elif value is None:
                shown = "null"
            elif type(value) is int:
                shown = int.__repr__(value)
            else:
                return None
            items.append(f"  {_ESCAPE(key)}: {shown}")
        parts.append(" {\n" + ",\n".join(items) + "\n }")
    return "[\n" + ",\n".join(parts) + "\n]"


def _schema(table: Table, form: str) -> dict:
    fields = []
    for name, kind, title in table.fields:
        field: dict = {"name": name, "title": title, "type": kind}
        if kind == DATE:
            field["format"] = "default"  # YYYY-MM-DD
        if name == table.key:
            field["constraints"] = {"required": True, "unique": True}
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": [table.key], "missingValues": [""]}
    if table.references:
        schema["foreignKeys"] = [
            {
                "fields": [name],
                # "" is the resource itself (Table Schema)
                "reference": {
                    "resource": "" if other == table.name else f"{other}-{form}",
                    "fields": ["id"],
                },
            }
            for name, other in table.references
        ]
    return schema


def package(tables_: list[Table], title: str, homepage: str | None) -> dict:
    """The datapackage.json descriptor of `tables_`: each as a CSV and a JSON resource."""
    resources = []
    for table in tables_:
        common = {"title": table.title, "description": table.description}
        resources.append(
            {
                "name": f"{table.name}-csv",
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                **common,
                "schema": _schema(table, "csv"),
            }
        )
        resources.append(
            {
                "name": f"{table.name}-json",
                "path": f"{table.name}.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                **common,
                "schema": _schema(table, "json"),
            }
        )
    descriptor: dict = {
        "name": "government-information-disclosure",
        "title": title,
        "description": "政府信息公开平台的开放数据：主动公开文件的目录信息、公开主体和已审核的基层政务公开标准目录。"
        "每次构建随网站一同生成，只含已公开的内容。",
        "licenses": [LICENSE],
        "keywords": ["政府信息公开", "政务公开", "开放数据"],
        "resources": resources,
    }
    if homepage:
        descriptor["homepage"] = homepage
    return descriptor


def data_files(
    documents: Iterable[Document],
    orgs: dict[str, Org],
    catalogs: Iterable[Catalog],
    url_of: UrlOf,
    site_url: str | None,
    site_name: str,
) -> dict[str, bytes]:
    """Output path -> bytes of every file of data/: the CSV and JSON exports and the package."""
    made = tables(documents, orgs, catalogs, url_of, site_url)
    out = {}
    for table in made:
        out[f"{DATA_DIR}/{table.name}.csv"] = csv_bytes(table)
        out[f"{DATA_DIR}/{table.name}.json"] = json_bytes(table)
    descriptor = package(made, f"{site_name} 开放数据", site_url or None)
    text = json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n"
    out[PACKAGE] = text.encode("utf-8")
    return out
