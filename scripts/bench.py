"""The benchmark (`python scripts/bench.py`): build a synthetic district portal of N documents
with the full portal and with bare mkdocs-material (same Markdown, no hooks, documents out of the
nav, search with jieba), and report time, memory and output size for each. A tool, not a test:
nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import functools
import gzip
import http.server
import importlib
import importlib.util
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

try:
    import disclosure_portal  # noqa: F401
except ImportError:  # run from a source tree without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # realistic_corpus.py, when present

from disclosure_portal import progress
from disclosure_portal.read.catalogs import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS
from disclosure_portal.read.settings import Settings, load_settings

# fmt: off
WORDS = [
    "社会救助", "最低生活保障", "特困人员", "临时救助", "资金发放", "审核审批", "公示", "政策文件",
    "民政", "乡镇", "街道", "村委会", "申请", "办理", "标准", "调整", "城乡", "居民", "家庭",
    "收入", "核对", "动态管理", "监督检查", "信息公开", "义务教育", "招生", "学区", "划分",
    "财政", "预算", "决算", "三公经费", "政府采购", "项目", "建设", "资金", "使用", "绩效",
    "评价", "公开", "主动", "依申请", "工作机构", "办公地址", "办公时间", "联系电话", "群众",
    "服务", "便民", "窗口", "材料", "流程", "时限", "依据", "条例", "办法", "通知", "意见",
    "实施", "细则", "方案", "落实", "推进", "加强", "规范", "完善", "健全", "机制",
]
# fmt: on

# Measures a child build: its own peak RSS (ru_maxrss of the only waited-for child), in KiB
_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print('BENCH', rc, time.perf_counter() - t,"
    " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def credit_code(body17: str) -> str:
    """`body17`, the first 17 characters of a unified social credit code, plus its check
    character (GB 32100)."""
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body17, CREDIT_CODE_WEIGHTS, strict=False)
    )
    return body17 + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


# Common characters of government prose: random two- and three-character "words" made of them
# give the synthetic corpus a realistic vocabulary (thousands of distinct words, Zipf-distributed)
# instead of the few domain terms above, so index sizes are not flattered by repetition.
COMMON_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
    "此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求"
    "老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光"
    "门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速"
    "花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需"
    "段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感"
    "劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂"
    "京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)
_VOCABULARY: list[str] = []
_CUM_WEIGHTS: list[float] = []


# the most frequent words of government prose come first; the domain terms are spread over ranks
# 24 to about 2,000, so each is in 3-95 % of documents, as in a real portal where 社会救助 is common
# and 三公经费 is not (a corpus where every domain term is in every document flatters no one: it
# makes every query match everything)
# fmt: off
FUNCTION_WORDS = [
    "的", "和", "对", "按照", "根据", "有关", "进行", "工作", "要求", "相关", "以及", "关于",
    "开展", "做好", "全面", "进一步",
]
# fmt: on
DOMAIN_SPACING = 25


def _vocabulary() -> tuple[list[str], list[float]]:
    if not _VOCABULARY:
        rnd = random.Random(7)
        words = FUNCTION_WORDS + [
            "".join(rnd.choice(COMMON_CHARS) for _ in range(rnd.choice((2, 2, 2, 3))))
            for _ in range(6000)
        ]
        for k, word in enumerate(WORDS):
            words.insert(len(FUNCTION_WORDS) + 8 + k * DOMAIN_SPACING, word)
        total = 0.0
        for rank, word in enumerate(dict.fromkeys(words), start=1):
            total += 1 / rank
            _VOCABULARY.append(word)
            _CUM_WEIGHTS.append(total)
    return _VOCABULARY, _CUM_WEIGHTS


# What public and withheld documents of a district share: salutations, task tables, standard
# clauses, each written with or without Markdown. The leak check must never count them.
SALUTATIONS = (
    "各乡镇人民政府、街道办事处，区政府各部门，有关单位：",
    "各镇（街道）民政办，区级有关部门：",
    "区政府各部门，各直属机构：",
)
TASK_HEADER = "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |\n|---|---|---|---|---|"
TASK_ROWS = (
    "| 1 | 开展入户核查 | 区民政局 | 各乡镇人民政府 | 6月底前 |",
    "| 2 | 健全动态管理机制 | 区民政局 | 区财政局 | 9月底前 |",
    "| 3 | 加强资金监督检查 | 区财政局 | 区审计局 | 12月底前 |",
)
CLAUSES = (
    "本通知自印发之日起施行，由区民政局负责解释。",
    "各单位要高度重视，加强组织领导，认真抓好贯彻落实，确保各项工作落到实处。",
    "执行中遇到的问题，请及时向区政府办公室反映。",
)


def _boilerplate(rnd: random.Random, body: str, table: bool = True) -> str:
    salutation = rnd.choice(SALUTATIONS)
    salutation = rnd.choice((salutation, f"**{salutation}**", f"> {salutation}"))
    parts = [salutation, body]
    # a task table's data rows identify a task: a withheld document that shares them with
    # public ones is a copy (issue 22), so only public documents carry the shared table
    if table and rnd.random() < 0.5:
        rows = "\n".join(rnd.sample(TASK_ROWS, rnd.randint(1, len(TASK_ROWS))))
        parts.append(f"{TASK_HEADER}\n{rows}")
    clauses = rnd.sample(CLAUSES, rnd.randint(1, len(CLAUSES)))
    parts += [rnd.choice((c, f"**{c}**", f"- {c}")) for c in clauses]
    return "\n\n".join(parts) + "\n"


def _text(rnd: random.Random, chars: int) -> str:
    vocabulary, weights = _vocabulary()
    paragraphs, size = [], 0
    n = 1
    while size < chars:
        sentence = (
            "".join(rnd.choices(vocabulary, cum_weights=weights, k=rnd.randint(12, 30))) + "。"
        )
        if rnd.random() < 0.15:
            # a heading of two domain words and a common one: as specific as a real heading,
            # so that a withheld document's headings are not those of public ones by chance
            numeral, common = "一二三四五六七八九十"[n % 10], rnd.choice(vocabulary[16:])
            paragraphs.append(f"## {numeral}、{rnd.choice(WORDS)}{rnd.choice(WORDS)}{common}")
            n += 1
        paragraphs.append(sentence)
        size += len(sentence)
    return "\n\n".join(paragraphs) + "\n"


def generate(settings: Settings, target: Path, n: int, seed: int = 1) -> None:
    """A portal project with `n` documents, using this project's catalogs and configuration."""
    rnd = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(settings.catalogs_dir, target / "catalogs")
    orgs = yaml.safe_load((settings.catalogs_dir / "orgs.yml").read_text(encoding="utf-8"))
    orgs = orgs["orgs"] if isinstance(orgs, dict) else orgs
    for i in range(max(0, n // 250 - len(orgs))):  # about 250 documents per organisation
        kind = "区政府部门" if i % 3 else "乡镇"
        orgs.append(
            {
                "id": f"org{i:03d}",
                "name": f"溪山区第{i + 1}{'局' if kind == '区政府部门' else '镇人民政府'}",
                "kind": kind,
                "code": credit_code(f"115002990{i:07d}3"[:17]),
            }
        )
    (target / "catalogs/orgs.yml").write_text(
        yaml.safe_dump(orgs, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    items = {}
    for path in (target / "catalogs").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("status") == "已审核":
            for item in data.get("items", []):
                for level in item.get("levels", []):
                    items.setdefault(level, []).append(item["id"])
    level_of = {
        "区政府": "区县级",
        "区政府部门": "区县级",
        "乡镇": "乡镇级",
        "街道": "乡镇级",
        "村（居）委员会": "乡镇级",
    }
    content = target / "content"
    content.mkdir()
    (content / "index.md").write_text(
        "---\ntitle: 基准测试门户\nattribute: 主动公开\ntype: 页面\n---\n欢迎。\n", encoding="utf-8"
    )
    serial: dict[str, int] = {}
    pending_policy = None
    for i in range(n):
        org = orgs[i % len(orgs)]
        folder = content / org["id"] / "2025"
        folder.mkdir(parents=True, exist_ok=True)
        month, day = 1 + i % 12, 1 + i % 28
        roll = rnd.random()
        serial[org["id"]] = serial.get(org["id"], 0) + 1
        front = {
            "title": f"{rnd.choice(WORDS)}{rnd.choice(WORDS)}{rnd.choice(WORDS)}的通知（第{i}号）",
            "attribute": "主动公开",
            "org": org["id"],
            "type": "通知公告",
            "catalog": rnd.choice(items[level_of[org["kind"]]]),
            "published": f"2025-{month:02d}-{day:02d}",
            "index_no": f"{org['code']}/2025-{serial[org['id']]:05d}",
            "summary": "".join(rnd.choice(WORDS) for _ in range(8)),
        }
        if pending_policy is not None:  # interpreted by its drafter, the same day
            policy_org, policy_date, policy_id = pending_policy
            org = policy_org
            folder = content / org["id"] / "2025"
            front |= {
                "type": "政策解读",
                "interprets": policy_id,
                "form": "文字解读",
                "org": org["id"],
                "title": f"《第{i - 1}号政策》解读",
                "published": policy_date,
                "catalog": rnd.choice(items[level_of[org["kind"]]]),
                "index_no": f"{org['code']}/2025-{serial[org['id']] + 50000:05d}",
            }
            pending_policy = None
        elif roll < 0.15:
            front |= {
                "type": "政策文件",
                "id": f"p{i}",
                "written": front["published"],
                "doc_number": f"溪山{org['id']}发〔2025〕{i}号",
                "category": "其他文件",
            }
            pending_policy = (org, front["published"], f"p{i}")
        elif roll < 0.20:
            front |= {
                "attribute": "依申请公开",
                "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
                "attachments": [f"files/a{i}.csv"],
                "reviews": [{"date": "2026-01-10", "result": "维持不公开"}],
            }
            del front["published"]
            (folder / "files").mkdir(exist_ok=True)
            (folder / "files" / f"a{i}.csv").write_text(
                f"项目,金额\n内部数据{i},{i}\n", encoding="utf-8"
            )
        elif roll < 0.6:
            front["type"] = "工作动态"
        public = front["attribute"] == "主动公开"
        body = _boilerplate(rnd, _text(rnd, rnd.randint(1500, 3000)), table=public)
        (folder / f"d{i:05d}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
            encoding="utf-8",
        )
    if pending_policy is not None:  # the last policy needs an interpretation too
        org = pending_policy[0]
        text = (content / org["id"] / "2025" / f"d{n - 1:05d}.md").read_text(encoding="utf-8")
        (content / org["id"] / "2025" / f"d{n - 1:05d}.md").write_text(
            text.replace("type: 政策文件", "type: 政策文件\ninterpretation_exempt: 基准测试"),
            encoding="utf-8",
        )
    config = dict(settings.raw)
    config["hooks"] = [str(settings.root / "hooks" / "portal.py")]
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(settings.root / str(theme["custom_dir"]))
    config["theme"] = theme
    config["site_name"] = "基准测试门户"
    (target / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # Chinese punctuation separates words too, the full-width full stop among it
    separator = r"[\s\u200b\u3000\-、。，．？！；]+"  # noqa: RUF001
    bare = {
        "site_name": "bare",
        "docs_dir": "content",
        "site_dir": "site-bare",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"separator": separator}}],
        "nav": [{"首页": "index.md"}],
        "not_in_nav": "/*",
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (target / "mkdocs-bare.yml").write_text(
        yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8"
    )


@dataclass
class Result:
    """One build of one variant at one size: the figures the tables and the JSON report."""

    variant: str  # "portal" (portal build --no-cache), "bare", "portal-fill", "portal-warm" …
    documents: int
    ok: bool
    seconds: float
    ms_per_document: float
    peak_rss_mb: float  # the build process itself (for the portal: the engine's process)
    output_mb: float
    files: int
    search_index_mb: float  # material's search_index.json, or the whole pagefind/ folder
    largest_html_kb: float
    indexer_seconds: float = 0.0  # Pagefind's runs, inside the portal build's time
    indexer_rss_mb: float = 0.0
    tree_rss_mb: float = 0.0  # the largest process of the build (indexer and scan worker too)
    load: float = 0.0  # the machine's load average (1 minute) when the build started
    round: int = 0  # the alternated round it belongs to
    query_kb: float = 0.0  # what a reader's first query downloads (gzipped sizes)
    query_ms: float = 0.0  # from focusing the search box to the first result shown
    # the same when the reader focuses the box the moment the page has loaded, before the page
    # was idle (the theme loads Pagefind's runtime and shard list when the page is idle)
    query_cold_ms: float = 0.0
    # results and time for each query word: "社会救助 812 个 0.9 s（载入 0.5 s）/ …"
    query_hits: str = ""


@dataclass
class SizeReport:
    """What one size measured: the alternated cold builds, the warm build after one committed
    edit (and whether it gives the bytes of a cold build of that commit), the preview, and the
    first wall's false alarms on the generated corpus."""

    documents: int
    corpus: str
    portal_s: list[float]  # portal build --no-cache, each round
    bare_s: list[float]  # bare material, each round (alternated with the portal's)
    ratio: float  # median portal / median bare
    peak_rss_mb: float  # the portal's engine process, largest of the rounds
    tree_rss_mb: float  # the portal's largest process (Pagefind, the scan worker)
    bare_rss_mb: float
    fill_s: float = 0.0  # the first build with the cache (it fills it)
    warm_s: float = 0.0  # after one committed body edit, with the cache
    warm_share: float = 0.0  # warm / median cold
    warm_rendered: str = ""  # "reused / rendered" pages
    warm_identical: bool | None = None  # byte for byte the cold build of that commit
    check_s: float = 0.0  # that cold build (one more cold figure)
    # the same commit built as CI builds it: a fresh clone elsewhere, the cache of the build
    # before the edit restored into it (no old site in the folder)
    ci_s: float = 0.0
    ci_share: float = 0.0  # ci / median cold
    ci_rendered: str = ""
    ci_identical: bool | None = None
    serve_mode: str = ""  # "portal serve", or "build_site" before portal serve exists
    serve_edit_s: float = 0.0  # body edit -> the page shows it
    serve_withhold_s: float = 0.0  # edit to 不予公开 -> the page is gone
    false_alarms: int | None = None  # errors `portal validate` reports on the generated corpus
    loads: str = ""  # the load averages seen (uptime), first and last build of this size


# a common domain term (in most documents), a rarer one, and a word of nearly every document
QUERIES = ("社会救助", "三公经费", "工作")
ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _load() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def _timed(project: Path, command: list[str], stats_file: Path) -> tuple[str, str, float, int, str]:
    """Run `command` in `project` through the wrapper: (rc, output, seconds, largest process's
    peak RSS in KB, output)."""
    stats_file.unlink(missing_ok=True)
    env = dict(os.environ, **ENV, PORTAL_STATS_FILE=str(stats_file))
    if hasattr(os, "sync"):  # the previous step's writes (a removed site, the copied cache) go
        os.sync()  # to disk before the clock starts, not while the measured build runs
    out = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")), "BENCH 1 0 0")
    _, rc, seconds, rss = line.split()
    return rc, out.stdout + out.stderr, float(seconds), int(rss), out.stderr


PORTAL = [sys.executable, "-m", "disclosure_portal.cli", "build"]
BARE = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-bare.yml", "-d", "site-bare"]


def _measure(
    project: Path, command: list[str], site: str, n: int, variant: str, round_: int = 0
) -> Result:
    stats_file = project / f".stats-{variant}.json"
    load = _load()
    rc, output, seconds, rss, _ = _timed(project, command, stats_file)
    if rc != "0":
        progress.bar(None, "", force=True).close()
        print(f"构建失败（{variant}，{n} 个文件）：\n{output[-3000:]}", file=sys.stderr)
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    indexer = stats.get("search") or {}
    rss_kb = stats.get("peak_rss_kb") or rss
    site_dir = project / site
    sizes = (
        [p.stat().st_size for p in site_dir.rglob("*") if p.is_file()] if site_dir.exists() else []
    )
    html = [p.stat().st_size for p in site_dir.rglob("*.html")] if site_dir.exists() else []
    index = _folder_size(site_dir / "pagefind") or _folder_size(site_dir / "search")
    return Result(
        variant=variant,
        documents=n,
        ok=rc == "0",
        seconds=round(seconds, 1),
        ms_per_document=round(seconds * 1000 / max(n, 1), 1),
        peak_rss_mb=round(rss_kb / 1024, 0),
        output_mb=round(sum(sizes) / 2**20, 1),
        files=len(sizes),
        search_index_mb=round(index / 2**20, 1),
        largest_html_kb=round(max(html, default=0) / 1024, 0),
        indexer_seconds=indexer.get("seconds", 0.0),
        indexer_rss_mb=round(indexer.get("peak_rss_kb", 0) / 1024, 0),
        tree_rss_mb=round(rss / 1024, 0),
        load=load,
        round=round_,
    )


# Timed inside the page (performance.now()), so Playwright's own latency is not counted: from the
# focus of the search box to the first result in the list.
_OBSERVE_JS = """() => {
  const marks = window.__benchMarks = {};
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  input.addEventListener("focus", () => { marks.focus = marks.focus || performance.now() });
  new MutationObserver(() => {
    if (list.querySelector(".md-search-result__item") && !marks.shown)
      marks.shown = performance.now();
  }).observe(list, { childList: true, subtree: true });
}"""


_READY_JS = """() => {
  const mark = performance.getEntriesByName("portal-search:ready")[0];
  return mark ? mark.startTime - window.__benchMarks.focus : null;
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site without logging every request."""

    def log_message(self, *args: object) -> None:
        pass


def _recorder(fetched: list[str]) -> Callable[[Any], None]:
    """A `requestfinished` handler that appends each request's URL path to `fetched`."""

    def record(request: Any) -> None:
        fetched.append(unquote(urlsplit(request.url).path))

    return record


def measure_search(sites: list[tuple[Path, Result]], timeout_s: float = 120) -> None:
    """A reader's first query in headless chromium, on each built site of `sites` in turn (one
    browser for all: each page opens in a context of its own, as before): open a document, wait
    until the page is idle (no request for half a second: the theme loads Pagefind's runtime and
    shard list then, material its index), focus the search box and type a word; time from the
    focus to the first result shown, and the bytes of search files fetched (gzipped, as a web
    server would send them), into the site's result. Once more for the first word with the focus
    at the moment the page has loaded (`query_cold_ms`: the loading is then in the reader's
    wait). Needs Playwright and Debian's chromium (the test set-up installs both); does nothing
    without them."""
    try:  # Playwright is an optional benchmark dependency: imported only when measuring
        from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return
    chromium = Path("/usr/bin/chromium")
    sites = [(site_dir, result) for site_dir, result in sites if site_dir.exists()]
    if not chromium.exists() or not sites:
        return
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(chromium), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for site_dir, result in sites:
                _first_queries(browser, site_dir, result, timeout_s, PlaywrightError)
        finally:
            browser.close()


def _first_queries(
    browser: Any, site_dir: Path, result: Result, timeout_s: float, error: type[Exception]
) -> None:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    document = next(site_dir.glob("*/2025/d*/index.html")).parent.relative_to(site_dir).as_posix()
    hits = []
    try:
        for i, query in enumerate((*QUERIES, QUERIES[0])):
            cold = i == len(QUERIES)
            page = browser.new_page()
            fetched: list[str] = []
            page.on("requestfinished", _recorder(fetched))
            # a reader focuses the box once the page is idle (both searches load then);
            # the last run focuses at the moment the page has loaded
            page.goto(
                f"{base}{document}/",
                wait_until="load" if cold else "networkidle",
                timeout=timeout_s * 1000,
            )
            page.evaluate(_OBSERVE_JS)
            page.click("input.md-search__input")
            page.fill("input.md-search__input", query)
            page.keyboard.press("End")  # material reads the query on keyup
            try:
                page.locator(".md-search-result__item").first.wait_for(timeout=timeout_s * 1000)
                marks = page.evaluate("window.__benchMarks")
                elapsed = (marks["shown"] - marks["focus"]) / 1000
                meta = page.locator(".md-search-result__meta").inner_text()
                # the theme's script marks when Pagefind's runtime and shard list are loaded
                ready = page.evaluate(_READY_JS)
            except error:
                elapsed, meta, ready = float("nan"), "超时", None
            if cold:
                result.query_cold_ms = round(elapsed * 1000, 0)
                page.close()
                continue
            if i == 0:
                size = 0
                for path in {
                    p
                    for p in fetched
                    if p.startswith(("/pagefind/", "/search/")) or "/workers/search" in p
                }:
                    data = (
                        (site_dir / path.lstrip("/")).read_bytes()
                        if (site_dir / path.lstrip("/")).is_file()
                        else b""
                    )
                    size += len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))
                result.query_kb = round(size / 1024, 0)
                result.query_ms = round(elapsed * 1000, 0)
            count = "".join(c for c in meta if c.isdigit()) or meta
            loading = (
                f"（载入 {ready / 1000:.1f} s）"
                if ready is not None and ready > 0
                else "（聚焦前已载入）"
                if ready is not None
                else ""
            )
            hits.append(f"{query} {count} 个 {elapsed:.1f} s{loading}")
            page.close()
    finally:
        server.shutdown()
    result.query_hits = " / ".join(hits)


def _git(project: Path, *args: str) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.invalid",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.invalid",
    )
    subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)


def _public_page(project: Path) -> tuple[Path, str]:
    """A public document of the corpus (a notice or news item) and its page's address."""
    for source in sorted((project / "content").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        if "attribute: 主动公开" in text and ("type: 工作动态" in text or "type: 通知公告" in text):
            page = source.relative_to(project / "content").with_suffix("").as_posix()
            return source, f"{page}/"
    raise RuntimeError("no public document in the corpus")


def _withheld(text: str) -> str:
    """`text` (a document) turned 不予公开."""
    text = text.replace("attribute: 主动公开", "attribute: 不予公开\nattribute_basis: 第十四条", 1)
    return "\n".join(ln for ln in text.splitlines() if not ln.startswith("published:")) + "\n"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def measure_warm(project: Path, n: int, report: SizeReport, results: list[Result]) -> None:
    """The build cache: a first cached build (it fills the cache), one committed body edit, the
    cached build timed, and a --no-cache build of the same commit to compare byte for byte; then
    that commit as CI builds it (`_measure_ci`)."""
    fill = _measure(project, PORTAL, "site", n, "portal-fill")
    results.append(fill)
    # the site the fill build replaced becomes the spare the next build writes over (a process
    # of its own, seconds; builds a day or a merge request apart never wait for it)
    _await_spare(project, fill.ok)
    kept = project.parent / f"{project.name}-ci-cache"  # what CI would restore next time
    shutil.rmtree(kept, ignore_errors=True)
    shutil.copytree(project / ".portal-cache", kept, symlinks=True)
    # the copy (600 MB at 10,000 documents) is this script's, not the build's: written out before
    # the build is timed, which would otherwise share the disk with its write-back
    if hasattr(os, "sync"):
        os.sync()
    source, _ = _public_page(project)
    text = source.read_text(encoding="utf-8")
    source.write_text(text.rstrip("\n") + "\n\n基准测试补充的一句正文。\n", encoding="utf-8")
    _git(project, "commit", "-qam", "改一处正文")
    stats = project / ".stats-warm.json"
    load = _load()
    rc, output, seconds, rss, _ = _timed(project, PORTAL, stats)
    warm_pages = _reuse(output)
    warm = _measure_result(project, "site", n, "portal-warm", rc, seconds, rss, stats, load)
    results.append(warm)
    _await_spare(project, warm.ok)  # (not beside the cold build timed next)
    check = _measure(
        project,
        [*PORTAL, "--no-cache", "--site-dir", "site-check"],
        "site-check",
        n,
        "portal-check",
    )
    results.append(check)
    report.fill_s, report.warm_s, report.check_s = fill.seconds, warm.seconds, check.seconds
    cold = statistics.median([*report.portal_s, check.seconds])
    report.warm_share = round(warm.seconds / cold, 3) if cold else 0.0
    report.warm_rendered = warm_pages
    if warm.ok and check.ok:
        report.warm_identical = _tree(project / "site") == _tree(project / "site-check")
    _measure_ci(project, kept, n, report, results, cold)
    shutil.rmtree(project / "site-check", ignore_errors=True)


def _await_spare(project: Path, built: bool) -> None:
    """Wait (at most two minutes) until the site a build with the cache replaced is the spare
    (engine/spare.py: a process of its own after the swap), so that no build timed next shares
    the machine with it."""
    ready = project / ".portal-spare" / "ready"
    deadline = time.monotonic() + 120
    while built and not ready.is_dir() and time.monotonic() < deadline:
        time.sleep(0.1)


def _reuse(output: str) -> str:
    """ "reused / rendered" pages, from a cached build's log line ("—" when it has none)."""
    m = re.search(r"构建缓存：复用 (\d+) 个页面，重新生成 (\d+) 个", output)
    return f"{m.group(1)} / {m.group(2)}" if m else "—"


def _measure_ci(
    project: Path, kept: Path, n: int, report: SizeReport, results: list[Result], cold: float
) -> None:
    """The edited commit built as a CI job builds it: the repository cloned into a new folder
    (another path, no site from an earlier build in it), the cache of the build before the edit
    restored there (the copy is not timed: CI unpacks it before the job), one `portal build`,
    compared byte for byte with the cold build of that commit (site-check)."""
    clone = project.parent / f"{project.name}-ci"
    shutil.rmtree(clone, ignore_errors=True)
    try:
        _git(project.parent, "clone", "-q", str(project), str(clone))
        kept.rename(clone / ".portal-cache")
        stats = clone / ".stats-ci.json"
        load = _load()
        rc, output, seconds, rss, _ = _timed(clone, PORTAL, stats)
        ci = _measure_result(clone, "site", n, "portal-ci", rc, seconds, rss, stats, load)
        results.append(ci)
        report.ci_s = ci.seconds
        report.ci_share = round(ci.seconds / cold, 3) if cold else 0.0
        report.ci_rendered = _reuse(output)
        if ci.ok and (project / "site-check").is_dir():
            report.ci_identical = _tree(clone / "site") == _tree(project / "site-check")
    finally:
        shutil.rmtree(clone, ignore_errors=True)
        shutil.rmtree(kept, ignore_errors=True)


def _measure_result(
    project: Path,
    site: str,
    n: int,
    variant: str,
    rc: str,
    seconds: float,
    rss: int,
    stats_file: Path,
    load: float,
) -> Result:
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    indexer = stats.get("search") or {}
    site_dir = project / site
    sizes = [p.stat().st_size for p in site_dir.rglob("*") if p.is_file()]
    return Result(
        variant=variant,
        documents=n,
        ok=rc == "0",
        seconds=round(seconds, 1),
        ms_per_document=round(seconds * 1000 / max(n, 1), 1),
        peak_rss_mb=round((stats.get("peak_rss_kb") or rss) / 1024, 0),
        output_mb=round(sum(sizes) / 2**20, 1),
        files=len(sizes),
        search_index_mb=round(_folder_size(site_dir / "pagefind") / 2**20, 1),
        largest_html_kb=0,
        indexer_seconds=indexer.get("seconds", 0.0),
        indexer_rss_mb=round(indexer.get("peak_rss_kb", 0) / 1024, 0),
        tree_rss_mb=round(rss / 1024, 0),
        load=load,
    )


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except OSError:
        return 0, ""


def measure_preview(project: Path, report: SizeReport, timeout_s: float = 900) -> None:
    """The editors' preview: from saving a body edit to the page showing it, and from turning
    the document 不予公开 to its page being gone. With `portal serve` when the package has it
    (the server answers while it rebuilds; timed by polling the page), else the publishing
    build with the cache (what `portal serve` runs after each change), timed directly."""
    source, page = _public_page(project)
    text = source.read_text(encoding="utf-8")
    marker = f"预览修改标记{int(time.time())}"
    edited = text.rstrip("\n") + f"\n\n{marker}。\n"
    title = next(ln for ln in text.splitlines() if ln.startswith("title:"))[6:].strip().strip("'\"")
    try:
        if importlib.util.find_spec("disclosure_portal.serve") is not None:
            report.serve_mode = "portal serve"
            _serve_latency(project, source, page, text, edited, marker, title, report, timeout_s)
        else:
            report.serve_mode = "build_site"
            stats = project / ".stats-preview.json"
            source.write_text(edited, encoding="utf-8")
            rc, _, seconds, _, _ = _timed(project, PORTAL, stats)
            report.serve_edit_s = round(seconds, 1) if rc == "0" else float("nan")
            source.write_text(_withheld(edited), encoding="utf-8")
            rc, _, seconds, _, _ = _timed(project, PORTAL, stats)
            gone = not (project / "site" / page / "index.html").exists()
            report.serve_withhold_s = round(seconds, 1) if rc == "0" and gone else float("nan")
    finally:
        source.write_text(text, encoding="utf-8")


def _serve_latency(
    project: Path,
    source: Path,
    page: str,
    text: str,
    edited: str,
    marker: str,
    title: str,
    report: SizeReport,
    timeout_s: float,
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/{page}"
    command = [sys.executable, "-m", "disclosure_portal.cli", "serve", "-a", f"127.0.0.1:{port}"]
    proc = subprocess.Popen(
        command,
        cwd=project,
        env=dict(os.environ, **ENV),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        start = time.perf_counter()
        while title not in _fetch(url)[1]:
            if time.perf_counter() - start > timeout_s or proc.poll() is not None:
                return
            time.sleep(0.2)
        time.sleep(1)
        changed = time.perf_counter()
        source.write_text(edited, encoding="utf-8")
        while marker not in _fetch(url)[1]:
            if time.perf_counter() - changed > timeout_s:
                return
            time.sleep(0.1)
        report.serve_edit_s = round(time.perf_counter() - changed, 1)
        time.sleep(1)
        changed = time.perf_counter()
        source.write_text(_withheld(edited), encoding="utf-8")
        while title in _fetch(url)[1]:
            if time.perf_counter() - changed > timeout_s:
                return
            time.sleep(0.1)
        report.serve_withhold_s = round(time.perf_counter() - changed, 1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def false_alarms(project: Path) -> int:
    """Errors the first wall (`portal validate`) reports on the generated corpus: it holds no
    copy of withheld text, so every error is a false alarm."""
    out = subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", "validate", "--json", "-"],
        cwd=project,
        env=dict(os.environ, **ENV),
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return len(json.loads(out.stdout)["errors"])
    except (ValueError, KeyError):
        return -1


def _bare_config(target: Path) -> None:
    # Chinese punctuation separates words too, the full-width full stop among it
    separator = r"[\s\u200b\u3000\-、。，．？！；]+"  # noqa: RUF001
    bare = {
        "site_name": "bare",
        "docs_dir": "content",
        "site_dir": "site-bare",
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [{"search": {"separator": separator}}],
        "nav": [{"首页": "index.md"}],
        "not_in_nav": "/*",
        "validation": {"nav": {"omitted_files": "ignore"}},
    }
    (target / "mkdocs-bare.yml").write_text(
        yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8"
    )


def make_corpus(settings: Settings, project: Path, n: int, corpus: str) -> None:
    """A portal of `n` documents under `project`, committed to a new git repository: the
    synthetic corpus of this script, or scripts/realistic_corpus.py's (`--corpus realistic`)."""
    if corpus == "realistic":
        try:
            realistic = importlib.import_module("realistic_corpus")
        except ImportError as exc:
            raise SystemExit(
                "没有 scripts/realistic_corpus.py，无法使用 --corpus realistic"
            ) from exc
        realistic.generate(project, n, 1)
        config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
        config["hooks"] = [str(settings.root / "hooks" / "portal.py")]
        (project / "mkdocs.yml").write_text(
            yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    else:
        generate(settings, project, n)
    _bare_config(project)
    (project / ".gitignore").write_text(
        "site/\nsite-*/\n.site-*/\n.portal-cache/\n.stats-*.json\n", encoding="utf-8"
    )
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "基准测试语料")


def run(
    settings: Settings,
    sizes: list[int],
    workdir: Path | None,
    keep: bool,
    search: bool = True,
    serve: tuple[int, ...] = (),
    rounds: int = 2,
    corpus: str = "synthetic",
    warm: bool = True,
) -> tuple[list[Result], list[SizeReport]]:
    """For each size: generate and commit a corpus, build it with `portal build --no-cache` and
    with bare mkdocs-material, alternated, `rounds` times; then the warm build after one
    committed edit (compared with a cold build of that commit), the preview for sizes in
    `serve`, the first query in chromium (`search`) and the first wall's false alarms.

    Projects go under `workdir` (a temporary folder when None) and are deleted unless `keep`."""
    base = workdir or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    results: list[Result] = []
    reports: list[SizeReport] = []
    steps = progress.bar(
        sum(n * (4 * rounds + 6) for n in sizes), "基准测试", unit="文件", force=True
    )
    try:
        for n in sizes:
            project = base / f"n{n}"
            steps.set_description_str(f"生成 {n} 个文件")
            make_corpus(settings, project, n, corpus)
            steps.update(n)
            loads = [_load()]
            portal, bare = [], []
            for r in range(rounds):
                for variant in ("portal", "bare"):
                    steps.set_description_str(f"构建 {n} 个文件（{variant}，第 {r + 1} 轮）")
                    if variant == "portal":
                        result = _measure(project, [*PORTAL, "--no-cache"], "site", n, variant, r)
                        portal.append(result)
                    else:
                        result = _measure(project, BARE, "site-bare", n, variant, r)
                        bare.append(result)
                    results.append(result)
                    steps.update(n * 2)
            median_portal = statistics.median(r.seconds for r in portal)
            median_bare = statistics.median(r.seconds for r in bare)
            report = SizeReport(
                documents=n,
                corpus=corpus,
                portal_s=[r.seconds for r in portal],
                bare_s=[r.seconds for r in bare],
                ratio=round(median_portal / median_bare, 2) if median_bare else 0.0,
                peak_rss_mb=max(r.peak_rss_mb for r in portal),
                tree_rss_mb=max(r.tree_rss_mb for r in portal),
                bare_rss_mb=max(r.peak_rss_mb for r in bare),
            )
            report.false_alarms = false_alarms(project)
            if search and portal[-1].ok and bare[-1].ok:
                steps.set_description_str(f"测量搜索 {n} 个文件")
                measure_search([(project / "site", portal[-1]), (project / "site-bare", bare[-1])])
            if warm:
                steps.set_description_str(f"增量构建 {n} 个文件")
                measure_warm(project, n, report, results)
            steps.update(n * 4)
            if n in serve:
                steps.set_description_str(f"预览 {n} 个文件")
                measure_preview(project, report)
            loads.append(_load())
            report.loads = " → ".join(f"{x:.1f}" for x in loads)
            reports.append(report)
            if not keep:
                shutil.rmtree(project, ignore_errors=True)
    finally:
        steps.close()
        if not keep and workdir is None:
            shutil.rmtree(base, ignore_errors=True)
    return results, reports


def _s(values: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def _same(identical: bool | None) -> str:
    """Whether two outputs were the same bytes, for the tables ("—": not compared)."""
    return "—" if identical is None else ("是" if identical else "否")


def _markdown(headers: list[str], rows: list[list[object]]) -> list[str]:
    """A Markdown table's lines: the header row, the rule and one line per row of cells."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def table(results: list[Result], reports: list[SizeReport]) -> str:
    """The figures as Markdown tables (Chinese headers)."""
    lines = _markdown(
        [
            "文档数",
            "语料",
            "门户冷构建 --no-cache (s，各轮)",
            "原生 material (s，各轮)",
            "门户/原生",
            "门户峰值内存 (MB，引擎/最大进程)",
            "原生峰值内存 (MB)",
            "第一道防线误报",
            "负载",
        ],
        [
            [
                r.documents,
                r.corpus,
                _s(r.portal_s),
                _s(r.bare_s),
                r.ratio,
                f"{r.peak_rss_mb:.0f} / {r.tree_rss_mb:.0f}",
                f"{r.bare_rss_mb:.0f}",
                "—" if r.false_alarms is None else r.false_alarms,
                r.loads,
            ]
            for r in reports
        ],
    )
    if any(r.warm_s for r in reports):
        lines += [
            "",
            *_markdown(
                [
                    "文档数",
                    "首次带缓存构建 (s)",
                    "改一处正文并提交后 (s)",
                    "占冷构建",
                    "复用 / 重新生成页面",
                    "与该提交的冷构建逐字节相同",
                    "该冷构建 (s)",
                ],
                [
                    [
                        r.documents,
                        r.fill_s,
                        r.warm_s,
                        f"{r.warm_share:.0%}",
                        r.warm_rendered,
                        _same(r.warm_identical),
                        r.check_s,
                    ]
                    for r in reports
                ],
            ),
        ]
    if any(r.ci_s for r in reports):
        lines += [
            "",
            *_markdown(
                [
                    "文档数",
                    "同一提交在新克隆中构建（如 CI，恢复改前的缓存）(s)",
                    "占冷构建",
                    "复用 / 重新生成页面",
                    "与该提交的冷构建逐字节相同",
                ],
                [
                    [r.documents, r.ci_s, f"{r.ci_share:.0%}", r.ci_rendered, _same(r.ci_identical)]
                    for r in reports
                ],
            ),
        ]
    if any(r.serve_mode for r in reports):
        lines += [
            "",
            *_markdown(
                ["文档数", "预览方式", "改正文到页面更新 (s)", "改为不予公开到页面消失 (s)"],
                [
                    [r.documents, r.serve_mode, r.serve_edit_s, r.serve_withhold_s]
                    for r in reports
                    if r.serve_mode
                ],
            ),
        ]
    lines += [
        "",
        *_markdown(
            [
                "文档数",
                "构建",
                "轮",
                "成功",
                "用时 (s)",
                "每文档 (ms)",
                "峰值内存 (MB)",
                "输出 (MB)",
                "文件数",
                "搜索索引 (MB)",
                "最大页面 (KB)",
                "索引程序 (s / MB)",
                "首次搜索下载 (KB)",
                "首次搜索用时 (ms)",
                "载入即聚焦 (ms)",
                "结果数",
                "负载",
            ],
            [
                [
                    r.documents,
                    r.variant,
                    r.round + 1,
                    "是" if r.ok else "否",
                    r.seconds,
                    r.ms_per_document,
                    f"{r.peak_rss_mb:.0f}",
                    r.output_mb,
                    r.files,
                    r.search_index_mb,
                    f"{r.largest_html_kb:.0f}",
                    f"{r.indexer_seconds} / {r.indexer_rss_mb:.0f}" if r.indexer_seconds else "—",
                    r.query_kb or "—",
                    r.query_ms or "—",
                    r.query_cold_ms or "—",
                    r.query_hits or "—",
                    f"{r.load:.1f}",
                ]
                for r in results
            ],
        ),
    ]
    return "\n".join(lines)


def as_json(results: list[Result], reports: list[SizeReport]) -> str:
    """The figures as JSON: {"sizes": [...], "builds": [...]} (Chinese kept as is)."""
    data = {"sizes": [asdict(r) for r in reports], "builds": [asdict(r) for r in results]}
    return json.dumps(data, ensure_ascii=False, indent=2)


def compile_package() -> None:
    """Compile the generator's modules once, as installing its wheel does (pip compiles what it
    installs; mkdocs and material are compiled so): with an editable install and
    PYTHONDONTWRITEBYTECODE set, every process of every build would compile them again (about
    0.2 s an interpreter, three interpreters a build), which bare material does not pay."""
    package = Path(progress.__file__).resolve().parent
    with contextlib.suppress(OSError):
        compileall.compile_dir(str(package), quiet=2)


def main(argv: list[str] | None = None) -> int:
    """`python scripts/bench.py [--sizes 1500,10000] [--rounds 2] [--corpus realistic] [--json
    FILE] [--no-search] [--no-warm] [--serve SIZES]`, run in a portal project folder (its
    catalogs and mkdocs.yml seed the synthetic portal). Returns 0 when every build succeeded
    and every warm build gave the bytes of the cold one, else 1."""
    p = argparse.ArgumentParser(
        prog="bench.py",
        description="性能基准：合成 N 个文件，门户（portal build --no-cache）与原生 mkdocs-material 交替构建，"
        "再测带缓存的增量构建和预览",
    )
    p.add_argument("--sizes", default="1000", help="文件数，逗号分隔，例如 1500,10000")
    p.add_argument("--rounds", type=int, default=2, help="门户与原生交替构建的轮数（默认 2）")
    p.add_argument(
        "--corpus",
        choices=("synthetic", "realistic"),
        default="synthetic",
        help="语料：本脚本的合成语料，或 scripts/realistic_corpus.py 的仿真语料",
    )
    p.add_argument("--json", help="把结果写成 JSON 文件")
    p.add_argument("--workdir", help="生成项目的目录（默认临时目录）")
    p.add_argument("--keep", action="store_true", help="保留生成的项目和输出")
    p.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="不在无头 chromium 中测量首次搜索（默认测量，需要 Playwright 和 chromium）",
    )
    p.add_argument("--no-warm", dest="warm", action="store_false", help="不测带缓存的增量构建")
    p.add_argument(
        "--serve",
        default="",
        metavar="SIZES",
        help="在这些文件数上另测预览：改正文到页面更新、改为不予公开到页面消失的时间，例如 1500",
    )
    args = p.parse_args(argv)
    # one build date for the whole run: a run that crosses midnight in China would otherwise
    # compare a build of one day with a build of the next (their pages differ, rightly)
    if not os.environ.get("PORTAL_TODAY", "").strip():
        from disclosure_portal.read.builddate import china_today  # noqa: PLC0415

        os.environ["PORTAL_TODAY"] = china_today().isoformat()
    compile_package()
    settings = load_settings(Path.cwd())
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    workdir = Path(args.workdir).resolve() if args.workdir else None
    results, reports = run(
        settings,
        sizes,
        workdir,
        keep=args.keep,
        search=args.search,
        serve=tuple(int(x) for x in args.serve.split(",") if x.strip()),
        rounds=max(1, args.rounds),
        corpus=args.corpus,
        warm=args.warm,
    )
    print(table(results, reports))
    if args.json:
        Path(args.json).write_text(as_json(results, reports) + "\n", encoding="utf-8")
    ok = all(r.ok for r in results) and all(
        r.warm_identical is not False and r.ci_identical is not False for r in reports
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
