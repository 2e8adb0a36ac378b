"""Two sources that would produce the same URL are an error naming both, whatever their attributes
(SPEC guarantee 1, "Names are names"); names that differ only in case or punctuation are
different names; and a listing never links to "None"."""

from __future__ import annotations

import pytest
from helpers import assert_reported, doc, public_notice

from disclosure_portal.plan import views


def withheld(title: str) -> str:
    front = {
        "title": title,
        "attribute": "不予公开",
        "attribute_basis": "《政府信息公开条例》第十六条",
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
    }
    return doc(front, "内部。\n")


@pytest.mark.parametrize(
    ("a", "b", "url"),
    [
        ("content/mzj/2025/a.md", "content/mzj/2025/a/index.md", "mzj/2025/a/"),
        ("content/mzj/2024/index.md", "content/mzj/2024/README.md", "mzj/2024/"),
    ],
)
def test_two_public_sources_of_one_url_are_an_error_on_both(project, a, b, url):
    project.write(
        {a: public_notice(title="甲通知文件的标题"), b: public_notice(title="乙通知文件的标题")}
    )
    errors = [str(p) for p in project.load().errors]
    assert b in assert_reported(errors, a, "file") and url in assert_reported(errors, a, "file")
    assert a in assert_reported(errors, b, "file")


def test_a_public_readme_beside_a_withheld_index_is_an_error_naming_both(project):
    project.write(
        {
            "content/mzj/2023/README.md": public_notice(title="公开的说明"),
            "content/mzj/2023/index.md": withheld("内部目录说明材料"),
        }
    )
    errors = [str(p) for p in project.load().errors]
    message = assert_reported(errors, "content/mzj/2023/README.md", "file")
    assert "content/mzj/2023/index.md" in message
    assert_reported(errors, "content/mzj/2023/index.md", "file")


def test_a_page_and_a_file_at_its_address_collide(project):
    project.write(
        {
            "content/mzj/2025/b.md": public_notice(title="公开通知"),
            "content/mzj/2025/b/index.html": "<p>手写页面</p>",
        }
    )
    errors = [str(p) for p in project.load().errors]
    assert "content/mzj/2025/b/index.html" in assert_reported(
        errors, "content/mzj/2025/b.md", "file"
    )


def test_names_differing_in_case_or_punctuation_validate(project):
    project.write(
        {
            "content/mzj/2025/Report.md": withheld("甲内部报告材料"),
            "content/mzj/2025/report.md": public_notice(title="乙报告"),
            "content/mzj/2025/zheng-ce.md": withheld("丙内部政策材料"),
            "content/mzj/2025/zhengce.md": public_notice(title="丁政策通知"),
            "content/mzj/2025/readme.md": public_notice(title="戊说明"),
            "content/mzj/2025/index.md": public_notice(title="己索引"),
        }
    )
    site = project.load()
    assert site.errors == []
    # a case-only difference is one folder on a server that ignores case: a warning on both
    warnings = [str(p) for p in site.warnings]
    assert "content/mzj/2025/report.md" in assert_reported(
        warnings, "content/mzj/2025/Report.md", "file"
    )
    assert_reported(warnings, "content/mzj/2025/report.md", "file")
    assert not [w for w in warnings if "zheng" in w.split(":", 1)[0]]  # punctuation: none
    assert {d.src for d in site.public.documents} >= {
        "mzj/2025/report.md",
        "mzj/2025/zhengce.md",
        "mzj/2025/readme.md",
        "mzj/2025/index.md",
    }


def test_listing_rows_without_a_page_are_left_out_never_linked_to_none(project):
    project.write({"content/mzj/2025/other.md": public_notice(title="另一份公开通知")})
    site = project.load()
    spec = next(s for s in site.pages if s.src_uri == "notices/index.md")
    assert {d.src for d in spec.items} >= {"mzj/2025/notice.md", "mzj/2025/other.md"}

    def url_of(src: str) -> str | None:  # as if the engine had no page for other.md
        return None if src == "mzj/2025/other.md" else src.removesuffix(".md") + "/"

    view = views.listing_view(spec, site, views.UrlResolver(url_of))
    assert [row["url"] for row in view["items"]] == ["mzj/2025/notice/"]
    latest = views.latest(site, views.UrlResolver(url_of), 10)
    assert None not in [row["url"] for row in latest] and latest
    everything = views.listing_view(spec, site, views.UrlResolver(lambda s: s))
    assert len(everything["items"]) == len(spec.items)
