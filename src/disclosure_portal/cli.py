"""`portal`: the command editors, the office and CI run in a project folder."""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from disclosure_portal.clitext import DEFAULT_ADDRESS, VERSION_HELP, ChineseArgumentParser
from disclosure_portal.publishing import (
    CONFIG,
    build_site,
    check_site,
    engine_dirs,
    print_problems,
)

if TYPE_CHECKING:
    from disclosure_portal.model.problems import Problem
    from disclosure_portal.read.settings import Settings

# Each command imports what it uses when it runs (PLC0415 is off for this file): `portal build`
# starts the engine without loading the validation pipeline, the reports or the preview server
# first (about 0.1 s of every build), and imports what its checks need while the engine runs.
# The engine's own process imports the pipeline for itself.


def _settings() -> Settings:
    from disclosure_portal.read.settings import load_settings, settings_from_mapping

    root = Path.cwd()
    if not (root / CONFIG).exists():
        if (root / "content").is_dir() and (root / "catalogs").is_dir():
            # SPEC's layout without a site configuration: enough to validate and audit
            return settings_from_mapping(root, {"docs_dir": "content"})
        raise SystemExit(f"当前目录 {root} 下没有 {CONFIG}：请在门户项目的根目录运行 portal。")
    return load_settings(root, CONFIG)


def _apply_today(args: argparse.Namespace) -> None:
    """`--today YYYY-MM-DD` sets the build date for this command and the engine it starts (through
    PORTAL_TODAY, which load_site reads and reports when malformed)."""
    from disclosure_portal.read.builddate import ENVIRONMENT

    if getattr(args, "today", None):
        os.environ[ENVIRONMENT] = args.today


def _escape_github(text: str, *, prop: bool = False) -> str:
    """GitHub's escaping in workflow commands: `%`, CR and LF in the message; in a property
    (file, title) also `:` and `,`."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotations(problems: list[Problem], prefix: str = "") -> list[str]:
    """`portal validate --format github`: one `::error`/`::warning` workflow command a problem,
    titled with its key, so that GitHub shows it on the file and line."""
    lines = []
    for p in problems:
        props = [f"file={_escape_github(prefix + p.path, prop=True)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_escape_github(p.key, prop=True)}")
        level = "error" if p.is_error else "warning"
        lines.append(f"::{level} {','.join(props)}::{_escape_github(p.message)}")
    return lines


def gitlab_code_quality(problems: list[Problem], prefix: str = "") -> list[dict[str, object]]:
    """`portal validate --format gitlab`: GitLab's Code Quality report. The fingerprint is the
    sha1 of path, key and message (stable when lines move); a repeated one is made unique."""
    entries: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for p in problems:
        path = prefix + p.path
        fingerprint = hashlib.sha1("\0".join((path, p.key, p.message)).encode("utf-8")).hexdigest()
        repeat = seen.get(fingerprint, 0)
        seen[fingerprint] = repeat + 1
        if repeat:
            fingerprint = hashlib.sha1(f"{fingerprint}\0{repeat}".encode()).hexdigest()
        entries.append(
            {
                "description": f"{p.key}: {p.message}",
                "check_name": p.key,
                "fingerprint": fingerprint,
                "severity": "major" if p.is_error else "minor",
                "location": {"path": path, "lines": {"begin": p.line or 1}},
            }
        )
    return entries


def cmd_validate(args: argparse.Namespace) -> int:
    """`portal validate`: print (or write as JSON) errors and warnings; 1 if there are errors.
    Scheduled documents (定时发布) are listed with their date. `--format github|gitlab` prints
    the problems for CI, with paths from the top of the git work tree."""
    from disclosure_portal.engine import features
    from disclosure_portal.plan.moves import attach_history
    from disclosure_portal.project import load_site
    from disclosure_portal.read.history import _git, read_history

    fmt = getattr(args, "format", "text")
    if fmt != "text" and args.json == "-":
        print(f"--json - 不能与 --format {fmt} 同时使用：两者都输出到屏幕。", file=sys.stderr)
        return 2
    _apply_today(args)
    settings = _settings()
    config = settings.root / CONFIG
    # what MkDocs would load (extensions, plugins) is judged as in a build
    site = load_site(settings, engine=features.load(config) if config.exists() else None)
    attach_history(site, read_history(settings.root))  # withdrawals need the git record
    if args.json:
        data = {
            "errors": [p.as_dict() for p in site.errors],
            "warnings": [p.as_dict() for p in site.warnings],
        }
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    if fmt != "text":
        prefix = (_git(settings.root, "rev-parse", "--show-prefix") or "").strip()
        problems = [*site.errors, *site.warnings]
        if fmt == "gitlab":
            print(json.dumps(gitlab_code_quality(problems, prefix), ensure_ascii=False, indent=2))
        else:
            for line in github_annotations(problems, prefix):
                print(line)
    if args.json != "-":
        # gitlab: stdout is the report, so the readable report goes to the job log (stderr)
        log = (
            contextlib.redirect_stdout(sys.stderr) if fmt == "gitlab" else contextlib.nullcontext()
        )
        with log:
            if fmt != "github":
                print_problems(site)
            public = len(site.public.documents)
            scheduled = sorted(
                (d for d in site.documents if d.scheduled), key=lambda d: d.published
            )
            if scheduled:
                print(f"定时发布（{len(scheduled)} 个，到发布日期前不发布）：")
                for doc in scheduled:
                    print(f"  {doc.path}: {doc.published} 发布《{doc.title}》")
            print(
                f"共 {len(site.documents)} 个文件：{public} 个主动公开，"
                f"{len(site.public.withheld)} 个不发布；"
                f"{len(site.errors)} 个错误，{len(site.warnings)} 个警告。"
            )
    return 1 if site.errors else 0


def cmd_check_site(args: argparse.Namespace) -> int:
    """`portal check-site DIR`: the leak check (see check_site); 2 if DIR is not a folder."""
    from disclosure_portal.plan.moves import attach_history
    from disclosure_portal.project import load_site
    from disclosure_portal.read.history import read_history
    from disclosure_portal.verify.leakcheck import collect_fingerprints, hits_as_json, scan_site

    settings = _settings()
    site_dir = Path(args.dir).resolve()
    if not site_dir.is_dir():
        print(f"找不到网站目录 {site_dir}")
        return 2
    if args.json:
        site = load_site(settings)
        attach_history(site, read_history(settings.root))
        hits = scan_site(site_dir, collect_fingerprints(site, engine_dirs(settings)))
        print(hits_as_json(hits))
        return 1 if hits else 0
    return check_site(settings, site_dir)


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a temporary folder, check it, and swap it in only on success."""
    _apply_today(args)
    target = Path(args.site_dir) if args.site_dir else None
    return build_site(
        _settings(),
        target,
        strict=args.strict,
        allow_shallow=args.allow_shallow,
        use_cache=not args.no_cache,
    )


AUDIT_SECTIONS = (
    "attributes",
    "timeliness",
    "reviews",
    "changes",
    "catalogs",
    "coverage",
    "reports",
    "requests",
    "villages",
    "participation",
    "freshness",
    "newmedia",
    "scorecard",
)


def cmd_audit(args: argparse.Namespace) -> int:
    """Reports for auditors and the office; exit 0 once produced, unless --fail-on-findings."""
    from disclosure_portal.project import load_site
    from disclosure_portal.read.builddate import build_date
    from disclosure_portal.read.history import History, read_history
    from disclosure_portal.report import (
        audit,
        coverage,
        freshness,
        newmedia,
        participation,
        registers,
        scorecard,
        villages,
    )

    today, why = build_date(args.today)
    if why:
        print(why, file=sys.stderr)
        return 2
    settings = _settings()
    site = load_site(settings, today)
    if site.errors:
        print_problems(site, quiet_warnings=True)
        print("内容有错误，请先修正（portal validate）。")
        return 1
    wanted = [args.section] if args.section else list(AUDIT_SECTIONS)
    history = (
        read_history(settings.root)
        if set(wanted) & {"attributes", "timeliness", "changes", "catalogs", "scorecard"}
        else History()
    )
    margin = settings.backdate_margin_days
    sections: dict[str, list[audit.Finding]] = {}
    if "attributes" in wanted:
        sections["attributes"] = audit.attribute_history(site, history)
    if "timeliness" in wanted:
        sections["timeliness"] = audit.timeliness(site, history, margin)
    if "reviews" in wanted:
        sections["reviews"] = audit.reviews(site, today)
    if "changes" in wanted:
        sections["changes"] = audit.unannounced_changes(site, history)
    if "catalogs" in wanted:
        catalog_revisions = [
            r for path, revs in history.files.items() if path.startswith("catalogs/") for r in revs
        ]
        first = min(catalog_revisions, key=lambda r: r.date).commit if catalog_revisions else ""
        since = args.since or first
        sections["catalogs"] = (
            audit.catalog_changes(site, since) if since and history.available else []
        )
    if "reports" in wanted:
        sections["reports"] = registers.reports(site)
    if "requests" in wanted:
        sections["requests"] = registers.requests(site, today)
    if "villages" in wanted:
        sections["villages"] = villages.villages(site, today)
    if "newmedia" in wanted:
        sections["newmedia"] = newmedia.newmedia(site, today)
    if "participation" in wanted:
        sections["participation"] = participation.participation(site, today)
    if "freshness" in wanted:
        sections["freshness"] = freshness.freshness(site, today)
    report = coverage.compute(site) if "coverage" in wanted else None
    card = scorecard.scorecard(site, history, today) if "scorecard" in wanted else None
    if wanted == ["scorecard"] and card is not None:  # figures, not findings
        if args.csv:
            sys.stdout.write(scorecard.as_csv(card))
        elif args.json:
            print(json.dumps({"scorecard": card}, ensure_ascii=False, indent=2))
        else:
            print(scorecard.render_text(card), end="")
        return 0
    findings = [
        f
        for items in sections.values()
        for f in items
        if f.data.get("kind") not in ("legacy", "note", "estimate") and villages.has_gaps(f)
    ]
    if args.json:
        data: dict[str, object] = {
            "note": audit.HEADER,
            "history": history.note or "完整",
            **{k: [f.as_dict() for f in v] for k, v in sections.items()},
        }
        if report is not None:
            data["coverage"] = report.as_dict()
        if card is not None:
            data["scorecard"] = card
        if wanted == ["coverage"] and report is not None:
            data = report.as_dict()  # `portal audit coverage --json`: the coverage report itself
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["section", "id", "path", "message"])
        for f in (f for items in sections.values() for f in items):
            writer.writerow([f.section, f.id, f.path, f.message])
        if report is not None:
            for late in report.late:
                writer.writerow(
                    [
                        "coverage",
                        late["id"],
                        late["path"],
                        f"超过公开时限 {late['workdays']} 个工作日",
                    ]
                )
    else:
        if sections:
            print(audit.render_text(sections, history), end="")
        if report is not None:
            print(coverage.render_text(report), end="")
        if card is not None:
            print(scorecard.render_text(card), end="")
    gaps = report is not None and (report.gaps or report.late)
    if args.fail_on_findings and (findings or gaps):
        return 3
    return 0


def cmd_requests(args: argparse.Namespace) -> int:
    """`portal requests`: the 依申请公开 register rows and their reply deadlines (for the office,
    never for the site). 0 once produced; 1 when the registers have errors (printed); 2 for a
    malformed --today; 3 with --fail-on-overdue when an open row is overdue."""
    from disclosure_portal.model.problems import Collector
    from disclosure_portal.model.vocab import REQUESTS_DIR
    from disclosure_portal.project import catalogs_rel
    from disclosure_portal.read.builddate import build_date
    from disclosure_portal.read.catalogs import load_registry
    from disclosure_portal.read.requests import load_requests
    from disclosure_portal.report import requests as request_report

    today, why = build_date(args.today)
    if why:
        print(why, file=sys.stderr)
        return 2
    settings = _settings()
    problems = Collector()
    registry = load_registry(settings.catalogs_dir, settings.root, problems, settings.extra_types)
    rel_dir = catalogs_rel(settings)
    registers = load_requests(settings.catalogs_dir, rel_dir, registry.orgs, problems, today)
    errors = [p for p in problems.errors if p.path.startswith(f"{rel_dir}/{REQUESTS_DIR}/")]
    if errors:
        print(f"依申请公开登记有错误（{len(errors)} 个，必须修正）：")
        for problem in errors:
            print(f"  {problem}")
        return 1
    if args.org and args.org not in registry.orgs:
        print(f"机构“{args.org}”不在 catalogs/orgs.yml 中", file=sys.stderr)
        return 2
    rows = request_report.select(
        registers.requests, today, org=args.org, year=args.year, open_only=args.open
    )
    if args.json:
        text = json.dumps(request_report.as_json(rows, today), ensure_ascii=False, indent=2)
        if args.json == "-":
            print(text)
        else:
            Path(args.json).write_text(text + "\n", encoding="utf-8")
    else:
        print(request_report.render_text(rows, today), end="")
    if args.fail_on_overdue and any(row.overdue for row in rows):
        return 3
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """`portal new`: create a document with its type's fields; 1 if it cannot be created."""
    from disclosure_portal.newdoc import NewDocumentError, create_document

    settings = _settings()
    try:
        path = create_document(
            settings, org_id=args.org, doc_type=args.type, title=args.title, slug=args.slug
        )
    except NewDocumentError as exc:
        print(f"无法新建文件：{exc}")
        return 1
    print(f"已新建：{path.relative_to(settings.root).as_posix()}")
    print("请填写公开属性（attribute）和目录事项（catalog），补全正文后运行 portal validate。")
    return 0


def cmd_cms(args: argparse.Namespace) -> int:
    """`portal cms DIR`: write the editors' app into DIR (see cms/)."""
    from disclosure_portal.cms.app import app_files, decap_version, write_app
    from disclosure_portal.model.problems import Collector
    from disclosure_portal.read.catalogs import load_registry

    settings = _settings()
    bad = [p for p in settings.problems if p.is_error and p.key.startswith("extra.portal.cms")]
    if bad:
        for problem in bad:
            print(f"  {CONFIG}:{problem.key}: {problem.message}")
        print(f"{CONFIG} 中编辑应用的设置有错误，未生成编辑应用。")
        return 1
    target = Path(args.dir).resolve()
    for folder in (settings.docs_dir, settings.catalogs_dir):
        if target == folder or folder in target.parents:
            print(
                f"不能把编辑应用写在 {folder.relative_to(settings.root).as_posix()}/ 里：请换一个目录。"
            )
            return 1
    problems = Collector()
    registry = load_registry(settings.catalogs_dir, settings.root, problems, settings.extra_types)
    write_app(target, app_files(settings, registry, local=args.local))
    print(f"编辑应用已写入：{target}（Decap CMS {decap_version()}）")
    if problems.errors:
        print(
            f"注意：catalogs/ 有 {len(problems.errors)} 个错误，机构和目录事项的选项可能不全（portal validate 查看）。"
        )
    if args.local:
        print("本机模式：在仓库根目录另开一个窗口运行 npx decap-server，再用浏览器打开编辑应用；")
        print(
            "例如：cd 到编辑应用目录，运行 python3 -m http.server 8080，打开 http://localhost:8080/ 。"
        )
    elif not settings.cms.get("repo"):
        print(
            f"还没有设置 {CONFIG} 的 extra.portal.cms.repo（以及 base_url、app_id）：编辑应用无法登录 git 平台；"
            "在本机试用请加 --local。"
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """`portal serve`: the editors' preview (see serve.py)."""
    from disclosure_portal.serve import serve

    return serve(Path.cwd(), args.address)


SKELETON = Path(__file__).resolve().parent / "skeleton"
# names a package cannot carry as they are (setuptools leaves dot files out of some builds)
RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}


def cmd_init(args: argparse.Namespace) -> int:
    """`portal init DIR`: a new content repository that builds at once with the installed
    generator: mkdocs.yml, the hook file, catalogs (26 domains and the statutory catalog), one
    example document per type, the editors' manual, CI templates and a pre-commit configuration."""
    target = Path(args.dir).resolve()
    if target.exists() and any(target.iterdir()):
        print(f"目录 {target} 不是空的：portal init 只在新目录或空目录中创建内容仓库。")
        return 1
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        rel = source.relative_to(SKELETON)
        rel = rel.with_name(RENAMED.get(rel.name, rel.name)) if rel.parent == Path(".") else rel
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target / rel)
    print(f"已创建内容仓库：{target}")
    print(
        "下一步：cd 进入该目录，git init 并提交；按本区实际修改 mkdocs.yml、catalogs/orgs.yml 和示例文件；"
    )
    print("运行 portal validate 检查，portal build 生成网站。编辑手册见 docs/编辑手册.md。")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """`portal verify SITE`: the site (a folder or a URL) against its signed manifest; 0 when
    everything matches, 1 on any finding, 2 when it cannot be checked at all."""
    from disclosure_portal.verify import integrity

    try:
        source = integrity.source_for(args.site)
        key_text, key_label = None, ""
        if args.key:
            try:
                key_text = Path(args.key).read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                why = exc.strerror or exc
                raise integrity.IntegrityError(f"无法读取公钥文件 {args.key}：{why}") from None
            integrity.parse_public_key(key_text)
            key_label = f"用 --key 指定的公钥 {args.key}"
        report = integrity.verify(source, key_text, key_label)
    except integrity.IntegrityError as exc:
        print(f"无法核验：{exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.text(), end="")
    return 1 if report.findings else 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    """`portal upgrade`: the files `portal init` generated, brought to the installed version."""
    from disclosure_portal import upgrade

    return upgrade.upgrade(Path.cwd(), SKELETON, RENAMED, dry_run=args.dry_run)


class _VersionAction(argparse.Action):
    """`portal --version`, as argparse's own action prints it, the version looked up only when
    asked for (the package metadata is not read on every command)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, **kwargs
        )

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from disclosure_portal.version import generator_version

        print(f"{parser.prog} {generator_version()}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The `portal` argument parser: each subcommand sets `func`, called with the parsed args."""
    p = ChineseArgumentParser(prog="portal", description="政府信息公开平台：校验、构建与新建内容")
    p.add_argument("--version", action=_VersionAction, help=VERSION_HELP)
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="校验全部内容，不构建网站")
    v.add_argument("--json", metavar="文件", help="把错误和警告写成 JSON（“-” 表示输出到屏幕）")
    v.add_argument("--today", help="构建日期 YYYY-MM-DD（默认 PORTAL_TODAY，否则中国的今天）")
    v.add_argument(
        "--format",
        choices=("text", "gitlab", "github"),
        default="text",
        help="输出格式：text 文字（默认）；gitlab 代码质量报告 JSON（写到屏幕，由 CI 重定向到文件）；"
        "github 工作流注释（::error file=…,line=…::…）",
    )
    v.set_defaults(func=cmd_validate)
    b = sub.add_parser("build", help="构建网站：先构建到临时目录，检查通过后再替换")
    b.add_argument("--site-dir", help="输出目录（默认 mkdocs.yml 的 site_dir）")
    b.add_argument("--strict", action="store_true", help="警告也视为失败")
    b.add_argument("--today", help="构建日期 YYYY-MM-DD：定时发布的文件到这一天才发布")
    b.add_argument(
        "--allow-shallow",
        action="store_true",
        help="允许在浅克隆中构建（修订记录不完整，仅供预览）",
    )
    b.add_argument(
        "--no-cache",
        action="store_true",
        help="不使用构建缓存（.portal-cache/）：从头构建，不读也不写缓存；结果与使用缓存时逐字节相同",
    )
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check-site", help="检查已构建的网站目录中有无非公开内容")
    c.add_argument("dir", help="网站目录，例如 site")
    c.add_argument("--json", action="store_true", help="以 JSON 输出发现的问题")
    c.set_defaults(func=cmd_check_site)
    a = sub.add_parser(
        "audit", help="给审计和工作机构的检查报告（可能包含非公开文件的信息，不发布）"
    )
    a.add_argument(
        "section",
        nargs="?",
        choices=AUDIT_SECTIONS,
        metavar="部分",
        help="只看一部分：attributes 公开属性变更，timeliness 公开时效，reviews 年度评估，"
        "changes 修改而无修订说明，catalogs 目录变更，coverage 目录覆盖，reports 年度报告和政府网站工作年度报表，"
        "requests 依申请公开办理期限，villages 村（居）务公开缺期，participation 征求意见，freshness 更新及时性，newmedia 政务新媒体；不写则全部",
    )
    form = a.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="以 JSON 输出")
    form.add_argument("--csv", action="store_true", help="以 CSV 输出")
    a.add_argument(
        "--since", help="目录变更的比较起点：提交或日期（YYYY-MM-DD），默认 git 记录的开始"
    )
    a.add_argument(
        "--today", help="判断日期所用的“今天”，YYYY-MM-DD（默认 PORTAL_TODAY，否则北京时间今天）"
    )
    a.add_argument(
        "--fail-on-findings",
        "--fail-on-gaps",
        dest="fail_on_findings",
        action="store_true",
        help="有发现时以非零状态退出（供 CI 使用）",
    )
    a.set_defaults(func=cmd_audit)
    i = sub.add_parser("init", help="新建一个内容仓库（配置、目录、示例文件、编辑手册、CI 模板）")
    i.add_argument("dir", help="新仓库的目录（不存在或为空）")
    i.set_defaults(func=cmd_init)
    n = sub.add_parser("new", help="新建一个文件，预先写好该类别需要的全部字段")
    n.add_argument("--org", required=True, help="公开主体标识（catalogs/orgs.yml 中的 id）")
    n.add_argument("--type", required=True, help="信息类别，例如 政策文件、通知公告")
    n.add_argument("--title", default="", help="标题")
    n.add_argument("--slug", default="", help="文件名（不含 .md），默认按日期生成")
    n.set_defaults(func=cmd_new)
    q = sub.add_parser("requests", help="依申请公开登记的办理期限（给工作机构，不发布）")
    q.add_argument("--org", help="只看一个机构（catalogs/orgs.yml 中的 id）")
    q.add_argument("--year", type=int, help="只看一个登记文件的年份 YYYY")
    q.add_argument("--open", action="store_true", help="只看未答复的申请")
    q.add_argument("--today", help="计算所用的日期 YYYY-MM-DD（默认 PORTAL_TODAY，否则中国的今天）")
    q.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="文件",
        help="以 JSON 输出（不写或写“-”表示输出到屏幕）",
    )
    q.add_argument(
        "--fail-on-overdue", action="store_true", help="有未办结且已逾期的申请时以状态 3 退出"
    )
    q.set_defaults(func=cmd_requests)
    m = sub.add_parser("cms", help="生成编辑应用（表单式编辑器，基于 git 平台的合并请求先审后发）")
    m.add_argument("dir", help="写入编辑应用的目录")
    m.add_argument(
        "--local",
        action="store_true",
        help="本机模式：配合在仓库中运行的 npx decap-server，直接读写本机的文件（没有审核流程）",
    )
    m.set_defaults(func=cmd_cms)
    s = sub.add_parser(
        "serve", help="编辑预览：修改后自动重新生成；内容有错误时每个网址都显示错误列表"
    )
    s.add_argument(
        "-a",
        "--address",
        default=DEFAULT_ADDRESS,
        metavar="地址:端口",
        help=f"预览的地址和端口（默认 {DEFAULT_ADDRESS}，只有本机能访问）",
    )
    s.set_defaults(func=cmd_serve)
    u = sub.add_parser(
        "upgrade",
        help="把 portal init 生成的文件（钩子、编辑手册、CI 模板、pre-commit 配置）更新到已安装的版本",
    )
    u.add_argument("--dry-run", action="store_true", help="只列出将要更新的文件，不写入")
    u.set_defaults(func=cmd_upgrade)
    f = sub.add_parser("verify", help="核验网站（目录或网址）与签名清单是否一致（防篡改）")
    f.add_argument("site", help="网站目录（如 site）或网址（如 https://xxgk.example.gov.cn/）")
    f.add_argument("--key", help="本单位保存的签名公钥文件（.pub）；不写则使用网站自己公布的公钥")
    f.add_argument("--json", action="store_true", help="以 JSON 输出核验结果")
    f.set_defaults(func=cmd_verify)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run `portal` with `argv` (default: the command line); returns the exit status."""
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
