"""Reading the 依申请公开 registers: catalogs/requests/<org-id>/<year>.yml, lists of rows.

Every value is read as text, key by key (model/fields.py REQUEST_FIELDS, REQUEST_EVENT_FIELDS);
a problem of a row is reported on ``<row id>.<field>`` with the row's line. The registers are
never published (SPEC: Never published); only their aggregates are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.model.fields import (
    REQUEST_EVENT_FIELDS,
    REQUEST_EVENT_KEYS,
    REQUEST_FIELDS,
    labels,
)
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Org, Request, RequestEvent
from disclosure_portal.model.vocab import REQUESTS_DIR
from disclosure_portal.read.datafiles import data_files
from disclosure_portal.read.reader import FieldReader, describe, list_item_readers, read_fields
from disclosure_portal.read.textyaml import parse_text_yaml
from disclosure_portal.rules.requests import check_request, check_unique_ids

AMOUNT_RE = re.compile(r"\d+(\.\d{1,2})?")
REQUEST_LABELS = labels(REQUEST_FIELDS)
EVENT_LABELS = labels(REQUEST_EVENT_FIELDS)
EVENT_BASE_KEYS = ("type", "date", "note")


@dataclass
class Registers:
    """Every register row read, and the text of every register file (never public)."""

    requests: list[Request] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # project path -> text


def load_requests(
    catalogs_dir: Path,
    rel_dir: str,
    orgs: dict[str, Org],
    problems: Collector,
    today: dt.date,
) -> Registers:
    """Read and validate every file under catalogs/requests/ (`rel_dir` is catalogs/ as the
    project names it); `today` is the build date (a later date in a register is an error)."""
    out = Registers()
    found = data_files(catalogs_dir, rel_dir, REQUESTS_DIR, "依申请公开登记文件", orgs, problems)
    for file in found:
        out.sources[file.path] = file.text
        out.requests += read_register(file.text, file.path, file.org.id, file.year, problems, today)
    check_unique_ids(out.requests, problems)
    return out


def read_register(
    text: str, path: str, org: str, year: int, problems: Collector, today: dt.date
) -> list[Request]:
    """The rows of one register file's `text`; every problem goes to `problems`."""
    parsed = parse_text_yaml(text)
    for key, message, line in parsed.problems:
        problems.error(path, key or "yaml", message, line)
    data = parsed.data
    if data is None:
        return []
    if not isinstance(data, list):
        problems.error(
            path, "file", f"登记文件应为一个列表（每行以“- ”开头），实际是{describe(data)}"
        )
        return []
    rows = []
    for i, row in enumerate(data):
        line = parsed.lines.get(f"[{i}]")
        if not isinstance(row, dict):
            problems.error(
                path,
                f"[{i}]",
                f"第 {i + 1} 条登记应为一个映射（键: 值），实际是{describe(row)}",
                line,
            )
            continue
        request = _read_row(row, i, parsed.lines, path, org, year, problems, line)
        if request is not None:
            check_request(request, parsed.lines, f"[{i}].", problems, today)
            rows.append(request)
    return rows


def _row_name(row: dict[str, Any], i: int) -> str:
    value = row.get("id")
    return value.strip() if isinstance(value, str) and value.strip() else f"[{i}]"


def _read_row(
    row: dict[str, Any],
    i: int,
    lines: dict[str, int],
    path: str,
    org: str,
    year: int,
    problems: Collector,
    line: int | None,
) -> Request | None:
    name = _row_name(row, i)
    r = FieldReader(
        row,
        path=path,
        lines=lines,
        problems=problems,
        prefix=f"[{i}].",
        shown_prefix=f"{name}.",
        labels=REQUEST_LABELS,
        fallback_line=line,
    )
    values = read_fields(r, REQUEST_FIELDS)
    r.unknown_keys(REQUEST_LABELS, as_error=True)
    events = _read_events(r)
    if not values["id"] or not values["applicant"] or not values["channel"]:
        return None
    if values["arrived"] is None or events is None:
        return None
    return Request(
        org=org,
        year=year,
        path=path,
        id=values["id"],
        applicant=values["applicant"],
        channel=values["channel"],
        arrived=values["arrived"],
        confirmed=values["confirmed"],
        summary=values["summary"],
        events=events,
        result=values["result"],
        replied=values["replied"],
        archived=values["archived"],
        note=values["note"],
        line=line,
    )


def _read_events(r: FieldReader) -> tuple[RequestEvent, ...] | None:
    """The row's events, or None when one of them could not be read (reported)."""
    if r.data.get("events") in (None, "", []):
        return ()
    found = list_item_readers(r, "events", REQUEST_EVENT_FIELDS, what="办理过程")
    if found is None:
        return None
    readers, ok = found
    events = []
    for er in readers:
        item = er.data
        values = read_fields(er, REQUEST_EVENT_FIELDS)
        allowed = EVENT_BASE_KEYS + REQUEST_EVENT_KEYS.get(values["type"], ())
        for extra in item:
            if extra in EVENT_LABELS and extra not in allowed and values["type"]:
                er.error(extra, f"“{extra}”不适用于“{values['type']}”")
        er.unknown_keys(EVENT_LABELS, as_error=True)
        if values["amount"] and not AMOUNT_RE.fullmatch(values["amount"]):
            er.error(
                "amount",
                f"“amount”（收费金额）应为金额（元），例如 120 或 35.50，实际为“{values['amount']}”",
            )
        days = values["days"]
        if days is not None and not 1 <= days <= 20:
            er.error("days", f"“days”（延长工作日）应为 1 到 20 的整数，实际为“{days}”")
            days = None
        if not values["type"] or values["date"] is None:
            ok = False
            continue
        events.append(
            RequestEvent(
                type=values["type"],
                date=values["date"],
                note=values["note"],
                party=values["party"],
                days=days or 0,
                amount=values["amount"],
            )
        )
    return tuple(events) if ok else None
