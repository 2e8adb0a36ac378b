"""政务新媒体 registry (catalogs/newmedia.yml): every validation rule of SPEC, each reported on
the file and `<account id>.<field>` with the account's line, and `portal audit newmedia`, each
kind at its boundary, with SPEC's exact JSON keys."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import assert_reported, mkdocs_yml, problems_of

PATH = "catalogs/newmedia.yml"
TODAY = "2026-11-30"
BASE_KEYS = ["kind", "account", "org", "platform", "message"]


def account(**values) -> dict:
    base = {
        "id": "mzj-wx",
        "name": "测试民政",
        "platform": "微信公众号",
        "account": "ceshiminzheng",
        "url": "https://weixin.example/ceshiminzheng",
        "sponsor": "mzj",
        "supervisor": "qzfb",
        "status": "正常",
        "events": [{"type": "开设", "date": "2020-08-20", "filing_no": "测试府办备〔2020〕6号"}],
        "last_post": "2026-11-20",
        "observed": "2026-11-28",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not None}


def closed(**values) -> dict:
    events = [
        {"type": "开设", "date": "2016-11-08", "filing_no": "测试府办备〔2016〕12号"},
        {"type": "关停公告", "date": "2024-03-01"},
        {"type": "关停", "date": "2024-04-01", "filing_no": "测试府办备〔2024〕3号"},
    ]
    base = {
        "id": "mzj-wb",
        "platform": "新浪微博",
        "status": "已关停",
        "events": events,
        "last_post": None,
        "observed": None,
    }
    return account(**{**base, **values})


def registry(*accounts: dict) -> str:
    return yaml.safe_dump(list(accounts), allow_unicode=True, sort_keys=False)


def errors_of(project, text: str) -> list[str]:
    _site, errors, _ = problems_of(project, {PATH: text})
    return errors


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", TODAY)


# --- reading and validation --------------------------------------------------------------------


def test_a_valid_registry_is_read_into_records(project):
    site, errors, warnings = problems_of(
        project,
        {PATH: registry(account(), account(id="qsz-dy", sponsor="qsz", platform="抖音"), closed())},
    )
    assert errors == [] and not [w for w in warnings if w.startswith(PATH)]
    accounts = site.newmedia.accounts
    assert [a.id for a in accounts] == ["mzj-wx", "qsz-dy", "mzj-wb"]
    first = accounts[0]
    assert first.sponsor == "mzj" and first.supervisor == "qzfb" and first.status == "正常"
    assert (
        first.last_post.isoformat() == "2026-11-20" and first.observed.isoformat() == "2026-11-28"
    )
    assert first.events[0].filing_no == "测试府办备〔2020〕6号" and first.line == 1
    assert [e.type for e in accounts[2].events] == ["开设", "关停公告", "关停"]


def test_no_registry_is_no_error_and_no_accounts(project):
    site, errors, _ = problems_of(project, {})
    assert errors == [] and site.newmedia.accounts == [] and not site.newmedia.present


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"sponsor": "nosuch"}, "mzj-wx.sponsor"),
        ({"supervisor": "nosuch"}, "mzj-wx.supervisor"),
        ({"status": "停用"}, "mzj-wx.status"),
        ({"status": "正常 "}, "mzj-wx.status"),
        ({"url": "http://weixin.example/ceshiminzheng"}, "mzj-wx.url"),
        ({"url": "weixin.example/ceshiminzheng"}, "mzj-wx.url"),
        ({"last_post": "2026-11-31"}, "mzj-wx.last_post"),
        ({"observed": "2026/11/28"}, "mzj-wx.observed"),
        ({"homepage": "https://weixin.example/x"}, "mzj-wx.homepage"),
        ({"name": None}, "mzj-wx.name"),
        ({"platform": None}, "mzj-wx.platform"),
        ({"sponsor": None}, "mzj-wx.sponsor"),
        ({"status": None}, "mzj-wx.status"),
        ({"events": None}, "mzj-wx.events"),
        ({"events": "开设"}, "mzj-wx.events"),
    ],
)
def test_an_account_value_outside_its_rules(project, values, key):
    message = assert_reported(errors_of(project, registry(account(**values))), PATH, key)
    assert "（第 " in message  # the account's line


def test_a_missing_id_is_reported_on_the_rows_place(project):
    assert_reported(errors_of(project, registry(account(id=None))), PATH, "[0].id")


@pytest.mark.parametrize(
    ("event", "key"),
    [
        ({"type": "撤销", "date": "2023-01-01", "filing_no": "x"}, "mzj-wx.events[1].type"),
        ({"type": "变更", "date": "2023-02-30", "filing_no": "x"}, "mzj-wx.events[1].date"),
        ({"type": "变更", "filing_no": "x"}, "mzj-wx.events[1].date"),
        ({"date": "2023-01-01"}, "mzj-wx.events[1].type"),
        ({"type": "变更", "date": "2023-01-01", "number": "x"}, "mzj-wx.events[1].number"),
        ({"type": "变更", "date": "2026-12-01", "filing_no": "x"}, "mzj-wx.events[1].date"),
        ("变更", "mzj-wx.events[1]"),
    ],
)
def test_an_event_value_outside_its_rules(project, event, key):
    opened = {"type": "开设", "date": "2020-08-20", "filing_no": "x"}
    errors = errors_of(project, registry(account(events=[opened, event])))
    assert_reported(errors, PATH, key)


def test_the_first_event_must_be_opening(project):
    events = [{"type": "变更", "date": "2020-08-20", "filing_no": "x"}]
    message = assert_reported(
        errors_of(project, registry(account(events=events))), PATH, "mzj-wx.events[0].type"
    )
    assert "开设" in message


def test_events_out_of_date_order(project):
    events = [
        {"type": "开设", "date": "2020-08-20", "filing_no": "x"},
        {"type": "变更", "date": "2022-05-01", "filing_no": "y"},
        {"type": "变更", "date": "2021-05-01", "filing_no": "z"},
    ]
    errors = errors_of(project, registry(account(events=events)))
    message = assert_reported(errors, PATH, "mzj-wx.events[2].date")
    assert "先后" in message and "2022-05-01" in message
    assert not any(":mzj-wx.events[1].date:" in e for e in errors)


@pytest.mark.parametrize(("status", "needed"), [("已关停", "关停"), ("已注销", "注销")])
def test_a_closed_status_needs_its_event(project, status, needed):
    events = [
        {"type": "开设", "date": "2016-11-08", "filing_no": "x"},
        {"type": "关停公告", "date": "2024-03-01"},
    ]
    message = assert_reported(
        errors_of(project, registry(closed(status=status, events=events))), PATH, "mzj-wb.status"
    )
    assert f"“{needed}”" in message


def test_cancelled_with_its_event_is_valid(project):
    events = [
        {"type": "开设", "date": "2016-11-08", "filing_no": "x"},
        {"type": "关停公告", "date": "2023-09-01"},
        {"type": "注销", "date": "2023-12-15", "filing_no": "y"},
    ]
    assert errors_of(project, registry(closed(status="已注销", events=events))) == []


def test_observed_before_last_post(project):
    errors = errors_of(project, registry(account(last_post="2026-11-20", observed="2026-11-19")))
    assert "2026-11-19" in assert_reported(errors, PATH, "mzj-wx.observed")


def test_observed_on_last_post_is_valid(project):
    assert (
        errors_of(project, registry(account(last_post="2026-11-20", observed="2026-11-20"))) == []
    )


def test_last_post_is_required_for_an_active_account_and_observed_with_it(project):
    errors = errors_of(project, registry(account(last_post=None, observed=None)))
    assert_reported(errors, PATH, "mzj-wx.last_post")
    errors = errors_of(project, registry(account(observed=None)))
    assert_reported(errors, PATH, "mzj-wx.observed")
    # a closed account needs neither
    assert errors_of(project, registry(closed())) == []


@pytest.mark.parametrize("key", ["last_post", "observed"])
def test_a_date_after_the_build_date(project, key):
    values = {"last_post": "2026-11-20", "observed": "2026-11-28", key: "2026-12-01"}
    if key == "last_post":
        values["observed"] = "2026-12-01"
    message = assert_reported(
        errors_of(project, registry(account(**values))), PATH, f"mzj-wx.{key}"
    )
    assert TODAY in message


def test_a_duplicate_id(project):
    errors = errors_of(project, registry(account(), account(platform="抖音")))
    found = [e for e in errors if e.startswith(f"{PATH}:mzj-wx.id:")]
    assert len(found) == 2 and "不唯一" in found[0]


def test_a_registry_that_is_not_a_list(project):
    assert_reported(errors_of(project, "id: mzj-wx\nname: 测试民政\n"), PATH, "file")
    assert_reported(errors_of(project, "- 溪山发布\n"), PATH, "[0]")


def test_a_yaml_error_is_reported_once_with_its_line(project):
    errors = errors_of(project, "- id: mzj-wx\n  name: [测试\n")
    assert len([e for e in errors if e.startswith(f"{PATH}:")]) == 1


def test_every_problem_of_the_file_is_reported_at_once(project):
    errors = errors_of(
        project,
        registry(
            account(sponsor="nosuch", url="http://x.example/"),
            closed(status="已注销"),
        ),
    )
    for key in ("mzj-wx.sponsor", "mzj-wx.url", "mzj-wb.status"):
        assert_reported(errors, PATH, key)


def test_portal_validate_reports_the_registry(project):
    project.write({PATH: registry(account(status="停用"))})
    result = project.portal("validate", "--json", "-")
    assert result.returncode == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["path"], e["key"], e["line"]) for e in errors] == [(PATH, "mzj-wx.status", 8)]


# --- portal audit newmedia ---------------------------------------------------------------------


def audit(project, *accounts: dict, today: str = TODAY) -> list[dict]:
    project.write({PATH: registry(*accounts)})
    result = project.portal("audit", "newmedia", "--json", "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["newmedia"]


def kinds(findings: list[dict]) -> list[str]:
    return [f["kind"] for f in findings]


def test_the_demo_like_registry_has_no_findings(project):
    assert (
        audit(project, account(), account(id="qsz-dy", sponsor="qsz", platform="抖音"), closed())
        == []
    )


def test_dormant_at_its_boundary(project):
    # 14 days before the observation: not yet dormant
    assert audit(project, account(last_post="2026-11-14", observed="2026-11-28")) == []
    findings = audit(project, account(last_post="2026-11-13", observed="2026-11-28"))
    assert kinds(findings) == ["dormant"]
    f = findings[0]
    assert list(f) == [*BASE_KEYS, "last_post", "observed", "days"]
    assert (f["account"], f["org"], f["platform"]) == ("mzj-wx", "mzj", "微信公众号")
    assert (f["last_post"], f["observed"], f["days"]) == ("2026-11-13", "2026-11-28", 15)
    assert "睡眠" in f["message"]


def _with_dormant_days(project, days) -> None:
    config = yaml.safe_load(mkdocs_yml())
    config.setdefault("extra", {}).setdefault("portal", {})["newmedia"] = {"dormant_days": days}
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)})


def test_a_tighter_dormant_threshold(project):
    _with_dormant_days(project, 10)
    assert audit(project, account(last_post="2026-11-18", observed="2026-11-28")) == []
    findings = audit(project, account(last_post="2026-11-17", observed="2026-11-28"))
    assert kinds(findings) == ["dormant"] and findings[0]["days"] == 11


@pytest.mark.parametrize("days", [15, 0, "十"])
def test_the_dormant_threshold_cannot_be_loosened(project, days):
    _with_dormant_days(project, days)
    site, errors, _ = problems_of(project, {PATH: registry(account())})
    assert_reported(errors, "mkdocs.yml", "extra.portal.newmedia.dormant_days")
    assert site.settings.newmedia_dormant_days == 14


def test_unobserved_at_its_boundary(project):
    recent = {"last_post": "2026-10-25", "observed": "2026-10-31"}  # 30 days before today
    assert audit(project, account(**recent)) == []
    findings = audit(project, account(last_post="2026-10-25", observed="2026-10-30"))
    assert kinds(findings) == ["unobserved"]
    assert list(findings[0]) == BASE_KEYS and "2026-10-30" in findings[0]["message"]


def test_a_closed_account_is_neither_dormant_nor_unobserved(project):
    assert audit(project, closed(last_post="2020-01-01", observed="2020-06-01")) == []


def test_duplicate_platform(project):
    findings = audit(
        project,
        account(),
        account(id="mzj-wx2", name="测试民政服务"),
        account(id="qsz-wx", sponsor="qsz"),  # another sponsor on the same platform
        closed(id="mzj-wx-old", platform="微信公众号"),  # closed: not counted
    )
    assert kinds(findings) == ["duplicate_platform"]
    f = findings[0]
    assert list(f) == [*BASE_KEYS, "accounts"]
    assert (f["org"], f["platform"], f["accounts"]) == ("mzj", "微信公众号", ["mzj-wx", "mzj-wx2"])
    assert f["account"] == "mzj-wx"


@pytest.mark.parametrize("end", ["关停", "注销"])
def test_closed_without_notice(project, end):
    events = [
        {"type": "开设", "date": "2016-11-08", "filing_no": "x"},
        {"type": end, "date": "2024-04-01", "filing_no": "y"},
    ]
    status = "已关停" if end == "关停" else "已注销"
    findings = audit(project, closed(status=status, events=events))
    assert kinds(findings) == ["closed_without_notice"]
    assert list(findings[0]) == BASE_KEYS and "2024-04-01" in findings[0]["message"]


def test_a_notice_after_the_closure_does_not_count(project):
    events = [
        {"type": "开设", "date": "2016-11-08", "filing_no": "x"},
        {"type": "关停", "date": "2024-04-01", "filing_no": "y"},
        {"type": "关停公告", "date": "2024-04-01"},
    ]
    assert kinds(audit(project, closed(events=events))) == ["closed_without_notice"]


def test_unfiled_events(project):
    events = [
        {"type": "开设", "date": "2016-11-08"},
        {"type": "变更", "date": "2020-01-02", "filing_no": "x"},
        {"type": "关停公告", "date": "2024-03-01"},  # a notice is not filed
        {"type": "关停", "date": "2024-04-01"},
    ]
    findings = audit(project, closed(events=events))
    assert kinds(findings) == ["unfiled", "unfiled"]
    assert list(findings[0]) == BASE_KEYS
    assert "开设" in findings[0]["message"] and "关停" in findings[1]["message"]


def test_the_text_report_names_the_section(project):
    project.write({PATH: registry(account(last_post="2026-11-01", observed="2026-11-28"))})
    result = project.portal("audit", "newmedia", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "## 政务新媒体（1 项）" in result.stdout and "mzj-wx" in result.stdout


def test_errors_stop_the_audit(project):
    project.write({PATH: registry(account(sponsor="nosuch"))})
    result = project.portal("audit", "newmedia", "--json", "--today", TODAY)
    assert result.returncode == 1
    assert f"{PATH}:mzj-wx.sponsor:" in result.stdout + result.stderr
