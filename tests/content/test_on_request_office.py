"""The 依申请公开 page of each administrative organ (SPEC: On-request disclosure, What the site
shows): the office from orgs.yml, the rules, the organ's guides; none for a village committee."""

from __future__ import annotations

import pytest
from helpers import ORGS, built, problems_of, soup

OFFICE = """  office:
    name: 民政局办公室
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65120102"
"""


def _orgs(office: str = OFFICE) -> str:
    assert OFFICE in ORGS  # the shared fixture gives 测试区民政局 this office
    return ORGS.replace(OFFICE, office, 1)


def test_an_organ_without_office_is_a_warning_naming_it(project):
    _, errors, warnings = problems_of(project, {"catalogs/orgs.yml": _orgs("")})
    assert errors == []
    found = [w for w in warnings if w.startswith("catalogs/orgs.yml:[1].office:")]
    assert found and "政府信息公开工作机构" in found[0]
    assert not any(w.startswith("catalogs/orgs.yml:[3].office:") for w in warnings)  # the village


@pytest.mark.parametrize("field", ["name", "address", "hours", "phone"])
def test_an_office_without_a_required_field_is_an_error_on_it(project, field):
    office = "\n".join(
        line for line in OFFICE.splitlines() if not line.strip().startswith(f"{field}:")
    )
    _, errors, _ = problems_of(project, {"catalogs/orgs.yml": _orgs(office + "\n")})
    assert any(e.startswith(f"catalogs/orgs.yml:[1].office.{field}:") for e in errors), errors


@pytest.mark.build
def test_the_page_shows_the_office_and_is_linked_from_the_platform(project):
    site = built(project, {"catalogs/orgs.yml": _orgs()})
    page = soup(site / "disclosure/mzj/on-request/index.html")
    text = page.get_text(" ", strip=True)
    assert page.select_one("h1").get_text(strip=True) == "测试区民政局 依申请公开"
    assert "民政局办公室" in text and "023-65120102" in text and "20 个工作日" in text
    platform = soup(site / "disclosure/mzj/index.html")
    assert any("on-request" in a.get("href", "") for a in platform.select("a"))
    assert not (site / "disclosure/tyc/on-request/index.html").exists()  # a village committee


REGISTER = """\
- id: T2024-001
  applicant: 自然人
  channel: 当面
  arrived: 2024-03-04
  summary: 申请公开2023年临时救助资金汇总表
  result: 予以公开
  replied: 2024-03-20
- id: T2024-002
  applicant: 商业企业
  channel: 邮寄
  arrived: 2024-12-27
  summary: 申请公开养老机构补贴发放情况
  result: 本机关不掌握相关政府信息
  replied: 2025-01-10
"""


@pytest.mark.build
def test_the_page_shows_the_registers_totals_by_completed_year_and_no_row(project):
    site = built(project, {"catalogs/requests/mzj/2024.yml": REGISTER})
    page = soup(site / "disclosure/mzj/on-request/index.html")
    rows = {
        tr.select("td")[0].get_text(strip=True): [
            td.get_text(strip=True) for td in tr.select("td")[1:]
        ]
        for tr in page.select("table.portal-list tbody tr")
    }
    assert rows["一、本年新收政府信息公开申请数量"] == ["2"]
    assert rows["三、（一）予以公开"] == ["1"] and rows["三、（四）无法提供"] == ["0"]
    assert rows["四、结转下年度继续办理"] == ["1"]  # answered in January 2025
    text = page.get_text()
    assert "T2024-001" not in text and "临时救助资金汇总表" not in text
