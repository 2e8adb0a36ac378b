"""The sample content is the demo and test data; the domain package stays free of MkDocs."""

from __future__ import annotations

import ast

from helpers import ROOT

from disclosure_portal.plan.publish import is_public
from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings


def test_engine_dirs_exist():
    from disclosure_portal.cli import engine_dirs
    from disclosure_portal.read.settings import load_settings

    names = {p.name for p in engine_dirs(load_settings(ROOT))}
    assert {"theme", "templates"} <= names


def test_domain_package_imports_nothing_from_mkdocs():
    package = ROOT / "src" / "disclosure_portal"
    for path in package.rglob("*.py"):
        if path.parent == package / "engine":  # the one engine adapter
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] in ("mkdocs", "material") for n in names), path


def test_demo_content_is_complete_and_valid():
    import datetime as dt

    # a fixed build date: the demo's scheduled notice is due on 2027-01-05
    site = load_site(load_settings(ROOT), today=dt.date(2026, 12, 1))
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
    withheld = [d for d in docs if not is_public(d) and not d.withdrawn and not d.scheduled]
    assert all(d.attachments for d in withheld)
    # publication over time: change notes, a scheduled document, a withdrawn one
    assert any(d.changes for d in docs if is_public(d))
    assert any(d.scheduled for d in docs) and any(d.withdrawn for d in docs)
    assert any(d.validity == "废止" and d.replaced_by for d in docs)
    assert any(d.type == "征求意见" for d in docs)
    assert any(d.type == "政策解读" for d in docs)


def test_config_and_theme_name_no_sample_document():
    site = load_site(load_settings(ROOT))
    texts = [(ROOT / "mkdocs.yml").read_text(encoding="utf-8")]
    texts += [
        p.read_text(encoding="utf-8")
        for p in (ROOT / "src/disclosure_portal/theme").rglob("*")
        if p.is_file()
    ]
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
