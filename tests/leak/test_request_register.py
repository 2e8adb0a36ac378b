"""依申请公开 registers are never published (SPEC: Never published): planted text of a register
reaches no output file after `mkdocs build`, and the leak check would catch it if it did."""

from __future__ import annotations

from helpers import find_markers

REGISTER_MARKERS = {
    "id": "QXREQID-2025-0042",
    "summary": "QXREQSUMMARY申请公开某项秘密名单甲",
    "note": "QXREQNOTE登记备注乙",
    "event_note": "QXREQEVENT补正说明丙",
}

REGISTER = f"""\
- id: {REGISTER_MARKERS["id"]}
  applicant: 自然人
  channel: 当面
  arrived: 2025-03-10
  summary: {REGISTER_MARKERS["summary"]}
  events:
    - type: 补正通知
      date: 2025-03-11
      note: {REGISTER_MARKERS["event_note"]}
    - type: 补正收到
      date: 2025-03-12
  result: 予以公开
  replied: 2025-03-24
  note: {REGISTER_MARKERS["note"]}
"""


def test_register_text_never_reaches_the_output(project):
    project.write({"catalogs/requests/mzj/2025.yml": REGISTER})
    site = project.load()
    assert [str(p) for p in site.errors] == []
    assert [r.id for r in site.requests] == [REGISTER_MARKERS["id"]]
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "index.html").exists()
    assert find_markers(project.site, list(REGISTER_MARKERS.values())) == []


def test_the_leak_check_catches_register_text(project):
    """Positive control: the register's text is a fingerprint of `portal check-site`."""
    project.write({"catalogs/requests/mzj/2025.yml": REGISTER})
    assert project.mkdocs("build").returncode == 0
    clean = project.portal("check-site", "site")
    assert clean.returncode == 0, clean.stdout
    for key, marker in REGISTER_MARKERS.items():
        planted = project.site / "planted" / f"{key}.html"
        planted.parent.mkdir(exist_ok=True)
        planted.write_text(f"<p>{marker}</p>", encoding="utf-8")
        result = project.portal("check-site", "site")
        assert result.returncode == 1, (key, result.stdout)
        assert "依申请公开登记" in result.stdout, result.stdout
        assert find_markers(project.site, [marker]) != []
        planted.unlink()


ANNUAL_DATA = """\
licensing: 3
penalties: 0
coercion: 0
fees: 0
review: {upheld: 0, corrected: 0, other: 0, pending: 0}
direct_suit: {upheld: 0, corrected: 0, other: 0, pending: 0}
suit_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0}
"""
ANNUAL_REPORT = """\
---
title: 测试区民政局2025年政府信息公开工作年度报告
attribute: 主动公开
org: mzj
type: 年度报告
year: 2025
catalog: fdzdgk-02
published: 2026-01-20
---
**一、总体情况**

全年工作情况。
"""


def test_the_computed_report_shows_table_b_and_nothing_of_a_row(project, monkeypatch):
    """The annual report is the one page built from the register: its Table B counts the row,
    and no id, summary, note, event or date of it is printed."""
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")
    project.write(
        {
            "catalogs/requests/mzj/2025.yml": REGISTER,
            "catalogs/annual-reports/mzj/2025.yml": ANNUAL_DATA,
            "content/mzj/2026/nianbao-2025.md": ANNUAL_REPORT,
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (project.site / "mzj/2026/nianbao-2025/index.html").read_text(encoding="utf-8")
    assert "portal-report-b" in page and "一、本年新收政府信息公开申请数量" in page
    assert find_markers(project.site, list(REGISTER_MARKERS.values())) == []
    for day in ("2025-03-10", "2025-03-11", "2025-03-12", "2025-03-24"):
        assert day not in page
