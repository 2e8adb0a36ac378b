"""`portal serve` (issue 21, item 2): with a content error every URL answers at once with a
Chinese page listing every error, which recovers by itself once the file is fixed; a document
turned 不予公开 leaves the preview in the same rebuild; requests are answered while it builds."""

from __future__ import annotations

import json
import threading
import time

from bs4 import BeautifulSoup
from helpers import doc, notice_with, public_notice
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


def _tree(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def test_preview_rebuilds_link_and_write_over_the_spare_and_give_a_fresh_build_s_bytes(
    project, tmp_path, monkeypatch
):
    """The preview's rebuilds (what `portal serve` runs after each change) link the pages the
    edit did not touch to the preview they replace (the leak scan's process writes them), keep
    the replaced preview beside it as the spare and build the next one in it: the output is
    still byte for byte a fresh preview build's, nothing of the spare is left in it, and a page
    turned 不予公开 is gone."""
    from disclosure_portal import publishing
    from disclosure_portal.engine import spare
    from disclosure_portal.read.settings import load_settings

    monkeypatch.setenv("PORTAL_TODAY", "2025-06-01")  # one build date (stamp) for every build
    path = "content/mzj/2025/later.md"
    project.write({path: public_notice(title="QXSPARE先公开的通知")})
    target = tmp_path / "preview" / "site"
    ready = target.parent / spare.FOLDER / spare.READY

    def build(folder=target):
        assert publishing.build_site(load_settings(project.root), folder, preview=True) == 0

    def spare_ready():
        deadline = time.monotonic() + 60
        while not ready.is_dir() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert ready.is_dir()

    build()
    home = (target / "index.html").stat().st_ino
    folder = (target / "mzj/2025/later").stat().st_ino  # the third preview's, from the spare
    project.write(
        {path: notice_with("QXEDIT1改过的正文。", "QXSPARE先公开的通知", published="2025-03-03")}
    )
    build()  # the first preview becomes the spare
    assert (target / "index.html").stat().st_ino == home  # the same page: linked
    home = (target / "index.html").stat().st_ino
    second = (target / "mzj").stat().st_ino  # the fourth preview's, from the spare
    spare_ready()
    project.write(
        {path: notice_with("QXEDIT2又改的正文。", "QXSPARE先公开的通知", published="2025-03-03")}
    )
    build()  # in the spare, linked to the second preview
    assert (target / "index.html").stat().st_ino == home
    assert (target / "mzj/2025/later").stat().st_ino == folder
    shown = _tree(target)
    assert "QXEDIT2" in shown["mzj/2025/later/index.html"].decode()
    assert not spare.left_in(list(shown))
    fresh = tmp_path / "fresh" / "site"
    build(fresh)
    assert _tree(fresh) == shown
    spare_ready()
    # the spare (the second preview) still holds the page's old bytes, under the spare's name
    kept = ready / "mzj/2025/later" / f"{spare.PREFIX}index.html"
    assert b"QXEDIT1" in kept.read_bytes()
    project.write(
        {
            path: public_notice(
                title="QXSPARE先公开的通知",
                attribute="不予公开",
                attribute_basis="《中华人民共和国政府信息公开条例》第十六条",
            )
        }
    )
    build()
    assert (target / "mzj").stat().st_ino == second  # built in that spare
    assert not any(p.is_symlink() for p in target.rglob("*"))
    shown = _tree(target)
    assert "mzj/2025/later/index.html" not in shown
    assert not (target / "mzj/2025/later").exists()  # its folder too (no listing of it)
    assert not any(b"QXSPARE" in data for data in shown.values())
    assert not spare.left_in(list(shown))
