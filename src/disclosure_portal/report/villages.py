"""`portal audit villages`: the periods of the 村（居）务公开目录 that each committee has not
published by a date (SPEC: Village affairs, Missing periods). For the office, the townships and
auditors, never for the site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from disclosure_portal.project import Site
from disclosure_portal.report.audit import Finding
from disclosure_portal.rules.villages import CADENCE_WORDS, approved, missing_periods

VILLAGE_KEYS = ("kind", "org", "item", "name", "cadence", "year", "missing", "message")
MISSING = "missing"


def villages(site: Site, today: dt.date) -> list[Finding]:
    """One finding per committee, item and year with at least one period due by `today`: the
    periods missing (`missing` empty when none is). The message names the committee's township
    (乡镇 and 街道 see their committees' gaps: 村民委员会组织法 Art. 31)."""
    orgs = site.registry.orgs
    catalogs = approved(site.registry.villages)
    out = []
    for gap in missing_periods(orgs.values(), site.registry.villages, site.public.documents, today):
        org, item = gap.org, gap.item
        parent = orgs.get(org.parent) if org.parent else None
        who = f"{org.name}（{org.id}" + (f"，隶属{parent.name}" if parent else "") + "）"
        what = f"{gap.year} 年“{item.name}”（{item.id}，{CADENCE_WORDS.get(item.cadence, '')}公开）"
        if gap.missing:
            periods = "、".join(p.text for p in gap.missing)
            message = (
                f"{who}{what}：截至 {today.isoformat()} 已到公布期限的 {len(gap.due)} 期中"
                f"缺 {len(gap.missing)} 期：{periods}（每期最迟于期满后次月月底前公布）"
            )
        else:
            message = (
                f"{who}{what}：截至 {today.isoformat()} 已到公布期限的 {len(gap.due)} 期均已公布"
            )
        data: dict[str, Any] = {
            "kind": MISSING,
            "org": org.id,
            "item": item.id,
            "name": item.name,
            "cadence": item.cadence,
            "year": gap.year,
            "missing": [p.text for p in gap.missing],
        }
        path = catalogs[gap.year].path
        out.append(
            Finding("villages", f"{org.id}/{item.id}/{gap.year}", path, message, data, VILLAGE_KEYS)
        )
    return out


def has_gaps(finding: Finding) -> bool:
    """Whether a finding of this section reports a missing period (for --fail-on-findings)."""
    return finding.section != "villages" or bool(finding.data.get("missing"))
