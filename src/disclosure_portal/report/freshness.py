"""`portal audit freshness`: the update rules of 检查指标 (国办秘函〔2019〕19号) applied to the
public site: the home page's newest item (2 weeks: 单项否决), the columns' newest items (动态 2
weeks, 通知公告 and 政策文件 6 months), blank columns, and the veto they add up to. For the office
and auditors, never for the site."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import NEWS, NOTICE, PAGE, POLICY, TYPE_SLUGS
from disclosure_portal.plan.platform import empty_columns
from disclosure_portal.project import Site
from disclosure_portal.report.audit import Finding

HOME_DAYS = 14  # 首页栏目信息更新: 2 周未更新 is 单项否决
VETO_COLUMNS = 5  # 5 or more stale columns, or 5 or more blank columns: 单项否决


@dataclass(frozen=True, slots=True)
class Limit:
    """How old a column's newest item may be: days, or months (the same day N months before)."""

    days: int = 0
    months: int = 0

    @property
    def text(self) -> str:
        """The limit in words: 14 日, 6 个月."""
        return f"{self.days} 日" if self.days else f"{self.months} 个月"

    def cutoff(self, today: dt.date) -> dt.date:
        """The oldest date a newest item may have at `today`."""
        if self.days:
            return today - dt.timedelta(days=self.days)
        month = today.month - self.months
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(today.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)


# 检查指标: 动态、要闻类栏目 2 周; 通知公告、政策文件类栏目 6 个月
LIMITS: dict[str, Limit] = {NEWS: Limit(days=14), NOTICE: Limit(months=6), POLICY: Limit(months=6)}


def _newest(docs: list[Document]) -> dt.date | None:
    return max((d.published for d in docs if d.published), default=None)


def _finding(kind: str, name: str, message: str, **data: Any) -> Finding:
    return Finding(
        "freshness", name, "", message, {"kind": kind, **data}, ("kind", *data, "message")
    )


def freshness(site: Site, today: dt.date) -> list[Finding]:
    """The findings of SPEC's freshness audit at `today`."""
    docs = [d for d in site.public.documents if d.type != PAGE]
    out: list[Finding] = []
    newest = _newest(docs)
    home_stale = newest is None or (today - newest).days > HOME_DAYS
    if home_stale:
        days = (today - newest).days if newest else None
        out.append(
            _finding(
                "home_stale",
                "home",
                f"首页最新信息发布于 {newest}，距今 {days} 日，超过 {HOME_DAYS} 日（检查指标：首页栏目信息2周未更新，单项否决）"
                if newest
                else "网站没有任何主动公开的信息（检查指标：首页栏目信息2周未更新，单项否决）",
                newest=newest.isoformat() if newest else None,
                days=days,
            )
        )
    stale = 0
    for doc_type, limit in LIMITS.items():
        of_type = [d for d in docs if d.type == doc_type]
        if not of_type:
            continue  # the site has no such listing
        columns: list[tuple[str, str | None, list[Document]]] = [
            (f"{TYPE_SLUGS[doc_type]}/", None, of_type)
        ]
        by_org: dict[str, list[Document]] = {}
        for d in of_type:
            by_org.setdefault(d.org, []).append(d)
        columns += [(f"{org}:{doc_type}", org, members) for org, members in sorted(by_org.items())]
        for column, org, members in columns:
            last = _newest(members)
            if last is not None and last >= limit.cutoff(today):
                continue
            stale += 1
            name = site.registry.orgs[org].name if org and org in site.registry.orgs else "全站"
            out.append(
                _finding(
                    "column_stale",
                    column,
                    f"{name}的“{doc_type}”栏目最新信息发布于 {last or '（无）'}，超过 {limit.text}未更新"
                    "（检查指标：栏目更新不及时）",
                    column=column,
                    org=org,
                    type=doc_type,
                    newest=last.isoformat() if last else None,
                    limit=limit.text,
                )
            )
    by_org_docs: dict[str, list[Document]] = {}
    for d in docs:
        by_org_docs.setdefault(d.org, []).append(d)
    blank = [
        {"org": org.id, "column": title}
        for org in site.registry.orgs.values()
        for title in empty_columns(org, by_org_docs.get(org.id, []), site.registry)
    ]
    if blank:
        out.append(
            _finding(
                "blank_columns",
                "columns",
                f"{len(blank)} 个空白栏目："
                + "、".join(f"{b['org']}“{b['column']}”" for b in blank),
                columns=blank,
                count=len(blank),
            )
        )
    reasons = []
    if home_stale:
        reasons.append("首页栏目信息2周未更新")
    if stale >= VETO_COLUMNS:
        reasons.append(f"{stale} 个栏目更新不及时（5 个及以上）")
    if len(blank) >= VETO_COLUMNS:
        reasons.append(f"{len(blank)} 个空白栏目（5 个及以上）")
    if reasons:
        out.append(
            _finding(
                "veto",
                "veto",
                "按检查指标属于单项否决：" + "；".join(reasons),
                reasons=reasons,
            )
        )
    return out
