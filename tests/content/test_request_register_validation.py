"""依申请公开 registers (catalogs/requests/<org-id>/<year>.yml): every validation rule of SPEC,
each reported on the register file and `<row id>.<field>` with the row's line."""

from __future__ import annotations

import pytest
import yaml
from helpers import assert_reported, problems_of

PATH = "catalogs/requests/mzj/2025.yml"


def row(**values) -> dict:
    base = {
        "id": "MZ2025-001",
        "applicant": "自然人",
        "channel": "当面",
        "arrived": "2025-03-10",
        "summary": "申请公开2024年临时救助资金发放汇总表",
        "result": "予以公开",
        "replied": "2025-03-24",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not None}


def register(*rows: dict) -> str:
    return yaml.safe_dump(list(rows), allow_unicode=True, sort_keys=False)


def errors_of(project, text: str, path: str = PATH) -> list[str]:
    _site, errors, _ = problems_of(project, {path: text})
    return errors


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")


def test_a_valid_register_is_read_into_records(project):
    site, errors, _warnings = problems_of(
        project,
        {
            PATH: register(
                row(),
                row(
                    id="MZ2025-002",
                    channel="互联网",
                    arrived="2025-04-18",
                    confirmed="2025-04-21",
                    events=[{"type": "延期", "date": "2025-05-16", "days": "10"}],
                    replied="2025-06-03",
                ),
            )
        },
    )
    assert errors == []
    assert [r.id for r in site.requests] == ["MZ2025-001", "MZ2025-002"]
    second = site.requests[1]
    assert second.received.isoformat() == "2025-04-21" and second.events[0].days == 10
    assert second.org == "mzj" and second.year == 2025 and second.path == PATH


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("applicant", "个人", "applicant"),
        ("channel", "电话", "channel"),
        ("result", "同意公开", "result"),
        ("arrived", "2025-02-30", "arrived"),
        ("replied", "2025/03/24", "replied"),
        ("archived", "昨天", "archived"),
    ],
)
def test_a_value_outside_its_list_or_a_malformed_date(project, key, value, field):
    message = assert_reported(
        errors_of(project, register(row(**{key: value}))), PATH, f"MZ2025-001.{field}"
    )
    assert "第 1 行" in message or "行）" in message


def test_the_line_of_the_row_is_given(project):
    errors = errors_of(project, register(row(), row(id="MZ2025-002", channel="电话")))
    message = assert_reported(errors, PATH, "MZ2025-002.channel")
    assert message.endswith("（第 10 行）"), message


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({"type": "催办", "date": "2025-03-12"}, "events[0].type"),
        ({"type": "征求意见", "date": "2025-03-12", "party": "专家"}, "events[0].party"),
        ({"type": "延期", "date": "2025-03-12", "days": "21"}, "events[0].days"),
        ({"type": "延期", "date": "2025-03-12", "days": "0"}, "events[0].days"),
        ({"type": "延期", "date": "2025-03-12"}, "events[0].days"),
        ({"type": "收费通知", "date": "2025-03-12", "amount": "一百元"}, "events[0].amount"),
        ({"type": "补正收到", "date": "2025-03-32"}, "events[0].date"),
        ({"type": "补正收到", "date": "2025-03-12", "days": "3"}, "events[0].days"),
        ({"type": "补正收到", "date": "2025-03-12", "phone": "x"}, "events[0].phone"),
    ],
)
def test_event_values(project, event, field):
    errors = errors_of(project, register(row(events=[event])))
    assert_reported(errors, PATH, f"MZ2025-001.{field}")


def test_replied_before_receipt(project):
    errors = errors_of(project, register(row(replied="2025-03-09")))
    assert "早于收到申请之日" in assert_reported(errors, PATH, "MZ2025-001.replied")


def test_confirmed_required_for_internet_and_received_is_confirmed(project):
    errors = errors_of(project, register(row(channel="互联网")))
    assert_reported(errors, PATH, "MZ2025-001.confirmed")
    # received = confirmed: a reply between arrival and confirmation is before receipt
    errors = errors_of(
        project,
        register(
            row(channel="传真", arrived="2025-03-10", confirmed="2025-03-20", replied="2025-03-15")
        ),
    )
    assert_reported(errors, PATH, "MZ2025-001.replied")
    errors = errors_of(project, register(row(channel="平常信函", confirmed="2025-03-01")))
    assert_reported(errors, PATH, "MZ2025-001.confirmed")


def test_received_in_another_year(project):
    errors = errors_of(project, register(row(arrived="2024-12-30", replied="2025-01-10")))
    assert "2024 年" in assert_reported(errors, PATH, "MZ2025-001.arrived")
    errors = errors_of(
        project,
        register(
            row(
                channel="互联网", arrived="2025-12-31", confirmed="2026-01-04", replied="2026-01-10"
            )
        ),
    )
    assert_reported(errors, PATH, "MZ2025-001.confirmed")


def test_event_before_arrival_or_after_reply_or_out_of_order(project):
    for events in (
        [{"type": "补正通知", "date": "2025-03-09"}, {"type": "补正收到", "date": "2025-03-11"}],
        [{"type": "征求意见", "date": "2025-03-25", "party": "第三方"}],
        [
            {"type": "征求意见", "date": "2025-03-14", "party": "第三方"},
            {"type": "收到意见", "date": "2025-03-12"},
        ],
    ):
        errors = errors_of(project, register(row(events=events)))
        assert_reported(errors, PATH, "MZ2025-001.events")


def test_result_and_replied_go_together(project):
    errors = errors_of(project, register(row(result=None)))
    assert_reported(errors, PATH, "MZ2025-001.result")
    errors = errors_of(project, register(row(replied=None)))
    assert_reported(errors, PATH, "MZ2025-001.replied")
    assert errors_of(project, register(row(result=None, replied=None))) == []


def test_archived_before_reply(project):
    errors = errors_of(project, register(row(archived="2025-03-20")))
    assert_reported(errors, PATH, "MZ2025-001.archived")


def test_extensions_over_20_working_days(project):
    events = [
        {"type": "延期", "date": "2025-03-12", "days": "15"},
        {"type": "延期", "date": "2025-03-13", "days": "10"},
    ]
    errors = errors_of(project, register(row(events=events)))
    assert "25 个工作日" in assert_reported(errors, PATH, "MZ2025-001.events")


def test_a_date_after_the_build_date(project, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2025-03-20")
    errors = errors_of(project, register(row()))
    assert "晚于构建日期" in assert_reported(errors, PATH, "MZ2025-001.replied")
    errors = errors_of(
        project,
        register(
            row(result=None, replied=None, events=[{"type": "补正通知", "date": "2025-03-21"}])
        ),
    )
    assert_reported(errors, PATH, "MZ2025-001.events[0].date")


def test_duplicate_ids_across_the_organisations_files(project):
    text = register(row(), row(summary="申请公开2024年低保资金发放汇总表"))
    errors = errors_of(project, text)
    duplicates = [e for e in errors if e.startswith(f"{PATH}:MZ2025-001.id:")]
    assert len(duplicates) == 2
    other = "catalogs/requests/mzj/2026.yml"
    project.write({PATH: register(row())})
    errors = errors_of(project, register(row(arrived="2026-03-10", replied="2026-03-20")), other)
    assert_reported(errors, PATH, "MZ2025-001.id")
    assert_reported(errors, other, "MZ2025-001.id")
    # another organisation may use the same id
    project.remove(other)
    errors = errors_of(project, register(row()), "catalogs/requests/qsz/2025.yml")
    assert errors == []


def test_unknown_keys_are_errors(project):
    errors = errors_of(project, register(row(name="某某", applicant_name="x", phone="x")))
    for key in ("name", "applicant_name", "phone"):
        assert_reported(errors, PATH, f"MZ2025-001.{key}")


def test_personal_data_in_summary_note_and_event_note(project):
    mobile = "13812345678"
    errors = errors_of(
        project,
        register(
            row(
                summary=f"张三 {mobile} 申请公开",
                note=f"联系电话{mobile}",
                events=[
                    {"type": "补正通知", "date": "2025-03-11", "note": f"已电话告知 {mobile}"},
                    {"type": "补正收到", "date": "2025-03-12"},
                ],
            )
        ),
    )
    for key in ("summary", "note", "events[0].note"):
        message = assert_reported(errors, PATH, f"MZ2025-001.{key}")
        assert mobile not in message and "个人信息" in message


def test_the_organisation_must_be_an_administrative_organ(project):
    errors = errors_of(project, register(row()), "catalogs/requests/tyc/2025.yml")
    assert "不是行政机关" in assert_reported(errors, "catalogs/requests/tyc/2025.yml", "file")
    errors = errors_of(project, register(row()), "catalogs/requests/nope/2025.yml")
    assert_reported(errors, "catalogs/requests/nope/2025.yml", "file")
    errors = errors_of(project, register(row()), "catalogs/requests/mzj/2025-bak.yml")
    assert_reported(errors, "catalogs/requests/mzj/2025-bak.yml", "file")


def test_all_problems_at_once(project):
    errors = errors_of(
        project,
        register(row(applicant="个人"), row(id="MZ2025-002", channel="电话", result="同意")),
    )
    keys = {e.split(": ", 1)[0] for e in errors}
    assert {
        f"{PATH}:MZ2025-001.applicant",
        f"{PATH}:MZ2025-002.channel",
        f"{PATH}:MZ2025-002.result",
    } <= keys


def test_not_a_list_and_yaml_anchors(project):
    assert_reported(errors_of(project, "id: MZ2025-001\n"), PATH, "file")
    text = "- &a\n  id: MZ2025-001\n- *a\n"
    assert any(e.startswith(PATH) and "锚点" in e for e in errors_of(project, text))


def test_registers_are_not_read_as_catalogs(project):
    site, errors, warnings = problems_of(project, {PATH: register(row())})
    assert errors == []
    assert not [w for w in warnings if w.startswith("catalogs/requests")]
    assert all(not c.path.startswith("catalogs/requests") for c in site.registry.catalogs.values())
