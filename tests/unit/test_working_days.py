"""Working days under the Chinese calendar: holidays and adjusted working days."""

from __future__ import annotations

import datetime as dt

from disclosure_portal.rules.workdays import workdays_after


def test_workdays_after():
    assert workdays_after(dt.date(2025, 9, 30), dt.date(2025, 10, 9)).days == 1
    assert (
        workdays_after(dt.date(2025, 9, 26), dt.date(2025, 9, 28)).days == 1
    )  # Sunday 09-28 is a working day
    assert (
        workdays_after(dt.date(2025, 10, 9), dt.date(2025, 10, 11)).days == 2
    )  # Saturday 10-11 too
    assert workdays_after(dt.date(2025, 10, 9), dt.date(2025, 10, 9)).days == 0
    assert workdays_after(dt.date(2035, 1, 4), dt.date(2035, 1, 8)).unknown_years == (2035,)


def test_national_day_week_2025_counts_no_working_day():
    # 2025-10-01 to 10-08 are holidays; 09-28 (Sunday) and 10-11 (Saturday) are working days
    assert workdays_after(dt.date(2025, 9, 30), dt.date(2025, 10, 8)).days == 0


def test_a_plain_week_counts_five_working_days():
    count = workdays_after(dt.date(2025, 3, 2), dt.date(2025, 3, 9))  # Sunday to Sunday
    assert (count.days, count.unknown_years, count.note) == (5, (), "")


def test_spring_festival_2025():
    # 2025-01-28 to 02-04 are holidays; 01-26 (Sunday) and 02-08 (Saturday) are working days
    assert workdays_after(dt.date(2025, 1, 27), dt.date(2025, 2, 4)).days == 0
    assert workdays_after(dt.date(2025, 2, 7), dt.date(2025, 2, 8)).days == 1


def test_end_before_start_is_zero():
    assert workdays_after(dt.date(2025, 3, 10), dt.date(2025, 3, 1)).days == 0


def test_years_outside_the_calendar_count_weekdays_and_say_so():
    count = workdays_after(dt.date(2035, 1, 5), dt.date(2035, 1, 12))  # Friday to Friday
    assert count.days == 5 and count.unknown_years == (2035,)
    assert "2035" in count.note and "chinesecalendar" in count.note
