"""Typed records of the portal: organisations, catalogs and documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from disclosure_portal.model.vocab import KIND_LEVEL, PAGE


@dataclass(frozen=True, slots=True, kw_only=True)
class Office:
    """An organisation's 政府信息公开工作机构 (条例 Art. 12), shown on its 依申请公开 page."""

    name: str
    address: str
    hours: str
    phone: str
    fax: str = ""
    email: str = ""
    postcode: str = ""
    website: str = ""
    form: str = ""  # 申请表: a path under content/ of a public attachment, or an https URL
    online: str = ""  # 在线申请地址 (https): only then does the site say one may apply online
    key: str = ""  # where orgs.yml holds it (`[2].office`), for problems found later
    line: int | None = None  # the line of `form` (else of the office)


@dataclass(frozen=True, slots=True, kw_only=True)
class Org:
    """An organisation (公开主体) from catalogs/orgs.yml."""

    id: str
    name: str
    kind: str
    code: str = ""
    parent: str | None = None
    domains: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    office: Office | None = None
    line: int | None = None

    @property
    def level(self) -> str | None:
        """The 公开层级 of the organisation's kind (区县级 or 乡镇级), or None."""
        return KIND_LEVEL.get(self.kind)


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """A custom column (特色栏目) of an organisation's platform page."""

    name: str
    items: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Domain:
    """A disclosure domain (试点领域), or the statutory catalog (法定主动公开内容)."""

    code: str
    name: str
    guideline: str = ""
    statutory: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CatalogItem:
    """One row (事项) of a standard catalog (标准目录)."""

    id: str
    catalog: str  # the catalog's code
    level1: str
    level2: str
    content: str
    basis: str
    deadline: str
    deadline_days: int | None
    subject: str
    channels: tuple[str, ...]
    audience: str
    mode: str
    levels: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Catalog:
    """A standard catalog file catalogs/<code>.yml."""

    code: str
    name: str
    guideline: str
    status: str
    reviewed_on: dt.date | None
    reviewed_by: str
    items: tuple[CatalogItem, ...]
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class VillageItem:
    """One item (公开事项) of a year's 村（居）务公开目录; the same id in two years is one item."""

    id: str
    name: str
    content: str
    basis: str
    cadence: str  # 月, 季, 年 or 随时
    orgs: tuple[str, ...] = ()  # the committees it applies to; () = every committee
    year: int

    def applies_to(self, org_id: str) -> bool:
        """Whether the item applies to the committee `org_id`."""
        return not self.orgs or org_id in self.orgs


@dataclass(frozen=True, slots=True, kw_only=True)
class VillageCatalog:
    """catalogs/villages/<year>.yml: a year's 村（居）务公开目录 (only 已审核 is used or shown)."""

    year: int
    status: str
    reviewed_on: dt.date | None
    reviewed_by: str
    items: tuple[VillageItem, ...]
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Review:
    """A yearly review (年度评估) of a non-public document."""

    date: dt.date | None
    result: str
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """A public change note (修订说明) of a public document, written for readers."""

    date: dt.date | None
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdrawal:
    """Why and when a once-public document was withdrawn (撤回): all its notice page shows."""

    date: dt.date | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Consultation:
    """The 征求意见 period of a consultation document and the document reporting its outcome."""

    opens: dt.date | None
    closes: dt.date | None
    feedback: str | None
    kind: str = ""  # 征求意见类型 as written ("" when absent: read as 其他 with a warning)
    reason: str = ""  # 缩短期限理由
    channels: tuple[str, ...] = ()  # 意见提交方式


@dataclass(slots=True, kw_only=True)
class Document:
    """A Markdown file under content/ with its front matter read as text.

    `src` is the path relative to content/ (POSIX); `path` the path relative to the project.
    Fields hold the parsed values; a field that failed validation is left at its default.
    """

    src: str
    path: str
    title: str = ""
    attribute: str = ""
    attribute_basis: str = ""
    org: str = ""
    type: str = ""
    catalog: str = ""
    id: str = ""
    doc_number: str = ""
    issuer: str = ""
    index_no: str = ""
    written: dt.date | None = None
    published: dt.date | None = None
    topic: str = ""
    genre: str = ""
    summary: str = ""
    category: str = ""
    validity: str = "有效"
    abolished: dt.date | None = None
    year: int | None = None  # 年度报告: the year reported on
    period: str = ""  # 公开期间 under a 月/季/年 item of the village catalog, as written
    replaced_by: str = ""
    drafter: str = ""
    interprets: tuple[str, ...] = ()
    published_as: tuple[str, ...] = ()  # a withheld draft: ids or doc_numbers of its public text
    form: str = ""
    interpretation_exempt: str = ""
    attachments: tuple[str, ...] = ()  # resolved paths relative to content/
    # the editor's title of each attachment (`{path, title}`), by resolved path; absent: none
    attachment_titles: dict[str, str] = field(default_factory=dict)
    reviews: tuple[Review, ...] = ()
    consultation: Consultation | None = None
    changes: tuple[Change, ...] = ()  # as written
    withdrawn: Withdrawal | None = None
    personal_data: tuple[
        tuple[str, str], ...
    ] = ()  # (value, reason) exceptions to the privacy check
    meta: dict[str, object] = field(default_factory=dict)  # raw text values, for templates
    # every key of the field table as read (typed), including keys without an attribute here
    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    links: tuple[Link, ...] = ()
    parse_failed: bool = False
    scheduled: bool = False  # 主动公开 with a `published` date after the build date (定时发布)

    @property
    def is_page(self) -> bool:
        """Whether the document is an editors' page (type 页面), not a disclosure item."""
        return self.type == PAGE

    def line(self, key: str) -> int | None:
        """The line of `key` in the file, where known."""
        return self.lines.get(key)

    def value(self, key: str) -> object:
        """The value of a field-table key as read (its attribute where the record has one)."""
        return getattr(self, key) if key in _DOCUMENT_ATTRIBUTES else self.values.get(key)


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link or image in a document's body, resolved against content/."""

    target: str  # as written
    resolved: str | None  # path relative to content/, or None when external or unresolvable
    line: int
    external: bool = False


_DOCUMENT_ATTRIBUTES = frozenset(Document.__dataclass_fields__)


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestEvent:
    """One step of handling an application (办理过程): 补正通知, 征求意见, 延期, 收费通知 …"""

    type: str
    date: dt.date
    note: str = ""
    party: str = ""  # 征求意见: 第三方 or 其他机关
    days: int = 0  # 延期: extension in working days
    amount: str = ""  # 收费通知: the fee in 元, as written


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """One application for disclosure (依申请公开) of an organisation's register.

    Never published: only aggregates of it reach the site."""

    org: str
    year: int  # the register file's year
    path: str  # the register file, relative to the project root
    id: str
    applicant: str
    channel: str
    arrived: dt.date
    confirmed: dt.date | None = None
    summary: str = ""
    events: tuple[RequestEvent, ...] = ()
    result: str = ""
    replied: dt.date | None = None
    archived: dt.date | None = None
    note: str = ""
    line: int | None = None

    @property
    def received(self) -> dt.date:
        """收到申请之日 (条例 Art. 31): `confirmed` for 平常信函, 互联网, 传真, else `arrived`."""
        if self.channel in ("平常信函", "互联网", "传真") and self.confirmed is not None:
            return self.confirmed
        return self.arrived


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcomes:
    """One group of Table C (行政复议, or one of the two 行政诉讼 columns): counts by result."""

    upheld: int = 0  # 结果维持
    corrected: int = 0  # 结果纠正
    other: int = 0  # 其他结果
    pending: int = 0  # 尚未审结

    @property
    def total(self) -> int:
        """总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
        return self.upheld + self.corrected + self.other + self.pending


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnualData:
    """catalogs/annual-reports/<org-id>/<year>.yml: the figures of a year's 年度报告 that content
    cannot give (SPEC: Annual report). Numbers only; nothing in it is withheld material."""

    org: str
    year: int
    path: str
    licensing: int = 0
    penalties: int = 0
    coercion: int = 0
    fees: str = "0"  # 万元, as written
    review: Outcomes = Outcomes()
    direct_suit: Outcomes = Outcomes()
    suit_after_review: Outcomes = Outcomes()
    opening: tuple[int, int] | None = None  # (规章, 行政规范性文件) in force on 31 Dec of year-1


@dataclass(frozen=True, slots=True, kw_only=True)
class WebsiteData:
    """catalogs/website-reports/<year>.yml: the figures of the site's 政府网站工作年度报表 that
    content cannot give (SPEC: Website annual report). Every figure is optional (None or ""
    when not given: the page says 未填报); `sections` holds the 办事服务, 互动交流 and 安全防护
    figures by section and key, counts as int, yes-or-no answers as 是/否, decimals as written."""

    year: int
    path: str
    published: dt.date | None = None
    visitors: int | None = None
    views: int | None = None
    responses: int | None = None
    sections: dict[str, dict[str, int | str | None]] = field(default_factory=dict)
    innovation: tuple[str, ...] = ()
    line: int | None = None  # the line of `published`


@dataclass(frozen=True, slots=True, kw_only=True)
class NewMediaEvent:
    """One 备案记录 of a 政务新媒体 account: 开设, 变更, 关停公告, 关停 or 注销."""

    type: str
    date: dt.date
    filing_no: str = ""  # 备案编号 (office record; never on the site)
    note: str = ""  # office note; never on the site


@dataclass(frozen=True, slots=True, kw_only=True)
class NewMediaAccount:
    """One account of catalogs/newmedia.yml (SPEC: Government new media). The site shows only
    its name, platform, account, link, sponsor, status and closing dates."""

    id: str
    name: str
    platform: str
    sponsor: str  # org id
    status: str
    events: tuple[NewMediaEvent, ...] = ()
    account: str = ""
    url: str = ""
    supervisor: str = ""  # org id
    last_post: dt.date | None = None  # office record; never on the site
    observed: dt.date | None = None  # office record; never on the site
    path: str = ""
    line: int | None = None

    def last(self, event_type: str) -> dt.date | None:
        """The date of the latest event of `event_type`, or None."""
        dates = [e.date for e in self.events if e.type == event_type]
        return max(dates) if dates else None
