"""Reading one mapping's fields key by key, collecting problems in Chinese."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from disclosure_portal.model.fields import (
    CHOICE,
    CHOICE_LIST,
    COUNT,
    CUSTOM,
    DATE,
    DECIMAL,
    FLAG,
    INTEGER,
    TEXT,
    TEXT_LIST,
    YEAR,
    Field,
    labels,
)
from disclosure_portal.model.problems import Collector

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(value: str) -> dt.date | None:
    """The date written as YYYY-MM-DD, or None when it is not a valid one."""
    if not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def describe(value: Any) -> str:
    """How a value of the wrong shape is named in a message (a mapping, a list, or the text)."""
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
        """The key as problems name it (with the reader's prefix)."""
        return f"{self.prefix}{key}"

    def line(self, key: str) -> int | None:
        """The line of `key`, or the reader's fallback line."""
        return self.lines.get(f"{self.line_prefix}{key}", self.fallback_line)

    def error(self, key: str, message: str) -> None:
        """Report an error on `key`."""
        self.problems.error(self.path, self.key_path(key), message, self.line(key))

    def warn(self, key: str, message: str) -> None:
        """Report a warning on `key`."""
        self.problems.warn(self.path, self.key_path(key), message, self.line(key))

    def label(self, key: str) -> str:
        """`key` with its 中文 label, for messages."""
        name = self.labels.get(key)
        return f"“{key}”（{name}）" if name else f"“{key}”"

    def has(self, key: str) -> bool:
        """Whether `key` has a non-empty value."""
        value = self.data.get(key)
        return value not in (None, "", [], {})

    def missing(self, key: str, why: str = "") -> None:
        """Report that a required `key` is absent."""
        self.problems.error(
            self.path,
            self.key_path(key),
            f"缺少必填项 {self.label(key)}{why}",
            self.line(key),
        )

    def text(self, key: str, *, required: bool = False, why: str = "") -> str:
        """The text of `key` (stripped), or "" after reporting a value of another shape."""
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
        """The value of `key` if it is exactly one of `choices`, else "" (reported).

        A vocabulary term is compared as written: one that matches only once blanks or invisible
        characters are removed ("主动公开 ", a full-width space, a zero-width space) is an error
        naming them, and the value is not taken (for `attribute`: the document is withheld)."""
        value = self.text(key, required=required, why=why)
        choices = tuple(choices)
        raw = self.data.get(key)
        if value and isinstance(raw, str) and (problem := _choice_problem(raw, choices)):
            self.error(key, f"{self.label(key)} 的值{problem}")
            return ""
        return value

    def date(self, key: str, *, required: bool = False, why: str = "") -> dt.date | None:
        """The YYYY-MM-DD date of `key`, or None (a malformed date is reported)."""
        value = self.text(key, required=required, why=why)
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(key, f"{self.label(key)} 应为 YYYY-MM-DD 格式的有效日期，实际为“{value}”")
        return parsed

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        """The whole number of `key` (at least `minimum`), or None (reported when malformed)."""
        value = self.text(key)
        if not value:
            return None
        if not re.fullmatch(r"\d+", value) or int(value) < minimum:
            self.error(key, f"{self.label(key)} 应为不小于 {minimum} 的整数，实际为“{value}”")
            return None
        return int(value)

    def decimal(self, key: str) -> str:
        """The non-negative decimal of `key` as written (at most 4 decimals), or "" (reported
        when malformed)."""
        value = self.text(key)
        if value and not re.fullmatch(r"\d+(\.\d{1,4})?", value):
            self.error(
                key,
                f"{self.label(key)} 应为不小于 0 的数（最多 4 位小数，例如 0、12.5），实际为“{value}”",
            )
            return ""
        return value

    def year(self, key: str) -> int | None:
        """The four-digit year of `key`, or None (reported when malformed)."""
        value = self.text(key)
        if not value:
            return None
        if not re.fullmatch(r"(19|20)\d\d", value):
            self.error(key, f"{self.label(key)} 应为四位年份，例如 2025，实际为“{value}”")
            return None
        return int(value)

    def flag(self, key: str) -> bool:
        """`true` / `false` of `key` as a bool (anything else reported, read as False)."""
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
        """The texts listed under `key` (a bare text too where `single_ok`); bad items are reported and skipped."""
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
        """The values listed under `key` that are in `choices`; the others are reported."""
        choices = tuple(choices)
        values = self.text_list(key, required=required, single_ok=True)
        raw = self.data.get(key)
        # the items as written, one for each value (text_list strips them, skips blank ones)
        if isinstance(raw, str):
            written = [raw]
        else:
            written = [v for v in raw or () if isinstance(v, str) and v.strip()]
        good = []
        for value, as_written in zip(values, written, strict=False):
            if problem := _choice_problem(as_written, choices):
                self.error(key, f"{self.label(key)} 中的{problem}")
            else:
                good.append(value)
        return tuple(good)

    def unknown_keys(self, known: Iterable[str], *, as_error: bool = False) -> None:
        """Report every key of the mapping not in `known` (a warning, or an error), with a 您是否想写 hint."""
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


def read_fields(
    r: FieldReader, table: tuple[Field, ...], vocabularies: dict[str, tuple[str, ...]] | None = None
) -> dict[str, Any]:
    """Read every key of `table` (except CUSTOM ones) out of `r`'s mapping, apply the table's
    defaults, then report each required key that is absent, judged on the values read.

    `vocabularies` gives the run-time vocabularies a table names by string (the configured
    document types, the channels). Returns key -> value ("" / None / () when absent or invalid).
    """
    vocabularies = vocabularies or {}
    values: dict[str, Any] = {}
    for f in table:
        if f.kind == CUSTOM:
            continue
        choices = vocabularies[f.choices] if isinstance(f.choices, str) else f.choices
        if f.kind == TEXT:
            value: Any = r.text(f.key)
        elif f.kind == CHOICE:
            value = r.choice(f.key, choices)
        elif f.kind == DATE:
            value = r.date(f.key)
        elif f.kind == INTEGER:
            value = r.integer(f.key, minimum=1)
        elif f.kind == COUNT:
            value = r.integer(f.key, minimum=0)
        elif f.kind == DECIMAL:
            value = r.decimal(f.key)
        elif f.kind == YEAR:
            value = r.year(f.key)
        elif f.kind == FLAG:
            value = r.flag(f.key)
        elif f.kind == TEXT_LIST:
            value = r.text_list(f.key, single_ok=f.single_ok)
        elif f.kind == CHOICE_LIST:
            value = r.choice_list(f.key, choices)
        else:  # pragma: no cover - a table row with an unknown kind is a programming error
            raise ValueError(f"unknown field kind {f.kind!r} for {f.key!r}")
        if f.default and value in ("", None):
            value = f.default
        values[f.key] = value
    for f in table:
        if f.kind != CUSTOM and not r.has(f.key) and f.is_required(values):
            r.missing(f.key, f.required.why.format_map(_Values(values)))
    return values


# blanks and invisible characters a copied value may carry: Unicode separators and format
# characters (zero-width space, BOM, direction marks, soft hyphen) and controls
_INVISIBLE_CATEGORIES = ("Zs", "Zl", "Zp", "Cf", "Cc")


def _visible(text: str) -> str:
    """`text` without blanks and invisible characters."""
    return "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE_CATEGORIES)


def _choice_problem(written: str, choices: tuple[str, ...]) -> str:
    """What is wrong with a vocabulary value as written ("" when it is one of `choices`),
    phrased to follow “… 的值” / “… 中的”."""
    if written in choices:
        return ""
    shown = written.strip() or written
    meant = _visible(written)
    if meant in choices:
        return (
            f"“{shown}”含有多余的空格或不可见字符（{_codes(written, meant)}），"
            f"应恰好为“{meant}”，请删除这些字符"
        )
    return f"“{shown}”无效，应为：{'、'.join(choices)}"


def _codes(written: str, meant: str) -> str:
    """The extra characters of `written`, named by code point (U+3000 …)."""
    extra = sorted({c for c in written if c not in meant})
    return "、".join(f"U+{ord(c):04X}" for c in extra[:5])


class _Values(dict):
    """Values for a message template; a key without a value reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


def reader_for(data: dict[str, Any], table: tuple[Field, ...], **kwargs: Any) -> FieldReader:
    """A FieldReader over `data` whose messages use `table`'s labels."""
    return FieldReader(data, labels=labels(table), **kwargs)


def mapping_reader(
    r: FieldReader, key: str, raw: object, table: tuple[Field, ...], *, strict: bool = False
) -> FieldReader | None:
    """A FieldReader over the mapping under `key` of `r`'s mapping, its keys named
    `<prefix><key>.<field>` (None when absent, or of another shape, which is reported); unknown
    keys in it are errors with `strict`, else warnings."""
    if raw in (None, "", {}):
        return None
    if not isinstance(raw, dict):
        names = "、".join(f.key for f in table)
        r.error(key, f"“{key}”应为映射（{names}），实际是{describe(raw)}")
        return None
    reader = FieldReader(
        raw,
        path=r.path,
        lines=r.lines,
        problems=r.problems,
        prefix=f"{r.line_prefix}{key}.",
        labels=labels(table),
        fallback_line=r.line(key),
        shown_prefix=f"{r.prefix}{key}.",
    )
    reader.unknown_keys(tuple(f.key for f in table), as_error=strict)
    return reader


def list_item_readers(
    r: FieldReader, key: str, table: tuple[Field, ...], *, what: str
) -> tuple[list[FieldReader], bool] | None:
    """A FieldReader over each mapping of the list under `key` of `r`'s mapping (a data-file
    row), its keys named `<row>.<key>[j].<field>`; None when the value is not a list, and False
    beside the readers when an item is not a mapping (both reported). `what` names the list in
    messages (办理过程, 备案记录)."""
    raw = r.data.get(key)
    if not isinstance(raw, list):
        r.error(key, f"“{key}”（{what}）应为列表，实际是{describe(raw)}")
        return None
    readers, ok = [], True
    for j, item in enumerate(raw):
        name = f"{key}[{j}]"
        line = r.lines.get(f"{r.line_prefix}{name}", r.line(key))
        if not isinstance(item, dict):
            r.problems.error(
                r.path,
                f"{r.prefix}{name}",
                f"{what}的第 {j + 1} 项应为一个映射（type、date …），实际是{describe(item)}",
                line,
            )
            ok = False
            continue
        readers.append(
            FieldReader(
                item,
                path=r.path,
                lines=r.lines,
                problems=r.problems,
                prefix=f"{r.line_prefix}{name}.",
                shown_prefix=f"{r.prefix}{name}.",
                labels=labels(table),
                fallback_line=line,
            )
        )
    return readers, ok
