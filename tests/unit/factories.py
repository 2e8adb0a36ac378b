"""Small in-memory records for unit tests: documents, organisations, catalogs, a registry.

Nothing here touches the file system: a document is read from a text string with
`read_document`, or constructed directly and varied with `dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt

import yaml

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Catalog, CatalogItem, Document, Domain, Org
from disclosure_portal.model.vocab import TYPES
from disclosure_portal.plan import publish
from disclosure_portal.read.catalogs import Registry
from disclosure_portal.read.documents import read_document

SRC = "mzj/2025/notice.md"
PATH = f"content/{SRC}"

NOTICE_FRONT = {
    "title": "关于开展社会救助政策宣传月活动的通知",
    "attribute": "主动公开",
    "org": "mzj",
    "type": "通知公告",
    "catalog": "fdzdgk-02",
    "published": "2025-03-03",
}


def markdown(front: dict | str, body: str = "正文。\n") -> str:
    """A Markdown text; `front` as a mapping is dumped as YAML, as text taken verbatim."""
    if isinstance(front, dict):
        front = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{front.strip()}\n---\n{body}"


def notice_text(body: str = "正文。\n", **fields) -> str:
    """A 通知公告 that is valid as it stands; a field given as None is left out."""
    front = {**NOTICE_FRONT, **fields}
    return markdown({k: v for k, v in front.items() if v is not None}, body)


def read(text: str, src: str = SRC, types: tuple[str, ...] = TYPES) -> tuple[Document, Collector]:
    problems = Collector()
    doc = read_document(src, f"content/{src}", text, problems, types)
    return doc, problems


def keys(problems: Collector, *, errors: bool = True) -> list[str]:
    return [p.key for p in (problems.errors if errors else problems.warnings)]


def document(src: str = SRC, **fields) -> Document:
    """A parsed public 通知公告 of 区民政局; override any field."""
    values = {
        "title": "通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": dt.date(2025, 3, 3),
        "id": src.removesuffix(".md"),
        **fields,
    }
    return Document(src=src, path=f"content/{src}", **values)


def policy(src: str = "mzj/2025/policy.md", **fields) -> Document:
    values = {
        "title": "溪山区临时救助实施细则",
        "type": "政策文件",
        "catalog": "shjz-01",
        "id": "p-linshi",
        "doc_number": "溪山民发〔2025〕13号",
        "written": dt.date(2025, 6, 10),
        "published": dt.date(2025, 6, 16),
        **fields,
    }
    return document(src, **values)


def interpretation(src: str = "mzj/2025/interp.md", **fields) -> Document:
    values = {
        "title": "《溪山区临时救助实施细则》解读",
        "type": "政策解读",
        "catalog": "shjz-01",
        "interprets": ("p-linshi",),
        "form": "文字解读",
        "published": dt.date(2025, 6, 17),
        **fields,
    }
    return document(src, **values)


def references(documents):
    """The id / doc_number resolver over `documents`, as publication builds it."""
    return publish.References(documents)


def item(item_id: str, catalog: str, **fields) -> CatalogItem:
    values = {
        "level1": "综合业务",
        "level2": "政策法规文件",
        "content": "内容",
        "basis": "依据",
        "deadline": "10个工作日内",
        "deadline_days": 10,
        "subject": "区民政局",
        "channels": ("政府网站",),
        "audience": "全社会",
        "mode": "主动",
        "levels": ("区县级", "乡镇级"),
        **fields,
    }
    return CatalogItem(id=item_id, catalog=catalog, **values)


def catalog(
    code: str, name: str, items: tuple[CatalogItem, ...], status: str = "已审核"
) -> Catalog:
    return Catalog(
        code=code,
        name=name,
        guideline="指引",
        status=status,
        reviewed_on=dt.date(2025, 1, 10) if status == "已审核" else None,
        reviewed_by="测试区政务公开办" if status == "已审核" else "",
        items=items,
        path=f"catalogs/{code}.yml",
    )


def registry(
    orgs: tuple[Org, ...] = (), *, shjz_status: str = "已审核", extra: tuple[Catalog, ...] = ()
) -> Registry:
    """The fixture project's catalogs: 法定主动公开内容 (statutory) and 社会救助, in memory."""
    statutory = catalog(
        "fdzdgk",
        "法定主动公开内容",
        (
            item("fdzdgk-01", "fdzdgk", level1="政策文件", level2="行政规范性文件"),
            item("fdzdgk-02", "fdzdgk", level1="工作信息", level2="通知公告"),
        ),
    )
    shjz = catalog("shjz", "社会救助", (item("shjz-01", "shjz"),), status=shjz_status)
    catalogs = (statutory, shjz, *extra)
    domains = [
        Domain(code="shjz", name="社会救助"),
        Domain(code="fdzdgk", name="法定主动公开内容", statutory=True),
    ]
    domains += [Domain(code=c.code, name=c.name) for c in extra]
    orgs = orgs or (
        Org(id="mzj", name="测试区民政局", kind="区政府部门", domains=("shjz",)),
        Org(id="qsz", name="测试区青石镇人民政府", kind="乡镇"),
    )
    return Registry(
        orgs={o.id: o for o in orgs},
        domains={d.code: d for d in domains},
        catalogs={c.code: c for c in catalogs},
        items={i.id: i for c in catalogs for i in c.items},
    )
