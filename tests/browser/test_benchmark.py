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
    """`scripts/bench.py` end to end on a small portal: the alternated builds, Pagefind, the
    first query in chromium (Chinese words found, only public documents counted), the warm
    build after one committed edit (the bytes of a cold build of that commit), that commit in a
    fresh clone with the cache restored (reused, the same bytes), the preview's
    latency, no false alarm of the first wall, JSON written. No timing checked."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench.py"),
            "--sizes",
            "20",
            "--rounds",
            "1",
            "--serve",
            "20",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=portal_env(),
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    (size,) = data["sizes"]
    assert size["warm_identical"] is True and size["false_alarms"] == 0
    # the commit built as CI builds it (a fresh clone, the cache restored): pages reused there
    assert size["ci_identical"] is True and int(size["ci_rendered"].split(" / ")[0]) > 0
    assert size["warm_s"] > 0 and size["serve_edit_s"] > 0 and size["serve_withhold_s"] > 0
    builds = {b["variant"]: b for b in data["builds"]}
    portal, bare = builds["portal"], builds["bare"]
    assert portal["ok"] and bare["ok"] and builds["portal-warm"]["ok"]
    assert portal["indexer_seconds"] > 0 and portal["search_index_mb"] > 0
    assert portal["query_kb"] > 0
    for query in bench_queries():
        counts = [int(r["query_hits"].split(f"{query} ")[1].split(" ")[0]) for r in (portal, bare)]
        assert min(counts) > 0, (query, counts)  # Chinese words are found by both searches
    assert "| 20 | portal |" in result.stdout
