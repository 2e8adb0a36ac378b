"""The reply deadline of an application (条例 Art. 30-33, 109号) on in-memory records."""

from __future__ import annotations

import datetime as dt

from disclosure_portal.model.records import Request, RequestEvent
from disclosure_portal.report.requests import Row, as_json, render_text, select
from disclosure_portal.rules.requests import deadline

D = dt.date.fromisoformat


def request(arrived: str, *events: tuple, replied: str | None = None, **extra) -> Request:
    return Request(
        org="mzj",
        year=D(arrived).year,
        path=f"catalogs/requests/mzj/{D(arrived).year}.yml",
        id=extra.pop("id", "MZ-1"),
        applicant="自然人",
        channel=extra.pop("channel", "当面"),
        arrived=D(arrived),
        events=tuple(
            RequestEvent(type=t, date=D(d), **(kw[0] if kw else {})) for t, d, *kw in events
        ),
        result="予以公开" if replied else "",
        replied=D(replied) if replied else None,
        **extra,
    )


def test_plain_20_working_days():
    # 2025-03-10 (Monday) + 20 working days = 2025-04-08 (清明 2025-04-04 is a holiday)
    d = deadline(request("2025-03-10", replied="2025-03-24"), D("2025-12-31"))
    assert (d.start, d.limit, d.due) == (D("2025-03-10"), 20, D("2025-04-08"))
    assert d.status == "已办结" and not d.late and d.workdays_left is None and d.findings == ()
    assert not d.estimated


def test_due_across_national_day_2025():
    # 国庆 2025-10-01..08 are holidays; 2025-09-28 (Sun) and 2025-10-11 (Sat) are working days
    d = deadline(request("2025-09-26"), D("2025-09-26"))
    # (09-26, ...]: 09-28, 09-29, 09-30 (3), 10-09, 10-10, 10-11 (6), 10-13..17 (11),
    # 10-20..24 (16), 10-27..30 (20)
    assert d.due == D("2025-10-30")
    assert d.status == "办理中" and d.workdays_left == 20


def test_a_received_holiday_and_a_due_date_that_is_a_working_day():
    # received on 2025-10-01 (a holiday): counting starts the next working day 10-09;
    # 10-09..11 (3), 10-13..17 (8), 10-20..24 (13), 10-27..31 (18), 11-03 (19), 11-04 (20)
    d = deadline(request("2025-10-01"), D("2025-10-01"))
    assert d.due == D("2025-11-04")


def test_due_across_spring_festival_2026():
    # 春节 2026: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) are working days
    d = deadline(request("2026-02-10"), D("2026-02-10"))
    # 02-11..13 (3), 02-14 (4), 02-24..27 (8), 02-28 (9), 03-02..06 (14), 03-09..13 (19), 03-16 (20)
    assert d.due == D("2026-03-16")


def test_correction_restarts_the_period():
    r = request("2025-06-09", ("补正通知", "2025-06-12"), ("补正收到", "2025-06-20"))
    d = deadline(r, D("2025-06-30"))
    assert d.start == D("2025-06-20") and d.due == D("2025-07-18") and d.findings == ()
    waiting = deadline(request("2025-06-09", ("补正通知", "2025-06-12")), D("2025-06-30"))
    assert waiting.due is None and waiting.status == "等待补正" and not waiting.late
    assert waiting.workdays_left is None


def test_late_or_second_correction_notice_is_a_finding():
    r = request("2026-04-13", ("补正通知", "2026-04-27"), ("补正收到", "2026-05-08"))
    (finding,) = deadline(r, D("2026-05-10")).findings
    assert "第 7 个工作日" in finding and "2026-04-22" in finding
    r = request(
        "2026-04-13",
        ("补正通知", "2026-04-14"),
        ("补正收到", "2026-04-15"),
        ("补正通知", "2026-04-16"),
        ("补正收到", "2026-04-17"),
    )
    d = deadline(r, D("2026-04-20"))
    assert any("2 次" in f for f in d.findings) and d.start == D("2026-04-17")


def test_consultation_days_are_not_counted():
    # opinion asked 2025-03-12, received 2025-03-19: 5 working days (03-13..14, 17..19) paused
    r = request(
        "2025-03-10",
        ("征求意见", "2025-03-12", {"party": "第三方"}),
        ("收到意见", "2025-03-19"),
    )
    assert deadline(r, D("2025-03-20")).due == D("2025-04-15")
    assert deadline(r, D("2025-03-14")).status == "征求意见中"
    assert deadline(r, D("2025-03-20")).status == "办理中"


def test_consultation_without_an_answer_pauses_15_working_days():
    r = request("2025-03-10", ("征求意见", "2025-03-12", {"party": "其他机关"}))
    # 15 working days after 03-12 = 04-02: those 15 days are not counted; then 04-03 (3),
    # 清明 04-04 off, 04-07..25 (18), 04-27 (a Sunday worked before 五一) (19), 04-28 (20)
    d = deadline(r, D("2025-04-01"))
    assert d.status == "征求意见中"
    assert d.due == D("2025-04-28")
    assert deadline(r, D("2025-04-03")).status == "办理中"


def test_extensions_raise_the_limit_and_a_late_one_is_a_finding():
    r = request("2025-03-10", ("延期", "2025-04-01", {"days": 10}))
    d = deadline(r, D("2025-04-02"))
    assert d.limit == 30 and d.due == D("2025-04-22") and d.findings == ()
    late = request("2025-03-10", ("延期", "2025-04-09", {"days": 10}), replied="2025-04-20")
    d = deadline(late, D("2025-04-30"))
    assert any("未延期的答复期限 2025-04-08" in f for f in d.findings)


def test_fee_notice_pauses_until_payment_and_waits_without_it():
    r = request(
        "2025-11-03",
        ("收费通知", "2025-11-10", {"amount": "150"}),
        ("缴费", "2025-11-19"),
    )
    # 7 working days (11-11..14, 17..19) not counted: 2025-12-01 + 7 = 2025-12-10
    assert deadline(r, D("2025-11-20")).due == D("2025-12-10")
    unpaid = request("2025-11-03", ("收费通知", "2025-11-10", {"amount": "150"}))
    d = deadline(unpaid, D("2025-11-20"))
    assert d.due is None and d.status == "等待缴费" and d.findings == ()
    d = deadline(unpaid, D("2025-12-31"))
    assert any("超过 20 个工作日仍未缴费" in f for f in d.findings)


def test_overdue_open_row_and_late_reply():
    r = request("2026-10-19")
    d = deadline(r, D("2026-11-30"))
    assert d.due == D("2026-11-16") and d.status == "已逾期" and d.late
    assert d.workdays_left == -10
    late = deadline(request("2026-10-19", replied="2026-11-18"), D("2026-11-30"))
    assert late.late and any("晚于答复期限" in f for f in late.findings)


def test_a_year_beyond_the_calendar_is_an_estimate():
    d = deadline(request("2099-03-02"), D("2099-03-02"))
    assert d.estimated and d.unknown_years == (2099,)
    assert d.due == D("2099-03-30")  # weekdays only
    assert "估算" in d.estimate_note and "2099" in d.estimate_note
    rows = [Row(request("2099-03-02"), d)]
    assert "估算" in render_text(rows, D("2099-03-02"))
    assert any("估算" in f for f in as_json(rows, D("2099-03-02"))["requests"][0]["findings"])


def test_report_rows_keys_order_and_filters():
    rows = select(
        [
            request("2026-10-19", id="B"),
            request("2026-11-16", id="A"),
            request("2026-03-02", id="C", replied="2026-03-10"),
        ],
        D("2026-11-30"),
    )
    assert [r.request.id for r in rows] == ["C", "B", "A"]
    data = as_json(rows, D("2026-11-30"))
    assert data["today"] == "2026-11-30"
    assert list(data["requests"][0]) == [
        "org", "path", "id", "applicant", "channel", "received", "start", "limit", "due",
        "replied", "result", "status", "late", "workdays_left", "findings",
    ]  # fmt: skip
    opened = select([request("2026-03-02", replied="2026-03-10")], D("2026-11-30"), open_only=True)
    assert opened == []
