"""SPEC guarantee 7 on a project on disk: script in a public document's body is an error on
`body` with its line, reported with every other problem; a withheld document's body is not
published and is not judged; the same text in a code block builds."""

from __future__ import annotations

from helpers import assert_reported, doc, public_notice

SCRIPT_BODY = "为做好宣传工作，现将有关事项通知如下。\n\n<p onclick=alert(1)>详见附件。</p>\n"


def test_script_in_a_public_body_is_an_error_on_body_with_its_line(project):
    project.write({"content/mzj/2025/notice.md": public_notice() + SCRIPT_BODY})
    errors = [str(p) for p in project.load().errors]
    message = assert_reported(errors, "content/mzj/2025/notice.md", "body")
    assert "onclick" in message and "（第 12 行）" in message


def test_a_withheld_body_is_not_judged_and_code_builds(project):
    withheld = doc(
        {
            "title": "内部材料",
            "attribute": "不予公开",
            "attribute_basis": "第十六条",
            "org": "mzj",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
        },
        SCRIPT_BODY,
    )
    code = public_notice() + "\n```html\n<p onclick=alert(1)>详见附件。</p>\n```\n"
    project.write({"content/mzj/2025/w.md": withheld, "content/mzj/2025/notice.md": code})
    assert project.load().errors == []
