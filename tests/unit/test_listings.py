"""Listings: newest first, paginated, one slug per document type."""

from __future__ import annotations

import datetime as dt

from factories import document
from mkdocs.utils.meta import get_data

from disclosure_portal.plan.specs import listing, newest_first, type_slug


def test_newest_first_then_by_index_number_then_path():
    a = document("a.md", published=dt.date(2025, 3, 1), index_no="2")
    b = document("b.md", published=dt.date(2025, 3, 5))
    c = document("c.md", published=dt.date(2025, 3, 1), index_no="1")
    undated = document("d.md", published=None)
    assert [d.src for d in newest_first([a, undated, b, c])] == ["b.md", "c.md", "a.md", "d.md"]


def test_type_slugs_fixed_and_configured():
    assert type_slug("政策文件", ()) == "policies"
    assert type_slug("通知公告", ("救助资金公示",)) == "notices"
    assert type_slug("救助资金公示", ("其他", "救助资金公示")) == "type-2"


def test_listing_pages_hold_at_most_size_documents():
    docs = [document(f"n{i:02d}.md", published=dt.date(2025, 3, i)) for i in range(1, 26)]
    pages = listing("notices", "通知公告", "通知公告", "type", docs, 10)
    assert [p.src_uri for p in pages] == ["notices/index.md", "notices/2.md", "notices/3.md"]
    assert [len(p.items) for p in pages] == [10, 10, 5]
    assert all(p.pages == 3 and p.total == 25 for p in pages)
    assert pages[0].items[0].src == "n25.md" and pages[-1].items[-1].src == "n01.md"
    assert pages[1].pager == (
        (1, "notices/index.md"),
        (2, "notices/2.md"),
        (3, "notices/3.md"),
    )


def test_an_empty_listing_is_one_empty_page():
    [page] = listing("notices", "通知公告", "通知公告", "type", [], 20)
    assert (page.src_uri, page.items, page.pages, page.total) == ("notices/index.md", (), 1, 0)


def test_listing_pages_are_excluded_from_search():
    [page] = listing("notices", "通知公告", "通知公告", "type", [document()], 20)
    body, meta = get_data(page.markdown())  # as the engine reads it
    assert body == "" and meta["search"] == {"exclude": True} and meta["template"] == "listing.html"
