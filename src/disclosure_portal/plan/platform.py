"""Each organisation's platform page, uniformly titled 政府信息公开 (国办公开办函〔2019〕61号).

The same first-level structure everywhere: 政府信息公开指南, 政府信息公开制度, 法定主动公开内容
(subdivided along the statutory catalog), 政府信息公开年报, then the domain catalogs the
organisation is responsible for, then its own columns from orgs.yml.

A 村（居）委员会 is not an administrative organ (SPEC: Village affairs): its page is titled 村务公开,
居务公开 or 村（居）务公开 and lists its public documents by village-catalog item, newest period
first, then its own columns; none of the organs' columns.
"""

from __future__ import annotations

from disclosure_portal.model.records import Catalog, Document, Org, VillageItem
from disclosure_portal.model.vocab import (
    ADMINISTRATIVE_KINDS,
    ANNUAL_REPORT,
    APPROVED,
    GUIDE,
    RULES,
    VILLAGE,
)
from disclosure_portal.plan.specs import (
    DIRECTORY,
    DIRECTORY_TITLE,
    Column,
    PageSpec,
    listing,
    newest_first,
)
from disclosure_portal.read.catalogs import Registry
from disclosure_portal.rules.annualreport import report_year
from disclosure_portal.rules.offices import form_src
from disclosure_portal.rules.villages import CADENCE_WORDS, approved, period_order

ON_REQUEST_DIR = "on-request"
ON_REQUEST_TITLE = "依申请公开"
PREVIEW = 5  # documents shown per column on the platform page

GUIDE_TITLE = "政府信息公开指南"
RULES_TITLE = "政府信息公开制度"
STATUTORY_TITLE = "法定主动公开内容"
REPORT_TITLE = "政府信息公开年报"
VILLAGE_TITLES = (("村民委员会", "村务公开"), ("居民委员会", "居务公开"))
VILLAGE_TITLE = "村（居）务公开"


def platform_title(org: Org) -> str:
    """The title of `org`'s page: 政府信息公开; for a committee 村务公开, 居务公开 or 村（居）务公开."""
    if org.kind != VILLAGE:
        return DIRECTORY_TITLE
    return next((t for end, t in VILLAGE_TITLES if org.name.endswith(end)), VILLAGE_TITLE)


def _by_items(docs: list[Document], catalog: Catalog | None, base: str) -> tuple[Column, ...]:
    """Sub-columns along a catalog's items, only those with documents (no empty sub-column)."""
    if catalog is None or catalog.status != APPROVED:
        return ()
    children = []
    for item in catalog.items:
        members = [d for d in docs if d.catalog == item.id]
        if members:
            title = f"{item.level1} · {item.level2}" if item.level2 else item.level1
            children.append(
                Column(key=f"{base}/{item.id}", title=title, docs=tuple(newest_first(members)))
            )
    return tuple(children)


def platform_columns(org: Org, docs: list[Document], registry: Registry) -> list[Column]:
    """The first-level columns of `org`'s platform, computed from its public documents."""
    base = f"{DIRECTORY}/{org.id}"
    if org.kind == VILLAGE:
        return _village_columns(org, docs, registry) + _custom_columns(org, docs)

    def of_type(doc_type: str) -> tuple[Document, ...]:
        return tuple(newest_first(d for d in docs if d.type == doc_type))

    statutory = registry.statutory
    statutory_catalog = registry.catalogs.get(statutory.code) if statutory else None
    statutory_items = {i.id for i in statutory_catalog.items} if statutory_catalog else set()
    statutory_docs = [d for d in docs if d.catalog in statutory_items]
    columns = [
        Column(key=f"{base}/guide", title=GUIDE_TITLE, docs=of_type(GUIDE)),
        Column(key=f"{base}/rules", title=RULES_TITLE, docs=of_type(RULES)),
        Column(
            key=f"{base}/statutory",
            title=STATUTORY_TITLE,
            docs=tuple(newest_first(statutory_docs)),
            children=_by_items(statutory_docs, statutory_catalog, f"{base}/statutory"),
        ),
        Column(
            key=f"{base}/annual-reports",
            title=REPORT_TITLE,
            docs=tuple(  # newest year first (SPEC: Annual report, Rendering)
                sorted(of_type(ANNUAL_REPORT), key=lambda d: report_year(d) or 0, reverse=True)
            ),
        ),
    ]
    for code in org.domains:
        catalog = registry.catalogs.get(code)
        if catalog is None or catalog.status != APPROVED:
            continue  # 先审后发: an unreviewed catalog is not shown
        items = {i.id for i in catalog.items}
        members = [d for d in docs if d.catalog in items]
        key = f"{base}/domain-{code}"
        columns.append(
            Column(
                key=key,
                title=catalog.name,
                docs=tuple(newest_first(members)),
                children=_by_items(members, catalog, key),
            )
        )
    return columns + _custom_columns(org, docs)


def _custom_columns(org: Org, docs: list[Document]) -> list[Column]:
    """The organisation's own columns (orgs.yml `columns`); a committee's newest period first."""
    order = period_order if org.kind == VILLAGE else newest_first
    columns = []
    for n, custom in enumerate(org.columns, start=1):
        members = [d for d in docs if d.catalog in custom.items or d.type in custom.types]
        columns.append(
            Column(
                key=f"{DIRECTORY}/{org.id}/column-{n}",
                title=custom.name,
                docs=tuple(order(members)),
            )
        )
    return columns


def _village_columns(org: Org, docs: list[Document], registry: Registry) -> list[Column]:
    """A committee's documents by item of the approved village catalogs (先审后发), newest period
    first: every item of the latest approved catalog that applies to it, then items of earlier
    years that have documents (an item as the latest catalog having it describes it)."""
    catalogs = approved(registry.villages)
    latest: dict[str, VillageItem] = {}
    for catalog in catalogs.values():
        for item in catalog.items:
            if item.applies_to(org.id):
                latest.pop(item.id, None)
                latest[item.id] = item
    newest = max(catalogs, default=None)
    current = [i for i in latest.values() if i.year == newest]
    earlier = [i for i in latest.values() if i.year != newest]
    columns = []
    for item in current + earlier:
        members = [d for d in docs if d.catalog == item.id]
        if item.year != newest and not members:
            continue
        columns.append(
            Column(
                key=f"{DIRECTORY}/{org.id}/items/{item.id}",
                title=f"{item.name}（{CADENCE_WORDS.get(item.cadence, '')}公开）"
                if item.cadence in CADENCE_WORDS
                else item.name,
                docs=tuple(period_order(members)),
            )
        )
    return columns


def platform_pages(org: Org, docs: list[Document], registry: Registry, size: int) -> list[PageSpec]:
    """The platform page of `org` (政府信息公开), its 全部信息 listing and one paginated listing per non-empty column."""
    columns = platform_columns(org, docs, registry)
    specs = [
        PageSpec(
            src_uri=f"{DIRECTORY}/{org.id}/index.md",
            title=platform_title(org),
            heading=org.name,
            template="platform.html",
            kind="platform",
            org=org,
            sections=tuple(columns),
            total=len(docs),
        )
    ]
    if org.kind in ADMINISTRATIVE_KINDS:  # a 村（居）委员会 takes no applications (条例 Art. 2)
        specs.append(
            PageSpec(
                src_uri=f"{DIRECTORY}/{org.id}/{ON_REQUEST_DIR}/index.md",
                title=ON_REQUEST_TITLE,
                heading=org.name,
                template="on-request.html",
                kind="on-request",
                org=org,
                items=tuple(newest_first(d for d in docs if d.type == GUIDE)),
            )
        )
    specs += listing(f"{DIRECTORY}/{org.id}/all", "全部信息", org.name, "org", docs, size, org=org)
    order = period_order if org.kind == VILLAGE else None  # newest period first (SPEC)
    for column in columns:
        for col in (column, *column.children):
            if col.docs:
                specs += listing(
                    col.key,
                    col.title,
                    org.name,
                    "column",
                    list(col.docs),
                    size,
                    org=org,
                    order=order,
                )
    return specs


def empty_columns(org: Org, docs: list[Document], registry: Registry) -> list[str]:
    """Titles of the first-level columns with no public document (空白栏目). A committee's are
    its own columns only: its village-catalog items are audited period by period instead
    (`portal audit villages`), and it has none of the organs' columns."""
    columns = (
        _custom_columns(org, docs) if org.kind == VILLAGE else platform_columns(org, docs, registry)
    )
    return [c.title for c in columns if not c.docs]


def office_view(org: Org, url_of) -> dict:
    """The office block of an organisation (依申请公开 page, 公开指南 pages): its 政府信息公开工作机构
    from orgs.yml, the 申请表 (a published attachment's address or an https address; None when
    it has none that is published) and the online address only where `office` names one."""
    office = org.office
    if office is None:
        return {"office": None, "form": None, "online": "", "on_request_url": None}
    form = None
    if office.form.startswith("https://"):
        form = {"url": office.form, "external": True}
    elif office.form:
        url = url_of(form_src(office.form))  # None unless a public document publishes it
        form = {"url": url, "external": False} if url is not None else None
    fields = ("name", "address", "hours", "phone", "fax", "email", "postcode", "website")
    return {
        "office": {key: getattr(office, key) for key in fields},
        "form": form,
        "online": office.online,
        "on_request_url": url_of(f"{DIRECTORY}/{org.id}/{ON_REQUEST_DIR}/index.md"),
    }
