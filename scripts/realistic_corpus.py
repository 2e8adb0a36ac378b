"""A realistic corpus for the copy checks (issue 22) and the benchmark: `generate(root,
documents, seed)` writes a SPEC-conforming project (content/, catalogs/, mkdocs.yml) whose text
is written in the style of real government writing, by us: annual reports that share their
standard opening and office contact lines, notices that share salutations and closings, 会议纪要
and 请示 (withheld) that share standard clauses with public documents and quote earlier public
notices, 答复书 (依申请公开) with the standard remedy clause that the public guide also carries,
drafts (征求意见稿, 送审稿; withheld) whose public finals they declare with `published_as`, task
tables and name/amount tables, traditional-character mirrors of public notices.

`plant(root, seed)` then copies distinctive withheld text into public places, the way an honest
clerk does (one sentence pasted into a notice, a table's rows, the original attached as a GBK
text file or a Word file, a traditional-character rendering, a change note), and returns what it
planted. Nothing here is a test; tests/ and scripts/bench.py call it.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- the district --------------------------------------------------------------------------------
DISTRICT = "溪山区"
BASE_ORGS = [
    ("qzfb", "溪山区人民政府办公室", "区政府部门"),
    ("mzj", "溪山区民政局", "区政府部门"),
    ("czj", "溪山区财政局", "区政府部门"),
    ("jw", "溪山区教育委员会", "区政府部门"),
    ("nyj", "溪山区农业农村委员会", "区政府部门"),
    ("qsz", "溪山区青石镇人民政府", "乡镇"),
    ("ytz", "溪山区云台镇人民政府", "乡镇"),
    ("gyjd", "溪山区桂园街道办事处", "街道"),
]
EXTRA_DEPARTMENTS = _words(
    "住房城乡建委 交通局 卫生健康委 人力社保局 生态环境局 城市管理局 水利局 商务委 文化旅游委 应急管理局 市场监管局 退役军人事务局"
)
EXTRA_TOWNS = _words("龙潭 白鹤 石桥 柏林 金竹 新华 双河 安胜 明月 福禄 长岭 观音")
VILLAGES = _words("桃源 石桥 柳湾 杏花 青龙 白果 黄泥 双溪 松林 竹园 凤鸣 麻柳 金盆 观音 新店 碑湾")
SURNAMES = _words("陈 刘 王 张 李 杨 黄 赵 周 吴 徐 孙 胡 朱 高 何 郭 罗 谢 唐")
GIVEN = _words("桂兰 德海 明华 秀英 建国 玉珍 国强 淑芬 文军 春梅 志刚 永红 海燕 大勇 小琴 光明")
PROJECTS = _words(
    "农村公路硬化 污水管网改造 敬老院改扩建 便民服务中心 小型水库除险加固 山坪塘整治 学校食堂改造 卫生室标准化 人行便道修缮 农贸市场提档升级"
)
ITEMS = _words(
    "临时救助 特困供养 医疗救助 低保 残疾人两项补贴 孤儿基本生活费 高龄津贴 困难群众取暖补贴"
)

# text every kind of document shares: ordinary by its own form (rules/ordinary.py)
SALUTATION = "各乡镇人民政府、街道办事处，区政府各部门，有关单位："
CLOSINGS = ("特此通知。", "特此公告。")
IMPLEMENT = "各单位要高度重视，认真组织实施，确保各项工作落到实处。"
PROBLEMS = "工作中遇到的问题，请及时向区民政局反馈。"
REMEDY = (
    "如对本答复不服，可以在收到本答复之日起60日内向溪山区人民政府申请行政复议，"
    "或者在6个月内向溪山区人民法院提起行政诉讼。"
)
SEARCHED = "经检索，本机关没有制作或者获取您申请获取的政府信息。"
REQUEST_CLOSE = "妥否，请批示。"
ANNUAL_OPENING = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
    "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
)
ANNUAL_PERIOD = "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
MEETING_STOCK = (
    "会议强调，要压实工作责任，狠抓落实。",
    "会议要求，各有关单位要密切配合，形成合力。",
)


def _credit_code(body17: str) -> str:
    total = sum(_CHARS.index(c) * w for c, w in zip(body17, _WEIGHTS, strict=False))
    return body17 + _CHARS[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Planted:
    """One planted copy: the public document that must be reported, the withheld source it
    copies, the text, and how it was planted."""

    kind: str
    public: str  # project path of the public document (where the error is reported)
    source: str  # project path of the withheld document
    text: str


@dataclass
class _Doc:
    path: str  # project path
    front: dict
    body: str
    withheld: bool = False
    secrets: tuple[str, ...] = ()  # distinctive sentences (withheld) for plant()
    rows: str = ""  # a name/amount table's data rows (withheld)
    date: dt.date | None = None


class _Writer:
    def __init__(self, rnd: random.Random, orgs: list[dict]) -> None:
        self.rnd = rnd
        self.orgs = orgs
        self.n = 0
        self.docs: list[_Doc] = []
        self.public_notices: list[_Doc] = []

    def serial(self) -> int:
        self.n += 1
        return self.n

    def org(self) -> dict:
        return self.rnd.choice(self.orgs)

    def date(self, year: int = 2025) -> dt.date:
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rnd.randrange(0, 330))

    def village(self, k: int) -> str:
        return f"{VILLAGES[k % len(VILLAGES)]}村"

    def person(self, k: int) -> str:
        return SURNAMES[k % len(SURNAMES)] + GIVEN[(k // len(SURNAMES)) % len(GIVEN)]

    def add(self, org: dict, kind: str, front: dict, body: str, **extra) -> _Doc:
        k = self.serial()
        path = f"content/{org['id']}/{front.get('written', front.get('published', '2025'))[:4]}/{kind}-{k:05d}.md"
        front = {"org": org["id"], **front}
        doc = _Doc(path, front, body, **extra)
        self.docs.append(doc)
        return doc


def _signature(org: dict, day: dt.date) -> str:
    return f"{org['name']}\n\n{day.year}年{day.month}月{day.day}日"


def _notice(w: _Writer, traditional_mirror: bool = False) -> None:
    org, day, k = w.org(), w.date(), w.n + 1
    village, item = w.village(k), ITEMS[k % len(ITEMS)]
    amount = 120 + (k * 37) % 900
    facts = [
        f"经区政府同意，{day.year}年{item}资金{amount}万元已下达至各乡镇（街道），"
        f"其中{village}所在镇安排{amount // 7}万元，用于第{k}批次困难群众救助。",
        f"各乡镇（街道）应于{day.month}月{min(day.day + 10, 28)}日前完成{item}对象的"
        f"入户核查和公示，公示期不少于7天，第{k}批次名单在村务公开栏张贴。",
        f"{village}等{3 + k % 9}个村（社区）试点推行{item}“一件事一次办”，群众可在便民服务中心"
        f"一个窗口提交全部材料，编号{k:05d}的办事指南同步发布。",
    ]
    table = (
        "| 序号 | 重点任务 | 牵头单位 | 完成时限 |\n|---|---|---|---|\n"
        f"| 1 | {item}对象动态核查（第{k}批） | {org['name']} | {day.month}月底 |\n"
        f"| 2 | {village}{item}资金公示 | 各乡镇（街道） | {day.month}月{min(day.day + 10, 28)}日 |\n"
    )
    body = "\n\n".join(
        [
            SALUTATION,
            *facts,
            table,
            IMPLEMENT,
            PROBLEMS,
            w.rnd.choice(CLOSINGS),
            _signature(org, day),
        ]
    )
    front = {
        "title": f"关于做好{day.year}年第{k}批{item}资金发放工作的通知",
        "attribute": "主动公开",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": day.isoformat(),
    }
    doc = w.add(org, "notice", front, body + "\n\n（此件公开发布）\n", date=day)
    w.public_notices.append(doc)
    if traditional_mirror:  # 繁体版: the same public notice for readers of traditional characters
        import opencc  # noqa: PLC0415 - the portal's own dependency

        s2t = opencc.OpenCC("s2t")
        mirror = dict(front, title=s2t.convert(front["title"]) + "（繁體版）")
        w.add(org, "notice-hant", mirror, s2t.convert(body) + "\n", date=day)


def _news(w: _Writer) -> None:
    org, day, k = w.org(), w.date(), w.n + 1
    project = PROJECTS[k % len(PROJECTS)]
    body = (
        f"{day.month}月{day.day}日，{org['name']}召开{project}项目推进会，"
        f"通报了{w.village(k)}等地第{k}期工程进度。{MEETING_STOCK[0]}"
        f"会议指出，项目已完成投资{50 + k % 300}万元，计划于{day.year}年底前全面完工。"
    )
    front = {
        "title": f"{org['name']}召开{project}项目推进会（第{k}期）",
        "attribute": "主动公开",
        "type": "工作动态",
        "catalog": "fdzdgk-02",
        "published": day.isoformat(),
    }
    w.add(org, "news", front, body + "\n", date=day)


def _annual_report(w: _Writer, org: dict, year: int) -> None:
    k = w.n + 1
    contact = (
        f"如对本报告有疑问，请与{org['name']}办公室联系（地址：溪山区政务路1号；邮编：402299；"
        f"联系电话：023-6512{k % 10000:04d}）。"
    )
    body = "\n\n".join(
        [
            ANNUAL_OPENING,
            ANNUAL_PERIOD.format(y=year),
            "本报告电子版可在“溪山区人民政府”网站下载。",
            contact,
            "## 一、总体情况",
            f"{year}年，{org['name']}全年主动公开政府信息{80 + k % 200}条，其中政策文件"
            f"{3 + k % 11}件，本机关第{k}号年度报告如实反映政务公开工作进展。",
            "## 五、存在的主要问题及改进情况",
            f"{org['name']}政策解读形式还比较单一，{year + 1}年将增加图解和问答等形式（第{k}号）。",
        ]
    )
    front = {
        "title": f"{org['name']}{year}年政府信息公开工作年度报告",
        "attribute": "主动公开",
        "type": "年度报告",
        "catalog": "fdzdgk-02",
        "year": str(year),
        "published": f"{year + 1}-01-{10 + k % 15:02d}",
    }
    w.add(org, "report", front, body + "\n", date=dt.date(year + 1, 1, 10))


def _guide(w: _Writer) -> None:
    org = w.orgs[0]
    body = "\n\n".join(
        [
            "## 答复书范本",
            "申请人：",
            f"您于某年某月某日提出的政府信息公开申请收悉。{SEARCHED}",
            REMEDY,
            "## 联系方式",
            "联系人：区政府办公室政务公开科，联系电话：023-65120001。",
        ]
    )
    front = {
        "title": "溪山区政府信息公开指南（依申请公开答复书范本）",
        "attribute": "主动公开",
        "type": "公开指南",
        "catalog": "fdzdgk-02",
        "published": "2025-01-06",
    }
    w.add(org, "guide", front, body + "\n", date=dt.date(2025, 1, 6))


def _minutes(w: _Writer) -> None:
    org, day, k = w.org(), w.date(), w.n + 1
    village, project = w.village(k), PROJECTS[k % len(PROJECTS)]
    secrets = (
        f"会议同意{village}{project}项目追加资金{30 + k % 70}万元，从第{k}号预备费中列支",
        f"{village}党支部书记{w.person(k)}对项目拖延负有责任，由镇纪委对其进行第{k}次约谈",
        f"对施工单位延误工期的问题，暂停支付第{k}期进度款直至整改到位",
    )
    rows = (
        f"| 1 | {w.person(k + 3)} | {village}{1 + k % 9}组 | {2000 + k % 5000} |\n"
        f"| 2 | {w.person(k + 7)} | {village}{2 + k % 7}组 | {1500 + k % 3000} |\n"
    )
    table = "| 序号 | 姓名 | 村组 | 补助金额（元） |\n|---|---|---|---|\n" + rows
    body = "\n\n".join(
        [
            f"时间：{day.year}年{day.month}月{day.day}日上午",
            "地点：区政府第三会议室",
            f"主持：{org['name']}主要负责人",
            f"{day.month}月{day.day}日，{org['name']}召开专题会议，研究{project}项目有关问题。现纪要如下：",
            *(s + "。" for s in secrets),
            *MEETING_STOCK,
            table,
            "抄送：区委办公室，区人大常委会办公室。",
            "（此件不予公开）",
        ]
    )
    front = {
        "title": f"{org['name']}{project}专题会议纪要（第{k}期）",
        "attribute": "不予公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条第一款（内部事务信息）",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "written": day.isoformat(),
        "genre": "纪要",
    }
    w.add(org, "jiyao", front, body + "\n", withheld=True, secrets=secrets, rows=rows, date=day)


def _request(w: _Writer) -> None:
    """A 请示, sometimes quoting a public notice published before it was written."""
    org, day, k = w.org(), w.date(), w.n + 1
    village, item = w.village(k), ITEMS[k % len(ITEMS)]
    earlier = [d for d in w.public_notices if d.date and d.date < day]
    quoted = ""
    if earlier and w.rnd.random() < 0.5:
        source = w.rnd.choice(earlier)
        quoted = next(p for p in source.body.split("\n\n") if p.startswith("经区政府同意"))
    secrets = (
        f"{village}{item}对象中有{3 + k % 9}户家庭经核查收入明显超标，拟于第{k}批次起停发",
        f"为弥补{item}资金缺口，拟申请动用区级预备费{20 + k % 80}万元（第{k}号）",
    )
    body = "\n\n".join(
        [
            "区人民政府：",
            *([f"根据区政府有关安排，{quoted}"] if quoted else []),
            *(s + "。" for s in secrets),
            REQUEST_CLOSE,
            _signature(org, day),
            f"（联系人：{org['name']}办公室；联系电话：023-6512{k % 10000:04d}）",
            "（此件不予公开）",
        ]
    )
    front = {
        "title": f"{org['name']}关于{village}{item}有关问题的请示（第{k}号）",
        "attribute": "不予公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "written": day.isoformat(),
        "genre": "请示",
    }
    w.add(org, "qingshi", front, body + "\n", withheld=True, secrets=secrets, date=day)


def _reply(w: _Writer) -> None:
    """An 依申请公开 答复书: the applicant's matter, the standard search and remedy clauses."""
    org, day, k = w.org(), w.date(), w.n + 1
    secrets = (
        f"您申请获取的{w.village(k)}第{k}号宅基地审批档案中涉及第三方个人信息，经征求意见第三方不同意公开",
    )
    body = "\n\n".join(
        [
            f"{w.person(k + 11)[0]}某某：",
            f"您于{day.year}年{day.month}月{day.day}日提出的政府信息公开申请收悉。",
            *(s + "。" for s in secrets),
            SEARCHED,
            REMEDY,
            _signature(org, day),
        ]
    )
    front = {
        "title": f"政府信息公开申请答复书（溪山依申复〔{day.year}〕{k}号）",
        "attribute": "依申请公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第二十七条",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "written": day.isoformat(),
    }
    w.add(org, "dafu", front, body + "\n", withheld=True, secrets=secrets, date=day)


def _draft_and_final(w: _Writer) -> None:
    """A 征求意见稿 (withheld, written first) and the final policy that published its text."""
    org, day, k = w.org(), w.date(), w.n + 1
    item = ITEMS[k % len(ITEMS)]
    articles = [
        f"第一条　为规范{item}工作，保障困难群众基本生活，结合本区实际，制定本办法（溪山第{k}号）。",
        f"第二条　{item}对象家庭人均月收入低于本区城乡低保标准{1 + k % 3}倍的，可以申请{item}。",
        f"第三条　乡镇人民政府（街道办事处）负责{item}申请的受理和初审，区民政局负责第{k}批审批。",
        "第四条　本办法自印发之日起施行，由区民政局负责解释。",
    ]
    final_day = day + dt.timedelta(days=40)
    pid = f"policy-{k:05d}"
    final_front = {
        "title": f"溪山区{item}实施办法（第{k}号）",
        "id": pid,
        "attribute": "主动公开",
        "type": "政策文件",
        "catalog": "fdzdgk-01",
        "doc_number": f"溪山民发〔{final_day.year}〕{k}号",
        "written": final_day.isoformat(),
        "published": final_day.isoformat(),
        "category": "行政规范性文件",
    }
    w.add(org, "policy", final_front, "\n\n".join(articles) + "\n", date=final_day)
    reading = {  # 谁起草、谁解读: the drafter's interpretation, published the same day
        "title": f"《溪山区{item}实施办法（第{k}号）》政策解读",
        "attribute": "主动公开",
        "type": "政策解读",
        "catalog": "fdzdgk-01",
        "interprets": pid,
        "form": "文字解读",
        "published": final_day.isoformat(),
    }
    explained = "\n\n".join(
        [
            "一、出台背景",
            f"为进一步规范{item}工作，区民政局在广泛征求意见的基础上起草了本办法。",
            "二、主要内容",
            f"办法第二条规定：{articles[1].split('　', 1)[1]}",
        ]
    )
    w.add(org, "jiedu", reading, explained + "\n", date=final_day)
    draft_only = (
        f"征求意见稿拟将{item}的申请期限由{10 + k % 20}个工作日缩短，财政测算尚在进行（第{k}号）"
    )
    draft_front = {
        "title": f"溪山区{item}实施办法（征求意见稿，第{k}号）",
        "attribute": "不予公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
        "type": "通知公告",
        "catalog": "fdzdgk-01",
        "written": day.isoformat(),
        "published_as": pid,
    }
    body = "\n\n".join([*articles[:3], draft_only + "。", articles[3]])
    w.add(org, "draft", draft_front, body + "\n", withheld=True, secrets=(draft_only,), date=day)


def _orgs(documents: int) -> list[dict]:
    orgs = []
    kinds = list(BASE_ORGS)
    extra = max(0, documents // 60 - len(kinds))
    for i in range(extra):
        if i % 2:
            name = f"溪山区{EXTRA_TOWNS[i // 2 % len(EXTRA_TOWNS)]}镇人民政府"
            kinds.append((f"town{i:03d}", name, "乡镇"))
        else:
            name = f"溪山区{EXTRA_DEPARTMENTS[i // 2 % len(EXTRA_DEPARTMENTS)]}"
            kinds.append((f"dept{i:03d}", name, "区政府部门"))
    seen = set()
    for n, (oid, name, kind) in enumerate(kinds):
        if name in seen:
            name = name.replace("溪山区", f"溪山区第{n}")
        seen.add(name)
        orgs.append(
            {
                "id": oid,
                "name": name,
                "kind": kind,
                "code": _credit_code(f"1150029900913{n:04d}"),
                "office": {
                    "name": f"{name}办公室",
                    "address": "溪山区政务路1号",
                    "hours": "工作日9:00—17:00",
                    "phone": f"023-6512{n:04d}",
                },
            }
        )
    return orgs


CATALOG = {
    "code": "fdzdgk",
    "name": "法定主动公开内容",
    "guideline": "《中华人民共和国政府信息公开条例》第二十条",
    "status": "已审核",
    "reviewed_on": "2025-01-10",
    "reviewed_by": "溪山区政务公开办",
    "items": [
        {
            "id": f"fdzdgk-0{i}",
            "level1": level1,
            "level2": level2,
            "content": level2,
            "basis": "《中华人民共和国政府信息公开条例》第二十条",
            "deadline": "信息形成或者变更之日起20个工作日内",
            "subject": "各单位",
            "channels": ["政府网站"],
            "audience": "全社会",
            "mode": "主动",
            "levels": ["区县级", "乡镇级"],
        }
        for i, (level1, level2) in enumerate(
            (("政策文件", "行政规范性文件"), ("工作信息", "通知公告")), 1
        )
    ],
}


def generate(root: Path, documents: int, seed: int) -> list[Path]:
    """Write a project of about `documents` documents under `root` (replaced); returns the
    paths of the documents written."""
    rnd = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    orgs = _orgs(documents)
    w = _Writer(rnd, orgs)
    _guide(w)
    for org in orgs[: max(1, min(len(orgs), documents // 40))]:
        _annual_report(w, org, 2024)
    makers = [(_notice, 30), (_news, 20), (_minutes, 14), (_request, 14), (_reply, 8)]
    makers.append((_draft_and_final, 6))
    population = [m for m, weight in makers for _ in range(weight)]
    while len(w.docs) < documents:
        maker = rnd.choice(population)
        if maker is _notice and rnd.random() < 0.1:
            _notice(w, traditional_mirror=True)
        else:
            maker(w)
    _write(root, orgs, w.docs)
    return [root / d.path for d in w.docs]


def _write(root: Path, orgs: list[dict], docs: list[_Doc]) -> None:
    catalogs = root / "catalogs"
    catalogs.mkdir(parents=True)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)  # noqa: E731
    (catalogs / "orgs.yml").write_text(dump(orgs), encoding="utf-8")
    domains = [{"code": "fdzdgk", "name": "法定主动公开内容", "statutory": True}]
    (catalogs / "domains.yml").write_text(dump(domains), encoding="utf-8")
    (catalogs / "fdzdgk.yml").write_text(dump(CATALOG), encoding="utf-8")
    content = root / "content"
    content.mkdir()
    home = {"title": "溪山区政府信息公开平台", "attribute": "主动公开", "type": "页面"}
    (content / "index.md").write_text(f"---\n{dump(home)}---\n欢迎访问。\n", encoding="utf-8")
    for doc in docs:
        path = root / doc.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{dump(doc.front)}---\n{doc.body}", encoding="utf-8")
    (root / ".corpus.yml").write_text(
        dump(
            [
                {
                    "path": d.path,
                    "withheld": d.withheld,
                    "date": d.date.isoformat() if d.date else None,
                    "secrets": list(d.secrets),
                    "rows": d.rows,
                }
                for d in docs
            ]
        ),
        encoding="utf-8",
    )
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "portal.py")]
    config["site_name"] = "溪山区政府信息公开平台（语料）"
    (root / "mkdocs.yml").write_text(dump(config), encoding="utf-8")


def plant(root: Path, seed: int = 1, count: int = 5) -> list[Planted]:
    """Plant copies of distinctive withheld text into public documents of a generated corpus,
    each into a public document published after the withheld text was written (an earlier one
    could not have copied it); returns what was planted."""
    rnd = random.Random(seed)
    index = yaml.safe_load((root / ".corpus.yml").read_text(encoding="utf-8"))
    withheld = [d for d in index if d["withheld"] and d["secrets"]]
    public = [
        d
        for d in index
        if not d["withheld"] and d["date"] and "/notice-" in d["path"] and "hant" not in d["path"]
    ]
    planted: list[Planted] = []
    used: set[str] = set()

    def target_for(source: dict) -> dict | None:
        later = [p for p in public if p["date"] > source["date"] and p["path"] not in used]
        if not later:
            return None
        choice = rnd.choice(later)
        used.add(choice["path"])
        return choice

    def append(path: str, text: str) -> None:
        file = root / path
        file.write_text(file.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")

    kinds = ["sentence"] * count + ["table", "gbk", "docx", "traditional", "change"]
    order = rnd.sample(withheld, len(withheld))
    for kind in kinds:
        source = target = None
        for candidate in order:
            if kind == "table" and not candidate["rows"]:
                continue
            target = target_for(candidate)
            if target is not None:
                source = candidate
                order.remove(candidate)
                break
        if source is None or target is None:
            continue
        secret = rnd.choice(source["secrets"])
        if kind == "sentence":
            append(target["path"], f"{secret}。")
        elif kind == "table":
            secret = source["rows"]
            append(target["path"], "\n| 编号 | 户主 | 组别 | 金额 |\n|---|---|---|---|\n" + secret)
        elif kind == "traditional":
            import opencc  # noqa: PLC0415

            secret = opencc.OpenCC("s2t").convert(secret)
            append(target["path"], f"{secret}。")
        elif kind == "change":
            _add_front(
                root / target["path"],
                "changes",
                [{"date": target["date"], "note": f"补充：{secret}"}],
            )
        else:
            name = f"files/yuanwen-{len(planted)}.{'txt' if kind == 'gbk' else 'docx'}"
            file = (root / target["path"]).parent / name
            file.parent.mkdir(exist_ok=True)
            if kind == "gbk":  # as an office PC saves it, where the portal reads GBK
                file.write_bytes(f"原文\r\n{secret}。\r\n".encode(_text_encoding()))
            else:
                import docx  # noqa: PLC0415 - python-docx, the portal's own dependency

                document = docx.Document()
                document.add_paragraph("原文")
                document.add_paragraph(secret + "。")
                document.save(str(file))
            _add_front(root / target["path"], "attachments", [name])
        planted.append(Planted(kind, target["path"], source["path"], secret))
    return planted


def _add_front(path: Path, key: str, value: object) -> None:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    data[key] = value
    path.write_text(
        "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
        encoding="utf-8",
    )


def _text_encoding() -> str:
    """GBK when the portal's attachment reader decodes it (read/attachments.py), else UTF-8."""
    import tempfile  # noqa: PLC0415

    from disclosure_portal.read.attachments import read_attachment  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as work:
        probe = Path(work) / "probe.txt"
        probe.write_bytes("政府信息公开".encode("gbk"))
        return "gbk" if read_attachment(probe).text == "政府信息公开" else "utf-8"
