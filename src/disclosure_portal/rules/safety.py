"""Content safety of what the site shows: personal information, banned words, external links.

`shown_texts` is the one list of every text the site shows or serves, each with the file and key
a problem is reported on (SPEC Guarantee 6): mkdocs.yml values printed on every page (site name
and description, copyright, `extra.portal.footer`), the catalog files the site shows (orgs with
their office blocks, domains, channels, approved catalogs and village catalogs), the new-media
registry's shown fields, and of every public document its front-matter values (structured ones
included: consultation, change notes, attachment titles), body, file name, and every file it
references (by `attachments` or by a link in its body), read by its kind in every part
(read/attachments.py), with its file name (it becomes a URL). Banned words are found with an
Aho-Corasick automaton (one pass a text whatever the length of the list).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ahocorasick

from disclosure_portal.forkmap import fork_map
from disclosure_portal.model.filekinds import TEXT
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import APPROVED
from disclosure_portal.plan.publish import referenced_files
from disclosure_portal.read.attachments import read_attachment
from disclosure_portal.read.catalogs import RESERVED_FILES, Registry
from disclosure_portal.read.newmedia import NewMedia
from disclosure_portal.read.settings import CONFIG_FILE, PREFIX, Settings
from disclosure_portal.read.textyaml import parse_text_yaml
from disclosure_portal.read.villages import approved_villages
from disclosure_portal.rules.privacy import EMAIL, MOBILE, Finding, canonical, mask, scan_text

BANNED_WORDS_FILE = "banned-words.txt"
CHECK_SHOWN = "shown-texts"  # check_shown's name in cache.Memo
# a document's own texts (all but its attachments' contents), by its record's key and the names
# of the files it publishes: found clean before, they are not made again (`OwnTexts`)
CHECK_SHOWN_OWN = "shown-texts-own"


@dataclass(frozen=True)
class SafetyConfig:
    """What the content-safety checks need: official contacts, hosts allowed over http, banned words."""

    official_emails: frozenset[str]
    official_domains: tuple[str, ...]
    http_allowed: tuple[str, ...]
    banned: tuple[str, ...]
    automaton: ahocorasick.Automaton | None = None  # over `banned`
    official_phones: frozenset[str] = frozenset()  # canonical (privacy.canonical)

    def scan(self, text: str, first_line: int = 1) -> list[Finding]:
        """Personal information in `text` (privacy.scan_text) with the official contacts."""
        return scan_text(
            text,
            first_line,
            official_emails=self.official_emails,
            official_domains=self.official_domains,
            official_phones=self.official_phones,
        )

    def digest(self) -> str:
        """What `scan` and `banned_in` compare a text with (for cache.Memo)."""
        data = [
            sorted(self.official_emails),
            list(self.official_domains),
            sorted(self.official_phones),
            list(self.banned),
        ]
        return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()

    def banned_in(self, text: str) -> list[tuple[int, str]]:
        """(line offset, word) of each banned word in `text`, once per line and word."""
        if self.automaton is None:
            return []
        found = []
        starts: list[int] = []
        seen = set()
        for end, word in self.automaton.iter(text):
            if not starts:
                starts = [0] + [m.end() for m in re.finditer("\n", text)]
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
        frozenset(canonical(p) for p in settings.official_phones),
    )


@dataclass(frozen=True, slots=True)
class Shown:
    """One text the site shows or serves, and where a problem in it is reported: `path`:`key`,
    `line` the line of the text's first line in `path` (None where the text's lines are not the
    file's: a PDF, an office file, a value of mkdocs.yml). `doc` is the public document it belongs
    to (its declared exceptions apply), `part` names a part of an attachment (批注, 文档属性 …)."""

    path: str
    key: str
    text: str
    line: int | None
    doc: Document | None = None
    part: str = ""
    where: str = ""  # how the message says where the site shows it
    # a document's own texts: the key they are remembered by when found clean (OwnTexts) …
    own: str = ""
    # … and, instead of them, the one text that says they were found clean before
    remembered: bool = False


@dataclass(frozen=True)
class OwnTexts:
    """What lets `shown_texts` leave out a public document's own texts (its front matter, body,
    change notes, attachment titles, its file name and the names of the files it publishes) when
    `check_shown` found them clean before: `keys` (src -> the key of its record, which
    read/documents.read_document_remembered gives for a file read without a problem: equal
    keys, equal records), the memo and the check's configuration (SafetyConfig.digest). The
    contents of the files it publishes are not among them: they are read and searched as
    before."""

    keys: dict[str, str]
    memo: Any
    configuration: str

    def key(self, doc: Document, referenced: list[str]) -> str:
        """The key of `doc`'s own texts, "" when its record has none (read with a problem)."""
        record = self.keys.get(doc.src, "")
        return "\0".join((record, doc.path, *referenced)) if record else ""

    def known(self, key: str) -> bool:
        return self.memo.is_clean(CHECK_SHOWN_OWN, self.configuration, key)


# the label a value's key gives it (read before the value, as a clerk writes 文号：…), so that a
# 统一社会信用代码 or an 索引号 is judged as one and a phone field as a phone
KEY_LABELS = {
    "code": "统一社会信用代码",
    "index_no": "索引号",
    "doc_number": "文号",
    "phone": "电话",
    "fax": "传真",
}
# mkdocs.yml values the theme prints on every page (or in every page's head)
SHOWN_SETTINGS = (
    "site_name",
    "site_description",
    "site_author",
    "copyright",
    "repo_name",
    "repo_url",
)
NEWMEDIA_SHOWN = ("name", "account", "url")


def shown_texts(
    settings: Settings,
    registry: Registry,
    newmedia: NewMedia,
    documents: Iterable[Document],
    files: frozenset[str],
    docs_rel: str,
    problems: Collector,
    own: OwnTexts | None = None,
) -> Iterator[Shown]:
    """Every text the site shows or serves (see the module's docstring): the site's settings,
    the catalog and registry text it shows, then of each public document in `documents`
    everything it publishes. An attachment that cannot be read is a warning on its document.
    `own`: a document's own texts found clean before are one `remembered` text instead."""
    yield from _setting_texts(settings)
    for path in _shown_catalogs(registry):
        yield from _yaml_texts(path, registry.sources.get(path, ""))
    if newmedia.present:
        where = "网站的政务新媒体页面会显示这项内容"
        for account in newmedia.accounts:
            for key in NEWMEDIA_SHOWN:
                value = getattr(account, key)
                if value:
                    yield Shown(
                        newmedia.path, f"{account.id}.{key}", value, account.line, where=where
                    )
    for doc in documents:
        yield from document_texts(doc, settings.docs_dir, docs_rel, files, problems, own)


def _setting_texts(settings: Settings) -> Iterator[Shown]:
    where = "网站每个页面都会显示这项设置"
    for key in SHOWN_SETTINGS:
        value = settings.raw.get(key)
        if isinstance(value, str) and value:
            yield Shown(CONFIG_FILE, key, value, None, where=where)
    for key, value in sorted(settings.footer.items()):
        yield Shown(CONFIG_FILE, f"{PREFIX}.footer.{key}", value, None, where=where)


def _shown_catalogs(registry: Registry) -> list[str]:
    """The catalog files the site shows: approved catalogs, approved village catalogs, and
    orgs.yml, domains.yml and channels.yml."""
    shown = [c.path for c in registry.catalogs.values() if c.status == APPROVED]
    shown += [c.path for c in approved_villages(registry)]
    shown += [path for path in registry.sources if path.rsplit("/", 1)[-1] in RESERVED_FILES]
    return sorted(set(shown))


def _yaml_texts(path: str, source: str) -> Iterator[Shown]:
    """Every text value of a catalog file, keyed as its reader keys problems (`[0].office.phone`,
    `items[shjz-01].subject`), with its line."""
    parsed = parse_text_yaml(source)
    where = "网站会显示这段目录文字"

    def walk(value: Any, key: str) -> Iterator[Shown]:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str) and key.startswith("items["):
                key = f"items[{value['id'].strip()}]"
            for sub, item in value.items():
                yield from walk(item, f"{key}.{sub}" if key else str(sub))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, f"{key}[{i}]")
        elif isinstance(value, str) and value.strip():
            leaf = key.rsplit(".", 1)[-1]
            yield Shown(path, key, _labelled(leaf, value), _line(parsed.lines, key), where=where)

    def _line(lines: dict[str, int], key: str) -> int | None:
        return lines.get(key) or lines.get(re.sub(r"\[[^]]*\]$", "", key))

    lines_by_id = dict(parsed.lines)
    for k, v in list(parsed.lines.items()):  # items[<id>] keys name the same lines
        lines_by_id.setdefault(k, v)
    data = parsed.data
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        for i, item in enumerate(data["items"]):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                prefix = f"items[{i}]"
                for k, v in parsed.lines.items():
                    if k.startswith(prefix):
                        lines_by_id.setdefault(f"items[{item['id'].strip()}]" + k[len(prefix) :], v)
    parsed.lines = lines_by_id
    yield from walk(data, "")


def _labelled(key: str, value: str) -> str:
    """`value` as the page shows it under its label: the label read before it (KEY_LABELS)."""
    label = KEY_LABELS.get(key)
    return f"{label}：{value}" if label and "\n" not in value else value


def document_texts(
    doc: Document,
    docs_dir: Path,
    docs_rel: str,
    files: frozenset[str],
    problems: Collector,
    own: OwnTexts | None = None,
) -> Iterator[Shown]:
    """Everything of the public `doc` that is published: front-matter values (structured ones
    included), body, change notes, attachment titles, its file name, and every file it
    references, by `attachments` or by a link in its body, in every part, with its name. `own`:
    the texts before the files' contents (the document's own, one batch of `check_shown`) are
    one `remembered` text when they were found clean before."""
    referenced = sorted(referenced_files(doc, files))
    key = own.key(doc, referenced) if own is not None else ""
    if key and own is not None and own.known(key):
        yield Shown(doc.path, "file", doc.src, None, doc, own=key, remembered=True)
    else:
        yield from _own_texts(doc, referenced, key)
    for src in referenced:
        yield from _attachment_texts(doc, docs_dir, f"{docs_rel}/{src}", src, problems)


def _own_texts(doc: Document, referenced: list[str], key: str) -> Iterator[Shown]:
    done = set()
    for name, value in doc.meta.items():
        if isinstance(value, str) and value.strip():
            done.add(name)
            yield Shown(doc.path, name, _labelled(name, value), doc.line(name) or 1, doc, own=key)
    for name, value in doc.values.items():
        if name in done or name == "personal_data":
            continue
        if isinstance(value, str) and value.strip():
            yield Shown(doc.path, name, _labelled(name, value), doc.line(name) or 1, doc, own=key)
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                if isinstance(item, str) and item.strip():
                    line = doc.line(f"{name}[{i}]") or doc.line(name) or 1
                    yield Shown(doc.path, f"{name}[{i}]", item, line, doc, own=key)
    yield from _consultation_texts(doc, key)
    yield Shown(doc.path, "body", doc.body, doc.body_line, doc, own=key)
    for i, change in enumerate(doc.changes):  # change notes are shown like the body
        name = f"changes[{i}].note"
        line = doc.line(name) or doc.line("changes") or 1
        yield Shown(doc.path, name, change.note, line, doc, own=key)
    yield from _attachment_titles(doc, key)
    # the file name becomes the page's URL, and so does the name of each file it publishes
    yield Shown(doc.path, "file", doc.src, None, doc, own=key)
    for src in referenced:
        yield Shown(doc.path, "attachments", src, None, doc, own=key)


def _consultation_texts(doc: Document, own: str = "") -> Iterator[Shown]:
    c = doc.consultation
    if c is None:
        return
    for key, value in (("reason", c.reason), ("feedback", c.feedback or ""), ("kind", c.kind)):
        if value.strip():
            line = doc.line(f"consultation.{key}") or doc.line("consultation") or 1
            yield Shown(doc.path, f"consultation.{key}", value, line, doc, own=own)
    for i, channel in enumerate(c.channels):
        key = f"consultation.channels[{i}]"
        line = doc.line(key) or doc.line("consultation.channels") or doc.line("consultation") or 1
        name = key if len(c.channels) > 1 else "consultation.channels"
        yield Shown(doc.path, name, channel, line, doc, own=own)


def _attachment_titles(doc: Document, own: str = "") -> Iterator[Shown]:
    """The editor's title of each attachment, keyed `attachments[i].title` where the file says
    which item it is (the i-th `{path, title}` item of the list)."""
    keys = sorted(
        (k for k in doc.lines if re.fullmatch(r"attachments\[\d+\]\.title", k)),
        key=lambda k: int(k[len("attachments[") : k.index("]")]),
    )
    titles = [t for t in doc.attachment_titles.values() if t]
    exact = len(keys) == len(titles)
    for i, title in enumerate(titles):
        key = keys[i] if exact else "attachments"
        line = doc.line(key) or doc.line("attachments") or 1
        yield Shown(doc.path, key, title, line, doc, own=own)


def _attachment_texts(
    doc: Document, docs_dir: Path, rel: str, src: str, problems: Collector
) -> Iterator[Shown]:
    read = read_attachment(docs_dir / src)
    # a scanned PDF or a Word file of pictures: its visible text cannot be checked (a warning),
    # but what can be read of it (document properties, metadata) still is
    if read.text is None or (not read.body.strip() and read.kind.has_text):
        why = read.problem or (
            "的编码无法识别" if read.kind.kind == TEXT else f"（{read.kind.label}）无法读取文字"
        )
        problems.warn(
            doc.path,
            "attachments",
            f"附件“{rel}”{why}，未能检查其中的个人信息；请确认其中没有个人信息，"
            "或改用可读取文字的格式",
        )
    if read.text is None:
        return
    parts = read.parts  # (label, text) of each part
    if len(parts) > 1:
        for label, text in parts:
            yield Shown(rel, "attachment", text, None, doc, part=label)
    elif read.text:
        yield Shown(rel, "attachment", read.text, 1 if read.has_lines else None, doc)


def check_shown(
    texts: Iterable[Shown], config: SafetyConfig, problems: Collector, memo: Any = None
) -> None:
    """Report personal data and banned words in every text of `texts` (shown_texts), and the
    links of each public document; a document's declared exceptions (personal_data) apply to
    its own texts, and one declared but not found is a warning.

    The texts of one file are read as one (the values of a catalog, the front matter and body of
    a document), set apart by a boundary no number crosses: one scan a file, not one a value.
    `memo` (cache.Memo): a file's text found without personal data or banned words before, with
    this configuration, is not scanned again; nor are a document's own texts that `shown_texts`
    gave as one `remembered` text (OwnTexts), which are kept as clean again."""
    configuration = config.digest() if memo is not None else ""
    reporter = _Reporter(config, problems, memo, configuration)
    # the files in order, each with its texts read as one and whether it is to be scanned, a
    # chunk of them at a time (at most CHUNK_CHARS of text held): the scans, most of the time
    # this check takes, are spread over both cores (forkmap)
    chunk: list[tuple[list[Shown], list[int], str, bool]] = []
    held = 0
    for _, batch in groupby(texts, key=lambda s: (s.path, id(s.doc))):
        shown_batch = list(batch)
        if shown_batch[0].remembered:  # (OwnTexts.known kept it as clean in this build)
            chunk.append((shown_batch, [], "", False))
            continue
        starts, combined = _combined(shown_batch)
        clean = memo is not None and memo.is_clean(CHECK_SHOWN, configuration, combined)
        chunk.append((shown_batch, starts, combined, not clean))
        held += 0 if clean else len(combined)
        if held >= CHUNK_CHARS:
            reporter.report(chunk)
            chunk, held = [], 0
    reporter.report(chunk)
    reporter.finish()


# text of the files scanned together, at most (a chunk is held in memory while its scans run)
CHUNK_CHARS = 16_000_000


class _Reporter:
    """What check_shown reports, file after file, with the state that runs across files (the
    declared exceptions of the document being reported, and which of them were used)."""

    def __init__(self, config: SafetyConfig, problems: Collector, memo: Any, configuration: str):
        self.config, self.problems = config, problems
        self.memo, self.configuration = memo, configuration
        self.doc: Document | None = None
        self.allowed: dict[str, str] = {}
        self.used: set[str] = set()

    def report(self, chunk: list[tuple[list[Shown], list[int], str, bool]]) -> None:
        config, problems, memo, configuration = (
            self.config,
            self.problems,
            self.memo,
            self.configuration,
        )
        scans = iter(
            fork_map(
                functools.partial(_scan, config),
                [combined for _, _, combined, scan in chunk if scan],
                weight=len,
            )
        )
        for shown_batch, starts, combined, scan in chunk:
            if shown_batch[0].doc is not self.doc:
                self.finish()
                self.doc = doc = shown_batch[0].doc
                self.allowed = (
                    {canonical(v): reason for v, reason in doc.personal_data} if doc else {}
                )
                self.used = set()
            own = shown_batch[0].own
            if shown_batch[0].remembered:
                continue
            if not scan:  # clean before, with this configuration
                if own:
                    memo.clean(CHECK_SHOWN_OWN, configuration, own)
                continue
            findings, banned = next(scans)
            if memo is not None and not findings and not banned:
                memo.clean(CHECK_SHOWN, configuration, combined)
                if own:
                    memo.clean(CHECK_SHOWN_OWN, configuration, own)
            for finding in findings:
                if finding.value in self.allowed:
                    self.used.add(finding.value)
                    continue
                shown, line = _place(shown_batch, starts, finding.line)
                problems.error(shown.path, shown.key, _message(finding, shown), line)
            for offset, word in banned:
                shown, line = _place(shown_batch, starts, offset + 1)
                message = f"含有禁用词“{word}”（catalogs/{BANNED_WORDS_FILE}）"
                problems.error(shown.path, shown.key, message, line)

    def finish(self) -> None:
        """The declared exceptions of the last document reported that were not found."""
        _finish(self.doc, self.allowed, self.used, self.config, self.problems)
        self.doc, self.allowed, self.used = None, {}, set()


def _scan(config: SafetyConfig, text: str) -> tuple[list[Finding], list[tuple[int, str]]]:
    """Personal data and banned words of one file's texts read as one."""
    return config.scan(text), config.banned_in(text)


# between two texts read as one: a line of its own that no run of digits crosses (a tab is no
# separator) and no name or label reaches over
TEXT_BOUNDARY = "\n\t\u3002\t\n"


def _combined(batch: list[Shown]) -> tuple[list[int], str]:
    """The texts of `batch` as one, and the line (from 1) each of them starts on."""
    starts, line = [], 1
    for shown in batch:
        starts.append(line)
        line += shown.text.count("\n") + TEXT_BOUNDARY.count("\n")
    return starts, TEXT_BOUNDARY.join(shown.text for shown in batch)


def _place(batch: list[Shown], starts: list[int], line: int) -> tuple[Shown, int | None]:
    """The text of `batch` on `line` of the combined text, and that line in its own file."""
    i = max(0, bisect.bisect_right(starts, line) - 1)
    shown = batch[i]
    return shown, (shown.line + line - starts[i]) if shown.line else None


def _finish(
    doc: Document | None,
    allowed: dict[str, str],
    used: set[str],
    config: SafetyConfig,
    problems: Collector,
) -> None:
    if doc is None:
        return
    for value in allowed:
        if value not in used:
            problems.warn(
                doc.path, "personal_data", f"个人信息例外“{mask(value)}”在本文件中没有出现，请删除"
            )
    _check_links(doc, config, problems)


def _message(finding: Finding, shown: Shown) -> str:
    """The error for `finding` in `shown`: the number masked, how it was written, where it is,
    and how to fix it (de-identify it, or declare it where that is allowed)."""
    written = f"（原文写作“{finding.written}”）" if finding.written else ""
    where = ""
    if shown.doc is not None and shown.path != shown.doc.path:
        part = f"的“{shown.part}”部分" if shown.part else ""
        where = f"（{shown.doc.path} 的附件{part}）"
    elif shown.where:
        where = f"。{shown.where}"
    head = f"含有个人信息：{finding.kind}“{finding.masked}”{written}{where}"
    if finding.kind == EMAIL:
        return (
            f"{head}。如果这是单位的公务邮箱，请在 mkdocs.yml 的 "
            "extra.portal.official_contacts.emails 中声明一次（如 emails: [xxgk@163.com]），"
            "或把它的域名写进 extra.portal.official_contacts.domains；个人邮箱请删除"
        )
    official = (
        "；单位对外公布的工作手机可在 mkdocs.yml 的 extra.portal.official_contacts.phones 中声明一次"
        if finding.kind == MOBILE
        else ""
    )
    if shown.doc is None:
        return f"{head}。公开前须去标识化（如 张*明、5002**********1234）{official}"
    return (
        f"{head}。公开前须去标识化（如 张*明、5002**********1234），或在 front matter 的 "
        f"personal_data 中逐项写明 value 和公开理由 reason{official}"
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
