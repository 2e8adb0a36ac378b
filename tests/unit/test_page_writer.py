"""The page writer (engine/writer.py): pages written in a thread, byte for byte as MkDocs writes
them, and every failure reported (fail closed)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator

import pytest

from disclosure_portal.cache import BuildCache, CacheError
from disclosure_portal.engine import writer as writer_module
from disclosure_portal.engine.writer import PageWriter, WriteError
from disclosure_portal.pagefiles import FileWriter
from disclosure_portal.plan.build import STAMP_TOKENS, stamp_placeholders, stamped_bytes
from disclosure_portal.verify import scanner
from disclosure_portal.verify.fingerprints import Fingerprints


def test_pages_are_written_as_the_engine_writes_them(tmp_path):
    writer = PageWriter()
    try:
        pages = {f"org/2025/d{i:03d}/index.html": f"<p>第{i}页 \ud800 😀</p>" for i in range(300)}
        for rel, text in pages.items():
            assert writer.take(rel.replace("/index.html", ".md"), str(tmp_path / rel), text)
        writer.finish()
    finally:
        writer.detach()
    for rel, text in pages.items():  # MkDocs: utf-8 with xmlcharrefreplace (a lone surrogate)
        assert (tmp_path / rel).read_bytes() == text.encode("utf-8", "xmlcharrefreplace")
    assert b"&#55296;" in (tmp_path / "org/2025/d000/index.html").read_bytes()
    # after finish the writer takes nothing more: the engine writes such a page itself
    assert not writer.take("late.md", str(tmp_path / "late/index.html"), "<p>x</p>")
    assert not (tmp_path / "late").exists()


def test_a_failed_write_refuses_the_build(tmp_path):
    (tmp_path / "blocked").write_text("a file where a folder should be", encoding="utf-8")
    writer = PageWriter()
    try:
        writer.take("a.md", str(tmp_path / "a/index.html"), "<p>a</p>")
        writer.take("b.md", str(tmp_path / "blocked/b/index.html"), "<p>b</p>")
        with pytest.raises(WriteError, match=r"无法写入页面 .*blocked/b/index\.html"):
            writer.finish()
    finally:
        writer.detach()
    with pytest.raises(WriteError):  # and stays refused
        writer.finish()


@contextlib.contextmanager
def engine_log() -> Iterator[tuple[logging.Logger, list[str]]]:
    """MkDocs' page-building logger at INFO, and the messages it lets through."""
    seen: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    log = logging.getLogger("mkdocs.commands.build")
    handler, level = Keep(), log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield log, seen
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
        log.disabled = False


def test_only_the_engine_line_for_a_page_taken_over_is_dropped(tmp_path):
    writer = PageWriter()
    with engine_log() as (log, seen):
        writer.take("a.md", str(tmp_path / "a/index.html"), "<p>a</p>")
        log.info("Page skipped: 'a.md'. Generated empty output.")
        log.info("Page skipped: 'b.md'. Generated empty output.")  # a page really empty
        writer.finish()
        log.info("Page skipped: 'a.md'. Generated empty output.")  # still dropped until detach
        writer.detach()
        log.info("Page skipped: 'a.md'. Generated empty output.")
    assert seen == [
        "Page skipped: 'b.md'. Generated empty output.",
        "Page skipped: 'a.md'. Generated empty output.",
    ]


def test_muting_silences_the_engine_logger_until_unmuted(tmp_path):
    """`mute` (after a page the writer took is returned empty) silences the engine's page logger
    until `unmute` (a line the filter would let through is not shown while muted), but not when
    it shows debug lines, and never one something else disabled; `detach` unmutes."""
    writer = PageWriter()
    try:
        with engine_log() as (log, seen):
            writer.take("a.md", str(tmp_path / "a/index.html"), "<p>a</p>")
            writer.mute()
            log.info("Page skipped: 'b.md'. Generated empty output.")  # muted
            writer.unmute()
            log.info("Page skipped: 'c.md'. Generated empty output.")
            writer.mute()
            writer.detach()
            log.warning("after detach")
            log.setLevel(logging.DEBUG)  # `-v`: nothing is muted
            writer.mute()
            log.debug("Building page d.md")
            writer.unmute()
            log.setLevel(logging.INFO)
            log.disabled = True  # someone else's choice: left as it is
            writer.mute()
            writer.unmute()
            assert log.disabled
    finally:
        writer.finish()
    assert seen == [
        "Page skipped: 'c.md'. Generated empty output.",
        "after detach",
        "Building page d.md",
    ]


def test_flush_waits_for_what_was_handed_over_and_forget_makes_folders_again(tmp_path):
    """`flush` returns once every page handed over so far is on disk (the hook then removes what
    was written for a page another plugin dropped); after `forget` the writer makes a removed
    folder again instead of failing."""
    started, release = threading.Event(), threading.Event()

    def slow() -> bytes:
        started.set()
        release.wait(10)
        return b"<p>slow</p>"

    writer = PageWriter()
    try:
        writer.take("a.md", str(tmp_path / "x/a/index.html"), slow)
        started.wait(10)
        flushed = threading.Event()
        threading.Thread(target=lambda: (writer.flush(), flushed.set()), daemon=True).start()
        assert not flushed.wait(0.2)  # the page is not written yet
        release.set()
        assert flushed.wait(10)
        assert (tmp_path / "x/a/index.html").read_bytes() == b"<p>slow</p>"
        (tmp_path / "x/a/index.html").unlink()
        (tmp_path / "x/a").rmdir()
        writer.forget("a.md")
        writer.take("b.md", str(tmp_path / "x/a/index.html"), "<p>b</p>")
        writer.finish()
    finally:
        writer.detach()
    assert (tmp_path / "x/a/index.html").read_text() == "<p>b</p>"


def test_unchanged_pages_are_linked_from_the_site_they_replace_only_when_safe(tmp_path):
    """A page with exactly the bytes of the same file of the previous site is a hard link to it;
    a changed page, a file reached through a symbolic link out of that site, or a symbolic link
    itself is written anew."""
    old, new, outside = tmp_path / "old", tmp_path / "new", tmp_path / "outside"
    same, changed = "<p>未改的页面</p>", "<p>改过的页面</p>"
    for rel in ("a/index.html", "b/index.html"):
        (old / rel).parent.mkdir(parents=True)
    (old / "a/index.html").write_bytes(same.encode())
    (old / "b/index.html").write_bytes(b"<p>old</p>")
    (outside / "c").mkdir(parents=True)
    (outside / "c/index.html").write_bytes(same.encode())
    (old / "c").symlink_to(outside / "c")  # a folder leading out of the old site
    (outside / "d.html").write_bytes(same.encode())
    (old / "d").mkdir()
    (old / "d/index.html").symlink_to(outside / "d.html")
    writer = PageWriter(str(new), str(old))
    try:
        for rel, text in (
            ("a/index.html", same),
            ("b/index.html", changed),
            ("c/index.html", same),
            ("d/index.html", same),
            ("e/index.html", same),  # not in the old site
        ):
            writer.take(rel, str(new / rel), text)
        writer.finish()
    finally:
        writer.detach()
    assert (new / "a/index.html").stat().st_ino == (old / "a/index.html").stat().st_ino
    for rel in ("b", "c", "d", "e"):
        path = new / rel / "index.html"
        assert path.stat().st_nlink == 1 and not path.is_symlink(), rel
    assert (new / "b/index.html").read_text() == changed
    assert all((new / r / "index.html").read_text() == same for r in "acde")
    assert (old / "b/index.html").read_bytes() == b"<p>old</p>"  # the old site is untouched


def test_the_scan_process_links_what_it_writes_by_the_same_rules(tmp_path):
    """The leak scan's process writes the pages of the build cache (pagefiles.FileWriter): in a
    preview it links them to the preview replaced by exactly the page writer's rules, and never
    follows a place out of that folder."""
    old, new, outside = tmp_path / "old", tmp_path / "new", tmp_path / "outside"
    same = "<p>未改的页面</p>".encode()
    for rel in ("a", "b", "d", "f/g"):
        (old / rel).mkdir(parents=True)
    (old / "a/index.html").write_bytes(same)
    (old / "b/index.html").write_bytes(b"<p>old</p>")
    (outside / "c").mkdir(parents=True)
    (outside / "c/index.html").write_bytes(same)
    (old / "c").symlink_to(outside / "c")
    (outside / "d.html").write_bytes(same)
    (old / "d/index.html").symlink_to(outside / "d.html")
    (old / "f/g/index.html").write_bytes(same)
    (tmp_path / "index.html").write_bytes(same)  # beside the old site, not in it
    writer = FileWriter(str(old))
    for rel in ("a/index.html", "b/index.html", "c/index.html", "d/index.html", "f/g/index.html"):
        writer.write(str(new / rel), same, False, rel)
    writer.write(str(new / "up/index.html"), same, False, "../index.html")
    assert (new / "a/index.html").stat().st_ino == (old / "a/index.html").stat().st_ino
    assert (new / "f/g/index.html").stat().st_ino == (old / "f/g/index.html").stat().st_ino
    for rel in ("b", "c", "d", "up"):
        path = new / rel / "index.html"
        assert path.stat().st_nlink == 1 and not path.is_symlink(), rel
        assert path.read_bytes() == same
    assert (old / "b/index.html").read_bytes() == b"<p>old</p>"
    plain = FileWriter()  # not a preview: never linked
    plain.write(str(tmp_path / "plain/a/index.html"), same, False, "a/index.html")
    assert (tmp_path / "plain/a/index.html").stat().st_nlink == 1


def test_only_a_preview_links_pages_from_the_folder_it_replaces(project, monkeypatch):
    """`portal serve` builds link from the preview they replace; `portal build` never shares the
    published site with the next build (a plugin writing a page in place would change it)."""
    import subprocess

    from disclosure_portal import publishing
    from disclosure_portal.engine.writer import PREVIOUS_ENVIRONMENT
    from disclosure_portal.read.settings import load_settings

    real, seen = subprocess.Popen, []

    class Failed:  # the engine "fails" at once: nothing is swapped in
        def wait(self):
            return 1

    def engine(*args, **kwargs):
        if "env" not in kwargs:  # git, which the build asks before the engine
            return real(*args, **kwargs)
        seen.append(kwargs["env"].get(PREVIOUS_ENVIRONMENT))
        return Failed()

    monkeypatch.setattr(subprocess, "Popen", engine)
    monkeypatch.setenv(PREVIOUS_ENVIRONMENT, "/somewhere/else")  # never passed on as it is
    target = project.root / "out"
    target.mkdir()
    settings = load_settings(project.root)
    assert publishing.build_site(settings, target) == 1
    assert publishing.build_site(settings, target, preview=True) == 1
    assert seen == [None, str(target.resolve())]


def _two_entries(tmp_path):
    """A build cache with two pages (the first with a lone surrogate), both with the commit's
    placeholder in their footer, and the stamp's values to put in."""
    cache, _ = BuildCache.open(tmp_path / "cache")
    assert cache is not None
    token = STAMP_TOKENS["commit"]
    cache.put_page("ab" * 32, f"<p>第1页 \ud800</p><footer>{token}</footer>", "", False)
    cache.put_page("cd" * 32, f"<p>第2页</p><footer>{token}</footer>", "", False)
    first, second = cache.find_page("ab" * 32), cache.find_page("cd" * 32)
    assert first is not None and second is not None
    _, values = stamp_placeholders({"commit": "abc123", "date": "2026-12-01"})
    return cache, token, first, second, values


def test_a_page_from_the_cache_is_written_with_the_stamp_from_the_bytes_found(
    tmp_path, monkeypatch
):
    """A cached page goes to the writer as its entry: read in the thread, checked against the
    bytes found when the build was planned, the stamp put in. An entry changed since (another
    build, a disk error) refuses the build and is removed, and the scan's process refuses it
    alike."""
    cache, token, first, second, values = _two_entries(tmp_path)
    site = tmp_path / "site"
    writer = PageWriter()
    try:
        writer.take(
            "a.md", str(site / "a/index.html"), lambda: stamped_bytes(first.payload(), values)
        )
        writer.finish()
    finally:
        writer.detach()
    assert (site / "a/index.html").read_bytes() == (
        "<p>第1页 &#55296;</p><footer>abc123</footer>".encode()
    )
    # the second entry is replaced by another build after this one found it
    cache.put_page("cd" * 32, f"<p>另一个第2页</p><footer>{token}</footer>", "", False)
    writer = PageWriter()
    try:
        writer.take(
            "b.md", str(site / "b/index.html"), lambda: stamped_bytes(second.payload(), values)
        )
        with pytest.raises(WriteError, match="构建缓存中的页面已损坏，或在构建过程中被改动"):
            writer.finish()
    finally:
        writer.detach()
    assert not (site / "b/index.html").exists()
    assert not second.path.exists()  # removed: the next build renders the page
    # the scan's process: the same bytes, or the same refusal
    empty = Fingerprints(None, {}, 0, "none")
    monkeypatch.setattr(
        scanner, "_WORKER", {"fingerprints": empty, "need": 10, "verdicts": {}, "stamp": values}
    )
    with pytest.raises(CacheError):
        scanner._stored_page("b/index.html", str(second.path), second.sha)
    rel, sha, hits, _ = scanner._stored_page("a/index.html", str(first.path), first.sha)
    written = (site / "a/index.html").read_bytes()  # as &#55296;
    assert (rel, sha, hits) == ("a/index.html", hashlib.sha256(written).hexdigest(), [])
    cache.put_page("ef" * 32, f"<p>第3页</p>{token}", "", False)
    third = cache.find_page("ef" * 32)
    _, sha, _, verdicts = scanner._stored_page("c/index.html", str(third.path), third.sha)
    assert sha == hashlib.sha256("<p>第3页</p>abc123".encode()).hexdigest()
    assert verdicts == {f"c/index.html\t{third.sha}": "none"}  # of the version with placeholders


def _held(gate: threading.Event, data: bytes):
    """A cached page's producer that waits for `gate` (the writer's thread is busy meanwhile)."""

    def produce() -> bytes:
        gate.wait(10)
        return data

    return produce


def test_rendered_pages_waiting_are_bounded_and_cached_ones_are_not(tmp_path, monkeypatch):
    """The texts of rendered pages waiting for the thread are bounded; pages from the cache,
    handed over as what reads them, are not held back (the engine goes on at once)."""
    monkeypatch.setattr(writer_module, "MAX_PENDING", 2)
    gate = threading.Event()
    slow = _held(gate, b"<p>x</p>")
    writer = PageWriter()
    try:
        cached = threading.Thread(  # none of these blocks, though the thread waits on the first
            target=lambda: [
                writer.take(f"c{i}.md", str(tmp_path / f"c{i}/index.html"), slow) for i in range(50)
            ],
            daemon=True,
        )
        cached.start()
        cached.join(5)
        assert not cached.is_alive()
        took = threading.Thread(
            target=lambda: [
                writer.take(f"r{i}.md", str(tmp_path / f"r{i}/index.html"), "<p>r</p>")
                for i in range(5)
            ],
            daemon=True,
        )
        took.start()
        took.join(0.5)
        assert took.is_alive()  # two texts waiting: the third waits for the thread
        gate.set()
        took.join(10)
        assert not took.is_alive()
        writer.finish()
    finally:
        gate.set()
        writer.detach()
    assert len(list(tmp_path.glob("*/index.html"))) == 55


def test_an_aborted_writer_writes_nothing_more(tmp_path):
    """A failed build stops the writer: pages still waiting are dropped, not written (the
    output is removed anyway)."""
    gate = threading.Event()
    writer = PageWriter()
    try:
        writer.take("a.md", str(tmp_path / "a/index.html"), _held(gate, b"<p>1</p>"))
        for i in range(20):
            writer.take(f"b{i}.md", str(tmp_path / f"b{i}/index.html"), "<p>b</p>")
        stopper = threading.Thread(target=writer.abort, daemon=True)
        stopper.start()
        deadline = time.monotonic() + 10
        while writer.accepting and time.monotonic() < deadline:  # aborted before it goes on
            time.sleep(0.01)
        assert not writer.accepting
        gate.set()
        stopper.join(10)
        assert not stopper.is_alive()
    finally:
        gate.set()
        writer.detach()
    assert not list(tmp_path.glob("b*/index.html"))


def test_a_build_failing_after_pages_were_written_while_planning_empties_its_output(tmp_path):
    """A build that fails once the writer took pages from the cache (planning) leaves no page in
    the output, though the engine has not started rendering (`written_output` names the folder
    to empty); one that fails in validation leaves the output as it was."""
    from types import SimpleNamespace

    from disclosure_portal.plan.build import written_output

    site = SimpleNamespace(settings=SimpleNamespace(site_dir=tmp_path))
    planning = SimpleNamespace(
        site=site, rendering=None, written_early={"a.md": "a/index.html"}, spare=False
    )
    # the spare site moved in (engine/spare.py), nothing written yet: the folder holds it
    spare = SimpleNamespace(site=site, rendering=None, written_early={}, spare=True)
    validating = SimpleNamespace(site=site, rendering=None, written_early={}, spare=False)
    assert written_output(planning) == tmp_path
    assert written_output(spare) == tmp_path
    assert written_output(validating) is None


def test_pages_held_while_planning_are_written_on_release_flush_or_finish(tmp_path):
    """`hold`: what is handed over waits in the queue (the engine's thread plans without this
    thread taking turns with it), and is written once released; `flush` and `finish` release
    (they would otherwise wait for ever)."""
    read = threading.Event()

    def stored() -> bytes:
        read.set()
        return b"<p>from the cache</p>"

    writer = PageWriter()
    try:
        writer.hold()
        writer.take("a.md", str(tmp_path / "a/index.html"), stored)
        writer.take("b.md", str(tmp_path / "b/index.html"), "<p>b</p>")
        assert not read.wait(0.3)  # not even read
        assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
        writer.release()
        assert read.wait(10)
        writer.hold()
        writer.take("c.md", str(tmp_path / "c/index.html"), "<p>c</p>")
        writer.flush()  # releases: returns with c written
        assert (tmp_path / "c/index.html").read_bytes() == b"<p>c</p>"
        writer.hold()
        writer.take("d.md", str(tmp_path / "d/index.html"), "<p>d</p>")
        writer.finish()
    finally:
        writer.detach()
    assert (tmp_path / "a/index.html").read_bytes() == b"<p>from the cache</p>"
    assert (tmp_path / "b/index.html").read_bytes() == b"<p>b</p>"
    assert (tmp_path / "d/index.html").read_bytes() == b"<p>d</p>"


def test_a_reused_page_scanned_while_planning_is_not_handed_to_the_scan_again(tmp_path):
    """Planning gives the leak scan each reused page it finds (at the place planned); at the
    hand-over, the same entry at the same place is not given again, a page another plugin moved
    is (at its new place), and so is one planning did not give."""
    from types import SimpleNamespace

    from disclosure_portal.plan.build import BuildState

    given: list[tuple[str, str]] = []
    fake = SimpleNamespace(stored=lambda rel, path, sha: given.append((rel, sha)))
    state = BuildState.__new__(BuildState)
    state.scanner, state.index, state.searchable = fake, None, []
    state.scanned_early = {"a.md": ("a/index.html", "s1"), "b.md": ("b/index.html", "s2")}
    entry = SimpleNamespace(searchable=False, path=tmp_path / "e", sha="s1")
    state.written_stored("a.md", "a/index.html", entry)
    assert given == []
    state.written_stored("a.md", "moved/index.html", entry)  # moved since planning
    moved = SimpleNamespace(searchable=False, path=tmp_path / "e", sha="other")
    state.written_stored("b.md", "b/index.html", moved)  # another entry than planning's
    state.written_stored("c.md", "c/index.html", entry)  # not given while planning
    assert given == [("moved/index.html", "s1"), ("b/index.html", "other"), ("c/index.html", "s1")]


def test_a_folder_is_made_as_makedirs_makes_it(tmp_path):
    """The writer makes a page's folder with one system call where its parent is there, and
    otherwise exactly as os.makedirs(exist_ok=True) does: missing parents made, an existing
    folder (or a link to one) taken, a file, a dangling link or a file among the parents in the
    way refused with the same error."""
    from disclosure_portal.pagefiles import make_folder as _make_folder

    def outcome(make, root, rel):
        try:
            make(str(root / rel))
        except OSError as exc:
            return type(exc)
        return (root / rel).is_dir()

    for n, make in enumerate((_make_folder, lambda f: os.makedirs(f, exist_ok=True))):
        root = tmp_path / str(n)
        (root / "there").mkdir(parents=True)
        (root / "file").write_text("x")
        (root / "to-there").symlink_to(root / "there")
        (root / "dangling").symlink_to(root / "nowhere")
        cases = ["new", "a/b/c", "there", "to-there", "file", "dangling", "file/below"]
        results = [outcome(make, root, rel) for rel in cases]
        if n == 0:
            made = results
        else:
            assert made == results
    assert made == [True, True, True, True, FileExistsError, FileExistsError, NotADirectoryError]
    with pytest.raises(FileExistsError):
        _make_folder(str(tmp_path / "0" / "file"))


def test_the_scan_process_writes_a_cached_page_as_the_writer_thread_does(tmp_path, monkeypatch):
    """A page of the build cache handed to the leak scan's process with a place to write it
    (engine/reuse.py): written there from the bytes it reads, exactly the writer thread's bytes
    (a lone surrogate as a character reference), over the spare's file when there is one; an
    entry changed since is refused before anything is written."""
    from disclosure_portal.pagefiles import PREFIX

    cache, token, first, second, values = _two_entries(tmp_path)
    empty = Fingerprints(None, {}, 0, "none")
    monkeypatch.setattr(
        scanner, "_WORKER", {"fingerprints": empty, "need": 10, "verdicts": {}, "stamp": values}
    )
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    spare = site / "b" / f"{PREFIX}index.html"
    spare.write_bytes(b"x" * 5000)  # the spare site's file of that place: written over
    spare.chmod(0o600)
    for entry, rel in ((first, "a/index.html"), (second, "b/index.html")):
        _, sha, hits, _ = scanner._stored_page(
            rel, str(entry.path), entry.sha, str(site / rel), True
        )
        written = (site / rel).read_bytes()
        assert written == stamped_bytes(entry.payload(), values)
        assert (sha, hits) == (hashlib.sha256(written).hexdigest(), [])
    assert b"&#55296;" in (site / "a/index.html").read_bytes()
    assert not spare.exists()
    mode = (site / "b/index.html").stat().st_mode & 0o777
    assert mode == 0o666 & ~writer_module.umask()  # as a new file would be
    # the folder removed since (a page another plugin moved): made again
    (site / "a/index.html").unlink()
    (site / "a").rmdir()
    scanner._stored_page("a/index.html", str(first.path), first.sha, str(site / "a/index.html"))
    assert (site / "a/index.html").read_bytes() == stamped_bytes(first.payload(), values)
    # changed after planning found it: refused, nothing written
    cache.put_page("cd" * 32, f"<p>另一个第2页</p><footer>{token}</footer>", "", False)
    with pytest.raises(CacheError):
        scanner._stored_page("c/index.html", str(second.path), second.sha, str(site / "c/x.html"))
    assert not (site / "c").exists()


def test_pages_written_elsewhere_are_waited_for_and_their_failure_refuses_the_build(tmp_path):
    """`elsewhere`: a page the scan's process writes. `flush` and `finish` wait for that process
    too, what it could not write fails the build (fail closed), MkDocs' line for the page is
    dropped; nothing attached (or finished), the caller writes the page the usual way."""
    writer = PageWriter()
    try:
        assert not writer.elsewhere("a.md")  # nothing attached
        calls: list[str] = []
        failure: list[BaseException] = []

        def others() -> None:
            calls.append("waited")
            if failure:
                raise failure[0]

        writer.attach(others)
        assert writer.elsewhere("a.md")
        writer.take("b.md", str(tmp_path / "b/index.html"), "<p>b</p>")
        writer.flush()
        assert calls == ["waited"] and (tmp_path / "b/index.html").exists()
        record = logging.LogRecord("mkdocs", logging.INFO, "", 0, "Page skipped: 'a.md'.", (), None)
        assert not writer.filter(record)
        failure.append(OSError(28, "No space left on device", str(tmp_path / "a/index.html")))
        with pytest.raises(WriteError, match=r"无法写入页面.*a/index\.html"):
            writer.finish()
        with pytest.raises(WriteError):  # and every later hand-over says so
            writer.elsewhere("c.md")
    finally:
        writer.detach()
    finished = PageWriter()
    try:
        finished.attach(lambda: None)
        finished.finish()
        assert not finished.elsewhere("c.md")  # finished: the engine writes it itself
    finally:
        finished.detach()
    aborted = PageWriter()
    try:
        aborted.attach(lambda: (_ for _ in ()).throw(AssertionError("waited after abort")))
        aborted.abort()  # a failed build: the scan's process is closed, not waited for
    finally:
        aborted.detach()
