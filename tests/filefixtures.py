"""Small builders of office, PDF, picture and OLE files with text planted in one chosen part.

Where a library writes the part (python-docx, openpyxl, pypdf's writer, Pillow) it is used; the
parts no library writes (text boxes, comments, tracked changes, content controls, custom
properties, field codes, alternative text …) are written as raw Office Open XML, and OLE
binaries (.doc, .xls, .wps, .et) by a minimal Compound File writer. Everything is made in memory.
"""

from __future__ import annotations

import io
import struct
import uuid
import zipfile
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
V = "urn:schemas-microsoft-com:vml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORE_NS = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
)


def _zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return out.getvalue()


def _rels(*rels: tuple[str, str, str] | tuple[str, str, str, str]) -> str:
    items = []
    for rid, kind, target, *mode in rels:
        extra = f' TargetMode="{mode[0]}"' if mode else ""
        items.append(
            f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target={quoteattr(target)}{extra}/>'
        )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PR}">{"".join(items)}</Relationships>'


def _content_types(overrides: dict[str, str]) -> str:
    items = "".join(
        f'<Override PartName="/{name}" ContentType="{kind}"/>' for name, kind in overrides.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f"{items}</Types>"
    )


def core_xml(**props: str) -> str:
    """docProps/core.xml with dc:title, dc:creator, cp:lastModifiedBy, dc:description …"""
    prefix = {"lastModifiedBy": "cp", "keywords": "cp", "category": "cp"}
    body = "".join(
        f"<{prefix.get(k, 'dc')}:{k}>{escape(v)}</{prefix.get(k, 'dc')}:{k}>"
        for k, v in props.items()
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties {CORE_NS}>{body}</cp:coreProperties>'


def app_xml(**props: str) -> str:
    """docProps/app.xml with Company, Manager …"""
    body = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in props.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/extended-properties">{body}</Properties>'
    )


def custom_xml(**props: str) -> str:
    """docProps/custom.xml: user-defined document properties (name, text value)."""
    body = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name={quoteattr(k)}>'
        f"<vt:lpwstr>{escape(v)}</vt:lpwstr></property>"
        for i, (k, v) in enumerate(props.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/'
        'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/docPropsVTypes">{body}</Properties>'
    )


# --- Word ---------------------------------------------------------------------------------------


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str) -> str:
    """A paragraph of runs (plain strings become runs)."""
    return "<w:p>" + "".join(r if r.startswith("<") else run(r) for r in runs) + "</w:p>"


def inserted(text: str, author: str = "审核人") -> str:
    return f'<w:ins w:id="1" w:author="{author}" w:date="2025-03-01T00:00:00Z">{run(text)}</w:ins>'


def deleted(text: str, author: str = "审核人") -> str:
    return (
        f'<w:del w:id="2" w:author="{author}" w:date="2025-03-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'
    )


def text_box(text: str) -> str:
    """A floating text box (a DrawingML shape, and its VML fallback, as Word writes it)."""
    inner = f"<w:txbxContent>{para(text)}</w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        '<wp:docPr id="3" name="文本框 1"/><a:graphic><a:graphicData>'
        f"<wps:wsp><wps:txbx>{inner}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


def content_control(alias: str, tag: str, text: str) -> str:
    return (
        f"<w:sdt><w:sdtPr><w:alias w:val={quoteattr(alias)}/><w:tag w:val={quoteattr(tag)}/>"
        f"</w:sdtPr><w:sdtContent>{para(text)}</w:sdtContent></w:sdt>"
    )


def field_code(instruction: str, result: str) -> str:
    """A complex field: its code (what Alt+F9 shows) and its result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def picture_alt(descr: str, title: str = "") -> str:
    """An inline picture's alternative text (wp:docPr descr and title)."""
    return (
        '<w:r><w:drawing><wp:inline><wp:docPr id="5" name="图片 1" '
        f"descr={quoteattr(descr)} title={quoteattr(title)}/></wp:inline></w:drawing></w:r>"
    )


def _story(root: str, item: str, text: str) -> str:
    """footnotes.xml, endnotes.xml, comments.xml: one item with one paragraph."""
    attrs = ' w:author="审核人" w:initials="SH"' if item == "comment" else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W}">'
        f'<w:{item} w:id="1"{attrs}>{para(text)}</w:{item}></w:{root}>'
    )


def docx(
    *body: str,
    header: str = "",
    footer: str = "",
    comment: str = "",
    footnote: str = "",
    endnote: str = "",
    core: dict[str, str] | None = None,
    app: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
    settings: str = "",
    extra: dict[str, str | bytes] | None = None,
    links: tuple[str, ...] = (),
) -> bytes:
    """A .docx whose body is `body` (paragraph XML or plain strings, one paragraph each), with
    the optional parts holding the given text."""
    paragraphs = "".join(b if b.startswith("<") else para(b) for b in body)
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" '
        f'xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:wps="{WPS}" xmlns:mc="{MC}" '
        f'xmlns:v="{V}"><w:body>{paragraphs}<w:sectPr/></w:body></w:document>'
    )
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    files: dict[str, str | bytes] = {"word/document.xml": document}
    overrides = {"word/document.xml": f"{main}.document.main+xml"}
    rels: list[tuple[str, ...]] = []
    for name, text, kind, story in (
        ("header1.xml", header, "header", ("hdr", "")),
        ("footer1.xml", footer, "footer", ("ftr", "")),
        ("comments.xml", comment, "comments", ("comments", "comment")),
        ("footnotes.xml", footnote, "footnotes", ("footnotes", "footnote")),
        ("endnotes.xml", endnote, "endnotes", ("endnotes", "endnote")),
    ):
        if not text:
            continue
        if story[1]:
            files[f"word/{name}"] = _story(story[0], story[1], text)
        else:
            files[f"word/{name}"] = (
                f'<?xml version="1.0" encoding="UTF-8"?><w:{story[0]} xmlns:w="{W}">'
                f"{para(text)}</w:{story[0]}>"
            )
        overrides[f"word/{name}"] = f"{main}.{kind}+xml"
        rels.append((f"rId{len(rels) + 10}", kind, name))
    if settings:
        files["word/settings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W}">{settings}</w:settings>'
        )
        rels.append(("rId30", "settings", "settings.xml"))
    for i, target in enumerate(links):
        rels.append((f"rId{40 + i}", "hyperlink", target, "External"))
    files["word/_rels/document.xml.rels"] = _rels(*rels)
    package_rels = [("rId1", "officeDocument", "word/document.xml")]
    for part, content in (("core", core), ("app", app), ("custom", custom)):
        if content:
            files[f"docProps/{part}.xml"] = {
                "core": core_xml,
                "app": app_xml,
                "custom": custom_xml,
            }[part](**content)
            package_rels.append(
                (f"rId{len(package_rels) + 1}", f"{part}-properties", f"docProps/{part}.xml")
            )
    files.update(extra or {})
    files["_rels/.rels"] = _rels(*package_rels)
    return _zip({"[Content_Types].xml": _content_types(overrides), **files})


def python_docx(
    *paragraphs: str,
    table: list[list[str]] | None = None,
    more: int = 0,
    picture: bytes = b"",
) -> bytes:
    """An ordinary .docx as python-docx writes it (paragraphs, a table, `more` numbered
    paragraphs of ordinary text, a picture)."""
    import docx as python_docx_module

    document = python_docx_module.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.rows[r].cells[c].text = value
    if picture:
        document.add_picture(io.BytesIO(picture))
    if more:
        for n in range(1, more + 1):
            document.add_paragraph(
                f"第{n}段：为做好社会救助政策宣传工作，现将有关事项通知如下，请各单位结合实际认真"
                f"贯彻落实。本段编号{n:06d}，经办人编号{(n * 7919) % 100000:05d}。"
            )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Excel --------------------------------------------------------------------------------------


def _cell(ref: str, value: object, formula: str = "") -> str:
    f = f"<f>{escape(formula)}</f>" if formula else ""
    if isinstance(value, str):
        kind = "str" if formula else "inlineStr"
        if formula:
            return f'<c r="{ref}" t="str">{f}<v>{escape(value)}</v></c>'
        return f'<c r="{ref}" t="{kind}"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}">{f}<v>{value}</v></c>'


def xlsx(
    sheets: list[tuple[str, list[list[object]], str]],
    *,
    formulas: dict[str, tuple[str, object]] | None = None,
    defined_names: dict[str, str] | None = None,
    comment: str = "",
    core: dict[str, str] | None = None,
    custom: dict[str, str] | None = None,
    shared: list[str] | None = None,
) -> bytes:
    """A raw .xlsx: `sheets` is (name, rows, state) with state visible/hidden/veryHidden;
    `formulas` puts a formula with its cached value in cells of the first sheet ({"C1":
    ("CONCAT(A1,B1)", "cached")}); `shared` adds shared strings no cell uses."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files: dict[str, str | bytes] = {}
    overrides = {"xl/workbook.xml": f"{main}.sheet.main+xml"}
    sheet_items, wb_rels = [], []
    for i, (name, rows, state) in enumerate(sheets, start=1):
        cells = []
        for r, row in enumerate(rows, start=1):
            refs = "".join(_cell(f"{chr(64 + c)}{r}", v) for c, v in enumerate(row, start=1))
            if i == 1 and formulas:
                refs += "".join(
                    _cell(ref, value, formula)
                    for ref, (formula, value) in formulas.items()
                    if ref.endswith(str(r)) and ref[1:] == str(r)
                )
            cells.append(f'<row r="{r}">{refs}</row>')
        files[f"xl/worksheets/sheet{i}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S}">'
            f"<sheetData>{''.join(cells)}</sheetData></worksheet>"
        )
        overrides[f"xl/worksheets/sheet{i}.xml"] = f"{main}.worksheet+xml"
        state_attr = "" if state == "visible" else f' state="{state}"'
        sheet_items.append(
            f'<sheet name={quoteattr(name)} sheetId="{i}"{state_attr} r:id="rId{i}"/>'
        )
        wb_rels.append((f"rId{i}", "worksheet", f"worksheets/sheet{i}.xml"))
    names = "".join(
        f"<definedName name={quoteattr(k)}>{escape(v)}</definedName>"
        for k, v in (defined_names or {}).items()
    )
    files["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{S}" xmlns:r="{R}">'
        f"<sheets>{''.join(sheet_items)}</sheets>"
        + (f"<definedNames>{names}</definedNames>" if names else "")
        + "</workbook>"
    )
    if shared:
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
        files["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{S}" count="{len(shared)}">'
            f"{items}</sst>"
        )
        wb_rels.append(("rId90", "sharedStrings", "sharedStrings.xml"))
    if comment:
        files["xl/comments1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><comments xmlns="{S}"><authors><author>审核人'
            f'</author></authors><commentList><comment ref="A1" authorId="0"><text><r><t>'
            f"{escape(comment)}</t></r></text></comment></commentList></comments>"
        )
        files["xl/worksheets/_rels/sheet1.xml.rels"] = _rels(
            ("rId1", "comments", "../comments1.xml")
        )
    files["xl/_rels/workbook.xml.rels"] = _rels(*wb_rels)
    package_rels = [("rId1", "officeDocument", "xl/workbook.xml")]
    if core:
        files["docProps/core.xml"] = core_xml(**core)
        package_rels.append(("rId2", "core-properties", "docProps/core.xml"))
    if custom:
        files["docProps/custom.xml"] = custom_xml(**custom)
        package_rels.append(("rId3", "custom-properties", "docProps/custom.xml"))
    files["_rels/.rels"] = _rels(*package_rels)
    return _zip({"[Content_Types].xml": _content_types(overrides), **files})


def openpyxl_xlsx(rows: list[list[object]], *, hidden: list[list[object]] | None = None) -> bytes:
    """An ordinary .xlsx as openpyxl writes it (shared strings), optionally with a hidden sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if hidden is not None:
        sheet = book.create_sheet("内部")
        sheet.sheet_state = "hidden"
        for row in hidden:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PowerPoint ---------------------------------------------------------------------------------


def pptx(slide_text: str, notes: str = "") -> bytes:
    """A raw .pptx with one slide (and its speaker notes)."""
    main = "application/vnd.openxmlformats-officedocument.presentationml"

    def shapes(text: str) -> str:
        return (
            f'<p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="标题"/></p:nvSpPr>'
            f"<p:txBody><a:p><a:r><a:t>{escape(text)}</a:t></a:r></a:p></p:txBody></p:sp>"
            "</p:spTree></p:cSld>"
        )

    files: dict[str, str | bytes] = {
        "ppt/presentation.xml": f'<p:presentation xmlns:p="{P}" xmlns:r="{R}"/>',
        "ppt/slides/slide1.xml": f'<p:sld xmlns:p="{P}" xmlns:a="{A}">{shapes(slide_text)}</p:sld>',
        "_rels/.rels": _rels(("rId1", "officeDocument", "ppt/presentation.xml")),
    }
    if notes:
        files["ppt/notesSlides/notesSlide1.xml"] = (
            f'<p:notes xmlns:p="{P}" xmlns:a="{A}">{shapes(notes)}</p:notes>'
        )
    overrides = {"ppt/presentation.xml": f"{main}.presentation.main+xml"}
    return _zip({"[Content_Types].xml": _content_types(overrides), **files})


def odt(text: str, annotation: str = "") -> bytes:
    """A minimal OpenDocument text (WPS and LibreOffice save these too)."""
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    textns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    dc = "http://purl.org/dc/elements/1.1/"
    note = (
        f"<office:annotation><dc:creator>审核人</dc:creator><text:p>{escape(annotation)}</text:p>"
        "</office:annotation>"
        if annotation
        else ""
    )
    content = (
        f'<office:document-content xmlns:office="{office}" xmlns:text="{textns}" xmlns:dc="{dc}">'
        f"<office:body><office:text><text:p>{escape(text)}{note}</text:p></office:text>"
        "</office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------


def pdf(
    page_text: str = "",
    *,
    pages: int = 1,
    info: dict[str, str] | None = None,
    xmp: str = "",
    annotation: str = "",
    field: tuple[str, str] | None = None,
    bookmark: str = "",
    attachment: tuple[str, bytes] | None = None,
) -> bytes:
    """A PDF written by pypdf: `page_text` on each page (Chinese through a UniGB-UCS2 font),
    and the optional document information, XMP packet, text annotation, form field (name,
    value), bookmark and embedded file."""
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    writer = PdfWriter()
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): NameObject("/STSong-Light"),
                NameObject("/Encoding"): NameObject("/UniGB-UCS2-H"),
                NameObject("/DescendantFonts"): ArrayObject(
                    [
                        writer._add_object(
                            DictionaryObject(
                                {
                                    NameObject("/Type"): NameObject("/Font"),
                                    NameObject("/Subtype"): NameObject("/CIDFontType0"),
                                    NameObject("/BaseFont"): NameObject("/STSong-Light"),
                                    NameObject("/CIDSystemInfo"): DictionaryObject(
                                        {
                                            NameObject("/Registry"): TextStringObject("Adobe"),
                                            NameObject("/Ordering"): TextStringObject("GB1"),
                                            NameObject("/Supplement"): NumberObject(2),
                                        }
                                    ),
                                }
                            )
                        )
                    ]
                ),
            }
        )
    )
    for n in range(pages):
        page = writer.add_blank_page(595, 842)
        lines = [page_text, f"第{n + 1}页"] if page_text else []  # none: a scanned page
        ops = ["BT", "/F1 12 Tf", "14 TL", "50 800 Td"]
        for line in lines:
            ops.append(f"<{line.encode('utf-16-be').hex()}> Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("ascii"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    if info:
        writer.add_metadata({f"/{k}": v for k, v in info.items()})
    if xmp:
        packet = DecodedStreamObject()
        packet.set_data(xmp_packet(xmp).encode("utf-8"))
        packet[NameObject("/Type")] = NameObject("/Metadata")
        packet[NameObject("/Subtype")] = NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(packet)
    if annotation:
        from pypdf.annotations import Text

        writer.add_annotation(0, Text(rect=(50, 550, 200, 650), text=annotation))
    if field:
        name, value = field
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Tx"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/V"): TextStringObject(value),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, 400, 300, 420)]),
            }
        )
        ref = writer._add_object(widget)
        annots = writer.pages[0].get("/Annots")
        annots = annots.get_object() if annots is not None else ArrayObject()
        annots.append(ref)
        writer.pages[0][NameObject("/Annots")] = annots
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject([ref])}
        )
    if bookmark:
        writer.add_outline_item(title=bookmark, page_number=0)
    if attachment:
        writer.add_attachment(*attachment)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xmp_packet(description: str) -> str:
    """An XMP packet whose dc:description holds `description`, and an attribute-style value."""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="WPS 文字">'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(description)}</rdf:li>'
        "</rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    )


# --- pictures -----------------------------------------------------------------------------------


def png(text: dict[str, str] | None = None, *, itxt: dict[str, str] | None = None) -> bytes:
    """A PNG with tEXt/zTXt (Latin-1 by the standard, UTF-8 bytes by habit) and iTXt chunks."""
    from PIL import Image, PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    for i, (key, value) in enumerate((text or {}).items()):
        raw = value.encode("utf-8").decode("latin-1")  # what Chinese software writes
        meta.add_text(key, raw, zip=bool(i % 2))
    for key, value in (itxt or {}).items():
        meta.add_itxt(key, value, lang="zh", tkey=key)
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG", pnginfo=meta)
    return out.getvalue()


def jpeg(
    *,
    description: bytes = b"",
    xp_comment: str = "",
    user_comment: str = "",
    comment: bytes = b"",
    xmp: str = "",
) -> bytes:
    """A JPEG with EXIF (ImageDescription as raw bytes, XPComment in UTF-16, UserComment in
    UNICODE), a COM comment and an XMP packet."""
    from PIL import Image

    exif = Image.Exif()
    if description:
        exif[0x010E] = description
    if xp_comment:
        exif[0x9C9C] = xp_comment.encode("utf-16-le") + b"\x00\x00"
    if user_comment:
        exif.get_ifd(0x8769)[0x9286] = b"UNICODE\x00" + user_comment.encode("utf-16-le")
    out = io.BytesIO()
    kwargs: dict[str, object] = {"exif": exif}
    if comment:
        kwargs["comment"] = comment
    if xmp:
        kwargs["xmp"] = xmp_packet(xmp).encode("utf-8")
    Image.new("RGB", (4, 4), "white").save(out, "JPEG", **kwargs)
    return out.getvalue()


def gif(comment: bytes) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF", comment=comment)
    return out.getvalue()


# --- OLE (Compound File Binary) -----------------------------------------------------------------

_END, _FREE, _FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
_SUMMARY_FMTID = uuid.UUID("F29F85E0-4FF9-1068-AB91-08002B27B3D9")


def summary_information(codepage: int = 936, **props: str) -> bytes:
    """A \\x05SummaryInformation property set: title (2), subject (3), author (4), keywords (5),
    comments (6), last_saved_by (8), as VT_LPSTR in `codepage`."""
    ids = {"title": 2, "subject": 3, "author": 4, "keywords": 5, "comments": 6, "last_saved_by": 8}
    values = [(1, struct.pack("<HHh2x", 2, 0, codepage if codepage < 32768 else codepage - 65536))]
    for key, value in props.items():
        raw = value.encode(f"cp{codepage}") + b"\x00"
        raw += b"\x00" * (-len(raw) % 4)
        values.append((ids[key], struct.pack("<HHI", 0x1E, 0, len(raw)) + raw))
    offset = 8 + 8 * len(values)
    table, body = b"", b""
    for pid, value in values:
        table += struct.pack("<II", pid, offset + len(body))
        body += value
    section = struct.pack("<II", 8 + len(table) + len(body), len(values)) + table + body
    header = struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\x00" * 16, 1)
    header += _SUMMARY_FMTID.bytes_le + struct.pack("<I", 48)
    return header + section


def ole(streams: dict[str, bytes]) -> bytes:
    """A Compound File (version 3, 512-byte sectors) holding `streams` at its root. Each stream
    is padded to 4096 bytes so that no mini stream is needed."""
    sector = 512
    names = list(streams)
    datas = [streams[n] + b"\x00" * max(0, 4096 - len(streams[n])) for n in names]
    datas = [d + b"\x00" * (-len(d) % sector) for d in datas]
    entries = 1 + len(names)
    dir_sectors = (entries * 128 + sector - 1) // sector
    data_sectors = sum(len(d) // sector for d in datas)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    fat = [_FATSECT] * fat_sectors
    first_dir = len(fat)
    fat += [first_dir + i + 1 for i in range(dir_sectors - 1)] + [_END]
    starts = []
    for d in datas:
        n = len(d) // sector
        start = len(fat)
        starts.append(start)
        fat += [start + i + 1 for i in range(n - 1)] + [_END]
    fat += [_FREE] * (fat_sectors * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", _FREE, right, child)
            + b"\x00" * 16
            + struct.pack("<I", 0)
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = entry("Root Entry", 5, 1 if names else _FREE, _FREE, _END, 0)
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else _FREE
        directory += entry(
            name,
            2,
            _FREE,
            right,
            starts[i],
            len(streams[name]) if len(streams[name]) >= 4096 else 4096,
        )
    directory = directory.ljust(dir_sectors * sector, b"\x00")
    difat = fat[:0] + list(range(fat_sectors)) + [_FREE] * (109 - fat_sectors)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", *difat)
    )
    body = b"".join(
        struct.pack(f"<{128}I", *fat[i * 128 : (i + 1) * 128]) for i in range(fat_sectors)
    )
    return header + body + directory + b"".join(datas)


def word97(text: str, *, encrypted: bool = False, **props: str) -> bytes:
    """An OLE Word file as Word 97-2003 or WPS saves it: the text in UTF-16 in the WordDocument
    stream (after a FIB whose fEncrypted bit is `encrypted`) and the summary properties."""
    fib = b"\xec\xa5\xc1\x00" + b"\x00" * 7 + (b"\x01" if encrypted else b"\x00")
    streams = {
        "WordDocument": fib + b"\x00" * 500 + text.encode("utf-16-le") + b"\x00" * 16,
        "1Table": b"\x00" * 64,
    }
    if props:
        streams["\x05SummaryInformation"] = summary_information(**props)
    return ole(streams)


def excel97(cells: list[str], **props: str) -> bytes:
    """An OLE Excel file: strings of the shared string table in UTF-16 (as BIFF8 writes
    Chinese) in the Workbook stream, and the summary properties."""
    sst = b"".join(struct.pack("<HB", len(c), 1) + c.encode("utf-16-le") for c in cells)
    streams = {"Workbook": b"\x09\x08\x10\x00" + b"\x00" * 200 + sst}
    if props:
        streams["\x05SummaryInformation"] = summary_information(**props)
    return ole(streams)


def zip_bomb(size: int = 2 << 30) -> bytes:
    """A .docx-looking zip whose one part inflates to `size` bytes of zeros (a few MB on disk,
    written in chunks)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _content_types({}))
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>')
            chunk = b"0" * (1 << 24)
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def mht(html: str, *, encoding: str = "base64", charset: str = "gb2312") -> bytes:
    """A web archive as Word saves "单个文件网页" (.mht): the page in base64 or
    quoted-printable, in the given charset, and a picture."""
    import base64
    import quopri

    body = html.encode(charset)
    payload = (
        base64.encodebytes(body) if encoding == "base64" else quopri.encodestring(body)
    ).decode("ascii")
    picture = base64.encodebytes(png({"Comment": "图片"})).decode("ascii")
    return (
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n'
        "------=_NextPart_01\r\n"
        "Content-Location: tongzhi.htm\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n"
        f'Content-Type: text/html; charset="{charset}"\r\n\r\n'
        f"{payload}\r\n"
        "------=_NextPart_01\r\n"
        "Content-Location: tongzhi.files/image001.png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Type: image/png\r\n\r\n"
        f"{picture}\r\n"
        "------=_NextPart_01--\r\n"
    ).encode("ascii")
