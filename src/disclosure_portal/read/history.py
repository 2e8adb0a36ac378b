"""The git record: one pass over `git log` gives every revision of every file under content/ and
catalogs/, and for documents the attribute after each revision.

Works outside git (no history) and in a shallow clone (says how far back it sees).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from disclosure_portal.progress import track
from disclosure_portal.read.frontmatter import split_front_matter

# `git log` fields are separated by NUL, which no commit message, name or path can hold; each
# commit starts with NUL, a marker drawn afresh for every run (no commit can forge it), NUL
UNIT = "\x00"
_CHECK = "\0check"  # placeholder until the attribute is read from the file
# a changed line that may set the attribute (linear: no nested quantifiers over blanks)
ATTRIBUTE_LINE_RE = re.compile(r"^attribute[ \t]*:")
# C0 and C1 control characters (ESC sequences, separators) in names and messages of commits
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # the date of a commit whose date cannot be read


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit's change to one file, as `git log` reports it (immutable)."""

    commit: str
    author: str
    email: str
    date: dt.datetime  # author date
    message: str
    status: str  # A (added), M (modified), D (deleted), R (renamed)
    path: str  # project-relative path at this revision
    attribute: str | None = None  # documents: the attribute after this revision, if known

    @property
    def day(self) -> dt.date:
        """The author date's calendar day (in the author's time zone)."""
        return self.date.date()

    @property
    def short(self) -> str:
        """The commit hash abbreviated to 10 characters, for messages and pages."""
        return self.commit[:10]


@dataclass
class History:
    """The git record of content/ and catalogs/, keyed by each file's latest path.

    `available` is False outside git (or before the first commit), and `note` then says why in
    Chinese; in a shallow clone `shallow` is True and `note` says how far back the record goes.
    """

    available: bool = False
    shallow: bool = False
    head: str = ""
    earliest: dt.datetime | None = None
    files: dict[str, list[Revision]] = field(default_factory=dict)  # latest path -> oldest first
    note: str = ""

    def of(self, path: str) -> list[Revision]:
        """Revisions of the file at project-relative `path`, oldest first; [] when it has none."""
        return self.files.get(path, [])


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _log(root: Path, marker: str, *args: str) -> str | None:
    """`git log` of `args` (a revision range, `--`, paths), oldest first, each commit's change
    as a patch without context, every commit headed by `marker`."""
    return _git(
        root,
        "log",
        "--reverse",
        "-B",  # a complete rewrite is a new document at the old path …
        "-M",  # … and the old document, moved away in the same commit, keeps its history
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        f"--format=%x00{marker}%x00%H%x00%an%x00%ae%x00%aI%x00%s%x00",
        "-p",
        *args,
    )


def _prefix(root: Path) -> str | None:
    """Where the project lies in its repository ("" at the top, else "path/"); None outside
    git."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    prefix = root.resolve().relative_to(Path(top.strip()).resolve()).as_posix()
    return "" if prefix == "." else prefix + "/"


def read_history(root: Path, paths: tuple[str, ...] = ("content", "catalogs")) -> History:
    """Read the whole record in one `git log` (with --unified=0 patches, for the attribute)."""
    prefix = _prefix(root)
    if prefix is None:
        return History(note="不在 git 仓库中：没有修订记录")
    head = (_git(root, "rev-parse", "HEAD") or "").strip()
    if not head:
        return History(note="git 仓库还没有提交：没有修订记录")
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    marker = f"portal-{secrets.token_hex(16)}"
    out = _log(root, marker, "--", *paths)
    history = History(available=True, shallow=shallow, head=head)
    if out is None:
        history.note = "git log 失败：没有修订记录"
        return history
    _parse(out, f"{UNIT}{marker}{UNIT}", prefix, history)
    _resolve_attributes(root, prefix, history)
    if shallow:
        when = history.earliest.date().isoformat() if history.earliest else "未知"
        history.note = f"浅克隆：只能看到 {when} 以后的修订"
    return history


def extend_history(
    root: Path, previous: History, paths: tuple[str, ...] = ("content", "catalogs")
) -> History | None:
    """The record at HEAD, from `previous` (`read_history` of the same `paths` at HEAD's only
    parent) and HEAD's own change: exactly what `read_history` gives, without reading the whole
    log again. `git log` from HEAD lists HEAD first and then what it lists from that parent, so
    the whole record is the parent's with HEAD's change last. None (read the whole record then)
    when HEAD is a merge or a root commit, when `previous` is not the parent's record, and in a
    shallow clone (the parent's record may have been read at another depth)."""
    if not previous.available or previous.shallow or not previous.head:
        return None
    prefix = _prefix(root)
    head = (_git(root, "rev-parse", "HEAD") or "").strip()
    parents = (_git(root, "rev-parse", f"{head}^@") or "").split() if head else []
    shallow = (_git(root, "rev-parse", "--is-shallow-repository") or "").strip()
    if prefix is None or parents != [previous.head] or shallow != "false":
        return None
    marker = f"portal-{secrets.token_hex(16)}"
    out = _log(root, marker, f"{previous.head}..{head}", "--", *paths)
    if out is None:
        return None
    history = History(
        available=True,
        head=head,
        earliest=previous.earliest,
        files={path: list(revisions) for path, revisions in previous.files.items()},
    )
    known = {id(r) for revisions in history.files.values() for r in revisions}
    _parse(out, f"{UNIT}{marker}{UNIT}", prefix, history)
    _resolve_attributes(root, prefix, history, known)
    return history


def clean(text: str) -> str:
    """A commit's name, address or subject without control characters (each run becomes one
    space): they would reach terminals, reports and CSV files as escape sequences."""
    return CONTROL_RE.sub(" ", text).strip()


def _when(date: str) -> dt.datetime:
    """The author date of `git log` (%aI); the epoch for a date git could not print."""
    try:
        when = dt.datetime.fromisoformat(date.strip())
    except ValueError:
        when = EPOCH
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def _parse(out: str, separator: str, prefix: str, history: History) -> None:
    attributes: dict[str, str | None] = {}
    records = out.split(separator)[1:]
    for record in track(records, len(records), "读取 git 记录", unit="次提交"):
        fields = record.split(UNIT, 5)
        if len(fields) < 6:  # pragma: no cover - git prints every field of the format
            continue
        commit, author, email, date, message, patch = fields
        author, email, message = clean(author), clean(email), clean(message)
        when = _when(date)
        if history.earliest is None or when < history.earliest:
            history.earliest = when
        sections = re.split(r"^diff --git ", patch, flags=re.MULTILINE)[1:]
        # renames and copies first: a document moved away takes its history before its old
        # path is rewritten by a new document in the same commit
        sections.sort(key=lambda s: 0 if ("\nrename from " in s or "\ncopy from " in s) else 1)
        moved: set[str] = set()
        for section in sections:
            _section(
                section, prefix, commit, author, email, when, message, attributes, history, moved
            )


def _front_matter_attribute(text: str) -> str | None:
    fm = split_front_matter(text)
    value = fm.meta.get("attribute") if fm.meta else None
    return value.strip() if isinstance(value, str) else None


def _resolve_attributes(
    root: Path, prefix: str, history: History, known: set[int] | frozenset[int] = frozenset()
) -> None:
    """A diff line that looks like `attribute: …` may be in the body: where one changed, read the
    file at that commit (all of them through one `git cat-file --batch`) and take the attribute
    from its front matter; elsewhere the attribute carries over from the previous revision.
    `known`: revisions (by `id`) resolved before, kept as they are."""
    wanted = [
        (path, i, r)
        for path, revs in history.files.items()
        for i, r in enumerate(revs)
        if r.attribute == _CHECK
    ]
    blobs: dict[tuple[str, str], str] = {}
    if wanted:
        # each file at its own path at that commit (a renamed file had another path then)
        request = "".join(f"{r.commit}:{prefix}{r.path}\n" for _, _, r in wanted)
        try:
            proc = subprocess.run(
                ["git", "cat-file", "--batch"],
                cwd=root,
                input=request.encode("utf-8"),
                capture_output=True,
                check=False,
                timeout=600,
            )
            data = proc.stdout
        except (OSError, subprocess.SubprocessError):
            data = b""
        pos = 0
        for path, _, r in wanted:
            end = data.find(b"\n", pos)
            if end < 0:
                break
            header = data[pos:end].split()
            pos = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                blobs[(path, r.commit)] = data[pos : pos + size].decode("utf-8", errors="replace")
                pos += size + 1
    for path, revisions in history.files.items():
        if revisions and id(revisions[-1]) in known:  # no revision of this file is new
            continue
        current = None
        for i, r in enumerate(revisions):
            if id(r) in known:
                current = r.attribute
            elif r.status == "D":
                current = None
            elif r.attribute == _CHECK:
                text = blobs.get((path, r.commit))
                current = _front_matter_attribute(text) if text is not None else None
            revisions[i] = replace(r, attribute=current)


def _section(
    section, prefix, commit, author, email, when, message, attributes, history, moved
) -> None:
    lines = section.split("\n")
    old = new = None
    status = "M"
    rewritten = False
    for line in lines[1:]:
        if line.startswith("new file mode"):
            status = "A"
        elif line.startswith("deleted file mode"):
            status = "D"
        elif line.startswith("dissimilarity index "):
            rewritten = True  # -B: a complete rewrite, another document at the same path
        elif line.startswith(("rename from ", "copy from ")):
            old = line.split(" from ", 1)[1]
            status = "R" if line.startswith("rename") else "C"
        elif line.startswith(("rename to ", "copy to ")):
            new = line.split(" to ", 1)[1]
        elif line.startswith("--- ") and old is None and line != "--- /dev/null":
            old = line[len("--- a/") :]
        elif line.startswith("+++ ") and new is None and line != "+++ /dev/null":
            new = line[len("+++ b/") :]
        elif line.startswith("@@"):
            break
    if old is None and new is None:  # binary or mode-only change: names from the header line
        m = re.match(r"a/(.*) b/(.*)$", lines[0])
        old = new = m.group(2) if m else lines[0]
    old = old or new
    new = new or old
    old_rel, new_rel = _strip(old, prefix), _strip(new, prefix)
    if old_rel is None and new_rel is None:
        return
    path = new_rel or old_rel
    if status == "R" and old_rel in history.files:
        history.files[path] = history.files.pop(old_rel)
        attributes[path] = attributes.pop(old_rel, None)
        moved.add(old_rel)
    elif status == "C" and old_rel in history.files:  # moved away while a new file took its path
        history.files[path] = list(history.files[old_rel])
        moved.add(old_rel)
    elif path in history.files and (rewritten or status == "A"):
        # the path now holds another document: the old one's record is kept apart (unless it
        # moved on in this very commit), and none of it passes to the new document
        previous = history.files.pop(path)
        if path not in moved and previous:
            history.files[f"{path}@{previous[-1].commit[:10]}"] = previous
        status = "A"
    changed = [ln[1:] for ln in lines if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    # where an attribute-like line changed, the attribute is read from the file afterwards
    attribute = (
        _CHECK if any(ATTRIBUTE_LINE_RE.match(ln) for ln in changed) and status != "D" else None
    )
    history.files.setdefault(path, []).append(
        Revision(
            commit=commit,
            author=author,
            email=email,
            date=when,
            message=message,
            status=status,
            path=path,
            attribute=attribute,
        )
    )


def _strip(path: str, prefix: str) -> str | None:
    if path.startswith('"') and path.endswith('"'):
        path = path[1:-1]
    if prefix and not path.startswith(prefix):
        return None
    return path[len(prefix) :]
