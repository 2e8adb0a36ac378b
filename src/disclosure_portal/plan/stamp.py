"""The build stamp's placeholders: the values that change from build to build (the date, the
commit) are rendered as placeholders and put in as each page is written. A module of its own, with
nothing of the planner: the leak scan's process stamps stored pages with it and imports only what
it needs (importing the planner took that process about a third of a second per build)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# The stamp's values that change from build to build (the date, the commit) are rendered as these
# placeholders, and put in as each page is written (`with_stamp`): a page's rendering, and the
# leak scan's verdict on it, then hold for every build date and commit. They are plain letters,
# digits and hyphens, which escaping leaves alone; a value that is empty stays empty (a template
# that tests it renders the same).
STAMP_TOKENS = {"date": "portal-stamp-date-x7q2k9", "commit": "portal-stamp-commit-x7q2k9"}
_SAFE_VALUE_RE = re.compile(r"[0-9A-Za-z.+_-]*")
_TOKEN_PREFIX = "portal-stamp-"  # every placeholder starts so (found with str.find, fast)
if not all(t.startswith(_TOKEN_PREFIX) for t in STAMP_TOKENS.values()):  # pragma: no cover
    raise RuntimeError("every stamp placeholder must start with portal-stamp-")
_TOKENS_BYTES = tuple(t.encode("ascii") for t in STAMP_TOKENS.values())
# a page's bytes ahead of the first of these are the same stamped or not (verify/scanner.py)
STAMP_MARK = _TOKEN_PREFIX.encode("ascii")
_SURROGATE_RE = re.compile(rb"\xed[\xa0-\xbf]")  # a lone surrogate, as surrogatepass stores it


def _placeholders(text: Any, prefix: Any, tokens: Iterable[Any]) -> Iterable[tuple[int, Any]]:
    """(position, placeholder) of every placeholder in `text` (str, or bytes with `prefix` and
    `tokens` as bytes), from left to right, none overlapping another."""
    tokens = tuple(tokens)
    start = text.find(prefix)
    while start >= 0:
        token = next((t for t in tokens if text.startswith(t, start)), None)
        if token is None:
            start = text.find(prefix, start + 1)
            continue
        yield start, token
        start = text.find(prefix, start + len(token))


def stamp_placeholders(real: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(the stamp pages are rendered with, placeholder -> value to put in). A value with a
    character other than letters, digits and `.+_-` is rendered as it is (pages rendered with it
    are cached for that value only)."""
    shown, values = dict(real), {}
    for name, token in STAMP_TOKENS.items():
        value = real.get(name, "")
        if value and _SAFE_VALUE_RE.fullmatch(value):
            shown[name] = token
            values[token] = value
    return shown, values


def with_stamp(output: str, values: Mapping[str, str]) -> tuple[str, list[tuple[int, int]]]:
    """`output` with the stamp's placeholders replaced by their values (`stamp_placeholders`),
    and the spans of the values put in. One pass from left to right: a value put in is never
    searched again."""
    if not values:
        return output, []
    parts, spans, last, size = [], [], 0, 0
    for start, token in _placeholders(output, _TOKEN_PREFIX, STAMP_TOKENS.values()):
        value = values.get(token)
        if value is None:
            continue
        parts.append(output[last:start])
        size += start - last
        parts.append(value)
        spans.append((size, size + len(value)))
        size += len(value)
        last = start + len(token)
    if not spans:
        return output, []
    parts.append(output[last:])
    return "".join(parts), spans


def stamped_text(
    payload: bytes, values: Mapping[str, str]
) -> tuple[bytes, str, list[tuple[int, int]]] | None:
    """For a page stored as `payload` (see `stamped_bytes`): the bytes written (exactly
    `stamped_bytes`), the same as text, and the spans of the values put in (exactly `with_stamp`
    of the payload decoded): the text is decoded piece by piece around the placeholders (ASCII:
    never inside a character), so the page is neither searched as text nor encoded again. None
    when the payload holds a lone surrogate or is not UTF-8 (`with_stamp` then)."""
    found = stamped_tail(payload, values, len(payload))  # the whole text
    if found is None:
        return None
    final, text, spans, _ = found
    if spans:
        return final, text, spans
    try:
        return payload, payload.decode("utf-8"), []
    except UnicodeDecodeError:
        return None


def stamped_tail(
    payload: bytes, values: Mapping[str, str], before: int
) -> tuple[bytes, str, list[tuple[int, int]], bool] | None:
    """`stamped_text` with only the end of the text decoded: from about `before` bytes ahead of
    the first value put in (the stamp's one line is at the end of a page's footer), or from the
    page's start when that is nearer. (The bytes written, that text, the spans of the values in
    it, whether it is the whole text.) None as for `stamped_text`; a page whose payload is not
    UTF-8 ahead of that point is written as the engine writes it (every character put in is
    ASCII, and only the text around it is searched again, see leakcheck.scan_tail_window)."""
    if b"\xed" in payload and _SURROGATE_RE.search(payload):
        return None
    prefix = _TOKEN_PREFIX.encode("ascii")
    places = []
    for start, token in _placeholders(payload, prefix, _TOKENS_BYTES) if values else ():
        value = values.get(token.decode("ascii"))
        if value is not None:
            places.append((start, len(token), value))
    if not places:
        return payload, "", [], False
    cut = max(0, places[0][0] - before)
    while cut and 0x80 <= payload[cut] < 0xC0:  # to the first byte of a character
        cut += 1
    data: list[bytes] = [payload[:cut]]
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    last, size = cut, 0
    try:
        for start, length, value in places:
            piece = payload[last:start].decode("utf-8")
            text += [piece, value]
            data += [payload[last:start], value.encode("ascii")]
            size += len(piece)
            spans.append((size, size + len(value)))
            size += len(value)
            last = start + length
        text.append(payload[last:].decode("utf-8"))
    except UnicodeDecodeError:
        return None
    data.append(payload[last:])
    return b"".join(data), "".join(text), spans, cut == 0


def stamped_bytes(payload: bytes, values: Mapping[str, str]) -> bytes:
    """The bytes the engine writes for a page whose output with placeholders is `payload`
    (UTF-8, lone surrogates kept, as the build cache stores it): `with_stamp`, encoded as MkDocs
    encodes a page. The values are ASCII, so without a lone surrogate this is done on the bytes
    themselves, without decoding the page."""
    if b"\xed" in payload and _SURROGATE_RE.search(payload):
        text = with_stamp(payload.decode("utf-8", "surrogatepass"), values)[0]
        return text.encode("utf-8", errors="xmlcharrefreplace")
    parts, last = [], 0
    prefix = _TOKEN_PREFIX.encode("ascii")
    for start, token in _placeholders(payload, prefix, _TOKENS_BYTES) if values else ():
        value = values.get(token.decode("ascii"))
        if value is not None:
            parts += [payload[last:start], value.encode("ascii")]
            last = start + len(token)
    if not parts:
        return payload
    parts.append(payload[last:])
    return b"".join(parts)
