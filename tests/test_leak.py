"""Fail closed: nothing of a non-public document reaches `mkdocs build` or `mkdocs serve` output."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import _env, doc, public_notice
from leakutil import find_markers, readable_forms

pytestmark = pytest.mark.build

# Every field, the body, the id, the file names and the attachments of the non-public documents
# carry a marker that occurs nowhere else.
MARKERS = {
    "title": "QXTITLE机密标题甲",
    "doc_number": "溪山民发〔2025〕QXDOCNO号",
    "index_no": "11500299009134523B/2025-77777",
    "id": "qx-secret-id",
    "summary": "QXSUMMARY内部概述乙",
    "attribute_basis": "QXBASIS《条例》第十六条",
    "topic": "QXTOPIC内部主题",
    "issuer": "QXISSUER内部发文机关",
    "body": "QXBODY这是一段只在不予公开文件正文中出现的句子",
    "note": "QXNOTE维持不公开的理由",
    "file": "qxsecretfile",
    "attachment": "qxsecretattach",
    "attachment_body": "QXATTACHBODY附件里的内部数据",
    "request_title": "QXREQUEST依申请公开的标题丙",
    "request_body": "QXREQBODY依申请公开文件的正文内容",
    "broken_title": "QXBROKEN格式错误文件的标题",
    "exempt": "QXEXEMPT不需解读的内部理由",
    "drafter_note": "QXWRITTENBY内部起草说明",
    "withheld_interpretation": "QXINTERP内部解读标题丁",
}


def secret_files() -> dict[str, str | bytes]:
    withheld = doc(
        {
            "title": MARKERS["title"],
            "id": MARKERS["id"],
            "attribute": "不予公开",
            "attribute_basis": MARKERS["attribute_basis"],
            "org": "mzj",
            "type": "政策文件",
            "catalog": "shjz-01",
            "doc_number": MARKERS["doc_number"],
            "index_no": MARKERS["index_no"],
            "written": "2025-03-01",
            "topic": MARKERS["topic"],
            "issuer": MARKERS["issuer"],
            "summary": MARKERS["summary"],
            "attachments": [f"files/{MARKERS['attachment']}.csv"],
            "reviews": [{"date": "2025-12-01", "result": "维持不公开", "note": MARKERS["note"]}],
            "interpretation_exempt": MARKERS["exempt"],
        },
        f"{MARKERS['body']}。\n\n## {MARKERS['drafter_note']}\n\n（此件不予公开）\n",
    )
    on_request = doc(
        {
            "title": MARKERS["request_title"],
            "attribute": "依申请公开",
            "attribute_basis": "第十六条",
            "org": "qsz",
            "type": "通知公告",
            "catalog": "fdzdgk-02",
            "attachments": ["shared.pdf"],
        },
        f"{MARKERS['request_body']}。\n",
    )
    return {
        f"content/mzj/2025/{MARKERS['file']}.md": withheld,
        f"content/mzj/2025/files/{MARKERS['attachment']}.csv": f"项目,金额\n{MARKERS['attachment_body']},1\n",
        "content/qsz/2025/request.md": on_request,
        # an attachment a public document also uses is public, not a fingerprint
        "content/qsz/2025/shared.pdf": b"%PDF-1.4\nshared attachment\n" + b"1" * 100,
        "content/qsz/2025/public.md": public_notice(
            title="青石镇公开通知", org="qsz", attachments=["shared.pdf"]
        ),
        # a public policy with a public and a withheld interpretation: the policy page, the 政策解读
        # column and its form and organisation pages must show only the public one
        "content/qsz/2025/pp.md": doc(
            {
                "title": "青石镇公开政策",
                "id": "qsz-pp",
                "attribute": "主动公开",
                "org": "qsz",
                "type": "政策文件",
                "catalog": "shjz-01",
                "written": "2025-03-01",
                "published": "2025-03-03",
            },
            "政策正文。\n",
        ),
        "content/qsz/2025/pi.md": doc(
            {
                "title": "青石镇公开政策解读",
                "attribute": "主动公开",
                "org": "qsz",
                "type": "政策解读",
                "catalog": "shjz-01",
                "interprets": "qsz-pp",
                "form": "简明问答",
                "published": "2025-03-04",
            },
            "解读正文。\n",
        ),
        "content/qsz/2025/wi.md": doc(
            {
                "title": MARKERS["withheld_interpretation"],
                "attribute": "依申请公开",
                "attribute_basis": "第十六条",
                "org": "qsz",
                "type": "政策解读",
                "catalog": "shjz-01",
                "interprets": "qsz-pp",
                "form": "图表图解",
            },
            "内部解读正文。\n",
        ),
    }


@pytest.fixture
def leaky(project):
    return project.write(secret_files())


def test_build_output_carries_no_marker(leaky):
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert find_markers(leaky.site, list(MARKERS.values())) == []
    assert (leaky.site / "qsz/2025/shared.pdf").exists()
    assert (leaky.site / "qsz/2025/public/index.html").exists()
    assert (leaky.site / "interpretations/qa/index.html").exists()
    assert (leaky.site / "disclosure/qsz/interpretations/index.html").exists()
    assert list(
        (leaky.site / "pagefind/fragment").iterdir()
    )  # the search index was there to be scanned
    assert not (leaky.site / "interpretations/graphic").exists()  # the only 图表图解 is withheld
    for page in (
        "catalog/index.html",
        "catalog/shjz/index.html",
        "catalog/shjz/shjz-01/index.html",
        "disclosure/index.html",
        "disclosure/mzj/index.html",
        "disclosure/mzj/all/index.html",
        "disclosure/qsz/statutory/index.html",
    ):
        assert (leaky.site / page).exists(), page  # generated pages were there to be scanned


def test_broken_front_matter_never_publishes(project):
    project.write(
        {
            "content/mzj/2025/broken.md": f"---\ntitle: {MARKERS['broken_title']}\nattribute: [主动公开\n---\n正文\n"
        }
    )
    result = project.mkdocs("build")
    assert result.returncode != 0
    assert not project.site.exists() or find_markers(project.site, [MARKERS["broken_title"]]) == []


def _publish_the_marked_document(leaky) -> None:
    """Turn the withheld document carrying the markers into a 主动公开 one."""
    text = (leaky.root / f"content/mzj/2025/{MARKERS['file']}.md").read_text(encoding="utf-8")
    text = text.replace("attribute: 不予公开", "attribute: 主动公开").replace(
        "（此件不予公开）", ""
    )
    text = text.replace("written: '2025-03-01'", "written: '2025-03-01'\npublished: '2025-03-02'")
    text = text.replace("written: 2025-03-01", "written: 2025-03-01\npublished: 2025-03-02")
    leaky.write({f"content/mzj/2025/{MARKERS['file']}.md": text})


def test_the_markers_are_findable_when_public(leaky):
    """The detector is not blind: the same planted markers are found once they are public."""
    _publish_the_marked_document(leaky)
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    found = {marker for _, marker in find_markers(leaky.site, list(MARKERS.values()))}
    for key in (
        "title",
        "doc_number",
        "index_no",
        "body",
        "file",
        "attachment",
        "attachment_body",
        "summary",
        "drafter_note",
    ):
        assert MARKERS[key] in found, key
    in_search_index = {
        marker for rel, marker in find_markers(leaky.site / "pagefind", list(MARKERS.values()))
    }
    for key in ("title", "doc_number", "body"):
        assert MARKERS[key] in in_search_index, key


def test_sharded_search_index_carries_no_marker(leaky, monkeypatch):
    """With one shard per page, every shard folder and shards.json are output like any other, and
    a document that is made public does reach a shard (the check is not looking at empty folders)."""
    monkeypatch.setenv("PORTAL_SEARCH_SHARD_PAGES", "1")
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    shards = json.loads((leaky.site / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) >= 2
    assert find_markers(leaky.site, list(MARKERS.values())) == []
    _publish_the_marked_document(leaky)
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    in_index = {marker for rel, marker in find_markers(leaky.site / "pagefind", [MARKERS["body"]])}
    assert in_index == {MARKERS["body"]}


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


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_serve_carries_no_marker(leaky):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=leaky.root,
        env=_env(),
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
        proc.terminate()
        proc.wait(timeout=20)


def test_build_leak_check_fails_and_removes_output(leaky, tmp_path):
    """A template that prints a non-public title is caught by the build's own check."""
    theme = tmp_path / "theme"
    shutil.copytree(Path(__file__).resolve().parent.parent / "theme", theme)
    (theme / "main.html").write_text(
        (theme / "main.html").read_text(encoding="utf-8")
        + "{% block announce %}<p>"
        + "QXTITLE机密"
        + "{{ '标题甲' }}</p>{% endblock %}\n",
        encoding="utf-8",
    )
    config = yaml.safe_load((leaky.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(theme)
    leaky.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    result = leaky.mkdocs("build")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "泄露检查" in output and MARKERS["title"] in output
    assert not leaky.site.exists()


def test_check_site_finds_planted_text_in_decoded_forms(leaky):
    assert leaky.portal("build").returncode == 0
    clean = leaky.portal("check-site", "site")
    assert clean.returncode == 0, clean.stdout
    title = MARKERS["title"]
    plants = {
        "a.html": f"<p>{''.join(f'&#{ord(c)};' for c in title)}</p>",
        "b.json": '{"t": "' + "".join(f"\\u{ord(c):04x}" for c in title) + '"}',
        "c.txt": urllib.parse.quote(MARKERS["body"]),
        "d.txt": "\u200b".join(MARKERS["doc_number"]),
    }
    for name, text in plants.items():
        target = leaky.site / "planted" / name
        target.parent.mkdir(exist_ok=True)
        target.write_text(text, encoding="utf-8")
        result = leaky.portal("check-site", "site")
        assert result.returncode == 1, (name, result.stdout)
        target.unlink()
    gz = leaky.site / "planted" / "e.json.gz"
    gz.write_bytes(gzip.compress(MARKERS["summary"].encode()))
    assert leaky.portal("check-site", "site").returncode == 1
    gz.unlink()
    # a Pagefind fragment: gzip, a signature, then JSON
    fragment = leaky.site / "pagefind" / "fragment" / "zh_planted.pf_fragment"
    fragment.write_bytes(
        gzip.compress(
            b"pagefind_dcd"
            + json.dumps(
                {"url": "/x/", "content": "\u200b".join(MARKERS["body"]), "meta": {}}
            ).encode()
        )
    )
    result = leaky.portal("check-site", "site")
    assert result.returncode == 1 and "pf_fragment" in result.stdout, result.stdout
    fragment.unlink()
    # the withheld attachment copied under another name is found by its hash
    shutil.copy(
        leaky.root / f"content/mzj/2025/files/{MARKERS['attachment']}.csv",
        leaky.site / "planted" / "x.bin",
    )
    result = leaky.portal("check-site", "site")
    assert result.returncode == 1 and "附件文件" in result.stdout


def test_withheld_file_name_in_an_output_path_is_found(leaky):
    assert leaky.portal("build").returncode == 0
    (leaky.site / f"{MARKERS['file']}.html").write_text("x")
    assert leaky.portal("check-site", "site").returncode == 1


def test_withheld_home_page_is_replaced_not_published(project):
    """A generated page at the path of a withheld document never shows that document's text."""
    project.write(
        {
            "content/index.md": doc(
                {
                    "title": "QXHOME内部首页标题",
                    "attribute": "依申请公开",
                    "attribute_basis": "第十六条",
                    "type": "页面",
                },
                "QXHOMEBODY只在内部首页出现的正文内容。\n",
            )
        }
    )
    result = project.mkdocs("build")
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project.site / "index.html").exists()
    assert (
        find_markers(project.site, ["QXHOME内部首页标题", "QXHOMEBODY只在内部首页出现的正文内容"])
        == []
    )


def test_snippets_over_content_is_refused(leaky):
    config = yaml.safe_load((leaky.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["markdown_extensions"].append("pymdownx.snippets")
    leaky.write(
        {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            "content/qsz/2025/public.md": public_notice(title="青石镇公开通知", org="qsz")
            + f'\n--8<-- "content/mzj/2025/{MARKERS["file"]}.md"\n',
        }
    )
    result = leaky.mkdocs("build")
    assert result.returncode != 0
    assert "mkdocs.yml:markdown_extensions:" in result.stderr
    assert not leaky.site.exists()
    # confined to a folder that holds no documents, it is allowed
    (leaky.root / "snippets").mkdir()
    config["markdown_extensions"][-1] = {"pymdownx.snippets": {"base_path": ["snippets"]}}
    leaky.write(
        {
            "mkdocs.yml": yaml.safe_dump(config, allow_unicode=True),
            "content/qsz/2025/public.md": public_notice(title="青石镇公开通知", org="qsz"),
        }
    )
    result = leaky.mkdocs("build")
    assert result.returncode == 0, result.stderr[-2000:]


def test_nav_naming_a_withheld_document_is_refused(leaky):
    config = yaml.safe_load((leaky.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"首页": "index.md"}, {"内部": f"mzj/2025/{MARKERS['file']}.md"}]
    leaky.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    result = leaky.mkdocs("build")
    assert result.returncode != 0
    assert "mkdocs.yml:nav:" in result.stderr
    assert not leaky.site.exists()


def test_serve_empties_the_preview_when_a_rebuild_fails(project):
    """Withdrawing a document in a way that fails validation must not leave it in the preview."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=_env(),
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
        # the withdrawn page is not served
        project.write({"content/mzj/2025/notice.md": public_notice(attribute="不予公开")})
        deadline = time.time() + 60
        status = 200
        while time.time() < deadline and status == 200:
            time.sleep(1)
            try:
                status = _fetch(base + "mzj/2025/notice/")[0]
            except OSError:
                status = 0  # held: no answer
        assert status != 200
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
            time.sleep(1)
            try:
                if _fetch(base)[0] == 200:
                    break
            except OSError:
                continue
        assert _fetch(base + "mzj/2025/notice/")[0] == 404
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_dirty_drops_a_withdrawn_page(project):
    """`mkdocs serve --dirty` re-renders only changed pages; a page withdrawn (validly) meanwhile
    must not stay in the preview folder, and the rest of the preview keeps working."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=_env(),
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
            time.sleep(1)
            try:
                status = _fetch(base + "mzj/2025/notice/")[0]
            except OSError:
                status = 0
        assert status == 404
        assert _fetch(base)[0] == 200  # not emptied: the stale page was removed before the build
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_serve_dirty_rerenders_the_pages_that_show_a_changed_document(project):
    """Under --dirty only pages whose source changed are rendered, plus those that show a document
    whose front matter changed: a policy's new title reaches its interpretation's page."""
    from test_interpretations import INTERP_PATH, POLICY_PATH, interpretation, policy

    project.write({POLICY_PATH: policy(), INTERP_PATH: interpretation()})
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        env=_env(),
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
            time.sleep(1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_rescan_skips_only_files_already_found_clean_against_the_same_fingerprints(leaky, tmp_path):
    """`mkdocs serve` keeps the scan's verdicts between rebuilds: a file is skipped only when its
    bytes and the fingerprints are both unchanged since it was found clean."""
    from disclosure_portal.verify.leakcheck import collect_fingerprints, scan_site

    site = leaky.load()
    fingerprints = collect_fingerprints(site)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.html").write_text("<p>公开内容</p>", encoding="utf-8")
    (out / "b.html").write_text("<p>公开内容</p>", encoding="utf-8")
    assert scan_site(out, fingerprints, reuse=True) == []
    (out / "b.html").write_text(f"<p>{MARKERS['title']}</p>", encoding="utf-8")  # changed bytes
    assert [h.output for h in scan_site(out, fingerprints, reuse=True)] == ["b.html"]
    assert [h.output for h in scan_site(out, fingerprints, reuse=True)] == [
        "b.html"
    ]  # never cached as clean
    # a new withheld document: new fingerprints, and an unchanged file that carries it is found
    (out / "b.html").unlink()
    (out / "a.html").write_text("<p>青石镇QXNEWSECRET拟征收土地名单</p>", encoding="utf-8")
    assert scan_site(out, fingerprints, reuse=True) == []
    leaky.write(
        {
            "content/mzj/2025/new-secret.md": doc(
                {
                    "title": "青石镇QXNEWSECRET拟征收土地名单",
                    "attribute": "不予公开",
                    "attribute_basis": "第十四条",
                    "org": "mzj",
                    "type": "通知公告",
                    "catalog": "fdzdgk-02",
                },
                "内部。\n",
            )
        }
    )
    renewed = collect_fingerprints(leaky.load())
    assert renewed.digest != fingerprints.digest
    assert [h.output for h in scan_site(out, renewed, reuse=True)] == ["a.html"]
