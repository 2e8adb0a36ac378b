"""The editors' app's config.yml, generated from the field tables (model/fields.py) and the
vocabularies (model/vocab.py), never written by hand (SPEC: The editors' app).

One collection (form) per document type over content/, filtered on `type`, with the keys that
type takes in the order of the field table, each with its Chinese label and help text; choices
for every vocabulary; organisations and catalog items as choices read from catalogs/ when the
app is generated (catalog items labelled with their levels); references to other documents
(interprets, replaced_by, consultation.feedback, published_as) as relation widgets, read live
from the repository by the app after login, so that the app itself carries no document list and
may be published (`extra.portal.cms.publish`): only approved catalogs (public on the site
anyway) are then listed. Dates are date pickers writing YYYY-MM-DD; attachments are uploaded
beside the document with a title; the body is Markdown.

Decap CMS reads this config (https://decapcms.org/docs/configuration-options/); the keys used
are those of Decap 3 (`locale: zh_Hans`, `publish_mode: editorial_workflow`, widgets `select`,
`relation`, `datetime`, `file`, `list`, `object`, `markdown`, `hidden`, `pattern`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from disclosure_portal.model.fields import (
    CHANGE_FIELDS,
    CHOICE,
    CHOICE_LIST,
    CONSULTATION_FIELDS,
    DATE,
    DOCUMENT_FIELDS,
    PERSONAL_DATA_FIELDS,
    REVIEW_FIELDS,
    TEXT_LIST,
    WITHDRAWAL_FIELDS,
    YEAR,
    Field,
)
from disclosure_portal.model.vocab import (
    ANNUAL_REPORT,
    APPROVED,
    ATTRIBUTES,
    CONSULTATION,
    GENRES,
    INTERPRETATION,
    NOTICE,
    PAGE,
    POLICY,
    TYPE_SLUGS,
)
from disclosure_portal.read.catalogs import Registry
from disclosure_portal.read.settings import Settings

# keys a type takes besides those every type takes (a key of DOCUMENT_FIELDS not named here is
# taken by every type but 页面); a key added to the field table appears in every form until it
# is named here
ONLY: dict[str, tuple[str, ...]] = {
    "written": (POLICY, NOTICE),
    "genre": (POLICY, NOTICE),
    "category": (POLICY,),
    "validity": (POLICY,),
    "abolished": (POLICY,),
    "replaced_by": (POLICY,),
    "interpretation_exempt": (POLICY,),
    "interprets": (INTERPRETATION,),
    "form": (INTERPRETATION,),
    "consultation": (CONSULTATION,),
    "year": (ANNUAL_REPORT,),
}
PAGE_KEYS = ("title", "attribute", "attribute_basis", "type", "id", "summary", "changes")
# documents other documents name (relation widgets): target collection, value field
RELATIONS: dict[str, str] = {
    "interprets": TYPE_SLUGS[POLICY],
    "replaced_by": TYPE_SLUGS[POLICY],
    "published_as": "all",
    "feedback": "all",  # consultation.feedback
}
# in-form checks of formats, with a Chinese message
PATTERNS: dict[str, tuple[str, str]] = {
    "doc_number": (
        r"^\S+[〔\[（(]\d{4}[〕\]）)]\S*\d+号$",
        "文号的写法：机关代字〔年份〕序号号，如 示例府办发〔2026〕1号（年份用六角括号〔〕）",
    ),
    "index_no": (
        r"^[0-9A-Z]{18}/\d{4}-\d{5}$",
        "索引号的写法：机构的 18 位统一社会信用代码/年份-5 位流水号，如 11500299009134283G/2026-00001",
    ),
    "id": (
        r"^[a-z0-9][a-z0-9._-]*$",
        "标识只用小写字母、数字、点、连字符和下划线，如 zwgk-tongzhi-2026",
    ),
    "year": (r"^\d{4}$", "四位年份，如 2025"),
    "period": (
        r"^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$",
        "按月写 2025-10，按季写 2025Q3，按年写 2025",
    ),
}
# the collection names (ASCII, in the app's URLs) of the types
SLUGS = {**TYPE_SLUGS, PAGE: "pages"}
DATE_WIDGET = {
    "widget": "datetime",
    "format": "YYYY-MM-DD",
    "date_format": "YYYY-MM-DD",
    "time_format": False,
    "picker_utc": True,
}
DOCUMENT_PATH = "{{org}}/{{year}}/{{slug}}"  # content/<org>/<year>/<file>.md
SLUG = "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}"  # the file name: when it was made
PREVIEW = False  # Decap's preview pane: our pages are rendered by the build, not the app


def takes(doc_type: str, key: str) -> bool:
    """Whether documents of `doc_type` take `key` (a key of DOCUMENT_FIELDS)."""
    if doc_type == PAGE:
        return key in PAGE_KEYS
    return doc_type in ONLY.get(key, (doc_type,))


def _required(f: Field, doc_type: str) -> bool:
    """Required in the form: required for this type whatever the attribute (a key required
    only for some attributes, such as `published`, is left to the hint and to the build)."""
    return all(
        f.is_required({"type": doc_type, "attribute": attribute}) for attribute in ATTRIBUTES
    )


def _hint(f: Field) -> str:
    parts = [f.hint or f.note]
    if f.required_text and f.required_text != "必填" and f.required_text not in parts[0]:
        parts.append(f.required_text)
    return "；".join(p for p in parts if p)


def _base(f: Field, label: str | None = None) -> dict[str, Any]:
    field: dict[str, Any] = {"name": f.key, "label": label or f.label}
    if hint := _hint(f):
        field["hint"] = hint
    return field


def _simple(f: Field, required: bool, doc_type: str = "") -> dict[str, Any]:
    """A field of a value kind: text, choice, date, list of texts, year."""
    field = _base(f)
    choices = f.choices
    if f.key == "genre":  # the 公文文种 (a vocabulary the table names in its note)
        choices = GENRES
    if f.kind == DATE:
        field |= DATE_WIDGET
    elif f.kind in (CHOICE, CHOICE_LIST) and isinstance(choices, tuple) and choices:
        field |= {"widget": "select", "options": list(choices)}
        if f.kind == CHOICE_LIST:
            field["multiple"] = True
    elif f.key == "genre":
        field |= {"widget": "select", "options": list(GENRES)}
    elif f.kind == TEXT_LIST:
        field |= {"widget": "list"}
    elif f.key in ("summary", "note", "reason", "interpretation_exempt"):
        field |= {"widget": "text"}
    else:
        field |= {"widget": "string"}
    if f.kind == YEAR:
        field["widget"] = "string"
    if f.key in PATTERNS:
        field["pattern"] = list(PATTERNS[f.key])
    field["required"] = required
    return field


def _object_fields(table: tuple[Field, ...], *, optional: bool = False) -> list[dict[str, Any]]:
    """The fields of a mapping; in an `optional` mapping none is required in the form (Decap
    would check them even when the mapping is left empty: the build checks them instead)."""
    out = []
    for f in table:
        if f.key in RELATIONS:
            out.append(_relation(f, required=False))
        else:
            out.append(_simple(f, required=f.is_required({}) and not optional))
    return out


def _relation(f: Field, required: bool) -> dict[str, Any]:
    field = _base(f) | {
        "widget": "relation",
        "collection": RELATIONS[f.key],
        "value_field": "id",
        "search_fields": ["title", "doc_number", "id"],
        "display_fields": ["title", "doc_number"],
        "required": required,
    }
    field["hint"] = (
        (field.get("hint", "") + "；") if field.get("hint") else ""
    ) + "可选的是写明了“标识”（id）的文件：被引用的文件请写上标识"
    if f.key == "interprets":
        field["multiple"] = True
    return field


def _org_options(registry: Registry) -> list[dict[str, str]]:
    return [{"label": f"{org.name}（{org.id}）", "value": org.id} for org in registry.orgs.values()]


def _catalog_options(registry: Registry, *, public_only: bool) -> list[dict[str, str]]:
    """Every catalog item, labelled with its catalog, name and levels (an editor picks one of
    the organisation's level); with `public_only`, only items of approved catalogs."""
    options = []
    for catalog in registry.catalogs.values():
        if public_only and catalog.status != APPROVED:
            continue
        draft = "" if catalog.status == APPROVED else f"（{catalog.status}）"
        for item in catalog.items:
            levels = "、".join(item.levels) or "未注明层级"
            label = f"{item.id} {catalog.name}{draft}：{item.level1}—{item.level2}（{levels}）"
            options.append({"label": label, "value": item.id})
    seen = {o["value"] for o in options}
    for year in sorted(registry.villages, reverse=True):  # 村（居）务公开目录: approved only
        village = registry.villages[year]
        if village.status != APPROVED:
            continue
        for item in village.items:
            if item.id not in seen:
                seen.add(item.id)
                label = f"{item.id} 村（居）务公开目录：{item.name}（{item.cadence}，乡镇级）"
                options.append({"label": label, "value": item.id})
    return options


def _attachments() -> dict[str, Any]:
    return {
        "name": "attachments",
        "label": "附件",
        "label_singular": "附件",
        "widget": "list",
        "required": False,
        "hint": "上传的文件保存在本文件旁边；标题显示为附件链接的文字。只随主动公开的文件发布",
        "fields": [
            {"name": "path", "label": "文件", "widget": "file", "required": True},
            {"name": "title", "label": "附件标题", "widget": "string", "required": False},
        ],
    }


class Options:
    """The option lists of one config, built once and shared by every form: config.yml then
    writes each list once and refers to it with a YAML alias (a thousand catalog items are not
    repeated in nine forms)."""

    def __init__(self, registry: Registry, *, public_only: bool) -> None:
        self.orgs = _org_options(registry)
        self.items = _catalog_options(registry, public_only=public_only)


def document_fields(doc_type: str, options: Options) -> list[dict[str, Any]]:
    """The form of one document type: its keys in field-table order, then the body."""
    out: list[dict[str, Any]] = []
    for f in DOCUMENT_FIELDS:
        if not takes(doc_type, f.key):
            continue
        required = _required(f, doc_type)
        if f.key == "type":
            out.append({"name": "type", "label": f.label, "widget": "hidden", "default": doc_type})
        elif f.key in ("org", "drafter"):
            field = _base(f) | {"widget": "select", "options": options.orgs}
            out.append(field | {"required": required})
        elif f.key == "catalog":
            field = _base(f) | {"widget": "select", "options": options.items}
            field["required"] = required
            field["hint"] = "事项后面括号里是它的公开层级：请选择与本机构层级相符的事项"
            out.append(field)
        elif f.key in RELATIONS:
            out.append(_relation(f, required))
        elif f.key == "attachments":
            out.append(_attachments())
        elif f.key == "reviews":
            out.append(_list(f, REVIEW_FIELDS))
        elif f.key == "changes":
            out.append(_list(f, CHANGE_FIELDS))
        elif f.key == "personal_data":
            out.append(_list(f, PERSONAL_DATA_FIELDS))
        elif f.key == "withdrawn":
            out.append(
                _base(f)
                | {"widget": "object", "required": False, "collapsed": True}
                | {"fields": _object_fields(WITHDRAWAL_FIELDS, optional=True)}
            )
        elif f.key == "consultation":
            out.append(
                _base(f)
                | {
                    "widget": "object",
                    "required": required,
                    "fields": _object_fields(CONSULTATION_FIELDS),
                }
            )
        else:
            out.append(_simple(f, required, doc_type))
    out.append(
        {
            "name": "body",
            "label": "正文",
            "widget": "markdown",
            "modes": ["raw", "rich_text"],  # Markdown first: a line typed is a line written
            "hint": "逐行写的内容在网页上仍逐行显示；空一行是新的一段",
        }
    )
    return out


def _list(f: Field, table: tuple[Field, ...]) -> dict[str, Any]:
    return _base(f) | {
        "widget": "list",
        "required": False,
        "collapsed": True,
        "fields": _object_fields(table),
    }


def _collection(doc_type: str, options: Options) -> dict[str, Any]:
    page = doc_type == PAGE
    return {
        "name": SLUGS.get(doc_type) or "type-" + hashlib.sha1(doc_type.encode()).hexdigest()[:8],
        "label": doc_type,
        "label_singular": doc_type,
        "folder": "content",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "filter": {"field": "type", "value": doc_type},
        "path": "{{slug}}" if page else DOCUMENT_PATH,
        "slug": SLUG,
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}}",
        "sortable_fields": ["title", "published"] if not page else ["title"],
        "fields": document_fields(doc_type, options),
    }


def _all_documents() -> dict[str, Any]:
    """Every document, for the references that may name a document of any type."""
    labels = {f.key: f for f in DOCUMENT_FIELDS}
    return {
        "name": "all",
        "label": "全部文件",
        "label_singular": "文件",
        "folder": "content",
        "create": False,
        "delete": False,
        "extension": "md",
        "format": "frontmatter",
        "path": DOCUMENT_PATH,
        "summary": "{{title}}（{{type}}）",
        "fields": [
            _base(labels["title"]) | {"widget": "string"},
            _base(labels["type"]) | {"widget": "string"},
            _base(labels["id"]) | {"widget": "string", "required": False},
            _base(labels["doc_number"]) | {"widget": "string", "required": False},
            {"name": "body", "label": "正文", "widget": "markdown"},
        ],
    }


def backend(settings: Settings) -> dict[str, Any]:
    """The git host the app works on (extra.portal.cms), editorial workflow on."""
    cms = settings.cms
    name = cms.get("backend") or "gitlab"
    out: dict[str, Any] = {
        "name": name,
        "repo": cms.get("repo") or "组/项目",
        "branch": cms.get("branch") or "main",
    }
    base = (cms.get("base_url") or "").rstrip("/")
    api = cms.get("api_root") or ""
    if name == "gitlab":
        out["auth_type"] = "pkce"
        if base:
            out |= {"base_url": base, "auth_endpoint": "oauth/authorize"}
            api = api or f"{base}/api/v4"
    elif name == "gitea" and base:
        out["base_url"] = base
        api = api or f"{base}/api/v1"
    elif base:
        out["base_url"] = base
    if api:
        out["api_root"] = api
    if cms.get("app_id"):
        out["app_id"] = cms["app_id"]
    out["squash_merges"] = True
    return out


def cms_config(
    settings: Settings, registry: Registry, *, local: bool = False, public_only: bool = False
) -> dict[str, Any]:
    """The whole config.yml of the app (as data)."""
    docs = settings.docs_dir.relative_to(settings.root).as_posix()
    config: dict[str, Any] = {
        "locale": "zh_Hans",
        "backend": backend(settings),
        "publish_mode": "editorial_workflow",
        "media_folder": f"{docs}/uploads",
        "public_folder": "uploads",
        "slug": {"encoding": "ascii", "clean_accents": True},
        "show_preview_links": False,
        "editor": {"preview": PREVIEW},
    }
    if local:
        config["local_backend"] = True
    options = Options(registry, public_only=public_only)
    collections = [_collection(t, options) for t in settings.types]
    for c in collections:
        c["folder"] = docs
    all_docs = _all_documents()
    all_docs["folder"] = docs
    config["collections"] = [*collections, all_docs]
    return config
