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
   The list of the renamed files goes with them (`LISTING`, itself under the spare's name).
2. `claim` (the engine's hook, in `on_files`, once MkDocs has emptied the output folder and
   before anything is written): the spare's entries are moved into the output folder.
3. The page writer (engine/writer.py) writes a page over the spare's file of the same place:
   renamed back, opened without following links, checked (a regular file of ours with one
   link), overwritten and cut to the new length. Folders are found instead of created.
4. `clear` (after the last page, before any `on_post_build`, the search index, the manifest or
   the leak scan's last pass look at the folder): every file still named `PREFIX…` is removed,
   with the folders left empty: the listed files, but those the page writers took, or, without
   a usable list, whatever looking into every folder finds. `portal build` refuses a site in
   which one is left (publishing.check_site).

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
from collections.abc import Iterable
from pathlib import Path

from disclosure_portal.pagefiles import PREFIX, umask

FOLDER = ".portal-spare"  # in the project folder
READY = "ready"
# in the spare, beside its files: the list of their paths (the spare's name: never published)
LISTING = PREFIX + "~files"
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
    renamed: list[str] = []
    if not _prepare_tree(str(old), uid, renamed, ""):
        shutil.rmtree(old, ignore_errors=True)
        return False
    try:  # what `clear` looks for, instead of every folder of the site
        (old / LISTING).write_bytes(b"\0".join(os.fsencode(rel) for rel in renamed))
    except OSError:
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


def _prepare_tree(top: str, uid: int, renamed: list[str], rel: str) -> bool:
    """Rename the files under `top` (`rel` in the site) to their spare names, each one's path
    in the site appended to `renamed`; False where the tree cannot serve as the spare."""
    try:
        status = os.lstat(top)
        if not stat.S_ISDIR(status.st_mode) or status.st_uid != uid:
            return False
        with os.scandir(top) as entries:
            children = list(entries)
        for entry in children:
            mode = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(mode.st_mode):
                if not _prepare_tree(entry.path, uid, renamed, f"{rel}{entry.name}/"):
                    return False
            elif stat.S_ISREG(mode.st_mode) and mode.st_nlink == 1 and mode.st_uid == uid:
                if entry.name.startswith(PREFIX):  # never in a published site: not ours
                    os.unlink(entry.path)
                else:
                    os.rename(entry.path, os.path.join(top, PREFIX + entry.name))
                    renamed.append(f"{rel}{PREFIX}{entry.name}")
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


def clear(site_dir: Path, consumed: Iterable[str] = ()) -> int:
    """Remove every file still carrying the spare's name under `site_dir`, and the folders
    that leaves empty; how many files were removed. Found from the spare's list of its files
    (`LISTING`, made with it) when it came with it: the listed files but those of the places
    in `consumed` (paths of pages written over the spare's file of their place, which took
    it: pagefiles.overwrite) are removed, instead of a look into every folder of the site
    (thirteen thousand at 10,000 documents); else, or when a listed place is not a plain file
    in plain folders, by looking into every folder. (`portal build` refuses a site in which
    one is left: publishing.check_site.)"""
    listed = _listed(site_dir)
    top = os.path.normpath(str(site_dir))
    taken = {os.path.normpath(path) for path in consumed}
    removed, complete = _clear_listed(top, listed, taken) if listed is not None else (0, False)
    if not complete:
        more, _ = _clear(str(site_dir), top=True)
        removed += more
    return removed


def _listed(site_dir: Path) -> list[str] | None:
    """The paths the spare's list names (the list removed), None without a readable list."""
    path = os.path.join(site_dir, LISTING)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with open(fd, "rb", closefd=False) as reader:
            data = reader.read()
    except OSError:
        return None
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)
    try:
        return [os.fsdecode(rel) for rel in data.split(b"\0")] if data else []
    except ValueError:
        return None


def _clear_listed(top: str, listed: list[str], taken: set[str]) -> tuple[int, bool]:
    """Remove each listed file (a path relative to `top`, with the spare's name, under plain
    folders only: one reached through a link is never touched) but those of the places in
    `taken`, and the folders that leaves empty: (how many files, whether every listed place
    was looked at: not when one is not such a file, where this stops)."""
    real: dict[str, bool] = {top: True}

    def plain_folder(folder: str) -> bool:
        known = real.get(folder)
        if known is None:
            parent = os.path.dirname(folder)
            known = parent != folder and parent.startswith(top) and plain_folder(parent)
            if known:
                try:
                    known = stat.S_ISDIR(os.lstat(folder).st_mode)
                except OSError:
                    known = False
            real[folder] = known
        return known

    removed, emptied, complete = 0, set(), True
    for rel in listed:
        parts = rel.split("/")
        if not parts[-1].startswith(PREFIX) or any(p in ("", ".", "..") for p in parts):
            complete = False
            break
        folder = os.path.join(top, *parts[:-1])
        if os.path.join(folder, parts[-1][len(PREFIX) :]) in taken:
            continue  # written over: the page's file now
        if not plain_folder(folder):
            complete = False
            break
        try:
            os.unlink(os.path.join(folder, parts[-1]))
        except FileNotFoundError:  # written over: renamed back to its page's name
            continue
        except OSError:  # (a folder in the way): looked at with the rest
            complete = False
            break
        removed += 1
        emptied.add(folder)
    for folder in sorted(emptied, key=len, reverse=True):  # made for the old site alone
        while folder != top and folder.startswith(top + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                break
            folder = os.path.dirname(folder)
    return removed, complete


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
