"""Where Pagefind has no wheel, PORTAL_PAGEFIND may name its binary (SPEC: install anywhere)."""

from __future__ import annotations

import pytest


def test_portal_pagefind_names_the_binary(monkeypatch, tmp_path):
    from disclosure_portal.verify import search

    monkeypatch.setenv("PORTAL_PAGEFIND", str(tmp_path / "missing"))
    assert not search.available()
    with pytest.raises(search.SearchIndexError):
        search.executable()
    binary = tmp_path / "pagefind_extended"
    binary.write_text("")
    monkeypatch.setenv("PORTAL_PAGEFIND", str(binary))
    assert search.available() and search.executable() == binary
