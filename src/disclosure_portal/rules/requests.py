"""依申请公开: the rules of a register row and the reply deadline (条例 Art. 30-33; 109号).

`check_request` and `check_unique_ids` report what SPEC calls validation errors; `deadline`
computes, for one row and a day, the reply deadline in working days, the row's status and the
findings (pure: no files, no clock).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Request
from disclosure_portal.model.vocab import (
    CONFIRMED_CHANNELS,
    CONSULTATION_ASKED,
    CORRECTION_NOTICE,
    CORRECTION_RECEIVED,
    EXTENSION,
    FEE_NOTICE,
    FEE_PAID,
    OPINION_RECEIVED,
)
from disclosure_portal.rules.privacy import scan_text
from disclosure_portal.rules.workdays import is_workday, workdays_after

REPLY_LIMIT = 20  # working days (条例 Art. 33 ¶1)
MAX_EXTENSION = 20  # working days, all 延期 of a row together
CORRECTION_NOTICE_LIMIT = 7  # working days after receipt (条例 Art. 30)
PARTY_PERIOD = 15  # working days the third party or other organ has (条例 Art. 32, 34)
FEE_PERIOD = 20  # working days to pay after a fee notice (109号)

DONE = "已办结"
WAITING_CORRECTION = "等待补正"
WAITING_FEE = "等待缴费"
CONSULTING = "征求意见中"
OVERDUE = "已逾期"
IN_PROGRESS = "办理中"

ESTIMATE_WORD = "估算"


# ---------------------------------------------------------------------------------------------
# validation


def check_request(
    request: Request, lines: dict[str, int], line_prefix: str, problems: Collector, today: dt.date
) -> None:
    """The rules of one row that need more than one key; `lines` and `line_prefix` ([3].) locate
    its keys in the file, `today` is the build date."""
    name = request.id

    def error(key: str, message: str) -> None:
        line = lines.get(f"{line_prefix}{key}", request.line)
        problems.error(request.path, f"{name}.{key}", message, line)

    received_key = "confirmed" if request.channel in CONFIRMED_CHANNELS else "arrived"
    received = request.received
    if request.confirmed is not None and request.confirmed < request.arrived:
        error("confirmed", f"确认日期 {request.confirmed} 早于收件日期 {request.arrived}")
    if (received_key == "arrived" or request.confirmed is not None) and (
        received.year != request.year
    ):
        error(
            received_key,
            f"收到申请之日 {received} 不在 {request.year} 年：本条登记应写在 {received.year} 年的"
            f"登记文件中（登记按收到申请之日的年份分文件）",
        )
    if request.replied is not None and request.replied < received:
        error("replied", f"答复日期 {request.replied} 早于收到申请之日 {received}")
    if request.archived is not None:
        if request.replied is None:
            error("archived", "没有答复日期，不能有归档日期")
        elif request.archived < request.replied:
            error("archived", f"归档日期 {request.archived} 早于答复日期 {request.replied}")
    for key in ("arrived", "confirmed", "replied", "archived"):
        value = getattr(request, key)
        if value is not None and value > today:
            error(key, f"日期 {value} 晚于构建日期 {today}：登记记录已经发生的事")
    previous = None
    for j, event in enumerate(request.events):
        if event.date > today:
            error(
                f"events[{j}].date", f"日期 {event.date} 晚于构建日期 {today}：登记记录已经发生的事"
            )
        if event.date < request.arrived:
            error(
                "events",
                f"第 {j + 1} 项“{event.type}”的日期 {event.date} 早于收件日期 {request.arrived}",
            )
        if request.replied is not None and event.date > request.replied:
            error(
                "events",
                f"第 {j + 1} 项“{event.type}”的日期 {event.date} 晚于答复日期 {request.replied}",
            )
        if previous is not None and event.date < previous:
            error(
                "events", f"办理过程应按日期先后排列：第 {j + 1} 项的日期 {event.date} 早于上一项"
            )
        previous = event.date
    extension = sum(e.days for e in request.events if e.type == EXTENSION)
    if extension > MAX_EXTENSION:
        error(
            "events",
            f"延期合计 {extension} 个工作日，超过《政府信息公开条例》第三十三条允许的 "
            f"{MAX_EXTENSION} 个工作日",
        )
    texts = [("summary", request.summary), ("note", request.note)]
    texts += [(f"events[{j}].note", e.note) for j, e in enumerate(request.events)]
    for key, text in texts:
        for finding in scan_text(text) if text else ():
            error(
                key,
                f"含有个人信息：{finding.kind}“{finding.masked}”。登记只记申请人类别，姓名、证件号、"
                "电话等留在办理案卷中，不写进 git",
            )


def check_unique_ids(requests: list[Request], problems: Collector) -> None:
    """A row id is unique among all register files of an organisation: a repeated one is an
    error on every row carrying it."""
    holders: dict[tuple[str, str], list[Request]] = defaultdict(list)
    for request in requests:
        holders[(request.org, request.id)].append(request)
    for (_, value), rows in holders.items():
        if len(rows) < 2:
            continue
        places = "、".join(f"{r.path}（第 {r.line} 行）" if r.line else r.path for r in rows)
        for row in rows:
            problems.error(
                row.path,
                f"{row.id}.id",
                f"登记编号“{value}”不唯一，以下登记都使用了它：{places}",
                row.line,
            )


# ---------------------------------------------------------------------------------------------
# the reply deadline


@dataclass(frozen=True, slots=True)
class Deadline:
    """The reply deadline of one row at one day, and what it means (SPEC: portal requests)."""

    received: dt.date
    start: dt.date
    limit: int  # working days: 20 + extensions
    due: dt.date | None  # None while waiting for 补正 or payment
    status: str
    late: bool
    workdays_left: int | None
    findings: tuple[str, ...]
    unknown_years: tuple[int, ...] = ()  # years outside the calendar's data: weekdays counted

    @property
    def estimated(self) -> bool:
        """Whether a date fell in a year chinesecalendar does not know (the result is an estimate)."""
        return bool(self.unknown_years)

    @property
    def estimate_note(self) -> str:
        """A Chinese sentence naming the estimated years, or ""."""
        if not self.unknown_years:
            return ""
        years = "、".join(str(y) for y in self.unknown_years)
        return (
            f"{ESTIMATE_WORD}：工作日历 chinesecalendar 不含 {years} 年的法定节假日和调休安排，"
            "该年按周一至周五计算"
        )


class _Calendar:
    """Working-day arithmetic that remembers the years it had to estimate."""

    def __init__(self) -> None:
        self.unknown: set[int] = set()

    def workday(self, day: dt.date) -> bool:
        working, known = is_workday(day)
        if not known:
            self.unknown.add(day.year)
        return working

    def nth_after(self, start: dt.date, n: int, skip: frozenset[dt.date] = frozenset()) -> dt.date:
        """The day on which the working days in (start, day], less those in `skip`, reach n."""
        day, count = start, 0
        while count < n:
            day += dt.timedelta(days=1)
            if day not in skip and self.workday(day):
                count += 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]."""
        counted = workdays_after(start, end)
        self.unknown.update(counted.unknown_years)
        return counted.days


def _first_on_or_after(request: Request, kind: str, day: dt.date, after: int) -> dt.date | None:
    for event in request.events[after + 1 :]:
        if event.type == kind and event.date >= day:
            return event.date
    return None


def deadline(request: Request, today: dt.date) -> Deadline:
    """The reply deadline of `request` and its status at `today` (条例 Art. 30-33, 109号)."""
    cal = _Calendar()
    received = request.received
    events = request.events
    corrections = [j for j, e in enumerate(events) if e.type == CORRECTION_RECEIVED]
    start = events[corrections[-1]].date if corrections else received
    limit = REPLY_LIMIT + sum(e.days for e in events if e.type == EXTENSION)
    waiting_correction = any(
        e.type == CORRECTION_NOTICE
        and not any(x.type == CORRECTION_RECEIVED for x in events[j + 1 :])
        for j, e in enumerate(events)
    )
    waiting_fee = False
    skip: set[dt.date] = set()
    consulting = False
    for j, event in enumerate(events):
        if event.type == CONSULTATION_ASKED:
            end = _first_on_or_after(request, OPINION_RECEIVED, event.date, j)
            if end is None:
                end = cal.nth_after(event.date, PARTY_PERIOD)
            skip.update(_workdays(cal, event.date, end))
            if event.date < today <= end:
                consulting = True
        elif event.type == FEE_NOTICE:
            end = _first_on_or_after(request, FEE_PAID, event.date, j)
            if end is None:
                waiting_fee = True
            else:
                skip.update(_workdays(cal, event.date, end))
    pauses = frozenset(skip)
    due = None
    if not waiting_correction and not waiting_fee:
        due = cal.nth_after(start, limit, pauses)
    replied = request.replied
    if replied is not None:
        status = DONE
    elif waiting_correction:
        status = WAITING_CORRECTION
    elif waiting_fee:
        status = WAITING_FEE
    elif consulting:
        status = CONSULTING
    elif due is not None and today > due:
        status = OVERDUE
    else:
        status = IN_PROGRESS
    late = due is not None and ((replied or today) > due)
    workdays_left = None
    if replied is None and due is not None:
        workdays_left = cal.between(today, due) if today <= due else -cal.between(due, today)
    findings = _findings(request, cal, received, start, pauses, due, today)
    return Deadline(
        received=received,
        start=start,
        limit=limit,
        due=due,
        status=status,
        late=late,
        workdays_left=workdays_left,
        findings=tuple(findings),
        unknown_years=tuple(sorted(cal.unknown)),
    )


def _workdays(cal: _Calendar, start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days in (start, end]."""
    days, day = [], start
    while day < end:
        day += dt.timedelta(days=1)
        if cal.workday(day):
            days.append(day)
    return days


def _findings(
    request: Request,
    cal: _Calendar,
    received: dt.date,
    start: dt.date,
    pauses: frozenset[dt.date],
    due: dt.date | None,
    today: dt.date,
) -> list[str]:
    findings = []
    events = request.events
    notices = [e for e in events if e.type == CORRECTION_NOTICE]
    if notices:
        by = cal.nth_after(received, CORRECTION_NOTICE_LIMIT)
        if notices[0].date > by:
            findings.append(
                f"补正通知 {notices[0].date} 晚于收到申请后第 {CORRECTION_NOTICE_LIMIT} 个工作日（{by}）"
                "（条例第三十条：应当一次性告知）"
            )
        if len(notices) > 1:
            findings.append(
                f"补正通知发出 {len(notices)} 次（条例第三十条：应当一次性告知需要补正的事项）"
            )
    extensions = [e for e in events if e.type == EXTENSION]
    if extensions and due is not None:
        unextended = cal.nth_after(start, REPLY_LIMIT, pauses)
        for event in extensions:
            if event.date > unextended:
                findings.append(
                    f"延期 {event.date} 晚于未延期的答复期限 {unextended}（条例第三十三条：延期应在期限内告知）"
                )
    if request.replied is not None and due is not None and request.replied > due:
        findings.append(f"答复日期 {request.replied} 晚于答复期限 {due}")
    for j, event in enumerate(events):
        if event.type != FEE_NOTICE:
            continue
        paid = _first_on_or_after(request, FEE_PAID, event.date, j)
        end = paid or request.replied or today
        if paid is None or paid > event.date:
            counted = cal.between(event.date, end)
            if counted > FEE_PERIOD:
                what = f"{paid} 才缴费" if paid else "仍未缴费"
                findings.append(
                    f"收费通知 {event.date} 后超过 {FEE_PERIOD} 个工作日{what}"
                    "（109号：逾期未缴纳的视为放弃申请）"
                )
    return findings
