"""Document and listing pages for a reader on a phone (issue 17, parts 3-5): attachments by
title, the columns of a listing, the collapsible metadata box, search metadata, and the policy
library's facet pages (counts equal to the public documents)."""

from __future__ import annotations

import re

import pytest
from helpers import PDF, POLICY, built, doc, public_notice, soup

from disclosure_portal.plan.pages import VALIDITY_SLUGS


def _policy(title: str, org: str, published: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": org,
        "type": "政策文件",
        "catalog": "shjz-01",
        "written": published,
        "published": published,
        "interpretation_exempt": "测试",
        **extra,
    }
    return doc(front, f"{title}的正文。\n")


def _withheld_policy(title: str, org: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "不予公开",
        "attribute_basis": "《政府信息公开条例》第十六条",
        "org": org,
        "type": "政策文件",
        "catalog": "shjz-01",
        "written": "2019-05-05",
        "interpretation_exempt": "测试",
        **extra,
    }
    return doc(front, "内部正文。\n")


LIBRARY = {
    "content/mzj/2025/a.md": _policy(
        "甲办法", "mzj", "2025-03-01", topic="民政、扶贫、救灾", doc_number="溪山民发〔2025〕7号"
    ),
    "content/mzj/2025/b.md": _policy("乙办法", "mzj", "2025-04-01", topic="民政、扶贫、救灾"),
    "content/mzj/2024/c.md": _policy(
        "丙办法",
        "mzj",
        "2024-04-01",
        topic="综合政务",
        validity="废止",
        abolished="2025-03-01",
        summary="丙办法的内容概述。",
    ),
    "content/qsz/2024/d.md": _policy(
        "丁办法", "qsz", "2024-05-01", validity="失效", abolished="2025-01-01"
    ),
    # withheld: a year (2019), an issuer (qzfb) and a topic of their own, never counted
    "content/qzfb/2019/w.md": _withheld_policy("戊内部办法", "qzfb", topic="内部专用主题"),
    "content/mzj/2025/w2.md": _withheld_policy("己内部办法", "mzj", topic="民政、扶贫、救灾"),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    from helpers import BASE_FILES, Project, mkdocs_yml

    project = Project(tmp_path_factory.mktemp("lib") / "portal")
    project.write({"mkdocs.yml": mkdocs_yml(), **BASE_FILES, **LIBRARY})
    return built(project)


def _filters(page) -> dict[str, dict[str, int]]:
    """Filter rows of a listing: group label -> {link text -> count}."""
    out = {}
    for nav in page.select("nav.portal-filter"):
        label = nav.select_one(".portal-filter__label").get_text(strip=True).rstrip("：")
        links = {}
        for a in nav.select("a, .portal-filter__current"):
            m = re.fullmatch(r"(.+)（(\d+)）", a.get_text(strip=True))
            links[m.group(1)] = int(m.group(2))
        out[label] = links
    return out


def _rows(page) -> list[str]:
    return [
        a.get_text(strip=True) for a in page.select("table.portal-list td.portal-list__title > a")
    ]


def test_attachments_are_shown_by_title_or_by_number(project):
    policy = POLICY.replace(
        "attachments:\n- files/dibao-biaozhun.pdf\n",
        "attachments:\n- path: files/dibao-biaozhun.pdf\n  title: 城乡低保标准表\n- files/jiuzhu-tujie.pdf\n",
    )
    site = built(
        project,
        {
            "content/mzj/2025/dibao.md": policy,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2025/files/jiuzhu-tujie.pdf": PDF + b"2",
        },
    )
    page = soup(site / "mzj/2025/dibao/index.html")
    items = page.select(".portal-attachments li")
    assert [li.a.get_text(strip=True) for li in items] == ["城乡低保标准表", "附件2"]
    assert re.fullmatch(r"附件2（PDF，\d+ B）", items[1].get_text(strip=True))
    assert "jiuzhu" not in items[1].get_text()  # never a (pinyin) file name
    assert (site / "mzj/2025/files/jiuzhu-tujie.pdf").read_bytes() == PDF + b"2"


def test_metadata_box_collapses_and_stays_out_of_the_search_snippets(library):
    page = soup(library / "mzj/2025/a/index.html")
    box = page.select_one("details.portal-meta-box")
    assert box.has_attr("open") and box.has_attr("data-pagefind-ignore")
    summary = box.summary.get_text(" ", strip=True)
    assert "发文字号：溪山民发〔2025〕7号" in summary and "发布日期：2025-03-01" in summary
    assert box.select_one("table.portal-meta")
    assert page.select_one("h1.portal-doc__title").get_text(strip=True) == "甲办法"
    # the number stays searchable, weighted, outside the box
    keys = page.select_one(".portal-search-keys")
    assert "溪山民发〔2025〕7号" in keys.get_text()
    assert keys.find_parent(attrs={"data-pagefind-body": True})


def test_document_pages_carry_search_filters_and_validity(library):
    page = soup(library / "mzj/2024/c/index.html")
    filters = {s["data-pagefind-filter"] for s in page.select("[data-pagefind-filter]")}
    # day: the results page sorts by date through it (theme/assets/portal-search.js)
    assert filters == {
        "year:2024",
        "day:2024-04-01",
        "org:测试区民政局",
        "type:政策文件",
        "validity:废止",
    }
    metas = {s["data-pagefind-meta"] for s in page.select("[data-pagefind-meta]")}
    assert "validity:废止" in metas


def test_single_type_listings_have_no_type_column(library):
    for listing in ("policies/index.html", "policies/year-2025/index.html", "notices/index.html"):
        heads = [
            th.get_text(strip=True) for th in soup(library / listing).select(".portal-list th")
        ]
        assert "类别" not in heads, listing
    everything = soup(library / "disclosure/mzj/all/index.html")
    assert "类别" in [th.get_text(strip=True) for th in everything.select(".portal-list th")]


def test_policy_listing_shows_summary_and_number(library):
    page = soup(library / "policies/index.html")
    row = next(td for td in page.select("td.portal-list__title") if td.a.get_text() == "丙办法")
    assert row.select_one(".portal-list__summary").get_text(strip=True) == "丙办法的内容概述。"
    number = next(td for td in page.select("td.portal-list__title") if td.a.get_text() == "甲办法")
    assert number.select_one(".portal-docno").get_text(strip=True) == "溪山民发〔2025〕7号"


def test_facet_pages_count_exactly_the_public_policies(library):
    root = soup(library / "policies/index.html")
    filters = _filters(root)
    assert filters == {
        "年份": {"全部": 4, "2025年": 2, "2024年": 2},
        "发布机构": {"全部": 4, "测试区民政局": 3, "测试区青石镇人民政府": 1},
        "有效性": {"全部": 4, "有效": 2, "失效": 1, "废止": 1},
        "主题": {"全部": 4, "民政、扶贫、救灾": 2, "综合政务": 1},
    }
    expected = {
        "year-2025": {"甲办法", "乙办法"},
        "year-2024": {"丙办法", "丁办法"},
        "org-mzj": {"甲办法", "乙办法", "丙办法"},
        "org-qsz": {"丁办法"},
        f"validity-{VALIDITY_SLUGS['有效']}": {"甲办法", "乙办法"},
        f"validity-{VALIDITY_SLUGS['失效']}": {"丁办法"},
        f"validity-{VALIDITY_SLUGS['废止']}": {"丙办法"},
    }
    for slug, titles in expected.items():
        page = soup(library / f"policies/{slug}/index.html")
        assert set(_rows(page)) == titles, slug
        assert f"共 {len(titles)} 条" in page.get_text(), slug
        assert page.select_one(".portal-filter__current[aria-current]"), slug
    topics = sorted(p.name for p in (library / "policies").glob("topic-*"))
    assert topics == ["topic-1", "topic-2"]
    assert {frozenset(_rows(soup(library / f"policies/{t}/index.html"))) for t in topics} == {
        frozenset({"甲办法", "乙办法"}),
        frozenset({"丙办法"}),
    }
    # a facet only withheld documents have is no page
    assert not (library / "policies/year-2019").exists()
    assert not (library / "policies/org-qzfb").exists()
    assert "内部专用主题" not in root.get_text()


def test_facet_pages_are_paginated(project):
    files = {
        f"content/mzj/2025/p{i}.md": _policy(f"编号{i:02d}办法", "mzj", f"2025-03-{i + 1:02d}")
        for i in range(25)
    }
    site = built(project, files)
    first = soup(site / "policies/year-2025/index.html")
    assert len(_rows(first)) == 20 and "第 1 / 2 页" in first.get_text()
    second = soup(site / "policies/year-2025/2/index.html")
    assert len(_rows(second)) == 5
    assert _filters(second)["年份"]["2025年"] == 25


def test_home_page_listing_keeps_its_type_column(project):
    site = built(project, {"content/mzj/2025/n2.md": public_notice("另一条通知")})
    heads = [th.get_text(strip=True) for th in soup(site / "index.html").select(".portal-list th")]
    assert "类别" in heads
