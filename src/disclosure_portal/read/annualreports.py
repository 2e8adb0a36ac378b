"""Reading the 年度报告 data files: catalogs/annual-reports/<org-id>/<year>.yml, one mapping each.

The file holds the figures content cannot give (Tables A and C: 行政许可 … 行政事业性收费,
复议 and 诉讼, and optionally the opening balance of documents in force). Every value is read as
text, key by key, from the field table (model/fields.py ANNUAL_DATA_FIELDS); a problem is reported
on the file and key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from disclosure_portal.model.fields import (
    ANNUAL_DATA_FIELDS,
    REPORT_GROUPS,
    REPORT_OPENING_FIELDS,
    REPORT_RESULT_FIELDS,
    labels,
)
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import AnnualData, Org, Outcomes
from disclosure_portal.model.vocab import ANNUAL_REPORTS_DIR
from disclosure_portal.read.datafiles import data_files
from disclosure_portal.read.reader import FieldReader, describe, mapping_reader, read_fields
from disclosure_portal.read.textyaml import parse_text_yaml

DATA_LABELS = labels(ANNUAL_DATA_FIELDS)
WHAT = "年度报告数据文件"


def load_annual_data(
    catalogs_dir: Path,
    rel_dir: str,
    orgs: dict[str, Org],
    problems: Collector,
    today: dt.date,
) -> dict[tuple[str, int], AnnualData]:
    """Every data file read, by (organisation id, year). A year that has not begun at the build
    date `today` is an error (the file records what happened)."""
    out: dict[tuple[str, int], AnnualData] = {}
    for file in data_files(catalogs_dir, rel_dir, ANNUAL_REPORTS_DIR, WHAT, orgs, problems):
        if file.year > today.year:
            problems.error(
                file.path,
                "file",
                f"{file.year} 年尚未开始（构建日期 {today.isoformat()}），年度报告数据只能记录已发生的情况",
            )
            continue
        data = read_annual_data(file.text, file.path, file.org.id, file.year, problems)
        if data is not None:
            out[(file.org.id, file.year)] = data
    return out


def read_annual_data(
    text: str, path: str, org: str, year: int, problems: Collector
) -> AnnualData | None:
    """The figures of one data file's `text` (None when a required figure is unusable; every
    problem goes to `problems`)."""
    parsed = parse_text_yaml(text)
    for key, message, line in parsed.problems:
        problems.error(path, key or "yaml", message, line)
    if parsed.data is None:
        if not parsed.problems:
            problems.error(path, "file", "文件是空的：应写明 licensing、penalties 等数据")
        return None
    if not isinstance(parsed.data, dict):
        problems.error(
            path, "file", f"年度报告数据文件应为一个映射（键: 值），实际是{describe(parsed.data)}"
        )
        return None
    r = FieldReader(
        parsed.data, path=path, lines=parsed.lines, problems=problems, labels=DATA_LABELS
    )
    r.unknown_keys(DATA_LABELS, as_error=True)
    before = len(problems.errors)
    values = read_fields(r, ANNUAL_DATA_FIELDS)
    groups: dict[str, Outcomes] = {}
    for key in REPORT_GROUPS:
        raw = parsed.data.get(key)
        if raw in (None, "", {}):
            r.missing(key, "（写明 upheld、corrected、other、pending 四项，没有则写 0）")
            continue
        sub = mapping_reader(r, key, raw, REPORT_RESULT_FIELDS, strict=True)
        if sub is not None:
            counts = read_fields(sub, REPORT_RESULT_FIELDS)
            groups[key] = Outcomes(**{k: v or 0 for k, v in counts.items()})
    opening = None
    raw = parsed.data.get("opening")
    if (sub := mapping_reader(r, "opening", raw, REPORT_OPENING_FIELDS, strict=True)) is not None:
        counts = read_fields(sub, REPORT_OPENING_FIELDS)
        if counts["rules"] is not None and counts["normative"] is not None:
            opening = (counts["rules"], counts["normative"])
    if len(problems.errors) > before:
        return None
    return AnnualData(
        org=org,
        year=year,
        path=path,
        licensing=values["licensing"],
        penalties=values["penalties"],
        coercion=values["coercion"],
        fees=values["fees"],
        opening=opening,
        **groups,
    )
