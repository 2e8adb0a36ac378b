"""Every organisation's 政府信息公开 platform has the same first-level columns, in a fixed order,
and the generated pages come from public documents and approved catalogs only."""

from __future__ import annotations

import datetime as dt

from factories import catalog, document, item, registry

from disclosure_portal.model.records import Column, Org
from disclosure_portal.plan.pages import build_pages
from disclosure_portal.plan.platform import empty_columns, platform_columns
from disclosure_portal.plan.publish import decide

FIXED = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]

MZJ = Org(
    id="mzj",
    name="测试区民政局",
    kind="区政府部门",
    domains=("shjz",),
    columns=(
        Column(name="救助资金公示", items=("shjz-01",)),
        Column(name="通知公告栏", types=("通知公告",)),
    ),
)


def test_fixed_columns_then_domains_then_custom_columns():
    columns = platform_columns(MZJ, [], registry((MZJ,)))
    assert [c.title for c in columns] == [*FIXED, "社会救助", "救助资金公示", "通知公告栏"]
    assert [c.key for c in columns][:4] == [
        "disclosure/mzj/guide",
        "disclosure/mzj/rules",
        "disclosure/mzj/statutory",
        "disclosure/mzj/annual-reports",
    ]


def test_an_organisation_without_domains_has_the_fixed_columns_only():
    qsz = Org(id="qsz", name="青石镇", kind="乡镇")
    assert [c.title for c in platform_columns(qsz, [], registry())] == FIXED


def test_unapproved_domain_catalog_is_absent():
    columns = platform_columns(MZJ, [], registry((MZJ,), shjz_status="已送审"))
    assert "社会救助" not in [c.title for c in columns]


def test_documents_land_in_their_columns_newest_first_with_item_subcolumns():
    guide = document("g.md", type="公开指南", catalog="fdzdgk-02")
    old = document("a.md", catalog="fdzdgk-02", published=dt.date(2025, 1, 1))
    new = document("b.md", catalog="fdzdgk-02", published=dt.date(2025, 2, 1))
    relief = document("c.md", type="工作动态", catalog="shjz-01")
    columns = {
        c.title: c for c in platform_columns(MZJ, [guide, old, new, relief], registry((MZJ,)))
    }
    assert [d.src for d in columns["政府信息公开指南"].docs] == ["g.md"]
    assert [d.src for d in columns["法定主动公开内容"].docs] == ["g.md", "b.md", "a.md"]
    assert [c.title for c in columns["法定主动公开内容"].children] == ["工作信息 · 通知公告"]
    assert [d.src for d in columns["社会救助"].docs] == ["c.md"]
    assert [d.src for d in columns["救助资金公示"].docs] == ["c.md"]  # by catalog item
    assert {d.src for d in columns["通知公告栏"].docs} == {"a.md", "b.md"}  # by type


def test_empty_columns_are_named():
    notice = document(catalog="fdzdgk-02")
    assert empty_columns(MZJ, [notice], registry((MZJ,))) == [
        "政府信息公开指南",
        "政府信息公开制度",
        "政府信息公开年报",
        "社会救助",
        "救助资金公示",
    ]


def pages_of(documents, reg=None):
    reg = reg or registry((MZJ,))
    return {p.src_uri: p for p in build_pages(decide(documents, frozenset()), reg, (), 20)}


def test_build_pages_lists_only_public_documents():
    public = document("mzj/2025/a.md", title="公开")
    withheld = document("mzj/2025/w.md", title="内部", attribute="不予公开")
    pages = pages_of([public, withheld])
    listed = {d.src for p in pages.values() for d in p.items}
    assert listed == {"mzj/2025/a.md"}
    assert pages["disclosure/index.md"].counts == {"mzj": 1}
    assert "notices/index.md" in pages and "policies/index.md" not in pages


def test_build_pages_has_catalog_pages_for_approved_catalogs_only():
    extra = catalog("ylfw", "养老服务", (item("ylfw-01", "ylfw"),), status="已送审")
    pages = pages_of([document(catalog="shjz-01")], registry((MZJ,), extra=(extra,)))
    assert "catalog/shjz/index.md" in pages and "catalog/shjz/shjz-01/index.md" in pages
    assert not any(uri.startswith("catalog/ylfw") for uri in pages)
    entry = pages["catalog/index.md"]
    by_code = {domain.code: (cat, count) for domain, cat, count in entry.domains}
    assert by_code["shjz"][1] == 1 and by_code["ylfw"] == (None, 0)


def test_interpretation_column_by_form_and_organisation():
    interp = document("mzj/2025/i.md", type="政策解读", interprets=("p1",), form="图表图解")
    pages = pages_of([interp])
    assert "interpretations/index.md" in pages
    form_pages = [
        uri
        for uri in pages
        if uri.startswith("interpretations/") and uri != "interpretations/index.md"
    ]
    assert len(form_pages) == 1 and [d.src for d in pages[form_pages[0]].items] == ["mzj/2025/i.md"]
    assert "disclosure/mzj/interpretations/index.md" in pages
