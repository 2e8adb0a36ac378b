"""The sample content is the demo and test data: it validates, builds and leaks nothing."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest
from conftest import ROOT, _env
from leakutil import find_markers

from disclosure_portal.plan.publish import is_public
from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings


def test_domain_package_imports_nothing_from_mkdocs():
    for path in (ROOT / "src" / "disclosure_portal").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("mkdocs", "material") for n in names), path


def test_demo_content_is_complete_and_valid():
    site = load_site(load_settings(ROOT))
    assert site.errors == []
    orgs = site.registry.orgs.values()
    kinds = {o.kind for o in orgs}
    assert {"区政府", "区政府部门", "乡镇", "街道", "村（居）委员会"} <= kinds
    assert (
        len(
            [
                c
                for c in site.registry.catalogs.values()
                if c.status == "已审核" and c.code != "fdzdgk"
            ]
        )
        >= 3
    )
    assert site.registry.statutory is not None
    docs = [d for d in site.documents if d.type != "页面"]
    assert len(docs) >= 40
    attributes = {d.attribute for d in docs}
    assert attributes == {"主动公开", "依申请公开", "不予公开"}
    assert all(d.attachments for d in docs if not is_public(d))
    assert any(d.validity == "废止" and d.replaced_by for d in docs)
    assert any(d.type == "征求意见" for d in docs)
    assert any(d.type == "政策解读" for d in docs)


@pytest.mark.build
def test_demo_builds_and_leaks_nothing(tmp_path):
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    site = load_site(load_settings(ROOT))
    markers = []
    for doc in site.public.withheld:
        markers += [doc.title, doc.doc_number, doc.src.removesuffix(".md")]
        markers += [a.rsplit("/", 1)[-1] for a in doc.attachments]
    markers = [m for m in markers if m]
    assert find_markers(out, markers) == []
    check = subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", "check-site", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert check.returncode == 0, check.stdout


def test_config_and_theme_name_no_sample_document():
    site = load_site(load_settings(ROOT))
    texts = [(ROOT / "mkdocs.yml").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "theme").rglob("*") if p.is_file()]
    hooks = [p.read_text(encoding="utf-8") for p in (ROOT / "hooks").rglob("*.py")]
    for doc in (d for d in site.documents if d.type != "页面"):
        names = [doc.src, doc.id, doc.title] + ([doc.doc_number] if doc.doc_number else [])
        for name in names:
            assert not any(name in text for text in texts + hooks), name


def test_bench_generates_a_valid_portal(tmp_path):
    import bench

    target = tmp_path / "bench"
    bench.generate(load_settings(ROOT), target, 120)
    site = load_site(load_settings(target))
    assert site.errors == [], [str(p) for p in site.errors[:5]]
    types = {d.type for d in site.documents}
    assert {"政策文件", "政策解读", "通知公告", "工作动态"} <= types
    assert site.public.withheld and all(
        d.attachments for d in site.public.withheld if d.type != "页面"
    )
    assert (target / "mkdocs-bare.yml").exists()


@pytest.mark.build
@pytest.mark.browser
def bench_queries():
    from bench import QUERIES

    return QUERIES


def test_bench_runs_from_one_command(tmp_path):
    """`portal bench` end to end on a small portal: both builds, Pagefind, the first query in
    chromium (Chinese words found, only public documents counted), JSON written. No timing checked."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "40", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    portal, bare = json.loads(out.read_text(encoding="utf-8"))
    assert portal["variant"] == "portal" and portal["ok"] and bare["ok"]
    assert portal["indexer_seconds"] > 0 and portal["search_index_mb"] > 0
    assert portal["query_kb"] > 0
    for query in bench_queries():
        counts = [int(r["query_hits"].split(f"{query} ")[1].split(" ")[0]) for r in (portal, bare)]
        assert min(counts) > 0, (query, counts)  # Chinese words are found by both searches
    assert "| 40 | portal |" in result.stdout
