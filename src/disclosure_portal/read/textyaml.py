"""Strict YAML reading where every scalar stays text.

YAML 1.1 implicit typing turns `0123` into 83, `no` into False and `2024-13-45` into an
exception; SPEC.md says values are read as text and interpreted key by key. We compose the
document with PyYAML's BaseLoader (no implicit resolution) and convert nodes ourselves, which
also gives us the line of every key and lets us report duplicate keys.

Hostile input (SPEC guarantee 8) is stopped at the event level, before a node tree is composed:
anchors and aliases are refused (an alias bomb of a kilobyte expands to gigabytes, a recursive
alias never ends) and so is nesting deeper than MAX_DEPTH, so that nothing recurses or expands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (5-10x faster); the same BaseLoader semantics
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
# linear: one run of blanks, an optional "- ", the key (no nested quantifiers over blanks)
FULLWIDTH_KEY_RE = re.compile(r"^[ \t]*(?:-[ \t]*)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*：")
KEY_RE = re.compile(r"^[ \t]*(?:-[ \t]*)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*[:：]")
MAX_DEPTH = 64  # nested lists and mappings; real front matter and catalogs use fewer than 6
ANCHOR_MESSAGE = "不支持 YAML 锚点和别名（&{name} / *{name}），请把内容直接写出来"
DEPTH_MESSAGE = f"YAML 嵌套层数超过 {MAX_DEPTH} 层，无法读取，请检查括号或缩进"


@dataclass
class ParsedYaml:
    """Plain data (str, list, dict) plus the 1-based line of each key path."""

    data: Any = None
    lines: dict[str, int] = field(default_factory=dict)
    # (key path, message, line) for problems found while reading
    problems: list[tuple[str, str, int | None]] = field(default_factory=list)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _convert(node: yaml.Node, path: str, out: ParsedYaml, offset: int) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            child_path = f"{path}[{i}]"
            out.lines.setdefault(child_path, child.start_mark.line + 1 + offset)
            items.append(_convert(child, child_path, out, offset))
        return items
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode):
                out.problems.append((path or "front_matter", "键必须是文本", line))
                continue
            key = key_node.value
            if not key.strip():  # a problem is named by its key: an empty one names nothing
                out.problems.append((path or "", "键不能为空", line))
                continue
            key_path = _join(path, key)
            if key in mapping:
                out.problems.append(
                    (
                        key_path,
                        f"键“{key}”重复出现（第 {out.lines[key_path]} 行已有），请只保留一个",
                        line,
                    )
                )
                continue
            out.lines[key_path] = line
            mapping[key] = _convert(value_node, key_path, out, offset)
        return mapping
    raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover


# libyaml's and PyYAML's problem texts (English) -> what an editor should do, in Chinese. Matched
# by substring, first match wins; nothing of the parser's English ever reaches an editor.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("tab character", "缩进里有制表符（Tab）：YAML 的缩进只能用空格，请把制表符换成空格"),
    ("'\\t'", "这一行有制表符（Tab）：请把制表符换成空格"),
    (
        "mapping values are not allowed",
        "取值中含有“冒号加空格”，或缩进不对：请给整个取值加上半角双引号，或检查这一行和上一行的缩进",
    ),
    (
        "could not find expected ':'",
        "缺少半角冒号“:”（应写成“键: 值”），或上一行的引号、括号没有闭合",
    ),
    ("expected ',' or ']'", "方括号“[ ]”没有闭合：请补上“]”，或给整个取值加上半角双引号"),
    ("expected ',' or '}'", "花括号“{ }”没有闭合：请补上“}”，或给整个取值加上半角双引号"),
    (
        "expected '-' indicator",
        "列表项（“- ”开头的行）缩进不齐，或列表后面紧接着写了别的内容：请检查缩进",
    ),
    ("did not find expected key", "缩进不齐：同一层的项目应当左端对齐，请检查这一行和上一行的缩进"),
    (
        "block sequence entries are not allowed",
        "这里不能开始列表（“- ”）：请检查缩进，或给整个取值加上半角双引号",
    ),
    (
        "unknown escape character",
        "双引号里的反斜杠“\\”后面的字符无效：请写成两个反斜杠，或改用单引号",
    ),
    ("end of stream", "引号或括号没有闭合：请检查这一行的引号是否成对"),
    (
        "expected comment or line break",
        "取值后面还有多余的文字（例如引号闭合以后）：请把整个取值放在一对引号里",
    ),
    (
        "cannot start any token",
        "取值以 YAML 不允许的字符开头（如 @、`、%、制表符）：请给整个取值加上半角双引号",
    ),
    (
        "expected node content",
        "缺少取值，或取值以 YAML 的特殊字符开头：请给整个取值加上半角双引号",
    ),
    (
        "alphabetic or numeric character",
        "“&”或“*”后面的字符无效：如果是普通文字，请给整个取值加上引号",
    ),
    ("document indicator", "正文或取值中有一行以“---”或“...”开头：请给取值加上引号，或改写这一行"),
    ("document start", "内容不是“键: 值”的形式，或缩进不齐：请检查这一行"),
    ("control characters", "含有不可见的控制字符：请删除（常见于从其他软件复制的文字）"),
    (
        "special characters are not allowed",
        "含有不可见的控制字符：请删除（常见于从其他软件复制的文字）",
    ),
    ("utf-8", "含有无效的 UTF-8 字节：请把文件另存为 UTF-8 编码"),
    ("unicode", "含有无效的字符：请把文件另存为 UTF-8 编码"),
    ("tag", "以“!”开头的取值会被 YAML 当作标签：请给整个取值加上半角双引号"),
    ("directive", "以“%”开头的行会被 YAML 当作指令：请给取值加上引号，或改写这一行"),
    ("anchor", "“&”或“*”开头的取值会被 YAML 当作锚点或别名：如果是普通文字，请给整个取值加上引号"),
    ("alias", "“&”或“*”开头的取值会被 YAML 当作锚点或别名：如果是普通文字，请给整个取值加上引号"),
)
YAML_GENERIC = "请检查这一行和上一行的缩进、半角冒号、引号和括号"
YAML_PREFIX = "YAML 格式错误，无法解析："
TAB_MESSAGE = (
    "这一行的行首有制表符（Tab）：YAML 的缩进只能用空格，有制表符的 front matter 或目录文件"
    "整个无法读取；请把制表符换成空格"
)


def yaml_problem_chinese(problem: str) -> str:
    """The Chinese advice for a PyYAML/libyaml problem text (never the English itself)."""
    lower = problem.lower()
    for needle, chinese in _YAML_PROBLEMS:
        if needle.lower() in lower:
            return chinese
    return YAML_GENERIC


def yaml_error_message(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """A Chinese message for a PyYAML error and its 1-based line (None when PyYAML gives none).

    The line is relative to the text that was parsed: callers add their own offset. The
    parser's English is translated (see _YAML_PROBLEMS), never shown.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in problem:  # libyaml's own limit on flow nesting
        return DEPTH_MESSAGE, line
    return YAML_PREFIX + yaml_problem_chinese(problem), line


def fullwidth_colon_lines(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Lines where a key is followed by a full-width colon, which YAML does not see as a key."""
    found = []
    for i, line in enumerate(text.splitlines()):
        m = FULLWIDTH_KEY_RE.match(line)
        if m and ":" not in line[: m.end()]:
            found.append((m.group(1), i + 1 + offset))
    return found


def tab_lines(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Lines whose indentation holds a Tab (YAML refuses it), with the key written on the line
    ("" when there is none): the Tab is named in Chinese on its own line."""
    found = []
    for i, line in enumerate(text.splitlines()):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            m = KEY_RE.match(line)
            found.append((m.group(1) if m else "", i + 1 + offset))
    return found


def parse_text_yaml(text: str, offset: int = 0) -> ParsedYaml:
    """Parse `text` with every scalar as a string; `offset` is added to line numbers."""
    out = ParsedYaml()
    named: set[int] = set()  # lines whose problem is already named in Chinese
    for key, line in fullwidth_colon_lines(text, offset):
        out.problems.append(
            (key, f"键“{key}”后面用了全角冒号“：”，YAML 不会把它当作键；请改为半角冒号“:”", line)
        )
        named.add(line)
    try:
        refused = refusal(text)
        if refused is not None:
            message, line = refused
            out.problems.append(("", message, line + offset))
            return out
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        message, line = yaml_error_message(exc)
        at = line + offset if line else None
        # a Tab in an indentation is what YAML refuses (inside a block of text it may be
        # content, so it is named only when the text does not parse)
        for key, tab_line in tab_lines(text, offset):
            out.problems.append((key, TAB_MESSAGE, tab_line))
            named.add(tab_line)
        # the parser's complaint about a line already named (a Tab, a full-width colon), or
        # about the line after it, where the parser notices it, adds nothing for an editor
        if at is None or not named & {at, at - 1}:
            out.problems.append(("", message, at))
        return out
    except UnicodeError:  # a lone surrogate: not from a file read as UTF-8, but never a crash
        out.problems.append(("", "含有无法编码的字符（不成对的代理码位），无法解析", None))
        return out
    out.data = None if node is None else _convert(node, "", out, offset)
    return out


def refusal(text: str, *, anchors: bool = False) -> tuple[str, int] | None:
    """Why `text` may not be composed (an anchor or alias unless `anchors`, too deep a nesting)
    and the 1-based line, judged on the parser's events so that nothing is expanded or recursed
    into; None when it may be composed. A YAML syntax error propagates as yaml.YAMLError."""
    if _plain(text, anchors):
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1
        # an AliasEvent, or a node event carrying an anchor
        if not anchors and getattr(event, "anchor", None) is not None:
            return ANCHOR_MESSAGE.format(name=_short(event.anchor)), line
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return DEPTH_MESSAGE, line
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


# Each level of nesting starts with one of these (a block sequence's "-", a key's ":" or "?", a
# flow collection's bracket): a text holding fewer of them cannot nest deeper than that
_NESTING = ("-", ":", "?", "[", "{")


def _plain(text: str, anchors: bool) -> bool:
    """Whether `text` can hold no anchor or alias (no "&" or "*", unless `anchors` are allowed)
    and cannot nest deeper than MAX_DEPTH: `refusal` then has nothing to find, and the parser's
    events need not be read (most front matter; the parser runs once, in yaml.compose)."""
    if not anchors and ("&" in text or "*" in text):
        return False
    return sum(text.count(c) for c in _NESTING) <= MAX_DEPTH


def _short(name: str | None) -> str:
    name = name or ""
    return name if len(name) <= 20 else name[:20] + "…"
