"""村（居）务公开 (SPEC: Village affairs): the `period` of a committee's documents, the periods
of a year by cadence, their due dates and the periods missing at a date.

Pure functions of the records: the audit (report/villages.py) and the platform page
(plan/platform.py) use them; validation calls check_village_document for each document.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document, Org, VillageCatalog, VillageItem
from disclosure_portal.model.vocab import (
    ANY_TIME,
    APPROVED,
    MONTHLY,
    PROACTIVE,
    QUARTERLY,
    VILLAGE,
    YEARLY,
)

PERIOD_FORMS = {MONTHLY: "YYYY-MM", QUARTERLY: "YYYYQn（n 为 1-4）", YEARLY: "YYYY"}
CADENCE_WORDS = {MONTHLY: "按月", QUARTERLY: "按季", YEARLY: "按年", ANY_TIME: "随时"}
_PERIOD_RES = {
    MONTHLY: re.compile(r"^(?P<year>\d{4})-(?P<n>0[1-9]|1[0-2])$"),
    QUARTERLY: re.compile(r"^(?P<year>\d{4})Q(?P<n>[1-4])$"),
    YEARLY: re.compile(r"^(?P<year>\d{4})$"),
}


@dataclass(frozen=True, slots=True)
class Period:
    """A period as written: its cadence, year and number (month 1-12, quarter 1-4, 1 for a year)."""

    cadence: str
    year: int
    n: int

    @property
    def text(self) -> str:
        """The period as the `period` key writes it."""
        if self.cadence == MONTHLY:
            return f"{self.year}-{self.n:02d}"
        if self.cadence == QUARTERLY:
            return f"{self.year}Q{self.n}"
        return f"{self.year}"

    @property
    def last_month(self) -> int:
        """The period's last month (1-12)."""
        return {MONTHLY: self.n, QUARTERLY: 3 * self.n}.get(self.cadence, 12)

    @property
    def due(self) -> dt.date:
        """The last day of the month after the period ends *(judgement: SPEC)*."""
        year, month = (
            (self.year + 1, 1) if self.last_month == 12 else (self.year, self.last_month + 1)
        )
        return dt.date(year, month, calendar.monthrange(year, month)[1])

    def sort_key(self) -> tuple[int, int]:
        """Later periods sort higher; a year sorts with its December."""
        return (self.year, self.last_month)


def parse_period(text: str) -> Period | None:
    """The period `text` is written as (any of the three forms), or None."""
    for cadence, pattern in _PERIOD_RES.items():
        if m := pattern.match(text):
            n = int(m.group("n")) if "n" in pattern.groupindex else 1
            return Period(cadence, int(m.group("year")), n)
    return None


def periods_of(cadence: str, year: int) -> list[Period]:
    """Every period of `year` for a cadence (none for 随时)."""
    count = {MONTHLY: 12, QUARTERLY: 4, YEARLY: 1}.get(cadence, 0)
    return [Period(cadence, year, n) for n in range(1, count + 1)]


def approved(villages: dict[int, VillageCatalog]) -> dict[int, VillageCatalog]:
    """The approved village catalogs by year (先审后发: the others are neither used nor shown)."""
    return {year: c for year, c in sorted(villages.items()) if c.status == APPROVED}


def find_item(villages: dict[int, VillageCatalog], item_id: str, year: int) -> VillageItem | None:
    """The item `item_id` of the approved catalog of `year`, if both exist."""
    catalog = approved(villages).get(year)
    return next((i for i in catalog.items if i.id == item_id), None) if catalog else None


def latest_item(
    villages: dict[int, VillageCatalog], item_id: str, *, only_approved: bool = True
) -> VillageItem | None:
    """The item `item_id` as the latest catalog that has it describes it."""
    pool = approved(villages) if only_approved else dict(sorted(villages.items()))
    found = None
    for catalog in pool.values():
        found = next((i for i in catalog.items if i.id == item_id), found)
    return found


def check_village_document(
    doc: Document,
    org: Org | None,
    villages: dict[int, VillageCatalog],
    problems: Collector,
) -> None:
    """The village-catalog rules of one document: its organisation, and its `period` (form per
    the item's cadence in the catalog of the period's year; required under 月/季/年)."""
    item = latest_item(villages, doc.catalog, only_approved=False)
    if item is None:  # not a village item
        if doc.period:
            problems.warn(
                doc.path,
                "period",
                "“period”（公开期间）只用于村（居）务公开目录中按月、按季、按年公开的事项，"
                f"目录事项“{doc.catalog or '（未填写）'}”不是，本项不起作用",
                doc.line("period"),
            )
        return
    line = doc.line("catalog")
    if latest_item(villages, doc.catalog) is None:
        problems.warn(
            doc.path,
            "catalog",
            f"目录事项“{doc.catalog}”所在的村（居）务公开目录尚未审核，目录不在网站展示，"
            "文件仍在本村（居）的“全部信息”中发布",
            line,
        )
    if org is not None and org.kind != VILLAGE:
        problems.warn(
            doc.path,
            "catalog",
            f"目录事项“{doc.catalog}”是村（居）务公开目录的事项，而“{org.name}”是{org.kind}，"
            "不是村（居）委员会",
            line,
        )
    elif org is not None and not item.applies_to(org.id):
        problems.warn(
            doc.path,
            "catalog",
            f"目录事项“{doc.catalog}”（{item.name}）只适用于 {'、'.join(item.orgs)}，不适用于“{org.name}”",
            line,
        )
    _check_period(doc, villages, problems)


def _check_period(doc: Document, villages: dict[int, VillageCatalog], problems: Collector) -> None:
    """`period`: of the form of the item's cadence in the approved catalog of the period's year
    (any of the three forms where that year has none); required under 月/季/年."""
    line = doc.line("period")
    if doc.period:
        period = parse_period(doc.period)
        if period is None:
            problems.error(
                doc.path,
                "period",
                f"公开期间“{doc.period}”的写法无效：按月写 YYYY-MM（如 2025-03），"
                "按季写 YYYYQn（如 2025Q1），按年写 YYYY（如 2025）",
                line,
            )
            return
        item = find_item(villages, doc.catalog, period.year)
        if item is None or item.cadence not in CADENCE_WORDS:
            return  # no approved catalog of that year has the item (or its cadence is invalid,
            # reported on the catalog): accepted as written
        if item.cadence == ANY_TIME:
            problems.warn(
                doc.path,
                "period",
                f"目录事项“{item.id}”（{item.name}）在 {period.year} 年目录中是随时公开的事项，"
                "不用写“period”（公开期间）",
                line,
            )
        elif item.cadence != period.cadence:
            problems.error(
                doc.path,
                "period",
                f"目录事项“{item.id}”（{item.name}）在 {period.year} 年目录中{CADENCE_WORDS[item.cadence]}公开，"
                f"公开期间应写成 {PERIOD_FORMS[item.cadence]}，实际为“{doc.period}”",
                line,
            )
        return
    day = doc.published or doc.written
    item = find_item(villages, doc.catalog, day.year) if day else None
    item = item or latest_item(villages, doc.catalog)
    if item is not None and item.cadence in PERIOD_FORMS:
        problems.error(
            doc.path,
            "period",
            f"缺少“period”（公开期间）：目录事项“{item.id}”（{item.name}）{CADENCE_WORDS[item.cadence]}公开，"
            f"须写明本文件公开的是哪一期，写成 {PERIOD_FORMS[item.cadence]}",
            doc.line("catalog"),
        )


def period_order(docs: Iterable[Document]) -> list[Document]:
    """Documents newest period first (a document without a period by its `published` month),
    then newest `published` first."""

    def key(doc: Document) -> tuple[int, int, int]:
        period = parse_period(doc.period) if doc.period else None
        day = doc.published or dt.date.min
        year, month = period.sort_key() if period else (day.year, day.month)
        return (-year, -month, -day.toordinal())

    return sorted(docs, key=lambda d: (*key(d), d.index_no, d.src))


@dataclass(frozen=True, slots=True)
class Gap:
    """One committee, item and year with at least one due period: which are missing."""

    org: Org
    item: VillageItem
    year: int
    due: tuple[Period, ...]  # the periods due by the date
    missing: tuple[Period, ...]


def missing_periods(
    orgs: Iterable[Org],
    villages: dict[int, VillageCatalog],
    public: Iterable[Document],
    today: dt.date,
) -> list[Gap]:
    """For each committee, each item of each approved year's catalog that applies to it, the
    periods of that year due by `today` and those no public document of the committee (filed
    under the item with that `period`) covers. Only (committee, item, year) with a due period."""
    filed: set[tuple[str, str, str]] = set()
    for doc in public:
        if doc.attribute == PROACTIVE and doc.period and not doc.scheduled:
            period = parse_period(doc.period)
            filed.add((doc.org, doc.catalog, period.text if period else doc.period))
    out = []
    committees = sorted((o for o in orgs if o.kind == VILLAGE), key=lambda o: o.id)
    for org in committees:
        for year, catalog in approved(villages).items():
            for item in catalog.items:
                if not item.applies_to(org.id):
                    continue
                due = tuple(p for p in periods_of(item.cadence, year) if p.due <= today)
                if not due:
                    continue
                missing = tuple(p for p in due if (org.id, item.id, p.text) not in filed)
                out.append(Gap(org, item, year, due, missing))
    return out
