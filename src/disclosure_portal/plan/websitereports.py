"""The 政府网站工作年度报表 pages (website-reports/<year>/) as data, and the links that list them
with the 年报 (the 年度报告 listing and the 区政府's platform page). Their figures are computed in
rules/websitereport.py from the public documents, the new-media registry and the year's data
file; settings give the site's own facts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from disclosure_portal.model.fields import (
    WEBSITE_INTERACTION_FIELDS,
    WEBSITE_REPORT_FIELDS,
    WEBSITE_SECURITY_FIELDS,
    WEBSITE_SERVICE_FIELDS,
    Field,
    labels,
)
from disclosure_portal.model.vocab import FORMS, WEBSITE_REPORTS_DIR
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.read.settings import Settings
from disclosure_portal.rules.websitereport import (
    CATALOG_KIND,
    NEWS_KIND,
    OVERVIEW,
    WRITTEN_FORMS,
    WebsiteReport,
    WebsiteReports,
)

TITLE = "政府网站工作年度报表"
NOT_GIVEN = "未填报"
_TOP = labels(WEBSITE_REPORT_FIELDS)
UrlOf = Callable[[str], "str | None"]


def report_src(year: int) -> str:
    """The source path of a year's page (website-reports/<year>/)."""
    return f"{WEBSITE_REPORTS_DIR}/{year}/index.md"


def report_title(year: int) -> str:
    return f"{year}年度{TITLE}"


def website_report_pages(reports: WebsiteReports) -> list[PageSpec]:
    """One page per report year."""
    return [
        PageSpec(
            src_uri=report_src(year),
            title=report_title(year),
            template="website-report.html",
            kind="website-report",
            report=report,
        )
        for year, report in sorted(reports.by_year.items())
    ]


def _shown(value: object) -> str:
    if value is None or value == "":
        return NOT_GIVEN
    return str(value)


def _row(label: str, value: object, note: str = "") -> dict[str, str]:
    return {"label": label, "value": _shown(value), "note": note}


def _from_file(
    table: tuple[Field, ...], values: dict[str, int | str | None] | None
) -> list[dict[str, str]]:
    values = values or {}
    return [_row(f.label, values.get(f.key)) for f in table]


def website_report_view(report: WebsiteReport, settings: Settings) -> dict[str, Any]:
    """Template data of a year's 政府网站工作年度报表: sections of (label, value) rows; a figure
    the data file does not give shows as 未填报."""
    raw, footer = settings.raw, settings.footer
    data = report.data
    file = {} if data is None else data.sections
    site = [
        _row("网站名称", raw.get("site_name") if isinstance(raw.get("site_name"), str) else ""),
        _row("首页网址", raw.get("site_url") if isinstance(raw.get("site_url"), str) else ""),
        _row("主办单位", footer.get("sponsor")),
        _row("网站标识码", footer.get("site_code")),
        _row("ICP备案号", footer.get("icp")),
        _row("公安机关备案号", footer.get("police")),
        _row(_TOP["visitors"], data.visitors if data else None),
        _row(_TOP["views"], data.views if data else None),
    ]
    published = [
        _row("总数", report.total),
        _row(OVERVIEW, report.published[OVERVIEW], "网站页面"),
        _row(NEWS_KIND, report.published[NEWS_KIND], "工作动态、通知公告"),
        _row(
            CATALOG_KIND,
            report.published[CATALOG_KIND],
            "政策文件、政策解读、征求意见、公开指南、公开制度、年度报告等",
        ),
    ]
    columns = [
        _row("维护数量", report.columns_maintained, "领域标准目录专栏和各单位特色栏目"),
        _row("新开设数量", report.columns_opened, "本年度首次发布信息的专栏"),
    ]
    interpretation = [
        _row("解读信息发布总数（条）", report.interpretations, "本年度发布的政策解读"),
        _row("其中：解读材料（条）", report.written, "、".join(WRITTEN_FORMS)),
        *(_row(f"按解读形式：{form}（条）", report.by_form.get(form, 0)) for form in FORMS),
        _row(_TOP["responses"], data.responses if data else None),
    ]
    media = [_row("是否有移动新媒体", "是" if report.newmedia else "否")]
    for platform, names in report.newmedia:
        media.append(_row(platform, f"{len(names)} 个：{'、'.join(names)}"))
    innovation = (
        [_row(f"{i}", item) for i, item in enumerate(data.innovation, start=1)]
        if data and data.innovation
        else [_row("创新发展情况", None)]
    )
    return {
        "kind": "website-report",
        "year": report.year,
        "published": data.published.isoformat() if data and data.published else "",
        "due": report.due.isoformat(),
        "filed": data is not None,
        "sections": [
            {"title": "网站基本信息", "source": "设置和数据文件", "rows": site},
            {"title": "信息发布（单位：条）", "source": "网站内容统计", "rows": published},
            {"title": "专栏专题（单位：个）", "source": "网站内容统计", "rows": columns},
            {"title": "解读回应", "source": "网站内容统计和数据文件", "rows": interpretation},
            {
                "title": "办事服务",
                "source": "数据文件",
                "rows": _from_file(WEBSITE_SERVICE_FIELDS, file.get("services")),
            },
            {
                "title": "互动交流",
                "source": "数据文件",
                "rows": _from_file(WEBSITE_INTERACTION_FIELDS, file.get("interaction")),
            },
            {
                "title": "安全防护",
                "source": "数据文件",
                "rows": _from_file(WEBSITE_SECURITY_FIELDS, file.get("security")),
            },
            {"title": "移动新媒体", "source": "政务新媒体备案清单", "rows": media},
            {"title": "创新发展", "source": "数据文件", "rows": innovation},
        ],
    }


def website_report_links(reports: WebsiteReports, url_of: UrlOf) -> list[dict[str, Any]]:
    """Links to every year's report, newest first (listed with the 年报)."""
    out = []
    for year in sorted(reports.by_year, reverse=True):
        url = url_of(report_src(year))
        if url is not None:
            out.append({"year": year, "title": report_title(year), "url": url})
    return out
