"""One source for an organisation's office (orgs.yml `office`): a 公开指南 whose body states another
phone, fax, address, e-mail or postcode is a warning naming the file, both values and the line;
`office.form` (申请表) and `office.online` are checked."""

from __future__ import annotations

import pytest
from helpers import ORGS, assert_reported, doc, problems_of

GUIDE_PATH = "content/mzj/2025/guide.md"
OFFICE = """  office:
    name: 民政局办公室
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65120102"
"""


def guide(body: str, **extra) -> str:
    front = {
        "title": "测试区民政局政府信息公开指南",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "公开指南",
        "catalog": "fdzdgk-02",
        "published": "2025-01-15",
        **extra,
    }
    return doc(front, body)


def _orgs(office: str) -> str:
    assert OFFICE in ORGS
    return ORGS.replace(OFFICE, office, 1)


AGREEING = (
    "一、依申请公开\n\n"
    "受理机构：民政局办公室。地址：测试区政务路1号；电话：(023) 6512 0102。\n\n"
    "联系电话：６５１２０１０２\n"
)


def test_a_guide_that_agrees_with_its_office_draws_no_warning(project):
    _, errors, warnings = problems_of(project, {GUIDE_PATH: guide(AGREEING)})
    assert errors == []
    assert not [w for w in warnings if w.startswith(f"{GUIDE_PATH}:body:")]


def test_another_phone_or_address_is_a_warning_with_both_values(project):
    body = "受理机构：民政局办公室。\n\n地址：测试区民生路9号；电话：023-65120002。\n"
    _, errors, warnings = problems_of(project, {GUIDE_PATH: guide(body)})
    assert errors == []
    found = [w for w in warnings if w.startswith(f"{GUIDE_PATH}:body:")]
    assert len(found) == 2, found
    phone = next(w for w in found if "联系电话" in w)
    assert "023-65120002" in phone and "023-65120102" in phone and "office.phone" in phone
    assert "catalogs/orgs.yml" in phone and "测试区民政局" in phone and "（第 11 行）" in phone
    address = next(w for w in found if "办公地址" in w)
    assert "测试区民生路9号" in address and "测试区政务路1号" in address


def test_a_fax_or_email_the_office_does_not_have_is_a_warning(project):
    body = "传真：023-65120109\n\n电子邮箱：mzj@example.gov.cn\n"
    _, _, warnings = problems_of(project, {GUIDE_PATH: guide(body)})
    found = [w for w in warnings if w.startswith(f"{GUIDE_PATH}:body:")]
    assert any("传真" in w and "没有填写" in w for w in found)
    assert any("电子邮箱" in w for w in found)
    office = OFFICE + '    fax: "023-65120109"\n    email: MZJ@example.gov.cn\n'
    _, _, warnings = problems_of(
        project, {"catalogs/orgs.yml": _orgs(office), GUIDE_PATH: guide(body)}
    )
    assert not [w for w in warnings if w.startswith(f"{GUIDE_PATH}:body:")]


def test_only_public_guides_of_organs_with_an_office(project):
    body = "电话：023-60000000\n"
    withheld = guide(body, attribute="依申请公开", attribute_basis="第十六条")
    notice = doc(
        {
            "title": "通知",
            "attribute": "主动公开",
            "org": "mzj",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "published": "2025-03-04",
        },
        body,
    )
    _, _, warnings = problems_of(
        project, {GUIDE_PATH: withheld, "content/mzj/2025/notice2.md": notice}
    )
    assert not [w for w in warnings if ":body:" in w and "023-60000000" in w]
    _, _, warnings = problems_of(project, {"catalogs/orgs.yml": _orgs(""), GUIDE_PATH: guide(body)})
    assert not [w for w in warnings if w.startswith(f"{GUIDE_PATH}:body:")]


def test_a_form_that_is_not_published_is_a_warning(project):
    office = OFFICE + "    form: mzj/2025/files/form.pdf\n"
    _, errors, warnings = problems_of(project, {"catalogs/orgs.yml": _orgs(office)})
    assert errors == []
    assert "不存在" in assert_reported(warnings, "catalogs/orgs.yml", "[1].office.form")
    project.write({"content/mzj/2025/files/form.pdf": b"%PDF-1.4\nform\n"})
    _, _, warnings = problems_of(project, {})
    assert "不是任何主动公开文件的附件" in assert_reported(
        warnings, "catalogs/orgs.yml", "[1].office.form"
    )
    _, _, warnings = problems_of(
        project, {GUIDE_PATH: guide(AGREEING, attachments=["files/form.pdf"])}
    )
    assert not [w for w in warnings if ".office.form" in w]


@pytest.mark.parametrize(
    ("key", "value", "ok"),
    [
        ("form", "https://www.example.gov.cn/shenqingbiao.pdf", True),
        ("form", "http://www.example.gov.cn/shenqingbiao.pdf", False),
        ("online", "https://zwfw.example.gov.cn/xxgk", True),
        ("online", "http://zwfw.example.gov.cn/xxgk", False),
        ("online", "通过政府信息公开平台在线申请", False),
    ],
)
def test_form_and_online_addresses(project, key, value, ok):
    office = OFFICE + f"    {key}: {value}\n"
    _, errors, warnings = problems_of(project, {"catalogs/orgs.yml": _orgs(office)})
    problems = [p for p in errors + warnings if f".office.{key}" in p]
    assert (problems == []) is ok, problems
    if not ok:
        assert_reported(errors, "catalogs/orgs.yml", f"[1].office.{key}")


def test_the_demo_guides_agree_with_their_offices():
    import datetime as dt

    from helpers import ROOT

    from disclosure_portal.project import load_site
    from disclosure_portal.read.settings import load_settings

    site = load_site(load_settings(ROOT), today=dt.date(2026, 12, 1))
    guides = [d for d in site.public.documents if d.type == "公开指南"]
    organs = {d.org for d in guides if site.registry.orgs[d.org].office is not None}
    assert len(organs) == 7  # every organ of the demo has a guide and an office
    assert not [w for w in site.warnings if w.key == "body" and "指南正文" in w.message]
    assert not [d.path for d in guides if "在线" in d.body]  # no online submission promised
    assert all(not o.office or not o.office.online for o in site.registry.orgs.values())


def test_a_different_number_typed_with_spaces_or_full_width_digits_is_found(project):
    body = "联系电话：０２３ ６５１２ ０００２\n"
    _, _, warnings = problems_of(project, {GUIDE_PATH: guide(body)})
    found = [w for w in warnings if w.startswith(f"{GUIDE_PATH}:body:")]
    assert len(found) == 1 and "023-65120102" in found[0], found
