"""Reading one mapping's fields key by key, collecting problems in Chinese."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

from disclosure_portal.model.problems import Collector

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str) -> dt.date | None:
    if not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def describe(value: Any) -> str:
    if isinstance(value, dict):
        return "一个映射（键: 值）"
    if isinstance(value, list):
        return "一个列表"
    return f"“{value}”"


class FieldReader:
    """Reads typed values out of one YAML mapping whose scalars are all text.

    `prefix` is prepended to keys in problems (``items[2].``); `lines` maps key paths to lines.
    """

    def __init__(
        self,
        data: dict[str, Any],
        *,
        path: str,
        lines: dict[str, int],
        problems: Collector,
        prefix: str = "",
        labels: dict[str, str] | None = None,
        fallback_line: int | None = None,
        shown_prefix: str | None = None,
    ) -> None:
        self.data = data
        self.path = path
        self.lines = lines
        self.problems = problems
        self.line_prefix = prefix  # where the lines are recorded (items[3].)
        self.prefix = (
            prefix if shown_prefix is None else shown_prefix
        )  # what problems say (items[shjz-04].)
        self.labels = labels or {}
        self.fallback_line = fallback_line

    def key_path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def line(self, key: str) -> int | None:
        return self.lines.get(f"{self.line_prefix}{key}", self.fallback_line)

    def error(self, key: str, message: str) -> None:
        self.problems.error(self.path, self.key_path(key), message, self.line(key))

    def warn(self, key: str, message: str) -> None:
        self.problems.warn(self.path, self.key_path(key), message, self.line(key))

    def label(self, key: str) -> str:
        name = self.labels.get(key)
        return f"“{key}”（{name}）" if name else f"“{key}”"

    def has(self, key: str) -> bool:
        value = self.data.get(key)
        return value not in (None, "", [], {})

    def missing(self, key: str, why: str = "") -> None:
        self.problems.error(
            self.path,
            self.key_path(key),
            f"缺少必填项 {self.label(key)}{why}",
            self.line(key),
        )

    def text(self, key: str, *, required: bool = False, why: str = "") -> str:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.missing(key, why)
            return ""
        if not isinstance(value, str):
            self.error(key, f"{self.label(key)} 应为一段文本，实际是{describe(value)}")
            return ""
        return value.strip()

    def choice(
        self, key: str, choices: Iterable[str], *, required: bool = False, why: str = ""
    ) -> str:
        value = self.text(key, required=required, why=why)
        choices = tuple(choices)
        if value and value not in choices:
            self.error(key, f"{self.label(key)} 的值“{value}”无效，应为：{'、'.join(choices)}")
            return ""
        return value

    def date(self, key: str, *, required: bool = False, why: str = "") -> dt.date | None:
        value = self.text(key, required=required, why=why)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(key, f"{self.label(key)} 应为 YYYY-MM-DD 格式的有效日期，实际为“{value}”")
        return parsed

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        value = self.text(key)
        if not value:
            return None
        if not re.fullmatch(r"\d+", value) or int(value) < minimum:
            self.error(key, f"{self.label(key)} 应为不小于 {minimum} 的整数，实际为“{value}”")
            return None
        return int(value)

    def flag(self, key: str) -> bool:
        value = self.text(key)
        if not value:
            return False
        if value not in ("true", "false"):
            self.error(key, f"{self.label(key)} 应为 true 或 false，实际为“{value}”")
            return False
        return value == "true"

    def text_list(
        self, key: str, *, required: bool = False, single_ok: bool = False, why: str = ""
    ) -> tuple[str, ...]:
        value = self.data.get(key)
        if value in (None, "", []):
            if required:
                self.missing(key, why)
            return ()
        if isinstance(value, str):
            if single_ok:
                return (value.strip(),)
            self.error(
                key, f"{self.label(key)} 应为列表（每行以“- ”开头），实际是{describe(value)}"
            )
            return ()
        if not isinstance(value, list):
            self.error(key, f"{self.label(key)} 应为列表，实际是{describe(value)}")
            return ()
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problems.error(
                    self.path,
                    f"{self.key_path(key)}[{i}]",
                    f"{self.label(key)} 的第 {i + 1} 项应为非空文本，实际是{describe(item)}",
                    self.lines.get(f"{self.line_prefix}{key}[{i}]", self.line(key)),
                )
                continue
            out.append(item.strip())
        return tuple(out)

    def choice_list(
        self, key: str, choices: Iterable[str], *, required: bool = False
    ) -> tuple[str, ...]:
        choices = tuple(choices)
        values = self.text_list(key, required=required, single_ok=True)
        good = []
        for value in values:
            if value in choices:
                good.append(value)
            else:
                self.error(key, f"{self.label(key)} 中的“{value}”无效，应为：{'、'.join(choices)}")
        return tuple(good)

    def unknown_keys(self, known: Iterable[str], *, as_error: bool = False) -> None:
        known = tuple(known)
        for key in self.data:
            if key in known:
                continue
            hint = difflib.get_close_matches(key, known, n=1)
            suggestion = f"，您是否想写“{hint[0]}”？" if hint else ""
            message = f"未知的键“{key}”{suggestion}"
            if as_error:
                self.error(key, message)
            else:
                self.warn(key, message)
