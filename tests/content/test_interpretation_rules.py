"""Policies and interpretations: the 退文 rule, who interprets, the working-day deadline."""

from __future__ import annotations

import pytest
import yaml
from helpers import INTERP_PATH, POLICY_PATH, assert_reported, doc, problems_of
from helpers import linshi_interpretation as interpretation
from helpers import linshi_policy as policy


def document_warnings(warnings: list[str]) -> list[str]:
    """Warnings about documents, without the empty-column warnings of the fixture's platforms."""
    return [w for w in warnings if not w.startswith("catalogs/orgs.yml:columns:")]


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


def test_date_outside_the_calendar_says_so(project, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2035-02-01")  # built then: the documents are published
    _, _, warnings = problems_of(
        project,
        {
            POLICY_PATH: policy(written="2035-01-01", published="2035-01-02"),
            INTERP_PATH: interpretation(published="2035-01-12"),
        },
    )
    message = assert_reported(warnings, INTERP_PATH, "published")
    assert "chinesecalendar" in message and "2035" in message
