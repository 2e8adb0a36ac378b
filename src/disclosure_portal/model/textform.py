"""THE comparison form of text: one function for leak fingerprints, the public sources they are
compared with, and the built output they are searched in.

Two texts that a reader would take for the same words compare equal in this form, whatever the
writing: Markdown or HTML markup, punctuation and brackets (〔2020〕, [2020], (2020)), spaces and
line breaks, invisible format characters (U+200B that Chinese word segmentation inserts, U+200E,
U+2061, U+FEFF, the soft hyphen, the combining grapheme joiner, variation selectors), full-width
letters and digits, other decimal digits, upper and lower case, traditional and simplified
characters (OpenCC's t2s, character by character). The one mark kept is the slash (also the
full-width one), which separates the parts of paths and of 索引号: without it `a/b-c` and
`a/bc-report` would run together.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SENTENCE_RE = re.compile(r"[。！？；!?;\n]+")
# Markdown a reader never sees: link and image targets, reference definitions, HTML tags
_LINK_TARGET_RE = re.compile(r"\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_REF_DEF_RE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.MULTILINE)
_TAG_RE = re.compile(r"<[A-Za-z/!?][^<>]*>")
MIN_SENTENCE_HAN = 8  # a sentence shorter than this is too common to be a fingerprint

_RANGES = ((0, 0x30000), (0xE0000, 0xE0080), (0xE0100, 0xE01F0))
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2A6E0))


def _traditional_to_simplified() -> dict[int, str]:
    """One-character traditional -> simplified map from OpenCC's t2s conversion."""
    import opencc  # noqa: PLC0415 - loaded once, on the first comparison

    chars = [chr(c) for start, end in _CJK_RANGES for c in range(start, end)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a converter that merged lines
        return {}
    return {ord(a): b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=1)
def _table() -> dict[int, str | None]:
    """The translation table of `normalize`, built once per process (about 0.1 s)."""
    table: dict[int, str | None] = {}
    for start, end in _RANGES:
        for code in range(start, end):
            char = chr(code)
            category = unicodedata.category(char)
            if char == "/":
                continue
            if 0xFF01 <= code <= 0xFF5E:  # full-width forms of ASCII
                ascii_char = chr(code - 0xFEE0)
                keep = ascii_char.isalnum() or ascii_char == "/"
                table[code] = ascii_char.casefold() if keep else None
            elif category[0] in "PSZ" or category in ("Cf", "Cc") or char.isspace():
                table[code] = None
            elif code == 0x034F or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
                table[code] = None  # combining grapheme joiner, variation selectors
            elif category == "Nd" and code > 0x7F:
                table[code] = str(unicodedata.decimal(char))
    for code, simple in _traditional_to_simplified().items():
        table.setdefault(code, simple)
    return table


def normalize(text: str) -> str:
    """The comparison form of `text`: letters, digits (Han included) and slashes only, folded as
    the module docstring says. Fingerprints, public sources and output all go through this."""
    return text.translate(_table()).casefold()


def markdown_text(text: str) -> str:
    """What a reader sees of Markdown: without link and image targets, reference definitions
    and HTML tags (the brackets and emphasis marks go in `normalize`)."""
    text = _REF_DEF_RE.sub("", text)
    text = _LINK_TARGET_RE.sub("]", text)
    return _TAG_RE.sub(" ", text)


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
