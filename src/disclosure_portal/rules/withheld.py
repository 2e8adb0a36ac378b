"""What a public document must not carry of withheld material, judged before anything is built
(the first wall; the leak check on the output is the second).

SPEC guarantee 1: files are judged by their real path (a symbolic link to a withheld file is
that file); a published file with the bytes of a withheld file is an error; a public text that
names the path of a withheld file is an error; a public text that cites a withheld document's
title, 文号 or 索引号 is a warning naming both files (the editor confirms the citation).

Copies. Every distinctive unit (rules/ordinary.py decides, by the unit's own form) of a withheld
document or withheld file is withheld material: found in a public document's body, front-matter
values, change notes or any file it publishes, in a file a setting names, or in the catalog and
settings text the site shows, it is an error naming both files, however many public places hold
it. Two things make a shared unit lawful, and both are about where the text comes from, never
about how many public places hold it:
- `published_as`: a withheld draft declares the public document that published its text; the
  units it shares with that document's body and files are that document's text (a draft's
  other units stay withheld, in the target's summary or change notes too).
- provenance by content dates: a unit shared with a public document whose `published` date (and
  every change-note date) lies before the withheld document was written was public first; the
  withheld 请示 or 答复书 quotes it. Without dates that prove it, the strict rule applies.
Such units are neither errors nor fingerprints; the withheld document's other units stay withheld.

Everything is compared in the one text form of model/textform.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.forkmap import fork_map
from disclosure_portal.model.filekinds import OTHER, TEXT
from disclosure_portal.model.matcher import Matcher
from disclosure_portal.model.pickling import quick_state
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.textform import has_han, markdown_text, normalize
from disclosure_portal.model.vocab import APPROVED
from disclosure_portal.plan.publish import PublicSet, is_public, referenced_files
from disclosure_portal.plan.urls import page_key
from disclosure_portal.read.attachments import read_attachment
from disclosure_portal.read.catalogs import RESERVED_FILES
from disclosure_portal.read.links import References
from disclosure_portal.read.settings import CONFIG_FILE
from disclosure_portal.read.villages import approved_villages
from disclosure_portal.rules.ordinary import Ordinary, Unit

CITABLE = (("title", "标题"), ("doc_number", "文号"), ("index_no", "索引号"))
MIN_HAN = 4
MIN_TITLE = 8  # characters of a title before its mention counts as a citation
MIN_ASCII = 8
MIN_BYTES = 32  # smaller files are alike by chance (an empty CSV header); the leak check agrees
PUBLISHED_AS = "published_as"
CHECK_PLACES = "withheld-in-public-places"  # the search of public places' name in cache.Memo
# a public document's own places (its body, front matter and change notes), by its record's key
# (read/documents.read_document_remembered): found clean before, they are not made again
CHECK_PLACES_OWN = "withheld-in-own-places"
CHECK_UNITS = "distinctive-units"  # a withheld text's distinctive units, in cache.Memo
PUBLISHED_TEXT = ("body", "attachments")  # what published_as declares: the target's text
DOCUMENT_TEXT = "正文"
FILE_TEXT = "附件内容"


def _long_enough(norm: str) -> bool:
    return len(norm) >= (MIN_HAN if has_han(norm) else MIN_ASCII)


@quick_state
@dataclass(frozen=True, slots=True)
class WithheldUnit:
    """A distinctive unit of withheld text that is withheld material (a fingerprint)."""

    source: str  # project path of the withheld document or file
    kind: str  # 正文 or 附件内容
    unit: Unit


@dataclass
class WithheldText:
    """The result of the first wall that the second one needs: the withheld material's units,
    without the lawful ones (published_as, provenance)."""

    units: list[WithheldUnit] = field(default_factory=list)


@dataclass
class _Source:
    path: str
    kind: str
    units: list[Unit]
    date: dt.date | None  # when its text existed at the latest (written, else published)
    targets: frozenset[str]  # src of the public documents it was published as
    document: Document | None = None


@dataclass(frozen=True, slots=True)
class _Mark:
    kind: str  # "cite", "path" or "unit"
    source: int  # index into the sources list, or -1 (cite and path marks)
    label: str  # 标题, 文号, 路径 …
    shown: str
    source_path: str = ""


@dataclass(frozen=True, slots=True)
class _Place:
    """A public place that text is published in."""

    report_path: str  # where the problem is reported
    key: str
    where: str  # shown after the message: （附件 …）
    text: str
    document: Document | None = None  # the public document, where the place is one's
    own: str = ""  # a document's own place: its record's key (CHECK_PLACES_OWN)

    @property
    def name(self) -> str:
        return self.where or self.report_path


def _units_of(value: Any) -> list[Unit] | None:
    """Units kept by the memo (lists of two strings and four flags), or None when `value` is
    not that."""
    if not isinstance(value, list):
        return None
    units = []
    for fields in value:
        if (
            not isinstance(fields, list)
            or len(fields) != 6
            or not all(isinstance(f, str) for f in fields[:2])
            or not all(isinstance(f, bool) for f in fields[2:])
        ):
            return None
        units.append(Unit(*fields))
    return units


def ordinary_rule(org_names: Iterable[str]) -> Ordinary:
    """The rule for this build's organisations (their names are ordinary words)."""
    return Ordinary(org_names)


def document_date(doc: Document) -> dt.date | None:
    """When a withheld document's text existed at the latest: `written`, else `published`
    (a withdrawn document's); never the future `published` date of a scheduled document (定时
    发布), which says nothing about when its text was written."""
    if doc.written:
        return doc.written
    return None if doc.scheduled else doc.published


def public_date(doc: Document) -> dt.date | None:
    """Since when a public document's text has been public as it is: its `published` date, or
    its newest change note's date (the text may have changed then); None without `published`."""
    if doc.published is None:
        return None
    return max([doc.published, *(c.date for c in doc.changes if c.date)])


def published_as_targets(
    doc: Document, index: References, problems: Collector | None = None
) -> tuple[Document, ...]:
    """The public documents a withheld document declares with `published_as`; with `problems`,
    each reference that does not resolve to another public document is reported."""
    out = []
    for ref in doc.published_as:
        target = index.resolve(ref)
        line = doc.line(PUBLISHED_AS)
        if target is None:
            if problems is not None:
                problems.error(doc.path, PUBLISHED_AS, f"找不到标识或文号为“{ref}”的公开文本", line)
        elif target is doc:
            if problems is not None:
                problems.error(doc.path, PUBLISHED_AS, "公开文本不能是文件自身", line)
        elif not is_public(target):
            if problems is not None:
                problems.error(
                    doc.path,
                    PUBLISHED_AS,
                    f"公开文本“{ref}”（{target.path}）不是主动公开的文件：published_as 只能指向"
                    "已经公开发布、采用了本文件文字的文件",
                    line,
                )
        else:
            out.append(target)
    return tuple(out)


def _document_text(doc: Document) -> str:
    """The text of a withheld document that is its own: body as a reader sees it, summary,
    review and change notes. Not the administrative reasons an office repeats from document to
    document (`interpretation_exempt`, `consultation.reason`): they say why a step was skipped,
    nothing of the document's content, and clerks copy them; the leak check still fingerprints
    every front-matter value that is not shared with public text (verify/fingerprints.py)."""
    parts = [markdown_text(doc.body), doc.summary]
    parts += [r.note for r in doc.reviews] + [c.note for c in doc.changes]
    return "\n".join(p for p in parts if p)


def file_text(path: Path) -> str:
    """The readable text of a file (read/attachments.py); a text file (or one of no known
    kind: a stylesheet, a script) that the reader cannot read is read as UTF-8 with replacement
    characters; a CSV's cells are a table row's cells."""
    read = read_attachment(path)
    text = read.text
    if text is None and read.kind.kind in (TEXT, OTHER):  # a stylesheet, a script
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            text = ""
    text = text or ""
    if path.suffix.lower() == ".csv":
        text = text.replace(",", "\t")
    return text


def withheld_sources(
    public: PublicSet,
    docs_dir: Path,
    docs_rel: str,
    index: References,
    org_names: Iterable[str],
    memo: Any = None,
) -> list[_Source]:
    """Every withheld document and file with its distinctive units, date and published_as.
    `memo` (cache.Memo): the units of a text computed before under the same organisation names
    (and the same code: the memo is keyed by it) are not computed again."""
    names = sorted(set(org_names))
    configuration = hashlib.sha256(  # one JSON list: unambiguous whatever a name holds
        json.dumps(names, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ).hexdigest()
    texts = [_document_text(doc) for doc in public.withheld]
    texts += [file_text(docs_dir / src) for src in sorted(public.withheld_files)]
    units_of: dict[str, list[Unit]] = {}
    if memo is not None:
        for text in texts:
            found = _units_of(memo.recall(CHECK_UNITS, configuration, text))
            if found is not None:
                units_of[text] = found
    missing = list(dict.fromkeys(t for t in texts if t not in units_of))
    if missing:  # the texts' units, on both cores (forkmap): a pure function of the text
        rule = ordinary_rule(names)
        for text, units in zip(
            missing, fork_map(rule.distinctive, missing, weight=len), strict=True
        ):
            units_of[text] = units
            if memo is not None:
                memo.keep(CHECK_UNITS, configuration, text, [list(astuple(u)) for u in units])
    texts_in_order = iter(texts)

    sources = []
    owners: dict[str, list[Document]] = defaultdict(list)
    targets_of: dict[str, frozenset[str]] = {}
    for doc in public.withheld:
        targets_of[doc.src] = frozenset(t.src for t in published_as_targets(doc, index))
        for src in doc.attachments:
            owners[src].append(doc)
        cited = [normalize(str(doc.value(k) or "")) for k, _ in CITABLE]
        units = [
            u
            for u in units_of[next(texts_in_order)]
            if not any(u.norm in c for c in cited if c)  # the title as a line: a citation
        ]
        sources.append(
            _Source(doc.path, DOCUMENT_TEXT, units, document_date(doc), targets_of[doc.src], doc)
        )
    for src in sorted(public.withheld_files):
        dates = [d for o in owners.get(src, ()) if (d := document_date(o))]
        targets = frozenset().union(*(targets_of[o.src] for o in owners.get(src, ())))
        units = units_of[next(texts_in_order)]
        sources.append(
            _Source(f"{docs_rel}/{src}", FILE_TEXT, units, min(dates, default=None), targets)
        )
    return sources


def check_withheld_material(
    public: PublicSet,
    settings,
    docs_rel: str,
    files: frozenset[str],
    index: References,
    registry,
    newmedia,
    problems: Collector,
    memo: Any = None,
    record_keys: dict[str, str] | None = None,
) -> WithheldText:
    """Report withheld material that public places would publish (module docstring) and
    `published_as` misused; return the withheld units the leak check searches the output for.
    `memo` (cache.Memo): a public place's text found to hold none of these withheld units (the
    same units exactly) before is not searched again; with `record_keys` (src -> its record's
    key), nor are the own places of a document whose record has that key and whose own places
    all held none of them (they are not even made: the body's text as read is the costly one)."""
    docs_dir = settings.docs_dir
    _check_files(public, docs_dir, docs_rel, files, problems)
    for doc in public.documents:
        if doc.published_as:
            problems.error(
                doc.path,
                PUBLISHED_AS,
                "published_as 只用于非主动公开的文件（如征求意见稿、送审稿），写明采用其文字的公开"
                "文件；公开文件不需要它，请删除",
                doc.line(PUBLISHED_AS),
            )
    for doc in public.withheld:
        published_as_targets(doc, index, problems)
    names = [org.name for org in registry.orgs.values()]
    sources = withheld_sources(public, docs_dir, docs_rel, index, names, memo)
    marks = _marks(public, sources)
    if not marks:
        return WithheldText()
    searched = _marks_digest(marks) if memo is not None else ""
    # with the memo, most places are known clean: the few others are searched mark by mark
    find = _Finder(marks, direct=memo is not None)
    found: list[tuple[_Place, set[str]]] = []

    def known(key: str) -> bool:
        return memo is not None and memo.is_clean(CHECK_PLACES_OWN, searched, key)

    keys = record_keys if memo is not None else None
    places = _places(public, settings, docs_rel, files, registry, newmedia, keys, known)
    if memo is None and _cores() >= 2:  # every place, by the automaton: on both cores
        found = [(place, hits) for place, hits in _searched_beside(places, find) if hits]
    else:
        own, own_clean = "", False  # the document whose own places are being searched
        for place in places:
            if place.own != own:
                if own and own_clean and memo is not None:
                    memo.clean(CHECK_PLACES_OWN, searched, own)
                own, own_clean = place.own, True
            if memo is not None and memo.is_clean(CHECK_PLACES, searched, place.text):
                continue
            hits = find(normalize(place.text))
            if hits:
                found.append((place, hits))
                own_clean = False
            elif memo is not None:
                memo.clean(CHECK_PLACES, searched, place.text)
        if own and own_clean and memo is not None:
            memo.clean(CHECK_PLACES_OWN, searched, own)
    lawful = _lawful(found, marks, sources, _Record(getattr(settings, "root", None)))
    _report(found, marks, sources, lawful, problems)
    return WithheldText(
        [
            WithheldUnit(s.path, s.kind, u)
            for i, s in enumerate(sources)
            for u in s.units
            if u.norm not in lawful[i]
        ]
    )


# Searching a text for each mark in turn costs about (marks x characters) x 0.15 ns; building the
# automaton about 0.5 us a character of the marks (measured at 10,000 documents: 25,795 marks of
# 991,000 characters, 0.5 s to build, 24 ms to search one 6,000-character body mark by mark). A
# build from the cache searches the places it has not seen (an edited document): mark by mark
# while that costs well under the automaton's building.
DIRECT_FACTOR = 1000


class _Finder:
    """The marks (keys of `marks`) found in a text: searched mark by mark (`direct`) while the
    characters searched so far cost less than building the automaton would, then with the
    automaton. Both find exactly the marks that occur in the text. Once the automaton is built
    (`automaton`), threads may search at once."""

    def __init__(self, marks: dict[str, Any], *, direct: bool) -> None:
        self._norms = list(marks)
        self._budget = DIRECT_FACTOR * sum(map(len, marks)) // max(1, len(marks)) if direct else 0
        self._automaton: Matcher | None = None

    def automaton(self) -> None:
        """Build the automaton now: every later search uses it."""
        if self._automaton is None:
            self._automaton = Matcher({norm: norm for norm in self._norms})

    def __call__(self, text: str) -> set[str]:
        if self._automaton is None and len(text) <= self._budget:
            self._budget -= len(text)
            return {norm for norm in self._norms if norm in text}
        self.automaton()
        assert self._automaton is not None
        return {norm for _, norm in self._automaton.iter(text)}


# Places searched by a pool's thread at a time, and the batches waiting at most per thread (the
# places' texts wait in memory meanwhile)
SEARCH_BATCH = 256
SEARCH_AHEAD = 2


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _searched_beside(
    places: Iterable[_Place], find: _Finder, threads: int = 2
) -> Iterator[tuple[_Place, set[str]]]:
    """Every place with the marks found in it, in order, searched by `threads` threads while
    this one makes the places: the automaton's search (about half of this check's time without
    the memo, at 10,000 documents) lets go of the interpreter's lock."""
    find.automaton()  # built before the threads share it

    def search(batch: list[_Place]) -> list[tuple[_Place, set[str]]]:
        return [(place, find(normalize(place.text))) for place in batch]

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="portal-withheld") as pool:
        waiting: deque[Future[list[tuple[_Place, set[str]]]]] = deque()
        batch: list[_Place] = []
        for place in places:
            batch.append(place)
            if len(batch) == SEARCH_BATCH:
                waiting.append(pool.submit(search, batch))
                batch = []
                while len(waiting) > SEARCH_AHEAD * threads:
                    yield from waiting.popleft().result()
        if batch:
            waiting.append(pool.submit(search, batch))
        while waiting:
            yield from waiting.popleft().result()


def _marks_digest(marks: dict[str, list[_Mark]]) -> str:
    """What the search of public places looks for: every mark's comparison form."""
    h = hashlib.sha256()
    for norm in sorted(marks):
        data = norm.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def _marks(public: PublicSet, sources: list[_Source]) -> dict[str, list[_Mark]]:
    marks: dict[str, list[_Mark]] = defaultdict(list)
    for doc in public.withheld:
        for key, label in CITABLE:
            value = str(doc.value(key) or "")
            norm = normalize(value)
            # a short title (会议纪要) is everyday words, not a citation worth a warning
            if _long_enough(norm) and (key != "title" or len(norm) >= MIN_TITLE):
                marks[norm].append(_Mark("cite", -1, label, value, doc.path))
        for value in {page_key(doc.src), doc.src}:
            norm = normalize(value)
            if "/" in value and _long_enough(norm):
                marks[norm].append(_Mark("path", -1, "路径", value, doc.path))
    for src in sorted(public.withheld_files):
        norm = normalize(src)
        if "/" in src and _long_enough(norm):
            marks[norm].append(_Mark("path", -1, "路径", src, src))
    for i, source in enumerate(sources):
        for unit in source.units:
            marks[unit.norm].append(_Mark("unit", i, "", unit.raw, source.path))
    return marks


def _places(
    public, settings, docs_rel, files, registry, newmedia, keys=None, known=None
) -> Iterable[_Place]:
    """Every public place text is published in: each public document's front matter, change
    notes, body and files; the files settings name; the catalog and settings text shown. With
    `keys` (src -> its record's key) and `known` (whether a key's own places were all found
    clean before), a document's own places are left out when `known` says so; the others carry
    the key (`_Place.own`), its files' places do not (their contents are read every time)."""
    docs_dir = settings.docs_dir
    for doc in public.documents:
        own = keys.get(doc.src, "") if keys is not None else ""
        if not (own and known is not None and known(own)):
            # as written (a path shown in code is shown) and as read (a link inside a sentence)
            text = doc.body + "\n" + markdown_text(doc.body)
            yield _Place(doc.path, "body", "", text, doc, own)
            for key, value in _front_matter_texts(doc):
                yield _Place(doc.path, key, "", value, doc, own)
            notes = "\n".join(c.note for c in doc.changes)  # shown on 修订记录
            if notes:
                yield _Place(doc.path, "changes", "", notes, doc, own)
        for src in sorted(referenced_files(doc, files)):
            text = file_text(docs_dir / src)
            if text:
                yield _Place(doc.path, "attachments", f"{docs_rel}/{src}", text, doc)
    for key, src in setting_files(settings):
        yield _Place(CONFIG_FILE, key, f"{docs_rel}/{src}", file_text(docs_dir / src))
    for key, value in _shown_settings(settings.raw):
        yield _Place(CONFIG_FILE, key, "", value)
    shown = {c.path for c in registry.catalogs.values() if c.status == APPROVED}
    shown |= {c.path for c in approved_villages(registry)}  # 村（居）务公开目录
    for path, text in sorted(registry.sources.items()):
        if path in shown or path.rsplit("/", 1)[-1] in RESERVED_FILES:
            yield _Place(path, "file", "", text)
    for account in newmedia.accounts:  # the 政务新媒体 page shows these fields only
        text = "\n".join((account.name, account.platform, account.account, account.url))
        yield _Place(newmedia.path, account.id, "", text)


def _front_matter_texts(doc: Document) -> Iterable[tuple[str, str]]:
    for key, value in doc.meta.items():
        if isinstance(value, str):
            yield key, value
    for key, value in doc.values.items():
        if isinstance(value, tuple):
            texts = [v for v in value if isinstance(v, str)]
            if texts:
                yield key, "\n".join(texts)
    if doc.attachment_titles:
        yield "attachments", "\n".join(doc.attachment_titles.values())
    if doc.consultation is not None:
        parts = [doc.consultation.reason, *doc.consultation.channels]
        yield "consultation", "\n".join(p for p in parts if p)


def setting_files(settings) -> list[tuple[str, str]]:
    """(setting key, path under content/) of the files under content/ that settings publish
    (`extra_css`, `extra_javascript`, `extra_templates`, the theme's `logo` and `favicon`), as
    plan/engine.py finds them for the publication decision."""
    from disclosure_portal.plan.engine import setting_files as named  # noqa: PLC0415 - cycle

    raw = settings.raw if isinstance(settings.raw, dict) else {}
    docs_dir = settings.docs_dir.resolve()
    out = []
    for key, value in named(raw):
        path = (settings.docs_dir / value).resolve()
        if path.is_file() and path.is_relative_to(docs_dir):
            out.append((key, path.relative_to(docs_dir).as_posix()))
    return out


def _shown_settings(raw: object) -> Iterable[tuple[str, str]]:
    """Settings text shown on every page: site name and description, copyright, the footer."""
    if not isinstance(raw, dict):
        return
    for key in ("site_name", "site_description", "copyright"):
        if isinstance(raw.get(key), str):
            yield key, raw[key]
    extra = raw.get("extra")
    portal = extra.get("portal") if isinstance(extra, dict) else None
    footer = portal.get("footer") if isinstance(portal, dict) else None
    if isinstance(footer, dict):
        for key, value in footer.items():
            if isinstance(value, str):
                yield f"extra.portal.footer.{key}", value


def _lawful(found, marks, sources: list[_Source], record: _Record) -> list[set[str]]:
    """Per source, the units that are public text by declaration (published_as) or by
    provenance (a public document published before the withheld text existed, and not changed
    since: see _Record)."""
    lawful: list[set[str]] = [set() for _ in sources]
    asked = set()  # what the loop below may ask the record: asked of git at once, first
    for place, hits in found:
        doc = place.document
        since = public_date(doc) if doc is not None and not place.where else None
        for norm in hits if since is not None else ():
            for mark in marks[norm]:
                source = sources[mark.source]
                if mark.kind == "unit" and source.date is not None and since < source.date:
                    asked.add((doc.path, source.path, source.date))
    record.prefetch(asked)
    for place, hits in found:
        doc = place.document
        if doc is None:
            continue
        since = public_date(doc)
        for norm in hits:
            for mark in marks[norm]:
                if mark.kind != "unit":
                    continue
                source = sources[mark.source]
                declared = doc.src in source.targets and place.key in PUBLISHED_TEXT
                if declared or (
                    since is not None
                    and source.date is not None
                    and since < source.date
                    # the page's own text is checked against its committed versions; an
                    # attached file's against its content dates only
                    and (
                        place.where
                        or record.public_before(doc.path, source.path, source.date, norm)
                    )
                ):
                    lawful[mark.source].add(norm)
    return lawful


GIT_PROCESSES = 4  # git's answers asked for at once (each mostly a process starting)


class _Record:
    """What git says about provenance. Content dates say when a public text was published; an
    editor who later pastes a withheld sentence into that old page without a change note
    leaves them as they were. The git record does not: the unit must already be in the public
    file as it was committed by the time the withheld text was written and entered the
    repository (a later typo fix changes nothing; an edit not yet committed is not in it).
    Where the withheld text was written before the public file entered the repository (an
    archive brought into git), the record speaks only from the public file's entry on: the unit
    must be in the public file as it first entered, in a commit before the withheld text's or
    in the same first commit of the repository. Outside git the content dates decide.

    Asked only for the pairs that provenance would make lawful: a few git calls per build."""

    def __init__(self, root: Path | None) -> None:
        self._root = root
        self._available: bool | None = None
        self._entered: dict[str, tuple[str, dt.datetime] | None] = {}
        self._root_commits: set[str] | None = None
        self._texts: dict[tuple[str, str], str | None] = {}
        self._shown: dict[tuple[str, str], Future[str | None]] = {}
        self._lock = threading.Lock()

    def _git(self, *args: str) -> str | None:
        from disclosure_portal.read.history import _git  # noqa: PLC0415 - only when needed

        return _git(self._root, *args) if self._root is not None else None

    def available(self) -> bool:
        if self._available is None:
            self._available = bool((self._git("rev-parse", "HEAD") or "").strip())
        return self._available

    def _entry(self, path: str) -> tuple[str, dt.datetime] | None:
        """The commit that first added the file at `path` and its date (None: not committed)."""
        if path not in self._entered:
            out = (self._git("log", "--reverse", "--format=%H %cI", "--", path) or "").split()
            # committer dates, as `git log --before` reads them
            try:
                self._entered[path] = (out[0], dt.datetime.fromisoformat(out[1])) if out else None
            except (ValueError, IndexError):
                self._entered[path] = None
        return self._entered[path]

    def _roots(self) -> set[str]:
        """The repository's first commits (an archive is usually brought in by one of them)."""
        if self._root_commits is None:
            # a shallow clone's oldest commits only look like first commits: none then
            shallow = (self._git("rev-parse", "--is-shallow-repository") or "").strip()
            out = self._git("rev-list", "--max-parents=0", "HEAD") or ""
            self._root_commits = set() if shallow == "true" else set(out.split())
        return self._root_commits

    def _text_before(self, path: str, until: str) -> str | None:
        """The comparison form of the file at `path` as last committed before `until`."""
        key = (path, until)
        if key not in self._texts:
            out = self._git("log", "-1", "--format=%H", f"--before={until}", "--", path) or ""
            commit = out.strip()
            self._texts[key] = self._text_at(commit, path) if commit else None
        return self._texts[key]

    def _text_at(self, commit: str, path: str) -> str | None:
        """The comparison form of the file at `path` in `commit` (read once: several withheld
        texts' dates fall after the same commit of a page)."""
        key = (commit, path)
        with self._lock:  # asked once, also by threads at once (prefetch)
            found = self._shown.get(key)
            mine = found is None
            if mine:
                found = self._shown[key] = Future()
        if mine:
            try:
                shown = self._git("show", f"{commit}:./{path}")
                found.set_result(normalize(markdown_text(shown)) if shown is not None else None)
            except BaseException as exc:
                found.set_exception(exc)
                raise
        return found.result()

    def prefetch(self, asked: Iterable[tuple[str, str, dt.date]]) -> None:
        """Ask git, GIT_PROCESSES at a time, what `public_before` will ask for these (public
        path, withheld path, date written): the same questions, each answered once, in
        parallel (thousands of them after a document of common wording is withheld in a large
        site: tens of seconds one after another)."""
        asked = sorted(asked)
        if len(asked) < 2 or not self.available():
            return
        with ThreadPoolExecutor(GIT_PROCESSES, thread_name_prefix="portal-git") as pool:
            paths = sorted({p for public, withheld, _ in asked for p in (public, withheld)})
            list(pool.map(self._entry, paths))
            texts = sorted(
                {
                    (public, self._until(public, withheld, written).isoformat())
                    for public, withheld, written in asked
                }
            )
            list(pool.map(lambda pair: self._text_before(*pair), texts))

    def public_before(self, public_path: str, withheld_path: str, written: dt.date, norm: str):
        """Whether the unit `norm` was in the public file as committed when the withheld text
        was written (by its date) and entered the repository, or, for a withheld text written
        before the public file entered, in the public file as it entered (before the withheld
        text, or beside it in a first commit); True outside git."""
        if not self.available():
            return True
        text = self._text_before(
            public_path, self._until(public_path, withheld_path, written).isoformat()
        )
        return text is not None and norm in text

    def _until(self, public_path: str, withheld_path: str, written: dt.date) -> dt.datetime:
        """The time the public file is read at for `public_before`."""
        end_of_written = dt.datetime.combine(written, dt.time.max, tzinfo=dt.UTC)
        withheld_entry, public_entry = self._entry(withheld_path), self._entry(public_path)
        entered = withheld_entry[1] if withheld_entry is not None else end_of_written
        until = min(entered, end_of_written)
        if public_entry is not None and end_of_written < public_entry[1]:
            # written before the public file was in the repository: the record cannot say
            # what the page held on that day; the page as it entered is the earliest it knows
            # (the content dates are the caller's rule), if it entered before the withheld
            # text (one not committed yet enters with the next commit) or beside it in a first
            # commit that brought an archive in. A page added with the withheld text later
            # (front matter copied with an old date) or after it, and a unit added to the page
            # afterwards, are not public first.
            before = withheld_entry is None or public_entry[1] < withheld_entry[1]
            imported = (
                withheld_entry is not None
                and public_entry[0] == withheld_entry[0]
                and public_entry[0] in self._roots()
            )
            if before or imported:
                until = public_entry[1]
        return until


def _report(found, marks, sources: list[_Source], lawful, problems: Collector) -> None:
    copies: dict[tuple[str, str, int], list[str]] = {}  # (public path, where, source) -> norms
    keys: dict[tuple[str, str, int], _Place] = {}
    for place, hits in found:
        where = f"（附件 {place.where}）" if place.where else ""
        for norm in sorted(hits):
            for mark in marks[norm]:
                if mark.kind == "cite":
                    problems.warn(
                        place.report_path,
                        place.key,
                        f"引用了非主动公开文件 {mark.source_path} 的{mark.label}“{mark.shown}”"
                        f"{where}。引用即公开：请确认可以公开，否则删除",
                    )
                elif mark.kind == "path":
                    problems.error(
                        place.report_path,
                        place.key,
                        f"提到了非主动公开文件的路径“{mark.shown}”（{mark.source_path}）{where}。"
                        "路径和文件名也会泄露不公开的信息，请删除",
                    )
                elif norm not in lawful[mark.source] and sources[mark.source].path != place.name:
                    pair = (place.report_path, place.where, mark.source)
                    copies.setdefault(pair, [])
                    keys.setdefault(pair, place)
                    if norm not in copies[pair]:
                        copies[pair].append(norm)
    # a sentence copied whole holds its clauses (and a clause another withheld text shares):
    # the copy is reported once, as that sentence
    at_place: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (path, where, _), hit in copies.items():
        at_place[path, where].update(hit)
    for pair, hit in copies.items():
        others = at_place[pair[0], pair[1]]
        norms = [n for n in hit if not any(n != m and n in m for m in others)]
        if not norms:
            continue
        place, source = keys[pair], sources[pair[2]]
        units = {u.norm: u for u in source.units}
        first = min((units[n] for n in norms), key=source.units.index)
        where = f"（附件 {place.where}）" if place.where else ""
        counted = "处" if any(units[n].row for n in norms) else "句"
        advice = "请删除这些内容"
        if place.document is not None and source.document is not None:
            advice += (
                f"；若 {source.path} 是本文件的草稿（征求意见稿、送审稿），本文件发布的正是它的文字，"
                f"请在该文件中写明 published_as: {place.document.id}"
            )
        problems.error(
            place.report_path,
            place.key,
            f"含有非主动公开文件 {source.path} 的{source.kind}（{len(norms)} {counted}，"
            f"如“{first.shown}”）{where}。不公开的内容不能通过公开的地方发布：{advice}；"
            "或依法调整该文件的公开属性",
        )


def _digest(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if len(data) >= MIN_BYTES else None


def _identity(path: Path) -> tuple[int, int] | None:
    """The file `path` leads to (device, inode), following links; None when it cannot be read."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def _check_files(
    public: PublicSet, docs_dir: Path, docs_rel: str, files: frozenset[str], problems: Collector
) -> None:
    """A published file that is a withheld file by its real path or by its bytes."""
    withheld_paths = {d.src: d.path for d in public.withheld}
    withheld_paths.update({src: f"{docs_rel}/{src}" for src in public.withheld_files})
    # a path that resolves to a withheld file's real path is that file: the same device and
    # inode. Comparing those first (one stat each) spares resolving every published path
    # component by component; only a possible match, or a path that cannot be stat'ed (a
    # dangling link), is resolved and judged by its real path as before
    identities = {_identity(docs_dir / src) for src in withheld_paths}
    unknown = None in identities
    real: dict[Path, str] | None = None
    digests: dict[str, str] = {}
    for src, shown in withheld_paths.items():
        digest = _digest(docs_dir / src)
        if digest:
            digests.setdefault(digest, shown)
    for doc in public.documents:
        for src in [doc.src, *sorted(referenced_files(doc, files))]:
            key = "file" if src == doc.src else "attachments"
            identity = _identity(docs_dir / src)
            target = None
            if unknown or identity is None or identity in identities:
                if real is None:
                    real = {(docs_dir / w).resolve(): s for w, s in withheld_paths.items()}
                target = (docs_dir / src).resolve()
            if real is not None and target in real and real[target] != f"{docs_rel}/{src}":
                problems.error(
                    doc.path,
                    key,
                    f"“{docs_rel}/{src}”是指向非主动公开文件 {real[target]} 的符号链接，"
                    "会把该文件发布出去；请改为公开文件自己的副本或删除",
                )
                continue
            digest = _digest(docs_dir / src) if src != doc.src else None
            if digest and digest in digests:
                problems.error(
                    doc.path,
                    key,
                    f"附件“{docs_rel}/{src}”与非主动公开文件 {digests[digest]} 的内容完全相同；"
                    "不公开的文件不能以副本形式发布",
                )
