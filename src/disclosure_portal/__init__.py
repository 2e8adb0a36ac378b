"""The disclosure portal generator: reading, validating and publishing portal content.

Nothing in this package imports MkDocs, so it is unit-tested on its own, reused by the
`portal` command, and survives a change of site engine. The pipeline, one subpackage a step:

    read/    files -> typed records (front matter, catalogs, settings, attachments, git)
    rules/   records -> problems (cross-file validation, interpretations, content safety)
    plan/    what is public (publish.decide) and which pages exist, as data
    verify/  the built output: leak check, search index, manifest
    report/  audits for the office (never part of the site)
    model/   the records, vocabularies and field tables all steps share

The small public API below is what the hook, the command line and scripts use. Its names are
imported when first used (PEP 562): importing a submodule, as `portal build` does before it
starts the engine, does not load the whole pipeline (about 0.13 s of every command).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names below are, for type checkers and readers
    from disclosure_portal.model.problems import Collector, Problem
    from disclosure_portal.plan.publish import PublicSet, decide, is_public
    from disclosure_portal.project import Site, load_site
    from disclosure_portal.read.settings import Settings, load_settings, settings_from_mapping
    from disclosure_portal.version import __version__

_WHERE = {
    "Collector": "disclosure_portal.model.problems",
    "Problem": "disclosure_portal.model.problems",
    "PublicSet": "disclosure_portal.plan.publish",
    "decide": "disclosure_portal.plan.publish",
    "is_public": "disclosure_portal.plan.publish",
    "Site": "disclosure_portal.project",
    "load_site": "disclosure_portal.project",
    "Settings": "disclosure_portal.read.settings",
    "load_settings": "disclosure_portal.read.settings",
    "settings_from_mapping": "disclosure_portal.read.settings",
    "__version__": "disclosure_portal.version",
}

__all__ = [
    "Collector",
    "Problem",
    "PublicSet",
    "Settings",
    "Site",
    "__version__",
    "decide",
    "is_public",
    "load_settings",
    "load_site",
    "settings_from_mapping",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found here from now on, without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
