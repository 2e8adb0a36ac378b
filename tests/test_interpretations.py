"""Policies and interpretations: two-way links, the 退文 rule, interpretation rules, the column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import doc
from test_validation import assert_reported, problems_of

from disclosure_portal.rules.workdays import workdays_after

POLICY_PATH = "content/mzj/2025/policy.md"


def document_warnings(warnings: list[str]) -> list[str]:
    """Warnings about documents, without the empty-column warnings of the fixture's platforms."""
    return [w for w in warnings if not w.startswith("catalogs/orgs.yml:columns:")]


INTERP_PATH = "content/mzj/2025/interp.md"


def policy(**extra) -> str:
    front = {
        "title": "溪山区临时救助实施细则",
        "id": "p-linshi",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": "溪山民发〔2025〕13号",
        "written": "2025-06-10",
        "published": "2025-06-16",
        "category": "其他文件",
        **extra,
    }
    return doc(
        {k: v for k, v in front.items() if v is not None}, "第一条　为规范临时救助，制定本细则。\n"
    )


def interpretation(**extra) -> str:
    front = {
        "title": "《溪山区临时救助实施细则》解读",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策解读",
        "catalog": "shjz-01",
        "interprets": "p-linshi",
        "form": "文字解读",
        "published": "2025-06-17",
        **extra,
    }
    return doc({k: v for k, v in front.items() if v is not None}, "一、出台背景。\n")


# --- the 退文 rule ----------------------------------------------------------------------------


def test_policy_without_interpretation_is_an_error(project):
    _, errors, _ = problems_of(project, {POLICY_PATH: policy()})
    message = assert_reported(errors, POLICY_PATH, "interpretation")
    assert "溪山区临时救助实施细则" in message and "退文" in message


def test_policy_with_public_interpretation_passes(project):
    _, errors, warnings = problems_of(
        project, {POLICY_PATH: policy(), INTERP_PATH: interpretation()}
    )
    assert errors == [] and document_warnings(warnings) == []


def test_policy_with_only_a_withheld_interpretation_is_an_error(project):
    _, errors, _ = problems_of(
        project,
        {
            POLICY_PATH: policy(),
            INTERP_PATH: interpretation(attribute="依申请公开", attribute_basis="第十六条"),
        },
    )
    assert_reported(errors, POLICY_PATH, "interpretation")


def test_exempt_policy_passes(project):
    _, errors, _ = problems_of(
        project, {POLICY_PATH: policy(interpretation_exempt="内部工作安排，无需解读")}
    )
    assert errors == []


def test_normative_document_can_never_be_exempted(project):
    _, errors, _ = problems_of(
        project, {POLICY_PATH: policy(category="行政规范性文件", interpretation_exempt="无需")}
    )
    assert_reported(errors, POLICY_PATH, "interpretation_exempt")
    assert_reported(errors, POLICY_PATH, "interpretation")


def configure(project, **interpretation_config) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["portal"]["interpretation"] = interpretation_config
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})


def test_district_may_lower_the_rule_to_a_warning(project):
    configure(project, missing="warning")
    _, errors, warnings = problems_of(project, {POLICY_PATH: policy()})
    assert errors == []
    assert_reported(warnings, POLICY_PATH, "interpretation")


def test_bad_rule_setting_is_reported_on_mkdocs_yml(project):
    configure(project, missing="sometimes", deadline_workdays="三")
    _, errors, _ = problems_of(project, {POLICY_PATH: policy(), INTERP_PATH: interpretation()})
    assert_reported(errors, "mkdocs.yml", "extra.portal.interpretation.missing")
    assert_reported(errors, "mkdocs.yml", "extra.portal.interpretation.deadline_workdays")


# --- interpretation rules ----------------------------------------------------------------------


def test_interpretation_of_missing_withheld_or_non_policy_target_is_an_error(project):
    files = {
        POLICY_PATH: policy(attribute="依申请公开", attribute_basis="第十六条", published=None),
        "content/mzj/2025/notice.md": doc(
            {
                "title": "通知",
                "id": "n1",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            }
        ),
        "content/mzj/2025/a.md": interpretation(interprets="nope"),
        "content/mzj/2025/b.md": interpretation(title="解读二"),
        "content/mzj/2025/c.md": interpretation(title="解读三", interprets="n1"),
    }
    _, errors, _ = problems_of(project, files)
    assert "找不到" in assert_reported(errors, "content/mzj/2025/a.md", "interprets")
    assert "非主动公开" in assert_reported(errors, "content/mzj/2025/b.md", "interprets")
    assert "不是政策文件" in assert_reported(errors, "content/mzj/2025/c.md", "interprets")


def test_second_target_withheld_is_an_error_and_never_listed(project):
    files = {
        POLICY_PATH: policy(),
        "content/mzj/2025/secret.md": policy(
            title="内部政策",
            id="p-secret",
            doc_number="溪山民发〔2025〕99号",
            attribute="不予公开",
            attribute_basis="第十四条",
            published=None,
        ),
        INTERP_PATH: interpretation(interprets=["p-linshi", "p-secret"]),
    }
    site, errors, _ = problems_of(project, files)
    assert_reported(errors, INTERP_PATH, "interprets")
    listed = site.graph.of_interpretation(site.index.by_src["mzj/2025/interp.md"])
    assert [d.id for d in listed] == ["p-linshi"]


def test_interpretation_by_another_body_is_a_warning(project):
    other = "content/qzfb/2025/interp.md"
    _, errors, warnings = problems_of(
        project, {POLICY_PATH: policy(), other: interpretation(org="qzfb")}
    )
    assert errors == []
    assert "谁起草、谁解读" in assert_reported(warnings, other, "org")


def test_interpretation_by_the_named_drafter_passes(project):
    _, errors, warnings = problems_of(
        project,
        {
            POLICY_PATH: policy(drafter="qzfb"),
            "content/qzfb/2025/interp.md": interpretation(org="qzfb"),
        },
    )
    assert errors == [] and document_warnings(warnings) == []


@pytest.mark.parametrize(
    "policy_day,interp_day,late",
    [
        ("2025-06-16", "2025-06-19", False),  # 3 working days
        ("2025-06-16", "2025-06-20", True),  # 4 working days
        ("2025-09-30", "2025-10-09", False),  # National Day holiday (10-01..10-08) does not count
        ("2025-10-09", "2025-10-13", False),  # Fri, adjusted working Saturday 10-11, Mon: 3 days
        ("2025-10-09", "2025-10-14", True),  # ... and Tue is the 4th, though only 3 weekdays passed
    ],
)
def test_interpretation_deadline_in_working_days(project, policy_day, interp_day, late):
    _, errors, warnings = problems_of(
        project,
        {
            POLICY_PATH: policy(published=policy_day),
            INTERP_PATH: interpretation(published=interp_day),
        },
    )
    assert errors == []
    late_warnings = [w for w in warnings if w.startswith(f"{INTERP_PATH}:published:")]
    assert bool(late_warnings) is late, warnings


def test_deadline_is_configurable(project):
    configure(project, deadline_workdays=10)
    _, _, warnings = problems_of(
        project,
        {
            POLICY_PATH: policy(published="2025-06-16"),
            INTERP_PATH: interpretation(published="2025-06-27"),
        },
    )
    assert document_warnings(warnings) == []


def test_date_outside_the_calendar_says_so(project):
    _, _, warnings = problems_of(
        project,
        {
            POLICY_PATH: policy(written="2035-01-01", published="2035-01-02"),
            INTERP_PATH: interpretation(published="2035-01-12"),
        },
    )
    message = assert_reported(warnings, INTERP_PATH, "published")
    assert "chinesecalendar" in message and "2035" in message


def test_workdays_after():
    assert workdays_after(dt.date(2025, 9, 30), dt.date(2025, 10, 9)).days == 1
    assert (
        workdays_after(dt.date(2025, 9, 26), dt.date(2025, 9, 28)).days == 1
    )  # Sunday 09-28 is a working day
    assert (
        workdays_after(dt.date(2025, 10, 9), dt.date(2025, 10, 11)).days == 2
    )  # Saturday 10-11 too
    assert workdays_after(dt.date(2025, 10, 9), dt.date(2025, 10, 9)).days == 0
    assert workdays_after(dt.date(2035, 1, 4), dt.date(2035, 1, 8)).unknown_years == (2035,)


# --- built pages -------------------------------------------------------------------------------


def _href_target(page: Path, href: str) -> Path:
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


@pytest.mark.build
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


@pytest.mark.build
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
