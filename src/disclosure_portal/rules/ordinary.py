"""THE one rule for "ordinary" text of a withheld document (SPEC Guarantee 1, Copies).

A withheld document's text is split into units: sentences (ending at 。！？；!?; and line
breaks) and table rows (of Markdown tables, and the tab-separated lines that office readers
produce). A unit is ORDINARY by its own form: a stock phrase or standard clause of official
writing (salutations, closings, 请示/答复书 formulas, remedy clauses, contact and signature lines,
date lines, the attribute marker), a table header row, or a unit that identifies nothing once
stock phrases, organisation names, dates, numbers, 《…》 titles and 〔…〕 document numbers are
taken out. Every other unit is DISTINCTIVE: withheld material wherever it appears.

Whether some public document also contains a unit never enters this rule: the first wall
(rules/withheld.py) and the second (verify/fingerprints.py) both ask this module, and only it.

Pure: no I/O, no project types. The lexicon below was written for this project from the forms
of 党政机关公文 (GB/T 9704 layout, the 公文 formulas taught in 公文写作 and used in 请示, 报告,
通知, 纪要, 答复书); it is data, extended by adding a line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from disclosure_portal.model.pickling import quick_state
from disclosure_portal.model.textform import normalize

MIN_RESIDUAL_HAN = 6  # a sentence with fewer Han characters left identifies nothing
MIN_ROW_HAN = 2  # a table data row: enough identifying text …
MIN_ROW_CHARS = 8  # … in normalized characters (names and amounts count)
MAX_SIGNATURE = 20  # a line that is only an organisation's name is at most this long
MIN_HEADING_HAN = 10  # a short heading (三、资金发放流程) names a topic, not a fact …
MAX_HEADING = 20  # … when it is at most this long
# a clause (the part of a sentence between commas or colons) quoted without the rest of its
# sentence: distinctive when this much identifying Han text is left AND it holds a figure (an
# amount, a count, a deadline: 3860万元, 17户, 9月底前; a year alone does not count). Clauses
# without one are the slogans and formulas of official writing (为切实保障困难群众基本生活,
# 以…思想为指导), shared by public and withheld texts alike; their sentence still counts whole.
MIN_CLAUSE_HAN = 10
_FIGURE_RE = re.compile(r"\d+(?!\d*年)")
_DIGIT_RE = re.compile(r"\d")  # any decimal digit, full-width ones included

# --- the lexicon: stock phrases of official writing, one group a string ----------------------
_LEXICON = """
各乡镇人民政府 各街道办事处 各乡镇人民政府街道办事处 各镇人民政府 各乡人民政府
街道办事处 乡镇人民政府 区政府各部门 区级各部门 区级有关部门 区级各有关部门 各有关部门
有关部门 各有关单位 有关单位 各单位 各部门 区人民政府 区政府 区政府办公室
区人民政府办公室 县人民政府 县政府 市人民政府 市政府 各区县人民政府 区委 区委办公室
区人大常委会 区政协 区纪委监委 各村社区 各村居委会 各村民委员会 各居民委员会
各社区居委会 各学校 各中小学 各幼儿园 各医疗机构 各企事业单位 有关企业 各位代表
同志们 各位委员 各成员单位 领导小组各成员单位 特此通知 特此公告 特此通告 特此函告
特此函复 特此报告 特此说明 特此批复 特此证明 特此告知 特此答复 专此报告 专此函告
此复 此致 敬礼 函复如下 答复如下 报告如下 请示如下 通知如下 通报如下 公告如下
通告如下 意见如下 纪要如下 说明如下 妥否请批示 当否请批示 妥否请批复 当否请批复
以上请示 以上报告 以上意见 请予审批 请予批准 请予审定 请予研究 请审定 如无不妥
如无不当 请批转 请予支持 盼复 望予支持为盼 请予函复 请予协助 请予配合 请研究 请审示
请示 现将有关事项通知如下 现就有关事项通知如下 现将有关情况报告如下 现将有关情况通报如下
现将有关情况说明如下 现将有关事项公告如下 现将 现就 有关事项 有关情况 有关问题
有关要求 具体事项 具体情况 主要情况 有关工作 印发给你们 现印发给你们 现将印发给你们
请认真贯彻执行 请认真贯彻落实 请结合实际认真贯彻执行 请结合实际 认真组织实施
请认真组织实施 请遵照执行 请认真执行 请抓好落实 请认真抓好落实 请各单位 请各地
请各部门 请各乡镇 请各街道 请各有关单位 请于 前报送 前报 报送至 报送 报区政府
报区政府办公室 经区政府同意 经区人民政府同意 经区委区政府同意 经研究 经研究决定
经研究同意 经会议研究 经审核 经审查 经核实 经调查 经检索 经查询 经查找 经查 根据
按照 依据 依照 遵照 为贯彻落实 为深入贯彻落实 为认真贯彻落实 为全面贯彻落实 为进一步
为切实 为加快 为规范 为加强 为做好 为推动 为落实 为保障 为确保 为提高 为深化
为促进 贯彻落实 深入贯彻落实 认真贯彻落实 全面贯彻落实 关于 有关规定 相关规定
有关要求 相关要求 精神 文件精神 决策部署 工作部署 要求 规定 结合我区实际
结合本区实际 结合实际 制定本办法 制定本细则 制定本方案 制定本规定 制定本意见
特制定本方案 现制定如下 制定如下实施方案 本办法自 本细则自 本规定自 本方案自 本意见自
本通知自 本决定自 起施行 之日起施行 印发之日起施行 发布之日起施行 公布之日起施行
起实施 之日起实施 有效期 有效期至 同时废止 同时停止执行 以本通知为准 以本办法为准
与本办法不一致的 不一致的 负责解释 负责具体解释 具体解释 本办法由 本细则由 本通知由
高度重视 认真组织实施 确保各项工作落到实处 确保工作落到实处 落到实处 加强组织领导
强化组织领导 压实工作责任 压实责任 落实责任 明确责任 强化责任 强化督促检查
加强督促检查 督促检查 督查督办 切实抓好 抓好落实 狠抓落实 务求实效 取得实效 扎实推进
有序推进 统筹推进 稳步推进 全面推进 深入推进 持续推进 切实加强 进一步加强 进一步
不断 切实 认真 及时 积极 主动 全面 扎实 有序 统筹 协调 配合 密切配合 加强协调
沟通协调 协调配合 形成合力 各地各部门 各单位要 各部门要 各乡镇街道要 各有关单位要
切实做好 认真做好 扎实做好 做好 抓好 搞好 工作 相关工作 各项工作 此项工作 该项工作
遇到的问题 遇有重大问题 重大问题 及时报告 及时上报 及时反馈 及时向 报告 反馈
请示报告 工作目标 总体目标 主要目标 目标任务 主要任务 重点任务 工作任务 工作措施
主要措施 保障措施 工作要求 有关要求 工作步骤 实施步骤 实施范围 适用范围 基本原则
指导思想 总体要求 组织领导 组织保障 经费保障 宣传引导 加强宣传 宣传报道 舆论引导
监督检查 考核评估 督促落实 工作机制 长效机制 基本情况 主要做法 工作开展情况
工作完成情况 工作成效 取得的成效 主要成效 存在的问题 存在问题 存在的困难
存在的主要问题 问题和不足 主要问题 原因分析 下一步工作打算 下一步工作计划 下一步工作
下一步 工作打算 工作计划 工作思路 改进措施 整改措施 意见建议 工作建议 有关建议 建议
说明 会议指出 会议强调 会议要求 会议认为 会议同意 会议决定 会议议定 会议明确
会议原则同意 会议研究 会议研究了 会议听取了 会议审议了 会议传达学习了 会议讨论了
会议通报了 会议纪要 会议记录 会议主持 主持会议 主持人 出席会议 出席 列席 列席会议
请假 记录人 记录 参加会议人员 参会人员 参会单位 会议时间 会议地点 会议议题 议定事项
专题会议 常务会议 区政府常务会议 主任办公会议 局长办公会议 党组会议 党组扩大会议
办公会议 联席会议 工作会议 推进会 调度会 协调会 政府信息公开 政府信息公开申请
政府信息 申请人 你单位 您好 您于 收悉 来函收悉 来信收悉 申请收悉 您的申请 您提出的
您申请获取的 您申请公开的 您所申请的 申请获取 申请公开 提出的 申请内容 本机关
本机关已 本机关未 本机关没有 该信息 上述信息 所申请的信息 您申请的信息 相关信息
该政府信息 不存在 不属于 属于 不予公开 予以公开 部分公开 无法提供 不予处理
现予以答复 予以答复 答复 告知 制作或者获取 制作或获取 没有制作 未制作 没有获取
未获取 保存 保存的 获取过 现行 现行有效 依法 依法依规 依申请公开 主动公开 公开
公开发布 已主动公开 可在 网站 查询 下载 查阅 点击 栏目 12345政务服务便民热线 12345热线
政务服务便民热线 便民服务热线
中华人民共和国政府信息公开条例 政府信息公开条例 条例 第十条 第十四条 第十五条 第十六条
第二十条 第三十六条 第三十八条 条款 第一款 第二款 第三款 规定 的规定 之规定
相关法律法规 如对本答复不服 如对本答复决定不服 如不服本答复 如对本告知不服
如对本决定不服 对本答复不服 不服 可以在收到本答复之日起 可以在收到本告知书之日起
可自收到本答复之日起 可在收到本答复之日起 收到本答复之日起 收到本告知书之日起
收到本决定书之日起 知道该行政行为之日起 之日起 日内 个月内 六十日内 六个月内
申请行政复议 依法申请行政复议 行政复议 提起行政诉讼 依法提起行政诉讼 行政诉讼 或者
人民法院 人民政府 行政复议机关 复议机关 法定期限 逾期 期限内 附件 抄送 抄报 主送
印发 联系人 联系电话 联系方式 联系地址 通讯地址 地址 邮编 邮政编码 传真 电子邮箱
电子信箱 邮箱 网址 办公时间 工作时间 工作日 节假日除外 咨询电话 监督电话 投诉电话
举报电话 服务热线 值班电话 办公电话 手机 上午 下午 时至 星期一 星期二 星期三
星期四 星期五 周一至周五 法定节假日除外 此件公开发布 此件依申请公开 此件不予公开
此件不公开 公开属性 主动公开 不予公开 依申请公开 序号 编号 姓名 性别 年龄 身份证号
单位 部门 单位名称 项目名称 项目 名称 内容 金额 金额万元 金额元 单位万元 单位元
万元 数量 人数 户数 合计 小计 总计 备注 说明 时间 日期 完成时限 时限 责任单位
牵头单位 配合单位 责任人 联系人 地点 类别 类型 标准 情况 结果 状态 所在村
所在社区 村组 家庭住址 申请事项 办理结果 办理时限 信息内容 本年制发件数 本年废止件数
现行有效件数 本年处理决定数量 本年收费金额 单位万元 规章 行政规范性文件 行政许可
行政处罚 行政强制 行政事业性收费 自然人 法人或其他组织 商业企业 科研机构 社会公益组织
法律服务机构 其他 申请人情况 本年新收政府信息公开申请数量 上年结转政府信息公开申请数量
本年度办理结果 结转下年度继续办理 结果维持 结果纠正 其他结果 尚未审结 未经复议直接起诉
复议后起诉 总体情况 主动公开政府信息情况 收到和处理政府信息公开申请情况
政府信息公开行政复议行政诉讼情况 存在的主要问题及改进情况 其他需要报告的事项 本报告
本报告根据 要求编制 编制 全文包括 本报告所列数据的统计期限 统计期限 本报告电子版 可在
如对本报告有疑问 请与 联系 数据统计期限 起至 止 年度 政府信息公开工作年度报告
政府信息公开工作 年度报告 工作年度报告 政务公开 政务公开工作 基层政务公开 标准化规范化
第一 第二 第三 第四 第五 第六 第七 第八 第九 第十 其一 其二 其三 首先 其次
再次 最后 此外 另外 同时 其中 以及 以上 以下 通知 通报 通告 公告 报告 请示
现向社会公开征求意见 向社会公开征求意见 公开征求意见 广泛征求意见 征求意见
征求意见稿 送审稿 提出意见建议 意见建议 反馈意见 欢迎社会各界 社会各界 执行中
实施中 执行过程中 反映
批复 复函 意见 决定 纪要 办法 细则 规定 方案 实施方案 工作方案 计划 要点
工作要点 总结 工作总结 答复书 告知书 决定书 答复意见书
""".split()  # noqa: SIM905 - data: phrases separated by spaces

# a unit that is one of these lines, whatever follows on it (附件：…, 抄送：…, 联系电话：…)
_LINE_STARTS = (
    "附件",
    "抄送",
    "抄报",
    "主送",
    "印发",
    "联系人",
    "联系电话",
    "联系方式",
    "联系地址",
    "通讯地址",
    "地址",
    "邮编",
    "邮政编码",
    "传真",
    "电子邮箱",
    "电子信箱",
    "邮箱",
    "网址",
    "办公时间",
    "咨询电话",
    "监督电话",
    "投诉电话",
    "举报电话",
    "出席",
    "列席",
    "请假",
    "记录",
    "主持",
    "参加",
    "时间",
    "地点",
)
# standard clauses with a gap, judged on the normalized unit (after dates and numbers are out)
_CLAUSES = tuple(
    re.compile(p)
    for p in (
        r"^现将.{0,40}印发给你们.{0,20}$",  # 现将《…》印发给你们，请认真贯彻执行
        r"^本(?:办法|细则|规定|方案|意见|通知|决定|制度|规则|标准).{0,6}自.{0,20}(?:施行|实施)"
        r".{0,40}$",
        r"^.{0,30}由.{0,30}负责(?:具体)?解释$",
        # remedy clauses of 答复书 and 决定书: a period, then 行政复议 … 行政诉讼
        r"^.{0,40}(?:之日起|日内|个月内).{0,40}行政复议.{0,60}行政诉讼.{0,20}$",
        r"^经(?:检索|查询|查找).{0,50}(?:信息|文件|不存在|未制作|没有制作|未获取|没有获取)"
        r".{0,20}$",  # 经检索，本机关未制作…
        r"^(?:妥否|当否|以上|如无不妥).{0,16}(?:批示|批复|审定|审批|研究)$",
        # 为做好…工作，现将有关事项通知如下
        r"^为(?:进一步|切实|认真)?(?:做好|加强|规范|推进|推动|落实|抓好|保障|确保|促进|深化|完善)"
        r".{0,24}现(?:将|就)有关(?:事项|情况|工作|问题)(?:通知|报告|通报|公告|通告|函告|说明|答复)如下$",
        # 执行中遇到的问题，请及时向…反映
        r"^.{0,10}(?:执行|实施|工作)(?:中|过程中).{0,4}(?:遇到|发现|出现)的?问题.{0,24}"
        r"(?:反映|反馈|报告|联系)$",
        r"^.{0,12}(?:特此|专此)(?:通知|报告|函告|函复|说明|公告|通告|批复|答复)$",
    )
)
_SIGNATURE_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,}(?:人民政府|人民代表大会常务委员会|办公室|办事处|委员会|领导小组|"
    r"工作组|指挥部|局|委|厅|中心|站|所|院|队|处|科|街道|镇|乡|村|社区|公司|小组|政府)"
    r"(?:办公室)?$"
)
# what a unit identifies nothing by: dates, document numbers, titles (raw text)
_TITLE_RE = re.compile(r"《[^《》\n]{0,80}》")
_DOC_NUMBER_RE = re.compile(
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[\uff3b(（【]\s*\d{4}\s*[〕\]\uff3d)）】]\s*\d+\s*号"
)
_DATE_RE = re.compile(
    r"\d{2,4}年(?:\d{1,2}月(?:\d{1,2}[日号])?)?|\d{1,2}月\d{1,2}[日号]|\d{1,2}月"
    r"|[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?"
    r"|\d{1,2}[日号]"
)
_NUMBER_RE = re.compile(r"[0-9a-z/]+")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002fa1f]")
_SENTENCE_RE = re.compile(r"[。！？；!?;]+")
_CLAUSE_RE = re.compile(r"[，,：:]+")
_HEADING_RE = re.compile(
    r"^\s*(?:#{1,6}\s|[一二三四五六七八九十]{1,3}[、\uff0e.]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}[、\uff0e.](?!\d)|第[一二三四五六七八九十\d]{1,3}[章节部分])"
)
_DELIMITER_ROW_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_MARKUP = " \t\u3000*_`#>~-+.|"
_UNMARK = str.maketrans("|*_`#>~", "       ")  # Markdown marks, out of a quoted unit


@quick_state
@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of a withheld text: its comparison form and how it was written."""

    norm: str
    raw: str
    row: bool = False  # a table data row
    clause: bool = False  # a clause of a longer sentence
    pair: bool = False  # two neighbouring cells of a table row (see _pairs)
    cell: bool = False  # one cell of a table row (or field of a CSV line), as running text

    @property
    def shown(self) -> str:
        """The unit as written, shortened for a message."""
        text = " ".join(self.raw.translate(_UNMARK).split())
        return text if len(text) <= 30 else text[:30] + "…"


class Ordinary:
    """The rule, prepared once per build: the lexicon and the organisation names of orgs.yml
    in one automaton."""

    def __init__(self, org_names: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        # entries of one character would cut words (对 in 对象): the lexicon has none
        words = {normalize(w) for w in _LEXICON if len(w) >= 2}
        for name in org_names:
            words.update(_name_forms(normalize(name)))
        for word in words:
            if word:
                self._automaton.add_word(word, len(word))
        self._automaton.make_automaton()
        self._starts = tuple(normalize(s) for s in _LINE_STARTS)

    # --- the units of a text -------------------------------------------------------------
    def units(self, text: str) -> list[Unit]:
        """Every unit of `text` (Markdown already reduced to what a reader sees, or a file's
        text): sentences and table data rows (a header row is ordinary and left out)."""
        out: list[Unit] = []
        lines = text.splitlines()
        tab_block = False
        paragraph: list[str] = []  # lines of running text, for sentences wrapped across lines
        for i, line in enumerate(lines):
            if paragraph and (not line.strip() or "|" in line or "\t" in line):
                out += self._wrapped(paragraph)
                paragraph = []
            if _DELIMITER_ROW_RE.match(line) and ("|" in line or "-" in line.strip()[:3]):
                tab_block = False
                continue
            stripped = line.strip()
            if not stripped:
                tab_block = False
                continue
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if stripped.count("|") >= 2 or "\t" in stripped:
                header = bool(_DELIMITER_ROW_RE.match(following)) or (
                    "\t" in stripped and not tab_block
                )
                tab_block = "\t" in stripped
                if not header:
                    out.append(Unit(normalize(stripped), stripped, row=True))
                    # a cell that is a sentence of its own is one too: copied into prose
                    # without its row (the row number, the neighbouring cells) it stays a copy
                    out += _cells(stripped)
                    out += _pairs(stripped)
                continue
            tab_block = False
            paragraph.append(stripped)
            for part in _SENTENCE_RE.split(stripped):
                if part.strip():
                    out.append(Unit(normalize(part), part.strip()))
                    out += _clauses(part)
                    if "," in part:  # a CSV line: its fields, each on its own
                        out += _cells(part, ",")
        return out + self._wrapped(paragraph)

    @staticmethod
    def _wrapped(paragraph: list[str]) -> list[Unit]:
        """The sentences of a paragraph hard-wrapped over several lines (Markdown joins them;
        a PDF's text layer breaks every printed line), beside its lines' own units."""
        if len(paragraph) < 2:
            return []
        out = []
        for part in _SENTENCE_RE.split("".join(paragraph)):
            if part.strip() and not any(part.strip() in line for line in paragraph):
                out.append(Unit(normalize(part), part.strip()))
                out += _clauses(part)
        return out

    def distinctive(self, text: str) -> list[Unit]:
        """The distinctive units of `text`, in order, each once."""
        seen: set[str] = set()
        out = []
        for unit in self.units(text):
            if unit.norm and unit.norm not in seen and not self.is_ordinary(unit):
                seen.add(unit.norm)
                out.append(unit)
        return out

    # --- the rule ------------------------------------------------------------------------
    def is_ordinary(self, unit: Unit) -> bool:
        """Whether `unit` is ordinary by its own form (module docstring)."""
        plain = unit.raw.strip(_MARKUP)
        norm = unit.norm
        if not norm:
            return True
        if not unit.row:
            if norm.startswith(self._starts) and _is_labelled_line(plain):
                return True
            if _is_signature(plain, norm) or _is_addressee(plain):
                return True
        residual = self.residual(unit.raw)
        if unit.pair and not _FIGURE_RE.search(norm):
            return True
        if unit.row:
            han = len(_HAN_RE.findall(residual))
            return han < MIN_ROW_HAN or len(residual) < MIN_ROW_CHARS
        bare = _NUMBER_RE.sub("", residual)
        heading = len(norm) <= MAX_HEADING and _HEADING_RE.match(unit.raw) is not None
        minimum = MIN_HEADING_HAN if heading else MIN_RESIDUAL_HAN
        if unit.clause and not _FIGURE_RE.search(norm):
            return True
        # a cell on its own is a sentence only when it is as long as a distinctive clause:
        # the short status and progress phrases of work tables (已完成入户核查) are not
        if unit.clause or unit.cell:
            minimum = MIN_CLAUSE_HAN
        if len(_HAN_RE.findall(bare)) < minimum:
            return True
        plain_norm = _NUMBER_RE.sub("", _DATE_RE.sub("", normalize(_strip_cited(unit.raw))))
        return any(clause.match(plain_norm) for clause in _CLAUSES)

    def residual(self, raw: str) -> str:
        """What identifies something in `raw`: its comparison form without titles, document
        numbers, dates, stock phrases and organisation names (digits and letters kept)."""
        norm = _DATE_RE.sub("", normalize(_strip_cited(raw)))
        if not norm:
            return ""
        out, pos = [], 0
        for end, length in self._automaton.iter_long(norm):
            start = end - length + 1
            out.append(norm[pos:start])
            pos = end + 1
        out.append(norm[pos:])
        return "".join(out)


def _cells(line: str, separator: str = "") -> list[Unit]:
    """The cells of a table row (`|`, tab or the given separator) as units of running text."""
    if separator:
        cells = line.split(separator)
    else:
        cells = line.split("\t") if "\t" in line else line.strip().strip("|").split("|")
    if len(cells) < 2:
        return []
    # a cell needs MIN_CLAUSE_HAN identifying Han characters (is_ordinary): fewer, not made
    return [
        Unit(normalize(c), c.strip(), cell=True)
        for c in cells
        if len(_HAN_RE.findall(c)) >= MIN_CLAUSE_HAN
    ]


def _clauses(sentence: str) -> list[Unit]:
    """The clauses of a sentence of running text, each a unit of its own: a clerk quotes the
    decision of a 纪要 (会议同意…) without its condition, or edits one clause of a sentence
    and keeps the others. A sentence of one clause has none."""
    parts = [c.strip() for c in _CLAUSE_RE.split(sentence) if c.strip()]
    if len(parts) < 2:
        return []
    # only a clause with a figure can be distinctive (is_ordinary): the others are not made
    return [
        Unit(normalize(c), c, clause=True)
        for c in parts
        if _DIGIT_RE.search(c) and len(_HAN_RE.findall(c)) >= MIN_CLAUSE_HAN
    ]


_ORDINAL_CELL_RE = re.compile(r"\s*\d{1,4}\s*")


def _pairs(line: str) -> list[Unit]:
    """Each two neighbouring cells of a table row, in both orders, as row units: a list of
    names and amounts copied without its 序号 column, renumbered, with its columns reordered,
    or written out in prose (陈桂兰（桃源村3组）6240元) still holds them side by side. A leading
    序号 cell is no part of a pair; a pair counts only with a figure in it (see is_ordinary)."""
    cells = line.split("\t") if "\t" in line else line.strip().strip("|").split("|")
    cells = [c.strip() for c in cells]
    if cells and _ORDINAL_CELL_RE.fullmatch(cells[0]):
        cells = cells[1:]
    out = []
    for a, b in itertools.pairwise(c for c in cells if c):
        if not _DIGIT_RE.search(a + b):
            continue  # only a pair with a figure can be distinctive (is_ordinary)
        out.append(Unit(normalize(a + b), f"{a} {b}", row=True, pair=True))
        out.append(Unit(normalize(b + a), f"{b} {a}", row=True, pair=True))
    return out


def _strip_cited(raw: str) -> str:
    return _DOC_NUMBER_RE.sub(" ", _TITLE_RE.sub(" ", raw))


def _is_labelled_line(plain: str) -> bool:
    """附件：…, 联系电话：… — a label, then a colon (or nothing else on the line)."""
    head = plain[:8]
    return "：" in head or ":" in head or len(plain) <= 8


_ADDRESSEE_RE = re.compile(
    r"^(?:各|全)?[\u4e00-\u9fff（）()]{0,18}(?:部门|单位|政府|办事处|办|局|委|委员会|街道|镇|乡|村|"
    r"社区|中心|机构|学校|医院|企业|公司|同志|代表|委员|办公室|所|站|队|院|处|科|室|会|组)"
    r"(?:[（(][\u4e00-\u9fff]{1,8}[）)])?$"
)


def _is_addressee(plain: str) -> bool:
    """A salutation: addressees (organisations, 同志们) separated by ，、 and ending in a colon."""
    if not plain.endswith(("：", ":")):
        return False
    parts = [p.strip() for p in re.split(r"[，、,；;]", plain[:-1])]
    return all(p and len(p) <= 24 and _ADDRESSEE_RE.match(p) for p in parts)


def _is_signature(plain: str, norm: str) -> bool:
    """A line that is only an organisation's name (a signature or an addressee)."""
    name = plain.rstrip("：:")
    if any(c in name for c in "，、,；;：:"):
        return False
    return len(norm) <= MAX_SIGNATURE and _SIGNATURE_RE.match(normalize(name)) is not None


def _name_forms(norm: str) -> set[str]:
    """An organisation's name and its short forms: 溪山区民政局, 区民政局, 民政局."""
    forms = {norm}
    for mark in "区县市":
        head, found, rest = norm.partition(mark)
        if found and head and len(rest) >= 2:
            forms |= {mark + rest, rest}
            break
    return {f for f in forms if len(f) >= 2}
