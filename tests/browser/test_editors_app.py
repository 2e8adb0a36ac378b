"""The editors' app in Debian's chromium (issue 21): `portal init`, then `portal cms --local`,
against a local git repository through Decap's own local proxy (decap-server, installed from
tests/cms/package-lock.json by scripts/test.sh). A 政策解读 of the example policy and a withheld
依申请公开 document with an attachment are created in the forms and saved; `portal validate`
passes on what the app wrote, which reads back as typed. The app shows Chinese and no request
leaves the machine. Screenshots of the forms at desktop width are kept in test-artifacts/."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
import yaml
from helpers import ROOT, git, portal_env
from servetools import free_port

from disclosure_portal.read.frontmatter import split_front_matter

CHROMIUM = Path("/usr/bin/chromium")
DECAP_SERVER = ROOT / "tests/cms/node_modules/decap-server/dist/index.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENS = Path(os.environ.get("PORTAL_CMS_SCREENS", ARTIFACTS / "cms"))
LOCAL = {"127.0.0.1", "localhost", "[::1]"}
PDF = b"%PDF-1.4\n% attachment uploaded through the app\n%%EOF\n"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".yml": "text/yaml",
    }

    def log_message(self, *args) -> None:
        pass


def _portal(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", *args],
        cwd=cwd,
        env=portal_env(),
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: scripts/test.sh installs it")
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.exists():
        pytest.fail("Node.js or tests/cms/node_modules is missing: scripts/test.sh installs them")
    base = tmp_path_factory.mktemp("cms")
    repo, out = base / "xq", base / "app"
    assert _portal(base, "init", str(repo)).returncode == 0
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "portal init")
    made = _portal(repo, "cms", str(out), "--local")
    assert made.returncode == 0, made.stdout + made.stderr
    plain = base / "plain"  # `portal cms OUT` as a new repository has it: the git host's login
    assert _portal(repo, "cms", str(plain)).returncode == 0
    proxy_port = free_port()
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["local_backend"] is True
    config["local_backend"] = {"url": f"http://localhost:{proxy_port}/api/v1"}  # a free port
    (out / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    log = (base / "decap-server.log").open("w")
    proxy = subprocess.Popen(
        [node, str(DECAP_SERVER)],
        cwd=repo,
        env=dict(os.environ, PORT=str(proxy_port), GIT_REPO_DIRECTORY=str(repo)),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(out))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    plain_server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(plain))
    )
    threading.Thread(target=plain_server.serve_forever, daemon=True).start()
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://localhost:{proxy_port}/api/v1", timeout=2)
        except urllib.error.HTTPError:
            break  # it answers (a GET of the API is refused: it is up)
        except OSError:
            assert proxy.poll() is None, (base / "decap-server.log").read_text()
            assert time.monotonic() < deadline, "decap-server did not start"
            time.sleep(0.3)
            continue
        break
    (base / "fujian.pdf").write_bytes(PDF)
    yield {
        "url": f"http://localhost:{server.server_address[1]}/",
        "repo": repo,
        "pdf": base / "fujian.pdf",
        "plain": f"http://localhost:{plain_server.server_address[1]}/",
    }
    plain_server.shutdown()
    server.shutdown()
    proxy.terminate()
    proxy.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def _open(browser, app, hosts: set[str] | None = None):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    if hosts is not None:
        page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url))
    page.goto(app["url"])
    page.get_by_role("button", name="登录").click()
    page.get_by_text("全部文件").first.wait_for(timeout=60000)
    return page


def _pick(page, name: str, text: str) -> None:
    """Choose the option of a select or relation field whose label contains `text`."""
    box = page.locator(f"[id^='{name}-field']").first
    box.click()
    box.fill(text)
    page.locator("[class*='option']").filter(has_text=text).first.wait_for(timeout=30000)
    page.keyboard.press("Enter")


def _add_item(page, label: str, appears, tries: int = 3) -> None:
    """Click a list widget's add button until the new item's control `appears`: under load the
    first click can land before the app listens to it (twice in a dozen runs of the suite, the
    item never came; not reproduced alone)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        page.get_by_text(label).click()
        try:
            appears.first.wait_for(timeout=10000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def _body(page, *lines: str) -> None:
    page.locator("[data-slate-editor='true']").first.click()
    for i, line in enumerate(lines):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def _screenshot(page, name: str) -> None:
    """The form from its top, at desktop width (kept for people to look at)."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.locator("[id^='title-field']").first.scroll_into_view_if_needed()
    page.mouse.wheel(0, -5000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENS / name))


def _publish(page) -> None:
    page.get_by_text("发布", exact=True).first.click()
    page.get_by_text("立即发布").first.click()


def _written(repo: Path, before: set[Path], title: str) -> Path:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for path in set((repo / "content").rglob("*.md")) - before:
            if title in path.read_text(encoding="utf-8"):
                return path
        time.sleep(0.3)
    raise AssertionError(f"the app wrote no file titled {title}")


def _validate(repo: Path) -> subprocess.CompletedProcess:
    return _portal(repo, "validate")


def test_app_shows_chinese_and_no_request_leaves_the_machine(browser, app):
    hosts: set[str] = set()
    page = _open(browser, app, hosts)
    text = page.locator("body").inner_text()
    for label in ("政策文件", "政策解读", "通知公告", "全部文件"):
        assert label in text
    page.goto(app["url"] + "#/collections/policies/new")
    page.get_by_text("公开属性").first.wait_for()
    page.wait_for_timeout(1500)
    assert "必填" in page.locator("body").inner_text()
    _screenshot(page, "policy-form.png")
    page.close()
    assert hosts and hosts <= LOCAL, hosts


def test_app_of_a_new_repository_opens_in_chinese_without_leaving_the_machine(browser, app):
    hosts: set[str] = set()
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname or r.url))
    page.goto(app["plain"])
    button = page.get_by_role("button").filter(has_text="GitLab")
    button.first.wait_for(timeout=60000)
    assert "登录" in button.first.inner_text()
    page.close()
    assert hosts and hosts <= LOCAL, hosts


def test_interpretation_of_the_example_policy(browser, app):
    repo = app["repo"]
    before = set((repo / "content").rglob("*.md"))
    page = _open(browser, app)
    page.goto(app["url"] + "#/collections/interpretations/new")
    title = "《关于进一步做好政务公开工作的通知》图解"
    page.locator("[id^='title-field']").fill(title)
    _pick(page, "attribute", "主动公开")
    _pick(page, "org", "bgs")
    _pick(page, "catalog", "fdzdgk-04")
    _pick(page, "interprets", "进一步做好政务公开")
    _pick(page, "form", "图表图解")
    page.locator("[id^='index_no-field']").fill("11500299009134283G/2026-00010")
    page.locator("[id^='published-field']").fill("2026-02-04")
    _body(page, "联系地址：示例区人民路1号", "邮政编码：000000")
    _screenshot(page, "interpretation-form.png")
    _publish(page)
    path = _written(repo, before, title)
    page.close()
    fm = split_front_matter(path.read_text(encoding="utf-8"))
    assert fm.problems == []
    assert fm.meta["interprets"] in (["zwgk-tongzhi-2026"], "zwgk-tongzhi-2026")
    assert fm.meta["published"] == "2026-02-04"  # a date, as typed, without a time
    assert fm.meta["index_no"] == "11500299009134283G/2026-00010"
    assert fm.meta["type"] == "政策解读" and fm.meta["org"] == "bgs"
    assert path.parent == repo / "content" / "bgs" / path.parent.name
    result = _validate(repo)
    assert result.returncode == 0 and "0 个错误" in result.stdout, result.stdout


def test_withheld_document_with_an_attachment(browser, app):
    repo = app["repo"]
    before = set((repo / "content").rglob("*.md"))
    page = _open(browser, app)
    page.goto(app["url"] + "#/collections/notices/new")
    title = "关于某企业政府信息公开申请的答复材料"
    page.locator("[id^='title-field']").fill(title)
    _pick(page, "attribute", "依申请公开")
    page.locator("[id^='attribute_basis-field']").fill("《中华人民共和国政府信息公开条例》第十六条")
    _pick(page, "org", "bgs")
    _pick(page, "catalog", "fdzdgk-18")
    page.locator("[id^='doc_number-field']").fill("示例府办函〔2026〕3号")
    _add_item(page, "新增附件", page.get_by_role("button", name="选择文件"))
    page.get_by_role("button", name="选择文件").first.click()
    with page.expect_file_chooser() as chooser:
        page.get_by_text("上传", exact=True).click()
    chooser.value.set_files(str(app["pdf"]))
    page.get_by_role("button", name="选用已选中项目").click()
    page.locator("[id^='title-field']").nth(1).fill("附件1：答复材料")
    _body(page, "本件依申请提供。")
    _screenshot(page, "withheld-form.png")
    _publish(page)
    path = _written(repo, before, title)
    page.close()
    fm = split_front_matter(path.read_text(encoding="utf-8"))
    assert fm.problems == []
    assert fm.meta["attribute"] == "依申请公开"
    assert fm.meta["doc_number"] == "示例府办函〔2026〕3号"
    assert fm.meta["attachments"] == [{"path": "fujian.pdf", "title": "附件1：答复材料"}]
    deadline = time.monotonic() + 30
    while not (path.parent / "fujian.pdf").exists() and time.monotonic() < deadline:
        time.sleep(0.3)
    assert (path.parent / "fujian.pdf").read_bytes() == PDF  # beside the document
    result = _validate(repo)
    assert result.returncode == 0, result.stdout
    assert "个不发布" in result.stdout
