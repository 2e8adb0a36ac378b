"""The editors' text (issue 21, item 3): a Tab or a full-width colon named in Chinese on its
line, no parser English anywhere an editor reads, `portal new` dated by China's day whatever the
machine's time zone, and every word of `portal`'s help and argparse's messages in Chinese."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import textwrap

import pytest
from helpers import assert_reported, portal_env, problems_of

from disclosure_portal.cli import parser as portal_parser
from disclosure_portal.clitext import translate
from disclosure_portal.read.frontmatter import split_front_matter
from disclosure_portal.read.textyaml import parse_text_yaml

PATH = "content/mzj/2025/tab.md"
ENGLISH = re.compile(r"[A-Za-z]{3,}")
# the English an editor's message may carry: the names of things the manual names so
OUR_WORDS = {"yaml", "tab", "front", "matter"}


def _english_words(text: str) -> set[str]:
    return {w.lower() for w in ENGLISH.findall(text)}


# --- Tab and full-width colon ---------------------------------------------------------------


def test_tab_in_front_matter_is_named_in_chinese_on_its_line(project):
    front = "title: 通知\n\tattribute: 主动公开\norg: mzj\ntype: 通知公告\ncatalog: fdzdgk-02\n"
    _, errors, _ = problems_of(project, {PATH: f"---\n{front}---\n正文。\n"})
    assert_reported(errors, PATH, "attribute")
    (message,) = [m for m in errors if "制表符" in m]
    assert message.startswith(f"{PATH}:attribute: ") and message.endswith("（第 3 行）")
    assert "制表符（Tab）" in message
    mine = [m for m in errors if m.startswith(PATH)]
    assert all(_english_words(m.split(":", 2)[2]) <= OUR_WORDS | {"attribute"} for m in mine)


def test_tab_in_a_list_and_in_a_catalog_file(project):
    front = "title: 通知\nattachments:\n\t- a.pdf\n"
    fm = split_front_matter(f"---\n{front}---\n")
    assert [(k, line) for k, _, line in fm.problems] == [("front_matter", 4)]
    assert "制表符" in fm.problems[0][1]
    parsed = parse_text_yaml("- id: a\n\tname: 甲\n")
    assert any("制表符" in m and line == 2 for _, m, line in parsed.problems)


def test_ordinary_front_matter_and_a_tab_inside_text_are_accepted():
    # negative controls: spaces for indentation, a Tab after the colon, a Tab inside a block text
    fm = split_front_matter("---\ntitle:\t通知\nnote: |\n  第一行\n  \t缩进的第二行\n---\n正文\n")
    assert fm.problems == []
    assert fm.meta == {"title": "通知", "note": "第一行\n\t缩进的第二行"}


def test_full_width_colon_is_named_without_parser_english():
    fm = split_front_matter("---\ntitle: 通知\ndoc_number：溪山民发〔2025〕1号\norg: mzj\n---\n")
    assert [(k, line) for k, _, line in fm.problems] == [("doc_number", 3)]
    assert "全角冒号" in fm.problems[0][1]


@pytest.mark.parametrize(
    "text",
    [
        "title: a: b\n",
        "title: [a\n",
        "title: {a\n",
        'title: "abc\n',
        "title: 'abc\n",
        "a:\n  - b\n c: d\n",
        "x: @a\n",
        "x: `a\n",
        "x: %a\n",
        "- a\nb: c\n",
        "a: b\n  c: d\n",
        'x: "a\\q"\n',
        'x: "a" b\n',
        "x: &\n",
        "x: \x07\n",
        "x: |\n  a\n b\n",
        "x: !<tag a\n",
        "--- a\n--- b\n",
    ],
)
def test_no_parser_english_in_any_yaml_problem(text):
    fm = split_front_matter(f"---\n{text}---\n")
    assert fm.problems, text  # positive control: each of these is broken
    for _, message, _ in fm.problems:
        assert _english_words(message) <= OUR_WORDS, message


def test_parser_english_would_be_caught():
    # positive control of the scan above: PyYAML's own message has English words
    import yaml

    with pytest.raises(yaml.YAMLError) as exc:
        yaml.safe_load("title: [a\n")
    assert _english_words(str(exc.value.problem)) - OUR_WORDS


# --- portal new: China's day -----------------------------------------------------------------

# a fake clock for the subprocess: `datetime.datetime.now()` and `datetime.date.today()` answer
# for one instant, in the time zone of TZ, as a real clock would
FAKE_CLOCK = textwrap.dedent(
    """
    import datetime as _dt, os as _os, time as _time
    _NOW = float(_os.environ["FAKE_EPOCH"])

    class _DateTime(_dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return _dt.datetime.fromtimestamp(_NOW, tz)

        @classmethod
        def today(cls):
            return _dt.datetime.fromtimestamp(_NOW)

    class _Date(_dt.date):
        @classmethod
        def today(cls):
            return _dt.date.fromtimestamp(_NOW)

    _dt.datetime, _dt.date = _DateTime, _Date
    """
)


@pytest.mark.parametrize(
    ("zone", "utc", "china", "local"),
    [
        # 23:30 in China on 1 March; 05:30 on 2 March on Kiritimati (UTC+14)
        ("Pacific/Kiritimati", "2026-03-01T15:30:00", "2026-03-01", "2026-03-02"),
        # 00:30 in China on 2 March; 08:30 on 1 March in Los Angeles
        ("America/Los_Angeles", "2026-03-01T16:30:00", "2026-03-02", "2026-03-01"),
    ],
)
def test_new_document_uses_china_date_in_any_time_zone(project, tmp_path, zone, utc, china, local):
    clock = tmp_path / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(FAKE_CLOCK, encoding="utf-8")
    instant = dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC).timestamp()
    env = portal_env()
    env |= {
        "TZ": zone,
        "FAKE_EPOCH": str(instant),
        "PYTHONPATH": os.pathsep.join([str(clock), env["PYTHONPATH"]]),
    }
    probe = subprocess.run(
        [sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.strip() == local  # the machine's own day differs from China's
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure_portal.cli",
            "new",
            "--org",
            "mzj",
            "--type",
            "通知公告",
        ],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    year = china[:4]
    (path,) = (project.root / "content/mzj" / year).glob(f"{china}-*.md")
    assert f"published: {china}" in path.read_text(encoding="utf-8")


# --- the command line in Chinese ---------------------------------------------------------------

# what may stay ASCII in help: option names, subcommand names and choices (they are typed), and
# the names of formats, files and programs
TYPED = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*|\{[^}]*\}|\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b")
ALLOWED = {
    "json",
    "csv",
    "yyyy",
    "gitlab",
    "github",
    "text",
    "error",  # `::error file=…` in --format's help: the workflow command, typed by CI
    "file",
    "line",
    "git",
    "pre",  # pre-commit, the tool's name
    "commit",
    "cache",  # the folder .portal-cache/
    "mkdocs",
    "yml",
    "orgs",
    "catalogs",
    "site",
    "dir",
    "host",
    "port",
    "decap",
    "cms",
    "npx",
    "server",
    "portal",
    "html",
    "config",
    "index",
    "admin",
}


def _help_texts() -> dict[str, str]:
    p = portal_parser()
    texts = {"portal": p.format_help()}
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    for name, child in sub.choices.items():
        texts[name] = child.format_help()
    return texts


def _foreign(text: str, commands: set[str], choices: set[str]) -> set[str]:
    text = re.sub(r"https?://\S+|\.[a-z]+\b", " ", text)  # addresses and file endings are typed
    words = _english_words(TYPED.sub(" ", text))
    return words - ALLOWED - commands - choices


def _typed_words() -> tuple[set[str], set[str]]:
    """The subcommand names, and every choice of every option (typed, so ASCII)."""
    p = portal_parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    choices = {
        str(c).lower()
        for parser in [p, *sub.choices.values()]
        for a in parser._actions
        if not isinstance(a, argparse._SubParsersAction)
        for c in (a.choices or ())
    }
    return {part for name in sub.choices for part in name.split("-")}, choices


def test_every_help_text_is_chinese():
    commands, choices = _typed_words()
    texts = _help_texts()
    assert {"validate", "build", "cms", "serve", "new", "init"} <= set(texts)
    for name, text in texts.items():
        assert text.startswith("用法："), name
        assert not _foreign(text, commands, choices), (name, _foreign(text, commands, choices))


def test_the_scan_finds_argparse_english():
    # positive control: a plain argparse parser's help is full of English
    plain = argparse.ArgumentParser(prog="portal")
    plain.add_argument("--today")
    plain.add_argument("dir")
    found = _foreign(plain.format_help(), set(), set())
    assert {"usage", "options", "show", "help", "message", "exit", "positional"} <= found


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "缺少必需的参数"),
        (["nope"], "没有命令“nope”"),
        (["validate", "--format", "x"], "“x”不是可选的值"),
        (["requests", "--year", "x"], "“x”不是有效的整数"),
        (["audit", "--json", "--csv"], "不能与 --json 同时使用"),
        (["new"], "缺少必需的参数：--org、--type"),
        (["build", "--bogus"], "无法识别的参数：--bogus"),
        (["validate", "--json"], "后面需要一个值"),
    ],
)
def test_argparse_errors_are_chinese(args, expected, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", *args],
        cwd=tmp_path,
        env=portal_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert result.stderr.startswith("用法：portal")
    commands, choices = _typed_words()
    assert not _foreign(result.stderr, commands | {"nope"}, choices), result.stderr


def test_translation_of_unknown_forms_never_shows_english():
    assert translate("argument --x: something new") == "参数 --x 有误"
    assert translate("entirely new complaint about --abc") == "命令行参数有误（--abc）"
    assert translate("已经是中文") == "已经是中文"
