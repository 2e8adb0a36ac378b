"""Lines written one per line in a body stay one per line on the page (issue 21): an address
block, a 落款, a list pasted from Word; Markdown's lists, tables and headings still render."""

from __future__ import annotations

from helpers import built, doc, soup

BODY = """\
## 联系方式

联系地址：测试区政务路1号
邮政编码：400000
联系电话：023-65120102

- 第一项
- 第二项

| 项目 | 内容 |
|---|---|
| 地址 | 政务路1号 |

测试区民政局
2025年3月3日

编辑应用写的换行：第一行\\
第二行

第一段。

第二段。
"""


def test_lines_stay_lines_and_markdown_still_renders(project):
    site = built(
        project,
        {
            "content/mzj/2025/contact.md": doc(
                {
                    "title": "民政局联系方式",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "published": "2025-03-03",
                },
                BODY,
            )
        },
    )
    page = soup(site / "mzj/2025/contact/index.html")
    body = page.select_one("article") or page
    address = next(p for p in body.find_all("p") if "联系地址" in p.get_text())
    lines = [s.strip() for s in address.get_text("\n").split("\n") if s.strip()]
    assert lines == ["联系地址：测试区政务路1号", "邮政编码：400000", "联系电话：023-65120102"]
    assert len(address.find_all("br")) == 2
    signature = next(p for p in body.find_all("p") if "测试区民政局" in p.get_text())
    assert len(signature.find_all("br")) == 1 and "2025年3月3日" in signature.get_text()
    # negative controls: Markdown's own structure is untouched
    assert body.find("h2", string=lambda s: s and "联系方式" in s) is not None
    items = [li.get_text(strip=True) for ul in body.find_all("ul") for li in ul.find_all("li")]
    assert "第一项" in items and "第二项" in items
    assert not any(li.find("br") for ul in body.find_all("ul") for li in ul.find_all("li"))
    table = next(t for t in body.find_all("table") if "政务路1号" in t.get_text())
    assert [th.get_text(strip=True) for th in table.find_all("th")] == ["项目", "内容"]
    app = next(p for p in body.find_all("p") if "编辑应用" in p.get_text())
    assert len(app.find_all("br")) == 1 and "\\" not in app.get_text()
    first = next(p for p in body.find_all("p") if p.get_text(strip=True) == "第一段。")
    assert first.find("br") is None  # a blank line still separates paragraphs
