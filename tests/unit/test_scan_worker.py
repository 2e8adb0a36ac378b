"""The leak scan's worker (verify/scanner.py) as the engine's side hands it work: the site is
pickled by a copy of the engine's process while the engine goes on, and pages handed over
before the site is on its way are held and scanned after it, in order, with nothing lost."""

from __future__ import annotations

import hashlib
import threading

import pytest
from helpers import secret, write_tree

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


def test_a_folder_handed_over_before_the_site_is_sent_waits_for_it(project, tmp_path, monkeypatch):
    """A search shard written before the site's pickle arrives (a small site, a slow copy) is
    scanned after it: the engine's thread waits, and the thread sending the site is not kept
    from the lock meanwhile."""
    project.write({"content/mzj/2025/secret.md": secret()})
    site = project.load()
    gate = threading.Event()
    result = forkmap.PickledByCopy.result
    monkeypatch.setattr(
        forkmap.PickledByCopy, "result", lambda self: (gate.wait(30), result(self))[1]
    )
    shard = tmp_path / "shard"
    shard.mkdir()
    (shard / "fragment.txt").write_text("QXSECRET秘密救助对象名单请示", encoding="utf-8")
    worker = scanner.Scanner()
    worker.setup(site, [], {}, {}, None)
    threading.Timer(0.3, gate.set).start()
    done = threading.Event()
    threading.Thread(
        target=lambda: (worker.tree("pagefind", shard), done.set()), daemon=True
    ).start()
    if not done.wait(30):  # locked for good: end the worker without waiting for anything
        for process in worker._pool._processes.values():
            process.kill()
        pytest.fail("the folder's hand-over and the site's sending wait for each other")
    try:
        (tmp_path / "out").mkdir()
        found = worker.finish(tmp_path / "out")
    finally:
        worker.close()
    assert [hit.output for hit in found.hits] == ["pagefind/fragment.txt"]


def test_the_last_pass_begun_early_and_finished_late_misses_no_file(project, tmp_path):
    """`begin_rest` scans the output but the index's folder and the manifest while the index is
    still written; `finish` scans whatever that pass did not take: the index's files, the
    manifest, and a file that appeared outside the index's folder after the early pass."""
    from disclosure_portal.verify.manifest import MANIFEST, file_digests

    project.write({"content/mzj/2025/secret.md": secret()})
    site = project.load()
    leak = "QXSECRET秘密救助对象名单请示"
    out = tmp_path / "out"
    for rel, text in {
        "a/index.html": "<p>公开</p>",
        "x/leak.txt": leak,
        "pagefind/fragment.txt": leak,
    }.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    worker = scanner.Scanner()
    try:
        worker.setup(site, [], {}, {}, None)
        worker.begin_rest(
            out, file_digests(out, skip=("pagefind",)), ("pagefind",), frozenset({MANIFEST})
        )
        worker._begun[1].result(timeout=60)  # the early pass is over before the rest is written
        (out / "pagefind/late.txt").write_text(leak, encoding="utf-8")
        (out / "late.txt").write_text(leak, encoding="utf-8")
        (out / MANIFEST).write_text(leak, encoding="utf-8")
        found = worker.finish(out, file_digests(out))
    finally:
        worker.close()
    assert sorted(hit.output for hit in found.hits) == [
        "late.txt",
        MANIFEST,
        "pagefind/fragment.txt",
        "pagefind/late.txt",
        "x/leak.txt",
    ]


def test_pages_the_worker_writes_are_waited_for_held_or_not(project, tmp_path, monkeypatch):
    """Pages of the build cache the worker writes (`stored` with a place): `written` waits for
    every one handed over so far, those held before the site was sent included, and raises what
    the worker could not write (the build is refused then)."""
    from disclosure_portal.cache import BuildCache
    from disclosure_portal.plan.build import STAMP_TOKENS, stamp_placeholders, stamped_bytes

    project.write({"content/mzj/2025/secret.md": secret()})
    site = project.load()
    cache, _ = BuildCache.open(tmp_path / "cache")
    assert cache is not None
    token = STAMP_TOKENS["commit"]
    _, values = stamp_placeholders({"commit": "abc123", "date": "2026-12-01"})
    entries = []
    for n in range(3):
        body = f"<p>第{n}页</p><footer>{token}</footer>"
        cache.put_page(f"{n:02d}" * 32, body, "", False)
        entries.append(cache.find_page(f"{n:02d}" * 32))
    gate = threading.Event()
    result = forkmap.PickledByCopy.result
    monkeypatch.setattr(
        forkmap.PickledByCopy, "result", lambda self: (gate.wait(30), result(self))[1]
    )
    out = tmp_path / "out"
    # enough pages for several batches (a stored page weighs STORED_WEIGHT) and one partial
    count = int(2 * scanner.BATCH_PAGES / scanner.STORED_WEIGHT) + 3
    worker = scanner.Scanner()
    try:
        worker.setup(site, [], {}, values, None)
        for n in range(count):
            entry = entries[n % 3]
            worker.stored(f"p{n}/index.html", entry.path, entry.sha, str(out / f"p{n}"), False)
        assert worker._setup is None and len(worker._held) == 2 and worker._batch  # held
        threading.Timer(0.3, gate.set).start()
        worker.written()  # the held batches and the partial one: sent with the site, written
        for n in range(count):
            written = (out / f"p{n}").read_bytes()
            assert written == stamped_bytes(entries[n % 3].payload(), values)
        (out / "blocked").write_text("a file where a folder must go", encoding="utf-8")
        worker.stored(
            "blocked/x/index.html",
            entries[0].path,
            entries[0].sha,
            str(out / "blocked/x/index.html"),
            False,
        )
        with pytest.raises(OSError):
            worker.written()
    finally:
        worker.close()


def test_pages_to_write_without_a_site_sent_refuse_the_build(tmp_path):
    """A page handed over to be written while no site was ever sent to the worker (setup not
    called, or its pickling failed): `written` says so instead of returning with the page
    unwritten."""
    worker = scanner.Scanner()
    try:
        worker.stored("a/index.html", tmp_path / "entry", "0" * 64, str(tmp_path / "a"), False)
        with pytest.raises(scanner.ScanError, match="页面未写入"):
            worker.written()
    finally:
        worker.close()


def test_a_folder_s_files_known_clean_by_their_digests_are_not_read_again(
    project, tmp_path, monkeypatch
):
    """A search shard's files come with the digests the engine read (from the build cache, or
    Pagefind's output as it stored it): under `portal build` (whose own check reads every file
    again against the ledger, and scans what differs: tests/content/test_scan_ledger.py) a file
    found clean before under its digest is not read again; without it, every file is read. A
    file whose verdict is for other bytes is read and scanned either way."""
    import hashlib

    from disclosure_portal.environment import LEDGER_ENVIRONMENT
    from disclosure_portal.verify.leakcheck import collect_fingerprints

    project.write({"content/mzj/2025/secret.md": secret()})
    site = project.load()
    digest = collect_fingerprints(site, []).digest
    shard = tmp_path / "shard"
    shard.mkdir()
    leak = "QXSECRET秘密救助对象名单请示"
    (shard / "leak.txt").write_text(leak, encoding="utf-8")
    (shard / "changed.txt").write_text(leak, encoding="utf-8")  # since the engine read it
    clean = hashlib.sha256("公开的内容".encode()).hexdigest()
    given = {"leak.txt": hashlib.sha256(leak.encode()).hexdigest(), "changed.txt": clean}
    verdicts = {f"pagefind/changed.txt\t{clean}": digest, "pagefind/leak.txt\t0": digest}
    for ledger, hits in (("", ["changed.txt", "leak.txt"]), ("ledger.json", ["leak.txt"])):
        monkeypatch.setenv(LEDGER_ENVIRONMENT, ledger)
        worker = scanner.Scanner()
        try:
            worker.setup(site, [], verdicts, {}, None)
            worker.tree("pagefind", shard, given)
            (tmp_path / "out").mkdir(exist_ok=True)
            found = worker.finish(tmp_path / "out")
        finally:
            worker.close()
        assert sorted(hit.output for hit in found.hits) == [f"pagefind/{n}" for n in hits]
        if ledger:  # taken as given: portal build's check finds other bytes on disk
            assert found.ledger == {"pagefind/changed.txt": clean}


def test_fingerprints_the_copy_cannot_find_refuse_the_scan_with_the_reason(
    project, tmp_path, monkeypatch
):
    """The fingerprints are found by a copy of the engine's process: what fails there (here a
    broken finder, copied into the fork with the rest of the process) refuses the scan with its
    own text, at once, not as a copy that died (which would be made again, then blamed on
    memory); and no page is ever taken as scanned."""
    project.write({"content/mzj/2025/secret.md": secret()})
    site = project.load()

    def broken(*_args, **_kwargs):
        raise ValueError("QXBROKEN特征串")

    monkeypatch.setattr(scanner, "fingerprint_entries", broken)
    worker = scanner.Scanner()
    try:
        worker.setup(site, [], {}, {}, None)
        worker.page("p/index.html", "<p>公开的内容。</p>")
        (tmp_path / "out").mkdir()
        with pytest.raises(scanner.ScanError, match="QXBROKEN特征串"):
            worker.finish(tmp_path / "out")
    finally:
        worker.close()


SHARD_FILES = {
    "pagefind-entry.json": b'{"version":"1"}',
    "fragment/a.pf_fragment": b"\x1f\x8b fragment a",
    "fragment/b.pf_fragment": b"\x1f\x8b fragment b",
    "index/x.pf_index": b"\x1f\x8b index",
}


def _shard(tmp_path):
    """A shard kept in a build cache: its key, the cache, and its files' bytes."""
    from disclosure_portal.cache import BuildCache

    cache, _ = BuildCache.open(tmp_path / "cache")
    source = tmp_path / "written"
    files = dict(SHARD_FILES)
    write_tree(source, files)
    key = "cd" * 32
    assert cache.put_shard(key, source, {"pages": 2})
    return key, cache, files


def test_a_shard_is_kept_by_links_and_its_known_files_are_not_read_again(tmp_path, monkeypatch):
    """The build cache keeps a shard's files as hard links to the files written (copies where
    links are refused), with the SHA-256 of each: read and hashed, but for those the caller
    read already (a seeded shard's check: `known`), whose digest is taken as given. A link in
    the shard is kept as the bytes it reaches, never as a link; what is kept restores the same
    bytes."""
    import os
    from pathlib import Path

    from disclosure_portal.cache import BuildCache

    cache, _ = BuildCache.open(tmp_path / "cache")
    source = tmp_path / "written"
    files = {rel: data for rel, data in SHARD_FILES.items() if not rel.startswith("index/")}
    write_tree(source, files)
    (tmp_path / "elsewhere").write_bytes(b"\x1f\x8b reached")
    (source / "index").mkdir()
    (source / "index" / "x.pf_index").symlink_to(tmp_path / "elsewhere")
    known = {"fragment/a.pf_fragment": hashlib.sha256(files["fragment/a.pf_fragment"]).hexdigest()}
    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    digests = cache.put_shard("cd" * 32, source, {"pages": 2}, known)
    monkeypatch.setattr(Path, "read_bytes", real)
    every = {**files, "index/x.pf_index": b"\x1f\x8b reached"}
    assert digests == {rel: hashlib.sha256(data).hexdigest() for rel, data in every.items()}
    assert "a.pf_fragment" not in read and {"b.pf_fragment", "x.pf_index"} <= set(read)
    folder, listed, _ = cache.shard_listing("cd" * 32)
    assert listed == digests
    for rel in files:  # the files written, linked
        assert os.path.samefile(folder / rel, source / rel)
    kept = folder / "index" / "x.pf_index"
    assert not kept.is_symlink() and kept.read_bytes() == b"\x1f\x8b reached"
    target = tmp_path / "restored"
    assert cache.get_shard("cd" * 32, target) is not None
    assert {rel: (target / rel).read_bytes() for rel in every} == every


def test_the_scan_s_process_puts_a_cached_shard_in_place_and_checks_every_file(tmp_path):
    """Under `portal build` a shard from the cache is linked into place by the scan's worker
    (not by a thread of the engine's process): the same files, checked against their digests;
    one that does not match, and the folder is removed and the shard indexed again. With the
    worker killed (or closed) the same shard is refused, while this process alone puts it in
    place: the work was the worker's, and a dead worker never raises here."""
    key, cache, files = _shard(tmp_path)
    worker = scanner.Scanner()
    try:
        target = tmp_path / "out" / "0.0"
        stats = cache.get_shard(key, target, worker.restore)
        assert stats is not None and stats["pages"] == 2
        assert {rel: (target / rel).read_bytes() for rel in files} == files
        folder = cache.shard_listing(key)[0]
        damaged = folder / "fragment" / "b.pf_fragment"
        damaged.unlink()  # (a link: the copy in place keeps the old bytes)
        damaged.write_bytes(b"\x1f\x8b broken")
        again = tmp_path / "out" / "0.1"
        assert cache.get_shard(key, again, worker.restore) is None
        assert not again.exists()
        damaged.unlink()  # a link in the cache's folder, even to the right bytes: refused
        (tmp_path / "elsewhere").write_bytes(files["fragment/b.pf_fragment"])
        damaged.symlink_to(tmp_path / "elsewhere")
        assert cache.get_shard(key, tmp_path / "out" / "0.11", worker.restore) is None
        damaged.unlink()
        damaged.write_bytes(files["fragment/b.pf_fragment"])
        for process in list(worker._pool._processes.values()):  # the worker dies
            process.kill()
            process.join(30)
        # refused, not raised: the shard is indexed again and the scan's `finish` says why
        assert cache.get_shard(key, tmp_path / "out" / "0.2", worker.restore) is None
    finally:
        worker.close()
    assert cache.get_shard(key, tmp_path / "out" / "0.3", worker.restore) is None  # closed
    assert cache.get_shard(key, tmp_path / "out" / "local") is not None  # in this thread


def test_the_build_s_helpers_run_below_the_engine_s_priority(tmp_path):
    """The scan's worker and each Pagefind service lower their priority (the engine's thread
    is what every build waits for); never above the lowest."""
    import os

    from disclosure_portal import priority
    from disclosure_portal.verify import pagefindsvc, search

    ours = os.getpriority(os.PRIO_PROCESS, 0)
    expected = min(19, ours + priority.HELPER_NICENESS)
    worker = scanner.Scanner()
    try:
        worker._started.result(timeout=60)
        assert worker._pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result(60) == expected
    finally:
        worker.close()
    if search.available():
        service = pagefindsvc.Service(search.executable(), search.LANGUAGE)
        try:
            assert os.getpriority(os.PRIO_PROCESS, service.process.pid) == expected
        finally:
            service.close()
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # this process is left as it was
