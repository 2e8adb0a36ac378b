"""The leak check on the output: decoded forms, file names, fingerprints, rescans."""

from __future__ import annotations

import base64
import gzip
import json
import shutil
import urllib.error
import urllib.request

import yaml
from helpers import MARKERS, ROOT, doc


def test_unreviewed_catalog_text_is_a_fingerprint(catalog_site):
    planted = catalog_site.site / "planted.html"
    planted.write_text("<p>QXUNREVIEWED养老机构备案的内部草稿内容</p>", encoding="utf-8")
    result = catalog_site.portal("check-site", "site")
    assert result.returncode == 1 and "未审核目录" in result.stdout
    planted.unlink()
    assert catalog_site.portal("check-site", "site").returncode == 0


def test_build_leak_check_fails_and_removes_output(leaky, tmp_path):
    """A template that prints a non-public title is caught by the build's own check."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "src/disclosure_portal/theme", theme)
    (theme / "main.html").write_text(
        (theme / "main.html").read_text(encoding="utf-8")
        # the title is assembled by the template (reversed), so the theme's source does not
        # hold it: only the rendered output does
        + "{% block hero %}<p>{{ '"
        + MARKERS["title"][::-1]
        + "' | reverse }}</p>{% endblock %}\n",
        encoding="utf-8",
    )
    config = yaml.safe_load((leaky.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(theme)
    leaky.write({"mkdocs.yml": yaml.safe_dump(config, allow_unicode=True)})
    result = leaky.mkdocs("build")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "泄露检查" in output and MARKERS["title"] in output
    assert "处理办法" in output  # the editor is told what to do
    assert not leaky.site.exists()


def test_check_site_takes_as_public_what_the_build_s_scan_takes(leaky):
    """`portal check-site` and the build's own scan count the same folders' texts as public (the
    theme's, the engine's, the generator's): a withheld title in a file of the project's hooks/
    folder is still a fingerprint for both (what a hook prints is output like any other)."""
    leaky.write({"hooks/note.py": f'NOTE = "{MARKERS["title"]}"\n'})
    assert leaky.portal("build").returncode == 0
    (leaky.site / "planted.html").write_text(f"<p>{MARKERS['title']}</p>", encoding="utf-8")
    result = leaky.portal("check-site", "site")
    assert result.returncode == 1 and "planted.html" in result.stdout, result.stdout


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
        # blind spots of a scan that compared raw text
        "f.html": f"<p>见<{MARKERS['title']}></p>",  # ASCII angle brackets are text, not a tag
        "g.html": "<p>" + MARKERS["doc_number"].replace("〔", "[").replace("〕", "]") + "</p>",
        "h.html": "<p>" + MARKERS["doc_number"].replace("〔", "（").replace("〕", "）") + "</p>",
        "i.txt": MARKERS["index_no"].translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
        "j.txt": "\u200e".join(MARKERS["title"]),  # LEFT-TO-RIGHT MARK
        "k.txt": "\u2061".join(MARKERS["body"]),  # FUNCTION APPLICATION
        "l.txt": "\u034f".join(MARKERS["summary"]),  # COMBINING GRAPHEME JOINER
        "m.txt": "\ufe0f".join(MARKERS["attribute_basis"]),  # VARIATION SELECTOR-16
        "n.html": "<p>QXTITLE機密標題甲</p>",  # traditional characters
        "o.html": '<img src="data:text/plain;base64,'
        + base64.b64encode(MARKERS["body"].encode()).decode()
        + '">',
        "p.html": f"<!-- {MARKERS['summary']} -->",
    }
    # every form planted at once: the check names every file it finds (all problems at once),
    # so each planted file must be named on a line of its own
    planted = leaky.site / "planted"
    planted.mkdir()
    for name, text in plants.items():
        (planted / name).write_text(text, encoding="utf-8")
    (planted / "e.json.gz").write_bytes(gzip.compress(MARKERS["summary"].encode()))
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
    # the withheld attachment copied under another name is found by its hash
    shutil.copy(
        leaky.root / f"content/mzj/2025/files/{MARKERS['attachment']}.csv", planted / "x.bin"
    )
    result = leaky.portal("check-site", "site")
    assert result.returncode == 1, result.stdout
    found = {line.strip().partition(": ")[0] for line in result.stdout.splitlines()}
    names = [*plants, "e.json.gz", "x.bin"]
    missing = [n for n in names if f"planted/{n}" not in found]
    assert missing == [], (missing, result.stdout)
    assert "pagefind/fragment/zh_planted.pf_fragment" in found, result.stdout
    x_bin = [ln for ln in result.stdout.splitlines() if "planted/x.bin" in ln]
    assert "附件文件" in x_bin[0], result.stdout


def test_withheld_file_name_in_an_output_path_is_found(leaky):
    """A withheld document's path in an output path is found; its bare file name, a word of
    letters only (qxsecretfile, like frequency or report), is no fingerprint on its own."""
    assert leaky.portal("build").returncode == 0
    (leaky.site / f"{MARKERS['file']}.html").write_text("x")
    assert leaky.portal("check-site", "site").returncode == 0
    page = leaky.site / "mzj" / "2025" / MARKERS["file"] / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("x")
    result = leaky.portal("check-site", "site")
    assert result.returncode == 1 and "网址" in result.stdout, result.stdout


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
    hits = scan_site(out, renewed, reuse=True)
    # only a.html: the title (and the file name new-secret, which the title contains)
    assert sorted({h.output for h in hits}) == ["a.html"], [str(h) for h in hits]
