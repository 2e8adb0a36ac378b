"""Closed vocabularies of SPEC.md: the legal Chinese terms themselves are the values."""

from __future__ import annotations

PROACTIVE = "主动公开"
ON_REQUEST = "依申请公开"
WITHHELD = "不予公开"
ATTRIBUTES = (PROACTIVE, ON_REQUEST, WITHHELD)

# printed marker in the body -> the attribute it states
MARKERS = {
    "此件公开发布": PROACTIVE,
    "此件依申请公开": ON_REQUEST,
    "此件不公开": WITHHELD,
    "此件不予公开": WITHHELD,
}

POLICY = "政策文件"
INTERPRETATION = "政策解读"
CONSULTATION = "征求意见"
NOTICE = "通知公告"
NEWS = "工作动态"
GUIDE = "公开指南"
RULES = "公开制度"
ANNUAL_REPORT = "年度报告"
PAGE = "页面"
TYPES = (POLICY, INTERPRETATION, CONSULTATION, NOTICE, NEWS, GUIDE, RULES, ANNUAL_REPORT, PAGE)

# URL slugs of the generated per-type listings (ASCII, stable)
TYPE_SLUGS = {
    POLICY: "policies",
    INTERPRETATION: "interpretations",
    CONSULTATION: "consultations",
    NOTICE: "notices",
    NEWS: "news",
    GUIDE: "guides",
    RULES: "rules",
    ANNUAL_REPORT: "annual-reports",
}

GENRES = (
    "决议",
    "决定",
    "命令",
    "令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "方案",
    "办法",
    "规定",
    "细则",
    "规划",
    "计划",
    "其他公文",
)
CATEGORIES = ("规章", "行政规范性文件", "其他文件")
VALID = "有效"
VALIDITIES = (VALID, "失效", "废止")
FORMS = ("文字解读", "图表图解", "简明问答", "音视频", "专家解读", "媒体解读", "新闻发布会")
# URL slugs of the 政策解读 column narrowed by 解读形式
FORM_SLUGS = {
    "文字解读": "text",
    "图表图解": "graphic",
    "简明问答": "qa",
    "音视频": "video",
    "专家解读": "expert",
    "媒体解读": "media",
    "新闻发布会": "press",
}
WITHDRAWAL_REASONS = ("内容有误", "依法不予公开", "重复发布", "其他")
REVIEW_RESULTS = ("维持不公开", "转为主动公开")

ORG_KINDS = ("区政府", "区政府部门", "乡镇", "街道", "村（居）委员会")
VILLAGE = "村（居）委员会"
# 村（居）务公开 (SPEC: Village affairs): catalogs/villages/<year>.yml, and its items' cadences
VILLAGES_DIR = "villages"  # a reserved folder of catalogs/
MONTHLY, QUARTERLY, YEARLY, ANY_TIME = "月", "季", "年", "随时"
CADENCES = (MONTHLY, QUARTERLY, YEARLY, ANY_TIME)
TOWNSHIP_KINDS = ("乡镇", "街道")
# administrative organs (条例 Art. 2): a 村（居）委员会 is not one
ADMINISTRATIVE_KINDS = ("区政府", "区政府部门", "乡镇", "街道")
DISTRICT_LEVEL = "区县级"
TOWNSHIP_LEVEL = "乡镇级"
LEVELS = (DISTRICT_LEVEL, TOWNSHIP_LEVEL)
KIND_LEVEL = {
    "区政府": DISTRICT_LEVEL,
    "区政府部门": DISTRICT_LEVEL,
    "乡镇": TOWNSHIP_LEVEL,
    "街道": TOWNSHIP_LEVEL,
    VILLAGE: TOWNSHIP_LEVEL,
}

CATALOG_STATUSES = ("草稿", "已送审", "已审核")
APPROVED = "已审核"
AUDIENCES = ("全社会", "特定群体")
MODES = ("主动", "依申请")
STANDARD_CHANNELS = (
    "政府网站",
    "政府公报",
    "两微一端",
    "发布会/听证会",
    "广播电视",
    "纸质媒体",
    "公开查阅点",
    "政务服务中心",
    "便民服务站",
    "入户/现场",
    "社区/企事业单位/村公示栏（电子屏）",
    "精准推送",
    "12345政务服务热线",
    "其他",
)

# Keys MkDocs or mkdocs-material read from front matter; allowed beside SPEC's keys.
ENGINE_KEYS = ("template", "hide", "search", "description", "icon", "status", "tags", "comments")

# Every extension MkDocs renders as a page (mkdocs.utils.markdown_extensions); compared in lower
# case so that no page escapes validation.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


def is_markdown(path: str) -> bool:
    """Whether MkDocs renders a file of this name as a page (any case of its ending)."""
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def strip_markdown_suffix(path: str) -> str:
    """The path without its Markdown ending (`a/b.md` -> `a/b`)."""
    lower = path.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lower.endswith(suffix):
            return path[: -len(suffix)]
    return path


# 依申请公开 registers (catalogs/requests/<org-id>/<year>.yml)
REQUESTS_DIR = "requests"  # a reserved folder of catalogs/
ANNUAL_REPORTS_DIR = "annual-reports"  # 年度报告 data files, also a folder of catalogs/
# 政府网站工作年度报表 data files (catalogs/website-reports/<year>.yml), one per year for the site
WEBSITE_REPORTS_DIR = "website-reports"
YES_NO = ("是", "否")  # a yes-or-no figure of the 政府网站工作年度报表, as the form answers it

# 政务新媒体 (SPEC: Government new media): catalogs/newmedia.yml, one account a row
NEWMEDIA_FILE = "newmedia.yml"
NEWMEDIA_ACTIVE, NEWMEDIA_CLOSED, NEWMEDIA_CANCELLED = "正常", "已关停", "已注销"
NEWMEDIA_STATUSES = (NEWMEDIA_ACTIVE, NEWMEDIA_CLOSED, NEWMEDIA_CANCELLED)
NM_OPENED, NM_CHANGED, NM_NOTICE = "开设", "变更", "关停公告"
NM_CLOSED, NM_CANCELLED = "关停", "注销"
NEWMEDIA_EVENT_TYPES = (NM_OPENED, NM_CHANGED, NM_NOTICE, NM_CLOSED, NM_CANCELLED)
APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
REQUEST_CHANNELS = ("当面", "邮寄", "平常信函", "互联网", "传真")
CONFIRMED_CHANNELS = ("平常信函", "互联网", "传真")  # 收到申请之日 = confirmed (条例 Art. 31)
CORRECTION_NOTICE = "补正通知"
CORRECTION_RECEIVED = "补正收到"
CONSULTATION_ASKED = "征求意见"
OPINION_RECEIVED = "收到意见"
EXTENSION = "延期"
FEE_NOTICE = "收费通知"
FEE_PAID = "缴费"
EVENT_TYPES = (
    CORRECTION_NOTICE,
    CORRECTION_RECEIVED,
    CONSULTATION_ASKED,
    OPINION_RECEIVED,
    EXTENSION,
    FEE_NOTICE,
    FEE_PAID,
)
PARTIES = ("第三方", "其他机关")
# the 21 results: the Table B row labels without their numbers (年报格式)
REQUEST_RESULTS = (
    "予以公开",
    "部分公开",
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
    "本机关不掌握相关政府信息",
    "没有现成信息需要另行制作",
    "补正后申请内容仍不明确",
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
)


# 征求意见 (SPEC: Public participation): kinds, and the status of a consultation at a date
CONSULTATION_KINDS = ("重大行政决策", "规章", "行政规范性文件", "涉企行政规范性文件", "其他")
CONSULTATION_OTHER = "其他"
NOT_OPEN, OPEN, CLOSED, ANSWERED = "未开始", "征求意见中", "已结束", "已反馈"
