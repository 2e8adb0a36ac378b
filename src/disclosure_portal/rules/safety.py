"""Content safety of public documents: personal information, banned words, external links.

Runs on what the site publishes: public documents (front-matter values, body, file name) and
every file they reference, read by its kind (text, PDF, Word, Excel: model/filekinds.py), with its
file name (it becomes a URL); and the catalog text the site shows (organisations, domains,
approved catalogs). Banned words are found with an Aho-Corasick automaton (one pass a text
whatever the length of the list).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import ahocorasick

from disclosure_portal.model.filekinds import TEXT
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.plan.publish import referenced_files
from disclosure_portal.read.attachments import read_attachment
from disclosure_portal.read.settings import Settings
from disclosure_portal.rules.privacy import Finding, mask, scan_text

BANNED_WORDS_FILE = "banned-words.txt"


@dataclass(frozen=True)
class SafetyConfig:
    """What the content-safety checks need: official contacts, hosts allowed over http, banned words."""

    official_emails: frozenset[str]
    official_domains: tuple[str, ...]
    http_allowed: tuple[str, ...]
    banned: tuple[str, ...]
    automaton: ahocorasick.Automaton | None = None  # over `banned`

    def banned_in(self, text: str) -> list[tuple[int, str]]:
        """(line offset, word) of each banned word in `text`, once per line and word."""
        if self.automaton is None:
            return []
        found = []
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        seen = set()
        for end, word in self.automaton.iter(text):
            offset = bisect.bisect_right(starts, end - len(word) + 1) - 1
            if (offset, word) not in seen:
                seen.add((offset, word))
                found.append((offset, word))
        return sorted(found)


def load_config(settings: Settings, problems: Collector) -> SafetyConfig:
    """The safety settings (official contacts, http hosts, extra.portal) and the banned words."""
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
    automaton = None
    if banned:
        automaton = ahocorasick.Automaton()
        for word in banned:
            automaton.add_word(word, word)
        automaton.make_automaton()
    return SafetyConfig(
        settings.official_emails,
        settings.official_domains,
        settings.http_allowed,
        tuple(banned),
        automaton,
    )


def _sources(
    doc: Document, docs_dir: Path, docs_rel: str, files: frozenset[str], problems: Collector
) -> Iterable[tuple[str, str, str, int]]:
    """(path, key, text, first line) of everything of `doc` that is published: front matter, body,
    and every file it references, by `attachments` or by a link in its body; first line 0 where
    the text's lines are not the file's (PDF, office files)."""
    for key, value in doc.meta.items():
        if isinstance(value, str):
            yield doc.path, key, value, doc.line(key) or 1
    yield doc.path, "body", doc.body, doc.body_line
    for i, change in enumerate(doc.changes):  # change notes are shown like the body
        key = f"changes[{i}].note"
        yield doc.path, key, change.note, doc.line(key) or doc.line("changes") or 1
    for title in doc.attachment_titles.values():  # shown on the page
        yield doc.path, "attachments", title, doc.line("attachments") or 1
    yield doc.path, "file", doc.src, 0  # the file name becomes the page's URL
    for src in sorted(referenced_files(doc, files)):
        rel = f"{docs_rel}/{src}"
        yield doc.path, "attachments", src, 0  # a file name becomes a URL too
        read = read_attachment(docs_dir / src)
        if read.text is None or (not read.body.strip() and read.kind.has_text):
            why = (
                "不是 UTF-8 文本"
                if read.kind.kind == TEXT
                else f"（{read.kind.label}）无法读取文字"
            )
            problems.warn(
                doc.path,
                "attachments",
                f"附件“{rel}”{why}，未能检查其中的个人信息；请确认其中没有个人信息，"
                "或改用可读取文字的格式",
            )
        elif read.text:
            yield rel, "attachment", read.text, 1 if read.has_lines else 0


def check_document(
    doc: Document,
    docs_dir: Path,
    docs_rel: str,
    files: frozenset[str],
    config: SafetyConfig,
    problems: Collector,
) -> None:
    """Report personal data, banned words and disallowed links in everything a public document publishes (front matter, body, referenced files)."""
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
        for offset, word in config.banned_in(text):
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


_YAML_KEY_RE = re.compile(r"^\s*-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*:")


def check_shown_catalog_text(
    sources: dict[str, str], shown: Iterable[str], config: SafetyConfig, problems: Collector
) -> None:
    """Personal data and banned words in the catalog files the site shows (orgs.yml, domains.yml,
    approved catalogs): an error on the file, with the YAML key and line of the finding."""
    for path in shown:
        text = sources.get(path, "")
        lines = text.split("\n")

        def key_at(line: int, lines: list[str] = lines) -> str:
            for candidate in reversed(lines[:line]):
                if m := _YAML_KEY_RE.match(candidate):
                    return m.group(1)
            return "text"

        for finding in scan_text(
            text, official_emails=config.official_emails, official_domains=config.official_domains
        ):
            problems.error(
                path,
                key_at(finding.line),
                f"含有个人信息：{finding.kind}“{finding.masked}”。网站会显示这段目录文字，"
                "公开前须去标识化（如 张*明、5002**********1234）",
                finding.line,
            )
        for offset, word in config.banned_in(text):
            problems.error(
                path,
                key_at(offset + 1),
                f"含有禁用词“{word}”（catalogs/{BANNED_WORDS_FILE}）",
                offset + 1,
            )
