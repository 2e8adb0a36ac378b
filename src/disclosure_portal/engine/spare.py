"""The replaced site, kept to build the next one in (`portal build` with the cache).

Every page changes in every commit (the build stamp is in each footer, SPEC), so a build writes
every page again; creating thousands of folders and files was the longest part of a warm build
(on ext4 without a journal, inodes freed by deleting the previous site a few seconds earlier are
skipped while new ones are looked for). Instead of deleting the site it replaced, `portal build`
keeps it as the *spare*, `.portal-spare/ready` in the project folder (ignored by git through its
own .gitignore, outside the cache folder that CI keeps between pipelines, and never beside the
published folder, where a web server might serve it):

1. `prepare` (a process of its own, after the swap): every file of the old site is renamed to
   `PREFIX + name` in its folder, so that nothing of it has the name of an output file; a file
   that is not a regular file of ours with one link (a symbolic link, a hard link made by a
   backup) is removed instead, and a folder that is not ours, or a link, gives up the spare.
2. `claim` (the engine's hook, in `on_files`, once MkDocs has emptied the output folder and
   before anything is written): the spare's entries are moved into the output folder.
3. The page writer (engine/writer.py) writes a page over the spare's file of the same place:
   renamed back, opened without following links, checked (a regular file of ours with one
   link), overwritten and cut to the new length. Folders are found instead of created.
4. `clear` (after the last page, before any `on_post_build`, the search index, the manifest or
   the leak scan's last pass look at the folder): every file still named `PREFIX…` is removed,
   with the folders left empty. `portal build` refuses a site in which one is left
   (publishing.check_site).

Nothing of the old site can be served as the new one: what the build did not write keeps the
prefix until `clear` removes it, and what it wrote holds exactly the new bytes (the second wall
and `portal build` check the bytes on disk against those scanned). A build that fails removes
its output folder, spare files included."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from disclosure_portal.pagefiles import PREFIX, umask

FOLDER = ".portal-spare"  # in the project folder
READY = "ready"
ENVIRONMENT = "PORTAL_SPARE_SITE"  # the spare the engine may claim (set by `portal build`)
SWITCH = "PORTAL_RECYCLE"  # 0: delete the replaced site as before (no second copy on disk)


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip() != "0"


def folder(root: Path) -> Path:
    """The spare's folder of the project at `root`, created with its .gitignore (`*`)."""
    place = root / FOLDER
    place.mkdir(exist_ok=True)
    ignore = place / ".gitignore"
    if not ignore.exists():
        ignore.write_bytes(b"*\n")
    return place


def prepare_later(old: Path, root: Path, leftovers: list[Path]) -> bool:
    """Make `old` (the site just replaced) the spare in a process of its own; `leftovers`
    (replaced sites an earlier removal left) are removed there. False if the process could not
    be started (the caller removes `old`)."""
    try:
        place = folder(root)
        subprocess.Popen(
            [sys.executable, "-m", __name__, str(old), str(place), *map(str, leftovers)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return False
    return True


def gone(pid: str) -> bool:
    """Whether `pid` (digits from a folder's name) names a process that no longer runs (False
    for one running, as another user too, and for what is no process id)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        pass
    return False


def dead_leftovers(place: Path) -> list[Path]:
    """Folders in the spare's folder `place` of processes killed before they could remove them:
    `taken-<pid>` (a build killed while it claimed the spare), `older-<pid>` (a preparation
    killed while it replaced the spare)."""
    found = []
    for path in place.glob("*-*"):
        kind, _, pid = path.name.partition("-")
        if kind in ("taken", "older") and not path.is_symlink() and path.is_dir() and gone(pid):
            found.append(path)
    return found


def prepare(old: Path, place: Path) -> bool:
    """Rename every file of `old` to its spare name and move `old` to `place/READY` (replacing
    an older spare); remove `old` instead where it cannot serve. True when it is the spare.
    What killed processes left in `place` is removed first."""
    for leftover in dead_leftovers(place):
        shutil.rmtree(leftover, ignore_errors=True)
    uid = os.geteuid()
    if not _prepare_tree(str(old), uid):
        shutil.rmtree(old, ignore_errors=True)
        return False
    ready = place / READY
    if ready.exists():
        older = place / f"older-{os.getpid()}"
        with contextlib.suppress(OSError):
            ready.rename(older)
        shutil.rmtree(older, ignore_errors=True)
    try:
        old.rename(ready)
    except OSError:  # another file system, or another build's spare just arrived
        shutil.rmtree(old, ignore_errors=True)
        return False
    return True


def _prepare_tree(top: str, uid: int) -> bool:
    try:
        status = os.lstat(top)
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != uid:
            return False
        with os.scandir(top) as entries:
            children = list(entries)
        for entry in children:
            mode = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(mode.st_mode):
                if not _prepare_tree(entry.path, uid):
                    return False
            elif stat.S_ISREG(mode.st_mode) and mode.st_nlink == 1 and mode.st_uid == uid:
                if entry.name.startswith(PREFIX):  # never in a published site: not ours
                    os.unlink(entry.path)
                else:
                    os.rename(entry.path, os.path.join(top, PREFIX + entry.name))
            else:  # a link, a hard link (a backup's?), a device: removed, never written to
                os.unlink(entry.path)
    except OSError:
        return False
    return True


def claim(spare: Path, site_dir: Path) -> bool:
    """Move the spare's entries into the empty output folder `site_dir`; True if done. The
    spare is taken by renaming it first, so two builds never share one."""
    taken = spare.with_name(f"taken-{os.getpid()}")
    try:
        mine, target = os.lstat(spare), os.stat(site_dir)
        if (
            mine.st_dev != target.st_dev
            or not stat.S_ISDIR(mine.st_mode)
            or stat.S_IMODE(mine.st_mode) != 0o777 & ~umask()  # made with another umask
            or any(site_dir.iterdir())
        ):
            return False
        spare.rename(taken)
    except OSError:
        return False
    moved = True
    try:
        for entry in os.listdir(taken):
            os.rename(os.path.join(taken, entry), os.path.join(site_dir, entry))
        taken.rmdir()
    except OSError:  # what did move is cleared with the rest (`clear`); the rest is dropped
        moved = False
        shutil.rmtree(taken, ignore_errors=True)
    return moved


def clear(site_dir: Path) -> int:
    """Remove every file still carrying the spare's name under `site_dir`, and the folders
    that leaves empty; how many files were removed."""
    removed, _ = _clear(str(site_dir), top=True)
    return removed


def _clear(path: str, *, top: bool = False) -> tuple[int, bool]:
    removed, empty = 0, True
    with os.scandir(path) as entries:
        children = list(entries)
    for entry in children:
        if entry.is_dir(follow_symlinks=False):
            count, gone = _clear(entry.path)
            removed += count
            empty = empty and gone
        elif entry.name.startswith(PREFIX):
            os.unlink(entry.path)
            removed += 1
        else:
            empty = False
    if empty and removed and not top:  # emptied by this: made for the old site alone
        os.rmdir(path)
        return removed, True
    return removed, False


def left_in(names: list[str]) -> list[str]:
    """The files among `names` (paths relative to the site, POSIX) that carry the spare's name
    (never in a finished site)."""
    return [rel for rel in names if rel.rpartition("/")[2].startswith(PREFIX)]


if __name__ == "__main__":  # the process of `prepare_later`
    for leftover in sys.argv[3:]:
        shutil.rmtree(leftover, ignore_errors=True)
    prepare(Path(sys.argv[1]), Path(sys.argv[2]))
