"""The Chinese layer over argparse: `portal`'s help, usage and error messages in Chinese
(SPEC: every command's help and messages are in Chinese).

argparse writes its own words in English: "usage:", the group titles, the help of -h, the
metavars it makes from option names, and its error messages. Here a parser class (every
subcommand's parser is of the same class, so a new subcommand is covered without more work) sets
the titles and -h, a formatter writes 用法 and Chinese metavars, and `error()` translates
argparse's message before printing it. The translation works on the message argparse has
already formatted: each known English form is matched whole; a form not known here is never
shown in English (a Chinese sentence with the option names it mentions stands for it).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE = "用法："
HELP = "显示本帮助并退出"
VERSION_HELP = "显示版本号并退出"
DEFAULT_ADDRESS = "127.0.0.1:8000"  # `portal serve`'s (serve.py), named in its help
POSITIONALS = "位置参数"
OPTIONALS = "选项"
COMMANDS = "命令"
COMMANDS_HELP = "下列命令之一；“portal 命令 -h”显示该命令的用法"

# Chinese metavars for the values of options and positionals (argparse would print the option's
# name in capitals: TODAY, FILE, DIR)
METAVARS = {
    "today": "日期",
    "json": "文件",
    "since": "起点",
    "org": "机构",
    "year": "年份",
    "site_dir": "目录",
    "dir": "目录",
    "title": "标题",
    "slug": "文件名",
    "type": "类别",
    "format": "格式",
    "section": "部分",
    "address": "地址:端口",
    "key": "公钥",
    "site": "网站",
}
DEFAULT_METAVAR = "值"

_QUOTED = r"'((?:[^'\\]|\\.)*)'"


def _words(text: str) -> str:
    """A list argparse wrote as `'a', 'b'` or `a, b`, as 中文 enumeration: a、b."""
    items = [m.group(1) for m in re.finditer(_QUOTED, text)] or [t.strip() for t in text.split(",")]
    return "、".join(i for i in items if i)


def _value(text: str) -> str:
    m = re.fullmatch(_QUOTED, text.strip())
    return m.group(1) if m else text.strip()


_TYPES = {"int": "整数", "float": "数", "str": "文本"}

# argparse's inner messages (after "argument X: ") and whole messages, English -> Chinese
_INNER: tuple[tuple[re.Pattern[str], object], ...] = (
    (
        re.compile(r"invalid choice: (.+?) \(choose from (.+)\)$", re.S),
        lambda m: f"“{_value(m[1])}”不是可选的值，应为：{_words(m[2])}",
    ),
    (
        re.compile(r"invalid (\w+) value: (.+)$", re.S),
        lambda m: f"“{_value(m[2])}”不是有效的{_TYPES.get(m[1], '值')}",
    ),
    (re.compile(r"expected one argument$"), lambda m: "后面需要一个值"),
    (re.compile(r"expected at most one argument$"), lambda m: "后面最多只能有一个值"),
    (re.compile(r"expected at least one argument$"), lambda m: "后面至少需要一个值"),
    (re.compile(r"expected (\d+) arguments?$"), lambda m: f"后面需要 {m[1]} 个值"),
    (re.compile(r"not allowed with argument (.+)$"), lambda m: f"不能与 {m[1]} 同时使用"),
    (
        re.compile(r"ignored explicit argument (.+)$"),
        lambda m: f"不接受值“{_value(m[1])}”",
    ),
)
_WHOLE: tuple[tuple[re.Pattern[str], object], ...] = (
    (
        re.compile(r"the following arguments are required: (.+)$", re.S),
        lambda m: f"缺少必需的参数：{_words(m[1])}",
    ),
    (
        re.compile(r"one of the arguments (.+) is required$", re.S),
        lambda m: f"以下参数必须写一个：{_words(m[1].replace(' ', ','))}",
    ),
    (
        re.compile(r"unrecognized arguments?: (.+)$", re.S),
        lambda m: f"无法识别的参数：{m[1]}",
    ),
    (
        re.compile(r"ambiguous option: (\S+) could match (.+)$", re.S),
        lambda m: f"选项 {m[1]} 有歧义，可能是：{_words(m[2])}",
    ),
    (
        re.compile(r"unknown parser (.+?) \(choices: (.+)\)$", re.S),
        lambda m: f"没有命令“{_value(m[1])}”，可用的命令：{_words(m[2])}",
    ),
    (
        re.compile(r"can't open (.+?): (.+)$", re.S),
        lambda m: f"无法打开文件“{_value(m[1])}”",
    ),
)
_ARGUMENT = re.compile(r"argument (.+?): (.+)$", re.S)
_OPTION = re.compile(r"(?<![\w-])(-{1,2}[A-Za-z][\w-]*)")


def translate(message: str) -> str:
    """argparse's (English) error message in Chinese; never the English itself."""
    for pattern, make in _WHOLE:
        if m := pattern.match(message):
            return make(m)  # type: ignore[operator]
    if m := _ARGUMENT.match(message):
        name, inner = m[1], m[2]
        if name == COMMANDS and (c := _INNER[0][0].match(inner)):
            return f"没有命令“{_value(c[1])}”，可用的命令：{_words(c[2])}"
        for pattern, make in _INNER:
            if i := pattern.match(inner):
                return f"参数 {name} {make(i)}"  # type: ignore[operator]
        return f"参数 {name} 有误"
    if any("\u4e00" <= c <= "\u9fff" for c in message):  # already ours (Chinese)
        return message
    options = "、".join(dict.fromkeys(_OPTION.findall(message)))
    return f"命令行参数有误（{options}）" if options else "命令行参数有误"


class ChineseHelpFormatter(argparse.HelpFormatter):
    """用法 for usage, Chinese metavars for option values."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[override]
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, DEFAULT_METAVAR)

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, DEFAULT_METAVAR)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese; subparsers made from it are of this class too."""

    def __init__(self, *args, **kwargs) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if add_help:
            self.add_argument("-h", "--help", action="help", help=HELP)

    def add_subparsers(self, **kwargs):  # type: ignore[override]
        kwargs.setdefault("title", COMMANDS)
        kwargs.setdefault("metavar", COMMANDS)
        kwargs.setdefault("help", COMMANDS_HELP)
        return super().add_subparsers(**kwargs)

    def error(self, message: str) -> NoReturn:
        """Usage and the message in Chinese on stderr; exit status 2, as argparse's."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n")
