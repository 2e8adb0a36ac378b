"""A computed annual report in Chromium: the three tables on screen (scrolling sideways on a
phone instead of widening the page) and, printed on A4, each table kept whole on one page."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from helpers import ROOT, doc

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
A4 = {"width": 794, "height": 1123}  # CSS pixels at 96 dpi

DATA = """\
licensing: 18
penalties: 2
coercion: 0
fees: 1.5
review: {upheld: 1, corrected: 0, other: 0, pending: 0}
direct_suit: {upheld: 0, corrected: 0, other: 0, pending: 0}
suit_after_review: {upheld: 0, corrected: 0, other: 0, pending: 0}
"""
REGISTER = """\
- id: MZ2025-001
  applicant: 自然人
  channel: 当面
  arrived: 2025-03-10
  result: 予以公开
  replied: 2025-03-24
"""
BODY = (
    "**一、总体情况**\n\n全年工作情况。\n\n**二、主动公开政府信息情况**\n\n"
    "**三、收到和处理政府信息公开申请情况**\n\n**四、政府信息公开行政复议、行政诉讼情况**\n\n"
    "**五、存在的主要问题及改进情况**\n\n问题。\n\n**六、其他需要报告的事项**\n\n无。\n"
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served(project, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2026-11-30")
    front = {
        "title": "测试区民政局2025年政府信息公开工作年度报告",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "年度报告",
        "year": "2025",
        "catalog": "fdzdgk-02",
        "published": "2026-01-20",
    }
    project.write(
        {
            "catalogs/annual-reports/mzj/2025.yml": DATA,
            "catalogs/requests/mzj/2025.yml": REGISTER,
            "content/mzj/2026/nianbao-2025.md": doc(front, BODY),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/mzj/2026/nianbao-2025/"
    server.shutdown()


def test_report_tables_on_a_phone_and_in_print(served):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(served, wait_until="networkidle")
            tables = page.locator("table.portal-report")
            assert tables.count() == 3
            # the page itself does not scroll sideways: only the tables' wrappers do
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "annual-report-phone.png"), full_page=True)
            page.set_viewport_size(A4)
            page.emulate_media(media="print")
            for i in range(3):
                table = tables.nth(i)
                style = table.evaluate("t => getComputedStyle(t).breakInside")
                assert style == "avoid"
                box = table.bounding_box()
                assert box is not None and box["width"] <= A4["width"]
                assert box["height"] < A4["height"] - 96  # fits within one page's margins
            page.screenshot(path=str(ARTIFACTS / "annual-report-print.png"), full_page=True)
        finally:
            browser.close()
