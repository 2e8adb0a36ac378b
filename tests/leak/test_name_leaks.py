"""Names are names, through a real build: a withheld `Report.md` beside a public `report.md`, a
withheld `zheng-ce.md` beside a public `zhengce.md`. The build used to be refused (the leak check
searched for the withheld URL in a folded form and found the public page's own links); now it
builds, the public pages are there, and nothing of the withheld ones is (checked on the output
with markers, and on every link with a real HTML parser)."""

from __future__ import annotations

from helpers import doc, find_markers, public_notice, soup

TITLES = {"Report": "QXREPORT内部报告材料甲", "zheng-ce": "QXZHENGCE内部政策材料乙"}


def withheld(title: str) -> str:
    front = {
        "title": title,
        "attribute": "不予公开",
        "attribute_basis": "《政府信息公开条例》第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
    }
    return doc(front, f"{title}的正文内容，只在内部流转。\n")


def test_names_differing_in_case_or_punctuation_build_without_leaking(project):
    project.write(
        {
            "content/mzj/2025/Report.md": withheld(TITLES["Report"]),
            "content/mzj/2025/report.md": public_notice(title="二〇二五年工作报告"),
            "content/mzj/2025/zheng-ce.md": withheld(TITLES["zheng-ce"]),
            "content/mzj/2025/zhengce.md": public_notice(title="政策汇编通知"),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "mzj/2025/report/index.html").exists()
    assert (project.site / "mzj/2025/zhengce/index.html").exists()
    assert not (project.site / "mzj/2025/Report").exists()
    assert not (project.site / "mzj/2025/zheng-ce").exists()
    assert find_markers(project.site, list(TITLES.values())) == []
    hrefs = {
        a.get("href", "") for page in project.site.rglob("*.html") for a in soup(page).find_all("a")
    }
    assert any(h.endswith("report/") for h in hrefs)  # the public page is linked …
    assert not any("Report/" in h or "zheng-ce/" in h for h in hrefs)  # … the withheld never
