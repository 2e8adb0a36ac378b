"""The demo portal read as a citizen would, in Debian's chromium: axe-core (WCAG 2.1 AA, best
practices and WCAG 2.2's target size) finds no serious or critical violation on any page kind, at
desktop and at phone width (screenshots of each in test-artifacts/), and does find a target that
is too small; the keyboard reaches the skip link first and the search box before the
content (it opens on typing, not on focus); the 字号 and 高对比度 switches persist across pages;
the search dialog closes when the focus leaves it; every page below the home has a breadcrumb trail; a printout names the site."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from helpers import ROOT
from pageready import goto, wait_ready

ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SERIOUS = ("serious", "critical")
# WCAG 2.1 A/AA, best practices and 2.2 AA (target-size: a target is at least 24 by 24 px)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# violations only: axe then keeps one node of each passing or inapplicable rule, not all
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# the results page's count, checked to the end (29 candidates for 低保: fewer than
# portal-search.js checks at once), and the search box's in its dialog (24 for 最低生活保障)
PAGE_COUNTED = """() => /：\\d+ 个符合条件的结果/.test(
  document.querySelector("[data-portal-search-status]").textContent)"""
BOX_COUNTED = """() => /^\\d+ 个符合条件的结果$/.test(
  document.querySelector(".md-search-result__meta").textContent.trim())"""

# one page of each kind of the demo (content/, catalogs/)
PAGES = {
    "home": "",
    "directory": "disclosure/",
    "platform": "disclosure/mzj/",
    "listing": "disclosure/mzj/all/",
    "type-listing": "policies/",
    "document": "mzj/2025/dibao-biaozhun/",
    "interpretation": "mzj/2025/dibao-biaozhun-jiedu/",
    "catalog-index": "catalog/",
    "catalog": "catalog/shjz/",
    "changes": "changes/",
    "on-request": "disclosure/mzj/on-request/",
    "newmedia": "newmedia/",
    "village": "disclosure/tyc/",
    "site-map": "site-map/",
    "not-found": "404.html",
    "annual-report": "mzj/2026/nianbao-2025/",
    "notices": "notices/",
    "search": "search/?q=" + quote("低保"),
    "library": "policies/?year=2026",
}


@pytest.fixture(scope="module")
def site(demo) -> str:
    """The demo portal (tests/browser/conftest.py: built once for the session)."""
    return demo


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


def _axe(page) -> dict:
    """axe-core's violations on the page (axe is in every page of the context: `_axe_context`)."""
    return page.evaluate(
        "options => axe.run(options).then(r => ({violations: r.violations}))", AXE_OPTIONS
    )


def _axe_context(browser, width: str):
    """A context at `width` whose every page has axe-core (axe_playwright_python's axe.min.js, read
    once): handed to chromium once, not with each run."""
    context = browser.new_context(viewport=WIDTHS[width])
    context.add_init_script(script=AXE_SCRIPT)
    return context


def _serious(page) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n.get("target")) for n in v["nodes"][:3])
        for v in _axe(page)["violations"]
        if v.get("impact") in SERIOUS
    ]


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_no_serious_violation_on_any_page_kind(site, browser, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = _axe_context(browser, width)
    page = context.new_page()
    found = {}
    try:
        for kind, path in PAGES.items():
            goto(page, site + path)
            assert page.evaluate("document.documentElement.lang") == "zh-CN"
            if kind == "search":
                page.locator("[data-portal-search-results] li").first.wait_for(timeout=15000)
                page.wait_for_function(PAGE_COUNTED, timeout=15000)
            if problems := _serious(page):
                found[kind] = problems
            page.screenshot(path=str(ARTIFACTS / f"a11y-{kind}-{width}.png"), full_page=True)
        # search results, in the open dialog
        goto(page, site)
        if width == "phone":
            page.get_by_role("button", name="打开站内搜索").click()
        page.locator("[data-portal-search-query]").fill("最低生活保障")
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        # every result (they come together, each with its fragment) and their count, then no
        # transition
        page.wait_for_function(BOX_COUNTED, timeout=10_000)
        wait_ready(page)
        if problems := _serious(page):
            found["search-results"] = problems
        page.screenshot(path=str(ARTIFACTS / f"a11y-search-results-{width}.png"))
        # the high-contrast switch on two page kinds
        goto(page, site + PAGES["document"])
        page.locator("[data-portal-contrast-toggle]").click()
        for kind in ("document", "platform"):
            goto(page, site + PAGES[kind])
            if problems := _serious(page):
                found[f"{kind}-high-contrast"] = problems
            page.screenshot(path=str(ARTIFACTS / f"a11y-{kind}-high-contrast-{width}.png"))
        # the positive control: a page-number link 9 px wide is a target-size violation
        goto(page, site + PAGES["changes"])
        page.evaluate(
            """() => { const a = document.querySelector('.portal-pager a.portal-pager__page');
            a.style.cssText = 'min-width:0;min-height:0;width:9px;height:9px;padding:0;'
            + 'font-size:6px;display:inline-block;overflow:hidden;border:0';
            a.parentElement.style.gap = '0' }"""
        )
        small = {v["id"] for v in _axe(page)["violations"]}
    finally:
        context.close()
    assert not found, "\n".join(f"{kind}: {p}" for kind, ps in found.items() for p in ps)
    assert "target-size" in small


def test_keyboard_path_and_switches_persist(site, browser):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    try:
        goto(page, site + PAGES["platform"])
        page.keyboard.press("Tab")
        first = page.evaluate(
            "[document.activeElement.classList.contains('portal-skip'),"
            " document.activeElement.textContent]"
        )
        assert first == [True, "跳到主要内容"]
        assert page.locator(".portal-skip").is_visible()  # shown when focused
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # a visible focus
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert font.startswith('"PingFang SC"') and "Noto Sans CJK SC" in font
        # onwards, the search box comes before anything of the content
        for _ in range(30):
            page.keyboard.press("Tab")
            where = page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.matches('[data-portal-search-query]') ? 'search'"
                " : e.closest('.md-content') ? 'content' : 'chrome' })()"
            )
            if where != "chrome":
                break
        assert where == "search"
        dialog = page.locator(".md-search[role=dialog]")
        assert dialog.get_attribute("aria-label") == "站内搜索"
        # focus alone opens nothing; typing does
        assert not page.evaluate("document.getElementById('__search').checked")
        page.keyboard.type("低保")
        page.wait_for_function("document.getElementById('__search').checked")
        # leaving the box closes the dialog
        for _ in range(20):
            page.keyboard.press("Tab")
            if not page.evaluate(
                "document.querySelector('.md-search').contains(document.activeElement)"
            ):
                break
        page.wait_for_function("!document.getElementById('__search').checked")
        # the skip link moves the focus into the content
        goto(page, site + PAGES["platform"])
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "portal-main"

        # 字号 and 高对比度, kept across page loads and applied before the first paint
        base = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        page.get_by_role("button", name="特大字号").click()
        page.get_by_role("button", name="高对比度").click()
        page.goto(site + PAGES["document"], wait_until="domcontentloaded")
        html = page.locator("html")
        assert html.get_attribute("data-portal-font") == "xlarge"
        assert html.get_attribute("data-portal-contrast") == "high"
        size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert size > base * 1.3
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert bg == "rgb(0, 0, 0)"
        wait_ready(page)
        assert page.get_by_role("button", name="特大字号").get_attribute("aria-pressed") == "true"
        page.screenshot(path=str(ARTIFACTS / "a11y-document-xlarge-high-contrast-desktop.png"))
        page.get_by_role("button", name="标准字号").click()
        page.get_by_role("button", name="高对比度").click()
        page.reload()
        wait_ready(page)
        assert html.get_attribute("data-portal-font") is None
        assert html.get_attribute("data-portal-contrast") is None
    finally:
        context.close()


def test_breadcrumbs_tab_and_print_header(site, browser):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    try:
        goto(page, site + PAGES["document"])
        trail = page.locator("nav[aria-label='当前位置'] li")
        texts = [t.strip() for t in trail.all_inner_texts()]
        assert texts[:3] == ["首页", "政府信息公开", "溪山区民政局"]
        assert page.locator("nav[aria-label='当前位置'] [aria-current=page]").count() == 1
        active = page.locator(".md-tabs__item--active").inner_text().strip()
        assert active == "政府信息公开"
        goto(page, site)
        assert page.locator("nav[aria-label='当前位置']").count() == 0  # the home page
        goto(page, site + PAGES["village"])
        texts = [t.strip() for t in trail.all_inner_texts()]
        assert texts[1:] == ["政府信息公开", "溪山区青石镇人民政府", "青石镇桃源村村民委员会"]
        page.emulate_media(media="print")
        head = page.locator(".portal-print-head")
        assert head.is_visible()
        text = head.inner_text()
        assert (
            "溪山区政府信息公开平台" in text
            and "disclosure/tyc/" in text
            and "打印日期：20" in text
        )
        assert not page.locator(".md-header").is_visible()
        page.screenshot(path=str(ARTIFACTS / "a11y-village-print.png"), full_page=True)
    finally:
        context.close()


def test_footer_terms_do_not_wrap_on_a_phone(site, browser):
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    try:
        goto(page, site + PAGES["listing"])
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS["phone"]["width"]
        for term in ("渝公网安备", "渝ICP备"):
            item = page.locator(".portal-footer .portal-nowrap", has_text=term)
            box = item.bounding_box()
            line = page.evaluate(
                "el => parseFloat(getComputedStyle(el).lineHeight)", item.element_handle()
            )
            assert box is not None and box["height"] < line * 1.5, term  # one line
    finally:
        context.close()


def test_keyboard_reaches_results_and_the_next_page(site, browser):
    """The keyboard path goes on from the search box: into the results, then to 显示更多结果,
    which loads the next page of results."""
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    try:
        goto(page, site + PAGES["home"])
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('[data-portal-search-query]')"):
                break
        page.keyboard.type("救助")
        items = page.locator(".md-search-result__item:not(.portal-search__more)")
        page.locator(".portal-search__more button").wait_for(timeout=15000)
        assert items.count() == 10
        reached = []
        for _ in range(60):
            page.keyboard.press("Tab")
            where = page.evaluate(
                "(() => { const e = document.activeElement;"
                " return e.closest('.portal-search__more') ? 'more'"
                " : e.closest('.md-search-result__item') ? 'result' : 'other' })()"
            )
            reached.append(where)
            if where == "more":
                break
        assert "result" in reached and reached[-1] == "more"
        assert reached.index("result") < len(reached) - 1
        page.keyboard.press("Enter")
        page.wait_for_function(
            "document.querySelectorAll('.md-search-result__item:not(.portal-search__more)').length > 10",
            timeout=15000,
        )
    finally:
        context.close()
