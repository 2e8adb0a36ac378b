"""Verifiable publication (SPEC): the signing key, the signature of manifest.json, and `portal
verify`, which checks a built folder or a served site against its signed manifest.

Signing and verifying use stock OpenSSH (`ssh-keygen -Y sign|verify`, namespace
`disclosure-portal`), so that anyone can check a site without this generator:

    ssh-keygen -Y verify -f allowed_signers -I disclosure-portal -n disclosure-portal \\
        -s manifest.json.sig < manifest.json

The private key lives outside the repository (`PORTAL_SIGNING_KEY`, else `extra.portal.signing.key`);
it never enters the output: its base64 lines and its bytes are leak-check fingerprints, and a
private key file found under content/ or catalogs/ is an error."""

from __future__ import annotations

import base64
import binascii
import concurrent.futures
import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_portal.model.problems import Collector
from disclosure_portal.model.textform import normalize
from disclosure_portal.read.history import _git
from disclosure_portal.read.settings import CONFIG_FILE, PREFIX, Settings
from disclosure_portal.verify.manifest import MANIFEST, SIGNATURE
from disclosure_portal.version import generator_version

NAMESPACE = "disclosure-portal"
PUBLIC_KEY_PATH = ".well-known/disclosure-portal.pub"
KEY_ENVIRONMENT = "PORTAL_SIGNING_KEY"
KEY_SETTING = f"{PREFIX}.signing.key"
WORKERS = 8  # parallel requests of `portal verify URL`
TIMEOUT = 30  # seconds for one request
CHUNK = 1 << 16
SCAN_LIMIT = 1 << 20  # files under content/ and catalogs/ up to this size are searched for keys
KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
# what a private key file looks like, in the encodings an office saves text in
# (`-----BEGIN OPENSSH PRIVATE KEY-----`, RSA, EC, DSA, PKCS#8, encrypted or not; PuTTY's .ppk)
_PRIVATE_MARKERS = [
    marker.encode(encoding)
    for marker in ("PRIVATE KEY-----", "PuTTY-User-Key-File-")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
]
UNSIGNED = (
    "清单未签名：没有配置签名私钥（环境变量 PORTAL_SIGNING_KEY 或 extra.portal.signing.key），"
    "portal verify 只能核对文件，不能证明网站出自本单位（见编辑手册“防篡改”）。"
)
NO_SSH_KEYGEN = (
    "找不到 ssh-keygen（OpenSSH 客户端）：签名和核验都需要它"
    "（Debian/Ubuntu：apt-get install openssh-client；Windows 10 及以上自带）"
)


class IntegrityError(Exception):
    """A problem that stops signing or `portal verify` before any finding (message in Chinese)."""


# --- the signing key -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    """The configured private key (its path only) and its public half as published."""

    path: Path
    public: str  # "ssh-ed25519 AAAA… disclosure-portal\n"


def _ssh_keygen() -> str | None:
    return shutil.which("ssh-keygen")


def configured_key(settings: Settings) -> tuple[str, str, Path] | None:
    """(problem path, problem key, key file) of the configured signing key: PORTAL_SIGNING_KEY
    (relative to the current folder) before `extra.portal.signing.key` (relative to mkdocs.yml)."""
    if value := os.environ.get(KEY_ENVIRONMENT, "").strip():
        return KEY_ENVIRONMENT, KEY_ENVIRONMENT, Path(value).expanduser().absolute()
    if value := settings.signing_key.strip():
        path = Path(value).expanduser()
        return CONFIG_FILE, KEY_SETTING, path if path.is_absolute() else settings.root / path
    return None


def _repository_roots(settings: Settings) -> list[Path]:
    roots = [settings.root.resolve()]
    top = _git(settings.root, "rev-parse", "--show-toplevel")
    if top and top.strip():
        roots.append(Path(top.strip()).resolve())
    return roots


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    candidates = {Path(os.path.abspath(path)), path.resolve()}
    return any(c.is_relative_to(root) for c in candidates for root in roots)


_public_cache: dict[tuple[str, int, int], str] = {}


def _derive_public(path: Path) -> str:
    """The public key of the private key file `path` (`ssh-keygen -y`), as "type base64"; raises
    IntegrityError with the reason in Chinese."""
    program = _ssh_keygen()
    if program is None:
        raise IntegrityError(NO_SSH_KEYGEN)
    info = path.stat()
    cache_key = (str(path), info.st_mtime_ns, info.st_size)
    if cache_key in _public_cache:
        return _public_cache[cache_key]
    mode = stat.S_IMODE(info.st_mode)
    if os.name == "posix" and mode & 0o077:
        raise IntegrityError(
            f"私钥文件 {path} 的权限是 {mode:04o}，别人也能读取，ssh-keygen 拒绝使用："
            f"请运行 chmod 600 {path}"
        )
    result = subprocess.run(
        [program, "-y", "-P", "", "-f", str(path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
        check=False,
    )
    fields = result.stdout.split()
    if result.returncode != 0 and b"\r\n" in path.read_bytes()[:4096]:
        raise IntegrityError(
            f"签名私钥 {path} 带有 Windows 换行符（CRLF），ssh-keygen 读不了："
            f"请转换为 LF（dos2unix {path}，或 sed -i 's/\\r$//' {path}）"
        )
    if result.returncode != 0 or len(fields) < 2 or fields[0] not in KEY_TYPES:
        raise IntegrityError(
            f"无法使用签名私钥 {path}：它不是 OpenSSH 私钥，或者设有口令"
            "（CI 使用的签名私钥不能设口令；用 ssh-keygen -t ed25519 -N '' 生成）"
        )
    _public_cache[cache_key] = f"{fields[0]} {fields[1]}"
    return _public_cache[cache_key]


def signing_problems(
    settings: Settings, problems: Collector, key_files: list[str] | None = None
) -> None:
    """Errors of the configured signing key (missing, inside the repository, unusable), and of
    private key files under content/ and catalogs/ (`key_files`: `private_key_files`, when the
    caller found them already)."""
    for rel in private_key_files(settings) if key_files is None else key_files:
        problems.error(
            rel,
            "file",
            "这是一个私钥文件：私钥绝不能放进内容仓库，也不能发布。请把它移出仓库、从 git 记录中"
            "清除，并作废这把钥匙（生成新的一对，公布新的公钥）",
        )
    configured = configured_key(settings)
    if configured is None:
        return
    where, key, path = configured
    if _inside(path, _repository_roots(settings)):
        problems.error(
            where,
            key,
            f"签名私钥 {path} 在仓库之内：私钥不能放进仓库（提交后任何能读仓库的人都能冒签）。"
            "请把它放到仓库之外（CI 中用“文件”类型的机密变量），并作废这把钥匙",
        )
        return
    if not path.is_file():
        problems.error(where, key, f"找不到签名私钥文件 {path}")
        return
    try:
        _derive_public(path)
    except IntegrityError as exc:
        problems.error(where, key, str(exc))
    except (OSError, subprocess.SubprocessError) as exc:
        problems.error(where, key, f"无法读取签名私钥 {path}：{exc}")


def signing_key(settings: Settings) -> SigningKey | None:
    """The usable configured key, or None (none configured, or one that signing_problems
    reports: a build with such a key stops on those errors first)."""
    configured = configured_key(settings)
    if configured is None:
        return None
    path = configured[2]
    if not path.is_file() or _inside(path, _repository_roots(settings)):
        return None
    try:
        public = _derive_public(path)
    except (IntegrityError, OSError, subprocess.SubprocessError):
        return None
    return SigningKey(path, f"{public} {NAMESPACE}\n")


def public_key_file(settings: Settings) -> tuple[str, str] | None:
    """(site path, text) of the public key the site publishes, when a key is configured."""
    key = signing_key(settings)
    return (PUBLIC_KEY_PATH, key.public) if key else None


def holds_private_key(data: bytes) -> bool:
    """Whether the bytes of a file under content/ or catalogs/ (up to SCAN_LIMIT of them are
    searched) hold a private key in PEM, OpenSSH or PuTTY form, in UTF-8 or UTF-16."""
    return len(data) <= SCAN_LIMIT and any(marker in data for marker in _PRIVATE_MARKERS)


def shown_path(where: str, root: Path) -> str:
    """A file's path as a key problem names it: in the project (`root`, resolved), POSIX."""
    path = Path(where)
    return (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()


def private_key_files(settings: Settings, searched: frozenset[str] = frozenset()) -> list[str]:
    """Files under content/ and catalogs/ (hidden ones too; up to SCAN_LIMIT bytes) that hold a
    private key in PEM, OpenSSH or PuTTY form, as project paths. `searched`: files (paths as
    `os.path.join` of the walked folder and the name) the caller searches itself, from the
    bytes it reads anyway (project.load_site: the Markdown files, with `holds_private_key`)."""
    found = []
    root = settings.root.resolve()
    for top in dict.fromkeys((settings.docs_dir, settings.catalogs_dir)):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != ".git")
            for name in sorted(filenames):
                where = os.path.join(dirpath, name)
                if where in searched:
                    continue
                try:
                    info = os.stat(where)  # through a link, as reading it does
                    if not stat.S_ISREG(info.st_mode) or info.st_size > SCAN_LIMIT:
                        continue
                    with open(where, "rb") as handle:
                        data = handle.read()
                except OSError:
                    continue  # unreadable files are reported by the content checks
                if holds_private_key(data):
                    found.append(shown_path(where, root))
    return found


def key_fingerprints(settings: Settings) -> tuple[list[tuple[str, str]], str | None]:
    """What of the configured private key the leak check looks for: (normalized base64 line,
    how to name it without showing it) for every line of the key that is not also a line of its
    public half, and the SHA-256 of the key file's bytes."""
    key = signing_key(settings)
    if key is None:
        return [], None
    try:
        data = key.path.read_bytes()
    except OSError:
        return [], None
    blob = base64.b64decode(key.public.split()[1])
    public_forms = [normalize(base64.b64encode(blob[k:]).decode()[:-4]) for k in range(3)]
    public_forms.append(normalize(key.public))
    lines = []
    for n, line in enumerate(data.decode("ascii", "replace").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("-----") or ":" in line:
            continue
        norm = normalize(line)
        if len(norm) >= 16 and not any(norm in form for form in public_forms):
            lines.append((norm, f"第 {n} 行（内容不显示）"))
    return lines, hashlib.sha256(data).hexdigest()


def sign_manifest(site_dir: Path, key: SigningKey) -> None:
    """Write `site_dir/manifest.json.sig` (`ssh-keygen -Y sign`); raises IntegrityError."""
    program = _ssh_keygen()
    if program is None:
        raise IntegrityError(NO_SSH_KEYGEN)
    target = site_dir / SIGNATURE
    target.unlink(missing_ok=True)
    result = subprocess.run(
        [program, "-Y", "sign", "-f", str(key.path), "-n", NAMESPACE, str(site_dir / MANIFEST)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
        check=False,
    )
    if result.returncode != 0 or not target.is_file():
        raise IntegrityError(f"签署 manifest.json 失败（ssh-keygen：{result.stderr.strip()}）")


# --- portal verify ----------------------------------------------------------------------------


def parse_public_key(text: str) -> tuple[str, str]:
    """(type, base64) of an OpenSSH public key line; raises IntegrityError."""
    if "PRIVATE KEY" in text or "PuTTY-User-Key-File" in text:
        raise IntegrityError(
            "这是私钥，不是公钥：核验只需要公钥（.pub 文件）。私钥不要交给任何人，"
            "也不要放在核验的机器上"
        )
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 2 and fields[0] in KEY_TYPES:
            try:
                blob = base64.b64decode(fields[1], validate=True)
            except (binascii.Error, ValueError):
                break
            if blob[4 : 4 + len(fields[0])] == fields[0].encode():
                return fields[0], fields[1]
            break
    raise IntegrityError("不是 OpenSSH 公钥（应为一行“ssh-ed25519 AAAA…”）")


def check_signature(manifest: bytes, signature: bytes, public_key: str) -> tuple[bool, str]:
    """Whether `signature` is a valid `disclosure-portal` signature of `manifest` by
    `public_key` (`ssh-keygen -Y verify`), and the verifier's words when it is not."""
    program = _ssh_keygen()
    if program is None:
        raise IntegrityError(NO_SSH_KEYGEN)
    kind, b64 = parse_public_key(public_key)
    with tempfile.TemporaryDirectory(prefix="portal-verify-") as tmp:
        signers = Path(tmp) / "allowed_signers"
        signers.write_text(f'{NAMESPACE} namespaces="{NAMESPACE}" {kind} {b64}\n', "ascii")
        sig = Path(tmp) / SIGNATURE
        sig.write_bytes(signature)
        result = subprocess.run(
            [
                program,
                "-Y",
                "verify",
                "-f",
                str(signers),
                "-I",
                NAMESPACE,
                "-n",
                NAMESPACE,
                "-s",
                str(sig),
            ],
            input=manifest,
            capture_output=True,
            timeout=60,
            check=False,
        )
    why = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
    return result.returncode == 0, why


CHANGED, MISSING, ADDED, UNREADABLE = "changed", "missing", "added", "unreadable"
SIGNATURE_INVALID, UNSIGNED_SITE, NO_KEY, BAD_MANIFEST = (
    "signature",
    "unsigned",
    "no_key",
    "manifest",
)
KIND_LABELS = {
    CHANGED: "被改动",
    MISSING: "缺失",
    ADDED: "多出",
    UNREADABLE: "无法读取",
    SIGNATURE_INVALID: "签名无效",
    UNSIGNED_SITE: "未签名",
    NO_KEY: "没有公钥",
    BAD_MANIFEST: "清单有误",
}


@dataclass(frozen=True)
class Finding:
    """One thing that is not as the signed manifest says."""

    kind: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{KIND_LABELS[self.kind]}：{self.path}：{self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "path": self.path, "message": self.message}


@dataclass
class Report:
    """What `portal verify` found about one site."""

    site: str
    signature: str = "unsigned"  # valid, invalid, unsigned, no_key
    key: str = ""  # where the public key came from
    notes: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "site": self.site,
            "ok": not self.findings,
            "signature": self.signature,
            "key": self.key,
            "checked": self.checked,
            "notes": self.notes,
            "findings": [f.as_dict() for f in self.findings],
        }

    def text(self) -> str:
        lines = [f"核验网站：{self.site}", *self.notes]
        if self.findings:
            lines.append(
                f"核验未通过：发现 {len(self.findings)} 处问题（已核对 {self.checked} 个文件）"
            )
            lines += [f"  {f}" for f in self.findings]
            lines.append(
                "处理办法：立即按本单位网页防篡改应急预案处置（断开或恢复网站、保留现场、报告），"
                "用仓库重新生成并完整部署，再运行 portal verify 确认（见编辑手册“防篡改”）。"
            )
        else:
            lines.append(f"核验通过：{self.checked} 个文件与签名清单一致。")
        return "\n".join(lines) + "\n"


class Missing(Exception):
    """The site has no such file."""


class Source:
    """A site to verify: a folder or a URL."""

    label: str

    def read(self, rel: str) -> bytes:  # raises Missing, or OSError when it cannot be read
        raise NotImplementedError

    def digest(self, rel: str) -> str:
        raise NotImplementedError

    def listing(self) -> set[str] | None:
        return None


class FolderSource(Source):
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.label = str(root)

    def _path(self, rel: str) -> Path:
        path = self.root / rel
        if not path.is_file():
            raise Missing(rel)
        return path

    def read(self, rel: str) -> bytes:
        return self._path(rel).read_bytes()

    def digest(self, rel: str) -> str:
        h = hashlib.sha256()
        with self._path(rel).open("rb") as handle:
            while chunk := handle.read(CHUNK):
                h.update(chunk)
        return h.hexdigest()

    def listing(self) -> set[str]:
        """Every file, and every link to a folder (os.walk does not enter those: an added link
        to a folder elsewhere is reported as such), relative to the root."""
        found = set()
        for dirpath, dirnames, names in os.walk(self.root):
            links = [d for d in dirnames if (Path(dirpath) / d).is_symlink()]
            for name in [*names, *links]:
                found.add((Path(dirpath) / name).relative_to(self.root).as_posix())
        return found


class WebSource(Source):
    def __init__(self, url: str, timeout: float = TIMEOUT) -> None:
        self.base = url if url.endswith("/") else url + "/"
        self.label = self.base
        self.timeout = timeout

    def _open(self, rel: str):
        url = self.base + urllib.parse.quote(rel)
        request = urllib.request.Request(
            url, headers={"User-Agent": f"disclosure-portal-verify/{generator_version()}"}
        )
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)  # http(s) only: source_for
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in (404, 410):
                raise Missing(rel) from None
            raise OSError(f"HTTP {exc.code}") from None
        except urllib.error.URLError as exc:
            raise OSError(str(exc.reason)) from None

    def read(self, rel: str) -> bytes:
        with self._open(rel) as response:
            return response.read()

    def digest(self, rel: str) -> str:
        h = hashlib.sha256()
        with self._open(rel) as response:
            while chunk := response.read(CHUNK):
                h.update(chunk)
        return h.hexdigest()


def source_for(site: str) -> Source:
    """The folder or http(s) URL `site`; raises IntegrityError for anything else."""
    scheme = urllib.parse.urlsplit(site).scheme.lower()
    if scheme in ("http", "https"):
        return WebSource(site)
    if scheme and len(scheme) > 1:
        raise IntegrityError(f"不支持的地址 {site}：只能核验文件夹或 http(s) 网址")
    path = Path(site)
    if not path.is_dir():
        raise IntegrityError(f"找不到网站目录 {site}")
    return FolderSource(path)


def _safe(rel: object) -> bool:
    """Whether a manifest path names a file inside the site (no `..`, not absolute)."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel or rel.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in rel.split("/"))


def _why(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return "超时" if isinstance(exc, TimeoutError) or "timed out" in text else text


def verify(source: Source, key_text: str | None = None, key_label: str = "") -> Report:
    """Check `source` against its manifest: the signature (by `key_text`, else the key the site
    publishes, which the report says it trusted) and every file under `files`."""
    report = Report(site=source.label)
    try:
        manifest = source.read(MANIFEST)
    except Missing:
        report.findings.append(Finding(MISSING, MANIFEST, "网站没有清单，无法核验"))
        return report
    except OSError as exc:
        report.findings.append(Finding(UNREADABLE, MANIFEST, _why(exc)))
        return report
    _check_signature(source, manifest, key_text, key_label, report)
    try:
        data = json.loads(manifest.decode("utf-8"))
        files = data["files"]
        if not isinstance(files, dict):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        report.findings.append(
            Finding(BAD_MANIFEST, MANIFEST, "清单不是有效的 JSON，或者没有 files（文件摘要）")
        )
        return report
    listed = {}
    for rel, digest in sorted(files.items()):
        if not _safe(rel) or not isinstance(digest, str):
            report.findings.append(Finding(BAD_MANIFEST, str(rel), "清单中的路径或摘要不合法"))
        else:
            listed[rel] = digest.lower()
    report.findings += _compare(source, listed)
    report.checked = len(listed)
    present = source.listing()
    if present is not None:
        for rel in sorted(present - set(listed) - {MANIFEST, SIGNATURE}):
            report.findings.append(Finding(ADDED, rel, "清单中没有这个文件（被加进了网站）"))
    whole = (SIGNATURE_INVALID, UNSIGNED_SITE, NO_KEY, BAD_MANIFEST)  # about the manifest: first
    report.findings.sort(key=lambda f: (f.kind not in whole, f.path, f.kind))
    return report


def _check_signature(
    source: Source, manifest: bytes, key_text: str | None, key_label: str, report: Report
) -> None:
    try:
        signature = source.read(SIGNATURE)
    except Missing:
        signature = None
    except OSError as exc:
        report.findings.append(Finding(UNREADABLE, SIGNATURE, _why(exc)))
        return
    if key_text is None:
        try:
            key_text = source.read(PUBLIC_KEY_PATH).decode("utf-8", "replace")
            key_label = f"网站公布的公钥 {PUBLIC_KEY_PATH}"
            report.notes.append(
                f"使用了网站自己公布的公钥（{PUBLIC_KEY_PATH}）：它能发现部分文件被改动；"
                "整站被替换时它也可能被换掉，请用 --key 指定本单位保存的公钥。"
            )
        except (Missing, OSError):
            key_text = None
    report.key = key_label
    if signature is None:
        report.signature = "unsigned"
        report.findings.append(
            Finding(
                UNSIGNED_SITE,
                SIGNATURE,
                "网站没有清单签名：无法证明清单出自本单位（配置签名私钥后重新生成，见编辑手册“防篡改”）",
            )
        )
        return
    if key_text is None:
        report.signature = "no_key"
        report.findings.append(
            Finding(NO_KEY, PUBLIC_KEY_PATH, "网站没有公布公钥，也没有用 --key 指定，无法核验签名")
        )
        return
    try:
        valid, _ = check_signature(manifest, signature, key_text)
    except IntegrityError as exc:
        report.signature = "invalid"
        report.findings.append(Finding(SIGNATURE_INVALID, PUBLIC_KEY_PATH, str(exc)))
        return
    if valid:
        report.signature = "valid"
        report.notes.insert(0, f"签名有效（{key_label}）。")
    else:
        report.signature = "invalid"
        report.findings.append(
            Finding(
                SIGNATURE_INVALID,
                SIGNATURE,
                "manifest.json 的签名无效：清单被改动过，或者不是用这把公钥对应的私钥签署的",
            )
        )


def _compare(source: Source, listed: dict[str, str]) -> list[Finding]:
    """Hash every listed file (over HTTP, WORKERS at a time) and compare."""

    def one(rel: str) -> Finding | None:
        try:
            actual = source.digest(rel)
        except Missing:
            return Finding(MISSING, rel, "清单中的文件不在网站上（被删除）")
        except (OSError, ValueError) as exc:
            return Finding(UNREADABLE, rel, _why(exc))
        if actual != listed[rel]:
            return Finding(CHANGED, rel, "内容与签名清单不一致（被改动）")
        return None

    workers = WORKERS if isinstance(source, WebSource) else 1
    run: Callable[[str], Finding | None] = one
    if workers == 1:
        results = [run(rel) for rel in listed]
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(run, listed))
    return [f for f in results if f is not None]
