"""`extra.portal.cms.publish: true` puts the editors' app at admin/ of the built site: it carries
nothing non-public (no document list; only approved catalogs' items), and without the setting
there is no admin/ at all."""

from __future__ import annotations

import yaml
from helpers import MARKERS, built, find_markers, secret_files

DRAFT_CATALOG = """\
code: ylfw
name: 养老服务
guideline: 示例
status: 草稿
items:
  - id: ylfw-qxdraft
    level1: QXDRAFTLEVEL1草稿一级事项
    level2: QXDRAFTLEVEL2草稿二级事项
    content: QXDRAFTCONTENT草稿公开内容
    basis: 依据
    deadline: 20个工作日
    subject: 区民政局
    channels: [政府网站]
    audience: 全社会
    mode: 主动
    levels: [区县级]
"""


def _publish(project, on: bool) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.setdefault("extra", {}).setdefault("portal", {})["cms"] = {
        "repo": "zwgk/xxgk",
        "base_url": "https://git.example.gov.cn",
        "app_id": "abc",
        "publish": on,
    }
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)})


def test_published_app_carries_nothing_withheld(project):
    domains = (project.root / "catalogs/domains.yml").read_text(encoding="utf-8")
    project.write(
        {
            **secret_files(),
            "catalogs/ylfw.yml": DRAFT_CATALOG,
            "catalogs/domains.yml": domains + "- code: ylfw\n  name: 养老服务\n",
        }
    )
    _publish(project, True)
    site = built(project)
    config = yaml.safe_load((site / "admin/config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["repo"] == "zwgk/xxgk" and "local_backend" not in config
    assert (site / "admin/index.html").is_file() and (site / "admin/decap-cms.js").is_file()
    options = [
        o["value"]
        for c in config["collections"]
        for f in c["fields"]
        if f["name"] == "catalog"
        for o in f["options"]
    ]
    assert "shjz-01" in options  # positive control: approved items are there
    assert "ylfw-qxdraft" not in options
    markers = [*MARKERS.values(), "QXDRAFTLEVEL2", "QXDRAFTCONTENT", "ylfw-qxdraft"]
    assert find_markers(site / "admin", markers) == []
    assert find_markers(site, markers) == []


def test_no_admin_without_the_setting(project):
    _publish(project, False)
    site = built(project)
    assert not (site / "admin").exists()
