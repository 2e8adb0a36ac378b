"""Names are names (SPEC guarantee 1): URLs are compared as URLs, never in a folded form; two
sources that MkDocs would write to one file collide."""

from __future__ import annotations

from disclosure_portal.model.textform import normalize
from disclosure_portal.plan.urls import collisions, folded_twins, output_path, page_key


def test_index_and_readme_are_read_as_mkdocs_reads_them():
    assert page_key("a/index.md") == page_key("a/README.md") == page_key("a.md") == "a/"
    assert page_key("index.md") == ""
    # MkDocs turns only `README` (so spelled) into an index; other spellings are pages
    assert page_key("a/readme.md") == "a/readme/"
    assert page_key("a/Index.md") == "a/Index/"
    assert output_path("a/b.md") == "a/b/index.html"
    assert output_path("a/b/index.html") == "a/b/index.html"
    assert output_path("files/x.pdf") == "files/x.pdf"


def test_sources_of_one_output_collide():
    srcs = [
        "mzj/a.md",
        "mzj/a/index.md",
        "qsz/index.md",
        "qsz/README.md",
        "qzfb/b.md",
        "qzfb/b/index.html",
        "Report.md",
        "report.md",
        "zheng-ce.md",
        "zhengce.md",
        "mzj/readme.md",
        "mzj/index.md",
    ]
    assert collisions(srcs) == [
        ("mzj/a/index.html", ["mzj/a.md", "mzj/a/index.md"]),
        ("qsz/index.html", ["qsz/README.md", "qsz/index.md"]),
        ("qzfb/b/index.html", ["qzfb/b.md", "qzfb/b/index.html"]),
    ]


def test_names_differing_in_case_or_punctuation_do_not_collide():
    srcs = ["Report.md", "report.md", "zheng-ce.md", "zhengce.md", "a_b.md", "a-b.md", "ab.md"]
    assert collisions(srcs) == []


def test_folded_twins_are_different_urls_that_read_the_same():
    withheld = ["mzj/Report.md", "mzj/zheng-ce.md", "mzj/secret.md", "mzj/Notices.md"]
    public = ["mzj/report.md", "mzj/zhengce.md", "mzj/other.md", "notices/index.md"]
    assert folded_twins(withheld, public, normalize) == {
        "mzj/Report.md": ["mzj/report/"],
        "mzj/zheng-ce.md": ["mzj/zhengce/"],
    }
    # the same URL is no twin (it is a collision), and a different name is none either
    assert folded_twins(["mzj/index.md"], ["mzj/README.md"], normalize) == {}
    assert folded_twins(["Notices.md"], ["notices/index.md"], normalize) == {
        "Notices.md": ["notices/"]
    }


def test_case_twins_are_outputs_differing_only_in_case():
    from disclosure_portal.plan.urls import case_twins

    srcs = [
        "mzj/Report.md",
        "mzj/report.md",
        "mzj/zheng-ce.md",
        "mzj/zhengce.md",
        "a/B.pdf",
        "a/b.pdf",
    ]
    assert case_twins(srcs) == [["a/B.pdf", "a/b.pdf"], ["mzj/Report.md", "mzj/report.md"]]
    assert case_twins(["mzj/report.md", "mzj/report/index.md"]) == []  # a collision, not twins
