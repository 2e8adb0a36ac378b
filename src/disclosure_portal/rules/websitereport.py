"""The 政府网站工作年度报表 (国办发〔2017〕47号; published by 31 January, 国办函〔2018〕12号): one
report of the site for each completed year, from 2017 on and from the year of the site's first
public document (SPEC: Website annual report).

Computed from content, for the year: 信息发布 (the public documents published in it, by kind),
专栏专题 (the columns the site maintained), 解读回应 (the 政策解读 documents) and 移动新媒体 (the
accounts of the registry in operation). The figures content cannot give come from the year's
data file (read/websitereports.py); without one they are 未填报. Only public documents count
(fail closed): a withheld, scheduled or withdrawn document is in no figure.

Which documents count as which kind of 信息发布 *(judgement: the form names the kinds, not our
types)*: 概况类 are the site's own pages (type 页面) dated in the year; 政务动态 are 工作动态 and
通知公告; 信息公开目录 is every other type (政策文件, 政策解读, 征求意见, 公开指南, 公开制度,
年度报告 and configured types), the columns of the 政府信息公开 platforms. 专栏专题 *(judgement)*
are the approved domain catalogs (基层政务公开, the statutory one excepted) and the
organisations' own columns (orgs.yml `columns`): maintained in a year when they held a public
document by its end, opened in it when their first public document is of that year.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from disclosure_portal.model.records import Document, NewMediaAccount, Org, WebsiteData
from disclosure_portal.model.vocab import (
    APPROVED,
    FORMS,
    INTERPRETATION,
    NEWS,
    NM_CANCELLED,
    NM_CLOSED,
    NM_OPENED,
    NOTICE,
    PAGE,
    WEBSITE_REPORTS_DIR,
)
from disclosure_portal.read.catalogs import Registry
from disclosure_portal.read.websitereports import FIRST_WEBSITE_REPORT_YEAR
from disclosure_portal.rules.annualreport import ReportFinding

WEBSITE_LATE, WEBSITE_MISSING = "website_late", "website_missing"
OVERVIEW, NEWS_KIND, CATALOG_KIND = "概况类", "政务动态", "信息公开目录"
KIND_OF_TYPE = {PAGE: OVERVIEW, NEWS: NEWS_KIND, NOTICE: NEWS_KIND}  # else 信息公开目录
# 解读材料 *(judgement)*: the interpretations written as text; the others are 图解, 音视频, 媒体 …
WRITTEN_FORMS = ("文字解读", "简明问答", "专家解读")


def kind_of(doc: Document) -> str:
    """The kind of 信息发布 a public document counts as."""
    return KIND_OF_TYPE.get(doc.type, CATALOG_KIND)


def content_date(doc: Document) -> dt.date | None:
    """A document's content date: its newest `published` or `changes` date."""
    dates = [doc.published] + [c.date for c in doc.changes]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


@dataclass(frozen=True, slots=True)
class WebsiteReport:
    """The 政府网站工作年度报表 of one year."""

    year: int
    due: dt.date
    data: WebsiteData | None
    published: dict[str, int]  # 信息发布 by kind (概况类, 政务动态, 信息公开目录)
    columns_maintained: int
    columns_opened: int
    interpretations: int
    by_form: dict[str, int]  # 政策解读 by 解读形式, every form of the vocabulary
    newmedia: tuple[tuple[str, tuple[str, ...]], ...]  # (platform, account names in operation)
    newest: dt.date | None  # the newest date of what it counts (the sitemap's lastmod)

    @property
    def total(self) -> int:
        """信息发布总数."""
        return sum(self.published.values())

    @property
    def written(self) -> int:
        """解读材料: the interpretations written as text (WRITTEN_FORMS)."""
        return sum(self.by_form.get(f, 0) for f in WRITTEN_FORMS)


@dataclass
class WebsiteReports:
    """Every year's report, and the audit's findings on them (late, missing)."""

    by_year: dict[int, WebsiteReport] = field(default_factory=dict)
    findings: list[ReportFinding] = field(default_factory=list)


def due_date(year: int) -> dt.date:
    """国办函〔2018〕12号: published by 31 January of the next year."""
    return dt.date(year + 1, 1, 31)


def report_years(
    public: Iterable[Document], data: dict[int, WebsiteData], today: dt.date
) -> list[int]:
    """The completed years that get a report: from 2017 and from the year of the site's first
    public document on, and every year with a data file."""
    years = [d.published.year for d in public if d.published]
    out = set(data)
    if years:
        out |= set(range(max(min(years), FIRST_WEBSITE_REPORT_YEAR), today.year))
    return sorted(y for y in out if FIRST_WEBSITE_REPORT_YEAR <= y < today.year)


def in_operation(account: NewMediaAccount, year: int) -> bool:
    """Whether an account was in operation in `year`: opened by its end and not closed or
    cancelled before its start."""
    opened = [e.date for e in account.events if e.type == NM_OPENED]
    ended = [e.date for e in account.events if e.type in (NM_CLOSED, NM_CANCELLED)]
    if not opened or min(opened) > dt.date(year, 12, 31):
        return False
    return not ended or min(ended) >= dt.date(year, 1, 1)


def _columns(public: list[Document], registry: Registry) -> list[dt.date]:
    """The first publication date of each 专栏专题 that has a public document."""
    statutory = registry.statutory.code if registry.statutory else None
    item_catalog = {
        item.id: item.catalog
        for catalog in registry.catalogs.values()
        if catalog.status == APPROVED and catalog.code != statutory
        for item in catalog.items
    }
    first: dict[str, dt.date] = {}

    def seen(key: str, day: dt.date) -> None:
        if key not in first or day < first[key]:
            first[key] = day

    customs: dict[str, list] = defaultdict(list)
    for org in registry.orgs.values():
        for n, column in enumerate(org.columns):
            customs[org.id].append((n, column))
    for doc in public:
        if doc.published is None:
            continue
        if (code := item_catalog.get(doc.catalog)) is not None:
            seen(f"catalog:{code}", doc.published)
        for n, column in customs.get(doc.org, ()):
            if doc.catalog in column.items or doc.type in column.types:
                seen(f"column:{doc.org}:{n}", doc.published)
    return sorted(first.values())


def build_website_reports(
    public: Iterable[Document],
    registry: Registry,
    accounts: Iterable[NewMediaAccount],
    data: dict[int, WebsiteData],
    today: dt.date,
    rel_dir: str = "catalogs",
) -> WebsiteReports:
    """Every year's report and the findings on them: one pass over the public documents;
    `rel_dir` is catalogs/ as messages name it."""
    docs = [d for d in public if d.published is not None]
    out = WebsiteReports()
    years = report_years(docs, data, today)
    if not years:
        return out
    kinds: dict[int, Counter] = defaultdict(Counter)
    forms: dict[int, Counter] = defaultdict(Counter)
    newest: dict[int, dt.date] = {}
    for doc in docs:
        year = doc.published.year
        kinds[year][kind_of(doc)] += 1
        if doc.type == INTERPRETATION:
            forms[year][doc.form] += 1
        if year not in newest or doc.published > newest[year]:
            newest[year] = doc.published
    firsts = _columns(docs, registry)
    accounts = list(accounts)
    for year in years:
        end = dt.date(year, 12, 31)
        platforms: dict[str, list[str]] = {}
        for account in accounts:
            if in_operation(account, year):
                names = platforms.setdefault(account.platform, [])
                if account.name not in names:
                    names.append(account.name)
        file = data.get(year)
        counted = newest.get(year)
        out.by_year[year] = WebsiteReport(
            year=year,
            due=due_date(year),
            data=file,
            published={k: kinds[year][k] for k in (OVERVIEW, NEWS_KIND, CATALOG_KIND)},
            columns_maintained=sum(1 for d in firsts if d <= end),
            columns_opened=sum(1 for d in firsts if d.year == year),
            interpretations=sum(forms[year].values()),
            by_form={f: forms[year][f] for f in FORMS},
            newmedia=tuple((p, tuple(n)) for p, n in platforms.items()),
            newest=file.published if file and file.published else counted,
        )
    out.findings = _deadlines(out, _district(registry.orgs), today, rel_dir)
    return out


def _district(orgs: dict[str, Org]) -> str:
    """The organisation the site's reports are filed under: the 区政府, else none ("")."""
    return next((o.id for o in orgs.values() if o.kind == "区政府"), "")


def _deadlines(
    reports: WebsiteReports, org: str, today: dt.date, rel_dir: str
) -> list[ReportFinding]:
    """`website_late` (published after 31 January) and `website_missing` (no data file once
    that day has passed), for `portal audit reports`."""
    findings = []
    for year, report in sorted(reports.by_year.items()):
        data, due = report.data, report.due
        if data is not None and data.published is not None and data.published > due:
            findings.append(
                ReportFinding(
                    WEBSITE_LATE,
                    org,
                    year,
                    data.path,
                    "published",
                    f"{year} 年度政府网站工作年度报表 {data.published.isoformat()} 发布，"
                    f"晚于规定的 {due.isoformat()}（国办函〔2018〕12号：每年 1 月 31 日前）",
                    data.line,
                    due=due,
                    published=data.published,
                )
            )
        elif data is None and due < today:
            findings.append(
                ReportFinding(
                    WEBSITE_MISSING,
                    org,
                    year,
                    "",
                    "file",
                    f"{year} 年度政府网站工作年度报表应于 {due.isoformat()} 前发布，"
                    f"至今没有数据文件 {rel_dir}/{WEBSITE_REPORTS_DIR}/{year}.yml"
                    "（访问量、办事服务、互动交流、安全防护、创新发展显示为未填报）",
                    due=due,
                )
            )
    return findings
