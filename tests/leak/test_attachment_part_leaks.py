"""End to end: a site with withheld files whose text sits in a GBK file, a UTF-16 file, a Word
comment and a .docx renamed .wps builds (ordinary public attachments of every kind included, none
of them a false alarm); a published file that carries one of their sentences in any form (a PDF
annotation, a Word file, GBK text, picture metadata) is then found by `portal check-site`, and
nothing of the withheld files is in the built site."""

from __future__ import annotations

import filefixtures as ff
import pytest
from helpers import doc, find_markers

SECRETS = {
    "gbk": "QXGBK桃源村六户家庭暂停发放最低生活保障金",
    "utf16": "QXUTF十六名单中的家庭收入核对结果明显不符",
    "comment": "QXCOMMENT批注中写明移交区纪委监委调查处理",
    "wps": "QXWPS改名文件里的复核工作由社会救助科牵头",
}


@pytest.fixture(scope="module")
def parts_site(leak_mode, tmp_path_factory):
    from helpers import BASE_FILES, Project, mkdocs_yml

    project = Project(tmp_path_factory.mktemp("parts") / "portal")
    public = {
        "公开.docx": ff.python_docx("为做好社会救助政策宣传工作，现将有关事项通知如下。"),
        "公开.xlsx": ff.openpyxl_xlsx([["序号", "金额（元）"], [1, 123456789012]]),
        "公开.pdf": ff.pdf("社会救助政策宣传"),
        "公开.jpg": ff.jpeg(),
        "公开GBK.txt": "社会救助政策宣传材料。\n".encode("gbk"),
    }
    project.write(
        {
            "mkdocs.yml": mkdocs_yml(),
            **BASE_FILES,
            "content/mzj/2025/内部/名单.txt": f"说明\n{SECRETS['gbk']}\n".encode("gbk"),
            "content/mzj/2025/内部/核对.csv": f"说明\n{SECRETS['utf16']}\n".encode("utf-16"),
            "content/mzj/2025/内部/请示.docx": ff.docx("正文。", comment=SECRETS["comment"]),
            "content/mzj/2025/内部/复核.wps": ff.docx(SECRETS["wps"]),
            **{f"content/mzj/2025/files/{name}": data for name, data in public.items()},
            "content/mzj/2025/notice.md": doc(
                {
                    "title": "关于社会救助政策宣传的通知",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "published": "2025-03-03",
                    "attachments": [f"files/{name}" for name in public],
                },
                "为做好社会救助政策宣传工作，现将有关事项通知如下。\n",
            ),
        }
    )
    result = project.portal("build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def test_ordinary_attachments_build_and_nothing_withheld_is_published(parts_site):
    assert (parts_site.site / "mzj/2025/files/公开.docx").exists()
    assert find_markers(parts_site.site, list(SECRETS.values())) == []
    assert not list(parts_site.site.rglob("复核.wps"))


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("a.pdf", lambda text: ff.pdf("公开", annotation=text)),
        ("b.docx", lambda text: ff.docx("公开。", comment=text)),
        ("c.txt", lambda text: text.encode("gbk")),
        ("d.jpg", lambda text: ff.jpeg(description=text.encode("gbk"))),
    ],
)
def test_check_site_finds_a_withheld_sentence_in_every_form_of_output(parts_site, name, make):
    target = parts_site.site / "planted" / name
    target.parent.mkdir(exist_ok=True)
    sources = ["内部/名单.txt", "内部/核对.csv", "内部/请示.docx", "内部/复核.wps"]
    try:
        target.write_bytes(make("转载：" + "。\n".join(SECRETS.values()) + "。"))
        result = parts_site.portal("check-site", "site")
        assert result.returncode == 1, result.stdout
        hits = [line for line in result.stdout.splitlines() if f"planted/{name}" in line]
        for source in sources:
            assert any(source in line for line in hits), (source, result.stdout)
        target.write_bytes(make("转载：为做好社会救助政策宣传工作，现将有关事项通知如下"))
        assert parts_site.portal("check-site", "site").returncode == 0
    finally:
        target.unlink(missing_ok=True)
