"""The Pagefind service client (verify/pagefindsvc.py): the URLs it gives pages, the files it writes
whole, the failures it reports in Chinese."""

from __future__ import annotations

import gzip
import json

import pytest

from disclosure_portal.verify import pagefindsvc
from disclosure_portal.verify.search import LANGUAGE, UNUSED, executable

PAGE = (
    '<!doctype html><html lang="zh"><head><title>x</title></head><body>'
    "<article data-pagefind-body><h1>{0}</h1><p>{0}的正文。</p></article></body></html>"
)


def test_page_urls_are_those_pagefind_gives_a_folder_s_pages():
    assert pagefindsvc.page_url("index.html") == "/"
    assert pagefindsvc.page_url("mzj/2025/dibao/index.html") == "/mzj/2025/dibao/"
    assert pagefindsvc.page_url("404.html") == "/404.html"
    assert pagefindsvc.page_url("a/myindex.html") == "/a/myindex.html"


def test_the_files_come_whole_and_without_pagefind_s_own_interfaces(tmp_path):
    """The index's files are fetched over the pipe and written here (the service's own writing
    ends before its last file is on disk): every compressed file reads to its end, the pages are
    those added, a page added again replaces the first and a placeholder leaves no page."""
    service = pagefindsvc.Service(executable(), LANGUAGE)
    try:
        service.add("/a/", PAGE.format("甲页"))
        service.add("/b/", pagefindsvc.PLACEHOLDER)
        service.add("/c/", PAGE.format("丙页"))
        service.add("/a/", PAGE.format("甲页改过"))
        written = service.wait(service.request_files(tmp_path, UNUSED), 120)
    finally:
        service.close()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == len(files) and (tmp_path / "pagefind.js").stat().st_size > 0
    assert not {p.name for p in files} & UNUSED
    fragments = {}
    for path in files:
        if path.suffix.startswith(".pf_"):
            data = gzip.decompress(path.read_bytes())  # a cut file fails here
            assert data.startswith(b"pagefind_dcd")
            if path.suffix == ".pf_fragment":
                record = json.loads(data.removeprefix(b"pagefind_dcd"))
                fragments[record["url"]] = record["content"]
    assert set(fragments) == {"/a/", "/c/"}
    assert "改过" in fragments["/a/"]
    assert service.cpu_seconds > 0


def test_an_error_reply_fails_the_wait_in_chinese(tmp_path):
    service = pagefindsvc.Service(executable(), LANGUAGE)
    try:
        service._post({"type": "AddFile", "index_id": 99, "url": "/x/", "file_contents": "x"})
        with pytest.raises(pagefindsvc.ServiceError, match="搜索索引生成失败"):
            service.wait(service.request_files(tmp_path), 120)
    finally:
        service.close()


def test_a_service_that_dies_is_reported_not_waited_for(tmp_path):
    service = pagefindsvc.Service(executable(), LANGUAGE)
    try:
        service.process.kill()
        service.process.wait()
        with pytest.raises(pagefindsvc.ServiceError, match="搜索索引程序意外退出"):
            service.add("/a/", PAGE.format("甲页"))
            service.wait(service.request_files(tmp_path), 120)
    finally:
        service.close()


def test_file_names_outside_the_output_are_refused(tmp_path):
    for name in ("../escape.js", "/etc/x", ""):
        payload = {"files": [{"path": name, "content": "eA=="}]}
        with pytest.raises(ValueError, match="文件名不可用"):
            pagefindsvc._write_files(payload, tmp_path / "out", frozenset())
    assert not (tmp_path / "escape.js").exists()


def test_a_service_that_never_answers_is_given_up_and_ended(tmp_path):
    """A Pagefind that starts but never answers (a wrong binary, a stuck machine) fails the
    index in Chinese after the start's time limit, and its process is ended, not left behind."""
    import time
    from pathlib import Path

    pid_file = tmp_path / "pid"
    script = tmp_path / "pagefind"
    script.write_text(f'#!/bin/sh\necho $$ > "{pid_file}"\nexec sleep 60\n', encoding="utf-8")
    script.chmod(0o755)
    started = time.monotonic()
    with pytest.raises(pagefindsvc.ServiceError, match="1 秒内没有完成"):
        pagefindsvc.Service(script, LANGUAGE, timeout=1)
    assert time.monotonic() - started < 15
    pid = int(pid_file.read_text(encoding="utf-8"))
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text()


def test_a_page_read_by_pagefind_is_indexed_as_the_same_page_given_as_text(tmp_path):
    """A page at a plain path is read by Pagefind itself (no copy through the build's process):
    the index is the same bytes as with the page's text handed over; a path where Pagefind
    finds no page fails the index; paths with a glob character are not plain."""
    root = tmp_path / "site"
    rels = ["a-b/2025/d1/index.html", "政务公开/通知.html", "index.html"]
    for rel in rels:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(PAGE.format(rel), encoding="utf-8")
    trees = []
    for by_path in (True, False):
        service = pagefindsvc.Service(executable(), LANGUAGE)
        output = tmp_path / f"out-{by_path}"
        try:
            for rel in sorted(rels):
                if by_path:
                    service.add_file(root, rel)
                else:
                    service.add(pagefindsvc.page_url(rel), (root / rel).read_text("utf-8"))
            service.wait(service.request_files(output, UNUSED), 120)
        finally:
            service.close()
        trees.append(
            {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
        )
    assert trees[0] == trees[1] and len(trees[0]) > 5
    service = pagefindsvc.Service(executable(), LANGUAGE)
    try:
        service.add_file(root, "missing/index.html")
        with pytest.raises(pagefindsvc.ServiceError, match=r"没有读到页面 missing/index\.html"):
            service.wait(service.request_files(tmp_path / "out-missing"), 120)
    finally:
        service.close()
    assert pagefindsvc.is_plain("政务公开/2025/d-1_x.y/index.html")
    not_plain = ("a b/index.html", "a*/index.html", "[x]/i.html", "{a,b}.html", "/abs.html", "")
    outside = ("../up/index.html", "a/../../b.html", "./a.html", "a//b.html", "a/")
    for rel in not_plain + outside:
        assert not pagefindsvc.is_plain(rel), rel
