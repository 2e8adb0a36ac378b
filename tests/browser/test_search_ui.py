"""Chromium against the served site (issue 17, parts 3-4): search results mark validity, look a
文号 up without highlighting single characters, narrow by filters across shards; listings fit a
phone. Screenshots of a document, a listing and search results at 1280 and 390 px."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from helpers import OLD_POLICY, POLICY, ROOT, doc
from pageready import goto

ARTIFACTS = ROOT / "test-artifacts"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


WATER = doc(
    {
        "title": "青石镇农村最低生活保障资金发放情况公示",
        "attribute": "主动公开",
        "org": "qsz",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2024-05-06",
    },
    "青石镇按照溪山民发〔2025〕3号文件发放最低生活保障资金，保障对象名单见附表。\n",
)


def _serve(project):
    project.write(
        {
            "content/mzj/2025/dibao.md": POLICY.replace(
                "attachments:\n- files/dibao-biaozhun.pdf\n", ""
            ),
            "content/mzj/2020/dibao-old.md": OLD_POLICY,
            "content/qsz/2024/fafang.md": WATER,
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]
    handler = functools.partial(_QuietHandler, directory=str(project.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(params=["one-shard", "page-per-shard"])
def served(project, request, monkeypatch):
    """The site, its search index in one shard or in one shard per page (filters merged)."""
    if request.param == "page-per-shard":
        monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "1")
    server, base = _serve(project)
    yield base, request.param
    server.shutdown()


@pytest.fixture
def served_once(project):
    server, base = _serve(project)
    yield base
    server.shutdown()


def _titles(page) -> list[str]:
    return page.eval_on_selector_all(
        ".md-search-result__item h1", "els => els.map(e => e.firstChild.textContent)"
    )


def _wait_titles(page, titles: list[str]) -> None:
    page.wait_for_function(
        """want => JSON.stringify([...document.querySelectorAll(".md-search-result__item h1")]
            .map(e => e.firstChild.textContent)) === JSON.stringify(want)""",
        arg=titles,
        timeout=15000,
    )


def _search(page, query: str, count: int | None = None) -> None:
    page.fill("input.md-search__input", "")
    page.wait_for_function("!document.querySelector('.md-search-result__item')", timeout=15000)
    page.fill("input.md-search__input", query)
    text = f"{count} 个符合条件的结果" if count and count > 1 else "符合条件的结果"
    page.locator(".md-search-result__meta", has_text=text).wait_for(timeout=15000)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)


def test_search_results_validity_numbers_and_filters(served, chromium):
    base, shards = served
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    try:
        goto(page, base + "mzj/2025/dibao/")
        # the runtime loads while the page is idle, before any focus (its last step, the
        # index's init, is work after the network is quiet, so it is waited for, not
        # assumed done at networkidle: a busy CI machine finished it later)
        page.wait_for_function(
            "performance.getEntriesByName('portal-search:ready').length", timeout=15000
        )
        page.click("input.md-search__input")
        page.locator(".portal-search__filters select[name=validity]").wait_for(timeout=15000)

        # validity is marked: the abolished 暂行办法 carries its badge
        _search(page, "最低生活保障", 3)
        old = page.locator(".md-search-result__item", has_text="溪山区最低生活保障暂行办法")
        assert old.locator(".portal-search__badge").inner_text() == "已废止"
        current = page.locator(".md-search-result__item", has_text="溪山区最低生活保障实施办法")
        assert current.locator(".portal-search__badge").count() == 0
        # snippets come from the text, never from the metadata box
        for snippet in page.locator(".md-search-result__article > p:last-child").all():
            assert "发文机关" not in snippet.inner_text()
            assert "11500299009134523B" not in snippet.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        if shards == "one-shard":
            page.screenshot(path=str(ARTIFACTS / "search-results.png"))

        # filters narrow the results, their counts merged over every shard
        options = page.eval_on_selector_all(
            ".portal-search__filters select[name=validity] option",
            "els => els.map(e => e.textContent)",
        )
        assert options == ["全部", "有效（2）", "废止（1）"]
        page.select_option(".portal-search__filters select[name=validity]", "废止")
        _wait_titles(page, ["溪山区最低生活保障暂行办法"])
        page.select_option(".portal-search__filters select[name=validity]", "")
        page.select_option(".portal-search__filters select[name=org]", "测试区青石镇人民政府")
        _wait_titles(page, ["青石镇农村最低生活保障资金发放情况公示"])
        page.select_option(".portal-search__filters select[name=org]", "")
        page.select_option(".portal-search__filters select[name=year]", "2025")
        _wait_titles(page, ["溪山区最低生活保障实施办法"])
        page.select_option(".portal-search__filters select[name=year]", "")

        # a 文号 finds its document first, with no marks on single characters
        for query in ("溪山民发〔2025〕3号", "溪山民发[2025]3号", "溪山民发（2025）第3号"):
            _search(page, query)
            page.wait_for_function(
                "document.querySelector('.md-search-result__item h1')?.firstChild"
                ".textContent === '溪山区最低生活保障实施办法'",
                timeout=15000,
            )
            assert page.locator(".md-search-result mark").count() == 0, query
    finally:
        page.context.close()


def test_pages_fit_a_phone_and_screenshots(served_once, chromium):
    base = served_once
    ARTIFACTS.mkdir(exist_ok=True)
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    try:
        for url in ("", "policies/", "disclosure/mzj/all/", "notices/", "policies/year-2025/"):
            goto(page, base + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        # a 文号 never wraps; each listing row is a card: the title above its facts
        goto(page, base + "policies/")
        number = page.locator(".portal-docno").first
        assert number.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
        box = number.bounding_box()
        assert box["height"] < 40  # one line
        row = page.locator("table.portal-list tbody tr").first
        assert row.evaluate("e => getComputedStyle(e).display") == "block"
        title = row.locator("td.portal-list__title").bounding_box()
        date = row.locator("td.portal-list__date:not(.portal-list__written)").bounding_box()
        assert date["y"] >= title["y"] + title["height"] - 1
        page.screenshot(path=str(ARTIFACTS / "listing-phone.png"), full_page=True)
        # the metadata box is open on a phone too (索引号, 成文日期, 有效性 without a tap);
        # folded, its summary line keeps the main facts
        goto(page, base + "mzj/2020/dibao-old/")
        assert page.evaluate("document.querySelector('details.portal-meta-box').open") is True
        assert page.locator("table.portal-meta").is_visible()
        assert page.locator("table.portal-meta td", has_text="溪山民发〔2020〕9号").is_visible()
        page.locator(".portal-meta-box summary").click()
        assert not page.locator("table.portal-meta").is_visible()
        assert "溪山民发〔2020〕9号" in page.locator(".portal-meta-box summary").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "document-phone.png"), full_page=True)
        page.get_by_role("button", name="打开站内搜索").click()  # a phone opens it by its icon
        _search(page, "最低生活保障", 3)
        page.screenshot(path=str(ARTIFACTS / "search-results-phone.png"))

        page.set_viewport_size({"width": 1280, "height": 900})
        goto(page, base + "mzj/2020/dibao-old/")
        assert page.locator("table.portal-meta").is_visible()
        page.screenshot(path=str(ARTIFACTS / "document-desktop.png"), full_page=True)
        goto(page, base + "policies/")
        page.screenshot(path=str(ARTIFACTS / "listing-desktop.png"), full_page=True)
    finally:
        page.context.close()
