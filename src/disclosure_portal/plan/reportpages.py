"""The computed annual report's page: Tables A, B and C as HTML tables with the format's merged
cells, put into the narrative body after its 二、, 三、 and 四、 lines (SPEC: Annual report,
Rendering), and the 信息处理费 of the year under 六、.

Only numbers and the format's fixed labels are printed, each escaped."""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape

from disclosure_portal.rules import reporttables as t
from disclosure_portal.rules.annualreport import Report, TableA, TableC
from disclosure_portal.rules.tableb import TableB

_LINE_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+)?(?:[*_]{1,3})?\s*(?P<num>[一二三四五六七八九十]+)、")
_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CLASS = "portal-report"


def _th(text: str, *, scope: str = "", colspan: int = 1, rowspan: int = 1, cls: str = "") -> str:
    attrs = "".join(
        (
            f' scope="{scope}"' if scope else "",
            f' colspan="{colspan}"' if colspan > 1 else "",
            f' rowspan="{rowspan}"' if rowspan > 1 else "",
            f' class="{cls}"' if cls else "",
        )
    )
    return f"<th{attrs}>{escape(text)}</th>"


def _td(value: object, colspan: int = 1) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    return f"<td{span}>{escape(str(value))}</td>"


# the section each table belongs to: the name of its scrolling region
_REGION = {"a": t.SECTION_TITLES["二"], "b": t.SECTION_TITLES["三"], "c": t.SECTION_TITLES["四"]}


def _wrap(name: str, rows: list[str], head: int) -> str:
    """A table in a scrolling wrapper; the first `head` rows form its head. The wrapper is a
    named region the keyboard can reach (on a phone it scrolls sideways: arrow keys scroll it)."""
    thead = "".join(f"<tr>{r}</tr>" for r in rows[:head])
    tbody = "".join(f"<tr>{r}</tr>" for r in rows[head:])
    label = escape(f"{_REGION[name]}（表格）")
    return (
        f'<div class="{CLASS}-wrap" role="region" aria-label="{label}" tabindex="0">'
        f'<table class="{CLASS} {CLASS}-{name}">'
        f"<thead>{thead}</thead><tbody>{tbody}</tbody></table></div>"
    )


def table_a_html(a: TableA) -> str:
    """二、主动公开政府信息情况 (one table: four 第二十条 sections, 4 columns)."""
    rows = []
    figures: dict[str, tuple[object, ...]] = {
        "规章": (a.made[0], a.abolished[0], a.in_force[0]),
        "行政规范性文件": (a.made[1], a.abolished[1], a.in_force[1]),
        "行政许可": (a.licensing,),
        "行政处罚": (a.penalties,),
        "行政强制": (a.coercion,),
        "行政事业性收费": (a.fees,),
    }
    for section, headers, labels in t.A_SECTIONS:
        rows.append(_th(section, scope="colgroup", colspan=4, cls=f"{CLASS}-section"))
        wide = 3 if len(headers) == 1 else 1
        rows.append(
            _th(t.A_HEADER, scope="col")
            + "".join(_th(h, scope="col", colspan=wide) for h in headers)
        )
        for label in labels:
            rows.append(_th(label, scope="row") + "".join(_td(v, wide) for v in figures[label]))
    return _wrap("a", rows, 0)


def table_b_html(b: TableB) -> str:
    """三、收到和处理政府信息公开申请情况 (the format's merged header and row cells)."""
    columns = t.B_COLUMNS

    def numbers(counts: dict[str, int]) -> str:
        return "".join(_td(counts.get(c, 0)) for c in columns)

    legal = columns[1:6]
    head = [
        _th(t.B_CORNER, colspan=3, rowspan=3, cls=f"{CLASS}-corner")
        + _th(t.B_OVER, scope="colgroup", colspan=7),
        _th(columns[0], scope="col", rowspan=2)
        + _th(t.B_LEGAL, scope="colgroup", colspan=5)
        + _th(t.B_TOTAL, scope="col", rowspan=2),
        "".join(_th(c, scope="col") for c in legal),
    ]
    body = [
        _th(t.B_RECEIVED, scope="row", colspan=3) + numbers(b.received),
        _th(t.B_CARRIED_IN, scope="row", colspan=3) + numbers(b.carried_in),
    ]
    results_rows = len(t.B_LEAVES) + 1  # the 21 leaves and （七）总计
    first = True
    for group, results in t.B_GROUPS:
        lead = _th(t.B_RESULTS, scope="rowgroup", rowspan=results_rows) if first else ""
        first = False
        if len(results) == 1:
            body.append(lead + _th(group, scope="row", colspan=2) + numbers(b.results[results[0]]))
            continue
        for n, result in enumerate(results, start=1):
            group_cell = _th(group, scope="rowgroup", rowspan=len(results)) if n == 1 else ""
            body.append(
                (lead if n == 1 else "")
                + group_cell
                + _th(f"{n}.{result}", scope="row")
                + numbers(b.results[result])
            )
    concluded = {c: b.concluded(c) for c in columns}
    body.append(_th(t.B_CONCLUDED, scope="row", colspan=2) + numbers(concluded))
    body.append(_th(t.B_CARRIED_OUT, scope="row", colspan=3) + numbers(b.carried_out))
    return _wrap("b", head + body, 3)


def table_c_html(c: TableC) -> str:
    """四、政府信息公开行政复议、行政诉讼情况 (one row of 15 numbers)."""
    five = (*t.C_RESULTS, t.C_TOTAL)
    head = [
        _th(t.C_REVIEW, scope="colgroup", colspan=5) + _th(t.C_SUIT, scope="colgroup", colspan=10),
        "".join(_th(h, scope="col", rowspan=2) for h in five)
        + _th(t.C_DIRECT, scope="colgroup", colspan=5)
        + _th(t.C_AFTER, scope="colgroup", colspan=5),
        "".join(_th(h, scope="col") for h in five * 2),
    ]
    cells = ""
    for group in (c.review, c.direct_suit, c.suit_after_review):
        cells += "".join(
            _td(v) for v in (group.upheld, group.corrected, group.other, group.pending, group.total)
        )
    return _wrap("c", [*head, cells], 3)


def yuan(amount: Decimal) -> str:
    """An amount in 元 as printed: whole numbers without decimals, else two."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def report_markdown(body: str, report: Report) -> str:
    """The body of a computed report with its tables (and the 信息处理费 under 六、) in place: each
    table after the line starting with 二、, 三、 or 四、; a missing line is added with its table
    before the line starting with 五、, else at the end."""
    if not report.computed or report.table_a is None or report.table_b is None:
        return body
    assert report.table_c is not None
    blocks = {
        "二": table_a_html(report.table_a),
        "三": table_b_html(report.table_b),
        "四": table_c_html(report.table_c),
        "六": f"本年度收取信息处理费 {yuan(report.fee_yuan)} 元。",
    }
    lines = body.split("\n")
    found: dict[str, int] = {}
    fence = ""
    for i, line in enumerate(lines):
        if m := _FENCE_RE.match(line):
            if not fence or m.group(1)[0] == fence[0]:
                fence = "" if fence else m.group(1)
            continue
        if not fence and (m := _LINE_RE.match(line)) and m.group("num") not in found:
            found[m.group("num")] = i
    inserts: dict[int, list[str]] = {}
    for num in ("二", "三", "四", "六"):
        block = blocks[num]
        if num in found:
            inserts.setdefault(found[num] + 1, []).append(f"\n{block}\n")
            continue
        at = found.get("五", len(lines)) if num != "六" else len(lines)
        inserts.setdefault(at, []).append(f"\n**{t.SECTION_TITLES[num]}**\n\n{block}\n")
    out: list[str] = []
    for i in range(len(lines) + 1):
        out += inserts.get(i, [])
        if i < len(lines):
            out.append(lines[i])
    return "\n".join(out)
