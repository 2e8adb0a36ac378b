"""The disclosure portal generator: reading, validating and publishing portal content.

Nothing in this package imports MkDocs, so it is unit-tested on its own, reused by the
`portal` command, and survives a change of site engine. The pipeline, one subpackage a step:

    read/    files -> typed records (front matter, catalogs, settings, attachments, git)
    rules/   records -> problems (cross-file validation, interpretations, content safety)
    plan/    what is public (publish.decide) and which pages exist, as data
    verify/  the built output: leak check, search index, manifest
    report/  audits for the office (never part of the site)
    model/   the records, vocabularies and field tables all steps share

The small public API below is what the hook, the command line and scripts use.
"""

from disclosure_portal.model.problems import Collector, Problem
from disclosure_portal.plan.publish import PublicSet, decide, is_public
from disclosure_portal.project import Site, load_site
from disclosure_portal.read.settings import Settings, load_settings, settings_from_mapping
from disclosure_portal.version import __version__

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
