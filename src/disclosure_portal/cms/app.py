"""Writing the editors' app: `index.html`, `config.yml` and the vendored Decap CMS (decap/,
gzipped in the package, written out as the registry has them), into a folder (`portal cms DIR`)
or as files of the built site at `admin/` (`extra.portal.cms.publish: true`)."""

from __future__ import annotations

import gzip
import html
from pathlib import Path

import yaml

from disclosure_portal.cms.config import cms_config
from disclosure_portal.read.catalogs import Registry
from disclosure_portal.read.settings import Settings

VENDOR = Path(__file__).resolve().parent / "decap"
TITLE = "政府信息公开平台编辑应用"
ADMIN = "admin"  # where the published app lives in the built site

INDEX = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
</head>
<body>
<noscript>编辑应用需要启用浏览器的 JavaScript。</noscript>
<script src="decap-cms.js"></script>
</body>
</html>
"""


def decap_version() -> str:
    """The vendored Decap CMS version."""
    return (VENDOR / "VERSION").read_text(encoding="utf-8").strip()


def config_text(config: dict) -> str:
    """config.yml: a header naming its source, then the config (keys in order, Chinese kept)."""
    header = (
        "# 编辑应用的配置：由 portal cms 按字段表生成，请勿手工修改（修改后重新运行 portal cms）。\n"
        f"# Decap CMS {decap_version()}\n"
    )
    body = yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
    return header + body


def app_files(
    settings: Settings, registry: Registry, *, local: bool = False, public_only: bool = False
) -> dict[str, bytes]:
    """Every file of the app: relative path -> bytes."""
    config = cms_config(settings, registry, local=local, public_only=public_only)
    files = {
        "index.html": INDEX.format(title=html.escape(TITLE)).encode("utf-8"),
        "config.yml": config_text(config).encode("utf-8"),
    }
    files["LICENSE"] = (VENDOR / "LICENSE").read_bytes()  # Decap CMS's licence, with the app
    for path in sorted(VENDOR.iterdir()):
        if path.name.endswith(".gz"):
            files[path.name.removesuffix(".gz")] = gzip.decompress(path.read_bytes())
    return files


def write_app(target: Path, files: dict[str, bytes]) -> None:
    """Write the app's files under `target`."""
    for rel, data in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def published_app(settings: Settings, registry: Registry) -> dict[str, bytes]:
    """The app's files at `admin/` of the built site when `extra.portal.cms.publish` is true
    (else none): no local mode, and only what is public (approved catalogs' items; documents
    are read by the app from the repository after login, never embedded)."""
    if not settings.cms.get("publish"):
        return {}
    files = app_files(settings, registry, public_only=True)
    return {f"{ADMIN}/{rel}": data for rel, data in files.items()}
