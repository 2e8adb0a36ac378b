"""`attachments`: a plain path, or `{path, title}` (the title is what the page shows)."""

from __future__ import annotations

import pytest
from helpers import PDF, assert_reported, problems_of, public_notice

NOTICE = "content/mzj/2025/notice.md"
FILES = {"content/mzj/2025/files/a.pdf": PDF, "content/mzj/2025/files/b.pdf": PDF + b"b"}


def _notice(attachments) -> dict:
    return {NOTICE: public_notice(attachments=attachments), **FILES}


def test_paths_and_titled_items_mix(project):
    site, errors, _ = problems_of(
        project, _notice([{"path": "files/a.pdf", "title": "申请表"}, "files/b.pdf"])
    )
    assert errors == []
    doc = site.public.document("mzj/2025/notice.md")
    assert doc.attachments == ("mzj/2025/files/a.pdf", "mzj/2025/files/b.pdf")
    assert doc.attachment_titles == {"mzj/2025/files/a.pdf": "申请表"}


def test_plain_paths_stay_valid(project):
    site, errors, _ = problems_of(project, _notice(["files/a.pdf"]))
    assert errors == []
    assert site.public.document("mzj/2025/notice.md").attachment_titles == {}


def test_unknown_key_of_an_item_is_an_error_on_that_key(project):
    _, errors, _ = problems_of(
        project, _notice(["files/b.pdf", {"path": "files/a.pdf", "titel": "申请表"}])
    )
    message = assert_reported(errors, NOTICE, "attachments[1].titel")
    assert "title" in message  # 您是否想写“title”


@pytest.mark.parametrize(
    ("item", "key"),
    [
        ({"title": "没有路径"}, "attachments[0].path"),
        ({"path": "files/a.pdf", "title": ["列表"]}, "attachments[0].title"),
        ({"path": "/files/a.pdf", "title": "绝对路径"}, "attachments"),
        ({"path": "../../../x.pdf", "title": "目录之外"}, "attachments"),
    ],
)
def test_bad_items_are_reported(project, item, key):
    _, errors, _ = problems_of(project, _notice([item]))
    assert_reported(errors, NOTICE, key)


def test_a_title_is_checked_like_public_text(project):
    _, errors, _ = problems_of(
        project, _notice([{"path": "files/a.pdf", "title": "联系人电话13812345678"}])
    )
    assert_reported(errors, NOTICE, "attachments[0].title")
