"""SPEC guarantee 1, "Settings are judged by what they read": plan/engine.py judges the classes and
options the engine loaded (tiny `Loaded` values built here), never the spelling in mkdocs.yml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from disclosure_portal.plan.engine import (
    EXTENSION,
    PLUGIN,
    PROCESSOR,
    Component,
    Loaded,
    engine_problems,
    setting_files,
)
from disclosure_portal.read.settings import PAGE_FOLDER

SNIPPETS = ("pymdownx.snippets.SnippetExtension", "markdown.extensions.Extension")
TOC = ("markdown.extensions.toc.TocExtension", "markdown.extensions.Extension")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project: content/ with a document, snippets/ beside it (no link into content/)."""
    (tmp_path / "content/mzj").mkdir(parents=True)
    (tmp_path / "content/mzj/secret.md").write_text("内部", encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets/footer.md").write_text("页脚", encoding="utf-8")
    return tmp_path


def loaded(root: Path, *components: Component, custom_dir: str | None = None) -> Loaded:
    return Loaded(root, root, root / "content", components, custom_dir)


def snippets(**options) -> Component:
    return Component(EXTENSION, "pymdownx.snippets", SNIPPETS, options)


def messages(result: list[tuple[str, str]]) -> str:
    return "\n".join(f"{k}: {m}" for k, m in result)


# --- snippets: refused unless every base path is proven outside content/ -------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},  # the default base path "." holds content/
        {"base_path": "."},
        {"base_path": ["snippets", "."]},
        {"base_path": ["snippets/../content"]},
        {"base_path": "content/mzj"},
        {"base_path": [PAGE_FOLDER]},  # `!relative`: the page's own folder
        {"base_path": ["snippets"], "restrict_base_path": False},
        {"base_path": ["snippets"], "url_download": True},
    ],
)
def test_snippets_that_can_reach_content_are_refused(tree, options):
    result = engine_problems(loaded(tree, snippets(**options)))
    assert [k for k, _ in result] == ["markdown_extensions"], result
    assert "pymdownx.snippets" in result[0][1]


def test_snippets_with_an_absolute_base_path_of_content_is_refused(tree):
    result = engine_problems(loaded(tree, snippets(base_path=[str(tree / "content")])))
    assert "包含内容目录" in messages(result)


def test_snippets_confined_to_a_folder_outside_content_are_allowed(tree):
    ok = snippets(base_path=["snippets"], auto_append=["footer.md"], restrict_base_path=True)
    assert engine_problems(loaded(tree, ok)) == []
    assert engine_problems(loaded(tree, snippets(base_path=str(tree / "snippets")))) == []


def test_a_link_into_content_inside_the_snippets_folder_is_refused(tree):
    os.symlink(tree / "content/mzj/secret.md", tree / "snippets/copy.md")
    result = engine_problems(loaded(tree, snippets(base_path=["snippets"])))
    assert "符号链接" in messages(result)


def test_base_paths_are_resolved_from_the_working_folder(tree):
    # Python-Markdown extensions resolve relative paths from the process's working folder
    elsewhere = Loaded(tree, tree / "content", tree / "content", (snippets(base_path=["."]),))
    assert engine_problems(elsewhere)
    outside = Loaded(tree, tree / "snippets", tree / "content", (snippets(base_path=["."]),))
    assert engine_problems(outside) == []


# --- what is loaded, not how it is spelled -----------------------------------------------------


def test_a_processor_registered_by_an_unknown_extension_is_judged():
    root = Path("/nonexistent-project")
    wrapper = Component(EXTENSION, "our_inserter", ("our_inserter.Inserter",), {})
    processor = Component(
        PROCESSOR, "insert", ("pymdownx.snippets.SnippetPreprocessor",), {"base_path": ["/"]}
    )
    result = engine_problems(loaded(root, wrapper, processor))
    assert [k for k, _ in result] == ["markdown_extensions"]
    assert "处理器“insert”" in result[0][1]
    # the extension judged under its own name is not reported twice through its processor
    both = engine_problems(loaded(root, snippets(base_path="/"), processor))
    assert len(both) == 1


@pytest.mark.parametrize(
    ("kind", "classes", "key"),
    [
        (EXTENSION, ("markdown_include.include.MarkdownInclude",), "markdown_extensions"),
        (EXTENSION, ("mdx_include.mdx_include.MarkdownInclude",), "markdown_extensions"),
        (EXTENSION, ("pymdownx.b64.B64Extension",), "markdown_extensions"),
        (PLUGIN, ("mkdocs_include_markdown_plugin.plugin.IncludeMarkdownPlugin",), "plugins"),
        (PLUGIN, ("material.plugins.projects.plugin.ProjectsPlugin",), "plugins"),
        (PLUGIN, ("mkdocs_table_reader_plugin.plugin.TableReaderPlugin",), "plugins"),
    ],
)
def test_known_file_readers_are_refused_whatever_their_name(tmp_path, kind, classes, key):
    component = Component(kind, "anything-you-like", classes, {})
    assert [k for k, _ in engine_problems(loaded(tmp_path, component))] == [key]


def test_a_formatter_of_a_code_running_extension_among_options_is_refused(tmp_path):
    fences = {"custom_fences": [{"name": "python", "format": "markdown_exec.formatter"}]}
    superfences = Component(
        EXTENSION,
        "pymdownx.superfences",
        ("pymdownx.superfences.SuperFencesCodeExtension",),
        fences,
    )
    assert engine_problems(loaded(tmp_path, superfences))
    plain = Component(EXTENSION, "pymdownx.superfences", superfences.classes, {})
    assert engine_problems(loaded(tmp_path, plain)) == []


def test_unknown_and_ordinary_extensions_and_plugins_stay_allowed(tmp_path):
    components = (
        Component(EXTENSION, "toc", TOC, {"permalink": False}),
        Component(PLUGIN, "material/search", ("material.plugins.search.plugin.SearchPlugin",)),
        Component(PLUGIN, "our-plugin", ("our_plugin.Plugin",), {"base_path": "."}),
    )
    assert engine_problems(loaded(tmp_path, *components)) == []


# --- the macros plugin --------------------------------------------------------------------------

MACROS = ("mkdocs_macros.plugin.MacrosPlugin", "mkdocs.plugins.BasePlugin")


@pytest.mark.parametrize(
    "options",
    [
        {},  # include_dir defaults to the docs folder
        {"include_dir": "content"},
        {"include_dir": "snippets", "include_yaml": ["content/mzj/data.yml"]},
        {"include_dir": "snippets", "modules": ["mkdocs_macros_includex:includex"]},
    ],
)
def test_macros_that_can_read_content_are_refused(tree, options):
    plugin = Component(PLUGIN, "macros", MACROS, options)
    assert [k for k, _ in engine_problems(loaded(tree, plugin))] == ["plugins"]


def test_macros_confined_outside_content_are_allowed(tree):
    plugin = Component(PLUGIN, "macros", MACROS, {"include_dir": "snippets", "include_yaml": []})
    assert engine_problems(loaded(tree, plugin)) == []


# --- the theme folder ---------------------------------------------------------------------------


def test_a_theme_folder_inside_content_or_holding_it_is_refused(tree):
    for custom_dir in (tree / "content/overrides", tree):
        result = engine_problems(loaded(tree, custom_dir=str(custom_dir)))
        assert [k for k, _ in result] == ["theme.custom_dir"]
    (tree / "overrides").mkdir()
    assert engine_problems(loaded(tree, custom_dir=str(tree / "overrides"))) == []
    # theme files are copied to the site: a link in the theme folder into content/ is refused
    os.symlink(tree / "content/mzj", tree / "overrides/partials")
    result = engine_problems(loaded(tree, custom_dir=str(tree / "overrides")))
    assert [k for k, _ in result] == ["theme.custom_dir"] and "符号链接" in result[0][1]


def test_a_configuration_the_engine_refused_is_one_problem(tmp_path):
    broken = Loaded(tmp_path, tmp_path, tmp_path, problem="Config value 'plugins': not installed")
    assert engine_problems(broken) == [
        ("file", "MkDocs 无法读取配置：Config value 'plugins': not installed")
    ]


# --- files named in settings --------------------------------------------------------------------


def test_files_named_in_settings_are_the_local_ones():
    raw = {
        "extra_css": ["assets/site.css", "https://cdn.example.com/x.css", "/assets/print.css"],
        "extra_javascript": [{"path": "./js/a.js", "type": "module"}, "//cdn.example.com/y.js"],
        "extra_templates": ["robots.txt"],
        "theme": {"name": "material", "logo": "images/logo.png", "favicon": "../outside.ico"},
    }
    assert setting_files(raw) == [
        ("extra_css", "assets/site.css"),
        ("extra_css", "assets/print.css"),
        ("extra_javascript", "js/a.js"),
        ("extra_templates", "robots.txt"),
        ("theme.logo", "images/logo.png"),
    ]
    assert setting_files({"theme": "material", "extra_css": "not-a-list.css"}) == []
