"""SPEC guarantee 1, "Settings are judged by what they read", on a project on disk: every command
reads mkdocs.yml as MkDocs does (`!ENV`, `!relative`, INHERIT), and the extensions and plugins MkDocs
loads are judged by their classes (engine/features.py), however mkdocs.yml spells them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import assert_reported, doc, public_notice
from mkdocs.config import load_config

from disclosure_portal.engine import features
from disclosure_portal.plan.engine import PLUGIN, engine_problems
from disclosure_portal.read.settings import load_settings

BROKEN = doc({"title": "缺少公开属性的文件", "org": "mzj", "type": "通知公告"}, "正文。\n")


def set_line(project, key: str, text: str) -> None:
    """Replace the top-level `key:` line of mkdocs.yml by `text` (YAML tags cannot be dumped)."""
    path = project.root / "mkdocs.yml"
    lines = [text if line.startswith(f"{key}:") else line for line in path.read_text().splitlines()]
    if text not in lines:
        lines.append(text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def with_pages(project) -> None:
    """A second docs folder, pages/, holding a copy of content/ plus a document with an error."""
    for path in (project.root / "content").rglob("*.md"):
        rel = path.relative_to(project.root / "content")
        project.write({f"pages/{rel}": path.read_text(encoding="utf-8")})
    project.write({"pages/mzj/2025/broken.md": BROKEN})


def engine_docs_dir(project) -> Path:
    return Path(load_config(config_file=str(project.root / "mkdocs.yml")).docs_dir).resolve()


# --- the folder MkDocs builds from -------------------------------------------------------------


def test_docs_dir_from_the_environment_is_the_folder_every_command_reads(project, monkeypatch):
    with_pages(project)
    set_line(project, "docs_dir", "docs_dir: !ENV [PORTAL_DOCS, content]")
    monkeypatch.setenv("PORTAL_DOCS", "pages")
    settings = load_settings(project.root)
    assert settings.docs_dir == (project.root / "pages").resolve() == engine_docs_dir(project)
    errors = [str(p) for p in project.load().errors]
    assert_reported(errors, "pages/mzj/2025/broken.md", "attribute")
    # the default of the tag when the variable is not set: content/, which has no such file
    monkeypatch.delenv("PORTAL_DOCS")
    assert load_settings(project.root).docs_dir == (project.root / "content").resolve()
    assert engine_docs_dir(project) == (project.root / "content").resolve()
    assert project.load().errors == []


def test_portal_validate_reads_the_environment_folder(project, monkeypatch):
    with_pages(project)
    set_line(project, "docs_dir", "docs_dir: !ENV [PORTAL_DOCS, content]")
    monkeypatch.setenv("PORTAL_DOCS", "pages")
    result = project.portal("validate")
    assert result.returncode == 1, result.stdout
    assert "pages/mzj/2025/broken.md:attribute:" in result.stdout


def test_inherited_configuration_is_merged_as_mkdocs_merges_it(project):
    with_pages(project)
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    base = {"docs_dir": "pages", "extra": {"portal": {"http_allowed": ["example.gov.cn"]}}}
    del config["docs_dir"]
    config["INHERIT"] = "base.yml"
    project.write(
        {
            "base.yml": yaml.safe_dump(base, allow_unicode=True),
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
        }
    )
    settings = load_settings(project.root)
    assert settings.docs_dir == (project.root / "pages").resolve() == engine_docs_dir(project)
    assert settings.http_allowed == ("example.gov.cn",)
    assert settings.footer  # the child's own extra.portal keys are kept beside the parent's


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"base.yml": "site_name: x\n"}, ""),
        ({}, "不存在"),
        ({"base.yml": "INHERIT: mkdocs.yml\n"}, "循环"),
    ],
)
def test_inherit_problems_are_reported_on_the_key(project, files, message):
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    project.write({"mkdocs.yml": "INHERIT: base.yml\n" + text, **files})
    errors = [str(p) for p in project.load().errors]
    if message:
        assert message in assert_reported(errors, "mkdocs.yml", "INHERIT")
    else:
        assert errors == []


# --- extensions judged by what Python-Markdown loaded ------------------------------------------


def configure(project, extensions: list) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"] = [*config["markdown_extensions"], *extensions]
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)})


def judged(project) -> list[tuple[str, str]]:
    return engine_problems(features.load(project.root / "mkdocs.yml"))


@pytest.mark.parametrize(
    "entry",
    [
        "pymdownx.snippets",
        {"pymdownx.snippets": {"base_path": "."}},
        {"pymdownx.snippets:SnippetExtension": {"base_path": ["snips", ".."]}},
        {"pymdownx.snippets": {"base_path": ["snips"], "restrict_base_path": False}},
        {"pymdownx.snippets": {"base_path": ["snips"], "url_download": True}},
    ],
)
def test_snippets_in_any_spelling_are_refused(project, monkeypatch, entry):
    monkeypatch.chdir(project.root)
    (project.root / "snips").mkdir()
    configure(project, [entry])
    result = judged(project)
    assert [k for k, _ in result] == ["markdown_extensions"], result
    assert "pymdownx.snippets.SnippetExtension" in result[0][1]


def test_snippets_confined_outside_content_are_allowed(project, monkeypatch):
    monkeypatch.chdir(project.root)
    (project.root / "snips").mkdir()
    configure(project, [{"pymdownx.snippets": {"base_path": ["snips"], "auto_append": ["a.md"]}}])
    assert judged(project) == []


def test_tagged_base_paths_are_judged_as_resolved(project, monkeypatch):
    monkeypatch.chdir(project.root)
    (project.root / "snips").mkdir()
    configure(project, [{"pymdownx.snippets": {"base_path": "PLACEHOLDER"}}])
    path = project.root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("PLACEHOLDER", "!ENV [SNIPPET_BASE, '.']"), encoding="utf-8")
    assert judged(project)  # the default "." holds content/
    monkeypatch.setenv("SNIPPET_BASE", "snips")
    assert judged(project) == []
    # `!relative`: the folder of the page being rendered, inside content/
    path.write_text(text.replace("PLACEHOLDER", "!relative"), encoding="utf-8")
    assert "!relative" in judged(project)[0][1]
    path.write_text(text.replace("PLACEHOLDER", "!relative $docs_dir/mzj"), encoding="utf-8")
    assert "包含内容目录" in judged(project)[0][1]
    path.write_text(text.replace("PLACEHOLDER", "!relative $config_dir/snips"), encoding="utf-8")
    assert judged(project) == []


WRAPPER = """\
from markdown import Extension
from pymdownx.snippets import SnippetExtension, SnippetPreprocessor


class Inserter(Extension):
    def extendMarkdown(self, md):
        config = SnippetExtension().getConfigs()
        config["base_path"] = ["."]
        md.preprocessors.register(SnippetPreprocessor(config, md), "insert", 32)


def makeExtension(**kwargs):
    return Inserter(**kwargs)
"""

LOOKALIKE = """\
from markdown import Extension


class MarkdownInclude(Extension):
    def extendMarkdown(self, md):
        pass


def makeExtension(**kwargs):
    return MarkdownInclude(**kwargs)
"""


def test_an_extension_that_registers_the_snippets_processor_is_refused(
    project, tmp_path, monkeypatch
):
    monkeypatch.chdir(project.root)
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "our_inserter.py").write_text(WRAPPER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    configure(project, ["our_inserter"])
    result = judged(project)
    assert [k for k, _ in result] == ["markdown_extensions"]
    assert "处理器“insert”" in result[0][1]


def test_a_module_is_judged_by_what_it_is_not_by_its_entry(project, tmp_path, monkeypatch):
    modules = tmp_path / "modules"
    (modules / "mdx_include").mkdir(parents=True)
    (modules / "mdx_include/__init__.py").write_text("", encoding="utf-8")
    (modules / "mdx_include/mdx_include.py").write_text(LOOKALIKE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    configure(project, ["mdx_include.mdx_include:MarkdownInclude"])
    assert [k for k, _ in judged(project)] == ["markdown_extensions"]


def test_ordinary_extensions_are_allowed(project):
    configure(project, ["footnotes", "pymdownx.details", {"pymdownx.highlight": {}}])
    assert judged(project) == []


def test_plugins_are_judged_by_class_members_of_a_group_included(tmp_path, monkeypatch):
    modules = tmp_path / "modules"
    (modules / "mkdocs_macros").mkdir(parents=True)
    (modules / "mkdocs_macros/__init__.py").write_text("", encoding="utf-8")
    (modules / "mkdocs_macros/plugin.py").write_text(
        "class MacrosPlugin:\n    def __init__(self):\n        self.config = {'include_dir': ''}\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(modules))
    from mkdocs_macros.plugin import MacrosPlugin

    class Group:
        def __init__(self, members):
            self.config = {"enabled": True}
            self.plugins = members

    components = features.plugin_components({"grouped": Group({"renamed": MacrosPlugin()})})
    assert [(c.kind, c.name) for c in components] == [(PLUGIN, "grouped"), (PLUGIN, "renamed")]
    project_root = tmp_path / "site"
    (project_root / "content").mkdir(parents=True)
    loaded = features.Loaded(
        project_root, project_root, project_root / "content", tuple(components)
    )
    assert [k for k, _ in engine_problems(loaded)] == ["plugins"]
    without = features.plugin_components({"grouped": Group({})})
    assert (
        engine_problems(features.Loaded(project_root, project_root, project_root, tuple(without)))
        == []
    )


def test_validate_reports_what_mkdocs_would_load(project):
    configure(project, [{"pymdownx.snippets:SnippetExtension": {"base_path": "."}}])
    result = project.portal("validate")
    assert result.returncode == 1, result.stdout
    assert "mkdocs.yml:markdown_extensions:" in result.stdout


def test_a_configuration_mkdocs_refuses_is_an_error_not_a_traceback(project):
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = ["search", "no-such-plugin-anywhere"]
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    result = project.portal("validate")
    assert result.returncode == 1
    assert "mkdocs.yml:file: MkDocs 无法读取配置" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_clean_configuration_validates(project):
    project.write({"content/mzj/2025/other.md": public_notice(title="另一份通知文件")})
    result = project.portal("validate")
    assert result.returncode == 0, result.stdout
    assert "mkdocs.yml:" not in result.stdout
