"""`portal audit participation`: consultations (征求意见) shortened below their kind's minimum
(with a stated reason), closed more than 30 days ago without public feedback, or without a kind.
For the office and auditors, never for the site."""

from __future__ import annotations

import datetime as dt
from typing import Any

from disclosure_portal.model.records import Document
from disclosure_portal.project import Site
from disclosure_portal.report.audit import Finding
from disclosure_portal.rules.participation import DAYS, MINIMA, kind_of, period, shortened

KEYS = ("kind", "path", "org", "consultation_kind", "opens", "closes", "days", "message")
FEEDBACK_DAYS = 30  # judgement: 713号 Art. 32 asks for 采纳情况 with the decision, no deadline


def _finding(doc: Document, kind: str, message: str) -> Finding:
    c = doc.consultation
    assert c is not None
    p, minimum = period(c), MINIMA.get(kind_of(c))
    unit = minimum.unit if minimum else DAYS
    data: dict[str, Any] = {
        "kind": kind,
        "path": doc.path,
        "org": doc.org,
        "consultation_kind": kind_of(c),
        "opens": c.opens.isoformat() if c.opens else None,
        "closes": c.closes.isoformat() if c.closes else None,
        "days": p.length(unit) if p else None,  # in the kind's unit (日 or 个工作日)
    }
    return Finding("participation", doc.id, doc.path, message, data, KEYS)


def participation(site: Site, today: dt.date) -> list[Finding]:
    """The findings on public consultations at `today`, by path."""
    out = []
    for doc in sorted(site.public.documents, key=lambda d: d.path):
        c = doc.consultation
        if c is None:
            continue
        if not c.kind:
            out.append(_finding(doc, "no_kind", "没有写明征求意见类型，无法核对最短期限"))
        if (short := shortened(c)) is not None:
            p, minimum = short
            out.append(
                _finding(
                    doc,
                    "shortened",
                    f"征求意见期限 {p.length(minimum.unit)} {minimum.unit}，短于“{kind_of(c)}”的"
                    f"最短期限 {minimum.text}（{minimum.source}），理由：{c.reason}",
                )
            )
        answered = site.public.resolve(c.feedback) if c.feedback else None
        if c.closes and answered is None and (today - c.closes).days > FEEDBACK_DAYS:
            out.append(
                _finding(
                    doc,
                    "no_feedback",
                    f"征求意见已于 {c.closes} 截止，超过 {FEEDBACK_DAYS} 日仍未公开意见采纳情况",
                )
            )
    return out
