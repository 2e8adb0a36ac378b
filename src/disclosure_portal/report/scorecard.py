"""`portal audit scorecard`: one entry of figures per organisation for assessment (考核评议, 条例
Art. 46-47), from the other audits: no points (the scoring sheets are local). Year Y is the year
before today's. For the office and auditors, never for the site."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from typing import Any

from disclosure_portal.model.records import Org
from disclosure_portal.model.vocab import (
    ADMINISTRATIVE_KINDS,
    INTERPRETATION,
    PAGE,
    POLICY,
    TOWNSHIP_KINDS,
    VILLAGE,
)
from disclosure_portal.project import Site
from disclosure_portal.read.history import History
from disclosure_portal.report import audit, coverage, freshness, newmedia, participation, villages
from disclosure_portal.rules.annualreport import due_date
from disclosure_portal.rules.participation import shortened
from disclosure_portal.rules.requests import deadline
from disclosure_portal.rules.tableb import table_b
from disclosure_portal.rules.workdays import workdays_after

KEYS = (
    "documents",
    "timeliness",
    "interpretation",
    "coverage",
    "annual_report",
    "requests",
    "consultations",
    "newmedia",
    "villages",
    "freshness",
)


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def scorecard(site: Site, history: History, today: dt.date) -> list[dict[str, Any]]:
    """The scorecard entries, in orgs.yml's order."""
    year = today.year - 1
    docs = [d for d in site.public.documents if d.type != PAGE]
    org_of_path = {d.path: d.org for d in site.documents}
    late_docs: dict[str, set[str]] = {}
    for f in audit.timeliness(site, history, site.settings.backdate_margin_days):
        if f.data.get("kind") in ("git", "published"):
            late_docs.setdefault(org_of_path.get(f.path, ""), set()).add(f.path)
    cov = {entry["id"]: entry for entry in coverage.compute(site).orgs}
    stale = Counter(
        f.data["org"]
        for f in freshness.freshness(site, today)
        if f.data["kind"] == "column_stale" and f.data.get("org")
    )
    media = newmedia.newmedia(site, today)
    gaps = villages.villages(site, today)
    no_feedback = {
        f.data["path"]
        for f in participation.participation(site, today)
        if f.data["kind"] == "no_feedback"
    }
    out = []
    for org in site.registry.orgs.values():
        mine = [d for d in docs if d.org == org.id]
        policies = [d for d in mine if d.type == POLICY]
        entry: dict[str, Any] = {"org": org.id, "name": org.name, "kind": org.kind}
        entry["documents"] = {
            "public": len(mine),
            "published_12_months": sum(
                1 for d in mine if d.published and 0 <= (today - d.published).days < 365
            ),
            "newest": _day(max((d.published for d in mine if d.published), default=None)),
        }
        entry["timeliness"] = {
            "checked": sum(1 for d in mine if d.written),
            "late": len(late_docs.get(org.id, ())),
        }
        entry["interpretation"] = _interpretation(site, policies)
        c = cov.get(org.id)
        entry["coverage"] = (
            {"items": len(c["covered"]) + len(c["gaps"]), "covered": len(c["covered"])}
            if c
            else None
        )
        administrative = org.kind in ADMINISTRATIVE_KINDS
        entry["annual_report"] = _annual_report(site, org, year, today) if administrative else None
        entry["requests"] = _requests(site, org, year, today) if administrative else None
        consultations = [
            d
            for d in mine
            if d.consultation and d.consultation.opens and d.consultation.opens.year == year
        ]
        entry["consultations"] = {
            "count": len(consultations),
            "shortened": sum(1 for d in consultations if shortened(d.consultation) is not None),  # type: ignore[arg-type]
            "without_feedback": sum(1 for d in consultations if d.path in no_feedback),
        }
        entry["newmedia"] = _newmedia(site, org, media)
        entry["villages"] = _villages(site, org, gaps)
        entry["freshness"] = {"stale_columns": stale.get(org.id, 0)}
        out.append(entry)
    return out


def _interpretation(site: Site, policies: list) -> dict[str, int]:
    late = 0
    deadline_days = site.settings.interpretation_deadline_workdays
    for policy in policies:
        for interpretation in site.graph.of_policy(policy):
            if interpretation.type != INTERPRETATION:
                continue
            if policy.published and interpretation.published:
                count = workdays_after(policy.published, interpretation.published)
                if count.days > deadline_days:
                    late += 1
                    break
    return {
        "policies": len(policies),
        # an exempt policy (interpretation_exempt, never a 行政规范性文件) needs none
        "without_interpretation": sum(
            1
            for p in policies
            if not site.graph.of_policy(p)
            and not (p.interpretation_exempt and p.category != "行政规范性文件")
        ),
        "late": late,
    }


def _annual_report(site: Site, org: Org, year: int, today: dt.date) -> dict[str, Any]:
    due = due_date(org, year)
    report = site.reports.by_key.get((org.id, year))
    doc = report.doc if report else None
    published = doc.published if doc is not None and site.public.document(doc.src) else None
    if published is not None:
        status = "按时" if published <= due else "逾期"
    else:
        status = "未发布" if today > due else "未到期"
    return {"year": year, "due": _day(due), "published": _day(published), "status": status}


def _requests(site: Site, org: Org, year: int, today: dt.date) -> dict[str, Any]:
    rows = [r for r in site.requests if r.org == org.id]
    table = table_b(rows, year)
    late = open_overdue = 0
    for r in rows:
        d = deadline(r, today)
        if r.replied is not None and r.replied.year == year and d.due and r.replied > d.due:
            late += 1
        if r.replied is None and d.late:
            open_overdue += 1
    return {
        "year": year,
        "received": table.received["总计"],
        "concluded": table.concluded(),
        "late": late,
        "open_overdue": open_overdue,
    }


def _newmedia(site: Site, org: Org, findings: list) -> dict[str, int]:
    accounts = [a for a in site.newmedia.accounts if a.sponsor == org.id]
    mine = [f for f in findings if f.data.get("org") == org.id]

    def count(kind: str) -> int:
        return sum(1 for f in mine if f.data.get("kind") == kind)

    return {
        "active": sum(1 for a in accounts if a.status == "正常"),
        "dormant": count("dormant"),
        "duplicate_platform": count("duplicate_platform"),
        "closed_without_notice": count("closed_without_notice"),
    }


def _villages(site: Site, org: Org, findings: list) -> dict[str, int] | None:
    if org.kind == VILLAGE:
        committees = {org.id}
    elif org.kind in TOWNSHIP_KINDS:  # Art. 31: villagers turn to the 乡镇
        committees = {o.id for o in site.registry.orgs.values() if o.parent == org.id}
    else:
        return None  # a district body has no committees
    mine = [f for f in findings if f.data.get("org") in committees]
    return {"missing_periods": sum(len(f.data.get("missing") or ()) for f in mine)}


def as_csv(entries: list[dict[str, Any]]) -> str:
    """The scorecard flattened for a spreadsheet: one row per organisation, one column per
    figure (`documents.public` …), UTF-8 with BOM so that Excel opens it."""
    columns: list[str] = ["org", "name", "kind"]
    for entry in entries:
        for key in KEYS:
            for sub in entry.get(key) or {}:
                if f"{key}.{sub}" not in columns:
                    columns.append(f"{key}.{sub}")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for entry in entries:
        row = []
        for column in columns:
            key, _, sub = column.partition(".")
            value = entry.get(key) if not sub else (entry.get(key) or {}).get(sub)
            row.append("" if value is None else value)
        writer.writerow(row)
    return "\ufeff" + buffer.getvalue()


LABELS = {
    "documents": (
        "主动公开",
        {"public": "件数", "published_12_months": "近12个月", "newest": "最新"},
    ),
    "timeliness": ("公开时效", {"checked": "核对", "late": "超期"}),
    "interpretation": (
        "政策解读",
        {"policies": "政策文件", "without_interpretation": "无解读", "late": "解读超期"},
    ),
    "coverage": ("目录覆盖", {"items": "事项", "covered": "已覆盖"}),
    "annual_report": ("年度报告", {"year": "年度", "status": "状态", "published": "发布"}),
    "requests": (
        "依申请公开",
        {"received": "新收", "concluded": "办结", "late": "逾期答复", "open_overdue": "逾期未办"},
    ),
    "consultations": (
        "征求意见",
        {"count": "件数", "shortened": "缩短期限", "without_feedback": "未反馈"},
    ),
    "newmedia": (
        "政务新媒体",
        {
            "active": "正常",
            "dormant": "睡眠",
            "duplicate_platform": "重复",
            "closed_without_notice": "未公告关停",
        },
    ),
    "villages": ("村务公开", {"missing_periods": "缺期"}),
    "freshness": ("栏目更新", {"stale_columns": "不及时栏目"}),
}


def render_text(entries: list[dict[str, Any]]) -> str:
    """The scorecard as Chinese text: one block per organisation, figures only."""
    lines = ["", "## 考核数据（各机构，仅列数字，不评分）"]
    for entry in entries:
        lines += ["", f"### {entry['name']}（{entry['org']}，{entry['kind']}）"]
        for key in KEYS:
            figures = entry.get(key)
            title, names = LABELS[key]
            if figures is None:
                lines.append(f"- {title}：不适用")
                continue
            parts = [
                f"{names.get(k, k)} {'—' if v is None else v}"
                for k, v in figures.items()
                if k in names
            ]
            lines.append(f"- {title}：" + "，".join(parts))
    return "\n".join(lines) + "\n"
