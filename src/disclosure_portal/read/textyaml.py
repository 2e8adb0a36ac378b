"""Strict YAML reading where every scalar stays text.

YAML 1.1 implicit typing turns `0123` into 83, `no` into False and `2024-13-45` into an
exception; SPEC.md says values are read as text and interpreted key by key. We compose the
document with PyYAML's BaseLoader (no implicit resolution) and convert nodes ourselves, which
also gives us the line of every key and lets us report duplicate keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (5-10x faster); the same BaseLoader semantics
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
FULLWIDTH_KEY_RE = re.compile(r"^(\s*-?\s*)([A-Za-z_][A-Za-z0-9_]*)\s*：")


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
    return f"YAML 格式错误，无法解析：{problem}", line


def fullwidth_colon_lines(text: str, offset: int = 0) -> list[tuple[str, int]]:
    """Lines where a key is followed by a full-width colon, which YAML does not see as a key."""
    found = []
    for i, line in enumerate(text.splitlines()):
        m = FULLWIDTH_KEY_RE.match(line)
        if m and ":" not in line[: m.end()]:
            found.append((m.group(2), i + 1 + offset))
    return found


def parse_text_yaml(text: str, offset: int = 0) -> ParsedYaml:
    """Parse `text` with every scalar as a string; `offset` is added to line numbers."""
    out = ParsedYaml()
    for key, line in fullwidth_colon_lines(text, offset):
        out.problems.append(
            (key, f"键“{key}”后面用了全角冒号“：”，YAML 不会把它当作键；请改为半角冒号“:”", line)
        )
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        message, line = yaml_error_message(exc)
        out.problems.append(("", message, line + offset if line else None))
        out.data = None
        return out
    out.data = None if node is None else _convert(node, "", out, offset)
    return out
