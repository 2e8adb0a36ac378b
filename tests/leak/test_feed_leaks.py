"""Nothing of a withheld, scheduled or withdrawn document reaches a feed (feeds/) or an open-data
file (data/), and the leak check reads those files: a withheld title planted in a built feed, CSV
(with its BOM) or JSON export fails `portal check-site`."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import feedparser
import pytest
import yaml
from helpers import commit, doc, engine, find_markers, git, portal_env, public_notice
from servetools import stop_engine_serve

TODAY = "2026-11-30"
A = "content/mzj/2025/a.md"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("PORTAL_TODAY", TODAY)


def _notice(key: str, attribute: str = "主动公开", published: str = "2025-03-10", **extra) -> str:
    """A notice whose title, summary and 文号 carry markers made from `key`."""
    front = {
        "title": f"QXFEED{key}标题",
        "attribute": attribute,
        "org": "mzj",
        "type": "通知公告",
        "catalog": "fdzdgk-02",
        "doc_number": f"溪山民发〔2025〕QXFEED{key}号",
        "summary": f"QXFEED{key}内容概述",
        **extra,
    }
    if attribute == "主动公开":
        front["published"] = published
    else:
        front["attribute_basis"] = "《中华人民共和国政府信息公开条例》第十六条"
    return doc(front, f"QXFEED{key}正文，只在这一份文件中出现。\n")


def _markers(*keys: str) -> list[str]:
    return [m for k in keys for m in (f"QXFEED{k}标题", f"QXFEED{k}内容概述", f"QXFEED{k}号")]


def test_withheld_scheduled_and_withdrawn_documents_are_in_no_feed_and_no_data_file(project):
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = "https://xishan.example.gov.cn/"
    project.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    git(project.root, "init", "-q")
    commit(project, {}, "初始化", "2025-01-02")
    commit(project, {A: _notice("WITHDRAWN")}, "发布", "2025-03-10")
    withdrawn = _notice(
        "WITHDRAWN", attribute="不予公开", withdrawn={"date": "2025-04-02", "reason": "内容有误"}
    )
    commit(project, {A: withdrawn}, "撤回", "2025-04-02")
    commit(
        project,
        {
            "content/mzj/2025/r.md": _notice("ONREQUEST", attribute="依申请公开"),
            "content/mzj/2025/w.md": _notice("WITHHELD", attribute="不予公开"),
            "content/mzj/2025/s.md": _notice("SCHEDULED", published="2027-03-01"),
            "content/mzj/2025/p.md": _notice("PUBLIC", published="2025-05-01"),
        },
        "其他文件",
        "2025-05-01",
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    site = project.site
    assert (site / "mzj/2025/a/index.html").exists()  # the withdrawal notice
    outputs = [*(site / "feeds").rglob("*.xml"), *(site / "data").iterdir()]
    assert len(outputs) > 10
    # the positive control: the public notice is in the site's, its organisation's and its
    # type's feeds and in the documents export
    for feed in ("feeds/all.xml", "feeds/org/mzj.xml", "feeds/type/notices.xml"):
        parsed = feedparser.parse((site / feed).read_bytes())
        assert parsed.bozo == 0
        assert "QXFEEDPUBLIC标题" in [e.title for e in parsed.entries]
    assert "QXFEEDPUBLIC内容概述" in (site / "data/documents.csv").read_text(encoding="utf-8-sig")
    secret = [
        *_markers("WITHDRAWN", "ONREQUEST", "WITHHELD", "SCHEDULED"),
        "mzj/2025/a/",  # the withdrawn document's URL: its notice is in no feed or export
        "mzj/2025/r/",
        "mzj/2025/w/",
        "mzj/2025/s/",
    ]
    found = find_markers(site / "feeds", secret) + find_markers(site / "data", secret)
    assert found == []
    assert find_markers(site, _markers("ONREQUEST", "WITHHELD", "SCHEDULED", "WITHDRAWN")) == []
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    documents = json.loads((site / "data/documents.json").read_text(encoding="utf-8"))
    assert sorted(d["id"] for d in documents) == sorted(d["id"] for d in manifest["documents"])


def _check_site_catches(project, plants: dict[str, bytes]) -> None:
    """Plant each of `plants` at the end of its built file: `portal check-site` fails, naming
    every one of them (all findings at once); with the files restored it passes again."""
    originals = {rel: (project.site / rel).read_bytes() for rel in plants}
    for rel, planted in plants.items():
        (project.site / rel).write_bytes(originals[rel] + planted)
    try:
        result = project.portal("check-site", "site")
        assert result.returncode == 1, result.stdout
        named = {line.strip().partition(": ")[0] for line in result.stdout.splitlines()}
        assert [rel for rel in plants if rel not in named] == [], result.stdout
    finally:
        for rel, original in originals.items():
            (project.site / rel).write_bytes(original)
    assert project.portal("check-site", "site").returncode == 0


def test_a_withheld_title_planted_in_a_feed_or_an_export_fails_check_site(project):
    title = "QXFEEDPLANT秘密救助名单请示"
    project.write(
        {
            "content/mzj/2025/w.md": _notice("PLANT", attribute="依申请公开", title=title),
            "content/mzj/2025/p.md": public_notice(title="公开的通知", published="2025-05-01"),
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert project.portal("check-site", "site").returncode == 0
    entities = "".join(f"&#{ord(c)};" for c in title)  # as an XML serializer may write it
    entry = f"<entry><title>{entities}</title></entry>\n".encode()
    feed = (project.site / "feeds/all.xml").read_bytes()
    assert feed.count(b"</feed>") == 1
    raw = (project.site / "data/documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM hides nothing
    escaped = "".join(f"\\u{ord(c):04x}" for c in title)
    _check_site_catches(
        project,
        {
            "feeds/all.xml": entry,
            "feeds/type/notices.xml": f"<summary>{title}</summary>".encode(),
            "data/documents.csv": f'x,x/,"{title}",通知公告\r\n'.encode(),
            "data/documents.json": f'\n[{{"title": "{escaped}"}}]'.encode(),
        },
    )


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except OSError:
        return 0, b""  # not up yet, or held while a rebuild runs


def _wait(check, seconds: float = 90) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_serve_dirty_rewrites_feeds_and_exports_when_a_document_is_withdrawn(project):
    """`mkdocs serve --dirty` writes the feeds and the exports on every rebuild: a document
    withheld meanwhile leaves them at once (never a stale copy)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    title = "关于开展社会救助政策宣传月活动的通知"  # the base project's notice
    proc = subprocess.Popen(
        [sys.executable, "-m", engine(), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=portal_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait(lambda: title.encode() in _fetch(base + "feeds/all.xml")[1])
        assert title in _fetch(base + "data/documents.csv")[1].decode("utf-8-sig")
        project.write(
            {
                "content/mzj/2025/notice.md": public_notice(
                    attribute="不予公开", attribute_basis="第十六条"
                ),
                "content/mzj/2025/other.md": public_notice(title="另一份公开通知"),
            }
        )
        assert _wait(lambda: "另一份公开通知".encode() in _fetch(base + "feeds/all.xml")[1], 60)
        for path in ("feeds/all.xml", "feeds/org/mzj.xml", "data/documents.csv"):
            status, body = _fetch(base + path)
            assert status == 200 and title.encode() not in body, path
    finally:
        stop_engine_serve(proc)
