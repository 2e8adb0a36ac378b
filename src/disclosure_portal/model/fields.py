"""The field tables: every key of every record, described once.

One row per key: its 中文 label (as SPEC.md names it), the kind of value, when it is required,
its default, whether the metadata box of a document page shows it (and where), whether a withheld
record's value becomes a leak-check fingerprint, and what `portal new` writes for it. Reading,
validation messages, the metadata box, the fingerprints, `portal new` and the glossary in
README.md all come from these tables; adding a key is adding a row (and, if the key needs logic
of its own, a reader in read/documents.py).

A shape to learn from: MkDocs' `config_options` schema and Pelican's metadata processors.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from disclosure_portal.model.vocab import (
    ANNUAL_REPORT,
    APPLICANTS,
    ATTRIBUTES,
    AUDIENCES,
    CADENCES,
    CATALOG_STATUSES,
    CATEGORIES,
    CONFIRMED_CHANNELS,
    CONSULTATION,
    CONSULTATION_ASKED,
    CONSULTATION_KINDS,
    EVENT_TYPES,
    EXTENSION,
    FEE_NOTICE,
    FORMS,
    INTERPRETATION,
    LEVELS,
    MODES,
    NEWMEDIA_ACTIVE,
    NEWMEDIA_EVENT_TYPES,
    NEWMEDIA_STATUSES,
    ORG_KINDS,
    PAGE,
    PARTIES,
    POLICY,
    PROACTIVE,
    REQUEST_CHANNELS,
    REQUEST_RESULTS,
    VALID,
    VALIDITIES,
    VILLAGE,
    WITHDRAWAL_REASONS,
    YES_NO,
)

# kinds of value: how the reader interprets the text of the YAML value
TEXT = "text"  # one line or paragraph of text
CHOICE = "choice"  # one value of `choices`
DATE = "date"  # YYYY-MM-DD
INTEGER = "integer"  # whole number >= 1
COUNT = "count"  # whole number >= 0 (a figure of a report)
DECIMAL = "decimal"  # a non-negative decimal, kept as written (money in 万元)
YEAR = "year"  # a four-digit year
FLAG = "flag"  # true / false
TEXT_LIST = "text_list"  # a list of texts (or a single text where `single_ok`)
CHOICE_LIST = "choice_list"  # a list of values of `choices`
CUSTOM = "custom"  # a structured value with a reader of its own (reviews, consultation …)

# Vocabularies that only the project knows at run time (configured types, channels.yml)
TYPES_VOCABULARY = "types"
CHANNELS_VOCABULARY = "channels"

Values = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Requirement:
    """When a key is required: `test` over the values read so far, `text` for people (the
    manual and the glossary), `why` appended to the error message when the key is missing
    (``{key}`` in it is replaced by that key's value)."""

    test: Callable[[Values], bool]
    text: str
    why: str = ""


ALWAYS = Requirement(lambda v: True, "必填")
NEVER = Requirement(lambda v: False, "")


@dataclass(frozen=True, slots=True)
class Field:
    """One key of a record (a document's front matter, a catalog item, an organisation)."""

    key: str
    label: str  # 中文, as SPEC.md names it; used in messages, the metadata box and the manual
    kind: str = TEXT
    choices: tuple[str, ...] | str = ()  # a vocabulary, or the name of a run-time vocabulary
    required: Requirement = NEVER
    default: str = ""  # the text used when the key is absent ("" = none)
    default_note: str = ""  # a default computed elsewhere, for people (e.g. "文件路径")
    single_ok: bool = False  # a list key that also accepts one bare value
    box: int = 0  # position in the metadata box of a document page (0: not shown)
    box_label: str = ""  # the box's own label where the national convention differs from `label`
    search_weight: int = 0  # Pagefind weight of its metadata-box cell (0: normal)
    fingerprint: bool = False  # a withheld record's value is searched for in the built site
    new: Callable[[str], bool] | None = None  # `portal new` writes it, for a document type
    new_value: str = ""  # the value `portal new` writes ("" leaves it empty for the editor)
    new_commented: bool = False  # `portal new` writes it commented out (an optional key)
    hint: str = ""  # one line of guidance: the comment `portal new` writes, and the manual
    note: str = ""  # meaning and rules, for the glossary and the manual

    @property
    def required_text(self) -> str:
        """When the key is required, in words ("" when never)."""
        return self.required.text

    def is_required(self, values: Values) -> bool:
        """Whether the key is required, given the values of the record read so far."""
        return self.required.test(values)


def _for_types(*types: str) -> Callable[[str], bool]:
    return lambda doc_type: doc_type in types


def _every_type(doc_type: str) -> bool:
    return True


def _not_page(doc_type: str) -> bool:
    return doc_type != PAGE


def _non_public(v: Values) -> bool:
    return v.get("attribute") not in ("", None, PROACTIVE)


DOCUMENT_FIELDS: tuple[Field, ...] = (
    Field(
        "title",
        "标题",
        required=ALWAYS,
        box=5,
        fingerprint=True,
        new=_every_type,
        hint="文件的完整标题",
    ),
    Field(
        "attribute",
        "公开属性",
        CHOICE,
        ATTRIBUTES,
        ALWAYS,
        new=_every_type,
        hint=f"须在起草时认定，填写其一：{'、'.join(ATTRIBUTES)}。未填写时构建会拒绝本文件。",
        note="只有主动公开的文件发布到网站",
    ),
    Field(
        "attribute_basis",
        "不公开依据",
        required=Requirement(
            _non_public, "非主动公开时必填", "（非主动公开的文件须写明不公开的法律依据）"
        ),
        fingerprint=True,
        new=_every_type,
        new_commented=True,
        hint="非主动公开时必填，例如：《中华人民共和国政府信息公开条例》第十六条",
    ),
    Field(
        "org",
        "公开主体",
        required=Requirement(lambda v: v.get("type") != PAGE, "必填（页面除外）"),
        new=_every_type,
        note="catalogs/orgs.yml 中的机构标识",
    ),
    Field(
        "type",
        "信息类别",
        CHOICE,
        TYPES_VOCABULARY,
        ALWAYS,
        new=_every_type,
        note="政策文件、政策解读、征求意见、通知公告、工作动态、公开指南、公开制度、年度报告、页面；"
        "可在 mkdocs.yml 中增加",
    ),
    Field(
        "catalog",
        "目录事项",
        required=Requirement(lambda v: v.get("type") != PAGE, "必填（页面除外）"),
        new=_every_type,
        hint="事项标识，见 catalogs/ 下的目录文件",
        note="catalogs/ 中某个目录的事项标识",
    ),
    Field(
        "id",
        "标识",
        default_note="文件路径（不含 .md）",
        fingerprint=True,
        note="稳定的标识；其他文件引用本文件、且本文件可能移动时应写明",
    ),
    Field(
        "doc_number",
        "文号",
        box=6,
        box_label="发文字号",
        search_weight=5,
        fingerprint=True,
        new=_for_types(POLICY),
        new_value='""',
        hint="例如 溪山府办发〔2026〕1号",
        note="有则唯一",
    ),
    Field("issuer", "发文机关", box=3, default_note="公开主体的名称"),
    Field(
        "index_no",
        "索引号",
        box=1,
        search_weight=5,
        fingerprint=True,
        new=_not_page,
        note="有则唯一；通常为 机构统一社会信用代码/年份-5位流水号",
    ),
    Field(
        "written",
        "成文日期",
        DATE,
        box=4,
        required=Requirement(lambda v: v.get("type") == POLICY, "政策文件必填", "（政策文件必填）"),
        new=_for_types(POLICY),
    ),
    Field(
        "published",
        "发布日期",
        DATE,
        box=7,
        required=Requirement(
            lambda v: v.get("attribute") == PROACTIVE and v.get("type") != PAGE,
            "主动公开时必填（页面除外）",
            "（主动公开的文件必填）",
        ),
        new=_not_page,
    ),
    Field("topic", "主题分类", box=2),
    Field(
        "genre",
        "体裁分类",
        new=_for_types(POLICY),
        new_value="通知",
        note="公文文种：决定、意见、通知、通告、公告、报告、批复、函、纪要……其他公文",
    ),
    Field(
        "summary",
        "内容概述",
        fingerprint=True,
        new=_for_types(POLICY),
        new_value='""',
        note="列表中显示的简短说明",
    ),
    Field(
        "category",
        "文件类型",
        CHOICE,
        CATEGORIES,
        new=_for_types(POLICY),
        new_value="其他文件",
        hint="、".join(CATEGORIES),
        note="年度报告按此统计",
    ),
    Field(
        "year",
        "报告年度",
        YEAR,
        new=_for_types(ANNUAL_REPORT),
        new_value="",
        hint="年度报告所报告的年份，例如 2025",
        note="年度报告必写：所报告的年份；每个机构每年一份",
    ),
    Field(
        "validity",
        "有效性",
        CHOICE,
        VALIDITIES,
        default=VALID,
        box=8,
        new=_for_types(POLICY),
        new_value=VALID,
    ),
    Field(
        "abolished",
        "失效/废止日期",
        DATE,
        required=Requirement(
            lambda v: v.get("validity") not in ("", None, VALID),
            "有效性为失效或废止时必填",
            "（有效性为“{validity}”时必填）",
        ),
        note="页面上显示失效或废止的横幅",
    ),
    Field("replaced_by", "替代文件", fingerprint=True, note="继任文件的标识或文号"),
    Field("drafter", "起草单位", default_note="公开主体", note="机构标识（谁起草、谁解读）"),
    Field(
        "interprets",
        "解读对象",
        TEXT_LIST,
        single_ok=True,
        required=Requirement(
            lambda v: v.get("type") == INTERPRETATION, "政策解读必填", "（政策解读必填）"
        ),
        new=_for_types(INTERPRETATION),
        hint="被解读政策文件的 id 或文号（可写多个，用列表）",
    ),
    Field(
        "form",
        "解读形式",
        CHOICE,
        FORMS,
        required=Requirement(
            lambda v: v.get("type") == INTERPRETATION, "政策解读必填", "（政策解读必填）"
        ),
        new=_for_types(INTERPRETATION),
        new_value=FORMS[0],
        hint="、".join(FORMS),
    ),
    Field(
        "interpretation_exempt",
        "不需解读理由",
        fingerprint=True,
        new=_for_types(POLICY),
        new_commented=True,
        hint="每份政策文件须有政策解读；确实不需解读的，写明理由",
    ),
    Field(
        "attachments",
        "附件",
        CUSTOM,
        note="相对于本文件的路径，或 {path, title}（title 为页面上显示的附件标题）；"
        "只随主动公开的文件发布",
    ),
    Field(
        "reviews",
        "年度评估",
        CUSTOM,
        note="非主动公开文件的年度评估：{date, result, note}，result 为 维持不公开 或 转为主动公开",
    ),
    Field(
        "consultation",
        "征求意见",
        CUSTOM,
        required=Requirement(
            lambda v: v.get("type") == CONSULTATION,
            "征求意见必填",
            "（征求意见必填，含 opens 和 closes）",
        ),
        new=_for_types(CONSULTATION),
        note="{opens, closes, feedback}",
    ),
    Field(
        "personal_data",
        "个人信息例外",
        CUSTOM,
        note="逐项声明可以公开的号码或地址：{value, reason}",
    ),
    Field(
        "changes",
        "修订说明",
        CUSTOM,
        note="公开后的修订，写给读者看：{date, note}；日期在发布日期与构建日期之间；"
        "与正文一样检查个人信息、禁用词和链接",
    ),
    Field(
        "withdrawn",
        "撤回",
        CUSTOM,
        note="曾经公开、现已不是主动公开的文件：{date, reason}，reason 为 "
        + "、".join(WITHDRAWAL_REASONS)
        + "；原网址显示撤回说明",
    ),
    Field(
        "published_as",
        "公开文本",
        TEXT_LIST,
        single_ok=True,
        hint="非主动公开的草稿（征求意见稿、送审稿）已由公开文件采用其文字时：该公开文件的 id 或文号",
        note="只用于非主动公开的文件：发布了其文字的公开文件的标识或文号（可写多个）；"
        "两者相同的句子不算泄露，其余内容仍不公开",
    ),
    Field(
        "period",
        "公开期间",
        note="村（居）务公开目录中按月、按季、按年公开的事项必填：按月 YYYY-MM，按季 YYYYQn"
        "（n 为 1 至 4），按年 YYYY；随时公开的事项不写",
    ),
)

# the parts of structured document keys
REVIEW_FIELDS: tuple[Field, ...] = (
    Field("date", "评估日期", DATE, required=ALWAYS),
    Field("result", "评估结果", CHOICE, ("维持不公开", "转为主动公开"), ALWAYS),
    Field("note", "说明"),
)
CONSULTATION_FIELDS: tuple[Field, ...] = (
    Field("opens", "开始日期", DATE, required=ALWAYS),
    Field("closes", "截止日期", DATE, required=ALWAYS),
    Field("feedback", "意见采纳情况", note="采纳情况说明文件的标识或文号"),
    Field(
        "kind",
        "征求意见类型",
        CHOICE,
        CONSULTATION_KINDS,
        note="决定最短期限；不写时警告，按“其他”处理",
    ),
    Field("reason", "缩短期限理由", note="期限短于该类型的最短期限时必填，在页面上显示"),
    Field(
        "channels", "意见提交方式", TEXT_LIST, single_ok=True, note="例如 电子邮件、信函、网上留言"
    ),
)
CHANGE_FIELDS: tuple[Field, ...] = (
    Field("date", "修订日期", DATE, required=ALWAYS),
    Field("note", "修订说明", required=ALWAYS),
)
WITHDRAWAL_FIELDS: tuple[Field, ...] = (
    Field("date", "撤回日期", DATE, required=ALWAYS),
    Field("reason", "撤回原因", CHOICE, WITHDRAWAL_REASONS, ALWAYS),
)
PERSONAL_DATA_FIELDS: tuple[Field, ...] = (
    Field("value", "号码或地址", required=ALWAYS),
    Field(
        "reason",
        "公开理由",
        required=Requirement(lambda v: True, "必填", "（每个例外都须写明公开理由）"),
    ),
)

CATALOG_FIELDS: tuple[Field, ...] = (
    Field("code", "代码", required=ALWAYS, note="与文件名相同，并列在 domains.yml 中"),
    Field("name", "名称", required=ALWAYS),
    Field("guideline", "标准指引", note="本目录依据的标准指引；缺少时警告"),
    Field(
        "status",
        "审核状态",
        CHOICE,
        CATALOG_STATUSES,
        ALWAYS,
        note="只有已审核的目录发布（先审后发）",
    ),
    Field(
        "reviewed_on",
        "审核日期",
        DATE,
        required=Requirement(
            lambda v: v.get("status") == "已审核", "已审核时必填", "（审核状态为“已审核”时必填）"
        ),
    ),
    Field(
        "reviewed_by",
        "审核单位",
        required=Requirement(
            lambda v: v.get("status") == "已审核", "已审核时必填", "（审核状态为“已审核”时必填）"
        ),
    ),
    Field("items", "事项", CUSTOM, required=ALWAYS),
)

CATALOG_ITEM_FIELDS: tuple[Field, ...] = (
    Field("id", "事项标识", required=ALWAYS, fingerprint=True, note="在所有目录中唯一"),
    Field("level1", "一级事项", required=ALWAYS),
    Field("level2", "二级事项", required=ALWAYS, fingerprint=True),
    Field("content", "公开内容（要素）", required=ALWAYS, fingerprint=True),
    Field("basis", "公开依据", required=ALWAYS),
    Field("deadline", "公开时限", required=ALWAYS),
    Field(
        "deadline_days",
        "公开时限（工作日）",
        INTEGER,
        note="只用于“…个工作日”的时限，从成文日期（或发布日期）起算",
    ),
    Field("subject", "公开主体", required=ALWAYS),
    Field("channels", "公开渠道和载体", CHOICE_LIST, CHANNELS_VOCABULARY, ALWAYS, single_ok=True),
    Field("audience", "公开对象", CHOICE, AUDIENCES, ALWAYS),
    Field("mode", "公开方式", CHOICE, MODES, ALWAYS),
    Field("levels", "公开层级", CHOICE_LIST, LEVELS, ALWAYS, single_ok=True),
)

# 村（居）务公开目录: catalogs/villages/<year>.yml and its items (SPEC: Village affairs)
VILLAGE_CATALOG_FIELDS: tuple[Field, ...] = (
    Field("year", "年度", YEAR, required=ALWAYS, note="与文件名中的年份相同"),
    Field(
        "status",
        "审核状态",
        CHOICE,
        CATALOG_STATUSES,
        ALWAYS,
        note="只有已审核的目录生效并在网站展示（先审后发）",
    ),
    Field(
        "reviewed_on",
        "审核日期",
        DATE,
        required=Requirement(
            lambda v: v.get("status") == "已审核", "已审核时必填", "（审核状态为“已审核”时必填）"
        ),
    ),
    Field(
        "reviewed_by",
        "审核单位",
        required=Requirement(
            lambda v: v.get("status") == "已审核", "已审核时必填", "（审核状态为“已审核”时必填）"
        ),
    ),
    Field("items", "事项", CUSTOM, required=ALWAYS),
)
VILLAGE_ITEM_FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        "事项标识",
        required=ALWAYS,
        fingerprint=True,
        note="各年度目录中相同的标识是同一事项；不能与标准目录的事项标识相同",
    ),
    Field("name", "公开事项", required=ALWAYS, fingerprint=True),
    Field("content", "公开内容", required=ALWAYS, fingerprint=True),
    Field("basis", "公开依据", required=ALWAYS),
    Field("cadence", "公开频次", CHOICE, CADENCES, ALWAYS, note="决定文件 period 的写法"),
    Field(
        "orgs",
        "适用的村（居）委员会",
        TEXT_LIST,
        single_ok=True,
        default_note="全部村（居）委员会",
        note="orgs.yml 中村（居）委员会的标识",
    ),
)

DOMAIN_FIELDS: tuple[Field, ...] = (
    Field("code", "代码", required=ALWAYS),
    Field("name", "名称", required=ALWAYS),
    Field("guideline", "标准指引"),
    Field("statutory", "法定目录", FLAG, note="标记唯一的法定主动公开内容目录"),
)

ORG_FIELDS: tuple[Field, ...] = (
    Field("id", "标识", required=ALWAYS, note="不能含“/”"),
    Field("name", "名称", required=ALWAYS),
    Field("kind", "类别", CHOICE, ORG_KINDS, ALWAYS),
    Field(
        "parent",
        "上级",
        required=Requirement(
            lambda v: v.get("kind") == VILLAGE,
            "村（居）委员会必填",
            "（村（居）委员会须写明所属乡镇或街道）",
        ),
    ),
    Field("code", "统一社会信用代码", required=ALWAYS, note="18 位，校验位按 GB 32100 检查"),
    Field("domains", "负责的目录", TEXT_LIST),
    Field("columns", "特色栏目", CUSTOM, note="[{name, items}] 或 [{name, types}]"),
    Field(
        "office",
        "政府信息公开工作机构",
        CUSTOM,
        note="{name, address, hours, phone, fax, email, postcode, website, form, online}："
        "依申请公开页面和公开指南页面显示；行政机关没有写时警告",
    ),
)

OFFICE_FIELDS: tuple[Field, ...] = (
    Field("name", "机构名称", required=ALWAYS),
    Field("address", "办公地址", required=ALWAYS),
    Field("hours", "办公时间", required=ALWAYS),
    Field("phone", "联系电话", required=ALWAYS),
    Field("fax", "传真"),
    Field("email", "电子邮箱"),
    Field("postcode", "邮政编码"),
    Field("website", "网站"),
    Field(
        "form",
        "申请表",
        note="政府信息公开申请表：content/ 下某个主动公开文件的附件的路径（如 "
        "mzj/2025/files/shenqingbiao.pdf），或 https:// 开头的网址；依申请公开页面链接它",
    ),
    Field(
        "online",
        "在线申请地址",
        note="https:// 开头的网址；只有写了它，依申请公开页面才说可以在线提交申请",
    ),
)
COLUMN_FIELDS: tuple[Field, ...] = (
    Field("name", "名称", required=ALWAYS),
    Field("items", "目录事项", TEXT_LIST),
    Field("types", "信息类别", CHOICE_LIST, TYPES_VOCABULARY, single_ok=True),
)

# 依申请公开 registers: one row of catalogs/requests/<org-id>/<year>.yml, and one of its events
REQUEST_FIELDS: tuple[Field, ...] = (
    Field("id", "登记编号", required=ALWAYS, note="在本机构所有登记文件中唯一；不含个人信息"),
    Field("applicant", "申请人类别", CHOICE, APPLICANTS, ALWAYS),
    Field("channel", "申请渠道", CHOICE, REQUEST_CHANNELS, ALWAYS),
    Field("arrived", "收件日期", DATE, required=ALWAYS),
    Field(
        "confirmed",
        "确认日期",
        DATE,
        required=Requirement(
            lambda v: v.get("channel") in CONFIRMED_CHANNELS,
            "平常信函、互联网、传真必填",
            "（申请渠道为“{channel}”时，收到申请之日是确认日期）",
        ),
    ),
    Field("summary", "申请内容摘要"),
    Field("events", "办理过程", CUSTOM),
    Field(
        "result",
        "办理结果",
        CHOICE,
        REQUEST_RESULTS,
        required=Requirement(lambda v: v.get("replied") is not None, "有答复日期时必填"),
    ),
    Field(
        "replied",
        "答复日期",
        DATE,
        required=Requirement(lambda v: bool(v.get("result")), "有办理结果时必填"),
    ),
    Field("archived", "归档日期", DATE),
    Field("note", "备注"),
)
REQUEST_EVENT_FIELDS: tuple[Field, ...] = (
    Field("type", "事项", CHOICE, EVENT_TYPES, ALWAYS),
    Field("date", "日期", DATE, required=ALWAYS),
    Field("note", "说明"),
    Field(
        "party",
        "征求对象",
        CHOICE,
        PARTIES,
        required=Requirement(lambda v: v.get("type") == CONSULTATION_ASKED, "征求意见必填"),
    ),
    Field(
        "days",
        "延长工作日",
        INTEGER,
        required=Requirement(lambda v: v.get("type") == EXTENSION, "延期必填"),
    ),
    Field(
        "amount",
        "收费金额（元）",
        required=Requirement(lambda v: v.get("type") == FEE_NOTICE, "收费通知必填"),
    ),
)
# the keys of an event besides type, date and note, by event type
REQUEST_EVENT_KEYS: dict[str, tuple[str, ...]] = {
    CONSULTATION_ASKED: ("party",),
    EXTENSION: ("days",),
    FEE_NOTICE: ("amount",),
}

# 政务新媒体: one account of catalogs/newmedia.yml, and one of its 备案记录 (SPEC: Government new media)
NEWMEDIA_FIELDS: tuple[Field, ...] = (
    Field("id", "标识", required=ALWAYS, note="在 newmedia.yml 中唯一"),
    Field("name", "账号名称", required=ALWAYS, note="与平台上显示的名称一致"),
    Field(
        "platform",
        "平台",
        required=ALWAYS,
        note="如 微信公众号、微信视频号、新浪微博、抖音、快手、今日头条、移动客户端；"
        "同一平台始终用同一种写法",
    ),
    Field("account", "账号", note="平台上的账号 ID 或微信号"),
    Field("url", "链接", note="https:// 开头的链接"),
    Field("sponsor", "主办单位", required=ALWAYS, note="机构标识（catalogs/orgs.yml）"),
    Field("supervisor", "主管单位", note="机构标识（catalogs/orgs.yml）"),
    Field("status", "状态", CHOICE, NEWMEDIA_STATUSES, ALWAYS),
    Field(
        "events",
        "备案记录",
        CUSTOM,
        ALWAYS,
        note="[{type, date, filing_no, note}]，按日期先后排列，第一项为“开设”",
    ),
    Field(
        "last_post",
        "最近更新日期",
        DATE,
        required=Requirement(
            lambda v: v.get("status") == NEWMEDIA_ACTIVE,
            "状态为“正常”时必填",
            "（状态为“正常”的账号须写明检查时看到的最近一次发布日期）",
        ),
        note="检查时看到的最近一次发布的日期",
    ),
    Field(
        "observed",
        "检查日期",
        DATE,
        required=Requirement(
            lambda v: v.get("last_post") is not None,
            "有最近更新日期时必填",
            "（写了最近更新日期，须写明是哪一天检查的）",
        ),
        note="不早于最近更新日期",
    ),
)
NEWMEDIA_EVENT_FIELDS: tuple[Field, ...] = (
    Field("type", "事项", CHOICE, NEWMEDIA_EVENT_TYPES, ALWAYS),
    Field("date", "日期", DATE, required=ALWAYS),
    Field(
        "filing_no",
        "备案编号",
        note="开设、变更、关停、注销须向区政府办公室备案，写备案文号（portal audit newmedia 检查）",
    ),
    Field("note", "说明"),
)

# 年度报告 data files: catalogs/annual-reports/<org-id>/<year>.yml, the figures content cannot give
REPORT_RESULT_FIELDS: tuple[Field, ...] = (
    Field("upheld", "结果维持", COUNT, required=ALWAYS),
    Field("corrected", "结果纠正", COUNT, required=ALWAYS),
    Field("other", "其他结果", COUNT, required=ALWAYS),
    Field("pending", "尚未审结", COUNT, required=ALWAYS),
)
REPORT_OPENING_FIELDS: tuple[Field, ...] = (
    Field("rules", "规章", COUNT, required=ALWAYS),
    Field("normative", "行政规范性文件", COUNT, required=ALWAYS),
)
ANNUAL_DATA_FIELDS: tuple[Field, ...] = (
    Field("licensing", "行政许可：本年处理决定数量", COUNT, required=ALWAYS),
    Field("penalties", "行政处罚：本年处理决定数量", COUNT, required=ALWAYS),
    Field("coercion", "行政强制：本年处理决定数量", COUNT, required=ALWAYS),
    Field(
        "fees",
        "行政事业性收费：本年收费金额（单位：万元）",
        DECIMAL,
        required=ALWAYS,
        note="不小于 0 的数，最多 4 位小数，按所写显示",
    ),
    Field(
        "review", "行政复议", CUSTOM, required=ALWAYS, note="{upheld, corrected, other, pending}"
    ),
    Field(
        "direct_suit",
        "行政诉讼：未经复议直接起诉",
        CUSTOM,
        required=ALWAYS,
        note="{upheld, corrected, other, pending}",
    ),
    Field(
        "suit_after_review",
        "行政诉讼：复议后起诉",
        CUSTOM,
        required=ALWAYS,
        note="{upheld, corrected, other, pending}",
    ),
    Field(
        "opening",
        "期初现行有效件数",
        CUSTOM,
        note="{rules, normative}：上年 12 月 31 日现行有效的规章和行政规范性文件件数（全部，不论 content/ 中有无）",
    ),
)
REPORT_GROUPS = ("review", "direct_suit", "suit_after_review")

# 政府网站工作年度报表 data files: catalogs/website-reports/<year>.yml, the figures of the site's
# year that content cannot give (国办发〔2017〕47号, 国办函〔2018〕12号). Every figure is optional: one
# not given shows as 未填报. The labels are plain descriptions of the national form's rows (the
# form's own row labels are not recorded in this project's references).
WEBSITE_SERVICE_FIELDS: tuple[Field, ...] = (
    Field("catalog", "是否发布服务事项目录", CHOICE, YES_NO),
    Field("users", "注册用户数（个）", COUNT),
    Field("items", "政务服务事项数量（项）", COUNT),
    Field("online_items", "可全程在线办理的政务服务事项数量（项）", COUNT),
    Field("cases", "办件量（件）", COUNT),
    Field("cases_person", "其中自然人办件量（件）", COUNT),
    Field("cases_legal", "其中法人办件量（件）", COUNT),
)
WEBSITE_INTERACTION_FIELDS: tuple[Field, ...] = (
    Field("platform", "是否使用统一的互动交流平台", CHOICE, YES_NO),
    Field("messages", "收到留言数量（条）", COUNT),
    Field("concluded", "办结留言数量（条）", COUNT),
    Field("days", "留言平均办理时间（天）", DECIMAL),
    Field("replies", "公开答复数量（条）", COUNT),
    Field("surveys", "征集调查期数（期）", COUNT),
    Field("opinions", "征集调查收到意见数量（条）", COUNT),
    Field("survey_results", "公布调查结果期数（期）", COUNT),
    Field("interviews", "在线访谈期数（期）", COUNT),
    Field("questions", "在线访谈网民留言数量（条）", COUNT),
    Field("answers", "在线访谈答复网民提问数量（条）", COUNT),
    Field("smart_qa", "是否提供智能问答", CHOICE, YES_NO),
)
WEBSITE_SECURITY_FIELDS: tuple[Field, ...] = (
    Field("assessments", "安全检测评估次数（次）", COUNT),
    Field("problems", "发现问题数量（个）", COUNT),
    Field("fixed", "问题整改数量（个）", COUNT),
    Field("monitoring", "是否建立安全监测预警机制", CHOICE, YES_NO),
    Field("drills", "是否开展应急演练", CHOICE, YES_NO),
    Field("officer", "是否明确网站安全负责人", CHOICE, YES_NO),
)
WEBSITE_REPORT_FIELDS: tuple[Field, ...] = (
    Field(
        "published",
        "发布日期",
        DATE,
        required=ALWAYS,
        note="报表在网站发布的日期，应不晚于次年 1 月 31 日（portal audit reports 检查）；"
        "不能晚于构建日期",
    ),
    Field("visitors", "独立用户访问总量（个）", COUNT),
    Field("views", "网站总访问量（次）", COUNT),
    Field("responses", "回应公众关注热点或重大舆情数量（次）", COUNT),
    Field(
        "services",
        "办事服务",
        CUSTOM,
        note="{catalog, users, items, online_items, cases, cases_person, cases_legal}",
    ),
    Field(
        "interaction",
        "互动交流",
        CUSTOM,
        note="{platform, messages, concluded, days, replies, surveys, opinions, survey_results, "
        "interviews, questions, answers, smart_qa}",
    ),
    Field(
        "security",
        "安全防护",
        CUSTOM,
        note="{assessments, problems, fixed, monitoring, drills, officer}",
    ),
    Field(
        "innovation",
        "创新发展",
        TEXT_LIST,
        single_ok=True,
        note="本年度的创新做法，每项一行；在网站显示，不能含个人信息",
    ),
)
# the sections of a website report's data file read with a table of their own
WEBSITE_REPORT_SECTIONS: dict[str, tuple[Field, ...]] = {
    "services": WEBSITE_SERVICE_FIELDS,
    "interaction": WEBSITE_INTERACTION_FIELDS,
    "security": WEBSITE_SECURITY_FIELDS,
}

RECORDS: dict[str, tuple[Field, ...]] = {
    "document": DOCUMENT_FIELDS,
    "catalog": CATALOG_FIELDS,
    "catalog_item": CATALOG_ITEM_FIELDS,
    "village_catalog": VILLAGE_CATALOG_FIELDS,
    "village_item": VILLAGE_ITEM_FIELDS,
    "domain": DOMAIN_FIELDS,
    "org": ORG_FIELDS,
    "request": REQUEST_FIELDS,
    "request_event": REQUEST_EVENT_FIELDS,
    "annual_data": ANNUAL_DATA_FIELDS,
    "newmedia": NEWMEDIA_FIELDS,
    "newmedia_event": NEWMEDIA_EVENT_FIELDS,
    "website_report": WEBSITE_REPORT_FIELDS,
    "website_services": WEBSITE_SERVICE_FIELDS,
    "website_interaction": WEBSITE_INTERACTION_FIELDS,
    "website_security": WEBSITE_SECURITY_FIELDS,
}


def labels(table: tuple[Field, ...]) -> dict[str, str]:
    """key -> 中文 label of a table, in table order."""
    return {f.key: f.label for f in table}


def by_key(table: tuple[Field, ...]) -> dict[str, Field]:
    """key -> Field of a table."""
    return {f.key: f for f in table}


def box_label(f: Field) -> str:
    """The label of a field in the metadata box."""
    return f.box_label or f.label


def box_fields() -> list[Field]:
    """The document fields of the metadata box, in box order."""
    return sorted((f for f in DOCUMENT_FIELDS if f.box), key=lambda f: f.box)


def fingerprint_keys(table: tuple[Field, ...]) -> tuple[str, ...]:
    """Keys whose value, on a withheld record, is a leak-check fingerprint."""
    return tuple(f.key for f in table if f.fingerprint)


def _values(f: Field) -> str:
    if f.kind in (CHOICE, CHOICE_LIST) and isinstance(f.choices, tuple):
        return "、".join(f.choices)
    return {
        DATE: "YYYY-MM-DD",
        INTEGER: "整数",
        COUNT: "不小于 0 的整数",
        DECIMAL: "不小于 0 的数",
        YEAR: "四位年份",
        FLAG: "true 或 false",
    }.get(f.kind, "")


def glossary_markdown() -> str:
    """The key tables of README.md's glossary, rendered from the field tables (a test keeps
    README.md equal to this; `python -m disclosure_portal.model.fields` prints it)."""
    out = []
    for record, table in RECORDS.items():
        out += [f"`{record}`:", "", "| 键 | 中文 | 必填 | 取值与说明 |", "|---|---|---|---|"]
        for f in table:
            default = f.default or f.default_note
            parts = (_values(f), f.note or f.hint, f"默认：{default}" if default else "")
            notes = "；".join(x for x in parts if x)
            out.append(f"| `{f.key}` | {f.label} | {f.required_text} | {notes} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    print(glossary_markdown(), end="")
