"""The build cache (SPEC: Command line, `portal build`): what a build computed, kept in an ignored
folder of the repository (`.portal-cache/`) so that the next build does not compute it again.

Three main kinds of entries, each found by a digest of everything it was computed from:
- pages: a page's output (rendered with the build stamp's placeholders, see plan/build.py),
  found by a digest of its inputs (source, front matter, template data, links, the site's
  settings, theme and package versions);
- verdicts: output files the leak scan found clean, by path, the SHA-256 of their bytes and
  the digest of the fingerprints they were searched for (a verdict is never used for other
  bytes or other fingerprints);
- search shards: a Pagefind shard's files, by the digest of the pages indexed;
- and, beside these, the git record by commit, the comparison form's table, the memo of
  content checks (`Memo`) and the folder of the engine's compiled templates (written and read
  by engine/templatecache.py as entries of this kind).

Nothing is trusted blindly: each entry carries the SHA-256 of its payload and is ignored when it
does not match (a corrupt entry is a miss), a cache written by another format or generator
version is ignored, and so is a cache folder that git tracks (committed by mistake, it could be
anyone's). Every write is atomic (a temporary file renamed), so a build that stops half-way, or
two builds at once, leave whole entries or none. Nothing here knows the engine.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import json
import marshal
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import orjson

from disclosure_portal.model import textform
from disclosure_portal.version import generator_version, installed_version

if TYPE_CHECKING:
    from disclosure_portal.read.history import History

CACHE_DIR = ".portal-cache"
DIGESTS = "~digests"  # in the stats of a shard from the cache: its files' SHA-256

ENVIRONMENT = "PORTAL_CACHE_DIR"  # the folder, for the engine's hook (set by `portal build`)
FORMAT = 1
MAGIC = b"portal-cache 1\n"
MARKS = "marks"  # the page entries' files as written or checked whole (BuildCache.find_page)
MARKS_KIND = "marks-facts"  # with what each entry's header says (a marks file of before: none)
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
# the distributions whose versions change what a build writes
DISTRIBUTIONS = (
    "disclosure-portal",
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "pagefind",
    "pagefind-bin-extended",
    "properdocs",
)
PACKAGE = Path(__file__).resolve().parent


class Uncacheable(TypeError):
    """A value without one canonical form: what depends on it is computed, never cached."""


LONG_TEXT = 512  # characters: a longer text field goes into a key by its digest


def text_form(value: Any) -> Any:
    """`value` as a key holds it: a long text (a document's body, the Markdown of a page) by the
    SHA-256 of its UTF-8 bytes, anything else as it is. Encoding thousands of bodies as JSON
    escapes cost more than hashing them; a str is never a mapping, so the forms stay apart."""
    if type(value) is str and len(value) > LONG_TEXT:
        return _remembered(value, _text_form)
    return value


def _text_form(value: str) -> dict[str, str]:
    return {"~sha256": hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()}


_FORMS = threading.local()  # .known: id -> (record, its form), while `remembered_forms` holds


@contextlib.contextmanager
def remembered_forms() -> Iterator[None]:
    """Within this block, on this thread, each record (dataclass object) goes into keys by a
    form computed once: a document appears in its own page's key and in every listing that
    shows it; so does each long text (a document's body: in its page's Markdown and in its
    record). The records must not change meanwhile (planning reads them only)."""
    _FORMS.known = {}
    try:
        yield
    finally:
        _FORMS.known = None


def _remembered(value: Any, form_of: Callable[[Any], dict[str, str]]) -> dict[str, str]:
    """`form_of(value)`, computed once per object within `remembered_forms` (the object is kept
    with its form, so its id is not reused meanwhile)."""
    known = getattr(_FORMS, "known", None)
    if known is not None and (found := known.get(id(value))) is not None and found[0] is value:
        return found[1]
    form = form_of(value)
    if known is not None:
        known[id(value)] = (value, form)
    return form


def _record_form(value: Any) -> dict[str, str]:
    """A record by its kind and the SHA-256 of its fields' canonical form (long texts by their
    own digest): the same for equal records, wherever they are."""
    return _remembered(value, _fields_form)


def _fields_form(value: Any) -> dict[str, str]:
    fields = {f.name: text_form(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return {
        "~dc": type(value).__qualname__,
        "~sha256": hashlib.sha256(canonical(fields)).hexdigest(),
    }


def shared_form(value: Any) -> dict[str, str]:
    """`value`, a listing row that planning gives every listing showing its document (the same
    object: plan/views.shared_rows), by the SHA-256 of its canonical form, computed once per
    object within `remembered_forms` (a row is in four or five listings' keys)."""
    return _remembered(value, _row_form)


def _row_form(value: Any) -> dict[str, str]:
    return {"~row": hashlib.sha256(canonical(value)).hexdigest()}


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return {"~t": type(value).__name__, "v": value.isoformat()}
    if isinstance(value, set | frozenset):
        return {"~set": sorted(canonical(v).decode("utf-8") for v in value)}
    if isinstance(value, tuple):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record_form(value)
    if isinstance(value, PurePath):
        return {"~path": value.as_posix()}
    if isinstance(value, bytes):
        return {"~bytes": hashlib.sha256(value).hexdigest()}
    if isinstance(value, enum.Enum):
        return {"~enum": f"{type(value).__qualname__}.{value.name}"}
    raise Uncacheable(type(value).__qualname__)


# orjson writes the bytes json.dumps writes (floats aside), nine times as fast (page
# keys at 10,000 documents: 60 MB, 2.6 s -> 0.3 s); records and dates go to `_default` as there
_FAST = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME


def canonical(value: Any) -> bytes:
    """`value` in one canonical form (JSON, keys sorted): equal forms, equal values. Raises
    Uncacheable for anything without one (an object of unknown kind, mixed key types).

    Written by orjson, and by json where orjson refuses the value (a key that is not a string,
    an integer beyond 64 bits, a lone surrogate), so a value goes the same way every time. The
    two write the same bytes but for floats, where each writes one notation of its own (orjson
    1e-5, json 1e-05), and for values no key holds: a float that is not finite (orjson writes
    null), an enum member (its value) and a UUID (its text), which json leaves to `_default`.
    Content is read as text and planning makes none of them; the settings, read by MkDocs' YAML
    loader, are spelled out by engine/reuse._form, which gives each a form of its own."""
    try:
        return orjson.dumps(value, default=_default, option=_FAST)
    except orjson.JSONEncodeError as exc:
        if isinstance(exc.__cause__, Uncacheable):
            raise exc.__cause__ from None
    try:
        return json.dumps(
            value,
            sort_keys=True,
            default=_default,
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=True,
        ).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError) as exc:  # json's own: unorderable or non-string keys
        raise Uncacheable(str(exc)) from exc


def digest(*parts: Any) -> str:
    """The SHA-256 of the canonical forms of `parts` (Uncacheable when one has none)."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else canonical(part)
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def tree_digest(directories: Iterable[Path], suffixes: tuple[str, ...] = ()) -> str:
    """The SHA-256 of every file under `directories` (names relative to their directory, and
    bytes; `__pycache__` and hidden folders left out; with `suffixes`, only files ending so).
    Where the directories lie is not part of it: a checkout or an installation moved elsewhere
    has the same digest."""
    h = hashlib.sha256()
    for n, directory in enumerate(directories):
        h.update(f"{n}\0".encode())
        if not directory.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(directory):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and d[:1] != ".")
            for name in sorted(filenames):
                if suffixes and not name.endswith(suffixes):
                    continue
                path = Path(dirpath) / name
                with contextlib.suppress(OSError):
                    data = path.read_bytes()
                    rel = path.relative_to(directory).as_posix()
                    h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
                    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


@lru_cache(maxsize=1)
def environment_digest() -> str:
    """The generator's code and the versions of what renders the site: a new version of any of
    them, or an edited file of this package (its theme included), makes every entry stale."""
    versions = {name: installed_version(name) for name in DISTRIBUTIONS}
    return digest(FORMAT, generator_version(), versions, tree_digest([PACKAGE]))


def tracked_by_git(root: Path, folder: Path) -> bool:
    """Whether git tracks anything in `folder` (a cache committed by mistake is not ours)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--", str(folder)],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and bool(out.stdout.strip())


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def pack(header: Mapping[str, Any], payload: bytes, sha: str | None = None) -> bytes:
    """An entry: the magic line, a JSON header with the payload's SHA-256 (`sha`, when the
    caller computed it), the payload."""
    head = dict(header, sha256=sha or hashlib.sha256(payload).hexdigest(), size=len(payload))
    return MAGIC + json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + payload


def read_all(path: Path | str) -> bytes:
    """The bytes of the file at `path` (`Path.read_bytes` without its layers: thirteen thousand
    entries are read in a build from the cache)."""
    fd = os.open(path, _READ_FLAGS)
    try:
        return _read_rest(fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | os.O_CLOEXEC


def _read_rest(fd: int, size: int) -> bytes:
    """What is left to read of the open file `fd`, `size` bytes long when it was looked at."""
    chunks = [os.read(fd, size + 1)]  # one read for a file not growing meanwhile
    while chunks[-1]:
        chunks.append(os.read(fd, 1 << 20))
    return b"".join(chunks)


def unpack(data: bytes) -> tuple[dict[str, Any], bytes] | None:
    """(header, payload) of an entry; None when it is not one or does not match its SHA-256."""
    found = _parts(data)
    if found is None or found[0].get("sha256") != hashlib.sha256(found[1]).hexdigest():
        return None
    return found


def _parts(data: bytes) -> tuple[dict[str, Any], bytes] | None:
    """`unpack` without the payload's checksum: (header, payload) when `data` has an entry's
    form and the payload its recorded size."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    if end < 0:
        return None
    try:  # orjson reads every header `pack` writes as json does, several times as fast
        header = orjson.loads(data[len(MAGIC) : end])
    except ValueError:  # orjson.JSONDecodeError is one
        return None
    payload = data[end + 1 :]
    if not isinstance(header, dict) or header.get("size") != len(payload):
        return None
    return header, payload


def file_mark(status: os.stat_result) -> tuple[int, ...]:
    """What changes when a file is written to, replaced or moved: its device, inode, size, and
    times of modification and of status change (the last one no program sets at will)."""
    return (
        status.st_dev,
        status.st_ino,
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
    )


def restore_shard(folder: str, files: dict[str, str], target: str) -> bool:
    """Put the files of a cached search shard (`files`: path relative to `folder` -> its
    recorded SHA-256) into the folder `target`, made anew: each read and checked against its
    digest, then hard linked (copied where links are not allowed). False, `target` removed,
    when one is missing, is not a regular file (a symbolic link) or does not match. Each folder
    is made once: thousands of files, and this runs beside the build (in the scan's process
    under `portal build`)."""
    try:
        shutil.rmtree(target, ignore_errors=True)
        made: set[str] = set()
        for rel, sha in files.items():
            source = os.path.join(folder, rel)
            # a regular file only: a link planted in the cache folder would be published as a
            # link (os.link links the link itself), whatever it points to later
            with open(os.open(source, os.O_RDONLY | os.O_NOFOLLOW), "rb") as reader:
                if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
                    raise OSError(f"not a regular file: {rel}")
                data = reader.read()
            if hashlib.sha256(data).hexdigest() != sha:
                shutil.rmtree(target, ignore_errors=True)
                return False
            path = os.path.join(target, rel)
            parent = os.path.dirname(path)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            try:
                os.link(source, path)
            except OSError:
                with open(path, "wb") as writer:
                    writer.write(data)
    except (OSError, ValueError, TypeError, AttributeError):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


@dataclasses.dataclass(frozen=True)
class PageEntry:
    """A cached page: its output with the stamp's placeholders (read when it is written, not
    kept in memory meanwhile), the link attributes of its content (for the render-time link
    check), whether it marks itself for search, the SHA-256 of its output as written for the
    search index (`mirror_digest`), the SHA-256 of the stored bytes (`sha`: what was found and
    checked when the build planned this page; the page writer and the leak scan read exactly
    these bytes again) and whether the output is blank (the engine writes no file for it)."""

    path: Path
    links: str
    searchable: bool
    mirror_sha: str
    sha: str = ""
    blank: bool = False

    def payload(self) -> bytes:
        """The stored output (UTF-8, lone surrogates kept), read again: exactly the bytes found
        when the build planned this page (CacheError when the entry was changed or removed
        since)."""
        return stored_payload(self.path, self.sha)

    def output(self) -> str:
        """The output, read again (see `payload`)."""
        return self.payload().decode("utf-8", "surrogatepass")


def stored_payload(path: Path | str, sha: str) -> bytes:
    """The output stored in the page entry at `path`, read and checked: exactly the bytes whose
    SHA-256 is `sha` (CacheError otherwise)."""
    return stored_payload_hashed(path, sha, b"")[0]


def stored_payload_hashed(path: Path | str, sha: str, mark: bytes) -> tuple[bytes, Any, int]:
    """`stored_payload`, with the SHA-256 state of the payload's bytes ahead of the first `mark`
    in it (all of them when it holds none, or `mark` is empty) and that place: a caller that
    writes these bytes with something else only from that place on finishes the digest of what
    it writes from that state (its own: the payload's check used a copy), without hashing the
    page's bytes twice (the leak scan's process, for the thirteen thousand pages of a build from
    the cache: verify/scanner.py)."""
    try:
        found = _parts(read_all(path))
    except OSError:
        found = None
    if found is not None and found[0].get("sha256") == sha:
        payload = found[1]
        cut = payload.find(mark) if mark else -1
        cut = len(payload) if cut < 0 else cut
        view = memoryview(payload)
        ahead = hashlib.sha256(view[:cut])
        whole = ahead.copy()
        whole.update(view[cut:])
        if whole.hexdigest() == sha:
            return payload, ahead, cut
    # planning may have taken the entry by its file's mark (BuildCache.find_page): one damaged
    # without a write is found here, and removed, so the next build renders it
    with contextlib.suppress(OSError):
        os.unlink(path)
    raise CacheError(
        f"构建缓存中的页面已损坏，或在构建过程中被改动、删除：{path}（已从缓存中删除）；请重新构建"
    )


class CacheError(Exception):
    """The cache changed under a running build; the message is for editors (Chinese)."""


def mirror_digest(output: str) -> str:
    """The SHA-256 of a page's output as the search index reads it."""
    return hashlib.sha256(output.encode("utf-8", errors="xmlcharrefreplace")).hexdigest()


class BuildCache:
    """The cache folder of one project; every method fails soft (a miss, a skipped write)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.base = folder / f"v{FORMAT}"
        self._pages = os.fspath(self.base / "pages")
        self.hits = self.misses = self.corrupt = 0
        self.pages_used: set[str] = set()
        self.shards_used: set[str] = set()
        self.history_used = ""
        self._last_index: tuple[dict[str, Any] | None] | None = None  # read once (two readers)
        self._last_index_lock = threading.Lock()
        # page entries checked whole (or written) by an earlier build: key -> their file's mark
        # and what the entry holds besides its page (`_Marked`)
        self._marked: dict[str, _Marked] | None = None
        self._marks: dict[str, _Marked] = {}  # this build's, for the next one
        self._marks_lock = threading.Lock()

    @classmethod
    def open(cls, folder: Path, root: Path | None = None) -> tuple[BuildCache | None, str]:
        """The cache at `folder`, created if missing, or None and why it cannot be used (not a
        folder, not writable, tracked by git under `root`: in Chinese)."""
        try:
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                return None, f"{folder} 不是目录"
            if root is not None and tracked_by_git(root, folder):
                return (
                    None,
                    f"{folder} 中有文件被 git 跟踪（缓存不应提交），请 git rm -r --cached 它",
                )
            folder.mkdir(parents=True, exist_ok=True)
            tag = folder / "CACHEDIR.TAG"
            if not tag.exists():
                write_atomic(
                    tag,
                    b"Signature: 8a477f597d28d172789f06886806bc55\n"
                    b"# disclosure-portal build cache (portal build); safe to delete\n",
                )
            gitignore = folder / ".gitignore"
            if not gitignore.exists():
                write_atomic(gitignore, b"*\n")
        except OSError as exc:
            return None, f"{folder} 无法写入（{exc.strerror or exc}）"
        return cls(folder), ""

    # -- the comparison form's table ----------------------------------------------------------

    def text_table_file(self) -> Path:
        """Where the table of `textform.normalize` for this generator, Python, Unicode and
        OpenCC is kept (the key is all it is computed from)."""
        key = digest(
            environment_digest(),
            sys.version,
            unicodedata.unidata_version,
            installed_version("opencc"),
        )
        return self.base / "tables" / f"textform-{key}"

    def install_text_table(self) -> Path | None:
        """Put the table of `normalize` in from the cache (about 10 ms instead of building it,
        which takes half a second in each process of a build); on a miss build it (unless this
        process has it already) and keep it. The file it was read from or written to, for the
        scan worker; None when none is."""
        path = self.text_table_file()
        table = load_text_table(path)
        if table is not None:
            textform.install_table(table)
            return path
        table = textform.built() or textform.build_table()
        textform.install_table(table)
        try:
            write_atomic(path, pack({"kind": "textform"}, marshal.dumps(table)))
        except (OSError, ValueError):
            return None
        return path

    # -- pages ---------------------------------------------------------------------------------

    def _page_path(self, key: str) -> Path:
        return Path(f"{self._pages}/{key[:2]}/{key}")  # one Path, not three joins: 13,000 a build

    def page_file(self, key: str) -> Path:
        """Where the entry of `key` is stored (for a worker that reads it itself)."""
        return self._page_path(key)

    def find_page(self, key: str) -> PageEntry | None:
        """The page cached under `key`, checked against its SHA-256 but not decoded (the page
        writer and the scan read it again); None when missing or corrupt.

        An entry whose file has the mark (`file_mark`) it had when a build wrote it or checked
        it whole is not opened: the marks file holds what its header says (its links, whether
        it is searchable and blank, the SHA-256 of its page), and one look at the file tells
        its mark (a build from the cache at 10,000 documents read 400 MB here, then the heads
        of 13,000 entries, in a thread that took the engine's lock from the pages' keys at each
        of four calls to the system a page). Its bytes are checked when they are read to be
        written (`PageEntry.payload`: a file damaged without being written to refuses the build
        and is removed). Any other file is read and checked whole, as before, and a damaged one
        is a miss: its page is rendered."""
        path = self._page_path(key)
        known = self._marked_before().get(key)
        if known is not None:
            try:
                mark = file_mark(os.stat(path))
            except OSError:
                mark = None
            if mark == known.mark:
                self._marks[key] = known
                self.hits += 1
                self.pages_used.add(key)
                return PageEntry(path, *known.facts)
        try:
            found, mark = self._read_page(path)
        except OSError:
            found = mark = None
        entry = _page_entry(path, *found) if found is not None else None
        if entry is None:
            self.misses += 1
            return None
        self._marks[key] = _Marked(mark, _facts(entry))
        self.hits += 1
        self.pages_used.add(key)
        return entry

    def _read_page(self, path: Path) -> tuple[tuple[dict[str, Any], bytes] | None, tuple[int, ...]]:
        fd = os.open(path, _READ_FLAGS)
        try:
            status = os.fstat(fd)
            return unpack(_read_rest(fd, status.st_size)), file_mark(status)
        finally:
            os.close(fd)

    def _marked_before(self) -> dict[str, _Marked]:
        with self._marks_lock:
            if self._marked is None:
                self._marked = self._read_marks()
            return self._marked

    def _read_marks(self) -> dict[str, _Marked]:
        try:
            found = unpack(read_all(self.base / MARKS))
            if found is None or found[0].get("kind") != MARKS_KIND:
                return {}
            marks = orjson.loads(found[1])
        except (OSError, ValueError):
            return {}
        if not isinstance(marks, dict):
            return {}
        return {key: known for key, row in marks.items() if (known := _marked(row)) is not None}

    def save_marks(self) -> None:
        """Keep the marks of the page entries this build used (found or wrote), with what
        their headers say, for the next build (`find_page`); the others are dropped."""
        marks = {key: self._marks[key] for key in sorted(self._marks) if key in self.pages_used}
        if marks == self._marked_before():
            return
        rows = {key: [*known.mark, *known.facts] for key, known in marks.items()}
        with contextlib.suppress(OSError, ValueError):
            write_atomic(self.base / MARKS, pack({"kind": MARKS_KIND}, orjson.dumps(rows)))

    def page_bytes(self, key: str) -> tuple[bytes, str] | None:
        """The output of the page cached under `key` as the search index reads it (the bytes
        of its mirror: UTF-8, a lone surrogate as a character reference) and their SHA-256
        (`mirror_digest`), checked; None when missing, corrupt, not searchable or not matching.
        Not counted as used (for the early shard, which may read pages this build does not
        reuse)."""
        try:
            found = unpack(self._page_path(key).read_bytes())
        except OSError:
            return None
        if found is None:
            return None
        header, payload = found
        mirror = header.get("mirror")
        if header.get("kind") != "page" or not header.get("searchable") or not mirror:
            return None
        if header["sha256"] == mirror:  # checked by unpack: the bytes the index reads
            return payload, mirror
        try:  # a lone surrogate: the index reads a character reference
            data = payload.decode("utf-8", "surrogatepass").encode("utf-8", "xmlcharrefreplace")
        except UnicodeDecodeError:
            return None
        return (data, mirror) if hashlib.sha256(data).hexdigest() == mirror else None

    def _last_index_path(self) -> Path:
        return self.base / "last-index"

    def last_index(self) -> dict[str, Any] | None:
        """What the last build with a search index recorded for the next one's early shard
        (`verify/early.py`, and the shards written over their previous files); None when
        missing or corrupt. Read once (the callers do not change it)."""
        with self._last_index_lock:
            if self._last_index is None:
                self._last_index = (self._read_last_index(),)
            return self._last_index[0]

    def _read_last_index(self) -> dict[str, Any] | None:
        try:
            found = unpack(self._last_index_path().read_bytes())
            if found is None or found[0].get("kind") != "last-index":
                return None
            record = json.loads(found[1])
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) else None

    def put_last_index(self, record: Mapping[str, Any]) -> None:
        data = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
        with self._last_index_lock:
            self._last_index = None  # (read again: what was written, or nothing)
        with contextlib.suppress(OSError, ValueError):
            write_atomic(self._last_index_path(), pack({"kind": "last-index"}, data))

    def has_page(self, key: str) -> bool:
        return self._page_path(key).is_file()

    def put_page(self, key: str, output: str, links: str, searchable: bool) -> None:
        payload = output.encode("utf-8", "surrogatepass")
        mirror = mirror_digest(output)
        header = {"kind": "page", "links": links, "searchable": searchable, "mirror": mirror}
        path = self._page_path(key)
        sha = hashlib.sha256(payload).hexdigest()
        with contextlib.suppress(OSError):
            write_atomic(path, pack(header, payload, sha))
            facts = (links, searchable, mirror, sha, not output.strip())
            self._marks[key] = _Marked(file_mark(os.stat(path)), facts)  # as written
        self.pages_used.add(key)

    # -- leak-scan verdicts --------------------------------------------------------------------

    def _verdict_path(self) -> Path:
        return self.base / "verdicts.json"

    def verdicts(self) -> dict[str, str]:
        """Files found clean: "<path>\\t<sha256>" -> the fingerprints' digest they were searched
        for; empty when missing or corrupt."""
        try:
            found = unpack(self._verdict_path().read_bytes())
        except OSError:
            return {}
        if found is None:
            self.corrupt += 1
            return {}
        try:
            data = json.loads(found[1])
        except ValueError:
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def save_verdicts(self, verdicts: Mapping[str, str], digest: str) -> None:
        """Keep `verdicts` (found now under the fingerprints' `digest`) and the earlier ones
        under the same digest (another build sharing the folder, a preview); verdicts under
        other fingerprints are dropped."""
        kept = {k: v for k, v in self.verdicts().items() if v == digest} | dict(verdicts)
        payload = json.dumps(dict(sorted(kept.items())), ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):
            write_atomic(self._verdict_path(), pack({"kind": "verdicts"}, payload))

    # -- search shards -------------------------------------------------------------------------

    def _shard_path(self, key: str) -> Path:
        return self.base / "search" / key

    def has_shard(self, key: str) -> bool:
        """Whether a shard is kept under `key` (its listing is intact; its files are checked
        when it is taken, `get_shard`)."""
        try:
            return unpack((self._shard_path(key) / "index").read_bytes()) is not None
        except OSError:
            return False

    def get_shard(
        self,
        key: str,
        target: Path,
        restore: Callable[[str, dict[str, str], str], bool] | None = None,
    ) -> dict[str, Any] | None:
        """Put the shard cached under `key` into the folder `target` (made anew; hard links
        where the file system allows: entries are never written in place); its stats, or None
        when it is missing or any of its files does not match its recorded SHA-256. The stats
        hold, under DIGESTS, the SHA-256 of each file put there (path relative to `target`),
        computed from the bytes just read. `restore`: what puts the files there
        (`restore_shard`, run by another process), if not this thread."""
        listing = self.shard_listing(key)
        if listing is None:
            return None
        folder, files, stats = listing
        if not (restore or restore_shard)(str(folder), files, str(target)):
            return None
        self.shards_used.add(key)
        return dict(stats, **{DIGESTS: dict(files)})

    def shard_listing(self, key: str) -> tuple[Path, dict[str, str], dict[str, Any]] | None:
        """The folder holding the files of the shard cached under `key`, their SHA-256 (path
        relative to it) and the shard's stats, as recorded; None when missing or unreadable.
        Nothing is checked: whoever uses a file checks its digest."""
        folder = self._shard_path(key)
        try:
            found = unpack((folder / "index").read_bytes())
            if found is None:
                return None
            listing = json.loads(found[1])
            files, stats = listing["files"], listing["stats"]
            if not isinstance(files, dict) or not isinstance(stats, dict):
                return None
            if any(
                not isinstance(rel, str) or rel.startswith("/") or ".." in rel.split("/")
                for rel in files
            ):
                return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return folder / "files", files, stats

    def put_shard(
        self,
        key: str,
        source: Path,
        stats: Mapping[str, Any],
        known: Mapping[str, str] | None = None,
    ) -> dict[str, str]:
        """Keep the shard written in `source` under `key`; the SHA-256 of each of its files
        (path relative to `source`) as read to keep it (empty when it could not be kept).
        `known`: files of `source` whose bytes the caller read and found to have that SHA-256
        since they were last written (a seeded shard's files its check read: pagefindseed);
        those are not read again. Each file is kept as a hard link where the file system allows
        (the shard's files are not written in place by anyone: the cache's files, linked into
        sites and seeded folders, are not either), else copied."""
        folder = self._shard_path(key)
        known = known or {}
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
            files = {}
            made: set[Path] = set()
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    rel = path.relative_to(source).as_posix()
                    target = tmp / "files" / rel
                    if target.parent not in made:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        made.add(target.parent)
                    data = None
                    if (sha := known.get(rel)) is None:
                        data = path.read_bytes()
                        sha = hashlib.sha256(data).hexdigest()
                    files[rel] = sha
                    try:
                        if path.is_symlink():  # (none is written): kept as the bytes it reaches
                            raise OSError(rel)
                        os.link(path, target, follow_symlinks=False)
                    except OSError:  # (another file system, links not allowed): a copy
                        if data is None:
                            data = path.read_bytes()
                            if hashlib.sha256(data).hexdigest() != sha:
                                raise OSError(f"{rel} changed since it was read") from None
                        target.write_bytes(data)
            listing = json.dumps({"files": files, "stats": dict(stats)}).encode("utf-8")
            (tmp / "index").write_bytes(pack({"kind": "shard"}, listing))
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        except OSError:
            return {}
        self.shards_used.add(key)
        return files

    # -- keeping the folder small --------------------------------------------------------------

    def prune(self, keep_days: float = 2.0, every: float = 3600.0) -> None:
        """Remove the entries this build did not use and nobody wrote in the last `keep_days`
        (a preview and a publishing build share the folder and keep each other's recent ones),
        and folders of other formats; at most once in `every` seconds (looking at every entry
        takes a tenth of a second or more, and an entry is two days old an hour later too)."""
        now = time.time()
        marker = self.base / "pruned"
        with contextlib.suppress(OSError):
            if 0 <= now - marker.stat().st_mtime < every:
                return
        with contextlib.suppress(OSError):
            self.base.mkdir(parents=True, exist_ok=True)
            marker.touch()
        cutoff = now - keep_days * 86400

        def stale(path: Path) -> bool:
            try:
                return path.stat().st_mtime < cutoff
            except OSError:
                return False

        with contextlib.suppress(OSError):
            for child in self.folder.iterdir():
                if child.is_dir() and child.name.startswith("v") and child != self.base:
                    shutil.rmtree(child, ignore_errors=True)
        pages = self.base / "pages"
        if pages.is_dir():
            for bucket in pages.iterdir():
                with contextlib.suppress(OSError):
                    for entry in bucket.iterdir():
                        if entry.name not in self.pages_used and stale(entry):
                            entry.unlink()
        search = self.base / "search"
        if search.is_dir():
            for entry in search.iterdir():
                if entry.name not in self.shards_used and stale(entry):
                    shutil.rmtree(entry, ignore_errors=True)
        tables = self.base / "tables"
        if tables.is_dir():
            for entry in tables.iterdir():
                if entry != self.text_table_file() and stale(entry):
                    entry.unlink(missing_ok=True)
        history = self.base / "history"
        if history.is_dir():
            for entry in history.iterdir():
                if entry.name != self.history_used and stale(entry):
                    entry.unlink(missing_ok=True)
        templates = self.base / "templates"
        if templates.is_dir():
            current = templates / digest("templates", environment_digest(), sys.version)
            for entry in templates.iterdir():
                if entry != current and stale(entry):
                    shutil.rmtree(entry, ignore_errors=True)
        memo = self.base / "memo"
        if memo.is_dir():
            for entry in memo.iterdir():
                if stale(entry):  # entries in use are written again when they change
                    entry.unlink(missing_ok=True)

    def templates_folder(self) -> Path:
        """Where the engine's compiled templates are kept (engine/templatecache.py): one folder
        for this generator, these versions and this Python; made, and marked in use."""
        folder = self.base / "templates" / digest("templates", environment_digest(), sys.version)
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            os.utime(folder)  # in use: not pruned
        return folder

    def memo(self) -> Memo:
        """The memo of checks of the content (see Memo), kept in this cache."""
        folder = self.base / "memo"
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
        return Memo(folder)


class Memo:
    """Texts a check of the content found nothing in, kept between builds: "this check, with this
    configuration (a digest of everything the check compares a text with), found nothing in a
    text with this digest". A text found clean is not checked again; a text with a finding is
    checked every time (its problems are reported from the check itself), and any change of the
    configuration (a withheld document, a banned word, an official number) or of the
    generator's code is another entry. Kept in the build cache (`BuildCache.memo`); `load_site`
    without a memo checks everything."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._sets: dict[str, tuple[set[bytes], set[bytes]]] = {}  # name -> (known, clean now)
        self._values: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}  # (known, used now)
        self._blobs: dict[str, tuple[dict[bytes, bytes], dict[bytes, bytes]]] = {}  # (known, used)
        self._names: dict[tuple[str, str], str] = {}

    @staticmethod
    def text_digest(text: str) -> bytes:
        # 16 bytes of SHA-256: computed by the processor's own instructions where it has them
        # (about three times BLAKE2b)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]

    def _name(self, check: str, configuration: str) -> str:
        name = self._names.get((check, configuration))
        if name is None:
            # the code, and what the comparison form and the detectors rest on (Python's Unicode
            # tables, OpenCC's conversion): a change of any of them checks every text again
            name = digest(
                "memo",
                check,
                configuration,
                environment_digest(),
                sys.version,
                unicodedata.unidata_version,
                installed_version("opencc"),
                installed_version("pyahocorasick"),  # the ordinary-words rule's automaton
            )
            self._names[(check, configuration)] = name
        return name

    def _entry(self, check: str, configuration: str) -> tuple[set[bytes], set[bytes]]:
        name = self._name(check, configuration)
        if name not in self._sets:
            known: set[bytes] = set()
            if self.folder is not None:
                with contextlib.suppress(OSError):
                    found = unpack((self.folder / name).read_bytes())
                    if found is not None and len(found[1]) % 16 == 0:
                        data = found[1]
                        known = {data[i : i + 16] for i in range(0, len(data), 16)}
            self._sets[name] = (known, set())
        return self._sets[name]

    def is_clean(self, check: str, configuration: str, text: str) -> bool:
        """Whether `check` found nothing in `text` before, with this configuration; a text that
        is clean is remembered as checked in this build either way (`save` keeps those)."""
        known, now = self._entry(check, configuration)
        key = self.text_digest(text)
        if key in known:
            now.add(key)
            return True
        return False

    def clean(self, check: str, configuration: str, text: str) -> None:
        """`check` found nothing in `text` now."""
        self._entry(check, configuration)[1].add(self.text_digest(text))

    def _value_entry(self, check: str, configuration: str) -> tuple[dict[str, Any], dict]:
        name = self._name(check, configuration) + ".values"
        if name not in self._values:
            known: dict[str, Any] = {}
            if self.folder is not None:
                with contextlib.suppress(OSError, ValueError, RecursionError):
                    found = unpack((self.folder / name).read_bytes())
                    if found is not None and found[0].get("kind") == "memo-values":
                        data = _json_value(found[1])
                        known = data if isinstance(data, dict) else {}
            self._values[name] = (known, {})
        return self._values[name]

    def recall(self, check: str, configuration: str, text: str) -> Any:
        """What `check` computed from `text` before, with this configuration (a JSON value the
        caller checks the form of), or None."""
        known, now = self._value_entry(check, configuration)
        key = self.text_digest(text).hex()
        found = known.get(key)
        if found is not None:
            now[key] = found
        return found

    def keep(self, check: str, configuration: str, text: str, value: Any) -> None:
        """`check` computed `value` (JSON: lists, strings, booleans) from `text` now."""
        self._value_entry(check, configuration)[1][self.text_digest(text).hex()] = value

    def _blob_entry(self, check: str, configuration: str) -> tuple[dict[bytes, bytes], dict]:
        name = self._name(check, configuration) + ".blobs"
        if name not in self._blobs:
            known: dict[bytes, bytes] = {}
            if self.folder is not None:
                with contextlib.suppress(OSError):
                    found = unpack((self.folder / name).read_bytes())
                    if found is not None and found[0].get("kind") == "memo-blobs":
                        known = _split_blobs(found[1])
            self._blobs[name] = (known, {})
        return self._blobs[name]

    def recall_bytes(
        self, check: str, configuration: str, text: str, digest: bytes | None = None
    ) -> bytes | None:
        """The bytes `check` made from `text` before, with this configuration, or None (the
        caller checks their form: they are kept in the build machine's cache folder).
        `digest`: `text_digest(text)`, when the caller has it."""
        known, now = self._blob_entry(check, configuration)
        key = digest if digest is not None else self.text_digest(text)
        found = known.get(key)
        if found is not None:
            now[key] = found
        return found

    def keep_bytes(
        self, check: str, configuration: str, text: str, data: bytes, digest: bytes | None = None
    ) -> None:
        """`check` made `data` from `text` now (`digest`: as in `recall_bytes`)."""
        key = digest if digest is not None else self.text_digest(text)
        self._blob_entry(check, configuration)[1][key] = data

    def save(self) -> None:
        """Keep the texts found clean in this build, and the values computed or used in it (only
        those: the memo does not grow with every edit), one file a check and configuration."""
        if self.folder is None:
            return
        for name, (known, now) in self._sets.items():
            with contextlib.suppress(OSError):
                if now != known:
                    write_atomic(self.folder / name, pack({"kind": "memo"}, b"".join(sorted(now))))
                else:  # in use: not pruned as stale
                    os.utime(self.folder / name)
        for name, (known_values, used) in self._values.items():
            with contextlib.suppress(OSError):
                if used != known_values:
                    payload = json.dumps(used, ensure_ascii=False, sort_keys=True)
                    data = pack({"kind": "memo-values"}, payload.encode("utf-8", "surrogatepass"))
                    write_atomic(self.folder / name, data)
                else:
                    os.utime(self.folder / name)
        for name, (known_blobs, kept) in self._blobs.items():
            with contextlib.suppress(OSError):
                if kept != known_blobs:
                    payload = b"".join(
                        key + len(kept[key]).to_bytes(4, "big") + kept[key] for key in sorted(kept)
                    )
                    write_atomic(self.folder / name, pack({"kind": "memo-blobs"}, payload))
                else:
                    os.utime(self.folder / name)


def _json_value(data: bytes) -> Any:
    """The JSON value of `data` (UTF-8, lone surrogates kept): read by orjson (a memo's values at
    10,000 documents, 6.5 MB: 0.1 s by json), by json where orjson refuses it (a lone surrogate);
    ValueError when it is not JSON."""
    try:
        return orjson.loads(data)
    except ValueError:
        return json.loads(data.decode("utf-8", "surrogatepass"))


def _split_blobs(payload: bytes) -> dict[bytes, bytes]:
    """The entries of a memo's bytes file (16-byte key, 4-byte length, the bytes; repeated);
    empty when the file is not one."""
    found: dict[bytes, bytes] = {}
    at, end = 0, len(payload)
    while at < end:
        if at + 20 > end:
            return {}
        size = int.from_bytes(payload[at + 16 : at + 20], "big")
        if at + 20 + size > end:
            return {}
        found[payload[at : at + 16]] = payload[at + 20 : at + 20 + size]
        at += 20 + size
    return found


def load_text_table(path: Path) -> dict[int, str | int | None] | None:
    """The table of `normalize` kept at `path`, or None (missing, damaged, not a table)."""
    try:
        found = unpack(path.read_bytes())
    except OSError:
        return None
    if found is None or found[0].get("kind") != "textform":
        return None
    try:
        table = marshal.loads(found[1])
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(table, dict) or not all(
        isinstance(k, int) and (v is None or isinstance(v, int | str)) for k, v in table.items()
    ):
        return None
    return table


# what str.strip() removes that is ASCII; any other whitespace it removes is not ASCII
_ASCII_SPACE = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def _page_entry(path: Path, header: dict[str, Any], payload: bytes) -> PageEntry | None:
    """The page entry of an unpacked entry file (None: not a page entry)."""
    links, searchable, mirror = header.get("links"), header.get("searchable"), header.get("mirror")
    if header.get("kind") != "page" or not isinstance(links, str) or not isinstance(mirror, str):
        return None
    rest = payload.lstrip(_ASCII_SPACE)
    if rest and rest[0] < 0x80:  # the output starts with a character that is not a space
        blank = False
    else:  # decoded only when it may be blank (a page that is all spaces writes no file)
        try:
            blank = not payload.decode("utf-8", "surrogatepass").strip()
        except UnicodeDecodeError:
            return None
    return PageEntry(path, links, bool(searchable), mirror, header["sha256"], blank)


@dataclasses.dataclass(frozen=True, slots=True)
class _Marked:
    """A page entry's file as a build last wrote or read it whole: its mark (`file_mark`) and
    what its header says (`_facts`)."""

    mark: tuple[int, ...]
    facts: tuple[str, bool, str, str, bool]


def _facts(entry: PageEntry) -> tuple[str, bool, str, str, bool]:
    """What a PageEntry holds besides its file's path (its fields after `path`, in order)."""
    return (entry.links, entry.searchable, entry.mirror_sha, entry.sha, entry.blank)


def _marked(row: Any) -> _Marked | None:
    """A row of the marks file ([five integers of the mark, links, searchable, mirror, sha,
    blank]), or None when it is not one."""
    if not isinstance(row, list) or len(row) != 10:
        return None
    mark, facts = row[:5], row[5:]
    if not all(type(n) is int for n in mark):
        return None
    links, searchable, mirror, sha, blank = facts
    if not (
        isinstance(links, str)
        and type(searchable) is bool
        and isinstance(mirror, str)
        and isinstance(sha, str)
        and _HEX_DIGEST.fullmatch(sha)
        and type(blank) is bool
    ):
        return None
    return _Marked(tuple(mark), (links, searchable, mirror, sha, blank))


def cache_folder(root: Path) -> Path:
    """The cache folder of the project at `root`."""
    return root / CACHE_DIR


def cached_history(root: Path, cache: BuildCache | None) -> History:
    """The git record (`read_history`), kept in the cache under the commit it was read at: it
    depends on commits only, which never change, so a build of the same commit (every rebuild
    of a preview, a second build) does not read `git log` again, and a build of a commit whose
    parent was built reads only that commit's change (`extend_history`)."""
    from disclosure_portal.read.history import _git, extend_history, read_history  # noqa: PLC0415

    if cache is None:
        return read_history(root)
    head = (_git(root, "rev-parse", "HEAD") or "").strip()
    top = (_git(root, "rev-parse", "--show-toplevel") or "").strip()
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip()
    if not head or not top:
        return read_history(root)
    try:  # the record names files relative to the project: where the clone lies is no input
        where = root.resolve().relative_to(Path(top).resolve()).as_posix()
    except ValueError:
        return read_history(root)

    def path_of(commit: str) -> Path:
        return (
            cache.base / "history" / digest("history", environment_digest(), commit, shallow, where)
        )

    path = path_of(head)
    if (history := _stored_history(path)) is not None:
        cache.history_used = path.name
        return history
    history = None
    parents = (_git(root, "rev-parse", f"{head}^@") or "").split()
    if shallow == "false" and len(parents) == 1:
        before = _stored_history(path_of(parents[0]))
        if before is not None:
            history = extend_history(root, before)
    if history is None:
        history = read_history(root)
    if history.available and history.head == head:
        with contextlib.suppress(OSError, TypeError, ValueError):
            payload = json.dumps(_history_to(history), ensure_ascii=False).encode("utf-8")
            write_atomic(path, pack({"kind": "history"}, payload))
            cache.history_used = path.name
    return history


def _stored_history(path: Path) -> History | None:
    """The record kept at `path`; None when there is none (or it cannot be read)."""
    try:
        found = unpack(path.read_bytes())
        if found is not None:
            return _history_from(json.loads(found[1]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _history_to(history: History) -> dict[str, Any]:
    def revision(r: Any) -> list[Any]:
        return [
            r.commit,
            r.author,
            r.email,
            r.date.isoformat(),
            r.message,
            r.status,
            r.path,
            r.attribute,
        ]

    return {
        "available": history.available,
        "shallow": history.shallow,
        "head": history.head,
        "earliest": history.earliest.isoformat() if history.earliest else None,
        "note": history.note,
        "files": {path: [revision(r) for r in revs] for path, revs in history.files.items()},
    }


def _history_from(data: dict[str, Any]) -> History:
    from disclosure_portal.read.history import History, Revision  # noqa: PLC0415

    files = {
        path: [
            Revision(
                commit=r[0],
                author=r[1],
                email=r[2],
                date=dt.datetime.fromisoformat(r[3]),
                message=r[4],
                status=r[5],
                path=r[6],
                attribute=r[7],
            )
            for r in revs
        ]
        for path, revs in data["files"].items()
    }
    earliest = data["earliest"]
    return History(
        available=bool(data["available"]),
        shallow=bool(data["shallow"]),
        head=str(data["head"]),
        earliest=dt.datetime.fromisoformat(earliest) if earliest else None,
        files=files,
        note=str(data["note"]),
    )
