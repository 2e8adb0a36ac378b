"""A committee's 村务公开 report is not an annual report of 条例 Art. 49: it stays on the
committee's page and out of the government bodies' 年度报告 listing and feed."""

from __future__ import annotations

from helpers import doc


def report(org: str, title: str, catalog: str = "fdzdgk-02") -> str:
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": org,
        "type": "年度报告",
        "year": "2025",
        "catalog": catalog,
        "published": "2026-01-20",
    }
    return doc(front, "**一、总体情况**\n\n概述。\n")


def test_the_committee_report_stays_on_its_page(project, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")
    project.write(
        {
            "content/mzj/2026/nb.md": report("mzj", "测试区民政局2025年政府信息公开工作年度报告"),
            "content/tyc/2026/bg.md": report("tyc", "桃源村2025年村务公开工作情况报告"),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    listing = (project.site / "annual-reports/index.html").read_text(encoding="utf-8")
    assert "测试区民政局2025年政府信息公开工作年度报告" in listing
    assert "桃源村2025年村务公开工作情况报告" not in listing
    feed = (project.site / "feeds/type/annual-reports.xml").read_text(encoding="utf-8")
    assert "桃源村" not in feed and "测试区民政局2025年" in feed
    village = (project.site / "disclosure/tyc/all/index.html").read_text(encoding="utf-8")
    assert "桃源村2025年村务公开工作情况报告" in village
    assert (project.site / "tyc/2026/bg/index.html").exists()
