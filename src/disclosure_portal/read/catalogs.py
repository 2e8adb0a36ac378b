"""Loading catalogs/: organisations, domains, channels and the standard catalogs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.model.fields import (
    CATALOG_FIELDS,
    CATALOG_ITEM_FIELDS,
    CHANNELS_VOCABULARY,
    COLUMN_FIELDS,
    DOMAIN_FIELDS,
    OFFICE_FIELDS,
    ORG_FIELDS,
    TYPES_VOCABULARY,
    labels,
)
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import (
    Catalog,
    CatalogItem,
    Column,
    Domain,
    Office,
    Org,
    VillageCatalog,
)
from disclosure_portal.model.vocab import (
    ADMINISTRATIVE_KINDS,
    NEWMEDIA_FILE,
    STANDARD_CHANNELS,
    TOWNSHIP_KINDS,
    TYPES,
    VILLAGE,
)
from disclosure_portal.read.reader import FieldReader, describe, mapping_reader, read_fields
from disclosure_portal.read.textyaml import parse_text_yaml
from disclosure_portal.read.villages import check_village_orgs, load_villages, village_item_ids

ORGS_FILE = "orgs.yml"
DOMAINS_FILE = "domains.yml"
CHANNELS_FILE = "channels.yml"
RESERVED_FILES = (ORGS_FILE, DOMAINS_FILE, CHANNELS_FILE)
OWN_READERS = (NEWMEDIA_FILE,)  # data files of catalogs/ read (and reported) by their own reader

ORG_LABELS = labels(ORG_FIELDS)
DOMAIN_LABELS = labels(DOMAIN_FIELDS)
CATALOG_LABELS = labels(CATALOG_FIELDS)
ITEM_LABELS = labels(CATALOG_ITEM_FIELDS)


# GB 32100-2015: the 统一社会信用代码 alphabet (no I, O, Z, S, V) and weights
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid 统一社会信用代码, or None."""
    if len(code) != 18:
        return f"统一社会信用代码应为 18 位，“{code}”有 {len(code)} 位"
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARS})
    if bad:
        return f"统一社会信用代码“{code}”含有不允许的字符：{'、'.join(bad)}"
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(code, CREDIT_CODE_WEIGHTS, strict=False)
    )
    expected = CREDIT_CODE_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        return f"统一社会信用代码“{code}”的校验位应为“{expected}”，实际为“{code[17]}”（GB 32100）"
    return None


@dataclass
class Registry:
    """Everything read from catalogs/."""

    orgs: dict[str, Org] = field(default_factory=dict)
    domains: dict[str, Domain] = field(default_factory=dict)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    items: dict[str, CatalogItem] = field(default_factory=dict)
    channels: tuple[str, ...] = STANDARD_CHANNELS
    villages: dict[int, VillageCatalog] = field(default_factory=dict)  # 村（居）务公开目录 by year
    sources: dict[str, str] = field(default_factory=dict)  # project path -> text
    orgs_path: Path | None = None
    root: Path | None = None
    # item id -> every (file, line, item) that declares it, to report duplicates on each file
    item_places: dict[str, list[tuple[str, int | None, CatalogItem]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    @property
    def statutory(self) -> Domain | None:
        """The domain marked `statutory: true` (法定主动公开内容), if any."""
        return next((d for d in self.domains.values() if d.statutory), None)


def _read_yaml(path: Path, rel: str, problems: Collector, registry: Registry) -> tuple[Any, dict]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.error(rel, "file", "文件不是 UTF-8 编码，请另存为 UTF-8")
        return None, {}
    except OSError as exc:  # a folder named x.yml, a dangling link, no permission
        problems.error(rel, "file", f"无法读取文件：{exc.strerror or exc}")
        return None, {}
    registry.sources[rel] = text
    parsed = parse_text_yaml(text)
    for key, message, line in parsed.problems:
        problems.error(rel, key or "yaml", message, line)
    return parsed.data, parsed.lines


def _list_of_mappings(data: Any, rel: str, what: str, key: str, problems: Collector) -> list:
    if data is None:
        return []
    if isinstance(data, dict) and isinstance(data.get(key), list):
        data = data[key]
    if not isinstance(data, list):
        problems.error(rel, key, f"{what}应为一个列表（每项以“- ”开头），实际是{describe(data)}")
        return []
    return data


def load_registry(catalogs_dir: Path, root: Path, problems: Collector, extra_types=()) -> Registry:
    """Read catalogs/ (orgs, domains, channels, standard catalogs); every problem goes to `problems`."""
    registry = Registry(orgs_path=catalogs_dir / ORGS_FILE, root=root)
    rel_dir = (
        catalogs_dir.relative_to(root).as_posix()
        if catalogs_dir.is_relative_to(root)
        else str(catalogs_dir)
    )
    if not catalogs_dir.is_dir():
        problems.error(
            rel_dir, "catalogs", "找不到 catalogs/ 目录（应包含 orgs.yml 和 domains.yml）"
        )
        return registry
    channels_path = catalogs_dir / CHANNELS_FILE
    if channels_path.exists():
        rel = f"{rel_dir}/{CHANNELS_FILE}"
        data, lines = _read_yaml(channels_path, rel, problems, registry)
        reader = FieldReader({"channels": data}, path=rel, lines=lines, problems=problems)
        registry.channels = STANDARD_CHANNELS + tuple(
            c for c in reader.text_list("channels", single_ok=True) if c not in STANDARD_CHANNELS
        )
    _load_domains(catalogs_dir / DOMAINS_FILE, f"{rel_dir}/{DOMAINS_FILE}", problems, registry)
    for path in sorted(catalogs_dir.glob("*.yml")) + sorted(catalogs_dir.glob("*.yaml")):
        if path.name in RESERVED_FILES or path.name in OWN_READERS:
            continue
        rel = f"{rel_dir}/{path.name}"
        data, lines = _read_yaml(path, rel, problems, registry)
        if isinstance(data, dict) and ("items" in data or "code" in data):
            _load_catalog(data, lines, rel, path.stem, problems, registry)
        # other YAML files under catalogs/ are registers (data), read by their own features
    _check_item_ids(problems, registry)
    village_orgs = load_villages(catalogs_dir, rel_dir, problems, registry)
    _load_orgs(catalogs_dir / ORGS_FILE, f"{rel_dir}/{ORGS_FILE}", problems, registry, extra_types)
    check_village_orgs(village_orgs, registry, problems)
    return registry


def _load_domains(path: Path, rel: str, problems: Collector, registry: Registry) -> None:
    if not path.exists():
        problems.error(rel, "file", "缺少领域清单 domains.yml")
        return
    data, lines = _read_yaml(path, rel, problems, registry)
    statutory = []
    for i, entry in enumerate(_list_of_mappings(data, rel, "领域清单", "domains", problems)):
        prefix = f"[{i}]."
        if not isinstance(entry, dict):
            problems.error(
                rel,
                f"[{i}]",
                f"第 {i + 1} 项应为映射（code、name …），实际是{describe(entry)}",
                lines.get(f"[{i}]"),
            )
            continue
        r = FieldReader(
            entry,
            path=rel,
            lines=lines,
            problems=problems,
            prefix=prefix,
            labels=DOMAIN_LABELS,
            fallback_line=lines.get(f"[{i}]"),
        )
        r.unknown_keys(DOMAIN_LABELS)
        domain = Domain(**read_fields(r, DOMAIN_FIELDS))
        code = domain.code
        if not code:
            continue
        if code in registry.domains:
            r.error("code", f"领域代码“{code}”重复")
            continue
        registry.domains[code] = domain
        if domain.statutory:
            statutory.append(code)
    if len(statutory) > 1:
        problems.error(
            rel,
            "statutory",
            f"只能有一个领域标记 statutory: true（法定主动公开内容），现有：{'、'.join(statutory)}",
        )
    elif not statutory and registry.domains:
        problems.warn(rel, "statutory", "没有领域标记 statutory: true（法定主动公开内容目录）")


def _load_catalog(
    data: dict, lines: dict, rel: str, stem: str, problems: Collector, registry: Registry
) -> None:
    r = FieldReader(data, path=rel, lines=lines, problems=problems, labels=CATALOG_LABELS)
    r.unknown_keys(CATALOG_LABELS)
    values = read_fields(r, CATALOG_FIELDS)
    code, status, guideline = values["code"], values["status"], values["guideline"]
    if code and code != stem:
        r.error("code", f"目录代码“{code}”与文件名“{stem}.yml”不一致")
    if code and code not in registry.domains:
        r.error("code", f"目录代码“{code}”没有列在 domains.yml 中")
    if not guideline:
        r.warn("guideline", "没有写明本目录依据的标准指引（guideline）")
    items = []
    raw_items = data.get("items")
    if raw_items in (None, "", []):
        r.missing("items")
        raw_items = []
    elif not isinstance(raw_items, list):
        r.error("items", f"“items” 应为事项列表，实际是{describe(raw_items)}")
        raw_items = []
    for i, raw in enumerate(raw_items):
        prefix = f"items[{i}]."
        line = lines.get(f"items[{i}]")
        if not isinstance(raw, dict):
            problems.error(
                rel, f"items[{i}]", f"第 {i + 1} 个事项应为映射，实际是{describe(raw)}", line
            )
            continue
        raw_id = raw.get("id")
        shown = (
            f"items[{raw_id.strip()}]." if isinstance(raw_id, str) and raw_id.strip() else prefix
        )
        ir = FieldReader(
            raw,
            path=rel,
            lines=lines,
            problems=problems,
            prefix=prefix,
            labels=ITEM_LABELS,
            fallback_line=line,
            shown_prefix=shown,
        )
        ir.unknown_keys(ITEM_LABELS)
        item = CatalogItem(
            catalog=code or stem,
            **read_fields(ir, CATALOG_ITEM_FIELDS, {CHANNELS_VOCABULARY: registry.channels}),
        )
        if item.deadline_days is not None and item.deadline and "工作日" not in item.deadline:
            ir.warn(
                "deadline_days",
                f"公开时限“{item.deadline}”不是按工作日计算的，deadline_days 只用于“…个工作日”的时限",
            )
        if item.id:
            items.append((item, line))
    catalog = Catalog(
        code=code or stem,
        name=values["name"],
        guideline=guideline,
        status=status,
        reviewed_on=values["reviewed_on"],
        reviewed_by=values["reviewed_by"],
        items=tuple(item for item, _ in items),
        path=rel,
    )
    if catalog.code in registry.catalogs:
        other = registry.catalogs[catalog.code].path
        for path in (other, rel):
            problems.error(
                path,
                "code",
                f"目录代码“{catalog.code}”由两个文件声明：{other}、{rel}；每个目录只能有一个文件",
            )
        return
    registry.catalogs[catalog.code] = catalog
    for item, line in items:
        registry.item_places[item.id].append((rel, line, item))


def _check_item_ids(problems: Collector, registry: Registry) -> None:
    for item_id, places in registry.item_places.items():
        if len(places) > 1:
            where = "、".join(
                rel + (f"（第 {line} 行）" if line else "") for rel, line, _ in places
            )
            for rel, line, _ in places:
                problems.error(
                    rel, "items.id", f"事项标识“{item_id}”在多个目录事项中重复：{where}", line
                )
        registry.items.setdefault(item_id, places[0][2])


def _load_orgs(path: Path, rel: str, problems: Collector, registry: Registry, extra_types) -> None:
    if not path.exists():
        problems.error(rel, "file", "缺少机构清单 orgs.yml")
        return
    data, lines = _read_yaml(path, rel, problems, registry)
    entries = []
    for i, entry in enumerate(_list_of_mappings(data, rel, "机构清单", "orgs", problems)):
        line = lines.get(f"[{i}]")
        if not isinstance(entry, dict):
            problems.error(
                rel,
                f"[{i}]",
                f"第 {i + 1} 项应为映射（id、name、kind …），实际是{describe(entry)}",
                line,
            )
            continue
        r = FieldReader(
            entry,
            path=rel,
            lines=lines,
            problems=problems,
            prefix=f"[{i}].",
            labels=ORG_LABELS,
            fallback_line=line,
        )
        r.unknown_keys(ORG_LABELS)
        values = read_fields(r, ORG_FIELDS)
        org_id, kind, code, domains = (
            values["id"],
            values["kind"],
            values["code"],
            values["domains"],
        )
        if "/" in org_id:
            r.error("id", f"机构标识“{org_id}”不能含有“/”")
            org_id = ""
        if code and (why := credit_code_problem(code)):
            r.error("code", why)
        for code_ in domains:
            if code_ not in registry.domains:
                r.error("domains", f"领域代码“{code_}”没有列在 domains.yml 中")
        org = Org(
            id=org_id,
            name=values["name"],
            kind=kind,
            code=code,
            parent=values["parent"] or None,
            domains=domains,
            columns=_read_columns(entry, r, registry, extra_types),
            office=_read_office(entry, r, kind),
            line=line,
        )
        if not org_id:
            continue
        if org_id in registry.orgs:
            r.error("id", f"机构标识“{org_id}”重复")
            continue
        registry.orgs[org_id] = org
        entries.append((org, r))
    for org, r in entries:
        if org.parent is None:
            continue
        parent = registry.orgs.get(org.parent)
        if parent is None:
            r.error("parent", f"上级机构“{org.parent}”不在 orgs.yml 中")
        elif org.kind == VILLAGE and parent.kind not in TOWNSHIP_KINDS:
            r.error("parent", f"村（居）委员会的上级应为乡镇或街道，“{org.parent}”是{parent.kind}")


def _read_office(entry: dict, r: FieldReader, kind: str) -> Office | None:
    """The organisation's 政府信息公开工作机构 (条例 Art. 12); an administrative organ without one
    is a warning (its 依申请公开 page cannot say where to apply)."""
    raw = entry.get("office")
    if raw in (None, "", {}):
        if kind in ADMINISTRATIVE_KINDS:
            r.warn(
                "office",
                "没有写明政府信息公开工作机构（office）：依申请公开页面无法告诉申请人向哪里提出申请",
            )
        return None
    if kind not in ADMINISTRATIVE_KINDS:
        r.warn("office", "村（居）委员会不是行政机关，没有依申请公开页面，office 不会显示")
    oreader = mapping_reader(r, "office", raw, OFFICE_FIELDS)
    if oreader is None:
        return None
    values = read_fields(oreader, OFFICE_FIELDS)
    for key in ("form", "online"):  # 申请表 may also be a path (rules/offices.py judges it)
        value = values[key]
        is_address = value.startswith("http://") or (key == "online" and value)
        if is_address and (not value.startswith("https://") or " " in value):
            oreader.error(key, f"{oreader.label(key)} 应为以 https:// 开头的网址，实际为“{value}”")
            values[key] = ""
    return Office(**values, key=oreader.key_path("").rstrip("."), line=oreader.line("form"))


def _read_columns(
    entry: dict, r: FieldReader, registry: Registry, extra_types
) -> tuple[Column, ...]:
    raw = entry.get("columns")
    if raw in (None, "", []):
        return ()
    if not isinstance(raw, list):
        r.error("columns", f"“columns” 应为栏目列表，实际是{describe(raw)}")
        return ()
    columns = []
    for j, col in enumerate(raw):
        key = f"columns[{j}]"
        if not isinstance(col, dict):
            r.error(key, f"栏目应为映射（name 与 items 或 types），实际是{describe(col)}")
            continue
        cr = FieldReader(
            col,
            path=r.path,
            lines=r.lines,
            problems=r.problems,
            prefix=f"{r.prefix}{key}.",
            labels=labels(COLUMN_FIELDS),
            fallback_line=r.line("columns"),
        )
        cr.unknown_keys(labels(COLUMN_FIELDS))
        values = read_fields(cr, COLUMN_FIELDS, {TYPES_VOCABULARY: TYPES + tuple(extra_types)})
        name, items, types = values["name"], values["items"], values["types"]
        village_items = village_item_ids(registry)
        for item in items:
            if item not in registry.items and item not in village_items:
                cr.error("items", f"目录事项“{item}”不存在于任何目录中")
        if not items and not types and "types" not in col:
            cr.error("items", "栏目须给出 items（目录事项）或 types（信息类别）")
        if name:
            columns.append(Column(name=name, items=items, types=types))
    return tuple(columns)
