"""The portal's MkDocs hook (mkdocs.yml: `hooks: [hooks/portal.py]`): all of it is in the
generator package, so a district's content repository holds no copy of our code. In this source
tree the package is used from src/ when it is not installed."""

try:
    import disclosure_portal  # noqa: F401
except ImportError:  # pragma: no cover - the generator's own source tree, not installed
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from disclosure_portal.engine.mkdocs_hook import *  # noqa: F403 - MkDocs reads the on_* events
