"""Measure the personal-information detector on a generated corpus (a tool, not a test).

    python scripts/privacy_eval.py [N]      # N documents (default 600), prints the counts

Each document is realistic Chinese prose with look-alikes that are not personal data (文号,
索引号, 统一社会信用代码, amounts, dates, office landlines, official mailboxes, masked forms) and,
in half of the documents, one planted item of personal data whose kind is recorded. A planted item
that is found is a true positive; any finding in a document without a plant, or of another kind,
is a false positive.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from disclosure_portal.rules.privacy import ID_CHECK, ID_WEIGHTS, scan_text

REGIONS = ("500228", "500101", "110105", "440304", "510107", "320106", "370202", "610113")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴丽", "欧阳明")
SENTENCES = (
    "为进一步做好城乡低保工作，现将有关事项通知如下。",
    "各乡镇人民政府、街道办事处要高度重视，认真组织实施。",
    "本办法自发布之日起施行，有效期五年。",
    "2025年第三季度共发放临时救助金54.20万元。",
    "咨询电话：023-65120001，传真：023-65120002。",
    "政府信息公开工作机构邮箱：xxgk@example.gov.cn。",
    "索引号：11500299009134523B/2025-00012。",
    "文号：溪山民发〔2025〕12号。",
    "统一社会信用代码：115002990091351630。",
    "公示期为2025年10月13日至2025年10月19日，共7个工作日。",
    "申请人张*明，身份证号5002**********1234。",
    "全区共有低保对象3861户5127人，月人均补助水平612元。",
    "办理时限为20250301至20250331。",
    "便民服务热线12345全天候受理群众诉求。",
    "联系人：区民政局社会救助科，电话（023）65120001。",
)


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


def plant(rnd: random.Random) -> tuple[str, str]:
    """A sentence with one item of personal data, and the kind of finding it should give."""
    kind = rnd.choice(("身份证号", "手机号码", "银行卡号", "个人电子邮箱", "姓名与身份证号"))
    name = rnd.choice(NAMES)
    if kind == "身份证号":
        return kind, f"经核实，申请人身份证号{make_id(rnd)}，符合条件。"
    if kind == "手机号码":
        return kind, f"如有疑问请拨打1{rnd.choice('3456789')}{rnd.randint(0, 999999999):09d}咨询。"
    if kind == "银行卡号":
        return kind, f"补助资金已打入账户{make_card(rnd)}。"
    if kind == "个人电子邮箱":
        return kind, f"材料请发送至wang{rnd.randint(10, 999)}@163.com。"
    return kind, f"{name}，身份证号{make_id(rnd)}。"


def main(n: int = 600, seed: int = 20261126) -> dict[str, int]:
    """Scan `n` generated documents (reproducible for a given `seed`) and count the outcomes:
    documents, planted, true_positive, false_negative, false_positive."""
    rnd = random.Random(seed)
    counts = {
        "documents": n,
        "planted": 0,
        "true_positive": 0,
        "false_negative": 0,
        "false_positive": 0,
    }
    for _ in range(n):
        lines = [rnd.choice(SENTENCES) for _ in range(rnd.randint(8, 20))]
        # a look-alike: an ID number with a wrong check character is not an ID
        lines.append(f"编号{make_id(rnd, valid=False)}为无效号码。")
        kind = None
        if rnd.random() < 0.5:
            kind, sentence = plant(rnd)
            lines.insert(rnd.randrange(len(lines)), sentence)
            counts["planted"] += 1
        findings = scan_text("\n".join(lines))
        kinds = {f.kind for f in findings}
        if kind is not None:
            expected = "身份证号" if kind == "姓名与身份证号" else kind
            if expected in kinds:
                counts["true_positive"] += 1
            else:
                counts["false_negative"] += 1
            kinds -= {expected, "姓名与身份证号", "姓名与手机号码"}
        counts["false_positive"] += len(kinds)
    return counts


if __name__ == "__main__":
    print(
        json.dumps(
            main(int(sys.argv[1]) if len(sys.argv) > 1 else 600), ensure_ascii=False, indent=2
        )
    )
