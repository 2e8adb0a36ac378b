"""A committee's 村务公开 page after `mkdocs build` (SPEC: Village affairs): it exists under its
title, lists the public documents by village-catalog item, and neither a non-public village
document nor the text of an unapproved village catalog reaches any output file."""

from __future__ import annotations

from bs4 import BeautifulSoup
from helpers import doc, find_markers

WITHHELD_TITLE = "QXVILLAGEWITHHELD桃源村低保对象入户核查原始记录"
WITHHELD_BODY = "QXVILLAGEBODY经入户核查七组某户家庭收入明显高于申报数额需复核"
DRAFT_NAME = "QXDRAFTNAME村级债务化解进度"
DRAFT_CONTENT = "QXDRAFTCONTENT村级债务的余额、来源和化解计划逐笔列示"

APPROVED = """\
year: 2025
status: 已审核
reviewed_on: 2025-02-14
reviewed_by: 测试区民政局
items:
  - id: cw
    name: 村级财务收支
    content: 当月收入、支出和结余
    basis: 《中华人民共和国村民委员会组织法》第三十条
    cadence: 月
  - id: jz
    name: 低保和救助对象
    content: 低保、特困和临时救助的户数、人数和金额
    basis: 《中华人民共和国村民委员会组织法》第三十条
    cadence: 季
"""

DRAFT = f"""\
year: 2026
status: 已送审
items:
  - id: zw
    name: {DRAFT_NAME}
    content: {DRAFT_CONTENT}
    basis: 《中华人民共和国村民委员会组织法》第三十条
    cadence: 季
"""


def _village_doc(title: str, period: str, published: str, body: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": "tyc",
        "type": "通知公告",
        "catalog": "cw",
        "period": period,
        "published": published,
        **extra,
    }
    return doc(front, body)


def test_the_committee_page_and_what_never_reaches_it(project):
    project.write(
        {
            "catalogs/villages/2025.yml": APPROVED,
            "catalogs/villages/2026.yml": DRAFT,
            "content/tyc/2025/cw-01.md": _village_doc(
                "桃源村2025年1月村级财务收支公开", "2025-01", "2025-02-06", "本月收入2.1万元。\n"
            ),
            "content/tyc/2025/cw-02.md": _village_doc(
                "桃源村2025年2月村级财务收支公开", "2025-02", "2025-03-06", "本月收入2.4万元。\n"
            ),
            "content/tyc/2025/hecha.md": _village_doc(
                WITHHELD_TITLE,
                "2025Q1",
                "2025-04-06",
                WITHHELD_BODY + "\n",
                attribute="不予公开",
                attribute_basis="《中华人民共和国政府信息公开条例》第十五条",
                catalog="jz",
            ),
        }
    )
    site = project.load()
    assert [str(p) for p in site.errors] == []
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    page = BeautifulSoup(
        (project.site / "disclosure/tyc/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.h1.get_text(strip=True) == "青石镇桃源村村民委员会 村务公开"
    assert "青石镇" in page.select_one(".portal-lead").get_text()  # 隶属 its township
    sections = [h.contents[0].strip() for h in page.select(".portal-column h2")]
    assert sections == ["村级财务收支（按月公开）", "低保和救助对象（按季公开）"]
    assert "政府信息公开年报" not in page.get_text()
    finance = [a.get_text(strip=True) for a in page.select(".portal-column")[0].select("a")]
    assert finance[-2:] == ["桃源村2025年2月村级财务收支公开", "桃源村2025年1月村级财务收支公开"]
    assert not (project.site / "disclosure/tyc/on-request").exists()
    directory = (project.site / "disclosure/index.html").read_text(encoding="utf-8")
    assert "青石镇桃源村村民委员会" in directory
    assert find_markers(project.site, [WITHHELD_TITLE, WITHHELD_BODY]) == []
    assert find_markers(project.site, [DRAFT_NAME, DRAFT_CONTENT, "QXDRAFT"]) == []
    check = project.portal("check-site", "site")
    assert check.returncode == 0, check.stdout


def test_the_leak_check_catches_an_unapproved_village_catalog(project):
    """Positive control: an unapproved village catalog's item text is a fingerprint."""
    project.write({"catalogs/villages/2025.yml": APPROVED, "catalogs/villages/2026.yml": DRAFT})
    assert project.mkdocs("build").returncode == 0
    planted = project.site / "planted.html"
    planted.write_text(f"<p>{DRAFT_CONTENT}</p>", encoding="utf-8")
    result = project.portal("check-site", "site")
    assert result.returncode != 0
    assert "catalogs/villages/2026.yml" in result.stdout + result.stderr
