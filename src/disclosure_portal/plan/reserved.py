"""The addresses the portal and its engine generate (SPEC "Site URLs and files"), in one place.

A content file whose URL is one of them would be overwritten by the generated page, or would
overwrite it: validation reports it on the file (key `file`). Page URLs are MkDocs directory URLs
(`changes/` is `changes.md` or `changes/index.md`, see `urls.page_key`); a folder reserves
everything under it; a file is reserved by its exact path.
"""

from __future__ import annotations

from collections.abc import Iterable

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.vocab import TYPE_SLUGS, WEBSITE_REPORTS_DIR
from disclosure_portal.plan.specs import (
    CATALOG_DIR,
    CATALOG_TITLE,
    CHANGES_DIR,
    CHANGES_TITLE,
    DIRECTORY,
    DIRECTORY_TITLE,
    type_slug,
)
from disclosure_portal.plan.urls import case_twins, collisions, page_key

NEWMEDIA_DIR = "newmedia"
NEWMEDIA_TITLE = "政务新媒体"
SITE_MAP_DIR = "site-map"  # the HTML 网站地图 (sitemap.xml is the engine's)
SITE_MAP_TITLE = "网站地图"
MANIFEST_FILE = "manifest.json"  # verify/manifest.py writes it (MANIFEST)
DATA_DIR = "data"  # the open-data package (data/datapackage.json): plan/opendata.py
FEEDS_DIR = "feeds"  # the Atom feeds (feeds/all.xml, feeds/org/…, feeds/type/…): plan/feeds.py
PAGEFIND_DIR = "pagefind"  # the search index
SEARCH_DIR = "search"  # the engine's own search index

# exact files of the output root -> what writes them
RESERVED_FILES = {
    MANIFEST_FILE: "门户清单 manifest.json",
    "sitemap.xml": "站点地图",
    "sitemap.xml.gz": "站点地图",
    "404.html": "404 页面",
    "robots.txt": "robots.txt（搜索引擎抓取说明）",
}
# folders of the output -> what fills them (every path below is reserved)
RESERVED_FOLDERS = {
    DATA_DIR: "开放数据",
    FEEDS_DIR: "订阅（Atom）",
    PAGEFIND_DIR: "站内搜索索引",
    SEARCH_DIR: "站内搜索索引",
    WEBSITE_REPORTS_DIR: "政府网站工作年度报表",
}


def reserved_pages(extra_types: tuple[str, ...] = ()) -> dict[str, str]:
    """Page URL -> title of every page the portal generates at a fixed address: the directory,
    the catalog entry page, 更新记录, 政务新媒体 and the listing of each document type."""
    pages = {
        f"{DIRECTORY}/": DIRECTORY_TITLE,
        f"{CATALOG_DIR}/": CATALOG_TITLE,
        f"{CHANGES_DIR}/": CHANGES_TITLE,
        f"{NEWMEDIA_DIR}/": NEWMEDIA_TITLE,
        f"{SITE_MAP_DIR}/": SITE_MAP_TITLE,
    }
    for doc_type in (*TYPE_SLUGS, *extra_types):
        pages.setdefault(f"{type_slug(doc_type, extra_types)}/", doc_type)
    return pages


def reserved_use(src: str, extra_types: tuple[str, ...] = ()) -> str | None:
    """What the portal generates at the URL of the content file `src` (a path under content/),
    as an editor reads it (“更新记录”（changes/）), or None when the URL is free."""
    url = page_key(src)
    pages = reserved_pages(extra_types)
    if url in pages:
        return f"“{pages[url]}”（{url}）"
    if src in RESERVED_FILES:
        return f"“{RESERVED_FILES[src]}”（{src}）"
    folder = url.split("/", 1)[0]
    if folder in RESERVED_FOLDERS:
        return f"“{RESERVED_FOLDERS[folder]}”（{folder}/）"
    return None


def check_reserved(
    srcs: Iterable[str],
    generated: Iterable[str],
    extra_types: tuple[str, ...],
    docs_rel: str,
    problems: Collector,
) -> None:
    """Report every content file (path under content/) at a reserved address, on the key
    `file`; the `generated` pages of this build (src paths) are left to the caller, which names
    the page each one collides with."""
    taken = {page_key(src) for src in generated}
    for src in srcs:
        if page_key(src) in taken:
            continue
        if (use := reserved_use(src, extra_types)) is not None:
            problems.error(
                f"{docs_rel}/{src}",
                "file",
                f"该文件的网址是门户自动生成的{use}的保留网址，请移动或改名",
            )


def check_collisions(srcs: Iterable[str], docs_rel: str, problems: Collector) -> None:
    """Two content files the engine would write to one output file (`a.md` and `a/index.md`,
    `index.md` and `README.md` in one folder) are an error on each, naming the others, whatever
    their attributes: the engine would keep one and silently drop the other (SPEC: two sources
    that would produce the same URL are an error naming both). Names that differ only in case
    are different URLs: a warning, for servers that ignore case."""
    srcs = list(srcs)
    for output, group in collisions(srcs):
        for src in group:
            others = "、".join(f"{docs_rel}/{o}" for o in group if o != src)
            problems.error(
                f"{docs_rel}/{src}",
                "file",
                f"与 {others} 生成同一个网址“{output.removesuffix('index.html') or '/'}”，"
                "网站只能保留其中一个：请改名、移动或合并",
            )
    for group in case_twins(srcs):
        for src in group:
            others = "、".join(f"{docs_rel}/{o}" for o in group if o != src)
            problems.warn(
                f"{docs_rel}/{src}",
                "file",
                f"与 {others} 的网址只有字母大小写不同：可以构建，但两者都发布时，在不区分大小写的"
                "服务器（如 Windows IIS）上会互相覆盖，建议改名",
            )
