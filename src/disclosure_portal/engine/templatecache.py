"""The engine's compiled templates, kept in the build cache (`cache.BuildCache.templates_folder`).

A warm build renders few pages (the 404 page, the sitemap, the pages that changed), so compiling
material's templates for them was a large part of its rendering. Jinja's own bytecode cache
keeps the compiled code of each template; this one stores it as a build cache entry:

- the entry carries the SHA-256 of its payload (`cache.pack`): a damaged entry is a miss and the
  template is compiled again, never loaded (the payload is code this process runs);
- the code is stored with `marshal` only (Jinja's file cache also unpickles a checksum);
- the checksum an entry must match covers the template's source and everything of the Jinja
  environment that the compiled code depends on (`environment_fingerprint`): the syntax and
  whitespace settings, autoescape and finalize, the extensions, the code generator, and each
  filter and test by name and by what it is passed. A plugin or a hook that changes any of
  them compiles the templates again; the environment is read when the first template loads,
  after every plugin's `on_env`;
- a failed write is skipped (the build goes on, as with every other cache entry).

The folder is keyed by the generator's code, the package versions and Python's.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from disclosure_portal.cache import pack, unpack, write_atomic

_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


def _named(value: Any) -> str:
    """A setting's value, a callable by its qualified name and by what Jinja passes it."""
    if callable(value):
        kind = value if isinstance(value, type) else type(value)
        name = getattr(value, "__qualname__", None) or kind.__qualname__
        module = getattr(value, "__module__", None) or kind.__module__
        return f"{module}.{name}:{getattr(value, 'jinja_pass_arg', None)}"
    return repr(value)


def environment_fingerprint(environment: Any) -> str:
    """What of `environment` Jinja's compiler reads besides a template's source."""
    parts = [f"{key}={_named(getattr(environment, key, None))}" for key in _SETTINGS]
    parts.append(f"autoescape={_named(environment.autoescape)}")
    parts.append(f"finalize={_named(environment.finalize)}")
    parts.append(f"code_generator={_named(environment.code_generator_class)}")
    parts.append(f"context={_named(environment.context_class)}")
    parts += [f"extension={name}" for name in sorted(environment.extensions)]
    for kind in ("filters", "tests"):
        table = getattr(environment, kind)
        parts += [f"{kind}.{name}={_named(table[name])}" for name in sorted(table)]
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class TemplateCache(BytecodeCache):
    """Compiled templates in `folder`, each a checked build cache entry (module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fingerprints: dict[int, str] = {}

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Bucket:
        fingerprint = self._fingerprints.get(id(environment))
        if fingerprint is None:
            fingerprint = self._fingerprints[id(environment)] = environment_fingerprint(environment)
        key = self.get_cache_key(name, filename)
        checksum = hashlib.sha256(
            f"{fingerprint}\n".encode() + source.encode("utf-8", "surrogatepass")
        ).hexdigest()
        bucket = Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / bucket.key

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            found = unpack(self._path(bucket).read_bytes())
        except OSError:
            return
        if found is None or found[0].get("checksum") != bucket.checksum:
            return
        try:
            bucket.code = marshal.loads(found[1])
        except (EOFError, ValueError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        data = pack({"kind": "template", "checksum": bucket.checksum}, marshal.dumps(bucket.code))
        with contextlib.suppress(OSError):
            write_atomic(self._path(bucket), data)

    def clear(self) -> None:  # Jinja's interface; the build cache prunes the folder itself
        return None
