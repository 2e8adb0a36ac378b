"""Which engine `portal build` runs (ProperDocs preferred, PORTAL_ENGINE decides), and the engine's
log lines in Chinese (engine/messages.py)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import english_boilerplate, process_group

from disclosure_portal.engine import messages, select


def test_the_english_detector_fires_on_engine_lines_and_not_on_ours():
    engine = "INFO    -  Cleaning site directory\nINFO    -  Documentation built in 1.20 seconds"
    assert len(english_boilerplate(engine)) == 2
    ours = (
        "信息：开始生成网站，输出到 /tmp/pytest-of-root/site-build-abc/x\n"
        "警告：content/mzj/2025/a.md:attribute: 缺少公开属性（第 2 行）\n"
        "信息：搜索索引：8 个页面，分 1 片，索引程序合计运行 0.2 秒\n"
        "预览地址 http://127.0.0.1:8000/"
    )
    assert english_boilerplate(ours) == []


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("Cleaning site directory", "清空输出目录"),
        ("Building documentation to directory: /srv/x/site", "开始生成网站，输出到 /srv/x/site"),
        ("Documentation built in 12.34 seconds", "网站生成完毕，用时 12.34 秒"),
        ("Building documentation...", "正在生成网站……"),
        ("Serving on http://127.0.0.1:8000/", "预览地址 http://127.0.0.1:8000/（按 Ctrl+C 停止）"),
        ("[10:01:02] Detected file changes", "[10:01:02] 发现文件有改动，重新生成"),
        (
            "Aborted with 2 warnings in strict mode!",
            "严格模式（--strict）：有 2 个警告，构建已中止",
        ),
        ("Aborted with a BuildError!", "构建出错，已中止"),
    ],
)
def test_known_engine_lines_are_translated(english, chinese):
    assert messages.translate(english) == chinese
    assert english_boilerplate(messages.translate(english)) == []


def test_a_known_warning_keeps_its_file_and_link():
    text = messages.translate(
        "Doc file 'mzj/a.md' contains a link 'b.md', but the target 'mzj/b.md' is not found "
        "among documentation files."
    )
    assert "mzj/a.md" in text and "b.md" in text and "不在网站的文件中" in text


def test_unknown_english_is_prefixed_and_chinese_passes_unchanged():
    unknown = messages.translate("Some plugin said something new")
    assert unknown == messages.UNKNOWN + "Some plugin said something new"
    ours = "content/mzj/a.md:attribute: 缺少公开属性（第 2 行）"
    assert messages.translate(ours) == ours


def test_the_formatter_translates_level_and_message_and_leaves_the_record_alone():
    record = logging.LogRecord(
        "mkdocs.commands.build", logging.WARNING, "", 0, "Cleaning %s", ("site directory",), None
    )
    formatted = messages.ChineseFormatter().format(record)
    assert formatted == "警告：清空输出目录"
    assert record.levelname == "WARNING" and record.getMessage() == "Cleaning site directory"


def test_install_formats_only_the_engine_stream_handler():
    logger = logging.getLogger("mkdocs")
    stream, other = logging.StreamHandler(), logging.StreamHandler()
    stream.set_name("MkDocsStreamHandler")
    plain = logging.Formatter("%(message)s")
    other.setFormatter(plain)
    logger.addHandler(stream)
    logger.addHandler(other)
    try:
        messages.install()
        messages.install()  # twice is harmless
        assert isinstance(stream.formatter, messages.ChineseFormatter)
        assert other.formatter is plain
    finally:
        logger.removeHandler(stream)
        logger.removeHandler(other)


def test_properdocs_is_preferred_when_both_are_installed(monkeypatch):
    monkeypatch.delenv(select.ENVIRONMENT, raising=False)
    monkeypatch.setattr(select, "installed_engines", lambda: ["properdocs", "mkdocs"])
    assert select.engine_name() == "properdocs"
    monkeypatch.setattr(select, "installed_engines", lambda: ["mkdocs"])
    assert select.engine_name() == "mkdocs"


def test_portal_engine_chooses_and_is_checked(monkeypatch):
    monkeypatch.setattr(select, "installed_engines", lambda: ["mkdocs"])
    monkeypatch.setenv(select.ENVIRONMENT, "mkdocs")
    assert select.engine_name() == "mkdocs"
    monkeypatch.setenv(select.ENVIRONMENT, "properdocs")
    with pytest.raises(select.EngineError, match="没有安装 properdocs"):
        select.engine_name()
    monkeypatch.setenv(select.ENVIRONMENT, "hugo")
    with pytest.raises(select.EngineError, match="不是可用的构建引擎"):
        select.engine_name()
    monkeypatch.delenv(select.ENVIRONMENT)
    monkeypatch.setattr(select, "installed_engines", lambda: [])
    with pytest.raises(select.EngineError, match="没有安装构建引擎"):
        select.engine_name()


def test_the_build_command_names_the_engine_and_the_configuration(tmp_path):
    command = select.build_command("mkdocs.yml", tmp_path, strict=True, engine="properdocs")
    assert command[1:5] == ["-m", "disclosure_portal.engine.run", "properdocs", "build"]
    assert command[command.index("-f") + 1] == "mkdocs.yml"  # no "rename to properdocs.yml"
    assert command[-1] == "--strict"
    assert select.engine_environment()["NO_MKDOCS_2_WARNING"] == "1"


ENGINE_MAIN = """
import atexit, sys, threading, time
from pathlib import Path

out = Path(sys.argv[1])
atexit.register(lambda: (out / "atexit").write_text("ran", encoding="utf-8"))


def late():
    time.sleep(0.3)
    (out / "thread").write_text("joined", encoding="utf-8")


threading.Thread(target=late).start()
sys.stdout.write("未换行的输出")  # buffered: lost unless flushed before the process ends
if sys.argv[2] == "text":
    sys.exit("引擎失败")
sys.exit(int(sys.argv[2]))
"""


@pytest.mark.parametrize(("given", "code"), [("0", 0), ("3", 3), ("text", 1)])
def test_the_engine_runs_as_python_m_would_and_leaves_with_its_exit_code(tmp_path, given, code):
    """`portal build` runs the engine through engine/run.py, which skips freeing the build's
    objects at the end: the exit code is the engine's, what it printed is flushed, its threads
    are joined and its exit functions run first, as in an ordinary exit."""
    package = tmp_path / "fake_engine"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "__main__.py").write_text(ENGINE_MAIN, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    env.pop("PYTHONUNBUFFERED", None)  # the engine's output is buffered, as in CI
    result = subprocess.run(
        [sys.executable, "-m", select.RUNNER, "fake_engine", str(out), given],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=60,
    )
    assert result.returncode == code
    assert result.stdout == "未换行的输出"
    assert ("引擎失败" in result.stderr) == (given == "text")
    assert (out / "atexit").read_text(encoding="utf-8") == "ran"
    assert (out / "thread").read_text(encoding="utf-8") == "joined"


AHEAD_ENGINE = """
import sys
from pathlib import Path

scanner = sys.modules.get("disclosure_portal.verify.scanner")
ahead = scanner._AHEAD[0] if scanner is not None and scanner._AHEAD else None
found = "none" if ahead is None else ("running" if ahead.running() else "stopped")
Path(sys.argv[2]).write_text(found, encoding="utf-8")
if sys.argv[3] == "take":  # as the hook does when the content is read
    taken = scanner.take_ahead()
    taken.close()
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(
    ("command", "taken"), [("build", "take"), ("build", "leave"), ("serve", "leave")]
)
def test_a_build_starts_its_scan_process_before_the_engine_loads_and_leaves_none(
    tmp_path, command, taken
):
    """engine/run.py starts a build's leak-scan process before the engine's own imports (the
    hook takes it once the content is read); one no build took is ended before the engine's
    process leaves, and no other command gets one."""
    package = tmp_path / "ahead_engine"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "__main__.py").write_text(AHEAD_ENGINE, encoding="utf-8")
    out = tmp_path / "found"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    env["PORTAL_SCAN_WORKERS"] = "1"
    engine = subprocess.Popen(
        [sys.executable, "-m", select.RUNNER, "ahead_engine", command, str(out), taken],
        env=env,
        start_new_session=True,
    )
    assert engine.wait(timeout=120) == 0
    assert out.read_text(encoding="utf-8") == ("running" if command == "build" else "none")
    deadline = time.monotonic() + 30
    while process_group(engine.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert process_group(engine.pid) == []


def test_portal_build_starts_the_engine_before_it_imports_the_pipeline():
    """`portal build` imports what it needs to start the engine (the command line, the settings,
    the publishing step) without the validation pipeline, the reports or the preview server;
    the package's public names still come on first use."""
    code = (
        "import sys\n"
        "import disclosure_portal.cli, disclosure_portal.read.settings\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('disclosure_portal'))))\n"
        "import disclosure_portal as p\n"
        "from disclosure_portal import load_site, Settings\n"
        "assert p.load_site is load_site and 'decide' in dir(p)\n"
        "try:\n"
        "    p.no_such_name\n"
        "except AttributeError:\n"
        "    print('AttributeError')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded, error = result.stdout.split("\n")[:2]
    assert error == "AttributeError"
    modules = set(loaded.split())
    assert "disclosure_portal.publishing" in modules
    for heavy in (
        "disclosure_portal.project",
        "disclosure_portal.plan.build",
        "disclosure_portal.verify.leakcheck",
        "disclosure_portal.verify.output",
        "disclosure_portal.serve",
        "disclosure_portal.report.audit",
    ):
        assert heavy not in modules, heavy


def test_the_engine_leaves_reused_pages_out_only_where_no_plugin_but_search_is_named(tmp_path):
    """`portal build` runs the engine with --dirty for the hook to leave the build cache's pages
    out of its loops only when mkdocs.yml names no plugin but search (MkDocs' default list)."""
    alone = select.plugins_leave_pages_alone
    assert alone({}) and alone({"plugins": None}) and alone({"plugins": []})
    assert alone({"plugins": ["search"]}) and alone({"plugins": [{"search": {"lang": "zh"}}]})
    assert alone({"plugins": {"material/search": {}}})
    assert not alone({"plugins": ["search", "redirects"]})
    assert not alone({"plugins": [{"material/social": {}}]}) and not alone({"plugins": "search"})
    # entries the engine would refuse are not known to leave pages alone (never an exception)
    assert not alone({"plugins": [{"search": {}, "tags": {}}]})
    assert not alone({"plugins": [["search"]]}) and not alone({"plugins": [None, 3]})
    command = select.build_command("mkdocs.yml", tmp_path, engine="properdocs", leave_out=True)
    assert "--dirty" in command and "--clean" not in command
