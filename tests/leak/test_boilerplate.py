"""Boilerplate shared by public and withheld documents never fails a build; distinctive withheld
text still does, however it is written (positive control)."""

from __future__ import annotations

from helpers import doc, find_markers

HEADER = "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|\n"
SALUTATION = "各乡镇人民政府、街道办事处，区政府各部门，有关单位："
CLAUSE = "本通知自印发之日起施行，由区民政局负责解释。各单位要高度重视，认真组织实施，确保各项工作落到实处。"
SECRET = "桃源村共有一十七户家庭的收入核对结果与申报材料明显不符需要逐户复核"


def _front(title: str, attribute: str, **extra) -> dict:
    front = {
        "title": title,
        "attribute": attribute,
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    if attribute == "主动公开":
        front["published"] = "2025-04-01"
    else:
        front["attribute_basis"] = "《中华人民共和国政府信息公开条例》第十六条"
    return front


def _files(n_public: int = 3) -> dict[str, str]:
    files = {
        "content/mzj/2025/withheld.md": doc(
            _front("关于桃源村低保复核的请示", "不予公开"),
            f"{SALUTATION}\n\n{HEADER}| 1 | 内部复核 | 区纪委 | 区民政局 | 5月 |\n\n{SECRET}。\n\n{CLAUSE}\n",
        )
    }
    for i in range(n_public):
        styles = [f"**{SALUTATION}**", SALUTATION, f"> {SALUTATION}"]
        body = (
            f"{styles[i % 3]}\n\n{HEADER}| 1 | 任务{i} | 区民政局 | 各乡镇 | 6月底 |\n\n{CLAUSE}\n"
        )
        files[f"content/mzj/2025/public{i}.md"] = doc(
            _front(f"关于开展第{i + 1}项救助工作的通知", "主动公开"), body
        )
    return files


def test_shared_boilerplate_builds_and_withheld_text_stays_out(project):
    project.write(_files())
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert find_markers(project.site, [SECRET, "关于桃源村低保复核的请示"]) == []
    assert (project.site / "mzj/2025/public0/index.html").exists()


def test_positive_control_distinctive_withheld_text_in_output_is_caught(project):
    project.write(_files())
    assert project.portal("build").returncode == 0
    page = project.site / "mzj/2025/public1/index.html"
    html = page.read_text(encoding="utf-8")
    # the withheld sentence in traditional characters, split by markup, in the page
    planted = "<p>桃源村共有一十七戶<em>家庭的收入核對</em>結果與申報材料明顯不符需要逐戶複核</p>"
    page.write_text(html.replace("</article>", planted + "</article>"), encoding="utf-8")
    result = project.portal("check-site", "site")
    assert result.returncode == 1 and "withheld.md" in result.stdout, result.stdout
