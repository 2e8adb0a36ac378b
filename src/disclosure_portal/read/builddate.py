"""The build date (SPEC: Publication over time): `--today YYYY-MM-DD`, else PORTAL_TODAY, else
today in China (UTC+8). Scheduled documents, change-note dates and the build stamp use it, so
two builds of one commit for one build date are the same site."""

from __future__ import annotations

import datetime as dt
import os

from disclosure_portal.read.reader import parse_date

ENVIRONMENT = "PORTAL_TODAY"
CHINA = dt.timezone(dt.timedelta(hours=8))


def china_today() -> dt.date:
    """Today's date in China (UTC+8), whatever the machine's time zone."""
    return dt.datetime.now(CHINA).date()


def build_date(value: str | None = None) -> tuple[dt.date, str | None]:
    """The build date from `value` (a --today argument) or PORTAL_TODAY, else China's today;
    with the problem (in Chinese) when the value given is not a valid YYYY-MM-DD date."""
    given = value if value is not None else os.environ.get(ENVIRONMENT)
    if given is None or not given.strip():
        return china_today(), None
    parsed = parse_date(given.strip())
    if parsed is None:
        return china_today(), f"构建日期应为 YYYY-MM-DD 格式的有效日期，实际为“{given}”"
    return parsed, None
