"""Table B from the register (SPEC: Annual report), against a hand count."""

from __future__ import annotations

import datetime as dt

from disclosure_portal.model.records import Request
from disclosure_portal.rules.tableb import GROUPS, TOTAL, table_b


def row(rid, year, applicant, arrived, result="", replied=None) -> Request:
    return Request(
        org="mzj",
        year=year,
        path="x",
        id=rid,
        applicant=applicant,
        channel="当面",
        arrived=dt.date.fromisoformat(arrived),
        result=result,
        replied=dt.date.fromisoformat(replied) if replied else None,
    )


ROWS = [
    row("a", 2024, "自然人", "2024-12-20", "予以公开", "2025-01-10"),  # carried into 2025
    row("b", 2024, "商业企业", "2024-12-28"),  # still open
    row("c", 2025, "自然人", "2025-03-01", "部分公开", "2025-03-20"),
    row("d", 2025, "自然人", "2025-05-01", "属于国家秘密", "2025-05-20"),
    row("e", 2025, "法律服务机构", "2025-12-29", "其他", "2026-01-05"),  # carried out of 2025
    row("f", 2024, "自然人", "2024-03-01", "重复申请", "2024-03-10"),  # concluded before 2025
]


def test_each_row_of_2025_by_hand():
    t = table_b(ROWS, 2025)
    assert t.received["自然人"] == 2 and t.received["法律服务机构"] == 1 and t.received[TOTAL] == 3
    assert (
        t.carried_in["自然人"] == 1 and t.carried_in["商业企业"] == 1 and t.carried_in[TOTAL] == 2
    )
    assert t.results["予以公开"]["自然人"] == 1 and t.results["部分公开"][TOTAL] == 1
    assert t.results["属于国家秘密"][TOTAL] == 1 and t.results["其他"][TOTAL] == 0
    assert t.concluded() == 3
    assert (
        t.carried_out["商业企业"] == 1
        and t.carried_out["法律服务机构"] == 1
        and t.carried_out[TOTAL] == 2
    )
    assert t.group(GROUPS[2][1]) == 1  # （三）不予公开


def test_one_plus_two_equals_three_seven_plus_four_in_every_column():
    for year in (2024, 2025, 2026):
        t = table_b(ROWS, year)
        for column in t.received:
            assert (
                t.received[column] + t.carried_in[column]
                == t.concluded(column) + t.carried_out[column]
            )


def test_four_of_one_year_is_two_of_the_next():
    for year in (2024, 2025):
        assert table_b(ROWS, year).carried_out == table_b(ROWS, year + 1).carried_in


def test_the_groups_cover_the_21_results_once():
    results = [r for _, members in GROUPS for r in members]
    assert len(results) == 21 and len(set(results)) == 21
