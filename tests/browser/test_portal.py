"""The reader's portal (issue 24) in Debian's chromium, on the demo built once for the session
(axe, target size included, runs on every page kind in test_accessibility.py): the annual
report's tables fit the desktop content area and a phone; 40 Tab stops on a document page are on
screen with a visible mark; the header's controls on a phone are named buttons; a nonsense search
says nothing was found; search/?q= lists results on a page of its own; the policy library's
filters combine; a phone shows the home page's entries and search box, and a document's 索引号,
成文日期 and 有效性, in the first screen; 打印 and 分享."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from pageready import goto, wait_ready

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
PAGES = {
    "home": "",
    "disclosure": "disclosure/",
    "organ": "disclosure/mzj/",
    "on-request": "disclosure/mzj/on-request/",
    "policy": "mzj/2025/dibao-biaozhun/",
    "annual-report": "mzj/2026/nianbao-2025/",
    "notices": "notices/",
    "changes": "changes/",
    "search": "search/?q=" + quote("低保"),
    "library": "policies/?year=2026",
}
DOCUMENT = PAGES["policy"]
NONSENSE = "xyzqq不存在"


@pytest.fixture
def context(chromium, request):
    width = getattr(request, "param", "desktop")
    ctx = chromium.new_context(viewport=WIDTHS[width])
    yield ctx
    ctx.close()


def test_pager_targets_and_steps(demo, context):
    page = context.new_page()
    goto(page, demo + "changes/2/")
    pager = page.locator("nav.portal-pager")
    assert pager.locator("a[rel=prev]").inner_text() == "上一页"
    assert pager.locator("a[rel=next]").inner_text() == "下一页"
    assert pager.locator("[aria-current=page]").inner_text() == "2"
    for link in pager.locator("a").all():
        box = link.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, link.inner_text()


# --- the annual report's tables ------------------------------------------------------------------

TABLES = """() => [...document.querySelectorAll('.portal-report-wrap')].map(w => {
  const t = w.querySelector('table'), r = w.getBoundingClientRect(), tr = t.getBoundingClientRect()
  const article = document.querySelector('.md-content__inner').getBoundingClientRect()
  const labels = [...t.querySelectorAll('th')].filter(th => th.textContent.trim().length > 2 &&
    getComputedStyle(th).position !== 'absolute')
  return {name: t.className, role: w.getAttribute('role'), label: w.getAttribute('aria-label'),
    tab: w.tabIndex, overflow: w.scrollWidth - w.clientWidth, right: tr.right, wrapRight: r.right,
    articleRight: article.right, viewport: innerWidth,
    narrowest: Math.min(...labels.map(th => th.getBoundingClientRect().width /
      parseFloat(getComputedStyle(th).fontSize)))}
})"""


def _cell_right(page, table: str, text: str) -> float:
    cell = page.locator(f"table.{table} th", has_text=text).first
    return cell.bounding_box()["x"] + cell.bounding_box()["width"]


@pytest.mark.parametrize("context", ["desktop"], indirect=True)
def test_report_tables_fit_the_desktop_content_area(demo, context):
    page = context.new_page()
    goto(page, demo + PAGES["annual-report"])
    tables = page.evaluate(TABLES)
    assert [t["name"].split()[-1] for t in tables] == [
        "portal-report-a",
        "portal-report-b",
        "portal-report-c",
    ]
    for t in tables:
        assert t["role"] == "region" and t["label"].endswith("（表格）") and t["tab"] == 0, t
        assert t["overflow"] <= 0, t  # nothing to scroll: the whole table is in sight
        assert t["right"] <= t["articleRight"] + 1, t
        assert t["narrowest"] >= 3, t  # no label a character or two wide
    # the columns the issue found cut off
    for table, text in (("portal-report-b", "其他"), ("portal-report-b", "总计")):
        assert _cell_right(page, table, text) <= tables[1]["articleRight"] + 1, text
    assert _cell_right(page, "portal-report-c", "复议后起诉") <= tables[2]["articleRight"] + 1


@pytest.mark.parametrize("context", ["phone"], indirect=True)
def test_report_tables_on_a_phone(demo, context):
    page = context.new_page()
    goto(page, demo + PAGES["annual-report"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    a, b, c = page.evaluate(TABLES)
    assert a["overflow"] <= 0 and b["overflow"] <= 0  # A fits; B is stacked
    assert b["narrowest"] >= 3 and a["narrowest"] >= 3
    # Table B: each row's label on a line of its own above its seven numbers
    row = page.locator("table.portal-report-b tbody tr", has_text="1.属于国家秘密")
    label = row.locator("th[scope=row]").bounding_box()
    numbers = row.locator("td")
    assert numbers.count() == 7
    first = numbers.first.bounding_box()
    assert first["y"] >= label["y"] + label["height"] - 1
    assert label["width"] > 300  # the label has the whole width
    # the column names stay in sight while the reader scrolls through the rows
    head = page.locator("table.portal-report-b thead")
    row.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 400)")
    box = head.bounding_box()
    assert 0 <= box["y"] <= 60, box
    # Table C scrolls sideways (the control: this check does find an overflow), by keyboard too
    assert c["overflow"] > 0
    wrap = page.locator(".portal-report-wrap", has=page.locator("table.portal-report-c"))
    cue = wrap.evaluate("w => getComputedStyle(w, '::before').content")
    assert "左右滑动" in cue
    wrap.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.activeElement.scrollLeft > 0", timeout=5000
    )  # the region scrolls under the keyboard


# --- the keyboard ---------------------------------------------------------------------------------

# Where the focus is, and whether a reader sees it: on screen, not covered, and with an outline
# whose colour stands out (3:1) against the background around it.
FOCUS = """(el) => {
  el = el || document.activeElement
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92
    : ((v + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * b }
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number)
  const background = node => {
    for (let n = node; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor)
      if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3)
    }
    return [255, 255, 255]
  }
  const r = el.getBoundingClientRect(), s = getComputedStyle(el)
  let hidden = false
  for (let n = el; n; n = n.parentElement) {
    const cs = getComputedStyle(n)
    if (cs.visibility !== 'visible' || parseFloat(cs.opacity) < 0.1 || cs.display === 'none') hidden = true
  }
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1)
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1)
  const top = document.elementFromPoint(x, y)
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
  // an outline drawn outside the element shows on its parent's background, one inside on its own
  const inside = parseFloat(s.outlineOffset) < 0
  const o = rgb(s.outlineColor).slice(0, 3), bg = background(inside ? el : el.parentElement)
  const [hi, lo] = [lum(o), lum(bg)].sort((p, q) => q - p)
  return {
    tag: el.tagName, text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30),
    body: el === document.body,
    onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight
      && r.left < innerWidth && !hidden,
    covered: !!top && top !== el && !el.contains(top) && !top.contains(el),
    mark: outline && (hi + 0.05) / (lo + 0.05) >= 3,
    inDrawer: !!el.closest('.md-sidebar--primary'),
  }
}"""


def _tab_stops(page, count: int) -> list[dict]:
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
    return stops


@pytest.mark.parametrize("context", sorted(WIDTHS), indirect=True)
def test_forty_tab_stops_on_a_document_page_are_seen(demo, context):
    page = context.new_page()
    goto(page, demo + DOCUMENT)
    page.wait_for_timeout(300)
    stops = _tab_stops(page, 40)
    # after the last stop the focus leaves the page once (the browser's own controls), then starts
    # again at the skip link
    wraps = [i for i, s in enumerate(stops) if s["body"]]
    assert len(wraps) <= 1 and all(stops[i + 1]["text"] == "跳到主要内容" for i in wraps if i < 39)
    stops = [s for s in stops if not s["body"]]
    bad = [s for s in stops if not s["onScreen"] or s["covered"] or not s["mark"]]
    assert not bad, bad
    if page.viewport_size["width"] < 600:  # the closed drawer's links are no Tab stops
        assert not any(s["inDrawer"] for s in stops)
        assert any(s["text"] == "导航菜单" for s in stops)
        assert any(s["text"] == "打开站内搜索" for s in stops)
    assert not page.evaluate("document.getElementById('__search').checked")  # focus opens nothing
    # the controls: the check finds an element off screen, and one without a mark
    page.evaluate(
        """() => { const a = document.createElement('a'); a.href = '#'; a.id = 'qx-off';
        a.textContent = 'x'; a.style.cssText = 'position:absolute;left:-9999px';
        document.body.prepend(a);
        const b = document.createElement('a'); b.href = '#'; b.id = 'qx-bare'; b.textContent = 'y';
        b.style.outline = 'none'; document.querySelector('.md-content__inner').prepend(b) }"""
    )
    off = page.evaluate(FOCUS, page.locator("#qx-off").element_handle())
    page.locator("#qx-bare").focus()
    bare = page.evaluate(FOCUS)
    assert not off["onScreen"] and not bare["mark"]


@pytest.mark.parametrize("context", ["phone"], indirect=True)
def test_phone_header_buttons_open_the_drawer_and_the_search(demo, context):
    page = context.new_page()
    goto(page, demo + DOCUMENT)
    menu = page.get_by_role("button", name="导航菜单", exact=True)
    menu.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__drawer').checked")
    assert menu.get_attribute("aria-expanded") == "true"
    page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')")
    wait_ready(page)  # the drawer's transition over
    inside = page.evaluate(FOCUS)
    assert inside["onScreen"] and inside["mark"], inside
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('__drawer').checked")
    assert page.evaluate("document.activeElement.getAttribute('data-portal-drawer') !== null")
    search = page.get_by_role("button", name="打开站内搜索")
    search.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement.matches('[data-portal-search-query]')")
    close = page.get_by_role("button", name="关闭搜索")
    assert close.is_visible()
    close.click()
    page.wait_for_function("!document.getElementById('__search').checked")


@pytest.mark.parametrize("context", ["desktop"], indirect=True)
def test_search_opens_on_request_not_on_focus(demo, context):
    page = context.new_page()
    goto(page, demo + PAGES["organ"])
    page.locator("[data-portal-search-query]").focus()
    page.wait_for_timeout(200)
    assert not page.evaluate("document.getElementById('__search').checked")
    # the closed panel's results and filters are no Tab stops
    page.keyboard.press("Tab")
    assert not page.evaluate("!!document.activeElement.closest('.md-search__output')")
    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.matches('[data-portal-search-query]')")
    page.keyboard.type("低保")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    for _ in range(5):  # into the panel: its focus mark shows on white
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-search__output')"):
            break
    mark = page.evaluate(FOCUS)
    assert mark["onScreen"] and mark["mark"], mark


# --- search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("context", ["desktop"], indirect=True)
def test_a_nonsense_query_finds_nothing_and_a_real_one_finds_its_words(demo, context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    goto(page, demo)
    # Pagefind on its own answers the nonsense with every page that has 不: the reason for the check
    raw = page.evaluate(
        """async q => { const pf = await import('/pagefind/pagefind.js');
        return (await pf.search(q)).results.length }""",
        NONSENSE,
    )
    assert raw > 10
    box = page.locator("[data-portal-search-query]")
    box.click()
    box.fill(NONSENSE)
    page.locator(".md-search-result__meta", has_text="没有找到").wait_for(timeout=15000)
    assert page.locator(".md-search-result__item").count() == 0
    for query in ("不存在", "低保 xyzqq"):  # a word found nowhere, alone or beside a real one
        box.fill("")
        page.locator(".md-search-result__meta", has_text="键入").wait_for(timeout=15000)
        box.fill(query)
        page.locator(".md-search-result__meta", has_text="没有找到").wait_for(timeout=15000)
        assert page.locator(".md-search-result__item").count() == 0, query
    goto(page, demo + "search/?q=" + quote(NONSENSE))
    status = page.locator("[data-portal-search-status]")
    page.wait_for_function(
        "document.querySelector('[data-portal-search-status]').textContent.includes('没有找到')",
        timeout=15000,
    )
    assert NONSENSE in status.inner_text()
    assert page.locator("[data-portal-search-results] li").count() == 0
    page.wait_for_timeout(300)
    assert errors == []  # nothing left half done: no script error on the way
    # the control: a real query lists pages, each of which has the whole word in its text
    goto(page, demo + "search/?q=" + quote("低保"))
    items = page.locator("[data-portal-search-results] li")
    items.first.wait_for(timeout=15000)
    links = [
        a.get_attribute("href") for a in page.locator("[data-portal-search-results] h2 a").all()
    ]
    assert len(links) == 10
    for href in links[:5]:
        text = page.evaluate(
            "async u => (await (await fetch(u)).text()).replace(/<[^>]+>/g, '')", href
        )
        assert "低保" in text, href
    # excerpts are the text's, without the title or the 内容概述 label at their start
    for item in items.all()[:5]:
        title = item.locator("h2").inner_text().strip()
        excerpt = item.locator(".portal-search__excerpt").inner_text()
        assert not excerpt.startswith(title) and not excerpt.startswith("内容概述")
        assert "低保" in excerpt


@pytest.mark.parametrize("context", ["desktop"], indirect=True)
def test_the_results_page_sorts_filters_and_keeps_its_address(demo, context):
    page = context.new_page()
    goto(page, demo + "search/?q=" + quote("救助"))
    items = page.locator("[data-portal-search-results] li")
    items.first.wait_for(timeout=15000)
    assert not page.evaluate("document.getElementById('__search').checked")  # no overlay
    assert not page.locator(".md-search__output").is_visible()
    # by date: newest first, over every shard and every page of results
    page.select_option(".portal-search-page select[name=sort]", "date")
    page.wait_for_url("**/search/?q=*sort=date*")
    page.locator("[data-portal-search-status]", has_text="按发布日期").wait_for(timeout=15000)
    more = page.locator("[data-portal-search-more] button")
    if more.is_visible():
        more.click()
        page.wait_for_function(
            "document.querySelectorAll('[data-portal-search-results] li').length > 10",
            timeout=15000,
        )
    facts = page.locator("[data-portal-search-results] .portal-search__facts").all_inner_texts()
    dates = [f.split(" · ")[-1] for f in facts if re.search(r"\d{4}-\d\d-\d\d$", f)]
    assert len(dates) > 10 and dates == sorted(dates, reverse=True), dates
    # a filter narrows the results and goes into the address (the organisation's id)
    page.select_option(".portal-search-page select[name=org]", "mzj")
    page.wait_for_url("**org=mzj*")
    page.wait_for_function(
        """() => { const f = [...document.querySelectorAll(
        '[data-portal-search-results] .portal-search__facts')].map(e => e.textContent);
        return f.length > 0 && f.every(t => t.includes('溪山区民政局')) }""",
        timeout=15000,
    )
    facts = page.locator("[data-portal-search-results] .portal-search__facts").all_inner_texts()
    # the address is shareable: opened afresh, it shows the same selection
    address = page.url
    fresh = context.new_page()
    goto(fresh, address)
    fresh.locator("[data-portal-search-results] li").first.wait_for(timeout=15000)
    assert fresh.locator(".portal-search-page select[name=org]").input_value() == "mzj"
    assert fresh.locator(".portal-search-page select[name=sort]").input_value() == "date"
    again = fresh.locator("[data-portal-search-results] .portal-search__facts").all_inner_texts()
    assert again == facts
    # Enter in the header's box opens this page with the query
    goto(page, demo + PAGES["organ"])
    box = page.locator("[data-portal-search-query]")
    box.click()
    box.fill("临时救助")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator("[data-portal-search-results] li").first.wait_for(timeout=15000)
    assert page.locator("#portal-search-q").input_value() == "临时救助"


# --- the policy library -------------------------------------------------------------------------


def _static_list(page, url: str) -> set[str]:
    """The documents of a static facet listing, every page of it."""
    found: set[str] = set()
    while url:
        page.goto(url, wait_until="domcontentloaded")
        found |= set(
            page.eval_on_selector_all(
                "[data-portal-library-static] table.portal-list td.portal-list__title > a, "
                "table.portal-list td.portal-list__title > a",
                "els => els.map(a => a.href)",
            )
        )
        nxt = page.locator("nav.portal-pager a[rel=next]")
        url = nxt.first.evaluate("a => a.href") if nxt.count() else ""
    return found


def _library_list(page, url: str) -> set[str]:
    """The documents the policy library lists for an address, every page of it."""
    goto(page, url)
    page.locator(".portal-library__results table").wait_for(timeout=15000)
    found: set[str] = set()
    while True:
        found |= set(
            page.eval_on_selector_all(
                ".portal-library__results td.portal-list__title > a", "els => els.map(a => a.href)"
            )
        )
        nxt = page.locator(".portal-library__pager a", has_text="下一页")
        if not nxt.count():
            return found
        nxt.click()


@pytest.mark.parametrize("context", ["desktop"], indirect=True)
def test_the_policy_filters_combine(demo, context):
    page = context.new_page()
    year = _static_list(page, demo + "policies/year-2026/")
    org = _static_list(page, demo + "policies/org-mzj/")
    both = year & org
    assert both and both != year and both != org  # a real intersection
    assert _library_list(page, demo + "policies/?year=2026&org=mzj") == both
    assert _library_list(page, demo + "policies/?year=2026") == year  # one filter: its facet
    # the static list is the no-script view; the script's replaces it
    assert not page.locator("[data-portal-library-static]").is_visible()
    assert page.locator(".portal-library select[name=year]").input_value() == "2026"
    # choosing in the form keeps the address; 文号 box and the columns
    page.select_option(".portal-library select[name=org]", "mzj")
    page.wait_for_url("**year=2026*org=mzj*")
    goto(page, demo + "policies/")
    page.fill("#portal-library-q", "溪山民发（2025）12号")
    page.press("#portal-library-q", "Enter")
    page.wait_for_url("**q=*")
    rows = page.locator(".portal-library__results tbody tr")
    assert rows.count() == 1
    assert "溪山区民政局关于调整城乡最低生活保障标准的通知" in rows.inner_text()
    heads = page.locator(".portal-library__results thead th").all_inner_texts()
    assert heads == ["标题", "发布机构", "成文日期", "发布日期", "有效性"]


def test_the_policy_library_without_script_is_the_static_list(demo, chromium):
    ctx = chromium.new_context(viewport=WIDTHS["desktop"], java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(demo + "policies/", wait_until="domcontentloaded")
        assert not page.locator(".portal-library").is_visible()
        assert page.locator("nav.portal-filter a", has_text="2026年").is_visible()
        heads = page.locator("table.portal-list thead th").all_inner_texts()
        assert "成文日期" in heads and "有效性" in heads
    finally:
        ctx.close()


# --- a phone's first screen ---------------------------------------------------------------------


@pytest.mark.parametrize("context", ["phone"], indirect=True)
def test_a_phone_home_page_shows_entries_and_a_search_box_at_once(demo, context):
    page = context.new_page()
    goto(page, demo)
    height = page.viewport_size["height"]
    box = page.locator("#portal-home-q")
    assert box.is_visible() and box.bounding_box()["y"] + box.bounding_box()["height"] <= height
    entries = page.locator("nav.portal-entries a")
    titles = [
        t.strip()
        for t in page.locator("nav.portal-entries .portal-entries__title").all_inner_texts()
    ]
    assert titles[:6] == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "依申请公开",
        "政策文件",
    ]
    seen = [
        e for e in entries.all() if e.bounding_box()["y"] + e.bounding_box()["height"] <= height
    ]
    assert len(seen) >= 8
    # the prose comes after the entries and the latest documents
    order = page.evaluate(
        """() => ['nav.portal-entries', '.portal-home__about'].map(s =>
        document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order[0] < order[1]
    box.fill("低保")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")


@pytest.mark.parametrize("context", ["phone"], indirect=True)
def test_a_phone_shows_a_documents_index_date_and_validity_without_a_tap(demo, context):
    page = context.new_page()
    goto(page, demo + DOCUMENT)
    height = page.viewport_size["height"]
    for label, value in (
        ("索引号", "11500299009134523B/2025-00012"),
        ("成文日期", "2025-06-16"),
        ("有效性", "有效"),
    ):
        cell = page.locator("table.portal-meta th", has_text=label)
        assert cell.is_visible(), label
        shown = cell.locator("xpath=following-sibling::td[1]")
        assert shown.is_visible() and shown.inner_text().strip() == value
        box = shown.bounding_box()
        assert box["y"] + box["height"] <= height, label  # in the first screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_print_and_share(demo, chromium):
    ctx = chromium.new_context(viewport=WIDTHS["desktop"])
    ctx.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        page = ctx.new_page()
        page.add_init_script("window.print = () => { window.__printed = true }")
        goto(page, demo + DOCUMENT)
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("window.__printed === true")
        # no share sheet in a headless browser: the address is copied
        assert page.evaluate("navigator.share === undefined")
        page.get_by_role("button", name="分享").click()
        page.locator(".portal-doc-tools__status", has_text="已复制").wait_for(timeout=5000)
        assert page.evaluate("navigator.clipboard.readText()") == demo + DOCUMENT
        # where there is one, the system's share sheet gets the title and the address
        page.add_init_script(
            "navigator.share = d => { window.__shared = d; return Promise.resolve() }"
        )
        page.reload()
        wait_ready(page)
        page.get_by_role("button", name="分享").click()
        shared = page.evaluate("window.__shared")
        assert shared["url"] == demo + DOCUMENT and "最低生活保障" in shared["title"]
        page.emulate_media(media="print")
        assert not page.locator(".portal-doc-tools").is_visible()  # not on paper
    finally:
        ctx.close()
