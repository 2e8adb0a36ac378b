"""A generated page's front matter handed to the engine as data (engine/mkdocs_hook.py) is what
the engine reads from the page's Markdown: the same dict, whatever the title."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from disclosure_portal.plan.specs import PageSpec

_TITLES = st.one_of(
    st.text(),
    st.text(st.characters(exclude_categories=["Cs"])),  # (content is UTF-8: no lone surrogate)
    st.sampled_from(
        [
            "yes",
            "no",
            "null",
            "~",
            "2025-01-01",
            "1e3",
            "0x1F",
            "…",
            "---",
            "...",
            "- a",
            "a: b",
            "#注释",
            "  前后空格  ",
            "\ufeff标题",
            "行\u2028分隔",
            "'单引号'",
            '"双引号"',
            "溪山区" * 40,
            "a ... b --- c " * 12,
            "换\x85行",
            "回\r车",
            "制\t表",
            "零\x00字符",
            "反\\斜杠",
            "\x7f\x85\x9f",
            "\ufffe\uffff",
            "\U0001f600表情",
            "\u00a0不换行空格",
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    title=_TITLES,
    template=st.sampled_from(["listing.html", "catalog.html", "search.html", "home.html"]),
    kind=st.sampled_from(["listing", "withdrawn", "redirect", "home", "catalog"]),
)
def test_the_front_matter_is_what_the_engine_reads_from_the_markdown(title, template, kind):
    spec = PageSpec(src_uri="a/index.md", title=title, template=template, kind=kind)
    body, meta = get_data(spec.markdown())
    assert body == ""
    assert meta == spec.front_matter()
