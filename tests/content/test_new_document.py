"""`portal new`: every key the type requires, attribute undecided, next free 索引号."""

from __future__ import annotations

from helpers import public_notice

from disclosure_portal.read.builddate import china_today


def test_new_policy_has_required_keys_and_is_refused_until_attribute_decided(project):
    project.write(
        {
            "content/mzj/2025/numbered.md": public_notice(
                index_no=f"11500299009134523B/{china_today().year}-00041"
            )
        }
    )
    result = project.portal(
        "new", "--org", "mzj", "--type", "政策文件", "--title", "测试政策", "--slug", "test-policy"
    )
    assert result.returncode == 0, result.stdout
    path = project.root / f"content/mzj/{china_today().year}/test-policy.md"
    text = path.read_text(encoding="utf-8")
    for key in (
        "title:",
        "attribute:",
        "org: mzj",
        "type: 政策文件",
        "catalog:",
        "written:",
        "published:",
    ):
        assert key in text
    assert f"index_no: 11500299009134523B/{china_today().year}-00042" in text
    assert f"published: {china_today().isoformat()}" in text
    check = project.portal("validate")
    assert check.returncode == 1
    rel = path.relative_to(project.root).as_posix()
    assert f"{rel}:attribute:" in check.stdout and f"{rel}:catalog:" in check.stdout
    path.write_text(
        text.replace("attribute:\n", "attribute: 主动公开\n")
        .replace("catalog:\n", "catalog: shjz-01\n")
        .replace('doc_number: ""', "doc_number: 溪山民发〔2026〕1号")
        .replace("# interpretation_exempt:", "interpretation_exempt: 测试"),
        encoding="utf-8",
    )
    assert project.portal("validate").returncode == 0, project.portal("validate").stdout


def test_new_interpretation_and_consultation_keys(project):
    assert (
        project.portal("new", "--org", "qsz", "--type", "政策解读", "--slug", "jd").returncode == 0
    )
    assert (
        project.portal("new", "--org", "qsz", "--type", "征求意见", "--slug", "zq").returncode == 0
    )
    year = china_today().year
    assert "interprets:" in (project.root / f"content/qsz/{year}/jd.md").read_text(encoding="utf-8")
    text = (project.root / f"content/qsz/{year}/zq.md").read_text(encoding="utf-8")
    assert "opens:" in text and "closes:" in text


def test_new_rejects_unknown_org_and_type(project):
    bad_org = project.portal("new", "--org", "nobody", "--type", "通知公告")
    assert bad_org.returncode == 1 and "nobody" in bad_org.stdout
    bad_type = project.portal("new", "--org", "mzj", "--type", "新闻")
    assert bad_type.returncode == 1 and "新闻" in bad_type.stdout
