"""The 基层政务公开 pages: the domain entry page, one page per approved catalog with the full
standard table split by level, and one page per catalog item listing its public documents."""

from __future__ import annotations

from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import APPROVED
from disclosure_portal.plan.specs import CATALOG_DIR, CATALOG_TITLE, PageSpec, listing
from disclosure_portal.read.catalogs import Registry


def catalog_pages(documents: list[Document], registry: Registry, size: int) -> list[PageSpec]:
    """Pages for approved catalogs only (先审后发); `documents` are public documents."""
    by_item: dict[str, list[Document]] = {}
    for doc in documents:
        by_item.setdefault(doc.catalog, []).append(doc)
    entries = []
    specs: list[PageSpec] = []
    for domain in registry.domains.values():
        catalog = registry.catalogs.get(domain.code)
        if catalog is None or catalog.status != APPROVED:
            entries.append((domain, None, 0))
            continue
        counts = {item.id: len(by_item.get(item.id, ())) for item in catalog.items}
        entries.append((domain, catalog, sum(counts.values())))
        specs.append(
            PageSpec(
                src_uri=f"{CATALOG_DIR}/{catalog.code}/index.md",
                title=catalog.name,
                template="catalog.html",
                kind="catalog",
                catalog=catalog,
                item_counts=counts,
                heading=CATALOG_TITLE,
            )
        )
        for item in catalog.items:
            title = f"{item.level1} · {item.level2}" if item.level2 else item.level1
            specs += listing(
                f"{CATALOG_DIR}/{catalog.code}/{item.id}",
                title,
                catalog.name,
                "item",
                by_item.get(item.id, []),
                size,
                catalog=catalog,
                item=item,
            )
    specs.insert(
        0,
        PageSpec(
            src_uri=f"{CATALOG_DIR}/index.md",
            title=CATALOG_TITLE,
            template="catalog-index.html",
            kind="catalog-index",
            domains=tuple(entries),
        ),
    )
    return specs
