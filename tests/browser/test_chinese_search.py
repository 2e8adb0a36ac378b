"""Chromium against the served site: search in Chinese, no third-party requests."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers import POLICY, ROOT, doc

CHROMIUM = Path("/usr/bin/chromium")


ARTIFACTS = ROOT / "test-artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(params=["one-shard", "page-per-shard"])
def served(project, request, monkeypatch):
    """The site, its search index in one shard, or (so that merging shards is tested) in one shard
    per page."""
    if request.param == "page-per-shard":
        monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "1")
    project.write(
        {
            "content/mzj/2025/dibao.md": POLICY.replace(
                "attachments:\n- files/dibao-biaozhun.pdf\n", ""
            ),
            "content/qsz/2025/water.md": doc(
                {
                    "title": "青石镇农村饮水工程建设情况公示",
                    "attribute": "主动公开",
                    "org": "qsz",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "published": "2025-05-06",
                },
                "青石镇完成农村饮水工程建设。\n",
            ),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_chinese_search_and_no_third_party_requests(served):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    from playwright.sync_api import sync_playwright

    hosts: set[str] = set()
    fetched: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "request", lambda request: hosts.add(urlsplit(request.url).hostname or request.url)
            )
            page.goto(served, wait_until="networkidle")
            page.on("requestfinished", lambda request: fetched.append(urlsplit(request.url).path))
            page.keyboard.press("/")  # material's shortcut opens the search box
            page.locator(".md-search-result__meta", has_text="键入以开始搜索").wait_for(
                timeout=15000
            )
            page.keyboard.type("保障")
            result = page.locator(".md-search-result__item", has_text="溪山区最低生活保障实施办法")
            result.first.wait_for(timeout=15000)
            assert "农村饮水" not in page.locator(".md-search-result").inner_text()
            assert (
                "溪山民发〔2025〕3号" in result.first.inner_text()
            )  # the facts line under the title
            assert any(
                p.endswith(".pf_fragment") for p in fetched
            )  # Pagefind answered, piece by piece
            page.fill("input.md-search__input", "饮水工程")
            page.locator(
                ".md-search-result__item", has_text="青石镇农村饮水工程建设情况公示"
            ).wait_for(timeout=15000)
            if "PORTAL_SEARCH_SHARD_PAGES" in os.environ:  # results came from more than one shard
                assert any(
                    p.startswith("/pagefind/shard/") and p.endswith(".pf_fragment") for p in fetched
                )
                assert any(p.startswith("/pagefind/fragment/") for p in fetched)
            assert not any(p.endswith("search_index.json") for p in fetched)
            # a document number finds its document first; Enter opens the results page
            page.fill("input.md-search__input", "溪山民发〔2025〕3号")
            page.locator(".md-search-result__meta", has_text="个符合条件的结果").wait_for(
                timeout=15000
            )
            first = page.locator(".md-search-result__item").first
            page.wait_for_function(
                "document.querySelector('.md-search-result__item h1')"
                "?.textContent === '溪山区最低生活保障实施办法'",
                timeout=15000,
            )
            assert "溪山区最低生活保障实施办法" in first.inner_text()
            page.keyboard.press("Enter")
            page.wait_for_url("**/search/?q=*", timeout=15000)
            first = page.locator("[data-portal-search-results] h2 a").first
            first.wait_for(timeout=15000)
            assert first.inner_text() == "溪山区最低生活保障实施办法"
            first.click()
            page.wait_for_url("**/mzj/2025/dibao/", timeout=15000)
            page.goto(served + "mzj/2025/dibao/", wait_until="networkidle")
            assert page.locator("table.portal-meta").is_visible()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "document-page.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(ARTIFACTS / "document-page-phone.png"), full_page=True)
        finally:
            browser.close()
    assert hosts == {"127.0.0.1"}, hosts
