"""`portal requests`: the 依申请公开 register rows with their reply deadlines, for the office
(never for the site): a Chinese text table by due date, or SPEC's JSON."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_portal.model.records import Request
from disclosure_portal.rules.requests import ESTIMATE_WORD, OVERDUE, Deadline, deadline


@dataclass(frozen=True, slots=True)
class Row:
    """A register row and its deadline at the report's day."""

    request: Request
    deadline: Deadline

    @property
    def overdue(self) -> bool:
        """An open row whose due date has passed."""
        return self.request.replied is None and self.deadline.status == OVERDUE

    def as_dict(self) -> dict[str, object]:
        """The row of SPEC's JSON, with exactly its keys. A date outside the calendar's years
        is said in `findings` (the result is an estimate)."""
        r, d = self.request, self.deadline
        findings = list(d.findings) + ([d.estimate_note] if d.estimated else [])
        return {
            "org": r.org,
            "path": r.path,
            "id": r.id,
            "applicant": r.applicant,
            "channel": r.channel,
            "received": d.received.isoformat(),
            "start": d.start.isoformat(),
            "limit": d.limit,
            "due": d.due.isoformat() if d.due else None,
            "replied": r.replied.isoformat() if r.replied else None,
            "result": r.result or None,
            "status": d.status,
            "late": d.late,
            "workdays_left": d.workdays_left,
            "findings": findings,
        }


def select(
    requests: Iterable[Request],
    today: dt.date,
    *,
    org: str | None = None,
    year: int | None = None,
    open_only: bool = False,
) -> list[Row]:
    """The rows asked for, with their deadlines at `today`, by due date (rows without one last)."""
    rows = [
        Row(r, deadline(r, today))
        for r in requests
        if (org is None or r.org == org)
        and (year is None or r.year == year)
        and not (open_only and r.replied is not None)
    ]
    far = dt.date.max
    rows.sort(
        key=lambda x: (x.deadline.due or far, x.deadline.received, x.request.org, x.request.id)
    )
    return rows


def as_json(rows: list[Row], today: dt.date) -> dict[str, object]:
    """SPEC's `{"today", "requests"}`."""
    return {"today": today.isoformat(), "requests": [row.as_dict() for row in rows]}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


HEADERS = (
    "机构",
    "登记编号",
    "收到申请",
    "起算日",
    "期限",
    "到期日",
    "答复日期",
    "状态",
    "剩余工作日",
)


def render_text(rows: list[Row], today: dt.date) -> str:
    """The Chinese table of `portal requests`, then the findings and the estimate notes."""
    lines = [
        f"依申请公开办理期限（{today}；工作日按国家法定节假日和调休计算；仅供工作机构使用，不发布）"
    ]
    if not rows:
        return lines[0] + "\n没有符合条件的登记。\n"
    table = [HEADERS]
    for row in rows:
        r, d = row.request, row.deadline
        due = str(d.due) if d.due else "—"
        if d.estimated and d.due:
            due += f"（{ESTIMATE_WORD}）"
        left = "—" if d.workdays_left is None else str(d.workdays_left)
        status = d.status + ("（逾期答复）" if d.late and r.replied else "")
        table.append(
            (
                r.org,
                r.id,
                str(d.received),
                str(d.start),
                f"{d.limit} 个工作日",
                due,
                str(r.replied) if r.replied else "—",
                status,
                left,
            )
        )
    widths = [max(_width(line[i]) for line in table) for i in range(len(HEADERS))]
    for line in table:
        lines.append(
            "  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip()
        )
    notes = []
    for row in rows:
        for finding in row.deadline.findings:
            notes.append(f"  {row.request.path}:{row.request.id}: {finding}")
        if row.deadline.estimated:
            notes.append(f"  {row.request.path}:{row.request.id}: {row.deadline.estimate_note}")
    if notes:
        lines += ["", "发现：", *notes]
    open_rows = [row for row in rows if row.request.replied is None]
    overdue = sum(row.overdue for row in rows)
    lines += [
        "",
        f"共 {len(rows)} 条：未办结 {len(open_rows)} 条，其中已逾期 {overdue} 条；"
        f"已办结 {len(rows) - len(open_rows)} 条，其中逾期答复 "
        f"{sum(1 for row in rows if row.request.replied and row.deadline.late)} 条。",
    ]
    return "\n".join(lines) + "\n"
