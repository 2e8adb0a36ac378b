"""SPEC guarantee 7, Text is text: the escaped Markup handed to MkDocs and mkdocs-material."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from disclosure_portal.plan.views import as_text, text_meta, text_settings

HOSTILE = "收入<1000元<img src=x onerror=alert(1)></title><script>alert(1)</script>"
ESCAPED = (
    "收入&lt;1000元&lt;img src=x onerror=alert(1)&gt;&lt;/title&gt;"
    "&lt;script&gt;alert(1)&lt;/script&gt;"
)


def render(source: str, **context) -> str:
    """As MkDocs renders material's templates: a Jinja environment without autoescape."""
    return jinja2.Environment(autoescape=False).from_string(source).render(**context)


def test_as_text_escapes_once():
    value = as_text(HOSTILE)
    assert isinstance(value, Markup) and str(value) == ESCAPED
    assert as_text(value) == value  # already text: not escaped twice
    assert as_text("a \"quoted\" & 'single'") == "a &#34;quoted&#34; &amp; &#39;single&#39;"


def test_jinja_prints_the_text_as_is_and_e_keeps_it():
    value = as_text(HOSTILE)
    assert render("<h1>{{ t }}</h1>", t=value) == f"<h1>{ESCAPED}</h1>"
    assert render('<a title="{{ t | e }}">', t=value) == f'<a title="{ESCAPED}">'


def test_striptags_unescapes_markup_so_the_title_escapes_again():
    """Why theme/main.html prints `page.title | striptags | e`: `striptags` alone would hand
    `</title><script>` back to the page."""
    value = as_text(HOSTILE)
    assert "<script>" in render("{{ t | striptags }}", t=value)
    assert render("{{ t | striptags | e }}", t=value) == ESCAPED


def test_text_meta_escapes_text_values_only():
    meta = {
        "title": HOSTILE,
        "description": "<b>概述</b>",
        "template": "document.html",
        "hide": ["toc"],
        "search": {"exclude": True},
        "portal_search_body": True,
    }
    out = text_meta(meta)
    assert out["title"] == ESCAPED and isinstance(out["title"], Markup)
    assert out["description"] == "&lt;b&gt;概述&lt;/b&gt;"
    assert type(out["template"]) is str  # a name MkDocs looks up, never printed
    assert out["hide"] == ["toc"] and out["search"] == {"exclude": True}
    assert out["portal_search_body"] is True
    assert meta["title"] == HOSTILE  # the document's own meta is left alone


def test_text_settings_are_the_printed_site_settings():
    config = {"site_name": HOSTILE, "site_description": "简介&说明", "site_author": None}
    assert text_settings(config) == {"site_name": ESCAPED, "site_description": "简介&amp;说明"}
