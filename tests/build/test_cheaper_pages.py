"""What every page repeats (the navigation, the tabs, the search box, material's __config and
translations) is rendered once per build for the pages that show it alike (engine/chrome.py):
the pages come out the same, byte for byte, as when every page renders them itself."""

from __future__ import annotations

import re

import yaml
from helpers import (
    OLD_POLICY,
    PDF,
    POLICY,
    built,
    doc,
    linshi_interpretation,
    linshi_policy,
    public_notice,
)


def test_parts_rendered_once_give_the_same_pages(project, monkeypatch, tmp_path):
    files = {
        "content/mzj/2025/dibao.md": POLICY,
        "content/mzj/2025/files/dibao-biaozhun.pdf": PDF,
        "content/mzj/2020/dibao-old.md": OLD_POLICY,
        "content/mzj/2025/policy.md": linshi_policy(),
        "content/mzj/2025/interp.md": linshi_interpretation(),
        "content/qsz/2025/deep/er/n.md": public_notice(title="更深一层的通知", org="qsz"),
        "content/qsz/n0.md": public_notice(title="浅一层的通知", org="qsz"),
        "content/about/contact.md": doc(
            {"title": "联系我们", "attribute": "主动公开", "type": "页面"}, "电话。\n"
        ),
    }
    monkeypatch.setenv("PORTAL_TEMPLATE_MEMO", "0")
    whole = built(project, files)
    reference = {
        p.relative_to(whole).as_posix(): p.read_bytes() for p in whole.rglob("*") if p.is_file()
    }
    monkeypatch.setenv("PORTAL_TEMPLATE_MEMO", "1")
    result = project.mkdocs("build", "-v")
    assert result.returncode == 0, result.stderr[-3000:]
    m = re.search(r"页面共用部分：(\d+) 种只生成一次，复用 (\d+) 次", result.stderr)
    assert m and int(m.group(2)) > 0, result.stderr[-2000:]  # the parts were reused
    once = {
        p.relative_to(whole).as_posix(): p.read_bytes() for p in whole.rglob("*") if p.is_file()
    }
    assert (
        sorted(k for k in reference.keys() | once.keys() if reference.get(k) != once.get(k)) == []
    )


RETITLE_HOOK = """
def on_files(files, config, **kwargs):
    file = files.get_file_from_path("notices/index.md")
    file.content_string = file.content_string.replace("通知公告", "QXRETITLED公告")
    return files
"""


def test_a_generated_page_another_plugin_rewrites_is_read_by_the_engine(project):
    """A generated page's front matter is handed to the engine as data only while its file holds
    what the portal wrote: a plugin that rewrites the file after the portal (a hook listed after
    it) gets its words on the page, as when the engine read every generated page itself."""
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [*config["hooks"], str(project.root / "hooks" / "retitle.py")]
    project.write(
        {
            "hooks/retitle.py": RETITLE_HOOK,
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        }
    )
    site = built(project)
    assert "QXRETITLED公告" in (site / "notices/index.html").read_text(encoding="utf-8")
    # the pages the portal's own Markdown builds keep their titles
    assert "QXRETITLED" not in (site / "disclosure/index.html").read_text(encoding="utf-8")
