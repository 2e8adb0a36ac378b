"""What MkDocs loaded for a build, as plain values for plan/engine.py to judge: every Markdown
extension (its class and options after Python-Markdown built it), every processor the extensions
registered, every plugin instance (a group's members included) and the theme folder. The judgement
is made on these classes and options, never on how mkdocs.yml spells a name."""

from __future__ import annotations

import os
import types
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown

from disclosure_portal.engine.select import QUIET_ENVIRONMENT
from disclosure_portal.plan.engine import EXTENSION, PLUGIN, PROCESSOR, Component, Loaded
from disclosure_portal.read.settings import PAGE_FOLDER

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

MAX_DEPTH = 4  # of nested option values turned into plain values


def _classes(obj: object) -> tuple[str, ...]:
    if isinstance(obj, types.ModuleType):  # a hook
        return (obj.__name__,)
    return tuple(f"{k.__module__}.{k.__qualname__}" for k in type(obj).__mro__ if k is not object)


def plain(value: Any, depth: int = 0) -> Any:
    """`value` as text, numbers, booleans, lists and mappings: a path object as its path (the
    `!relative` page folder as PAGE_FOLDER), a function or class as `module.name`."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, os.PathLike):
        try:
            return os.fspath(value)
        except Exception:  # MkDocs' `!relative`: the page being rendered, known only then
            return PAGE_FOLDER
    if depth >= MAX_DEPTH:
        return None
    if isinstance(value, Mapping):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        return f"{value.__module__}.{value.__qualname__}"
    if callable(value) and hasattr(value, "__func__"):  # a bound method
        return f"{value.__func__.__module__}.{value.__func__.__qualname__}"
    return None


def _options(obj: object) -> dict[str, Any]:
    """An object's own attributes as plain values (private and Markdown back-references left out)."""
    attributes = getattr(obj, "__dict__", {})
    return {
        k: plain(v)
        for k, v in attributes.items()
        if not k.startswith("_") and not isinstance(v, markdown.Markdown)
    }


def extension_components(extensions: Iterable[Any], configs: Mapping[str, Any]) -> list[Component]:
    """The configured extensions as built, and every processor they registered."""
    md = markdown.Markdown()
    out = []
    for item in extensions:
        name = item if isinstance(item, str) else f"{type(item).__module__}.{type(item).__name__}"
        try:
            ext = (
                item
                if isinstance(item, markdown.Extension)
                else md.build_extension(item, dict(configs.get(item, {})))
            )
        except Exception as exc:  # MkDocs has already refused a configuration that fails here
            out.append(Component(EXTENSION, name, (), {"error": str(exc)}))
            continue
        try:
            options = {k: plain(v) for k, v in ext.getConfigs().items()}
        except Exception:  # an option that is only known while a page is rendered
            options = {k: plain(v[0]) for k, v in getattr(ext, "config", {}).items()}
        out.append(Component(EXTENSION, name, _classes(ext), options))
        try:
            ext.extendMarkdown(md)
        except Exception:  # e.g. a path known only while a page is rendered (`!relative`)
            continue
    registries = (
        md.preprocessors,
        md.parser.blockprocessors,
        md.treeprocessors,
        md.inlinePatterns,
        md.postprocessors,
    )
    for registry in registries:
        names = {id(p): name for name, p in registry._data.items()}  # Registry keeps no other map
        for processor in list(registry):  # in priority order
            name = names.get(id(processor), "")
            out.append(Component(PROCESSOR, name, _classes(processor), _options(processor)))
    return out


def plugin_components(plugins: Mapping[str, Any]) -> list[Component]:
    """Every plugin instance (and hook module), the members of a plugin group included."""
    out = []
    stack = list(plugins.items())
    seen: set[int] = set()
    while stack:
        name, plugin = stack.pop(0)
        if id(plugin) in seen:
            continue
        seen.add(id(plugin))
        config = getattr(plugin, "config", None)
        options = plain(dict(config)) if isinstance(config, Mapping) else {}
        out.append(Component(PLUGIN, name, _classes(plugin), options or {}))
        members = getattr(plugin, "plugins", None)  # material/group
        if isinstance(members, Mapping):
            stack += list(members.items())
    return out


def loaded(config: MkDocsConfig) -> Loaded:
    """What MkDocs loaded for this build."""
    components = extension_components(config.markdown_extensions, config.mdx_configs)
    components += plugin_components(config.plugins)
    custom_dir = config.theme.custom_dir
    return Loaded(
        config_dir=Path(config.config_file_path).resolve().parent,
        cwd=Path.cwd(),
        docs_dir=Path(config.docs_dir).resolve(),
        components=tuple(components),
        custom_dir=str(custom_dir) if custom_dir else None,
    )


def load(config_file: Path) -> Loaded:
    """What MkDocs would load from `config_file` (for `portal validate`, which builds nothing);
    a configuration MkDocs refuses gives a Loaded whose `problem` says why."""
    os.environ.update({k: os.environ.get(k, v) for k, v in QUIET_ENVIRONMENT.items()})
    from mkdocs.config import load_config  # noqa: PLC0415 - only `portal validate` needs it

    try:
        config = load_config(config_file=str(config_file))
    except BaseException as exc:  # Abort and ConfigurationError derive from SystemExit / Exception
        if isinstance(exc, KeyboardInterrupt):
            raise
        folder = config_file.resolve().parent
        return Loaded(folder, Path.cwd(), folder, problem=str(exc) or type(exc).__name__)
    return loaded(config)
