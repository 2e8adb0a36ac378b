"""The demo, built as of 2026-12-01 (issue 24, Done when): website-reports/<year>/ for each
completed year, its 信息发布 counts equal to the demo's public documents of that year by kind, its
移动新媒体 rows equal to the registry; every organ's 公开指南 and 依申请公开 pages give the same
phone; document pages carry the six national tags; the sitemap's dates differ per page."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections import Counter

import pytest
import yaml
from helpers import ROOT, portal_env, soup

from disclosure_portal.plan.publish import is_public
from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**portal_env(), "PORTAL_TODAY": TODAY.isoformat()},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out, load_site(load_settings(ROOT), today=TODAY)


def _section(page, title: str) -> dict[str, str]:
    section = next(s for s in page.select("section") if s.select_one("h2").get_text() == title)
    return {
        tr.select_one("th").contents[0].strip(): tr.select_one("td").get_text(strip=True)
        for tr in section.select("tbody tr")
    }


def _kind(doc_type: str) -> str:
    return {"页面": "概况类", "工作动态": "政务动态", "通知公告": "政务动态"}.get(
        doc_type, "信息公开目录"
    )


def test_a_report_for_each_completed_year_counting_the_public_documents(demo):
    out, site = demo
    public = [d for d in site.documents if is_public(d) and d.published]
    years = sorted({d.published.year for d in public if d.published.year < TODAY.year})
    assert years == [2024, 2025]
    for year in years:
        page = soup(out / f"website-reports/{year}/index.html")
        counted = Counter(_kind(d.type) for d in public if d.published.year == year)
        rows = _section(page, "信息发布（单位：条）")
        assert rows == {
            "总数": str(sum(counted.values())),
            "概况类": str(counted["概况类"]),
            "政务动态": str(counted["政务动态"]),
            "信息公开目录": str(counted["信息公开目录"]),
        }
        assert int(rows["总数"]) > 0
    assert not (out / f"website-reports/{TODAY.year}").exists()


def test_new_media_rows_match_the_registry(demo):
    out, _ = demo
    accounts = yaml.safe_load((ROOT / "catalogs/newmedia.yml").read_text(encoding="utf-8"))
    for year in (2024, 2025):
        expected: dict[str, list[str]] = {}
        for a in accounts:
            opened = min(e["date"] for e in a["events"] if e["type"] == "开设")
            ended = [e["date"] for e in a["events"] if e["type"] in ("关停", "注销")]
            if opened <= dt.date(year, 12, 31) and (not ended or min(ended) >= dt.date(year, 1, 1)):
                names = expected.setdefault(a["platform"], [])
                if a["name"] not in names:
                    names.append(a["name"])
        rows = _section(soup(out / f"website-reports/{year}/index.html"), "移动新媒体")
        assert rows.pop("是否有移动新媒体") == "是"
        assert rows == {p: f"{len(n)} 个：{'、'.join(n)}" for p, n in expected.items()}


def test_every_organ_gives_one_phone_on_its_two_pages(demo):
    out, site = demo
    guides = {d.org: d for d in site.public.documents if d.type == "公开指南"}
    checked = 0
    for org in site.registry.orgs.values():
        if org.office is None:
            continue
        on_request = soup(out / f"disclosure/{org.id}/on-request/index.html")
        guide = soup(out / guides[org.id].src.removesuffix(".md") / "index.html")
        phones = {
            dd.get_text(strip=True)
            for page in (on_request, guide)
            for dt_, dd in zip(
                page.select("dl.portal-office dt"), page.select("dl.portal-office dd"), strict=True
            )
            if dt_.get_text(strip=True) == "联系电话"
        }
        assert phones == {org.office.phone}, org.id
        assert org.office.phone in guide.select_one(".portal-body").get_text()
        checked += 1
    assert checked == 7


def test_document_pages_carry_the_six_tags_and_sitemap_dates_differ(demo):
    out, site = demo
    policy = next(d for d in site.public.documents if d.type == "政策文件" and d.summary)
    page = soup(out / policy.src.removesuffix(".md") / "index.html")
    names = {m["name"] for m in page.select("head meta[name]")}
    assert {
        "SiteName",
        "SiteIDCode",
        "ColumnName",
        "ArticleTitle",
        "PubDate",
        "ContentSource",
    } <= names
    description = page.select_one('head meta[name="description"]')["content"]
    assert description == policy.summary
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = [line.strip() for line in sitemap.splitlines() if "<lastmod>" in line]
    assert len(set(lastmods)) > 20
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://xxgk.xishan.example.gov.cn/sitemap.xml" in robots


def test_planning_gives_each_document_one_row_shared_by_its_listings(demo):
    """Within planning (views.shared_rows) a document's listing row is made once and given to
    every listing showing it (the build cache's keys hold it by one digest); it is the row a
    listing gets without sharing, and outside planning each listing gets rows of its own."""
    from disclosure_portal.plan import views

    _, site = demo
    docs = [d for d in site.public.documents if d.org][:12]
    url_of = {d.src: d.src.removesuffix(".md") + "/" for d in docs}.get
    alone = views.items_view(docs, site, url_of)
    with views.shared_rows():
        first = views.items_view(docs, site, url_of)
        again = views.items_view(list(reversed(docs)), site, url_of)
        other = views.items_view(docs, site, lambda src: url_of(src))
    assert first == alone and len(first) == len(docs)
    assert all(a is b for a, b in zip(first, reversed(again), strict=True))
    assert not any(a is b for a, b in zip(first, other, strict=True))  # another resolver
    assert not any(a is b for a, b in zip(alone, views.items_view(docs, site, url_of), strict=True))
