"""Files under content/ named in mkdocs.yml, through a real build: an ordinary stylesheet is
published and linked (it used to refuse the build, its bytes being a withheld file's digest); a
small file of a withheld document named in a setting never reaches the output (it used to be
published). Parsed with a real HTML parser; markers searched in every output file."""

from __future__ import annotations

import yaml
from helpers import doc, find_markers, soup

MARKER = "QXCSS内部样式"


def configure(project, **settings) -> None:
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(settings)
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False)})


STYLESHEET = "/* 溪山区政府信息公开平台：附加样式 */\n.portal-extra { color: #222; }\n"


def test_an_ordinary_stylesheet_under_content_builds_and_is_linked(project):
    project.write({"content/assets/site.css": STYLESHEET})
    configure(project, extra_css=["assets/site.css"])
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "assets/site.css").read_text(encoding="utf-8") == STYLESHEET
    links = [a.get("href") for a in soup(project.site / "index.html").find_all("link")]
    assert "assets/site.css" in links


def test_a_withheld_documents_small_file_named_in_a_setting_is_never_published(project):
    withheld = doc(
        {
            "title": "内部样式说明",
            "attribute": "不予公开",
            "attribute_basis": "第十六条",
            "org": "mzj",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "attachments": ["plan.css"],
        },
        "内部。\n",
    )
    project.write(
        {"content/mzj/w.md": withheld, "content/mzj/plan.css": f"/* {MARKER} */"}  # < 32 bytes
    )
    configure(project, extra_css=["mzj/plan.css"])
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert "mkdocs.yml:extra_css:" in result.stderr
    assert not project.site.exists() or find_markers(project.site, [MARKER]) == []


ADDING_HOOK = """\
from mkdocs.plugins import event_priority


@event_priority(50)
def on_config(config):
    config.extra_css.append("assets/added.css")
    return config
"""


def test_a_stylesheet_a_plugin_adds_is_judged_as_the_engine_holds_it(project):
    # the settings that name files are taken from the engine, not only from mkdocs.yml
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    project.write({"hooks/adding.py": ADDING_HOOK, "content/assets/added.css": STYLESHEET})
    configure(project, hooks=[str(project.root / "hooks/adding.py"), *config["hooks"]])
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "assets/added.css").exists()
