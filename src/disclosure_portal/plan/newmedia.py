"""The 政务新媒体 page (newmedia/, SPEC: Government new media) described as data, and its
template data.

The page shows the accounts in status 正常 by sponsor (name, platform, account, link), then the
closed and cancelled ones with their 关停公告, 关停 and 注销 dates; nothing else of the registry:
no observation dates, filing numbers, notes or audit findings (*judgement*: those are the
office's records). `newmedia_view` is the one place that picks what the page prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from disclosure_portal.model.records import NewMediaAccount, Org
from disclosure_portal.model.vocab import NEWMEDIA_ACTIVE, NM_CANCELLED, NM_CLOSED, NM_NOTICE
from disclosure_portal.plan.reserved import NEWMEDIA_DIR, NEWMEDIA_TITLE
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.read.newmedia import NewMedia

NEWMEDIA_PAGE = f"{NEWMEDIA_DIR}/index.md"


def newmedia_pages(newmedia: NewMedia) -> list[PageSpec]:
    """The 政务新媒体 page, when the project has catalogs/newmedia.yml (else none)."""
    if not newmedia.present:
        return []
    return [
        PageSpec(
            src_uri=NEWMEDIA_PAGE,
            title=NEWMEDIA_TITLE,
            template="newmedia.html",
            kind="newmedia",
            heading=NEWMEDIA_TITLE,
            rows=tuple(newmedia.accounts),
        )
    ]


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def newmedia_view(spec: PageSpec, orgs: Mapping[str, Org]) -> dict[str, Any]:
    """Template data of the 政务新媒体 page: the public fields of each account only."""
    accounts: list[NewMediaAccount] = list(spec.rows)
    order = {org_id: n for n, org_id in enumerate(orgs)}

    def org_name(org_id: str) -> str:
        org = orgs.get(org_id)
        return org.name if org else org_id

    active = [a for a in accounts if a.status == NEWMEDIA_ACTIVE]
    groups = []
    for sponsor in sorted({a.sponsor for a in active}, key=lambda s: (order.get(s, len(order)), s)):
        groups.append(
            {
                "org": org_name(sponsor),
                "accounts": [
                    {"name": a.name, "platform": a.platform, "account": a.account, "url": a.url}
                    for a in active
                    if a.sponsor == sponsor
                ],
            }
        )
    ended = [a for a in accounts if a.status != NEWMEDIA_ACTIVE]

    def ended_on(a: NewMediaAccount) -> dt.date:
        return a.last(NM_CANCELLED) or a.last(NM_CLOSED) or dt.date.min

    closed = [
        {
            "name": a.name,
            "platform": a.platform,
            "org": org_name(a.sponsor),
            "status": a.status,
            "notice": _day(a.last(NM_NOTICE)),
            "closed": _day(a.last(NM_CLOSED)),
            "cancelled": _day(a.last(NM_CANCELLED)),
        }
        for a in sorted(ended, key=lambda a: (-ended_on(a).toordinal(), a.name))
    ]
    return {"kind": "newmedia", "groups": groups, "closed": closed, "total": len(active)}
