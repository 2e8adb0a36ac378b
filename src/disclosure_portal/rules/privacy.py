"""Personal information (条例 Art. 15) in public documents: resident ID numbers (GB 11643, 18 and
15 digits), mobile numbers, bank card numbers (Luhn), names next to them, and private e-mail
addresses. Masked forms (张*明, 5002**********1234) and office landlines pass.

Numbers are never printed in full in a message: `mask` keeps the first and last few characters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

ID18_RE = re.compile(
    r"(?<![0-9A-Za-z])([1-8]\d{5})((?:18|19|20)\d{2})(\d{2})(\d{2})(\d{3})([0-9Xx])(?![0-9A-Za-z])"
)
ID15_RE = re.compile(r"(?<![0-9A-Za-z])([1-8]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z])")
MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9A-Za-z])"
)
CARD_RE = re.compile(
    r"(?<![0-9A-Za-z])"
    r"((?:62|4|5[1-5]|3[47])\d{2}(?:[ -]?\d{4}){2,3}(?:[ -]?\d{1,3})?)"
    r"(?![0-9A-Za-z])"
)
CARD_LABEL_RE = re.compile(r"卡号|账号|帐号|账户|帐户|银行|信用卡|借记卡")
EMAIL_RE = re.compile(r"(?<![\w.+-])([\w.+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
# common single-character surnames and the compound ones: a name is one of them plus 1-2 Han
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
NAME_RE = re.compile(
    r"(?:^|[^\u4e00-\u9fff])((?:"
    + "|".join(COMPOUND_SURNAMES)
    + r"|["
    + SURNAMES
    + r"])[\u4e00-\u9fff]{1,2})"
    r"[\s,，:：、（(]*(?:身份证(?:号码?)?|公民身份号码|证件(?:号码?)?|手机(?:号码?)?|联系电话|电话|联系方式|号码)?[\s,，:：、（(]*$"
)
# Digits and marks written another way, one character for one (lines and spans stay put):
# full-width digits, @, hyphen and space; other dashes and minus signs; no-break spaces.
_FOLD = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FOLD.update({0xFF20: "@", 0xFF0D: "-", 0x3000: " ", 0x00A0: " ", 0x202F: " ", 0x2007: " "})
_FOLD.update({c: "-" for c in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63)})
# an 18-character ID number written in groups: 5002 2219 8001 0112 34 or 500222-19800101-1234
SPACED_ID_RE = re.compile(
    r"(?<![0-9A-Za-z])(\d{2,6}(?:[ \t-]+\d{1,8}){2,6}[ \t-]*[\dXx]?)(?![0-9A-Za-z])"
)
# numbers that look like ID numbers but are not a person's: 统一社会信用代码, 注册号, 索引号 …
NOT_PERSONAL_RE = re.compile(
    r"(信用代码|注册号|执照|索引号|登记号|税号|代码|编码|编号|文号)[：:\s]*$"
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


@dataclass(frozen=True, slots=True)
class Finding:
    """One item of personal information on one line; only `masked` may be shown to anyone."""

    kind: str  # 身份证号, 手机号码, 银行卡号, 个人电子邮箱, 姓名与证件号或手机号
    value: str  # as found (for matching exceptions; never printed)
    line: int
    masked: str


def mask(value: str) -> str:
    """`value` safe to print: an e-mail keeps its first character and domain, a number its first
    3 (1 when shorter than 11) and last 2 characters; 4 characters or fewer are all masked."""
    digits = value.strip()
    if "@" in digits:
        local, _, domain = digits.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else 1
    return digits[:keep] + "*" * (len(digits) - keep - 2) + digits[-2:]


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def id18_valid(number: str) -> bool:
    """GB 11643: region, birth date and the check character."""
    m = ID18_RE.fullmatch(number)
    if not m or not _valid_date(int(m.group(2)), int(m.group(3)), int(m.group(4))):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17].upper()


def id15_valid(number: str) -> bool:
    """A 15-digit ID number (no check character): region and a real birth date in 19yy."""
    m = ID15_RE.fullmatch(number)
    return bool(m) and _valid_date(1900 + int(m.group(2)), int(m.group(3)), int(m.group(4)))


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a bank card number holds; `digits` must contain digits only."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _name_before(line: str, start: int) -> str | None:
    m = NAME_RE.search(line[max(0, start - 16) : start])
    return m.group(1) if m else None


def scan_line(
    line: str, number: int, official_emails: frozenset[str], official_domains: tuple[str, ...]
) -> list[Finding]:
    """Personal information on one line (`number` is its line number in the file).

    A number is reported once, as the first kind it matches (ID, mobile, bank card); an ID or
    mobile number preceded by a name also gives a 姓名与… finding. E-mail addresses in
    `official_emails` or under gov.cn or `official_domains` (both in lower case) pass.
    """
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, value: str, span: tuple[int, int]) -> None:
        taken.append(span)
        findings.append(Finding(kind, value, number, mask(value)))
        name = _name_before(line, span[0])
        if name and kind in ("身份证号", "手机号码"):
            findings.append(Finding(f"姓名与{kind}", name, number, name[0] + "*" * (len(name) - 1)))

    for m in ID18_RE.finditer(line):
        if id18_valid(m.group(0)) and not _organisation_number(line, m.span()):
            add("身份证号", m.group(0), m.span())
    for m in ID15_RE.finditer(line):
        if (
            id15_valid(m.group(0))
            and not _overlaps(m.span(), taken)
            and not _organisation_number(line, m.span())
        ):
            add("身份证号", m.group(0), m.span())
    for m in SPACED_ID_RE.finditer(line):
        compact = re.sub(r"[ \t-]", "", m.group(1))
        if (
            len(compact) == 18
            and id18_valid(compact)
            and not _overlaps(m.span(1), taken)
            and not _organisation_number(line, m.span(1))
        ):
            add("身份证号", m.group(1), m.span(1))
    for m in MOBILE_RE.finditer(line):
        if not _overlaps(m.span(), taken):
            add("手机号码", m.group(0), m.span())
    for m in CARD_RE.finditer(line):
        digits = re.sub(r"[ -]", "", m.group(1))
        if not (16 <= len(digits) <= 19 and luhn_valid(digits)) or _overlaps(m.span(), taken):
            continue
        if len(digits) == 18 and ID18_RE.fullmatch(digits):
            continue  # shaped like an ID number with a wrong check digit: neither
        labelled = CARD_LABEL_RE.search(line[max(0, m.start() - 12) : m.start()])
        if digits.startswith("62") or labelled:  # UnionPay, or named as a card or account
            add("银行卡号", m.group(1), m.span())
    for m in EMAIL_RE.finditer(line):
        address, domain = m.group(0).lower(), m.group(2).lower()
        if address in official_emails or _official_domain(domain, official_domains):
            continue
        add("个人电子邮箱", m.group(0), m.span())
    return findings


def _organisation_number(line: str, span: tuple[int, int]) -> bool:
    """Whether the number at `span` is labelled as an organisation's or a document's number, or is
    the code part of a 索引号 (`<code>/<year>-<serial>`)."""
    if line[span[1] : span[1] + 1] in ("/", "\uff0f"):
        return True
    before = line[max(0, span[0] - 12) : span[0]]
    if "身份" in before or "证件" in before:  # 身份证编号 is a person's number
        return False
    return NOT_PERSONAL_RE.search(before) is not None


def _overlaps(span: tuple[int, int], taken: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _official_domain(domain: str, official: tuple[str, ...]) -> bool:
    return (
        domain == "gov.cn"
        or domain.endswith(".gov.cn")
        or any(domain == d or domain.endswith("." + d) for d in official)
    )


# every kind of finding needs an e-mail "@" or a run of 11+ digits (separators allowed): only
# lines with one are scanned in detail
CANDIDATE_RE = re.compile(r"\d[\d \t+-]{9,}\d|@")


def scan_text(
    text: str,
    first_line: int = 1,
    *,
    official_emails: frozenset[str] = frozenset(),
    official_domains: tuple[str, ...] = (),
) -> list[Finding]:
    """Personal information in `text`, whose first line is line `first_line` of its file.

    Only lines with an "@" or a run of 11 or more digits are scanned (see `scan_line`).
    """
    text = text.translate(_FOLD)  # full-width digits and other dashes hide nothing
    findings: list[Finding] = []
    lines = None
    done = set()
    position = offset = 0
    for m in CANDIDATE_RE.finditer(text):
        offset += text.count("\n", position, m.start())  # matches come in order: count only the gap
        position = m.start()
        if offset in done:
            continue
        done.add(offset)
        if lines is None:
            lines = text.split("\n")
        findings += scan_line(lines[offset], first_line + offset, official_emails, official_domains)
    return findings
