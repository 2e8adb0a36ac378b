"""Measure the personal-information detector on a generated corpus (a tool, not a test).

    python scripts/privacy_eval.py [N] [--seed S]   # N documents (default 600), prints JSON

Each document is realistic Chinese prose with look-alikes of every class that is not personal
data (amounts with a unit, contract, case, file and budget numbers, 文号, 索引号, 统一社会信用代码,
landlines, postcodes, dates and times, extensions, tables of figures, figures with thousands
separators, ordinary Chinese numerals, masked forms, ID numbers with a wrong check character,
official mailboxes) and, in half of the documents, one planted item of personal data, of a kind
and written in a form (grouped, separated, full-width, Chinese numerals, markup, character
references, a line break inside …) that are recorded. A planted item that is found is a true
positive; any finding in a document without a plant, or of another kind, is a false positive,
counted against the look-alike class of the line it is on.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from disclosure_portal.rules.privacy import ID_CHECK, ID_WEIGHTS, scan_text

REGIONS = ("500228", "500101", "110105", "440304", "510107", "320106", "370202", "610113")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴丽", "欧阳明")
SENTENCES = (
    "为进一步做好城乡低保工作，现将有关事项通知如下。",
    "各乡镇人民政府、街道办事处要高度重视，认真组织实施。",
    "本办法自发布之日起施行，有效期五年。",
    "政府信息公开工作机构邮箱：xxgk@example.gov.cn。",
    "文号：溪山民发〔2025〕12号。",
    "申请人张*明，身份证号5002**********1234。",
    "全区共有低保对象3861户5127人，月人均补助水平612元。",
    "便民服务热线12345全天候受理群众诉求。",
    "第一条　为了规范社会救助工作，根据有关规定，制定本办法。",
)
CHINESE = str.maketrans("0123456789", "〇一二三四五六七八九")
SPOKEN = str.maketrans("0123456789", "零幺二三四五六七八九")
FULL = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789X"})


def make_id(rnd: random.Random, valid: bool = True) -> str:
    """A random 18-character resident ID number; `valid=False` gives it a wrong check character."""
    birth = f"{rnd.randint(1940, 2005)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    body = rnd.choice(REGIONS) + birth + f"{rnd.randint(0, 999):03d}"
    check = ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
    if not valid:
        check = rnd.choice([c for c in ID_CHECK if c != check])
    return body + check


def make_card(rnd: random.Random) -> str:
    """A random 19-digit UnionPay card number (622202…) with a correct Luhn check digit."""
    digits = [int(c) for c in "622202" + "".join(str(rnd.randint(0, 9)) for _ in range(12))]
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = d * 2 if i % 2 == 0 else d
        total += n - 9 if n > 9 else n
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def make_mobile(rnd: random.Random) -> str:
    return f"1{rnd.choice('3456789')}{rnd.randint(0, 999999999):09d}"


CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def make_credit_code(rnd: random.Random) -> str:
    """A random 统一社会信用代码 with its GB 32100 check character."""
    body = rnd.choice(("11", "12", "91", "52")) + rnd.choice(REGIONS)
    body += "".join(rnd.choice(CREDIT_CHARS) for _ in range(9))
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return body + CREDIT_CHARS[(31 - total % 31) % 31]


def _groups(number: str, sizes: tuple[int, ...], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        out.append(number[i : i + size])
        i += size
    if i < len(number):
        out.append(number[i:])
    return sep.join(out)


# how a number is written: form name -> function(number, rnd) -> text
MOBILE_FORMS = {
    "plain": lambda n, r: n,
    "spaces 3-4-4": lambda n, r: _groups(n, (3, 4), " "),
    "hyphens": lambda n, r: _groups(n, (3, 4), "-"),
    "dots": lambda n, r: _groups(n, (3, 4), "."),
    "no-break spaces": lambda n, r: _groups(n, (3, 4), "\u00a0"),
    "4-3-4": lambda n, r: _groups(n, (4, 3), " "),
    "digit by digit": lambda n, r: " ".join(n),
    "+86": lambda n, r: "+86 " + _groups(n, (3, 4), " "),
    "0086": lambda n, r: "0086" + n,
    "full-width": lambda n, r: n.translate(FULL),
    "Chinese numerals": lambda n, r: n.translate(CHINESE),
    "read aloud (幺)": lambda n, r: n.translate(SPOKEN),
    "bold inside": lambda n, r: f"**{n[:3]}**{n[3:]}",
    "tag inside": lambda n, r: f"{n[:3]}<b>{n[3:7]}</b>{n[7:]}",
    "character reference": lambda n, r: f"&#{ord(n[0])};{n[1:]}",
    "line break inside": lambda n, r: f"{n[:7]}\n{n[7:]}",
}
ID_FORMS = {
    "plain": lambda n, r: n,
    "6-8-4": lambda n, r: _groups(n, (6, 8), " "),
    "4-4-4-4-2": lambda n, r: _groups(n, (4, 4, 4, 4), " "),
    "hyphens": lambda n, r: _groups(n, (6, 8), "-"),
    "full-width": lambda n, r: n.translate(FULL),
    "tag inside": lambda n, r: f"{n[:9]}<span>{n[9:]}</span>",
    "Chinese numerals": lambda n, r: n[:17].translate(CHINESE) + n[17],
}
CARD_FORMS = {
    "plain": lambda n, r: n,
    "groups of 4": lambda n, r: _groups(n, (4, 4, 4, 4), " "),
    "full-width": lambda n, r: n.translate(FULL),
}


def plant(rnd: random.Random) -> tuple[str, str, str]:
    """A sentence with one item of personal data, its expected kind and its form."""
    kind = rnd.choice(
        ("身份证号", "手机号码", "银行卡号", "护照号码", "个人电子邮箱", "姓名与身份证号")
    )
    name = rnd.choice(NAMES)
    if kind in ("身份证号", "姓名与身份证号"):
        form = rnd.choice(sorted(ID_FORMS))
        written = ID_FORMS[form](make_id(rnd), rnd)
        if kind == "姓名与身份证号":
            return "身份证号", f"{name}，身份证号{written}。", f"name + {form}"
        return kind, f"经核实，申请人身份证号{written}，符合条件。", form
    if kind == "手机号码":
        form = rnd.choice(sorted(MOBILE_FORMS))
        written = MOBILE_FORMS[form](make_mobile(rnd), rnd)
        return kind, f"如有疑问请拨打{written}咨询。", form
    if kind == "银行卡号":
        form = rnd.choice(sorted(CARD_FORMS))
        return kind, f"补助资金已打入账户{CARD_FORMS[form](make_card(rnd), rnd)}。", form
    if kind == "护照号码":
        number = rnd.choice(
            (
                f"E{rnd.randint(0, 99999999):08d}",
                f"E{rnd.choice('ABCDFGHJK')}{rnd.randint(0, 9999999):07d}",
                f"G{rnd.randint(0, 99999999):08d}",
                f"SE{rnd.randint(0, 9999999):07d}",
            )
        )
        if rnd.random() < 0.3:
            return kind, f"外籍人员护照号码：P{rnd.randint(1000000, 9999999)}。", "named (foreign)"
        return kind, f"持 {number} 出境。", number[:2] if number[1].isalpha() else number[0]
    return kind, f"材料请发送至wang{rnd.randint(10, 999)}@163.com。", "plain"


def look_alikes(rnd: random.Random) -> list[tuple[str, str]]:
    """(class, sentence) of every class of number that is not personal data."""
    m = make_mobile(rnd)
    year = rnd.randint(2015, 2026)
    return [
        ("amount with unit", f"2025年共发放临时救助金{m} 元。"),
        (
            "amount with unit",
            f"项目总投资{rnd.randint(1, 99)}.{rnd.randint(10, 99)}万元，其中{m}元为财政资金。",
        ),
        ("amount with unit", f"全年一般公共预算收入{m}亿元。"),
        ("contract number", f"合同编号：{m}。"),
        (
            "contract number",
            f"项目编号为{make_mobile(rnd)}，采购编号{rnd.randint(10**10, 10**11)}。",
        ),
        ("case number", f"案号：（{year}）渝0155民初{rnd.randint(1000, 19999)}号。"),
        ("file number", f"依据〔{year}〕{m}号文件执行。"),
        ("budget code", f"预算编码 {m}。"),
        ("credit code", f"统一社会信用代码：{make_credit_code(rnd)}。"),
        ("index number", f"索引号：{make_credit_code(rnd)}/{year}-{rnd.randint(1, 99999):05d}。"),
        (
            "landline",
            f"咨询电话：023-6512{rnd.randint(0, 9999):04d}，传真（023）6512-{rnd.randint(0, 9999):04d}。",
        ),
        ("landline", f"联系电话：0755-{rnd.randint(10**7, 10**8 - 1)}转{rnd.randint(100, 9999)}。"),
        ("postcode", f"邮政编码：40{rnd.randint(1000, 9999)}。"),
        ("date and time", f"公示期为{year}年10月13日至{year}年10月19日，{year}-10-13 09:30开始。"),
        ("date and time", f"办理时限为{year}0301至{year}0331。"),
        (
            "figures",
            f"| {rnd.randint(1000, 9999)} | {rnd.randint(1000, 9999)} | {rnd.randint(100, 999)} |",
        ),
        (
            "figures",
            f"{rnd.randint(1, 9)},{rnd.randint(100, 999)},{rnd.randint(100, 999)},{rnd.randint(100, 999)}",
        ),
        ("figures", f"{m[:2]} {m[2:5]} {m[5:8]} {m[8:]}"),
        (
            "figures",
            f"{rnd.randint(1000, 9999)} {rnd.randint(1000, 9999)} {rnd.randint(100, 999)} {rnd.randint(1000, 9999)}",
        ),
        ("figures", f"{m}.{rnd.randint(10, 99)}"),
        ("Chinese numerals", "二〇二五年一月一日起施行，第一二三条另有规定的除外。"),
        ("masked", f"联系人张*明，手机{m[:3]}****{m[-4:]}。"),
        ("invalid ID", f"编号{make_id(rnd, valid=False)}为无效号码。"),
        ("official mailbox", "来信请寄 mzj@xishan.gov.cn。"),
        (
            "train or model",
            f"乘坐G{rnd.randint(1000, 9999)}次列车，设备型号E{rnd.randint(10**7, 10**8 - 1)}。",
        ),
    ]


def main(n: int = 600, seed: int = 20261126) -> dict:
    """Scan `n` generated documents (reproducible for a given `seed`) and count the outcomes:
    documents, planted, true_positive, false_negative, false_positive, recall, false-positive
    rate (documents with any false alarm), and per form and per look-alike class."""
    rnd = random.Random(seed)
    counts: dict = {
        "documents": n,
        "planted": 0,
        "true_positive": 0,
        "false_negative": 0,
        "false_positive": 0,
    }
    by_form: dict[str, list[int]] = {}
    false_alarms: Counter[str] = Counter()
    documents_with_false_alarm = 0
    for _ in range(n):
        lines = [("text", rnd.choice(SENTENCES)) for _ in range(rnd.randint(4, 10))]
        lines += rnd.sample(look_alikes(rnd), 8)
        rnd.shuffle(lines)
        kind = form = None
        if rnd.random() < 0.5:
            kind, sentence, form = plant(rnd)
            lines.insert(rnd.randrange(len(lines) + 1), ("plant", sentence))
            counts["planted"] += 1
        text = "\n".join(sentence for _, sentence in lines)
        classes = [cls for cls, sentence in lines for _ in sentence.split("\n")]
        findings = scan_text(text)
        if kind is not None:  # found on the planted sentence's line, as its kind
            hit = any(f.kind == kind and classes[f.line - 1] == "plant" for f in findings)
            counts["true_positive" if hit else "false_negative"] += 1
            tally = by_form.setdefault(f"{kind}: {form}", [0, 0])
            tally[0] += hit
            tally[1] += 1
        wrong = [
            f
            for f in findings
            if f.kind not in (kind, "姓名与身份证号", "姓名与手机号码")
            or classes[f.line - 1] != "plant"
        ]
        counts["false_positive"] += len({f.kind for f in wrong})
        documents_with_false_alarm += bool(wrong)
        false_alarms.update(classes[f.line - 1] for f in wrong)
    counts["recall"] = round(counts["true_positive"] / max(1, counts["planted"]), 4)
    counts["false_positive_rate"] = round(documents_with_false_alarm / n, 4)
    counts["missed_by_form"] = {
        k: f"{v[0]}/{v[1]}" for k, v in sorted(by_form.items()) if v[0] < v[1]
    }
    counts["false_alarms_by_class"] = dict(sorted(false_alarms.items()))
    return counts


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    seed = 20261126
    if "--seed" in sys.argv:
        seed = int(sys.argv[sys.argv.index("--seed") + 1])
        args = [a for a in args if a != str(seed)]
    print(json.dumps(main(int(args[0]) if args else 600, seed), ensure_ascii=False, indent=2))
