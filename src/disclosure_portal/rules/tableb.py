"""Table B of the annual report (三、收到和处理政府信息公开申请情况), computed from the registers as SPEC
says: by applicant column, 一 + 二 = 三（七）+ 四 in every column by construction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from disclosure_portal.model.records import Request
from disclosure_portal.model.vocab import APPLICANTS, REQUEST_RESULTS
from disclosure_portal.rules.reporttables import B_GROUPS

# the six groups of 三 and the results that count in each, with short labels (for the on-request
# page; （二）without its counting note)
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (label.split("（区分")[0], results) for label, results in B_GROUPS
)
TOTAL = "总计"


@dataclass
class TableB:
    """Counts per row and applicant column (plus 总计) for one organisation and year."""

    year: int
    received: dict[str, int] = field(default_factory=dict)  # 一、本年新收
    carried_in: dict[str, int] = field(default_factory=dict)  # 二、上年结转
    results: dict[str, dict[str, int]] = field(default_factory=dict)  # result -> column -> n
    carried_out: dict[str, int] = field(default_factory=dict)  # 四、结转下年度

    def concluded(self, column: str = TOTAL) -> int:
        """三（七）总计 of a column: the sum of the 21 leaves."""
        return sum(counts.get(column, 0) for counts in self.results.values())

    def group(self, results: tuple[str, ...], column: str = TOTAL) -> int:
        """The total of a group of 三 in a column."""
        return sum(self.results.get(r, {}).get(column, 0) for r in results)


def _count(rows: list[Request]) -> dict[str, int]:
    counts = {column: 0 for column in APPLICANTS}
    for row in rows:
        counts[row.applicant] = counts.get(row.applicant, 0) + 1
    counts[TOTAL] = sum(counts[c] for c in APPLICANTS)
    return counts


def table_b(requests: list[Request], year: int) -> TableB:
    """Table B of `year` from one organisation's register rows (of every year)."""
    end = dt.date(year, 12, 31)
    table = TableB(year)
    table.received = _count([r for r in requests if r.year == year])
    table.carried_in = _count(
        [r for r in requests if r.year < year and (r.replied is None or r.replied.year >= year)]
    )
    for result in REQUEST_RESULTS:
        table.results[result] = _count(
            [r for r in requests if r.replied and r.replied.year == year and r.result == result]
        )
    table.carried_out = _count(
        [r for r in requests if r.year <= year and (r.replied is None or r.replied > end)]
    )
    return table
