"""The text of a file under content/: every part a reader or a program can recover, in every
encoding an office uses (SPEC guarantee 1, "every part of a file counts").

Used by the personal-data check (on published attachments), the withheld-material check and the
leak check (fingerprints of withheld files; the output scan through verify/decode.py), so all of
them read a file the same way. A file is read by its content, whatever its name says: a .wps or
.et that is an Office Open XML package inside is read as one, a .doc that is a zip likewise.

- Office Open XML and OpenDocument packages, zip archives: read/packages.py (every XML part,
  pictures' metadata, embedded files).
- PDF (pypdf): the pages' text, the document information and XMP metadata, annotations, form
  fields (and XFA), bookmarks, alternative text of the structure tree, embedded files.
- Pictures (Pillow): EXIF (with the Windows XP* tags in UTF-16 and UserComment), XMP, PNG text
  chunks, JPEG and GIF comments; and any XMP packet found in the bytes.
- OLE binaries (.doc, .xls, .ppt, .wps, .et, .dps) (olefile): the summary properties and the
  UTF-16 and ASCII text runs of every stream (what a recovery tool gets), embedded packages.
- RTF: the text, with the code page's and Unicode escapes, and the \\info properties.
- Text (read/encodings.py): UTF-8, UTF-16, GB18030/GBK, Big5; markup (HTML, XML, SVG) also as
  its text nodes and attribute values, line by line so line numbers hold.

The work for one file is bounded (packages.Budget): a zip bomb, a huge or deeply nested part is
refused quickly and the file is unreadable, which the checks report.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import logging
import re
import struct
import tarfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from disclosure_portal.model.filekinds import OTHER, TEXT, FileKind, kind_of
from disclosure_portal.read.encodings import decode_text, reads_as_text
from disclosure_portal.read.packages import (
    ALT_TEXT,
    ARCHIVE_MEMBERS,
    BODY,
    COMMENTS,
    CUSTOM_XML,
    EMBEDDED,
    FIELDS,
    IMAGE_METADATA,
    LINKS,
    OTHER_PARTS,
    PROPERTIES,
    SHEET_NAMES,
    VARIABLES,
    Budget,
    Parts,
    TooLarge,
    read_package,
    xml_text,
)

PDF_METADATA = "PDF 元数据"
ANNOTATIONS = "注释"
FORM_FIELDS = "表单域"
BOOKMARKS = "书签"
MARKUP_TEXT = "标记内文字"

Part = tuple[str, str]  # (label in Chinese, text)
# parts that describe a file rather than show its content
METADATA = frozenset(
    {
        PROPERTIES,
        PDF_METADATA,
        IMAGE_METADATA,
        CUSTOM_XML,
        OTHER_PARTS,
        SHEET_NAMES,
        BOOKMARKS,
        LINKS,
        ALT_TEXT,
    }
)


@dataclass(frozen=True, slots=True)
class AttachmentText:
    """What could be read of a file: `text` (None when unreadable), all its `parts` joined;
    `parts` is (label, text) for each part a reader or program recovers (正文, 批注, 修订,
    文档属性, 图片元数据 …); `has_lines` says whether the lines of `text` are the file's own
    lines (text files) or not (PDF, office files); `encoding` is the text encoding found."""

    kind: FileKind
    text: str | None
    has_lines: bool = False
    parts: tuple[Part, ...] = ()
    encoding: str = ""
    problem: str = ""  # why the file could not be read, in Chinese ("" when it was)

    @property
    def body(self) -> str:
        """What a reader sees in the document (its text, text boxes, notes, comments …), not
        its metadata: a file whose body is empty has no text a reader sees, whatever its
        properties say (a scanned PDF, a Word file of pictures)."""
        return "\n".join(text for label, text in self.parts if label not in METADATA)


# --- dispatch by content ------------------------------------------------------------------------

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"\x00\x00\x01\x00",  # .ico
)
_MIME_RE = re.compile(rb"^MIME-Version:\s*1\.0", re.IGNORECASE | re.MULTILINE)
_MARKUP_SUFFIXES = (".html", ".htm", ".xml", ".svg", ".xhtml")
# markup whatever the name (Word's "save as web page" with a .doc name)
_MARKUP_HEAD_RE = re.compile(r"\ufeff?\s*<(?:\?xml|!doctype html|html|svg)[\s>]", re.IGNORECASE)


def _format(data: bytes) -> str:
    head = data[:1024]
    if data.startswith(_ZIP):
        return "zip"
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_OLE):
        return "ole"
    if (
        data.startswith(_IMAGE_MAGIC)
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
        or (data[:2] == b"BM" and data[6:10] == b"\x00\x00\x00\x00")  # a bitmap, not "BMI,…"
    ):
        return "image"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(_STREAMS):
        return "stream"
    if len(data) >= 512 and data[257:262] == b"ustar":
        return "tar"
    if _MIME_RE.search(head):  # a web archive (.mht), as Word and WPS save "web pages"
        return "mime"
    return "text"


def _read(data: bytes, name: str, budget: Budget) -> tuple[tuple[Part, ...], bool, str]:
    """(parts, whether the parts' lines are the file's lines, encoding) of a file's bytes.
    Raises TooLarge, and ValueError (or the reader's error) when the file cannot be read."""
    form = _format(data)
    readers = {
        "zip": _package,
        "pdf": _pdf,
        "ole": _ole,
        "image": _image,
        "rtf": _rtf,
        "mime": _mime,
        "stream": _stream,
        "tar": _tar,
    }
    if form in readers:
        try:
            return readers[form](data, budget), False, ""
        except TooLarge:
            raise
        except Exception:
            # a damaged file is unreadable (a damaged picture has nothing to read); a text file
            # that starts like another format ("%PDF-", "MIME-Version", "BM…") is text
            claimed = kind_of(name).kind not in (TEXT, OTHER)  # its name says what it is
            if claimed or form in ("zip", "ole") or decode_text(data) is None:
                if form == "image":
                    return (), False, ""
                raise
    return _text(data, name)


# compressed streams a clerk's tools write (原件.txt.gz, 材料.tar.gz, .tar.bz2, .tar.xz): read
# through, within the budget, as the file inside them
_STREAMS = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")
_CHUNK = 1 << 16


def _stream(data: bytes, budget: Budget) -> tuple[Part, ...]:
    import bz2  # noqa: PLC0415
    import gzip  # noqa: PLC0415
    import lzma  # noqa: PLC0415

    raw = io.BytesIO(data)
    openers = {
        b"\x1f": lambda: gzip.GzipFile(fileobj=raw),
        b"B": lambda: bz2.BZ2File(raw),
        b"\xfd": lambda: lzma.LZMAFile(raw),  # noqa: SIM115 - closed by the with below
    }
    out = io.BytesIO()
    with openers[data[:1]]() as stream:
        while chunk := stream.read(_CHUNK):
            budget.take(len(chunk))
            out.write(chunk)
    parts, problem = _nested(out.getvalue(), "", budget)
    if problem is not None:
        raise ValueError(problem)
    return parts


def _tar(data: bytes, budget: Budget) -> tuple[Part, ...]:
    parts = Parts()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        for member in archive:
            parts.add(ARCHIVE_MEMBERS, member.name)
            if not member.isfile():
                continue  # links and folders publish nothing of their own
            budget.take(member.size)
            handle = archive.extractfile(member)
            found, _ = _nested(handle.read() if handle else b"", member.name, budget)
            for _, text in found:
                parts.extend(ARCHIVE_MEMBERS, text)
    return parts.items()


def _package(data: bytes, budget: Budget) -> tuple[Part, ...]:
    return read_package(data, budget, _nested).items()


def _text(data: bytes, name: str) -> tuple[tuple[Part, ...], bool, str]:
    decoded = decode_text(data)
    if decoded is None:
        raise ValueError("unknown encoding")
    text, encoding = decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as a reader counts lines
    if name.lower().endswith(_MARKUP_SUFFIXES) or _MARKUP_HEAD_RE.match(text[:512]):
        return ((BODY, markup_text(text)),), True, encoding
    if name.lower().endswith(".json"):
        return ((BODY, _json_unescaped(text)),), True, encoding
    return ((BODY, text),), True, encoding


def _nested(data: bytes, name: str, budget: Budget) -> tuple[tuple[Part, ...], str | None]:
    """A file inside a file (a package member, an embedded object or attachment): its parts, or
    none when it cannot be read (TooLarge goes up: the whole file is then unreadable)."""
    budget.enter()
    try:
        parts, _, _ = _read(data, name, budget)
        return parts, None
    except TooLarge:
        raise
    except Exception:
        return (), "unreadable"
    finally:
        budget.leave()


def file_format(data: bytes) -> str:
    """What a file's bytes are, whatever its name: zip, pdf, ole, image, rtf or text."""
    return _format(data)


def read_bytes(data: bytes, name: str = "") -> AttachmentText:
    """The text of a file's bytes, every part of it; `name` gives the kind for messages and
    tells markup from plain text. The same bytes under the same kind of name are read once (a
    published attachment is read from content/ and again from the built site)."""
    kind = kind_of(name)
    if not kind.readable:
        return AttachmentText(kind, "")
    lower = name.lower()
    flavour = (
        "markup" if lower.endswith(_MARKUP_SUFFIXES) else "json" if lower.endswith(".json") else ""
    )
    return _read_by_digest(hashlib.sha256(data).digest(), kind, flavour, data)


_by_digest: dict[tuple[bytes, str, str], AttachmentText] = {}
DIGEST_CACHE = 512


def _read_by_digest(digest: bytes, kind: FileKind, flavour: str, data: bytes) -> AttachmentText:
    key = (digest, kind.kind, flavour)
    found = _by_digest.get(key)
    if found is None:
        # a name of the same kind and flavour: what the reader looks at in a name
        plain = "x" + kind.suffixes[0] if kind.suffixes else ""
        name = {"markup": "x.html", "json": "x.json"}.get(flavour, plain)
        found = _read_uncached(data, name, kind)
        if len(_by_digest) >= DIGEST_CACHE:
            _by_digest.pop(next(iter(_by_digest)))
        _by_digest[key] = found
    return found


def _read_uncached(data: bytes, name: str, kind: FileKind) -> AttachmentText:
    budget = Budget()
    try:
        budget.take(len(data))
        parts, has_lines, encoding = _read(data, name, budget)
    except TooLarge:
        return AttachmentText(kind, None, problem="文件过大或嵌套过深，超出读取上限")
    except Exception:
        return AttachmentText(kind, None, problem="无法读取文字")
    # the hidden parts first, the running text last: a check that reads only the first
    # sentences of a long file (the leak check's fingerprints) still gets every hidden part
    parts = tuple(
        sorted(((label, text) for label, text in parts if text.strip()), key=lambda p: p[0] == BODY)
    )
    text = "\n".join(text for _, text in parts)
    return AttachmentText(kind, text, has_lines, parts, encoding)


def read_attachment(path: Path) -> AttachmentText:
    """The text of the file at `path`, every part of it (`read_bytes`); None means unreadable.
    A picture without metadata or an archive of pictures reads as empty text.

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
    if not kind.readable:
        return AttachmentText(kind, "")
    try:
        data = path.read_bytes()
    except OSError:
        return AttachmentText(kind, None, problem="无法读取文件")
    return read_bytes(data, path.name)


# --- text and markup ----------------------------------------------------------------------------

_TAG_RE = re.compile(
    r"<!\[CDATA\[(.*?)\]\]>|<!--(.*?)-->|<(/?)([A-Za-z!?][\w:.-]*)[^<>]*>", re.DOTALL
)
# elements inside a sentence; any other element's start or end ends one (a table cell, an XML
# field, an SVG title beside its text)
_INLINE_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "ins",
        "kbd",
        "mark",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tspan",
        "tt",
        "u",
        "var",
        "wbr",
        "textpath",
    ]
)
_BOUNDARY = "；"
_ATTR_RE = re.compile(r"""[\w:.-]+\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_JSON_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})")


def markup_text(source: str) -> str:
    """HTML, XML or SVG as a reader gets it, line for line: the text between tags joined (a
    sentence split by <tspan> or <b> is one sentence; other elements end a sentence with "；"),
    then, on the line where a tag starts, its attribute values and comments (a program reads
    those); CDATA as text; character references decoded."""
    lines: list[list[str]] = [[]]
    extras: list[list[str]] = [[]]
    position = 0

    def text(chunk: str) -> None:
        pieces = chunk.split("\n")
        lines[-1].append(pieces[0])
        for piece in pieces[1:]:
            lines.append([piece])
            extras.append([])

    for m in _TAG_RE.finditer(source):
        text(source[position : m.start()])
        position = m.end()
        cdata, comment, name = m.group(1), m.group(2), m.group(4)
        if cdata is not None:
            text(cdata)
            continue
        if comment is not None:
            extras[-1].append(" ".join(comment.split()))
        else:
            extras[-1] += [a or b for a, b in _ATTR_RE.findall(m.group(0)) if a or b]
            if name.lower() not in _INLINE_TAGS:
                lines[-1].append(_BOUNDARY)
        for _ in range(m.group(0).count("\n")):  # a tag over several lines keeps them
            lines.append([])
            extras.append([])
    text(source[position:])
    out = []
    for line, extra in zip(lines, extras, strict=True):
        joined = "".join(line)
        if extra:
            joined += "\t" + "\t".join(extra)
        out.append(html.unescape(joined).replace("\n", " "))
    return "\n".join(out)


def _json_unescaped(text: str) -> str:
    """JSON text with its \\uXXXX escapes decoded (a program reads the characters), line for
    line."""
    if "\\u" not in text:
        return text

    def repl(m: re.Match) -> str:
        char = chr(int(m.group(1), 16))
        return " " if char in "\r\n" else char

    return _JSON_ESCAPE_RE.sub(repl, text)


# --- web archives (MHTML) -----------------------------------------------------------------------


def _mime(data: bytes, budget: Budget) -> tuple[Part, ...]:
    """Every part of a MIME web archive: HTML and text as their text, the rest (pictures,
    embedded files) read in turn."""
    import email  # noqa: PLC0415
    from email import policy  # noqa: PLC0415

    message = email.message_from_bytes(data, policy=policy.compat32)
    if not message.is_multipart() and not message.get_content_type().startswith("text/"):
        raise ValueError("not a web archive")
    parts = Parts()
    for part in message.walk():
        for key, value in part.items():  # sender, subject, locations: a program reads them
            parts.add(OTHER_PARTS, f"{key}: {value}")
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        budget.take(len(payload))
        kind = part.get_content_type()
        if kind.startswith("text/"):
            text = None
            charset = part.get_content_charset()
            if charset:
                with contextlib.suppress(LookupError, UnicodeDecodeError):
                    text = payload.decode(charset)
            if text is None:
                decoded = decode_text(payload)
                text = decoded[0] if decoded else payload.decode("utf-8", "replace")
            parts.extend(BODY, markup_text(text) if "html" in kind or "xml" in kind else text)
            continue
        name = part.get_filename() or part.get("Content-Location", "") or ""
        label = IMAGE_METADATA if kind.startswith("image/") else EMBEDDED
        found, _ = _nested(payload, name, budget)
        for _, text in found:
            parts.extend(label, text)
    return parts.items()


# --- PDF ----------------------------------------------------------------------------------------

MAX_PDF_OBJECTS = 50_000  # annotations, fields, bookmarks and structure elements read


def _pdf_str(value: object) -> str:
    """A PDF value as text (text strings, names, byte strings in any encoding)."""
    import pypdf.generic as g  # noqa: PLC0415

    if isinstance(value, g.IndirectObject):
        value = value.get_object()
    if isinstance(value, g.ByteStringObject):
        decoded = decode_text(bytes(value))
        return decoded[0] if decoded else ""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, g.ArrayObject):
        return " ".join(_pdf_str(v) for v in value)
    return ""


def _pdf(data: bytes, budget: Budget) -> tuple[Part, ...]:
    import pypdf  # noqa: PLC0415

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")  # only an empty user password: a reader opens it without one
    parts = Parts()
    for page in reader.pages:
        contents = page.get_contents()  # decoded once; extract_text reuses it
        if contents is not None:
            budget.take(len(contents.get_data()))
        parts.extend(BODY, page.extract_text() or "")
    _guarded(_pdf_metadata, reader, parts, budget)
    _guarded(_pdf_annotations, reader, parts, budget)
    _guarded(_pdf_fields, reader, parts, budget)
    _guarded(_pdf_outline, reader, parts, budget)
    _guarded(_pdf_structure, reader, parts, budget)
    _guarded(_pdf_embedded, reader, parts, budget)
    return parts.items()


def _guarded(step, reader, parts: Parts, budget: Budget) -> None:
    """One section of a PDF: a damaged section does not lose the others."""
    try:
        step(reader, parts, budget)
    except TooLarge:
        raise
    except Exception:
        return


def _pdf_metadata(reader, parts: Parts, budget: Budget) -> None:
    info = reader.metadata or {}
    for key in info:
        parts.add(PDF_METADATA, _pdf_str(info.get(key)))
    xmp = reader.root_object.get("/Metadata")
    if xmp is not None:
        packet = xmp.get_object().get_data()
        budget.take(len(packet))
        for _, text in xml_text(packet, PDF_METADATA, budget, all_attributes=True).items():
            parts.extend(PDF_METADATA, text)


def _pdf_annotations(reader, parts: Parts, budget: Budget) -> None:
    count = 0
    for page in reader.pages:
        for ref in page.get("/Annots") or ():
            count += 1
            if count > MAX_PDF_OBJECTS:
                raise TooLarge
            annot = ref.get_object()
            for key in ("/Contents", "/T", "/Subj", "/TU", "/V"):
                if key in annot:
                    parts.extend(ANNOTATIONS, _pdf_str(annot[key]))
            if "/RC" in annot:  # rich text: XHTML
                parts.extend(ANNOTATIONS, markup_text(_pdf_str(annot["/RC"])))
            action = annot.get("/A")
            if action is not None and "/URI" in action.get_object():
                parts.add(ANNOTATIONS, _pdf_str(action.get_object()["/URI"]))
            spec = annot.get("/FS")
            if spec is not None:  # a file attachment annotation
                _pdf_file_spec(spec.get_object(), parts, budget)


def _pdf_file_spec(spec, parts: Parts, budget: Budget) -> None:
    name = _pdf_str(spec.get("/UF") or spec.get("/F") or "")
    parts.add(EMBEDDED, name)
    parts.add(EMBEDDED, _pdf_str(spec.get("/Desc") or ""))
    files = spec.get("/EF")
    if files is None:
        return
    stream = files.get_object().get("/F") or files.get_object().get("/UF")
    if stream is None:
        return
    content = stream.get_object().get_data()
    budget.take(len(content))
    found, _ = _nested(content, name, budget)
    for _, text in found:
        parts.extend(EMBEDDED, text)


def _pdf_fields(reader, parts: Parts, budget: Budget) -> None:
    fields = reader.get_fields() or {}
    if len(fields) > MAX_PDF_OBJECTS:
        raise TooLarge
    for name, field in fields.items():
        parts.add(FORM_FIELDS, str(name))
        for key in ("/V", "/DV", "/TU", "/TM", "/Opt"):
            if key in field:
                parts.extend(FORM_FIELDS, _pdf_str(field[key]))
    xfa = reader.xfa  # XML forms: their data and template text
    for packet in (xfa or {}).values():
        if isinstance(packet, bytes):
            budget.take(len(packet))
            for _, text in xml_text(packet, FORM_FIELDS, budget).items():
                parts.extend(FORM_FIELDS, text)


def _pdf_outline(reader, parts: Parts, budget: Budget) -> None:
    count = 0

    def walk(items) -> None:
        nonlocal count
        for item in items:
            count += 1
            if count > MAX_PDF_OBJECTS:
                raise TooLarge
            if isinstance(item, list):
                walk(item)
            else:
                parts.add(BOOKMARKS, _pdf_str(getattr(item, "title", "") or ""))

    walk(reader.outline)


def _pdf_structure(reader, parts: Parts, budget: Budget) -> None:
    """Alternative and replacement text of the tagged structure (what a screen reader says)."""
    import pypdf.generic as g  # noqa: PLC0415

    root = reader.root_object.get("/StructTreeRoot")
    if root is None:
        return
    stack = [root.get_object()]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, g.IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if len(seen) > MAX_PDF_OBJECTS:
            raise TooLarge
        if isinstance(node, g.ArrayObject):
            stack.extend(node)
        elif isinstance(node, g.DictionaryObject):
            for key in ("/Alt", "/ActualText", "/E", "/T"):
                if key in node:
                    parts.add(ALT_TEXT, _pdf_str(node[key]))
            kids = node.get("/K")
            if kids is not None:
                stack.append(kids)


def _pdf_embedded(reader, parts: Parts, budget: Budget) -> None:
    for name, contents in reader.attachments.items():
        parts.add(EMBEDDED, str(name))
        for content in contents:
            budget.take(len(content))
            found, _ = _nested(content, str(name), budget)
            for _, text in found:
                parts.extend(EMBEDDED, text)


# --- pictures -----------------------------------------------------------------------------------

_XMP_RE = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>|<rdf:RDF.*?</rdf:RDF>", re.DOTALL)
_XP_TAGS = {0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F}  # XPTitle … XPSubject: UTF-16LE
_USER_COMMENT = 0x9286
_BINARY_TAGS = {0x927C, 0xC4A5, 0x02BC, 0x83BB, 0x8773, 0x9C9A}  # maker notes, ICC, XMP, IPTC
_IMAGE_INFO_SKIP = {
    "exif",
    "icc_profile",
    "dpi",
    "transparency",
    "gamma",
    "aspect",
    "loop",
    "version",
    "background",
    "duration",
}
_SUB_IFDS = (0x8769, 0x8825, 0xA005)  # Exif, GPS, Interoperability


def _text_of(value: object) -> str:
    """A metadata value as text: bytes in any encoding (Pillow reads EXIF ASCII as Latin-1, so
    UTF-8 and GBK strings are recovered from it)."""
    if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
        try:
            value = bytes(value)
        except ValueError:
            return ""
    if isinstance(value, str):
        try:
            value = value.encode("latin-1")
        except UnicodeEncodeError:
            return value  # already text beyond Latin-1 (PNG iTXt)
    if isinstance(value, bytes):
        value = value.rstrip(b"\x00")
        decoded = decode_text(value)
        return decoded[0] if decoded else ""
    return ""


def _user_comment(value: object, big_endian: bool) -> str:
    """EXIF UserComment: an 8-byte character code, then the text."""
    raw = value if isinstance(value, bytes) else str(value).encode("latin-1", "replace")
    code, body = raw[:8], raw[8:].rstrip(b"\x00")
    if code.startswith(b"UNICODE"):  # in the file's byte order, or (some writers) not
        for encoding in ("utf-16-be", "utf-16-le") if big_endian else ("utf-16-le", "utf-16-be"):
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError:
                continue
            if reads_as_text(text):
                return text
        return ""
    return _text_of(body if code.strip(b"\x00 ") else raw)


def _image(data: bytes, budget: Budget) -> tuple[Part, ...]:
    """A picture's metadata; ValueError when the bytes are no picture Pillow knows and hold
    no XMP packet."""
    parts = Parts()
    if data.startswith(b"\x89PNG"):
        _png_chunks(data, parts, budget)
    try:
        _pillow_metadata(data, parts)
        known = True
    except Exception:  # a damaged picture: what the raw scan finds below
        known = False
    packets = _XMP_RE.findall(data)  # an XMP packet wherever it sits
    for packet in packets:
        budget.take(len(packet))
        for _, text in xml_text(packet, IMAGE_METADATA, budget, all_attributes=True).items():
            parts.extend(IMAGE_METADATA, text)
    if not known and not packets and not parts.lines:
        raise ValueError("not a picture")
    return parts.items()


def _png_chunks(data: bytes, parts: Parts, budget: Budget) -> None:
    """The text chunks of a PNG wherever they are (Pillow sees those after the pixels only by
    decoding the pixels): tEXt, zTXt, iTXt, and an eXIf chunk."""
    from PIL import Image  # noqa: PLC0415

    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind not in (b"tEXt", b"zTXt", b"iTXt", b"eXIf"):
            continue
        if kind == b"eXIf":
            exif = Image.Exif()
            with contextlib.suppress(Exception):
                exif.load(b"Exif\x00\x00" + body)
                _exif_to(exif, parts)
            continue
        _, _, rest = body.partition(b"\x00")
        if kind == b"tEXt":
            parts.extend(IMAGE_METADATA, _text_of(rest))
        elif kind == b"zTXt":
            parts.extend(IMAGE_METADATA, _text_of(_inflate(rest[1:], budget)))
        else:  # iTXt: compressed flag, method, language, translated keyword, UTF-8 text
            compressed = rest[:1] == b"\x01"
            _, _, rest = rest[2:].partition(b"\x00")
            translated, _, text = rest.partition(b"\x00")
            if compressed:
                text = _inflate(text, budget)
            parts.extend(IMAGE_METADATA, translated.decode("utf-8", "replace"))
            parts.extend(IMAGE_METADATA, _text_of(text))


def _inflate(data: bytes, budget: Budget) -> bytes:
    """zlib data, inflated no further than the budget allows."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, budget.left + 1)
    except zlib.error:
        return b""
    budget.take(len(out))
    return out


def _pillow_metadata(data: bytes, parts: Parts) -> None:
    from PIL import Image  # noqa: PLC0415

    with Image.open(io.BytesIO(data)) as image:  # reads the headers, not the pixels
        for key, value in image.info.items():
            if key in _IMAGE_INFO_SKIP:
                continue
            if key in ("xmp", "XML:com.adobe.xmp") and isinstance(value, str | bytes):
                packet = value.encode("utf-8") if isinstance(value, str) else value
                for _, text in xml_text(packet, IMAGE_METADATA, Budget(), True).items():
                    parts.extend(IMAGE_METADATA, text)
            elif isinstance(value, str | bytes):
                parts.extend(IMAGE_METADATA, _text_of(value))
        if image.format == "PNG":  # its chunks are read above; getexif would decode pixels
            return
        _exif_to(image.getexif(), parts)


def _exif_to(exif, parts: Parts) -> None:
    big_endian = getattr(exif, "endian", "<") == ">"
    for tag, value in _exif_items(exif):
        if tag in _XP_TAGS:
            raw = bytes(value) if isinstance(value, tuple) else value
            if isinstance(raw, str):
                raw = raw.encode("latin-1", "replace")
            parts.extend(IMAGE_METADATA, raw.decode("utf-16-le", "ignore").rstrip("\x00"))
        elif tag == _USER_COMMENT:
            parts.extend(IMAGE_METADATA, _user_comment(value, big_endian))
        elif tag not in _BINARY_TAGS and isinstance(value, str | bytes):
            parts.extend(IMAGE_METADATA, _text_of(value))


def _exif_items(exif) -> Iterable[tuple[int, object]]:
    yield from exif.items()
    for ifd in _SUB_IFDS:
        try:
            yield from exif.get_ifd(ifd).items()
        except Exception:
            continue


# --- OLE binaries (Word 97-2003, Excel, PowerPoint, WPS) ----------------------------------------

# runs of text in UTF-16LE decoded binary: ASCII printable, tab and line breaks, CJK symbols to
# CJK unified ideographs (U+3000-U+9FFF), full-width forms
_UTF16_RUN_RE = re.compile(r"[\x20-\x7e\t\r\n\u3000-\u9fff\uff00-\uffef]{4,}")
_ASCII_RUN_RE = re.compile(rb"[\x20-\x7e\t]{8,}")
_LEGACY_RUN_RE = re.compile(rb"(?:[\x20-\x7e]|[\x81-\xfe][\x40-\xfe]){4,}")
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_PACKAGE_STREAMS = ("package", "\x01ole10native", "contents", "equation native")
_MAIN_STREAMS = ("worddocument", "workbook", "book", "powerpoint document")


def _ole(data: bytes, budget: Budget) -> tuple[Part, ...]:
    import olefile  # noqa: PLC0415

    parts = Parts()
    with olefile.OleFileIO(data) as ole:
        if ole.exists("EncryptedPackage"):  # a password-protected Office Open XML file
            raise ValueError("encrypted")
        if ole.exists("WordDocument"):
            fib = ole.openstream("WordDocument").read(12)
            if len(fib) >= 12 and fib[11] & 0x01:  # fEncrypted
                raise ValueError("encrypted")
        _ole_properties(ole, parts)
        entries = ole.listdir(streams=True, storages=False)
        # the document's own text is in its main stream; the other streams (styles, tables of
        # the file) hold names and leftovers, read as 其他部件; a layout we do not know (some
        # WPS versions) has all of it as 正文
        main = {"/".join(e) for e in entries if e[-1].lower() in _MAIN_STREAMS}
        for entry in entries:
            name = "/".join(entry)
            size = ole.get_size(name)
            budget.take(size)
            stream = ole.openstream(name).read()
            last = entry[-1].lower()
            if last.startswith(("\x05", "\x01comp", "\x01ole", "\x03")):
                if last.startswith("\x05"):  # property sets beyond the summary: custom ones
                    _legacy_runs(stream, PROPERTIES, parts)
                    _utf16_runs(stream, PROPERTIES, parts)
                if last not in _PACKAGE_STREAMS:
                    continue
            if last in _PACKAGE_STREAMS:
                _embedded_in(stream, name, parts, budget)
                continue
            label = BODY if not main or name in main else OTHER_PARTS
            _utf16_runs(stream, label, parts)
            for m in _ASCII_RUN_RE.finditer(stream):
                parts.add(label, m.group(0).decode("ascii"))
    return parts.items()


def _ole_properties(ole, parts: Parts) -> None:
    meta = ole.get_metadata()
    codepage = meta.codepage or 0
    for attr in (*meta.SUMMARY_ATTRIBS, *meta.DOCSUM_ATTRIBS):
        value = getattr(meta, attr, None)
        if isinstance(value, bytes):
            text = ""
            if codepage and codepage not in (1200, 65001):
                try:
                    text = value.rstrip(b"\x00").decode(f"cp{codepage}")
                except (LookupError, UnicodeDecodeError):
                    text = ""
            parts.add(PROPERTIES, text or _text_of(value))
        elif isinstance(value, str):
            parts.add(PROPERTIES, value)


def _utf16_runs(stream: bytes, label: str, parts: Parts) -> None:
    """Runs of UTF-16LE text in binary data, at either byte alignment, each taken when it
    reads as text."""
    for start in (0, 1):
        decoded = stream[start : len(stream) - (len(stream) - start) % 2].decode(
            "utf-16-le", "replace"
        )
        for m in _UTF16_RUN_RE.finditer(decoded):
            if _readable_run(m.group(0)):
                parts.add(label, m.group(0))


def _readable_run(text: str) -> bool:
    if not reads_as_text(text):
        return False
    han = len(_HAN_RE.findall(text))
    ascii_letters = sum(c.isalnum() and c.isascii() for c in text)
    return han >= 2 or ascii_letters >= 8


def _legacy_runs(stream: bytes, label: str, parts: Parts) -> None:
    """Text in a code page (GBK) inside binary data, taken when it decodes as text."""
    for m in _LEGACY_RUN_RE.finditer(stream):
        raw = m.group(0)
        if max(raw) < 0x80:
            continue  # ASCII runs are read as such
        decoded = decode_text(raw)
        if decoded and len(_HAN_RE.findall(decoded[0])) >= 2:
            parts.add(label, decoded[0])


def _embedded_in(stream: bytes, name: str, parts: Parts, budget: Budget) -> None:
    """An OLE object's payload: a package, a PDF or another OLE file inside."""
    for magic in (b"PK\x03\x04", b"%PDF-", _OLE):
        at = stream.find(magic)
        if at >= 0:
            found, _ = _nested(stream[at:], name, budget)
            for _, text in found:
                parts.extend(EMBEDDED, text)
            return


# --- RTF ----------------------------------------------------------------------------------------

_RTF_TOKEN_RE = re.compile(
    rb"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|[\r\n]+"
)
# destinations whose content is not text
_RTF_SKIP = {
    b"fonttbl",
    b"colortbl",
    b"stylesheet",
    b"listtable",
    b"listoverridetable",
    b"pict",
    b"object",
    b"themedata",
    b"colorschememapping",
    b"datastore",
    b"latentstyles",
    b"rsidtbl",
    b"generator",
    b"xmlnstbl",
    b"mmathPr",
    b"filetbl",
    b"revtbl",
    b"pgdsctbl",
    b"wgrffmtfilter",
}
# optional destinations ({\* ...}) that hold text, and where it goes
_RTF_KEPT = {
    b"fldinst": FIELDS,
    b"annotation": COMMENTS,
    b"atnauthor": COMMENTS,
    b"userprops": PROPERTIES,
    b"company": PROPERTIES,
    b"manager": PROPERTIES,
    b"category": PROPERTIES,
    b"doccomm": PROPERTIES,
    b"hlinkbase": PROPERTIES,
    b"docvar": VARIABLES,
}


def _rtf(data: bytes, budget: Budget | None = None) -> tuple[Part, ...]:
    """The text of an RTF file: \\'hh bytes in the document's code page (\\ansicpg), \\uN
    characters, paragraphs; the \\info group (title, author, …) as 文档属性; pictures and
    tables of fonts and styles skipped; comments (\\annotation) kept as 批注."""
    codepage = 1252
    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    if m:
        codepage = int(m.group(1))
    encoding = f"cp{codepage}"
    parts = Parts()
    # per group: (skip, label, unicode skip count)
    stack: list[tuple[bool, str, int]] = []
    skip, label, uc = False, BODY, 1
    pending = 0  # fallback bytes still to skip after a \uN
    line: list[str] = []
    raw = bytearray()
    lines: dict[str, list[str]] = {}

    def flush_bytes() -> None:
        if raw:
            try:
                line.append(bytes(raw).decode(encoding, "replace"))
            except LookupError:
                line.append(bytes(raw).decode("gb18030", "replace"))
            raw.clear()

    def end_line() -> None:
        flush_bytes()
        text = "".join(line)
        if text.strip():
            lines.setdefault(label, []).append(text)
        line.clear()

    first_in_group = False
    for token in _RTF_TOKEN_RE.finditer(data):
        word, arg, hexbyte, symbol, brace, text = token.groups()
        if brace == b"{":
            end_line()
            stack.append((skip, label, uc))
            first_in_group = True
            continue
        if brace == b"}":
            end_line()
            if stack:
                skip, label, uc = stack.pop()
            first_in_group = False
            continue
        starting, first_in_group = first_in_group, False
        if symbol == b"*" and starting:  # {\* ...}: an optional destination, not text
            first_in_group = True
            skip = True
            continue
        if word is not None:
            if word in _RTF_SKIP:
                skip = True
            elif word == b"info":
                end_line()
                label, skip = PROPERTIES, False
            elif starting and word in _RTF_KEPT:
                end_line()
                label, skip = _RTF_KEPT[word], False
            elif starting and label == PROPERTIES and stack and not stack[-1][0]:
                skip = False  # {\*\anything} inside \info is a property
            elif word == b"uc" and arg is not None:
                uc = int(arg)
            elif word == b"u" and arg is not None and not skip:
                flush_bytes()
                line.append(chr(int(arg) % 0x10000))
                pending = uc
            elif word in (b"par", b"line", b"row", b"sect", b"page") and not skip:
                end_line()
            elif word in (b"tab", b"cell") and not skip:
                flush_bytes()
                line.append("\t")
            continue
        if skip:
            continue
        if hexbyte is not None:
            if pending:
                pending -= 1
                continue
            raw.append(int(hexbyte, 16))
        elif symbol is not None:
            if symbol in (b"\\", b"{", b"}"):
                flush_bytes()
                line.append(symbol.decode())
            elif symbol == b"~":
                line.append(" ")
        elif text is not None:
            if pending:
                drop = min(pending, len(text))
                text, pending = text[drop:], pending - drop
            raw.extend(text)  # 8-bit text written without escapes is in the code page too
    end_line()
    for name, texts in lines.items():
        parts.extend(name, "\n".join(texts))
    return parts.items()
