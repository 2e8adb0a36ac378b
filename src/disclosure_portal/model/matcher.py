"""One Aho-Corasick automaton of texts in the comparison form, for every search of many texts
in much text: the leak scan over the output (verify/fingerprints.py, verify/leakcheck.py) and
the first wall's search of withheld material in public places (rules/withheld.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ahocorasick_rs


class Matcher:
    """Fingerprint texts (comparison form) in one Aho-Corasick automaton, each with its value.

    ahocorasick-rs compiles the automaton in Rust and scans a page that holds none of the texts
    about ten times faster than pyahocorasick (measured on the benchmark's pages: 1.17 s against
    0.10 s for 1,600 page forms); the scan of every output file is the bulk of the leak check's
    time. Every occurrence is reported, overlapping ones included (MatchKind.Standard), as
    pyahocorasick's `iter` does: (index of the last character, value).

    Texts and patterns are searched as UTF-8 bytes with lone surrogates kept (`surrogatepass`):
    decoded output can hold them (a JSON `\\ud800` escape), and a str automaton refuses them.
    The encoding is injective and self-synchronising, so a match of a pattern's bytes is a match
    of its characters."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self._texts = list(entries)
        self._values = [entries[text] for text in self._texts]
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            [_bytes(text) for text in self._texts], matchkind=ahocorasick_rs.MatchKind.Standard
        )

    def iter(self, text: str) -> Iterator[tuple[int, Any]]:
        data = _bytes(text)
        values = self._values
        # positions in characters, counted on from the previous match (matches come by their
        # end, and every end is a character boundary): one pass however many matches a page has
        done_bytes = done_chars = 0
        for index, _start, end in self._automaton.find_matches_as_indexes(data, overlapping=True):
            if end < done_bytes:
                done_bytes = done_chars = 0
            done_chars += len(data[done_bytes:end].decode("utf-8", "surrogatepass"))
            done_bytes = end
            yield done_chars - 1, values[index]

    def keys(self) -> Iterator[str]:
        return iter(self._texts)

    def items(self) -> Iterator[tuple[str, Any]]:
        return zip(self._texts, self._values, strict=True)

    def __len__(self) -> int:
        return len(self._texts)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled as its entries, compiled again
        return (Matcher, (dict(self.items()),))


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


__all__ = ["Matcher"]
