"""SPEC guarantee 7, Text is text: every value taken from content/ or catalogs/ is HTML-escaped
wherever the site shows it (our templates and mkdocs-material's: <title>, header, nav, tabs, meta
tags); only the Markdown body is rendered as HTML."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
import yaml
from helpers import (
    BASE_FILES,
    CATALOG_SHJZ,
    DOMAINS,
    ORGS,
    PDF,
    Project,
    built,
    commit,
    doc,
    git,
    mkdocs_yml,
    soup,
)

IMG = "<img src=x onerror=alert(1)>"
CLOSE = "</title><script>alert(1)</script>"
HONEST = "收入<1000元"


def hostile(label: str) -> str:
    """An honest `<` and two attacks, with a label that makes each value distinct."""
    return f"{HONEST}{label}{IMG}{CLOSE}"


POLICY_TITLE = hostile("政策")
INTERP_TITLE = hostile("解读")
PAGE_TITLE = hostile("页面")
ORG_NAME = hostile("机构")
COLUMN_NAME = hostile("栏目")
DOMAIN_NAME = hostile("领域")
SITE_NAME = hostile("站点")
ATTACHMENT = f"{HONEST}{IMG}.pdf"
ITEM_KEYS = ("level1", "level2", "content", "basis", "deadline", "subject")


def _catalog() -> str:
    text = CATALOG_SHJZ.replace("name: 社会救助", f"name: '{DOMAIN_NAME}'")
    text = text.replace("guideline: ", f"guideline: '{hostile('指引')}' #")
    text = text.replace("reviewed_by: ", f"reviewed_by: '{hostile('审核')}' #")
    for key in ITEM_KEYS:
        text = text.replace(f"    {key}: ", f"    {key}: '{hostile(key)}' #", 1)
    return text


def _orgs() -> str:
    return ORGS.replace("name: 测试区民政局", f"name: '{ORG_NAME}'").replace(
        "  domains: [shjz]\n",
        f"  domains: [shjz]\n  columns:\n    - {{name: '{COLUMN_NAME}', types: [政策文件]}}\n",
    )


POLICY_FRONT = {
    "title": POLICY_TITLE,
    "id": "p-hostile",
    "attribute": "主动公开",
    "org": "mzj",
    "type": "政策文件",
    "catalog": "shjz-01",
    "doc_number": hostile("文号"),
    "index_no": hostile("索引号"),
    "issuer": hostile("发文机关"),
    "topic": hostile("主题"),
    "genre": hostile("体裁"),
    "summary": hostile("概述"),
    "description": hostile("描述"),  # a key mkdocs-material prints in <meta name="description">
    "written": "2025-02-20",
    "published": "2025-02-25",
    "category": "其他文件",
    "interpretation_exempt": hostile("不需解读"),
    "attachments": [{"path": f"files/{ATTACHMENT}", "title": hostile("附件标题")}],
    # not shown yet (the reader does not take `changes` yet); planted for when it is
    "changes": [{"date": "2025-03-01", "note": hostile("修订说明")}],
}


def _files() -> dict[str, str | bytes]:
    return {
        "catalogs/orgs.yml": _orgs(),
        "catalogs/domains.yml": DOMAINS.replace("name: 社会救助", f"name: '{DOMAIN_NAME}'"),
        "catalogs/shjz.yml": _catalog(),
        "content/mzj/2025/policy.md": doc(POLICY_FRONT, "正文第一条。\n"),
        f"content/mzj/2025/files/{ATTACHMENT}": PDF,
        "content/mzj/2025/old.md": doc(
            {
                **POLICY_FRONT,
                "title": hostile("旧政策"),
                "id": "p-old",
                "doc_number": hostile("旧文号"),
                "index_no": hostile("旧索引号"),
                "validity": "废止",
                "abolished": "2025-02-25",
                "replaced_by": "p-hostile",
                "attachments": [],
                "changes": [],
                "written": "2020-02-20",
                "published": "2020-02-25",
            },
            "旧正文。\n",
        ),
        "content/mzj/2025/interp.md": doc(
            {
                "title": INTERP_TITLE,
                "attribute": "主动公开",
                "org": "mzj",
                "type": "政策解读",
                "catalog": "shjz-01",
                "interprets": "p-hostile",
                "form": "文字解读",
                "published": "2025-02-26",
                "summary": hostile("解读概述"),
            },
            "解读正文。\n",
        ),
        "content/about.md": doc(
            {"title": PAGE_TITLE, "attribute": "主动公开", "type": "页面"}, "关于本站。\n"
        ),
    }


def _mkdocs_yml() -> str:
    """Settings material prints (site name, description, copyright) are made safe too."""
    config = yaml.safe_load(mkdocs_yml())
    config |= {"site_name": SITE_NAME, "site_description": hostile("简介")}
    config["copyright"] = hostile("版权")
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A git work tree (the 修订记录 with its change note is shown only with a history)."""
    project = Project(tmp_path_factory.mktemp("esc") / "portal")
    project.write({"mkdocs.yml": _mkdocs_yml(), **BASE_FILES})
    git(project.root, "init", "-q", "-b", "main")
    commit(project, _files(), "发布", "2025-03-02")
    return built(project)


def _pages(site):
    return sorted(site.rglob("*.html"))


def test_validator_accepts_the_hostile_values(hostile_site):
    """The build planted every value (else the other tests would prove nothing)."""
    policy = (hostile_site / "mzj/2025/policy/index.html").read_text(encoding="utf-8")
    for label in ("文号", "索引号", "发文机关", "主题", "概述"):
        assert f"{label}&lt;img" in policy, label
    assert (hostile_site / "mzj/2025/files" / ATTACHMENT).is_file()


def test_no_hostile_markup_becomes_an_element(hostile_site):
    pages = _pages(hostile_site)
    assert len(pages) > 10
    for path in pages:
        page = soup(path)
        rel = path.relative_to(hostile_site)
        assert not page.find_all(lambda t: t.has_attr("onerror")), rel
        assert not [s for s in page.find_all("script") if "alert(1)" in s.get_text()], rel
        # nothing closed <title> early: the whole title is one text
        titles = page.find_all("title")
        assert len(titles) == 1 and not titles[0].find_all(True), rel


def test_every_planted_value_is_shown_as_text(hostile_site):
    """Each planted value appears on some page as the exact text, nowhere double-escaped."""
    text = "\n".join(soup(p).get_text() for p in _pages(hostile_site))
    planted = [
        POLICY_TITLE,
        INTERP_TITLE,
        PAGE_TITLE,
        ORG_NAME,
        COLUMN_NAME,
        DOMAIN_NAME,
        *(POLICY_FRONT[k] for k in ("doc_number", "index_no", "issuer", "topic", "summary")),
        *(hostile(k) for k in ITEM_KEYS),
        hostile("指引"),
        hostile("附件标题"),  # shown by its title, never by its file name
        SITE_NAME,
        hostile("版权"),
    ]
    for value in planted:
        assert value in text, value
    assert "&lt;" not in text and "&amp;" not in text


def test_title_is_text_in_h1_title_header_and_listings(hostile_site):
    page = soup(hostile_site / "mzj/2025/policy/index.html")
    assert page.h1.get_text() == POLICY_TITLE
    assert page.title.get_text().startswith(POLICY_TITLE + " - ")
    assert POLICY_TITLE in page.select_one(".md-header__topic[data-md-component]").get_text()
    # the document's summary (SPEC: National page conventions), before a `description` key
    assert page.select_one("meta[name=description]")["content"] == hostile("概述")
    assert page.title.get_text().endswith(" - " + SITE_NAME)
    assert page.select_one(".md-header__topic").get_text(strip=True) == SITE_NAME
    other = soup(hostile_site / "policies/index.html")
    assert other.select_one("meta[name=description]")["content"] == f"{SITE_NAME}：政策文件"
    home = soup(hostile_site / "index.html")
    assert home.select_one("meta[name=description]")["content"] == hostile("简介")
    rows = soup(hostile_site / "policies/index.html").select("table.portal-list td a")
    assert POLICY_TITLE in [a.get_text() for a in rows]
    home = soup(hostile_site / "index.html").select("table.portal-list td a")
    assert POLICY_TITLE in [a.get_text() for a in home]
    attachment = page.select_one(".portal-attachments a")
    assert attachment.get_text() == hostile("附件标题")
    target = (hostile_site / "mzj/2025/policy/index.html").parent / unquote(attachment["href"])
    assert target.resolve().read_bytes() == PDF


def test_editors_page_title_is_text_in_the_nav(hostile_site):
    page = soup(hostile_site / "about/index.html")
    assert page.h1.get_text(strip=True) == PAGE_TITLE
    assert page.title.get_text().startswith(PAGE_TITLE + " - ")
    nav = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary a")]
    assert PAGE_TITLE in nav


def test_org_and_catalog_texts_are_text(hostile_site):
    platform = soup(hostile_site / "disclosure/mzj/index.html")
    assert platform.h1.get_text(strip=True) == f"{ORG_NAME} 政府信息公开"
    directory = soup(hostile_site / "disclosure/index.html")
    assert ORG_NAME in [a.get_text() for a in directory.select(".portal-orgs a")]
    columns = [h.contents[0].strip() for h in platform.select(".portal-column h2")]
    assert COLUMN_NAME in columns
    column = soup(hostile_site / "disclosure/mzj/column-1/index.html")
    assert column.h1.get_text() == COLUMN_NAME
    assert column.title.get_text() == f"{ORG_NAME} {COLUMN_NAME} - {SITE_NAME}"
    catalog = soup(hostile_site / "catalog/shjz/index.html")
    cells = [td.get_text() for td in catalog.select("table.portal-catalog td")]
    for key in ITEM_KEYS:
        assert hostile(key) in cells, key


def test_generated_home_page_takes_the_site_name_as_text(project):
    """Without content/index.md the home page is titled with the site name (taken before the
    name is handed to the theme as escaped text: it must be escaped once, not twice)."""
    project.write({"mkdocs.yml": _mkdocs_yml()})
    project.remove("content/index.md")
    home = soup(built(project) / "index.html")
    assert home.h1.get_text() == SITE_NAME
    assert home.title.get_text() == SITE_NAME  # the home page: the site's name, once
    assert not home.find_all(lambda t: t.has_attr("onerror"))
    assert not [s for s in home.find_all("script") if "alert(1)" in s.get_text()]
