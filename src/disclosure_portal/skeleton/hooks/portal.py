"""The portal's MkDocs hook: everything is in the installed generator (disclosure-portal)."""

from disclosure_portal.engine.mkdocs_hook import *  # noqa: F403 - MkDocs reads the on_* events
