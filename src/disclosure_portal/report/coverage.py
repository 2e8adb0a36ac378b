"""Coverage of the standard catalogs: which items have public documents, and which documents
missed their item's deadline (deadline_days, in working days). For the office, not the site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from disclosure_portal.model.records import CatalogItem, Document
from disclosure_portal.model.vocab import APPROVED, INTERPRETATION, LEVELS
from disclosure_portal.plan.publish import is_public
from disclosure_portal.project import Site
from disclosure_portal.rules.workdays import workdays_after

HEADER = (
    "本报告供政务公开工作机构内部使用，不得发布到网站；其中可能列出非主动公开文件的信息。"
    "覆盖情况只计主动公开的文件。"
)


def item_name(item: CatalogItem) -> str:
    """An item's display name: "level1 · level2", or level1 alone when it has no level2."""
    return f"{item.level1} · {item.level2}" if item.level2 else item.level1


def _ref(item: CatalogItem) -> dict[str, str]:
    return {"id": item.id, "name": item_name(item)}


@dataclass
class Coverage:
    """The coverage report: per domain and level, per organisation, and the late documents.

    Entries are plain dicts ready for JSON; items are referred to as {"id", "name"}.
    """

    domains: list[dict[str, Any]] = field(default_factory=list)
    orgs: list[dict[str, Any]] = field(default_factory=list)
    late: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gaps(self) -> int:
        """How many (domain, level, item) combinations have no public document."""
        return sum(len(level["gaps"]) for d in self.domains for level in d["levels"].values())

    def as_dict(self) -> dict[str, Any]:
        """The report for JSON output, with the header note that keeps it off the site."""
        return {"note": HEADER, "domains": self.domains, "orgs": self.orgs, "late": self.late}


def deadline_start(doc: Document, site: Site) -> Document | None:
    """For an interpretation, the policy it interprets (counted from its published date)."""
    if doc.type != INTERPRETATION:
        return None
    for ref in doc.interprets:
        target = site.index.resolve(ref)
        if target is not None and target.published:
            return target
    return None


def compute(site: Site) -> Coverage:
    """Coverage of the catalogs by the site's public documents, and late documents.

    An item counts as covered at a level when a public document filed under it comes from an
    organisation of that level. Late documents are all documents (public or not) whose item has
    deadline_days, counted from the written date (an interpretation: its policy's published date).
    """
    registry = site.registry
    public = [d for d in site.public.documents if d.catalog]
    level_of = {org.id: org.level for org in registry.orgs.values()}
    filed: dict[str, list[Document]] = {}
    for doc in public:
        filed.setdefault(doc.catalog, []).append(doc)
    report = Coverage()
    ordered = [
        registry.catalogs[d.code] for d in registry.domains.values() if d.code in registry.catalogs
    ]
    for catalog in ordered:
        levels = {}
        for level in LEVELS:
            items = [i for i in catalog.items if level in i.levels]
            if not items:
                continue
            covered = [
                i for i in items if any(level_of.get(d.org) == level for d in filed.get(i.id, ()))
            ]
            levels[level] = {
                "covered": [_ref(i) for i in covered],
                "gaps": [_ref(i) for i in items if i not in covered],
            }
        report.domains.append(
            {
                "code": catalog.code,
                "name": catalog.name,
                "status": catalog.status,
                "published": catalog.status == APPROVED,
                "levels": levels,
            }
        )
    statutory = registry.statutory
    for org in registry.orgs.values():
        codes = list(org.domains) + ([statutory.code] if statutory else [])
        items = [
            i
            for code in codes
            if (c := registry.catalogs.get(code))
            for i in c.items
            if org.level in i.levels
        ]
        covered = [i for i in items if any(d.org == org.id for d in filed.get(i.id, ()))]
        report.orgs.append(
            {
                "id": org.id,
                "name": org.name,
                "level": org.level,
                "covered": [_ref(i) for i in covered],
                "gaps": [_ref(i) for i in items if i not in covered],
            }
        )
    for doc in sorted(site.documents, key=lambda d: d.path):
        item = registry.items.get(doc.catalog)
        if doc.parse_failed or item is None or item.deadline_days is None or not doc.published:
            continue
        policy = deadline_start(doc, site)
        start = policy.published if policy else doc.written
        if start is None:
            continue  # no written date: formed when published
        count = workdays_after(start, doc.published)
        if count.days > item.deadline_days:
            report.late.append(
                {
                    "id": doc.id,
                    "path": doc.path,
                    "title": doc.title,
                    "public": is_public(doc),
                    "item": _ref(item),
                    "deadline_days": item.deadline_days,
                    "from": start.isoformat(),
                    "from_what": "政策文件发布日期" if policy else "成文日期",
                    "published": doc.published.isoformat(),
                    "workdays": count.days,
                    "note": count.note,
                }
            )
    return report


def render_text(report: Coverage) -> str:
    """The report as Markdown text (Chinese), for the office."""
    lines = ["# 标准目录覆盖情况", "", HEADER, ""]
    lines.append("## 按领域和层级")
    for d in report.domains:
        status = "" if d["published"] else f"（{d['status']}，未在网站展示）"
        lines.append(f"### {d['name']}（{d['code']}）{status}")
        for level, data in d["levels"].items():
            total = len(data["covered"]) + len(data["gaps"])
            lines.append(f"- {level}：{len(data['covered'])}/{total} 个事项有主动公开的文件")
            for item in data["gaps"]:
                lines.append(f"    - 缺：{item['id']} {item['name']}")
    lines += ["", "## 按机构"]
    for org in report.orgs:
        total = len(org["covered"]) + len(org["gaps"])
        lines.append(
            f"### {org['name']}（{org['id']}，{org['level'] or '未知层级'}）："
            f"{len(org['covered'])}/{total} 个事项有主动公开的文件"
        )
        for item in org["gaps"]:
            lines.append(f"    - 缺：{item['id']} {item['name']}")
    lines += ["", f"## 超过公开时限的文件（{len(report.late)} 个）"]
    for late in report.late:
        lines.append(
            f"- {late['id']}（{late['path']}）：事项 {late['item']['id']} "
            f"要求 {late['deadline_days']} 个工作日，"
            f"自{late['from_what']} {late['from']} 至发布 {late['published']} "
            f"用了 {late['workdays']} 个工作日{late['note']}"
        )
    if not report.late:
        lines.append("- 无")
    return "\n".join(lines) + "\n"
