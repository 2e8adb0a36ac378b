"""Fixture projects: a small but complete portal written into a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

ORGS = """\
- id: qzfb
  name: 测试区人民政府办公室
  kind: 区政府部门
  code: 11500299009134283G
- id: mzj
  name: 测试区民政局
  kind: 区政府部门
  code: 11500299009134523B
  domains: [shjz]
- id: qsz
  name: 测试区青石镇人民政府
  kind: 乡镇
  code: 115002990091351630
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
    front = {
        "title": title,
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2025-03-03",
        **extra,
    }
    return doc(front, "为做好社会救助政策宣传工作，现将有关事项通知如下。\n")


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
    config["theme"]["custom_dir"] = str(ROOT / "theme")
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
        return subprocess.run(
            [sys.executable, "-m", "disclosure_portal.cli", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=check,
            env=_env(),
        )

    def mkdocs(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=_env(),
        )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project(tmp_path / "portal")
    p.write({"mkdocs.yml": mkdocs_yml(), **BASE_FILES})
    return p
