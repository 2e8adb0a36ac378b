"""One source for an organisation's office (政府信息公开工作机构, 条例 Art. 12): orgs.yml `office`.

The 依申请公开 page and the 公开指南 page both show it. A guide's body that states another phone,
fax, address, e-mail or postcode than its organisation's `office` is a warning naming the file,
both values and the line: a reader would find two answers to "where do I apply". The 申请表
(`office.form`) is an https address or a file a public document attaches (it is published only
with one, like every attachment).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document, Office, Org
from disclosure_portal.model.vocab import ADMINISTRATIVE_KINDS, GUIDE
from disclosure_portal.plan.publish import PublicSet

_END = r"(?=[；;。，,、\n]|$)"
# a label a guide writes before a value, not after 投诉/举报/监督 (a superior's complaint line)
_PHONE_RE = re.compile(
    r"(?<![诉报督线])(?:联系电话|咨询电话|办公电话|受理电话|电话)\s*[:：]?\s*(?P<value>[^；;。，,\n]*)"
)
_FAX_RE = re.compile(r"传真\s*(?:号码)?\s*[:：]?\s*(?P<value>[^；;。，,\n]*)")
_ADDRESS_RE = re.compile(
    r"(?<![站址箱件网])(?:办公地址|通讯地址|联系地址|受理地址|地址)\s*[:：]\s*(?P<value>[^；;。，,\n]+)"
    + _END
)
_EMAIL_RE = re.compile(r"(?:电子邮箱|电子邮件|邮箱)\s*[:：]\s*(?P<value>[^\s；;。，,、]+)")
_POSTCODE_RE = re.compile(r"(?:邮政编码|邮编)\s*[:：]?\s*(?P<value>\d{6})(?!\d)")
# a telephone number: a landline with or without its area code, or a mobile number
_NUMBER_RE = re.compile(
    r"(?<!\d)1\d{2}[-\s]?\d{4}[-\s]?\d{4}(?!\d)"  # a mobile number, grouped or not
    r"|(?<!\d)(?:\(?0\d{2,3}\)?[-\s]*)?\d{3,4}[-\s]?\d{4}(?!\d)"  # a landline, area code or not
)


@dataclass(frozen=True, slots=True)
class Stated:
    """A value a guide's body states: which office field, as written, and its line."""

    key: str  # office field: phone, fax, address, email, postcode
    value: str
    line: int


def _fold(text: str) -> str:
    """Full-width digits and punctuation as ASCII, blanks and markup emphasis removed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s*_`]+", "", text)


def local_number(number: str) -> str:
    """A telephone number's digits without its area code (010, 02x: three digits; other area
    codes four): 023-65120001, (023)65120001 and 65120001 are one number."""
    digits = re.sub(r"\D", "", number)
    if digits.startswith(("01", "02")) and len(digits) >= 10:
        return digits[3:]
    if digits.startswith("0") and len(digits) >= 11:
        return digits[4:]
    return digits


def numbers(text: str) -> list[str]:
    """The telephone numbers written in `text`, as written (full-width digits folded)."""
    return [m.group(0) for m in _NUMBER_RE.finditer(unicodedata.normalize("NFKC", text))]


def stated_values(body: str, first_line: int = 1) -> list[Stated]:
    """The office values a guide's `body` states, each with its line in the file."""
    out = []
    for offset, raw in enumerate(body.split("\n")):
        line = unicodedata.normalize("NFKC", raw).replace("*", "")
        at = first_line + offset
        for m in _PHONE_RE.finditer(line):
            out += [Stated("phone", n, at) for n in numbers(m.group("value"))]
        for m in _FAX_RE.finditer(line):
            out += [Stated("fax", n, at) for n in numbers(m.group("value"))]
        for m in _ADDRESS_RE.finditer(line):
            value = m.group("value").strip()
            if value:
                out.append(Stated("address", value, at))
        for m in _EMAIL_RE.finditer(line):
            out.append(Stated("email", m.group("value"), at))
        for m in _POSTCODE_RE.finditer(line):
            out.append(Stated("postcode", m.group("value"), at))
    return out


def _agrees(key: str, stated: str, office: Office) -> bool:
    value = getattr(office, key)
    if not value:
        return False
    if key in ("phone", "fax"):
        return local_number(stated) in {local_number(n) for n in numbers(value)}
    if key == "email":
        return stated.strip().lower() == value.strip().lower()
    return _fold(stated) == _fold(value)


LABELS = {
    "phone": "联系电话",
    "fax": "传真",
    "address": "办公地址",
    "email": "电子邮箱",
    "postcode": "邮政编码",
}


def check_guides(
    documents: Iterable[Document], orgs: dict[str, Org], orgs_path: str, problems: Collector
) -> None:
    """Each public 公开指南 of an administrative organ with an `office`: every phone, fax,
    address, e-mail and postcode its body states must be the office's (a warning on `body`)."""
    for doc in documents:
        org = orgs.get(doc.org)
        if doc.type != GUIDE or org is None or org.kind not in ADMINISTRATIVE_KINDS:
            continue
        office = org.office
        if office is None:
            continue
        reported = set()
        for stated in stated_values(doc.body, doc.body_line):
            if _agrees(stated.key, stated.value, office) or (stated.key, stated.value) in reported:
                continue
            reported.add((stated.key, stated.value))
            label = LABELS[stated.key]
            ours = getattr(office, stated.key)
            where = f"{orgs_path} 中“{org.name}”的 office.{stated.key}"
            if ours:
                message = (
                    f"指南正文写明的{label}“{stated.value}”与 {where}“{ours}”不一致：依申请公开页面"
                    "和本页显示的是后者，读者会看到两个答案，请改为一致"
                )
            else:
                message = (
                    f"指南正文写明了{label}“{stated.value}”，{where}（{label}）没有填写：依申请公开"
                    "页面不会显示它，请在 office 中补上，或从正文中删除"
                )
            problems.warn(
                doc.path,
                "body",
                message,
                stated.line,
            )


def check_forms(
    orgs: dict[str, Org],
    public: PublicSet,
    files: frozenset[str],
    orgs_path: str,
    docs_rel: str,
    problems: Collector,
) -> None:
    """`office.form` that is not an https address must be a file under content/ that a public
    document attaches or links (it is published only with one): else a warning on
    `office.form`, and the pages link no 申请表 (nothing is published for it)."""
    for org in orgs.values():
        office = org.office
        if office is None or not office.form or office.form.startswith("https://"):
            continue
        src = form_src(office.form)
        key = f"{office.key}.form"
        if src not in files:
            problems.warn(
                orgs_path,
                key,
                f"申请表“{office.form}”不存在：应为 {docs_rel}/ 下的文件路径（如 "
                f"{org.id}/files/shenqingbiao.pdf）或 https:// 开头的网址；页面暂不显示申请表",
                office.line,
            )
        elif src not in public.assets or src in public.settings_files:
            problems.warn(
                orgs_path,
                key,
                f"申请表“{docs_rel}/{src}”不是任何主动公开文件的附件，不会发布：请把它作为本机关"
                "政府信息公开指南的附件（attachments），或写 https:// 网址；页面暂不显示申请表",
                office.line,
            )


def form_src(form: str) -> str:
    """The path under content/ an `office.form` names (a leading / or ./ dropped)."""
    return form.strip().lstrip("/").removeprefix("./")
