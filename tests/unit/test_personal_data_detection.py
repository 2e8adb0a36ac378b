"""The personal-data detector on text: ID numbers, mobiles, bank cards, look-alikes, e-mail."""

from __future__ import annotations

import random
import time
import unicodedata

import privacy_eval
import pytest

from disclosure_portal.rules.privacy import (
    DIGIT_BLOCKS,
    MAX_FINDINGS,
    canonical,
    id15_valid,
    id18_valid,
    luhn_valid,
    mask,
    scan_text,
)

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


# --- the forms people write numbers in (SPEC Guarantee 6) ---------------------------------------

ID = privacy_eval.make_id(random.Random(22))
MOBILE = "13800138000"
CARD = privacy_eval.make_card(random.Random(22))


def found(text: str, kind: str = "手机号码") -> list[str]:
    """The values of `kind` found in `text` (canonical: digits)."""
    return [f.value for f in scan_text(text) if f.kind == kind]


@pytest.mark.parametrize(
    "written",
    [
        "138 0013 8000",  # 3-4-4
        "1380 013 8000",  # 4-3-4
        "138-0013-8000",
        "138\u20130013\u20138000",  # en dashes
        "138.0013.8000",
        "138\u00a00013\u00a08000",  # no-break spaces
        "138\u20090013\u20098000",  # thin spaces
        "138\u30000013\u30008000",  # ideographic spaces
        "1 3 8 0 0 1 3 8 0 0 0",  # one digit at a time
        "13 80 01 38 00 0",  # pairs
        "+86 138 0013 8000",
        "0086-13800138000",
        "8613800138000",
        "138 - 0013 - 8000",
    ],
)
def test_a_mobile_number_grouped_or_separated_any_way_is_found(written):
    assert found(f"联系方式：{written}。") == [MOBILE]
    assert found(f"请拨打{written}咨询") == [MOBILE]  # no label either


def test_a_line_break_inside_a_number_hides_nothing():
    assert found("如有疑问请拨打1380013\n8000咨询") == [MOBILE]
    assert found("联系电话 138 0013\n8000") == [MOBILE]
    [finding] = scan_text("第一行\n如有疑问请拨打1380013\n8000咨询", first_line=5)
    assert finding.line == 6  # where the number starts


@pytest.mark.parametrize(
    "figures",
    [
        "13 800 138 000",  # thousands, with spaces (GB/T 15835)
        "13,800,138,000",
        "13.800.138.000",
        "1,380,013,800",
        "13800138000.00",  # a decimal figure
        "0.13800138000",
        "1386\n5127\n612",  # a table read one cell a line (PDF)
        "1 3 5 12 0 7 2 3 4 5",  # a row of small figures
        "1386 5127 612 3861 2025",  # a row of figures: a mobile's digits, not its grouping
        "<td>1386</td><td>5127</td><td>612</td>",
        "138</td><td>0013</td><td>8000",  # cells are cells
        "| 1386 | 5127 | 612 |",
        "1386\t5127\t612",  # spreadsheet cells
    ],
)
def test_figures_and_tables_are_not_mobile_numbers(figures):
    assert kinds(figures) == []


@pytest.mark.parametrize(
    "written",
    [
        "１３８００１３８０００",  # full-width
        "\u0661\u0663\u0668\u0660\u0660\u0661\u0663\u0668\u0660\u0660\u0660",  # Arabic-Indic
        "".join(chr(0x1D7CE + int(c)) for c in MOBILE),  # mathematical bold digits
        "幺三八零零幺三八零零零",  # read aloud
        "一三八〇〇一三八〇〇〇",
        "一三八○○一三八○○○",  # a white circle typed for the ideographic zero
        "壹叁捌零零壹叁捌零零零",  # financial numerals
        "一三八 〇〇一三 八〇〇〇",
        "138〇〇13八〇〇〇",  # mixed
    ],
)
def test_digits_in_other_forms_are_read_as_digits(written):
    assert found(f"联系方式：{written}") == [MOBILE]


@pytest.mark.parametrize(
    "text",
    [
        "二〇二五年一月一日",
        "第一二三条",
        "一二三四五六七",  # seven numerals: no kind of number is that short
        "〔二〇二五〕一号",
        "统一社会信用代码",
        "一一对应、三三两两、七七八八",
    ],
)
def test_chinese_numerals_in_ordinary_text_are_not_numbers(text):
    assert kinds(text) == []


def test_chinese_numerals_next_to_a_number_do_not_hide_it():
    assert found("第一13800138000") == [MOBILE]
    assert found("三13800138000") == [MOBILE]


@pytest.mark.parametrize(
    "written",
    [
        "138<b>0013</b>8000",
        "138<span style='color:red'>0013</span>8000",
        "**138**00138000",
        "138__0013__8000",
        "`138`0013`8000`",
        "138<!-- x -->00138000",
        "&#49;3800138000",
        "&#x31;&#x33;&#x38;00138000",
        "138&nbsp;0013&nbsp;8000",
        "&#65297;3800138000",  # a reference to a full-width digit
        "\\u00313800138000",  # a JSON escape
        "%313800138000",  # URL-encoded
        "138\u200b0013\u200b8000",  # zero-width spaces
        "138\u00ad0013\u00ad8000",  # soft hyphens
        "138\\-0013\\-8000",  # Markdown escapes
        "138<wbr>0013<wbr>8000",
    ],
)
def test_markup_and_references_inside_a_number_hide_nothing(written):
    assert found(f"联系方式：{written}") == [MOBILE]


def test_markup_does_not_move_the_line_of_a_finding():
    text = "<p>第一段</p>\n<p>第二段 &#49;&#51;&#56;<b>0013</b>8000</p>\n<p>第三段</p>"
    [finding] = scan_text(text, first_line=20)
    assert finding.line == 21 and finding.value == MOBILE
    assert MOBILE not in finding.written and finding.written  # shown masked, as written


def test_text_inside_tags_and_comments_is_read():
    assert found(f'<a href="tel:{MOBILE}">电话</a>') == [MOBILE]
    assert found(f'<img alt="联系人 {MOBILE}" src="a.png">') == [MOBILE]
    assert found(f"<!-- 张三 {MOBILE} -->") == [MOBILE]
    assert found('<a href="tel:023-65120001">电话</a>') == []  # a landline in a link


@pytest.mark.parametrize(
    "written",
    [
        ID,
        f"{ID[:6]} {ID[6:14]} {ID[14:]}",
        f"{ID[:4]} {ID[4:8]} {ID[8:12]} {ID[12:16]} {ID[16:]}",
        f"{ID[:6]}-{ID[6:14]}-{ID[14:]}",
        " ".join(ID),
        ID.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
        f"{ID[:9]}<b>{ID[9:]}</b>",
    ],
)
def test_an_id_number_written_any_way_is_found(written):
    assert found(f"身份证号：{written}", "身份证号") == [ID]


def test_the_x_check_character_in_other_forms():
    number = next(i for i in (privacy_eval.make_id(RND) for _ in range(500)) if i.endswith("X"))
    body = number[:17]
    for x in ("X", "x", "Ｘ", "ｘ", "\u2169", "\u00d7"):  # Roman ten, and the multiplication sign
        assert found(f"身份证号{body}{x}", "身份证号") == [number], x
    assert found(f"身份证号{body} X", "身份证号") == [number]
    assert found(f"身份证号{body}XY", "身份证号") == []  # a code that goes on


@pytest.mark.parametrize(
    "text",
    [
        f"统一社会信用代码：{ID}",
        f"统一社会信用代码 {ID[:6]} {ID[6:14]} {ID[14:]}",
        f"索引号：{ID}/2025-00001",
        f"{ID}/2025-00001",  # the code part of an 索引号
        f"编号{ID[:-1]}{'0' if ID[-1] != '0' else '1'}",  # wrong check character
        f"A{ID}",  # inside a code
    ],
)
def test_organisation_numbers_are_not_id_numbers(text):
    assert found(text, "身份证号") == []


@pytest.mark.parametrize(
    "number",
    [
        "E12345678",
        "EA1234567",
        "EF1260892",
        "G12345678",
        "DE1234567",
        "SE1234567",
        "PE1234567",
        "S12345678",
        "K12345678",
        "MA1234567",
        "Ｅ１２３４５６７８",
        "E1234 5678",
    ],
)
def test_passport_numbers(number):
    assert kinds(f"经核实 {number}。") == ["护照号码"]
    assert kinds(f"护照号码：{number}") == ["护照号码"]


@pytest.mark.parametrize(
    "text",
    [
        "护照号码：AB1234567",  # a foreign passport, named
        "护照号 X1234567",
        "Passport No. 123456789",
        "护照号码：E 1234 5678",
    ],
)
def test_a_number_named_as_a_passport_number_is_one(text):
    assert kinds(text) == ["护照号码"]


@pytest.mark.parametrize(
    "text",
    [
        "E1234567",  # E with seven digits is no passport number
        "CODE12345678",
        "GB12345678",
        "型号 E12345678",
        "G1234次列车",
        "护照号码：E1234****",  # masked
        "护照办理时限为15个工作日",
    ],
)
def test_passport_look_alikes(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "13800138000 元",
        "13800138000元",
        "合计13800138000万元",
        "金额：13800138000",
        "预算13800138000",
        "人民币13800138000",
        "¥13800138000",
        "合同编号 13800138000",
        "合同编号为13800138000",
        "项目编号：13800138000",
        "（2025）渝0155民初13800号",
        "〔2025〕13800138000号",
        "第13800138000号",
        "索引号：13800138000/2025-00001",
        "共13800138000人次",
        "13800138000户",
        "流水号13800138000",
        "标识码13800138000",
    ],
)
def test_amounts_and_numbers_with_a_prefix_are_not_mobile_numbers(text):
    assert kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "023-65120001",
        "(023)6512-0001",
        "（023）65120001",
        "023-65120001转8012",
        "023-65120001-8012",
        "0755-1234 5678",
        "邮编 401120 电话 023-65120001",
        "2025-10-13 09:30",
        "2025年10月13日13时",
        "20251013 1800",
        "12345 政务服务热线",
        "400-800-1380",
    ],
)
def test_landlines_postcodes_dates_and_hotlines(text):
    assert kinds(text) == []


def test_a_mobile_number_next_to_a_unit_word_is_still_one():
    assert found("联系电话：13800138000 人社局张科长") == [MOBILE]
    assert found("手机13800138000号码") == [MOBILE]


def test_bank_cards_grouped_any_way():
    for written in (
        CARD,
        " ".join(CARD[i : i + 4] for i in range(0, len(CARD), 4)),
        "-".join(CARD[i : i + 4] for i in range(0, len(CARD), 4)),
        CARD.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    ):
        assert found(f"打入 {written}", "银行卡号") == [CARD], written
    wrong = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert found(f"卡号 {wrong}", "银行卡号") == []


def test_masked_forms_pass_however_written():
    for text in (
        "138****5678",
        "１３８＊＊＊＊５６７８",
        "138 **** 5678",
        "5002**********1234",
        "张*明 500222********1234",
        "一三八****五六七八",
    ):
        assert kinds(text) == [], text


def test_a_name_before_a_number_written_another_way():
    assert kinds("户主：李四明，手机 138 0013 8000") == ["手机号码", "姓名与手机号码"]
    assert kinds("**王芳**：一三八〇〇一三八〇〇〇") == ["手机号码", "姓名与手机号码"]


def test_private_mail_written_another_way():
    assert kinds("请发至 wang123＠163.com") == ["个人电子邮箱"]
    assert kinds("请发至 wang123[at]163.com") == ["个人电子邮箱"]
    assert kinds("请发至 ｗａｎｇ１２３＠１６３．ｃｏｍ") == ["个人电子邮箱"]
    assert kinds("请发至 xxgk＠xishan.gov.cn") == []


@pytest.mark.parametrize(
    ("declared", "value"),
    [
        ("138 0013 8000", MOBILE),
        ("+86 138-0013-8000", MOBILE),
        ("１３８００１３８０００", MOBILE),
        ("一三八〇〇一三八〇〇〇", MOBILE),
        ("Wang123@163.com", "wang123@163.com"),
        (ID[:17] + "x", ID[:17] + "X"),
    ],
)
def test_a_declared_value_matches_its_finding_however_written(declared, value):
    assert canonical(declared) == value


def test_official_phones_pass_wherever_they_appear():
    assert scan_text("值班手机 138 0013 8000", official_phones=frozenset({MOBILE})) == []
    assert kinds("值班手机 138 0013 8000") == ["手机号码"]


def test_the_digit_blocks_are_every_unicode_decimal_digit():
    zeros = [c for c in range(0x80, 0x110000) if unicodedata.decimal(chr(c), -1) == 0]
    assert tuple(zeros) == DIGIT_BLOCKS


def test_a_5_mb_line_of_digits_and_separators_is_read_to_its_end():
    """SPEC 8: no input takes more than a few seconds. Every pattern is linear (bounded
    repetitions over disjoint classes); the bound below is a guard against a quadratic scan (which
    would take hours on this input), not a measure of speed."""
    rnd = random.Random(8)
    pieces = [
        rnd.choice("0123456789") + rnd.choice(("", "", " ", "-", ".")) for _ in range(2_500_000)
    ]
    for text in ("".join(pieces), "1" * 5_000_000, "&#49;<b>1</b>" * 384_615):
        line = text + "\n联系人手机 139 0013 9000"
        start = time.monotonic()
        findings = scan_text(line)
        assert time.monotonic() - start < 60
        assert "13900139000" in {f.value for f in findings} or len(findings) >= MAX_FINDINGS


def _org_account() -> str:
    """A 19-digit account number of the kind banks give organisations, passing the Luhn check."""
    rnd = random.Random(3)
    return next(
        a
        for a in (f"3100021209{rnd.randint(0, 10**9 - 1):09d}" for _ in range(1000))
        if luhn_valid(a)
    )


def test_an_organisations_account_is_not_a_persons_card():
    account = _org_account()
    assert kinds(f"户名：溪山区财政局 开户银行：中国工商银行溪山支行 账号：{account}") == []
    assert kinds(f"收款单位：溪山区民政局，账号 {account}") == []
    assert kinds(f"户名：王小明 账号：{account}") == ["银行卡号"]  # a person's account
    assert kinds(f"户名：溪山区财政局 账号：{CARD}") == ["银行卡号"]  # a UnionPay card is a card


@pytest.mark.parametrize(
    "text",
    [
        "批准文号：国药准字S20051380",
        "13800138000余元",
        "年发电量13800138000千瓦时",
        "（二〇二五）渝〇一五五民初一三八〇〇号",
        "2025.10.13-2025.10.19",
        "ISBN 978-7-5097-1380-0",
        "标准号：GB/T 13800-2013",
        "中标金额：13,800,138.00元",
    ],
)
def test_more_numbers_of_official_writing(text):
    assert kinds(text) == []
