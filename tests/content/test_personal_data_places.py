"""SPEC Guarantee 6 covers everything the site shows or serves: a mobile number planted in each
place the site shows text is an error naming the file and key (settings on every page, catalog
and registry text, structured front matter, attachment titles and parts), while the same place
with a masked number, a landline or a declared exception builds."""

from __future__ import annotations

import dataclasses

import pytest
import yaml
from helpers import ORGS, assert_reported, doc, mkdocs_yml, problems_of, public_notice

MOBILE = "13800138000"
WRITTEN = "１３８ ００１３ ８０００"  # the same number, full-width and grouped
NOTICE = "content/mzj/2025/notice.md"


def settings(**portal) -> str:
    """mkdocs.yml with `portal` merged into extra.portal (top-level keys as `_site_name` …)."""
    config = yaml.safe_load(mkdocs_yml())
    for key, value in portal.items():
        if key.startswith("_"):
            config[key[1:]] = value
        else:
            config["extra"]["portal"][key] = value
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def errors_on(project, files: dict, path: str) -> list[str]:
    _, errors, _ = problems_of(project, files)
    return [e for e in errors if e.startswith(f"{path}:")]


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ({"footer": {"contact": f"值班手机 {WRITTEN}"}}, "extra.portal.footer.contact"),
        (
            {"footer": {"sponsor": f"区政府办公室（联系人 {MOBILE}）"}},
            "extra.portal.footer.sponsor",
        ),
        ({"_copyright": f"版权所有 © 测试区 联系人手机{MOBILE}"}, "copyright"),
        ({"_site_name": f"测试区政府信息公开平台 {MOBILE}"}, "site_name"),
        ({"_site_description": f"咨询 {WRITTEN}"}, "site_description"),
    ],
)
def test_settings_shown_on_every_page(project, override, key):
    [error] = errors_on(project, {"mkdocs.yml": settings(**override)}, "mkdocs.yml")
    assert error.startswith(f"mkdocs.yml:{key}:")
    assert "手机号码“138******00”" in error and MOBILE not in error
    assert "每个页面" in error


def test_settings_with_a_landline_or_a_declared_phone_build(project):
    ok = settings(
        footer={"contact": "023-65120001（工作日 9:00—17:00）", "sponsor": f"值班 {WRITTEN}"},
        _copyright="版权所有 © 2026 测试区人民政府办公室",
        official_contacts={"phones": ["138-0013-8000"]},
    )
    assert errors_on(project, {"mkdocs.yml": ok}, "mkdocs.yml") == []


def test_the_declared_official_phone_passes_in_any_public_text(project):
    body = public_notice().replace("现将", f"值班手机 {WRITTEN}，现将")
    files = {"mkdocs.yml": settings(official_contacts={"phones": [MOBILE]}), NOTICE: body}
    assert errors_on(project, files, NOTICE) == []
    assert errors_on(project, {"mkdocs.yml": settings(), NOTICE: body}, NOTICE)  # positive control


def newmedia(**values) -> str:
    account = {
        "id": "mzj-wx",
        "name": "测试民政",
        "platform": "微信公众号",
        "account": "ceshiminzheng",
        "url": "https://weixin.example/ceshiminzheng",
        "sponsor": "mzj",
        "status": "正常",
        "events": [{"type": "开设", "date": "2020-08-20", "filing_no": "测试府办备〔2020〕6号"}],
        "last_post": "2025-11-20",
        "observed": "2025-11-28",
        **values,
    }
    return yaml.safe_dump([account], allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"account": MOBILE}, "mzj-wx.account"),
        ({"name": f"民政小助手{WRITTEN}"}, "mzj-wx.name"),
        ({"url": f"https://weixin.example/u/{MOBILE}"}, "mzj-wx.url"),
    ],
)
def test_newmedia_accounts(project, values, key):
    path = "catalogs/newmedia.yml"
    [error] = errors_on(project, {path: newmedia(**values)}, path)
    assert error.startswith(f"{path}:{key}:") and "手机号码" in error and MOBILE not in error
    assert errors_on(project, {path: newmedia(account="138****8000")}, path) == []


def consultation(**extra) -> str:
    front = {
        "title": "关于公开征求《测试区养老服务办法（征求意见稿）》意见的公告",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "征求意见",
        "catalog": "fdzdgk-02",
        "published": "2025-03-03",
        "consultation": {"opens": "2025-03-03", "closes": "2025-04-03", "kind": "其他", **extra},
    }
    return doc(front, "现向社会公开征求意见。\n")


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ({"channels": [f"电话：{WRITTEN}"]}, "consultation.channels"),
        ({"channels": ["信函", f"联系人手机 {MOBILE}"]}, "consultation.channels[1]"),
        ({"reason": f"情况紧急，详询 {MOBILE}"}, "consultation.reason"),
    ],
)
def test_consultation_details(project, extra, key):
    path = "content/mzj/2025/zhengqiu.md"
    errors = errors_on(project, {path: consultation(**extra)}, path)
    assert any(e.startswith(f"{path}:{key}:") and "手机号码" in e for e in errors), errors
    masked = consultation(channels=["电话：138****8000", "电子邮件：xxgk@mzj.gov.cn"])
    assert not [e for e in errors_on(project, {path: masked}, path) if "个人信息" in e]


def test_office_blocks_of_orgs(project):
    orgs = ORGS.replace('phone: "023-65120102"', f'phone: "{WRITTEN}"\n    email: wang123@163.com')
    errors = errors_on(project, {"catalogs/orgs.yml": orgs}, "catalogs/orgs.yml")
    phone = assert_reported(errors, "catalogs/orgs.yml", "[1].office.phone")
    assert "手机号码" in phone and "（第 " in phone
    mail = assert_reported(errors, "catalogs/orgs.yml", "[1].office.email")
    assert "extra.portal.official_contacts.emails" in mail and "emails:" in mail
    # declared as the office's mailbox, the same file builds
    files = {"mkdocs.yml": settings(official_contacts={"emails": ["wang123@163.com"]})}
    files["catalogs/orgs.yml"] = ORGS.replace(
        'phone: "023-65120102"', 'phone: "023-65120102"\n    email: wang123@163.com'
    )
    assert errors_on(project, files, "catalogs/orgs.yml") == []


def _code_that_is_also_an_id_number() -> str:
    """An all-digit 统一社会信用代码 (GB 32100 check) that also passes the ID number check."""
    from disclosure_portal.read.catalogs import credit_code_problem
    from disclosure_portal.rules.privacy import id18_valid

    for serial in range(10_000):
        body = f"110105198{serial % 10}0{1 + serial // 1000 % 9}1{serial // 10 % 10}{serial // 100 % 10}23"
        for check in "0123456789":
            if id18_valid(body + check) and credit_code_problem(body + check) is None:
                return body + check
    raise AssertionError("no such number")  # pragma: no cover


def test_an_organisations_credit_code_is_not_an_id_number(project):
    code = _code_that_is_also_an_id_number()
    orgs = ORGS.replace("code: 11500299009134523B", f'code: "{code}"')
    assert errors_on(project, {"catalogs/orgs.yml": orgs}, "catalogs/orgs.yml") == []
    # the same digits written as a person's number are one (the check is not blind to it)
    body = public_notice().replace("现将", f"申请人证件号{code}，现将")
    assert "身份证号" in assert_reported(errors_on(project, {NOTICE: body}, NOTICE), NOTICE, "body")


def test_attachment_titles_and_change_notes(project):
    files = {
        "content/mzj/2025/files/a.csv": "序号,事项\n1,救助\n",
        NOTICE: public_notice(
            attachments=[{"path": "files/a.csv", "title": f"名单（联系人 {WRITTEN}）"}],
            changes=[{"date": "2025-03-05", "note": f"更正联系电话为{MOBILE}"}],
        ),
    }
    errors = errors_on(project, files, NOTICE)
    assert "手机号码" in assert_reported(errors, NOTICE, "attachments[0].title")
    assert "手机号码" in assert_reported(errors, NOTICE, "changes[0].note")


def test_declared_exceptions_pass_in_every_place_of_the_document_however_written(project):
    files = {
        "content/mzj/2025/files/a.csv": f"值班电话\n{MOBILE}\n",
        NOTICE: public_notice(
            attachments=[{"path": "files/a.csv", "title": f"值班表（{WRITTEN}）"}],
            changes=[{"date": "2025-03-05", "note": "更正值班电话为一三八〇〇一三八〇〇〇"}],
            personal_data=[{"value": "138-0013-8000", "reason": "值班领导工作手机，经审批公开"}],
        ),
    }
    _, errors, warnings = problems_of(project, files)
    assert [e for e in errors if "个人信息" in e] == []
    assert not [w for w in warnings if "personal_data" in w]


def test_a_public_mailbox_message_names_official_contacts(project):
    body = public_notice().replace("现将", "来信请寄 xxgk_mzj@163.com，现将")
    [error] = errors_on(project, {NOTICE: body}, NOTICE)
    assert "extra.portal.official_contacts.emails" in error
    assert "x***@163.com" in error and "xxgk_mzj@163.com" not in error
    ok = settings(official_contacts={"emails": ["XXGK_MZJ@163.com"]})
    assert errors_on(project, {"mkdocs.yml": ok, NOTICE: body}, NOTICE) == []


def test_an_attachments_part_is_named(project, monkeypatch):
    """Where the reader names the parts of a file (read/attachments.py: `parts`), the message
    says which part holds the number."""
    from disclosure_portal.read import attachments
    from disclosure_portal.rules import safety

    real = attachments.read_attachment

    def with_parts(path):
        read = real(path)
        if not path.name.endswith(".csv"):
            return read
        parts = (("正文", "序号,事项\n1,救助"), ("文档属性", f"作者：王芳 {MOBILE}"))

        text = "\n".join(t for _, t in parts)
        return dataclasses.replace(read, text=text, has_lines=False, parts=parts)

    monkeypatch.setattr(safety, "read_attachment", with_parts)
    files = {
        "content/mzj/2025/files/a.csv": "序号,事项\n1,救助\n",
        NOTICE: public_notice(attachments=["files/a.csv"]),
    }
    errors = errors_on(project, files, "content/mzj/2025/files/a.csv")
    assert errors and all("“文档属性”部分" in e for e in errors)


def test_approved_catalog_text_by_item_and_key(project):
    catalog = (project.root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    planted = catalog.replace("subject: 区民政局", f"subject: 区民政局（联系人 {WRITTEN}）")
    errors = errors_on(project, {"catalogs/shjz.yml": planted}, "catalogs/shjz.yml")
    assert "手机号码" in assert_reported(errors, "catalogs/shjz.yml", "items[shjz-01].subject")
    # a catalog still in draft is not shown, so not checked
    draft = planted.replace("status: 已审核", "status: 草稿")
    assert not [
        e
        for e in errors_on(project, {"catalogs/shjz.yml": draft}, "catalogs/shjz.yml")
        if "个人信息" in e
    ]
