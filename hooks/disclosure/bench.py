"""`portal bench`: build a synthetic district portal of N documents with the full portal and with
bare mkdocs-material (same Markdown, no hooks, documents out of the nav, search with jieba), and
report time, memory and output size for each. A tool, not a test: nothing here asserts a timing.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from .catalogs import CREDIT_CODE_CHARS, CREDIT_CODE_WEIGHTS
from .settings import Settings

WORDS = (
    "社会救助 最低生活保障 特困人员 临时救助 资金发放 审核审批 公示 政策文件 民政 乡镇 街道 村委会 申请 办理 标准 "
    "调整 城乡 居民 家庭 收入 核对 动态管理 监督检查 信息公开 义务教育 招生 学区 划分 财政 预算 决算 三公经费 "
    "政府采购 项目 建设 资金 使用 绩效 评价 公开 主动 依申请 工作机构 办公地址 办公时间 联系电话 群众 服务 "
    "便民 窗口 材料 流程 时限 依据 条例 办法 通知 意见 实施 细则 方案 落实 推进 加强 规范 完善 健全 机制"
).split()

# Measures a child build: its own peak RSS (ru_maxrss of the only waited-for child), in KiB
_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print('BENCH', rc, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def credit_code(body17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(body17, CREDIT_CODE_WEIGHTS, strict=False))
    return body17 + CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def _text(rnd: random.Random, chars: int) -> str:
    paragraphs, size = [], 0
    n = 1
    while size < chars:
        sentence = "".join(rnd.choice(WORDS) for _ in range(rnd.randint(12, 30))) + "。"
        if rnd.random() < 0.15:
            paragraphs.append(f"## {'一二三四五六七八九十'[n % 10]}、{rnd.choice(WORDS)}{rnd.choice(WORDS)}")
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
        orgs.append({"id": f"org{i:03d}", "name": f"溪山区第{i + 1}{'局' if kind == '区政府部门' else '镇人民政府'}",
                     "kind": kind, "code": credit_code(f"115002990{i:07d}3"[:17])})
    (target / "catalogs/orgs.yml").write_text(yaml.safe_dump(orgs, allow_unicode=True, sort_keys=False),
                                              encoding="utf-8")
    items = {}
    for path in (target / "catalogs").glob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("status") == "已审核":
            for item in data.get("items", []):
                for level in item.get("levels", []):
                    items.setdefault(level, []).append(item["id"])
    level_of = {"区政府": "区县级", "区政府部门": "区县级", "乡镇": "乡镇级", "街道": "乡镇级", "村（居）委员会": "乡镇级"}
    content = target / "content"
    content.mkdir()
    (content / "index.md").write_text("---\ntitle: 基准测试门户\nattribute: 主动公开\ntype: 页面\n---\n欢迎。\n",
                                      encoding="utf-8")
    serial: dict[str, int] = {}
    pending_policy = None
    for i in range(n):
        org = orgs[i % len(orgs)]
        folder = content / org["id"] / "2025"
        folder.mkdir(parents=True, exist_ok=True)
        month, day = 1 + i % 12, 1 + i % 28
        roll = rnd.random()
        serial[org["id"]] = serial.get(org["id"], 0) + 1
        front = {"title": f"{rnd.choice(WORDS)}{rnd.choice(WORDS)}{rnd.choice(WORDS)}的通知（第{i}号）",
                 "attribute": "主动公开", "org": org["id"], "type": "通知公告",
                 "catalog": rnd.choice(items[level_of[org["kind"]]]),
                 "published": f"2025-{month:02d}-{day:02d}",
                 "index_no": f"{org['code']}/2025-{serial[org['id']]:05d}",
                 "summary": "".join(rnd.choice(WORDS) for _ in range(8))}
        if pending_policy is not None:  # interpreted by its drafter, the same day
            policy_org, policy_date, policy_id = pending_policy
            org = policy_org
            folder = content / org["id"] / "2025"
            front |= {"type": "政策解读", "interprets": policy_id, "form": "文字解读", "org": org["id"],
                      "title": f"《第{i - 1}号政策》解读", "published": policy_date,
                      "catalog": rnd.choice(items[level_of[org["kind"]]]),
                      "index_no": f"{org['code']}/2025-{serial[org['id']] + 50000:05d}"}
            pending_policy = None
        elif roll < 0.15:
            front |= {"type": "政策文件", "id": f"p{i}", "written": front["published"],
                      "doc_number": f"溪山{org['id']}发〔2025〕{i}号", "category": "其他文件"}
            pending_policy = (org, front["published"], f"p{i}")
        elif roll < 0.20:
            front |= {"attribute": "依申请公开", "attribute_basis": "《中华人民共和国政府信息公开条例》第十六条",
                      "attachments": [f"files/a{i}.csv"], "reviews": [{"date": "2026-01-10", "result": "维持不公开"}]}
            del front["published"]
            (folder / "files").mkdir(exist_ok=True)
            (folder / "files" / f"a{i}.csv").write_text(f"项目,金额\n内部数据{i},{i}\n", encoding="utf-8")
        elif roll < 0.6:
            front["type"] = "工作动态"
        body = _text(rnd, rnd.randint(1500, 3000))
        (folder / f"d{i:05d}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    if pending_policy is not None:  # the last policy needs an interpretation too
        org = pending_policy[0]
        text = (content / org["id"] / "2025" / f"d{n - 1:05d}.md").read_text(encoding="utf-8")
        (content / org["id"] / "2025" / f"d{n - 1:05d}.md").write_text(
            text.replace("type: 政策文件", "type: 政策文件\ninterpretation_exempt: 基准测试"), encoding="utf-8")
    config = dict(settings.raw)
    config["hooks"] = [str(settings.root / "hooks" / "portal_hooks.py")]
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = str(settings.root / str(theme.get("custom_dir") or "theme"))
    config["theme"] = theme
    config["site_name"] = "基准测试门户"
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bare = {"site_name": "bare", "docs_dir": "content", "site_dir": "site-bare",
            "theme": {"name": "material", "language": "zh", "font": False},
            "plugins": [{"search": {"separator": r"[\s\u200b\u3000\-、。，．？！；]+"}}],
            "nav": [{"首页": "index.md"}], "not_in_nav": "/*", "validation": {"nav": {"omitted_files": "ignore"}}}
    (target / "mkdocs-bare.yml").write_text(yaml.safe_dump(bare, allow_unicode=True), encoding="utf-8")


@dataclass
class Result:
    variant: str
    documents: int
    ok: bool
    seconds: float
    ms_per_document: float
    peak_rss_mb: float
    output_mb: float
    files: int
    search_index_mb: float
    largest_html_kb: float


def _measure(project: Path, config: str, site: str, n: int, variant: str) -> Result:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    command = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "mkdocs", "build", "-q", "-f", config,
               "-d", site]
    out = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("BENCH ")), "BENCH 1 0 0")
    _, rc, seconds, rss = line.split()
    site_dir = project / site
    sizes = [p.stat().st_size for p in site_dir.rglob("*") if p.is_file()] if site_dir.exists() else []
    html = [p.stat().st_size for p in site_dir.rglob("*.html")] if site_dir.exists() else []
    index = site_dir / "search" / "search_index.json"
    return Result(variant=variant, documents=n, ok=rc == "0", seconds=round(float(seconds), 1),
                  ms_per_document=round(float(seconds) * 1000 / max(n, 1), 1),
                  peak_rss_mb=round(int(rss) / 1024, 0), output_mb=round(sum(sizes) / 2**20, 1),
                  files=len(sizes), search_index_mb=round(index.stat().st_size / 2**20, 1) if index.exists() else 0,
                  largest_html_kb=round(max(html, default=0) / 1024, 0))


def run(settings: Settings, sizes: list[int], workdir: Path | None, keep: bool) -> list[Result]:
    base = workdir or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    results = []
    try:
        for n in sizes:
            project = base / f"n{n}"
            generate(settings, project, n)
            results.append(_measure(project, "mkdocs.yml", "site", n, "portal"))
            results.append(_measure(project, "mkdocs-bare.yml", "site-bare", n, "bare"))
            if not keep:
                shutil.rmtree(project, ignore_errors=True)
    finally:
        if not keep and workdir is None:
            shutil.rmtree(base, ignore_errors=True)
    return results


def table(results: list[Result]) -> str:
    head = "| 文档数 | 构建 | 成功 | 用时 (s) | 每文档 (ms) | 峰值内存 (MB) | 输出 (MB) | 文件数 | 搜索索引 (MB) | 最大页面 (KB) |"
    lines = [head, "|" + "---|" * 10]
    for r in results:
        lines.append(f"| {r.documents} | {r.variant} | {'是' if r.ok else '否'} | {r.seconds} | {r.ms_per_document} | "
                     f"{r.peak_rss_mb:.0f} | {r.output_mb} | {r.files} | {r.search_index_mb} | {r.largest_html_kb:.0f} |")
    return "\n".join(lines)


def as_json(results: list[Result]) -> str:
    return json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2)
