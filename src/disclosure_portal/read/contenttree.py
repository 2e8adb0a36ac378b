"""Checks of content/ as a tree of files, before any file is read: symbolic links and names.

MkDocs follows symbolic links and reads every file it finds; a link that dangles makes it crash
half-way through writing the site, and a link out of content/ (or into a .git folder) would
publish whatever it points at. MkDocs also renders only Markdown files whose ending is in lower
case (`.md`, not `.MD`): any other is copied as it is, front matter included.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.vocab import MARKDOWN_SUFFIXES, strip_markdown_suffix


def _skipped(rel_dir: str, name: str) -> bool:
    """Hidden files and folders and templates/, which MkDocs (and walk_content) skip too."""
    return name.startswith(".") or (rel_dir == "." and name == "templates")


def check_links(docs_dir: Path, docs_rel: str, problems: Collector) -> frozenset[str]:
    """Report every symbolic link under `docs_dir` that dangles, loops, leaves content/ or leads
    into a .git folder, and every entry that is neither a file nor a folder (a pipe, a device),
    on the entry's own path with the key `file`; returns those paths (relative to content/)."""
    bad = set()
    real_root = Path(os.path.realpath(docs_dir))
    # os.walk's order (links are not followed here), with each entry's kind as the folder
    # listing gives it: no system call for a plain file or folder (two per file were 0.09 s
    # at 10,000 documents, 0.023 s now); an entry of another or unknown kind is looked at itself
    pending = [(os.fspath(docs_dir), ".")]
    while pending:
        dirpath, rel_dir = pending.pop()
        try:
            with os.scandir(dirpath) as listing:
                entries = [e for e in listing if not _skipped(rel_dir, e.name)]
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            continue
        folders, files = [], []
        for entry in entries:
            try:
                is_dir = entry.is_dir()  # (follows a link, as os.walk sorts its entries)
            except OSError:
                is_dir = False
            (folders if is_dir else files).append(entry)
        folders.sort(key=lambda e: e.name)
        files.sort(key=lambda e: e.name)
        for entry in folders + files:
            rel = entry.name if rel_dir == "." else f"{rel_dir}/{entry.name}"
            if entry.is_symlink():
                why = _link_problem(Path(entry.path), real_root)
            elif entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
                why = ""
            else:
                why = _kind_problem(Path(entry.path))
            if why:
                problems.error(f"{docs_rel}/{rel}", "file", why)
                bad.add(rel)
        pending.extend(
            (e.path, e.name if rel_dir == "." else f"{rel_dir}/{e.name}")
            for e in reversed(folders)
            if not e.is_symlink()
        )
    return frozenset(bad)


def without(paths: list[str], bad: frozenset[str]) -> list[str]:
    """`paths` without the entries of `bad` and whatever lies below them (nothing downstream
    reads a dangling or looping link, or a file reached through a link out of content/)."""
    if not bad:
        return paths
    return [p for p in paths if not any(p == b or p.startswith(f"{b}/") for b in bad)]


def _link_problem(link: Path, real_root: Path) -> str:
    try:
        target = Path(os.path.realpath(link))
        exists = target.exists()
    except (OSError, RuntimeError, ValueError):  # a loop of links, too long a path
        return "符号链接无法解析（链接形成循环或路径过长），请删除或改为普通文件"
    shown = os.readlink(link) if exists else _readlink(link)
    if not exists:
        return f"符号链接指向的“{shown}”不存在（悬空链接），请删除该链接或恢复其目标"
    if ".git" in target.parts:
        return f"符号链接指向 git 仓库的内部目录（{shown}），不能发布"
    if not target.is_relative_to(real_root):
        return f"符号链接指向内容目录之外（{shown}），只能链接到内容目录之内的文件"
    if target.is_dir() and Path(os.path.abspath(link)).is_relative_to(target):
        return f"目录链接指向它所在的上级目录（{shown}），形成循环，请删除该链接"
    return ""


def _readlink(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:  # pragma: no cover - the link was removed meanwhile
        return ""


def _kind_problem(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError:  # pragma: no cover - removed meanwhile
        return ""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return ""
    return "既不是普通文件也不是目录（管道、设备或套接字），请删除"


def check_markdown_names(markdown: list[str], docs_rel: str, problems: Collector) -> None:
    """Report every Markdown file (`model.vocab.is_markdown`) whose ending is not in lower case:
    MkDocs would copy it raw instead of rendering it."""
    for src in markdown:
        if src.endswith(MARKDOWN_SUFFIXES):
            continue
        stem = strip_markdown_suffix(src)
        suffix = src[len(stem) :]
        problems.error(
            f"{docs_rel}/{src}",
            "file",
            f"文件扩展名“{suffix}”须为小写：MkDocs 会把它当作普通文件原样复制（连同 front matter），"
            f"请改名为“{stem.rsplit('/', 1)[-1]}{suffix.lower()}”",
        )
