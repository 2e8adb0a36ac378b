"""`portal audit scorecard` (SPEC: Freshness and assessment): one entry per organisation with
SPEC's keys, null where a key does not apply, figures equal to the other audits, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from helpers import doc

KEYS = {
    "org",
    "name",
    "kind",
    "documents",
    "timeliness",
    "interpretation",
    "coverage",
    "annual_report",
    "requests",
    "consultations",
    "newmedia",
    "villages",
    "freshness",
}


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")


def card(project, today: str = "2026-11-30") -> dict[str, dict]:
    result = project.portal("audit", "scorecard", "--json", "--today", today)
    assert result.returncode == 0, result.stdout + result.stderr
    return {e["org"]: e for e in json.loads(result.stdout)["scorecard"]}


def report(org: str, published: str) -> str:
    return doc(
        {
            "title": f"{org}2025年政府信息公开工作年度报告",
            "attribute": "主动公开",
            "org": org,
            "type": "年度报告",
            "year": "2025",
            "catalog": "fdzdgk-02",
            "published": published,
        },
        "**一、总体情况**\n\n概述。\n",
    )


def test_every_organisation_has_every_key(project):
    entries = card(project)
    assert set(entries) == {"qzfb", "mzj", "qsz", "tyc"}
    for entry in entries.values():
        assert set(entry) == KEYS
    # a committee takes no applications and writes no annual report; a department has no villages
    assert entries["tyc"]["requests"] is None and entries["tyc"]["annual_report"] is None
    assert entries["mzj"]["villages"] is None
    assert entries["qsz"]["villages"] == {"missing_periods": 0}
    assert entries["mzj"]["documents"]["public"] == 1  # BASE_FILES' notice


def test_annual_report_status(project):
    project.write(
        {
            "content/mzj/2026/nb.md": report("mzj", "2026-01-30"),
            "content/qsz/2026/nb.md": report("qsz", "2026-02-02"),
        }
    )
    entries = card(project)
    assert entries["mzj"]["annual_report"] == {
        "year": 2025,
        "due": "2026-01-31",
        "published": "2026-01-30",
        "status": "按时",
    }
    assert entries["qsz"]["annual_report"]["status"] == "逾期"
    assert entries["qzfb"]["annual_report"]["status"] == "未发布"
    assert card(project, "2026-01-15")["qzfb"]["annual_report"]["status"] == "未到期"


def test_request_figures_are_table_b_and_the_deadlines(project):
    rows = [
        {
            "id": "A",
            "applicant": "自然人",
            "channel": "当面",
            "arrived": "2025-03-03",
            "result": "予以公开",
            "replied": "2025-05-20",
        },  # late: due 2025-03-31
        {
            "id": "B",
            "applicant": "自然人",
            "channel": "当面",
            "arrived": "2025-06-02",
            "result": "予以公开",
            "replied": "2025-06-10",
        },
        {"id": "C", "applicant": "其他", "channel": "当面", "arrived": "2026-10-08"},  # overdue
    ]
    project.write(
        {
            "catalogs/requests/mzj/2025.yml": yaml.safe_dump(rows[:2], allow_unicode=True),
            "catalogs/requests/mzj/2026.yml": yaml.safe_dump(rows[2:], allow_unicode=True),
        }
    )
    figures = card(project)["mzj"]["requests"]
    assert figures == {"year": 2025, "received": 2, "concluded": 2, "late": 1, "open_overdue": 1}


def test_csv_opens_in_a_spreadsheet(project):
    result = project.portal("audit", "scorecard", "--csv", "--today", "2026-11-30")
    assert result.returncode == 0
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    by_org = {r["org"]: r for r in rows}
    assert by_org["mzj"]["documents.public"] == "1"
    assert by_org["tyc"]["requests.received"] == ""  # does not apply
    assert "freshness.stale_columns" in rows[0]
