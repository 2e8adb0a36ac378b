"""Split a Markdown file into front matter and body, strictly."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from disclosure_portal.read.textyaml import parse_text_yaml

FENCE_RE = re.compile(r"^(---|\.\.\.)\s*$")


@dataclass
class FrontMatter:
    """A Markdown file split: metadata (every value text), key lines, body and problems.

    `meta` is empty when the block is missing or unreadable; `problems` then says why.
    """

    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line of the first body line
    # (key, message, line); key "front_matter" for problems of the block itself
    problems: list[tuple[str, str, int | None]] = field(default_factory=list)
    has_block: bool = False


def normalized_text(text: str) -> str:
    """A Markdown text as it is split: BOMs at its start dropped, CRLF and CR read as LF (the
    body of `split_front_matter` is the end of this text)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> FrontMatter:
    """Parse the YAML front matter of a Markdown text (BOM and CRLF tolerated)."""
    text = normalized_text(text)
    lines = text.split("\n")
    result = FrontMatter(body=text)
    if not lines or lines[0].rstrip() != "---":
        result.problems.append(
            ("front_matter", "文件开头没有 front matter（以 --- 开始和结束的 YAML 块）", 1)
        )
        return result
    end = next((i for i in range(1, len(lines)) if FENCE_RE.match(lines[i])), None)
    if end is None:
        result.problems.append(("front_matter", "front matter 没有以 --- 结束", 1))
        return result
    result.has_block = True
    result.body = "\n".join(lines[end + 1 :])
    result.body_line = end + 2
    parsed = parse_text_yaml("\n".join(lines[1:end]), offset=1)
    result.lines = parsed.lines
    for key, message, line in parsed.problems:
        result.problems.append((key or "front_matter", message, line))
    if parsed.data is None:
        if not parsed.problems:
            result.problems.append(("front_matter", "front matter 是空的", 1))
        return result
    if not isinstance(parsed.data, dict):
        result.problems.append(("front_matter", "front matter 必须是“键: 值”的映射", 2))
        return result
    result.meta = parsed.data
    return result
