"""`portal upgrade`: bring the files `portal init` generated in a content repository (the hook
file, the editors' manual, the CI templates, the pre-commit configuration) to the installed
version, and say which `extra.portal` settings are new, renamed or gone since the version the
repository was made with. content/, catalogs/ and mkdocs.yml are never touched: they are the
district's. Messages in Chinese."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from disclosure_portal.read.history import _git
from disclosure_portal.read.settings import GROUPS, PREFIX, SCHEMA, load_settings
from disclosure_portal.version import NAME, generator_version

# the generated files, rewritten whole (a district's own changes to them are in git)
MANAGED = (
    "hooks/portal.py",
    "docs/编辑手册.md",
    ".gitlab-ci.yml",
    ".github/workflows/portal.yml",
    ".pre-commit-config.yaml",
)
ADDITIVE = (".gitignore",)  # lines the skeleton has are added; none is removed
UNTOUCHED = ("content/", "catalogs/", "mkdocs.yml")

# every `extra.portal` key of each released version (dotted), to tell a repository which keys
# are new since the version it was made with; add a line at each release
SETTINGS_OF_VERSION: dict[str, frozenset[str]] = {
    "0.1.0": frozenset(
        {
            "audit.backdate_margin_days",
            "catalogs_dir",
            "footer.contact",
            "footer.dzjg_url",
            "footer.icp",
            "footer.organizer",
            "footer.police",
            "footer.police_url",
            "footer.report_url",
            "footer.site_code",
            "footer.sponsor",
            "http_allowed",
            "interpretation.deadline_workdays",
            "interpretation.missing",
            "newmedia.dormant_days",
            "official_contacts.domains",
            "official_contacts.emails",
            "page_size",
            "types",
        }
    ),
}
# old dotted key -> its new name. SPEC: a renamed key keeps building with a warning naming the
# new form; `portal upgrade` names both.
RENAMED_SETTINGS: dict[str, str] = {"footer.site_code": "site_code"}  # 0.2.0: SPEC's name

_VERSION_RES = (
    re.compile(r"disclosure-portal\s*==\s*([0-9][0-9A-Za-z.+-]*)"),
    re.compile(r"PORTAL_VERSION:\s*[\"']?([0-9][0-9A-Za-z.+-]*)"),
)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version)[:3])


def repository_version(root: Path) -> str | None:
    """The generator version the repository's CI templates install (what `portal init` or the
    last `portal upgrade` wrote), or None."""
    for rel in (".gitlab-ci.yml", ".github/workflows/portal.yml"):
        try:
            text = (root / rel).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for pattern in _VERSION_RES:
            if match := pattern.search(text):
                return match[1].rstrip(".")
    return None


def skeleton_files(skeleton: Path, renamed: Mapping[str, str]) -> dict[str, Path]:
    """The skeleton's files by their path in a content repository."""
    out = {}
    for source in sorted(skeleton.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(skeleton)
        if rel.parent == Path("."):
            rel = rel.with_name(renamed.get(rel.name, rel.name))
        out[rel.as_posix()] = source
    return out


def written_settings(portal: Any) -> list[str]:
    """The dotted keys written under `extra.portal` (a group's keys one by one)."""
    if not isinstance(portal, dict):
        return []
    keys = []
    for key, value in portal.items():
        key = str(key)
        if key in GROUPS and isinstance(value, dict):
            keys += [f"{key}.{sub}" for sub in value]
        else:
            keys.append(key)
    return keys


def settings_notes(
    portal: Any,
    old_version: str | None,
    renamed: Mapping[str, str] | None = None,
) -> list[str]:
    """Lines about `extra.portal` (the mapping as written): keys renamed, keys no longer read,
    and keys that are new since `old_version`."""
    renamed = RENAMED_SETTINGS if renamed is None else renamed
    notes = []
    written = written_settings(portal)
    for key in written:
        if key in renamed:
            notes.append(
                f"  改名：{PREFIX}.{key} 现在叫 {PREFIX}.{renamed[key]}，请在 mkdocs.yml 中改写"
            )
        elif key not in SCHEMA:
            notes.append(
                f"  已不再使用（或拼写有误）：{PREFIX}.{key}，生成器不读它；请对照编辑手册删除或改正"
            )
    known = SETTINGS_OF_VERSION.get(old_version or "")
    if known is None and old_version == generator_version():
        known = frozenset(SCHEMA)  # made with this version: nothing is new
    if known is not None:
        for key in sorted(set(SCHEMA) - known - set(written)):
            notes.append(f"  新增（可选）：{PREFIX}.{key}：{SCHEMA[key].meaning}")
    elif old_version:
        notes.append(f"  （不知道 {old_version} 版有哪些设置，新增的设置见 CHANGELOG）")
    return notes


def _dirty(root: Path, paths: list[str]) -> list[str]:
    """Those of `paths` with uncommitted changes (nothing outside a git work tree)."""
    out = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *paths)
    return sorted({line[3:].strip().strip('"') for line in (out or "").splitlines() if line})


def upgrade(
    root: Path,
    skeleton: Path,
    renamed_files: Mapping[str, str],
    *,
    dry_run: bool = False,
    renamed_settings: Mapping[str, str] | None = None,
) -> int:
    """Rewrite the managed files of the content repository `root`; 0 when done, 1 when refused."""
    if not (root / "mkdocs.yml").is_file() or not (root / "content").is_dir():
        print(f"{root} 不是内容仓库（没有 mkdocs.yml 和 content/）：请在内容仓库的根目录运行。")
        return 1
    if (root / "src" / "disclosure_portal").is_dir():
        print("这是生成器自己的源码仓库，不是内容仓库：portal upgrade 不改动它。")
        return 1
    version = generator_version()
    old = repository_version(root)
    if old and _version_key(old) > _version_key(version):
        print(
            f"这个仓库的 CI 模板来自 {NAME} {old}，比已安装的 {version} 新："
            "请先安装新版生成器，再运行 portal upgrade（不会降级）。"
        )
        return 1
    files = skeleton_files(skeleton, renamed_files)
    wanted = [rel for rel in (*MANAGED, *ADDITIVE) if rel in files]
    if dirty := _dirty(root, wanted):
        print("这些文件有尚未提交的修改，portal upgrade 没有改动任何文件：")
        for rel in dirty:
            print(f"  {rel}")
        print(
            "请先提交（或撤销）这些修改，再运行 portal upgrade，之后可以用 git diff 查看升级的改动。"
        )
        return 1
    changed, created, same = [], [], 0
    for rel in MANAGED:
        if rel not in files:
            continue
        new = files[rel].read_bytes()
        target = root / rel
        if target.is_file() and target.read_bytes() == new:
            same += 1
            continue
        (created if not target.exists() else changed).append(rel)
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(new)
    added_lines: dict[str, list[str]] = {}
    for rel in ADDITIVE:
        if rel not in files:
            continue
        target = root / rel
        have = target.read_text(encoding="utf-8").splitlines() if target.is_file() else []
        missing = [
            line
            for line in files[rel].read_text(encoding="utf-8").splitlines()
            if line.strip() and line not in have
        ]
        if missing:
            added_lines[rel] = missing
            if not dry_run:
                text = "\n".join([*have, *missing]) + "\n"
                target.write_text(text, encoding="utf-8")
    verb = "将" if dry_run else "已"
    print(
        f"portal upgrade{'（只列出，不写入）' if dry_run else ''}：已安装的生成器是 {NAME} {version}"
        f"（仓库原来的版本：{old or '未知'}）"
    )
    if changed:
        print(f"{verb}更新：")
        print("\n".join(f"  {rel}" for rel in changed))
    if created:
        print(f"{verb}新建：")
        print("\n".join(f"  {rel}" for rel in created))
    for rel, lines in added_lines.items():
        print(f"{rel}：{verb}补充 {len(lines)} 行（{'、'.join(lines)}）")
    if not (changed or created or added_lines):
        print(f"生成文件都已是 {version} 版，没有需要更新的。")
    elif same:
        print(f"另有 {same} 个生成文件已是最新，未改动。")
    print(f"不会改动：{'、'.join(UNTOUCHED)}（本区的内容和设置）。")
    settings = load_settings(root)
    extra = settings.raw.get("extra")
    portal = extra.get("portal") if isinstance(extra, dict) else None
    notes = settings_notes(portal, old, renamed_settings)
    if notes:
        print(f"mkdocs.yml 的设置（{PREFIX}）：")
        print("\n".join(notes))
    if changed and not dry_run:
        print(
            "下一步：用 git diff 查看改动（CI 模板、编辑手册中本单位自己改过的地方需要重新补上；"
            "CI 的安装来源请在 CI 变量 PORTAL_REQUIREMENT 中设置，不要写在文件里），"
            "运行 portal validate 和 portal build，确认无误后提交。升级说明见 CHANGELOG。"
        )
    return 0
