"""Portal settings, read from mkdocs.yml without importing MkDocs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from disclosure_portal.model.vocab import TYPES


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml; tags such as !!python/name or !ENV are kept as None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    root: Path
    docs_dir: Path
    site_dir: Path
    catalogs_dir: Path
    extra_types: tuple[str, ...] = ()
    page_size: int = 20
    footer: dict[str, Any] = field(default_factory=dict)
    interpretation: dict[str, Any] = field(default_factory=dict)  # extra.portal.interpretation
    backdate_margin_days: int = 3  # extra.portal.audit.backdate_margin_days
    problems: tuple[tuple[str, str], ...] = ()  # (key, message) of bad extra.portal values
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def types(self) -> tuple[str, ...]:
        return TYPES + tuple(t for t in self.extra_types if t not in TYPES)


def _positive(value: Any, default: int, key: str, problems: list, minimum: int = 1) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        problems.append((key, f"应为不小于 {minimum} 的整数，实际为“{value}”"))
        return default
    return value


def settings_from_mapping(root: Path, config: dict[str, Any]) -> Settings:
    portal = ((config.get("extra") or {}).get("portal")) or {}
    problems: list[tuple[str, str]] = []
    if not isinstance(portal, dict):
        problems.append(("extra.portal", "应为映射（键: 值）"))
        portal = {}
    types = portal.get("types") or []
    if not isinstance(types, list):
        problems.append(("extra.portal.types", f"应为信息类别的列表，实际为“{types}”"))
        types = ()
    audit = portal.get("audit") or {}
    page_size = _positive(portal.get("page_size"), 20, "extra.portal.page_size", problems)
    margin = _positive(
        audit.get("backdate_margin_days") if isinstance(audit, dict) else None,
        3,
        "extra.portal.audit.backdate_margin_days",
        problems,
        minimum=0,
    )
    return Settings(
        root=root,
        docs_dir=(root / str(config.get("docs_dir") or "docs")).resolve(),
        site_dir=(root / str(config.get("site_dir") or "site")).resolve(),
        catalogs_dir=(root / str(portal.get("catalogs_dir") or "catalogs")).resolve(),
        extra_types=tuple(str(t) for t in types),
        page_size=page_size,
        backdate_margin_days=margin,
        problems=tuple(problems),
        footer=dict(portal.get("footer") or {}),
        interpretation=dict(portal.get("interpretation") or {}),
        raw=config,
    )


def load_settings(root: Path, config_file: str = "mkdocs.yml") -> Settings:
    path = root / config_file
    with path.open(encoding="utf-8-sig") as fh:
        config = yaml.load(fh, Loader=_TolerantLoader) or {}
    return settings_from_mapping(root.resolve(), config)
