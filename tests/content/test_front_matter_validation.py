"""Every bad input of SPEC.md in a document is reported on its file and key, in Chinese."""

from __future__ import annotations

import pytest
from helpers import assert_reported, doc, problems_of, public_notice


@pytest.mark.parametrize(
    "path", ["content/disclosure/README.md", "content/notices.md", "content/catalog/index.markdown"]
)
def test_content_at_a_generated_url_is_an_error(project, path):
    _, errors, _ = problems_of(
        project, {path: doc({"title": "页面", "attribute": "主动公开", "type": "页面"})}
    )
    assert_reported(errors, path, "file")


NOTICE = "content/mzj/2025/notice.md"


def policy(**extra) -> str:
    front = {
        "title": "溪山区社会救助实施办法",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "written": "2025-03-01",
        "published": "2025-03-03",
        "interpretation_exempt": "内部程序性文件",
        **extra,
    }
    return doc(front, "第一条　为规范社会救助工作，制定本办法。\n")


def withheld(**extra) -> str:
    front = {
        "title": "关于社会救助资金调度的请示",
        "attribute": "不予公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    return doc(front, "内部请示正文。\n")


CASES = {
    # name: (files, path, key)
    "no front matter": ({NOTICE: "只有正文，没有 front matter。\n"}, NOTICE, "front_matter"),
    "other Markdown extension without front matter": (
        {"content/mzj/2025/page.markdown": "正文。\n"},
        "content/mzj/2025/page.markdown",
        "front_matter",
    ),
    "front matter does not parse": (
        {NOTICE: "---\ntitle: [未闭合\nattribute: 主动公开\n---\n正文"},
        NOTICE,
        "front_matter",
    ),
    "front matter not closed": ({NOTICE: "---\ntitle: 标题\n"}, NOTICE, "front_matter"),
    "front matter is a list": ({NOTICE: "---\n- a\n- b\n---\n正文"}, NOTICE, "front_matter"),
    "full-width colon": (
        {NOTICE: public_notice().replace("title:", "title：", 1)},
        NOTICE,
        "title",
    ),
    "duplicate key": (
        {NOTICE: public_notice().replace("type: 通知公告", "type: 通知公告\ntype: 工作动态")},
        NOTICE,
        "type",
    ),
    "missing title": ({NOTICE: public_notice(title="")}, NOTICE, "title"),
    "missing attribute": (
        {NOTICE: public_notice().replace("attribute: 主动公开\n", "")},
        NOTICE,
        "attribute",
    ),
    "bad attribute": ({NOTICE: public_notice(attribute="公开")}, NOTICE, "attribute"),
    "attribute as a list": ({NOTICE: public_notice(attribute=["主动公开"])}, NOTICE, "attribute"),
    "non-public without basis": ({NOTICE: withheld(attribute_basis="")}, NOTICE, "attribute_basis"),
    "missing org": ({NOTICE: public_notice(org="")}, NOTICE, "org"),
    "unknown org": ({NOTICE: public_notice(org="nobody")}, NOTICE, "org"),
    "missing type": ({NOTICE: public_notice(type="")}, NOTICE, "type"),
    "bad type": ({NOTICE: public_notice(type="新闻")}, NOTICE, "type"),
    "missing catalog": ({NOTICE: public_notice(catalog="")}, NOTICE, "catalog"),
    "unknown catalog item": ({NOTICE: public_notice(catalog="shjz-99")}, NOTICE, "catalog"),
    "missing published": ({NOTICE: public_notice(published="")}, NOTICE, "published"),
    "bad published date": ({NOTICE: public_notice(published="2024-13-45")}, NOTICE, "published"),
    "published with slashes": ({NOTICE: public_notice(published="2024/3/1")}, NOTICE, "published"),
    "policy without written": ({NOTICE: policy(written="")}, NOTICE, "written"),
    "bad written": ({NOTICE: policy(written="2025-02-30")}, NOTICE, "written"),
    "bad category": ({NOTICE: policy(category="规范性文件")}, NOTICE, "category"),
    "bad validity": ({NOTICE: policy(validity="作废")}, NOTICE, "validity"),
    "abolished missing": ({NOTICE: policy(validity="废止")}, NOTICE, "abolished"),
    "replaced_by unknown": (
        {NOTICE: policy(validity="废止", abolished="2025-06-01", replaced_by="nope")},
        NOTICE,
        "replaced_by",
    ),
    "unknown drafter": ({NOTICE: policy(drafter="nobody")}, NOTICE, "drafter"),
    "interpretation without interprets": (
        {NOTICE: public_notice(type="政策解读", form="文字解读")},
        NOTICE,
        "interprets",
    ),
    "interpretation without form": (
        {
            "content/mzj/2025/p.md": policy(id="p1"),
            NOTICE: public_notice(type="政策解读", interprets="p1"),
        },
        NOTICE,
        "form",
    ),
    "bad form": (
        {
            "content/mzj/2025/p.md": policy(id="p1"),
            NOTICE: public_notice(type="政策解读", interprets="p1", form="漫画"),
        },
        NOTICE,
        "form",
    ),
    "interprets unknown target": (
        {NOTICE: public_notice(type="政策解读", interprets="nope", form="文字解读")},
        NOTICE,
        "interprets",
    ),
    "interprets a notice": (
        {
            "content/mzj/2025/other.md": public_notice(title="另一份通知", id="n2"),
            NOTICE: public_notice(type="政策解读", interprets="n2", form="文字解读"),
        },
        NOTICE,
        "interprets",
    ),
    "interprets a non-public policy": (
        {
            "content/mzj/2025/p.md": policy(
                id="p1", attribute="依申请公开", attribute_basis="第十六条"
            ),
            NOTICE: public_notice(type="政策解读", interprets="p1", form="文字解读"),
        },
        NOTICE,
        "interprets",
    ),
    "consultation missing": ({NOTICE: public_notice(type="征求意见")}, NOTICE, "consultation"),
    "consultation bad closes": (
        {
            NOTICE: public_notice(
                type="征求意见", consultation={"opens": "2025-03-01", "closes": "2025-3-31"}
            )
        },
        NOTICE,
        "consultation.closes",
    ),
    "consultation closes before opens": (
        {
            NOTICE: public_notice(
                type="征求意见", consultation={"opens": "2025-03-01", "closes": "2025-02-01"}
            )
        },
        NOTICE,
        "consultation.closes",
    ),
    "consultation feedback unknown": (
        {
            NOTICE: public_notice(
                type="征求意见",
                consultation={"opens": "2025-03-01", "closes": "2025-04-01", "feedback": "nope"},
            )
        },
        NOTICE,
        "consultation.feedback",
    ),
    "attachment missing": (
        {NOTICE: public_notice(attachments=["files/none.pdf"])},
        NOTICE,
        "attachments",
    ),
    "attachment outside content": (
        {NOTICE: public_notice(attachments=["../../../../mkdocs.yml"])},
        NOTICE,
        "attachments",
    ),
    "attachment item with an unknown key": (
        {NOTICE: public_notice(attachments=[{"a": "b"}])},
        NOTICE,
        "attachments[0].a",
    ),
    "review bad result": (
        {NOTICE: withheld(reviews=[{"date": "2025-12-01", "result": "通过", "note": "x"}])},
        NOTICE,
        "reviews[0].result",
    ),
    "review bad date": (
        {NOTICE: withheld(reviews=[{"date": "2025-12", "result": "维持不公开"}])},
        NOTICE,
        "reviews[0].date",
    ),
    "reviews not a list": ({NOTICE: withheld(reviews="每年评估")}, NOTICE, "reviews"),
    "marker disagrees": (
        {
            NOTICE: doc(
                {
                    "title": "通知",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "published": "2025-03-03",
                },
                "正文。\n\n　　（此件不予公开）\n",
            )
        },
        NOTICE,
        "attribute",
    ),
    "public links to missing file": (
        {NOTICE: public_notice().replace("现将", "见[说明](nothing.md)，现将")},
        NOTICE,
        "body",
    ),
    "public links to non-public": (
        {
            "content/mzj/2025/secret.md": withheld(),
            NOTICE: doc(
                {
                    "title": "通知",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                    "published": "2025-03-03",
                },
                "参见[请示](secret.md)。\n",
            ),
        },
        NOTICE,
        "body",
    ),
    "public successor must be public": (
        {
            "content/mzj/2025/secret.md": withheld(id="s1"),
            NOTICE: policy(validity="废止", abolished="2025-06-01", replaced_by="s1"),
        },
        NOTICE,
        "replaced_by",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_reported_on_file_and_key(project, name):
    files, path, key = CASES[name]
    _, errors, _ = problems_of(project, files)
    message = assert_reported(errors, path, key)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), "messages are in Chinese"


def test_values_are_read_as_text(project):
    site, errors, _ = problems_of(
        project,
        {
            NOTICE: doc(
                "title: no\nattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: fdzdgk-02\n"
                "published: 2025-03-03\ndoc_number: 0123\nindex_no: 010\n"
            )
        },
    )
    assert errors == []
    notice = site.index.by_src["mzj/2025/notice.md"]
    assert (notice.title, notice.doc_number, notice.index_no) == ("no", "0123", "010")
    assert str(notice.published) == "2025-03-03"


def test_bad_date_names_line(project):
    _, errors, _ = problems_of(project, {NOTICE: public_notice(published="2024-13-45")})
    message = assert_reported(errors, NOTICE, "published")
    assert "2024-13-45" in message and "第 7 行" in message


def test_unparsable_front_matter_names_line(project):
    _, errors, _ = problems_of(
        project, {NOTICE: "---\ntitle: 标题\nattribute: [主动公开\n---\n正文"}
    )
    message = assert_reported(errors, NOTICE, "front_matter")
    assert "第 " in message


@pytest.mark.parametrize(
    "key,value",
    [
        ("id", "same"),
        ("doc_number", "溪山民发〔2025〕1号"),
        ("index_no", "11500299009134523B/2025-00001"),
    ],
)
def test_unique_values_are_reported_on_every_file(project, key, value):
    other = "content/mzj/2025/other.md"
    _, errors, _ = problems_of(
        project,
        {
            NOTICE: public_notice(**{key: value}),
            other: public_notice(title="另一份通知", **{key: value}),
        },
    )
    assert_reported(errors, NOTICE, key)
    assert_reported(errors, other, key)


def test_default_id_collides_with_explicit_id(project):
    other = "content/mzj/2025/other.md"
    _, errors, _ = problems_of(
        project, {other: public_notice(title="另一份通知", id="mzj/2025/notice")}
    )
    assert_reported(errors, NOTICE, "id")
    assert_reported(errors, other, "id")


def test_interprets_by_doc_number_and_list(project):
    files = {
        "content/mzj/2025/p1.md": policy(doc_number="溪山民发〔2025〕1号"),
        "content/mzj/2025/p2.md": policy(title="第二份政策", id="p2"),
        NOTICE: public_notice(
            type="政策解读", interprets=["溪山民发〔2025〕1号", "p2"], form="图表图解"
        ),
    }
    site, errors, _ = problems_of(project, files)
    assert errors == []
    assert site.index.by_src["mzj/2025/notice.md"].interprets == ("溪山民发〔2025〕1号", "p2")


def test_unknown_key_is_a_warning_with_suggestion(project):
    _, errors, warnings = problems_of(project, {NOTICE: public_notice(pubished="2025-01-01")})
    assert errors == []
    message = assert_reported(warnings, NOTICE, "pubished")
    assert "published" in message


def test_quoted_marker_in_a_sentence_is_not_a_marker(project):
    body = "公文应当标注“（此件不予公开）”或者“（此件公开发布）”。\n\n（此件公开发布）\n"
    _, errors, _ = problems_of(
        project,
        {
            NOTICE: doc(
                {
                    "title": "公开制度",
                    "attribute": "主动公开",
                    "org": "mzj",
                    "type": "公开制度",
                    "catalog": "fdzdgk-02",
                    "published": "2025-03-03",
                },
                body,
            )
        },
    )
    assert errors == []


def test_unusual_genre_is_a_warning(project):
    _, errors, warnings = problems_of(project, {NOTICE: public_notice(genre="便条")})
    assert errors == []
    assert_reported(warnings, NOTICE, "genre")
