"""What every page repeats, rendered once per build: the site navigation, the tabs, the search
box, mkdocs-material's `__config` and its translations (each `lang.t(key)` builds a dictionary of
a hundred entries). The theme wraps these parts in `{% call portal_memo("name", …) %}`; the hook
installs `portal_memo` and `portal_translation` as template globals for each build.

A part is reused only where it cannot differ: for a page outside the nav (no nav item is active
on it) whose address does not start with the first segment of any address the part links to
(nav entries, assets, the site map, the logo), every link the part makes relative to the page is
the same for all pages at the same depth, so the part is keyed by the page's `base_url` and the
parameters the template passes (the tab its breadcrumb trail starts from). Pages in the nav and
pages under the nav's folders are rendered in full. `PORTAL_TEMPLATE_MEMO=0` turns the reuse off
(the output is the same; the tests compare).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context

from disclosure_portal.plan.nav import nav_targets

if TYPE_CHECKING:
    from jinja2.runtime import Context
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

ENVIRONMENT = "PORTAL_TEMPLATE_MEMO"
# first segments of what the chrome links to besides the nav (theme assets, the site map)
ALWAYS = {"", "assets", "site-map", "search", "pagefind", "feeds", "data"}


def _first(url: str) -> str:
    return url.lstrip("/").split("/", 1)[0]


class Chrome:
    """The parts of pages rendered once per build (see the module docstring)."""

    def __init__(self, config: MkDocsConfig, nav: Navigation | None, files: Files) -> None:
        self.enabled = os.environ.get(ENVIRONMENT, "1") != "0"
        self.parts: dict[tuple, Any] = {}
        self.reused = 0
        self.translations: dict[tuple[str, str], Any] = {}
        self.nav_pages = {id(p) for p in (nav.pages if nav else ())}
        linked = set(ALWAYS)
        for target in nav_targets(config.nav or []):
            file = files.get_file_from_path(target)
            linked.add(_first(file.url if file is not None else target))
        for value in (
            config.theme.get("logo"),
            config.theme.get("favicon"),
            config.extra.get("homepage"),
            *config.extra_css,
            *config.extra_javascript,
        ):
            if isinstance(value, str):
                linked.add(_first(value))
        if nav is not None:
            linked |= {_first(p.url) for p in nav.pages}
        self.linked = linked

    def page_class(self, context: Context) -> str | None:
        """The key of a page whose repeated parts render like those of every page with the
        same key; None when its parts are to be rendered in full."""
        page = context.get("page")
        if not self.enabled or page is None or getattr(page, "file", None) is None:
            return None
        if id(page) in self.nav_pages or page.is_homepage or page.parent is not None:
            return None
        if _first(page.url) in self.linked:
            return None
        return str(context.get("base_url"))

    def summary(self) -> str:
        """How much was rendered once (for `mkdocs build -v`)."""
        return (
            f"页面共用部分：{len(self.parts)} 种只生成一次，复用 {self.reused} 次；"
            f"译文 {len(self.translations)} 条"
        )

    def globals(self) -> dict[str, Callable[..., Any]]:
        """The template globals: `portal_memo` and `portal_translation`."""
        parts, translations, page_class = self.parts, self.translations, self.page_class

        @pass_context
        def portal_memo(context: Context, name: str, *params: Any, caller: Any) -> Any:
            key = page_class(context)
            if key is None:
                return caller()
            whole = (name, key, params)
            if whole in parts:
                self.reused += 1
                return parts[whole]
            found = parts[whole] = caller()
            return found

        def portal_translation(language: str, key: str, translate: Any) -> Any:
            if not self.enabled:
                return translate(key)
            whole = (language, key)
            if whole not in translations:
                translations[whole] = translate(key)
            return translations[whole]

        return {"portal_memo": portal_memo, "portal_translation": portal_translation}
