"""Problems found in content: collected, never raised, reported all at once."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """Whether a problem stops the build (错误) or is only reported (警告)."""

    ERROR = "错误"
    WARNING = "警告"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of one file, reported as ``path:key: message``.

    `path` is relative to the project root (POSIX), `key` names the front-matter key or the
    catalog field (``items[3].channels``), `line` is 1-based where known.
    """

    path: str
    key: str
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        """True for an error, False for a warning."""
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order of reports: by file, line, key, message."""
        return (self.path, self.line or 0, self.key, self.message)

    def __str__(self) -> str:
        where = f"（第 {self.line} 行）" if self.line else ""
        return f"{self.path}:{self.key}: {self.message}{where}"

    def as_dict(self) -> dict[str, object]:
        """The problem as JSON-ready data (`portal validate --json`)."""
        return {
            "path": self.path,
            "key": self.key,
            "line": self.line,
            "severity": "error" if self.is_error else "warning",
            "message": self.message,
        }


class Collector:
    """Collects problems for one run; `error` and `warn` are the only ways to add one."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: str, key: str, message: str, line: int | None = None) -> None:
        """Record an error of `path` on `key`."""
        self.items.append(Problem(path, key, message, line, Severity.ERROR))

    def warn(self, path: str, key: str, message: str, line: int | None = None) -> None:
        """Record a warning of `path` on `key`."""
        self.items.append(Problem(path, key, message, line, Severity.WARNING))

    def extend(self, problems: list[Problem]) -> None:
        """Add problems collected elsewhere."""
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """The errors, sorted by file, line and key."""
        return sorted((p for p in self.items if p.is_error), key=Problem.sort_key)

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, sorted by file, line and key."""
        return sorted((p for p in self.items if not p.is_error), key=Problem.sort_key)
