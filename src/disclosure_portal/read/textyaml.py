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


def yaml_error_message(exc: yaml.YAMLError) -> tuple[str, int | None]:
    """A Chinese message for a PyYAML error and its 1-based line (None when PyYAML gives none).

    The line is relative to the text that was parsed: callers add their own offset.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in problem:  # libyaml's own limit on flow nesting
        return DEPTH_MESSAGE, line
    return f"YAML 格式错误，无法解析：{problem}", line


def fullwidth_colon_lines(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Lines where a key is followed by a full-width colon, which YAML does not see as a key."""
    found = []
    for i, line in enumerate(text.splitlines()):
        m = FULLWIDTH_KEY_RE.match(line)
        if m and ":" not in line[: m.end()]:
            found.append((m.group(1), i + 1 + offset))
    return found


def parse_text_yaml(text: str, offset: int = 0) -> ParsedYaml:
    """Parse `text` with every scalar as a string; `offset` is added to line numbers."""
    out = ParsedYaml()
    for key, line in fullwidth_colon_lines(text, offset):
        out.problems.append(
            (key, f"键“{key}”后面用了全角冒号“：”，YAML 不会把它当作键；请改为半角冒号“:”", line)
        )
    try:
        refused = refusal(text)
        if refused is not None:
            message, line = refused
            out.problems.append(("", message, line + offset))
            return out
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        message, line = yaml_error_message(exc)
        out.problems.append(("", message, line + offset if line else None))
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


def _short(name: str | None) -> str:
    name = name or ""
    return name if len(name) <= 20 else name[:20] + "…"
