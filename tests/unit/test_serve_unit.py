"""The preview's decisions, without a build: when the old output may not be served, what a
failed build's output says, the address, the escaping of its own pages, and the version question
(one test over HTTP on a local port)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import portal_env, process_group

from disclosure_portal.model.problems import Problem
from disclosure_portal.serve import (
    VERSION_PATH,
    Preview,
    PreviewHandler,
    Shown,
    error_page,
    must_hide,
    parse_address,
    parse_output,
    reload_script,
)


def test_old_output_is_hidden_when_a_document_left_the_public_set():
    served = frozenset({"content/a.md", "content/b.md"})
    assert must_hide(served, frozenset({"content/a.md"}))  # b turned 不予公开 or was deleted
    assert must_hide(None, frozenset({"content/a.md"}))  # nothing known about the output
    # negative controls: an edit, or a new public document, keeps the old output meanwhile
    assert not must_hide(served, served)
    assert not must_hide(served, served | {"content/c.md"})


def test_failed_build_output_becomes_problems_and_notes():
    output = (
        "INFO    -  Building documentation...\n"
        "ERROR   -  content/mzj/2025/a.md:body: 链接“b/”指向非主动公开的文件（第 7 行）\n"
        "WARNING -  catalogs/orgs.yml:columns: 空白栏目\n"
        "泄露检查失败：/tmp/portal-serve-x/.site-build-1 中发现 1 处非公开内容：\n"
        "  content/x.md:title: 标题出现在输出中\n"
        "Aborted with a BuildError!\n"
        "构建失败，原网站 /tmp/portal-serve-x/site 保持不变。\n"
    )
    problems, notes = parse_output(output, hide="/tmp/portal-serve-x")
    assert problems == [
        Problem("content/mzj/2025/a.md", "body", "链接“b/”指向非主动公开的文件", 7),
        Problem("content/x.md", "title", "标题出现在输出中"),
    ]
    assert notes == []  # English lines and lines naming the preview's own folder are left out
    _, notes = parse_output("泄露检查失败：site 中发现 1 处非公开内容：\n")
    assert notes == ["泄露检查失败：site 中发现 1 处非公开内容："]


def test_address():
    assert parse_address("127.0.0.1:8001") == ("127.0.0.1", 8001)
    assert parse_address(":9000") == ("127.0.0.1", 9000)
    assert parse_address("[::1]:8000") == ("::1", 8000)
    for bad in ("localhost", "a:b", "1.2.3.4:70000"):
        with pytest.raises(ValueError, match="主机:端口"):
            parse_address(bad)


def test_error_page_escapes_every_value():
    problem = Problem("content/<i>x</i>.md", "<em>k</em>", '值“<script>alert("x")</script>”无效', 3)
    page = BeautifulSoup(error_page(Shown("errors", 4, (problem,))), "html.parser")
    assert page.find("i") is None and page.find("em") is None
    assert all("alert" not in s.get_text() for s in page.find_all("script"))
    cells = [td.get_text() for td in page.find_all("td")]
    assert cells == [
        "content/<i>x</i>.md",
        "<em>k</em>",
        "3",
        '值“<script>alert("x")</script>”无效',
    ]
    assert page.title.get_text() == "预览暂停：内容有 1 个错误"


def test_a_question_about_the_shown_version_is_answered_when_it_changes():
    """A page asks whether what it shows is still shown; the answer comes the moment a rebuild
    is shown (not at the page's next question), at once when it is already out of date, and
    when the preview stops."""
    preview = Preview(root=Path("."), target=Path("site"))
    preview.show("site")
    assert preview.shown_after(0, timeout=5).version == 1  # out of date already: at once
    answers: list[tuple[float, int]] = []

    def ask() -> None:
        shown = preview.shown_after(1, timeout=60)
        answers.append((time.monotonic(), shown.version))

    asking = threading.Thread(target=ask)
    asking.start()
    time.sleep(0.3)
    assert not answers  # held open while version 1 is shown
    changed = time.monotonic()
    preview.show("site")
    asking.join(timeout=10)
    assert answers and answers[0][1] == 2 and answers[0][0] >= changed
    held = threading.Thread(target=preview.shown_after, args=(2, 60))
    held.start()
    preview.stop()
    held.join(timeout=10)
    assert not held.is_alive()
    assert preview.shown_after(2, timeout=0.1).version == 2  # a timeout answers with it too


def test_the_version_question_over_http_holds_only_a_plain_number(tmp_path):
    """`?since=N` holds the question while N is shown; anything else is answered at once (a
    digit int() does not read, such as a superscript, is not a number here)."""
    preview = Preview(root=tmp_path, target=tmp_path / "site")
    preview.show("site")
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{VERSION_PATH}"
    try:
        for query in ("", "?since=%C2%B2", "?since=%D9%A1", "?since=-1", "?since=" + "9" * 30):
            started = time.monotonic()
            with urllib.request.urlopen(base + query, timeout=10) as answer:
                assert json.loads(answer.read()) == {"version": 1, "mode": "site"}
            assert time.monotonic() - started < 5, query
        with urllib.request.urlopen(base + "?since=0", timeout=10) as answer:  # out of date
            assert json.loads(answer.read())["version"] == 1
        held: list[dict] = []

        def ask() -> None:
            with urllib.request.urlopen(base + "?since=1", timeout=30) as answer:
                held.append(json.loads(answer.read()))

        asking = threading.Thread(target=ask)
        asking.start()
        time.sleep(0.5)
        assert not held  # held while version 1 is shown
        preview.show("errors")
        asking.join(timeout=10)
        assert held == [{"version": 2, "mode": "errors"}]
    finally:
        preview.stop()
        server.shutdown()
        server.server_close()


def test_the_reload_script_asks_about_its_own_version():
    script = reload_script(7)
    assert "var shown = 7;" in script and '"?since=" + shown' in script


def test_a_standby_build_builds_only_when_told(tmp_path):
    """The process for the next preview build waits, its modules imported; the preview's end
    (its input closed) ends it without building anything."""
    target = tmp_path / "site"
    waiting = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "disclosure_portal.previewbuild",
            str(tmp_path),
            str(target),
            "--standby",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    time.sleep(0.5)
    assert waiting.poll() is None  # waiting to be told
    output, _ = waiting.communicate(input="", timeout=60)  # the pipe closed
    assert waiting.returncode == 0 and not target.exists() and not list(tmp_path.iterdir())
    assert output == ""


def _standby_engine(told: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "disclosure_portal.engine.run", "--standby", "properdocs"],
        input=told,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=180,
        check=False,
    )


def test_the_preview_engine_started_ahead_runs_what_it_is_told_where_it_is_told(tmp_path):
    """The engine's process for the next preview build imports while it waits, then runs the
    command line it is given, in the folder and with the environment it is given (not those it
    was started with: every value the build sets there is read when the engine runs); told
    nothing, it ends."""
    ended = _standby_engine("", tmp_path)
    assert ended.returncode == 0 and ended.stdout == "" and ended.stderr == ""
    # where it waits: a configuration that cannot build; where it is told: one that builds
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    folder = tmp_path / "project"
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: !ENV [QX_PROBE, 未设置]\ntheme:\n  name: material\n", encoding="utf-8"
    )
    started = dict(os.environ, QX_PROBE="QX启动时的值")
    told = {
        "args": ["properdocs", "build", "-f", "mkdocs.yml", "-d", "out"],
        "env": dict(os.environ, QX_PROBE="QX告知的值"),
        "cwd": str(folder),
    }
    ran = _standby_engine(json.dumps(told) + "\n", tmp_path, started)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "Warning" not in ran.stderr  # runpy's, on an engine imported ahead of its run
    page = (folder / "out" / "index.html").read_text(encoding="utf-8")
    assert "QX告知的值" in page and "QX启动时的值" not in page
    assert not (tmp_path / "out").exists()


def test_the_preview_engine_started_ahead_logs_in_chinese(project):
    """The engine imported ahead (the portal's hook with it) before its own log handler exists:
    its log lines are still the portal's Chinese ones, as in a build's own process."""
    told = {
        "args": ["properdocs", "build", "-f", "mkdocs.yml", "-d", str(project.root / "out")],
        "env": portal_env(),
        "cwd": str(project.root),
    }
    ran = _standby_engine(json.dumps(told) + "\n", project.root, portal_env())
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "信息：开始生成网站" in ran.stderr and "网站生成完毕" in ran.stderr, ran.stderr
    assert "INFO" not in ran.stderr and "WARNING" not in ran.stderr, ran.stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_the_preview_engine_started_ahead_starts_the_scan_process_and_leaves_none(tmp_path):
    """The waiting engine starts the leak scan's process ahead too (it imports while nothing
    is built); told nothing, the engine ends and that process with it: nothing is left."""
    waiting = subprocess.Popen(
        [sys.executable, "-m", "disclosure_portal.engine.run", "--standby", "properdocs"],
        stdin=subprocess.PIPE,
        cwd=tmp_path,
        env=dict(os.environ, PORTAL_SCAN_WORKERS="1"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while len(process_group(waiting.pid)) < 2 and time.monotonic() < deadline:  # (and a tracker)
        time.sleep(0.1)
    assert len(process_group(waiting.pid)) >= 2
    waiting.stdin.close()
    assert waiting.wait(timeout=60) == 0
    deadline = time.monotonic() + 30
    while process_group(waiting.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_group(waiting.pid) == []
