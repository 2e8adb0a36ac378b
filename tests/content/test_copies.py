"""Copies of withheld text (SPEC Guarantee 1, Copies; issue 22): every distinctive unit of a
withheld document is an error wherever a public place holds it, however many places do; ordinary
text never is; published_as and provenance by content dates are the lawful exceptions."""

from __future__ import annotations

import pytest
import yaml
from helpers import (
    assert_reported,
    meeting_minutes,
    mkdocs_yml,
    notice_with,
    problems_both_ways,
    problems_of,
    spread_counts,
)

PUBLIC = "content/mzj/2025/public.md"
WITHHELD = "content/mzj/2025/internal/jiyao.md"

SECRET = "会议同意对桃源村六户低保家庭暂停发放保障金并移交区纪委监委调查"
SECRET2 = "青石镇敬老院改扩建项目资金缺口约三百二十万元拟从福彩公益金中调剂解决"
SECRET3 = "对梧桐社区反映强烈的两名网格员违规代办问题由街道约谈主要负责人"
ORDINARY = [
    "各乡镇人民政府、街道办事处，区政府各部门，有关单位：",
    "各单位要高度重视，认真组织实施，确保各项工作落到实处。",
    "如对本答复不服，可以在收到本答复之日起60日内向溪山区人民政府申请行政复议，"
    "或者在6个月内向溪山区人民法院提起行政诉讼。",
    "联系人：区民政局办公室，联系电话：023-65120102。",
    "特此通知。",
    "测试区民政局",
    "2025年4月1日",
]
TABLE = (
    "| 序号 | 姓名 | 村组 | 暂停金额（元） |\n|---|---|---|---|\n"
    "| 1 | 陈桂兰 | 桃源村3组 | 6240 |\n| 2 | 刘德海 | 桃源村5组 | 4860 |\n"
)


def withheld(body: str | None = None, **extra) -> str:
    if body is None:
        body = "\n\n".join([ORDINARY[0], SECRET + "。", SECRET2 + "。", SECRET3 + "。", TABLE])
    return meeting_minutes(body, **extra)


def public(body: str, **extra) -> str:
    return notice_with(body, **{"title": "关于做好2025年社会救助工作的通知", **extra})


def errors_on(project, files, path=PUBLIC, key="body"):
    _, errors, _ = problems_of(project, files)
    return [e for e in errors if e.startswith(f"{path}:{key}:")], errors


def test_ordinary_text_shared_with_public_documents_never_fails(project):
    body = "\n\n".join(ORDINARY)
    _, errors, warnings = problems_of(
        project,
        {
            WITHHELD: withheld("\n\n".join([*ORDINARY, SECRET + "。"])),
            PUBLIC: public(body),
            "content/mzj/2025/public2.md": public(f"**{ORDINARY[0]}**\n\n{body}", title="另一通知"),
        },
    )
    assert errors == []
    assert [w for w in warnings if w.startswith("content/")] == []


def test_one_distinctive_sentence_among_ordinary_text_is_an_error_naming_both(project):
    mine, _ = errors_on(
        project,
        {WITHHELD: withheld(), PUBLIC: public(f"{ORDINARY[0]}\n\n{SECRET}。\n\n特此通知。")},
    )
    assert len(mine) == 1
    assert WITHHELD in mine[0] and "1 句" in mine[0] and "published_as" in mine[0]


def test_each_pair_is_reported_once_with_the_count(project):
    copied = f"{SECRET}。{SECRET2}。\n\n{SECRET3}。"
    mine, _ = errors_on(project, {WITHHELD: withheld(), PUBLIC: public(copied)})
    assert len(mine) == 1 and "3 句" in mine[0]


def test_a_name_and_amount_table_block_is_an_error(project):
    rows = TABLE.split("\n", 2)[2]  # the data rows only, under a header of its own
    table = "| 编号 | 户主 | 所在组 | 金额 |\n|:-:|:-:|:-:|:-:|\n" + rows
    mine, _ = errors_on(project, {WITHHELD: withheld(), PUBLIC: public(table)})
    assert mine and "陈桂兰" in mine[0]


def test_a_table_header_alone_is_not_a_copy(project):
    header = TABLE.split("\n", 2)
    table = f"{header[0]}\n{header[1]}\n| 1 | 王某 | 青石村1组 | 300 |\n"
    mine, errors = errors_on(project, {WITHHELD: withheld(), PUBLIC: public(table)})
    assert mine == [] and errors == []


def test_body_and_attached_original_are_both_reported(project):
    """The everyday pattern: the page body plus its attached original (two public places)."""
    files = {
        WITHHELD: withheld(),
        "content/mzj/2025/files/yuanwen.txt": f"{SECRET}。\n",
        PUBLIC: public(f"{SECRET}。", attachments=["files/yuanwen.txt"]),
    }
    _, errors, _ = problems_of(project, files)
    body = assert_reported(errors, PUBLIC, "body")
    attachment = assert_reported(errors, PUBLIC, "attachments")
    assert WITHHELD in body and "files/yuanwen.txt" in attachment


def test_attachment_without_a_copy_passes(project):
    files = {
        WITHHELD: withheld(),
        "content/mzj/2025/files/yuanwen.txt": "全区社会救助政策宣传月活动安排见本通知。\n",
        PUBLIC: public("见附件。", attachments=["files/yuanwen.txt"]),
    }
    _, errors, _ = problems_of(project, files)
    assert errors == []


def test_a_copy_in_a_change_note_is_an_error(project):
    changes = [{"date": "2025-04-05", "note": f"补充：{SECRET2}"}]
    mine, _ = errors_on(
        project, {WITHHELD: withheld(), PUBLIC: public("正文。", changes=changes)}, key="changes"
    )
    assert mine and WITHHELD in mine[0]


def test_a_copy_in_a_front_matter_value_is_an_error(project):
    mine, _ = errors_on(
        project, {WITHHELD: withheld(), PUBLIC: public("正文。", summary=SECRET3)}, key="summary"
    )
    assert mine and WITHHELD in mine[0]


def test_a_copy_in_the_footer_setting_is_an_error(project):
    config = yaml.safe_load(mkdocs_yml())
    config["copyright"] = f"版权所有 {SECRET}"
    mine, _ = errors_on(
        project,
        {"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True), WITHHELD: withheld()},
        path="mkdocs.yml",
        key="copyright",
    )
    assert mine and WITHHELD in mine[0]


def test_a_copy_in_a_stylesheet_named_by_extra_css_is_an_error(project):
    config = yaml.safe_load(mkdocs_yml())
    config["extra_css"] = ["css/extra.css"]
    files = {
        "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
        WITHHELD: withheld(),
        "content/css/extra.css": f'.note::after {{ content: "{SECRET2}"; }}\n',
    }
    mine, _ = errors_on(project, files, path="mkdocs.yml", key="extra_css")
    assert mine and "content/css/extra.css" in mine[0] and WITHHELD in mine[0]


def test_a_copy_in_catalog_text_is_an_error(project):
    orgs = (project.root / "catalogs/orgs.yml").read_text(encoding="utf-8")
    orgs = orgs.replace("hours: 工作日9:00—17:00", f"hours: 工作日9:00—17:00（{SECRET3}）", 1)
    mine, _ = errors_on(
        project,
        {"catalogs/orgs.yml": orgs, WITHHELD: withheld()},
        path="catalogs/orgs.yml",
        key="file",
    )
    assert mine and WITHHELD in mine[0]


@pytest.mark.parametrize(
    "spelling",
    [
        SECRET.replace("金", "\u2fa6").replace("户", "\u2f3e"),  # Kangxi radicals ⾦ ⼾ (PDF copy)
        SECRET.replace("六", "\uf9d1").replace("金", "\uf90a"),  # compatibility ideographs
        SECRET.replace("暂", "暂\u3164").replace("发", "\u115f发"),  # Hangul fillers
        SECRET.replace("保", "保\u180b\u17b4"),  # Mongolian selector, Khmer vowel inherent
        SECRET.replace("纪", "&#32426;").replace("监", "&#x76D1;"),  # character references
        SECRET[:6] + f"<ruby>{SECRET[6]}<rt>yuán</rt></ruby>" + SECRET[7:],  # ruby annotation
        SECRET[:8] + '<span style="display:none">（已删除）</span>' + SECRET[8:],
        SECRET[:8] + '<span style="font-size: 0">XYZ</span>' + SECRET[8:],
        SECRET.replace("会议同意", "會議同意").replace("发放", "發放"),  # traditional mirror
    ],
)
def test_copies_hidden_by_character_forms_and_markup_are_found(project, spelling):
    mine, _ = errors_on(project, {WITHHELD: withheld(), PUBLIC: public(spelling + "。")})
    assert mine and WITHHELD in mine[0], spelling


def test_kangxi_radicals_and_compatibility_ideographs_fold():
    from disclosure_portal.model.textform import normalize

    assert normalize("\u2f42件") == normalize("文件")  # ⽂ KANGXI RADICAL SCRIPT
    assert normalize("\u2ed3江\u2fa8") == normalize("长江门")  # ⻓, ⾨ (門)
    assert normalize("\uf9dc") == normalize("\u9686")  # a CJK compatibility ideograph: 隆


def test_hidden_markup_around_other_words_is_not_a_copy(project):
    other = '青石镇<span style="display:none">隐藏</span>开展社会救助政策宣传<ruby>月<rt>yuè</rt></ruby>'
    mine, errors = errors_on(project, {WITHHELD: withheld(), PUBLIC: public(other + "。")})
    assert mine == [] and errors == []


# --- published_as -----------------------------------------------------------------------------

FINAL = "content/mzj/2025/banfa.md"
DRAFT = "content/mzj/2025/internal/banfa-zqyj.md"
SHARED = "低保对象家庭人均月收入低于本区城乡低保标准且家庭财产状况符合规定的应当纳入保障范围"
DRAFT_ONLY = "征求意见稿拟将单人户低保对象的年龄放宽至五十五周岁以上但财政测算尚未完成"


def final(body: str = f"{SHARED}。") -> str:
    return public(body, title="溪山区最低生活保障实施办法", id="mzj-banfa", published="2025-06-01")


def draft(**extra) -> str:
    return withheld(
        f"{SHARED}。\n\n{DRAFT_ONLY}。",
        title="溪山区最低生活保障实施办法（征求意见稿）",
        written="2025-05-10",
        **extra,
    )


def test_published_as_makes_the_shared_text_lawful(project):
    _, errors, _ = problems_of(project, {FINAL: final(), DRAFT: draft(published_as="mzj-banfa")})
    assert errors == []


def test_without_published_as_the_final_copies_the_draft(project):
    mine, _ = errors_on(project, {FINAL: final(), DRAFT: draft()}, path=FINAL)
    assert mine and DRAFT in mine[0] and "published_as: mzj-banfa" in mine[0]


def test_published_as_leaves_the_other_text_withheld(project):
    changes = [{"date": "2025-06-05", "note": f"补充说明：{DRAFT_ONLY}"}]
    files = {FINAL: final(), DRAFT: draft(published_as="mzj-banfa")}
    mine, _ = errors_on(
        project,
        {**files, FINAL: public(f"{SHARED}。", id="mzj-banfa", changes=changes)},
        path=FINAL,
        key="changes",
    )
    assert mine and "1 句" in mine[0] and "单人户" in mine[0]
    later = public(f"{DRAFT_ONLY}。", published="2025-06-10")
    elsewhere, _ = errors_on(project, {**files, PUBLIC: later})
    assert elsewhere and DRAFT in elsewhere[0]


def test_published_as_shared_text_is_no_fingerprint_and_the_rest_is(project):
    from disclosure_portal.model.textform import normalize
    from disclosure_portal.verify.leakcheck import collect_fingerprints

    project.write({FINAL: final(), DRAFT: draft(published_as="mzj-banfa")})
    site = project.load()
    assert site.errors == []
    texts = {text for text, _ in collect_fingerprints(site).automaton.items()}
    assert normalize(DRAFT_ONLY) in texts and normalize(SHARED) not in texts


@pytest.mark.parametrize(
    ("value", "expected"),
    [("no-such-doc", "找不到"), ("qzfb-internal", "不是主动公开")],
)
def test_published_as_must_name_a_public_document(project, value, expected):
    other = withheld("内部。", title="另一份内部文件", id="qzfb-internal", written="2025-01-01")
    _, errors, _ = problems_of(
        project,
        {FINAL: final(), DRAFT: draft(published_as=value), "content/mzj/2025/x.md": other},
    )
    message = assert_reported(errors, DRAFT, "published_as")
    assert expected in message and value in message


def test_published_as_on_a_public_document_is_an_error(project):
    _, errors, _ = problems_of(
        project, {FINAL: final(), PUBLIC: public("正文。", published_as="mzj-banfa")}
    )
    assert "非主动公开" in assert_reported(errors, PUBLIC, "published_as")


# --- provenance by content dates --------------------------------------------------------------

QUOTED = "自2025年1月起全区城乡低保标准统一提高到每人每月七百六十元"


def test_a_withheld_document_quoting_an_earlier_public_one_is_not_a_copy(project):
    """A 请示 written after the public notice quotes it: the sentence was public first."""
    files = {
        PUBLIC: public(f"{QUOTED}。", published="2025-01-05"),
        WITHHELD: withheld(
            f"区人民政府：\n\n{QUOTED}，{SECRET}。\n\n{QUOTED}。", written="2025-03-20"
        ),
    }
    _, errors, _ = problems_of(project, files)
    assert errors == []


def test_without_dates_that_prove_it_the_strict_rule_applies(project):
    files = {
        PUBLIC: public(f"{QUOTED}。", published="2025-04-05"),  # after the withheld text
        WITHHELD: withheld(f"{QUOTED}。", written="2025-03-20"),
    }
    mine, _ = errors_on(project, files)
    assert mine and WITHHELD in mine[0]
    files[WITHHELD] = withheld(f"{QUOTED}。", written=None)  # no date of its own
    files[PUBLIC] = public(f"{QUOTED}。", published="2025-01-05")
    mine, _ = errors_on(project, {k: v.replace("written: null\n", "") for k, v in files.items()})
    assert mine


def test_a_change_after_the_withheld_text_was_written_voids_the_proof(project):
    changes = [{"date": "2025-04-02", "note": "补充了标准调整的说明"}]
    files = {
        PUBLIC: public(f"{QUOTED}。", published="2025-01-05", changes=changes),
        WITHHELD: withheld(f"{QUOTED}。", written="2025-03-20"),
    }
    mine, _ = errors_on(project, files)
    assert mine


def test_a_sentence_wrapped_over_two_lines_is_found_whole(project):
    wrapped = f"{SECRET[:15]}\n{SECRET[15:]}。"  # hard-wrapped Markdown, a PDF text layer
    files = {WITHHELD: withheld(f"{ORDINARY[0]}\n{wrapped}"), PUBLIC: public(f"{SECRET}。")}
    mine, _ = errors_on(project, files)
    assert mine and WITHHELD in mine[0]


def test_a_scheduled_document_proves_nothing_by_its_future_date(project):
    """A 主动公开 document scheduled for later (定时发布) is withheld until then: a public text
    published today is no proof that its sentences were public first."""
    scheduled = public(
        f"{QUOTED}。", title="关于调整低保标准的通知", published="2099-01-05", id="later"
    )
    files = {"content/mzj/2025/later.md": scheduled, PUBLIC: public(f"{QUOTED}。")}
    mine, _ = errors_on(project, files)
    assert mine and "content/mzj/2025/later.md" in mine[0]


def test_both_cores_find_the_same_copies(project, monkeypatch):
    """The distinctive units of many withheld texts are computed on both cores (forkmap): the
    same copies are found, in the same words, as one core finds."""
    villages = ["桃源", "青石", "梧桐", "杏花", "柳岸", "松林", "竹溪", "石桥"]
    files = {}
    secrets = []
    for i in range(80):
        secret = (
            f"会议同意对{villages[i % 8]}村第{i + 1}组{i + 3}户困难家庭暂停发放保障金并移交核查"
        )
        secrets.append(secret)
        files[f"content/mzj/2025/internal/jiyao{i:02d}.md"] = withheld(
            "\n\n".join([ORDINARY[0], secret + "。", ORDINARY[1]])
        )
    # copies of a text of the first half and of the last, and ordinary text
    files[PUBLIC] = public("\n\n".join([secrets[3] + "。", secrets[78] + "。", ORDINARY[1]]))
    from disclosure_portal import forkmap
    from disclosure_portal.rules import withheld as withheld_rules

    spread = spread_counts(monkeypatch, withheld_rules)
    (one, one_warnings), (both, both_warnings) = problems_both_ways(
        monkeypatch, project, files, spread
    )
    assert both == one and both_warnings == one_warnings
    assert spread and spread[0] >= forkmap.MIN_ITEMS  # the units were computed on both cores
    copies = [e for e in one if e.startswith(f"{PUBLIC}:body:")]
    assert len(copies) == 2, one
    assert any("jiyao03" in e for e in copies) and any("jiyao78" in e for e in copies)
