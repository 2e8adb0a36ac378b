"""The memo of a document's links and markup (project._links_and_markup): with the build cache, a
document read without a problem is not rendered again for its links while its record and the
Markdown extensions are the same; its links are those rendering gives, script in a public body is
reported every time, and a document that turns public is judged then."""

from __future__ import annotations

import datetime as dt

import yaml
from helpers import Project, doc, notice_with

from disclosure_portal.cache import Memo
from disclosure_portal.project import LINKS_MEMO, load_site
from disclosure_portal.read import links as links_module
from disclosure_portal.read.settings import load_settings

LINKED = notice_with(
    "见[附表](files/biao.pdf)和[另一通知](../2024/old.md)，详见 https://example.gov.cn/a 。\n\n"
    '<a href="/mzj/">民政局</a>'
)
SCRIPTED = notice_with('正文。\n\n<p onclick="alert(1)">点此</p>', title="带脚本的通知")
LATER = doc(  # public from 2026-07-01 (定时发布): not public on 2026-06-01
    {
        "title": "定时发布的通知",
        "attribute": "主动公开",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "published": "2026-07-01",
    },
    "正文。\n\n<script>alert(1)</script>\n",
)


def loaded(project: Project, memo: Memo | None, today: str):
    return load_site(load_settings(project.root), today=dt.date.fromisoformat(today), memo=memo)


def outcome(site) -> tuple[dict, list]:
    return (
        {d.src: d.links for d in site.documents},
        sorted((p.path, p.key, p.message, p.line) for p in site.problems.items),
    )


def test_links_and_markup_from_the_memo_are_those_of_rendering(project: Project, tmp_path):
    project.write(
        {
            "content/mzj/2025/linked.md": LINKED,
            "content/mzj/2025/files/biao.pdf": b"%PDF-1.4\n",
            "content/mzj/2025/scripted.md": SCRIPTED,
            "content/mzj/2025/later.md": LATER,
        }
    )
    plain = outcome(loaded(project, None, "2026-06-01"))
    assert plain[0]["mzj/2025/linked.md"]  # links found
    assert any("scripted.md" in p[0] for p in plain[1])  # script reported
    assert not any("later.md" in p[0] for p in plain[1])  # not public yet: not judged
    memo = Memo(tmp_path / "memo")
    assert outcome(loaded(project, memo, "2026-06-01")) == plain
    memo.save()
    rendered = []
    real = links_module.LinkReader.render

    def render(self, body):
        rendered.append(body)
        return real(self, body)

    links_module.LinkReader.render = render
    try:
        again = Memo(tmp_path / "memo")
        assert outcome(loaded(project, again, "2026-06-01")) == plain
        # only the body with script was rendered again (its finding is reported from the check)
        assert len(rendered) == 1 and "onclick" in rendered[0]
        again.save()
        rendered.clear()
        # the scheduled document is public now: its script is judged, as without the memo
        later = outcome(loaded(project, Memo(tmp_path / "memo"), "2026-07-02"))
        assert later == outcome(loaded(project, None, "2026-07-02"))
        assert any("later.md" in p[0] for p in later[1])
    finally:
        links_module.LinkReader.render = real


def test_another_extension_or_a_project_extension_is_not_taken_from_the_memo(
    project: Project, tmp_path
):
    project.write({"content/mzj/2025/linked.md": LINKED})
    memo = Memo(tmp_path / "memo")
    loaded(project, memo, "2026-06-01")
    memo.save()
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    base = list(config.get("markdown_extensions") or [])
    signatures = set()
    for extensions in (
        base,
        [*base, "pymdownx.tilde"],
        [*base, {"pymdownx.tilde": {"smart_delete": False}}],
    ):
        config["markdown_extensions"] = extensions
        (project.root / "mkdocs.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
        )
        reader = links_module.LinkReader(extensions)
        signatures.add(reader.signature)
    assert len(signatures) == 3 and None not in signatures
    assert links_module.LinkReader([*base, "myproject.ext"]).signature is None
    assert LINKS_MEMO == "links"
