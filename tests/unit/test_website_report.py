"""The 政府网站工作年度报表 computed from records (rules/websitereport.py): counts by kind, columns,
interpretations, new-media accounts in operation, the years that get a report, and the audit's
late and missing findings."""

from __future__ import annotations

import datetime as dt

from factories import document, interpretation, policy, registry

from disclosure_portal.model.records import Column, NewMediaAccount, NewMediaEvent, Org, WebsiteData
from disclosure_portal.rules.websitereport import (
    CATALOG_KIND,
    NEWS_KIND,
    OVERVIEW,
    WEBSITE_LATE,
    WEBSITE_MISSING,
    build_website_reports,
    in_operation,
    kind_of,
    report_years,
)

TODAY = dt.date(2026, 12, 1)
DISTRICT = Org(id="qzf", name="测试区人民政府", kind="区政府")
MZJ = Org(
    id="mzj",
    name="测试区民政局",
    kind="区政府部门",
    domains=("shjz",),
    columns=(Column(name="救助资金公示", types=("工作动态",)),),
)


def account(
    aid: str, platform: str, *events: tuple[str, dt.date], name: str = ""
) -> NewMediaAccount:
    return NewMediaAccount(
        id=aid,
        name=name or aid,
        platform=platform,
        sponsor="mzj",
        status="正常",
        events=tuple(NewMediaEvent(type=t, date=d) for t, d in events),
    )


def corpus():
    """Public documents of 2025 with a hand count: 2 政务动态 (a notice, a news item), 4 信息公开目录
    (two policies, two interpretations), 1 概况类 (a dated page); plus 2024 and 2026 ones."""
    return [
        document("mzj/2025/n1.md", published=dt.date(2025, 3, 3)),
        document("mzj/2025/w1.md", type="工作动态", published=dt.date(2025, 12, 31)),
        policy("mzj/2025/p1.md", id="p1", doc_number="A1"),
        policy("mzj/2025/p2.md", id="p2", doc_number="A2", published=dt.date(2025, 1, 1)),
        interpretation("mzj/2025/i1.md", form="文字解读"),
        interpretation("mzj/2025/i2.md", form="图表图解", published=dt.date(2025, 9, 1)),
        document("about.md", type="页面", org="", catalog="", published=dt.date(2025, 5, 5)),
        document("mzj/2024/n0.md", published=dt.date(2024, 6, 1)),
        document("mzj/2026/n2.md", published=dt.date(2026, 1, 1)),
    ]


def test_counts_by_kind_equal_a_hand_count():
    reports = build_website_reports(corpus(), registry((DISTRICT, MZJ)), [], {}, TODAY)
    r = reports.by_year[2025]
    assert r.published == {OVERVIEW: 1, NEWS_KIND: 2, CATALOG_KIND: 4}
    assert r.total == 7
    assert r.interpretations == 2 and r.written == 1
    assert r.by_form["文字解读"] == 1 and r.by_form["图表图解"] == 1 and r.by_form["音视频"] == 0
    assert reports.by_year[2024].total == 1
    assert 2026 not in reports.by_year  # the build date's year has not ended


def test_kinds_of_types():
    assert kind_of(document(type="通知公告")) == NEWS_KIND
    assert kind_of(document(type="工作动态")) == NEWS_KIND
    assert kind_of(document(type="页面")) == OVERVIEW
    for doc_type in (
        "政策文件",
        "政策解读",
        "征求意见",
        "公开指南",
        "公开制度",
        "年度报告",
        "其他类",
    ):
        assert kind_of(document(type=doc_type)) == CATALOG_KIND


def test_columns_maintained_and_opened():
    docs = corpus()
    reports = build_website_reports(docs, registry((DISTRICT, MZJ)), [], {}, TODAY)
    # 社会救助 (shjz, first 2025-01-01) and 民政局's own column of 工作动态 (first 2025-12-31);
    # 法定主动公开内容 is no 专栏 (the notices under fdzdgk-02 open nothing)
    assert reports.by_year[2025].columns_maintained == 2
    assert reports.by_year[2025].columns_opened == 2
    assert reports.by_year[2024].columns_maintained == 0


def test_columns_of_an_unapproved_catalog_are_not_counted():
    reports = build_website_reports(
        corpus(), registry((DISTRICT, MZJ), shjz_status="草稿"), [], {}, TODAY
    )
    assert reports.by_year[2025].columns_maintained == 1  # only the organisation's own column


def test_accounts_in_operation_in_a_year():
    opened = account("a", "微信公众号", ("开设", dt.date(2024, 5, 1)))
    closed = account("b", "新浪微博", ("开设", dt.date(2020, 1, 1)), ("关停", dt.date(2025, 2, 1)))
    later = account("c", "抖音", ("开设", dt.date(2026, 2, 1)))
    cancelled = account("d", "快手", ("开设", dt.date(2020, 1, 1)), ("注销", dt.date(2024, 12, 31)))
    assert in_operation(opened, 2024) and not in_operation(opened, 2023)
    assert in_operation(closed, 2025) and not in_operation(closed, 2026)
    assert not in_operation(later, 2025)
    assert in_operation(cancelled, 2024) and not in_operation(cancelled, 2025)
    reports = build_website_reports(
        corpus(), registry((DISTRICT, MZJ)), [opened, closed, later, cancelled], {}, TODAY
    )
    assert reports.by_year[2025].newmedia == (("微信公众号", ("a",)), ("新浪微博", ("b",)))
    assert reports.by_year[2024].newmedia == (
        ("微信公众号", ("a",)),
        ("新浪微博", ("b",)),
        ("快手", ("d",)),
    )


def test_report_years_start_in_2017_and_at_the_first_document():
    old = [document(published=dt.date(2012, 1, 1))]
    assert report_years(old, {}, dt.date(2020, 3, 1)) == [2017, 2018, 2019]
    assert report_years(corpus(), {}, TODAY) == [2024, 2025]
    assert report_years([], {}, TODAY) == []
    data = {2023: WebsiteData(year=2023, path="catalogs/website-reports/2023.yml")}
    assert report_years(corpus(), data, TODAY) == [2023, 2024, 2025]


def _data(year: int, published: dt.date) -> WebsiteData:
    return WebsiteData(
        year=year, path=f"catalogs/website-reports/{year}.yml", published=published, line=1
    )


def test_late_and_missing_reports():
    data = {2024: _data(2024, dt.date(2025, 2, 3))}
    reports = build_website_reports(corpus(), registry((DISTRICT, MZJ)), [], data, TODAY)
    kinds = {(f.kind, f.year) for f in reports.findings}
    assert kinds == {(WEBSITE_LATE, 2024), (WEBSITE_MISSING, 2025)}
    late = next(f for f in reports.findings if f.kind == WEBSITE_LATE)
    assert late.org == "qzf" and late.due == dt.date(2025, 1, 31)
    assert late.path == "catalogs/website-reports/2024.yml" and late.key == "published"
    assert "2025-02-03" in late.message and "2025-01-31" in late.message


def test_on_time_and_not_yet_due_are_no_finding():
    data = {
        2024: _data(2024, dt.date(2025, 1, 31)),
        2025: _data(2025, dt.date(2026, 1, 20)),
    }
    reports = build_website_reports(corpus(), registry((DISTRICT, MZJ)), [], data, TODAY)
    assert reports.findings == []
    # before 31 January the missing report of the last year is not due yet
    early = build_website_reports(corpus(), registry((DISTRICT, MZJ)), [], {}, dt.date(2026, 1, 20))
    assert {(f.kind, f.year) for f in early.findings} == {(WEBSITE_MISSING, 2024)}
