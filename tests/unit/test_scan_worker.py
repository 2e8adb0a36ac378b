"""The leak scan's worker (verify/scanner.py) as the engine's side hands it work: the site is
pickled by a copy of the engine's process while the engine goes on, and pages handed over
before the site is on its way are held and scanned after it, in order, with nothing lost."""

from __future__ import annotations

import threading

from helpers import secret

from disclosure_portal import forkmap
from disclosure_portal.verify import scanner


def test_pages_handed_over_before_the_site_is_sent_are_scanned_after_it(
    project, tmp_path, monkeypatch
):
    project.write({"content/mzj/2025/secret.md": secret()})
    site = project.load()
    assert not site.errors
    gate = threading.Event()
    result = forkmap.PickledByCopy.result

    def held(self):  # the site's pickle takes its time
        gate.wait(30)
        return result(self)

    monkeypatch.setattr(forkmap.PickledByCopy, "result", held)
    worker = scanner.Scanner()
    try:
        worker.setup(site, [], {}, {}, None)
        worker.page("leak/index.html", "<p>附件：QXSECRET秘密救助对象名单请示</p>")
        for n in range(3 * scanner.BATCH_PAGES):  # several batches: each would be submitted
            worker.page(f"p{n}/index.html", f"<p>第{n}页，公开的内容。</p>")
        assert worker._setup is None and len(worker._held) == 3
        gate.set()
        (tmp_path / "out").mkdir()
        found = worker.finish(tmp_path / "out")
    finally:
        worker.close()
    assert [hit.output for hit in found.hits] == ["leak/index.html"]
    assert set(found.ledger) == {f"p{n}/index.html" for n in range(3 * scanner.BATCH_PAGES)}
    assert not worker._held


def test_a_closed_scan_drops_what_it_held(project, monkeypatch):
    site = project.load()
    gate = threading.Event()
    result = forkmap.PickledByCopy.result
    monkeypatch.setattr(
        forkmap.PickledByCopy, "result", lambda self: (gate.wait(30), result(self))[1]
    )
    worker = scanner.Scanner()
    worker.setup(site, [], {}, {}, None)
    worker.page("a/index.html", "<p>x</p>")
    worker._flush()
    worker.close()  # a failed build: the site is not sent to a worker that is gone
    gate.set()
    worker._sending.result(timeout=30)
    assert worker._setup is None
