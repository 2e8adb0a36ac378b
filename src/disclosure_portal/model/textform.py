"""THE comparison form of text: one function for leak fingerprints, the public sources they are
compared with, and the built output they are searched in.

Two texts that a reader would take for the same words compare equal in this form, whatever the
writing: Markdown or HTML markup, punctuation and brackets (〔2020〕, [2020], (2020)), spaces and
line breaks, invisible characters (every Default_Ignorable_Code_Point: U+200B that Chinese word
segmentation inserts, U+200E, U+2061, U+FEFF, the soft hyphen, the combining grapheme joiner,
variation selectors, tag characters, the Hangul fillers U+115F/U+1160/U+3164/U+FFA0, the
Mongolian free variation selectors, U+17B4/U+17B5) and combining marks put between characters,
full-width letters and digits, other decimal digits, upper and lower case, the forms of Han
characters that PDF copy-paste and input methods produce (Kangxi radicals, CJK radicals
supplement, CJK strokes, compatibility ideographs, enclosed and squared CJK: folded to the unified
ideograph, NFKC where Unicode gives a decomposition, Unicode's Equivalent_Unified_Ideograph
otherwise), traditional and simplified characters (OpenCC's t2s, character by character). The
one mark kept is the slash (also the full-width one), which separates the parts of paths and of
索引号: without it `a/b-c` and `a/bc-report` would run together.

`normalize` is one pass over a table built once per process; the table maps every character of
the Basic Multilingual Plane (identity included), because a character the table lacks costs
CPython's `str.translate` a raised and cleared LookupError. A short or ASCII text goes through
`str.translate` (its ASCII path is quick); a longer one, such as a page the leak scan reads, as an
array of code points through the same table laid out as one array (numpy), which is about four
times faster on the pages of a build; both give the same text (a property test compares them).
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterable
from typing import Any

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SENTENCE_RE = re.compile(r"[。！？；!?;\n]+")
# Markdown a reader never sees: link and image targets, reference definitions, HTML tags
_LINK_TARGET_RE = re.compile(r"\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_REF_DEF_RE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]*>")
MIN_SENTENCE_HAN = 8  # a sentence shorter than this is too common to be a fingerprint

# Ruby annotations (pinyin above a character): a reader sees the base text, not the <rt> as text
# of the line. An <rt> or <rp> may omit its end tag (HTML), ending at the next one or at </ruby>.
_RUBY_RE = re.compile(
    r"<(rt|rp)\b[^<>]*>.*?(?:</\1\s*>|(?=<rt\b|<rp\b|</ruby\s*>))", re.IGNORECASE | re.DOTALL
)
# an element hidden by an inline style or the `hidden` attribute: its content is not seen.
# Candidates are found by these words (one fast scan), then their tag's attributes are read.
_HIDING_WORD_RE = re.compile(r"hidden|none|font-size")  # searched in a lower-case copy
_TAG_NAME_RE = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b")
_RUBY_START_RE = re.compile(r"<r[tp]\b", re.IGNORECASE)
_ATTRIBUTE_RE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_HIDING_STYLE_RE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)"
    r"|font-size\s*:\s*[0.]*(?:px|pt|em|rem|%|vw|vh)?\s*(?:!important)?\s*(?:;|$))",
    re.IGNORECASE,
)

_RANGES = ((0, 0x30000), (0xE0000, 0xE1000))
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))
# Han forms that a reader takes for the unified ideograph: Kangxi radicals, CJK compatibility
# ideographs, enclosed and squared CJK (their NFKC decomposition); CJK radicals supplement and
# strokes that have no decomposition come from _EQUIVALENT below.
_NFKC_RANGES = ((0x2E80, 0x2FE0), (0x3200, 0x3400), (0xF900, 0xFB00), (0x2F800, 0x2FA20))
# Unicode's EquivalentUnifiedIdeograph.txt (UCD), for the characters NFKC leaves alone:
# "radical:ideograph" in hex, one pair per entry, a range written "first-last".
_EQUIVALENT = (
    "2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E87:20628 2E88:5200 2E89:5202 "
    "2E8A:535C 2E8B:353E 2E8C-2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 2E91:21BC2 2E92:5DF3 "
    "2E93:5E7A 2E94:5F51 2E95:5F50 2E96:5FC4 2E97:5FC3 2E98:624C 2E99:6535 2E9B:65E1 2E9C:65E5 "
    "2E9D:6708 2E9E:6B7A 2E9F:6BCD 2EA0:6C11 2EA1:6C35 2EA2:6C3A 2EA3:706C 2EA4-2EA5:722B "
    "2EA6:4E2C 2EA7:725B 2EA8:72AD 2EA9:738B 2EAA:24D14 2EAB:76EE 2EAC:793A 2EAD:793B "
    "2EAE:25AD7 2EAF:7CF9 2EB0:7E9F 2EB1:7F53 2EB2:7F52 2EB3:34C1 2EB4:5197 2EB5:2626B "
    "2EB6:7F8A 2EB7:2634C 2EB8:2634B 2EB9:8002 2EBA:8080 2EBB:807F 2EBC:8089 2EBD:26951 "
    "2EBE-2EC0:8279 2EC1:864E 2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC6:89D2 2EC7:278B2 "
    "2EC8:8BA0 2EC9:8D1D 2ECA:27FB7 2ECB:8F66 2ECC-2ECE:8FB6 2ECF:9091 2ED0:9485 2ED1:9577 "
    "2ED2:9578 2ED3:957F 2ED4:95E8 2ED5:28E0F 2ED6:961D 2ED7:96E8 2ED8:9752 2ED9:97E6 "
    "2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF 2EDE:2967F 2EDF:98E0 2EE0:9963 2EE1:29810 "
    "2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 2EE8:9EA6 2EE9:9EC4 "
    "2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC 2EF0:9F99 2EF1:9F9C "
    "2EF2:4E80 2EF3:9F9F 31C6:200CC 31CF:4E40 31D0:4E00 31D1:4E28 31D2-31D3:4E3F 31D4:4E36 "
    "31D5:200CD 31D6:4E5B 31D7:200CA 31D8:200CE 31D9:2010C 31DA:4E85 31DB:21FE8 31DC:200CB "
    "31DD:4E40 31DE:200D1 31DF:4E5A 31E0:4E59 31E1:2010E"
)
# Default_Ignorable_Code_Point (DerivedCoreProperties.txt) that are not format or control
# characters (those go by category): fillers, free variation selectors, reserved ranges
_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2065, 0x2065),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_IDENTITY_BELOW = 0x10000  # characters the table maps to themselves explicitly (see docstring)


def _traditional_to_simplified() -> dict[int, str]:
    """One-character traditional -> simplified map from OpenCC's t2s conversion."""
    import opencc  # noqa: PLC0415 - loaded once, on the first comparison

    chars = [chr(c) for start, end in _CJK_RANGES for c in range(start, end)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a converter that merged lines
        return {}
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


def _equivalents() -> dict[int, str]:
    out: dict[int, str] = {}
    for pair in _EQUIVALENT.split():
        source, target = pair.split(":")
        first, _, last = source.partition("-")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            out[code] = chr(int(target, 16))
    return out


def _ignorable(code: int) -> bool:
    return any(first <= code <= last for first, last in _IGNORABLE)


def _base(code: int, char: str) -> str | int | None:
    """What one character becomes, before Han folding; the code itself when it stays."""
    category = unicodedata.category(char)
    if char == "/":
        return code
    if 0xFF01 <= code <= 0xFF5E:  # full-width forms of ASCII
        ascii_char = chr(code - 0xFEE0)
        keep = ascii_char.isalnum() or ascii_char == "/"
        return ascii_char.casefold() if keep else None
    if category[0] in "PSZ" or category in ("Cf", "Cc", "Mn", "Me") or char.isspace():
        return None  # marks between characters too: a reader sees the same letters
    if _ignorable(code):
        return None
    if category == "Nd" and code > 0x7F:
        return str(unicodedata.decimal(char))
    folded = char.casefold()
    return folded if folded != char else code


# what `_bases` leaves to `_base`: the slash and the full-width forms of ASCII
_SPECIAL = frozenset({ord("/"), *range(0xFF01, 0xFF5F)})
_DROPPED = frozenset({"Cf", "Cc", "Mn", "Me"})


def _bases(start: int, end: int, table: dict[int, str | int | None]) -> None:
    """`table[code] = _base(code, chr(code))` for every code from `start` to `end`, the same
    values in about a third of the time (a build's scan process makes the table every time)."""
    category, decimal = unicodedata.category, unicodedata.decimal
    ignorable = frozenset(c for first, last in _IGNORABLE for c in range(first, last + 1))
    special, dropped = _SPECIAL, _DROPPED
    for code in range(start, end):
        char = chr(code)
        if code in special:
            table[code] = _base(code, char)
            continue
        kind = category(char)
        if kind[0] in "PSZ" or kind in dropped or code in ignorable or char.isspace():
            table[code] = None
        elif kind == "Nd" and code > 0x7F:
            table[code] = str(decimal(char))
        else:
            folded = char.casefold()
            table[code] = folded if folded != char else code


_TABLE: dict[int, str | int | None] = {}


def _table() -> dict[int, str | int | None]:
    """The translation table of `normalize`, built once per process (about half a second), or
    the one `install_table` put in."""
    if not _TABLE:
        _TABLE.update(build_table())
    return _TABLE


def built() -> dict[int, str | int | None] | None:
    """The table, when this process has it already (to hand to a worker process); else None."""
    return _TABLE or None


def install_table(table: dict[int, str | int | None]) -> None:
    """Use `table`, a table `build_table` made with this module's code and the same Unicode and
    OpenCC data (the build cache keeps one: disclosure_portal/cache.py), instead of building it."""
    if not _TABLE:
        _TABLE.update(table)


def build_table() -> dict[int, str | int | None]:
    """The translation table of `normalize`, built from Unicode's and OpenCC's data."""
    table: dict[int, str | int | None] = {}
    for start, end in _RANGES:
        _bases(start, end, table)
    for code, simple in _traditional_to_simplified().items():
        if table.get(code) == code:
            table[code] = simple
    # radical and compatibility forms: to the unified ideograph, then through the table
    # (a Kangxi radical 門 becomes 门, a parenthesised ㈠ becomes 一)
    forms = _equivalents()
    for start, end in _NFKC_RANGES:
        for code in range(start, end):
            nfkc = unicodedata.normalize("NFKC", chr(code))
            if code not in forms and nfkc != chr(code):
                forms[code] = nfkc
    for code, target in forms.items():
        table[code] = "".join(_apply(table, c) for c in target)
    # keep the table small above the BMP: only what changes
    return {code: value for code, value in table.items() if code < _IDENTITY_BELOW or value != code}


def _apply(table: dict[int, str | int | None], char: str) -> str:
    value = table.get(ord(char), ord(char))
    if value is None:
        return ""
    return chr(value) if isinstance(value, int) else value


# A text of at least this many characters that is not ASCII is translated as an array: below it,
# the array's fixed cost (about 7 microseconds a call) is more than what it saves
ARRAY_FROM = 256
_DROP = 0xFFFFFFFF  # the array's value for a character the table drops
_SEVERAL = 0xFFFFFFFE  # for a character that becomes several (ß, ㎡, ㍻), looked up one by one
_CODE_POINTS = 0x110000
# a longer text (an attachment's) goes through in pieces of this many characters: about 13 bytes
# a character are held while a piece is translated (its code points, their translation, the mask)
_PIECE = 1 << 20
_ARRAY: list[Any] = []  # [numpy, the table as an array, {code: its characters}], once built
_ARRAY_LOCK = threading.Lock()


def normalize(text: str) -> str:
    """The comparison form of `text`: letters, digits (Han included) and slashes only, folded as
    the module docstring says, in one pass. Fingerprints, public sources and output all go
    through this."""
    if len(text) < ARRAY_FROM or text.isascii():
        return text.translate(_TABLE or _table())
    return _translated(text)


def _array_table() -> list[Any]:
    """The table as one array of 0x110000 code points (what each character becomes; _DROP,
    _SEVERAL), built from `_table()` once per process (about 20 ms), and the characters that
    become several."""
    if not _ARRAY:
        with _ARRAY_LOCK:
            if not _ARRAY:
                import numpy as np  # noqa: PLC0415 - only a process that reads long texts

                table = _TABLE or _table()
                array = np.arange(_CODE_POINTS, dtype="<u4")
                several: dict[int, str] = {}
                for code, value in table.items():
                    if value is None or value == "":
                        array[code] = _DROP
                    elif isinstance(value, int):
                        array[code] = value
                    elif len(value) == 1:
                        array[code] = ord(value)
                    else:
                        array[code] = _SEVERAL
                        several[code] = value
                _ARRAY[:] = [np, array, several]
    return _ARRAY


def _translated(text: str) -> str:
    """`text.translate(_table())`, computed on the array of its code points (lone surrogates
    included: they pass through as the table says)."""
    if len(text) > _PIECE:  # each character is translated on its own: pieces join up
        return "".join(_translated(text[at : at + _PIECE]) for at in range(0, len(text), _PIECE))
    np, array, several = _array_table()
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    out = array[codes]
    split = np.flatnonzero(out == _SEVERAL)
    if not split.size:
        return _kept(out)
    parts, start = [], 0
    for at in split.tolist():
        parts.append(_kept(out[start:at]))
        parts.append(several[int(codes[at])])
        start = at + 1
    parts.append(_kept(out[start:]))
    return "".join(parts)


def _kept(out: Any) -> str:
    """The characters of the translated array `out` that the table does not drop, as text."""
    return out[out != _DROP].tobytes().decode("utf-32-le", "surrogatepass")


def drop_unseen(markup: str) -> str:
    """HTML (or Markdown with HTML in it) without what a reader does not see as text of the
    line: ruby annotations (<rt>, <rp>) and elements hidden by an inline style (display:none,
    visibility:hidden, font-size:0) or the `hidden` attribute, with their content."""
    if "<" not in markup:
        return markup
    if _RUBY_START_RE.search(markup):
        markup = _RUBY_RE.sub("", markup)
    lower = markup.lower()
    if len(lower) != len(markup):  # a character whose lower case is longer: positions differ
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in markup)
    out, pos = [], 0
    for m in _HIDING_WORD_RE.finditer(lower):
        if m.start() < pos:
            continue  # inside an element already dropped
        start = markup.rfind("<", pos, m.start())
        if start < 0 or markup.find(">", start, m.start()) >= 0:
            continue  # the word is text, not inside a tag
        end = markup.find(">", m.end())
        tag = _TAG_NAME_RE.match(markup, start)
        if end < 0 or tag is None or not _hides(markup[tag.end() : end]):
            continue
        out.append(markup[pos:start])
        pos = _element_end(markup, tag.group(1), end + 1)
    out.append(markup[pos:])
    return "".join(out)


def _hides(attributes: str) -> bool:
    for m in _ATTRIBUTE_RE.finditer(attributes):
        name = m.group(1).lower()
        value = m.group(2) or m.group(3) or m.group(4) or ""
        if name == "hidden" or (name == "style" and _HIDING_STYLE_RE.search(value)):
            return True
    return False


def _element_end(markup: str, name: str, start: int) -> int:
    """Where the element `name` opened just before `start` ends (after its matching end tag;
    the end of the text when it is never closed)."""
    pattern = re.compile(rf"<(/?){re.escape(name)}\b[^<>]*?(/?)>", re.IGNORECASE)
    depth = 1
    for m in pattern.finditer(markup, start):
        if m.group(1):
            depth -= 1
        elif not m.group(2):
            depth += 1
        if depth == 0:
            return m.end()
    return len(markup)


def markdown_text(text: str) -> str:
    """What a reader sees of Markdown: without link and image targets, reference definitions,
    HTML tags and what they hide (drop_unseen), with character references decoded (the
    brackets and emphasis marks go in `normalize`)."""
    text = _REF_DEF_RE.sub("", text)
    text = _LINK_TARGET_RE.sub("]", text)
    text = _TAG_RE.sub(" ", drop_unseen(text))
    return html.unescape(text) if "&" in text else text


def sentences(text: str, minimum_han: int = MIN_SENTENCE_HAN) -> Iterable[tuple[str, str]]:
    """(normalized, as written) for each sentence of `text` with at least `minimum_han` Han
    characters; sentences end at 。！？； ! ? ; and line breaks."""
    for part in _SENTENCE_RE.split(text):
        if len(_HAN_RE.findall(part)) >= minimum_han:
            norm = normalize(part)
            if norm:
                yield norm, part.strip()


def has_han(text: str) -> bool:
    """Whether `text` holds a Han character."""
    return _HAN_RE.search(text) is not None
