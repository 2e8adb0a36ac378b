"""Verifiable publication (SPEC; issue 26): the demo built with a throwaway signing key lists every
output file in manifest.json, signs it so that stock `ssh-keygen -Y verify` accepts it, publishes
the public key, and `portal verify` finds every changed, removed and added file, in a folder and
over HTTP; a re-hashed manifest fails its signature; the private key never reaches the output."""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import forkrun
import pytest
from helpers import ROOT, find_markers, portal_env, public_notice, soup

from disclosure_portal.verify import integrity
from disclosure_portal.verify.manifest import MANIFEST, SIGNATURE

PUB = integrity.PUBLIC_KEY_PATH


def make_key(folder: Path, comment: str = "clerk@office-pc") -> Path:
    """A throwaway ed25519 key pair (no passphrase), made for the test."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / "signing-key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(key)],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return key


def portal_build(cwd: Path, *args: str, key: Path | None = None) -> subprocess.CompletedProcess:
    env = portal_env()
    env.pop("PORTAL_TODAY", None)
    env.pop(integrity.KEY_ENVIRONMENT, None)
    if key is not None:
        env[integrity.KEY_ENVIRONMENT] = str(key)
    return forkrun.run("disclosure_portal.cli", ["build", *args], cwd, env)


def verify(site: str | Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "disclosure_portal.cli", "verify", str(site), *args],
        env=portal_env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def signed(leak_mode, tmp_path_factory):
    """The demo, built once with `portal build` and a test key: (site folder, private key)."""
    key = make_key(tmp_path_factory.mktemp("key"))
    out = tmp_path_factory.mktemp("signed") / "site"
    result = portal_build(ROOT, "--site-dir", str(out), "--allow-shallow", key=key)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "清单已签名" in result.stdout and integrity.UNSIGNED not in result.stdout
    return out, key


@pytest.fixture
def copy(signed, tmp_path) -> Path:
    """A copy of the signed demo to tamper with."""
    target = tmp_path / "site"
    shutil.copytree(signed[0], target, symlinks=True)
    return target


def test_manifest_lists_every_output_file_but_itself_and_its_signature(signed):
    site, _ = signed
    files = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert set(files) == on_disk - {MANIFEST, SIGNATURE}
    assert PUB in files and "index.html" in files and "sitemap.xml" in files
    for rel in ("index.html", PUB):
        assert files[rel] == hashlib.sha256((site / rel).read_bytes()).hexdigest()


def test_stock_ssh_keygen_accepts_the_signature(signed, tmp_path):
    site, key = signed
    public = key.with_name(key.name + ".pub").read_text().split()
    signers = tmp_path / "allowed_signers"
    signers.write_text(f"district {public[0]} {public[1]}\n")
    command = ["ssh-keygen", "-Y", "verify", "-f", str(signers), "-I", "district"]
    command += ["-n", "disclosure-portal", "-s", str(site / SIGNATURE)]
    with (site / MANIFEST).open("rb") as manifest:
        result = subprocess.run(command, stdin=manifest, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    # negative control: the same signature under another namespace is refused
    command[command.index("disclosure-portal")] = "other-namespace"
    with (site / MANIFEST).open("rb") as manifest:
        assert subprocess.run(command, stdin=manifest, capture_output=True).returncode != 0


def test_the_public_key_is_published_and_linked_from_the_footer(signed):
    site, key = signed
    published = (site / PUB).read_text().split()
    assert published[:2] == key.with_name(key.name + ".pub").read_text().split()[:2]
    assert "clerk@office-pc" not in (site / PUB).read_text()  # the key's comment stays home
    links = [a for a in soup(site / "index.html").find_all("a") if a.get_text() == "网站签名公钥"]
    assert len(links) == 1 and links[0]["href"].endswith(PUB)


def test_portal_verify_of_the_untouched_folder_passes(signed):
    site, key = signed
    result = verify(site, "--key", str(key.with_name(key.name + ".pub")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "签名有效" in result.stdout and "核验通过" in result.stdout
    report = json.loads(verify(site, "--json").stdout)
    assert report["ok"] and report["signature"] == "valid" and report["findings"] == []
    assert any("网站自己公布的公钥" in note for note in report["notes"])  # it says what it trusted


@pytest.mark.parametrize(
    ("change", "kind", "path"),
    [
        ("edit", "changed", "index.html"),
        ("remove", "missing", "404.html"),
        ("add", "added", "policies/defaced.html"),
        ("add-hidden", "added", ".well-known/x.txt"),
    ],
)
def test_each_tampered_file_fails_verification_by_name(copy, change, kind, path):
    target = copy / path
    if change == "edit":
        data = target.read_bytes()
        target.write_bytes(data.replace("政府信息公开".encode(), "政府信息公卡".encode(), 1))
    elif change == "remove":
        target.unlink()
    else:
        target.write_text("<p>此网站已被黑</p>", encoding="utf-8")
    result = verify(copy)
    assert result.returncode == 1
    assert path in result.stdout and "核验未通过" in result.stdout
    report = json.loads(verify(copy, "--json").stdout)
    assert [(f["kind"], f["path"]) for f in report["findings"]] == [(kind, path)]
    assert report["signature"] == "valid"


def test_an_added_link_to_a_folder_elsewhere_is_found(copy, tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "page.html").write_text("外来页面", encoding="utf-8")
    (copy / "mirror").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    report = json.loads(verify(copy, "--json").stdout)
    assert [(f["kind"], f["path"]) for f in report["findings"]] == [("added", "mirror")]


def test_a_manifest_rehashed_after_tampering_fails_its_signature(copy):
    page = copy / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- defaced -->")
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["index.html"] = hashlib.sha256(page.read_bytes()).hexdigest()
    (copy / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    report = json.loads(verify(copy, "--json").stdout)
    assert report["signature"] == "invalid"
    assert [f["kind"] for f in report["findings"]] == ["signature"]  # the files match the forgery
    assert verify(copy).returncode == 1


def test_a_forger_who_re_signs_with_his_own_key_is_caught_by_the_district_key(
    copy, signed, tmp_path
):
    _, key = signed
    forger = make_key(tmp_path / "forger")
    (copy / "index.html").write_text("<p>篡改</p>", encoding="utf-8")
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["index.html"] = hashlib.sha256((copy / "index.html").read_bytes()).hexdigest()
    shutil.copyfile(forger.with_name(forger.name + ".pub"), copy / PUB)
    manifest["files"][PUB] = hashlib.sha256((copy / PUB).read_bytes()).hexdigest()
    (copy / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (copy / SIGNATURE).unlink()
    integrity.sign_manifest(copy, integrity.SigningKey(forger, ""))
    assert verify(copy).returncode == 0  # the site's own key is the forger's now: said so
    district = verify(copy, "--key", str(key.with_name(key.name + ".pub")), "--json")
    assert district.returncode == 1
    assert json.loads(district.stdout)["signature"] == "invalid"


def test_an_unsigned_or_keyless_site_is_a_finding(copy):
    (copy / SIGNATURE).unlink()
    report = json.loads(verify(copy, "--json").stdout)
    assert [f["kind"] for f in report["findings"]] == ["unsigned"]
    assert verify(copy).returncode == 1


def test_a_private_key_given_as_key_is_refused(signed):
    site, key = signed
    result = verify(site, "--key", str(key))
    assert result.returncode == 2 and "这是私钥" in result.stderr


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served(copy):
    handler = functools.partial(_QuietHandler, directory=str(copy))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield copy, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_verify_over_http_passes_then_names_a_changed_and_a_removed_file(served, signed):
    folder, url = served
    _, key = signed
    ok = verify(url, "--key", str(key.with_name(key.name + ".pub")))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "核验通过" in ok.stdout
    (folder / "index.html").write_text("<p>篡改</p>", encoding="utf-8")
    (folder / "404.html").unlink()
    (folder / "extra.html").write_text("多出的页面", encoding="utf-8")  # not seen over HTTP
    report = json.loads(verify(url, "--json").stdout)
    assert [(f["kind"], f["path"]) for f in report["findings"]] == [
        ("missing", "404.html"),
        ("changed", "index.html"),
    ]
    forged = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    forged["files"]["index.html"] = hashlib.sha256((folder / "index.html").read_bytes()).hexdigest()
    (folder / MANIFEST).write_text(json.dumps(forged), encoding="utf-8")
    report = json.loads(verify(url, "--json").stdout)
    assert report["signature"] == "invalid"


def test_the_private_key_never_reaches_the_output(signed):
    site, key = signed
    data = key.read_bytes()
    lines = [ln for ln in data.decode().splitlines() if ln and not ln.startswith("-----")]
    body = base64.b64decode("".join(lines))
    markers = [*lines, "".join(lines)[:60], "PRIVATE KEY", "clerk@office-pc"]
    assert find_markers(site, markers) == []
    for path in (p for p in site.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        assert data not in raw and body[-100:] not in raw, path


# --- the key and the content, on a small project ---------------------------------------------------


def test_without_a_key_the_build_passes_and_says_unsigned(project):
    result = portal_build(project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(integrity.UNSIGNED) == 1
    assert not (project.site / SIGNATURE).exists() and not (project.site / PUB).exists()
    assert "files" in json.loads((project.site / MANIFEST).read_text(encoding="utf-8"))
    assert not [
        a for a in soup(project.site / "index.html").find_all("a") if "公钥" in a.get_text()
    ]


def test_a_pasted_key_in_a_public_document_stops_the_build(project, tmp_path):
    key = make_key(tmp_path / "outside")
    body = "\n".join(ln for ln in key.read_text().splitlines() if not ln.startswith("-----"))
    project.write({"content/mzj/2025/pasted.md": public_notice(title="配置说明") + "\n" + body})
    result = portal_build(project.root, key=key)
    assert result.returncode == 1
    assert "签名私钥" in result.stdout + result.stderr
    assert body.splitlines()[1] not in result.stdout + result.stderr  # the message hides it
    assert not project.site.exists()
    # negative control: the same document without the key's lines builds
    project.write({"content/mzj/2025/pasted.md": public_notice(title="配置说明")})
    assert portal_build(project.root, key=key).returncode == 0


@pytest.mark.parametrize(
    ("rel", "encoding"),
    [
        ("content/mzj/2025/files/id_ed25519", "ascii"),
        ("catalogs/deploy.key", "ascii"),
        ("content/.ssh/id_rsa", "ascii"),
        ("content/mzj/2025/key.txt", "utf-16"),
        # Markdown files are searched from the bytes read for their documents (project.py)
        ("content/mzj/2025/key.md", "ascii"),
        ("content/mzj/2025/saved-as-unicode.md", "utf-16"),
    ],
)
def test_a_private_key_file_in_the_content_is_an_error(project, tmp_path, rel, encoding):
    key = make_key(tmp_path / "k")
    project.write({rel: key.read_text().encode(encoding)})
    messages = [str(p) for p in project.load().errors]
    assert [m for m in messages if m.startswith(f"{rel}:file:") and "私钥" in m], messages


def test_ordinary_text_about_keys_is_not_an_error(project, tmp_path):
    key = make_key(tmp_path / "k")
    project.write(
        {
            "content/mzj/2025/keys.md": public_notice(title="关于网站签名公钥的说明")
            + "\n公钥以 ssh-ed25519 开头；私钥（PRIVATE KEY）由办公室保管。\n",
            "content/mzj/2025/files/signing.pub": key.with_name(key.name + ".pub").read_bytes(),
        }
    )
    assert not [str(p) for p in project.load().errors if "私钥" in p.message]


def _with_key_setting(project, value: str) -> None:
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"    signing:\n      key: .*\n", "", text)
    text = text.replace("  portal:\n", f"  portal:\n    signing:\n      key: {value}\n", 1)
    assert "signing:" in text
    (project.root / "mkdocs.yml").write_text(text, encoding="utf-8")


def test_a_key_setting_inside_the_repository_is_an_error_outside_it_signs(project, tmp_path):
    inside = make_key(project.root / "keys")
    _with_key_setting(project, "keys/signing-key")
    messages = [str(p) for p in project.load().errors]
    assert [m for m in messages if m.startswith("mkdocs.yml:extra.portal.signing.key:")], messages
    assert inside.exists()
    shutil.rmtree(project.root / "keys")
    outside = make_key(tmp_path / "office")
    _with_key_setting(project, str(outside))
    assert not project.load().errors
    result = portal_build(project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project.site / SIGNATURE).is_file() and (project.site / PUB).is_file()


def test_an_unusable_key_stops_the_build_and_says_why(project, tmp_path):
    key = make_key(tmp_path / "k")
    os.chmod(key, 0o644)
    result = portal_build(project.root, key=key)
    assert result.returncode == 1 and f"chmod 600 {key}" in result.stdout + result.stderr
    crlf = tmp_path / "crlf" / "key"
    crlf.parent.mkdir()
    crlf.write_bytes(key.read_bytes().replace(b"\n", b"\r\n"))
    os.chmod(crlf, 0o600)
    result = portal_build(project.root, key=crlf)
    assert result.returncode == 1 and "CRLF" in result.stdout + result.stderr
    missing = tmp_path / "nowhere"
    result = portal_build(project.root, key=missing)
    assert result.returncode == 1 and "找不到签名私钥文件" in result.stdout + result.stderr
    assert not project.site.exists()  # nothing published unsigned by mistake


def test_a_signed_small_project_verifies(project, tmp_path):
    key = make_key(tmp_path / "k")
    project.write({"content/mzj/2025/new.md": public_notice(title="新的通知")})
    result = portal_build(project.root, key=key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert verify(project.site).returncode == 0
