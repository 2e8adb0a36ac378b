"""The fingerprints of the leak check: strings of withheld material (title, 文号, 索引号, id, file
names, distinctive units of bodies and attachments, unreviewed catalog text, register text)
and the SHA-256 of every file that is not published. `scan_site` (verify/leakcheck.py) searches the
built output for them.

Distinctive units (rules/ordinary.py decides, by their own form) are fingerprints whatever public
sources contain, less the ones the first wall found lawful (published_as, provenance). The
public corpus is subtracted only from what may lawfully be cited or is not text of the document:
titles, 文号 and 索引号 that public documents cite, ids, paths and other field values. A file name
that is an ordinary word (letters only: frequency, report) is no fingerprint on its own; its path
is. The site's own assets (byte-identical to a file of the portal's theme, material's assets or
Pagefind's bundle) are never reported: `own_asset_digests`."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure_portal.model.fields import (
    CATALOG_ITEM_FIELDS,
    DOCUMENT_FIELDS,
    VILLAGE_ITEM_FIELDS,
    by_key,
)
from disclosure_portal.model.matcher import Matcher
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.textform import has_han, markdown_text, normalize
from disclosure_portal.model.vocab import APPROVED, strip_markdown_suffix
from disclosure_portal.plan.moves import plan_moves
from disclosure_portal.plan.urls import folded_twins, page_key
from disclosure_portal.read.catalogs import RESERVED_FILES
from disclosure_portal.read.documents import record_key_of
from disclosure_portal.read.villages import approved_villages
from disclosure_portal.rules.withheld import (
    WithheldText,
    check_withheld_material,
    file_text,
)
from disclosure_portal.verify.integrity import key_fingerprints
from disclosure_portal.version import installed_version

if TYPE_CHECKING:  # the scan's process imports this module without the project's loader
    from disclosure_portal.project import Site

DOCUMENT_FIELD = by_key(DOCUMENT_FIELDS)
MIN_HAN = 4
MIN_ASCII = 8  # shorter ASCII strings (d00594) turn up by chance in hashes and minified code
_WORD_RE = re.compile(r"[A-Za-z]+")  # a file name that is a word: frequency, Report, index


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A normalized string of withheld material, with where it comes from."""

    text: str  # normalized
    source: str  # project path of the withheld document or file
    kind: str  # 标题, 文号, 正文 …
    display: str = ""  # as written in the source


def _long_enough(norm: str) -> bool:
    if has_han(norm):
        return len(norm) >= MIN_HAN
    return len(norm) >= MIN_ASCII


def _name(stem: str) -> str:
    """A file name as a fingerprint: "" for an ordinary word (its path stays a fingerprint)."""
    return "" if _WORD_RE.fullmatch(stem) else stem


def _document_candidates(doc: Document) -> Iterable[tuple[str, str]]:
    yield page_key(doc.src) or strip_markdown_suffix(doc.src), "网址"
    yield _name(Path(doc.src).stem), "文件名"
    for f in DOCUMENT_FIELDS:
        value = doc.value(f.key)
        if f.fingerprint and isinstance(value, str):
            yield value, f.label
    for review in doc.reviews:
        yield review.note, "年度评估说明"
    for change in doc.changes:
        yield change.note, "修订说明"
    for title in doc.attachment_titles.values():
        yield title, "附件标题"
    # values as written, and keys outside the table (engine keys, typos)
    for key, value in doc.meta.items():
        field = DOCUMENT_FIELD.get(key)
        if isinstance(value, str) and (field is None or field.fingerprint):
            yield value, f"字段 {key}"


def _file_candidates(src: str) -> Iterable[tuple[str, str]]:
    path = Path(src)
    yield (_name(path.stem) and path.name), "附件文件名"
    yield src, "附件路径"


def _withheld_real_paths(site: Site) -> set[Path]:
    """Real paths of every withheld document and file (a symlink is judged by its target)."""
    docs_dir = site.settings.docs_dir
    paths = [docs_dir / d.src for d in site.public.withheld]
    paths += [docs_dir / src for src in site.public.withheld_files]
    return {p.resolve() for p in paths}


# the memo's check: which candidates a part of the public corpus holds (see _shared)
SHARED_CHECK = "fingerprints-shared"
_GENERATOR = Path(__file__).resolve().parent.parent  # this package: its theme is in the memo key


# what reads an attachment's text (read/attachments.py) besides this package
ATTACHMENT_READERS = ("pypdf", "pillow", "olefile", "lxml")


@lru_cache(maxsize=1)
def _reader_versions() -> str:
    versions = ((name, installed_version(name)) for name in ATTACHMENT_READERS)
    return ",".join(f"{name}=={v}" if v else f"{name}:none" for name, v in versions)


# packages whose installed files are the theme folders MkDocs reads: their folders are known
# by their version (module -> distribution)
THEME_PACKAGES = {"material": "mkdocs-material", "mkdocs": "mkdocs", "properdocs": "properdocs"}


def _fixed(directory: Path) -> str | None:
    """What fixes the files of `directory`, when a version does: this generator (its code is in
    the memo's key) or an installed theme package (material's templates and their icons: some
    14,000 files), by name and version; None for any other folder (a project's own theme, a
    package not named here: read every time)."""
    real = directory.resolve()
    if real.is_relative_to(_GENERATOR):
        return "generator"
    for place, owner in _theme_places():
        if real.is_relative_to(place):
            return owner
    return None


@lru_cache(maxsize=1)
def _theme_places() -> tuple[tuple[Path, str], ...]:
    places = []
    for module, distribution in THEME_PACKAGES.items():
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.submodule_search_locations:
            continue
        version = installed_version(distribution)
        if version is None:
            continue
        for location in spec.submodule_search_locations:
            places.append((Path(location).resolve(), f"{distribution}=={version}"))
    return tuple(places)


class _Formed(str):
    """Text already in the comparison form (`normalize` is not applied to it again)."""


# an installed theme package's folder (material's templates and icons: some 14,000 files) as one
# text in the comparison form, its files' texts joined by NUL, which the form never holds, so no
# candidate is found across two files; read once per process and per version of the package: a
# process that builds again (`mkdocs serve` rebuilds without the cache) reads it once
_FOLDERS: dict[tuple[Path, str], _Formed] = {}


def theme_folder_form(directory: Path) -> _Formed | None:
    """`directory`'s texts in the comparison form when an installed theme package's version
    fixes them (kept for the life of this process); None for any other folder."""
    fixed = _fixed(directory)
    if fixed is None or fixed == "generator":  # this code's own folder is read every time
        return None
    key = (directory.resolve(), fixed)
    if (formed := _FOLDERS.get(key)) is None:
        formed = _FOLDERS[key] = _Formed("\0".join(map(normalize, _walk_texts(directory))))
    return formed


def _folder_texts(directory: Path) -> Iterable[str]:
    if (formed := theme_folder_form(directory)) is not None:
        return (formed,)
    return _walk_texts(directory)


def _walk_texts(directory: Path) -> Iterable[str]:
    for dirpath, dirnames, filenames in os.walk(directory):
        # the skeleton `portal init` writes is an example, never part of a built site
        dirnames[:] = [d for d in dirnames if d != "skeleton"]
        for name in sorted(filenames):
            if name.endswith((".html", ".js", ".py", ".css", ".json", ".yml", ".txt", ".svg")):
                yield (Path(dirpath) / name).read_text(encoding="utf-8", errors="replace")


def _public_parts(
    site: Site, extra_dirs: Iterable[Path]
) -> Iterable[tuple[str | None, Callable[[], Iterable[str]]]]:
    """Every text a public page may legitimately carry, besides the withheld documents, in parts:
    (what determines the part's texts, or None when nothing short does; what gives its texts).
    A document is determined by its path, id and source; an attachment by its path, its bytes
    and the versions of what reads its text (ATTACHMENT_READERS); a folder of this generator or
    of an installed theme package by its real path and what fixes it (`_fixed`)."""
    docs_dir = site.settings.docs_dir
    types = site.settings.types
    for doc in site.public.documents:
        if (known := site.record_keys.get(doc.src)) is not None:  # its text, not read again
            key = f"record\0{doc.src}\0{doc.id}\0{known}"
            yield key, functools.partial(_recorded_texts, docs_dir, doc, types, known)
            continue
        try:
            source = (docs_dir / doc.src).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            yield None, functools.partial(iter, (doc.src, doc.id))
            continue
        key = f"document\0{doc.src}\0{doc.id}\0{source}"
        yield key, functools.partial(_document_texts, doc.src, doc.id, source)
    withheld = _withheld_real_paths(site)
    for src in site.public.assets:
        path = docs_dir / src
        if path.resolve() in withheld:  # a link to withheld text is not public: its name only
            yield None, functools.partial(iter, (src,))
            continue
        try:
            data = hashlib.sha256(path.read_bytes()).hexdigest()
            key = f"asset\0{src}\0{data}\0{_reader_versions()}"
        except OSError:
            key = None
        yield key, functools.partial(_asset_texts, src, path)
    # what of catalogs/ the site shows: organisations, domains, channels, approved catalogs
    # (not unreviewed catalogs, not registers that may name withheld documents)
    shown = {c.path for c in site.registry.catalogs.values() if c.status == APPROVED}
    shown |= {c.path for c in approved_villages(site.registry)}  # 村（居）务公开目录
    texts = [
        text
        for path, text in site.registry.sources.items()
        if path in shown or path.rsplit("/", 1)[-1] in RESERVED_FILES
    ]
    for account in site.newmedia.accounts:  # the 政务新媒体 page: these fields only
        texts.append("\n".join((account.name, account.platform, account.account, account.url)))
    config = site.settings.root / "mkdocs.yml"
    if config.exists():
        texts.append(config.read_text(encoding="utf-8", errors="replace"))
    # determined by the texts themselves (each with its length: no two lists give one key)
    key = "registry\0" + "".join(f"{len(text)}:{text}" for text in texts)
    yield key, functools.partial(iter, texts)
    for directory in extra_dirs:
        fixed = _fixed(directory)
        key = f"folder\0{directory.resolve()}\0{fixed}" if fixed is not None else None
        yield key, functools.partial(_folder_texts, directory)


def _asset_texts(src: str, path: Path) -> Iterable[str]:
    yield src
    yield file_text(path)  # read only when the memo does not know these bytes


def _document_texts(src: str, doc_id: str, source: str) -> Iterable[str]:
    yield src
    yield doc_id
    yield source + "\n" + markdown_text(source)  # as written, and as read


class _Changed(Exception):
    """A document's file is no longer the text its record was read from: its texts now (`texts`),
    to be searched but not kept under the record's key."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts


def _recorded_texts(docs_dir: Path, doc: Document, types: tuple[str, ...], known: str) -> list[str]:
    """The texts of a public document whose record's key is `known` (read again only when the
    memo does not know what they hold): _Changed when the file changed since it was read."""
    try:
        source = (docs_dir / doc.src).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        source = None
    if source is None or record_key_of(doc.src, doc.path, source, types) != known:
        try:
            now = (docs_dir / doc.src).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            raise _Changed([doc.src, doc.id]) from None
        raise _Changed(list(_document_texts(doc.src, doc.id, now)))
    return list(_document_texts(doc.src, doc.id, source))


def _form(text: str) -> str:
    return text if isinstance(text, _Formed) else normalize(text)


class _Probe:
    """Which candidates a text holds. A warm build's memo knows what nearly every part of the
    public corpus holds, so the few texts left (an edited document) are searched through a
    table of the candidates by their first PREFIX characters, looked up at each position of the
    text; once more than TABLE_CHARS characters have been searched so, the rest goes through one
    Aho-Corasick automaton of the candidates (compiling it takes about a second for 25,000
    candidates, as long as the table takes for a few million characters). Both find exactly the
    candidates that occur in the text."""

    PREFIX = 4  # MIN_HAN: every candidate is at least this long (a shorter one is searched alone)
    TABLE_CHARS = 1_000_000

    def __init__(self, candidates: Iterable[str], table_chars: int = TABLE_CHARS) -> None:
        self._candidates = list(candidates)
        self._table_chars = table_chars
        self._table: dict[str, list[str]] | None = None
        self._short: list[str] = []
        self._automaton: Matcher | None = None
        self._searched = 0

    def found(self, text: str) -> set[str]:
        if self._automaton is None and self._searched + len(text) > self._table_chars:
            self._automaton = Matcher({norm: norm for norm in self._candidates})
            self._table = None
        if self._automaton is not None:
            return {norm for _, norm in self._automaton.iter(text)}
        self._searched += len(text)
        table = self._by_prefix()
        n = self.PREFIX
        found = {norm for norm in self._short if norm in text}
        for i in range(len(text) - n + 1):
            if (starting := table.get(text[i : i + n])) is not None:
                found.update(norm for norm in starting if text.startswith(norm, i))
        return found

    def _by_prefix(self) -> dict[str, list[str]]:
        if self._table is None:
            self._table = {}
            for norm in self._candidates:
                if len(norm) < self.PREFIX:
                    self._short.append(norm)
                else:
                    self._table.setdefault(norm[: self.PREFIX], []).append(norm)
        return self._table


def _shared(candidates: dict[str, Fingerprint], site: Site, extra_dirs, memo: Any) -> set[str]:
    """The candidates some public text holds too (they are not fingerprints). With `memo` (the
    build cache's, see cache.Memo) what a part of the corpus holds is kept under the exact set
    of candidates and what determines the part, so that an unchanged document, attachment or
    installed theme is not read and searched again."""
    # without the memo every part is searched: through the automaton from the first
    probe = _Probe(candidates, _Probe.TABLE_CHARS if memo is not None else 0)
    configuration = hashlib.sha256("\0".join(sorted(candidates)).encode("utf-8")).hexdigest()
    shared: set[str] = set()
    for key, texts in _public_parts(site, extra_dirs):
        if memo is not None and key is not None:
            known = memo.recall(SHARED_CHECK, configuration, key)
            if isinstance(known, list) and all(norm in candidates for norm in known):
                shared.update(known)
                continue
        try:
            found = {norm for text in texts() for norm in probe.found(_form(text))}
        except _Changed as changed:  # searched as it is now, and not kept
            shared |= {norm for text in changed.texts for norm in probe.found(normalize(text))}
            continue
        shared |= found
        if memo is not None and key is not None:
            memo.keep(SHARED_CHECK, configuration, key, sorted(found))
    return shared


@dataclass
class Fingerprints:
    """Everything the scan searches for: the fingerprint texts (a Matcher) and the hashes of
    withheld files."""

    automaton: Matcher | None
    hashes: dict[str, str]  # sha256 -> project path of the withheld file
    count: int
    digest: str = ""  # of everything searched for: equal digests, equal verdicts on the same bytes


def _digest(texts: Iterable[str], hashes: dict[str, str]) -> str:
    h = hashlib.sha256()
    for text in sorted(texts):
        h.update(text.encode("utf-8") + b"\x00")
    h.update(b"\x01")
    for value in sorted(hashes):
        h.update(value.encode("ascii"))
    return h.hexdigest()


REGISTER_KIND = "依申请公开登记"


def _register_candidates(site: Site) -> Iterable[tuple[str, str, str]]:
    """The free text of the 依申请公开 registers (row ids, summaries, notes, event notes; not the
    fixed vocabulary values): (value, register path, kind)."""
    for request in getattr(site, "requests", ()):
        yield request.id, request.path, f"{REGISTER_KIND}的登记编号"
        yield request.summary, request.path, f"{REGISTER_KIND}的申请内容摘要"
        yield request.note, request.path, f"{REGISTER_KIND}的备注"
        for event in request.events:
            yield event.note, request.path, f"{REGISTER_KIND}的办理过程说明"


def collect_fingerprints(
    site: Site, extra_dirs: Iterable[Path] = (), memo: Any = None
) -> Fingerprints:
    """The fingerprints of everything withheld (documents, files, unreviewed catalogs,
    registers): field values and names less what public sources also contain, and every
    distinctive unit of withheld text that is not lawfully public (rules/withheld.py).
    `memo`: the build cache's memo (cache.Memo), which keeps what the public sources hold."""
    return fingerprints_of(*fingerprint_entries(site, extra_dirs, memo))


def fingerprints_of(kept: dict[str, Fingerprint], hashes: dict[str, str]) -> Fingerprints:
    """The Fingerprints of `fingerprint_entries`' texts and hashes (its automaton compiled)."""
    if not kept:
        return Fingerprints(None, hashes, 0, _digest((), hashes))
    return Fingerprints(Matcher(kept), hashes, len(kept), _digest(kept, hashes))


def fingerprint_entries(
    site: Site, extra_dirs: Iterable[Path] = (), memo: Any = None
) -> tuple[dict[str, Fingerprint], dict[str, str]]:
    """What `collect_fingerprints` searches for, before its automaton is compiled: each text
    (comparison form) with its Fingerprint, and the SHA-256 of each withheld file with its
    path (small enough to hand to another process: the leak scan's, verify/scanner.py)."""
    docs_rel = os.path.relpath(site.settings.docs_dir, site.settings.root).replace(os.sep, "/")
    candidates: dict[str, Fingerprint] = {}
    notice_urls = plan_moves(site).notice_urls
    # names are names: a withheld page whose URL differs from a public page's only in case or
    # punctuation (Report/ beside report/) is not searched for in the folded form, which would
    # find the public page's own links; the exact URL stays guarded by the link checks
    public_pages = [d.src for d in site.public.documents] + [s.src_uri for s in site.pages]
    twins = folded_twins((d.src for d in site.public.withheld), public_pages, normalize)
    for doc in site.public.withheld:
        # a withdrawal notice's own URL is not a leak: it was public, and the notice shows
        # nothing else of the document (SPEC); everything else of it stays a fingerprint
        urls = [normalize(url) for url in (*notice_urls.get(doc.src, ()), *twins.get(doc.src, ()))]
        for value, kind in _document_candidates(doc):
            norm = normalize(value or "")
            if urls and any(norm in url for url in urls):
                continue
            if _long_enough(norm):
                candidates.setdefault(norm, Fingerprint(norm, doc.path, kind, value.strip()))
    # 先审后发: nothing of a catalog that is not yet approved may be shown
    for catalog in site.registry.catalogs.values():
        if catalog.status == APPROVED:
            continue
        for item in catalog.items:
            for value, kind in (
                (getattr(item, f.key), f.label) for f in CATALOG_ITEM_FIELDS if f.fingerprint
            ):
                norm = normalize(value or "")
                if _long_enough(norm):
                    candidates.setdefault(
                        norm, Fingerprint(norm, catalog.path, f"未审核目录的{kind}", value)
                    )
    for village in site.registry.villages.values():  # 村（居）务公开目录: likewise
        if village.status == APPROVED:
            continue
        for item in village.items:
            for value, kind in (
                (getattr(item, f.key), f.label) for f in VILLAGE_ITEM_FIELDS if f.fingerprint
            ):
                norm = normalize(value or "")
                if _long_enough(norm):
                    candidates.setdefault(
                        norm,
                        Fingerprint(norm, village.path, f"未审核村（居）务公开目录的{kind}", value),
                    )
    # 依申请公开 registers: nothing of a row reaches the site (SPEC: Never published)
    for value, path, kind in _register_candidates(site):
        norm = normalize(value)
        if _long_enough(norm):
            candidates.setdefault(norm, Fingerprint(norm, path, kind, value.strip()))
    hashes = {}
    for src in sorted(site.public.withheld_files):
        for value, kind in _file_candidates(src):
            norm = normalize(value)
            if _long_enough(norm):
                candidates.setdefault(
                    norm, Fingerprint(norm, f"{docs_rel}/{src}", kind, value.strip())
                )
        data = (site.settings.docs_dir / src).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if len(data) >= 32:  # a public copy of these bytes is a leak too (validation says so)
            hashes[digest] = f"{docs_rel}/{src}"
    # the signing key: never shared with public text, so never filtered below
    key_lines, key_hash = key_fingerprints(site.settings)
    secrets = {norm: Fingerprint(norm, "签名私钥", "签名私钥", shown) for norm, shown in key_lines}
    if key_hash:
        hashes[key_hash] = "签名私钥"
    kept = dict(secrets)
    if candidates:
        shared = _shared(candidates, site, extra_dirs, memo)
        kept.update({k: v for k, v in candidates.items() if k not in shared})
    # distinctive units: withheld material whatever public sources hold (rules/ordinary.py)
    for item in _withheld_text(site).units:
        unit = item.unit
        kept.setdefault(unit.norm, Fingerprint(unit.norm, item.source, item.kind, unit.raw))
    return kept, hashes


def _withheld_text(site: Site) -> WithheldText:
    """The withheld units the first wall found (load_site keeps them on the Site); computed
    again for a Site made without them."""
    if site.withheld_text is not None:
        return site.withheld_text
    docs_rel = os.path.relpath(site.settings.docs_dir, site.settings.root).replace(os.sep, "/")
    return check_withheld_material(
        site.public,
        site.settings,
        docs_rel,
        site.files,
        site.index,
        site.registry,
        site.newmedia,
        Collector(),
    )


_PAGEFIND_BUNDLE_RE = re.compile(r"pagefind[\w.-]*\.(?:js|css)|wasm\.[\w-]+\.pagefind")


@lru_cache(maxsize=1)
def own_asset_digests() -> frozenset[str]:
    """SHA-256 of the files a build copies unchanged from the engine: the portal's theme,
    material's assets and Pagefind's bundle (scripts and WebAssembly, learnt by indexing a
    one-page site once per process). An output file with these bytes holds nothing of content."""
    dirs = [Path(__file__).resolve().parent.parent / "theme"]
    spec = importlib.util.find_spec("material")
    if spec and spec.submodule_search_locations:
        dirs.append(Path(next(iter(spec.submodule_search_locations))) / "templates" / "assets")
    digests = set()
    for directory in dirs:
        for dirpath, _, filenames in os.walk(directory):
            for name in filenames:
                with contextlib.suppress(OSError):
                    data = (Path(dirpath) / name).read_bytes()
                    digests.add(hashlib.sha256(data).hexdigest())
    return frozenset(digests | _pagefind_bundle_digests())


def _pagefind_bundle_digests() -> set[str]:
    from disclosure_portal.verify import search  # noqa: PLC0415 - only when a scan needs it

    if not search.available():
        return set()
    with tempfile.TemporaryDirectory(prefix="portal-pagefind-") as work:
        site, output = Path(work) / "site", Path(work) / "out"
        site.mkdir()
        (site / "index.html").write_text(
            '<html lang="zh"><body><main data-pagefind-body><p>示例</p></main></body></html>',
            encoding="utf-8",
        )
        try:
            search.index_files(site, ["index.html"], output)
        except search.SearchIndexError:
            return set()
        return {
            hashlib.sha256(path.read_bytes()).hexdigest()
            for path in output.iterdir()
            if path.is_file() and _PAGEFIND_BUNDLE_RE.fullmatch(path.name)
        }
