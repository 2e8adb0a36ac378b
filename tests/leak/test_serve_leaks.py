"""`mkdocs serve` and its rebuilds publish nothing non-public."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser

import pytest
from helpers import MARKERS, engine, portal_env, public_notice, readable_forms
from servetools import stop_engine_serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_serve_carries_no_marker(leaky):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", engine(), "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=leaky.root,
        env=portal_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if _fetch(base)[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not start")
        seen, queue, bodies = set(), ["", "sitemap.xml", "search/search_index.json", "404.html"], {}
        while queue and len(seen) < 400:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            status, body = _fetch(base + path)
            if status != 200:
                continue
            bodies[path] = body
            if path.endswith((".html", "/")) or path == "":
                parser = _Links()
                parser.feed(body.decode("utf-8", errors="ignore"))
                for link in parser.links:
                    if link.startswith(("http:", "https:", "//", "#", "mailto:", "data:")):
                        continue
                    target = urllib.parse.urljoin(base + path, link).split("#")[0].split("?")[0]
                    if target.startswith(base):
                        queue.append(target[len(base) :])
        assert len(bodies) > 10
        for path, body in bodies.items():
            text = re.sub(r"\s+", "", readable_forms(path, body))
            for marker in MARKERS.values():
                assert marker not in text, (path, marker)
        # the withheld pages and files are not served at all
        for path in (
            f"mzj/2025/{MARKERS['file']}/",
            "qsz/2025/request/",
            f"mzj/2025/files/{MARKERS['attachment']}.csv",
        ):
            assert _fetch(base + path)[0] == 404, path
        # the preview builds no search index, and its search box says so
        assert b'data-portal-search="preview"' in bodies[""]
        assert _fetch(base + "pagefind/pagefind.js")[0] == 404
    finally:
        stop_engine_serve(proc)


def test_serve_empties_the_preview_when_a_rebuild_fails(project):
    """Withdrawing a document in a way that fails validation must not leave it in the preview."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", engine(), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=portal_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if _fetch(base + "mzj/2025/notice/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not start")
        # withdrawn, but without attribute_basis: an error, so the rebuild fails; MkDocs then holds
        # every request until a build succeeds, and the hook has emptied the preview: either way
        # the withdrawn page is not served. Two answers in a row that are not the page (a request
        # held for 3 s twice is held until a build succeeds, and none will before the next edit;
        # one slow answer from a busy machine alone is not taken for it)
        project.write({"content/mzj/2025/notice.md": public_notice(attribute="不予公开")})
        deadline = time.time() + 60
        answers = [200]
        while time.time() < deadline and 200 in answers[-2:]:
            time.sleep(0.3)
            try:
                answers.append(_fetch(base + "mzj/2025/notice/", timeout=3)[0])
            except OSError:
                answers.append(0)  # held: no answer
        assert 200 not in answers[-2:], answers
        # once the withdrawal is valid, the rebuilt preview answers again, without the page
        project.write(
            {
                "content/mzj/2025/notice.md": public_notice(
                    attribute="不予公开", attribute_basis="第十六条"
                )
            }
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            time.sleep(0.3)
            try:
                if _fetch(base)[0] == 200:
                    break
            except OSError:
                continue
        assert _fetch(base + "mzj/2025/notice/")[0] == 404
    finally:
        stop_engine_serve(proc)


def test_serve_dirty_drops_a_withdrawn_page(project):
    """`mkdocs serve --dirty` re-renders only changed pages; a page withdrawn (validly) meanwhile
    must not stay in the preview folder, and the rest of the preview keeps working."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", engine(), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=portal_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                if _fetch(base + "mzj/2025/notice/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not start")
        project.write(
            {
                "content/mzj/2025/notice.md": public_notice(
                    attribute="不予公开", attribute_basis="第十六条"
                )
            }
        )
        deadline = time.time() + 60
        status = 200
        while time.time() < deadline and status == 200:
            time.sleep(0.3)
            try:
                status = _fetch(base + "mzj/2025/notice/")[0]
            except OSError:
                status = 0
        assert status == 404
        assert _fetch(base)[0] == 200  # not emptied: the stale page was removed before the build
    finally:
        stop_engine_serve(proc)


def test_serve_dirty_rerenders_the_pages_that_show_a_changed_document(project):
    """Under --dirty only pages whose source changed are rendered, plus those that show a document
    whose front matter changed: a policy's new title reaches its interpretation's page."""
    from helpers import INTERP_PATH, POLICY_PATH
    from helpers import linshi_interpretation as interpretation
    from helpers import linshi_policy as policy

    project.write({POLICY_PATH: policy(), INTERP_PATH: interpretation()})
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", engine(), "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=portal_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def interpretation_page() -> str:
        try:
            status, body = _fetch(base + "mzj/2025/interp/")
        except OSError:
            return ""
        return body.decode("utf-8") if status == 200 else ""

    try:
        deadline = time.time() + 90
        while "溪山区临时救助实施细则" not in interpretation_page():
            if time.time() > deadline:
                pytest.fail("mkdocs serve did not start")
            time.sleep(0.5)
        project.write({POLICY_PATH: policy(title="溪山区临时救助实施细则（二〇二五年修订）")})
        deadline = time.time() + 60
        while "二〇二五年修订" not in interpretation_page():
            if time.time() > deadline:
                pytest.fail("the interpretation's page still shows the policy's old title")
            time.sleep(0.3)
    finally:
        stop_engine_serve(proc)
