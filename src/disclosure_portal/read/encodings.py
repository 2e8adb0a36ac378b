"""The one decoder of text bytes: the encodings an office uses (UTF-8, UTF-16, GB18030 which
covers GBK and GB2312; Big5 for traditional-character files), each tried strictly.

A wrong guess is worse than none: bytes of one encoding read as another give plausible-looking
Han characters that hide a copy of a withheld text and the digits of a personal number. So a
legacy encoding is accepted only when the text it gives reads like text of that encoding: no
control or private-use characters, and the Han characters nearly all among the common ones of
that encoding (GB2312 for GB18030, Big5's level 1 for Big5). Big5 or Latin-1 bytes read as
GB18030 give mostly rare characters, kana and symbols, and are refused (None: unreadable).
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from functools import cache

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_UTF32_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"))
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# control characters other than tab, line feed, form feed, carriage return and the DOS end of file
# (^Z), and private use
_BAD_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
SAMPLE = 1 << 14  # non-ASCII characters judged for plausibility
_GBK_AS_UTF8_RE = re.compile(r"[\u0080-\u07ff]")  # what UTF-8 writes in two bytes
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WIDE_RE = re.compile(r"[^\x00-\x7f\s]")
MAX_INVALID_UTF8 = 0.002  # UTF-8 with a few stray bytes (a paste from a GBK file) is UTF-8
COMMON_SHARE = 0.9  # of the Han characters, at least this share must be common ones


@cache
def _common(encoding: str) -> frozenset[str]:
    """The common characters of a legacy encoding: GB2312's rows (symbols and both levels of
    hanzi), Big5's level-1 hanzi and symbols."""
    chars: set[str] = set()
    if encoding == "gb18030":
        # GB2312's rows as GB18030 decodes them (gb2312 maps a few symbols differently)
        leads, trails = range(0xA1, 0xF8), range(0xA1, 0xFF)
    else:
        leads, trails = range(0xA1, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes((lead, trail)).decode(encoding))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


def _plausible(text: str, encoding: str | None = None) -> bool:
    """Whether `text` reads like text: no controls, and for a legacy encoding, its non-ASCII
    characters (Han, punctuation, full-width forms) nearly all common ones of it."""
    if _BAD_RE.search(text):
        return False
    if encoding is None:
        return True
    # the first characters beyond ASCII, wherever they are (a long ASCII head tells nothing)
    wide = [m.group(0) for m in itertools.islice(_WIDE_RE.finditer(text), SAMPLE)]
    if not wide:
        return True
    common = _common(encoding)
    ordinary = sum(1 for c in wide if c in common or unicodedata.category(c) == "Zs")
    han = [c for c in wide if _HAN_RE.match(c)]
    common_han = sum(1 for c in han if c in common)
    return ordinary >= COMMON_SHARE * len(wide) and common_han >= COMMON_SHARE * len(han)


def reads_as_text(text: str) -> bool:
    """Whether text decoded from bytes of unsure origin (a run in a binary stream, a metadata
    value) reads as Chinese or ASCII text rather than as a wrong guess."""
    return _plausible(text, "gb18030")


def _utf16_by_nuls(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by where its NUL bytes fall (ASCII characters,
    digits and line breaks have a NUL high byte)."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    least = max(2, len(data) // 64)
    if odd > 4 * even and odd >= least:
        return "utf-16-le"
    if even > 4 * odd and even >= least:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of text bytes in UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or
    told by the pattern of NUL bytes), UTF-32 with a BOM, GB18030 (GBK, GB2312) or Big5; None
    when no candidate decodes them strictly into plausible text (a binary file, Latin-1)."""
    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data[3:], "utf-8")
        return (text, "utf-8-sig") if text is not None and _plausible(text) else None
    for bom, encoding in _UTF32_BOMS:  # before UTF-16: FF FE 00 00 starts with FF FE
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            return (text, encoding) if text is not None and _plausible(text) else None
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            return (text, encoding) if text is not None and _plausible(text) else None
    text = _strict(data, "utf-8")
    if text is not None:  # bytes of other encodings are almost never valid UTF-8 …
        if "\x00" in text:
            return None
        # … except a short GBK text, whose pairs can be UTF-8 letters from Latin-1 to Arabic
        # ("展" is D5 B9, "չ" in UTF-8; "路" is C2 B7, "·"): a text with no Han character is
        # GBK when it reads as GBK with more Han characters than it has Latin letters (so
        # "café" stays UTF-8)
        if _GBK_AS_UTF8_RE.search(text) and not _HAN_RE.search(text):
            legacy = _strict(data, "gb18030")
            if (
                legacy is not None
                and _plausible(legacy, "gb18030")
                and len(_HAN_RE.findall(legacy)) >= len(_LATIN_RE.findall(text))
            ):
                return legacy, "gb18030"
        return text, "utf-8"
    # without a BOM, UTF-16 and the legacy encodings must read as Chinese or ASCII text
    wide = _utf16_by_nuls(data)
    candidates = [wide] if wide else []
    candidates += ["gb18030", "cp950"]
    if not wide and len(data) % 2 == 0:
        # UTF-16 of Han characters only has no NUL byte to tell it by: rare, but a reader
        # opens it
        candidates += ["utf-16-le", "utf-16-be"]
    for encoding in candidates:
        text = _strict(data, encoding)
        common = "cp950" if encoding == "cp950" else "gb18030"
        if text is not None and _plausible(text, common):
            return text, encoding
    # UTF-8 with a few bytes of another encoding pasted in: the text, the stray bytes shown as
    # U+FFFD (visible, never taken for other characters)
    text = data.decode("utf-8", "replace")
    stray = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if "\x00" not in text and stray <= MAX_INVALID_UTF8 * len(text):
        return text, "utf-8（含少量无法解码的字节）"
    return None
