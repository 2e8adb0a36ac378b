"""`portal audit freshness` (SPEC: Freshness and assessment; 检查指标): the home page's newest
item at 14 days, columns at 14 days and 6 months on both sides of the limit, blank columns, the
veto."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from helpers import doc

from disclosure_portal.report.freshness import Limit


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")


def item(doc_type: str, published: str, org: str = "mzj", n: int = 0) -> str:
    return doc(
        {
            "title": f"{doc_type}{published}{n}",
            "attribute": "主动公开",
            "org": org,
            "type": doc_type,
            "catalog": "fdzdgk-02",
            "published": published,
        },
        f"{doc_type}正文{n}。\n",
    )


def findings(project, today: str) -> list[dict]:
    result = project.portal("audit", "freshness", "--json", "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["freshness"]


def of_kind(found: list[dict], kind: str) -> list[dict]:
    return [f for f in found if f["kind"] == kind]


def test_six_months_is_the_same_day_six_months_before():
    assert Limit(months=6).cutoff(dt.date(2026, 11, 30)) == dt.date(2026, 5, 30)
    assert Limit(months=6).cutoff(dt.date(2026, 8, 31)) == dt.date(2026, 2, 28)
    assert Limit(months=6).cutoff(dt.date(2026, 3, 15)) == dt.date(2025, 9, 15)
    assert Limit(days=14).cutoff(dt.date(2026, 11, 30)) == dt.date(2026, 11, 16)


def test_home_page_at_fourteen_days_on_both_sides(project):
    # BASE_FILES' notice is from 2025-03-03; a news item is the newest
    project.write({"content/mzj/2026/news.md": item("工作动态", "2026-11-16")})
    assert of_kind(findings(project, "2026-11-30"), "home_stale") == []
    stale = of_kind(findings(project, "2026-12-01"), "home_stale")
    assert stale == [
        {"kind": "home_stale", "newest": "2026-11-16", "days": 15, "message": stale[0]["message"]}
    ]
    assert of_kind(findings(project, "2026-12-01"), "veto")[0]["reasons"]


def test_news_column_at_fourteen_days(project):
    project.write({"content/mzj/2026/news.md": item("工作动态", "2026-11-16")})
    assert not [
        f
        for f in of_kind(findings(project, "2026-11-30"), "column_stale")
        if f["type"] == "工作动态"
    ]
    stale = [
        f
        for f in of_kind(findings(project, "2026-12-01"), "column_stale")
        if f["type"] == "工作动态"
    ]
    assert {f["column"] for f in stale} == {"news/", "mzj:工作动态"}
    site_wide = next(f for f in stale if f["column"] == "news/")
    assert (
        site_wide["org"] is None
        and site_wide["newest"] == "2026-11-16"
        and site_wide["limit"] == "14 日"
    )


def test_notices_at_six_months(project):
    project.write({"content/mzj/2026/n.md": item("通知公告", "2026-05-30")})
    assert not [
        f
        for f in of_kind(findings(project, "2026-11-30"), "column_stale")
        if f["type"] == "通知公告"
    ]
    stale = [
        f
        for f in of_kind(findings(project, "2026-12-01"), "column_stale")
        if f["type"] == "通知公告"
    ]
    assert {f["column"] for f in stale} == {"notices/", "mzj:通知公告"}
    assert all(f["limit"] == "6 个月" for f in stale)


def test_an_organisation_without_a_type_has_no_such_column(project):
    project.write({"content/qsz/2026/n.md": item("工作动态", "2026-11-20", org="qsz")})
    columns = {f["column"] for f in of_kind(findings(project, "2026-11-30"), "column_stale")}
    assert "qsz:工作动态" not in columns and "qsz:政策文件" not in columns
    assert "mzj:工作动态" not in columns  # mzj has no news at all


def test_five_stale_columns_are_a_veto(project):
    files = {"content/mzj/2026/news.md": item("工作动态", "2026-11-25")}  # home is fresh
    for n, org in enumerate(("mzj", "qsz", "qzfb")):
        files[f"content/{org}/2025/old{n}.md"] = item("通知公告", "2025-01-10", org=org, n=n)
    project.write(files)
    found = findings(project, "2026-11-30")
    stale = of_kind(found, "column_stale")
    assert len(stale) == 4, [f["column"] for f in stale]  # notices/ and three organisations
    reasons = [r for v in of_kind(found, "veto") for r in v["reasons"]]
    assert not [
        r for r in reasons if "栏目更新不及时" in r
    ]  # the test orgs' blank columns may veto
    project.write({"content/qsz/2025/oldnews.md": item("工作动态", "2025-01-10", org="qsz", n=9)})
    found = findings(project, "2026-11-30")
    assert len(of_kind(found, "column_stale")) == 5
    veto = of_kind(found, "veto")
    assert len(veto) == 1 and any("5 个栏目更新不及时" in r for r in veto[0]["reasons"])


def test_blank_columns_are_listed_with_their_count(project):
    found = findings(project, "2026-11-30")
    blank = of_kind(found, "blank_columns")
    assert len(blank) == 1 and blank[0]["count"] == len(blank[0]["columns"]) > 0
    assert all(set(c) == {"org", "column"} for c in blank[0]["columns"])
