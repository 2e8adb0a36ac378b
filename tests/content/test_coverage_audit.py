"""`portal audit coverage`: catalog items covered per level and organisation, late publication."""

from __future__ import annotations

import json

from helpers import doc, public_notice, with_ylfw


def test_coverage_report(project):
    with_ylfw(project)
    project.write(
        {
            "content/qsz/2025/b.md": public_notice(
                title="镇低保政策", org="qsz", catalog="shjz-01", published="2025-04-01"
            ),
            # shjz-01 allows 10 working days: written 2025-03-03, published 2025-03-20 is 13 working days
            "content/mzj/2025/late.md": public_notice(
                title="迟发的通知", catalog="shjz-01", written="2025-03-03", published="2025-03-20"
            ),
            "content/mzj/2025/w.md": doc(
                {
                    "title": "内部材料",
                    "attribute": "不予公开",
                    "attribute_basis": "第十六条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-01",
                },
                "内部。\n",
            ),
        }
    )
    text = project.portal("audit", "coverage")
    assert text.returncode == 0, text.stdout + text.stderr
    assert "不得发布" in text.stdout and "非主动公开" in text.stdout
    assert "mzj/2025/late" in text.stdout and "13 个工作日" in text.stdout
    data = json.loads(project.portal("audit", "coverage", "--json").stdout)
    shjz = next(d for d in data["domains"] if d["code"] == "shjz")
    assert [i["id"] for i in shjz["levels"]["区县级"]["covered"]] == ["shjz-01"]
    assert [i["id"] for i in shjz["levels"]["乡镇级"]["covered"]] == ["shjz-01"]
    fdzdgk = next(d for d in data["domains"] if d["code"] == "fdzdgk")
    assert "fdzdgk-01" in [
        i["id"] for i in fdzdgk["levels"]["区县级"]["gaps"]
    ]  # withheld does not count
    ylfw = next(d for d in data["domains"] if d["code"] == "ylfw")
    assert ylfw["published"] is False
    mzj = next(o for o in data["orgs"] if o["id"] == "mzj")
    assert {i["id"] for i in mzj["covered"]} == {"shjz-01", "fdzdgk-02"}
    assert [late["id"] for late in data["late"]] == ["mzj/2025/late"]
    assert data["late"][0]["workdays"] == 13 and data["late"][0]["item"]["id"] == "shjz-01"
    assert project.portal("audit", "coverage", "--fail-on-gaps").returncode != 0
    assert project.portal("audit").returncode == 0


def test_interpretation_deadline_counts_from_the_policy(project):
    project.write(
        {
            "content/mzj/2025/p.md": doc(
                {
                    "title": "政策",
                    "id": "p1",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "政策文件",
                    "catalog": "fdzdgk-01",
                    "written": "2025-06-02",
                    "published": "2025-06-03",
                    "interpretation_exempt": "测试",
                }
            ),
            "content/mzj/2025/i.md": doc(
                {
                    "title": "解读",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "政策解读",
                    "catalog": "shjz-01",
                    "interprets": "p1",
                    "form": "文字解读",
                    "published": "2025-06-30",
                }
            ),
        }
    )
    data = json.loads(project.portal("audit", "coverage", "--json").stdout)
    late = {item["id"]: item for item in data["late"]}
    assert (
        late["mzj/2025/i"]["from"] == "2025-06-03"
        and late["mzj/2025/i"]["from_what"] == "政策文件发布日期"
    )
