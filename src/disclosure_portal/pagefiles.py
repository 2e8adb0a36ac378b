"""Writing a page's file in the output folder, as the engine's page writer does it
(engine/writer.py) and as the leak scan's process does it for the pages of the build cache it
reads anyway (verify/scanner.py): its folder made with as few system calls as may be, and, when
the output folder holds the spare site (engine/spare.py), the spare's file of that place
written over instead of a new one created. Plain system calls: no engine is imported here."""

from __future__ import annotations

import contextlib
import os
import stat

# a spare file's name starts so; no output file does (MkDocs leaves out dot files)
PREFIX = ".portal-spare~"


def umask() -> int:
    """This process's umask, read without changing it where the system says it (threads are
    running: setting it to read it would race with their files)."""
    with (
        contextlib.suppress(OSError, ValueError),
        open("/proc/self/status", encoding="ascii", errors="replace") as status,
    ):
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0)
    os.umask(mask)
    return mask


def make_folder(folder: str) -> None:
    """`os.makedirs(folder, exist_ok=True)`, with one system call where the parent is there
    already (makedirs looks at the parent first): a page's folder is new, or the spare site's,
    thousands of times a build (3,000 new folders: 0.57 s against 1.59 s on the test machine)."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:  # a parent is missing too
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        if not os.path.isdir(folder):  # as makedirs: a file (or a link to one) in the way
            raise


def overwrite(path: str, data: bytes, uid: int, mode: int) -> bool:
    """Write `data` at `path` over the spare's file of that place (engine/spare.py), if there is
    one and it is a regular file owned by `uid` with one link (its permissions made `mode`, as a
    new file's would be); False otherwise (nothing written: the caller creates the file)."""
    folder, name = os.path.split(path)
    try:
        os.rename(os.path.join(folder, PREFIX + name), path)
    except OSError:
        return False  # none (or a folder in the way: creating the file says so)
    try:  # not following a link, not waiting for a reader of a pipe
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:  # a link or a pipe put there since the spare was made: removed
        os.unlink(path)  # (a folder is not: creating the file fails, the build with it)
        return False
    try:
        status = os.fstat(fd)
        if (
            not stat.S_ISREG(status.st_mode)
            or status.st_nlink != 1  # another name would see the new bytes: not ours
            or status.st_uid != uid
        ):
            os.unlink(path)  # a new file instead
            return False
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(data))
        if stat.S_IMODE(status.st_mode) != mode:
            os.fchmod(fd, mode)  # as a new file would be
    finally:
        os.close(fd)
    return True


class FileWriter:
    """Pages written by a process that is not the engine's (the leak scan's, for the pages of
    the build cache it reads anyway: `verify/scanner.py`): exactly as the page writer's thread
    writes them, over the spare site's files when `recycle`, without the previous preview's
    links (a preview has no build cache)."""

    def __init__(self) -> None:
        self._uid = os.geteuid()
        self._mode = 0o666 & ~umask()
        self._folders: set[str] = set()

    def write(self, path: str, data: bytes, recycle: bool) -> None:
        """Write `data` at `path`, making its folder; OSError when it cannot be written."""
        folder = os.path.dirname(path)
        if folder not in self._folders:
            make_folder(folder)
            self._folders.add(folder)
        if recycle and overwrite(path, data, self._uid, self._mode):
            return
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except FileNotFoundError:  # its folder was removed since (the engine's `flush`)
            make_folder(folder)
            with open(path, "wb") as handle:
                handle.write(data)
