"""The field tables are the one description of every key: reading, the metadata box,
fingerprints, `portal new` and README's glossary follow them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from disclosure_portal.model import fields
from disclosure_portal.model.fields import (
    CATALOG_ITEM_FIELDS,
    DOCUMENT_FIELDS,
    ORG_FIELDS,
    box_fields,
)
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import CatalogItem, Document, Org
from disclosure_portal.model.vocab import TYPES
from disclosure_portal.newdoc import render
from disclosure_portal.read.documents import read_document
from disclosure_portal.read.settings import SETTINGS, read_portal_settings, settings_from_mapping


def _read(front: str) -> tuple[Document, Collector]:
    problems = Collector()
    doc = read_document(
        "mzj/a.md", "content/mzj/a.md", f"---\n{front}\n---\n正文。\n", problems, TYPES
    )
    return doc, problems


@pytest.mark.parametrize(
    ("table", "record"),
    [(DOCUMENT_FIELDS, Document), (CATALOG_ITEM_FIELDS, CatalogItem), (ORG_FIELDS, Org)],
)
def test_every_table_key_is_a_field_of_its_record(table, record):
    names = {f.name for f in dataclasses.fields(record)}
    assert {f.key for f in table} <= names
    assert len({f.key for f in table}) == len(table)  # no key twice


def test_labels_in_messages_come_from_the_table():
    _, problems = _read("title: 标题\nattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: x")
    missing = [p for p in problems.errors if p.key == "published"]
    assert missing and "“published”（发布日期）" in missing[0].message


def test_required_rules_follow_the_values_read():
    _, problems = _read("title: t\nattribute: 依申请公开\norg: mzj\ntype: 政策解读\ncatalog: x")
    keys = {p.key for p in problems.errors}
    assert {"attribute_basis", "interprets", "form"} <= keys
    assert "published" not in keys  # only 主动公开 needs a publication date
    assert "written" not in keys  # only 政策文件 needs 成文日期


def test_abolished_is_required_with_the_validity_in_the_message():
    _, problems = _read(
        "title: t\nattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: x\n"
        "published: 2025-01-02\nvalidity: 废止"
    )
    (problem,) = [p for p in problems.errors if p.key == "abolished"]
    assert "有效性为“废止”时必填" in problem.message


def test_defaults_come_from_the_table():
    doc, _ = _read(
        "title: t\nattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: x\npublished: 2025-01-02"
    )
    assert doc.validity == "有效"
    assert doc.id == "mzj/a"


def test_invalid_choice_is_reported_once_not_also_as_missing():
    _, problems = _read("title: t\nattribute: 公开\norg: mzj\ntype: 通知公告\ncatalog: x")
    assert [p.key for p in problems.errors].count("attribute") == 1


def test_metadata_box_order_and_labels():
    assert [fields.box_label(f) for f in box_fields()] == [
        "索引号",
        "主题分类",
        "发文机关",
        "成文日期",
        "标题",
        "发文字号",
        "发布日期",
        "有效性",
    ]
    assert {f.key for f in box_fields() if f.search_weight} == {"doc_number", "index_no"}


def test_fingerprint_keys_cover_identifying_text_not_vocabulary():
    keys = set(fields.fingerprint_keys(DOCUMENT_FIELDS))
    assert {"title", "doc_number", "index_no", "id", "summary", "attribute_basis"} <= keys
    assert not keys & {"attribute", "type", "org", "validity", "published", "category"}


def test_portal_new_writes_what_the_table_says():
    text = render(
        title="测试",
        org_id="mzj",
        doc_type="政策文件",
        catalog_hint="",
        index_no="X/2026-00001",
        today=dt.date(2026, 3, 2),
    )
    front = text.split("---\n")[1]
    written = {line.split(":", 1)[0] for line in front.splitlines() if line and line[0].isalpha()}
    expected = {
        f.key for f in DOCUMENT_FIELDS if f.new and f.new("政策文件") and not f.new_commented
    }
    assert written == expected
    assert "# interpretation_exempt:" in text and "attribute:\n" in text


def test_every_setting_has_a_meaning_and_a_default_of_its_kind():
    values, problems = read_portal_settings({})
    assert problems == []
    for setting in SETTINGS:
        assert setting.meaning
        assert values[setting.key] == setting.default


@pytest.mark.parametrize(
    ("portal", "key", "fragment"),
    [
        ({"page_size": "abc"}, "extra.portal.page_size", "整数"),
        ({"page_size": 0}, "extra.portal.page_size", "不小于 1"),
        ({"page_size": True}, "extra.portal.page_size", "整数"),
        ({"http_allowed": "abc"}, "extra.portal.http_allowed", "列表"),
        ({"official_contacts": "x"}, "extra.portal.official_contacts", "映射"),
        ({"interpretation": "x"}, "extra.portal.interpretation", "映射"),
        (
            {"interpretation": {"missing": "maybe"}},
            "extra.portal.interpretation.missing",
            "error 或 warning",
        ),
        (
            {"interpretation": {"deadline_workdays": -1}},
            "extra.portal.interpretation.deadline_workdays",
            "不小于 0",
        ),
        ({"types": [["x"]]}, "extra.portal.types[0]", "非空文本"),
        ({"footer": {"sponsor": ["a"]}}, "extra.portal.footer.sponsor", "文本"),
    ],
)
def test_bad_setting_is_an_error_on_its_key(portal, key, fragment):
    settings = settings_from_mapping(
        Path("/p"), {"docs_dir": "content", "extra": {"portal": portal}}
    )
    errors = [p for p in settings.problems if p.is_error]
    assert [p.key for p in errors] == [key]
    assert fragment in errors[0].message


def test_unknown_setting_is_a_warning_with_a_hint():
    settings = settings_from_mapping(
        Path("/p"),
        {"extra": {"portal": {"page_sise": 10, "interpretation": {"mising": "warning"}}}},
    )
    assert all(not p.is_error for p in settings.problems)
    messages = {p.key: p.message for p in settings.problems}
    assert "您是否想写“page_size”" in messages["extra.portal.page_sise"]
    assert "您是否想写“missing”" in messages["extra.portal.interpretation.mising"]


def test_good_settings_are_typed():
    settings = settings_from_mapping(
        Path("/p"),
        {
            "site_url": "https://xxgk.example.gov.cn/",
            "extra": {
                "portal": {
                    "page_size": 50,
                    "http_allowed": ["Example.ORG"],
                    "interpretation": {"missing": "warning"},
                    "official_contacts": {"emails": ["Office@x.gov.cn"]},
                    "site_code": 5002990001,
                }
            },
        },
    )
    assert settings.problems == ()
    assert settings.page_size == 50
    assert settings.http_allowed == ("example.org",)
    assert settings.interpretation_missing_is_error is False
    assert settings.official_emails == frozenset({"office@x.gov.cn"})
    assert settings.footer == {"site_code": "5002990001"}


def test_site_code_is_read_where_spec_puts_it_and_where_0_1_0_wrote_it():
    def read(portal):
        return settings_from_mapping(
            Path("/p"), {"site_url": "https://x.example.gov.cn/", "extra": {"portal": portal}}
        )

    old = read({"footer": {"site_code": "5002990001", "icp": "渝ICP备1号"}})
    assert old.footer == {"site_code": "5002990001", "icp": "渝ICP备1号"}  # still shown
    [problem] = old.problems
    assert not problem.is_error and problem.key == "extra.portal.footer.site_code"
    assert "extra.portal.site_code" in problem.message
    both = read({"site_code": "5002990001", "footer": {"site_code": "5002990009"}})
    assert [p.is_error for p in both.problems] == [True]
    assert "不一致" in both.problems[0].message
    same = read({"site_code": "5002990001", "footer": {"site_code": "5002990001"}})
    assert [p.is_error for p in same.problems] == [False]
    assert read({"site_code": "5002990001"}).problems == ()


def test_a_new_key_needs_only_a_table_row(monkeypatch):
    """The closing note's example: `source` (信息来源) added as one row is read and validated,
    shown in the metadata box and a fingerprint of a withheld document; nothing else changes."""
    from disclosure_portal.plan import views
    from disclosure_portal.read import documents
    from disclosure_portal.verify import fingerprints as leakcheck

    row = fields.Field("source", "信息来源", box=9, fingerprint=True)
    table = (*DOCUMENT_FIELDS, row)
    monkeypatch.setattr(fields, "DOCUMENT_FIELDS", table)
    monkeypatch.setattr(documents, "DOCUMENT_FIELDS", table)
    monkeypatch.setattr(documents, "LABELS", fields.labels(table))
    monkeypatch.setattr(leakcheck, "DOCUMENT_FIELDS", table)
    monkeypatch.setattr(leakcheck, "DOCUMENT_FIELD", fields.by_key(table))

    doc, problems = _read(
        "title: t\nattribute: 不予公开\nattribute_basis: 第十六条\norg: mzj\ntype: 通知公告\n"
        "catalog: x\nsource: 溪山区应急管理局转发件"
    )
    assert problems.warnings == []  # no "未知的键" any more
    assert doc.value("source") == "溪山区应急管理局转发件"
    assert [f.key for f in fields.box_fields()][-1] == "source"
    assert views._box_value(doc, "source", None) == "溪山区应急管理局转发件"
    assert ("溪山区应急管理局转发件", "信息来源") in list(leakcheck._document_candidates(doc))

    _, bad = _read(
        "title: t\nattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: x\n"
        "published: 2025-01-02\nsource: [a, b]"
    )
    assert [p.key for p in bad.errors] == ["source"]  # validated as text, on its key


def test_without_pagefind_the_site_builds_without_search(monkeypatch):
    from disclosure_portal.plan import build
    from disclosure_portal.verify import search

    monkeypatch.setattr(search, "available", lambda: False)
    assert build.search_mode(True, serving=False) == build.NO_SEARCH
    monkeypatch.setattr(search, "available", lambda: True)
    assert build.search_mode(True, serving=False) == build.PAGEFIND
