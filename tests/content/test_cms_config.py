"""`portal cms` (issue 21, item 1): the editors' app's config is generated from the field tables;
what the app writes reads back through the strict reader unchanged."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from helpers import ROOT, git

from disclosure_portal.cms.config import ONLY, PAGE_KEYS, takes
from disclosure_portal.model.fields import DOCUMENT_FIELDS
from disclosure_portal.model.vocab import ATTRIBUTES, CONSULTATION, INTERPRETATION, POLICY, TYPES
from disclosure_portal.read.frontmatter import split_front_matter

CMS_TESTS = ROOT / "tests" / "cms"
MAIN_KEYS = (
    "title",
    "attribute",
    "org",
    "type",
    "catalog",
    "published",
    "written",
    "doc_number",
    "index_no",
    "interprets",
    "body",
)


def _han(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.fixture
def app(project, tmp_path):
    """`portal init X && cd X && portal cms OUT`."""
    repo = tmp_path / "xq"
    assert project.portal("init", str(repo)).returncode == 0
    git(repo, "init", "-q", "-b", "main")
    project.root = repo
    out = tmp_path / "app"
    result = project.portal("cms", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "extra.portal.cms.repo" in result.stdout  # says what the district must still set
    return out


def _fields(config: dict) -> dict[str, dict[str, dict]]:
    return {c["name"]: {f["name"]: f for f in c["fields"]} for c in config["collections"]}


def test_init_then_cms_gives_a_chinese_config_on_a_git_backend(app):
    config = yaml.safe_load((app / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == "zh_Hans"
    assert config["backend"]["name"] in ("gitlab", "gitea", "github")
    assert config["publish_mode"] == "editorial_workflow"
    forms = _fields(config)
    union = {k: f for form in forms.values() for k, f in form.items()}
    for key in MAIN_KEYS:
        assert key in union, key
        assert _han(union[key]["label"]), key
    for name, form in forms.items():
        if name == "all":
            continue
        attribute = form["attribute"]
        assert attribute["widget"] == "select" and attribute["options"] == list(ATTRIBUTES)
        if name != "pages":
            assert form["org"]["widget"] == "select"
            assert [o["value"] for o in form["org"]["options"]] == ["bgs"]
            assert form["catalog"]["widget"] == "select"
            values = [o["value"] for o in form["catalog"]["options"]]
            assert "fdzdgk-03" in values and len(values) == len(set(values))
            labels = {o["value"]: o["label"] for o in form["catalog"]["options"]}
            assert labels["fdzdgk-03"].endswith("（区县级、乡镇级）")
            assert labels["fdzdgk-20"].endswith("（乡镇级）")  # an item of one level says so
            assert form["published"]["widget"] == "datetime"
            assert form["published"]["format"] == "YYYY-MM-DD"
            assert form["published"]["time_format"] is False
            assert form["index_no"]["pattern"][1].startswith("索引号")
        assert form["type"]["widget"] == "hidden"
    assert forms["interpretations"]["interprets"]["widget"] == "relation"
    assert forms["interpretations"]["interprets"]["collection"] == "policies"
    assert forms["interpretations"]["form"]["required"] is True
    assert forms["policies"]["written"]["required"] is True
    assert _han(forms["policies"]["doc_number"]["pattern"][1])
    # negative controls: a key a type does not take is not in its form
    assert "interprets" not in forms["policies"] and "consultation" not in forms["notices"]
    assert "feedback" in {f["name"] for f in forms["consultations"]["consultation"]["fields"]}


def test_index_html_loads_nothing_from_another_host(app):
    page = BeautifulSoup((app / "index.html").read_text(encoding="utf-8"), "html.parser")
    refs = [t.get("src") or t.get("href") for t in page.find_all(["script", "link", "img"])]
    assert refs and all(r and "//" not in r and not r.startswith("/") for r in refs), refs
    for ref in refs:
        assert (app / ref).is_file(), ref
    assert page.html["lang"] == "zh-CN" and _han(page.title.get_text())
    assert (app / "LICENSE").read_text(encoding="utf-8").count("MIT License") == 1
    # the vendored script is the registry's, byte for byte
    sums = (ROOT / "src/disclosure_portal/cms/decap/SHA256SUMS").read_text(encoding="utf-8")
    import hashlib

    for line in sums.splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((app / name).read_bytes()).hexdigest() == digest, name


def test_forms_follow_the_field_table():
    order = [f.key for f in DOCUMENT_FIELDS]
    for key in ONLY:
        assert key in order  # the applicability table names only real keys
    for doc_type in TYPES:
        keys = [k for k in order if takes(doc_type, k)]
        assert keys == sorted(keys, key=order.index)
    assert takes(POLICY, "written") and not takes(INTERPRETATION, "written")
    assert takes(INTERPRETATION, "interprets") and takes(CONSULTATION, "consultation")
    assert set(PAGE_KEYS) <= set(order)


def test_settings_of_the_app_are_checked(project):
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write(
        {
            "mkdocs.yml": text.replace(
                "  portal:\n",
                "  portal:\n    cms:\n      backend: svn\n      base_url: http://git.x\n"
                "      publish: 是\n      repoo: a/b\n",
                1,
            )
        }
    )
    result = project.portal("validate", "--json", "-")
    data = json.loads(result.stdout)
    keys = {e["key"] for e in data["errors"] if e["path"] == "mkdocs.yml"}
    assert {
        "extra.portal.cms.backend",
        "extra.portal.cms.base_url",
        "extra.portal.cms.publish",
    } <= keys
    assert any(w["key"] == "extra.portal.cms.repoo" for w in data["warnings"])
    out = project.portal("cms", str(project.root.parent / "app"))
    assert out.returncode == 1 and "extra.portal.cms.backend" in out.stdout


def test_backend_settings_reach_the_config(project, tmp_path):
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    settings = (
        "  portal:\n    cms:\n      repo: zwgk/xxgk\n      branch: master\n"
        "      base_url: https://git.example.gov.cn\n      app_id: abc123\n"
    )
    project.write({"mkdocs.yml": text.replace("  portal:\n", settings, 1)})
    assert project.portal("cms", str(tmp_path / "app")).returncode == 0
    config = yaml.safe_load((tmp_path / "app/config.yml").read_text(encoding="utf-8"))
    assert config["backend"] == {
        "name": "gitlab",
        "repo": "zwgk/xxgk",
        "branch": "master",
        "auth_type": "pkce",
        "base_url": "https://git.example.gov.cn",
        "auth_endpoint": "oauth/authorize",
        "api_root": "https://git.example.gov.cn/api/v4",
        "app_id": "abc123",
        "squash_merges": True,
    }
    assert "local_backend" not in config
    assert project.portal("cms", str(tmp_path / "local"), "--local").returncode == 0
    local = yaml.safe_load((tmp_path / "local/config.yml").read_text(encoding="utf-8"))
    assert local["local_backend"] is True
    refused = project.portal("cms", str(project.root / "content" / "admin"))
    assert refused.returncode == 1 and "content/" in refused.stdout


# --- round trip: what the app writes reads back unchanged ------------------------------------

EVERY_KIND = {
    "title": "关于做好2026年政务公开工作的通知",
    "attribute": "依申请公开",
    "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
    "org": "bgs",
    "type": "通知公告",
    "catalog": "fdzdgk-18",
    "id": "tz-2026-3",
    "doc_number": "0123",  # a number to YAML: must stay text
    "index_no": "11500299009134283G/2026-00010",
    "written": "2026-03-02",
    "published": "2026-03-05",
    "topic": "no",  # a boolean to YAML 1.1
    "summary": "第一行\n第二行：含冒号: 和 #号",
    "genre": "通知",
    "interprets": ["zwgk-tongzhi-2026", "010"],
    "attachments": [
        {"path": "fujian-1.pdf", "title": "附件1：名单"},
        {"path": "2026.xlsx", "title": "1:30"},
    ],
    "reviews": [{"date": "2026-12-01", "result": "维持不公开", "note": "- 仍属过程性信息"}],
    "consultation": {"opens": "2026-03-02", "closes": "2026-04-01", "channels": ["信函", "~"]},
    "period": "2025-10",
}
BODY = "联系地址：示例区人民路1号\n邮政编码：000000\n\n正文第二段。\n"


def _decap_writes(data: dict, body: str) -> str:
    node = shutil.which("node")
    script = CMS_TESTS / "decap_yaml.js"
    if node is None or not (CMS_TESTS / "node_modules" / "yaml").is_dir():
        pytest.fail("Node.js and tests/cms/node_modules are missing: scripts/test.sh installs them")
    result = subprocess.run(
        [node, str(script)],
        input=json.dumps({"data": data, "body": body}, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        cwd=CMS_TESTS,
    )
    return result.stdout


def test_what_decap_writes_reads_back_unchanged():
    text = _decap_writes(EVERY_KIND, BODY)
    fm = split_front_matter(text)
    assert fm.problems == []
    assert fm.meta == EVERY_KIND
    assert fm.body == BODY


def test_the_round_trip_would_see_a_change():
    # positive control: YAML 1.1 typing (what the strict reader avoids) changes these values
    text = _decap_writes(EVERY_KIND, BODY)
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert loaded != EVERY_KIND
    assert loaded["topic"] is False


def test_round_trip_of_a_file_in_a_repository(tmp_path):
    path = Path(tmp_path / "doc.md")
    path.write_text(_decap_writes(EVERY_KIND, BODY), encoding="utf-8")
    assert split_front_matter(path.read_text(encoding="utf-8")).meta["doc_number"] == "0123"
