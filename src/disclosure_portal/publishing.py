"""The publishing build (`portal build`, and the preview of `portal serve`): build into a
temporary folder with the engine, run the leak check on it, and only then replace the target
folder. A failed build leaves the target as it was."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure_portal import cache
from disclosure_portal.engine import spare
from disclosure_portal.engine.select import (
    LEAVE_OUT_ENVIRONMENT,
    EngineError,
    build_command,
    engine_environment,
    engine_name,
    plugins_leave_pages_alone,
)
from disclosure_portal.engine.writer import PREVIOUS_ENVIRONMENT
from disclosure_portal.environment import (
    LEDGER_ENVIRONMENT,
    NONCE_ENVIRONMENT,
    PREVIEW_ENVIRONMENT,
)
from disclosure_portal.read.history import _git

if TYPE_CHECKING:
    from disclosure_portal.project import Site
    from disclosure_portal.read.settings import Settings

# What the steps after the engine use, imported while the engine runs (`build_site`): a build
# does not wait for them before it starts. The rest of the pipeline (load_site and what it
# needs) is imported by the checks only when they need it.
AFTER_ENGINE = (
    "disclosure_portal.verify.integrity",
    "disclosure_portal.verify.leakcheck",
    "disclosure_portal.verify.manifest",
)

CONFIG = "mkdocs.yml"


def print_problems(site: Site, *, quiet_warnings: bool = False) -> None:
    """Print a validated site's warnings and errors, in two groups (Chinese)."""
    if site.warnings and not quiet_warnings:
        print(f"警告（{len(site.warnings)} 个，不阻止构建）：")
        for problem in site.warnings:
            print(f"  {problem}")
    if site.errors:
        print(f"错误（{len(site.errors)} 个，必须修正）：")
        for problem in site.errors:
            print(f"  {problem}")


def engine_dirs(settings: Settings) -> list[Path]:
    """Theme folders whose text may legitimately appear on any page: the ones the build's own
    scan takes (the theme's folders and this package: engine/mkdocs_hook.py), so that
    `portal check-site` finds what the build would. Not the project's hooks/: what a hook
    prints is output like any other."""
    theme = settings.raw.get("theme") if isinstance(settings.raw.get("theme"), dict) else {}
    dirs = [settings.root / str(theme["custom_dir"])] if theme.get("custom_dir") else []
    package = Path(__file__).resolve().parent
    dirs += [package / "theme", package]
    for package, sub in (("material", "templates"), ("mkdocs", "templates")):
        spec = importlib.util.find_spec(package)
        if spec and spec.submodule_search_locations:
            dirs.append(Path(next(iter(spec.submodule_search_locations))) / sub)
    return [d for d in dirs if d.is_dir()]


def check_site(
    settings: Settings,
    site_dir: Path,
    ledger: Mapping[str, Any] | None = None,
    *,
    manifest: bool = False,
) -> int:
    """The leak check of a built site folder, reported in Chinese: 0 if clean, 1 on a leak or
    when content errors make it impossible to know what is non-public.

    `ledger` (from the build that wrote the folder, see `read_ledger`) names the files that
    build's scan found clean, with the SHA-256 of their bytes: a file whose bytes are exactly
    those is not scanned again; every other file is. `manifest` (the build's own check): the
    folder's manifest.json is made to name exactly its files, each with the SHA-256 of its
    bytes (written again where it does not, and the files that differ are scanned again, with
    the manifest); a folder without a readable one is refused."""
    from disclosure_portal.verify.leakcheck import output_paths  # noqa: PLC0415 - AFTER_ENGINE
    from disclosure_portal.verify.manifest import output_digests  # noqa: PLC0415

    known = dict(ledger["files"]) if ledger else {}
    if known or manifest:
        files, digests = output_digests(site_dir)
    else:
        files, digests = output_paths(site_dir), []
    names = [rel for rel, _ in files]
    if left := spare.left_in(names):  # the previous site's, not written over: never published
        print(
            f"输出目录中留有上次网站的旧文件（{len(left)} 个，例如 {site_dir / left[0]}），构建作废。"
        )
        return 1
    if manifest:
        wrong = _as_listed(site_dir, names, digests)
        if wrong is None:
            print(f"输出目录中没有可读的清单 {site_dir / 'manifest.json'}，构建作废。")
            return 1
        if wrong:  # written again: the files it names are scanned again below
            print(
                f"注意：输出目录中有 {len(wrong)} 个文件在构建的泄露检查之后被改动（例如 "
                f"{wrong[0]}，可能是 mkdocs.yml 中的插件所为），已重新检查并按其实际内容写入清单。"
            )
    if known:
        on_disk = zip(names, digests, strict=True)
        if all(known.get(rel) == sha for rel, sha in on_disk):
            # the engine's scan reported these bytes clean (its own line above): say what this
            # step checked, not the same verdict twice
            print(f"复核通过：输出的 {len(known)} 个文件与构建中泄露检查过的内容逐字节一致。")
            return 0
    from disclosure_portal.plan.moves import attach_history  # noqa: PLC0415 - only when needed
    from disclosure_portal.project import load_site  # noqa: PLC0415
    from disclosure_portal.read.history import read_history  # noqa: PLC0415
    from disclosure_portal.verify.leakcheck import (  # noqa: PLC0415
        ADVICE,
        collect_fingerprints,
        scan_site,
    )

    site = load_site(settings)
    attach_history(site, read_history(settings.root))
    if site.errors:
        print_problems(site, quiet_warnings=True)
        print("内容有错误，无法确定哪些文件不应公开；泄露检查未进行。")
        return 1
    fingerprints = collect_fingerprints(site, engine_dirs(settings))
    hits = scan_site(site_dir, fingerprints, known=known)
    if hits:
        print(f"泄露检查失败：{site_dir} 中发现 {len(hits)} 处非公开内容：")
        for hit in hits:
            print(f"  {hit}")
        print(ADVICE)
        return 1
    print(
        f"泄露检查通过：{site_dir}（{fingerprints.count} 个特征串，"
        f"{len(fingerprints.hashes)} 个非公开文件摘要）。"
    )
    return 0


def _as_listed(site_dir: Path, names: list[str], digests: list[str]) -> list[str] | None:
    """Make the output's manifest.json name exactly its files (`names`, with the SHA-256 of
    their bytes, `digests`, which are brought up to date for the manifest itself); the files
    it named otherwise, sorted (the manifest is written again when there are any, and then
    differs from what the build's scan read); None when there is no readable manifest."""
    from disclosure_portal.verify.manifest import MANIFEST, SIGNATURE  # noqa: PLC0415

    path = site_dir / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        listed = manifest["files"]
        if not isinstance(listed, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        return None
    actual = {
        rel: sha
        for rel, sha in zip(names, digests, strict=True)
        if rel not in (MANIFEST, SIGNATURE)
    }
    wrong = sorted(
        rel for rel in actual.keys() | listed.keys() if actual.get(rel) != listed.get(rel)
    )
    if wrong:  # as verify/manifest.build_manifest writes it
        manifest["files"] = dict(sorted(actual.items()))
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        path.write_text(data, encoding="utf-8")
        if MANIFEST in names:
            digests[names.index(MANIFEST)] = hashlib.sha256(data.encode("utf-8")).hexdigest()
    return wrong


def read_ledger(path: Path, nonce: str) -> dict[str, Any] | None:
    """The files the engine's scan found clean in this build (written by the hook, see
    verify/output.py), when `path` holds them for this build's `nonce`; None otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("nonce") != nonce:
        return None
    files = data.get("files")
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        return None
    return data


def remove_later(folder: Path, spare_of: Path | None = None, also: tuple[Path, ...] = ()) -> None:
    """Remove `folder` (the site just replaced) in a process of its own, so that the command
    returns as soon as the new site is in place; with it, any replaced site an earlier removal
    left behind. Deleting thousands of files takes seconds on some file systems. `spare_of`:
    keep `folder` as the spare site of the project there instead (engine/spare.py), for the
    next build to write over. `also`: other folders to remove there."""
    leftovers = [p for p in folder.parent.glob(".site-old-*") if p.is_dir() and p != folder]
    leftovers += also
    if spare_of is not None and spare.prepare_later(folder, spare_of, leftovers):
        return
    leftovers.append(folder)
    remove_in_background(leftovers)


def remove_in_background(folders: list[Path]) -> None:
    """Remove `folders` in a process of its own (here, should it not start)."""
    code = "import shutil, sys\nfor path in sys.argv[1:]:\n    shutil.rmtree(path, True)"
    try:
        subprocess.Popen(
            [sys.executable, "-c", code, *map(str, folders)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)


STAGING = ".site-build-"  # + the building process's id + "-" + a random part


def dead_builds(folder: Path) -> list[Path]:
    """Output folders in `folder` of builds killed before they could remove them (the process
    named in the folder's name is gone): they may hold pages not yet checked, or files of the
    spare site (engine/spare.py), beside the published one."""
    found = []
    for path in folder.glob(f"{STAGING}*-*"):
        pid = path.name[len(STAGING) :].split("-", 1)[0]
        if not path.is_symlink() and path.is_dir() and spare.gone(pid):
            found.append(path)
    return found


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def build_site(
    settings: Settings,
    target: Path | None = None,
    *,
    strict: bool = False,
    allow_shallow: bool = False,
    use_cache: bool = True,
    preview: bool = False,
    launch: Callable[[list[str], Path, dict[str, str]], subprocess.Popen] | None = None,
) -> int:
    """Build into a temporary folder, check it, and swap it in as `target` (default: the
    configured site_dir) only on success; messages in Chinese on stdout; 0 on success.
    `use_cache`: reuse what earlier builds computed from `.portal-cache/` and keep what this
    one computes (`portal build --no-cache` passes False: no cache read or written); the
    output is the same byte for byte either way. `preview`: a build for the editors' preview
    (`portal serve`): everything but the search index, which a preview does without (the box
    says so), as `mkdocs serve` does. `launch(command, folder, environment)`: the engine's
    process for that command (default: started now)."""
    if not (settings.root / CONFIG).exists():
        print(f"没有 {CONFIG}，无法构建网站（校验和审计不需要它）。")
        return 2
    if bad := [p for p in settings.problems if p.is_error]:  # before MkDocs reads mkdocs.yml
        for problem in bad:
            print(f"  {CONFIG}:{problem.key}: {problem.message}")
        print(f"{CONFIG} 有错误，构建未开始。")
        return 1
    shallow = _git(settings.root, "rev-parse", "--is-shallow-repository")
    if (shallow or "").strip() == "true" and not allow_shallow:
        print(
            "这是浅克隆（shallow clone）：修订记录不完整，撤回说明和重定向会缺失，构建未开始。"
            "请用完整克隆发布（git fetch --unshallow；CI 中设 GIT_DEPTH: 0 或 fetch-depth: 0），"
            "确需预览时加 --allow-shallow。"
        )
        return 1
    try:
        engine = engine_name()  # ProperDocs when installed, else MkDocs; PORTAL_ENGINE decides
    except EngineError as exc:
        print(f"{exc}；构建未开始。")
        return 2
    target = target.resolve() if target is not None else settings.site_dir
    target.parent.mkdir(parents=True, exist_ok=True)
    if dead := dead_builds(target.parent):
        remove_in_background(dead)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=target.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700: a web server must read the site
    handover = Path(tempfile.mkdtemp(prefix="portal-ledger-"))
    try:
        # with the cache, the engine leaves the pages it reuses out of its loops, unless a
        # plugin could want them (engine/mkdocs_hook.py)
        leave_out = use_cache and plugins_leave_pages_alone(settings.raw)
        command = build_command(CONFIG, staging, strict=strict, engine=engine, leave_out=leave_out)
        env = engine_environment()
        env.pop(LEAVE_OUT_ENVIRONMENT, None)
        if leave_out:
            env[LEAVE_OUT_ENVIRONMENT] = "1"
        env.pop(cache.ENVIRONMENT, None)  # --no-cache: no cache read, none written
        env.pop(PREVIEW_ENVIRONMENT, None)
        env.pop(PREVIOUS_ENVIRONMENT, None)
        # a preview links unchanged pages from the folder it replaces (the same commit: the
        # same stamp); a published site is never shared with the next build, whose plugins
        # could write a page in place and change the site that must stay as it was on failure
        if preview and target.is_dir() and not target.is_symlink():
            env[PREVIOUS_ENVIRONMENT] = str(target)
        if preview:
            env[PREVIEW_ENVIRONMENT] = "1"
        env.pop(spare.ENVIRONMENT, None)
        # a build with the cache writes over the site it replaced last time (kept as the
        # spare): creating every folder and file again was most of a warm build's writing. A
        # preview keeps its spare beside the preview (outside the repository and the served
        # folder): its pages are mostly links to the preview it replaces, its folders new
        home = target.parent if preview else settings.root  # where the spare is kept
        recycle = use_cache and spare.enabled()
        if recycle and not preview and cache.tracked_by_git(home, home / spare.FOLDER):
            # committed files would be moved into the site: never ours, never used
            print(
                f"{spare.FOLDER}/ 中有文件被 git 跟踪（它是上次生成的网站，不应提交），"
                f"本次不使用它；请 git rm -r --cached {spare.FOLDER}"
            )
            recycle = False
        if recycle:
            env[spare.ENVIRONMENT] = str(home / spare.FOLDER / spare.READY)
        if use_cache:
            env[cache.ENVIRONMENT] = str(cache.cache_folder(settings.root))
        nonce = secrets.token_hex(16)
        env[LEDGER_ENVIRONMENT], env[NONCE_ENVIRONMENT] = str(handover / "ledger.json"), nonce
        if launch is not None:  # the preview's engine started ahead (previewbuild)
            engine_run = launch(command, settings.root, env)
        else:
            engine_run = subprocess.Popen(command, cwd=settings.root, env=env)
        try:
            for module in AFTER_ENGINE:  # on the other core, while the engine starts
                importlib.import_module(module)
            returncode = engine_run.wait()
        except BaseException:  # interrupted: the engine does not go on writing alone
            engine_run.kill()
            engine_run.wait()
            raise
        if returncode != 0 or not (staging / "index.html").exists():
            print(f"构建失败，原网站 {target} 保持不变。")
            return 1
        ledger = read_ledger(handover / "ledger.json", nonce)
        if check_site(settings, staging, ledger, manifest=True) != 0:
            print(f"原网站 {target} 保持不变。")
            return 1
        from disclosure_portal.verify import integrity  # noqa: PLC0415 - AFTER_ENGINE

        if (key := integrity.signing_key(settings)) is not None:  # Verifiable publication
            try:
                integrity.sign_manifest(staging, key)
            except (integrity.IntegrityError, OSError, subprocess.SubprocessError) as exc:
                print(f"{exc}；原网站 {target} 保持不变。")
                return 1
            print(f"清单已签名：manifest.json.sig（公钥 {integrity.PUBLIC_KEY_PATH}）")
        else:
            print(integrity.UNSIGNED)
        old = None
        if target.exists():
            old = target.with_name(f".site-old-{os.getpid()}")
            target.rename(old)
        staging.rename(target)
        if old is not None:
            kept = home / spare.FOLDER / spare.READY
            off = () if spare.enabled() or not kept.is_dir() else (kept,)  # switched off: freed
            remove_later(old, home if recycle else None, off)
        print(f"网站已生成：{target}")
        return 0
    finally:
        shutil.rmtree(handover, ignore_errors=True)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
