"""Links and files reached from a public document: targets, hidden forms, schemes."""

from __future__ import annotations

import pytest
from helpers import assert_reported, doc, problems_of, public_notice, secret

NOTICE = "content/mzj/2025/notice.md"


def test_files_reached_by_a_body_link_are_checked_for_personal_data(project):
    files = {
        NOTICE: public_notice().replace("现将", "见[名单](名单.csv)，现将"),
        "content/mzj/2025/名单.csv": "姓名,电话\n张三,13812345678\n",
    }
    _, errors, _ = problems_of(project, files)
    assert_reported(errors, "content/mzj/2025/名单.csv", "attachment")


@pytest.mark.parametrize(
    "body", ["[相关\n请示](secret.md)\n", "<a href=../2025/secret/>请示</a>\n"]
)
def test_hidden_forms_of_a_link_to_a_withheld_document(project, body):
    files = {
        "content/mzj/2025/secret.md": secret(),
        NOTICE: doc(
            {
                "title": "通知",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            },
            body,
        ),
    }
    _, errors, _ = problems_of(project, files)
    assert_reported(errors, NOTICE, "body")


def test_links(project):
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write(
        {
            "mkdocs.yml": config.replace(
                "  portal:\n",
                "  portal:\n    http_allowed: [old.example.org]\n"
                "    official_contacts:\n      emails: [xxgk@example.gov.cn]\n",
                1,
            )
        }
    )
    body = (
        "[a](https://www.gov.cn/)\n[b](http://insecure.example.com/x)\n[c](http://old.example.org/)\n"
        "[d](mailto:xxgk@example.gov.cn)\n[e](mailto:someone@163.com)\n[f](javascript:alert(1))\n"
    )
    files = {
        NOTICE: doc(
            {
                "title": "链接",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            },
            body,
        )
    }
    _, errors, _ = problems_of(project, files)
    body_errors = [e for e in errors if e.startswith(f"{NOTICE}:body:")]
    # http, private mailto, javascript; the e-mail itself; and the javascript link again as
    # script in the body (SPEC 7, rules/markup.py)
    assert len(body_errors) == 5, body_errors
    assert any("“javascript”链接" in e for e in body_errors)
    assert any("insecure.example.com" in e for e in body_errors)
    assert any("不支持" in e for e in body_errors)
