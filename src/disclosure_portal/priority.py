"""The build's helper processes (the leak scan's worker, the Pagefind services) run at a lower
scheduling priority than the engine, whose thread every build waits for.

On a machine with two cores (a district's CI runner), a build from the cache has three things to
run at once: the engine's thread reading the content and planning the pages, Pagefind indexing
the edited document's shard, and the scan's process writing and checking the reused pages. The
helpers have time to spare until the engine's last page; at equal priority they took a third of
its core (at 10,000 documents, `load_site` took 4.5 s for 3.0 s of processor time). A process
can lower its own priority, or its child's, but not raise it back: this is done once, as each
helper starts, and never fails a build."""

from __future__ import annotations

import contextlib
import os

HELPER_NICENESS = 5  # added to the helper's niceness (at most 19): about a third of the weight


def lower(pid: int = 0) -> None:
    """Lower the scheduling priority of process `pid` (0: this one) by HELPER_NICENESS; where
    the system does not allow it, nothing is changed."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no such call here
        current = os.getpriority(os.PRIO_PROCESS, pid)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, current + HELPER_NICENESS))
