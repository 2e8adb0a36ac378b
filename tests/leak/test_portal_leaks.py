"""The reader's portal's new outputs (issue 24) carry nothing of a non-public document: the
policy library's data (search/policies.json) and the search results page (search/index.html)
list the public policies only, never a withheld, on-request or scheduled one; and the leak
check reads the library's data: a withheld title planted in it fails `portal check-site`."""

from __future__ import annotations

import json

import pytest
from helpers import MARKERS, doc, find_markers, public_notice

TODAY = "2026-11-30"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", TODAY)


def _policy(key: str, attribute: str = "主动公开", published: str = "2025-03-10") -> str:
    """A policy whose title, 文号, 索引号, topic and 文种 carry markers made from `key`."""
    front = {
        "title": f"QXLIB{key}政策标题",
        "attribute": attribute,
        "org": "qsz",
        "type": "政策文件",
        "catalog": "shjz-01",
        "doc_number": f"青石府发〔2025〕QXLIB{key}号",
        "written": "2025-03-01",
        "topic": f"QXLIB{key}主题",
        "genre": f"QXLIB{key}文种",
        "interpretation_exempt": "测试用政策，不需解读",
    }
    if attribute == "主动公开":
        front["published"] = published
    else:
        front["attribute_basis"] = "《中华人民共和国政府信息公开条例》第十六条"
    return doc(front, f"QXLIB{key}正文，只在这一份文件中出现。\n")


def _markers(*keys: str) -> list[str]:
    return [
        m
        for k in keys
        for m in (f"QXLIB{k}政策标题", f"QXLIB{k}号", f"QXLIB{k}主题", f"QXLIB{k}文种")
    ]


def test_the_policy_library_and_the_search_page_list_public_policies_only(leaky):
    leaky.write(
        {
            "content/qsz/2025/lib-public.md": _policy("PUBLIC"),
            "content/qsz/2025/lib-withheld.md": _policy("WITHHELD", attribute="不予公开"),
            "content/qsz/2025/lib-request.md": _policy("REQUEST", attribute="依申请公开"),
            "content/qsz/2025/lib-scheduled.md": _policy("SCHEDULED", published="2027-02-01"),
        }
    )
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = leaky.site
    data = json.loads((site / "search/policies.json").read_text(encoding="utf-8"))
    titles = {p["title"] for p in data["policies"]}
    # the control: the public policies are there, with their topic and 文种
    assert titles == {"青石镇公开政策", "QXLIBPUBLIC政策标题"}
    assert find_markers(site / "search", _markers("PUBLIC"))
    secret = [*MARKERS.values(), *_markers("WITHHELD", "REQUEST", "SCHEDULED")]
    secret += ["qsz/2025/lib-withheld/", "qsz/2025/lib-request/", "qsz/2025/lib-scheduled/"]
    assert find_markers(site / "search", secret) == []
    assert find_markers(site, secret[: len(MARKERS)]) == []  # the whole site, as ever


def test_a_withheld_title_planted_in_the_policy_library_fails_check_site(project):
    title = "QXLIBPLANT秘密政策请示"
    project.write(
        {
            "content/qsz/2025/w.md": _policy("PLANT", attribute="依申请公开").replace(
                "QXLIBPLANT政策标题", title
            ),
            "content/qsz/2025/p.md": _policy("OPEN"),
            "content/mzj/2025/n.md": public_notice(title="公开的通知", published="2025-05-01"),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert project.portal("check-site", "site").returncode == 0
    path = project.site / "search/policies.json"
    original = path.read_bytes()
    escaped = "".join(f"\\u{ord(c):04x}" for c in title)  # as a JSON serializer may write it
    for planted in (
        original.replace(b"QXLIBOPEN", title.encode()),
        original + f'{{"title":"{escaped}"}}'.encode(),
    ):
        path.write_bytes(planted)
        try:
            result = project.portal("check-site", "site")
            assert result.returncode == 1, result.stdout
            assert "search/policies.json" in result.stdout
        finally:
            path.write_bytes(original)
    assert project.portal("check-site", "site").returncode == 0
