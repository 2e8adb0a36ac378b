"""Personal data in public documents, their front matter and attachments is an error."""

from __future__ import annotations

import random

import privacy_eval
import pytest
from helpers import (
    assert_reported,
    doc,
    notice_with,
    problems_both_ways,
    problems_of,
    public_notice,
    spread_counts,
)

NOTICE = "content/mzj/2025/notice.md"


RND = random.Random(7)


def test_id_in_body_is_an_error_with_line_and_masked(project):
    number = privacy_eval.make_id(RND)
    files = {
        NOTICE: doc(
            {
                "title": "公示",
                "attribute": "主动公开",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
                "published": "2025-03-03",
            },
            f"第一行。\n身份证号{number}。\n",
        )
    }
    _, errors, _ = problems_of(project, files)
    message = assert_reported(errors, NOTICE, "body")
    assert (
        "身份证号" in message and number not in message and "第 10 行" in message
    )  # 8 lines of front matter, then the body


def test_front_matter_value_is_checked(project):
    _, errors, _ = problems_of(project, {NOTICE: public_notice(summary="联系人手机13812345678")})
    assert "手机号码" in assert_reported(errors, NOTICE, "summary")


def test_text_and_pdf_attachments(project):
    pdf = minimal_pdf("Contact 13912345678")
    files = {
        NOTICE: public_notice(attachments=["files/list.csv", "files/a.pdf", "files/scan.pdf"]),
        "content/mzj/2025/files/list.csv": f"姓名,证件号\n张*明,5002**********1234\n李*,{privacy_eval.make_id(RND)}\n",
        "content/mzj/2025/files/a.pdf": pdf,
        "content/mzj/2025/files/scan.pdf": b"%PDF-1.4\nnot really a pdf\n",
    }
    _, errors, warnings = problems_of(project, files)
    csv_message = assert_reported(errors, "content/mzj/2025/files/list.csv", "attachment")
    assert "第 3 行" in csv_message
    assert "手机号码" in assert_reported(errors, "content/mzj/2025/files/a.pdf", "attachment")
    assert "scan.pdf" in assert_reported(warnings, NOTICE, "attachments")


def test_non_public_documents_are_not_checked(project):
    files = {
        NOTICE: doc(
            {
                "title": "内部",
                "attribute": "依申请公开",
                "attribute_basis": "第十五条",
                "org": "mzj",
                "type": "通知公告",
                "catalog": "fdzdgk-02",
            },
            "手机13812345678\n",
        )
    }
    _, errors, _ = problems_of(project, files)
    assert errors == []


def test_named_exception_with_reason(project):
    ok = public_notice(
        personal_data=[{"value": "13812345678", "reason": "值班领导工作手机，经审批公开"}]
    )
    _, errors, _ = problems_of(project, {NOTICE: ok.replace("现将", "值班电话13812345678，现将")})
    assert errors == []
    no_reason = public_notice(personal_data=[{"value": "13812345678"}])
    _, errors, _ = problems_of(
        project, {NOTICE: no_reason.replace("现将", "值班电话13812345678，现将")}
    )
    assert_reported(errors, NOTICE, "personal_data[0].reason")
    assert_reported(errors, NOTICE, "body")
    blanket = public_notice(personal_data=[{"value": "*", "reason": "全部公开"}])
    _, errors, _ = problems_of(project, {NOTICE: blanket})
    assert_reported(errors, NOTICE, "personal_data[0].value")
    unused = public_notice(personal_data=[{"value": "13912345678", "reason": "值班电话"}])
    _, errors, warnings = problems_of(project, {NOTICE: unused})
    assert errors == [] and "139" in assert_reported(warnings, NOTICE, "personal_data")


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose text layer is `text` (ASCII)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


@pytest.mark.parametrize("chunk", [None, 10_000])  # one chunk of files, or more
def test_both_cores_find_the_same_personal_data(project, monkeypatch, chunk):
    """The scans of a large site are spread over both cores (forkmap), a chunk of files at a
    time: the same errors, on the same lines, in the same order, as one core finds; a declared
    exception still applies and one declared but not found is still a warning."""
    from disclosure_portal import forkmap
    from disclosure_portal.rules import safety

    if chunk is not None:
        monkeypatch.setattr(safety, "CHUNK_CHARS", chunk)
    spread = spread_counts(monkeypatch, safety)
    files = {}
    for i in range(120):
        body = "第一行。\n" * (i % 5) + (f"联系电话1391234{i:04d}。" if i % 3 == 0 else "无。")
        declared = {"personal_data": [{"value": "13912340000", "reason": "公开的办事电话"}]}
        files[f"content/mzj/2025/n{i:03d}.md"] = notice_with(
            body, title=f"第{i}号公示", **(declared if i in (0, 119) else {})
        )
    (one_errors, one_warnings), (both_errors, both_warnings) = problems_both_ways(
        monkeypatch, project, files, spread
    )
    assert both_errors == one_errors and both_warnings == one_warnings
    assert len([e for e in one_errors if "手机号码" in e]) == 39  # i % 3 == 0, but n000
    assert any("n119.md" in w and "personal_data" in w for w in one_warnings)
    # the files were scanned in as many chunks as asked, the first by both cores
    assert spread[0] >= forkmap.MIN_ITEMS
    assert (len(spread) > 1) is (chunk is not None)
