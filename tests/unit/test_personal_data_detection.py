"""The personal-data detector on text: ID numbers, mobiles, bank cards, look-alikes, e-mail."""

from __future__ import annotations

import random

import privacy_eval
import pytest

from disclosure_portal.rules.privacy import id15_valid, id18_valid, luhn_valid, mask, scan_text

RND = random.Random(7)


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan_text(text)]


@pytest.mark.parametrize("n", range(20))
def test_generated_valid_id_numbers_are_found_and_invalid_ones_are_not(n):
    valid = privacy_eval.make_id(RND)
    invalid = privacy_eval.make_id(RND, valid=False)
    assert id18_valid(valid) and not id18_valid(invalid)
    assert kinds(f"身份证号：{valid}。") == ["身份证号"]
    assert kinds(f"编号{invalid}。") == []


def test_lowercase_x_check_character_and_legacy_15_digits():
    number = next(i for i in (privacy_eval.make_id(RND) for _ in range(500)) if i.endswith("X"))
    assert kinds(f"证号{number.lower()}") == ["身份证号"]
    assert id15_valid("500228850312123") and kinds("旧证号500228850312123") == ["身份证号"]
    assert kinds("旧证号500228851312123") == []  # month 13


@pytest.mark.parametrize(
    "text", ["手机13812345678", "电话：138-1234-5678", "+86 139 1234 5678", "（8613912345678）"]
)
def test_mobile_numbers(text):
    assert "手机号码" in kinds(text)


def test_bank_cards_by_luhn():
    card = privacy_eval.make_card(RND)
    assert luhn_valid(card)
    assert kinds(f"账户{card}") == ["银行卡号"]
    grouped = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    assert kinds(f"卡号 {grouped}") == ["银行卡号"]
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert kinds(f"账户{wrong}") == []


@pytest.mark.parametrize(
    "text",
    [
        "咨询电话：023-65120001",
        "联系电话（023）65120001，传真023-65120002",
        "0755-12345678",
        "12345政务服务热线",
        "溪山民发〔2025〕12号",
        "索引号：11500299009134523B/2025-00012",
        "统一社会信用代码 115002990091351630",
        "合计1086.42万元",
        "2025-03-01",
        "20250301至20250331",
        "申请人张*明，身份证号5002**********1234",
        "手机138****5678",
        "xxgk@example.gov.cn",
        "邮箱 mzj@xishan.gov.cn",
        "全区低保对象3861户5127人",
        "王府井大街2号",
        "《社会救助暂行办法》第十二条",
    ],
)
def test_look_alikes_are_not_personal_data(text):
    assert kinds(text) == []


def test_name_next_to_an_id_or_mobile():
    assert kinds(f"张三明，身份证号{privacy_eval.make_id(RND)}") == ["身份证号", "姓名与身份证号"]
    assert kinds("户主：李四，手机13812345678") == ["手机号码", "姓名与手机号码"]
    assert kinds("联系人张*明") == []


def test_private_email_but_not_official():
    assert kinds("请发至 wang123@163.com") == ["个人电子邮箱"]
    assert (
        scan_text("请发至 office@xishan.example.org", official_domains=("xishan.example.org",))
        == []
    )


def test_generated_corpus_has_no_false_positives():
    counts = privacy_eval.main(300, seed=11)
    assert (
        counts["false_positive"] == 0 and counts["false_negative"] == 0 and counts["planted"] > 100
    )


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138******78"),
        ("wang123@163.com", "w***@163.com"),
        ("1234", "****"),
        ("500228850312123", "500**********23"),
        ("123456", "1***56"),
    ],
)
def test_mask_keeps_only_the_ends(value, masked):
    assert mask(value) == masked


def test_findings_carry_the_line_and_only_a_masked_value_to_print():
    number = privacy_eval.make_id(RND)
    [finding] = scan_text(f"第一行\n第二行\n身份证号{number}", first_line=10)
    assert finding.line == 12 and finding.value == number
    assert number not in finding.masked and finding.masked == mask(number)


def test_masked_forms_of_personal_data_pass():
    assert kinds("身份证号500228********1234，手机138****5678，卡号6222 **** **** 1234") == []


@pytest.mark.parametrize("n", range(5))
def test_one_changed_digit_breaks_the_id_check_character(n):
    valid = privacy_eval.make_id(RND)
    position = RND.randrange(17)
    changed = valid[:position] + str((int(valid[position]) + 1) % 10) + valid[position + 1 :]
    assert id18_valid(valid)
    assert not id18_valid(changed)  # every weight is non-zero modulo 11


def test_official_mailbox_by_address_passes():
    assert (
        scan_text("来信请寄 someone@163.com", official_emails=frozenset({"someone@163.com"})) == []
    )
    assert kinds("邮箱 mzj@xishan.gov.cn") == []
