"""Chinese working days: statutory holidays and adjusted working days (调休), from chinesecalendar.

Outside the years the calendar knows, Monday to Friday count as working days and the caller is
told so, so that a message can say the result is an estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """A count of working days, with the years it had to estimate (weekdays only)."""

    days: int
    unknown_years: tuple[int, ...]  # years outside the calendar; weekdays were counted there

    @property
    def note(self) -> str:
        """A parenthesised Chinese remark naming the estimated years, or "" when none were."""
        if not self.unknown_years:
            return ""
        years = "、".join(str(y) for y in self.unknown_years)
        return (
            f"（工作日历 chinesecalendar 不含 {years} 年的法定节假日和调休安排，"
            "该年按周一至周五估算）"
        )


def is_workday(day: dt.date) -> tuple[bool, bool]:
    """(is a working day, the calendar knows the year)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def workdays_after(start: dt.date, end: dt.date) -> WorkdayCount:
    """Working days in (start, end]: 0 when `end` is on or before `start`."""
    count, unknown = 0, set()
    day = start + dt.timedelta(days=1)
    while day <= end:
        working, known = is_workday(day)
        count += working
        if not known:
            unknown.add(day.year)
        day += dt.timedelta(days=1)
    return WorkdayCount(count, tuple(sorted(unknown)))
