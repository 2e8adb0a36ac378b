"""Files under content/ that mkdocs.yml names (extra_css, extra_javascript, extra_templates, the
theme's logo and favicon) are judged like attachments (SPEC guarantee 1, "Settings are judged by
what they read"): an ordinary one is published; a withheld document, a file only withheld documents
reference, a link to one or a byte copy of one is an error on `mkdocs.yml:<key>`; their text is
checked for personal data and for withheld text."""

from __future__ import annotations

import os

import pytest
import yaml
from helpers import assert_reported, doc, public_notice, secret

CSS = "/* 溪山区政府信息公开平台：打印样式 */\n.portal-print { color: #222; }\n"
WITHHELD_TEXT = (
    "一、全区今年拟对东湖片区四十二户困难家庭实施临时救助并优先安排资金。"
    "二、救助资金由区财政从预备费中列支三百二十万元并于九月底前拨付到位。"
    "三、民政局会同各街道在八月二十日前完成入户核查并形成书面核查报告。"
    "四、核查中发现的疑似冒领情形一律移交区纪委监委进一步调查处理到底。"
    "五、上述安排在区政府常务会议审定之前不对外公开也不得向媒体透露。\n"
)


def configure(project, **settings) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    for key, value in settings.items():
        if key in ("logo", "favicon"):
            config["theme"][key] = value
        else:
            config[key] = value
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)})


def errors_of(project) -> list[str]:
    return [str(p) for p in project.load().errors]


def withheld_with(*attachments: str, body: str = "内部。\n") -> str:
    front = {
        "title": "内部救助安排的会议纪要",
        "attribute": "不予公开",
        "attribute_basis": "《政府信息公开条例》第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "attachments": list(attachments),
    }
    return doc(front, body)


def test_an_ordinary_stylesheet_and_logo_are_published(project):
    project.write({"content/assets/site.css": CSS, "content/images/logo.svg": "<svg/>"})
    configure(project, extra_css=["assets/site.css"], logo="images/logo.svg")
    site = project.load()
    assert site.errors == []
    assert site.public.publishes("assets/site.css")
    assert site.public.publishes("images/logo.svg")
    assert "assets/site.css" not in site.public.withheld_files


def test_an_unnamed_file_stays_unpublished(project):
    project.write({"content/assets/site.css": CSS})
    site = project.load()
    assert not site.public.publishes("assets/site.css")


@pytest.mark.parametrize(
    ("key", "setting"),
    [
        ("extra_css", {"extra_css": ["mzj/files/plan.css"]}),
        ("extra_javascript", {"extra_javascript": [{"path": "mzj/files/plan.css"}]}),
        ("theme.logo", {"logo": "mzj/files/plan.css"}),
        ("theme.favicon", {"favicon": "/mzj/files/plan.css"}),
    ],
)
def test_a_withheld_documents_file_named_in_a_setting_is_refused(project, key, setting):
    # small (under 32 bytes: no digest is compared) and referenced only by a withheld document
    project.write(
        {
            "content/mzj/files/plan.css": "/* 内部 */",
            "content/mzj/minutes.md": withheld_with("files/plan.css"),
        }
    )
    configure(project, **setting)
    site = project.load()
    message = assert_reported([str(p) for p in site.errors], "mkdocs.yml", key)
    assert "content/mzj/minutes.md" in message
    assert not site.public.publishes("mzj/files/plan.css")


def test_a_file_a_public_document_publishes_may_be_named_too(project):
    project.write(
        {
            "content/mzj/files/plan.css": CSS,
            "content/mzj/minutes.md": withheld_with("files/plan.css"),
            "content/mzj/notice.md": public_notice(
                title="公开的样式说明通知", attachments=["files/plan.css"]
            ),
        }
    )
    configure(project, extra_css=["mzj/files/plan.css"])
    assert not [e for e in errors_of(project) if e.startswith("mkdocs.yml:")]


def test_a_withheld_document_named_in_a_setting_is_refused(project):
    project.write({"content/mzj/secret.md": secret()})
    configure(project, extra_javascript=["mzj/secret.md"])
    message = assert_reported(errors_of(project), "mkdocs.yml", "extra_javascript")
    assert "content/mzj/secret.md" in message


def test_a_link_to_a_withheld_file_named_in_a_setting_is_refused(project):
    project.write(
        {
            "content/mzj/files/plan.css": "/* 内部 */",
            "content/mzj/minutes.md": withheld_with("files/plan.css"),
        }
    )
    (project.root / "content/assets").mkdir()
    os.symlink("../mzj/files/plan.css", project.root / "content/assets/print.css")
    configure(project, extra_css=["assets/print.css"])
    assert "符号链接" in assert_reported(errors_of(project), "mkdocs.yml", "extra_css")


def test_a_copy_of_a_withheld_file_named_in_a_setting_is_refused(project):
    project.write(
        {
            "content/mzj/files/plan.css": CSS + "/* 内部 */\n",
            "content/mzj/minutes.md": withheld_with("files/plan.css"),
            "content/assets/print.css": CSS + "/* 内部 */\n",
        }
    )
    configure(project, extra_css=["assets/print.css"])
    assert "内容完全相同" in assert_reported(errors_of(project), "mkdocs.yml", "extra_css")


def test_personal_data_in_a_named_file_is_an_error_on_its_key(project):
    project.write({"content/assets/site.css": CSS + "/* 联系人 张三 13812345678 */\n"})
    configure(project, extra_css=["assets/site.css"])
    message = assert_reported(errors_of(project), "mkdocs.yml", "extra_css")
    assert "content/assets/site.css" in message and "个人信息" in message
    assert "13812345678" not in message


def test_withheld_text_in_a_named_file_is_an_error_on_its_key(project):
    project.write(
        {
            "content/mzj/minutes.md": withheld_with(body=WITHHELD_TEXT),
            "content/assets/site.css": CSS + "/*\n" + WITHHELD_TEXT + "*/\n",
        }
    )
    configure(project, extra_css=["assets/site.css"])
    message = assert_reported(errors_of(project), "mkdocs.yml", "extra_css")
    assert "content/mzj/minutes.md" in message
    # the same stylesheet without the copied text builds
    project.write({"content/assets/site.css": CSS})
    assert not [e for e in errors_of(project) if e.startswith("mkdocs.yml:")]
