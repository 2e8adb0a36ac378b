"""Full-text search: a Pagefind index written over the built (already filtered) HTML.

Material's search plugin writes one JSON file that every reader downloads and parses whole (about
20 MB per 1,000 Chinese documents). Pagefind writes a chunked index instead, which the browser
loads piecemeal; its extended binary (PyPI `pagefind[extended]`) segments Chinese. It reads only
the output folder, so it can index nothing the publication filter kept out, and the leak check
scans its files like any other output.
"""

from __future__ import annotations

import re
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"  # under the site folder; the theme's script loads ../pagefind/pagefind.js
LANGUAGE = "zh"  # the portal is Chinese whatever theme.language says: segment everything as zh
TIMEOUT_SECONDS = 3600

_COUNT_RE = re.compile(r"Indexed (\d[\d,]*) (pages|words)")


class SearchIndexError(Exception):
    """The index could not be written; the message is for editors (Chinese)."""


@dataclass(frozen=True)
class IndexStats:
    pages: int
    words: int
    seconds: float
    peak_rss_kb: int  # of the indexer process (ru_maxrss of this process's waited children)


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:
        raise SearchIndexError("没有安装 pagefind[extended]（中文分词的全文搜索索引程序），"
                               "请用 scripts/demo.sh 或 scripts/test.sh 安装锁定的依赖") from exc
    return Path(get_executable())


def build_index(site_dir: Path) -> IndexStats:
    """Index every page of `site_dir` that carries `data-pagefind-body` into `site_dir/pagefind/`."""
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--force-language", LANGUAGE]
    start = time.perf_counter()
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchIndexError(f"无法运行搜索索引程序：{exc}") from exc
    seconds = time.perf_counter() - start
    if out.returncode != 0:
        detail = (out.stderr or out.stdout).strip().splitlines()[-5:]
        raise SearchIndexError("搜索索引生成失败：" + " / ".join(detail))
    for unused in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                   "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"):
        (site_dir / BUNDLE_DIR / unused).unlink(missing_ok=True)  # Pagefind's own UIs: the theme has its own
    counts = {kind: int(number.replace(",", "")) for number, kind in _COUNT_RE.findall(out.stdout)}
    return IndexStats(pages=counts.get("pages", 0), words=counts.get("words", 0), seconds=round(seconds, 2),
                      peak_rss_kb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
