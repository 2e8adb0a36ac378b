"""`portal audit reports` and `portal audit requests`: the annual reports (late, missing, typed
tables that do not add up, carry-overs, years without a data file) and the 依申请公开 register
rows that need attention (overdue, answered late, and the other deadline findings). For the
office and auditors, never for the site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from disclosure_portal.project import Site
from disclosure_portal.report.audit import Finding
from disclosure_portal.rules.annualreport import (
    CARRY_OVER,
    LATE,
    MISSING,
    NOT_COMPUTED,
    TYPED,
)
from disclosure_portal.rules.requests import deadline
from disclosure_portal.rules.websitereport import WEBSITE_LATE, WEBSITE_MISSING

REPORT_KINDS = (LATE, MISSING, TYPED, CARRY_OVER, NOT_COMPUTED, WEBSITE_LATE, WEBSITE_MISSING)
REPORT_KEYS = ("kind", "org", "year", "due", "published", "path", "message")
REQUEST_KEYS = ("kind", "org", "id", "path", "due", "replied", "status", "message")


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def reports(site: Site) -> list[Finding]:
    """The findings of SPEC's `portal audit reports`, by organisation, year and kind: the annual
    reports' and the 政府网站工作年度报表's (website_late, website_missing)."""
    out = []
    findings = [*site.reports.findings, *site.website.findings]
    for f in sorted(
        (f for f in findings if f.kind in REPORT_KINDS),
        key=lambda f: (f.org, f.year, REPORT_KINDS.index(f.kind), f.path, f.message),
    ):
        data: dict[str, Any] = {
            "kind": f.kind,
            "org": f.org,
            "year": f.year,
            "due": _day(f.due),
            "published": _day(f.published),
            "path": f.path,
        }
        where = f"{f.path}:{f.line}" if f.path and f.line else f.path
        out.append(Finding("reports", f"{f.org}/{f.year}", where, f.message, data, REPORT_KEYS))
    return out


def requests(site: Site, today: dt.date) -> list[Finding]:
    """Register rows needing attention at `today`: `overdue` (open past its due date), `late`
    (answered after it), `finding` (each other deadline finding: a late 补正 notice, a late
    extension, an unpaid fee), `estimate` (a date outside the working-day calendar's years)."""
    out = []
    for request in sorted(site.requests, key=lambda r: (r.org, r.year, r.id)):
        d = deadline(request, today)
        base: dict[str, Any] = {
            "org": request.org,
            "due": _day(d.due),
            "replied": _day(request.replied),
            "status": d.status,
            "path": request.path,
        }
        where = f"{request.path}:{request.line}" if request.line else request.path
        name = f"{request.org}/{request.id}"
        items: list[tuple[str, str]] = []
        if d.late and request.replied is None:
            items.append(("overdue", f"{request.id}：已超过答复期限 {d.due}，仍未答复"))
        for message in d.findings:
            kind = "late" if message.startswith("答复日期") else "finding"
            items.append((kind, f"{request.id}：{message}"))
        if d.estimated:
            items.append(("estimate", f"{request.id}：{d.estimate_note}"))
        for kind, message in items:
            data = {"kind": kind, "id": request.id, **base}
            out.append(Finding("requests", name, where, message, data, REQUEST_KEYS))
    return out
