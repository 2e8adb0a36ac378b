"""The three tables of the annual report: their labels, verbatim from 国办公开办函〔2021〕30号 (SPEC:
Annual report, "Labels, verbatim"), and the reading and checking of tables typed in a
hand-entered report's Markdown body (SPEC: Hand-entered reports)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from disclosure_portal.model.vocab import APPLICANTS, REQUEST_RESULTS

# ---- Table A (二、主动公开政府信息情况) ----
A_HEADER = "信息内容"
A_SECTIONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (section row, header cells after 信息内容, data row labels)
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        ("规章", "行政规范性文件"),
    ),
    ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
)
A_ROWS = tuple(label for _, _, rows in A_SECTIONS for label in rows)
A_SECTION_ROWS = tuple(section for section, _, _ in A_SECTIONS)
A_FEES = "行政事业性收费"

# ---- Table B (三、收到和处理政府信息公开申请情况) ----
B_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
B_OVER = "申请人情况"
B_LEGAL = "法人或其他组织"
B_TOTAL = "总计"
B_COLUMNS = (*APPLICANTS, B_TOTAL)  # 自然人, the five 法人或其他组织 columns, 总计
B_RECEIVED = "一、本年新收政府信息公开申请数量"
B_CARRIED_IN = "二、上年结转政府信息公开申请数量"
B_RESULTS = "三、本年度办理结果"
B_CONCLUDED = "（七）总计"
B_CARRIED_OUT = "四、结转下年度继续办理"
# the groups of 三: (group label, the results counted under it); a group of one result is a
# leaf itself, the others have numbered sub-rows
B_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("（一）予以公开", REQUEST_RESULTS[0:1]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", REQUEST_RESULTS[1:2]),
    ("（三）不予公开", REQUEST_RESULTS[2:10]),
    ("（四）无法提供", REQUEST_RESULTS[10:13]),
    ("（五）不予处理", REQUEST_RESULTS[13:18]),
    ("（六）其他处理", REQUEST_RESULTS[18:21]),
)


def b_leaves() -> list[tuple[str, str]]:
    """(row label, result) for the 21 leaves of 三, in the format's order."""
    out = []
    for group, results in B_GROUPS:
        if len(results) == 1:
            out.append((group, results[0]))
        else:
            out += [(f"{n}.{result}", result) for n, result in enumerate(results, start=1)]
    return out


B_LEAVES = tuple(label for label, _ in b_leaves())
B_GROUP_ROWS = (B_RESULTS, *(g for g, results in B_GROUPS if len(results) > 1))
B_ROWS = (
    B_RECEIVED,
    B_CARRIED_IN,
    B_RESULTS,
    *B_LEAVES,
    *B_GROUP_ROWS[1:],
    B_CONCLUDED,
    B_CARRIED_OUT,
)

# ---- Table C (四、政府信息公开行政复议、行政诉讼情况) ----
C_REVIEW = "行政复议"
C_SUIT = "行政诉讼"
C_DIRECT = "未经复议直接起诉"
C_AFTER = "复议后起诉"
C_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
C_TOTAL = "总计"
C_ROWS = (C_REVIEW, C_DIRECT, C_AFTER)

# the narrative lines the tables follow (SPEC: Rendering)
SECTION_TITLES = {
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "六": "六、其他需要报告的事项",
}

# ---- reading Markdown tables ----
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ROW_RE = re.compile(r"^\s{0,3}\|")
_SEPARATOR_RE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_HTML_CELL_RE = re.compile(r"<t[dh]\b[^>]*>\s*(?:<[^>]+>\s*)*([^<]+?)\s*<", re.IGNORECASE)
_DECORATION = re.compile(r"[*_`\s\u3000]+")
NUMBER_RE = re.compile(r"\d+")
DECIMAL_RE = re.compile(r"\d+(\.\d+)?")


def clean(cell: str) -> str:
    """A cell's text without emphasis marks and blanks (`**规章**` → 规章)."""
    return _DECORATION.sub("", cell)


_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
# after NFKC, which makes the full-width full stop and comma ASCII
_ARABIC_MARK = re.compile(r"^(\d+)[、.,]")
_CHINESE_MARK = re.compile(r"^([一二三四五六七八九十]+)[、.,]")


def fold_label(text: str) -> str:
    """A row label in the form labels are compared in, as people type them: full-width and
    half-width forms alike (（一） and (一), ： and :, full-width and ASCII digits), without
    blanks, emphasis or quotation marks, and a list number's mark in one form (1、 and 1. and a
    full-width full stop → 1.; 一. → 一、)."""
    folded = _QUOTES.sub("", unicodedata.normalize("NFKC", clean(text)))
    folded = _ARABIC_MARK.sub(r"\1.", folded)
    return _CHINESE_MARK.sub(r"\1、", folded)


def official(cell: str) -> str:
    """The official row label (SPEC: Labels, verbatim) a typed cell means, in its official form;
    the cleaned cell itself when it means none."""
    return _OFFICIAL_BY_FOLD.get(fold_label(cell), clean(cell))


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", text)]


@dataclass
class MarkdownTable:
    """One pipe table of a body: header cells, then (line, cells) of each data row (lines 1-based
    in the body)."""

    line: int
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def markdown_tables(body: str) -> list[MarkdownTable]:
    """Every pipe table of a Markdown body (outside code fences)."""
    tables: list[MarkdownTable] = []
    lines = body.splitlines()
    fence = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE_RE.match(line)
        if m and (not fence or m.group(1)[0] == fence[0]):
            fence = "" if fence else m.group(1)
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not fence and _ROW_RE.match(line) and _SEPARATOR_RE.match(nxt) and "-" in nxt:
            table = MarkdownTable(i + 1, [clean(c) for c in _cells(line)])
            i += 2
            while i < len(lines) and _ROW_RE.match(lines[i]):
                table.rows.append((i + 1, _cells(lines[i])))
                i += 1
            tables.append(table)
            continue
        i += 1
    return tables


OFFICIAL_ROWS = frozenset((*A_ROWS, *A_SECTION_ROWS, *B_ROWS, *C_ROWS))
_OFFICIAL_BY_FOLD = {fold_label(label): label for label in (*OFFICIAL_ROWS, A_HEADER)}


def official_rows(body: str) -> list[int]:
    """Lines of the body (1-based) holding a table row with an official row label: a Markdown
    table row or an HTML cell (a typed table)."""
    found = []
    for table in markdown_tables(body):
        found += [
            line for line, cells in table.rows if cells and official(cells[0]) in OFFICIAL_ROWS
        ]
    fence = ""
    for n, line in enumerate(body.splitlines(), start=1):
        if m := _FENCE_RE.match(line):
            fence = "" if fence else m.group(1)
            continue
        if not fence and any(official(c) in OFFICIAL_ROWS for c in _HTML_CELL_RE.findall(line)):
            found.append(n)
    return sorted(set(found))


@dataclass
class TypedTables:
    """The tables typed in a hand-entered report, as read (numbers by row label and column)."""

    table_b: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line in body, message)


def _number(cell: str, decimal: bool = False) -> int | Decimal | None:
    text = clean(cell).replace(",", "")
    if decimal and DECIMAL_RE.fullmatch(text):
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
    if NUMBER_RE.fullmatch(text):
        return int(text)
    return None


def _check_cells(
    out: TypedTables, line: int, label: str, cells: list[str], decimal: bool = False
) -> list[int | Decimal | None]:
    values = [_number(c, decimal) for c in cells]
    for cell, value in zip(cells, values, strict=True):
        if value is None and clean(cell):
            out.problems.append((line, f"“{label}”行的“{cell.strip()}”不是非负数"))
        elif value is None:
            out.problems.append((line, f"“{label}”行有空白单元格，应填数字（没有填 0）"))
    return values


def _unofficial(out: TypedTables, line: int, label: str, table: str) -> None:
    out.problems.append(
        (line, f"{table}的行标题“{label}”不是年报格式（国办公开办函〔2021〕30号）的规定项目")
    )


def _read_table_a(table: MarkdownTable, out: TypedTables) -> None:
    for line, cells in table.rows:
        label = official(cells[0]) if cells else ""
        if not label:
            continue
        if label in A_SECTION_ROWS or label == A_HEADER:
            continue
        if label not in A_ROWS:
            _unofficial(out, line, label, "表二（主动公开）")
            continue
        width = 3 if label in ("规章", "行政规范性文件") else 1
        data = (cells[1 : 1 + width] + [""] * width)[:width]
        _check_cells(out, line, label, data[:width], decimal=label == A_FEES)


def _columns(header: list[str], names: tuple[str, ...]) -> dict[str, int] | None:
    """Column index (in a row's cells) of each name, by the header's text; by position when the
    header has exactly one cell per name after the label."""
    found = {name: header.index(name) for name in names if name in header}
    if len(found) == len(names):
        return found
    if len(header) == len(names) + 1:
        return {name: i + 1 for i, name in enumerate(names)}
    return None


def _read_table_b(table: MarkdownTable, out: TypedTables) -> None:
    columns = _columns(table.header, B_COLUMNS)
    if columns is None:
        out.problems.append(
            (table.line, f"表三的表头应依次为：{'、'.join(B_COLUMNS)}，无法按列核对")
        )
        return
    lines: dict[str, int] = {}
    for line, cells in table.rows:
        label = official(cells[0]) if cells else ""
        if not label:
            continue
        if label not in B_ROWS:
            _unofficial(out, line, label, "表三（依申请公开）")
            continue
        values = [cells[i] if i < len(cells) else "" for i in columns.values()]
        if label in B_GROUP_ROWS and not any(clean(v) for v in values):
            continue  # a group row with empty cells
        numbers = _check_cells(out, line, label, values)
        row = {name: n for name, n in zip(columns, numbers, strict=True) if isinstance(n, int)}
        out.table_b[label] = row
        lines[label] = line
        six = [row.get(c) for c in APPLICANTS]
        if None not in six and row.get(B_TOTAL) is not None and sum(six) != row[B_TOTAL]:  # type: ignore[arg-type]
            out.problems.append(
                (line, f"“{label}”行：总计 {row[B_TOTAL]} ≠ 六类申请人之和 {sum(six)}")  # type: ignore[arg-type]
            )
    b = out.table_b
    for column in B_COLUMNS:
        leaves = [b[leaf][column] for leaf in B_LEAVES if column in b.get(leaf, {})]
        concluded = b.get(B_CONCLUDED, {}).get(column)
        if concluded is not None and leaves and sum(leaves) != concluded:
            out.problems.append(
                (
                    lines[B_CONCLUDED],
                    f"“{column}”列：（七）总计 {concluded} ≠ 21 项办理结果之和 {sum(leaves)}",
                )
            )
        four = [
            b.get(r, {}).get(column) for r in (B_RECEIVED, B_CARRIED_IN, B_CONCLUDED, B_CARRIED_OUT)
        ]
        if None not in four and four[0] + four[1] != four[2] + four[3]:  # type: ignore[operator]
            out.problems.append(
                (
                    lines[B_CARRIED_OUT],
                    f"“{column}”列：第一项加第二项之和（{four[0]}+{four[1]}）"
                    f"不等于第三项（七）总计加第四项之和（{four[2]}+{four[3]}）",
                )
            )


def _read_table_c(table: MarkdownTable, out: TypedTables) -> None:
    names = (*C_RESULTS, C_TOTAL)
    columns = _columns(table.header, names)
    if columns is None:  # pragma: no cover - a Table C is recognised by these header names
        return
    for line, cells in table.rows:
        label = official(cells[0]) if cells else ""
        if not label:
            continue
        if label not in C_ROWS:
            _unofficial(out, line, label, "表四（复议诉讼）")
            continue
        values = [cells[i] if i < len(cells) else "" for i in columns.values()]
        numbers = _check_cells(out, line, label, values)
        if all(isinstance(n, int) for n in numbers) and sum(numbers[:4]) != numbers[4]:  # type: ignore[arg-type]
            out.problems.append(
                (
                    line,
                    f"“{label}”行：总计 {numbers[4]} ≠ 结果维持、结果纠正、其他结果、尚未审结之和 {sum(numbers[:4])}",
                )  # type: ignore[arg-type]
            )


def parse(body: str) -> TypedTables:
    """Read the typed Tables A, B and C of a hand-entered report's body, with their problems."""
    out = TypedTables()
    for table in markdown_tables(body):
        header = table.header
        if header and header[0].startswith(A_HEADER):
            _read_table_a(table, out)
        elif "自然人" in header and B_TOTAL in header:
            _read_table_b(table, out)
        elif all(name in header for name in (*C_RESULTS, C_TOTAL)):
            _read_table_c(table, out)
    return out


def check(typed: TypedTables) -> list[tuple[int, str]]:
    """The warnings of a hand-entered report's tables: (line in the body, message)."""
    return [(line, f"手工填写的年报表格：{message}") for line, message in typed.problems]
