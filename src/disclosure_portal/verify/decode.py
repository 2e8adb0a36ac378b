"""Output files as a reader or a crawler gets them: gunzipped, in whatever text encoding they
are (UTF-8, GBK/GB18030, UTF-16 …), JSON strings, entities, %-escapes and base64 `data:` URIs
decoded, HTML with and without its tags; PDF, office files, archives and pictures through the
reader of attachments (read/attachments.py: every part, metadata included), so the second wall
sees what the first wall sees. The leak check's scan searches these forms."""

from __future__ import annotations

import base64
import binascii
import contextlib
import gzip
import html
import json
import re
from collections.abc import Iterable
from urllib.parse import unquote

from disclosure_portal.model.textform import drop_unseen
from disclosure_portal.read.attachments import file_format, read_bytes
from disclosure_portal.read.encodings import decode_text

_JSON_ESCAPE_RE = re.compile(r"\\u([0-9a-fA-F]{4})|\\([\"\\/bfnrt])")
# a tag as browsers parse it: `<` then a letter, `/`, `!` or `?` (`<秘密>` is text on the page)
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]*>")
_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.DOTALL)
_DATA_URI_RE = re.compile(r"data:[\w/+.-]*(?:;[\w=.-]+)*;base64,([A-Za-z0-9+/=\s]{8,})")
_PCT_RE = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_PAGEFIND_SIGNATURE = b"pagefind_dcd"


def _json_unescape(text: str) -> str:
    def repl(m: re.Match) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        return {"b": "", "f": "", "n": "\n", "r": "", "t": "\t"}.get(m.group(2), m.group(2))

    return _JSON_ESCAPE_RE.sub(repl, text)


def _url_unescape(text: str) -> str:
    return _PCT_RE.sub(lambda m: unquote(m.group(0)), text)


def _json_strings(value: object, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            out.append(key)
            _json_strings(item, out)
    elif isinstance(value, list):
        for item in value:
            _json_strings(item, out)


def decoded_text(data: bytes, name: str = "") -> str:
    """An output file (named `name`, for its kind) as a reader would see it: gunzipped, decoded
    from its text encoding, JSON strings, entities and %-escapes decoded (repeatedly, for nested
    encodings); a PDF, office file, archive or picture as the text of all its parts (and a
    PDF's raw bytes too).

    A fingerprint is plain text, so a match in the raw bytes is also a match in this form.
    """
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            data = gzip.decompress(data)
    if data.startswith(_PAGEFIND_SIGNATURE):  # Pagefind's fragments and index chunks
        data = data[len(_PAGEFIND_SIGNATURE) :]
    if file_format(data) != "text":
        read = read_bytes(data, name)
        if read.text is not None:  # a PDF's bytes are searched as they are too
            raw = data.decode("utf-8", "replace") if data[:8].startswith(b"%PDF") else ""
            return raw + "\n" + read.text
        # not what its first bytes said (an HTML page that starts with "%PDF-" …): text
    decoded = decode_text(data)
    text = decoded[0] if decoded else data.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "[") and "\\" in text:
        parts: list[str] = []
        try:
            _json_strings(json.loads(text), parts)
            text = "\n".join(parts)
        except ValueError:
            pass
    if "base64," in text:  # text inside data: URIs (an image's alt text is elsewhere)
        text += "\n" + "\n".join(_data_uri_texts(text))
    for _ in range(3):
        decoded = text
        if "&" in decoded:
            decoded = html.unescape(decoded)
        if "%" in decoded:
            decoded = _url_unescape(decoded)
        if "\\u" in decoded or "\\/" in decoded:
            decoded = _json_unescape(decoded)
        if decoded == text:
            break
        text = decoded
    return text


def _data_uri_texts(text: str) -> Iterable[str]:
    for m in _DATA_URI_RE.finditer(text):
        try:
            payload = base64.b64decode("".join(m.group(1).split()), validate=False)
        except (ValueError, binascii.Error):
            continue
        if payload[:2] == b"\x1f\x8b":
            with contextlib.suppress(OSError, EOFError):
                payload = gzip.decompress(payload)
        if file_format(payload) != "text":  # a picture or a document inlined
            yield read_bytes(payload).text or ""
            continue
        decoded = decode_text(payload)
        yield decoded[0] if decoded else payload.decode("utf-8", errors="replace")


def html_text(markup: str) -> str:
    """The text of HTML as a browser shows it, tags removed (`<秘密>` is text, not a tag), so that
    a title split by <em>…</em> is still a title; comments keep their text. Ruby annotations and
    elements hidden by style are left out (drop_unseen): a copy interleaved with them reads as a
    copy (the markup as served, with them, is searched as well)."""
    markup = drop_unseen(markup)
    markup = _COMMENT_RE.sub(lambda m: " " + m.group(1) + " ", markup)
    return _TAG_RE.sub("", markup)


def html_forms(markup: str) -> str:
    """What of an HTML text a reader or a crawler can get: the markup as served and its text
    without tags (what the scan searches)."""
    return markup + "\n" + html_text(markup)
