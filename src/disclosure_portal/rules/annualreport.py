"""The annual report (政府信息公开工作年度报告, 条例 Art. 49-50, format 国办公开办函〔2021〕30号).

For each organisation and year: Table A from its public documents and the data file, Table B from
its registers (rules/tableb.py), Table C from the data file; the 信息处理费 of the year from the
registers. A report whose year has a data file is computed; older ones are hand-entered and their
typed tables checked (rules/reporttables.py parses them). Every judgement on reports is a
`ReportFinding`: validation turns them into problems, `portal audit reports` lists them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import AnnualData, Document, Org, Outcomes, Request
from disclosure_portal.model.vocab import (
    ADMINISTRATIVE_KINDS,
    ANNUAL_REPORT,
    FEE_NOTICE,
    FEE_PAID,
    PROACTIVE,
)
from disclosure_portal.rules import reporttables as typed
from disclosure_portal.rules.tableb import TableB, table_b

RULES, NORMATIVE = "规章", "行政规范性文件"
FORMAT_2021 = 2021  # reports of earlier years used the trial format of 2019: not checked
# the 条例 (国务院令第492号) took effect on 2008-05-01: the first report due is the one on 2008
FIRST_REPORT_YEAR = 2008
# the revised 条例 (国务院令第711号, Art. 49) took effect on 2019-05-15: the reports on 2018 and
# before were due under Art. 31 of the 2007 text, by 31 March for every administrative organ
LAST_YEAR_OF_2007_TEXT = 2018
TITLE_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")

# finding kinds (SPEC: portal audit reports)
LATE, MISSING, TYPED, CARRY_OVER, NOT_COMPUTED = (
    "late",
    "missing",
    "typed_arithmetic",
    "carry_over",
    "not_computed",
)


@dataclass(frozen=True, slots=True)
class TableA:
    """二、主动公开政府信息情况: (规章, 行政规范性文件) counts, then the data file's figures."""

    made: tuple[int, int]  # 本年制发件数
    abolished: tuple[int, int]  # 本年废止件数
    in_force: tuple[int, int]  # 现行有效件数
    licensing: int
    penalties: int
    coercion: int
    fees: str  # 万元, as written


@dataclass(frozen=True, slots=True)
class TableC:
    """四、政府信息公开行政复议、行政诉讼情况: the three groups of the data file."""

    review: Outcomes
    direct_suit: Outcomes
    suit_after_review: Outcomes


@dataclass
class Report:
    """One organisation's annual report of one year: its document, and the tables when the year
    has a data file (computed), or the tables typed in the body (hand-entered)."""

    org: Org
    year: int
    doc: Document | None
    data: AnnualData | None
    table_a: TableA | None = None
    table_b: TableB | None = None
    table_c: TableC | None = None
    fee_yuan: Decimal = Decimal(0)  # 信息处理费 collected in the year, 元
    typed: typed.TypedTables | None = None  # hand-entered reports only

    @property
    def computed(self) -> bool:
        """Whether the report's tables are computed (its year has a data file)."""
        return self.data is not None


@dataclass(frozen=True, slots=True)
class ReportFinding:
    """A judgement on an annual report: for validation (a problem) and the audit (a finding)."""

    kind: str
    org: str
    year: int
    path: str
    key: str
    message: str
    line: int | None = None
    error: bool = False
    due: dt.date | None = None
    published: dt.date | None = None


@dataclass
class Reports:
    """Every report by (organisation id, year), and the findings on them."""

    by_key: dict[tuple[str, int], Report] = field(default_factory=dict)
    findings: list[ReportFinding] = field(default_factory=list)

    def for_doc(self, doc: Document) -> Report | None:
        """The report whose narrative is `doc`."""
        report = self.by_key.get((doc.org, report_year(doc) or 0))
        return report if report is not None and report.doc is doc else None


def report_year(doc: Document) -> int | None:
    """The year a 年度报告 reports on: `year`, else the first …年 of its title."""
    if doc.year is not None:
        return doc.year
    m = TITLE_YEAR_RE.search(doc.title or "")
    return int(m.group(1)) if m else None


def due_date(org: Org, year: int) -> dt.date:
    """条例 Art. 49: the 区政府 by 31 March, its departments (and, by judgement, 乡镇 and 街道)
    by 31 January of the next year. Reports on 2018 and earlier: by 31 March, every organ (Art. 31
    of the 2007 text, in force until 2019-05-15)."""
    if org.kind == "区政府" or year <= LAST_YEAR_OF_2007_TEXT:
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def _date(doc: Document) -> dt.date | None:
    return doc.written or doc.published


def table_a(
    docs: Iterable[Document], year: int, data: AnnualData, data_files: dict[int, AnnualData]
) -> TableA:
    """Table A of `year` from one organisation's public documents and data files (SPEC)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    openings = [y for y, d in data_files.items() if d.opening is not None and y <= year]
    base = max(openings) if openings else None
    made, gone, in_force = [0, 0], [0, 0], [0, 0]
    if base is not None:
        in_force = list(data_files[base].opening or (0, 0))
    span_start = dt.date(base, 1, 1) if base is not None else dt.date.min
    for doc in docs:
        if doc.category not in (RULES, NORMATIVE) or doc.attribute != PROACTIVE:
            continue
        i = 0 if doc.category == RULES else 1
        written = _date(doc)
        if written and start <= written <= end:
            made[i] += 1
        if doc.abolished and start <= doc.abolished <= end:
            gone[i] += 1
        if written and span_start <= written <= end:
            in_force[i] += 1
        gone_in_span = doc.abolished and span_start <= doc.abolished <= end
        if gone_in_span and (base is not None or (written and written <= end)):
            in_force[i] -= 1
    return TableA(
        made=(made[0], made[1]),
        abolished=(gone[0], gone[1]),
        in_force=(in_force[0], in_force[1]),  # below 0 only with a wrong opening (an error)
        licensing=data.licensing,
        penalties=data.penalties,
        coercion=data.coercion,
        fees=data.fees,
    )


def fees_collected(requests: Iterable[Request], year: int) -> Decimal:
    """信息处理费 of `year` in 元: the `amount` of each 收费通知 whose 缴费 (the first on or after
    it) is in the year."""
    total = Decimal(0)
    for request in requests:
        events = sorted(request.events, key=lambda e: e.date)
        for i, event in enumerate(events):
            if event.type != FEE_NOTICE or not event.amount:
                continue
            paid = next(
                (e for e in events[i:] if e.type == FEE_PAID and e.date >= event.date), None
            )
            if paid is not None and paid.date.year == year:
                total += Decimal(event.amount)
    return total


def build_reports(
    orgs: dict[str, Org],
    documents: Iterable[Document],
    public: Iterable[Document],
    requests: Iterable[Request],
    annual: dict[tuple[str, int], AnnualData],
    today: dt.date,
) -> Reports:
    """Every report of an administrative organ, computed or checked, and every finding."""
    out = Reports()
    public_by_org: dict[str, list[Document]] = defaultdict(list)
    for doc in public:
        public_by_org[doc.org].append(doc)
    requests_by_org: dict[str, list[Request]] = defaultdict(list)
    for request in requests:
        requests_by_org[request.org].append(request)
    data_by_org: dict[str, dict[int, AnnualData]] = defaultdict(dict)
    for (org_id, year), data in annual.items():
        data_by_org[org_id][year] = data
    narratives = _narratives(orgs, documents, out.findings)
    for key in sorted(set(narratives) | set(annual)):
        org_id, year = key
        org = orgs[org_id]
        doc, data = narratives.get(key), annual.get(key)
        report = Report(org, year, doc, data)
        regs = requests_by_org.get(org_id, [])
        if doc is not None and year >= today.year:
            out.findings.append(
                ReportFinding(
                    "open_year",
                    org_id,
                    year,
                    doc.path,
                    "year",
                    f"{year} 年尚未结束（构建日期 {today.isoformat()}），年度报告只能报告已结束的年度；"
                    "请检查 year",
                    doc.line("year") or doc.line("title"),
                )
            )
        if data is not None:
            report.table_a = table_a(public_by_org.get(org_id, []), year, data, data_by_org[org_id])
            _check_in_force(report.table_a, org, year, data_by_org[org_id], out.findings)
            report.table_b = table_b(regs, year)
            report.table_c = TableC(data.review, data.direct_suit, data.suit_after_review)
            report.fee_yuan = fees_collected(regs, year)
            if doc is None:
                out.findings.append(
                    ReportFinding(
                        "no_report",
                        org_id,
                        year,
                        data.path,
                        "file",
                        f"“{org.name}”{year} 年有年度报告数据文件，但没有 year 为 {year} 的年度报告文件",
                    )
                )
            elif lines := typed.official_rows(doc.body):
                out.findings.append(
                    ReportFinding(
                        "typed_in_computed",
                        org_id,
                        year,
                        doc.path,
                        "body",
                        f"{year} 年有数据文件 {data.path}，表格由门户生成；正文中手写的表格"
                        f"（第 {lines[0] - 1 + doc.body_line} 行起）请删除，只保留一个数据来源",
                        lines[0] - 1 + doc.body_line,
                        error=True,
                    )
                )
        elif doc is not None:
            report.typed = typed.parse(doc.body)
            if year >= FORMAT_2021:
                for line, message in typed.check(report.typed):
                    out.findings.append(
                        ReportFinding(
                            TYPED, org_id, year, doc.path, "body", message, line - 1 + doc.body_line
                        )
                    )
            if year == today.year - 1:
                out.findings.append(
                    ReportFinding(
                        NOT_COMPUTED,
                        org_id,
                        year,
                        doc.path,
                        "year",
                        f"{year} 年度报告没有数据文件 catalogs/annual-reports/{org_id}/{year}.yml："
                        "表格须手工填写，无法由登记和文件自动统计",
                        doc.line("year"),
                    )
                )
        out.by_key[key] = report
    _carry_over(out)
    for org_id, docs in public_by_org.items():
        org = orgs.get(org_id)
        if org is not None and org.kind in ADMINISTRATIVE_KINDS:
            _deadlines(org, docs, out, today)
    return out


def _check_in_force(
    a: TableA, org: Org, year: int, files: dict[int, AnnualData], findings: list[ReportFinding]
) -> None:
    """现行有效 below zero: the opening balance left out documents abolished since (an error on
    the opening's data file)."""
    base = max((y for y, d in files.items() if d.opening is not None and y <= year), default=None)
    for i, (key, label) in enumerate((("rules", "规章"), ("normative", "行政规范性文件"))):
        if a.in_force[i] >= 0 or base is None:
            continue
        findings.append(
            ReportFinding(
                "negative",
                org.id,
                year,
                files[base].path,
                f"opening.{key}",
                f"按期初件数计算，{year} 年底现行有效的{label}为 {a.in_force[i]} 件（不能为负）："
                f"期初件数应包括 {base} 年以后废止的全部{label}",
                error=True,
            )
        )


def _narratives(
    orgs: dict[str, Org], documents: Iterable[Document], findings: list[ReportFinding]
) -> dict[tuple[str, int], Document]:
    """The 年度报告 document of each administrative organ and year; a second one of the same year
    is an error on `year` in both files; a report without `year` takes it from its title."""
    holders: dict[tuple[str, int], list[Document]] = defaultdict(list)
    for doc in documents:
        org = orgs.get(doc.org)
        if doc.parse_failed or doc.type != ANNUAL_REPORT or org is None:
            continue
        if org.kind not in ADMINISTRATIVE_KINDS or doc.attribute != PROACTIVE:
            continue  # a committee's 村务公开 report is not one in the sense of 条例 Art. 49
        year = report_year(doc)
        if doc.year is None:
            if doc.meta.get("year") not in (None, ""):
                continue  # a malformed year is reported by the reader
            where = f"按标题认定为 {year} 年度" if year else "标题中也没有年份，无法确定报告年度"
            findings.append(
                ReportFinding(
                    "no_year",
                    doc.org,
                    year or 0,
                    doc.path,
                    "year",
                    f"年度报告缺少“year”（报告年度）：{where}，请写明 year",
                    doc.line("title"),
                )
            )
        if year is not None:
            holders[(doc.org, year)].append(doc)
    out = {}
    for key, docs in holders.items():
        out[key] = docs[0]
        if len(docs) > 1:
            names = "、".join(d.path for d in docs)
            for doc in docs:
                findings.append(
                    ReportFinding(
                        "duplicate",
                        key[0],
                        key[1],
                        doc.path,
                        "year",
                        f"{key[1]} 年度报告不止一份：{names}；每个机构每年只能有一份",
                        doc.line("year") or doc.line("title"),
                        error=True,
                    )
                )
    return out


def _carry_in_out(report: Report) -> tuple[dict[str, int], dict[str, int]] | None:
    """(二 by column, 四 by column) of a report, computed or typed; None when unknown."""
    if report.table_b is not None:
        return report.table_b.carried_in, report.table_b.carried_out
    if report.typed is not None and report.typed.table_b:
        b = report.typed.table_b
        return b.get(typed.B_CARRIED_IN, {}), b.get(typed.B_CARRIED_OUT, {})
    return None


def _carry_over(out: Reports) -> None:
    """四 of year Y = 二 of year Y + 1 in every column, computed or hand-entered."""
    for (org_id, year), report in sorted(out.by_key.items()):
        following = out.by_key.get((org_id, year + 1))
        if following is None or report.doc is None or following.doc is None:
            continue
        if year < FORMAT_2021:
            continue
        this, nxt = _carry_in_out(report), _carry_in_out(following)
        if this is None or nxt is None:
            continue
        for column in typed.B_COLUMNS:
            out_n, in_n = this[1].get(column), nxt[0].get(column)
            if out_n is None or in_n is None or out_n == in_n:
                continue
            out.findings.append(
                ReportFinding(
                    CARRY_OVER,
                    org_id,
                    year + 1,
                    following.doc.path,
                    "body",
                    f"表三“{column}”列：{year} 年度报告（{report.doc.path}）的“四、结转下年度继续办理”为 {out_n}，"
                    f"{year + 1} 年度报告（{following.doc.path}）的“二、上年结转政府信息公开申请数量”为 {in_n}，两者应相等",
                )
            )


def _deadlines(org: Org, docs: list[Document], out: Reports, today: dt.date) -> None:
    """Late and missing reports (条例 Art. 49), from the organisation's first year: the first year
    with a published document, or an earlier year a report of its reports on (a report on the
    first year is published only in the next), and never before 2008 (the 条例 took effect on
    2008-05-01)."""
    years = [d.published.year for d in docs if d.published]
    years += [year for org_id, year in out.by_key if org_id == org.id]
    if not years:
        return
    first = max(min(years), FIRST_REPORT_YEAR)
    for year in range(first, today.year):
        due = due_date(org, year)
        report = out.by_key.get((org.id, year))
        doc = report.doc if report else None
        if doc is not None and doc.attribute == PROACTIVE and not doc.scheduled:
            if doc.published and doc.published > due:
                out.findings.append(
                    ReportFinding(
                        LATE,
                        org.id,
                        year,
                        doc.path,
                        "published",
                        f"“{org.name}”{year} 年度报告 {doc.published.isoformat()} 发布，"
                        f"晚于规定的 {due.isoformat()}（《政府信息公开条例》第四十九条）",
                        doc.line("published"),
                        due=due,
                        published=doc.published,
                    )
                )
        elif due < today:
            out.findings.append(
                ReportFinding(
                    MISSING,
                    org.id,
                    year,
                    doc.path if doc else "",
                    "year",
                    f"“{org.name}”{year} 年度报告应于 {due.isoformat()} 前发布，至今没有"
                    + ("（文件尚未到发布日期）" if doc else ""),
                    due=due,
                )
            )


def report_problems(reports: Reports, problems: Collector) -> None:
    """The findings validation reports: errors and warnings on files and keys (late and missing
    reports are for the audit only)."""
    for f in reports.findings:
        if f.kind in (LATE, MISSING):
            continue
        (problems.error if f.error else problems.warn)(f.path, f.key, f.message, f.line)


def misfiled_documents(documents: Iterable[Document], problems: Collector) -> None:
    """条例 Art. 20(一): 规章 and 行政规范性文件 are published; one that is not is a warning (it never
    counts in Table A)."""
    for doc in documents:
        if doc.parse_failed or doc.category not in (RULES, NORMATIVE):
            continue
        if doc.attribute != PROACTIVE:
            problems.warn(
                doc.path,
                "attribute",
                f"文件类型为{doc.category}，但公开属性是“{doc.attribute}”：《政府信息公开条例》"
                "第二十条第（一）项要求主动公开；年度报告不统计本文件",
                doc.line("attribute"),
            )
