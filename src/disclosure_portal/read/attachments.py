"""The text of a file under content/, read according to its kind (model/filekinds.py).

Used by the personal-data check (on published attachments) and by the leak check (fingerprints
of withheld files), so both read a file the same way.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdf

from disclosure_portal.model.filekinds import PDF, SPREADSHEET, TEXT, WORD, FileKind, kind_of


@dataclass(frozen=True, slots=True)
class AttachmentText:
    """What could be read of a file: `text` (None when unreadable) and, for line numbers,
    whether its lines are the file's own lines (text files) or not (PDF, office files)."""

    kind: FileKind
    text: str | None
    has_lines: bool = False


def _pdf(path: Path) -> str | None:
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(str(path))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception:
        return None


def _docx(path: Path) -> str | None:
    import docx  # noqa: PLC0415 - python-docx is only needed when a .docx is published

    try:
        document = docx.Document(str(path))
    except Exception:
        return None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def _xlsx(path: Path) -> str | None:
    import openpyxl  # noqa: PLC0415 - only needed when a spreadsheet is published

    try:
        book = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except (Exception, zipfile.BadZipFile):
        return None
    lines = []
    try:
        for sheet in book.worksheets:
            lines.append(str(sheet.title))
            for row in sheet.iter_rows(values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if any(cells):
                    lines.append("\t".join(cells))
    except Exception:
        return None
    finally:
        book.close()
    return "\n".join(lines)


def read_attachment(path: Path) -> AttachmentText:
    """The text of the file at `path`, by its kind. Text files must be UTF-8 (a BOM is fine);
    a file of a kind without text (an image) reads as empty text; None means unreadable.

    The personal-data check, the withheld-material check and the leak check all read the same
    files in one build: each file is read once per version (path, size, modification time)."""
    try:
        stat = path.stat()
        version = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        version = None
    return _read_cached(str(path), version)


@lru_cache(maxsize=1024)  # a build reads each file up to three times, close together
def _read_cached(name: str, version: tuple[int, int] | None) -> AttachmentText:
    path = Path(name)
    kind = kind_of(path.name)
    if not kind.has_text:
        return AttachmentText(kind, "")
    if kind.kind == TEXT:
        try:
            return AttachmentText(kind, path.read_text(encoding="utf-8-sig"), has_lines=True)
        except (OSError, UnicodeDecodeError):
            return AttachmentText(kind, None)
    if kind.kind == PDF:
        return AttachmentText(kind, _pdf(path))
    if kind.kind == WORD:
        return AttachmentText(kind, _docx(path))
    if kind.kind == SPREADSHEET:
        return AttachmentText(kind, _xlsx(path))
    return AttachmentText(kind, None)
