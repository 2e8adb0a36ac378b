"""Built policy and interpretation pages: links both ways, the 政策解读 column."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from helpers import INTERP_PATH, POLICY_PATH
from helpers import linshi_interpretation as interpretation
from helpers import linshi_policy as policy


def configure(project, **interpretation_config) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["portal"]["interpretation"] = interpretation_config
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})


def _href_target(page: Path, href: str) -> Path:
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


def test_links_both_ways_and_the_column(project):
    files = {
        POLICY_PATH: policy(),
        "content/mzj/2025/policy2.md": policy(
            title="溪山区低保标准调整通知",
            id="p-dibao",
            doc_number="溪山民发〔2025〕12号",
            published="2025-06-12",
        ),
        INTERP_PATH: interpretation(
            interprets=["p-linshi", "溪山民发〔2025〕12号"], form="图表图解"
        ),
        "content/mzj/2025/interp2.md": interpretation(
            title="低保标准问答", interprets="p-dibao", form="简明问答", published="2025-06-13"
        ),
        "content/qsz/2025/p.md": policy(
            title="青石镇救助备用金办法", id="p-qsz", org="qsz", doc_number="青石府发〔2025〕3号"
        ),
        "content/qsz/2025/i.md": interpretation(
            title="青石镇备用金问答",
            org="qsz",
            interprets="p-qsz",
            form="简明问答",
            published="2025-06-18",
        ),
        "content/mzj/2025/withheld.md": interpretation(
            title="QXWITHHELD内部解读", attribute="依申请公开", attribute_basis="第十六条"
        ),
    }
    project.write(files)
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = project.site
    policy_page = site / "mzj/2025/policy/index.html"
    links = BeautifulSoup(policy_page.read_text(encoding="utf-8"), "html.parser").select(
        "#interpretations a"
    )
    assert [a.get_text(strip=True) for a in links] == ["《溪山区临时救助实施细则》解读"]
    assert (
        _href_target(policy_page, links[0]["href"])
        == (site / "mzj/2025/interp/index.html").resolve()
    )
    interp_page = site / "mzj/2025/interp/index.html"
    soup = BeautifulSoup(interp_page.read_text(encoding="utf-8"), "html.parser")
    back = soup.select("#policies a")
    assert {a.get_text(strip=True) for a in back} == {
        "溪山区临时救助实施细则",
        "溪山区低保标准调整通知",
    }
    targets = {_href_target(interp_page, a["href"]) for a in back}
    assert targets == {
        (site / "mzj/2025/policy/index.html").resolve(),
        (site / "mzj/2025/policy2/index.html").resolve(),
    }
    assert "溪山民发〔2025〕12号" in soup.select_one("#policies").get_text()
    # one policy, several interpretations (newest first)
    dibao = BeautifulSoup(
        (site / "mzj/2025/policy2/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert [a.get_text(strip=True) for a in dibao.select("#interpretations a")] == [
        "《溪山区临时救助实施细则》解读",
        "低保标准问答",
    ]

    def rows(rel: str) -> list[str]:
        page = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        return [
            tr.select_one("td a").get_text(strip=True)
            for tr in page.select("table.portal-list tbody tr")
        ]

    assert rows("interpretations/index.html") == [
        "青石镇备用金问答",
        "《溪山区临时救助实施细则》解读",
        "低保标准问答",
    ]
    assert rows("interpretations/qa/index.html") == ["青石镇备用金问答", "低保标准问答"]
    assert rows("interpretations/graphic/index.html") == ["《溪山区临时救助实施细则》解读"]
    assert rows("disclosure/qsz/interpretations/index.html") == ["青石镇备用金问答"]
    assert rows("disclosure/mzj/interpretations/index.html") == [
        "《溪山区临时救助实施细则》解读",
        "低保标准问答",
    ]
    column = BeautifulSoup(
        (site / "interpretations/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    first = column.select_one("table.portal-list tbody tr")
    assert "解读：青石镇救助备用金办法" in first.get_text(strip=True)
    named = first.select_one(".portal-interprets a")
    assert (
        _href_target(site / "interpretations/index.html", named["href"])
        == (site / "qsz/2025/p/index.html").resolve()
    )
    filters = [a.get_text(strip=True) for a in column.select(".portal-filter a")]
    assert "简明问答（2）" in filters and "测试区青石镇人民政府（1）" in filters
    for page in site.rglob("*.html"):
        assert "QXWITHHELD" not in page.read_text(encoding="utf-8"), page


def test_column_is_paginated(project):
    files = {POLICY_PATH: policy()}
    for i in range(1, 24):
        files[f"content/mzj/2025/i{i:02d}.md"] = interpretation(
            title=f"解读第{i:02d}篇", published=f"2025-06-{i + 1:02d}"
        )
    configure(project, deadline_workdays=30)
    project.write(files)
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "interpretations/2/index.html").exists()
    assert (project.site / "disclosure/mzj/interpretations/2/index.html").exists()
