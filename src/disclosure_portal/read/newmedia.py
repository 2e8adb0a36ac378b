"""Reading the 政务新媒体 registry: catalogs/newmedia.yml, a list of accounts (SPEC: Government
new media).

Every value is read as text, key by key (model/fields.py NEWMEDIA_FIELDS, NEWMEDIA_EVENT_FIELDS);
a problem of an account is reported on ``<account id>.<field>`` with the account's line. The site
shows only the public part of it (plan/views.py newmedia_view); the audit
(report/newmedia.py) judges the rest.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from disclosure_portal.model.fields import NEWMEDIA_EVENT_FIELDS, NEWMEDIA_FIELDS, labels
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import NewMediaAccount, NewMediaEvent, Org
from disclosure_portal.model.vocab import (
    NEWMEDIA_CANCELLED,
    NEWMEDIA_CLOSED,
    NEWMEDIA_FILE,
    NM_CANCELLED,
    NM_CLOSED,
    NM_OPENED,
)
from disclosure_portal.read.reader import FieldReader, describe, list_item_readers, read_fields
from disclosure_portal.read.textyaml import parse_text_yaml

ACCOUNT_LABELS = labels(NEWMEDIA_FIELDS)
EVENT_LABELS = labels(NEWMEDIA_EVENT_FIELDS)
# a status and the event that must be recorded for it
STATUS_EVENT = {NEWMEDIA_CLOSED: NM_CLOSED, NEWMEDIA_CANCELLED: NM_CANCELLED}


@dataclass
class NewMedia:
    """The accounts of catalogs/newmedia.yml as read (empty when the file is absent)."""

    accounts: list[NewMediaAccount] = field(default_factory=list)
    path: str = ""  # the file as problems name it ("" when there is none)
    present: bool = False  # whether the file exists (the site then has a 政务新媒体 page)


def load_newmedia(
    catalogs_dir: Path,
    rel_dir: str,
    orgs: dict[str, Org],
    problems: Collector,
    today: dt.date,
) -> NewMedia:
    """Read and validate catalogs/newmedia.yml (`rel_dir` is catalogs/ as the project names it);
    `today` is the build date (a later date in the registry is an error)."""
    source = catalogs_dir / NEWMEDIA_FILE
    path = f"{rel_dir}/{NEWMEDIA_FILE}"
    out = NewMedia(path=path)
    if not source.exists() and not source.is_symlink():
        return out
    out.present = True
    try:
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        problems.error(path, "file", "文件不是 UTF-8 编码，请另存为 UTF-8")
        return out
    except OSError as exc:  # a folder named newmedia.yml, a dangling link, no permission
        problems.error(path, "file", f"无法读取文件：{exc.strerror or exc}")
        return out
    out.accounts = read_newmedia(text, path, orgs, problems, today)
    return out


def read_newmedia(
    text: str, path: str, orgs: dict[str, Org], problems: Collector, today: dt.date
) -> list[NewMediaAccount]:
    """The accounts of the registry's `text`; every problem goes to `problems`."""
    parsed = parse_text_yaml(text)
    for key, message, line in parsed.problems:
        problems.error(path, key or "yaml", message, line)
    data = parsed.data
    if data is None:
        return []
    if not isinstance(data, list):
        problems.error(
            path,
            "file",
            f"政务新媒体清单应为一个列表（每个账号以“- ”开头），实际是{describe(data)}",
        )
        return []
    accounts = []
    for i, row in enumerate(data):
        line = parsed.lines.get(f"[{i}]")
        if not isinstance(row, dict):
            problems.error(
                path,
                f"[{i}]",
                f"第 {i + 1} 个账号应为一个映射（键: 值），实际是{describe(row)}",
                line,
            )
            continue
        account = _read_account(row, i, parsed.lines, path, orgs, problems, today, line)
        if account is not None:
            accounts.append(account)
    _check_unique_ids(accounts, problems)
    return accounts


def _row_name(row: dict[str, Any], i: int) -> str:
    value = row.get("id")
    return value.strip() if isinstance(value, str) and value.strip() else f"[{i}]"


def _read_account(
    row: dict[str, Any],
    i: int,
    lines: dict[str, int],
    path: str,
    orgs: dict[str, Org],
    problems: Collector,
    today: dt.date,
    line: int | None,
) -> NewMediaAccount | None:
    name = _row_name(row, i)
    r = FieldReader(
        row,
        path=path,
        lines=lines,
        problems=problems,
        prefix=f"[{i}].",
        shown_prefix=f"{name}.",
        labels=ACCOUNT_LABELS,
        fallback_line=line,
    )
    values = read_fields(r, NEWMEDIA_FIELDS)
    r.unknown_keys(ACCOUNT_LABELS, as_error=True)
    for key in ("sponsor", "supervisor"):
        if values[key] and values[key] not in orgs:
            r.error(key, f"{r.label(key)}“{values[key]}”不在 catalogs/orgs.yml 中")
    url = values["url"]
    if url and not _is_https(url):
        r.error("url", f"{r.label('url')} 应为 https:// 开头的完整链接，实际为“{url}”")
    for key in ("last_post", "observed"):
        if values[key] is not None and values[key] > today:
            r.error(
                key, f"{r.label(key)} {values[key]} 晚于生成日期 {today}（清单只记录已发生的事）"
            )
    last_post, observed = values["last_post"], values["observed"]
    if last_post and observed and observed < last_post:
        r.error("observed", f"检查日期 {observed} 早于最近更新日期 {last_post}，检查日期不能早于它")
    events = _read_events(r, today)
    if events is not None:
        _check_events(r, values["status"], events)
    if not values["id"] or not values["sponsor"] or not values["status"] or events is None:
        return None
    return NewMediaAccount(
        id=values["id"],
        name=values["name"],
        platform=values["platform"],
        account=values["account"],
        url=url if _is_https(url) else "",
        sponsor=values["sponsor"],
        supervisor=values["supervisor"],
        status=values["status"],
        events=events,
        last_post=last_post,
        observed=observed,
        path=path,
        line=line,
    )


def _is_https(url: str) -> bool:
    """Whether `url` is a complete https link (scheme and host, no blank inside)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname) and not any(c.isspace() for c in url)


def _read_events(r: FieldReader, today: dt.date) -> tuple[NewMediaEvent, ...] | None:
    """The account's events, or None when one of them could not be read (reported)."""
    if r.data.get("events") in (None, "", []):
        r.missing("events", "（至少要有一条“开设”的备案记录）")
        return None
    found = list_item_readers(r, "events", NEWMEDIA_EVENT_FIELDS, what="备案记录")
    if found is None:
        return None
    readers, ok = found
    events: list[NewMediaEvent] = []
    for er in readers:
        values = read_fields(er, NEWMEDIA_EVENT_FIELDS)
        er.unknown_keys(EVENT_LABELS, as_error=True)
        if values["date"] is not None and values["date"] > today:
            er.error(
                "date", f"备案记录日期 {values['date']} 晚于生成日期 {today}（只记录已发生的事）"
            )
        if not values["type"] or values["date"] is None:
            ok = False
            continue
        event = NewMediaEvent(
            type=values["type"],
            date=values["date"],
            filing_no=values["filing_no"],
            note=values["note"],
        )
        if events and event.date < events[-1].date:
            er.error(
                "date",
                f"备案记录应按日期先后排列：“{event.type}”（{event.date}）早于前一项"
                f"“{events[-1].type}”（{events[-1].date}）",
            )
        events.append(event)
    return tuple(events) if ok else None


def _check_events(r: FieldReader, status: str, events: tuple[NewMediaEvent, ...]) -> None:
    """The first event is 开设; 已关停 needs a 关停 event, 已注销 a 注销 event."""
    if events and events[0].type != NM_OPENED:
        r.problems.error(
            r.path,
            r.key_path("events[0].type"),
            f"第一条备案记录应为“{NM_OPENED}”，实际为“{events[0].type}”",
            r.lines.get(f"{r.line_prefix}events[0].type", r.line("events")),
        )
    needed = STATUS_EVENT.get(status)
    if needed and not any(e.type == needed for e in events):
        r.error("status", f"状态为“{status}”，但备案记录中没有“{needed}”")


def _check_unique_ids(accounts: list[NewMediaAccount], problems: Collector) -> None:
    holders: dict[str, list[NewMediaAccount]] = defaultdict(list)
    for account in accounts:
        holders[account.id].append(account)
    for account_id, same in holders.items():
        if len(same) < 2:
            continue
        where = "、".join(f"第 {a.line} 行" for a in same if a.line)
        for account in same:
            problems.error(
                account.path,
                f"{account_id}.id",
                f"标识“{account_id}”不唯一（{where}），每个账号的标识须各不相同",
                account.line,
            )
