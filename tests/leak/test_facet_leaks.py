"""The policy library's facet pages and the search filters never show or count a withheld
document: not by title, year, issuer, 有效性 or 主题 (issue 17, parts 4-5)."""

from __future__ import annotations

import re

from helpers import MARKERS, doc, find_markers, readable_forms, secret_files, soup

SCHEDULED = doc(
    {
        "title": "QXSCHEDULED定时发布的政策",
        "attribute": "主动公开",
        "org": "qzfb",
        "type": "政策文件",
        "catalog": "shjz-01",
        "written": "2098-12-01",
        "published": "2099-01-05",
        "topic": "QXFUTURETOPIC未来主题",
        "validity": "失效",
        "abolished": "2099-02-01",
        "interpretation_exempt": "测试",
    },
    "定时发布的正文。\n",
)


def test_facets_and_filters_hold_public_policies_only(project):
    project.write({**secret_files(), "content/qzfb/2099/scheduled.md": SCHEDULED})
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = project.site
    markers = [*MARKERS.values(), "QXSCHEDULED定时发布的政策", "QXFUTURETOPIC未来主题"]
    assert find_markers(site, markers) == []

    # the only public policy is 青石镇公开政策 (qsz, 2025, 有效, no topic)
    facets = sorted(
        p.relative_to(site).as_posix() for p in (site / "policies").glob("*/index.html")
    )
    assert facets == [
        "policies/org-qsz/index.html",
        "policies/validity-valid/index.html",
        "policies/year-2025/index.html",
    ]
    for page in ("policies/index.html", *facets):
        html = soup(site / page)
        rows = [a.get_text(strip=True) for a in html.select("td.portal-list__title > a")]
        assert rows == ["青石镇公开政策"], page
        counts = [
            int(m.group(1))
            for e in html.select("nav.portal-filter a, .portal-filter__current")
            if (m := re.search(r"（(\d+)）$", e.get_text(strip=True)))
        ]
        assert counts and set(counts) == {1}, page  # every facet counts the one public policy
        rows_text = " ".join(nav.get_text() for nav in html.select("nav.portal-filter"))
        for withheld in ("2099", "失效", "测试区人民政府办公室", "测试区民政局"):
            assert withheld not in rows_text, (page, withheld)

    # the search filters: no value that only withheld documents have
    filters = "\n".join(
        readable_forms(p.name, p.read_bytes()) for p in (site / "pagefind").rglob("*.pf_filter")
    )
    assert "测试区青石镇人民政府" in filters  # the filters were there to be read
    for withheld in ("2099", "失效", "测试区人民政府办公室"):
        assert withheld not in filters, withheld
