"""What is public is decided in one place, and it fails closed."""

from __future__ import annotations

from dataclasses import replace

import pytest
from factories import document

from disclosure_portal.model.records import Link
from disclosure_portal.plan.publish import decide, is_public


def test_only_parsed_documents_whose_attribute_is_exactly_proactive_are_public():
    doc = document()
    assert is_public(doc)
    assert not is_public(replace(doc, parse_failed=True))


@pytest.mark.parametrize("attribute", ["依申请公开", "不予公开", "", "主动公开 ", "公开", "主动"])
def test_any_other_attribute_is_withheld(attribute):
    assert not is_public(replace(document(), attribute=attribute))


def test_decide_splits_documents_and_sorts_them_by_path():
    public_b = document("mzj/2025/b.md")
    public_a = document("mzj/2025/a.md")
    withheld = document("mzj/2025/w.md", attribute="不予公开")
    broken = document("mzj/2025/x.md", parse_failed=True)
    result = decide([public_b, withheld, public_a, broken], frozenset())
    assert [d.src for d in result.documents] == ["mzj/2025/a.md", "mzj/2025/b.md"]
    assert [d.src for d in result.withheld] == ["mzj/2025/w.md", "mzj/2025/x.md"]
    assert result.document("mzj/2025/w.md") is None
    assert result.document("mzj/2025/a.md") is public_a


def test_attachments_of_public_documents_are_published_and_other_files_withheld():
    files = frozenset({"mzj/2025/files/a.pdf", "mzj/2025/files/w.pdf", "mzj/2025/stray.pdf"})
    public = document(attachments=("mzj/2025/files/a.pdf",))
    withheld = document(
        "mzj/2025/w.md", attribute="不予公开", attachments=("mzj/2025/files/w.pdf",)
    )
    result = decide([public, withheld], files)
    assert result.assets == {"mzj/2025/files/a.pdf"}
    assert result.withheld_files == {"mzj/2025/files/w.pdf", "mzj/2025/stray.pdf"}
    assert result.publishes("mzj/2025/files/a.pdf") and result.publishes("mzj/2025/notice.md")
    assert not result.publishes("mzj/2025/files/w.pdf") and not result.publishes("mzj/2025/w.md")


def test_a_file_shared_by_a_public_and_a_withheld_document_is_published():
    files = frozenset({"shared.pdf"})
    result = decide(
        [
            document(attachments=("shared.pdf",)),
            document("w.md", attribute="依申请公开", attachments=("shared.pdf",)),
        ],
        files,
    )
    assert result.assets == {"shared.pdf"} and result.withheld_files == frozenset()


def test_a_file_reached_by_a_body_link_of_a_public_document_is_published():
    link = Link(target="files/list.csv", resolved="mzj/2025/files/list.csv", line=9)
    result = decide([document(links=(link,))], frozenset({"mzj/2025/files/list.csv"}))
    assert result.assets == {"mzj/2025/files/list.csv"}


def test_a_file_linked_only_from_a_withheld_document_stays_withheld():
    link = Link(target="list.csv", resolved="mzj/2025/list.csv", line=9)
    result = decide(
        [document(attribute="不予公开", links=(link,))], frozenset({"mzj/2025/list.csv"})
    )
    assert result.assets == frozenset() and result.withheld_files == {"mzj/2025/list.csv"}


def test_references_resolve_to_public_documents_only():
    policy = document("p.md", id="p1", doc_number="溪山民发〔2025〕1号", type="政策文件")
    secret = document("s.md", id="s1", attribute="不予公开")
    result = decide([policy, secret], frozenset())
    assert result.resolve("p1") is policy and result.resolve("溪山民发〔2025〕1号") is policy
    assert result.resolve("s1") is None and result.resolve("") is None
