"""Progress for long work (reading thousands of files, rendering, the leak scan, the benchmark),
shown with tqdm on a terminal only: silent in CI, in tests and when stderr is not a terminal.

`PORTAL_PROGRESS=1` forces it on (a terminal that is not detected), `PORTAL_PROGRESS=0` off.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from tqdm import tqdm

T = TypeVar("T")
MIN_ITEMS = 200  # fewer than this and the work is over before a bar is worth drawing


def enabled() -> bool:
    """Whether bars are drawn: PORTAL_PROGRESS=0/1 decides, else off in CI, else stderr is a tty."""
    forced = os.environ.get("PORTAL_PROGRESS", "")
    if forced in ("0", "1"):
        return forced == "1"
    if os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class _Silent:
    """Stands in for a tqdm bar when progress is off."""

    def update(self, n: int = 1) -> None:
        pass

    def set_description_str(self, desc: str) -> None:
        pass

    def close(self) -> None:
        pass


def bar(total: int | None, desc: str, unit: str = "个", force: bool = False) -> Any:
    """A bar for `total` items (None: unknown, shows count and rate only). `force` draws it even for
    fewer than MIN_ITEMS items (the benchmark's few long steps)."""
    if not enabled() or (not force and total is not None and total < MIN_ITEMS):
        return _Silent()
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        leave=False,
        dynamic_ncols=True,
        file=sys.stderr,
        mininterval=0.5,
    )


def track(items: Iterable[T], total: int, desc: str, unit: str = "个") -> Iterator[T]:
    """Iterate `items`, advancing a bar."""
    progress = bar(total, desc, unit)
    try:
        for item in items:
            yield item
            progress.update()
    finally:
        progress.close()


_START = time.perf_counter()


def mark(step: str) -> None:
    """A point of the build's timeline, for `mkdocs build -v` (the benchmark reads them)."""
    logging.getLogger("mkdocs.plugins.portal").debug(
        f"时间线：{step} {time.perf_counter() - _START:.2f} 秒"
    )
