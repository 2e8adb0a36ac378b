"""Reading catalogs/villages/<year>.yml: the yearly 村（居）务公开目录 (SPEC: Village affairs).

One file a year, no organisation folder (the catalog applies to every committee unless an item
names its `orgs`). Item ids are catalog item ids: unique within a file, never a standard
catalog's item id; the same id in two years' files is the same item. Problems are reported on
`items[<id>].<key>` (`items[<n>].<key>` before the id is known), as for the standard catalogs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure_portal.model.fields import VILLAGE_CATALOG_FIELDS, VILLAGE_ITEM_FIELDS, labels
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import VillageCatalog, VillageItem
from disclosure_portal.model.vocab import APPROVED, VILLAGE, VILLAGES_DIR
from disclosure_portal.read.reader import FieldReader, describe, read_fields
from disclosure_portal.read.textyaml import parse_text_yaml

if TYPE_CHECKING:
    from disclosure_portal.read.catalogs import Registry

YEAR_FILE_RE = re.compile(r"^(?P<year>\d{4})\.ya?ml$")
CATALOG_LABELS = labels(VILLAGE_CATALOG_FIELDS)
ITEM_LABELS = labels(VILLAGE_ITEM_FIELDS)
WHAT = "村（居）务公开目录"


@dataclass(frozen=True, slots=True)
class OrgRefs:
    """An item's `orgs`, checked once catalogs/orgs.yml has been read."""

    path: str
    key: str
    line: int | None
    ids: tuple[str, ...]


def load_villages(
    catalogs_dir: Path, rel_dir: str, problems: Collector, registry: Registry
) -> list[OrgRefs]:
    """Read every catalogs/villages/<year>.yml into `registry.villages` (by year); returns the
    items' `orgs` for check_village_orgs (orgs.yml is read after the catalogs)."""
    base = catalogs_dir / VILLAGES_DIR
    refs: list[OrgRefs] = []
    if not base.is_dir():
        return refs
    by_year: dict[int, list[str]] = defaultdict(list)
    for path in sorted(p for p in base.rglob("*") if p.is_file() or p.is_symlink()):
        parts = path.relative_to(base).parts
        rel = f"{rel_dir}/{VILLAGES_DIR}/" + "/".join(parts)
        if any(part.startswith(".") for part in parts):
            continue
        m = YEAR_FILE_RE.match(path.name)
        if len(parts) != 1 or m is None:
            problems.error(
                rel,
                "file",
                f"{WHAT}应为 {rel_dir}/{VILLAGES_DIR}/<年份>.yml（每年一个文件），本文件不会被读取",
            )
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.error(rel, "file", "文件不是 UTF-8 编码，请另存为 UTF-8")
            continue
        except OSError as exc:
            problems.error(rel, "file", f"无法读取文件：{exc.strerror or exc}")
            continue
        registry.sources[rel] = text
        parsed = parse_text_yaml(text)
        for key, message, line in parsed.problems:
            problems.error(rel, key or "yaml", message, line)
        year = int(m.group("year"))
        catalog = _read_catalog(parsed.data, parsed.lines, rel, year, problems, registry, refs)
        if catalog is not None:
            by_year[year].append(rel)
            registry.villages.setdefault(year, catalog)
    for year, paths in by_year.items():
        if len(paths) > 1:
            for rel in paths:
                problems.error(
                    rel,
                    "file",
                    f"{year} 年的{WHAT}由多个文件声明：{'、'.join(paths)}；每年只能有一个",
                )
    return refs


def _read_catalog(
    data: Any,
    lines: dict[str, int],
    rel: str,
    year: int,
    problems: Collector,
    registry: Registry,
    refs: list[OrgRefs],
) -> VillageCatalog | None:
    if data is None:
        problems.error(rel, "file", f"{WHAT}是空文件（应有 year、status、items …）")
        return None
    if not isinstance(data, dict):
        problems.error(
            rel, "file", f"{WHAT}应为映射（year、status、items …），实际是{describe(data)}"
        )
        return None
    r = FieldReader(data, path=rel, lines=lines, problems=problems, labels=CATALOG_LABELS)
    r.unknown_keys(CATALOG_LABELS, as_error=True)
    values = read_fields(r, VILLAGE_CATALOG_FIELDS)
    if values["year"] is not None and values["year"] != year:
        r.error("year", f"年度 {values['year']} 与文件名中的年份 {year} 不一致")
    raw_items = data.get("items")
    if raw_items in (None, "", []):
        r.missing("items")
        raw_items = []
    elif not isinstance(raw_items, list):
        r.error("items", f"“items” 应为事项列表，实际是{describe(raw_items)}")
        raw_items = []
    items: list[VillageItem] = []
    seen: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for i, raw in enumerate(raw_items):
        line = lines.get(f"items[{i}]")
        if not isinstance(raw, dict):
            problems.error(
                rel, f"items[{i}]", f"第 {i + 1} 个事项应为映射，实际是{describe(raw)}", line
            )
            continue
        raw_id = raw.get("id")
        shown = f"items[{raw_id.strip()}]." if isinstance(raw_id, str) and raw_id.strip() else None
        ir = FieldReader(
            raw,
            path=rel,
            lines=lines,
            problems=problems,
            prefix=f"items[{i}].",
            labels=ITEM_LABELS,
            fallback_line=line,
            shown_prefix=shown,
        )
        ir.unknown_keys(ITEM_LABELS, as_error=True)
        item_values = read_fields(ir, VILLAGE_ITEM_FIELDS)
        item = VillageItem(year=year, **item_values)
        if not item.id:
            continue
        if item.id in registry.item_places:
            others = "、".join(p for p, _, _ in registry.item_places[item.id])
            ir.error(
                "id",
                f"事项标识“{item.id}”已是标准目录（{others}）的事项标识；"
                "村（居）务公开目录的事项标识不能与标准目录重复",
            )
            continue
        seen[item.id].append((ir.key_path("id"), ir.line("id")))
        if item.orgs:
            refs.append(OrgRefs(rel, ir.key_path("orgs"), ir.line("orgs"), item.orgs))
        items.append(item)
    for item_id, places in seen.items():
        if len(places) > 1:
            where = "、".join(f"第 {line} 行" for _, line in places if line)
            for key, line in places:
                problems.error(rel, key, f"事项标识“{item_id}”在本目录中重复（{where}）", line)
    first = {}
    for item in items:
        first.setdefault(item.id, item)
    return VillageCatalog(
        year=year,
        status=values["status"],
        reviewed_on=values["reviewed_on"],
        reviewed_by=values["reviewed_by"],
        items=tuple(first.values()),
        path=rel,
    )


def check_village_orgs(refs: list[OrgRefs], registry: Registry, problems: Collector) -> None:
    """Every committee an item names in `orgs` is a 村（居）委员会 of orgs.yml."""
    for ref in refs:
        for org_id in ref.ids:
            org = registry.orgs.get(org_id)
            if org is None:
                problems.error(
                    ref.path,
                    ref.key,
                    f"村（居）委员会“{org_id}”不在 catalogs/orgs.yml 中",
                    ref.line,
                )
            elif org.kind != VILLAGE:
                problems.error(
                    ref.path,
                    ref.key,
                    f"“{org.name}”（{org_id}）是{org.kind}，不是村（居）委员会；"
                    "村（居）务公开目录只适用于村（居）委员会",
                    ref.line,
                )


def village_item_ids(registry: Registry) -> set[str]:
    """The ids of every item of every village catalog, approved or not."""
    return {item.id for catalog in registry.villages.values() for item in catalog.items}


def approved_villages(registry: Registry) -> list[VillageCatalog]:
    """The approved village catalogs (先审后发: only these are used or shown), oldest first."""
    return [
        registry.villages[y]
        for y in sorted(registry.villages)
        if registry.villages[y].status == APPROVED
    ]
