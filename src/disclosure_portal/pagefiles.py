"""Writing a page's file in the output folder, as the engine's page writer does it
(engine/writer.py) and as the leak scan's process does it for the pages of the build cache it
reads anyway (verify/scanner.py): its folder made with as few system calls as may be; when
the output folder holds the spare site (engine/spare.py), the spare's file of that place
written over instead of a new one created; in a preview, a file of the preview it replaces
that holds exactly the page's bytes hard-linked instead of written (`PreviousSite`). Plain
system calls: no engine is imported here."""

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


def overwrite(
    path: str, data: bytes, uid: int, mode: int, consumed: list[str] | None = None
) -> bool:
    """Write `data` at `path` over the spare's file of that place (engine/spare.py), if there is
    one and it is a regular file owned by `uid` with one link (its permissions made `mode`, as a
    new file's would be); False otherwise (nothing written: the caller creates the file).
    `consumed`: `path` is added when the spare's file of that place is gone (taken by this
    write, or removed because it could not be): `spare.clear` need not look for it."""
    folder, name = os.path.split(path)
    try:
        os.rename(os.path.join(folder, PREFIX + name), path)
    except OSError:
        return False  # none (or a folder in the way: creating the file says so)
    if consumed is not None:
        consumed.append(path)
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


class PreviousSite:
    """The preview folder a preview build replaces (`portal serve`: PORTAL_PREVIOUS_SITE): its
    file at a page's place, when that is a regular file reached without leaving the folder (no
    symbolic link on the way, none at the end) holding exactly the page's bytes; the caller
    links it instead of writing the page. A published site is never one (see engine/writer.py)."""

    def __init__(self, folder: str) -> None:
        self.folder = os.path.realpath(folder)
        self._inside: dict[str, bool] = {self.folder: True}  # folders: a real folder inside?

    @classmethod
    def of(cls, folder: str | None) -> PreviousSite | None:
        """The previous site at `folder`, or None (none given, or not a folder)."""
        if not folder or not os.path.isdir(folder):
            return None
        return cls(folder)

    def _within(self, folder: str) -> bool:
        """Whether `folder` (under `self.folder`, by its name) is a real folder reached from
        it through real folders only: one `lstat` per folder, its parent's answer remembered."""
        known = self._inside.get(folder)
        if known is None:
            parent = os.path.dirname(folder)
            known = parent != folder and parent.startswith(self.folder) and self._within(parent)
            if known:
                try:
                    known = stat.S_ISDIR(os.lstat(folder).st_mode)  # a link is not a folder
                except OSError:
                    known = False
            self._inside[folder] = known
        return known

    def same(self, rel: str, data: bytes) -> str | None:
        """The previous site's file at `rel` (a page's place, relative and normalised, as the
        engine's destination) when it holds exactly `data`, else None."""
        if not rel or os.path.isabs(rel) or rel.split("/", 1)[0] == os.pardir:
            return None
        old = os.path.normpath(os.path.join(self.folder, rel))
        if not old.startswith(self.folder + os.sep) or not self._within(os.path.dirname(old)):
            return None
        try:
            status = os.lstat(old)
            if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
                return None
            with open(old, "rb") as handle:
                return old if handle.read() == data else None
        except OSError:
            return None

    def link(self, rel: str, data: bytes, path: str) -> bool:
        """Link `path` to the previous site's file at `rel` when it holds exactly `data`; False
        when it does not or cannot be linked (another file system, protected_hardlinks): the
        caller writes the page."""
        if (old := self.same(rel, data)) is None:
            return False
        try:
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        return True


class FileWriter:
    """Pages written by a process that is not the engine's (the leak scan's, for the pages of
    the build cache it reads anyway: `verify/scanner.py`): exactly as the page writer's thread
    writes them, over the spare site's files when `recycle`, linked to the previous preview's
    files when `previous` (a preview build) holds the same bytes."""

    def __init__(self, previous: str | None = None) -> None:
        self._uid = os.geteuid()
        self._mode = 0o666 & ~umask()
        self._folders: set[str] = set()
        self._previous = PreviousSite.of(previous)
        self.consumed: list[str] = []  # places whose spare file is gone (`overwrite`)

    def write(self, path: str, data: bytes, recycle: bool, rel: str | None = None) -> None:
        """Write `data` at `path` (published at `rel`), making its folder; OSError when it
        cannot be written."""
        folder = os.path.dirname(path)
        if folder not in self._folders:
            # over the spare's file, its folder is there: found by writing (a folder for each
            # page, thousands a build; a preview links the pages it can first)
            if (
                recycle
                and self._previous is None
                and overwrite(path, data, self._uid, self._mode, self.consumed)
            ):
                self._folders.add(folder)
                return
            make_folder(folder)
            self._folders.add(folder)
        if self._previous is not None and rel is not None and self._previous.link(rel, data, path):
            return
        if recycle and overwrite(path, data, self._uid, self._mode, self.consumed):
            return
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except FileNotFoundError:  # its folder was removed since (the engine's `flush`)
            make_folder(folder)
            with open(path, "wb") as handle:
                handle.write(data)
