"""Names are names (SPEC Guarantee 1): a withheld file named like a common word, and the site's
own assets (material's, the portal theme's, Pagefind's bundle), never fail a build; the same
word inside a withheld path, or withheld text added to an asset, is still found."""

from __future__ import annotations

import shutil

from helpers import doc


def _frequency(project):
    project.write(
        {
            "content/frequency.md": doc(
                {
                    "title": "内部统计口径说明",
                    "attribute": "不予公开",
                    "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                },
                "桃源村低保对象入户核查频次由每季度一次调整为每月一次。\n",
            )
        }
    )


def test_a_withheld_file_named_like_a_word_does_not_fail_the_build(project):
    _frequency(project)
    result = project.portal("build")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    # Pagefind's own scripts and material's search worker hold the word "frequency"
    scripts = [p for p in project.site.rglob("*.js") if b"frequency" in p.read_bytes()]
    assert scripts, "positive control: the word is in the engine's files"


def test_own_assets_are_skipped_by_their_bytes_only(project):
    _frequency(project)
    assert project.portal("build").returncode == 0
    script = next(p for p in project.site.rglob("*.js") if b"frequency" in p.read_bytes())
    copy = project.site / "planted" / "bundle.js"
    copy.parent.mkdir()
    shutil.copy(script, copy)
    assert project.portal("check-site", "site").returncode == 0  # the same bytes: own asset
    copy.write_bytes(
        script.read_bytes() + "/* 桃源村低保对象入户核查频次由每季度一次调整为每月一次 */".encode()
    )
    result = project.portal("check-site", "site")
    assert result.returncode == 1 and "frequency.md" in result.stdout, result.stdout
