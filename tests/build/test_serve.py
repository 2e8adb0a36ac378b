"""`portal serve` (issue 21, item 2): with a content error every URL answers at once with a
Chinese page listing every error, which recovers by itself once the file is fixed; a document
turned 不予公开 leaves the preview in the same rebuild; requests are answered while it builds."""

from __future__ import annotations

import json
import threading
import time

from bs4 import BeautifulSoup
from helpers import doc, public_notice
from servetools import WAIT, Served, get

TAB_FILE = "content/mzj/2025/tab.md"
BROKEN = doc(
    "title: 有错误的通知\n\tattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: fdzdgk-02\n"
    "published: 2025-03-03\n",
    "正文。\n",
)


def _rows(text: str) -> list[list[str]]:
    page = BeautifulSoup(text, "html.parser")
    return [[td.get_text() for td in tr.find_all("td")] for tr in page.select("tbody tr")]


def test_error_page_at_every_url_then_recovery_without_restart(project, tmp_path):
    project.write({TAB_FILE: BROKEN})
    with Served(project.root, tmp_path / "serve") as served:
        # answered at once while the first validation runs: never a hanging request
        status, _ = get(served.url, timeout=10)
        assert status in (200, 500, 503)
        state = served.wait_for("errors")
        for path in ("", "mzj/2025/notice/", "no/such/page/", "assets/x.css"):
            status, text = get(served.url + path)
            assert status == 500
            page = BeautifulSoup(text, "html.parser")
            assert "错误" in page.title.get_text()
            rows = _rows(text)
            assert any(r[:3] == [TAB_FILE, "attribute", "3"] and "制表符" in r[3] for r in rows), (
                rows
            )
        project.write({TAB_FILE: BROKEN.replace("\tattribute", "attribute")})
        fixed = served.wait_for("site", after=state["version"])
        status, text = get(served.url)
        assert status == 200 and "测试区政府信息公开平台" in text
        assert "/__portal/version" in text  # the reload script
        status, text = get(served.url + "mzj/2025/tab/")
        assert status == 200 and "有错误的通知" in text
        assert served.state()["version"] == fixed["version"]


def test_a_withheld_change_removes_the_page(project, tmp_path):
    path = "content/mzj/2025/later.md"
    project.write({path: public_notice(title="QXLATER稍后不予公开的通知")})
    with Served(project.root, tmp_path / "serve") as served:
        state = served.wait_for("site")
        status, text = get(served.url + "mzj/2025/later/")
        assert status == 200 and "QXLATER" in text  # positive control
        # the page's question about its version is held open and answered by the change
        asked = f"{served.url}__portal/version?since={state['version']}"
        answer: list[tuple[int, str]] = []
        asking = threading.Thread(target=lambda: answer.append(get(asked, timeout=WAIT)))
        asking.start()
        time.sleep(0.5)
        assert not answer  # held while the same output is shown
        project.write(
            {
                path: public_notice(
                    title="QXLATER稍后不予公开的通知",
                    attribute="不予公开",
                    attribute_basis="《中华人民共和国政府信息公开条例》第十六条",
                )
            }
        )
        served.wait_for("site", after=state["version"])
        asking.join(timeout=WAIT)
        assert answer and json.loads(answer[0][1])["version"] > state["version"]
        status, text = get(served.url + "mzj/2025/later/")
        assert status == 404 and "QXLATER" not in text
        for page in ("", "notices/", "disclosure/mzj/", "changes/"):
            status, text = get(served.url + page)
            assert status == 200 and "QXLATER" not in text, page


def test_messages_on_the_error_page_are_escaped(project, tmp_path):
    bad = "content/mzj/2025/x.md"
    project.write({bad: public_notice(attribute="<b>QXBOLD</b>")})
    with Served(project.root, tmp_path / "serve") as served:
        served.wait_for("errors")
        _, text = get(served.url)
        page = BeautifulSoup(text, "html.parser")
        assert page.find("b") is None  # the value is shown as text, not markup
        cells = [td.get_text() for td in page.find_all("td")]
        assert any("<b>QXBOLD</b>" in c for c in cells), cells
