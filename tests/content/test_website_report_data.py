"""catalogs/website-reports/<year>.yml (SPEC: Website annual report): read like the other data
files, every problem of every file at once on `path:key` with its line; a missing file is no
error (its rows say 未填报) and `portal audit reports` lists it once it is due."""

from __future__ import annotations

import json

from helpers import assert_reported

GOOD = """\
published: 2026-01-20
visitors: 103527
views: 498215
responses: 9
services:
  catalog: 是
  users: 2316
  items: 402
  online_items: 372
  cases: 7118
  cases_person: 5386
  cases_legal: 1732
interaction:
  platform: 是
  messages: 236
  concluded: 233
  days: "3.9"
  smart_qa: 否
security:
  assessments: 4
  problems: 5
  fixed: 5
  monitoring: 是
innovation:
  - 政策文件与解读双向关联
"""
PATH = "catalogs/website-reports/2025.yml"


def _load(project, files, today="2026-12-01"):
    import datetime as dt

    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings

    project.write(files)
    site = load_site(load_settings(project.root), today=dt.date.fromisoformat(today))
    return site, [str(p) for p in site.errors], [str(p) for p in site.warnings]


def test_a_good_file_is_read_with_its_figures(project):
    site, errors, warnings = _load(project, {PATH: GOOD})
    assert errors == [] and not any(PATH in w for w in warnings)
    data = site.website.by_year[2025].data
    assert data.published.isoformat() == "2026-01-20"
    assert data.visitors == 103527 and data.views == 498215 and data.responses == 9
    assert data.sections["services"]["items"] == 402
    assert data.sections["services"]["catalog"] == "是"
    assert data.sections["interaction"]["days"] == "3.9"
    assert data.sections["security"]["drills"] == ""  # not given: 未填报
    assert data.innovation == ("政策文件与解读双向关联",)


def test_every_problem_of_a_file_at_once_with_key_and_line(project):
    bad = (
        GOOD.replace("visitors: 103527", "visitors: 十万")
        .replace("  users: 2316", "  users: -3")
        .replace("  catalog: 是", "  catalog: 有")
        .replace('  days: "3.9"', "  days: 三天")
        .replace("responses: 9", "responses: 9\nvisits: 12")
        .replace("  fixed: 5", "  fixed: 5\n  fixd: 1")
    )
    _, errors, _ = _load(project, {PATH: bad})
    message = assert_reported(errors, PATH, "visitors")
    assert "十万" in message and "（第 2 行）" in message
    assert_reported(errors, PATH, "services.users")
    assert "是、否" in assert_reported(errors, PATH, "services.catalog")
    assert_reported(errors, PATH, "interaction.days")
    assert "未知的键" in assert_reported(errors, PATH, "visits")
    assert "fixed" in assert_reported(errors, PATH, "security.fixd")  # 您是否想写“fixed”


def test_published_is_required_and_judged(project):
    _, errors, _ = _load(project, {PATH: GOOD.replace("published: 2026-01-20\n", "")})
    assert "发布日期" in assert_reported(errors, PATH, "published")
    _, errors, _ = _load(project, {PATH: GOOD.replace("2026-01-20", "2025-12-30")})
    assert "年度结束" in assert_reported(errors, PATH, "published")
    _, errors, _ = _load(project, {PATH: GOOD.replace("2026-01-20", "2026-12-20")})
    assert "构建日期" in assert_reported(errors, PATH, "published")


def test_a_year_that_has_not_ended_or_before_2017_is_refused(project):
    _, errors, _ = _load(
        project,
        {
            "catalogs/website-reports/2026.yml": GOOD.replace("2026-01-20", "2026-11-20"),
            "catalogs/website-reports/2016.yml": GOOD.replace("2026-01-20", "2017-01-20"),
            "catalogs/website-reports/qzf/2025.yml": GOOD,
            "catalogs/website-reports/notes.yml": GOOD,
        },
    )
    assert "尚未结束" in assert_reported(errors, "catalogs/website-reports/2026.yml", "file")
    assert "2017" in assert_reported(errors, "catalogs/website-reports/2016.yml", "file")
    assert_reported(errors, "catalogs/website-reports/qzf/2025.yml", "file")
    assert_reported(errors, "catalogs/website-reports/notes.yml", "file")


def test_personal_data_in_the_shown_text_is_an_error(project):
    text = GOOD.replace("政策文件与解读双向关联", "联系人张三13812345678负责适老化改造")
    _, errors, _ = _load(project, {PATH: text})
    message = assert_reported(errors, PATH, "innovation[0]")
    assert "13812345678" not in message  # the number masked in the message too
    _, errors, _ = _load(project, {PATH: GOOD.replace("双向关联", "双向关联（023-65120001）")})
    assert not any(e.startswith(PATH) for e in errors)  # an office landline is no personal data


def test_a_part_larger_than_its_whole_is_a_warning(project):
    _, errors, warnings = _load(
        project, {PATH: GOOD.replace("  concluded: 233", "  concluded: 300")}
    )
    assert errors == []
    assert "收到留言数量" in assert_reported(warnings, PATH, "interaction.concluded")
    _, _, warnings = _load(project, {PATH: GOOD.replace("cases_legal: 1732", "cases_legal: 9999")})
    assert_reported(warnings, PATH, "services.cases_person")


def test_a_file_that_is_not_a_mapping_or_not_utf8(project):
    _, errors, _ = _load(project, {PATH: "- 1\n- 2\n"})
    assert_reported(errors, PATH, "file")
    project.write({PATH: GOOD.encode("gbk")})
    _, errors, _ = _load(project, {})
    assert "UTF-8" in assert_reported(errors, PATH, "file")


def test_audit_lists_missing_and_late_reports(project):
    # the fixture's documents start in 2025: a report on 2025 is due on 2026-01-31
    result = project.portal("audit", "reports", "--today", "2026-02-01", "--json")
    findings = json.loads(result.stdout)["reports"]
    missing = [f for f in findings if f["kind"] == "website_missing"]
    assert [(f["year"], f["due"]) for f in missing] == [(2025, "2026-01-31")]
    project.write({PATH: GOOD.replace("2026-01-20", "2026-02-01")})
    result = project.portal("audit", "reports", "--today", "2026-02-01", "--json")
    findings = json.loads(result.stdout)["reports"]
    late = [f for f in findings if f["kind"].startswith("website_")]
    assert late == [
        {
            "kind": "website_late",
            "org": "",
            "year": 2025,
            "due": "2026-01-31",
            "published": "2026-02-01",
            "path": PATH,
            "message": late[0]["message"],
        }
    ]
    project.write({PATH: GOOD})  # published on 2026-01-20: on time
    result = project.portal("audit", "reports", "--today", "2026-02-01", "--json")
    assert not [f for f in json.loads(result.stdout)["reports"] if f["kind"].startswith("web")]


def test_before_the_due_date_nothing_is_missing(project):
    result = project.portal("audit", "reports", "--today", "2026-01-31", "--json")
    assert not [f for f in json.loads(result.stdout)["reports"] if f["kind"].startswith("web")]
