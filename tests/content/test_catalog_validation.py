"""catalogs/: organisations, domains and standard catalogs are checked on file and key."""

from __future__ import annotations

import pytest
from helpers import assert_reported, problems_of, public_notice


def test_empty_column_is_a_warning_naming_organisation_and_column(project):
    _, errors, warnings = problems_of(project, {})
    assert errors == []
    message = [w for w in warnings if "“测试区民政局”" in w and "“政府信息公开年报”" in w]
    assert message and message[0].startswith("catalogs/orgs.yml:columns:")
    assert not any(
        "“测试区民政局”" in w and "“法定主动公开内容”" in w for w in warnings
    )  # it has a notice


def test_two_files_for_one_catalog_code_is_an_error(project):
    shjz = (project.root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    project.write(
        {
            "catalogs/shjz.yaml": shjz.replace("status: 已审核", "status: 草稿").replace(
                "shjz-01", "shjz-draft"
            )
        }
    )
    _, errors, _ = problems_of(project, {})
    assert_reported(errors, "catalogs/shjz.yaml", "code")
    assert_reported(errors, "catalogs/shjz.yml", "code")


NOTICE = "content/mzj/2025/notice.md"


def test_level_mismatch_and_unreviewed_catalog_are_warnings(project):
    project.write(
        {
            "catalogs/shjz.yml": (project.root / "catalogs/shjz.yml")
            .read_text(encoding="utf-8")
            .replace("status: 已审核", "status: 已送审")
            .replace("levels: [区县级, 乡镇级]", "levels: [乡镇级]")
        }
    )
    _, errors, warnings = problems_of(project, {NOTICE: public_notice(catalog="shjz-01")})
    assert errors == []
    assert len([w for w in warnings if w.startswith(f"{NOTICE}:catalog:")]) == 2


ORGS = "catalogs/orgs.yml"
SHJZ = "catalogs/shjz.yml"


def edit(project, rel: str, old: str, new: str) -> dict[str, str]:
    text = (project.root / rel).read_text(encoding="utf-8")
    assert old in text
    return {rel: text.replace(old, new, 1)}


CATALOG_CASES = {
    "org bad code check digit": (ORGS, "11500299009134523B", "11500299009134523C", "[1].code"),
    "org code wrong length": (ORGS, "11500299009134523B", "1150029900913452", "[1].code"),
    "org bad kind": (ORGS, "kind: 区政府部门", "kind: 部门", "[0].kind"),
    "org unknown domain": (ORGS, "domains: [shjz]", "domains: [shjz, nope]", "[1].domains"),
    "org duplicate id": (ORGS, "id: mzj", "id: qzfb", "[1].id"),
    "village without parent": (ORGS, "  parent: qsz\n", "", "[3].parent"),
    "village parent unknown": (ORGS, "parent: qsz", "parent: nope", "[3].parent"),
    "village parent not a township": (ORGS, "parent: qsz", "parent: mzj", "[3].parent"),
    "org yaml broken": (ORGS, "- id: qzfb", "- id: [qzfb", "yaml"),
    "catalog bad status": (SHJZ, "status: 已审核", "status: 通过", "status"),
    "catalog approved without reviewer": (
        SHJZ,
        "reviewed_by: 测试区政务公开办\n",
        "",
        "reviewed_by",
    ),
    "catalog bad reviewed_on": (
        SHJZ,
        "reviewed_on: 2025-01-10",
        "reviewed_on: 2025-1-10",
        "reviewed_on",
    ),
    "catalog code not in domains": (SHJZ, "code: shjz", "code: xyz", "code"),
    "item missing level1": (SHJZ, "    level1: 综合业务\n", "", "items[shjz-01].level1"),
    "item without id named by position": (
        SHJZ,
        "  - id: shjz-01\n    level1",
        "  - level1",
        "items[0].id",
    ),
    "item bad channel": (
        SHJZ,
        "channels: [政府网站, 公开查阅点]",
        "channels: [政府网站, 微博]",
        "items[shjz-01].channels",
    ),
    "item bad audience": (SHJZ, "audience: 全社会", "audience: 群众", "items[shjz-01].audience"),
    "item bad mode": (SHJZ, "mode: 主动", "mode: 被动", "items[shjz-01].mode"),
    "item bad level": (SHJZ, "levels: [区县级, 乡镇级]", "levels: [县级]", "items[shjz-01].levels"),
    "item bad deadline_days": (
        SHJZ,
        "deadline_days: 10",
        "deadline_days: 十",
        "items[shjz-01].deadline_days",
    ),
}


@pytest.mark.parametrize("name", list(CATALOG_CASES))
def test_bad_catalog_input_is_reported(project, name):
    rel, old, new, key = CATALOG_CASES[name]
    _, errors, _ = problems_of(project, edit(project, rel, old, new))
    assert_reported(errors, rel, key)


def test_catalog_item_id_duplicate_reported_in_both_files(project):
    files = edit(project, "catalogs/fdzdgk.yml", "id: fdzdgk-02", "id: shjz-01")
    _, errors, _ = problems_of(project, files)
    assert_reported(errors, "catalogs/fdzdgk.yml", "items.id")
    assert_reported(errors, SHJZ, "items.id")


def test_district_channel_from_channels_yml(project):
    project.write({"catalogs/channels.yml": "- 公共资源交易平台\n"})
    _, errors, _ = problems_of(
        project, edit(project, SHJZ, "[政府网站, 公开查阅点]", "[政府网站, 公共资源交易平台]")
    )
    assert errors == []


def test_catalog_warnings(project):
    files = edit(project, SHJZ, "guideline: 示例市社会救助领域基层政务公开标准指引\n", "")
    files[SHJZ] = files[SHJZ].replace(
        "deadline: 制定或获取信息之日起10个工作日内", "deadline: 批复后20日内"
    )
    _, errors, warnings = problems_of(project, files)
    assert errors == []
    assert_reported(warnings, SHJZ, "guideline")
    assert_reported(warnings, SHJZ, "items[shjz-01].deadline_days")
