"""FieldReader: typed values out of a mapping of text, problems on path, key and line."""

from __future__ import annotations

import datetime as dt

from disclosure_portal.model.problems import Collector
from disclosure_portal.read.reader import FieldReader

PATH = "content/mzj/2025/notice.md"


def reader(data: dict, **kwargs) -> tuple[FieldReader, Collector]:
    problems = Collector()
    lines = {key: n for n, key in enumerate(data, start=2)}
    return FieldReader(data, path=PATH, lines=lines, problems=problems, **kwargs), problems


def test_text_is_stripped_and_a_missing_required_text_is_reported():
    r, problems = reader({"title": "  标题  "})
    assert r.text("title") == "标题"
    assert r.text("summary", required=True) == ""
    [problem] = problems.errors
    assert (problem.path, problem.key) == (PATH, "summary") and "缺少必填项" in problem.message


def test_text_of_the_wrong_shape_names_the_shape():
    r, problems = reader({"title": ["a"], "org": {"a": "b"}})
    assert r.text("title") == "" and r.text("org") == ""
    messages = {p.key: p.message for p in problems.errors}
    assert "列表" in messages["title"] and "映射" in messages["org"]
    assert [p.line for p in problems.errors] == [2, 3]


def test_choice_accepts_only_its_values_and_lists_them():
    r, problems = reader({"attribute": "公开", "type": "通知公告"})
    assert r.choice("attribute", ("主动公开", "依申请公开", "不予公开")) == ""
    assert r.choice("type", ("通知公告",)) == "通知公告"
    [problem] = problems.errors
    assert problem.key == "attribute" and "主动公开、依申请公开、不予公开" in problem.message


def test_date_must_be_a_real_iso_date():
    r, problems = reader({"a": "2025-03-03", "b": "2025-02-30", "c": "2025/3/1", "d": "2025-3-01"})
    assert r.date("a") == dt.date(2025, 3, 3)
    assert [r.date(k) for k in "bcd"] == [None, None, None]
    assert [p.key for p in problems.errors] == ["b", "c", "d"]
    assert "2025-02-30" in problems.errors[0].message


def test_integer_with_a_minimum():
    r, problems = reader({"a": "10", "b": "十", "c": "0", "d": "-3"})
    assert r.integer("a") == 10
    assert r.integer("b") is None and r.integer("c", minimum=1) is None and r.integer("d") is None
    assert [p.key for p in problems.errors] == ["b", "c", "d"]


def test_flag_is_true_or_false_only():
    r, problems = reader({"a": "true", "b": "false", "c": "yes"})
    assert (r.flag("a"), r.flag("b"), r.flag("c"), r.flag("absent")) == (True, False, False, False)
    assert [p.key for p in problems.errors] == ["c"]


def test_text_list_single_value_and_bad_items():
    r, problems = reader({"a": "one", "b": ["x", " y "], "c": ["x", "", {"k": "v"}]})
    assert r.text_list("a", single_ok=True) == ("one",)
    assert r.text_list("b") == ("x", "y")
    assert r.text_list("c") == ("x",)
    assert [p.key for p in problems.errors] == ["c[1]", "c[2]"]
    assert r.text_list("a") == ()  # a single text where a list is required
    assert problems.errors[0].key == "a"


def test_choice_list_keeps_the_good_values_and_reports_the_others():
    r, problems = reader({"levels": ["区县级", "县级", "乡镇级"]})
    assert r.choice_list("levels", ("区县级", "乡镇级")) == ("区县级", "乡镇级")
    [problem] = problems.errors
    assert problem.key == "levels" and "县级" in problem.message


def test_unknown_key_warning_suggests_the_nearest_known_key():
    r, problems = reader({"pubished": "2025-01-01", "zzz": "x"})
    r.unknown_keys(("published", "title"))
    assert problems.errors == []
    messages = {p.key: p.message for p in problems.warnings}
    assert "您是否想写“published”" in messages["pubished"]
    assert "您是否想写" not in messages["zzz"]


def test_unknown_keys_as_errors():
    r, problems = reader({"valu": "x"})
    r.unknown_keys(("value", "reason"), as_error=True)
    assert [p.key for p in problems.errors] == ["valu"] and problems.warnings == []


def test_prefix_names_the_key_and_lines_come_from_the_prefixed_path():
    problems = Collector()
    r = FieldReader(
        {"result": "通过"},
        path=PATH,
        lines={"reviews[0].result": 9},
        problems=problems,
        prefix="reviews[0].",
    )
    r.choice("result", ("维持不公开", "转为主动公开"))
    [problem] = problems.errors
    assert (problem.key, problem.line) == ("reviews[0].result", 9)


def test_labels_appear_in_messages():
    r, problems = reader({}, labels={"title": "标题"})
    r.text("title", required=True)
    assert "“title”（标题）" in problems.errors[0].message
