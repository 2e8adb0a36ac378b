"""The 政府网站工作年度报表 pages and the office on both pages, in a real build: website-reports/<year>/
for each completed year, 信息发布 counts equal to a hand count of the public documents, 移动新媒体
rows matching the registry, 未填报 without a data file, listed with the 年报; the 依申请公开 page and
the 公开指南 page give the same office, the 申请表 link, online submission only where named."""

from __future__ import annotations

import pytest
from helpers import (
    BASE_FILES,
    ORGS,
    PDF,
    Project,
    built,
    doc,
    linshi_interpretation,
    linshi_policy,
    mkdocs_yml,
    soup,
)

DISTRICT = """- id: qzf
  name: 测试区人民政府
  kind: 区政府
  code: 11500299009134103J
  office:
    name: 测试区人民政府办公室政务公开科
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65120001"
"""
MZJ_OFFICE = """    phone: "023-65120102"
"""
ORGS_WITH = DISTRICT + ORGS.replace(
    MZJ_OFFICE, MZJ_OFFICE + "    form: mzj/2025/files/shenqingbiao.pdf\n", 1
).replace(
    '    phone: "023-65210001"\n',
    '    phone: "023-65210001"\n    online: https://zwfw.test.example.gov.cn/xxgk\n',
    1,
)
NEWMEDIA = """\
- id: wx
  name: 测试民政
  platform: 微信公众号
  sponsor: mzj
  status: 正常
  events:
    - {type: 开设, date: 2020-01-01, filing_no: 备1}
  last_post: 2026-11-20
  observed: 2026-11-21
- id: wb
  name: 测试民政微博
  platform: 新浪微博
  sponsor: mzj
  status: 已关停
  events:
    - {type: 开设, date: 2020-01-01, filing_no: 备2}
    - {type: 关停公告, date: 2024-12-01}
    - {type: 关停, date: 2025-01-10, filing_no: 备3}
- id: dy
  name: 测试青石
  platform: 抖音
  sponsor: qsz
  status: 正常
  events:
    - {type: 开设, date: 2025-06-01, filing_no: 备4}
  last_post: 2026-11-20
  observed: 2026-11-21
"""
DATA_2025 = """\
published: 2026-01-20
visitors: 1000
services:
  items: 12
"""


def _dated(title, doc_type, published, org="mzj", **extra):
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": org,
        "type": doc_type,
        "catalog": "fdzdgk-02",
        "published": published,
        **extra,
    }
    return doc(front, f"{title}。\n")


GUIDE = doc(
    {
        "title": "测试区民政局政府信息公开指南",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "公开指南",
        "catalog": "fdzdgk-02",
        "published": "2025-01-15",
        "attachments": [{"path": "files/shenqingbiao.pdf", "title": "政府信息公开申请表"}],
    },
    "受理机构：民政局办公室。电话：023-65120102。\n",
)

FILES = {
    "mkdocs.yml": mkdocs_yml(),
    **BASE_FILES,  # a 通知公告 of 2025-03-03
    "catalogs/orgs.yml": ORGS_WITH,
    "catalogs/newmedia.yml": NEWMEDIA,
    "catalogs/website-reports/2025.yml": DATA_2025,
    "content/mzj/2025/policy.md": linshi_policy(),
    "content/mzj/2025/interp.md": linshi_interpretation(),
    "content/mzj/2025/guide.md": GUIDE,
    "content/mzj/2025/files/shenqingbiao.pdf": PDF,
    "content/mzj/2025/news1.md": _dated("民政局开展救助复核", "工作动态", "2025-05-06"),
    "content/mzj/2025/news2.md": _dated("民政局开展走访慰问", "工作动态", "2025-12-31"),
    "content/qsz/2024/n.md": _dated("青石镇通知", "通知公告", "2024-04-01", org="qsz"),
    "content/qzf/2026/nianbao.md": _dated(
        "测试区人民政府2025年政府信息公开工作年度报告",
        "年度报告",
        "2026-03-20",
        org="qzf",
        year="2025",
    ),
    # scheduled for after the build date: public in no year yet
    "content/mzj/2025/later.md": _dated("定时发布的通知", "通知公告", "2099-01-01"),
}
# the public documents of 2025 by kind, counted by hand: 政务动态 = the base notice and two news
# items; 信息公开目录 = the policy, its interpretation and the guide
HAND_2025 = {"总数": "6", "概况类": "0", "政务动态": "3", "信息公开目录": "3"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("website") / "portal")
    return built(project, FILES)


def _rows(page, title: str) -> dict[str, str]:
    section = next(s for s in page.select("section") if s.select_one("h2").get_text() == title)
    return {
        tr.select_one("th").contents[0].strip(): tr.select_one("td").get_text(strip=True)
        for tr in section.select("tbody tr")
    }


def test_a_page_for_each_completed_year(site):
    assert (site / "website-reports/2024/index.html").is_file()  # the first document's year
    assert (site / "website-reports/2025/index.html").is_file()
    assert not (site / "website-reports/2026/index.html").exists()  # not ended
    assert not (site / "website-reports/2023/index.html").exists()  # before the site's content


def test_information_published_equals_a_hand_count(site):
    page = soup(site / "website-reports/2025/index.html")
    assert page.select_one("h1").get_text() == "2025年度政府网站工作年度报表"
    column = page.select_one('head meta[name="ColumnName"]')["content"]
    assert column == "政府网站工作年度报表"
    assert _rows(page, "信息发布（单位：条）") == HAND_2025
    assert (
        _rows(soup(site / "website-reports/2024/index.html"), "信息发布（单位：条）")["总数"] == "1"
    )
    interpretation = _rows(page, "解读回应")
    assert interpretation["解读信息发布总数（条）"] == "1"
    assert interpretation["按解读形式：文字解读（条）"] == "1"


def test_new_media_rows_match_the_registry(site):
    rows_2025 = _rows(soup(site / "website-reports/2025/index.html"), "移动新媒体")
    assert rows_2025 == {
        "是否有移动新媒体": "是",
        "微信公众号": "1 个：测试民政",
        "新浪微博": "1 个：测试民政微博",  # closed on 2025-01-10: in operation in 2025
        "抖音": "1 个：测试青石",
    }
    rows_2024 = _rows(soup(site / "website-reports/2024/index.html"), "移动新媒体")
    assert set(rows_2024) == {"是否有移动新媒体", "微信公众号", "新浪微博"}


def test_figures_of_the_data_file_or_not_filed(site):
    page = soup(site / "website-reports/2025/index.html")
    assert _rows(page, "网站基本信息")["独立用户访问总量（个）"] == "1000"
    assert _rows(page, "网站基本信息")["网站总访问量（次）"] == "未填报"
    assert _rows(page, "办事服务")["政务服务事项数量（项）"] == "12"
    assert "发布日期：2026-01-20" in page.get_text()
    old = soup(site / "website-reports/2024/index.html")
    assert set(_rows(old, "安全防护").values()) == {"未填报"}
    assert set(_rows(old, "创新发展").values()) == {"未填报"}


def test_listed_with_the_annual_reports(site):
    def links(page):
        return {
            a.get_text(strip=True): a["href"]
            for a in page.select(".portal-website-reports a[href]")
        }

    listing = links(soup(site / "annual-reports/index.html"))
    assert list(listing) == ["2025年度政府网站工作年度报表", "2024年度政府网站工作年度报表"]
    assert (
        site / "annual-reports" / listing["2025年度政府网站工作年度报表"] / "index.html"
    ).is_file()
    assert list(links(soup(site / "disclosure/qzf/index.html"))) == list(listing)
    assert links(soup(site / "disclosure/mzj/index.html")) == {}  # a department's page: none


def _office(page) -> dict[str, str]:
    box = page.select_one("dl.portal-office")
    return {
        dt.get_text(strip=True): dd.get_text(strip=True)
        for dt, dd in zip(box.select("dt"), box.select("dd"), strict=True)
    }


def test_the_guide_page_and_the_on_request_page_give_the_same_office(site):
    on_request = soup(site / "disclosure/mzj/on-request/index.html")
    guide = soup(site / "mzj/2025/guide/index.html")
    assert _office(on_request) == _office(guide)
    assert _office(guide)["联系电话"] == "023-65120102"
    assert _office(guide)["办公地址"] == "测试区政务路1号"


def test_the_on_request_page_links_the_form_and_says_how_to_apply(site):
    page = soup(site / "disclosure/mzj/on-request/index.html")
    form = page.select_one("a.portal-office__form")
    target = (site / "disclosure/mzj/on-request" / form["href"]).resolve()
    assert target == (site / "mzj/2025/files/shenqingbiao.pdf").resolve() and target.is_file()
    apply = page.select_one("ul.portal-apply").get_text(" ", strip=True)
    assert "当面提交" in apply and "邮寄" in apply
    assert "在线" not in page.get_text()  # the office names no online address
    township = soup(site / "disclosure/qsz/on-request/index.html")
    online = township.select_one('ul.portal-apply a[href^="https://zwfw."]')
    assert online is not None and "在线提交" in online.parent.get_text()
    assert township.select_one("a.portal-office__form") is None  # it has no form
