"""The 政务新媒体 page (newmedia/): the accounts in operation by sponsor and the closed ones with
their dates, and nothing else of catalogs/newmedia.yml (no observation dates, filing numbers or
notes) anywhere in the output. A broken registry stops the build before the site is touched."""

from __future__ import annotations

import pytest
from helpers import built, find_markers, soup

PATH = "catalogs/newmedia.yml"

SECRET = {
    "filing_open": "QXNMFILING开设备〔2019〕71号",
    "filing_change": "QXNMFILING变更备〔2023〕72号",
    "filing_close": "QXNMFILING关停备〔2024〕73号",
    "note_change": "QXNMNOTE更名说明甲",
    "note_notice": "QXNMNOTE关停公告说明乙",
    "note_close": "QXNMNOTE关停原因丙",
    "last_post": "2023-07-19",
    "observed": "2023-07-21",
    "last_post_2": "2023-07-13",
    "observed_2": "2023-07-22",
}

REGISTRY = f"""\
# 测试区政务新媒体
- id: qzfb-wx
  name: 测试发布
  platform: 微信公众号
  account: ceshifabu
  url: https://weixin.example/ceshifabu?from=a&x=<b>
  sponsor: qzfb
  status: 正常
  events:
    - type: 开设
      date: 2019-03-15
      filing_no: {SECRET["filing_open"]}
    - type: 变更
      date: 2023-06-01
      filing_no: {SECRET["filing_change"]}
      note: {SECRET["note_change"]}
  last_post: {SECRET["last_post"]}
  observed: {SECRET["observed"]}
- id: mzj-dy
  name: 测试民政<i>视频</i>
  platform: 抖音
  account: ceshiminzheng
  url: https://douyin.example/ceshiminzheng
  sponsor: mzj
  supervisor: qzfb
  status: 正常
  events:
    - type: 开设
      date: 2021-05-10
  last_post: {SECRET["last_post_2"]}
  observed: {SECRET["observed_2"]}
- id: mzj-wb
  name: 测试民政微博
  platform: 新浪微博
  sponsor: mzj
  status: 已关停
  events:
    - type: 开设
      date: 2016-11-08
    - type: 关停公告
      date: 2024-03-01
      note: {SECRET["note_notice"]}
    - type: 关停
      date: 2024-04-01
      filing_no: {SECRET["filing_close"]}
      note: {SECRET["note_close"]}
"""


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")


def test_the_page_lists_the_accounts_and_nothing_else(project):
    site = built(project, {PATH: REGISTRY})
    page = soup(site / "newmedia" / "index.html")
    assert page.find("h1").get_text(strip=True) == "政务新媒体"
    text = page.get_text(" ", strip=True)
    for shown in ("测试区人民政府办公室", "测试发布", "微信公众号", "ceshifabu", "测试区民政局"):
        assert shown in text
    # an editor's text is text: printed escaped, never as markup
    assert "测试民政<i>视频</i>" in text and page.find("i", string="视频") is None
    links = [a["href"] for a in page.find_all("a") if "example" in a.get("href", "")]
    assert "https://weixin.example/ceshifabu?from=a&x=<b>" in links
    assert "https://douyin.example/ceshiminzheng" in links
    # the closed account with its notice and closing dates
    assert "测试民政微博" in text and "已关停" in text
    assert "2024-03-01" in text and "2024-04-01" in text
    # sponsors in orgs.yml order: 测试区人民政府办公室 before 测试区民政局
    headings = [h.get_text(strip=True) for h in page.find_all("h3")]
    assert headings == ["测试区人民政府办公室", "测试区民政局"]
    # nothing else of the registry, anywhere in the output
    assert find_markers(site, list(SECRET.values())) == []


def test_the_directory_links_the_page(project):
    site = built(project, {PATH: REGISTRY})
    directory = soup(site / "disclosure" / "index.html")
    hrefs = [a["href"] for a in directory.find_all("a", string="政务新媒体")]
    assert hrefs and hrefs[0].rstrip("/").endswith("newmedia")


def test_no_registry_no_page(project):
    site = built(project)
    assert not (site / "newmedia").exists()
    directory = soup(site / "disclosure" / "index.html")
    assert directory.find("a", string="政务新媒体") is None


def test_a_broken_registry_stops_the_build_and_keeps_the_site(project):
    site = built(project, {PATH: REGISTRY})
    page = site / "newmedia" / "index.html"
    before = page.read_bytes()
    broken = (
        REGISTRY.replace("sponsor: qzfb", "sponsor: nosuch")
        .replace("url: https://douyin.example/", "url: http://douyin.example/")
        .replace("status: 已关停", "status: 已注销")
    )
    project.write({PATH: broken})
    result = project.mkdocs("build")
    assert result.returncode != 0
    for key in ("qzfb-wx.sponsor", "mzj-dy.url", "mzj-wb.status"):
        assert f"{PATH}:{key}:" in result.stderr, result.stderr[-3000:]
    assert page.read_bytes() == before  # validation failed: the previous site stays
