"""`scripts/bench.py` end to end on a small portal."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import ROOT, portal_env


def bench_queries():
    from bench import QUERIES

    return QUERIES


def test_bench_runs_from_one_command(tmp_path):
    """`portal bench` end to end on a small portal: both builds, Pagefind, the first query in
    chromium (Chinese words found, only public documents counted), JSON written. No timing checked."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "40", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=portal_env(),
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    portal, bare = json.loads(out.read_text(encoding="utf-8"))
    assert portal["variant"] == "portal" and portal["ok"] and bare["ok"]
    assert portal["indexer_seconds"] > 0 and portal["search_index_mb"] > 0
    assert portal["query_kb"] > 0
    for query in bench_queries():
        counts = [int(r["query_hits"].split(f"{query} ")[1].split(" ")[0]) for r in (portal, bare)]
        assert min(counts) > 0, (query, counts)  # Chinese words are found by both searches
    assert "| 40 | portal |" in result.stdout
