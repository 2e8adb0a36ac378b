"""When a page of the portal is ready to be read, said exactly: what `wait_until="networkidle"`
waited for, without its 500 ms of network quiet on every page.

A page is ready when it has loaded (`load`, the default of `page.goto`), its fonts are in, the
header's search box has loaded its runtime and shown its filters (portal-search.js loads the
Pagefind index when the page is idle; the filters are the last thing it adds), the policy library
has drawn its table (portal-library.js, from search/policies.json), the results page has listed
its results or said that there are none, and no animation or transition runs. Checked against
networkidle on the pages the browser tests open, at both widths: the same HTML, and the same axe
results on every page kind of test_accessibility.py. One thing may still change after it: the
results page's count, from "约 29" to "29" once every candidate is checked (a test that reads it
waits for it)."""

from __future__ import annotations

# what a page still waits for, by name (none: ready)
PENDING = """() => {
  const pending = []
  if (document.readyState !== "complete") pending.push("load")
  if (document.fonts.status !== "loaded") pending.push("fonts")
  const box = document.querySelector("[data-portal-search='pagefind']")
  if (box && !box.querySelector(".portal-search__filters select")) pending.push("search filters")
  const library = document.querySelector("[data-portal-library]")
  if (library && !library.querySelector(".portal-library__results table"))
    pending.push("library table")
  const results = document.querySelector("[data-portal-search-page='pagefind']")
  if (results && results.querySelector("input[name=q]").value.trim()) {
    const status = document.querySelector("[data-portal-search-status]").textContent
    const listed = document.querySelector("[data-portal-search-results] li")
    if (!listed && !status.includes("没有找到")) pending.push("search results")
  }
  if (document.getAnimations().some(a => a.playState === "running" || a.pending))
    pending.push("animations")
  return pending
}"""
READY = f"() => ({PENDING})().length === 0"


def wait_ready(page) -> None:
    """Wait until the page in `page` is ready (READY), as long as a navigation may take; if it
    is not, fail with what it still waits for."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(READY, timeout=30_000)
    except PlaywrightTimeout:
        pending = page.evaluate(PENDING)
        raise AssertionError(f"{page.url} is not ready after 30 s: {', '.join(pending)}") from None


def goto(page, url: str):
    """Open `url` in `page` and wait until it is ready (READY)."""
    page.goto(url)
    wait_ready(page)
