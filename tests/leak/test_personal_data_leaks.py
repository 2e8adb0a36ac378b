"""Personal data of a withheld document, planted in every place Guarantee 6 now checks (the
consultation's channels and reason, change notes, attachment titles, an attachment), never
reaches the output; and the same markers are found in the output once the document is public
with each number declared (the search is not blind)."""

from __future__ import annotations

import pytest
from helpers import doc, find_markers

pytestmark = pytest.mark.leak

PATH = "content/mzj/2025/zhengqiu.md"
MARKERS = {
    "channels": "13912340001",
    "reason": "13912340002",
    "change": "13912340003",
    "title": "13912340004",
    "attachment": "13912340005",
}


def consultation(attribute: str) -> dict[str, str]:
    front = {
        "title": "关于公开征求《测试区养老服务办法（征求意见稿）》意见的公告",
        "attribute": attribute,
        "org": "mzj",
        "type": "征求意见",
        "catalog": "fdzdgk-02",
        "published": "2025-03-03",
        "consultation": {
            "opens": "2025-03-03",
            "closes": "2025-03-10",
            "kind": "其他",
            "reason": f"情况紧急，详询联系人{MARKERS['reason']}",
            "channels": ["信函", f"联系人手机{MARKERS['channels']}"],
        },
        "changes": [{"date": "2025-03-05", "note": f"更正联系人手机为{MARKERS['change']}"}],
        "attachments": [
            {"path": "files/zhengqiu-list.csv", "title": f"意见汇总（{MARKERS['title']}）"}
        ],
    }
    if attribute != "主动公开":
        front["attribute_basis"] = "《中华人民共和国政府信息公开条例》第十五条"
        del front["published"]
    else:
        front["personal_data"] = [
            {"value": value, "reason": "测试：经本人同意公开"} for value in MARKERS.values()
        ]
    return {
        PATH: doc(front, "现向社会公开征求意见。\n"),
        "content/mzj/2025/files/zhengqiu-list.csv": f"序号,意见人,联系方式\n1,王*,{MARKERS['attachment']}\n",
    }


def test_a_withheld_documents_personal_data_never_reaches_the_output(project):
    project.write(consultation("依申请公开"))
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "index.html").exists()
    assert find_markers(project.site, list(MARKERS.values())) == []


def test_the_same_markers_are_found_once_the_document_is_public(project, monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", "2025-03-20")
    project.write(consultation("主动公开"))
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    found = {marker for _, marker in find_markers(project.site, list(MARKERS.values()))}
    assert found == set(MARKERS.values())
