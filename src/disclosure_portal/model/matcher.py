"""One Aho-Corasick automaton of texts in the comparison form, for every search of many texts
in much text: the leak scan over the output (verify/fingerprints.py, verify/leakcheck.py) and
the first wall's search of withheld material in public places (rules/withheld.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ahocorasick_rs

# characters of each text the automaton holds (fingerprints are up to ~70; 16 keeps them apart:
# at most 18 of 26,000 began alike on the benchmark's corpus, and compiling took 0.7 s, not 1.9 s)
HEAD = 16


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
    of its characters.

    The automaton holds each text's first HEAD characters, not the whole text: every occurrence
    of a text is an occurrence of its head at the same start, where the texts that begin so are
    compared whole (bytes.startswith), and the position of a text's end is its head's plus the
    characters after the head. Compiling is linear in the bytes held: the fingerprints of the
    benchmark's 10,000 documents (26,000 texts, 2.9 MB) compiled in 0.65 s instead of 2.0 s, in
    the scan's process and in the first wall's withheld check of every build."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self._texts = list(entries)
        self._values = [entries[text] for text in self._texts]
        # the automaton holds each text's first HEAD characters only: the texts that begin so
        # are compared whole where it finds them (compiling is linear in the bytes it holds)
        heads: dict[bytes, int] = {}
        self._rests: list[list[tuple[bytes | None, int, Any]]] = []
        for text, value in zip(self._texts, self._values, strict=True):
            head = _bytes(text[:HEAD])
            if (k := heads.get(head)) is None:
                k = heads[head] = len(self._rests)
                self._rests.append([])
            whole = _bytes(text) if len(text) > HEAD else None  # None: the head is all of it
            self._rests[k].append((whole, len(text) - min(len(text), HEAD), value))
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            list(heads), matchkind=ahocorasick_rs.MatchKind.Standard
        )

    def iter(self, text: str) -> Iterator[tuple[int, Any]]:
        data = _bytes(text)
        rests = self._rests
        # positions in characters, counted on from the previous match (matches come by their
        # end, and every end is a character boundary): one pass however many matches a page has
        done_bytes = done_chars = 0
        for index, start, end in self._automaton.find_matches_as_indexes(data, overlapping=True):
            if end < done_bytes:
                done_bytes = done_chars = 0
            done_chars += len(data[done_bytes:end].decode("utf-8", "surrogatepass"))
            done_bytes = end
            for whole, more, value in rests[index]:  # the texts that begin with this head
                if whole is None or data.startswith(whole, start):
                    yield done_chars - 1 + more, value

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
