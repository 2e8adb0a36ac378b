"""The kinds of files a portal publishes or keeps under content/, by file name ending.

One table for every check that reads a file: the personal-data check reads the text of each
attachment a public document publishes, and the leak check takes fingerprints from the text of
withheld files and decodes the built output; both ask this table how a file is read.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"  # decoded as UTF-8 text (CSV, JSON, XML, HTML … are text too)
PDF = "pdf"  # the PDF text layer
WORD = "word"  # Office Open XML word processing (.docx)
SPREADSHEET = "spreadsheet"  # Office Open XML spreadsheets (.xlsx, .xlsm)
IMAGE = "image"  # pictures: no text to read
FONT = "font"  # web fonts: no text to read
OTHER = "other"  # anything else: its text cannot be read (old .doc/.xls, archives, media)


@dataclass(frozen=True, slots=True)
class FileKind:
    """How files with these endings are read."""

    kind: str
    label: str  # 中文, for messages
    suffixes: tuple[str, ...]
    has_text: bool  # whether a reader can be expected to find text in it


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind(
        TEXT,
        "文本",
        (".txt", ".csv", ".tsv", ".md", ".json", ".xml", ".html", ".htm", ".yml", ".yaml", ".svg"),
        True,
    ),
    FileKind(PDF, "PDF", (".pdf",), True),
    FileKind(WORD, "Word 文档", (".docx",), True),
    FileKind(SPREADSHEET, "Excel 表格", (".xlsx", ".xlsm"), True),
    FileKind(IMAGE, "图片", (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp"), False),
    FileKind(FONT, "字体", (".woff", ".woff2", ".ttf", ".otf", ".eot"), False),
)
_OTHER = FileKind(OTHER, "其他文件", (), True)


def kind_of(name: str) -> FileKind:
    """The kind of a file, by its name's ending (case-insensitive); OTHER when unknown."""
    lower = name.lower()
    for kind in FILE_KINDS:
        if lower.endswith(kind.suffixes):
            return kind
    return _OTHER


def is_text(name: str) -> bool:
    """Whether the file is plain text (read as UTF-8)."""
    return kind_of(name).kind == TEXT


def is_opaque(name: str) -> bool:
    """Whether the file holds no text a reader could see (images, fonts): only its name and
    bytes can be compared."""
    return not kind_of(name).has_text
