"""`portal audit newmedia`: the 政务新媒体 accounts that need attention (SPEC: Government new
media): dormant (睡眠) and unobserved accounts, more than one account of a sponsor on one platform,
closures without a notice, and events without a filing number. For the office and auditors,
never for the site."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from disclosure_portal.model.records import NewMediaAccount
from disclosure_portal.model.vocab import (
    NEWMEDIA_ACTIVE,
    NM_CANCELLED,
    NM_CHANGED,
    NM_CLOSED,
    NM_NOTICE,
    NM_OPENED,
)
from disclosure_portal.project import Site
from disclosure_portal.report.audit import Finding

SECTION = "newmedia"
UNOBSERVED_DAYS = 30  # *(judgement)*: an account in operation is looked at at least monthly
FILED_EVENTS = (NM_OPENED, NM_CHANGED, NM_CLOSED, NM_CANCELLED)  # 须向区政府办公室备案
BASE_KEYS = ("kind", "account", "org", "platform", "message")
KEYS = {
    "dormant": (*BASE_KEYS, "last_post", "observed", "days"),
    "unobserved": BASE_KEYS,
    "duplicate_platform": (*BASE_KEYS, "accounts"),
    "closed_without_notice": BASE_KEYS,
    "unfiled": BASE_KEYS,
}


def _finding(account: NewMediaAccount, kind: str, message: str, **extra: Any) -> Finding:
    where = f"{account.path}:{account.line}" if account.path and account.line else account.path
    data = {
        "kind": kind,
        "account": account.id,
        "org": account.sponsor,
        "platform": account.platform,
        **extra,
    }
    return Finding(SECTION, account.id, where, message, data, KEYS[kind])


def newmedia(site: Site, today: dt.date) -> list[Finding]:
    """The findings of `portal audit newmedia` at `today`, account by account in file order
    (the duplicates of a platform after the accounts)."""
    dormant_days = site.settings.newmedia_dormant_days
    out: list[Finding] = []
    for a in site.newmedia.accounts:
        label = f"“{a.name}”（{a.platform}）"
        if a.status == NEWMEDIA_ACTIVE:
            if a.last_post and a.observed and (a.observed - a.last_post).days > dormant_days:
                days = (a.observed - a.last_post).days
                out.append(
                    _finding(
                        a,
                        "dormant",
                        f"{label}检查日 {a.observed} 时最近更新为 {a.last_post}，已 {days} 天未更新"
                        f"（超过 {dormant_days} 天，属睡眠账号）",
                        last_post=a.last_post.isoformat(),
                        observed=a.observed.isoformat(),
                        days=days,
                    )
                )
            if a.observed is None:
                out.append(_finding(a, "unobserved", f"{label}没有检查日期，请检查其更新情况"))
            elif (today - a.observed).days > UNOBSERVED_DAYS:
                out.append(
                    _finding(
                        a,
                        "unobserved",
                        f"{label}最近一次检查是 {a.observed}，已超过 {UNOBSERVED_DAYS} 天，"
                        "请重新检查其更新情况",
                    )
                )
        for n, event in enumerate(a.events):
            if event.type in (NM_CLOSED, NM_CANCELLED) and not any(
                e.type == NM_NOTICE for e in a.events[:n]
            ):
                out.append(
                    _finding(
                        a,
                        "closed_without_notice",
                        f"{label}{event.date}{event.type}，此前没有发布关停公告",
                    )
                )
            if event.type in FILED_EVENTS and not event.filing_no:
                out.append(
                    _finding(
                        a,
                        "unfiled",
                        f"{label}{event.date}的“{event.type}”没有备案编号（filing_no），"
                        "应向区政府办公室备案",
                    )
                )
    out += _duplicates(site)
    return out


def _duplicates(site: Site) -> list[Finding]:
    """One finding per sponsor and platform with more than one account in operation."""
    groups: dict[tuple[str, str], list[NewMediaAccount]] = defaultdict(list)
    for a in site.newmedia.accounts:
        if a.status == NEWMEDIA_ACTIVE:
            groups[(a.sponsor, a.platform)].append(a)
    out = []
    for (sponsor, platform), accounts in groups.items():
        if len(accounts) < 2:
            continue
        org = site.registry.orgs.get(sponsor)
        names = "、".join(f"“{a.name}”（{a.id}）" for a in accounts)
        out.append(
            _finding(
                accounts[0],
                "duplicate_platform",
                f"{org.name if org else sponsor}在{platform}上有 {len(accounts)} 个正常运营的账号："
                f"{names}（一个单位原则上在同一平台只开设一个政务新媒体账号）",
                accounts=[a.id for a in accounts],
            )
        )
    return out
