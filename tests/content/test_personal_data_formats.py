"""SPEC guarantee 6 covers everything the site shows or serves: attachments in every format,
file names, catalog text; full-width digits and separators inside a number hide nothing; and
numbers that are not a person's are not reported."""

from __future__ import annotations

import io
import json

import pytest
from helpers import assert_reported, doc, problems_of

W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID = (
    "50022219800101123"
    + "10X98765432"[sum(int(c) * w for c, w in zip("50022219800101123", W, strict=True)) % 11]
)
MOBILE = "13800138000"
PUBLIC = "content/mzj/2025/notice.md"


def notice(body: str = "正文。\n", **extra) -> str:
    front = {
        "title": "关于社会救助的通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-03-03",
        **extra,
    }
    return doc(front, body)


def _xlsx(rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(paragraphs) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "联系人"
    table.rows[0].cells[1].text = "见上"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("名单.xlsx", lambda: _xlsx([["姓名", "身份证号"], ["王小明", ID]])),
        ("名单.docx", lambda: _docx([f"联系人手机：{MOBILE}"])),
        ("名单.json", lambda: json.dumps({"id": ID}, ensure_ascii=False)),
        ("名单.xml", lambda: f"<list><person id='{ID}'/></list>"),
        ("名单.htm", lambda: f"<p>手机 {MOBILE}</p>"),
    ],
)
def test_personal_data_in_every_published_format_is_an_error(project, name, content):
    data = content()
    _, errors, _ = problems_of(
        project,
        {f"content/mzj/2025/{name}": data, PUBLIC: notice(attachments=[name])},
    )
    assert_reported(errors, f"content/mzj/2025/{name}", "attachment")


def test_file_names_are_checked_they_become_urls(project):
    _, errors, _ = problems_of(
        project,
        {
            f"content/mzj/2025/{MOBILE}.csv": "序号,事项\n1,救助\n",
            f"content/mzj/2025/{ID}.md": notice(attachments=[f"{MOBILE}.csv"]),
        },
    )
    path = f"content/mzj/2025/{ID}.md"
    assert "身份证号" in assert_reported(errors, path, "file")
    assert "手机号码" in assert_reported(errors, path, "attachments")


def test_catalog_text_the_site_shows_is_checked(project):
    catalog = (project.root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    catalog = catalog.replace("subject: 区民政局", f"subject: 区民政局（联系人手机 {MOBILE}）")
    _, errors, _ = problems_of(project, {"catalogs/shjz.yml": catalog})
    message = assert_reported(errors, "catalogs/shjz.yml", "items[shjz-01].subject")
    assert "手机号码" in message and MOBILE not in message


@pytest.mark.parametrize(
    "written",
    [
        ID.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),  # full-width digits
        f"{ID[:6]} {ID[6:14]} {ID[14:]}",  # spaced
        f"{ID[:6]}-{ID[6:14]}-{ID[14:]}",  # hyphenated
        f"{ID[:6]}\u3000{ID[6:14]}\u3000{ID[14:]}",  # ideographic spaces
        "１３８－００１３－８０００",  # a mobile number in full-width digits and dashes
    ],
)
def test_other_writings_of_a_number_hide_nothing(project, written):
    _, errors, _ = problems_of(project, {PUBLIC: notice(f"申请人：{written}。\n")})
    assert_reported(errors, PUBLIC, "body")


@pytest.mark.parametrize(
    "text",
    [
        f"统一社会信用代码：{ID}",  # an organisation's number, not a person's
        f"注册号：{ID[:15]}",
        f"索引号：{ID}/2025-00001",
        "补助资金共计 123456789012345.00 元",
        "合同编号 500222198001011",
    ],
)
def test_numbers_that_are_not_a_persons_are_not_reported(project, text):
    _, errors, _ = problems_of(project, {PUBLIC: notice(f"{text}。\n")})
    assert not [e for e in errors if e.startswith(PUBLIC)]


def test_unreadable_attachment_is_a_warning(project):
    _, errors, warnings = problems_of(
        project,
        {
            "content/mzj/2025/旧表格.xlsx": b"PK\x03\x04 not really a workbook",
            "content/mzj/2025/旧文档.doc": b"\xd0\xcf\x11\xe0 an old binary Word file",
            PUBLIC: notice(attachments=["旧表格.xlsx", "旧文档.doc"]),
        },
    )
    assert not [e for e in errors if e.startswith(PUBLIC)]
    found = [w for w in warnings if w.startswith(f"{PUBLIC}:attachments:")]
    assert len(found) == 2 and all("无法读取文字" in w for w in found)


def test_banned_words_are_found_among_thousands(project):
    words = [f"禁用词{i:04d}" for i in range(3000)]
    _, errors, _ = problems_of(
        project,
        {
            "catalogs/banned-words.txt": "\n".join(words) + "\n",
            PUBLIC: notice("第一行正常。\n第二行含有禁用词2999和禁用词0001。\n"),
        },
    )
    found = [e for e in errors if e.startswith(f"{PUBLIC}:body:")]
    assert len(found) == 2 and all("（第 " in e for e in found)
