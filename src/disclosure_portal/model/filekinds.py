"""The kinds of files a portal publishes or keeps under content/, by file name ending.

One table for every check that reads a file: the personal-data check reads the text of each
attachment a public document publishes, and the leak check takes fingerprints from the text of
withheld files and decodes the built output; both ask this table how a file is read.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text"  # decoded text (UTF-8, GBK/GB18030, UTF-16 …; CSV, JSON, XML, HTML, SVG are text too)
PDF = "pdf"  # the text layer, metadata, annotations, form fields, bookmarks, embedded files
WORD = "word"  # word processing: Office Open XML, OpenDocument, Word and WPS binaries
SPREADSHEET = "spreadsheet"  # spreadsheets: the same families
PRESENTATION = "presentation"  # slides: the same families
ARCHIVE = "archive"  # zip archives: every member, read by its own kind
IMAGE = "image"  # pictures: their metadata (EXIF, XMP, PNG text, comments)
FONT = "font"  # web fonts: no text to read
OTHER = "other"  # anything else: read by its content when that is a known format, else unreadable


@dataclass(frozen=True, slots=True)
class FileKind:
    """How files with these endings are read (attachments.py reads by content: a .wps that is
    a .docx inside is read as one)."""

    kind: str
    label: str  # 中文, for messages
    suffixes: tuple[str, ...]
    has_text: bool  # whether a reader expects text in it (no text at all is then a warning)
    readable: bool = True  # whether anything of it can be read besides its name and bytes


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind(
        TEXT,
        "文本",
        (".txt", ".csv", ".tsv", ".md", ".json", ".xml", ".html", ".htm", ".yml", ".yaml", ".svg"),
        True,
    ),
    FileKind(PDF, "PDF", (".pdf",), True),
    FileKind(
        WORD,
        "Word 文档",
        (
            ".docx",
            ".docm",
            ".dotx",
            ".dotm",
            ".doc",
            ".dot",
            ".wps",
            ".wpt",
            ".odt",
            ".rtf",
            ".mht",
            ".mhtml",
        ),
        True,
    ),
    FileKind(
        SPREADSHEET,
        "Excel 表格",
        (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".et", ".ett", ".ods"),
        True,
    ),
    FileKind(
        PRESENTATION,
        "演示文稿",
        (".pptx", ".pptm", ".ppsx", ".potx", ".ppt", ".pps", ".dps", ".dpt", ".odp"),
        True,
    ),
    FileKind(ARCHIVE, "压缩包", (".zip",), False),
    FileKind(
        IMAGE,
        "图片",
        (".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".tif", ".tiff"),
        False,
    ),
    FileKind(FONT, "字体", (".woff", ".woff2", ".ttf", ".otf", ".eot"), False, False),
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
    """Whether the file is plain text (by its name)."""
    return kind_of(name).kind == TEXT


def is_opaque(name: str) -> bool:
    """Whether nothing of the file can be read (fonts): only its name and bytes can be
    compared. A picture is not opaque: its metadata is text."""
    return not kind_of(name).readable
