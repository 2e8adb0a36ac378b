"""Content safety: personal information, banned words and links, before the public sees them."""

from __future__ import annotations

import random
import sys

import pytest
from conftest import ROOT, doc, public_notice
from test_validation import assert_reported, problems_of

from disclosure_portal.rules.privacy import id15_valid, id18_valid, luhn_valid, scan_text

sys.path.insert(0, str(ROOT / "scripts"))
import privacy_eval

NOTICE = "content/mzj/2025/notice.md"
RND = random.Random(7)


def kinds(text: str) -> list[str]:
    return [f.kind for f in scan_text(text)]


# --- the detector ------------------------------------------------------------------------------


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


# --- in the build ------------------------------------------------------------------------------


def test_id_in_body_is_an_error_with_line_and_masked(project):
    number = privacy_eval.make_id(RND)
    files = {
        NOTICE: doc(
            {
                "title": "公示",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            },
            f"第一行。\n身份证号{number}。\n",
        )
    }
    _, errors, _ = problems_of(project, files)
    message = assert_reported(errors, NOTICE, "body")
    assert (
        "身份证号" in message and number not in message and "第 10 行" in message
    )  # 8 lines of front matter, then the body


def test_front_matter_value_is_checked(project):
    _, errors, _ = problems_of(project, {NOTICE: public_notice(summary="联系人手机13812345678")})
    assert "手机号码" in assert_reported(errors, NOTICE, "summary")


def test_text_and_pdf_attachments(project):
    pdf = minimal_pdf("Contact 13912345678")
    files = {
        NOTICE: public_notice(attachments=["files/list.csv", "files/a.pdf", "files/scan.pdf"]),
        "content/mzj/2025/files/list.csv": f"姓名,证件号\n张*明,5002**********1234\n李*,{privacy_eval.make_id(RND)}\n",
        "content/mzj/2025/files/a.pdf": pdf,
        "content/mzj/2025/files/scan.pdf": b"%PDF-1.4\nnot really a pdf\n",
    }
    _, errors, warnings = problems_of(project, files)
    csv_message = assert_reported(errors, "content/mzj/2025/files/list.csv", "attachment")
    assert "第 3 行" in csv_message
    assert "手机号码" in assert_reported(errors, "content/mzj/2025/files/a.pdf", "attachment")
    assert "scan.pdf" in assert_reported(warnings, NOTICE, "attachments")


def test_non_public_documents_are_not_checked(project):
    files = {
        NOTICE: doc(
            {
                "title": "内部",
                "attribute": "依申请公开",
                "attribute_basis": "第十五条",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
            },
            "手机13812345678\n",
        )
    }
    _, errors, _ = problems_of(project, files)
    assert errors == []


def test_named_exception_with_reason(project):
    ok = public_notice(
        personal_data=[{"value": "13812345678", "reason": "值班领导工作手机，经审批公开"}]
    )
    _, errors, _ = problems_of(project, {NOTICE: ok.replace("现将", "值班电话13812345678，现将")})
    assert errors == []
    no_reason = public_notice(personal_data=[{"value": "13812345678"}])
    _, errors, _ = problems_of(
        project, {NOTICE: no_reason.replace("现将", "值班电话13812345678，现将")}
    )
    assert_reported(errors, NOTICE, "personal_data[0].reason")
    assert_reported(errors, NOTICE, "body")
    blanket = public_notice(personal_data=[{"value": "*", "reason": "全部公开"}])
    _, errors, _ = problems_of(project, {NOTICE: blanket})
    assert_reported(errors, NOTICE, "personal_data[0].value")
    unused = public_notice(personal_data=[{"value": "13912345678", "reason": "值班电话"}])
    _, errors, warnings = problems_of(project, {NOTICE: unused})
    assert errors == [] and "139" in assert_reported(warnings, NOTICE, "personal_data")


def test_banned_words(project):
    project.write({"catalogs/banned-words.txt": "# 一行一个\n禁用词甲\n"})
    _, errors, _ = problems_of(project, {NOTICE: public_notice(title="含禁用词甲的通知")})
    assert "禁用词甲" in assert_reported(errors, NOTICE, "title")
    project.write({NOTICE: public_notice()})
    assert project.mkdocs("build").returncode == 0
    assert not any(
        "禁用词甲" in p.read_text(errors="ignore") for p in project.site.rglob("*") if p.is_file()
    )


def test_links(project):
    config = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write(
        {
            "mkdocs.yml": config.replace(
                "  portal:\n",
                "  portal:\n    http_allowed: [old.example.org]\n"
                "    official_contacts:\n      emails: [xxgk@example.gov.cn]\n",
                1,
            )
        }
    )
    body = (
        "[a](https://www.gov.cn/)\n[b](http://insecure.example.com/x)\n[c](http://old.example.org/)\n"
        "[d](mailto:xxgk@example.gov.cn)\n[e](mailto:someone@163.com)\n[f](javascript:alert(1))\n"
    )
    files = {
        NOTICE: doc(
            {
                "title": "链接",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            },
            body,
        )
    }
    _, errors, _ = problems_of(project, files)
    body_errors = [e for e in errors if e.startswith(f"{NOTICE}:body:")]
    assert len(body_errors) == 4, (
        body_errors
    )  # http, private mailto, javascript; and the e-mail itself
    assert any("insecure.example.com" in e for e in body_errors)
    assert any("不支持" in e for e in body_errors)


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (ASCII)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
