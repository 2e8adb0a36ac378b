"""Which pages the search index takes (verify/search.is_searchable): the attribute
`data-pagefind-body` on an element, found from each place the word occurs, is what searching the
whole page for the pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_portal.verify import search

_PARTS = ["<", ">", "<div", "<p", "</div>", " ", "\n", "\t", "=", "/", '"', "x", "1", "秘"]
_PARTS += [search.BODY_MARK, " " + search.BODY_MARK, search.BODY_MARK + ">"]


def _searched(html: str) -> bool:
    return search.BODY_MARK in html and search._BODY_RE.search(html) is not None


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PARTS), max_size=40).map("".join))
def test_the_mark_is_found_where_a_search_of_the_page_finds_it(html):
    assert search.is_searchable(html) == _searched(html)


def test_the_mark_in_a_tag_in_text_or_in_a_later_tag():
    mark = search.BODY_MARK
    assert search.is_searchable(f'<main class="md" {mark}>正文</main>')
    assert search.is_searchable(f"<article\n{mark}/>")
    assert not search.is_searchable(f"<p>{mark}</p>")  # text, not an attribute
    assert not search.is_searchable(f"<p x{mark}>")  # part of another attribute's name
    assert not search.is_searchable(f"<p {mark}-x>")
    assert search.is_searchable(f"<p>{mark}</p><div {mark}>")  # the second place is a tag
    assert search.is_searchable(f"<a {mark}x {mark}>")  # the same tag, its second place
    assert not search.is_searchable(f"<秘 {mark}>")  # `<` and a letter start a tag
