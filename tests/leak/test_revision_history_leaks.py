"""Public revision lists show only public-time revisions; commit messages never leak."""

from __future__ import annotations

import hashlib
import json

from bs4 import BeautifulSoup
from helpers import find_markers, git

A = "content/mzj/2025/a.md"


def test_site_shows_only_public_time_revisions(repo):
    result = repo.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = repo.site
    page = BeautifulSoup(
        (site / "mzj/2025/a/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    revisions = [li.get_text(" ", strip=True) for li in page.select("#revisions li")]
    assert (
        len(revisions) == 1 and revisions[0].startswith("2025-03-10") and "首次发布" in revisions[0]
    )
    assert "最后更新：2025-03-10" in page.select_one("#revisions").get_text()
    assert (
        find_markers(
            site,
            [
                "QXMSG内部起草阶段的提交说明",
                "QXDRAFT内部阶段的标题",
                "将被撤回的通知",
                "撤回通知乙",
            ],
        )
        == []
    )
    changes = BeautifulSoup(
        (site / "changes/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    titles = [a.get_text(strip=True) for a in changes.select("tbody a")]
    assert (
        # by publication date from content (not by commit date): 2025-04-02, 03-20, 03-10
        titles[:3] == ["迟发的通知", "倒签的通知", "公开后的通知甲"]
        and "将被撤回的通知" not in titles
    )
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    head = git(repo.root, "rev-parse", "HEAD").strip()
    assert manifest["build"]["commit"] == head and manifest["build"]["uncommitted_changes"] is False
    assert manifest["generator"]["name"] == "disclosure-portal" and manifest["build"]["date"]
    entries = {d["id"]: d for d in manifest["documents"]}
    assert "mzj/2025/w" not in entries and "mzj/2025/review" not in entries
    shown = git(repo.root, "show", f"HEAD:{A}")
    assert entries["mzj/2025/a"]["sha256"] == hashlib.sha256(shown.encode()).hexdigest()
    assert (
        entries["mzj/2025/a"]["url"] == "mzj/2025/a/"
        and entries["mzj/2025/a"]["published"] == "2025-03-10"
    )
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    # the commit built is in the stamp's one footer line (SPEC), and nowhere else on the page
    stamp = home.select_one(".portal-footer__build")
    assert head[:12] in stamp.get_text()
    stamp.extract()
    assert head[:12] not in str(home)
