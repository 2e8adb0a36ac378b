"""Load and validate the whole project: catalogs/ and every file under content/."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import os
import pickle
import re
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.cache import read_all
from disclosure_portal.model.fields import DOCUMENT_FIELDS, labels
from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document, Link, Request
from disclosure_portal.model.vocab import APPROVED, POLICY, is_markdown
from disclosure_portal.plan.engine import (
    Loaded,
    check_setting_files,
    check_setting_texts,
    engine_problems,
    setting_files,
)
from disclosure_portal.plan.newmedia import newmedia_pages
from disclosure_portal.plan.pages import build_pages, reserved_prefixes
from disclosure_portal.plan.platform import empty_columns
from disclosure_portal.plan.publish import PublicSet, decide, is_public, referenced_files
from disclosure_portal.plan.reserved import check_collisions, check_reserved
from disclosure_portal.plan.specs import PageSpec
from disclosure_portal.plan.urls import candidates, page_key
from disclosure_portal.plan.websitereports import website_report_pages
from disclosure_portal.progress import track
from disclosure_portal.read.annualreports import load_annual_data
from disclosure_portal.read.builddate import ENVIRONMENT, build_date
from disclosure_portal.read.catalogs import Registry, load_registry
from disclosure_portal.read.contenttree import check_links, check_markdown_names, without
from disclosure_portal.read.documents import read_document_remembered
from disclosure_portal.read.history import History
from disclosure_portal.read.links import LinkReader, References, extract_links
from disclosure_portal.read.newmedia import NewMedia, load_newmedia
from disclosure_portal.read.requests import Registers, load_requests
from disclosure_portal.read.settings import CONFIG_FILE, Settings
from disclosure_portal.read.villages import village_item_ids
from disclosure_portal.read.websitereports import load_website_data
from disclosure_portal.rules import safety
from disclosure_portal.rules.annualreport import (
    Reports,
    build_reports,
    misfiled_documents,
    report_problems,
)
from disclosure_portal.rules.interpretations import (
    Graph,
    InterpretationRules,
    build_graph,
    check_interpretations,
)
from disclosure_portal.rules.markup import check_markup
from disclosure_portal.rules.offices import check_forms, check_guides
from disclosure_portal.rules.overtime import check_over_time, schedule
from disclosure_portal.rules.participation import check_consultations
from disclosure_portal.rules.villages import check_village_document
from disclosure_portal.rules.websitereport import WebsiteReports, build_website_reports
from disclosure_portal.rules.withheld import WithheldText, check_withheld_material
from disclosure_portal.verify.integrity import (
    holds_private_key,
    private_key_files,
    shown_path,
    signing_problems,
)

DOCUMENT_LABELS = labels(DOCUMENT_FIELDS)
UNIQUE_DOCUMENT_KEYS = ("id", "doc_number", "index_no")  # SPEC: unique where present
INDEX_NO_RE = re.compile(r"^(?P<code>[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})$")


@dataclass
class Site:
    """The whole project as read and validated: settings, catalogs, documents, problems, and the PublicSet everything published is computed from."""

    settings: Settings
    registry: Registry
    documents: list[Document]
    files: frozenset[str]  # every non-Markdown file under content/, relative to it
    index: References  # every document, parsed or not, by src, id and doc_number
    public: PublicSet
    problems: Collector
    pages: list[PageSpec]
    graph: Graph
    history: History | None = (
        None  # attached by the engine hook or the CLI; never read by load_site
    )
    revision_cache: object = None  # revisions.RevisionView, computed once per build
    today: dt.date | None = None  # the build date (SPEC: Publication over time)
    registers: Registers = field(default_factory=Registers)  # 依申请公开, never published
    reports: Reports = field(default_factory=Reports)  # 年度报告, computed or hand-entered
    newmedia: NewMedia = field(default_factory=NewMedia)  # 政务新媒体 (catalogs/newmedia.yml)
    website: WebsiteReports = field(default_factory=WebsiteReports)  # 政府网站工作年度报表
    # a public 意见采纳情况 document's src -> the public consultations it answers
    feedback_of: dict[str, tuple[Document, ...]] = field(default_factory=dict)
    # the withheld units that are withheld material (rules/withheld.py), for the leak check
    withheld_text: WithheldText | None = None
    # src -> the key of its record (read/documents.record_key: its place and text), for the
    # files read without a problem with the build cache's memo: what determines a document's
    # text without reading it again (the leak scan's memo of the public corpus)
    record_keys: dict[str, str] = field(default_factory=dict)
    # src -> the SHA-256 of the bytes its document was read from (the manifest's `sha256`: the
    # source this build was made of, not a second reading of the file)
    source_digests: dict[str, str] = field(default_factory=dict)

    @property
    def requests(self) -> list[Request]:
        """The rows of every 依申请公开 register (catalogs/requests/), never published."""
        return self.registers.requests

    @property
    def errors(self):
        """Problems that stop the build, sorted."""
        return self.problems.errors

    @property
    def warnings(self):
        """Problems reported without stopping the build, sorted."""
        return self.problems.warnings


def walk_content(docs_dir: Path) -> tuple[list[str], list[str]]:
    """Markdown and other files under content/, relative POSIX paths, sorted.

    Hidden files and folders (``.git``, ``.meta.yml``) and ``templates/`` are skipped, as MkDocs
    skips them.
    """
    markdown, other = [], []
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=True):  # as MkDocs walks it
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not _loops(dirpath, d)
        )
        rel_dir = Path(dirpath).relative_to(docs_dir).as_posix()
        if rel_dir == "templates":
            dirnames[:] = []
            continue
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            (markdown if is_markdown(name) else other).append(rel)
    return markdown, other


def _loops(dirpath: str, name: str) -> bool:
    """Whether the folder `name` of `dirpath` is a link to `dirpath` or one of its parents (it
    is reported by check_links; walking it would repeat the tree until the system gives up)."""
    here, target = os.path.realpath(dirpath), os.path.realpath(os.path.join(dirpath, name))
    return here == target or here.startswith(target.rstrip(os.sep) + os.sep)


LINKS_MEMO = "links"  # a document's links, and whether its markup was found clean


def _links_and_markup(
    doc: Document, links: LinkReader, problems: Collector, memo: Any, record: str | None
) -> None:
    """Set `doc.links` from its rendered body and, for a public document, report the script and
    style in it (SPEC 7). Both are a function of the record (`record`: its key, the place and
    text it was read from) and of the reader's extensions: remembered in `memo` by these, the
    body is not rendered again; markup found clean is remembered, markup with a finding is
    judged (and reported) every time, as is that of a document public now and not then."""
    remember = memo is not None and record is not None and links.signature is not None
    if remember:
        data = memo.recall_bytes(LINKS_MEMO, links.signature, record)
        if data is not None and (found := _recalled_links(data)) is not None:
            doc.links, clean = found
            if is_public(doc) and not clean:
                check_markup(doc, links.render(doc.body), problems)
            return
    rendered = links.render(doc.body)  # once: for its links and for script (SPEC 7)
    doc.links = tuple(extract_links(doc, links, rendered))
    clean = False
    if is_public(doc):
        before = len(problems.items)
        check_markup(doc, rendered, problems)
        clean = len(problems.items) == before
    if remember:
        data = pickle.dumps((doc.links, clean), protocol=pickle.HIGHEST_PROTOCOL)
        memo.keep_bytes(LINKS_MEMO, links.signature, record, data)


def _recalled_links(data: bytes) -> tuple[tuple[Link, ...], bool] | None:
    """What `_links_and_markup` kept, checked for its form (None: not that)."""
    try:
        found = pickle.loads(data)  # (the build machine's own cache folder)
    except Exception:  # a damaged entry is a miss
        return None
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], bool)):
        return None
    links, clean = found
    if not isinstance(links, tuple) or not all(isinstance(link, Link) for link in links):
        return None
    return links, clean


def _text_of(data: bytes) -> str:
    """The text of a Markdown file's bytes, exactly as `Path.read_text(encoding="utf-8-sig")`
    reads it (a byte order mark dropped, line ends made "\\n"; UnicodeDecodeError when it is
    not UTF-8)."""
    if b"\r" not in data:  # no line end to translate: the bytes decoded, as the reader would
        return data.decode("utf-8-sig")
    with io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig") as reader:
        return reader.read()


def load_site(
    settings: Settings,
    today: dt.date | None = None,
    engine: Loaded | None = None,
    memo: Any = None,
) -> Site:
    """Read and validate everything for the build date `today` (default: PORTAL_TODAY, else
    today in China); the returned Site holds every problem found. `engine` describes what the
    engine loaded (engine/features.py): its features that read files are judged too. `memo`
    (cache.Memo, from the build cache): texts two checks found clean before are not searched
    again (personal data and banned words; withheld material in public places)."""
    problems = Collector()
    if today is None:
        today, why = build_date()
        if why:
            problems.error(ENVIRONMENT, "PORTAL_TODAY", why)
    for problem in settings.problems:
        report = problems.error if problem.is_error else problems.warn
        report(CONFIG_FILE, problem.key, problem.message)
    for key, message in engine_problems(engine) if engine is not None else ():
        problems.error(CONFIG_FILE, key, message)
    registry = load_registry(settings.catalogs_dir, settings.root, problems, settings.extra_types)
    registers = load_requests(
        settings.catalogs_dir, catalogs_rel(settings), registry.orgs, problems, today
    )
    newmedia = load_newmedia(
        settings.catalogs_dir, catalogs_rel(settings), registry.orgs, problems, today
    )
    annual = load_annual_data(
        settings.catalogs_dir, catalogs_rel(settings), registry.orgs, problems, today
    )
    website_data = load_website_data(settings.catalogs_dir, catalogs_rel(settings), problems, today)
    docs_rel = os.path.relpath(settings.docs_dir, settings.root).replace(os.sep, "/")
    documents = []
    if not settings.docs_dir.is_dir():
        problems.error(docs_rel, "docs_dir", "找不到内容目录")
        markdown, other = [], []
    else:
        markdown, other = walk_content(settings.docs_dir)
        broken = check_links(settings.docs_dir, docs_rel, problems)
        markdown, other = without(markdown, broken), without(other, broken)
        check_markdown_names(markdown, docs_rel, problems)
    # private keys in the content: every file under content/ and catalogs/ is searched, the
    # Markdown files here from the bytes read for their documents, the others in a thread while
    # the documents are read and parsed (a second reading of every document, in a thread that
    # takes the interpreter's lock back at each file, cost the parsing more than the search);
    # reported with the signing key's problems below (problems are sorted)
    docs_base = os.fspath(settings.docs_dir)  # (os.path.join of a Path converts it each time)
    where_of = {src: os.path.join(docs_base, *src.split("/")) for src in markdown}
    read_here = frozenset(where_of.values())
    looking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-key-files")
    key_files = looking.submit(private_key_files, settings, read_here)
    looking.shutdown(wait=False)
    keys_here: list[str] = []
    root = settings.root.resolve()
    extensions = settings.raw.get("markdown_extensions") or []
    links = LinkReader(extensions if isinstance(extensions, list) else [])
    record_keys: dict[str, str] = {}  # src -> its record's key (read without a problem)
    source_digests: dict[str, str] = {}  # src -> the SHA-256 of the bytes read
    for src in track(markdown, len(markdown), "读取并校验文件"):
        path = f"{docs_rel}/{src}"
        where = where_of[src]
        try:
            data = read_all(where)
            source_digests[src] = hashlib.sha256(data).hexdigest()
            if holds_private_key(data):  # whatever its encoding: searched before it is decoded
                keys_here.append(shown_path(where, root))
            text = _text_of(data)
        except UnicodeDecodeError:
            problems.error(path, "file", "文件不是 UTF-8 编码，请另存为 UTF-8")
            documents.append(Document(src=src, path=path, parse_failed=True))
            continue
        except OSError as exc:  # a dangling link or a pipe is reported by check_links
            if (settings.docs_dir / src).is_file():
                problems.error(path, "file", f"无法读取文件：{exc.strerror or exc}")
            documents.append(Document(src=src, path=path, parse_failed=True))
            continue
        doc = read_document_remembered(src, path, text, problems, settings.types, memo, record_keys)
        schedule(doc, today)
        _links_and_markup(doc, links, problems, memo, record_keys.get(src))
        documents.append(doc)
    found_keys = key_files.result() + keys_here
    signing_problems(settings, problems, found_keys)  # the signing key; private keys
    files = frozenset(other)
    check_collisions([d.src for d in documents] + sorted(files), docs_rel, problems)
    check_over_time(documents, today, problems)
    _check_templates(documents, settings, problems)
    index = References(documents)
    prefixes = reserved_prefixes(settings.extra_types)
    _validate(documents, files, index, registry, problems, prefixes)
    _check_replacement_cycles(documents, index, problems)
    named = setting_files(settings.raw)  # extra_css, the logo …: judged like attachments
    public = decide(documents, files, [src for _, src in named])
    check_setting_files(named, documents, public, files, settings.docs_dir, docs_rel, problems)
    safety_config = safety.load_config(settings, problems)
    checked = track(public.documents, len(public.documents), "检查个人信息")
    own = safety.OwnTexts(record_keys, memo, safety_config.digest()) if memo is not None else None
    shown = safety.shown_texts(
        settings, registry, newmedia, checked, files, docs_rel, problems, own
    )
    safety.check_shown(shown, safety_config, problems, memo)
    withheld_attachments = {a: d for d in public.withheld for a in d.attachments}
    for doc in public.documents:
        for src in sorted(referenced_files(doc, files) & withheld_attachments.keys()):
            problems.warn(
                doc.path,
                "attachments",
                f"引用的文件“{docs_rel}/{src}”也是非主动公开文件 {withheld_attachments[src].path} 的附件，"
                "将随本文件公开，请确认",
            )
    withheld_text = check_withheld_material(
        public, settings, docs_rel, files, index, registry, newmedia, problems, memo, record_keys
    )
    if memo is not None:
        memo.save()
    contacts = (settings.official_emails, settings.official_domains)
    check_setting_texts(named, public, settings.docs_dir, docs_rel, contacts, problems)
    graph = build_graph(public)
    reports = build_reports(
        registry.orgs, documents, public.documents, registers.requests, annual, today
    )
    report_problems(reports, problems)
    website = build_website_reports(
        public.documents, registry, newmedia.accounts, website_data, today, catalogs_rel(settings)
    )
    check_guides(public.documents, registry.orgs, orgs_rel(registry), problems)
    check_forms(registry.orgs, public, files, orgs_rel(registry), docs_rel, problems)
    misfiled_documents(documents, problems)
    check_interpretations(documents, index, graph, interpretation_rules(settings), problems)
    check_consultations(documents, index, problems)
    pages = build_pages(public, registry, settings.extra_types, settings.page_size, today)
    pages += newmedia_pages(newmedia)
    pages += website_report_pages(website)
    _warn_empty_columns(public, registry, problems)
    srcs = [d.src for d in documents] + sorted(files)
    check_reserved(srcs, [s.src_uri for s in pages], settings.extra_types, docs_rel, problems)
    generated = {page_key(spec.src_uri): spec for spec in pages}
    for src in [d.src for d in documents] + sorted(files):
        spec = generated.get(page_key(src))
        if spec is not None:
            problems.error(
                f"{docs_rel}/{src}",
                "file",
                f"该文件的网址与门户自动生成的页面“{spec.title}”（{spec.src_uri}）相同，请移动或改名",
            )
    return Site(
        settings,
        registry,
        documents,
        files,
        index,
        public,
        problems,
        pages,
        graph,
        today=today,
        registers=registers,
        reports=reports,
        newmedia=newmedia,
        website=website,
        feedback_of=feedback_map(public),
        withheld_text=withheld_text,
        record_keys=record_keys,
        source_digests=source_digests,
    )


def feedback_map(public: PublicSet) -> dict[str, tuple[Document, ...]]:
    """Each public feedback document's src -> the public consultations naming it."""
    out: dict[str, list[Document]] = defaultdict(list)
    for doc in public.documents:
        c = doc.consultation
        target = public.resolve(c.feedback) if c and c.feedback else None
        if target is not None:
            out[target.src].append(doc)
    return {src: tuple(docs) for src, docs in out.items()}


def catalogs_rel(settings: Settings) -> str:
    """catalogs/ as problems name it: relative to the project root where it lies inside."""
    catalogs_dir, root = settings.catalogs_dir, settings.root
    return (
        catalogs_dir.relative_to(root).as_posix()
        if catalogs_dir.is_relative_to(root)
        else str(catalogs_dir)
    )


def theme_template_dirs(settings: Settings) -> list[Path]:
    """The folders a page `template` may come from: the site's custom_dir, the portal's theme,
    then the MkDocs theme's (material)."""
    theme = settings.raw.get("theme")
    dirs = []
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        dirs.append(settings.root / theme["custom_dir"])
    dirs.append(Path(__file__).resolve().parent / "theme")  # the portal's own, package data
    name = theme.get("name") if isinstance(theme, dict) else theme
    if isinstance(name, str) and (spec := importlib.util.find_spec(name)) is not None:
        locations = spec.submodule_search_locations or []
        dirs += [Path(p) / "templates" for p in locations] + [Path(p) for p in locations]
    return [d for d in dirs if d.is_dir()]


def _check_templates(documents: list[Document], settings: Settings, problems: Collector) -> None:
    """A `template` in front matter must name a template of the theme: MkDocs would stop in the
    middle of writing the site."""
    dirs = None
    for doc in documents:
        name = doc.meta.get("template")
        if not isinstance(name, str) or doc.parse_failed:
            continue
        if dirs is None:
            dirs = theme_template_dirs(settings)
        clean = name.replace("\\", "/")
        if (
            clean.startswith("/")
            or ".." in clean.split("/")
            or not any((d / clean).is_file() for d in dirs)
        ):
            problems.error(
                doc.path,
                "template",
                f"找不到页面模板“{name}”：请删除 template，或写主题中已有的模板",
                doc.line("template"),
            )


def orgs_rel(registry: Registry) -> str:
    """orgs.yml as problems name it."""
    path = (
        os.path.relpath(registry.orgs_path, registry.root)
        if registry.orgs_path
        else "catalogs/orgs.yml"
    )
    return path.replace(os.sep, "/")


def _warn_empty_columns(public: PublicSet, registry: Registry, problems: Collector) -> None:
    by_org: dict[str, list[Document]] = {}
    for doc in public.documents:
        by_org.setdefault(doc.org, []).append(doc)
    path = orgs_rel(registry)
    for org in registry.orgs.values():
        for title in empty_columns(org, by_org.get(org.id, []), registry):
            problems.warn(
                path.replace(os.sep, "/"),
                "columns",
                f"“{org.name}”（{org.id}）的栏目“{title}”没有主动公开的信息（空白栏目）",
                org.line,
            )


def interpretation_rules(settings: Settings) -> InterpretationRules:
    """The 政策解读 rules as configured (extra.portal.interpretation, validated with the settings)."""
    return InterpretationRules(
        missing_is_error=settings.interpretation_missing_is_error,
        deadline_workdays=settings.interpretation_deadline_workdays,
    )


def _validate(documents, files, index, registry, problems, prefixes) -> None:
    _check_unique(documents, problems)
    sources = {d.src for d in documents}
    for doc in documents:
        if doc.parse_failed:
            continue
        _check_refs(doc, registry, problems)
        _check_documents_refs(doc, index, problems)
        _check_files(doc, files, sources, index, problems, prefixes)


def _check_replacement_cycles(
    documents: list[Document], index: References, problems: Collector
) -> None:
    """A chain of `replaced_by` that comes back to where it started (A → B → A) names no
    current version: every document of the cycle is reported on `replaced_by`. (A document
    replaced by itself is reported by _check_documents_refs.)"""
    after: dict[str, Document] = {}
    for doc in documents:
        target = index.resolve(doc.replaced_by) if doc.replaced_by else None
        if not doc.parse_failed and target is not None and target is not doc:
            after[doc.src] = target
    by_src = {d.src: d for d in documents}
    done: set[str] = set()
    for start in after:
        path: dict[str, int] = {}  # src -> its place on this walk
        src: str | None = start
        while src is not None and src not in done and src not in path:
            path[src] = len(path)
            src = after[src].src if src in after else None
        if src is not None and src in path:  # the walk came back into itself: a cycle
            cycle = list(path)[path[src] :]
            names = " → ".join(by_src[s].path for s in [*cycle, cycle[0]])
            for member in cycle:
                doc = by_src[member]
                problems.error(
                    doc.path,
                    "replaced_by",
                    f"“replaced_by”形成循环（{names}），没有一个是现行文件，请改正其中的替代关系",
                    doc.line("replaced_by"),
                )
        done.update(path)


def _check_unique(documents: list[Document], problems: Collector) -> None:
    for key, label in ((k, DOCUMENT_LABELS[k]) for k in UNIQUE_DOCUMENT_KEYS):
        holders = defaultdict(list)
        for doc in documents:
            value = getattr(doc, key)
            if value and not doc.parse_failed:
                holders[value].append(doc)
        for value, docs in holders.items():
            if len(docs) < 2:
                continue
            names = "、".join(d.path for d in docs)
            for doc in docs:
                problems.error(
                    doc.path,
                    key,
                    f"{label}“{value}”不唯一，以下文件都使用了它：{names}",
                    doc.line(key),
                )


def _check_refs(doc: Document, registry: Registry, problems: Collector) -> None:
    org = None
    if doc.org:
        org = registry.orgs.get(doc.org)
        if org is None:
            problems.error(
                doc.path, "org", f"公开主体“{doc.org}”不在 catalogs/orgs.yml 中", doc.line("org")
            )
        else:
            top = doc.src.split("/", 1)[0]
            if "/" in doc.src and top in registry.orgs and top != doc.org:
                problems.warn(
                    doc.path,
                    "org",
                    f"文件位于机构“{top}”的目录下，但公开主体是“{doc.org}”",
                    doc.line("org"),
                )
    if doc.drafter and doc.drafter not in registry.orgs:
        problems.error(
            doc.path,
            "drafter",
            f"起草单位“{doc.drafter}”不在 catalogs/orgs.yml 中",
            doc.line("drafter"),
        )
    # a village item (村（居）务公开目录), or `period` misused
    if doc.catalog not in registry.items or doc.period:
        check_village_document(doc, org, registry.villages, problems)
    if doc.catalog:
        item = registry.items.get(doc.catalog)
        if item is None and doc.catalog in village_item_ids(registry):
            pass  # checked by check_village_document
        elif item is None:
            problems.error(
                doc.path,
                "catalog",
                f"目录事项“{doc.catalog}”不存在于 catalogs/ 的任何目录中",
                doc.line("catalog"),
            )
        else:
            catalog = registry.catalogs.get(item.catalog)
            if catalog and catalog.status != APPROVED:
                problems.warn(
                    doc.path,
                    "catalog",
                    f"目录“{catalog.name}”尚未审核（{catalog.status}），该目录不在网站展示，文件仍在本机构栏目下发布",
                    doc.line("catalog"),
                )
            if org and org.level and org.level not in item.levels:
                problems.warn(
                    doc.path,
                    "catalog",
                    f"目录事项“{item.id}”的公开层级为{'、'.join(item.levels)}，而“{org.name}”属于{org.level}",
                    doc.line("catalog"),
                )
    m = INDEX_NO_RE.match(doc.index_no) if doc.index_no and org and org.code else None
    if m and org and m.group("code") != org.code:
        problems.warn(
            doc.path,
            "index_no",
            f"索引号前缀“{m.group('code')}”不是“{org.name}”的统一社会信用代码“{org.code}”",
            doc.line("index_no"),
        )


def _check_documents_refs(doc: Document, index: References, problems: Collector) -> None:
    public = is_public(doc)
    refs = [("interprets", ref) for ref in doc.interprets]
    if doc.replaced_by:
        refs.append(("replaced_by", doc.replaced_by))
    if doc.consultation and doc.consultation.feedback:
        refs.append(("consultation.feedback", doc.consultation.feedback))
    for key, ref in refs:
        target = index.resolve(ref)
        if target is None:
            problems.error(doc.path, key, f"找不到标识或文号为“{ref}”的文件", doc.line(key))
            continue
        if target is doc:
            problems.error(doc.path, key, "不能引用文件自身", doc.line(key))
            continue
        if public and not is_public(target):
            problems.error(
                doc.path,
                key,
                f"主动公开的文件引用了非主动公开的文件“{ref}”（{target.path}），引用会泄露其标题和地址",
                doc.line(key),
            )
        elif key == "interprets" and target.type and target.type != POLICY:
            problems.error(
                doc.path,
                key,
                f"解读对象“{ref}”（{target.path}）不是政策文件，而是{target.type}",
                doc.line(key),
            )


def _check_files(
    doc: Document, files, sources, index: References, problems: Collector, prefixes
) -> None:
    public = is_public(doc)
    for attachment in doc.attachments:
        if attachment not in files:
            kind = "是 Markdown 文件，不能作为附件" if attachment in sources else "不存在"
            problems.error(
                doc.path,
                "attachments",
                f"附件“content/{attachment}”{kind}",
                doc.line("attachments"),
            )
    for link in doc.links:
        if link.resolved is None or link.external:
            continue
        target = next((c for c in candidates(link.resolved) if c in files or c in sources), None)
        if target is None and link.resolved.split("/", 1)[0] in prefixes:
            continue  # a generated listing page
        if target is None:
            problems.error(doc.path, "body", f"链接“{link.target}”指向的文件不存在", link.line)
            continue
        if target in sources and public:
            linked = index.by_src[target]
            if not is_public(linked):
                problems.error(
                    doc.path,
                    "body",
                    f"链接“{link.target}”指向非主动公开的文件（{linked.path}），会泄露其地址和标题",
                    link.line,
                )
