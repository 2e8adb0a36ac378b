"""Shared test helpers: fixture projects written to disk, sample catalogs, the independent
decoder of the leak tests, subprocess environments and git scripting. Fixtures are in conftest.py."""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import unquote

import forkrun
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
# A hang guard, not a measure of speed (speed and memory are the benchmark's, scripts/bench.py,
# and no test asserts them): a test whose input is built to expand, nest or backtrack asserts
# only that the work ended within HANG_SECONDS. Such inputs are sized so that a super-linear
# path would take hours on them, while the linear one takes well under a second, so the bound
# neither passes a blow-up nor fails a run on a busy machine.
HANG_SECONDS = 60
for _path in (ROOT / "src", ROOT / "scripts"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def engine() -> str:
    """The engine the tests run as `mkdocs build`/`serve`: MkDocs unless PORTAL_ENGINE names
    another (the leak tests with the build cache, and the document and error builds once more,
    run with PORTAL_ENGINE=properdocs: tests/leak/conftest.py, tests/build/conftest.py);
    `portal build` picks its engine itself (ProperDocs when installed, or PORTAL_ENGINE)."""
    return os.environ.get("PORTAL_ENGINE") or "mkdocs"


ORGS = """\
- id: qzfb
  name: 测试区人民政府办公室
  kind: 区政府部门
  code: 11500299009134283G
  office:
    name: 测试区人民政府办公室政务公开科
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65120001"
- id: mzj
  name: 测试区民政局
  kind: 区政府部门
  code: 11500299009134523B
  domains: [shjz]
  office:
    name: 民政局办公室
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65120102"
- id: qsz
  name: 测试区青石镇人民政府
  kind: 乡镇
  code: 115002990091351630
  office:
    name: 青石镇党政办公室
    address: 测试区政务路1号
    hours: 工作日9:00—17:00
    phone: "023-65210001"
- id: tyc
  name: 青石镇桃源村村民委员会
  kind: 村（居）委员会
  parent: qsz
  code: 54500299307158429W
"""

DOMAINS = """\
- code: shjz
  name: 社会救助
- code: fdzdgk
  name: 法定主动公开内容
  statutory: true
"""

CATALOG_SHJZ = """\
code: shjz
name: 社会救助
guideline: 示例市社会救助领域基层政务公开标准指引
status: 已审核
reviewed_on: 2025-01-10
reviewed_by: 测试区政务公开办
items:
  - id: shjz-01
    level1: 综合业务
    level2: 政策法规文件
    content: 社会救助政策文件
    basis: 《社会救助暂行办法》
    deadline: 制定或获取信息之日起10个工作日内
    deadline_days: 10
    subject: 区民政局
    channels: [政府网站, 公开查阅点]
    audience: 全社会
    mode: 主动
    levels: [区县级, 乡镇级]
"""

CATALOG_FDZDGK = """\
code: fdzdgk
name: 法定主动公开内容
guideline: 《中华人民共和国政府信息公开条例》第二十条
status: 已审核
reviewed_on: 2025-01-10
reviewed_by: 测试区政务公开办
items:
  - id: fdzdgk-01
    level1: 政策文件
    level2: 行政规范性文件
    content: 规范性文件
    basis: 《中华人民共和国政府信息公开条例》第二十条第一项
    deadline: 信息形成或者变更之日起20个工作日内
    deadline_days: 20
    subject: 各单位
    channels: [政府网站]
    audience: 全社会
    mode: 主动
    levels: [区县级, 乡镇级]
  - id: fdzdgk-02
    level1: 工作信息
    level2: 通知公告
    content: 通知公告
    basis: 《中华人民共和国政府信息公开条例》第二十条
    deadline: 信息形成或者变更之日起20个工作日内
    subject: 各单位
    channels: [政府网站]
    audience: 全社会
    mode: 主动
    levels: [区县级, 乡镇级]
"""


def doc(front: dict | str, body: str = "正文。") -> str:
    """A Markdown document; `front` as a mapping is dumped as YAML, as text taken verbatim."""
    if isinstance(front, dict):
        front = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{textwrap.dedent(front).strip()}\n---\n{textwrap.dedent(body)}"


def public_notice(title: str = "关于开展社会救助政策宣传月活动的通知", **extra) -> str:
    body = "为做好社会救助政策宣传工作，现将有关事项通知如下。"
    return notice_with(body, title, **{"published": "2025-03-03", **extra})


def meeting_minutes(body: str, written: str | None = "2025-03-20", **extra) -> str:
    """A withheld (不予公开) 会议纪要 of the civil affairs bureau with `body` (`written` None: no
    date written): the withheld document the tests of copies quote from."""
    front = {
        "title": "区民政局2025年第3次局长办公会议纪要",
        "attribute": "不予公开",
        "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "written": written,
        **extra,
    }
    if written is None:
        del front["written"]
    return doc(front, body + "\n")


def notice_with(body: str, title: str = "关于做好2025年重点民生工作的通知", **extra) -> str:
    """A public (主动公开) notice of the civil affairs bureau published 2025-04-01, with `body`."""
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-04-01",
        **extra,
    }
    return doc(front, body + "\n")


BASE_FILES = {
    "catalogs/orgs.yml": ORGS,
    "catalogs/domains.yml": DOMAINS,
    "catalogs/shjz.yml": CATALOG_SHJZ,
    "catalogs/fdzdgk.yml": CATALOG_FDZDGK,
    "content/index.md": doc(
        {"title": "测试区政府信息公开平台", "attribute": "主动公开", "type": "页面"}, "欢迎访问。\n"
    ),
    "content/mzj/2025/notice.md": public_notice(),
}


def mkdocs_yml() -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "portal.py")]
    config["site_name"] = "测试区政府信息公开平台"
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


class Project:
    """A portal project in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, files: dict[str, str | bytes]) -> Project:
        for rel, content in files.items():
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return self

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    @property
    def site(self) -> Path:
        return self.root / "site"

    def load(self):
        from disclosure_portal.project import load_site
        from disclosure_portal.read.settings import load_settings

        return load_site(load_settings(self.root))

    def portal(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        """`python -m disclosure_portal.cli ARGS…` here (forked ahead: tests/forkrun.py)."""
        result = forkrun.run("disclosure_portal.cli", list(args), self.root, portal_env())
        if check:
            result.check_returncode()
        return result

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess:
        """`python -m ENGINE ARGS…` here, the engine the tests run (`engine()`)."""
        return forkrun.run(engine(), list(args), self.root, portal_env())


def built_demo(tmp_path_factory) -> Path:
    """The demo portal (content/, catalogs/, mkdocs.yml of the repository) as `portal build
    --allow-shallow` builds it on the day of the run, with the `portal` command installed: built
    once for the whole session. The test workers of one session share it: the first that needs
    it builds it while holding a lock, the others wait for the lock and read what it built (a
    failed build is built again by the next, and fails its tests too). Read it, do not change it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the session's
    folder = shared / "demo-portal"
    with open(shared / "demo-portal.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (folder / "built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            env = {k: v for k, v in os.environ.items() if k != "PORTAL_TODAY"}  # as a district
            result = subprocess.run(
                [
                    str(Path(sys.executable).with_name("portal")),
                    "build",
                    "--site-dir",
                    str(folder / "site"),
                    "--allow-shallow",
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
            (folder / "built").write_text("", encoding="utf-8")
    return folder / "site"


def portal_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


# --- validation --------------------------------------------------------------------------------


def problems_of(project, files: dict[str, str]):
    project.write(files)
    site = project.load()
    return site, [str(p) for p in site.errors], [str(p) for p in site.warnings]


def assert_reported(messages: list[str], path: str, key: str) -> str:
    prefix = f"{path}:{key}:"
    found = [m for m in messages if m.startswith(prefix)]
    assert found, f"no problem on {prefix} in {messages}"
    return found[0]


# --- a policy and its interpretation ------------------------------------------------------------

POLICY_PATH = "content/mzj/2025/policy.md"
INTERP_PATH = "content/mzj/2025/interp.md"


def linshi_policy(**extra) -> str:
    front = {
        "title": "溪山区临时救助实施细则",
        "id": "p-linshi",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": "溪山民发〔2025〕13号",
        "written": "2025-06-10",
        "published": "2025-06-16",
        "category": "其他文件",
        **extra,
    }
    return doc(
        {k: v for k, v in front.items() if v is not None}, "第一条　为规范临时救助，制定本细则。\n"
    )


def linshi_interpretation(**extra) -> str:
    front = {
        "title": "《溪山区临时救助实施细则》解读",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策解读",
        "catalog": "shjz-01",
        "interprets": "p-linshi",
        "form": "文字解读",
        "published": "2025-06-17",
        **extra,
    }
    return doc({k: v for k, v in front.items() if v is not None}, "一、出台背景。\n")


# --- built sites --------------------------------------------------------------------------------


PDF = b"%PDF-1.4\n% public attachment of the policy, ZQXPUBLICPDF\n" + b"0" * 200 + b"\n%%EOF\n"


POLICY = doc(
    {
        "title": "溪山区最低生活保障实施办法",
        "id": "mzj-dibao",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": "溪山民发〔2025〕3号",
        "index_no": "11500299009134523B/2025-00003",
        "written": "2025-02-20",
        "published": "2025-02-25",
        "topic": "民政、扶贫、救灾",
        "genre": "通知",
        "category": "其他文件",
        "summary": "规定最低生活保障的对象、标准和程序。",
        "attachments": ["files/dibao-biaozhun.pdf"],
        "interpretation_exempt": "测试",
    },
    "第一条　为保障城乡困难群众基本生活，制定本办法。\n\n　　（此件公开发布）\n",
)


OLD_POLICY = doc(
    {
        "title": "溪山区最低生活保障暂行办法",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": "溪山民发〔2020〕9号",
        "written": "2020-02-20",
        "published": "2020-02-25",
        "validity": "废止",
        "abolished": "2025-02-25",
        "replaced_by": "mzj-dibao",
        "interpretation_exempt": "测试",
    },
    "旧办法正文。\n",
)


def built(project, files=None):
    project.write(files or {})
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project.site


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


YLFW = """\
code: ylfw
name: 养老服务
guideline: 示例市养老服务领域基层政务公开标准指引
status: 已送审
items:
  - id: ylfw-01
    level1: 养老机构
    level2: QXUNREVIEWED备案信息
    content: QXUNREVIEWED养老机构备案的内部草稿内容
    basis: 《养老机构管理办法》
    deadline: 信息形成之日起20个工作日内
    deadline_days: 20
    subject: 区民政局
    channels: [政府网站]
    audience: 全社会
    mode: 主动
    levels: [区县级]
"""


def with_ylfw(project):
    domains = (project.root / "catalogs/domains.yml").read_text(encoding="utf-8")
    project.write(
        {
            "catalogs/domains.yml": domains + "- code: ylfw\n  name: 养老服务\n",
            "catalogs/ylfw.yml": YLFW,
        }
    )


# --- leak tests: planted markers and an independent decoder ------------------------------------------------------------

MARKERS = {
    "title": "QXTITLE机密标题甲",
    "doc_number": "溪山民发〔2025〕QXDOCNO号",
    "index_no": "11500299009134523B/2025-77777",
    "id": "qx-secret-id",
    "summary": "QXSUMMARY内部概述乙",
    "attribute_basis": "QXBASIS《条例》第十六条",
    "topic": "QXTOPIC内部主题",
    "issuer": "QXISSUER内部发文机关",
    "body": "QXBODY这是一段只在不予公开文件正文中出现的句子",
    "note": "QXNOTE维持不公开的理由",
    "file": "qxsecretfile",
    "attachment": "qxsecretattach",
    "attachment_body": "QXATTACHBODY附件里的内部数据",
    "request_title": "QXREQUEST依申请公开的标题丙",
    "request_body": "QXREQBODY依申请公开文件的正文内容",
    "broken_title": "QXBROKEN格式错误文件的标题",
    "exempt": "QXEXEMPT不需解读的内部理由",
    "drafter_note": "QXWRITTENBY内部起草说明",
    "withheld_interpretation": "QXINTERP内部解读标题丁",
}


def secret_files() -> dict[str, str | bytes]:
    withheld = doc(
        {
            "title": MARKERS["title"],
            "id": MARKERS["id"],
            "attribute": "不予公开",
            "attribute_basis": MARKERS["attribute_basis"],
            "org": "mzj",
            "type": "政策文件",
            "catalog": "shjz-01",
            "doc_number": MARKERS["doc_number"],
            "index_no": MARKERS["index_no"],
            "written": "2025-03-01",
            "topic": MARKERS["topic"],
            "issuer": MARKERS["issuer"],
            "summary": MARKERS["summary"],
            "attachments": [f"files/{MARKERS['attachment']}.csv"],
            "reviews": [{"date": "2025-12-01", "result": "维持不公开", "note": MARKERS["note"]}],
            "interpretation_exempt": MARKERS["exempt"],
        },
        f"{MARKERS['body']}。\n\n## {MARKERS['drafter_note']}\n\n（此件不予公开）\n",
    )
    on_request = doc(
        {
            "title": MARKERS["request_title"],
            "attribute": "依申请公开",
            "attribute_basis": "第十六条",
            "org": "qsz",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "attachments": ["shared.pdf"],
        },
        f"{MARKERS['request_body']}。\n",
    )
    return {
        f"content/mzj/2025/{MARKERS['file']}.md": withheld,
        f"content/mzj/2025/files/{MARKERS['attachment']}.csv": f"项目,金额\n{MARKERS['attachment_body']},1\n",
        "content/qsz/2025/request.md": on_request,
        # an attachment a public document also uses is public, not a fingerprint
        "content/qsz/2025/shared.pdf": b"%PDF-1.4\nshared attachment\n" + b"1" * 100,
        "content/qsz/2025/public.md": public_notice(
            title="青石镇公开通知", org="qsz", attachments=["shared.pdf"]
        ),
        # a public policy with a public and a withheld interpretation: the policy page, the 政策解读
        # column and its form and organisation pages must show only the public one
        "content/qsz/2025/pp.md": doc(
            {
                "title": "青石镇公开政策",
                "id": "qsz-pp",
                "attribute": "主动公开",
                "org": "qsz",
                "type": "政策文件",
                "catalog": "shjz-01",
                "written": "2025-03-01",
                "published": "2025-03-03",
            },
            "政策正文。\n",
        ),
        "content/qsz/2025/pi.md": doc(
            {
                "title": "青石镇公开政策解读",
                "attribute": "主动公开",
                "org": "qsz",
                "type": "政策解读",
                "catalog": "shjz-01",
                "interprets": "qsz-pp",
                "form": "简明问答",
                "published": "2025-03-04",
            },
            "解读正文。\n",
        ),
        "content/qsz/2025/wi.md": doc(
            {
                "title": MARKERS["withheld_interpretation"],
                "attribute": "依申请公开",
                "attribute_basis": "第十六条",
                "org": "qsz",
                "type": "政策解读",
                "catalog": "shjz-01",
                "interprets": "qsz-pp",
                "form": "图表图解",
            },
            "内部解读正文。\n",
        ),
    }


def secret(title: str = "QXSECRET秘密救助对象名单请示", **extra) -> str:
    front = {
        "title": title,
        "attribute": "依申请公开",
        "attribute_basis": "第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    return doc(front, "QXSECRETBODY这是不公开的正文内容。\n")


ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _json_strings(k) + _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def readable_forms(name: str, data: bytes) -> str:
    """All decoded forms of one output file, joined; zero-width characters removed."""
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    data = data.removeprefix(b"pagefind_dcd")  # Pagefind's fragment and index files
    text = data.decode("utf-8", errors="ignore")
    forms = [
        name,
        unquote(name),
        text,
        html.unescape(text),
        unquote(text),
        unquote(html.unescape(text)),
    ]
    if name.endswith((".json", ".json.gz")) or text.lstrip().startswith(("{", "[")):
        with contextlib.suppress(ValueError):
            forms += _json_strings(json.loads(text))
    forms = list(dict.fromkeys(forms))  # each distinct form once (most are the text itself)
    forms += [html.unescape(f) for f in forms]
    joined = "\n".join(dict.fromkeys(forms))
    return ZERO_WIDTH.sub("", joined)


# (name, SHA-256 of the bytes, markers) -> the markers found in that file: the theme's and
# Pagefind's assets, megabytes each, are the same bytes under the same names in every build
_MARKERS_FOUND: dict[tuple[str, bytes, tuple[str, ...]], list[str]] = {}


def find_markers(site_dir: Path, markers: list[str]) -> list[tuple[str, str]]:
    """Every (file, marker) of `site_dir` where a marker is in one of the file's readable forms,
    or in them with all whitespace taken out."""
    wanted = tuple(markers)
    found = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site_dir).as_posix()
        data = path.read_bytes()
        key = (rel, hashlib.sha256(data).digest(), wanted)
        if key not in _MARKERS_FOUND:
            text = readable_forms(rel, data)
            squeezed = "".join(text.split())  # what re.sub(r"\s+", "", text) gives, faster
            _MARKERS_FOUND[key] = [m for m in wanted if m in text or m in squeezed]
        found += [(rel, marker) for marker in _MARKERS_FOUND[key]]
    return found


# --- git history --------------------------------------------------------------------------------

HISTORY_A = "content/mzj/2025/a.md"

HISTORY_W = "content/mzj/2025/w.md"

HISTORY_L = "content/mzj/2025/late.md"

HISTORY_B = "content/mzj/2025/back.md"

HISTORY_R = "content/mzj/2025/review.md"


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="编辑甲",
        GIT_AUTHOR_EMAIL="editor@example.gov.cn",
        GIT_COMMITTER_NAME="编辑甲",
        GIT_COMMITTER_EMAIL="editor@example.gov.cn",
    )
    if date:
        env |= {
            "GIT_AUTHOR_DATE": f"{date}T10:00:00+08:00",
            "GIT_COMMITTER_DATE": f"{date}T10:00:00+08:00",
        }
    return subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True
    ).stdout


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` (path relative to `folder` -> bytes) under `folder`, folders made."""
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)


def commit(project, files: dict[str, str], message: str, date: str) -> None:
    project.write(files)
    git(project.root, "add", "-A")
    git(project.root, "commit", "-q", "-m", message, date=date)


def history_notice(title: str, **extra) -> str:
    return public_notice(title=title, **extra)


def history_withheld(title: str, **extra) -> str:
    front = {
        "title": title,
        "attribute": "依申请公开",
        "attribute_basis": "第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        **extra,
    }
    return doc(front, "内部。\n")


def make_history_repo(project: Project) -> Project:
    """Scripted commits with fixed dates: drafts, a withdrawal, late and backdated publication."""
    root = project.root
    git(root, "init", "-q", "-b", "main")
    commit(project, {}, "建立门户", "2025-03-03")
    commit(
        project,
        {HISTORY_A: history_withheld("QXDRAFT内部阶段的标题")},
        "QXMSG内部起草阶段的提交说明",
        "2025-03-04",
    )
    commit(
        project,
        {HISTORY_A: history_notice("公开后的通知甲", published="2025-03-10")},
        "发布通知甲",
        "2025-03-10",
    )
    commit(
        project,
        {HISTORY_W: history_notice("将被撤回的通知", published="2025-03-12")},
        "发布通知乙",
        "2025-03-12",
    )
    commit(project, {HISTORY_W: history_withheld("将被撤回的通知")}, "撤回通知乙", "2025-04-01")
    commit(
        project,
        {HISTORY_L: history_notice("迟发的通知", written="2025-02-03", published="2025-04-02")},
        "发布迟发通知",
        "2025-04-02",
    )
    commit(
        project,
        {HISTORY_B: history_notice("倒签的通知", published="2025-03-20")},
        "发布倒签通知",
        "2025-04-03",
    )
    commit(
        project,
        {
            HISTORY_R: history_withheld(
                "年度评估过期的文件", reviews=[{"date": "2024-03-01", "result": "维持不公开"}]
            ),
            "content/mzj/2025/noreview.md": history_withheld("没有年度评估的文件"),
        },
        "内部文件",
        "2025-04-04",
    )
    shjz = (root / "catalogs/shjz.yml").read_text(encoding="utf-8")
    commit(
        project,
        {
            "catalogs/shjz.yml": shjz.replace(
                "content: 社会救助政策文件", "content: 社会救助政策文件及解读材料"
            )
        },
        "修订社会救助目录",
        "2025-04-05",
    )
    return project


# --- what an editor reads -------------------------------------------------------------------------

# English an editor would read: three English words in a row, once paths, URLs, file names and
# quoted values are set aside (single words such as Pagefind or manifest.json are names)
_NAMES = re.compile(r"\S*[/\\.:=]\S*|`[^`]*`|“[^”]*”")
_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[\s,'\-]+[A-Za-z]{2,}){2,}")


def english_boilerplate(output: str) -> list[str]:
    """The lines of `output` that carry English sentences."""
    return [line for line in output.splitlines() if _ENGLISH.search(_NAMES.sub(" ", line))]


def spread_counts(monkeypatch, module) -> list[int]:
    """Record how many items each call of `module`'s fork_map got (the work forkmap spreads
    over both cores), calling the real one; the list of counts, filled as it runs."""
    from disclosure_portal import forkmap

    counts: list[int] = []

    def spy(func, items, **kwargs):
        items = list(items)
        counts.append(len(items))
        return forkmap.fork_map(func, items, **kwargs)

    monkeypatch.setattr(module, "fork_map", spy)
    return counts


def problems_both_ways(monkeypatch, project, files: dict[str, str], spread: list[int]):
    """`problems_of` with the copies off (PORTAL_PARALLEL=0), then on, `spread` (from
    `spread_counts`) cleared in between so that it holds the second run's calls; both runs'
    (errors, warnings), which the caller compares."""
    monkeypatch.setenv("PORTAL_PARALLEL", "0")
    _, one_errors, one_warnings = problems_of(project, files)
    monkeypatch.setenv("PORTAL_PARALLEL", "1")
    spread.clear()
    _, both_errors, both_warnings = problems_of(project, files)
    return (one_errors, one_warnings), (both_errors, both_warnings)


def build_demo_site(folder: Path) -> Path:
    """The tests' demo site (conftest.py `demo_site`): a policy, its attachment, an abolished
    predecessor and an unused file, built in `folder` (with the engine the environment names)."""
    project = Project(folder / "portal")
    project.write(
        {
            "mkdocs.yml": mkdocs_yml(),
            **BASE_FILES,
            "content/mzj/2025/dibao.md": POLICY,
            "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
            "content/mzj/2020/dibao-old.md": OLD_POLICY,
            "content/mzj/2025/unused.pdf": PDF + b"unreferenced",
        }
    )
    return built(project)


def process_group(pgid: int) -> list[int]:
    """The processes of process group `pgid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            found.append(int(stat.parent.name))
    return found
