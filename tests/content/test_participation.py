"""Public participation (SPEC: Public participation): kinds and minimum periods at their
boundaries (in days, and in working days across 国庆), a shortened period only with a reason,
the status at the build date, feedback linked both ways, and `portal audit participation`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers import assert_reported, doc, problems_of

from disclosure_portal.model.records import Consultation
from disclosure_portal.rules.participation import period, shortened, status

PATH = "content/mzj/2025/zhengqiu.md"
FEEDBACK = "content/mzj/2025/fankui.md"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")


def consultation(opens: str, closes: str, published: str = "", **extra) -> str:
    c = {"opens": opens, "closes": closes, **extra}
    front = {
        "id": "mzj-zhengqiu",
        "title": "关于公开征求《测试区养老服务办法（征求意见稿）》意见的公告",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "征求意见",
        "catalog": "fdzdgk-02",
        "published": published or opens,
        "consultation": c,
    }
    return doc(front, "现向社会公开征求意见。\n")


def feedback(published: str) -> str:
    front = {
        "id": "mzj-fankui",
        "title": "关于养老服务办法征求意见采纳情况的说明",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": published,
    }
    return doc(front, "共收到意见12条，采纳5条。\n")


def c(opens: str, closes: str, kind: str = "", reason: str = "") -> Consultation:
    return Consultation(
        opens=dt.date.fromisoformat(opens),
        closes=dt.date.fromisoformat(closes),
        feedback=None,
        kind=kind,
        reason=reason,
    )


# -- the period and the minima ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["重大行政决策", "规章", "涉企行政规范性文件"])
def test_thirty_days_counted_from_the_day_after_opens(kind):
    assert period(c("2025-03-01", "2025-03-31", kind)).days == 30
    assert shortened(c("2025-03-01", "2025-03-31", kind)) is None
    short = shortened(c("2025-03-01", "2025-03-30", kind))
    assert short is not None and short[0].days == 29 and short[1].length == 30


def test_seven_working_days_across_national_day():
    # (2025-09-29, 2025-10-14]: 9-30, 10-9, 10-10, 10-11 (调休上班), 10-13, 10-14 = 6
    assert period(c("2025-09-29", "2025-10-14", "行政规范性文件")).workdays == 6
    assert shortened(c("2025-09-29", "2025-10-14", "行政规范性文件")) is not None
    assert shortened(c("2025-09-29", "2025-10-15", "行政规范性文件")) is None


def test_other_kinds_have_no_minimum():
    assert shortened(c("2025-03-01", "2025-03-02", "其他")) is None
    assert shortened(c("2025-03-01", "2025-03-02")) is None  # no kind: read as 其他


def test_a_period_into_a_year_the_calendar_does_not_know_says_so():
    p = period(c("2026-12-25", "2027-01-06", "行政规范性文件"))
    assert p.workdays == 8 and "2027" in p.estimated


@pytest.mark.parametrize(
    ("today", "answered", "expected"),
    [
        ("2025-02-28", False, "未开始"),
        ("2025-03-01", False, "征求意见中"),
        ("2025-03-31", True, "征求意见中"),
        ("2025-04-01", False, "已结束"),
        ("2025-04-01", True, "已反馈"),
    ],
)
def test_status_at_a_date(today, answered, expected):
    assert status(c("2025-03-01", "2025-03-31"), answered, dt.date.fromisoformat(today)) == expected


# -- validation ---------------------------------------------------------------------------------


def test_a_short_period_without_reason_is_an_error_on_closes(project):
    text = consultation("2025-05-01", "2025-05-05", kind="重大行政决策")
    _, errors, _ = problems_of(project, {PATH: text})
    message = assert_reported(errors, PATH, "consultation.closes")
    assert "重大行政决策" in message and "30 日" in message and "第十五条" in message


def test_with_a_reason_it_builds_and_the_audit_lists_it(project):
    text = consultation("2025-05-01", "2025-05-05", kind="重大行政决策", reason="防汛应急需要")
    _, errors, _ = problems_of(project, {PATH: text})
    assert errors == []
    result = project.portal("audit", "participation", "--json", "--today", "2026-11-30")
    findings = json.loads(result.stdout)["participation"]
    short = [f for f in findings if f["kind"] == "shortened"]
    assert short == [
        {
            "kind": "shortened",
            "path": PATH,
            "org": "mzj",
            "consultation_kind": "重大行政决策",
            "opens": "2025-05-01",
            "closes": "2025-05-05",
            "days": 4,
            "message": short[0]["message"],
        }
    ]
    assert "防汛应急需要" in short[0]["message"]


def test_a_missing_kind_is_a_warning(project):
    _, errors, warnings = problems_of(project, {PATH: consultation("2025-05-01", "2025-05-05")})
    assert errors == []
    assert "按“其他”处理" in assert_reported(warnings, PATH, "consultation.kind")


def test_an_unknown_kind_is_an_error(project):
    _, errors, _ = problems_of(
        project, {PATH: consultation("2025-05-01", "2025-06-05", kind="草案")}
    )
    assert_reported(errors, PATH, "consultation.kind")


def test_closes_before_opens_is_an_error(project):
    _, errors, _ = problems_of(
        project, {PATH: consultation("2025-05-05", "2025-05-01", kind="其他")}
    )
    assert_reported(errors, PATH, "consultation.closes")


def test_feedback_before_the_close_is_a_warning(project):
    files = {
        PATH: consultation("2025-05-01", "2025-06-05", kind="其他", feedback="mzj-fankui"),
        FEEDBACK: feedback("2025-06-01"),
    }
    _, errors, warnings = problems_of(project, files)
    assert errors == []
    assert_reported(warnings, PATH, "consultation.feedback")


# -- the pages ----------------------------------------------------------------------------------


def test_pages_show_period_status_reason_and_link_both_ways(project):
    project.write(
        {
            PATH: consultation(
                "2025-05-01",
                "2025-05-05",
                kind="重大行政决策",
                reason="防汛应急需要",
                channels=["电子邮件", "信函"],
                feedback="mzj-fankui",
            ),
            FEEDBACK: feedback("2025-05-20"),
            "content/mzj/2026/open.md": consultation(
                "2026-11-20", "2026-12-21", kind="重大行政决策"
            ).replace("mzj-zhengqiu", "mzj-open"),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project.site / "mzj/2025/zhengqiu/index.html").read_text(encoding="utf-8")
    for text in (
        "2025-05-01 至 2025-05-05",
        "重大行政决策",
        "已反馈",
        "防汛应急需要",
        "电子邮件、信函",
    ):
        assert text in page
    assert 'href="../fankui/"' in page
    answer = (project.site / "mzj/2025/fankui/index.html").read_text(encoding="utf-8")
    assert 'href="../zhengqiu/"' in answer
    listing = (project.site / "consultations/index.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup

    text = BeautifulSoup(listing, "html.parser").get_text(" ", strip=True)
    assert "征求意见期限： 2025-05-01 至 2025-05-05" in text and "征求意见中" in text
    now = (project.site / "consultations/open/index.html").read_text(encoding="utf-8")
    assert "mzj/2026/open/" in now and "mzj/2025/zhengqiu/" not in now
    # the status mark carries its dates for the reader's browser
    assert 'data-opens="2026-11-20" data-closes="2026-12-21"' in now


def test_audit_no_feedback_after_thirty_days(project):
    project.write({PATH: consultation("2026-09-01", "2026-10-30", kind="其他")})

    def kinds(today):
        result = project.portal("audit", "participation", "--json", "--today", today)
        return {f["kind"] for f in json.loads(result.stdout)["participation"]}

    assert "no_feedback" not in kinds("2026-11-29")  # 30 days after closing
    assert "no_feedback" in kinds("2026-11-30")  # 31 days


def test_a_withheld_consultation_reaches_no_listing(project):
    from helpers import find_markers

    secret = (
        consultation("2026-11-20", "2026-12-21", kind="其他")
        .replace(
            "关于公开征求《测试区养老服务办法（征求意见稿）》意见的公告",
            "QXCONSULTSECRET内部征求意见稿",
        )
        .replace("attribute: 主动公开", "attribute: 不予公开\nattribute_basis: 《条例》第十六条")
    )
    public = consultation("2026-11-21", "2026-12-22", kind="其他").replace(
        "mzj-zhengqiu", "mzj-open"
    )
    project.write({PATH: secret, "content/mzj/2026/open.md": public})
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert find_markers(project.site, ["QXCONSULTSECRET"]) == []
    now = (project.site / "consultations/open/index.html").read_text(encoding="utf-8")
    assert "mzj/2026/open/" in now and "共 1 条" in now
