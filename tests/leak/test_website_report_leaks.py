"""Withheld documents of a report's year reach no figure and no page (SPEC: Guarantee 1, Website
annual report, National page conventions): with planted markers in withheld documents of 2025
(a 不予公开 policy, a 依申请公开 notice, a withheld interpretation, a scheduled notice), the
website report counts exactly the public documents, and no marker is in any output file (pages,
meta tags, sitemap, robots.txt)."""

from __future__ import annotations

import pytest
from helpers import (
    BASE_FILES,
    MARKERS,
    Project,
    built,
    doc,
    find_markers,
    mkdocs_yml,
    secret_files,
    soup,
)

SCHEDULED = "QXSCHEDULED定时发布的通知标题"


@pytest.fixture(scope="module")
def site(leak_mode, tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("wr-leak") / "portal")
    scheduled = doc(
        {
            "title": SCHEDULED,
            "attribute": "主动公开",
            "org": "mzj",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "published": "2099-01-01",
            "summary": "QXSCHEDSUMMARY尚未发布的概述",
        },
        "QXSCHEDBODY尚未发布的正文。\n",
    )
    return built(
        project,
        {
            "mkdocs.yml": mkdocs_yml(),
            **BASE_FILES,
            **secret_files(),
            "content/mzj/2025/scheduled.md": scheduled,
            # withheld, with a date in the year: it would count as 政务动态 if anything leaked
            "content/mzj/2025/dated-secret.md": doc(
                {
                    "title": "QXDATED内部工作动态标题",
                    "attribute": "不予公开",
                    "attribute_basis": "第十六条",
                    "org": "mzj",
                    "type": "工作动态",
                    "catalog": "fdzdgk-02",
                    "published": "2025-05-05",
                },
                "QXDATEDBODY内部工作动态正文。\n",
            ),
            "catalogs/website-reports/2025.yml": "published: 2026-01-15\n",
        },
    )


def _published_rows(site) -> dict[str, str]:
    page = soup(site / "website-reports/2025/index.html")
    section = next(s for s in page.select("section") if "信息发布" in s.select_one("h2").get_text())
    return {
        tr.select_one("th").contents[0].strip(): tr.select_one("td").get_text(strip=True)
        for tr in section.select("tbody tr")
    }


def test_only_public_documents_are_counted(site):
    # public in 2025: the base notice, 青石镇公开通知, 青石镇公开政策 and its public interpretation
    assert _published_rows(site) == {
        "总数": "4",
        "概况类": "0",
        "政务动态": "2",
        "信息公开目录": "2",
    }
    page = soup(site / "website-reports/2025/index.html")
    section = next(s for s in page.select("section") if s.select_one("h2").get_text() == "解读回应")
    rows = {
        tr.select_one("th").contents[0].strip(): tr.select_one("td").get_text(strip=True)
        for tr in section.select("tbody tr")
    }
    # the withheld 图表图解 interpretation is in no figure
    assert rows["解读信息发布总数（条）"] == "1" and rows["按解读形式：图表图解（条）"] == "0"


def test_no_marker_of_a_withheld_document_in_any_output(site):
    markers = [*MARKERS.values(), SCHEDULED, "QXSCHEDSUMMARY", "QXSCHEDBODY", "QXDATED"]
    assert find_markers(site, markers) == []
    assert (site / "robots.txt").is_file() and (site / "sitemap.xml").is_file()
