"""The spare site (engine/spare.py): the site `portal build` replaced is renamed file by file,
moved into the next build's output folder and written over; nothing of it survives that the
build did not write, and nothing outside it is ever written through it."""

from __future__ import annotations

import os
import stat

import pytest
from helpers import write_tree

from disclosure_portal import publishing
from disclosure_portal.engine import spare
from disclosure_portal.engine.writer import PageWriter, WriteError
from disclosure_portal.read.settings import settings_from_mapping

P = spare.PREFIX


def files_under(folder) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def old_site(tmp_path):
    """A published site as `portal build` leaves it after the swap (`.site-old-*`)."""
    old = tmp_path / ".site-old-1"
    pages = {
        "index.html": b"<p>home, old</p>",
        "a/index.html": b"<p>a, old and longer than the new one</p>",
        "a/b/index.html": b"<p>b, old</p>",
        "gone/index.html": b"<p>a page the next build does not have</p>",
        "gone/deeper/index.html": b"<p>below it</p>",
        "assets/app.css": b"body{}",
    }
    write_tree(old, pages)
    old.chmod(0o777 & ~spare.umask())
    return old, pages


def test_prepare_claim_write_over_and_clear(tmp_path):
    old, pages = old_site(tmp_path)
    place = tmp_path / "project" / spare.FOLDER
    place.mkdir(parents=True)
    inode = (old / "a/index.html").stat().st_ino
    assert spare.prepare(old, place)
    ready = place / spare.READY
    assert not old.exists()
    # every file carries the spare's name: none has the name of an output file
    renamed = {os.path.join(os.path.dirname(rel), P + os.path.basename(rel)) for rel in pages}
    kept = files_under(ready)
    listing = kept.pop(spare.LISTING)  # the spare's list of its files, under the spare's name
    assert kept == {
        os.path.join(os.path.dirname(rel), P + os.path.basename(rel)): data
        for rel, data in pages.items()
    }
    assert set(kept) == renamed == set(listing.decode().split("\0"))
    site = tmp_path / ".site-build-x"
    site.mkdir()
    assert spare.claim(ready, site)
    assert not ready.exists() and not (place / f"taken-{os.getpid()}").exists()
    writer = PageWriter(str(site))
    writer.recycle = True
    try:
        writer.take("a.md", str(site / "a/index.html"), "<p>a, new</p>")
        writer.take("new.md", str(site / "new/index.html"), "<p>a new page</p>")
        writer.finish()
    finally:
        writer.detach()
    assert (site / "a/index.html").stat().st_ino == inode  # written over, not created
    (site / "index.html").write_bytes(b"<p>home, new</p>")  # as MkDocs writes (a new file)
    assert spare.clear(site) == 5
    assert files_under(site) == {
        "a/index.html": b"<p>a, new</p>",
        "index.html": b"<p>home, new</p>",
        "new/index.html": b"<p>a new page</p>",
    }
    assert not (site / "gone").exists() and not (site / "assets").exists()
    assert not (site / "a/b").exists()  # emptied by the clearing: made for the old site alone
    assert not (site / spare.LISTING).exists()
    mode = stat.S_IMODE((site / "a/index.html").stat().st_mode)
    assert mode == 0o666 & ~spare.umask()


def _claimed(tmp_path, name):
    """A spare prepared from `old_site` and claimed into a new output folder `name`."""
    old, _ = old_site(tmp_path)
    place = tmp_path / f"project-{name}" / spare.FOLDER
    place.mkdir(parents=True)
    assert spare.prepare(old, place)
    site = tmp_path / name
    site.mkdir()
    assert spare.claim(place / spare.READY, site)
    return site


@pytest.mark.parametrize("listing", ["kept", "lost", "damaged"])
def test_the_spare_s_list_finds_what_looking_into_every_folder_finds(
    tmp_path, monkeypatch, listing
):
    """`clear` removes the files the spare's list names (one look at each place) and the
    folders that leaves empty: the same files and folders as looking into every folder (the
    list lost, or naming a place that is not a file under plain folders, it does that)."""
    site = _claimed(tmp_path, "site")
    if listing == "lost":
        (site / spare.LISTING).unlink()
    elif listing == "damaged":
        (site / spare.LISTING).write_bytes(
            b"../outside/" + P.encode() + b"x\0a/" + P.encode() + b"y"
        )
    (site / "a" / f"{P}index.html").rename(site / "a" / "index.html")  # written over
    (site / "a" / "index.html").write_bytes(b"<p>a, new</p>")
    (site / "new").mkdir()
    (site / "new" / "index.html").write_bytes(b"<p>new</p>")
    walked = []
    real = spare._clear
    monkeypatch.setattr(spare, "_clear", lambda *a, **k: walked.append(a) or real(*a, **k))
    assert spare.clear(site) == 5
    assert bool(walked) == (listing != "kept")  # every folder looked into only without the list
    assert files_under(site) == {"a/index.html": b"<p>a, new</p>", "new/index.html": b"<p>new</p>"}
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()) == [
        "a",
        "new",
    ]


def test_places_the_writers_took_are_not_looked_at_again(tmp_path, monkeypatch):
    """A page written over its place's spare file took it (pagefiles.overwrite says so, for
    the engine's writer and the scan's process alike): `clear` removes the other listed files
    without looking at those places; a place written anew (not over the spare) is cleared."""
    from disclosure_portal.pagefiles import FileWriter

    site = _claimed(tmp_path, "site")
    writer = PageWriter(str(site))
    writer.recycle = True
    try:
        writer.take("a.md", str(site / "a/index.html"), "<p>a, new</p>")
        writer.finish()
    finally:
        writer.detach()
    other = FileWriter()
    other.write(str(site / "gone/index.html"), b"<p>gone, new</p>", True)
    (site / "index.html").write_bytes(b"<p>home, new</p>")  # as MkDocs writes (a new file)
    consumed = writer.consumed + other.consumed
    assert consumed == [str(site / "a/index.html"), str(site / "gone/index.html")]
    looked = []
    real = os.unlink
    monkeypatch.setattr(
        spare.os, "unlink", lambda path, **k: looked.append(str(path)) or real(path, **k)
    )
    assert spare.clear(site, consumed) == 4
    assert not any(
        path.endswith(f"a/{P}index.html") or path.endswith(f"gone/{P}index.html") for path in looked
    )
    assert files_under(site) == {
        "a/index.html": b"<p>a, new</p>",
        "gone/index.html": b"<p>gone, new</p>",
        "index.html": b"<p>home, new</p>",
    }


def test_the_spare_s_list_never_reaches_through_a_link(tmp_path):
    """A folder of the claimed spare replaced by a link to a folder outside, holding a file of
    the spare's name at the listed place: that file is not removed (the list gives way to
    looking into every folder, which does not follow links); nor is a place outside named by
    a list planted with `..`."""
    site = _claimed(tmp_path, "site")
    outside = tmp_path / "outside"
    (outside / "deeper").mkdir(parents=True)
    (outside / "deeper" / f"{P}index.html").write_bytes(b"not the site's")
    (outside / f"{P}x").write_bytes(b"not the site's either")
    for path in sorted((site / "gone").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    (site / "gone").rmdir()
    (site / "gone").symlink_to(outside, target_is_directory=True)
    spare.clear(site)
    assert (outside / "deeper" / f"{P}index.html").read_bytes() == b"not the site's"
    second = _claimed(tmp_path, "second")
    (second / spare.LISTING).write_bytes(f"../outside/{P}x".encode())
    spare.clear(second)
    assert (outside / f"{P}x").exists()
    assert not [p for p in second.rglob("*") if p.name.startswith(P)]


def test_links_in_the_replaced_site_are_never_written_through(tmp_path):
    """A backup's hard link to a page, a symbolic link in place of a page: the spare drops them
    (the backup keeps its bytes); one put into the spare after it was made is not followed
    either, nor is a pipe waited on."""
    old, _ = old_site(tmp_path)
    backup = tmp_path / "backup.html"
    os.link(old / "a/index.html", backup)
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>not the site's</p>")
    (old / "a/b/index.html").unlink()
    (old / "a/b/index.html").symlink_to(outside)
    place = tmp_path / spare.FOLDER
    place.mkdir()
    assert spare.prepare(old, place)
    ready = place / spare.READY
    assert not (ready / "a" / f"{P}index.html").exists()  # the hard-linked page: dropped
    assert not os.path.lexists(ready / "a/b" / f"{P}index.html")  # the link: dropped
    assert backup.read_bytes() == b"<p>a, old and longer than the new one</p>"
    # planted after the spare was made: a hard link, a symbolic link, a pipe
    second = tmp_path / "second.html"
    second.write_bytes(b"<p>second</p>")
    (ready / f"{P}index.html").unlink()
    os.link(second, ready / f"{P}index.html")
    (ready / "gone" / f"{P}index.html").unlink()
    (ready / "gone" / f"{P}index.html").symlink_to(outside)
    (ready / "assets" / f"{P}app.css").unlink()
    os.mkfifo(ready / "assets" / f"{P}app.css")
    site = tmp_path / "site-build"
    site.mkdir()
    assert spare.claim(ready, site)
    writer = PageWriter(str(site))
    writer.recycle = True
    try:
        writer.take("index.md", str(site / "index.html"), "<p>home, new</p>")
        writer.take("gone.md", str(site / "gone/index.html"), "<p>gone, new</p>")
        writer.take("app.css", str(site / "assets/app.css"), "body{color:red}")
        writer.take("b.md", str(site / "a/b/index.html"), "<p>b, new</p>")
        writer.finish()
    finally:
        writer.detach()
    spare.clear(site)
    assert second.read_bytes() == b"<p>second</p>"
    assert outside.read_bytes() == b"<p>not the site's</p>"
    assert backup.read_bytes() == b"<p>a, old and longer than the new one</p>"
    for rel in ("index.html", "gone/index.html", "assets/app.css", "a/b/index.html"):
        status = os.lstat(site / rel)
        assert stat.S_ISREG(status.st_mode) and status.st_nlink == 1, rel
    assert (site / "assets/app.css").read_bytes() == b"body{color:red}"
    assert not [p for p in site.rglob("*") if p.name.startswith(P)]


def test_a_folder_in_the_way_refuses_the_build(tmp_path):
    site = tmp_path / "site"
    (site / "a" / f"{P}index.html").mkdir(parents=True)  # not what a spare ever holds
    (site / "a" / f"{P}index.html" / "x").write_bytes(b"x")
    writer = PageWriter(str(site))
    writer.recycle = True
    try:
        writer.take("a.md", str(site / "a/index.html"), "<p>a</p>")
        with pytest.raises(WriteError):
            writer.finish()
    finally:
        writer.detach()


def test_a_spare_is_claimed_only_into_an_empty_folder_with_this_umask(tmp_path):
    """A link to a folder in the replaced site is dropped (its target untouched); the spare is
    not moved into an output folder something already wrote in, nor one made with another
    umask (its modes would be the old ones): then it stays for another build."""
    old, _ = old_site(tmp_path)
    (old / "linked").symlink_to(tmp_path, target_is_directory=True)  # a link is dropped
    place = tmp_path / spare.FOLDER
    place.mkdir()
    assert spare.prepare(old, place)
    assert (tmp_path / spare.FOLDER / spare.READY).is_dir()
    assert tmp_path.is_dir()  # the link's target untouched
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "index.html").write_bytes(b"written first")
    assert not spare.claim(place / spare.READY, busy)
    assert (place / spare.READY).is_dir()  # still there for another build
    (place / spare.READY).chmod(0o700 if spare.umask() != 0o077 else 0o755)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not spare.claim(place / spare.READY, empty)  # made with another umask
    assert list(empty.iterdir()) == []


def test_a_site_holding_a_spare_file_is_refused(tmp_path, capsys):
    """The last wall (`portal build`'s own check): a file of the old site left in the output
    refuses the build, whatever the ledger says."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<p>home</p>")
    (site / "a" / f"{P}index.html").write_bytes(b"<p>old</p>")
    settings = settings_from_mapping(tmp_path, {"site_name": "x"})
    ledger = {"files": {}}
    assert publishing.check_site(settings, site, ledger) == 1
    assert "上次网站的旧文件" in capsys.readouterr().out


def test_what_killed_processes_left_in_the_spare_s_folder_is_removed(tmp_path):
    """A build killed while it claimed the spare leaves `taken-<pid>`, a preparation killed while
    it replaced one `older-<pid>`: the next preparation removes those of processes that are
    gone, and leaves a running process's and anything else alone."""
    import subprocess
    import sys

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    place = tmp_path / "project" / spare.FOLDER
    names = [f"taken-{dead.pid}", f"older-{dead.pid}", f"taken-{os.getpid()}", "taken-x", "mine-1"]
    for name in names:
        (place / name).mkdir(parents=True)
        (place / name / f"{P}index.html").write_bytes(b"<p>old</p>")
    old, _ = old_site(tmp_path)
    assert spare.prepare(old, place)
    left = sorted(p.name for p in place.iterdir())
    assert left == sorted([f"taken-{os.getpid()}", "taken-x", "mine-1", spare.READY])
    assert publishing.dead_builds(tmp_path) == []  # the old site's folder was moved, not left
    (tmp_path / f"{publishing.STAGING}{dead.pid}-abc").mkdir()
    (tmp_path / f"{publishing.STAGING}{os.getpid()}-abc").mkdir()
    assert [p.name for p in publishing.dead_builds(tmp_path)] == [
        f"{publishing.STAGING}{dead.pid}-abc"
    ]
