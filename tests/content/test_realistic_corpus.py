"""The realistic corpus (scripts/realistic_corpus.py, written by us in the style of real
government text): no false alarm at two sizes, and every planted copy of distinctive withheld
text is an error naming both files (issue 22)."""

from __future__ import annotations

import pytest
import realistic_corpus

from disclosure_portal.project import load_site
from disclosure_portal.read.settings import load_settings


def _load(root):
    return load_site(load_settings(root))


@pytest.mark.parametrize("documents", [150, 400])
def test_no_false_alarm_and_every_planted_copy_is_caught(tmp_path, documents):
    root = tmp_path / "corpus"
    realistic_corpus.generate(root, documents, seed=documents)
    site = _load(root)
    assert len(site.documents) > documents
    assert len(site.public.withheld) > documents // 5  # 纪要, 请示, 答复书, drafts
    assert [str(e) for e in site.errors] == []
    assert [str(w) for w in site.warnings if "非主动公开" in str(w)] == []
    planted = realistic_corpus.plant(root, seed=documents)
    assert {p.kind for p in planted} == {
        "sentence",
        "table",
        "gbk",
        "docx",
        "traditional",
        "change",
    }
    errors = [str(e) for e in _load(root).errors]
    for p in planted:
        hits = [e for e in errors if e.startswith(f"{p.public}:") and p.source in e]
        assert hits, (p, errors)
    assert len(errors) == len(planted)  # nothing else: the ordinary text stays ordinary
