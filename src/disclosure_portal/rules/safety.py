"""Content safety of public documents: personal information, banned words, external links.

Runs on public documents only (nothing else is published), on their front-matter values, body
and text attachments, and on the text layer of their PDF attachments.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pypdf

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.plan.publish import referenced_files
from disclosure_portal.read.settings import Settings
from disclosure_portal.rules.privacy import Finding, mask, scan_text

TEXT_SUFFIXES = (".txt", ".csv", ".md", ".tsv")
BANNED_WORDS_FILE = "banned-words.txt"


@dataclass(frozen=True)
class SafetyConfig:
    official_emails: frozenset[str]
    official_domains: tuple[str, ...]
    http_allowed: tuple[str, ...]
    banned: tuple[str, ...]


def load_config(settings: Settings, problems: Collector) -> SafetyConfig:
    raw = settings.raw.get("extra", {}) or {}
    portal = raw.get("portal", {}) or {}
    contacts = portal.get("official_contacts", {}) or {}
    emails = frozenset(str(e).strip().lower() for e in contacts.get("emails", []) or [])
    domains = tuple(str(d).strip().lower() for d in contacts.get("domains", []) or [])
    http = tuple(str(h).strip().lower() for h in portal.get("http_allowed", []) or [])
    banned: list[str] = []
    path = settings.catalogs_dir / BANNED_WORDS_FILE
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            problems.error(
                f"catalogs/{BANNED_WORDS_FILE}", "file", "文件不是 UTF-8 编码，请另存为 UTF-8"
            )
            text = ""
        banned = [
            w.strip() for w in text.splitlines() if w.strip() and not w.strip().startswith("#")
        ]
    return SafetyConfig(emails, domains, http, tuple(banned))


def _pdf_text(path: Path) -> str | None:
    """The text layer of a PDF, or None when it cannot be read."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:
        return None


def _sources(
    doc: Document, docs_dir: Path, docs_rel: str, files: frozenset[str], problems: Collector
) -> Iterable[tuple[str, str, str, int]]:
    """(path, key, text, first line) of everything of `doc` that is published: front matter, body,
    and every file it references, by `attachments` or by a link in its body."""
    for key, value in doc.meta.items():
        if isinstance(value, str):
            yield doc.path, key, value, doc.line(key) or 1
    yield doc.path, "body", doc.body, doc.body_line
    for src in sorted(referenced_files(doc, files)):
        path = docs_dir / src
        rel = f"{docs_rel}/{src}"
        if src.lower().endswith(TEXT_SUFFIXES):
            try:
                yield rel, "attachment", path.read_text(encoding="utf-8-sig"), 1
            except (OSError, UnicodeDecodeError):
                problems.warn(
                    doc.path, "attachments", f"附件“{rel}”不是 UTF-8 文本，无法检查其中的个人信息"
                )
        elif src.lower().endswith(".pdf"):
            text = _pdf_text(path)
            if text is None or not text.strip():
                problems.warn(
                    doc.path,
                    "attachments",
                    f"附件“{rel}”无法读取文字（扫描件或已加密），未能检查其中的个人信息",
                )
            else:
                yield rel, "attachment", text, 0  # PDF text has no source lines


def check_document(
    doc: Document,
    docs_dir: Path,
    docs_rel: str,
    files: frozenset[str],
    config: SafetyConfig,
    problems: Collector,
) -> None:
    allowed = {_canonical(v): reason for v, reason in doc.personal_data}
    used: set[str] = set()
    for path, key, text, first_line in _sources(doc, docs_dir, docs_rel, files, problems):
        for finding in scan_text(
            text,
            first_line or 1,
            official_emails=config.official_emails,
            official_domains=config.official_domains,
        ):
            if _canonical(finding.value) in allowed:
                used.add(_canonical(finding.value))
                continue
            problems.error(
                path, key, _message(finding, doc, path), finding.line if first_line else None
            )
        for word in config.banned:
            for offset, line in enumerate(text.split("\n")):
                if word in line:
                    problems.error(
                        path,
                        key,
                        f"含有禁用词“{word}”（catalogs/{BANNED_WORDS_FILE}）",
                        first_line + offset if first_line else None,
                    )
    for value in allowed:
        if value not in used:
            problems.warn(
                doc.path, "personal_data", f"个人信息例外“{mask(value)}”在本文件中没有出现，请删除"
            )
    _check_links(doc, config, problems)


def _canonical(value: str) -> str:
    value = value.strip().lower()
    return re.sub(r"[\s-]", "", value) if "@" not in value else value


def _message(finding: Finding, doc: Document, path: str) -> str:
    where = "" if path == doc.path else f"（{doc.path} 的附件）"
    return (
        f"含有个人信息：{finding.kind}“{finding.masked}”{where}。公开前须去标识化（如 张*明、"
        f"5002**********1234），或在 front matter 的 personal_data 中逐项写明 value 和公开理由 reason"
    )


def _check_links(doc: Document, config: SafetyConfig, problems: Collector) -> None:
    for link in doc.links:
        if not link.external:
            continue
        target = link.target.strip()
        scheme = target.split(":", 1)[0].lower()
        if scheme == "http":
            host = (urlsplit(target).hostname or "").lower()
            if host not in config.http_allowed:
                problems.error(
                    doc.path,
                    "body",
                    f"外部链接“{target}”应使用 https（或把 {host} 列入 "
                    "mkdocs.yml 的 extra.portal.http_allowed）",
                    link.line,
                )
        elif scheme == "mailto":
            address = target[len("mailto:") :].split("?", 1)[0].strip().lower()
            if address not in config.official_emails:
                problems.error(
                    doc.path,
                    "body",
                    f"邮件链接“{mask(address)}”不是 mkdocs.yml 中声明的"
                    "官方邮箱（extra.portal.official_contacts.emails）",
                    link.line,
                )
        elif scheme not in ("https", "tel"):
            problems.error(doc.path, "body", f"不支持的链接“{target[:40]}”", link.line)
