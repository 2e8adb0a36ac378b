"""SPEC guarantee 8 in memory: hostile YAML is refused quickly with a message on the file,
vocabulary values carrying blanks or invisible characters are errors, and generated input
(property-based, hypothesis) never raises. PORTAL_FUZZ_EXAMPLES=10000 runs the long fuzz."""

from __future__ import annotations

import os
import time

import pytest
import yaml
from helpers import HANG_SECONDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_portal.model.fields import DOCUMENT_FIELDS
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.vocab import TYPES
from disclosure_portal.read.documents import read_document
from disclosure_portal.read.frontmatter import split_front_matter
from disclosure_portal.read.reader import FieldReader
from disclosure_portal.read.textyaml import MAX_DEPTH, parse_text_yaml

PATH = "content/mzj/2025/a.md"
EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=EXAMPLES <= 200,  # the short run is the same in every CI run
)


def read(text: str) -> tuple[Collector, float]:
    problems = Collector()
    start = time.monotonic()
    read_document("mzj/2025/a.md", PATH, text, problems, TYPES)
    return problems, time.monotonic() - start


def front(yaml_text: str) -> str:
    return f"---\n{yaml_text}\n---\n正文。\n"


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


# --- anchors and aliases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "line"),
    [
        ("title: 标题\ntags: &a [x, *a]", 3),  # a recursive alias (RecursionError before)
        ("title: &t 标题\nattribute: 主动公开", 2),  # an anchor alone
        ("title: 标题\norg: mzj\ndrafter: *mzj", 4),  # an alias without its anchor
        ("x: &k {a: 1}\ny:\n  <<: *k", 2),  # a merge key
        (BILLION_LAUGHS.rstrip(), 2),  # 1 KB that expands to a billion strings
    ],
)
def test_anchors_and_aliases_are_refused_on_front_matter_with_the_line(yaml_text, line):
    problems, seconds = read(front(yaml_text))
    [problem] = [p for p in problems.errors if p.key == "front_matter"]
    assert problem.path == PATH
    assert "锚点和别名" in problem.message
    assert problem.line == line
    assert seconds < HANG_SECONDS  # the bomb expanded would take hours and gigabytes


def test_a_billion_laughs_is_refused_before_anything_is_expanded(monkeypatch):
    """Refused from the parser's events: no node tree is composed (so nothing is expanded), where
    an ordinary front matter is composed once."""
    composed = []
    compose = yaml.compose

    def spy(*args, **kwargs):
        composed.append(args[0])
        if len(composed) > 1:  # the bomb composed: stopped here, not expanded for hours
            raise AssertionError("composed")
        return compose(*args, **kwargs)

    monkeypatch.setattr(yaml, "compose", spy)
    assert parse_text_yaml("a: 1").data == {"a": "1"} and len(composed) == 1  # the spy sees it
    parsed = parse_text_yaml(BILLION_LAUGHS)
    assert len(composed) == 1
    assert parsed.data is None
    assert parsed.problems == [("", parsed.problems[0][1], 1)]
    assert "锚点和别名（&a / *a）" in parsed.problems[0][1]


@pytest.mark.parametrize(
    "yaml_text",
    [
        "tags: " + "[" * 10_000 + "]" * 10_000,  # flow nesting
        "tags: " + "{a: " * 10_000 + "}" * 10_000,
        "tags:\n" + "".join(" " * (i + 1) + "- \n" for i in range(3_000)),  # block nesting
        "tags:\n" + "- " * 10_000 + "x",  # nested sequences on one line
        "tags: " + "[" * 100_000,  # unbalanced
    ],
)
def test_deep_nesting_is_refused_with_a_message(yaml_text):
    problems, seconds = read(front(yaml_text))
    assert seconds < HANG_SECONDS
    [problem] = [p for p in problems.errors if p.key == "front_matter"]
    assert f"嵌套层数超过 {MAX_DEPTH} 层" in problem.message
    assert problem.line is not None


def test_nesting_within_the_limit_is_read():
    parsed = parse_text_yaml("a: " + "[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1))
    assert parsed.problems == []


def test_a_long_line_of_blanks_does_not_stall_the_full_width_colon_check():
    # 2,000,000 blanks: a pattern that backtracks over them would take some 10**12 steps
    start = time.monotonic()
    parse_text_yaml(" " * 2_000_000 + "!")
    parse_text_yaml("- " + " " * 2_000_000 + "a")
    assert time.monotonic() - start < HANG_SECONDS


def test_a_lone_surrogate_is_a_problem_not_a_crash():
    assert parse_text_yaml("a: \ud800").problems[0][0] == ""


# --- vocabulary values as written ------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "主动公开 ",
        " 主动公开",
        "主动公开\u3000",
        "\u200b主动公开",
        "主动\u200b公开",
        "主动公开\ufeff",
    ],
)
def test_attribute_with_blanks_or_invisible_characters_is_an_error_and_withholds(value):
    text = front(f'title: 通知\nattribute: "{value}"\ntype: 页面')
    problems = Collector()
    doc = read_document("a.md", PATH, text, problems, TYPES)
    [problem] = [p for p in problems.errors if p.key == "attribute"]
    assert problem.path == PATH
    assert "多余的空格或不可见字符" in problem.message
    assert problem.line == 3
    assert doc.attribute == ""  # fail closed: not 主动公开, so the document is withheld


def test_other_choice_keys_get_the_same_error():
    text = front('title: 通知\nattribute: 主动公开\ntype: "通知公告\u3000"\norg: mzj')
    problems = Collector()
    doc = read_document("a.md", PATH, text, problems, TYPES)
    [problem] = [p for p in problems.errors if p.key == "type"]
    assert "多余的空格或不可见字符" in problem.message
    assert "U+3000" in problem.message
    assert doc.type == ""


def test_choice_list_items_are_compared_as_written():
    problems = Collector()
    r = FieldReader(
        {"levels": ["区县级 ", "乡镇级"]}, path="catalogs/x.yml", lines={}, problems=problems
    )
    assert r.choice_list("levels", ("区县级", "乡镇级")) == ("乡镇级",)
    [problem] = problems.errors
    assert (problem.path, problem.key) == ("catalogs/x.yml", "levels")
    assert "多余的空格或不可见字符" in problem.message


def test_an_unquoted_trailing_blank_is_not_part_of_the_value():
    problems, _ = read(front("title: 通知\nattribute: 主动公开   \ntype: 页面"))
    assert not [p for p in problems.errors if p.key == "attribute"]


# --- property-based: generated front matter never raises --------------------------------------

KEYS = [f.key for f in DOCUMENT_FIELDS] + ["hide", "search", "tags", "template", "<<", "?", ""]
WEIRD = st.sampled_from(
    ["\x00", "\x1b[31m", "\x1e", "\x1f", "\t", "\u3000", "\u200b", "\ufeff", "\r", "\x85", "\u2028"]
)
SCALARS = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(
        ["主动公开", "依申请公开", "政策文件", "2025-02-30", "0123", "no", "~", "null", "1e999"]
    ),
    st.builds(lambda a, b: a + b, st.text(max_size=10), WEIRD),
    st.integers().map(str),
    st.just("x" * 20_000),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)
FRONT = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), VALUES, max_size=12)


def _dump(value, indent: int = 0) -> str:
    """A rough YAML writer that also writes what a careful one would not (odd quoting, tabs)."""
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"{pad}{k!s}:\n{_dump(v, indent + 2)}" for k, v in value.items()) or "{}"
    if isinstance(value, list):
        return "".join(f"{pad}-\n{_dump(v, indent + 2)}" for v in value) or f"{pad}[]\n"
    return f"{pad}{value}\n"


YAML_JUNK = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "&a ",
                "*a",
                "<<: *a",
                "\t",
                "  ",
                "- ",
                ": ",
                "[",
                "]",
                "{",
                "}",
                "'",
                '"',
                "|\n",
                ">-\n",
                "!!python/object:os.system ",
                "? ",
                "%YAML 1.1\n",
                "---\n",
                "...\n",
                "#",
                "\n",
                "：",
                "attribute: 主动公开\n",
                "title: ",
            ]
        ),
        st.sampled_from(KEYS).map(lambda k: f"{k}: "),
        st.text(max_size=8),
        WEIRD,
    ),
    max_size=40,
).map("".join)


def _checked(problems: Collector) -> None:
    for problem in problems.items:
        assert problem.path == PATH
        assert isinstance(problem.key, str) and problem.key
        assert isinstance(problem.message, str) and problem.message


@FUZZ
@given(FRONT)
def test_generated_front_matter_never_raises(meta):
    # libyaml's emitter where PyYAML has it: the pure-Python one took most of this test's time
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = f"---\n{yaml.dump(meta, Dumper=dumper, allow_unicode=True)}---\n正文\n"
    problems, seconds = read(text)
    _checked(problems)
    assert seconds < HANG_SECONDS


@FUZZ
@given(FRONT)
def test_roughly_written_front_matter_never_raises(meta):
    problems, seconds = read(front(_dump(meta)))
    _checked(problems)
    assert seconds < HANG_SECONDS


@FUZZ
@given(YAML_JUNK, st.text(max_size=30))
def test_random_yaml_text_never_raises(junk, body):
    start = time.monotonic()
    parsed = parse_text_yaml(junk)
    for key, message, line in parsed.problems:
        assert isinstance(key, str) and message
        assert line is None or line >= 1
    fm = split_front_matter(f"---\n{junk}\n---\n{body}")
    assert all(key for key, _, _ in fm.problems)
    problems, _ = read(f"---\n{junk}\n---\n{body}")
    _checked(problems)
    assert time.monotonic() - start < HANG_SECONDS
