"""A build from scratch converts the Markdown of its pages on both cores (engine/parallel.py):
the site is the same, byte for byte, as when the engine converts every page itself, the engine's
warnings about a page's links come once either way (and `--strict` counts them), and a page whose
Markdown another plugin changes is converted as changed."""

from __future__ import annotations

import re
import sys

import pytest
from helpers import mkdocs_yml, notice_with

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

PAGES = 90
SUMMARY = re.compile(r"另一核心转换了 (\d+) 个页面的 Markdown")


def _notice(i: int, extra: str = "") -> str:
    previous = f"n{i - 1}.md" if i else "n1.md"
    body = f"""\
## 办理时限 {{#shixian}}

| 事项 | 时限（工作日） |
|---|---|
| 受理 | {i % 7 + 1} |
| 答复 | {i % 15 + 5} |

详见[上一份通知]({previous})和[其中的时限](./{previous}#shixian)。
第一行
第二行\\
第三行
{extra}
"""
    return notice_with(body, title=f"关于做好第{i}批社会救助资金发放工作的通知")


def _files(extra_last: str = "") -> dict[str, str]:
    files = {f"content/mzj/2025/n{i}.md": _notice(i) for i in range(PAGES - 1)}
    last = PAGES - 1
    files[f"content/mzj/2025/n{last}.md"] = _notice(last, extra_last)
    return files


def _tree(site):
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _build(project, monkeypatch, parallel: str, *args: str):
    monkeypatch.setenv("PORTAL_PARALLEL", parallel)
    return project.mkdocs("build", *args)


def test_both_cores_give_the_same_site_and_the_same_messages(project, monkeypatch):
    # the last page is converted by the copy (it starts from the end); its link to a heading
    # that n0 does not have is reported by the engine once every page is built (MkDocs keeps
    # the links to anchors when it does not log its debug lines)
    project.write(_files(extra_last="另见[不存在的小节](n0.md#meiyou)。"))
    serial = _build(project, monkeypatch, "0")
    assert serial.returncode == 0, serial.stderr[-3000:]
    reference = _tree(project.site)
    both = _build(project, monkeypatch, "1")
    assert both.returncode == 0, both.stderr[-3000:]
    site = _tree(project.site)
    assert (
        sorted(k for k in reference.keys() | site.keys() if reference.get(k) != site.get(k)) == []
    )

    def about_the_anchor(text):
        return [line for line in text.splitlines() if "#meiyou" in line]

    assert len(about_the_anchor(serial.stderr)) == 1, serial.stderr[-3000:]
    assert about_the_anchor(both.stderr) == about_the_anchor(serial.stderr)
    verbose = _build(project, monkeypatch, "1", "-v")
    assert verbose.returncode == 0, verbose.stderr[-3000:]
    m = SUMMARY.search(verbose.stderr)
    assert m and int(m.group(1)) > 0, verbose.stderr[-3000:]  # the copy did convert pages
    assert SUMMARY.search(_build(project, monkeypatch, "0", "-v").stderr) is None


STRICT = re.compile(r"严格模式（--strict）：有 (\d+) 个警告")


def test_strict_counts_a_warning_of_a_page_the_copy_converted(project, monkeypatch):
    config = mkdocs_yml().replace("  links:\n", "  links:\n    anchors: warn\n", 1)
    assert "anchors: warn" in config
    project.write({**_files(), "mkdocs.yml": config})
    counts = {}
    for anchor in (False, True):
        if anchor:  # the last page, converted by the copy, links to a heading n0 does not have
            last = _notice(PAGES - 1, "另见[不存在的小节](n0.md#meiyou)。")
            project.write({f"content/mzj/2025/n{PAGES - 1}.md": last})
        for parallel in ("0", "1"):
            result = _build(project, monkeypatch, parallel, "--strict")
            m = STRICT.search(result.stdout + result.stderr)
            assert result.returncode != 0 and m, result.stderr[-2000:]  # the site's own warnings
            counts[anchor, parallel] = int(m.group(1))
            assert ("#meiyou" in result.stderr) is anchor
    assert counts[True, "1"] == counts[True, "0"] == counts[False, "0"] + 1
    assert counts[False, "1"] == counts[False, "0"]


HOOK = """\
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.endswith(("n1.md", "n88.md")):
        return markdown + "\\n\\n本页由测试插件追加一句。\\n"
    return markdown
"""


def test_a_page_another_plugin_changes_is_converted_as_changed(project, monkeypatch):
    config = mkdocs_yml().replace("hooks:\n", "hooks:\n- hooks/extra.py\n", 1)
    project.write({**_files(), "hooks/extra.py": HOOK, "mkdocs.yml": config})
    serial = _build(project, monkeypatch, "0")
    assert serial.returncode == 0, serial.stderr[-3000:]
    reference = _tree(project.site)
    both = _build(project, monkeypatch, "1", "-v")
    assert both.returncode == 0, both.stderr[-3000:]
    site = _tree(project.site)
    assert (
        sorted(k for k in reference.keys() | site.keys() if reference.get(k) != site.get(k)) == []
    )
    for name in ("n1", "n88"):
        page = site[f"mzj/2025/{name}/index.html"].decode("utf-8")
        assert "本页由测试插件追加一句。" in page
    assert "本页由测试插件追加一句。" not in site["mzj/2025/n87/index.html"].decode("utf-8")
