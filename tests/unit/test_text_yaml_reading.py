"""Front-matter YAML is read with every value as text, duplicate keys and full-width colons
reported, and the line of every key kept."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from disclosure_portal.read.textyaml import parse_text_yaml


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("0123", "0123"),
        ("no", "no"),
        ("yes", "yes"),
        ("2025-03-03", "2025-03-03"),
        ("2024-13-45", "2024-13-45"),
        ("1e3", "1e3"),
        ("~", "~"),
        ("010", "010"),
    ],
)
def test_scalars_stay_text(source, value):
    parsed = parse_text_yaml(f"key: {source}\n")
    assert parsed.problems == []
    assert parsed.data == {"key": value}


def test_lists_and_mappings_keep_their_shape_with_text_inside():
    parsed = parse_text_yaml("a: [1, no]\nb:\n  c: 2025-01-01\n  d:\n    - 007\n")
    assert parsed.data == {"a": ["1", "no"], "b": {"c": "2025-01-01", "d": ["007"]}}


def test_lines_of_nested_keys_and_list_items():
    parsed = parse_text_yaml(
        "title: 标题\nconsultation:\n  opens: 2025-03-01\nlist:\n  - x\n  - y\n"
    )
    assert parsed.lines["title"] == 1
    assert parsed.lines["consultation.opens"] == 3
    assert parsed.lines["list[1]"] == 6


def test_offset_is_added_to_every_line():
    parsed = parse_text_yaml("a: 1\nb: 2\n", offset=10)
    assert parsed.lines == {"a": 11, "b": 12}


def test_duplicate_key_keeps_the_first_value_and_names_both_lines():
    parsed = parse_text_yaml("type: 通知公告\ntitle: 标题\ntype: 工作动态\n")
    assert parsed.data["type"] == "通知公告"
    [(key, message, line)] = parsed.problems
    assert key == "type" and line == 3 and "第 1 行" in message


def test_full_width_colon_is_reported_on_its_key_and_line():
    parsed = parse_text_yaml("attribute: 主动公开\ntitle：标题\n")
    assert (parsed.problems[0][0], parsed.problems[0][2]) == ("title", 2)
    assert "全角冒号" in parsed.problems[0][1]
    parsed = parse_text_yaml("title：标题\n")  # alone it parses, as a plain text
    assert parsed.data == "title：标题" and [k for k, _, _ in parsed.problems] == ["title"]


def test_full_width_colon_inside_a_value_is_fine():
    parsed = parse_text_yaml("title: 关于：某事的通知\n")
    assert parsed.problems == [] and parsed.data == {"title": "关于：某事的通知"}


def test_syntax_error_gives_no_data_and_a_line():
    parsed = parse_text_yaml("title: 标题\nattribute: [主动公开\nother: x\n", offset=1)
    assert parsed.data is None
    [(key, message, line)] = parsed.problems
    assert key == "" and "YAML" in message and isinstance(line, int) and line >= 2


def test_empty_text_is_no_data_and_no_problem():
    parsed = parse_text_yaml("")
    assert parsed.data is None and parsed.problems == []


# lines of YAML-like text that nest often: indentation, block indicators, flow collections,
# anchors and aliases, and some text that is not YAML at all
YAMLISH = st.lists(
    st.tuples(
        st.sampled_from(["", " ", "  ", "    "]),
        st.sampled_from(["", "- ", "? ", "- - "]),
        st.sampled_from(
            [
                *("a:", "a: b", "b:", "[a, [b]]", "{a: {b: c}}", "&x a", "*x", "a: *x", "a: &x b"),
                *("a: [b, {c: d}]", "'a: b'", "a # c: d", "a:b", "]", "!x a"),
            ]
        ),
    ).map("".join),
    max_size=10,
).map("\n".join)


@settings(max_examples=500, deadline=None)
@given(YAMLISH, st.booleans())
@example("a:\n b:\n  c:\n   d: e", False)
@example("a: *x", False)
def test_a_text_the_quick_check_lets_through_has_nothing_to_refuse(text, anchors):
    """`refusal` reads the parser's events only when a text could hold an anchor or nest too
    deep (textyaml._plain): with a nesting limit of 3, any text the quick check lets through is
    one the events would not refuse either (or one YAML rejects, which compose reports)."""
    import contextlib
    from unittest import mock

    import yaml

    from disclosure_portal.read import textyaml

    with mock.patch.object(textyaml, "MAX_DEPTH", 3):
        if not textyaml._plain(text, anchors):
            return
        slow = mock.patch.object(textyaml, "_plain", lambda text, anchors: False)
        with slow, contextlib.suppress(yaml.YAMLError):
            assert textyaml.refusal(text, anchors=anchors) is None


def test_anchors_and_deep_nesting_are_still_refused():
    assert parse_text_yaml("a: &x 1\nb: *x\n").problems[0][1].startswith("不支持 YAML 锚点")
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    assert "嵌套层数" in parse_text_yaml(deep).problems[0][1]
