"""Publication over time (SPEC): scheduled publication, change notes, withdrawal — the rules that
need the build date."""

from __future__ import annotations

import datetime as dt

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import PROACTIVE


def schedule(doc: Document, today: dt.date) -> None:
    """Mark a 主动公开 document dated after the build date as scheduled (定时发布): it is withheld
    exactly like a non-public one until a build on or after that date."""
    doc.scheduled = (
        not doc.parse_failed
        and doc.attribute == PROACTIVE
        and doc.published is not None
        and doc.published > today
    )


def check_over_time(documents: list[Document], today: dt.date, problems: Collector) -> None:
    """Change-note dates between `published` and the build date; `withdrawn` only on a document
    that is not 主动公开."""
    for doc in documents:
        if doc.parse_failed:
            continue
        for i, change in enumerate(doc.changes):
            key = f"changes[{i}].date"
            line = doc.line(key) or doc.line("changes")
            if change.date and doc.published and change.date < doc.published:
                problems.error(
                    doc.path, key, f"修订日期 {change.date} 早于发布日期 {doc.published}", line
                )
            if change.date and change.date > today:
                problems.error(
                    doc.path,
                    key,
                    f"修订日期 {change.date} 晚于构建日期 {today}：修订记录只记已发生的修订",
                    line,
                )
        if doc.withdrawn is not None and doc.attribute == PROACTIVE:
            problems.error(
                doc.path,
                "withdrawn",
                "本文件仍是主动公开的，不能写 withdrawn（撤回）：撤回时请同时把 attribute 改为依申请公开"
                "或不予公开并写明 attribute_basis",
                doc.line("withdrawn"),
            )
