"""What the engine's configuration may do with content/, judged by what the engine loaded.

SPEC guarantee 1, "Settings are judged by what they read". Two kinds of setting reach content/:

- Features that read files into a page (includes and snippets, template includes, data files,
  other projects' pages). They are recognised by the module of the class the engine loaded (a
  Markdown extension, a processor an extension registered, a plugin instance), never by how
  mkdocs.yml spells the name, so `pymdownx.snippets`, `pymdownx.snippets:SnippetExtension` and an
  extension of our own that registers the same preprocessor are one thing. Such a feature is
  refused unless the folders it reads from are proven to lie outside content/ (and nothing in
  them links into it). Features we do not know stay allowed: their authors are the site's IT.
- Files under content/ that the configuration names (`extra_css`, `extra_javascript`,
  `extra_templates`, the theme's logo and favicon) are published although no document
  references them: they are judged like attachments (plan.publish.decide publishes them, the
  checks below refuse a withheld file and read their text).

The engine hook (engine/features.py) describes what it loaded as plain values: `Loaded`.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.records import Document
from disclosure_portal.model.vocab import is_markdown
from disclosure_portal.plan.publish import PublicSet, referenced_files
from disclosure_portal.read.attachments import read_attachment
from disclosure_portal.read.settings import CONFIG_FILE, PAGE_FOLDER
from disclosure_portal.rules.privacy import scan_text

EXTENSION = "extension"  # a Markdown extension as configured
PROCESSOR = "processor"  # a processor an extension registered with Python-Markdown
PLUGIN = "plugin"  # an MkDocs plugin instance (or a hook module)
MAX_WALK = 20_000  # entries of a folder searched for links into content/ before giving up


@dataclass(frozen=True, slots=True)
class Component:
    """A Markdown extension, a processor it registered, or a plugin, as the engine loaded it."""

    kind: str  # EXTENSION, PROCESSOR or PLUGIN
    name: str  # as configured (an extension's or plugin's name), or a processor's registry name
    classes: tuple[str, ...]  # "module.QualName" of its class and every base class
    options: Mapping[str, Any] = field(default_factory=dict)  # plain values; paths as text


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the engine loaded for this build (engine/features.py fills it in)."""

    config_dir: Path  # the folder of mkdocs.yml
    cwd: Path  # the working folder: Python-Markdown extensions resolve relative paths from it
    docs_dir: Path
    components: tuple[Component, ...] = ()
    custom_dir: str | None = None  # theme.custom_dir as resolved
    problem: str = ""  # why the engine could not load the configuration ("" when it could)


def _within(path: Path, directory: Path) -> bool:
    try:
        path.resolve().relative_to(directory.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def overlaps(path: Path, docs_dir: Path) -> bool:
    """Whether `path` is inside `docs_dir` or contains it (both by their real paths)."""
    return _within(path, docs_dir) or _within(docs_dir, path)


def _link_into(folder: Path, docs_dir: Path) -> str:
    """A symbolic link under `folder` whose target lies in content/ ("" when there is none);
    MAX_WALK entries at most, after which the folder counts as unproven."""
    seen = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            seen += 1
            if seen > MAX_WALK:
                return f"（目录过大，超过 {MAX_WALK} 项，无法逐一确认）"
            path = Path(dirpath) / name
            if path.is_symlink() and overlaps(path, docs_dir):
                return str(path)
    return ""


def _texts(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)]


def _folder_problem(option: str, base: str, start: Path, loaded: Loaded) -> str:
    """Why the folder (or file) `base` of `option`, relative to `start`, is not proven to lie
    outside content/ ("" when it is)."""
    if base == PAGE_FOLDER:
        return f"{option} 为 !relative（页面文件所在的目录），在内容目录之内"
    path = start / base
    if overlaps(path, loaded.docs_dir):
        return f"{option}“{base}”包含内容目录或在其中"
    if path.is_dir() and (link := _link_into(path, loaded.docs_dir)):
        return f"{option}“{base}”中的符号链接 {link} 指向内容目录"
    return ""


def _snippets(c: Component, loaded: Loaded) -> list[str]:
    o = c.options
    why = []
    if o.get("url_download"):
        why.append("url_download 为 true：可以把网址（包括内部系统上的文件）下载插入页面")
    if not o.get("restrict_base_path", True):
        why.append("restrict_base_path 为 false：可以用“../”读取 base_path 之外的文件")
    for base in _texts(o.get("base_path", ".")):
        if problem := _folder_problem("base_path", base, loaded.cwd, loaded):
            why.append(problem)
    return why


def _macros(c: Component, loaded: Loaded) -> list[str]:
    o = c.options
    why = []
    include_dir = str(o.get("include_dir") or "")
    if not include_dir:
        why.append("include_dir 未设置（默认读取内容目录）")
    elif problem := _folder_problem("include_dir", include_dir, loaded.cwd, loaded):
        why.append(problem)
    for entry in _texts(o.get("include_yaml")):
        # an entry is a file name, or {key: file name}: the plain form of a one-key mapping
        name = entry.split(":", 1)[-1].strip(" {}'\"") if entry.startswith("{") else entry
        if overlaps(loaded.config_dir / name, loaded.docs_dir):
            why.append(f"include_yaml 的“{name}”在内容目录之中，其中的值会显示在页面上")
    for module in _texts(o.get("modules")):
        if "includex" in module:
            why.append(f"modules 中的“{module}”可以把任意文件插入页面")
    return why


def _always(reason: str) -> Callable[[Component, Loaded], list[str]]:
    return lambda c, loaded: [reason]


ANY_FILE = "可以把任意文件（包括非公开文件）读入公开页面"


@dataclass(frozen=True, slots=True)
class Reader:
    """A feature known to read files into pages: the modules of its classes, its name in
    messages, and the reasons it is refused (none: proven safe)."""

    modules: tuple[str, ...]
    what: str
    judge: Callable[[Component, Loaded], list[str]]


READERS: tuple[Reader, ...] = (
    Reader(("pymdownx.snippets",), "片段插入扩展 pymdownx.snippets", _snippets),
    Reader(("pymdownx.b64",), "图片内嵌扩展 pymdownx.b64", _always(ANY_FILE)),
    Reader(("markdown_include",), "文件插入扩展 markdown-include", _always(ANY_FILE)),
    Reader(("mdx_include",), "文件插入扩展 mdx_include", _always(ANY_FILE)),
    Reader(
        ("mkdocs_include_markdown_plugin",),
        "文件插入插件 include-markdown",
        _always(ANY_FILE),
    ),
    Reader(("mkdocs_macros",), "宏插件 macros", _macros),
    Reader(
        ("material.plugins.projects",),
        "多项目插件 material/projects",
        _always("把其他 MkDocs 项目的页面并入网站，这些页面不经门户的公开检查"),
    ),
    Reader(("mkdocs_monorepo_plugin",), "多仓库插件 monorepo", _always(ANY_FILE)),
    Reader(("mkdocs_table_reader_plugin",), "表格读取插件 table-reader", _always(ANY_FILE)),
    Reader(("markdown_exec",), "代码执行扩展 markdown-exec", _always(ANY_FILE)),
)


def reader_of(component: Component) -> Reader | None:
    """The known file reader `component` is (by the modules of its classes, or of a callable
    among its options, such as a custom fence's formatter), or None."""
    names = list(component.classes)
    names += [v for v in _option_values(component.options) if v.count(".") >= 1]
    for reader in READERS:
        for name in names:
            if any(name == m or name.startswith(f"{m}.") for m in reader.modules):
                return reader
    return None


def _option_values(value: Any, depth: int = 0) -> Iterable[str]:
    """The text values among options, nested lists and mappings included (depth-limited)."""
    if depth > 6:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _option_values(v, depth + 1)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _option_values(v, depth + 1)


def engine_problems(loaded: Loaded) -> list[tuple[str, str]]:
    """(key of mkdocs.yml, message) for every loaded feature that could read content/ into a
    page, and a theme folder inside content/."""
    if loaded.problem:
        return [("file", f"MkDocs 无法读取配置：{loaded.problem}")]
    out: list[tuple[str, str]] = []
    judged: set[str] = set()  # readers judged on an extension or a plugin of their own
    for c in sorted(loaded.components, key=lambda c: c.kind == PROCESSOR):
        reader = reader_of(c)
        if reader is None or (c.kind == PROCESSOR and reader.what in judged):
            continue
        judged.add(reader.what)
        reasons = reader.judge(c, loaded)
        if not reasons:
            continue
        key = "plugins" if c.kind == PLUGIN else "markdown_extensions"
        loaded_as = c.classes[0] if c.classes else c.name
        if c.kind == PROCESSOR:
            named = f"某个扩展注册的处理器“{c.name}”（{loaded_as}，即{reader.what}）"
        else:
            named = f"“{c.name}”（{loaded_as}，即{reader.what}）"
        out.append(
            (
                key,
                f"{named}：{'；'.join(reasons)}，可能把非公开文件插入公开页面。"
                "请删除它，或把它读取的目录设为内容目录之外、不含指向内容目录的链接的专用目录",
            )
        )
    if loaded.custom_dir and (why := _folder_problem("", loaded.custom_dir, loaded.cwd, loaded)):
        out.append(
            (
                "theme.custom_dir",
                f"主题目录{why}：主题目录中的文件会原样复制到网站，模板也能读取其中的文件；"
                "请改为内容目录之外、不含指向内容目录的链接的专用目录",
            )
        )
    return out


# ---- files under content/ named by settings ----

SETTING_FILE_KEYS = ("extra_css", "extra_javascript", "extra_templates")
THEME_FILE_KEYS = ("logo", "favicon")
# the footer's images (党政机关网站标识, 公安机关备案标识): theme/partials/copyright.html
FOOTER_IMAGE_KEYS = ("dzjg_image", "police_image")
READ_AS_TEXT = (".css", ".js", ".mjs", ".txt", ".html", ".htm", ".svg", ".json", ".xml")


def _local(value: Any) -> str | None:
    """The path under content/ a setting value names, normalised; None for a URL, an empty or
    non-text value, or a path that leaves content/."""
    if isinstance(value, Mapping):  # extra_javascript: {path: …, type: module}
        value = value.get("path")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().split("?", 1)[0].split("#", 1)[0]
    if "://" in text or text.startswith(("//", "data:", "mailto:")):
        return None
    path = posixpath.normpath(text.lstrip("/"))
    if path in (".", "") or path.startswith("../") or path == "..":
        return None
    return path


def setting_files(raw: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(key of mkdocs.yml, path under content/) of every local file the configuration names:
    extra_css, extra_javascript, extra_templates, the theme's logo and favicon, and the
    footer's images."""
    out = []
    for key in SETTING_FILE_KEYS:
        values = raw.get(key)
        for value in values if isinstance(values, list) else []:
            if (path := _local(value)) is not None:
                out.append((key, path))
    theme = raw.get("theme")
    if isinstance(theme, Mapping):
        for key in THEME_FILE_KEYS:
            if (path := _local(theme.get(key))) is not None:
                out.append((f"theme.{key}", path))
    extra = raw.get("extra")
    portal = extra.get("portal") if isinstance(extra, Mapping) else None
    footer = portal.get("footer") if isinstance(portal, Mapping) else None
    if isinstance(footer, Mapping):
        for key in FOOTER_IMAGE_KEYS:
            if (path := _local(footer.get(key))) is not None:
                out.append((f"extra.portal.footer.{key}", path))
    return out


def _digest(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest() if len(data) >= 32 else None


def file_text(path: Path) -> str:
    """The text of a file named in a setting: as an attachment is read, and stylesheets and
    scripts as text."""
    read = read_attachment(path)
    if read.text is not None:
        return read.text
    if path.suffix.lower() in READ_AS_TEXT:
        try:
            return path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return ""
    return ""


def check_setting_files(
    named: list[tuple[str, str]],
    documents: list[Document],
    public: PublicSet,
    files: frozenset[str],
    docs_dir: Path,
    docs_rel: str,
    problems: Collector,
) -> None:
    """A file named in a setting that is a withheld document, a file only withheld documents
    reference, or (by real path or bytes) one of those, is an error on `mkdocs.yml:<key>`."""
    withheld_docs = {d.src: d for d in public.withheld}
    held: dict[str, list[str]] = {}  # unpublished file -> the withheld documents referencing it
    for doc in public.withheld:
        for src in referenced_files(doc, files) - public.assets:
            held.setdefault(src, []).append(doc.path)
    real: dict[Path, str] = {}
    digests: dict[str, str] = {}
    for src, shown in [
        *((s, d.path) for s, d in withheld_docs.items()),
        *((s, f"{docs_rel}/{s}") for s in held),
    ]:
        real.setdefault((docs_dir / src).resolve(), shown)
        if src not in withheld_docs and (digest := _digest(docs_dir / src)):
            digests.setdefault(digest, shown)
    for key, src in named:
        shown = f"{docs_rel}/{src}"
        if src in withheld_docs:
            problems.error(
                CONFIG_FILE,
                key,
                f"“{src}”是非主动公开的文件 {withheld_docs[src].path}，不能在设置中引用"
                "（会把它发布出去）；请删除这一项",
            )
        elif src in held:
            problems.error(
                CONFIG_FILE,
                key,
                f"“{src}”是非主动公开文件 {'、'.join(sorted(held[src]))} 的附件，不能在设置中引用"
                "（会把它发布出去）；请改用一个只供网站使用的文件",
            )
        elif not is_markdown(src) and src in files:
            path = docs_dir / src
            target = path.resolve()
            if target in real and real[target] != shown:
                problems.error(
                    CONFIG_FILE,
                    key,
                    f"“{shown}”是指向非主动公开文件 {real[target]} 的符号链接，会把它发布出去；"
                    "请改用一个只供网站使用的文件",
                )
            elif (digest := _digest(path)) and digest in digests:
                problems.error(
                    CONFIG_FILE,
                    key,
                    f"“{shown}”与非主动公开文件 {digests[digest]} 的内容完全相同，"
                    "不公开的文件不能以副本形式发布",
                )


def check_setting_texts(
    named: list[tuple[str, str]],
    public: PublicSet,
    docs_dir: Path,
    docs_rel: str,
    contacts: tuple[frozenset[str], tuple[str, ...]],
    problems: Collector,
) -> None:
    """The text of each published file named in a setting, read like an attachment: personal
    data (rules/privacy.py) is an error on `mkdocs.yml:<key>` (withheld text in them is
    rules/withheld.py's, which reads the same files). `contacts` are the official e-mail addresses and domains."""
    emails, domains = contacts
    shown = [(key, src) for key, src in named if src in public.assets]
    for key, src in shown:
        for finding in scan_text(
            file_text(docs_dir / src), 1, official_emails=emails, official_domains=domains
        ):
            problems.error(
                CONFIG_FILE,
                key,
                f"“{docs_rel}/{src}”（第 {finding.line} 行）含有个人信息：{finding.kind}"
                f"“{finding.masked}”。网站的每个页面都会引用这个文件，公开前须去标识化",
            )
