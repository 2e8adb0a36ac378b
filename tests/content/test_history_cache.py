"""The git record kept in the build cache under the commit it was read at: the same record as
`git log` gives, read again when the commit changes, and a damaged entry is read anew."""

from __future__ import annotations

from helpers import HISTORY_A, commit, history_notice

from disclosure_portal.cache import BuildCache, cached_history
from disclosure_portal.read.history import read_history


def test_the_cached_record_is_the_record(repo, tmp_path):
    cache, _ = BuildCache.open(tmp_path / "cache")
    fresh = read_history(repo.root)
    assert fresh.available and fresh.files
    first = cached_history(repo.root, cache)
    again = cached_history(repo.root, cache)  # from the cache now
    assert first == fresh and again == fresh
    commit(
        repo,
        {HISTORY_A: history_notice("公开后的通知甲（修订）", published="2025-03-10")},
        "改",
        "2025-05-01",
    )
    newer = cached_history(repo.root, cache)
    assert newer == read_history(repo.root) and newer != fresh  # a new commit: read again
    for entry in (tmp_path / "cache").glob("v*/history/*"):
        entry.write_bytes(entry.read_bytes()[:-20])  # damaged: read from git again
    assert cached_history(repo.root, cache) == newer
