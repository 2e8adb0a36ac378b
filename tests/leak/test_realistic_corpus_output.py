"""The second wall on the realistic corpus: the built site has no false alarm, and a copy of
distinctive withheld text that reached the output without the first wall (the scan called
directly on an output that contains it) is found, whatever the form it was copied in."""

from __future__ import annotations

import html
import shutil

import realistic_corpus
from helpers import Project

from disclosure_portal.verify.leakcheck import collect_fingerprints, scan_site


def _as_html(planted) -> str:
    if planted.kind == "table":
        rows = [
            "<tr>"
            + "".join(f"<td>{html.escape(c.strip())}</td>" for c in row.strip("|").split("|"))
            + "</tr>"
            for row in planted.text.strip().splitlines()
        ]
        return "<table><tbody>" + "".join(rows) + "</tbody></table>"
    return f"<p>{html.escape(planted.text)}。</p>"


def test_built_corpus_is_clean_and_bypassed_copies_are_refused(tmp_path):
    root = tmp_path / "corpus"
    realistic_corpus.generate(root, 150, seed=11)
    project = Project(root)
    result = project.portal("build")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    fingerprints = collect_fingerprints(project.load())
    assert scan_site(project.site, fingerprints) == []
    # what plant() would copy, put straight into the output
    shadow = tmp_path / "shadow"
    # not the built site, nor the replaced one a process of its own may still be removing
    shutil.copytree(root, shadow, ignore=shutil.ignore_patterns("site", ".site-*", ".portal-cache"))
    planted = realistic_corpus.plant(shadow, seed=11)
    assert len(planted) >= 8
    pages = sorted(project.site.rglob("notice-*/index.html"))
    for page, copy in zip(pages, planted, strict=False):
        markup = page.read_text(encoding="utf-8")
        page.write_text(
            markup.replace("</article>", _as_html(copy) + "</article>"), encoding="utf-8"
        )
    hits = scan_site(project.site, fingerprints)
    for page, copy in zip(pages, planted, strict=False):
        rel = page.relative_to(project.site).as_posix()
        assert any(h.output == rel and h.fingerprint.source == copy.source for h in hits), (
            copy,
            rel,
        )
