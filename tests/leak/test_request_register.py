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
