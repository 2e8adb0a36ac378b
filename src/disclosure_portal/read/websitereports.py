"""Reading the 政府网站工作年度报表 data files: catalogs/website-reports/<year>.yml, one mapping
each, for the site as a whole (SPEC: Website annual report).

A file holds the figures of a completed year that content cannot give (访问量, 办事服务, 互动交流,
安全防护, 创新发展) and the day the report was published. Every value is read as text, key by key,
from the field tables (model/fields.py WEBSITE_REPORT_FIELDS and its sections); every problem of
every file is reported at once on the file and key (`services.items`), with its line. The files
hold no personal data: the one free text (创新发展) is shown on the site and checked like public
text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from disclosure_portal.model.fields import (
    WEBSITE_REPORT_FIELDS,
    WEBSITE_REPORT_SECTIONS,
    labels,
)
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import WebsiteData
from disclosure_portal.model.vocab import WEBSITE_REPORTS_DIR
from disclosure_portal.read.datafiles import YEAR_FILE_RE
from disclosure_portal.read.reader import FieldReader, describe, mapping_reader, read_fields
from disclosure_portal.read.textyaml import parse_text_yaml
from disclosure_portal.rules.privacy import scan_text

# the first report due: on 2017 (国办发〔2017〕47号 took effect in 2017; 国办函〔2018〕12号 asked
# for the first reports in January 2018)
FIRST_WEBSITE_REPORT_YEAR = 2017
WHAT = "政府网站工作年度报表数据文件"
REPORT_LABELS = labels(WEBSITE_REPORT_FIELDS)
# (section, smaller figure, larger figure): the first cannot exceed the second
AT_MOST = (
    ("services", ("online_items",), "items"),
    ("services", ("cases_person", "cases_legal"), "cases"),
    ("interaction", ("concluded",), "messages"),
    ("interaction", ("survey_results",), "surveys"),
    ("interaction", ("answers",), "questions"),
    ("security", ("fixed",), "problems"),
)


def load_website_data(
    catalogs_dir: Path, rel_dir: str, problems: Collector, today: dt.date
) -> dict[int, WebsiteData]:
    """Every data file under catalogs/website-reports/, read, by year. A file for a year that
    has not ended at the build date `today`, or before 2017, is an error on `file` and is not
    read; so is anything else in the folder."""
    base = catalogs_dir / WEBSITE_REPORTS_DIR
    out: dict[int, WebsiteData] = {}
    if not base.is_dir():
        return out
    for path in sorted(p for p in base.rglob("*") if p.is_file() or p.is_symlink()):
        parts = path.relative_to(base).parts
        if any(part.startswith(".") for part in parts):
            continue
        rel = f"{rel_dir}/{WEBSITE_REPORTS_DIR}/" + "/".join(parts)
        m = YEAR_FILE_RE.match(path.name)
        if len(parts) != 1 or m is None:
            problems.error(
                rel,
                "file",
                f"{WHAT}应为 {rel_dir}/{WEBSITE_REPORTS_DIR}/<年份>.yml（全站每年一份），"
                "本文件不会被读取",
            )
            continue
        year = int(m.group("year"))
        if year < FIRST_WEBSITE_REPORT_YEAR:
            problems.error(
                rel,
                "file",
                f"政府网站工作年度报表从 {FIRST_WEBSITE_REPORT_YEAR} 年度起编制"
                "（国办发〔2017〕47号），本文件不会被读取",
            )
            continue
        if year >= today.year:
            problems.error(
                rel,
                "file",
                f"{year} 年尚未结束（构建日期 {today.isoformat()}），年度报表只能报告已结束的年度",
            )
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.error(rel, "file", "文件不是 UTF-8 编码，请另存为 UTF-8")
            continue
        except OSError as exc:
            problems.error(rel, "file", f"无法读取文件：{exc.strerror or exc}")
            continue
        data = read_website_data(text, rel, year, problems, today)
        if data is not None:
            out[year] = data
    return out


def read_website_data(
    text: str, path: str, year: int, problems: Collector, today: dt.date
) -> WebsiteData | None:
    """The figures of one data file's `text` (None when it cannot be used; every problem goes
    to `problems`)."""
    parsed = parse_text_yaml(text)
    for key, message, line in parsed.problems:
        problems.error(path, key or "yaml", message, line)
    if parsed.data is None:
        if not parsed.problems:
            problems.error(path, "file", "文件是空的：至少应写明 published（发布日期）")
        return None
    if not isinstance(parsed.data, dict):
        problems.error(path, "file", f"{WHAT}应为一个映射（键: 值），实际是{describe(parsed.data)}")
        return None
    r = FieldReader(
        parsed.data, path=path, lines=parsed.lines, problems=problems, labels=REPORT_LABELS
    )
    r.unknown_keys(REPORT_LABELS, as_error=True)
    before = len(problems.errors)
    values = read_fields(r, WEBSITE_REPORT_FIELDS)
    published = values["published"]
    if published is not None and published > today:
        r.error("published", f"发布日期 {published.isoformat()} 晚于构建日期 {today.isoformat()}")
    elif published is not None and published.year <= year:
        r.error(
            "published",
            f"发布日期 {published.isoformat()} 早于 {year} 年度结束：报表在年度结束后发布",
        )
    sections: dict[str, dict[str, int | str | None]] = {}
    for key, table in WEBSITE_REPORT_SECTIONS.items():
        sub = mapping_reader(r, key, parsed.data.get(key), table, strict=True)
        sections[key] = read_fields(sub, table) if sub is not None else {}
        if sub is not None:
            _check_sums(sub, key, sections[key])
    for i, item in enumerate(values["innovation"]):
        for finding in scan_text(item):
            problems.error(
                path,
                f"innovation[{i}]",
                f"含有个人信息：{finding.kind}“{finding.masked}”。创新发展会在网站上显示，"
                "不能写个人信息",
                parsed.lines.get(f"innovation[{i}]", r.line("innovation")),
            )
    if len(problems.errors) > before:
        return None
    return WebsiteData(
        year=year,
        path=path,
        published=published,
        visitors=values["visitors"],
        views=values["views"],
        responses=values["responses"],
        sections=sections,
        innovation=values["innovation"],
        line=r.line("published"),
    )


def _check_sums(r: FieldReader, section: str, values: dict[str, int | str | None]) -> None:
    """A part larger than its whole (办结 more than 收到, 整改 more than 发现 …) is a warning on
    the part's key."""
    for name, parts, whole in AT_MOST:
        if name != section or values.get(whole) is None:
            continue
        given = [values.get(p) for p in parts]
        if any(v is None for v in given):
            continue
        total = sum(int(v or 0) for v in given)
        if total > int(values[whole] or 0):
            shown = " + ".join(f"{r.labels[p]} {values[p]}" for p in parts)
            r.warn(
                parts[0],
                f"{shown} 大于 {r.labels[whole]} {values[whole]}，请核对",
            )
