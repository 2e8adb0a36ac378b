"""The text of every part of a zip package: Office Open XML (Word, Excel, PowerPoint, whatever
the extension WPS gave them), OpenDocument, and plain zip archives.

Every XML part is read with a streaming parser (lxml's parser target: no tree is built), its
text nodes and its text-bearing attributes (alternative text, authors, content-control names,
property names, field codes …), labelled by where a reader finds them: 正文, 页眉页脚, 批注,
修订 (the text before the tracked changes: deletions in, insertions out), 文本框, 域代码,
内容控件, 替代文字, 文档属性 … Spreadsheets are read cell by cell: a row is one line (shared
strings resolved), formulas apart (公式), hidden sheets apart (隐藏工作表). Other members
(pictures, embedded documents, OLE objects) are read by `read_bytes` in attachments.py, one level
deeper.

Work is bounded by a `Budget`: total decompressed bytes (declared sizes are checked first, and
reading stops at the limit whatever they say), nesting depth of packages, and libxml2's own
limits on XML (no entity expansion, no DTD, no network, nesting depth).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from disclosure_portal.read.encodings import decode_text

MAX_BYTES = 256 << 20  # decompressed bytes read for one file, all parts and nested files included
MAX_DEPTH = 4  # a file inside a file inside a file …
MAX_MEMBERS = 20_000  # parts of one zip
CHUNK = 1 << 16

BODY = "正文"
HEADERS = "页眉页脚"
NOTES = "脚注尾注"
COMMENTS = "批注"
REVISIONS = "修订"
TEXT_BOXES = "文本框"
FIELDS = "域代码"
CONTROLS = "内容控件"
ALT_TEXT = "替代文字"
PROPERTIES = "文档属性"
CUSTOM_XML = "自定义 XML"
SPEAKER_NOTES = "备注"
BUILDING_BLOCKS = "文档部件"
CHARTS = "图表"
PIVOT = "数据透视表缓存"
VARIABLES = "文档变量"
LINKS = "超链接"
HIDDEN_SHEET = "隐藏工作表"
SHEET_NAMES = "工作表名称"
FORMULAS = "公式"
DEFINED_NAMES = "定义名称"
SHARED_STRINGS = "共享字符串"
VALIDATION = "数据验证"
IMAGE_METADATA = "图片元数据"
EMBEDDED = "嵌入文件"
ARCHIVE_MEMBERS = "压缩包内文件"
OTHER_PARTS = "其他部件"


class TooLarge(Exception):
    """The file needs more work than a build gives one file (a zip bomb, a huge or deeply
    nested part): it is unreadable."""


@dataclass
class Budget:
    """What is left for reading one file: decompressed bytes, and how deep we are."""

    left: int = field(default_factory=lambda: MAX_BYTES)
    depth: int = 0

    def take(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise TooLarge

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooLarge

    def leave(self) -> None:
        self.depth -= 1


@dataclass
class Parts:
    """Lines of text by part label, in the order labels first appear; a line repeated under a
    label is kept once (Word writes a text box twice, for new and old readers)."""

    lines: dict[str, list[str]] = field(default_factory=dict)
    _seen: dict[str, set[str]] = field(default_factory=dict)

    def add(self, label: str, line: str) -> None:
        line = line.strip()
        if not line:
            return
        seen = self._seen.setdefault(label, set())
        if line not in seen:
            seen.add(line)
            self.lines.setdefault(label, []).append(line)

    def extend(self, label: str, text: str) -> None:
        for line in text.splitlines():
            self.add(label, line)

    def items(self) -> tuple[tuple[str, str], ...]:
        return tuple((label, "\n".join(lines)) for label, lines in self.lines.items() if lines)


CACHED_NAMES = 20_000  # element and attribute names remembered (Office uses a few hundred)
_LOCAL: dict[str, str] = {}  # {namespace}name -> name


def _local(tag: object) -> str:
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    local = _LOCAL.get(tag)
    if local is None:
        local = tag.rsplit("}", 1)[-1]
        if len(_LOCAL) < CACHED_NAMES:
            _LOCAL[tag] = local
    return local


# (element, attribute) -> label ("" for the place's label) or None: attributes not taken
_ATTRIBUTE_LABELS: dict[tuple[str, str], str | None] = {}


# --- XML parts ----------------------------------------------------------------------------------

PARAGRAPHS = frozenset({"p", "h"})  # w:p, a:p; ODF text:p, text:h
ROWS = frozenset({"tr", "table-row"})
CELLS = frozenset({"tc", "table-cell"})
SPACES = {"br": " ", "cr": " ", "tab": "\t", "s": " ", "line-break": " ", "noBreakHyphen": "-"}
# elements inside a line of text: their end does not end a line outside a paragraph
INLINE = frozenset({"r", "t", "span", "a", "fld", "rPh", "bookmark", "soft-page-break"})
DELETED = frozenset({"del", "moveFrom"})  # w:del, w:moveFrom: text before the change
INSERTED = frozenset({"ins", "moveTo"})
CHANGES = DELETED | INSERTED
# elements whose content a reader finds somewhere else than the running text
CONTEXT = {
    "txbxContent": TEXT_BOXES,
    "textbox": TEXT_BOXES,
    "txbx": TEXT_BOXES,
    "text-box": TEXT_BOXES,
    "instrText": FIELDS,
    "delInstrText": FIELDS,
    "sdtPr": CONTROLS,
    "annotation": COMMENTS,  # ODF
    "tracked-changes": REVISIONS,  # ODF
    "note": NOTES,  # ODF footnotes and endnotes
    "docVars": VARIABLES,
}
# attributes that hold text a reader or a program recovers, wherever they are
TEXT_ATTRIBUTES = {
    "descr": ALT_TEXT,
    "title": ALT_TEXT,
    "alt": ALT_TEXT,
    "string": None,  # VML WordArt
    "tooltip": None,
    "author": None,
    "displayName": None,
    "userId": None,
    "prompt": VALIDATION,
    "promptTitle": VALIDATION,
    "error": VALIDATION,
    "errorTitle": VALIDATION,
    "instr": FIELDS,  # w:fldSimple
    "formula": FORMULAS,  # ODF table:formula
    "string-value": None,  # ODF
    "annotation": None,
}
# attributes that hold text on these elements only (None: the label of the place)
ELEMENT_ATTRIBUTES = {
    ("sheet", "name"): SHEET_NAMES,
    ("definedName", "name"): DEFINED_NAMES,
    ("property", "name"): None,
    ("docVar", "name"): VARIABLES,
    ("docVar", "val"): VARIABLES,
    ("alias", "val"): CONTROLS,
    ("tag", "val"): CONTROLS,
    ("statusText", "val"): CONTROLS,
    ("helpText", "val"): CONTROLS,
    ("default", "val"): CONTROLS,
    ("listEntry", "val"): CONTROLS,
    ("comboBox", "lastValue"): CONTROLS,
    ("dropDownList", "lastValue"): CONTROLS,
    ("listItem", "displayText"): CONTROLS,
    ("listItem", "value"): CONTROLS,
    ("s", "v"): None,  # pivot cache items
    ("n", "v"): None,
    ("table-cell", "value"): None,  # ODF numeric value (the cell shows it formatted)
    ("hyperlink", "display"): None,
    ("hyperlink", "location"): None,
}


@dataclass(slots=True)
class _Sink:
    """A paragraph or table row being read: its text as it reads now (insertions in, deletions
    out) and as it read before the tracked changes."""

    label: str
    row: bool
    now: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    changed: bool = False


class XmlText:
    """A parser target: the text of one XML part into `parts`, by label."""

    def __init__(self, parts: Parts, label: str, all_attributes_of: frozenset[str] = frozenset()):
        self.parts = parts
        self.labels = [label]
        self.sinks: list[_Sink] = []
        self.deleted = 0
        self.inserted = 0
        self.loose: dict[str, list[str]] = {}
        self.all_attributes_of = all_attributes_of

    # lxml calls these
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = _local(tag)
        label = CONTEXT.get(local, self.labels[-1])
        self.labels.append(label)
        if local in DELETED:
            self.deleted += 1
        elif local in INSERTED:
            self.inserted += 1
        if attrib:
            self._attributes(local, attrib, REVISIONS if local in CHANGES else label)
        if local in PARAGRAPHS or local in ROWS:
            self.sinks.append(_Sink(label, local in ROWS))
        elif local in SPACES and self.sinks:
            self._add(SPACES[local])

    def end(self, tag: str) -> None:
        local = _local(tag)
        label = self.labels.pop()
        if local in DELETED:
            self.deleted -= 1
        elif local in INSERTED:
            self.inserted -= 1
        if (local in PARAGRAPHS or local in ROWS) and self.sinks:
            self._finish(self.sinks.pop())
        elif local in CELLS and self.sinks and self.sinks[-1].row:
            self._add("\t")
        if self.loose and local not in INLINE and (not self.sinks or self.sinks[-1].label != label):
            self._flush()

    def data(self, text: str) -> None:
        if text.isspace() and "\n" in text:  # indentation between elements
            return
        label = self.labels[-1]
        if self.sinks and self.sinks[-1].label == label:
            self._add(text.replace("\n", " "))
        else:
            self.loose.setdefault(label, []).append(text)

    def comment(self, text: str) -> None:  # a program reads comments too
        self.parts.add(self.labels[-1], text)

    def close(self) -> None:
        while self.sinks:
            self._finish(self.sinks.pop())
        self._flush()

    # helpers
    def _add(self, text: str) -> None:
        sink = self.sinks[-1]
        if not self.deleted:
            sink.now.append(text)
        if not self.inserted:
            sink.before.append(text)
        if self.deleted or self.inserted:
            sink.changed = True

    def _finish(self, sink: _Sink) -> None:
        now, before = "".join(sink.now).strip(), "".join(sink.before).strip()
        parent = self.sinks[-1] if self.sinks else None
        if parent is not None and parent.row and parent.label == sink.label:
            parent.now.append(now + " ")
            parent.before.append(before + " ")
            parent.changed |= sink.changed
            return
        self.parts.add(sink.label, now)
        if sink.changed:
            self.parts.add(REVISIONS, before)

    def _flush(self) -> None:
        for label, texts in self.loose.items():
            self.parts.extend(label, "".join(texts))
        self.loose = {}

    def _attributes(self, local: str, attrib: dict[str, str], label: str) -> None:
        if local in self.all_attributes_of or "*" in self.all_attributes_of:
            for name, value in attrib.items():
                if not name.startswith("{http://www.w3.org/") and _local(name) != "about":
                    self.parts.add(label, value)
            return
        for name, value in attrib.items():
            key = (local, name)
            taken = _ATTRIBUTE_LABELS.get(key, False)
            if taken is False:
                attr = _local(name)
                found = TEXT_ATTRIBUTES.get(attr, ELEMENT_ATTRIBUTES.get((local, attr), False))
                taken = None if found is False else found or ""
                if len(_ATTRIBUTE_LABELS) < CACHED_NAMES:
                    _ATTRIBUTE_LABELS[key] = taken
            if taken is not None:
                self.parts.add(taken or label, value)


def parse_xml(stream: io.IOBase | bytes, target: object, budget: Budget) -> None:
    """Feed an XML part to `target` in chunks, counting its bytes against the budget. Malformed
    XML is read as far as libxml2 can recover it."""
    parser = etree.XMLParser(
        target=target,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
    )
    if isinstance(stream, bytes):
        stream = io.BytesIO(stream)
    try:
        first = True
        while chunk := stream.read(CHUNK):
            budget.take(len(chunk))
            if first and b"<!DOCTYPE" in chunk:
                # no Office part declares entities: read the declarations as text, expand none
                rest = stream.read(budget.left + 1)
                budget.take(len(rest))
                _declared_text(chunk + rest, target)
                return
            first = False
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError:
        return


def _declared_text(data: bytes, target: object) -> None:
    """An XML part with a document type declaration, as text: what is between and inside the
    declarations (entity values included), no entity expanded."""
    text = data.decode("utf-8", "replace")
    decoded = re.sub(r"<!ENTITY\s+\S+\s+[\"']([^\"']*)[\"']\s*>", r"\n\1\n", text)
    decoded = re.sub(r"<[^<>]*>", "\n", decoded)
    parts = getattr(target, "parts", None)
    if isinstance(parts, Parts):
        parts.extend(OTHER_PARTS, decoded)


def xml_text(data: bytes, label: str, budget: Budget, all_attributes: bool = False) -> Parts:
    """The text of one XML document (an XMP packet: `all_attributes`, since XMP writes its
    values as attributes of rdf:Description)."""
    parts = Parts()
    target = XmlText(parts, label, frozenset({"Description"}) if all_attributes else frozenset())
    parse_xml(data, target, budget)
    return parts


# --- spreadsheets (SpreadsheetML) ---------------------------------------------------------------


class _SharedStrings:
    """xl/sharedStrings.xml: the text of each string item, rich-text runs joined."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._current: list[str] | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if _local(tag) == "si":
            self._current = []

    def end(self, tag: str) -> None:
        if _local(tag) == "si" and self._current is not None:
            self.items.append("".join(self._current))
            self._current = None

    def data(self, text: str) -> None:
        if self._current is not None:
            self._current.append(text)

    def close(self) -> None:
        pass


class _Workbook:
    """xl/workbook.xml: sheet names, states and relationship ids; defined names."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.sheets: list[tuple[str, str, str]] = []  # name, state, r:id
        self._name: str | None = None
        self._text: list[str] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = _local(tag)
        if local == "sheet":
            rid = next((v for k, v in attrib.items() if _local(k) == "id"), "")
            self.sheets.append((attrib.get("name", ""), attrib.get("state", "visible"), rid))
            self.parts.add(SHEET_NAMES, attrib.get("name", ""))
        elif local == "definedName":
            self._name = attrib.get("name", "")
            self._text = []

    def end(self, tag: str) -> None:
        if _local(tag) == "definedName" and self._name is not None:
            self.parts.add(DEFINED_NAMES, f"{self._name} {''.join(self._text)}")
            self._name = None

    def data(self, text: str) -> None:
        if self._name is not None:
            self._text.append(text)

    def close(self) -> None:
        pass


class _Worksheet(XmlText):
    """A worksheet: each row one line of its cells' values (shared strings resolved), each
    formula one line of 公式; everything else of the sheet (header and footer, validation
    prompts, hyperlinks) as in any XML part."""

    def __init__(self, parts: Parts, label: str, shared: list[str], used: set[int]) -> None:
        super().__init__(parts, label)
        self.shared = shared
        self.used = used
        self.row: list[str] | None = None
        self.cell: dict[str, object] | None = None
        self.field: str | None = None
        self.label = label

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = _local(tag)
        if local == "row":
            self.row = []
        elif local == "c" and self.row is not None:
            self.cell = {"t": attrib.get("t", "n"), "v": [], "f": [], "is": []}
        elif self.cell is not None and local in ("v", "f", "t"):
            self.field = "is" if local == "t" else local
        elif self.cell is None:
            super().start(tag, attrib)
            if (
                local in ("oddHeader", "evenHeader", "firstHeader", "oddFooter", "evenFooter")
                or local == "firstFooter"
            ):
                self.labels[-1] = HEADERS
            elif local in ("formula1", "formula2"):
                self.labels[-1] = VALIDATION

    def end(self, tag: str) -> None:
        local = _local(tag)
        if local == "row" and self.row is not None:
            self.parts.add(self.label, "\t".join(self.row).rstrip("\t"))
            self.row = None
        elif local == "c" and self.cell is not None:
            self.row.append(self._value(self.cell))
            self.cell = None
        elif self.cell is not None:
            self.field = None
        else:
            super().end(tag)

    def data(self, text: str) -> None:
        if self.cell is not None:
            if self.field:
                self.cell[self.field].append(text)
        elif self.row is None:
            super().data(text)

    def _value(self, cell: dict) -> str:
        value = "".join(cell["v"])
        formula = "".join(cell["f"])
        if formula:
            self.parts.add(FORMULAS, "=" + formula)
        if cell["t"] == "s":
            try:
                index = int(value)
                self.used.add(index)
                return self.shared[index]
            except (ValueError, IndexError):
                return value
        if cell["t"] == "inlineStr":
            return "".join(cell["is"])
        return value


def _rels_targets(data: bytes, base: str, budget: Budget) -> dict[str, str]:
    """Relationship id -> package path of a .rels part."""
    targets: dict[str, str] = {}

    class _Rels:
        def start(self, tag: str, attrib: dict[str, str]) -> None:
            if _local(tag) == "Relationship" and attrib.get("TargetMode") != "External":
                target = attrib.get("Target", "")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else str(PurePosixPath(base) / target)
                )
                parts = []
                for piece in path.split("/"):
                    if piece == "..":
                        if parts:
                            parts.pop()
                    elif piece not in ("", "."):
                        parts.append(piece)
                targets[attrib.get("Id", "")] = "/".join(parts)

        def end(self, tag: str) -> None:
            pass

        def data(self, text: str) -> None:
            pass

        def close(self) -> None:
            pass

    parse_xml(data, _Rels(), budget)
    return targets


class _ExternalLinks:
    """A .rels part: the targets of external relationships (hyperlinks, linked files,
    the template a document was made from)."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and attrib.get("TargetMode") == "External":
            self.parts.add(LINKS, attrib.get("Target", ""))

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


# --- the package --------------------------------------------------------------------------------

_PART_LABELS = (
    (re.compile(r"(^|/)(header|footer)\d*\.xml$", re.I), HEADERS),
    (re.compile(r"(^|/)(foot|end)notes\.xml$", re.I), NOTES),
    (re.compile(r"comment|(^|/)people\.xml$|/persons/", re.I), COMMENTS),
    (re.compile(r"^docProps/|(^|/)meta\.xml$", re.I), PROPERTIES),
    (re.compile(r"^customXml/", re.I), CUSTOM_XML),
    (re.compile(r"notesSlide|notesMaster", re.I), SPEAKER_NOTES),
    (re.compile(r"/glossary/", re.I), BUILDING_BLOCKS),
    (re.compile(r"/charts?/|/diagrams/|/drawings/", re.I), CHARTS),
    (re.compile(r"pivotCache", re.I), PIVOT),
    (re.compile(r"(^|/)(document\d*|slide\d+|content)\.xml$", re.I), BODY),
)
# embedded fonts; OpenDocument's media type
_SKIPPED = re.compile(r"\.(odttf|fntdata|ttf|otf|woff2?|eot)$|^mimetype$", re.I)


def _part_label(name: str) -> str:
    for pattern, label in _PART_LABELS:
        if pattern.search(name):
            return label
    return OTHER_PARTS


def _is_xml(name: str, head: bytes) -> bool:
    if name.lower().endswith((".xml", ".rels", ".vml")):
        return True
    head = head.lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith((b"<?xml", b"<"))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> bytes:
    if info.file_size > budget.left:
        raise TooLarge
    with zf.open(info) as member:
        data = member.read(budget.left + 1)
    budget.take(len(data))
    return data


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it: names written without the UTF-8 flag are in the
    writer's code page (GBK on a Chinese Windows), which zipfile decodes as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    decoded = decode_text(raw)
    return decoded[0] if decoded else info.filename


ReadBytes = Callable[[bytes, str, Budget], "tuple[tuple[tuple[str, str], ...], str | None]"]


def read_package(data: bytes, budget: Budget, read_bytes: ReadBytes) -> Parts:
    """Every part of a zip: an Office Open XML or OpenDocument package (every XML part, the
    pictures' metadata, embedded files), or an archive (every member, as a file of its own).
    `read_bytes(data, name, budget)` reads a member that is not XML: (parts, problem)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ValueError("not a zip") from e
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise TooLarge
        if sum(i.file_size for i in infos) > budget.left:  # declared sizes: a bomb says so
            raise TooLarge
        names = {i.filename for i in infos}
        parts = Parts()
        if "[Content_Types].xml" in names or ("mimetype" in names and "content.xml" in names):
            _read_office(zf, infos, names, parts, budget, read_bytes)
        else:
            _read_archive(zf, infos, parts, budget, read_bytes)
        return parts


def _read_archive(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    parts: Parts,
    budget: Budget,
    read_bytes: ReadBytes,
) -> None:
    for info in infos:
        name = _member_name(info)
        parts.add(ARCHIVE_MEMBERS, name)
        try:
            data = _read_member(zf, info, budget)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
            continue  # an encrypted or damaged member: its name is all there is
        found, _ = read_bytes(data, name, budget)
        for _, text in found:
            parts.extend(ARCHIVE_MEMBERS, text)


def _read_office(
    zf: zipfile.ZipFile,
    infos: list[zipfile.ZipInfo],
    names: set[str],
    parts: Parts,
    budget: Budget,
    read_bytes: ReadBytes,
) -> None:
    by_name = {i.filename: i for i in infos}
    done: set[str] = set()
    # a workbook first: its shared strings and which sheets are hidden
    shared: list[str] = []
    used: set[int] = set()
    hidden: set[str] = set()
    if "xl/workbook.xml" in names:
        workbook = _Workbook(parts)
        parse_xml(_read_member(zf, by_name["xl/workbook.xml"], budget), workbook, budget)
        done.add("xl/workbook.xml")
        rels = "xl/_rels/workbook.xml.rels"
        targets = (
            _rels_targets(_read_member(zf, by_name[rels], budget), "xl", budget)
            if rels in names
            else {}
        )
        for _, state, rid in workbook.sheets:
            if state != "visible" and rid in targets:
                hidden.add(targets[rid])
        for name in names:
            if re.search(r"(^|/)sharedStrings\d*\.xml$", name, re.I):
                table = _SharedStrings()
                parse_xml(_read_member(zf, by_name[name], budget), table, budget)
                shared += table.items
                done.add(name)
    for info in infos:
        name = info.filename
        if name in done or _SKIPPED.search(name):
            continue
        try:
            _read_office_member(zf, info, hidden, shared, used, parts, budget, read_bytes)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
            continue  # a damaged or encrypted member; the rest is read
    for index, text in enumerate(shared):  # strings no cell shows any more
        if index not in used:
            parts.add(SHARED_STRINGS, text)


def _read_office_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    hidden: set[str],
    shared: list[str],
    used: set[int],
    parts: Parts,
    budget: Budget,
    read_bytes: ReadBytes,
) -> None:
    name = info.filename
    with zf.open(info) as member:
        head = member.read(64)
    if _is_xml(name, head):
        if info.file_size > budget.left:
            raise TooLarge
        with zf.open(info) as member:
            if name.endswith(".rels"):
                parse_xml(member, _ExternalLinks(parts), budget)
            elif re.search(r"^xl/(worksheets|dialogsheets|macrosheets)/", name):
                label = HIDDEN_SHEET if name in hidden else BODY
                parse_xml(member, _Worksheet(parts, label, shared, used), budget)
            elif name.startswith("customXml/"):  # any data, as elements or attributes
                parse_xml(member, XmlText(parts, CUSTOM_XML, frozenset("*")), budget)
            else:
                parse_xml(member, XmlText(parts, _part_label(name)), budget)
        return
    data = _read_member(zf, info, budget)
    found, _ = read_bytes(data, name, budget)
    label = IMAGE_METADATA if re.search(r"(^|/)(media|Pictures)/", name) else EMBEDDED
    if "thumbnail" in name.lower():
        label = IMAGE_METADATA
    for _, text in found:
        parts.extend(label, text)
